"""The file format of everything vendorlock keeps in its cache directory.

A magic line, the SHA-256 of the payload, then the payload: a truncated,
corrupt or foreign file reads as missing, never as data. Writes are atomic
(a temporary file renamed over the old one) and best effort: a cache that
cannot be written is skipped, never an error.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

_MAGIC = b"vendorlock-cache 1\n"


def write_framed(path: Path, payload: bytes) -> None:
    """Write `payload` behind a digest header, atomically; skip it when it cannot be written."""
    blob = _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".scan-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(blob)
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return


def read_framed(path: Path) -> bytes | None:
    """The payload `write_framed` wrote, or None when missing, truncated or altered."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    if not blob.startswith(_MAGIC):
        return None
    header_end = blob.find(b"\n", len(_MAGIC))
    if header_end < 0:
        return None
    expected = blob[len(_MAGIC) : header_end].decode("ascii", "replace")
    payload = blob[header_end + 1 :]
    if hashlib.sha256(payload).hexdigest() != expected:
        return None
    return payload
