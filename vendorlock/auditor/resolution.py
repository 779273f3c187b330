"""Resolve a project: analyse its files to a fixed point, then assemble report and graph.

Resolution runs in rounds to a fixed point. Round one analyses the files
that mention a vendor, in waves ordered by the import graph (schedule.py) so a
module is analysed after the modules it imports. Whenever a module's exports
change (it now offers a client, a factory, a class holding a client), the
files that read them are analysed again, and files the prefilter skipped become
candidates if they mention one of its exported names.

Each wave's files are analysed against the same snapshot of the exports, by
one process or a pool (workers.py): the result does not depend on how many.
With a cache (cache.py), a file whose bytes and inputs are unchanged reuses its
last analysis without being parsed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from vendorlock._version import __version__
from vendorlock.auditor import prefilter
from vendorlock.auditor.cache import CacheContents, CachedFile, ResultCache
from vendorlock.auditor.catalogue import default_catalogue
from vendorlock.auditor.evaluate import ProjectView
from vendorlock.auditor.gc_pause import gc_paused
from vendorlock.auditor.graph import ExposureGraph
from vendorlock.auditor.graph_build import build_graph
from vendorlock.auditor.project_files import ProjectFiles, Unit
from vendorlock.auditor.scan_result import ScanResult, ScanStats
from vendorlock.auditor.schedule import imported_names, waves
from vendorlock.auditor.score import score_project
from vendorlock.auditor.summary import build_report
from vendorlock.auditor.values import ModuleExports
from vendorlock.auditor.workers import (
    MIN_FILES_FOR_POOL,
    InProcessRunner,
    Outcome,
    ProcessRunner,
    Runner,
    Task,
)
from vendorlock.config import ScanOptions
from vendorlock.model import FileOutcome, FileStatus, Report

_MAX_ROUNDS = 12
_RECURSION_LIMIT = 20_000


@dataclass
class _Resolution:
    units: dict[str, Unit]
    modules: frozenset[str]
    packages: frozenset[str] = frozenset()
    exports: dict[str, ModuleExports] = field(default_factory=dict)
    # How often each module's exports changed, and which versions each analysed file saw:
    # a file is analysed again only when something it depends on has changed since.
    versions: dict[str, int] = field(default_factory=dict)
    seen: dict[str, dict[str, int]] = field(default_factory=dict)
    progress: Callable[[int, int], None] | None = None
    cached: CacheContents | None = None
    by_module_cache: dict[str, str] = field(default_factory=dict)  # module -> relpath
    likely_imports: dict[str, set[str]] = field(default_factory=dict)  # from import lines
    reused: int = 0  # analyses taken from the cache
    analysed: int = 0  # analyses run
    rounds: int = 0
    # Per module, the names already used to pull in files that mention them. Names are
    # announced when a module analysed in this scan exports them, whether or not that
    # changed anything: a warm scan (exports equal to the seeds) pulls in the same files.
    announced: dict[str, set[str]] = field(default_factory=dict)
    seeded: set[str] = field(default_factory=set)  # modules whose exports came from the cache

    def by_module(self) -> dict[str, str]:
        return {unit.module_name: relpath for relpath, unit in self.units.items()}


def analyse_project(files: ProjectFiles, options: ScanOptions) -> ScanResult:
    """Analyse `files` to a fixed point; the report with the structure of every analysed module."""
    # Resolution follows chains of names through modules (`a = b`, re-exports of
    # re-exports): a large package's `__init__` goes deeper than Python's default 1000.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), _RECURSION_LIMIT))
    default_catalogue(options.cache_dir)  # the first load decides: parsed TOML from the cache
    units = files.units
    resolution = _Resolution(
        units={unit.relpath: unit for unit in units},
        modules=files.modules,
        packages=files.packages,
        progress=options.progress,
    )
    cache = ResultCache(options.cache_dir, files.root) if options.cache_dir else None
    layout = files.layout
    if cache is not None:
        resolution.cached = cache.load(layout)
        _seed_exports(resolution)
    converged = _resolve(resolution, options.jobs)
    if cache is not None and converged:
        cache.store(_cache_contents(resolution, layout))
    with gc_paused():  # the report, graph and score: many objects, all kept
        outcomes = [_outcome(unit) for unit in units]
        diagnostics = [*files.diagnostics, *(u.diagnostic for u in units if u.diagnostic)]
        findings = [f for u in units if u.analysis for f in u.analysis.findings]
        report = build_report(
            version=__version__,
            root=files.root,
            findings=findings,
            diagnostics=diagnostics,
            outcomes=outcomes,
            min_confidence=options.min_confidence,
        )
        structures = tuple(unit.analysis.structure for unit in units if unit.analysis is not None)
        scripts = files.scripts
        # Suppressed findings stay in the report but weigh nothing in the graph or the score.
        active = [finding for finding in report.findings if not finding.suppressed]
        graph = build_graph(structures, active, scripts)
        report = _with_exposure(report, graph, options.gateway)
    stats = ScanStats(resolution.analysed, resolution.reused, resolution.rounds, converged)
    return ScanResult(report, structures, scripts, files.root, graph, stats)


def _with_exposure(report: Report, graph: ExposureGraph, gateway: Sequence[str]) -> Report:
    """The report with each finding's blast radius and the lock-in score."""
    findings = tuple(
        finding.model_copy(update={"blast_radius": graph.blast_radius(finding)})
        for finding in report.findings
    )
    return report.model_copy(update={"findings": findings, "score": score_project(graph, gateway)})


# -- the cache -----------------------------------------------------------------------


def _cached(resolution: _Resolution, unit: Unit) -> CachedFile | None:
    """`unit`'s cache entry when its bytes are unchanged."""
    if resolution.cached is None:
        return None
    entry = resolution.cached.files.get(unit.relpath)
    return entry if entry is not None and entry.digest == unit.digest else None


def _seed_exports(resolution: _Resolution) -> None:
    """Start from the exports each module had at the end of the last scan.

    Without this, every module of an import cycle would find its partners'
    exports missing (they are analysed in the same wave) and miss the cache.
    A seed is provisional: a module analysed again publishes its new exports
    (re-queueing whoever read the seed if they differ), and the seed of a
    module this scan never analyses is withdrawn before the scan ends.
    """
    if resolution.cached is None:
        return
    for unit in resolution.units.values():
        entry = resolution.cached.files.get(unit.relpath)
        if entry is None or entry.analysis is None or unit.source.file.is_notebook:
            continue
        if not entry.analysis.exports.is_empty():
            resolution.exports[unit.module_name] = entry.analysis.exports
            resolution.seeded.add(unit.module_name)


def _withdraw_unconfirmed_seeds(resolution: _Resolution) -> set[str]:
    """Remove the seeds of modules this scan did not analyse; return those removed."""
    analysed = {u.module_name for u in resolution.units.values() if u.analysis is not None}
    withdrawn = resolution.seeded - analysed
    for module in withdrawn:
        del resolution.exports[module]
        resolution.versions[module] = resolution.versions.get(module, 0) + 1
    resolution.seeded.clear()
    return withdrawn


def _reusable(resolution: _Resolution, unit: Unit) -> CachedFile | None:
    """The cached outcome, if the file and everything its analysis read are unchanged."""
    entry = _cached(resolution, unit)
    if entry is None or resolution.cached is None:
        return None
    if entry.analysis is None:
        return entry
    by_module = resolution.by_module_cache
    for module in entry.analysis.depends_on:
        previous = _cached_exports(resolution.cached, by_module.get(module))
        current = resolution.exports.get(module)
        if _normal(previous) != _normal(current):
            return None
    return entry


def _cached_exports(cached: CacheContents, relpath: str | None) -> ModuleExports | None:
    entry = cached.files.get(relpath) if relpath is not None else None
    return entry.analysis.exports if entry is not None and entry.analysis is not None else None


def _normal(exports: ModuleExports | None) -> ModuleExports | None:
    return None if exports is None or exports.is_empty() else exports


def _frozen(found: set[str] | None) -> frozenset[str] | None:
    return frozenset(found) if found is not None else None


def _cache_contents(resolution: _Resolution, layout: str) -> CacheContents:
    files = {
        relpath: CachedFile(
            unit.digest,
            unit.analysis,
            unit.diagnostic,
            _frozen(resolution.likely_imports.get(relpath)),
        )
        for relpath, unit in resolution.units.items()
        if unit.analysable and (unit.analysis is not None or unit.diagnostic is not None)
    }
    return CacheContents(layout, files)


# -- resolution ----------------------------------------------------------------------


def _resolve(resolution: _Resolution, jobs: int) -> bool:
    """Analyse to a fixed point; False when it was not reached in `_MAX_ROUNDS`."""
    resolution.by_module_cache = resolution.by_module()
    vendor = prefilter.vendor_pattern(default_catalogue())
    candidates = {
        relpath
        for relpath, unit in resolution.units.items()
        if unit.analysable and prefilter.mentions(vendor, unit.source.data)
    }
    # The modules candidates import are analysed in any case (they may hold the base URL
    # or the client a candidate uses); taking them into the first round, ahead of their
    # importers, saves analysing the importers twice.
    pending = _import_closure(resolution, candidates)
    runner: Runner | None = None
    try:
        for _round in range(_MAX_ROUNDS):
            if not pending and resolution.seeded:
                pending = _next_round(resolution, _withdraw_unconfirmed_seeds(resolution))
            if not pending:
                return True
            runner = _runner(resolution, jobs, _work(resolution, pending), runner)
            resolution.rounds += 1
            changed = _analyse_round(resolution, sorted(pending), runner)
            pending = _next_round(resolution, changed)
        return not pending
    finally:
        if runner is not None:
            runner.close()


def _runner(resolution: _Resolution, jobs: int, work: int, current: Runner | None) -> Runner:
    """A pool when a round has enough files to analyse, else this process.

    Sized by the files that must be analysed, not those merely checked against the
    cache: after a one-file edit, forking workers would cost more than the analysis.
    Once started, a pool serves the rest of the scan.
    """
    if isinstance(current, ProcessRunner):
        return current
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    if jobs > 1 and work >= MIN_FILES_FOR_POOL:
        if current is not None:
            current.close()
        return ProcessRunner(min(jobs, work), resolution.modules, resolution.packages)
    return current or InProcessRunner(default_catalogue(), resolution.modules, resolution.packages)


def _work(resolution: _Resolution, pending: set[str]) -> int:
    """How many of `pending` cannot be taken from the cache as things stand."""
    return sum(1 for relpath in pending if _reusable(resolution, resolution.units[relpath]) is None)


def _analyse_round(resolution: _Resolution, relpaths: list[str], runner: Runner) -> set[str]:
    """Analyse `relpaths` wave by wave; return the modules whose exports changed."""
    changed: set[str] = set()
    done = 0
    for wave in waves(relpaths, _scheduled_dependencies(resolution, relpaths)):
        outcomes: dict[str, Outcome] = {}
        tasks: list[Task] = []
        for relpath in wave:
            unit = resolution.units[relpath]
            entry = _reusable(resolution, unit)
            if entry is not None:
                outcomes[relpath] = Outcome(relpath, entry.analysis, entry.diagnostic)
                resolution.reused += 1
            else:
                data = unit.source.data
                tasks.append(
                    Task(unit.source.file, unit.module_name, unit.is_package, data, unit.digest)
                )
        if tasks:
            resolution.analysed += len(tasks)
            for outcome in runner.run(tasks, resolution.exports, resolution.versions):
                outcomes[outcome.relpath] = outcome
        # Every file of the wave saw the same exports: record, then publish the changes.
        for relpath in wave:
            _record(resolution, resolution.units[relpath], outcomes[relpath])
        for relpath in wave:
            if _publish(resolution, resolution.units[relpath]):
                changed.add(resolution.units[relpath].module_name)
        # One call per file, as each wave completes (a pool returns a wave at once).
        for _ in wave:
            done += 1
            if resolution.progress is not None:
                resolution.progress(done, len(relpaths))
    return changed


def _scheduled_dependencies(resolution: _Resolution, relpaths: list[str]) -> dict[str, set[str]]:
    """For each file, the files it likely imports (from its import lines, unparsed)."""
    return {relpath: _likely_imports(resolution, relpath) for relpath in relpaths}


def _likely_imports(resolution: _Resolution, relpath: str) -> set[str]:
    found = resolution.likely_imports.get(relpath)
    if found is None:
        unit = resolution.units[relpath]
        entry = _cached(resolution, unit)
        if entry is not None and entry.likely_imports is not None:
            found = resolution.likely_imports[relpath] = set(entry.likely_imports)
            return found
        view = ProjectView(resolution.modules, {}, resolution.packages)
        names = imported_names(unit.source.text or "", unit.module_name, unit.is_package)
        modules = {view.module_of(name) for name in names}
        by_module = resolution.by_module_cache
        found = resolution.likely_imports[relpath] = {
            by_module[m]
            for m in modules
            if m is not None and m in by_module and m != unit.module_name
        }
    return found


def _import_closure(resolution: _Resolution, relpaths: set[str]) -> set[str]:
    """`relpaths` and every analysable file they (transitively) likely import."""
    closure = set(relpaths)
    frontier = list(relpaths)
    while frontier:
        for imported in _likely_imports(resolution, frontier.pop()):
            if imported not in closure and resolution.units[imported].analysable:
                closure.add(imported)
                frontier.append(imported)
    return closure


def _record(resolution: _Resolution, unit: Unit, outcome: Outcome) -> None:
    unit.analysis = outcome.analysis
    unit.diagnostic = outcome.diagnostic
    if outcome.analysis is not None:
        resolution.seen[unit.relpath] = {
            module: resolution.versions.get(module, 0) for module in outcome.analysis.depends_on
        }


def _publish(resolution: _Resolution, unit: Unit) -> bool:
    """Make `unit`'s exports visible; True when they differ from what others saw."""
    if unit.analysis is None or unit.source.file.is_notebook:
        return False
    previous = resolution.exports.get(unit.module_name)
    exports = unit.analysis.exports
    if exports == previous or (previous is None and exports.is_empty()):
        return False
    if exports.is_empty():
        del resolution.exports[unit.module_name]
    else:
        resolution.exports[unit.module_name] = exports
    resolution.versions[unit.module_name] = resolution.versions.get(unit.module_name, 0) + 1
    return True


def _next_round(resolution: _Resolution, changed: set[str]) -> set[str]:
    """Files to analyse next: readers of changed modules, modules not yet seen, and
    files that mention a name a module analysed in this scan exports.

    A module the prefilter skipped can still matter to one that imports it: a
    base URL constant in `settings.py` decides the provider of a client built
    elsewhere. So every project module an analysed file imports is analysed too.
    """
    pending = _unseen_imports(resolution)
    published = {
        unit.module_name
        for unit in resolution.units.values()
        if unit.analysis is not None and unit.module_name in resolution.exports
    }
    tokens: set[str] = set()
    for module in published:
        exported = resolution.exports[module]
        fresh = {module.rsplit(".", 1)[-1], *exported.names} - resolution.announced.get(
            module, set()
        )
        resolution.announced.setdefault(module, set()).update(fresh)
        tokens |= fresh
    if not changed and not tokens:
        return pending
    for relpath, unit in resolution.units.items():
        if not unit.analysable:
            continue
        if unit.analysis is not None:
            seen = resolution.seen.get(relpath, {})
            if any(resolution.versions.get(m, 0) != seen.get(m, 0) for m in seen):
                pending.add(relpath)
        elif tokens and unit.diagnostic is None and not tokens.isdisjoint(unit.words):
            pending.add(relpath)
    return pending


def _unseen_imports(resolution: _Resolution) -> set[str]:
    imported = {
        module
        for unit in resolution.units.values()
        if unit.analysis
        for module in unit.analysis.imports
    }
    return {
        unit.relpath
        for unit in resolution.units.values()
        if unit.module_name in imported
        and unit.analysis is None
        and unit.analysable
        and unit.diagnostic is None
    }


def _outcome(unit: Unit) -> FileOutcome:
    if unit.diagnostic is not None:
        return FileOutcome(
            path=unit.relpath, status=FileStatus.FAILED, reason=unit.diagnostic.message
        )
    if unit.analysis is None:
        return FileOutcome(
            path=unit.relpath, status=FileStatus.SKIPPED, reason="mentions no vendor"
        )
    return FileOutcome(path=unit.relpath, status=FileStatus.SCANNED)
