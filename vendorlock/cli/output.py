"""Where a command's text goes: stdout, or a file written atomically."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import typer

from vendorlock.errors import UsageError


def emit_text(text: str, output: Path | None) -> None:
    """Write `text` to `output`, or to stdout when there is none."""
    if output is not None:
        write_atomic(output, text)
    else:
        typer.echo(text, nl=False)


def write_atomic(path: Path, text: str) -> None:
    """Write `text` so that a reader sees the old file or the new one, never half of it.

    Only a regular file is replaced: `--output /dev/null` or a named pipe is written to
    as it is (renaming over it would turn the device into a file), and a symlink's
    target is replaced, not the link.
    """
    path = path.resolve() if path.is_symlink() else path
    if path.exists() and not path.is_file():
        try:
            with path.open("w", encoding="utf-8") as stream:
                stream.write(text)
        except OSError as error:
            raise UsageError(f"cannot write '{path}': {error.strerror or error}") from error
        return
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        temp = Path(name)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(text.encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
            temp.chmod(_new_file_mode(path))
            temp.replace(path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as error:
        raise UsageError(f"cannot write '{path}': {error.strerror or error}") from error


def _new_file_mode(path: Path) -> int:
    # mkstemp creates files readable by the owner only; a report is meant to
    # be shared (CI artifacts), so give it the mode a plain open() would.
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
