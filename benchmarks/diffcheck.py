"""Check a migration's diff the way a user would take it: apply it, then compile the result.

`vendorlock migrate` prints one unified diff per file and writes nothing. The
new text is rebuilt here from the original file and that diff alone (every
context and removed line must match), then compiled by CPython and parsed by
libcst. A diff that does not apply is as much a failure as code that does not
compile: the diff is what the user reviews and `git apply`s.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import libcst as cst

from vendorlock.migrators.sourcefile import SourceFile, read_source

_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
NO_NEWLINE = "\\ No newline at end of file"


class DiffError(Exception):
    """The diff does not apply to the file it names."""


@dataclass(frozen=True)
class FileCheck:
    """One rewritten file: does the diff apply, and does the result compile and parse."""

    path: str
    ok: bool
    problem: str = ""


def _diff_lines(diff: str) -> list[str]:
    """The diff's lines with their newline, split on newlines only (a source line may hold a
    form feed or a lone carriage return); a no-newline marker takes its line's newline away."""
    lines: list[str] = []
    for line in diff.split("\n")[:-1] if diff.endswith("\n") else diff.split("\n"):
        if line == NO_NEWLINE:
            if not lines or not lines[-1].endswith("\n"):
                raise DiffError("a no-newline marker that follows no line")
            lines[-1] = lines[-1][:-1]
        else:
            lines.append(line + "\n")
    return lines


def apply_diff(before: str, diff: str) -> str:
    """The text `diff` (one file's unified diff, as `migrate` prints it) makes of `before`."""
    old = before.splitlines(keepends=True)  # as the diff was made (difflib on splitlines)
    lines = _diff_lines(diff)
    out: list[str] = []
    position = index = 0
    while index < len(lines) and not lines[index].startswith("@@"):
        index += 1  # the --- / +++ header
    while index < len(lines):
        match = _HUNK.match(lines[index])
        if match is None:
            raise DiffError(f"expected a hunk header, got {lines[index]!r}")
        start, length = int(match.group(1)), int(match.group(2) or 1)
        begin = start if length == 0 else start - 1
        if begin < position:
            raise DiffError(f"hunk at line {start} overlaps the previous one")
        out.extend(old[position:begin])
        position = begin
        index += 1
        while index < len(lines) and not lines[index].startswith("@@"):
            tag, body = lines[index][0], lines[index][1:]
            index += 1
            if tag == "+":
                out.append(body)
                continue
            if tag not in " -":
                raise DiffError(f"unexpected diff line {tag + body!r}")
            if position >= len(old) or old[position] != body:
                raise DiffError(f"line {position + 1} does not match the diff's {tag!r} line")
            position += 1
            if tag == " ":
                out.append(body)
    out.extend(old[position:])
    return "".join(out)


def check_file(root: Path, path: str, diff: str) -> FileCheck:
    """Rebuild `root/path` from its diff; compile it and parse it with libcst."""
    source = read_source(root / path)
    if not isinstance(source, SourceFile):
        return FileCheck(path, False, f"cannot read: {source.reason}")
    try:
        text = apply_diff(source.text, diff)
    except DiffError as error:
        return FileCheck(path, False, f"diff does not apply: {error}")
    if text == source.text:
        return FileCheck(path, False, "the diff changes nothing")
    try:
        compile(text, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        return FileCheck(path, False, f"does not compile: {error}")
    try:
        cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return FileCheck(path, False, f"libcst cannot parse it: {error.message}")
    return FileCheck(path, True)


def git_apply_check(root: Path, diff: str) -> str | None:
    """`git apply --check` of the whole diff in `root`: None when it applies, else why not."""
    if not diff:
        return None
    try:
        result = subprocess.run(
            ["git", "apply", "--check", "-"],
            input=diff,
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        return f"git not run: {error}"
    return None if result.returncode == 0 else (result.stderr.strip() or "git apply failed")
