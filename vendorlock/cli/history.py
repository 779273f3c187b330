"""`vendorlock history`: the lock-in score per commit, read from git objects."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from vendorlock.cli.common import errors_reported
from vendorlock.cli.options import (
    CacheDirOption,
    ConfigOption,
    JobsOption,
    NoCacheOption,
    OutputFileOption,
    effective,
    with_engine,
)
from vendorlock.cli.output import emit_text
from vendorlock.history import DEFAULT_MAX_COUNT, HistoryQuery, scan_history
from vendorlock.reports.trend import render_history_json, render_history_text


class HistoryFormat(str, Enum):
    """Formats of `vendorlock history`."""

    TEXT = "text"
    JSON = "json"


def history_command(
    path: Annotated[
        Path,
        typer.Argument(metavar="[PATH]", help="Directory of a git work tree (default: .)."),
    ] = Path(),
    max_count: Annotated[
        int, typer.Option("--max-count", "-n", metavar="N", min=1, help="Scan at most N commits.")
    ] = DEFAULT_MAX_COUNT,
    since: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Only commits after DATE (any date git understands)."),
    ] = None,
    history_format: Annotated[
        HistoryFormat, typer.Option("--format", "-f", help="Output format.")
    ] = HistoryFormat.TEXT,
    output: OutputFileOption = None,
    config_file: ConfigOption = None,
    jobs: JobsOption = 0,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The lock-in score per commit, read from git objects; the work tree is never touched."""
    with errors_reported():
        config = effective([path], config_file, {}).config
        options = with_engine(config.scan_options(), jobs, cache_dir, no_cache)
        history = scan_history(path, options, HistoryQuery(max_count, since))
        as_json = history_format is HistoryFormat.JSON
        emit_text(render_history_json(history) if as_json else render_history_text(history), output)
