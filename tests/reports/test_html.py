"""The HTML report as text: sections, embedded data, escaping, and no network references."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hostile_report import CODE, DIAGNOSTIC, MESSAGE, PATH, ROOT, SDK, hostile_report

from vendorlock.auditor.rules import all_rules
from vendorlock.model import Report
from vendorlock.reports import html
from vendorlock.reports.html import embed_json, render_html
from vendorlock.reports.html_sections import HtmlContext, HtmlSection
from vendorlock.reports.overview import RULES_DOC_URL, rule_url


def _render(report: Report) -> str:
    return render_html(report, all_rules())


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def _parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser


def _data(page: str) -> dict[str, Any]:
    block = page.split('<script type="application/json" id="data">', 1)[1].split("</script>")[0]
    data: dict[str, Any] = json.loads(block)
    return data


def test_sections_and_navigation_in_order(sample_report: Report) -> None:
    page = _render(sample_report)

    ids = re.findall(r'<section id="([a-z-]+)">', page)
    nav = re.findall(r'<nav aria-label="Sections">(.*?)</nav>', page)[0]
    assert ids == ["summary", "breakdown", "exposure", "features", "findings", "diagnostics"]
    assert re.findall(r'<a href="#([a-z-]+)">', nav) == ids
    assert "<title>vendorlock report · /work/app</title>" in page
    assert '<p class="headline">4 findings in 3 files (11 files scanned).</p>' in page


def test_findings_are_embedded_as_json(sample_report: Report) -> None:
    findings = _data(_render(sample_report))["findings"]

    assert len(findings) == 4
    assert findings[0] == {
        "location": "app/llm.py:9:12",
        "path": "app/llm.py",
        "cell": None,
        "line": 9,
        "column": 12,
        "rule": "vendor-call",
        "url": rule_url(all_rules()["vendor-call"]),
        "kind": "call",
        "sdk": "openai",
        "provider": "deepseek",
        "api": "openai:chat.completions.create",
        "confidence": "certain",
        "portability": "auto",
        "message": "Call to the openai SDK's chat.completions.create (served by deepseek).",
        "code": 'resp = client.chat.completions.create(model="deepseek-chat", messages=msgs)',
    }
    assert findings[3]["location"] == "notebooks/explore.ipynb:cell 3:2"


def test_embed_json_cannot_end_the_script_block() -> None:
    text = embed_json({"code": "</script><!-- & \u2028\u2029 é"})

    assert text == '{"code":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 é"}'
    assert json.loads(text) == {"code": "</script><!-- & \u2028\u2029 é"}


def test_hostile_content_stays_text(sample_report: Report) -> None:
    page = _render(hostile_report(sample_report))
    parsed = _parse(page)

    # Only the page's own two scripts, and no element the payloads tried to add.
    assert [tag for tag, _ in parsed.tags if tag == "script"] == ["script", "script"]
    assert {tag for tag, _ in parsed.tags} & {"img", "svg", "iframe", "b"} == set()
    assert not any(key.startswith("on") for _, attrs in parsed.tags for key in attrs)
    # The data block still decodes to exactly what the scan found.
    findings = _data(page)["findings"]
    assert (findings[0]["code"], findings[0]["message"], findings[0]["path"]) == (
        CODE,
        MESSAGE,
        PATH,
    )
    assert findings[3]["sdk"] == SDK
    # Rendered server-side, escaped.
    assert "<code>/srv/&lt;/title&gt;&lt;script&gt;window.__pwned = 5&lt;/script&gt;</code>" in page
    assert "&lt;iframe srcdoc=&#x27;&lt;script&gt;parent.__pwned = 6" in page
    assert ROOT not in page
    assert DIAGNOSTIC not in page


def _references(page: str) -> list[str]:
    parsed = _parse(page)
    return [
        value or ""
        for _, attrs in parsed.tags
        for name, value in attrs.items()
        if name in {"src", "href", "action", "srcset", "poster", "data"}
    ]


def test_the_page_references_nothing_outside_itself(sample_report: Report) -> None:
    page = _render(sample_report)

    references = _references(page)
    external = [ref for ref in references if not ref.startswith("#")]
    assert external, "the feature table links to the rules reference"
    assert all(ref.startswith(f"{RULES_DOC_URL}#") for ref in external), external
    assert re.findall(r"<(?:link|img|iframe|object|embed|base)\b", page) == []
    assert "@import" not in page
    assert "url(" not in page
    # The script builds links only from the data's rule URLs, never from text.
    assert not re.search(r"https?:", _parse(page).scripts[1])


def test_links_to_docs_open_without_referrer(sample_report: Report) -> None:
    page = _render(sample_report)

    link = re.search(r'<a href="https://[^"]+"[^>]*>', page)
    assert link is not None
    assert 'target="_blank" rel="noopener noreferrer"' in link.group()
    assert '<meta name="referrer" content="no-referrer">' in page


def test_content_security_policy_allows_only_the_page_script(sample_report: Report) -> None:
    page = _render(sample_report)
    parsed = _parse(page)

    csp = next(
        attrs["content"] or ""
        for tag, attrs in parsed.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    script = parsed.scripts[1]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert csp == (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def test_report_without_findings(sample_report: Report) -> None:
    summary = sample_report.summary.model_copy(update={"findings": 0, "files_with_findings": 0})
    report = sample_report.model_copy(update={"findings": (), "summary": summary})

    page = _render(report)

    assert re.findall(r'<section id="([a-z-]+)">', page) == ["summary", "diagnostics"]
    assert _data(page) == {"findings": []}
    assert "No vendor lock-in found (11 files scanned)." in page


def test_a_section_is_one_more_builder(
    monkeypatch: pytest.MonkeyPatch, sample_report: Report
) -> None:
    def score(context: HtmlContext) -> HtmlSection:
        return HtmlSection("score", "Lock-in score", f"<p>{len(context.report.findings)}</p>")

    monkeypatch.setattr(html, "SECTIONS", (*html.SECTIONS[:1], score, *html.SECTIONS[1:]))

    page = _render(sample_report)

    assert '<section id="score"><h2>Lock-in score</h2><p>4</p></section>' in page
    assert re.findall(r'<a href="#([a-z-]+)">', page)[:2] == ["summary", "score"]


def test_rendering_is_deterministic(sample_report: Report) -> None:
    assert _render(sample_report) == _render(sample_report)
