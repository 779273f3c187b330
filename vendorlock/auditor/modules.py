"""Module names for discovered files, as Python would import them.

A file inside packages (directories with `__init__.py`) is named from the
outermost package down, even when that package starts above the scan root, so
absolute imports in the project resolve. A file outside any package is named
by its stem, as a script next to it would import it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

INIT = "__init__.py"


@cache
def _is_package_dir(directory: Path) -> bool:
    return (directory / INIT).is_file()


def module_name(path: Path, is_notebook: bool = False) -> tuple[str, bool]:
    """(dotted module name, is a package's `__init__`) for a resolved file path."""
    stem = path.stem
    if is_notebook:
        return stem, False
    parts: list[str] = []
    directory = path.parent
    while _is_package_dir(directory) and directory.parent != directory:
        parts.append(directory.name)
        directory = directory.parent
    parts.reverse()
    is_package = path.name == INIT
    if not is_package:
        parts.append(stem)
    return ".".join(parts) or stem, is_package


def clear_cache() -> None:
    """Forget which directories are packages (between scans in one process)."""
    _is_package_dir.cache_clear()
