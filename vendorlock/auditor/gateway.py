"""Which files belong to the gateway: the modules allowed to call a vendor directly.

The gateway is declared as gitignore-style path globs relative to the scan root
(`gateway = ["app/llm/**"]` in `[tool.vendorlock]`), the same syntax as
`--exclude`, so one pattern language covers every path setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from pathspec import GitIgnoreSpec

__all__ = ["compile_globs", "in_gateway"]


@lru_cache(maxsize=32)
def compile_globs(globs: tuple[str, ...]) -> GitIgnoreSpec:
    """Compile path globs; raises ValueError for a pattern that is not valid."""
    return GitIgnoreSpec.from_lines(globs)


def in_gateway(path: str, globs: Sequence[str]) -> bool:
    """Whether the POSIX `path` (relative to the scan root) matches one of `globs`."""
    return bool(globs) and compile_globs(tuple(globs)).match_file(path)
