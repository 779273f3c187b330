"""Everything vendorlock draws on a terminal; the only module that imports rich.

Other modules hand over plain data (`TextReport`, `RuleInfo`, messages) and
this module decides how it looks. Every piece of user content (paths, code,
messages) goes into a `Text` object, never into a markup string, so code such
as `client["x"]` or `[bold]` is shown exactly as written.
"""

from __future__ import annotations

import io
import re
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.columns import Columns
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from vendorlock.model import RuleInfo
from vendorlock.reports.terminal import (
    Breakdown,
    Count,
    FileSection,
    FindingLine,
    TextReport,
    plural,
)
from vendorlock.reports.terminal_score import HotSpots, ScoreSection

__all__ = [
    "export_text",
    "make_console",
    "print_error",
    "print_internal_error",
    "render_config",
    "render_rule",
    "render_rules_table",
    "render_text_report",
]

_PORTABILITY_STYLES = {"auto": "green", "assisted": "yellow", "manual": "red"}

# C0 controls but tab, DEL and C1. A scanned file (or its name) can hold raw
# escape sequences that would clear or recolour the user's terminal, and a
# newline would split a one-line field; show them as `\xNN` instead.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _visible(value: str) -> str:
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", value)


def make_console(
    *,
    stderr: bool = False,
    no_color: bool = False,
    file: TextIO | None = None,
    width: int | None = None,
) -> Console:
    """A console for stdout (or stderr, or `file`).

    Rich already drops colour when the stream is not a terminal or `NO_COLOR`
    is set; `no_color` (the `--no-color` flag) drops every style. Markup,
    emoji codes and automatic highlighting are off because the text printed is
    the user's code, where `[x]` and `:name:` mean nothing to us.
    """
    return Console(
        file=file,
        stderr=stderr,
        width=width,
        color_system=None if no_color else "auto",
        markup=False,
        emoji=False,
        highlight=False,
    )


def export_text(report: TextReport, *, width: int = 100) -> str:
    """The text report as plain text (no styles), for `--output FILE`."""
    buffer = io.StringIO()
    render_text_report(make_console(file=buffer, no_color=True, width=width), report)
    # Tables pad their cells; a file should not carry that trailing space.
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def render_text_report(console: Console, report: TextReport) -> None:
    """Print the scan report: title, headline, counts, findings by file, diagnostics."""
    console.print(Text(_visible(report.title), style="bold"), soft_wrap=True)
    console.print(Text(report.headline))
    console.print()
    console.print(_count_grid(report.summary))
    if report.breakdowns:
        console.print()
        console.print(
            Columns([_breakdown_table(item) for item in report.breakdowns], padding=(0, 4))
        )
    if report.score is not None:
        _print_score(console, report.score)
    for section in report.files:
        console.print()
        _print_file_section(console, section)
    if report.diagnostics:
        console.print()
        console.print(Text(f"Diagnostics ({len(report.diagnostics)})", style="bold"))
        for item in report.diagnostics:
            line = Text.assemble(
                "  ", (_visible(item.location), "bold"), "  ", (item.kind, "yellow")
            )
            line.append(f"  {_visible(item.message)}")
            console.print(line, soft_wrap=True)


def _print_score(console: Console, score: ScoreSection) -> None:
    """The score, its parts with what each measured, containment, then the hot spots."""
    console.print()
    console.print(Text(score.headline, style="bold"))
    grid = Table.grid(padding=(0, 2))
    for justify in ("left", "right", "left"):
        grid.add_column(justify=justify)
    for part in score.parts:
        grid.add_row(Text(f"  {part.name}"), Text(part.points), Text(part.detail))
    console.print(grid)
    if score.containment is not None:
        console.print(Text(f"  {_visible(score.containment)}"), soft_wrap=True)
    for table in score.hot_spots:
        console.print()
        console.print(_hot_spot_table(table))


def _hot_spot_table(hot_spots: HotSpots) -> Table:
    table = Table(
        title=Text(hot_spots.title, style="bold"),
        title_justify="left",
        box=None,
        pad_edge=False,
        header_style="bold",
        padding=(0, 2, 0, 0),
    )
    # The first column names the place (a path:line an editor opens): never split
    # it; the others fold when the terminal is narrow.
    for index, header in enumerate(hot_spots.header):
        table.add_column(Text(header), no_wrap=index == 0, overflow="fold")
    for row in hot_spots.rows:
        table.add_row(*(Text(_visible(cell)) for cell in row))
    return table


def render_config(console: Console, file_line: str, rows: Iterable[tuple[str, str, str]]) -> None:
    """Print the effective configuration: the file in use, then key, value and source."""
    console.print(Text(_visible(file_line), style="bold"), soft_wrap=True)
    table = Table(box=None, pad_edge=False, header_style="bold", padding=(0, 2, 0, 0))
    for header in ("Key", "Value", "Source"):
        table.add_column(Text(header))
    for key, value, source in rows:
        table.add_row(Text(key, style="cyan"), Text(_visible(value)), Text(_visible(source)))
    console.print(table)


def _count_grid(rows: Iterable[Count]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column()
    grid.add_column(justify="right")
    for row in rows:
        grid.add_row(Text(row.label), Text(str(row.count)))
    return grid


def _breakdown_table(breakdown: Breakdown) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold", padding=(0, 2, 0, 0))
    table.add_column(Text(breakdown.title))
    table.add_column(Text(""), justify="right")
    for row in breakdown.counts:
        table.add_row(Text(row.label), Text(str(row.count)))
    return table


def _print_file_section(console: Console, section: FileSection) -> None:
    count = plural(len(section.findings), "finding")
    header = Text.assemble((_visible(section.path), "bold underline"), f" ({count})")
    console.print(header, soft_wrap=True)
    for finding in section.findings:
        # soft_wrap: a finding stays one line per field when piped, so grep
        # and editors' "path:line:col" links keep working.
        console.print(_finding_header(finding), soft_wrap=True)
        console.print(Text(f"      {_visible(finding.message)}"), soft_wrap=True)
        console.print(Text(f"      | {_visible(finding.code)}", style="dim"), soft_wrap=True)


def _finding_header(finding: FindingLine) -> Text:
    return Text.assemble(
        "  ",
        (_visible(finding.location), "bold"),
        "  ",
        (_visible(finding.rule), "cyan"),
        "  ",
        finding.confidence,
        "  ",
        (finding.portability, _PORTABILITY_STYLES.get(finding.portability, "")),
    )


def render_rules_table(console: Console, rules: Iterable[RuleInfo]) -> None:
    """Print one row per rule: id, kind, SDK (`any` for generic rules) and title."""
    table = Table(box=None, pad_edge=False, header_style="bold", padding=(0, 2, 0, 0))
    for header in ("Rule", "Kind", "SDK", "Title"):
        table.add_column(Text(header))
    for rule in rules:
        table.add_row(
            Text(rule.id, style="cyan"),
            Text(rule.kind.value),
            Text(rule.sdk or "any"),
            Text(rule.title),
        )
    console.print(table)


def render_rule(console: Console, rule: RuleInfo) -> None:
    """Print one rule's documentation, in the sections every rule has."""
    console.print(Text.assemble((rule.id, "bold cyan"), ": ", (rule.title, "bold")))
    facts = f"kind {rule.kind.value} · sdk {rule.sdk or 'any'} · severity {rule.severity.value}"
    console.print(Text(facts, style="dim"))
    sections = (
        ("What it finds", rule.summary),
        ("Why it locks you in", rule.why),
        ("Portable alternative", rule.alternative),
        ("Fix safety", rule.fix_safety),
    )
    for heading, body in sections:
        console.print()
        console.print(Text(heading, style="bold"))
        # Wrapped here rather than by rich, whose padding would leave every
        # line space-filled to the full width.
        width = max(console.width, 40)
        prose = textwrap.fill(
            body,
            width,
            initial_indent="  ",
            subsequent_indent="  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        console.print(Text(prose), soft_wrap=True)
    if rule.examples.invalid:
        console.print()
        console.print(Text("Example", style="bold"))
        # Code is indented line by line and never wrapped: a wrapped line of
        # Python reads as two statements.
        example = textwrap.indent(rule.examples.invalid[0].rstrip("\n"), "  ")
        console.print(Text(example, style="yellow"), soft_wrap=True)


def print_error(console: Console, message: str) -> None:
    """Print `vendorlock: error: <message>` as one line, however long."""
    line = Text.assemble(("vendorlock: error:", "bold red"), f" {_visible(message)}")
    console.print(line, soft_wrap=True)


def print_internal_error(console: Console, error: BaseException, *, debug: bool) -> None:
    """Report a bug in vendorlock: the error in one line and how to report it.

    The traceback is printed only with `debug`, because a user's first read of
    the output should be what went wrong, not forty lines of our internals.
    """
    if debug:
        trace = "".join(traceback.format_exception(error)).rstrip("\n")
        console.print(Text(trace), soft_wrap=True)
    summary = f" {type(error).__name__}: {error}"
    console.print(
        Text.assemble(("vendorlock: internal error:", "bold red"), summary), soft_wrap=True
    )
    hint = "vendorlock: this is a bug in vendorlock; please report it with the command you ran" + (
        "." if debug else " and the traceback shown with VENDORLOCK_DEBUG=1."
    )
    console.print(Text(hint), soft_wrap=True)


@contextmanager
def scan_progress(stream: TextIO | None = None) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for long scans, or None when stderr is not a terminal.

    Transient: it disappears when the scan ends, so the report stays clean.
    """
    console = Console(file=stream or sys.stderr, stderr=stream is None)
    if not console.is_terminal:
        yield None
        return
    with Progress(
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("scan", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
