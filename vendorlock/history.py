"""`vendorlock history`: the lock-in score of each commit, read from git objects.

The working tree, the index and HEAD are never touched: commits are listed
with `git log` (first parent, so a merged branch counts as one step), each
commit's tree is listed with `git ls-tree -r`, and only the files a scan reads
(`.py`, `.ipynb`, `pyproject.toml`, `.gitignore`) are copied out of the object
store with one `git cat-file --batch` into a temporary directory, which is
scanned and deleted.

Scans are cached by the listing of those files (mode, blob hash, path): a
commit that changes only docs or data reuses the previous scan. The current
configuration applies to every commit, so a change of configuration does not
show up as a jump in the trend.
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vendorlock._version import __version__
from vendorlock.auditor.engine import scan
from vendorlock.config import ScanOptions
from vendorlock.errors import ConfigError, UsageError
from vendorlock.model import History, HistoryPoint, Report, ToolInfo

__all__ = ["DEFAULT_MAX_COUNT", "HistoryQuery", "read_history", "scan_history"]

DEFAULT_MAX_COUNT = 50
"""Commits scanned when `--max-count` is not given: one scan each, so bound the cost."""

_SCANNED_NAMES = frozenset({"pyproject.toml", ".gitignore"})
_SCANNED_SUFFIXES = (".py", ".ipynb")
_BLOB_MODES = frozenset({"100644", "100755"})  # not symlinks (120000) or submodules (160000)
_FIELD = "\x1f"


@dataclass(frozen=True)
class HistoryQuery:
    """Which commits to scan: newest first, at most `max_count`, after `since`."""

    max_count: int = DEFAULT_MAX_COUNT
    since: str | None = None


@dataclass(frozen=True)
class _Commit:
    sha: str
    date: str
    subject: str


@dataclass(frozen=True)
class _Entry:
    mode: str
    sha: str
    path: str


Scanner = Callable[[Path, ScanOptions], Report]


def _scan_directory(path: Path, options: ScanOptions) -> Report:
    return scan([path], options)


def scan_history(
    path: Path, options: ScanOptions, query: HistoryQuery, scanner: Scanner = _scan_directory
) -> History:
    """Scan `path` (a directory in a git work tree) at each selected commit, oldest first."""
    top, prefix = _locate(path)
    commits = _commits(top, query)
    trees = _trees(top, commits, prefix)
    cache: dict[str, Report] = {}
    points = []
    for commit in reversed(commits):  # oldest first, as the trend is read
        tree = trees.get(commit.sha)
        if tree is None:
            continue  # the path did not exist yet at this commit
        entries = _entries(top, tree)
        key = _listing_key(entries)
        if key not in cache:
            cache[key] = _scan_tree(top, entries, options, scanner)
        points.append(_point(commit, tree, cache[key]))
    return History(tool=ToolInfo(version=__version__), path=prefix or ".", points=tuple(points))


def read_history(path: Path) -> History:
    """Read a `vendorlock history --format json` file, for the reports' trend chart."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read history file '{path}': {error}") from None
    try:
        return History.model_validate_json(text)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        first = str(error).splitlines()[0]
        raise ConfigError(
            f"history file '{path}' is not vendorlock history JSON: {first}"
        ) from None


def _run(top: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(top), *args], input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise UsageError("'vendorlock history' needs git, which is not installed") from None


def _git(top: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in `top`; any failure is a usage error naming the git command."""
    done = _run(top, *args, stdin=stdin)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"]
        raise UsageError(f"git {args[0]}: {message[-1]}")
    return done.stdout


def _locate(path: Path) -> tuple[Path, str]:
    """The work tree's top directory, and `path` relative to it (`""` for the top)."""
    if not path.is_dir():
        raise UsageError(
            f"'{path}' is not a directory (history scans a directory of a git repository)"
        )
    lines = _git(path, "rev-parse", "--show-toplevel", "--show-prefix").decode().splitlines()
    top = Path(lines[0])
    prefix = lines[1].rstrip("/") if len(lines) > 1 else ""
    return top, prefix


def _commits(top: Path, query: HistoryQuery) -> list[_Commit]:
    if _run(top, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        raise UsageError(f"the git repository '{top}' has no commits yet")
    args = ["log", "--first-parent", "-z", f"--format=%H{_FIELD}%cI{_FIELD}%s"]
    args.append(f"--max-count={query.max_count}")
    if query.since is not None:
        args.append(f"--since={query.since}")
    output = _git(top, *args, "HEAD", "--").decode("utf-8", "replace")
    commits = []
    for record in filter(None, output.split("\0")):
        sha, date, subject = record.strip("\n").split(_FIELD, 2)
        commits.append(_Commit(sha, date, subject))
    return commits


def _trees(top: Path, commits: Sequence[_Commit], prefix: str) -> dict[str, str]:
    """Each commit's tree at `prefix`, in one `git cat-file --batch-check`."""
    names = [f"{c.sha}:{prefix}" if prefix else f"{c.sha}^{{tree}}" for c in commits]
    if not names:
        return {}
    output = _git(top, "cat-file", "--batch-check", stdin="\n".join(names).encode() + b"\n")
    trees = {}
    for commit, line in zip(commits, output.decode().splitlines(), strict=True):
        fields = line.split()
        if len(fields) == 3 and fields[1] == "tree":
            trees[commit.sha] = fields[0]
    return trees


def _entries(top: Path, tree: str) -> tuple[_Entry, ...]:
    """The files of `tree` a scan reads, paths relative to the tree."""
    entries = []
    for record in filter(None, _git(top, "ls-tree", "-r", "-z", tree).split(b"\0")):
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        path = raw_path.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode in _BLOB_MODES and _scanned(path):
            entries.append(_Entry(mode, sha, path))
    return tuple(entries)


def _scanned(path: str) -> bool:
    name = PurePosixPath(path).name
    return name in _SCANNED_NAMES or name.endswith(_SCANNED_SUFFIXES)


def _listing_key(entries: Sequence[_Entry]) -> str:
    listing = "\n".join(f"{e.mode} {e.sha} {e.path}" for e in entries)
    return hashlib.sha256(listing.encode("utf-8", "surrogateescape")).hexdigest()


def _scan_tree(
    top: Path, entries: Sequence[_Entry], options: ScanOptions, scanner: Scanner
) -> Report:
    with tempfile.TemporaryDirectory(prefix="vendorlock-history-") as temp:
        root = Path(temp) / "tree"
        root.mkdir()
        _extract(top, entries, root)
        return scanner(root, options)


def _extract(top: Path, entries: Sequence[_Entry], root: Path) -> None:
    """Write each entry's blob below `root`, read with one `git cat-file --batch`."""
    if not entries:
        return
    stdin = "".join(f"{entry.sha}\n" for entry in entries).encode()
    output = _git(top, "cat-file", "--batch", stdin=stdin)
    offset = 0
    for entry in entries:
        header_end = output.index(b"\n", offset)
        size = int(output[offset:header_end].split()[2])
        start = header_end + 1
        target = root / entry.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output[start : start + size])
        offset = start + size + 1  # the content is followed by a newline


def _point(commit: _Commit, tree: str, report: Report) -> HistoryPoint:
    summary = report.summary
    return HistoryPoint(
        commit=commit.sha,
        tree=tree,
        date=commit.date,
        subject=commit.subject,
        score=report.score.total if report.score else None,
        grade=report.score.grade if report.score else None,
        findings=summary.findings,
        by_kind=summary.by_kind,
        by_sdk=summary.by_sdk,
        files_scanned=summary.files_scanned,
        files_failed=summary.files_failed,
    )
