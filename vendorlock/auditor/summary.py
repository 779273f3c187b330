"""Assemble the Report: filter by confidence, order, and count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from vendorlock.model import (
    Confidence,
    Diagnostic,
    FileOutcome,
    FileStatus,
    Finding,
    Report,
    Summary,
    ToolInfo,
)


def _counts(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))


def build_report(
    *,
    version: str,
    root: Path,
    findings: Sequence[Finding],
    diagnostics: Sequence[Diagnostic],
    outcomes: Sequence[FileOutcome],
    min_confidence: Confidence,
) -> Report:
    kept = sorted(
        (f for f in findings if f.confidence.rank <= min_confidence.rank),
        key=lambda f: (f.path, f.cell or 0, f.line, f.column, f.rule),
    )
    failed = sum(outcome.status is FileStatus.FAILED for outcome in outcomes)
    # Suppressed findings stay in the report, marked, but count nowhere.
    active = [f for f in kept if not f.suppressed]
    summary = Summary(
        files_discovered=len(outcomes),
        files_scanned=len(outcomes) - failed,
        files_with_findings=len({f.path for f in active}),
        files_failed=failed,
        findings=len(active),
        by_kind=_counts(f.kind.value for f in active),
        by_sdk=_counts(f.sdk for f in active),
        by_provider=_counts(f.provider for f in active),
        by_confidence=_counts(f.confidence.value for f in active),
        suppressed=len(kept) - len(active),
    )
    return Report(
        tool=ToolInfo(version=version),
        root=root.as_posix(),
        summary=summary,
        findings=tuple(kept),
        diagnostics=tuple(sorted(diagnostics, key=lambda d: (d.path, d.kind.value))),
    )
