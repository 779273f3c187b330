"""Turn a Jupyter notebook into Python source that parses, with an exact line map back to cells.

Every cell line becomes exactly one line of `code`, so a finding's line maps to the cell and line
a user sees in Jupyter. IPython syntax (magics, shell escapes, help) is rewritten in place:
a line becomes `pass` at its own indentation (a blank line could leave a block empty), and the
body of a cell magic that is not Python becomes blank lines.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

# Cell magics whose body IPython runs as Python in this kernel or a fresh interpreter. Other
# cell magics (%%bash, %%html, %%writefile, %%sql, %%R, %%cython, ...) hold another language
# or text, so their bodies become blank lines: guessing that an unknown body is Python would
# turn cells that run fine into syntax errors.
PYTHON_CELL_MAGICS = frozenset(
    {"time", "timeit", "capture", "prun", "debug", "python", "python3", "pypy"}
)

# `x = !ls`, `files, rest = %sx ls`: IPython's own assignment syntax for shell and line magics.
_MAGIC_ASSIGNMENT = re.compile(r"(?P<lhs>[\w.]+(?:\s*,\s*[\w.]+)*)\s*=\s*[!%]")


class NotebookError(Exception):
    """The file is not a notebook vendorlock can read; the message is one line."""


@dataclass(frozen=True)
class NotebookSource:
    """The Python source of a notebook's code cells, and where each of its lines came from."""

    code: str
    # cells[i - 1] = (cell number, line in cell) for line i of `code`, both 1-based; only code
    # cells are counted.
    cells: tuple[tuple[int, int], ...]


def notebook_to_python(data: bytes) -> NotebookSource:
    """Extract the code cells of an nbformat 4 (or 3) notebook as one Python module.

    Raises `NotebookError` for bytes that are not UTF-8 JSON holding a list of cells.
    """
    lines: list[str] = []
    cells: list[tuple[int, int]] = []
    for number, source in enumerate(_code_cells(_load(data)), start=1):
        cell_lines = _cell_lines(source)
        lines += cell_lines
        cells += [(number, line) for line in range(1, len(cell_lines) + 1)]
    # Each line ends with a newline, so no cell runs into the next one's first line.
    return NotebookSource("".join(f"{line}\n" for line in lines), tuple(cells))


def locate(source: NotebookSource, line: int) -> tuple[int, int]:
    """The (cell, line in cell) of a 1-based line of `source.code`."""
    if not 1 <= line <= len(source.cells):
        raise ValueError(f"line {line} is outside the notebook's {len(source.cells)} lines")
    return source.cells[line - 1]


def _load(data: bytes) -> object:
    try:
        text = data.decode("utf-8-sig")  # tolerate the BOM some Windows editors write
    except UnicodeDecodeError as exc:
        raise NotebookError(f"not valid UTF-8: {exc.reason} at byte {exc.start}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise NotebookError(message) from None
    except RecursionError:
        raise NotebookError("not valid JSON: nested too deeply") from None


def _code_cells(document: object) -> Iterator[str]:
    """The source of each code cell, in order, checked as far as vendorlock relies on it."""
    if not isinstance(document, dict):
        raise NotebookError(f"top level is {_json_type(document)}, not an object")
    if "cells" in document:
        yield from _cell_sources(document["cells"], "cells", "source")
    elif "worksheets" in document:  # nbformat 3
        worksheets = _expect_list(document["worksheets"], "worksheets")
        for index, sheet in enumerate(worksheets):
            where = f"worksheets[{index}]"
            sheet = _expect_object(sheet, where)
            yield from _cell_sources(sheet.get("cells", []), f"{where}.cells", "input")
    else:
        raise NotebookError("no 'cells' list (nbformat 4) or 'worksheets' list (nbformat 3)")


def _cell_sources(cells: object, where: str, key: str) -> Iterator[str]:
    for index, cell in enumerate(_expect_list(cells, where)):
        at = f"{where}[{index}]"
        cell = _expect_object(cell, at)
        kind = cell.get("cell_type")
        if not isinstance(kind, str):
            raise NotebookError(f"{at}.cell_type is missing or not a string")
        if kind == "code":
            if key not in cell:
                raise NotebookError(f"{at} is a code cell without {key!r}")
            yield _source_text(cell[key], f"{at}.{key}")


def _source_text(source: object, where: str) -> str:
    if isinstance(source, str):
        return source
    if not isinstance(source, list):
        raise NotebookError(f"{where} is {_json_type(source)}, not a string or a list of strings")
    for index, part in enumerate(source):
        if not isinstance(part, str):
            raise NotebookError(f"{where}[{index}] is {_json_type(part)}, not a string")
    return "".join(source)


def _expect_list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise NotebookError(f"{where} is {_json_type(value)}, not a list")
    return value


def _expect_object(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise NotebookError(f"{where} is {_json_type(value)}, not an object")
    return value


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    return names.get(type(value), "a list" if isinstance(value, list) else "an object")


def _cell_lines(cell: str) -> list[str]:
    """The lines of one cell with IPython syntax made Python, one output line per input line."""
    lines = cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline ending the last line does not start another
    magic = _cell_magic(lines)
    if magic is None:
        return _rewrite_lines(lines)
    index, name = magic
    if name not in PYTHON_CELL_MAGICS:
        return [""] * len(lines)
    return [*lines[:index], "", *_rewrite_lines(lines[index + 1 :])]


def _cell_magic(lines: list[str]) -> tuple[int, str] | None:
    """The line index and name of a cell magic (`%%time`), which may follow blank lines."""
    for index, line in enumerate(lines):
        if line.strip():
            if not line.startswith("%%"):
                return None
            words = line[2:].split()
            return index, words[0] if words else ""
    return None


def _rewrite_lines(lines: list[str]) -> list[str]:
    lexer = _Lexer()
    out: list[str] = []
    in_magic = False  # inside a magic or shell line continued with a backslash
    for line in lines:
        if in_magic:
            out.append("")
            in_magic = line.endswith("\\")
            continue
        replacement = _replace_ipython(line, lexer) if lexer.at_statement_start else None
        if replacement is None:
            lexer.feed(line)
            out.append(line)
        else:
            out.append(replacement)
            in_magic = line.endswith("\\")
    return out


def _replace_ipython(line: str, lexer: _Lexer) -> str | None:
    """The Python stand-in for a line of IPython syntax, or None for a line of Python."""
    stripped = line.lstrip(" \t\f")
    indent = line[: len(line) - len(stripped)]
    if stripped.startswith(("%", "!", "?")):
        return f"{indent}pass"
    assignment = _MAGIC_ASSIGNMENT.match(stripped)
    if assignment:
        return f"{indent}{assignment['lhs']} = None"  # keeps the name bound, as IPython does
    if _is_help(line, lexer):
        return f"{indent}pass"
    return None


def _is_help(line: str, lexer: _Lexer) -> bool:
    """`obj?`, `obj.method??`: a statement ending in `?` outside strings and comments."""
    trial = copy.copy(lexer)
    code = trial.feed(line)
    return trial.at_statement_start and code.rstrip().endswith("?")


class _Lexer:
    """Just enough of Python's tokenizer to know whether a line starts a new statement.

    Magic syntax only counts at the start of a statement; inside brackets, strings or after a
    backslash, `%` and `!` are Python (`"%d" \\n % n`, `a\\n != b`).
    """

    def __init__(self) -> None:
        self._depth = 0
        self._quote: str | None = None  # the quote of a string still open at the line's end
        self._continued = False

    @property
    def at_statement_start(self) -> bool:
        """Whether the next line begins a statement."""
        return self._depth == 0 and self._quote is None and not self._continued

    def feed(self, line: str) -> str:
        """Advance past `line`; return its code before any comment."""
        self._continued = False
        index = 0
        while index < len(line):
            if self._quote is not None:
                index = self._skip_string(line, index, self._quote)
                continue
            char = line[index]
            if char == "#":
                return line[:index]
            index = self._token(line, index, char)
        return line

    def _token(self, line: str, index: int, char: str) -> int:
        if char in "'\"":
            self._quote = char * 3 if line.startswith(char * 3, index) else char
            return index + len(self._quote)
        if char in "([{":
            self._depth += 1
        elif char in ")]}":
            self._depth = max(0, self._depth - 1)
        elif char == "\\" and index == len(line) - 1:
            self._continued = True
        return index + 1

    def _skip_string(self, line: str, index: int, quote: str) -> int:
        while index < len(line):
            if line[index] == "\\":
                index += 2
            elif line.startswith(quote, index):
                self._quote = None
                return index + len(quote)
            else:
                index += 1
        # A one-quote string ends at the line's end unless a backslash continues it; an
        # unterminated one is a syntax error, and the next line starts afresh as Python does.
        if len(quote) == 1 and index == len(line):
            self._quote = None
        return index
