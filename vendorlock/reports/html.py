"""The HTML report: one self-contained file that opens offline in any browser.

The page is built from `SECTIONS` (see `html_sections`), each a function of
the same context that returns its `HtmlSection` or None to leave it out; the
navigation follows them, so a new section (the lock-in score, the exposure
graph) is one more builder. Sections are rendered in Python with every value
escaped; the findings table is rendered by the inline script from a JSON
block, through `textContent` only. The page's Content Security Policy forbids
every fetch and runs only the page's own script (by its hash), so even markup
that slipped through could neither load nor run anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from functools import cache
from html import escape
from importlib import resources
from string import Template
from typing import Any

from vendorlock.model import Finding, History, Report, RuleInfo
from vendorlock.reports import overview
from vendorlock.reports.html_sections import (
    HtmlContext,
    HtmlSectionBuilder,
    breakdown_section,
    diagnostics_section,
    exposure_section,
    features_section,
    findings_section,
    summary_section,
)
from vendorlock.reports.terminal import build_text_report, format_location
from vendorlock.reports.trend import trend_section

__all__ = ["SECTIONS", "embed_json", "render_html"]

# Inside <script>, only `</script` or `<!--` could end or change the block, and
# JSON can reach them only through `<`. `>` and `&` are escaped too so the text
# means the same in any context, and U+2028/2029 for older JavaScript parsers.
_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)

SECTIONS: tuple[HtmlSectionBuilder, ...] = (
    summary_section,
    trend_section,
    breakdown_section,
    exposure_section,
    features_section,
    findings_section,
    diagnostics_section,
)
"""The page's sections in display order."""


def _finding_data(finding: Finding, rules: Mapping[str, RuleInfo]) -> dict[str, Any]:
    rule = rules.get(finding.rule)
    return {
        "location": format_location(finding),
        "path": finding.path,
        "cell": finding.cell,
        "line": finding.line,
        "column": finding.column,
        "rule": finding.rule,
        "url": overview.rule_url(rule) if rule else None,
        "kind": finding.kind.value,
        "sdk": finding.sdk,
        "provider": finding.provider,
        "api": finding.api,
        "confidence": finding.confidence.value,
        "portability": finding.portability.value,
        "message": finding.message,
        "code": finding.code,
    }


def embed_json(value: object) -> str:
    """JSON that can sit inside a `<script>` element without ending it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


@cache
def _asset(name: str) -> str:
    assets = resources.files(__package__) / "html_assets"
    return (assets / name).read_text(encoding="utf-8")


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def render_html(
    report: Report, rules: Mapping[str, RuleInfo], *, history: History | None = None
) -> str:
    """The report as one HTML page with its styles, script and data inline.

    With `history`, the page shows the score's trend over the commits.
    """
    text = build_text_report(report)
    context = HtmlContext(report, rules, text, history)
    sections = [section for build in SECTIONS if (section := build(context)) is not None]
    script = _asset("report.js")
    data = {"findings": [_finding_data(finding, rules) for finding in report.findings]}
    return Template(_asset("page.html")).substitute(
        csp=_csp(script),
        generator=escape(f"{report.tool.name} {report.tool.version}"),
        title=escape(f"vendorlock report · {report.root}"),
        style=_asset("report.css"),
        root=escape(report.root),
        headline=escape(text.headline),
        nav="".join(f'<a href="#{escape(s.id)}">{escape(s.title)}</a>' for s in sections),
        sections="\n".join(
            f'<section id="{escape(s.id)}"><h2>{escape(s.title)}</h2>{s.body}</section>'
            for s in sections
        ),
        data=embed_json(data),
        script=script,
    )
