"""The plan's per-module checklist: what others depend on migrates first.

A module comes after every module with findings that it depends on, directly
or through modules without findings, so that when its turn comes the code it
calls already speaks the neutral layer. Modules that depend on each other
(an import cycle) cannot be ordered that way; the one waiting on the fewest
others goes first, then name order, so the order is always the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from vendorlock.model import Finding, Kind, LockInScore, Portability
from vendorlock.reports.plan_model import ModuleDependencies, ModuleItem

__all__ = ["checklist", "module_of"]


def module_of(finding: Finding, dependencies: ModuleDependencies) -> str:
    """The finding's module name; its path as dotted name when the scan did not name it."""
    path = finding.path
    return dependencies.module_of_path.get(path) or path.removesuffix(".py").replace("/", ".")


def checklist(
    findings: Sequence[Finding],
    levels: Mapping[str, Portability],
    dependencies: ModuleDependencies,
    score: LockInScore | None,
) -> tuple[ModuleItem, ...]:
    """One item per module with findings, in migration order."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[module_of(finding, dependencies)].append(finding)
    listed = frozenset(grouped)
    needs = {m: _reachable(m, dependencies.depends_on) & listed - {m} for m in listed}
    scores = {scope.name: scope.total for scope in score.modules} if score else {}
    return tuple(
        _item(module, grouped[module], levels, needs[module], dependencies, scores.get(module))
        for module in _order(needs)
    )


def _item(
    module: str,
    found: Sequence[Finding],
    levels: Mapping[str, Portability],
    needs: frozenset[str],
    dependencies: ModuleDependencies,
    score: float | None,
) -> ModuleItem:
    counts = dict.fromkeys(Portability, 0)
    for finding in found:
        counts[levels[finding.fingerprint]] += 1
    used_by = sorted(m for m, deps in dependencies.depends_on.items() if module in deps)
    return ModuleItem(
        module=module,
        path=found[0].path,
        score=score,
        auto=counts[Portability.AUTO],
        assisted=counts[Portability.ASSISTED],
        manual=counts[Portability.MANUAL],
        features=tuple(sorted({f.rule for f in found if f.kind is Kind.FEATURE})),
        depends_on=tuple(sorted(needs)),
        used_by=tuple(m for m in used_by if m != module),
    )


def _reachable(start: str, edges: Mapping[str, Iterable[str]]) -> frozenset[str]:
    seen = {start}
    stack = [start]
    while stack:
        for other in edges.get(stack.pop(), ()):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return frozenset(seen)


def _order(needs: Mapping[str, frozenset[str]]) -> list[str]:
    """Dependencies first; in a cycle, the module waiting on the fewest others first."""
    placed: list[str] = []
    left = set(needs)
    while left:
        waiting = {module: len(needs[module] & left) for module in left}
        module = min(left, key=lambda m: (waiting[m], m))
        placed.append(module)
        left.remove(module)
    return placed
