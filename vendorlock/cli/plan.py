"""`vendorlock plan`: a migration plan with phases, a per-module checklist, effort and risks."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from vendorlock.auditor.engine import scan_project
from vendorlock.cli.common import errors_reported
from vendorlock.cli.options import (
    CacheDirOption,
    ConfigOption,
    JobsOption,
    NoCacheOption,
    OutputFileOption,
    PathArgument,
    effective,
    with_engine,
)
from vendorlock.cli.output import emit_text
from vendorlock.reports.plan import build_plan, render_plan_json
from vendorlock.reports.plan_markdown import render_plan_markdown


class PlanFormat(str, Enum):
    """Formats of `vendorlock plan`."""

    MARKDOWN = "markdown"
    JSON = "json"


def plan_command(
    path: PathArgument = Path(),
    to: Annotated[
        str, typer.Option("--to", metavar="litellm|any-llm", help="The neutral layer to move to.")
    ] = "litellm",
    plan_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Plan format.")
    ] = PlanFormat.MARKDOWN,
    output: OutputFileOption = None,
    config_file: ConfigOption = None,
    jobs: JobsOption = 0,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """A migration plan: phases, a per-module checklist, effort and risks."""
    with errors_reported():
        config = effective([path], config_file, {}).config
        options = with_engine(config.scan_options(), jobs, cache_dir, no_cache)
        result = scan_project([path], options)
        from vendorlock.planning import plan_inputs  # pulls in the codemods: only when used

        plan = build_plan(plan_inputs(result, to, str(path)))
        json_plan = plan_format is PlanFormat.JSON
        emit_text(render_plan_json(plan) if json_plan else render_plan_markdown(plan), output)
