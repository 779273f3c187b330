"""Fetch the pinned real-world corpus on demand, outside the repository.

Usage: python benchmarks/corpus.py [--package NAME]... [--list]

Each package of `benchmarks/corpus.toml` is downloaded once as a wheel with
`pip download --no-deps --only-binary=:all: NAME==VERSION` and unpacked into
`CACHE/<name>-<version>/`, where CACHE is `$VENDORLOCK_CORPUS_DIR` or
`~/.cache/vendorlock-corpus`. The wheel's sha256 is recorded in `CACHE/corpus.lock.json` on
first download and checked on every later run, so a changed upload or a corrupted cache is
an error, never a silent change of the benchmark's input. A second run downloads nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CORPUS_FILE = Path(__file__).with_name("corpus.toml")
LOCK_NAME = "corpus.lock.json"
# Written last inside an unpacked tree: its presence (with the right hash) means complete.
COMPLETE_MARKER = ".vendorlock-corpus-complete"


class CorpusError(Exception):
    """The corpus could not be fetched, or a wheel does not match its recorded hash."""


@dataclass(frozen=True)
class Package:
    """One pinned package of the corpus."""

    name: str
    version: str
    role: str
    note: str

    @property
    def pin(self) -> str:
        return f"{self.name}=={self.version}"

    @property
    def dirname(self) -> str:
        return f"{self.name}-{self.version}"


def load_corpus(path: Path = CORPUS_FILE) -> tuple[Package, ...]:
    """The packages of the corpus definition, in file order."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(
        Package(str(p["name"]), str(p["version"]), str(p["role"]), str(p["note"]))
        for p in data["package"]
    )


def select(packages: Sequence[Package], names: Iterable[str]) -> tuple[Package, ...]:
    """The packages whose name (or `name==version` pin) is in `names`; all when it is empty."""
    wanted = set(names)
    if not wanted:
        return tuple(packages)
    chosen = tuple(p for p in packages if p.name in wanted or p.pin in wanted)
    unknown = wanted - {p.name for p in chosen} - {p.pin for p in chosen}
    if unknown:
        raise CorpusError(f"not in the corpus: {', '.join(sorted(unknown))}")
    return chosen


def cache_dir() -> Path:
    """Where wheels and unpacked trees live: never inside the repository."""
    configured = os.environ.get("VENDORLOCK_CORPUS_DIR")
    if configured:
        return Path(configured).expanduser().resolve()
    return Path.home() / ".cache" / "vendorlock-corpus"


def ensure(package: Package, cache: Path) -> Path:
    """The unpacked tree of `package`, downloading and unpacking it first if needed."""
    wheel = _wheel(package, cache)
    digest = _sha256(wheel)
    _check_lock(package, wheel, digest, cache)
    target = cache / package.dirname
    marker = target / COMPLETE_MARKER
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == digest:
        return target
    _unpack(wheel, target, digest)
    return target


def count_lines(root: Path) -> tuple[int, int]:
    """Number of `.py` files below `root` and their newline count (as `wc -l`)."""
    files = lines = 0
    for path in root.rglob("*.py"):
        files += 1
        lines += path.read_bytes().count(b"\n")
    return files, lines


def ensure_all(packages: Iterable[Package], cache: Path | None = None) -> list[Path]:
    """Unpacked trees of `packages`, in order."""
    root = cache or cache_dir()
    return [ensure(package, root) for package in packages]


def _wheel(package: Package, cache: Path) -> Path:
    folder = cache / "wheels" / package.dirname
    found = sorted(folder.glob("*.whl"))
    if not found:
        _download(package, folder)
        found = sorted(folder.glob("*.whl"))
    if len(found) != 1:
        raise CorpusError(f"{package.pin}: expected one wheel in {folder}, found {len(found)}")
    return found[0]


def _download(package: Package, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
        "--only-binary=:all:", package.pin, "-d", str(folder),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CorpusError(f"{package.pin}: pip download failed: {result.stderr.strip()}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_lock(package: Package, wheel: Path, digest: str, cache: Path) -> None:
    lock_path = cache / LOCK_NAME
    lock: dict[str, dict[str, str]] = {}
    if lock_path.is_file():
        lock = json.loads(lock_path.read_text(encoding="utf-8"))
    recorded = lock.get(package.pin)
    if recorded is not None:
        if recorded["sha256"] != digest:
            raise CorpusError(
                f"{package.pin}: {wheel.name} has sha256 {digest}, but {lock_path} recorded "
                f"{recorded['sha256']}; to accept a new upload, delete {wheel.parent} and the "
                f"{package.pin} entry of the lock file"
            )
        return
    lock[package.pin] = {"wheel": wheel.name, "sha256": digest}
    _write_atomic(lock_path, json.dumps(lock, indent=2, sort_keys=True) + "\n")


def _unpack(wheel: Path, target: Path, digest: str) -> None:
    staging = target.with_name(f".{target.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(staging)
    (staging / COMPLETE_MARKER).write_text(digest + "\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


def _write_atomic(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--package", action="append", default=[], metavar="NAME")
    parser.add_argument("--list", action="store_true", help="print the corpus and exit")
    args = parser.parse_args(argv)
    try:
        packages = select(load_corpus(), args.package)
        if args.list:
            for package in packages:
                print(f"{package.pin:45} {package.role:9} {package.note}")
            return 0
        cache = cache_dir()
        for package, path in zip(packages, ensure_all(packages, cache), strict=True):
            print(f"{package.pin:45} {path}")
    except CorpusError as error:
        print(f"corpus: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
