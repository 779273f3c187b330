"""The CI gate of `vendorlock check`: portability may only improve.

A gate reads the report and the settings, nothing else: no scanner internals,
so a gate's verdict can be recomputed from a saved JSON report. Four gates,
each evaluated only when configured:

* **score**: the lock-in score is at most `max_score`;
* **findings**: at most `max_findings` active findings;
* **new findings** (`fail_on = "new"` with a baseline): no finding the baseline
  lacks (see `vendorlock.baseline` for how moves are matched); with
  `fail_on = "any"`, no active finding at all, baseline or not;
* **gateway**: no direct vendor call outside the `gateway` path globs, except
  calls the baseline already holds outside it (with `fail_on = "new"`).

Suppressed findings (`# vendorlock: ignore[...]`) count in no gate; the
summary says how many there were.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vendorlock.auditor.gateway import in_gateway
from vendorlock.baseline import Baseline, Comparison, compare
from vendorlock.config import FailOn
from vendorlock.model import Finding, Kind, Report
from vendorlock.reports.terminal import plural

__all__ = ["CheckResult", "GateOutcome", "GateSettings", "evaluate"]


@dataclass(frozen=True)
class GateSettings:
    """The gates to apply; None or empty leaves a gate out."""

    max_score: float | None = None
    max_findings: int | None = None
    fail_on: FailOn = "new"
    gateway: tuple[str, ...] = ()
    baseline: Baseline | None = None
    baseline_name: str = "the baseline"
    """How the summary names the baseline file."""


@dataclass(frozen=True)
class GateOutcome:
    """One gate's verdict: a one-line reason, and the findings that failed it."""

    name: str
    passed: bool
    reason: str
    sites: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class CheckResult:
    """Every gate's verdict, and the counts the summary ends with."""

    gates: tuple[GateOutcome, ...]
    findings: int
    suppressed: int
    moved: int = 0
    fixed: int = 0
    unscanned: int = 0

    @property
    def passed(self) -> bool:
        return all(gate.passed for gate in self.gates)

    @property
    def failed(self) -> tuple[GateOutcome, ...]:
        return tuple(gate for gate in self.gates if not gate.passed)


def evaluate(report: Report, settings: GateSettings) -> CheckResult:
    """Apply every configured gate to the report's active findings."""
    active = tuple(finding for finding in report.findings if not finding.suppressed)
    comparison = None
    if settings.baseline is not None and settings.fail_on == "new":
        comparison = compare(active, settings.baseline)
    gates = [
        _score_gate(report, settings.max_score),
        _count_gate(active, settings.max_findings),
        _new_gate(active, settings, comparison),
        _gateway_gate(active, settings.gateway, comparison),
    ]
    return CheckResult(
        gates=tuple(gate for gate in gates if gate is not None),
        findings=len(active),
        suppressed=len(report.findings) - len(active),
        moved=len(comparison.moved) if comparison else 0,
        fixed=len(comparison.fixed) if comparison else 0,
        unscanned=report.summary.files_failed,
    )


def _score_gate(report: Report, limit: float | None) -> GateOutcome | None:
    if limit is None:
        return None
    if report.score is None:
        return GateOutcome("score", True, "no lock-in score was computed")
    score = report.score
    shown = f"{score.total:g} (grade {score.grade})"
    if score.total > limit:
        return GateOutcome("score", False, f"{shown} is above the limit {limit:g}")
    return GateOutcome("score", True, f"{shown} is within the limit {limit:g}")


def _count_gate(active: Sequence[Finding], limit: int | None) -> GateOutcome | None:
    if limit is None:
        return None
    count = plural(len(active), "finding")
    if len(active) > limit:
        return GateOutcome("findings", False, f"{count}, more than the limit {limit}")
    return GateOutcome("findings", True, f"{count}, within the limit {limit}")


def _new_gate(
    active: Sequence[Finding], settings: GateSettings, comparison: Comparison | None
) -> GateOutcome | None:
    if settings.fail_on == "any":
        if active:
            return GateOutcome(
                "any finding", False, f"{plural(len(active), 'finding')}", tuple(active)
            )
        return GateOutcome("any finding", True, "no findings")
    if comparison is None:
        return None
    name = settings.baseline_name
    if comparison.new:
        reason = f"{plural(len(comparison.new), 'finding')} not in {name}"
        return GateOutcome("new findings", False, reason, comparison.new)
    return GateOutcome("new findings", True, f"every finding is in {name}")


def _gateway_gate(
    active: Sequence[Finding], gateway: tuple[str, ...], comparison: Comparison | None
) -> GateOutcome | None:
    if not gateway:
        return None
    globs = ", ".join(gateway)
    outside = [f for f in active if f.kind is Kind.CALL and not in_gateway(f.path, gateway)]
    violations = tuple(f for f in outside if not _accepted_outside(f, gateway, comparison))
    if violations:
        count = plural(len(violations), "direct vendor call")
        return GateOutcome("gateway", False, f"{count} outside {globs}", violations)
    accepted = len(outside)
    tail = f" ({accepted} accepted by the baseline)" if accepted else ""
    return GateOutcome("gateway", True, f"every direct vendor call is inside {globs}{tail}")


def _accepted_outside(
    finding: Finding, gateway: tuple[str, ...], comparison: Comparison | None
) -> bool:
    """The baseline already held this call outside the gateway (in the same file or moved).

    A call moved from inside the gateway to outside it is not accepted: the
    baseline accepted it where it was.
    """
    entry = comparison.entry_of(finding) if comparison is not None else None
    return entry is not None and not in_gateway(entry.path, gateway)
