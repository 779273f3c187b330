"""Run a migration over a scan report: which sites, which files, in which order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vendorlock.auditor.catalogue import default_catalogue
from vendorlock.auditor.rules import all_rules
from vendorlock.errors import UsageError
from vendorlock.migrators.apply import FileResult, migrate_file
from vendorlock.migrators.codemod import FilePlan
from vendorlock.migrators.project import Project
from vendorlock.migrators.targets import targets
from vendorlock.model import Finding, Kind, Report


@dataclass(frozen=True)
class MigrateOptions:
    """What `vendorlock migrate` was asked to do."""

    target: str
    write: bool = False
    unsafe_fixes: bool = False
    select: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MigrationResult:
    """One result per file that had a call site to migrate."""

    target: str
    files: tuple[FileResult, ...]


def migrate(report: Report, options: MigrateOptions) -> MigrationResult:
    """Migrate the call sites of `report` onto `options.target`; never raises per file."""
    target = targets().get(options.target)
    if target is None:
        raise UsageError(f"unknown target '{options.target}' (one of: {', '.join(targets())})")
    _check_rules(options.select)
    project = Project(Path(report.root), report)
    catalogue = default_catalogue()
    results = []
    for path, findings in _sites_by_file(report.findings, options.select).items():
        plan = FilePlan(
            path,
            findings,
            project,
            catalogue,
            target,
            options.unsafe_fixes,
            display=_display(project.root / path),
        )
        results.append(migrate_file(plan, options.write))
    return MigrationResult(target.name, tuple(results))


def _sites_by_file(
    findings: Iterable[Finding], select: frozenset[str]
) -> dict[str, tuple[Finding, ...]]:
    """Call findings, grouped by file in path order; `select` keeps a call when its rule or
    one of its features is selected."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.kind is not Kind.CALL or finding.api is None:
            continue
        if select and not ({finding.rule, *finding.features} & select):
            continue
        grouped[finding.path].append(finding)
    return {path: tuple(grouped[path]) for path in sorted(grouped)}


def _display(path: Path) -> str:
    """The path as the user would type it: relative to the cwd when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _check_rules(select: frozenset[str]) -> None:
    unknown = sorted(select - set(all_rules()))
    if unknown:
        raise UsageError(f"unknown rule '{unknown[0]}' (see 'vendorlock rules')")
