"""`vendorlock migrate`: vendor calls moved onto LiteLLM or any-llm, as a diff or written."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vendorlock.auditor.engine import scan
from vendorlock.cli.common import errors_reported
from vendorlock.cli.options import CacheDirOption, JobsOption, NoCacheOption, with_engine
from vendorlock.config import ScanOptions


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
    jobs: JobsOption = 0,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Move vendor calls onto LiteLLM or any-llm: a diff by default, --apply writes it."""
    # Imported here: the codemods pull in libcst.matchers (most of a second), which no
    # other command needs, and every `vendorlock scan` in CI would pay for it.
    from vendorlock.migrators import MigrateOptions, migrate, render_diff, render_summary

    with errors_reported():
        options = MigrateOptions(to, apply, unsafe_fixes, frozenset(select or ()))
        scan_options = with_engine(ScanOptions(), jobs, cache_dir, no_cache)
        result = migrate(scan([path], scan_options), options)
        typer.echo(render_diff(result), nl=False)
        typer.echo(render_summary(result, unsafe_fixes=unsafe_fixes, written=apply), nl=False)
