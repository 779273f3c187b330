"""The per-file result cache: a re-scan of an unchanged tree parses nothing.

One file per scanned root and analysis build, holding for each analysed file
the digest of its bytes and what the analysis produced (or the diagnostic it
ended in). An entry is reused only when the file's bytes are unchanged and the
exports of every module its analysis read are what they were (the engine
checks that: see engine.py).

Trust: a cache is data, never code. It is read with an unpickler that can
build only vendorlock's own value types and a few builtins, and it carries a
digest of its payload, so a truncated, corrupt, tampered-with or foreign file
is ignored (and rebuilt), never believed.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import io
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from vendorlock.auditor.framed import read_framed, write_framed
from vendorlock.auditor.gc_pause import gc_paused
from vendorlock.model import Diagnostic

if TYPE_CHECKING:
    # Only named here: the unpickler imports the analysis types when an entry is loaded,
    # and a scan answered from the report memo never loads one (nor libcst).
    from vendorlock.auditor.analyze import FileAnalysis

_ANALYSIS_SOURCES = Path(__file__).parent
# What a cached entry may be built from: vendorlock's own types and plain data.
_SAFE_BUILTINS = frozenset(
    {"dict", "frozenset", "list", "set", "tuple", "str", "int", "float", "bool", "bytes"}
)


@dataclass(frozen=True)
class CachedFile:
    """What one file's analysis gave, keyed by the digest of its bytes."""

    digest: str
    analysis: FileAnalysis | None
    diagnostic: Diagnostic | None = None
    likely_imports: frozenset[str] | None = None  # what scheduling read from its import lines


@dataclass
class CacheContents:
    """Everything cached for one scan root."""

    layout: str  # digest of the project's module names: they decide what imports mean
    files: dict[str, CachedFile] = field(default_factory=dict)


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def layout_digest(modules: frozenset[str], packages: frozenset[str]) -> str:
    text = "\n".join(sorted(modules)) + "\0" + "\n".join(sorted(packages))
    return content_digest(text.encode())


@functools.cache
def analysis_build() -> str:
    """A digest of the analysis code and catalogues: a different build never reuses entries.

    The version number alone would not do: an edited catalogue or a development
    build between releases changes results under the same version.
    """
    digest = hashlib.blake2b(digest_size=16)
    digest.update(sys.version.encode())
    for path in sorted(_ANALYSIS_SOURCES.rglob("*")):
        if path.suffix in {".py", ".toml"}:
            digest.update(path.relative_to(_ANALYSIS_SOURCES).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        # Only classes, named directly: a dotted name could reach any function
        # through a module attribute (`vendorlock.x.os.system`).
        if "." not in name:
            if module == "builtins" and name in _SAFE_BUILTINS:
                return super().find_class(module, name)
            if module == "vendorlock" or module.startswith("vendorlock."):
                found = super().find_class(module, name)
                if _is_plain_data(found):
                    return found
        raise pickle.UnpicklingError(f"refusing to load {module}.{name} from a cache")


def _is_plain_data(found: object) -> bool:
    """A vendorlock dataclass, enum or pydantic model: building one runs no other code.

    Values are pickled as constructor calls (values.py), so a cache names classes
    that will be called; any other class (a runner that forks workers, say) is refused.
    """
    return (
        isinstance(found, type)
        and found.__module__.startswith("vendorlock")
        and (dataclasses.is_dataclass(found) or issubclass(found, (enum.Enum, BaseModel)))
    )


class ResultCache:
    """The cache file of one scan root in `directory`."""

    def __init__(self, directory: Path, root: Path, build: str | None = None) -> None:
        build = build or analysis_build()
        key = content_digest(f"{root.resolve()}\0{build}".encode())
        self.path = directory / f"scan-{key}.cache"

    def load(self, layout: str) -> CacheContents:
        """The cached entries, or none when the file is missing, corrupt or for another layout."""
        payload = read_framed(self.path)
        with gc_paused():
            contents = _decode(payload) if payload is not None else None
        if contents is None or contents.layout != layout:
            return CacheContents(layout)
        return contents

    def store(self, contents: CacheContents) -> None:
        """Write atomically; a cache that cannot be written is skipped, not an error."""
        with gc_paused():
            payload = pickle.dumps(contents, protocol=pickle.HIGHEST_PROTOCOL)
        write_framed(self.path, payload)


def _decode(payload: bytes) -> CacheContents | None:
    try:
        contents = _SafeUnpickler(io.BytesIO(payload)).load()
    except Exception:  # any failure to load means: no cache
        return None
    return contents if isinstance(contents, CacheContents) else None
