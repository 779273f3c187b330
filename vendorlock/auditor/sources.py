"""Reading a discovered file as text: encodings, binary files and notebooks.

Every failure becomes one `Diagnostic` naming the file and the reason, so one
bad file never ends a scan.
"""

from __future__ import annotations

import codecs
import io
import tokenize
from collections.abc import Callable
from dataclasses import dataclass

from vendorlock.auditor.discover import SourceFile
from vendorlock.auditor.notebooks import NotebookError, NotebookSource, locate, notebook_to_python
from vendorlock.model import Diagnostic, DiagnosticKind

# Maps a line of the analysed text to (cell, line in cell) for notebooks.
LineMap = Callable[[int], tuple[int | None, int]]


@dataclass(frozen=True)
class LoadedSource:
    """A file's bytes and, when it could be decoded, its Python text."""

    file: SourceFile
    data: bytes
    text: str | None
    line_map: LineMap | None = None
    diagnostic: Diagnostic | None = None


def _diagnostic(file: SourceFile, kind: DiagnosticKind, message: str) -> Diagnostic:
    return Diagnostic(path=file.relpath, kind=kind, message=message)


def read_bytes(file: SourceFile) -> bytes | Diagnostic:
    try:
        return file.path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return _diagnostic(file, DiagnosticKind.UNREADABLE, f"cannot read file: {reason}")


def decode(file: SourceFile, data: bytes) -> LoadedSource:
    """Decode bytes already read; notebooks become their code cells."""
    if file.is_notebook:
        return _decode_notebook(file, data)
    if b"\0" in data:
        message = "binary file (contains NUL bytes), not Python source"
        return LoadedSource(
            file, data, None, None, _diagnostic(file, DiagnosticKind.BINARY_FILE, message)
        )
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        return LoadedSource(file, data, None, None, _decode_diagnostic(file, error))
    if text.startswith("\ufeff"):
        text = text[1:]
    return LoadedSource(file, data, text)


def _decode_diagnostic(file: SourceFile, error: Exception) -> Diagnostic:
    if isinstance(error, UnicodeDecodeError):
        encoding = codecs.lookup(error.encoding).name
        message = (
            f"cannot decode as {encoding}: byte 0x{error.object[error.start]:02x} at offset "
            f"{error.start} (declare the encoding with a coding comment)"
        )
    else:
        message = f"cannot decode: {error}"
    return _diagnostic(file, DiagnosticKind.DECODE_ERROR, message)


def _decode_notebook(file: SourceFile, data: bytes) -> LoadedSource:
    try:
        notebook = notebook_to_python(data)
    except NotebookError as error:
        return LoadedSource(
            file,
            data,
            None,
            None,
            _diagnostic(file, DiagnosticKind.NOTEBOOK_ERROR, f"broken notebook: {error}"),
        )
    return LoadedSource(file, data, notebook.code, _cell_mapper(notebook))


def _cell_mapper(notebook: NotebookSource) -> LineMap:
    def to_cell(line: int) -> tuple[int | None, int]:
        cell, line_in_cell = locate(notebook, line)
        return cell, line_in_cell

    return to_cell
