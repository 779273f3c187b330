"""What every command shares: the exit codes, and every error turned into one of them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import typer

from vendorlock.console import make_console, print_error, print_internal_error
from vendorlock.errors import VendorlockError

# Exit codes: each means one thing, so CI can tell "found something" from
# "could not run". Typer's own usage errors (unknown option, bad value) use
# click's 2, which is why our errors use 2 as well.
EXIT_OK: Final = 0
"""The command ran. For `scan`, whether or not it found anything."""
EXIT_FINDINGS: Final = 1
"""A gate failed: findings over the threshold, new coupling against the baseline (`check`)."""
EXIT_ERROR: Final = 2
"""Usage, configuration, catalogue or internal error; nothing was reported."""

DEBUG_ENV: Final = "VENDORLOCK_DEBUG"
"""Set to `1` to see the traceback of an internal error."""


@contextmanager
def errors_reported() -> Iterator[None]:
    """Turn any error into one stderr line and exit 2, never a traceback.

    Typer's own exits pass through; a broken pipe (`vendorlock scan | head`)
    is left to typer, which exits quietly.
    """
    try:
        yield
    except (typer.Exit, typer.Abort, BrokenPipeError):
        raise
    except VendorlockError as error:
        print_error(make_console(stderr=True), str(error))
        raise typer.Exit(EXIT_ERROR) from None
    except Exception as error:
        debug = os.environ.get(DEBUG_ENV, "") not in ("", "0")
        print_internal_error(make_console(stderr=True), error, debug=debug)
        raise typer.Exit(EXIT_ERROR) from None
