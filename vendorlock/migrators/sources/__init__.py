"""Sources: one module per vendor API family, each turning a call site into a `CallSite`.

A source module defines `APIS` (the finding `api` values it reads), `FEATURES`
(proprietary features it translates itself) and `extract(site) -> CallSite`.
Modules are discovered by walking this package, so adding one registers it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from vendorlock.migrators.ir import CallSite
from vendorlock.migrators.site import Site


@dataclass(frozen=True)
class Source:
    """One source module's contract."""

    name: str
    apis: frozenset[str]
    features: frozenset[str]
    extract: Callable[[Site], CallSite]


@cache
def sources() -> Mapping[str, Source]:
    """Every source, by the finding `api` it handles."""
    found: dict[str, Source] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        apis = getattr(module, "APIS", None)
        if apis is None:
            continue
        source = Source(info.name, apis, module.FEATURES, module.extract)
        for api in apis:
            found[api] = source
    return found
