"""Targets: one module per neutral layer, each rendering a `CallSite` as its call.

A target module defines `TARGET`, a `Target`. Modules are discovered by
walking this package, so a new neutral layer is one new module here.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from functools import cache

from vendorlock.migrators.targets.base import Rendered, Target

__all__ = ["Rendered", "Target", "targets"]


@cache
def targets() -> Mapping[str, Target]:
    """Every target, by its command-line name (`litellm`, `any-llm`)."""
    found: dict[str, Target] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        target = getattr(module, "TARGET", None)
        if isinstance(target, Target):
            found[target.name] = target
    return dict(sorted(found.items()))
