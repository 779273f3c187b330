"""The HTML report in a real browser: what headless Chromium shows, and how the table reacts.

Skipped only with VENDORLOCK_SKIP_BROWSER=1; otherwise /usr/bin/chromium must
exist (CI installs it with `apt-get install -y chromium`).
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from headless_chromium import DevTools, dump_dom, require_chromium
from hostile_report import CODE, MESSAGE, PATH, SDK, hostile_report

from vendorlock.auditor.rules import all_rules
from vendorlock.model import Report
from vendorlock.reports.html import render_html

pytestmark = pytest.mark.browser

ROWS = "#findings-table tbody tr"
LOCATIONS = f"[...document.querySelectorAll('{ROWS} td.loc')].map(td => td.textContent)"
SAMPLE_ORDER = [
    "app/agents.py:12:17",
    "app/llm.py:1:1",
    "app/llm.py:9:12",
    "notebooks/explore.ipynb:cell 3:2",
]


class _Page(HTMLParser):
    """The cells of the findings table and every element's tag, from a DOM dump."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.rows: list[list[str]] = []
        self._in_findings = False
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "table":
            self._in_findings = ("id", "findings-table") in attrs
        elif self._in_findings and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_findings and tag == "td":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        if tag == "td" and self._cell is not None and self.rows:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _write(report: Report, directory: Path) -> Path:
    page = directory / "report.html"
    page.write_text(render_html(report, all_rules()), encoding="utf-8")
    return page


def _dom(page: Path, profile: Path, fragment: str = "") -> _Page:
    parsed = _Page()
    parsed.feed(dump_dom(page, profile, fragment=fragment))
    return parsed


def test_hostile_content_is_shown_as_text(tmp_path: Path, sample_report: Report) -> None:
    page = _write(hostile_report(sample_report), tmp_path)

    dom = _dom(page, tmp_path / "profile")

    assert len(dom.rows) == 4
    row = next(cells for cells in dom.rows if cells[0].startswith("app/<svg"))
    assert row[0] == f"{PATH}:9:12"
    assert row[-1] == MESSAGE.replace("`", "") + "openai:chat.completions.create" + CODE
    assert any(SDK in cells[2] for cells in dom.rows)
    assert dom.tags.count("script") == 2
    assert {"img", "svg", "iframe", "b"} & set(dom.tags) == set()


@pytest.mark.parametrize(
    ("fragment", "locations"),
    [
        pytest.param("", SAMPLE_ORDER, id="default-order"),
        pytest.param("#sdk=anthropic", SAMPLE_ORDER[3:], id="select-sdk"),
        pytest.param("#q=DEEPSEEK", SAMPLE_ORDER[2:3], id="text-ignores-case"),
        pytest.param("#kind=import&confidence=certain", SAMPLE_ORDER[1:2], id="two-selects"),
        pytest.param(
            "#sort=portability&dir=desc", [SAMPLE_ORDER[0], *SAMPLE_ORDER[:0:-1]], id="sorted"
        ),
        pytest.param("#sort=constructor&dir=up", SAMPLE_ORDER, id="unknown-values-fall-back"),
    ],
)
def test_the_url_fragment_sets_the_view(
    tmp_path: Path, sample_report: Report, fragment: str, locations: list[str]
) -> None:
    page = _write(sample_report, tmp_path)

    dom = _dom(page, tmp_path / "profile", fragment)

    assert [cells[0] for cells in dom.rows] == locations


@pytest.fixture(scope="module")
def devtools(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevTools]:
    require_chromium()
    browser = DevTools(tmp_path_factory.mktemp("profile"))
    yield browser
    browser.close()


@pytest.fixture
def sample_page(tmp_path: Path, sample_report: Report) -> str:
    return _write(sample_report, tmp_path).as_uri()


def test_page_loads_nothing_and_runs_no_payload(
    devtools: DevTools, tmp_path: Path, sample_report: Report
) -> None:
    url = _write(hostile_report(sample_report), tmp_path).as_uri()

    devtools.open(url)

    methods = [event.get("method") for event in devtools.events]
    requests = [
        event["params"]["request"]["url"]
        for event in devtools.events
        if event.get("method") == "Network.requestWillBeSent"
    ]
    assert requests == [url]
    assert "Page.javascriptDialogOpening" not in methods
    assert "Runtime.exceptionThrown" not in methods
    assert devtools.evaluate("typeof window.__pwned") == "undefined"
    assert devtools.evaluate(f"document.querySelectorAll('{ROWS}').length") == 4
    assert devtools.evaluate("document.querySelectorAll('img, svg, iframe, b').length") == 0


def test_clicking_a_header_sorts_and_clicking_again_reverses(
    devtools: DevTools, sample_page: str
) -> None:
    devtools.open(sample_page)
    header = "#findings-table th[data-sort=portability]"

    devtools.click(f"{header} button")
    ascending = devtools.evaluate(LOCATIONS)
    devtools.click(f"{header} button")
    descending = devtools.evaluate(LOCATIONS)

    # auto (in location order) before manual; then exactly the reverse.
    assert ascending == [*SAMPLE_ORDER[1:], SAMPLE_ORDER[0]]
    assert descending == ascending[::-1]
    assert devtools.evaluate(f"document.querySelector('{header}').ariaSort") == "descending"
    assert devtools.evaluate("location.hash") == "#sort=portability&dir=desc"


def test_typing_filters_the_rows(devtools: DevTools, sample_page: str) -> None:
    devtools.open(sample_page)

    devtools.type("#filter-q", "chat.completions")

    assert devtools.evaluate(LOCATIONS) == ["app/llm.py:9:12"]
    assert devtools.evaluate("document.getElementById('findings-count').textContent") == (
        "Showing 1 of 4"
    )


def test_selects_filter_and_the_view_survives_a_reload(
    devtools: DevTools, sample_page: str
) -> None:
    devtools.open(sample_page)
    select = "(name, value) => { const s = document.getElementById('filter-' + name); "
    select += "s.value = value; s.dispatchEvent(new Event('change')); }"

    devtools.evaluate(f"({select})('sdk', 'openai'); ({select})('confidence', 'likely')")
    filtered = devtools.evaluate(LOCATIONS)
    fragment = devtools.evaluate("location.hash")
    devtools.open(sample_page + fragment)

    assert filtered == ["app/agents.py:12:17"]
    assert fragment == "#sdk=openai&confidence=likely"
    assert devtools.evaluate(LOCATIONS) == filtered
    assert devtools.evaluate("document.getElementById('filter-confidence').value") == "likely"


def test_no_match_says_so(devtools: DevTools, sample_page: str) -> None:
    devtools.open(sample_page + "#q=no-such-thing")

    assert devtools.evaluate(f"document.querySelector('{ROWS}').textContent") == (
        "No findings match the filter."
    )


def test_wide_content_never_widens_the_page(
    devtools: DevTools, tmp_path: Path, sample_report: Report
) -> None:
    finding = sample_report.findings[0].model_copy(update={"code": "x" * 2000})
    url = _write(sample_report.model_copy(update={"findings": (finding,)}), tmp_path).as_uri()

    devtools.open(url, width=1280)

    assert devtools.evaluate("document.documentElement.scrollWidth") <= 1280
