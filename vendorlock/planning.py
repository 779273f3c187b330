"""Gather the migration plan's inputs from a scan and a dry-run migration.

The plan (`vendorlock.reports.plan`) takes plain data: reports may not import
the scanner's internals or the migrators. This module is the glue, beside the
CLI at the top of the import order: it turns the scan's module structure into
`ModuleDependencies` and a dry run of `vendorlock migrate` (nothing is
written) into one `SiteVerdict` per call site, so that the plan says exactly
what the migrators will do and never re-derives it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from vendorlock.auditor.engine import ScanResult
from vendorlock.auditor.rules import all_rules
from vendorlock.migrators import MigrateOptions, migrate
from vendorlock.migrators.apply import Success
from vendorlock.migrators.ir import Safety
from vendorlock.model import Kind, Portability, Report
from vendorlock.reports.plan_model import ModuleDependencies, PlanInputs, SiteVerdict

__all__ = ["module_dependencies", "plan_inputs", "site_verdicts"]

_PORTABILITY_OF_SAFETY: Final = {
    Safety.SAFE: Portability.AUTO,
    Safety.UNSAFE: Portability.ASSISTED,
    Safety.MANUAL: Portability.MANUAL,
}


def plan_inputs(result: ScanResult, target: str, path: str) -> PlanInputs:
    """Everything `build_plan` needs; `path` is the scan path as the user typed it."""
    return PlanInputs(
        report=result.report,
        rules=all_rules(),
        target=target,
        path=path,
        dependencies=module_dependencies(result),
        verdicts=site_verdicts(result.report, target),
    )


def module_dependencies(result: ScanResult) -> ModuleDependencies:
    """Each analysed module and the project modules it imports or calls into."""
    modules = {structure.module for structure in result.structures}
    depends_on = {}
    for structure in result.structures:
        called = {result.graph.module_of(callee) for _caller, callee in structure.calls}
        used = {m for m in (*structure.imports, *called) if m in modules}
        depends_on[structure.module] = frozenset(used - {structure.module})
    paths = {structure.path: structure.module for structure in result.structures}
    return ModuleDependencies(module_of_path=paths, depends_on=depends_on)


def site_verdicts(report: Report, target: str) -> dict[str, SiteVerdict]:
    """What `vendorlock migrate --to target` would do with each call site, by fingerprint.

    Raises `UsageError` for an unknown target, as `migrate` does.
    """
    verdicts: dict[str, SiteVerdict] = {}
    for item in migrate(report, MigrateOptions(target)).files:
        if isinstance(item, Success):
            for outcome in item.outcomes:
                # The reasons that decided, as `vendorlock migrate` prints them.
                reasons = tuple(i.reason for i in outcome.issues if i.safety is outcome.safety)
                level = _PORTABILITY_OF_SAFETY[outcome.safety]
                verdicts[outcome.finding.fingerprint] = SiteVerdict(level, reasons)
            continue
        # A file the migrator skipped (a notebook) or could not read: moved by hand.
        path = _report_path(item.path, report.root)
        for finding in report.findings:
            if finding.path == path and finding.kind is Kind.CALL:
                verdicts[finding.fingerprint] = SiteVerdict(Portability.MANUAL, (item.reason,))
    return verdicts


def _report_path(shown: str, root: str) -> str | None:
    """A path as `migrate` shows it (relative to the cwd, or absolute), relative to the root."""
    try:
        return (Path.cwd() / shown).resolve().relative_to(root).as_posix()
    except ValueError:
        return None
