"""Run the codemod on one file: Success, Failure or Skip, never an exception.

The default is a unified diff. With `write`, the new text goes to a temporary
file in the same directory, which replaces the original with `os.replace`
(atomic on POSIX), keeping its permission bits. The file's encoding, byte
order mark and line endings are kept; a result that does not parse is never
written; an unchanged file is not touched, mtime included.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext

from vendorlock.migrators.codemod import FilePlan, MigrateFile, SiteOutcome
from vendorlock.migrators.sourcefile import SourceFile, read_source

NOTEBOOK_SUFFIX = ".ipynb"


@dataclass(frozen=True)
class Success:
    """The codemod ran; `diff` is empty when nothing changed."""

    path: str
    outcomes: tuple[SiteOutcome, ...]
    diff: str = ""
    written: bool = False


@dataclass(frozen=True)
class Failure:
    """The file could not be migrated; it was left as it was."""

    path: str
    reason: str


@dataclass(frozen=True)
class Skip:
    """The file was not looked at, on purpose."""

    path: str
    reason: str


FileResult = Success | Failure | Skip


def migrate_file(plan: FilePlan, write: bool) -> FileResult:
    """Migrate one file; every problem becomes a `Failure` naming the reason."""
    if plan.path.endswith(NOTEBOOK_SUFFIX) or any(f.cell is not None for f in plan.findings):
        return Skip(plan.shown, "notebooks are not rewritten; move their calls by hand")
    path = plan.project.root / plan.path
    source = read_source(path)
    if not isinstance(source, SourceFile):
        return Failure(plan.shown, source.reason)
    try:
        module = cst.parse_module(source.text)
    except cst.ParserSyntaxError as error:
        return Failure(plan.shown, f"does not parse: {error.message} (line {error.raw_line})")
    codemod = MigrateFile(CodemodContext(filename=str(path)), plan)
    try:
        new_text = codemod.transform_module(module).code
    except Exception as error:  # a codemod bug must not end the run
        return Failure(plan.shown, f"internal error in the codemod: {error!r}")
    outcomes = tuple(codemod.outcomes)
    if new_text == source.text:
        return Success(plan.shown, outcomes)
    problem = _parse_problem(new_text)
    if problem is not None:
        return Failure(
            plan.shown, f"the rewritten file would not parse ({problem}); left as it was"
        )
    diff = unified_diff(plan.shown, source.text, new_text)
    if write:
        try:
            write_atomic(path, source.encode(new_text))
        except (OSError, UnicodeEncodeError) as error:
            return Failure(plan.shown, f"cannot write: {error}")
    return Success(plan.shown, outcomes, diff, written=write)


def _parse_problem(text: str) -> str | None:
    try:
        cst.parse_module(text)
        compile(text, "<migrated>", "exec", dont_inherit=True)
    except (cst.ParserSyntaxError, SyntaxError, ValueError) as error:
        return str(error).splitlines()[0]
    return None


def unified_diff(path: str, before: str, after: str) -> str:
    """A `git apply`-able diff of one file (`a/` and `b/` prefixes)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so a reader sees the old file or the new one.

    A symlinked source file keeps its link: the file it points at is replaced.
    """
    path = path.resolve() if path.is_symlink() else path
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(mode)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
