"""`vendorlock scan` (the report in every format) and `vendorlock graph` (the exposure graph)."""

from __future__ import annotations

from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from vendorlock.auditor.engine import scan, scan_project
from vendorlock.cli.common import errors_reported
from vendorlock.cli.options import (
    CacheDirOption,
    ConfigOption,
    ExcludeOption,
    FormatOption,
    GatewayOption,
    JobsOption,
    MinConfidenceOption,
    NoCacheOption,
    NoColorOption,
    NoGitignoreOption,
    OutputFormat,
    effective,
    flags,
    with_engine,
)
from vendorlock.cli.output import emit_text, write_atomic
from vendorlock.console import export_text, make_console, render_text_report, scan_progress
from vendorlock.history import read_history
from vendorlock.model import History, Report
from vendorlock.reports.terminal import build_text_report


class GraphFormat(str, Enum):
    """Export formats of `vendorlock graph`."""

    JSON = "json"
    DOT = "dot"
    GRAPHML = "graphml"
    MERMAID = "mermaid"


class GraphLevel(str, Enum):
    """How fine the exported graph is."""

    MODULE = "module"
    FUNCTION = "function"


def scan_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATHS",
            help="Files or directories to scan (default: the current directory).",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the report to FILE."),
    ] = None,
    exclude: ExcludeOption = None,
    min_confidence: MinConfidenceOption = None,
    no_gitignore: NoGitignoreOption = False,
    gateway: GatewayOption = None,
    config_file: ConfigOption = None,
    no_color: NoColorOption = False,
    history_file: Annotated[
        Path | None,
        typer.Option(
            "--history",
            metavar="FILE",
            dir_okay=False,
            help="Add the trend in FILE ('vendorlock history --format json') to Markdown "
            "and HTML reports.",
        ),
    ] = None,
    jobs: JobsOption = 0,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Find every place the code is tied to an LLM vendor. Exits 0 when the scan ran."""
    with errors_reported():
        given = flags(output_format, exclude, min_confidence, no_gitignore, gateway)
        config = effective(paths or [Path()], config_file, given).config
        options = with_engine(config.scan_options(), jobs, cache_dir, no_cache)
        history = read_history(history_file) if history_file is not None else None
        with scan_progress() as progress:
            report = scan(paths or [Path()], replace(options, progress=progress))
        _emit_report(
            report, OutputFormat(config.format), output, no_color=no_color, history=history
        )


def graph_command(
    path: Annotated[
        Path, typer.Argument(metavar="[PATH]", help="File or directory to scan (default: .).")
    ] = Path(),
    graph_format: Annotated[
        GraphFormat, typer.Option("--format", "-f", help="Export format.")
    ] = GraphFormat.JSON,
    level: Annotated[
        GraphLevel, typer.Option(help="Modules only, or every function and class.")
    ] = GraphLevel.FUNCTION,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the graph to FILE."),
    ] = None,
    config_file: ConfigOption = None,
    jobs: JobsOption = 0,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Export the exposure graph: which modules, functions and entry points use which vendor."""
    with errors_reported():
        config = effective([path], config_file, {}).config
        options = with_engine(config.scan_options(), jobs, cache_dir, no_cache)
        graph = scan_project([path], options).graph
        # networkx's exporters, only for this command.
        from vendorlock.auditor.graph_export import export_graph

        emit_text(export_graph(graph, graph_format.value, level.value), output)


def _emit_report(
    report: Report,
    output_format: OutputFormat,
    output: Path | None,
    *,
    no_color: bool,
    history: History | None = None,
) -> None:
    if output is not None:
        write_atomic(output, _report_text(report, output_format, history))
    elif output_format is not OutputFormat.TEXT:
        typer.echo(_report_text(report, output_format, history), nl=False)
    else:
        render_text_report(make_console(no_color=no_color), build_text_report(report))


def _report_text(
    report: Report, output_format: OutputFormat, history: History | None = None
) -> str:
    # Each renderer (and the rule catalogue the machine formats embed) is imported only
    # for its format: start-up is most of a scan that the report memo answers.
    if output_format is OutputFormat.JSON:
        from vendorlock.reports.json_report import render_json

        return render_json(report)
    from vendorlock.auditor.rules import all_rules

    if output_format is OutputFormat.SARIF:
        from vendorlock.reports.sarif import render_sarif

        return render_sarif(report, all_rules())
    if output_format is OutputFormat.MARKDOWN:
        from vendorlock.reports.markdown import render_markdown

        return render_markdown(report, all_rules(), history=history)
    if output_format is OutputFormat.HTML:
        from vendorlock.reports.html import render_html

        return render_html(report, all_rules(), history=history)
    return export_text(build_text_report(report))
