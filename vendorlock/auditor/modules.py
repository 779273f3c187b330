"""Module names for discovered files, as Python would import them.

A file inside packages (directories with `__init__.py`) is named from the
outermost package down, even when that package starts above the scan root, so
absolute imports in the project resolve. Below the scan root, the name runs on
up through PEP 420 namespace directories (no `__init__.py`) to the root:
`llama_index/llms/openai/base.py` is `llama_index.llms.openai.base`, never
`openai.base`, which would take the SDK's import name by accident of layout.
Climbing stops at a directory whose name is not an identifier (`my-project`). A
file outside any package is named the same way (`scripts/run.py` is
`scripts.run`), or by its stem at the root, as a script next to it would import it.

The name Python would give a module with only the regular packages counted
(`openai.base`, or `run`) stays reachable for imports of project code as an
alias (`ProjectView.module_of`), never for an SDK's import name.
"""

from __future__ import annotations

import keyword
from functools import cache
from pathlib import Path, PurePosixPath

INIT = "__init__.py"


@cache
def _is_package_dir(directory: Path) -> bool:
    return (directory / INIT).is_file()


def module_name(
    path: Path, is_notebook: bool = False, relpath: str | None = None
) -> tuple[str, bool]:
    """(dotted module name, is a package's `__init__`) for a resolved file path.

    `relpath` is the file's path below the scan root: namespace directories are
    climbed no higher than that root. Without it only regular packages count.
    """
    stem = path.stem
    if is_notebook:
        return stem, False
    # Directories between the file and the scan root; only those may be namespaces.
    below_root = len(PurePosixPath(relpath).parts) - 1 if relpath is not None else 0
    parts: list[str] = []
    directory = path.parent
    while directory.parent != directory and (
        _is_package_dir(directory) or (len(parts) < below_root and _is_namespace(directory))
    ):
        parts.append(directory.name)
        directory = directory.parent
    parts.reverse()
    is_package = path.name == INIT
    if not is_package:
        parts.append(stem)
    return ".".join(parts) or stem, is_package


def _is_namespace(directory: Path) -> bool:
    """A directory Python could import as a PEP 420 namespace package."""
    name = directory.name
    return name.isidentifier() and not keyword.iskeyword(name)


def clear_cache() -> None:
    """Forget which directories are packages (between scans in one process)."""
    _is_package_dir.cache_clear()
