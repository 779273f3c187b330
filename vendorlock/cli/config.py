"""`vendorlock config` (the settings in force) and `vendorlock rules` (what each rule finds)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vendorlock.auditor.rules import all_rules
from vendorlock.cli.common import errors_reported
from vendorlock.cli.options import (
    ConfigOption,
    ExcludeOption,
    FormatOption,
    GatewayOption,
    MinConfidenceOption,
    NoColorOption,
    NoGitignoreOption,
    effective,
    flags,
)
from vendorlock.console import make_console, render_config, render_rule, render_rules_table
from vendorlock.errors import UsageError


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
    with errors_reported():
        given = flags(output_format, exclude, min_confidence, no_gitignore, gateway)
        settings = effective([path], config_file, given)
        render_config(make_console(no_color=no_color), settings.describe_file(), settings.rows())


def rules_command(
    rule_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Explain this rule.", show_default=False)
    ] = None,
    no_color: NoColorOption = False,
) -> None:
    """List every rule, or explain one: what it finds, why it locks you in, what to use."""
    with errors_reported():
        rules = all_rules()
        console = make_console(no_color=no_color)
        if rule_id is None:
            render_rules_table(console, rules.values())
        elif rule_id in rules:
            render_rule(console, rules[rule_id])
        else:
            raise UsageError(f"unknown rule '{rule_id}' (see 'vendorlock rules')")
