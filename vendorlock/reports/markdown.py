"""The Markdown report, for pull-request comments and issues (GitHub Flavored Markdown).

The report is a sequence of sections, each built by one function from the same
context; adding a section (the lock-in score, the exposure graph) means adding
one builder to `SECTIONS`. Everything taken from the scanned code (paths,
messages, code) goes through `_text` or `_code`, so a `|` cannot break a table,
a backtick cannot open a code span and `<script>` stays text. GitHub refuses
comments over 65,536 characters: the list of every finding is cut to fit, with
a note saying how many were left out.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from vendorlock.model import Finding, History, Report, RuleInfo
from vendorlock.reports.overview import (
    ModuleExposure,
    feature_rows,
    hot_spots,
    module_exposure,
    vendor_rows,
)
from vendorlock.reports.terminal import build_text_report, format_location, plural
from vendorlock.reports.trend import trend_markdown

__all__ = ["GITHUB_COMMENT_LIMIT", "SECTIONS", "MarkdownContext", "render_markdown"]

GITHUB_COMMENT_LIMIT = 65_536
"""The most characters GitHub accepts in an issue or pull-request comment."""
HOT_SPOTS = 10
EXPOSED_MODULES = 15
DIAGNOSTICS_SHOWN = 50


@dataclass(frozen=True)
class MarkdownContext:
    """What every section builder reads."""

    report: Report
    rules: Mapping[str, RuleInfo]
    findings_budget: int | None = None
    """Characters the list of findings may take; None for no limit."""
    history: History | None = None
    """The score over git history (`vendorlock history`), for the trend chart."""


MarkdownSection = Callable[[MarkdownContext], list[str]]
"""A builder: the section's lines, or no lines to leave the section out."""

# Backslash escapes for Markdown's inline syntax; `|` too, because GFM splits
# table cells on it before anything else. `<`, `>` and `&` become entities so
# that no HTML tag or entity in the scanned code is ever interpreted.
_ESCAPES = {char: "\\" + char for char in "\\`*_~[]|"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MERMAID_SAFE = re.compile(r"[^A-Za-z0-9 ._/-]")


def _text(value: str) -> str:
    """User content as inert Markdown text, on one line."""
    value = _CONTROL.sub(" ", value)
    return "".join(_ESCAPES.get(char, char) for char in value)


def _code(value: str) -> str:
    # An HTML <code> rather than backticks: a backtick in the value cannot end it.
    return f"<code>{_text(value)}</code>"


def _prose(message: str) -> str:
    """A finding's message: its `quoted` names as code, the rest as text."""
    parts = message.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: show the message as it is
        return _text(message)
    return "".join(_code(part) if odd else _text(part) for odd, part in _alternate(parts))


def _alternate(parts: Sequence[str]) -> Iterable[tuple[bool, str]]:
    return ((index % 2 == 1, part) for index, part in enumerate(parts) if part)


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _title(context: MarkdownContext) -> list[str]:
    tool = context.report.tool
    return [
        "## vendorlock report",
        "",
        f"{tool.name} {tool.version} · {_code(context.report.root)}",
    ]


def _summary(context: MarkdownContext) -> list[str]:
    text = build_text_report(context.report)
    sentences = [f"**{text.headline}**"]
    for breakdown in text.breakdowns:
        counts = ", ".join(f"{_text(item.label)} {item.count}" for item in breakdown.counts)
        sentences.append(f"{breakdown.title}: {counts}.")
    failed = context.report.summary.files_failed
    if failed:
        sentences.append(f"{plural(failed, 'file')} could not be scanned (see Diagnostics).")
    return [" ".join(sentences)]


def _vendors(context: MarkdownContext) -> list[str]:
    rows = vendor_rows(context.report.findings)
    if not rows:
        return []
    headers = ("SDK", "Provider", "Findings", "Calls", "Clients", "Features", "Manual sites")
    cells = (
        (_code(r.sdk), _code(r.provider), r.findings, r.calls, r.clients, r.features, r.manual)
        for r in rows
    )
    return ["### Vendors", "", *_table(headers, cells)]


def _hot_spots(context: MarkdownContext) -> list[str]:
    spots = hot_spots(context.report.findings, HOT_SPOTS)
    if not spots:
        return []
    total = len({finding.path for finding in context.report.findings})
    lead = "Files by number of findings."
    if len(spots) < total:
        lead = f"The {len(spots)} files with the most findings, of {total}."
    cells = ((_code(s.path), s.findings, s.calls, s.manual) for s in spots)
    table = _table(("File", "Findings", "Calls", "Manual sites"), cells)
    return ["### Hot spots", "", lead, "", *table]


def _features(context: MarkdownContext) -> list[str]:
    rows = feature_rows(context.report.findings, context.rules)
    if not rows:
        return []
    cells = (
        (_rule_link(r.rule, r.url), r.count, r.portability.value, _text(r.title)) for r in rows
    )
    table = _table(("Feature", "Sites", "Portability", "What"), cells)
    return ["### Proprietary features", "", *table]


def _rule_link(rule: str, url: str | None) -> str:
    return f"[{_code(rule)}]({url})" if url else _code(rule)


def _exposure(context: MarkdownContext) -> list[str]:
    modules = module_exposure(context.report.findings)
    if not modules:
        return []
    shown = modules[:EXPOSED_MODULES]
    lead = "Direct vendor calls per module"
    if len(shown) < len(modules):
        lead += f" (the {len(shown)} modules with the most, of {len(modules)})"
    return ["### Exposure", "", lead + ".", "", "```mermaid", *_mermaid(shown), "```"]


def _mermaid_label(value: str) -> str:
    # Mermaid decodes `#NN;` in labels; anything but plain path characters is
    # encoded so that quotes, backticks and tags cannot end the label or the fence.
    value = _CONTROL.sub(" ", value)
    return '"' + _MERMAID_SAFE.sub(lambda match: f"#{ord(match.group())};", value) + '"'


def _mermaid(modules: Sequence[ModuleExposure]) -> list[str]:
    sdks = sorted({sdk for module in modules for sdk, _ in module.calls})
    sdk_ids = {sdk: f"sdk{index}" for index, sdk in enumerate(sdks)}
    lines = ["flowchart LR"]
    directories = sorted({module.directory for module in modules})
    for group, directory in enumerate(directories):
        members = [(i, m) for i, m in enumerate(modules) if m.directory == directory]
        nodes = [f"m{i}[{_mermaid_label(m.module)}]" for i, m in members]
        if directory:  # top-level modules stand outside any directory box
            lines.append(f"  subgraph dir{group}[{_mermaid_label(directory + '/')}]")
            lines += [f"    {node}" for node in nodes] + ["  end"]
        else:
            lines += [f"  {node}" for node in nodes]
    lines += [f"  {sdk_ids[sdk]}([{_mermaid_label(sdk)}])" for sdk in sdks]
    for index, module in enumerate(modules):
        lines += [f"  m{index} -->|{count}| {sdk_ids[sdk]}" for sdk, count in module.calls]
    return lines


def _findings(context: MarkdownContext) -> list[str]:
    report = context.report
    if not report.findings:
        return []
    rows = [_finding_row(finding) for finding in _source_order(report)]
    shown = _fit(rows, context.findings_budget)
    lines = ["<details>", f"<summary>All {plural(len(rows), 'finding')}</summary>", ""]
    lines += _table(("Location", "Rule", "API", "Message"), ()) + shown
    if len(shown) < len(rows):
        lines += ["", _truncation_note(len(rows) - len(shown))]
    return [*lines, "", "</details>"]


def _source_order(report: Report) -> list[Finding]:
    return sorted(report.findings, key=lambda f: (f.path, f.cell or 0, f.line, f.column, f.rule))


def _finding_row(finding: Finding) -> str:
    api = _code(finding.api) if finding.api else ""
    cells = (_code(format_location(finding)), _code(finding.rule), api, _prose(finding.message))
    return "| " + " | ".join(cells) + " |"


def _fit(rows: Sequence[str], budget: int | None) -> list[str]:
    """The longest prefix of `rows` whose lines fit in `budget` characters."""
    if budget is None:
        return list(rows)
    shown: list[str] = []
    for row in rows:
        budget -= len(row) + 1
        if budget < 0:
            break
        shown.append(row)
    return shown


def _truncation_note(hidden: int) -> str:
    return (
        f"*{plural(hidden, 'more finding')} not shown: a GitHub comment holds at most "
        f"{GITHUB_COMMENT_LIMIT:,} characters. `vendorlock scan --format html` shows them all.*"
    )


def _diagnostics(context: MarkdownContext) -> list[str]:
    diagnostics = context.report.diagnostics
    if not diagnostics:
        return []
    lines = ["### Diagnostics", "", f"{plural(len(diagnostics), 'file')} not fully scanned:", ""]
    for item in diagnostics[:DIAGNOSTICS_SHOWN]:
        where = item.path if item.line is None else f"{item.path}:{item.line}"
        lines.append(f"- {_code(where)} {item.kind.value}: {_text(item.message)}")
    if len(diagnostics) > DIAGNOSTICS_SHOWN:
        lines.append(f"- … and {len(diagnostics) - DIAGNOSTICS_SHOWN} more")
    return lines


def _trend(context: MarkdownContext) -> list[str]:
    return trend_markdown(context.history) if context.history is not None else []


SECTIONS: tuple[MarkdownSection, ...] = (
    _title,
    _summary,
    _trend,
    _vendors,
    _hot_spots,
    _features,
    _exposure,
    _findings,
    _diagnostics,
)
"""The report's sections in display order."""


def _assemble(context: MarkdownContext) -> str:
    blocks = ["\n".join(lines) for lines in (build(context) for build in SECTIONS) if lines]
    return "\n\n".join(blocks) + "\n"


def render_markdown(
    report: Report,
    rules: Mapping[str, RuleInfo],
    *,
    limit: int = GITHUB_COMMENT_LIMIT,
    history: History | None = None,
) -> str:
    """The report as GitHub Flavored Markdown, at most `limit` characters when it can be.

    Only the list of every finding is cut; the other sections are bounded
    (top N) so they always fit a comment. With `history`, a trend chart follows
    the summary.
    """
    context = MarkdownContext(report, rules, history=history)
    text = _assemble(context)
    if len(text) <= limit:
        return text
    # Measure everything but the rows, then give the rows what is left.
    fixed = len(_assemble(dataclasses.replace(context, findings_budget=0)))
    return _assemble(dataclasses.replace(context, findings_budget=limit - fixed))
