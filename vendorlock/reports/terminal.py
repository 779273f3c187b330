"""The text report as plain data: what `vendorlock scan` shows a person.

This module decides *what* the terminal shows (which numbers, in which order,
how a location is written); `vendorlock.console` decides only *how* it looks.
Keeping rich out of here means the content is tested as data, and other
renderers (Markdown, HTML) can reuse the same choices.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby

from vendorlock.model import Confidence, Diagnostic, Finding, Portability, Report, Summary
from vendorlock.reports.terminal_score import ScoreSection, build_score_section


@dataclass(frozen=True)
class Count:
    """One labelled number: a summary row or one entry of a breakdown."""

    label: str
    count: int


@dataclass(frozen=True)
class Breakdown:
    """Findings counted by one dimension (SDK, provider, kind, portability)."""

    title: str
    counts: tuple[Count, ...]


@dataclass(frozen=True)
class FindingLine:
    """One finding as the terminal shows it; every field is user content, shown verbatim."""

    location: str
    rule: str
    confidence: str
    portability: str
    message: str
    code: str


@dataclass(frozen=True)
class FileSection:
    """The findings of one file, in source order."""

    path: str
    findings: tuple[FindingLine, ...]


@dataclass(frozen=True)
class DiagnosticLine:
    """A file that was not (completely) scanned, and why."""

    location: str
    kind: str
    message: str


@dataclass(frozen=True)
class TextReport:
    """Everything the terminal report shows, in display order."""

    title: str
    headline: str
    summary: tuple[Count, ...]
    breakdowns: tuple[Breakdown, ...]
    files: tuple[FileSection, ...]
    diagnostics: tuple[DiagnosticLine, ...]
    score: ScoreSection | None = None


def build_text_report(report: Report) -> TextReport:
    """Turn a scan's `Report` into the plain data of the text report."""
    return TextReport(
        title=f"{report.tool.name} {report.tool.version} · {report.root}",
        headline=_headline(report.summary),
        summary=_summary_rows(report.summary),
        breakdowns=_breakdowns(report),
        files=_file_sections(report.findings),
        diagnostics=tuple(_diagnostic_line(item) for item in report.diagnostics),
        score=build_score_section(report),
    )


def format_location(finding: Finding) -> str:
    """`path:line:col`, or `path:cell N:line` for a notebook cell.

    Notebook columns are left out: an editor cannot jump to them, and the cell
    number is what a person looks for.
    """
    if finding.cell is not None:
        return f"{finding.path}:cell {finding.cell}:{finding.line}"
    return f"{finding.path}:{finding.line}:{finding.column}"


def plural(count: int, noun: str) -> str:
    """`1 file`, `2 files`: the report's nouns all take a plain `s`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _headline(summary: Summary) -> str:
    scanned = plural(summary.files_scanned, "file")
    if summary.findings == 0:
        return f"No vendor lock-in found ({scanned} scanned)."
    found = plural(summary.findings, "finding")
    where = plural(summary.files_with_findings, "file")
    return f"{found} in {where} ({scanned} scanned)."


def _summary_rows(summary: Summary) -> tuple[Count, ...]:
    rows = [
        Count("Files discovered", summary.files_discovered),
        Count("Files scanned", summary.files_scanned),
        Count("Files with findings", summary.files_with_findings),
        Count("Files failed", summary.files_failed),
        Count("Findings", summary.findings),
    ]
    # Confidence is a fixed two-step scale, so both rows show even when zero.
    rows += [
        Count(f"{level.value.capitalize()} findings", summary.by_confidence.get(level.value, 0))
        for level in Confidence
    ]
    return tuple(rows)


def _breakdowns(report: Report) -> tuple[Breakdown, ...]:
    if not report.findings:
        return ()
    summary = report.summary
    # The summary has no portability counts; they answer "what can be fixed
    # automatically", so count them here, on the fixed auto → manual scale.
    portability = Counter(finding.portability for finding in report.findings)
    return (
        Breakdown("SDK", _ranked(summary.by_sdk)),
        Breakdown("Provider", _ranked(summary.by_provider)),
        Breakdown("Kind", _ranked(summary.by_kind)),
        Breakdown(
            "Portability",
            tuple(Count(level.value, portability[level]) for level in Portability),
        ),
    )


def _ranked(counts: Mapping[str, int]) -> tuple[Count, ...]:
    """Largest first; ties by name so the order never depends on dict order."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Count(label, count) for label, count in ordered)


def _file_sections(findings: Iterable[Finding]) -> tuple[FileSection, ...]:
    ordered = sorted(findings, key=_source_order)
    return tuple(
        FileSection(path, tuple(_finding_line(finding) for finding in group))
        for path, group in groupby(ordered, key=lambda finding: finding.path)
    )


def _source_order(finding: Finding) -> tuple[str, int, int, int, str]:
    return (finding.path, finding.cell or 0, finding.line, finding.column, finding.rule)


def _finding_line(finding: Finding) -> FindingLine:
    return FindingLine(
        location=format_location(finding),
        rule=finding.rule,
        confidence=finding.confidence.value,
        portability=finding.portability.value,
        message=finding.message,
        code=finding.code,
    )


def _diagnostic_line(diagnostic: Diagnostic) -> DiagnosticLine:
    location = diagnostic.path
    if diagnostic.line is not None:
        location = f"{location}:{diagnostic.line}"
    return DiagnosticLine(location, diagnostic.kind.value, diagnostic.message)
