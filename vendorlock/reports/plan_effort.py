"""The plan's effort model and its risks: data, so `docs/plan.md` can show them as they are.

Effort is counted in minutes per site, by the kind of work and the site's
portability (as `vendorlock migrate` judges it for call sites), plus a fixed
cost per distinct proprietary feature (deciding on and building its
replacement happens once, however many sites use it) and for the gateway.
`effort_model_markdown()` renders the tables `docs/plan.md` embeds; a test
keeps the two equal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from vendorlock.model import Finding, Kind, Portability
from vendorlock.reports.plan_model import EffortEstimate, EffortLine, Risk
from vendorlock.reports.terminal import format_location

__all__ = [
    "FEATURE_MINUTES",
    "GATEWAY_MINUTES",
    "GATEWAY_MODULE_MINUTES",
    "RISKS",
    "SITE_MINUTES",
    "RiskSpec",
    "effort_model_markdown",
    "estimate",
    "risks",
    "work_of",
]

_LEVELS = (Portability.AUTO, Portability.ASSISTED, Portability.MANUAL)

# Minutes per site. A safe rewrite still needs its diff read and the tests run;
# an assisted one needs the behaviour checked; a manual one is written by hand.
SITE_MINUTES: dict[str, tuple[int, int, int]] = {
    "call site": (5, 20, 60),
    "feature site": (10, 30, 60),
    "import or client": (2, 10, 30),
    "other coupling": (5, 15, 30),
}
"""Work -> minutes for an (auto, assisted, manual) site."""

FEATURE_MINUTES: tuple[int, int, int] = (0, 60, 240)
"""Once per distinct proprietary feature: choosing and building its replacement."""
GATEWAY_MINUTES = 60
"""Creating the gateway module and declaring it in `[tool.vendorlock]`."""
GATEWAY_MODULE_MINUTES = 30
"""Moving one module's direct calls behind the gateway."""

_WORK = {
    Kind.CALL: "call site",
    Kind.FEATURE: "feature site",
    Kind.IMPORT: "import or client",
    Kind.CLIENT: "import or client",
}


def work_of(finding: Finding) -> str:
    """The effort model's kind of work for a finding."""
    return _WORK.get(finding.kind, "other coupling")


def estimate(
    sites: Iterable[tuple[str, Portability]],
    features: Iterable[Portability],
    gateway_modules: int,
) -> EffortEstimate:
    """The effort of `sites` (work, portability), distinct `features`, and the gateway."""
    counted = Counter(sites)
    lines = [
        _line(f"{work} ({level.value})", counted[(work, level)], minutes[level.rank])
        for work, minutes in SITE_MINUTES.items()
        for level in _LEVELS
    ]
    by_level = Counter(features)
    lines += [
        _line(f"proprietary feature ({level.value})", by_level[level], FEATURE_MINUTES[level.rank])
        for level in _LEVELS
    ]
    if gateway_modules:
        lines.append(_line("gateway module", 1, GATEWAY_MINUTES))
        lines.append(
            _line("module moved behind the gateway", gateway_modules, GATEWAY_MODULE_MINUTES)
        )
    kept = tuple(line for line in lines if line.count and line.minutes_each)
    total = sum(line.minutes for line in kept)
    return EffortEstimate(lines=kept, minutes=total, hours=round(total / 60, 1))


def _line(work: str, count: int, minutes_each: int) -> EffortLine:
    return EffortLine(
        work=work, count=count, minutes_each=minutes_each, minutes=count * minutes_each
    )


def effort_model_markdown() -> str:
    """The effort model as the Markdown tables `docs/plan.md` shows."""
    lines = ["| Work | auto | assisted | manual |", "|---|---|---|---|"]
    for work, (auto, assisted, manual) in SITE_MINUTES.items():
        lines.append(f"| {work} | {auto} | {assisted} | {manual} |")
    auto, assisted, manual = FEATURE_MINUTES
    lines.append(f"| proprietary feature, once per feature | {auto} | {assisted} | {manual} |")
    lines += [
        "",
        f"Phase 0 adds {GATEWAY_MINUTES} minutes to create the gateway module and "
        f"{GATEWAY_MODULE_MINUTES} minutes per module whose calls move behind it.",
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class RiskSpec:
    """A risk, and the rule-id and API fragments that show it is present."""

    id: str
    title: str
    detail: str
    rule_parts: tuple[str, ...] = ()
    api_parts: tuple[str, ...] = ()
    model_parts: tuple[str, ...] = ()

    def matches(self, finding: Finding) -> bool:
        """Whether the finding's rule, features, API or model id shows this risk."""
        names = (finding.rule, *finding.features)
        if any(part in name for part in self.rule_parts for name in names):
            return True
        if finding.api is not None and any(part in finding.api for part in self.api_parts):
            return True
        return finding.kind is Kind.MODEL and any(p in finding.code for p in self.model_parts)


# Fragments of rule ids rather than lists of ids: a feature rule added to a
# catalogue later (`groq-thinking`) is covered by the same risk.
RISKS: tuple[RiskSpec, ...] = (
    RiskSpec(
        "thinking",
        "Thinking budgets",
        "Extended thinking and reasoning settings (`thinking={budget_tokens}`, "
        "`reasoning_effort`) do not map one to one between providers: budgets, the billing "
        "of reasoning tokens and signed thinking blocks differ. Re-tune the budgets and "
        "compare answer quality after the move.",
        rule_parts=("thinking", "reasoning"),
    ),
    RiskSpec(
        "structured-output",
        "Structured output differences",
        "JSON-schema response formats are enforced by some providers, emulated through tool "
        "calls by others and ignored by the rest. Validate every response against the schema "
        "after the move, and keep a retry for invalid output.",
        rule_parts=("json-schema", "structured", "parse-helper"),
    ),
    RiskSpec(
        "embeddings",
        "Stored embeddings",
        "Vectors from different embedding models cannot be compared. If the embedding model "
        "changes, re-embed every stored vector and rebuild the indexes before queries use "
        "the new model; until then keep the old model for queries.",
        rule_parts=("embed",),
        api_parts=("embed",),
    ),
    RiskSpec(
        "fine-tuned",
        "Fine-tuned models",
        "A model tuned on one vendor's platform cannot be moved. Keep the training data in a "
        "neutral format, tune again on the target and evaluate before switching traffic.",
        rule_parts=("fine-tuning", "tuning"),
        model_parts=("ft:",),
    ),
    RiskSpec(
        "server-state",
        "Assistants and server-side state",
        "Assistants, threads, stored responses, files and vector stores live on the vendor's "
        "servers. Export what must survive and keep conversation state in your own store "
        "before switching; conversations in flight at the switch are lost.",
        rule_parts=(
            "assistants",
            "threads",
            "state",
            "stored",
            "vector-stores",
            "files",
            "agents",
        ),
    ),
)
"""Risks the plan names when the findings show them, in this order."""


def risks(findings: Sequence[Finding]) -> tuple[Risk, ...]:
    """Every risk some finding shows, with the locations that show it."""
    found = []
    for spec in RISKS:
        sites = dict.fromkeys(format_location(f) for f in findings if spec.matches(f))
        if sites:
            found.append(Risk(id=spec.id, title=spec.title, detail=spec.detail, sites=tuple(sites)))
    return tuple(found)
