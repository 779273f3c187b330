"""`vendorlock check` (the CI gate) and `vendorlock baseline` (the findings it accepts)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from vendorlock.auditor.engine import scan
from vendorlock.auditor.rules import all_rules
from vendorlock.baseline import build_baseline, render_baseline
from vendorlock.check import evaluate, gate_settings
from vendorlock.check import render_markdown as render_check_markdown
from vendorlock.check import render_text as render_check_text
from vendorlock.cli.common import EXIT_FINDINGS, errors_reported
from vendorlock.cli.options import (
    CacheDirOption,
    ConfigOption,
    ExcludeOption,
    GatewayOption,
    JobsOption,
    NoCacheOption,
    PathArgument,
    effective,
    flags,
    with_engine,
)
from vendorlock.cli.output import write_atomic
from vendorlock.errors import UsageError
from vendorlock.reports.markdown import render_markdown
from vendorlock.reports.sarif import render_sarif
from vendorlock.reports.terminal import plural


class FailOnChoice(str, Enum):
    """What `vendorlock check` fails on; `config.FailOn` lists the same."""

    NEW = "new"
    ANY = "any"


def check_command(
    path: PathArgument = Path(),
    max_score: Annotated[
        float | None,
        typer.Option(metavar="N", min=0, max=100, help="Fail when the lock-in score is above N."),
    ] = None,
    max_findings: Annotated[
        int | None, typer.Option(metavar="N", min=0, help="Fail with more than N findings.")
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", dir_okay=False, help="Accepted findings ('vendorlock baseline')."
        ),
    ] = None,
    fail_on: Annotated[
        FailOnChoice | None,
        typer.Option(
            help="new (the default): fail on findings the baseline lacks; any: on every finding.",
            show_default=False,
        ),
    ] = None,
    gateway: GatewayOption = None,
    exclude: ExcludeOption = None,
    sarif: Annotated[
        Path | None,
        typer.Option(metavar="FILE", dir_okay=False, help="Also write the SARIF report to FILE."),
    ] = None,
    markdown: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", dir_okay=False, help="Also write the verdict and report as Markdown."
        ),
    ] = None,
    config_file: ConfigOption = None,
    jobs: JobsOption = 0,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Gate CI: exit 0 when every gate passes, 1 when one fails, 2 on a usage or config error.

    Gates: the score limit, no finding the baseline lacks, and no direct vendor
    call outside the gateway. Suppressed findings are not gated.
    """
    with errors_reported():
        given = flags(None, exclude, None, False, gateway) | _gate_flags(
            max_score, max_findings, baseline, fail_on
        )
        settings = effective([path], config_file, given)
        options = with_engine(settings.config.scan_options(), jobs, cache_dir, no_cache)
        report = scan([path], options)
        result = evaluate(report, gate_settings(settings))
        if sarif is not None:
            write_atomic(sarif, render_sarif(report, all_rules()))
        if markdown is not None:
            text = render_check_markdown(result) + "\n" + render_markdown(report, all_rules())
            write_atomic(markdown, text)
        typer.echo(render_check_text(result), nl=False)
        if not result.passed:
            raise typer.Exit(EXIT_FINDINGS)


def baseline_command(
    path: PathArgument = Path(),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Write the baseline to FILE (default: the baseline set in pyproject.toml).",
            show_default=False,
        ),
    ] = None,
    exclude: ExcludeOption = None,
    config_file: ConfigOption = None,
    jobs: JobsOption = 0,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Record the current findings as accepted: 'vendorlock check' then fails only on new ones."""
    with errors_reported():
        given = flags(None, exclude, None, False, None)
        if output is not None:
            given["baseline"] = ("--output", str(output))
        settings = effective([path], config_file, given)
        target = settings.path_setting("baseline")
        if target is None:
            raise UsageError("no baseline file: pass -o FILE or set baseline in [tool.vendorlock]")
        options = with_engine(settings.config.scan_options(), jobs, cache_dir, no_cache)
        report = scan([path], options)
        baseline = build_baseline(report)
        write_atomic(target, render_baseline(baseline))
        left_out = report.summary.suppressed
        note = f" ({left_out} suppressed left out)" if left_out else ""
        recorded = plural(len(baseline.findings), "finding")
        typer.echo(f"vendorlock baseline: {recorded} recorded in {target}{note}")


def _gate_flags(
    max_score: float | None,
    max_findings: int | None,
    baseline: Path | None,
    fail_on: FailOnChoice | None,
) -> dict[str, tuple[str, object]]:
    """The gate settings given on the command line: key -> (flag, value)."""
    given: dict[str, tuple[str, object]] = {
        "max_score": ("--max-score", max_score),
        "max_findings": ("--max-findings", max_findings),
        "baseline": ("--baseline", str(baseline) if baseline is not None else None),
        "fail_on": ("--fail-on", fail_on.value if fail_on is not None else None),
    }
    return {key: (flag, value) for key, (flag, value) in given.items() if value is not None}
