"""Migrators: move vendor LLM calls onto a neutral layer (LiteLLM, any-llm).

`migrate(report, options)` takes the auditor's report (the CLI runs the scan)
and returns one result per file; `render_diff` and `render_summary` turn it
into the text the command prints.
"""

from vendorlock.migrators.migrate import MigrateOptions, MigrationResult, migrate
from vendorlock.migrators.summary import render_diff, render_summary
from vendorlock.migrators.targets import targets

__all__ = [
    "MigrateOptions",
    "MigrationResult",
    "migrate",
    "render_diff",
    "render_summary",
    "targets",
]
