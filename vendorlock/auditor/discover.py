"""Find the Python files and notebooks to scan, skipping what git and the user ignore.

The walk uses `os.scandir` with an explicit stack (no recursion limit, no `rglob`), compiles
each `.gitignore` once, and matches only directories and `.py`/`.ipynb` names against the
patterns, so trees of many thousands of files cost little beyond listing them.
"""

from __future__ import annotations

import errno
import heapq
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pathspec import GitIgnoreSpec

from vendorlock.errors import UsageError
from vendorlock.model import Diagnostic, DiagnosticKind

SOURCE_SUFFIXES = (".py", ".ipynb")

# Version-control data, tool caches, virtualenvs, installed packages and build output: none of
# it is the project's own code, and some of it (site-packages, node_modules) dwarfs the project.
SKIPPED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn",
        ".venv", "venv", "env", ".env", "virtualenv", "virtualenvs", "site-packages",
        "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints",
        ".tox", ".nox", ".eggs", "build", "dist", "node_modules",
    }
)  # fmt: skip
SKIPPED_DIR_SUFFIXES = (".egg-info",)

# A virtualenv may have any name; PEP 405 puts this file at its top.
VENV_MARKER = "pyvenv.cfg"


@dataclass(frozen=True)
class SourceFile:
    """A file to scan."""

    path: Path  # absolute, resolved
    relpath: str  # POSIX path relative to the scan root, e.g. "app/llm.py"
    is_notebook: bool


@dataclass(frozen=True)
class Discovery:
    """What a scan covers: its root, its files, and what could not be read."""

    root: Path
    files: tuple[SourceFile, ...]  # sorted by relpath, one per resolved path
    diagnostics: tuple[Diagnostic, ...]


def discover(
    paths: Sequence[Path], *, excludes: Sequence[str] = (), respect_gitignore: bool = True
) -> Discovery:
    """Find the `.py` and `.ipynb` files under `paths` (files or directories; none means ".").

    Files and directories named explicitly are always scanned; what lies below a directory is
    filtered by the default skips, `excludes` (gitignore-style, relative to the root) and,
    unless disabled, `.gitignore` files and `.git/info/exclude`.

    Raises `UsageError` for a missing path or an explicit file that is not Python.
    """
    given = [_resolve(path) for path in (paths or [Path()])]
    root = _scan_root(given)
    walker = _Walker(root, _compile_excludes(excludes), respect_gitignore)
    for path in given:
        if path.is_dir():
            walker.add_directory(path)
        else:
            walker.add_file(path)
    return walker.run()


def _resolve(path: Path) -> Path:
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        raise UsageError(f"path does not exist: {path}") from None
    except RuntimeError:  # how Python before 3.13 reports a symlink loop
        raise UsageError(f"cannot resolve path: {path}: symlink loop") from None
    except OSError as exc:
        reason = "symlink loop" if exc.errno == errno.ELOOP else _reason(exc)
        raise UsageError(f"cannot resolve path: {path}: {reason}") from None
    if not resolved.is_dir() and not (resolved.is_file() and resolved.suffix in SOURCE_SUFFIXES):
        raise UsageError(f"not a Python file or notebook: {path}")
    return resolved


def _scan_root(paths: Sequence[Path]) -> Path:
    common = Path(os.path.commonpath(paths))
    return common if common.is_dir() else common.parent


def _compile_excludes(patterns: Sequence[str]) -> GitIgnoreSpec:
    try:
        return GitIgnoreSpec.from_lines(patterns)
    except (ValueError, re.error):
        bad = next(p for p in patterns if not _is_valid_pattern(p))
        raise UsageError(f"invalid exclude pattern: {bad!r}") from None


def _is_valid_pattern(pattern: str) -> bool:
    try:
        GitIgnoreSpec.from_lines([pattern])
    except (ValueError, re.error):
        return False
    return True


def _compile_ignore_lines(lines: list[str]) -> GitIgnoreSpec:
    """Compile a `.gitignore`; like git, drop the lines that are not valid patterns."""
    try:
        return GitIgnoreSpec.from_lines(lines)
    except ValueError:
        return GitIgnoreSpec.from_lines([line for line in lines if _is_valid_pattern(line)])


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _join(parent: str, name: str) -> str:
    """A relpath below `parent` ("" at the root)."""
    return f"{parent}/{name}" if parent else name


def _child(directory: str, name: str) -> str:
    # Plain strings, not Path objects: this runs for every file of the tree.
    return f"{directory.rstrip(os.sep)}{os.sep}{name}"


@dataclass(frozen=True)
class _IgnoreFile:
    """A compiled ignore file; its patterns apply to paths below the directory holding it."""

    base: str  # relpath prefix of that directory: "" at the root, else "app/sub/"
    spec: GitIgnoreSpec

    def verdict(self, relpath: str) -> bool | None:
        """True if ignored, False if re-included by `!pattern`, None if no pattern matches."""
        return self.spec.check_file(relpath[len(self.base) :]).include


_Chain = tuple[_IgnoreFile, ...]  # outermost first, so the nearest file is checked first


@dataclass(frozen=True)
class _Dir:
    relpath: str  # "" for the root
    path: str  # where to list it; may go through a symlink
    real: str  # resolved, to visit each directory once
    chain: _Chain
    explicit: bool = False


class _Walker:
    """One walk: its findings and diagnostics accumulate here, then `run` returns them."""

    def __init__(self, root: Path, excludes: GitIgnoreSpec, respect_gitignore: bool) -> None:
        self._root = root
        self._excludes = excludes
        self._respect_gitignore = respect_gitignore
        self._ignore_files: dict[str, _IgnoreFile | None] = {}
        self._visited: set[str] = set()
        self._found: list[tuple[str, str]] = []  # (relpath, resolved path)
        self._diagnostics: list[Diagnostic] = []
        self._pending: list[_Dir] = []
        # Symlinked directories wait until every real one is walked, so that a link never
        # claims a real directory's files; a heap keeps their order independent of scandir's.
        self._linked: list[tuple[str, _Dir]] = []

    def add_file(self, path: Path) -> None:
        self._found.append((path.relative_to(self._root).as_posix(), str(path)))

    def add_directory(self, path: Path) -> None:
        rel = path.relative_to(self._root).as_posix()
        rel = "" if rel == "." else rel
        self._pending.append(_Dir(rel, str(path), str(path), self._ancestor_chain(rel), True))

    def run(self) -> Discovery:
        """Walk every directory added, then return the sorted, deduplicated result."""
        while self._pending or self._linked:
            directory = self._pending.pop() if self._pending else heapq.heappop(self._linked)[1]
            self._visit(directory)
        files: dict[str, SourceFile] = {}
        for rel, real in sorted(self._found):
            files.setdefault(real, SourceFile(Path(real), rel, rel.endswith(".ipynb")))
        diagnostics = sorted(self._diagnostics, key=lambda d: d.path)
        return Discovery(self._root, tuple(files.values()), tuple(diagnostics))

    def _ancestor_chain(self, rel: str) -> _Chain:
        """The ignore files that apply to a directory named explicitly, below the root."""
        if not self._respect_gitignore:
            return ()
        parts = rel.split("/") if rel else []
        # .git/info/exclude ranks below every .gitignore, as in git; the directory's own
        # .gitignore is read when it is visited.
        names = [".git/info/exclude"]
        names += [_join("/".join(parts[:depth]), ".gitignore") for depth in range(len(parts))]
        loaded = (self._ignore_file(name) for name in names)
        return tuple(ignore for ignore in loaded if ignore is not None)

    def _ignore_file(self, rel: str) -> _IgnoreFile | None:
        if rel not in self._ignore_files:
            self._ignore_files[rel] = self._read_ignore_file(rel)
        return self._ignore_files[rel]

    def _read_ignore_file(self, rel: str) -> _IgnoreFile | None:
        path = self._root / rel
        if not path.is_file():
            return None
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            self._diagnose(rel, f"cannot read ignore file: {_reason(exc)}")
            return None
        spec = _compile_ignore_lines(lines)
        base = "" if rel.startswith(".git/") else rel[: -len(".gitignore")]
        return _IgnoreFile(base, spec) if len(spec) else None

    def _diagnose(self, rel: str, message: str) -> None:
        kind = DiagnosticKind.UNREADABLE
        self._diagnostics.append(Diagnostic(path=rel or ".", kind=kind, message=message))

    def _visit(self, directory: _Dir) -> None:
        if directory.real in self._visited:
            return  # a symlink loop, or a directory reached twice
        self._visited.add(directory.real)
        try:
            with os.scandir(directory.path) as listing:
                entries = list(listing)
        except OSError as exc:
            self._diagnose(directory.relpath, f"cannot list directory: {_reason(exc)}")
            return
        names = {entry.name for entry in entries}
        if VENV_MARKER in names and not directory.explicit:
            return
        chain = directory.chain
        if self._respect_gitignore and ".gitignore" in names:
            ignore = self._ignore_file(_join(directory.relpath, ".gitignore"))
            chain = (*chain, ignore) if ignore else chain
        for entry in entries:
            self._consider(entry, directory, chain)

    def _consider(self, entry: os.DirEntry[str], parent: _Dir, chain: _Chain) -> None:
        rel = _join(parent.relpath, entry.name)
        try:
            if entry.is_dir():
                self._consider_dir(entry, rel, parent, chain)
            elif entry.name.endswith(SOURCE_SUFFIXES) and entry.is_file():
                self._consider_file(entry, rel, parent, chain)
        except OSError:
            return  # removed during the walk, or not even stat-able: nothing to scan

    def _consider_dir(self, entry: os.DirEntry[str], rel: str, parent: _Dir, chain: _Chain) -> None:
        name = entry.name
        if name in SKIPPED_DIRS or name.endswith(SKIPPED_DIR_SUFFIXES):
            return
        if self._ignored(rel + "/", chain):
            return
        if not entry.is_symlink():
            real = _child(parent.real, name)
            self._pending.append(_Dir(rel, entry.path, real, chain))
        elif (target := self._inside_root(entry.path)) is not None:
            heapq.heappush(self._linked, (rel, _Dir(rel, entry.path, target, chain)))

    def _consider_file(
        self, entry: os.DirEntry[str], rel: str, parent: _Dir, chain: _Chain
    ) -> None:
        if self._ignored(rel, chain):
            return
        if not entry.is_symlink():
            self._found.append((rel, _child(parent.real, entry.name)))
        elif (target := self._inside_root(entry.path)) is not None:
            self._found.append((rel, target))

    def _ignored(self, rel: str, chain: _Chain) -> bool:
        if self._excludes.check_file(rel).include:
            return True
        for ignore in reversed(chain):  # the nearest ignore file that has a say decides
            verdict = ignore.verdict(rel)
            if verdict is not None:
                return verdict
        return False

    def _inside_root(self, path: str) -> str | None:
        """The resolved path if it stays inside the root; links out of it are not followed."""
        real = os.path.realpath(path)
        inside = real == str(self._root) or real.startswith(_child(str(self._root), ""))
        return real if inside else None
