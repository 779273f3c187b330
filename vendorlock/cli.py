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
from enum import Enum
from pathlib import Path
from typing import Annotated, Final, TypeAlias

import typer

from vendorlock._version import __version__
from vendorlock.auditor.engine import scan
from vendorlock.auditor.rules import all_rules
from vendorlock.config import ScanOptions
from vendorlock.console import (
    export_text,
    make_console,
    print_error,
    print_internal_error,
    render_rule,
    render_rules_table,
    render_text_report,
)
from vendorlock.errors import UsageError, VendorlockError
from vendorlock.model import Confidence, Report
from vendorlock.reports.json_report import render_json
from vendorlock.reports.terminal import build_text_report

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


NoColorOption: TypeAlias = Annotated[
    bool,
    typer.Option("--no-color", help="No colours or styles (NO_COLOR is honoured too)."),
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
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format.")
    ] = OutputFormat.TEXT,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the report to FILE."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", metavar="GLOB", help="Skip matching paths (repeatable)."),
    ] = None,
    min_confidence: Annotated[
        Confidence, typer.Option(help="Report only findings at least this sure.")
    ] = Confidence.LIKELY,
    no_gitignore: Annotated[
        bool, typer.Option("--no-gitignore", help="Scan files that .gitignore excludes.")
    ] = False,
    no_color: NoColorOption = False,
) -> None:
    """Find every place the code is tied to an LLM vendor. Exits 0 when the scan ran."""
    with _errors_reported():
        options = ScanOptions(
            excludes=tuple(exclude or ()),
            respect_gitignore=not no_gitignore,
            min_confidence=min_confidence,
        )
        report = scan(paths or [Path()], options)
        _emit_report(report, output_format, output, no_color=no_color)


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


def _emit_report(
    report: Report, output_format: OutputFormat, output: Path | None, *, no_color: bool
) -> None:
    if output is not None:
        _write_atomic(output, _report_text(report, output_format))
    elif output_format is OutputFormat.JSON:
        typer.echo(render_json(report), nl=False)
    else:
        render_text_report(make_console(no_color=no_color), build_text_report(report))


def _report_text(report: Report, output_format: OutputFormat) -> str:
    if output_format is OutputFormat.JSON:
        return render_json(report)
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
    """Write `text` so that a reader sees the old file or the new one, never half of it."""
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
