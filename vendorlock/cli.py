"""The `vendorlock` command line: the only module that imports every part.

Each command is a thin function: it turns flags into typed values, calls the
library and hands the result to a renderer. Errors are turned into exit codes
in one place, `_errors_reported`.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, Final, TypeAlias

import typer

from vendorlock._version import __version__
from vendorlock.auditor.engine import scan, scan_project
from vendorlock.auditor.graph_export import export_graph
from vendorlock.auditor.rules import all_rules
from vendorlock.baseline import build_baseline, render_baseline
from vendorlock.check import evaluate, gate_settings
from vendorlock.check import render_markdown as render_check_markdown
from vendorlock.check import render_text as render_check_text
from vendorlock.config import EffectiveConfig, ScanOptions, resolve_config
from vendorlock.console import (
    export_text,
    make_console,
    print_error,
    print_internal_error,
    render_config,
    render_rule,
    render_rules_table,
    render_text_report,
    scan_progress,
)
from vendorlock.errors import UsageError, VendorlockError
from vendorlock.history import DEFAULT_MAX_COUNT, HistoryQuery, read_history, scan_history
from vendorlock.migrators import MigrateOptions, migrate, render_diff, render_summary
from vendorlock.model import Confidence, History, Report
from vendorlock.planning import plan_inputs
from vendorlock.reports.html import render_html
from vendorlock.reports.json_report import render_json
from vendorlock.reports.markdown import render_markdown
from vendorlock.reports.plan import build_plan, render_plan_json
from vendorlock.reports.plan_markdown import render_plan_markdown
from vendorlock.reports.sarif import render_sarif
from vendorlock.reports.terminal import build_text_report, plural
from vendorlock.reports.trend import render_history_json, render_history_text

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "OutputFormat", "app", "main"]

# Exit codes: each means one thing, so CI can tell "found something" from
# "could not run". Typer's own usage errors (unknown option, bad value) use
# click's 2, which is why our errors use 2 as well.
EXIT_OK: Final = 0
"""The command ran. For `scan`, whether or not it found anything."""
EXIT_FINDINGS: Final = 1
"""A gate failed: findings over the threshold, new coupling against the baseline (`check`)."""
EXIT_ERROR: Final = 2
"""Usage, configuration, catalogue or internal error; nothing was reported."""

DEBUG_ENV: Final = "VENDORLOCK_DEBUG"
"""Set to `1` to see the traceback of an internal error."""


class OutputFormat(str, Enum):
    """Report formats of `vendorlock scan`."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    MARKDOWN = "markdown"
    HTML = "html"


class GraphFormat(str, Enum):
    """Export formats of `vendorlock graph`."""

    JSON = "json"
    DOT = "dot"
    GRAPHML = "graphml"
    MERMAID = "mermaid"


class PlanFormat(str, Enum):
    """Formats of `vendorlock plan`."""

    MARKDOWN = "markdown"
    JSON = "json"


class HistoryFormat(str, Enum):
    """Formats of `vendorlock history`."""

    TEXT = "text"
    JSON = "json"


class FailOnChoice(str, Enum):
    """What `vendorlock check` fails on; `config.FailOn` lists the same."""

    NEW = "new"
    ANY = "any"


class GraphLevel(str, Enum):
    """How fine the exported graph is."""

    MODULE = "module"
    FUNCTION = "function"


NoColorOption: TypeAlias = Annotated[
    bool,
    typer.Option("--no-color", help="No colours or styles (NO_COLOR is honoured too)."),
]
ConfigOption: TypeAlias = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        dir_okay=False,
        # Rich reads [..] as markup: the backslash keeps the table name.
        help="Read \\[tool.vendorlock] from FILE, not the scan root's pyproject.toml.",
    ),
]
FormatOption: TypeAlias = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help="Report format [default: text].", show_default=False),
]
ExcludeOption: TypeAlias = Annotated[
    list[str] | None,
    typer.Option("--exclude", metavar="GLOB", help="Skip matching paths (repeatable)."),
]
MinConfidenceOption: TypeAlias = Annotated[
    Confidence | None,
    typer.Option(help="Report only findings at least this sure [default: likely]."),
]
NoGitignoreOption: TypeAlias = Annotated[
    bool, typer.Option("--no-gitignore", help="Scan files that .gitignore excludes.")
]
GatewayOption: TypeAlias = Annotated[
    list[str] | None,
    typer.Option(
        "--gateway", metavar="GLOB", help="Paths allowed to call vendors directly (repeatable)."
    ),
]

PathArgument: TypeAlias = Annotated[
    Path, typer.Argument(metavar="[PATH]", help="File or directory to scan (default: .).")
]
OutputFileOption: TypeAlias = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", dir_okay=False, help="Write to FILE."),
]

app = typer.Typer(
    name="vendorlock",
    help="Find, measure and remove LLM vendor lock-in in Python code.",
    no_args_is_help=True,
    add_completion=False,
    # Our own handler prints one line; typer's would print a rich traceback.
    pretty_exceptions_enable=False,
)


def main() -> None:
    """Entry point of the `vendorlock` console script and `python -m vendorlock`."""
    app()


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"vendorlock {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Find, measure and remove LLM vendor lock-in in Python code."""


@app.command("scan")
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
) -> None:
    """Find every place the code is tied to an LLM vendor. Exits 0 when the scan ran."""
    with _errors_reported():
        flags = _flags(output_format, exclude, min_confidence, no_gitignore, gateway)
        effective = _effective(paths or [Path()], config_file, flags)
        history = read_history(history_file) if history_file is not None else None
        with scan_progress() as progress:
            options = replace(effective.config.scan_options(), progress=progress)
            report = scan(paths or [Path()], options)
        _emit_report(
            report,
            OutputFormat(effective.config.format),
            output,
            no_color=no_color,
            history=history,
        )


@app.command("graph")
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
) -> None:
    """Export the exposure graph: which modules, functions and entry points use which vendor."""
    with _errors_reported():
        options = _effective([path], config_file, {}).config.scan_options()
        graph = scan_project([path], options).graph
        text = export_graph(graph, graph_format.value, level.value)
        if output is not None:
            _write_atomic(output, text)
        else:
            typer.echo(text, nl=False)


@app.command("config")
def config_command(
    path: Annotated[
        Path, typer.Argument(metavar="[PATH]", help="The scan root (default: .).")
    ] = Path(),
    output_format: FormatOption = None,
    exclude: ExcludeOption = None,
    min_confidence: MinConfidenceOption = None,
    no_gitignore: NoGitignoreOption = False,
    gateway: GatewayOption = None,
    config_file: ConfigOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Show the effective configuration and where each value came from."""
    with _errors_reported():
        flags = _flags(output_format, exclude, min_confidence, no_gitignore, gateway)
        effective = _effective([path], config_file, flags)
        render_config(make_console(no_color=no_color), effective.describe_file(), effective.rows())


def _flags(
    output_format: OutputFormat | None,
    exclude: list[str] | None,
    min_confidence: Confidence | None,
    no_gitignore: bool,
    gateway: list[str] | None,
) -> dict[str, tuple[str, object]]:
    """The settings given on the command line: key -> (flag, value)."""
    given: dict[str, tuple[str, object]] = {
        "format": ("--format", output_format.value if output_format else None),
        "exclude": ("--exclude", tuple(exclude or ())),
        "min_confidence": ("--min-confidence", min_confidence),
        "gitignore": ("--no-gitignore", False if no_gitignore else None),
        "gateway": ("--gateway", tuple(gateway or ())),
    }
    return {key: (flag, value) for key, (flag, value) in given.items() if value not in (None, ())}


def _effective(
    paths: list[Path], config_file: Path | None, flags: dict[str, tuple[str, object]]
) -> EffectiveConfig:
    return resolve_config(paths, config_file, flags, Path.cwd())


@app.command("rules")
def rules_command(
    rule_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Explain this rule.", show_default=False)
    ] = None,
    no_color: NoColorOption = False,
) -> None:
    """List every rule, or explain one: what it finds, why it locks you in, what to use."""
    with _errors_reported():
        rules = all_rules()
        console = make_console(no_color=no_color)
        if rule_id is None:
            render_rules_table(console, rules.values())
        elif rule_id in rules:
            render_rule(console, rules[rule_id])
        else:
            raise UsageError(f"unknown rule '{rule_id}' (see 'vendorlock rules')")


@app.command("migrate")
def migrate_command(
    path: Annotated[
        Path,
        typer.Argument(metavar="[PATH]", help="File or directory to migrate (default: .)."),
    ] = Path(),
    to: Annotated[
        str, typer.Option("--to", metavar="litellm|any-llm", help="The neutral layer to move to.")
    ] = ...,  # type: ignore[assignment]  # required option
    apply: Annotated[
        bool, typer.Option("--apply", help="Write the changes (default: print a diff).")
    ] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Also apply fixes that need review.")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="RULE", help="Only sites of this rule (repeatable)."),
    ] = None,
) -> None:
    """Move vendor calls onto LiteLLM or any-llm: a diff by default, --apply writes it."""
    with _errors_reported():
        options = MigrateOptions(to, apply, unsafe_fixes, frozenset(select or ()))
        result = migrate(scan([path], ScanOptions()), options)
        typer.echo(render_diff(result), nl=False)
        typer.echo(render_summary(result, unsafe_fixes=unsafe_fixes, written=apply), nl=False)


@app.command("plan")
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
) -> None:
    """A migration plan: phases, a per-module checklist, effort and risks."""
    with _errors_reported():
        result = scan_project([path], _effective([path], config_file, {}).config.scan_options())
        plan = build_plan(plan_inputs(result, to, str(path)))
        json_plan = plan_format is PlanFormat.JSON
        _emit_text(render_plan_json(plan) if json_plan else render_plan_markdown(plan), output)


@app.command("check")
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
) -> None:
    """Gate CI: exit 0 when every gate passes, 1 when one fails, 2 on a usage or config error.

    Gates: the score limit, no finding the baseline lacks, and no direct vendor
    call outside the gateway. Suppressed findings are not gated.
    """
    with _errors_reported():
        flags = _flags(None, exclude, None, False, gateway) | _gate_flags(
            max_score, max_findings, baseline, fail_on
        )
        effective = _effective([path], config_file, flags)
        settings = gate_settings(effective)
        report = scan([path], effective.config.scan_options())
        result = evaluate(report, settings)
        if sarif is not None:
            _write_atomic(sarif, render_sarif(report, all_rules()))
        if markdown is not None:
            text = render_check_markdown(result) + "\n" + render_markdown(report, all_rules())
            _write_atomic(markdown, text)
        typer.echo(render_check_text(result), nl=False)
        if not result.passed:
            raise typer.Exit(EXIT_FINDINGS)


@app.command("baseline")
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
) -> None:
    """Record the current findings as accepted: 'vendorlock check' then fails only on new ones."""
    with _errors_reported():
        flags = _flags(None, exclude, None, False, None)
        if output is not None:
            flags["baseline"] = ("--output", str(output))
        effective = _effective([path], config_file, flags)
        target = effective.path_setting("baseline")
        if target is None:
            raise UsageError("no baseline file: pass -o FILE or set baseline in [tool.vendorlock]")
        report = scan([path], effective.config.scan_options())
        baseline = build_baseline(report)
        _write_atomic(target, render_baseline(baseline))
        left_out = report.summary.suppressed
        note = f" ({left_out} suppressed left out)" if left_out else ""
        recorded = plural(len(baseline.findings), "finding")
        typer.echo(f"vendorlock baseline: {recorded} recorded in {target}{note}")


@app.command("history")
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
) -> None:
    """The lock-in score per commit, read from git objects; the work tree is never touched."""
    with _errors_reported():
        options = _effective([path], config_file, {}).config.scan_options()
        history = scan_history(path, options, HistoryQuery(max_count, since))
        as_json = history_format is HistoryFormat.JSON
        _emit_text(
            render_history_json(history) if as_json else render_history_text(history), output
        )


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


def _emit_text(text: str, output: Path | None) -> None:
    if output is not None:
        _write_atomic(output, text)
    else:
        typer.echo(text, nl=False)


def _emit_report(
    report: Report,
    output_format: OutputFormat,
    output: Path | None,
    *,
    no_color: bool,
    history: History | None = None,
) -> None:
    if output is not None:
        _write_atomic(output, _report_text(report, output_format, history))
    elif output_format is not OutputFormat.TEXT:
        typer.echo(_report_text(report, output_format, history), nl=False)
    else:
        render_text_report(make_console(no_color=no_color), build_text_report(report))


def _report_text(
    report: Report, output_format: OutputFormat, history: History | None = None
) -> str:
    if output_format is OutputFormat.JSON:
        return render_json(report)
    if output_format is OutputFormat.SARIF:
        return render_sarif(report, all_rules())
    if output_format is OutputFormat.MARKDOWN:
        return render_markdown(report, all_rules(), history=history)
    if output_format is OutputFormat.HTML:
        return render_html(report, all_rules(), history=history)
    return export_text(build_text_report(report))


@contextmanager
def _errors_reported() -> Iterator[None]:
    """Turn any error into one stderr line and exit 2, never a traceback.

    Typer's own exits pass through; a broken pipe (`vendorlock scan | head`)
    is left to typer, which exits quietly.
    """
    try:
        yield
    except (typer.Exit, typer.Abort, BrokenPipeError):
        raise
    except VendorlockError as error:
        print_error(make_console(stderr=True), str(error))
        raise typer.Exit(EXIT_ERROR) from None
    except Exception as error:
        debug = os.environ.get(DEBUG_ENV, "") not in ("", "0")
        print_internal_error(make_console(stderr=True), error, debug=debug)
        raise typer.Exit(EXIT_ERROR) from None


def _write_atomic(path: Path, text: str) -> None:
    """Write `text` so that a reader sees the old file or the new one, never half of it.

    Only a regular file is replaced: `--output /dev/null` or a named pipe is written to
    as it is (renaming over it would turn the device into a file), and a symlink's
    target is replaced, not the link.
    """
    path = path.resolve() if path.is_symlink() else path
    if path.exists() and not path.is_file():
        try:
            with path.open("w", encoding="utf-8") as stream:
                stream.write(text)
        except OSError as error:
            raise UsageError(f"cannot write '{path}': {error.strerror or error}") from error
        return
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        temp = Path(name)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(text.encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
            temp.chmod(_new_file_mode(path))
            temp.replace(path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as error:
        raise UsageError(f"cannot write '{path}': {error.strerror or error}") from error


def _new_file_mode(path: Path) -> int:
    # mkstemp creates files readable by the owner only; a report is meant to
    # be shared (CI artifacts), so give it the mode a plain open() would.
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
