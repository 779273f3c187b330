"""Read a Python file exactly enough to write it back byte for byte.

The encoding comes from PEP 263 (`tokenize.detect_encoding`); a UTF-8 byte
order mark is remembered apart so it is written back; line endings are left
in the text as they are (no universal newlines), so CRLF files stay CRLF.
"""

from __future__ import annotations

import codecs
import io
import tokenize
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceFile:
    """A decoded file and how to encode it again."""

    text: str
    encoding: str
    bom: bool

    def encode(self, text: str) -> bytes:
        """`text` as bytes in this file's encoding, with its BOM if it had one."""
        return (codecs.BOM_UTF8 if self.bom else b"") + text.encode(self.encoding)


@dataclass(frozen=True)
class Unreadable:
    """Why a file could not be read as Python source."""

    reason: str


def decode_source(raw: bytes) -> SourceFile | Unreadable:
    """Decode bytes by their PEP 263 declaration."""
    if b"\0" in raw:
        return Unreadable("binary file (NUL bytes)")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError as error:
        return Unreadable(f"bad encoding declaration: {error.msg}")
    bom = encoding == "utf-8-sig"
    body = raw[len(codecs.BOM_UTF8) :] if bom else raw
    codec = "utf-8" if bom else encoding
    try:
        return SourceFile(text=body.decode(codec), encoding=codec, bom=bom)
    except (UnicodeDecodeError, LookupError) as error:
        return Unreadable(f"cannot decode as {codec}: {error}")


def read_source(path: Path) -> SourceFile | Unreadable:
    """Read and decode a file; never raises."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return Unreadable(f"cannot read: {error.strerror or error}")
    return decode_source(raw)
