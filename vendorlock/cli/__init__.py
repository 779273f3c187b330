"""The `vendorlock` command line: the only package that imports every part.

Each command is a thin function in the module of its group: it turns flags into
typed values, calls the library and hands the result to a renderer. Errors are
turned into exit codes in one place, `common.errors_reported`; the options
several commands share are in `options`, and writing output in `output`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from vendorlock._version import __version__
from vendorlock.cli import check, config, history, migrate, plan, scan
from vendorlock.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from vendorlock.cli.options import OutputFormat

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "OutputFormat", "app", "main"]

app = typer.Typer(
    name="vendorlock",
    help="Find, measure and remove LLM vendor lock-in in Python code.",
    no_args_is_help=True,
    add_completion=False,
    # Our own handler prints one line; typer's would print a rich traceback.
    pretty_exceptions_enable=False,
)

# Registered here, in the order `vendorlock --help` lists them.
for name, command in (
    ("scan", scan.scan_command),
    ("graph", scan.graph_command),
    ("config", config.config_command),
    ("rules", config.rules_command),
    ("migrate", migrate.migrate_command),
    ("plan", plan.plan_command),
    ("check", check.check_command),
    ("baseline", check.baseline_command),
    ("history", history.history_command),
):
    app.command(name)(command)


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
