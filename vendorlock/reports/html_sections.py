"""The sections of the HTML report, each a function of the same context.

Every value from the scan goes through `_e` (or `_code`) before it becomes
markup; numbers and the fixed vocabulary of the model (kinds, portability
levels) are the only things written unescaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from vendorlock.model import Confidence, Finding, History, Kind, Portability, Report, RuleInfo
from vendorlock.reports import overview
from vendorlock.reports.terminal import Count, TextReport

__all__ = [
    "HtmlContext",
    "HtmlSection",
    "HtmlSectionBuilder",
    "breakdown_section",
    "diagnostics_section",
    "exposure_section",
    "features_section",
    "findings_section",
    "summary_section",
]

HOT_SPOTS = 10
EXPOSED_MODULES = 30


@dataclass(frozen=True)
class HtmlContext:
    """What every section builder reads."""

    report: Report
    rules: Mapping[str, RuleInfo]
    text: TextReport
    history: History | None = None
    """The score over git history (`vendorlock history`), for the trend chart."""


@dataclass(frozen=True)
class HtmlSection:
    """One titled part of the page; `body` is HTML whose user content is escaped."""

    id: str
    title: str
    body: str


HtmlSectionBuilder = Callable[[HtmlContext], "HtmlSection | None"]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _row(tag: str, cells: Iterable[str], first_numeric: int) -> str:
    return (
        "<tr>"
        + "".join(
            f"<{tag}{' class=num' if i >= first_numeric else ''}>{cell}</{tag}>"
            for i, cell in enumerate(cells)
        )
        + "</tr>"
    )


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: int = 0) -> str:
    """A table of HTML cells (already escaped); the last `numeric` columns align right."""
    first_numeric = len(headers) - numeric
    head = _row("th", (_e(header) for header in headers), first_numeric)
    body = "".join(_row("td", row, first_numeric) for row in rows)
    table = f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def _bar(count: int, largest: int) -> str:
    width = round(100 * count / largest) if largest else 0
    return f'{count}<span class="bar"><span style="width:{width}%"></span></span>'


def _code(value: str) -> str:
    return f"<code>{_e(value)}</code>"


def summary_section(context: HtmlContext) -> HtmlSection:
    """The scan's counts, and how much of it can move to a neutral layer."""
    stats = "".join(
        f'<div class="stat"><div class="value">{row.count}</div>'
        f'<div class="label">{_e(row.label)}</div></div>'
        for row in context.text.summary
    )
    body = f'<div class="stats">{stats}</div>'
    return HtmlSection("summary", "Summary", body + _portability_stack(context.report.findings))


def _portability_stack(findings: Sequence[Finding]) -> str:
    if not findings:
        return ""
    counts = {level: sum(f.portability is level for f in findings) for level in Portability}
    spans = "".join(
        f'<span class="{level.value}" style="width:{100 * n / len(findings):.2f}%"></span>'
        for level, n in counts.items()
    )
    legend = "".join(
        f'<li class="{level.value}"><span class="muted">{n} {level.value}: {_e(what)}</span></li>'
        for (level, n), what in zip(counts.items(), _PORTABILITY_MEANING, strict=True)
    )
    return f'<div class="stack" title="Portability">{spans}</div><ul class="legend">{legend}</ul>'


_PORTABILITY_MEANING = (
    "a safe rewrite exists",
    "a partial rewrite exists",
    "no neutral equivalent",
)


def breakdown_section(context: HtmlContext) -> HtmlSection | None:
    """Findings by SDK, provider, kind and portability, then per SDK and provider pair."""
    if not context.text.breakdowns:
        return None
    tables = "".join(
        f"<div><h3>{_e(item.title)}</h3>{_counts_table(item.counts)}</div>"
        for item in context.text.breakdowns
    )
    vendors = overview.vendor_rows(context.report.findings)
    rows = (
        (
            _code(r.sdk),
            _code(r.provider),
            *_numbers(r.findings, r.calls, r.clients, r.features, r.manual),
        )
        for r in vendors
    )
    headers = ("SDK", "Provider", "Findings", "Calls", "Clients", "Features", "Manual sites")
    pairs = f"<h3>SDK and provider</h3>{_table(headers, rows, numeric=5)}"
    body = f'<div class="grid">{tables}</div><div class="pairs">{pairs}</div>'
    return HtmlSection("breakdown", "Breakdown", body)


def _numbers(*values: int) -> tuple[str, ...]:
    return tuple(str(value) for value in values)


def _counts_table(counts: Sequence[Count]) -> str:
    largest = max((row.count for row in counts), default=0)
    rows = ((_e(row.label), _bar(row.count, largest)) for row in counts)
    return _table(("", "Findings"), rows, numeric=1)


def exposure_section(context: HtmlContext) -> HtmlSection | None:
    """Which modules call which SDK directly, and the files holding the most findings.

    The exposure graph (who reaches those modules) will extend this section.
    """
    modules = overview.module_exposure(context.report.findings)
    spots = overview.hot_spots(context.report.findings, HOT_SPOTS)
    if not spots:
        return None
    sdks = sorted({sdk for module in modules for sdk, _ in module.calls})
    largest = modules[0].total if modules else 0
    rows = (
        (
            _code(m.module),
            *(str(dict(m.calls).get(sdk, "")) for sdk in sdks),
            _bar(m.total, largest),
        )
        for m in modules[:EXPOSED_MODULES]
    )
    more = len(modules) - EXPOSED_MODULES
    matrix = _table(("Module", *sdks, "Calls"), rows, numeric=len(sdks) + 1) if modules else ""
    if more > 0:
        matrix += f'<p class="muted">and {more} more modules</p>'
    spot_rows = ((_code(s.path), *_numbers(s.findings, s.calls, s.manual)) for s in spots)
    hot = _table(("File", "Findings", "Calls", "Manual sites"), spot_rows, numeric=3)
    lead = "Direct vendor calls per module and SDK, most exposed first."
    body = f'<p class="lead">{lead}</p>{matrix}<h3 class="after">Hot spots</h3>{hot}'
    return HtmlSection("exposure", "Exposure", body)


def features_section(context: HtmlContext) -> HtmlSection | None:
    """Each proprietary feature in use, linked to its rule's documentation."""
    rows = overview.feature_rows(context.report.findings, context.rules)
    if not rows:
        return None
    cells = (
        (
            _rule_link(r.rule, r.url),
            _e(r.title),
            f'<span class="badge {r.portability.value}">{r.portability.value}</span>',
            str(r.count),
        )
        for r in rows
    )
    lead = (
        '<p class="lead">Vendor-only features: each is a site to redesign, not just to rename.</p>'
    )
    body = lead + _table(("Feature", "What", "Portability", "Sites"), cells, numeric=1)
    return HtmlSection("features", "Proprietary features", body)


def _rule_link(rule: str, url: str | None) -> str:
    if url is None:
        return _code(rule)
    return f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{_code(rule)}</a>'


_FINDINGS_HEAD = (
    ("location", "Location"),
    ("rule", "Rule"),
    ("vendor", "Vendor"),
    ("kind", "Kind"),
    ("confidence", "Confidence"),
    ("portability", "Portability"),
    ("message", "Finding"),
)


def _select(name: str, label: str, values: Iterable[str]) -> str:
    options = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)
    return (
        f'<select id="filter-{name}" aria-label="{_e(label)}">'
        f'<option value="">{_e(label)}: all</option>{options}</select>'
    )


def findings_section(context: HtmlContext) -> HtmlSection | None:
    """The controls and the empty table that the page's script fills from the JSON data."""
    findings = context.report.findings
    if not findings:
        return None
    controls = (
        '<input id="filter-q" type="search" placeholder="Filter by path, rule, API, message, code"'
        ' aria-label="Filter findings">'
        + _select("sdk", "SDK", sorted({f.sdk for f in findings}))
        + _select("kind", "Kind", [k.value for k in Kind if any(f.kind is k for f in findings)])
        + _select("confidence", "Confidence", [c.value for c in Confidence])
        + '<span class="count" id="findings-count" aria-live="polite"></span>'
    )
    head = "".join(
        f'<th data-sort="{key}" aria-sort="none"><button type="button">{title}</button></th>'
        for key, title in _FINDINGS_HEAD
    )
    table = (
        f'<div class="scroll"><table id="findings-table"><thead><tr>{head}</tr></thead>'
        "<tbody></tbody></table></div>"
        "<noscript><p>The findings table needs JavaScript; its data is in this file.</p></noscript>"
    )
    return HtmlSection("findings", "Findings", f'<div class="controls">{controls}</div>{table}')


def diagnostics_section(context: HtmlContext) -> HtmlSection | None:
    """Files that were not scanned, or not completely, and why."""
    if not context.text.diagnostics:
        return None
    rows = (
        (_code(d.location), f'<span class="badge">{_e(d.kind)}</span>', _e(d.message))
        for d in context.text.diagnostics
    )
    lead = '<p class="lead">Files that were not scanned, or not completely, and why.</p>'
    body = lead + _table(("File", "Problem", "Detail"), rows)
    return HtmlSection("diagnostics", "Diagnostics", body)
