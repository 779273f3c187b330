"""What the rich reports (Markdown, HTML) show beyond the text report, as plain data.

The terminal module already decides the headline, the summary rows and the
breakdowns; this one adds the views a reviewer reads first: which SDK and
provider pairs the code depends on, the files with the most findings, the
proprietary features in use and how exposed each module is. Markdown and HTML
render the same numbers, so they are counted once, here, and tested as data.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from vendorlock.model import Finding, Kind, Portability, RuleInfo

__all__ = [
    "PROJECT_URL",
    "RULES_DOC_URL",
    "FeatureRow",
    "HotSpot",
    "ModuleExposure",
    "VendorRow",
    "feature_rows",
    "hot_spots",
    "module_exposure",
    "module_name",
    "rule_anchor",
    "rule_url",
    "vendor_rows",
]

PROJECT_URL = "https://github.com/vendorlock/vendorlock"
"""The project's home page: SARIF's `informationUri` and the reports' links."""
RULES_DOC_URL = f"{PROJECT_URL}/blob/main/docs/rules.md"
"""The generated rules reference (`docs/rules.md`) as a browser shows it."""


@dataclass(frozen=True)
class VendorRow:
    """What the code does with one SDK served by one provider."""

    sdk: str
    provider: str
    findings: int
    calls: int
    clients: int
    features: int
    manual: int


@dataclass(frozen=True)
class HotSpot:
    """A file and how much of the coupling it holds."""

    path: str
    findings: int
    calls: int
    manual: int


@dataclass(frozen=True)
class FeatureRow:
    """One proprietary feature rule in use: how often, how portable, what it is."""

    rule: str
    count: int
    portability: Portability
    title: str
    url: str | None


@dataclass(frozen=True)
class ModuleExposure:
    """The direct vendor calls one module makes, per SDK (largest first)."""

    module: str
    directory: str
    calls: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.calls)


def rule_anchor(rule: RuleInfo) -> str:
    """The anchor of a rule's section in docs/rules.md, as GitHub slugs its heading.

    The heading is "`id`: title"; GitHub lowercases it, turns spaces into
    hyphens and drops other punctuation. A test checks that the generated
    rules reference links to the same anchors.
    """
    text = f"{rule.id}-{rule.title}".lower().replace(" ", "-")
    return "".join(char for char in text if char.isalnum() or char in "-_")


def rule_url(rule: RuleInfo) -> str:
    """Where a person reads the rule's documentation."""
    return f"{RULES_DOC_URL}#{rule_anchor(rule)}"


def vendor_rows(findings: Iterable[Finding]) -> tuple[VendorRow, ...]:
    """One row per (SDK, provider) pair, most findings first."""
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[finding.sdk, finding.provider].append(finding)
    rows = [_vendor_row(sdk, provider, group) for (sdk, provider), group in groups.items()]
    return tuple(sorted(rows, key=lambda row: (-row.findings, row.sdk, row.provider)))


def _vendor_row(sdk: str, provider: str, group: Sequence[Finding]) -> VendorRow:
    kinds = Counter(finding.kind for finding in group)
    return VendorRow(
        sdk=sdk,
        provider=provider,
        findings=len(group),
        calls=kinds[Kind.CALL],
        clients=kinds[Kind.CLIENT],
        features=kinds[Kind.FEATURE],
        manual=_manual(group),
    )


def _manual(findings: Iterable[Finding]) -> int:
    return sum(finding.portability is Portability.MANUAL for finding in findings)


def hot_spots(findings: Iterable[Finding], limit: int) -> tuple[HotSpot, ...]:
    """The `limit` files with the most findings; ties by path."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[finding.path].append(finding)
    spots = [
        HotSpot(
            path=path,
            findings=len(group),
            calls=sum(finding.kind is Kind.CALL for finding in group),
            manual=_manual(group),
        )
        for path, group in groups.items()
    ]
    return tuple(sorted(spots, key=lambda spot: (-spot.findings, spot.path))[:limit])


def feature_rows(
    findings: Iterable[Finding], rules: Mapping[str, RuleInfo]
) -> tuple[FeatureRow, ...]:
    """Each feature rule found, most used first, with its least portable site.

    The least portable site decides the row because one manual use is enough
    to block a move to the neutral layer.
    """
    counts: Counter[str] = Counter()
    worst: dict[str, Portability] = {}
    for finding in findings:
        if finding.kind is not Kind.FEATURE:
            continue
        counts[finding.rule] += 1
        current = worst.get(finding.rule, finding.portability)
        worst[finding.rule] = max(current, finding.portability, key=lambda level: level.rank)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(_feature_row(rule, count, worst[rule], rules.get(rule)) for rule, count in ordered)


def _feature_row(
    rule_id: str, count: int, portability: Portability, rule: RuleInfo | None
) -> FeatureRow:
    if rule is None:
        # A finding from a rule the catalogue no longer has (an old report):
        # still shown, without a title or a link that would be wrong.
        return FeatureRow(rule_id, count, portability, rule_id, None)
    return FeatureRow(rule_id, count, portability, rule.title, rule_url(rule))


def module_name(path: str) -> str:
    """`app/llm.py` → `app.llm`, `app/__init__.py` → `app`; other files keep their path."""
    if not path.endswith(".py"):
        return path
    parts = path[: -len(".py")].split("/")
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def module_exposure(findings: Iterable[Finding]) -> tuple[ModuleExposure, ...]:
    """Direct vendor calls per module and SDK, most calls first.

    Only `call` findings count: an import or a client alone does not reach the
    vendor, and features are already counted on the calls that use them.
    """
    calls: dict[str, Counter[str]] = defaultdict(Counter)
    for finding in findings:
        if finding.kind is Kind.CALL:
            calls[finding.path][finding.sdk] += 1
    modules = [
        ModuleExposure(
            module=module_name(path),
            directory=posixpath.dirname(path),
            calls=tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0]))),
        )
        for path, counter in calls.items()
    ]
    return tuple(sorted(modules, key=lambda item: (-item.total, item.module)))
