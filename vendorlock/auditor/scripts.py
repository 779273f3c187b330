"""The project's console scripts, read from `pyproject.toml`: the entry points of the graph."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


def console_scripts(root: Path) -> dict[str, str]:
    """`[project.scripts]` (and Poetry's) of `root/pyproject.toml`: name -> qualified name."""
    path = root / "pyproject.toml"
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    tables = [
        data.get("project", {}).get("scripts", {}),
        data.get("tool", {}).get("poetry", {}).get("scripts", {}),
    ]
    scripts: dict[str, str] = {}
    for table in tables:
        if not isinstance(table, dict):
            continue
        for name, target in table.items():
            if isinstance(target, str) and ":" in target:
                module, _, function = target.partition(":")
                scripts[str(name)] = f"{module.strip()}.{function.strip().split('[')[0].strip()}"
    return scripts
