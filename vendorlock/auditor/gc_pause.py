"""Pause the cyclic garbage collector while building many long-lived objects at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection inside the block; reference counting still frees as usual.

    CPython runs its collector every few hundred allocations and, as objects
    survive, walks ever more of them: loading litellm's cache (millions of
    tuples and strings, all kept) spent two thirds of its time collecting
    nothing (0.46 s with, 0.14 s without). What these blocks build is either
    kept or acyclic, so pausing frees nothing later than it would have been.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
