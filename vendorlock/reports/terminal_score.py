"""The lock-in score part of the text report, as plain data.

What `vendorlock scan` shows about the score: the total and grade, each part
with what it measured, containment in the gateway, and the hot spots (modules
by score, call sites by blast radius, entry points by vendor). Everything is
read from the report's model; nothing is recomputed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from vendorlock.model import Containment, Finding, Kind, LockInScore, Report

__all__ = ["HOT_SPOTS", "HotSpots", "ScorePart", "ScoreSection", "build_score_section"]

HOT_SPOTS = 5
"""Rows per hot-spot table: the first few are what a person acts on."""


@dataclass(frozen=True)
class ScorePart:
    """One component of the score: its points out of its maximum, and what it measured."""

    name: str
    points: str
    detail: str


@dataclass(frozen=True)
class HotSpots:
    """A small ranked table: a title, column headers and rows of text."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ScoreSection:
    """The score as the terminal shows it, in display order."""

    headline: str
    parts: tuple[ScorePart, ...]
    containment: str | None
    hot_spots: tuple[HotSpots, ...]


def build_score_section(report: Report) -> ScoreSection | None:
    """The score section, or None for a report built without a score."""
    score = report.score
    if score is None:
        return None
    hot_spots = (_modules(score), _call_sites(report.findings), _entry_points(score))
    return ScoreSection(
        headline=f"Lock-in score {score.total:.1f} / 100 (grade {score.grade})",
        parts=tuple(
            ScorePart(part.name, f"{part.points:.1f} / {part.max_points:g}", part.detail)
            for part in score.components
        ),
        containment=_containment(score.containment),
        hot_spots=tuple(table for table in hot_spots if table.rows),
    )


def _containment(containment: Containment) -> str | None:
    if not containment.gateway:
        return None
    globs = ", ".join(containment.gateway)
    return (
        f"Gateway ({globs}): {containment.inside} of {containment.direct_calls} direct calls "
        f"inside, {len(containment.modules_outside)} modules call a vendor outside it"
    )


def _modules(score: LockInScore) -> HotSpots:
    rows = tuple(
        (module.name, f"{module.total:.1f}", module.grade) for module in score.modules[:HOT_SPOTS]
    )
    return HotSpots("Modules by lock-in", ("Module", "Score", "Grade"), rows)


def _call_sites(findings: tuple[Finding, ...]) -> HotSpots:
    calls = [f for f in findings if f.kind is Kind.CALL and f.blast_radius is not None]
    calls.sort(key=_blast_order)
    rows = []
    for finding in calls[:HOT_SPOTS]:
        radius = finding.blast_radius
        assert radius is not None  # filtered above
        # Short words: the three counts must fit beside a path and an API id in 80 columns.
        entries = "entry" if radius.entry_points == 1 else "entries"
        reached_by = f"{radius.functions} fn, {radius.modules} mod, {radius.entry_points} {entries}"
        rows.append((f"{finding.path}:{finding.line}", finding.api or finding.sdk, reached_by))
    header = ("Call site", "API", "Blast radius")
    return HotSpots("Call sites by blast radius", header, tuple(rows))


def _blast_order(finding: Finding) -> tuple[int, int, int, str, int]:
    radius = finding.blast_radius
    assert radius is not None
    return (-radius.entry_points, -radius.functions, -radius.modules, finding.path, finding.line)


def _entry_points(score: LockInScore) -> HotSpots:
    rows = tuple(
        (entry.name, entry.kind, ", ".join(entry.sdks))
        for entry in score.entry_points[: HOT_SPOTS * 2]
    )
    return HotSpots("Entry points by vendor", ("Entry point", "Kind", "SDKs"), rows)
