"""The lock-in score: 0 (portable) to 100 (locked), explained by three parts.

    total   = reach + surface + scatter
    reach   = 40 * how far dependence on vendor calls spreads, by how hard they are to move
    surface = 35 * how much proprietary or hand-moved vendor surface is used
    scatter = 25 * how many modules call a vendor directly (the gateway counts as one)

Each part is rounded to one decimal before the sum, so the breakdown adds up
to the total exactly. The same formula scores each module's, SDK's and
provider's findings as a slice. `docs/scoring.md` has the definition and
worked examples; `score_parts` has the measures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence

from vendorlock.auditor.graph import ExposureGraph
from vendorlock.auditor.score_parts import Measure, reach, scatter, surface
from vendorlock.model import (
    ComponentName,
    EntryKindName,
    EntryPointExposure,
    Finding,
    Grade,
    LockInScore,
    ScopeScore,
    ScoreComponent,
)

__all__ = ["GRADES", "MAX_POINTS", "components", "grade", "score_project", "score_slice"]

MAX_POINTS: Mapping[ComponentName, int] = {"reach": 40, "surface": 35, "scatter": 25}
"""The most each part adds; they sum to 100."""

GRADES: tuple[tuple[float, Grade], ...] = ((20, "A"), (40, "B"), (60, "C"), (80, "D"))
"""Upper bounds (exclusive) of each grade; 80 and above is F."""


def grade(total: float) -> Grade:
    """A (below 20) to F (80 and above), in steps of 20."""
    for bound, letter in GRADES:
        if total < bound:
            return letter
    return "F"


def _tenths(value: float) -> int:
    # Half up, and monotonic: a larger measure never rounds to fewer points.
    return math.floor(value * 10 + 0.5)


def components(
    graph: ExposureGraph, findings: Sequence[Finding], gateway: Sequence[str]
) -> tuple[ScoreComponent, ...]:
    """The three parts of the score of `findings`, in the order they are shown."""
    measures: dict[ComponentName, Measure] = {
        "reach": reach(graph, findings),
        "surface": surface(findings),
        "scatter": scatter(findings, gateway),
    }
    return tuple(
        ScoreComponent(
            name=name,
            points=_tenths(MAX_POINTS[name] * measure.value) / 10,
            max_points=MAX_POINTS[name],
            measure=round(measure.value, 4),
            detail=measure.detail,
        )
        for name, measure in measures.items()
    )


def total_of(parts: Iterable[ScoreComponent]) -> float:
    """The sum of the parts' points, computed in tenths so it is exact."""
    return sum(_tenths(part.points) for part in parts) / 10


def score_slice(
    graph: ExposureGraph, name: str, findings: Sequence[Finding], gateway: Sequence[str]
) -> ScopeScore:
    """The score of one slice of the findings, as if it were the project's only coupling."""
    parts = components(graph, findings, gateway)
    total = total_of(parts)
    return ScopeScore(name=name, total=total, grade=grade(total), components=parts)


def score_project(graph: ExposureGraph, gateway: Sequence[str]) -> LockInScore:
    """The project's score, with its slices, containment and exposed entry points."""
    findings = graph.findings
    parts = components(graph, findings, gateway)
    total = total_of(parts)
    return LockInScore(
        total=total,
        grade=grade(total),
        components=parts,
        modules=_slices(graph, findings, gateway, lambda f: _module_name(graph, f)),
        sdks=_slices(graph, findings, gateway, lambda f: f.sdk),
        providers=_slices(graph, findings, gateway, lambda f: f.provider),
        containment=graph.containment(gateway),
        entry_points=_entry_points(graph),
    )


def _module_name(graph: ExposureGraph, finding: Finding) -> str:
    site = graph.site_of(finding)
    module = graph.module_of(site) if site is not None else None
    return module or finding.path


def _slices(
    graph: ExposureGraph,
    findings: Sequence[Finding],
    gateway: Sequence[str],
    key: Callable[[Finding], str],
) -> tuple[ScopeScore, ...]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(key(finding), []).append(finding)
    scores = [score_slice(graph, name, group, gateway) for name, group in groups.items()]
    return tuple(sorted(scores, key=lambda s: (-s.total, s.name)))


def _entry_points(graph: ExposureGraph) -> tuple[EntryPointExposure, ...]:
    sdks_of: dict[str, set[str]] = {}
    for sdk in sorted(graph.nodes_of_kind("sdk")):
        name = str(graph.graph.nodes[sdk]["name"])
        for entry in graph.entry_points(name):
            sdks_of.setdefault(entry, set()).add(name)
    exposures = []
    for entry, sdks in sdks_of.items():
        kind = graph.entry_kind(entry)
        assert kind is not None  # entry_points() only yields entry points
        value: EntryKindName = kind.value
        exposures.append(EntryPointExposure(name=entry, kind=value, sdks=tuple(sorted(sdks))))
    return tuple(sorted(exposures, key=lambda e: (-len(e.sdks), e.name)))
