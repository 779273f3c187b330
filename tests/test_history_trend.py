"""The trend of the score over commits: the table, Mermaid in Markdown, SVG in HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorlock import cli
from vendorlock.errors import ConfigError
from vendorlock.history import read_history
from vendorlock.model import History, HistoryPoint, ToolInfo
from vendorlock.reports.trend import (
    render_history_json,
    render_history_text,
    trend_markdown,
    trend_svg,
)

RUNNER = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def _point(sha: str, day: int, score: float, findings: int, subject: str) -> HistoryPoint:
    return HistoryPoint(
        commit=sha * 40,
        tree="f" * 40,
        date=f"2024-05-0{day}T09:30:00+02:00",
        subject=subject,
        score=score,
        grade="A" if score < 20 else "C",
        findings=findings,
        by_kind={"call": findings // 2} if findings else {},
        by_sdk={},
        files_scanned=3,
        files_failed=0,
    )


HISTORY = History(
    tool=ToolInfo(version="0.1.0"),
    path=".",
    points=(
        _point("a", 1, 0.0, 0, "start"),
        _point("b", 2, 12.5, 4, 'add the <client> & "retry"'),
        _point("c", 3, 40.25, 9, "x" * 70),
    ),
)


def test_the_table_aligns_columns_and_cuts_long_subjects() -> None:
    assert render_history_text(HISTORY) == (
        "Commit   Date        Score  Grade  Findings  Calls  Subject\n"
        "aaaaaaa  2024-05-01    0.0  A             0      0  start\n"
        'bbbbbbb  2024-05-02   12.5  A             4      2  add the <client> & "retry"\n'
        f"ccccccc  2024-05-03   40.2  C             9      4  {'x' * 59}…\n"
        "3 commits: score 0.0 -> 40.2 (+40.2)\n"
    )


def test_an_empty_history_says_so() -> None:
    empty = History(tool=ToolInfo(version="0.1.0"), path="app", points=())

    assert (render_history_text(empty), trend_markdown(empty), trend_svg(empty)) == (
        "No commits to show.\n",
        [],
        "",
    )


def test_markdown_draws_a_mermaid_line_of_short_hashes_and_scores() -> None:
    assert trend_markdown(HISTORY) == [
        "### Trend",
        "",
        "Lock-in score over the last 3 commits: score 0.0 -> 40.2 (+40.2).",
        "",
        "```mermaid",
        "xychart-beta",
        '  title "Lock-in score by commit"',
        '  x-axis ["aaaaaaa", "bbbbbbb", "ccccccc"]',
        '  y-axis "Score" 0 --> 100',
        "  line [0, 12.5, 40.25]",
        "```",
    ]


def test_the_svg_plots_each_commit_with_an_escaped_tooltip() -> None:
    svg = trend_svg(HISTORY)

    assert svg.startswith('<svg class="trend" viewBox="0 0 640 240" role="img"')
    assert '<polyline points="40.0,204.0 332.0,180.5 624.0,128.3"' in svg
    assert "<title>bbbbbbb 2024-05-02: 12.5 (A), 4 findings. add the &lt;client&gt; &amp; " in svg
    assert "<client>" not in svg


def test_scan_adds_the_trend_to_markdown_and_html(tmp_path: Path) -> None:
    history_file = tmp_path / "history.json"
    history_file.write_text(render_history_json(HISTORY), encoding="utf-8")
    (tmp_path / "app.py").write_text("import openai\n", encoding="utf-8")
    args = ["scan", str(tmp_path / "app.py"), "--history", str(history_file), "--format"]

    markdown = RUNNER.invoke(cli.app, [*args, "markdown"])
    html = RUNNER.invoke(cli.app, [*args, "html"])
    plain = RUNNER.invoke(cli.app, ["scan", str(tmp_path / "app.py"), "--format", "markdown"])

    assert "\n### Trend\n\nLock-in score over the last 3 commits" in markdown.stdout
    assert '<section id="trend"><h2>Trend</h2>' in html.stdout
    assert '<a href="#trend">Trend</a>' in html.stdout
    assert "### Trend" not in plain.stdout


def test_a_file_that_is_not_history_json_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    path.write_text('{"points": []}', encoding="utf-8")

    with pytest.raises(ConfigError) as raised:
        read_history(path)

    assert str(raised.value) == (
        f"history file '{path}' is not vendorlock history JSON: 2 validation errors for History"
    )
