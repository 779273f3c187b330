"""The lock-in score over git history: a table, JSON, and the reports' trend chart.

`vendorlock history` prints the table or the JSON; `vendorlock scan --history
FILE` reads that JSON back and adds the trend to the Markdown report (a
Mermaid `xychart-beta` line, which GitHub renders) and to the HTML report (an
inline SVG: the page fetches nothing). Commit subjects are user content: they
are escaped everywhere, and Mermaid gets only short hashes and numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from vendorlock.model import History, HistoryPoint
from vendorlock.reports.html_sections import HtmlContext, HtmlSection

__all__ = [
    "SUBJECT_WIDTH",
    "render_history_json",
    "render_history_text",
    "trend_markdown",
    "trend_section",
    "trend_svg",
]

SUBJECT_WIDTH = 60
_HEADERS = ("Commit", "Date", "Score", "Grade", "Findings", "Calls", "Subject")
_RIGHT = frozenset({"Score", "Findings", "Calls"})

# The chart's geometry, in SVG user units.
_WIDTH, _HEIGHT = 640, 240
_LEFT, _RIGHT_MARGIN, _TOP, _BOTTOM = 40, 16, 16, 36


def _short(point: HistoryPoint) -> str:
    return point.commit[:7]


def _score(point: HistoryPoint) -> float:
    return point.score if point.score is not None else 0.0


def _cells(point: HistoryPoint) -> tuple[str, ...]:
    subject = point.subject
    if len(subject) > SUBJECT_WIDTH:
        subject = subject[: SUBJECT_WIDTH - 1] + "…"
    return (
        _short(point),
        point.date[:10],
        "-" if point.score is None else f"{point.score:.1f}",
        point.grade or "-",
        str(point.findings),
        str(point.by_kind.get("call", 0)),
        subject,
    )


def render_history_text(history: History) -> str:
    """A table, oldest commit first, and a line with the change over the range."""
    if not history.points:
        return "No commits to show.\n"
    rows = [_HEADERS, *(_cells(point) for point in history.points)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADERS))]
    lines = [
        "  ".join(
            cell.rjust(width) if header in _RIGHT else cell.ljust(width)
            for header, cell, width in zip(_HEADERS, row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]
    return "\n".join([*lines, _change(history.points)]) + "\n"


def _change(points: Sequence[HistoryPoint]) -> str:
    first, last = _score(points[0]), _score(points[-1])
    count = f"{len(points)} commit" if len(points) == 1 else f"{len(points)} commits"
    return f"{count}: score {first:.1f} -> {last:.1f} ({last - first:+.1f})"


def render_history_json(history: History) -> str:
    """The history as indented JSON; `vendorlock scan --history` reads it back."""
    return history.model_dump_json(indent=2) + "\n"


def trend_markdown(history: History) -> list[str]:
    """The Markdown report's trend section; no lines without points."""
    points = history.points
    if not points:
        return []
    labels = ", ".join(f'"{_short(point)}"' for point in points)
    values = ", ".join(f"{_score(point):g}" for point in points)
    return [
        "### Trend",
        "",
        f"Lock-in score over the last {_change(points)}.",
        "",
        "```mermaid",
        "xychart-beta",
        '  title "Lock-in score by commit"',
        f"  x-axis [{labels}]",
        '  y-axis "Score" 0 --> 100',
        f"  line [{values}]",
        "```",
    ]


def trend_svg(history: History) -> str:
    """An inline SVG line chart of the score, one point per commit, each with a tooltip."""
    points = history.points
    if not points:
        return ""
    xs = _x_positions(len(points))
    ys = [_y(_score(point)) for point in points]
    parts = [
        f'<svg class="trend" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        'aria-label="Lock-in score by commit" xmlns="http://www.w3.org/2000/svg">',
        *_axes(),
        _polyline(xs, ys),
        *(_marker(x, y, point) for x, y, point in zip(xs, ys, points, strict=True)),
        *_x_labels(xs, points),
        "</svg>",
    ]
    return "".join(parts)


def _x_positions(count: int) -> list[float]:
    span = _WIDTH - _LEFT - _RIGHT_MARGIN
    if count == 1:
        return [_LEFT + span / 2]
    return [round(_LEFT + span * index / (count - 1), 1) for index in range(count)]


def _y(score: float) -> float:
    return round(_TOP + (_HEIGHT - _TOP - _BOTTOM) * (1 - score / 100), 1)


def _axes() -> list[str]:
    bottom, right = _HEIGHT - _BOTTOM, _WIDTH - _RIGHT_MARGIN
    lines = [f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{bottom}" stroke="#888"/>']
    for score in (0, 50, 100):
        y = _y(score)
        lines.append(
            f'<line x1="{_LEFT}" y1="{y}" x2="{right}" y2="{y}" stroke="#ddd"/>'
            f'<text x="{_LEFT - 6}" y="{y + 4}" text-anchor="end" font-size="11">{score}</text>'
        )
    return lines


def _polyline(xs: Sequence[float], ys: Sequence[float]) -> str:
    coordinates = " ".join(f"{x},{y}" for x, y in zip(xs, ys, strict=True))
    return f'<polyline points="{coordinates}" fill="none" stroke="#c0392b" stroke-width="2"/>'


def _marker(x: float, y: float, point: HistoryPoint) -> str:
    tip = f"{_short(point)} {point.date[:10]}: {_score(point):g} ({point.grade or '-'}), "
    tip += f"{point.findings} findings. {point.subject}"
    return f'<circle cx="{x}" cy="{y}" r="3.5" fill="#c0392b"><title>{escape(tip)}</title></circle>'


def _x_labels(xs: Sequence[float], points: Sequence[HistoryPoint]) -> list[str]:
    # Every label fits up to about a dozen commits; beyond, the first and last say the range.
    shown = range(len(points)) if len(points) <= 12 else (0, len(points) - 1)
    y = _HEIGHT - _BOTTOM + 16
    return [
        f'<text x="{xs[i]}" y="{y}" text-anchor="middle" font-size="11" '
        f'font-family="monospace">{escape(_short(points[i]))}</text>'
        for i in shown
    ]


def trend_section(context: HtmlContext) -> HtmlSection | None:
    """The HTML report's trend: the chart, then the table it is drawn from."""
    history = context.history
    if history is None or not history.points:
        return None
    head = "".join(f"<th>{escape(header)}</th>" for header in _HEADERS)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in _cells(point)) + "</tr>"
        for point in history.points
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    table = f'<div class="scroll">{table}</div>'
    body = f"<p>{escape(_change(history.points))}</p>{trend_svg(history)}{table}"
    return HtmlSection("trend", "Trend", body)
