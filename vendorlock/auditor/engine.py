"""Orchestrates a scan: discover, prefilter, detect per file, resolve across modules.

Resolution runs in rounds to a fixed point. Round one analyses the files
that mention a vendor. Whenever a module's exports change (it now offers a
client, a factory, a class holding a client), the files that import it are
analysed again, and files the prefilter skipped become candidates if they
mention one of its exported names.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

from vendorlock._version import __version__
from vendorlock.auditor import modules, prefilter
from vendorlock.auditor.analyze import (
    FileAnalysis,
    ParsedModule,
    analyze,
    parse,
    project_imports,
)
from vendorlock.auditor.catalogue import Catalogue, default_catalogue
from vendorlock.auditor.discover import SourceFile, discover
from vendorlock.auditor.evaluate import ProjectView
from vendorlock.auditor.graph import ExposureGraph
from vendorlock.auditor.graph_build import build_graph
from vendorlock.auditor.score import score_project
from vendorlock.auditor.sources import LoadedSource, decode, read_bytes
from vendorlock.auditor.structure import ModuleStructure, console_scripts
from vendorlock.auditor.summary import build_report
from vendorlock.auditor.values import ModuleExports
from vendorlock.config import ScanOptions
from vendorlock.model import Diagnostic, DiagnosticKind, FileOutcome, FileStatus, Report

_MAX_ROUNDS = 12
_RECURSION_LIMIT = 20_000


@dataclass
class _Unit:
    """One discovered file through the scan."""

    source: LoadedSource
    module_name: str
    is_package: bool
    parsed: ParsedModule | None = None
    analysis: FileAnalysis | None = None
    diagnostic: Diagnostic | None = None

    @property
    def relpath(self) -> str:
        return self.source.file.relpath


@dataclass
class _Resolution:
    units: dict[str, _Unit]
    modules: frozenset[str]
    exports: dict[str, ModuleExports] = field(default_factory=dict)
    # How often each module's exports changed, and which versions each analysed file saw:
    # a file is analysed again only when something it imports has changed since.
    packages: frozenset[str] = frozenset()
    progress: Callable[[int, int], None] | None = None
    versions: dict[str, int] = field(default_factory=dict)
    seen: dict[str, dict[str, int]] = field(default_factory=dict)

    def by_module(self) -> dict[str, str]:
        return {unit.module_name: relpath for relpath, unit in self.units.items()}


@dataclass(frozen=True)
class ScanResult:
    """The report, the project structure and the exposure graph built from both."""

    report: Report
    structures: tuple[ModuleStructure, ...]
    scripts: dict[str, str]  # console script name -> qualified function name
    root: Path
    graph: ExposureGraph


def scan(paths: Sequence[Path], options: ScanOptions | None = None) -> Report:
    """Scan `paths` (files or directories) and return the complete report.

    Raises `vendorlock.errors.UsageError` for a path that does not exist.
    """
    return scan_project(paths, options).report


def scan_project(paths: Sequence[Path], options: ScanOptions | None = None) -> ScanResult:
    """Scan `paths`; return the report with the structure of every analysed module."""
    options = options or ScanOptions()
    # Resolution follows chains of names through modules (`a = b`, re-exports of
    # re-exports): a large package's `__init__` goes deeper than Python's default 1000.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), _RECURSION_LIMIT))
    catalogue = default_catalogue()
    modules.clear_cache()
    discovery = discover(
        list(paths) or [Path()],
        excludes=options.excludes,
        respect_gitignore=options.respect_gitignore,
    )
    units = [_load(file) for file in discovery.files]
    resolution = _Resolution(
        units={unit.relpath: unit for unit in units},
        modules=frozenset(unit.module_name for unit in units if not unit.source.file.is_notebook),
        packages=frozenset(unit.module_name.split(".")[0] for unit in units if unit.is_package),
        progress=options.progress,
    )
    _resolve(resolution, catalogue)
    outcomes = [_outcome(unit) for unit in units]
    diagnostics = [*discovery.diagnostics, *(u.diagnostic for u in units if u.diagnostic)]
    findings = [f for u in units if u.analysis for f in u.analysis.findings]
    report = build_report(
        version=__version__,
        root=discovery.root,
        findings=findings,
        diagnostics=diagnostics,
        outcomes=outcomes,
        min_confidence=options.min_confidence,
    )
    structures = tuple(unit.analysis.structure for unit in units if unit.analysis is not None)
    scripts = console_scripts(discovery.root)
    # Suppressed findings stay in the report but weigh nothing in the graph or the score.
    active = [finding for finding in report.findings if not finding.suppressed]
    graph = build_graph(structures, active, scripts)
    report = _with_exposure(report, graph, options.gateway)
    return ScanResult(report, structures, scripts, discovery.root, graph)


def _with_exposure(report: Report, graph: ExposureGraph, gateway: Sequence[str]) -> Report:
    """The report with each finding's blast radius and the lock-in score."""
    findings = tuple(
        finding.model_copy(update={"blast_radius": graph.blast_radius(finding)})
        for finding in report.findings
    )
    return report.model_copy(update={"findings": findings, "score": score_project(graph, gateway)})


def _load(file: SourceFile) -> _Unit:
    name, is_package = modules.module_name(file.path, file.is_notebook)
    data = read_bytes(file)
    if isinstance(data, Diagnostic):
        source = LoadedSource(file, b"", None, None, data)
    else:
        source = decode(file, data)
    return _Unit(source, name, is_package, diagnostic=source.diagnostic)


def _resolve(resolution: _Resolution, catalogue: Catalogue) -> None:
    vendor = prefilter.vendor_pattern(catalogue)
    pending = {
        relpath
        for relpath, unit in resolution.units.items()
        if unit.source.text is not None and prefilter.mentions(vendor, unit.source.data)
    }
    for _round in range(_MAX_ROUNDS):
        if not pending:
            return
        changed = _analyse_round(resolution, sorted(pending), catalogue)
        pending = _next_round(resolution, changed)


def _analyse_round(resolution: _Resolution, relpaths: list[str], catalogue: Catalogue) -> set[str]:
    """Analyse `relpaths`, imported modules first; return modules whose exports changed.

    The view is live: a module analysed later in the round already sees the exports
    of the modules it imports, so most projects resolve in one round.
    """
    view = ProjectView(resolution.modules, resolution.exports, resolution.packages)
    changed: set[str] = set()
    ordered = _imports_first(resolution, relpaths, view)
    for done, relpath in enumerate(ordered, start=1):
        if resolution.progress is not None:
            resolution.progress(done, len(ordered))
        unit = resolution.units[relpath]
        parsed = unit.parsed
        if parsed is None:
            continue
        try:
            unit.analysis = analyze(parsed, catalogue, view)
        except RecursionError:
            # One pathological file (nesting deeper than the analysis recurses) must not
            # end the scan: it becomes a diagnostic like any unreadable file.
            unit.diagnostic = Diagnostic(
                path=unit.relpath,
                kind=DiagnosticKind.INTERNAL_ERROR,
                message="analysis gave up: expressions nested too deeply",
            )
            continue
        resolution.seen[relpath] = {
            module: resolution.versions.get(module, 0) for module in unit.analysis.imports
        }
        if unit.source.file.is_notebook:
            continue
        previous = resolution.exports.get(unit.module_name)
        exports = unit.analysis.exports
        if exports != previous and not (previous is None and exports.is_empty()):
            resolution.exports[unit.module_name] = exports
            resolution.versions[unit.module_name] = resolution.versions.get(unit.module_name, 0) + 1
            changed.add(unit.module_name)
    return changed


def _imports_first(resolution: _Resolution, relpaths: list[str], view: ProjectView) -> list[str]:
    """`relpaths` parsed and ordered so that a module comes after those it imports."""
    wanted = [relpath for relpath in sorted(relpaths) if _parsed(resolution.units[relpath])]
    by_module = resolution.by_module()
    pending = set(wanted)
    ordered: list[str] = []

    def visit(relpath: str) -> None:
        if relpath not in pending:
            return
        pending.discard(relpath)  # before the imports: an import cycle ends here
        parsed = resolution.units[relpath].parsed
        imports = project_imports(parsed, view) if parsed is not None else frozenset()
        for module in sorted(imports):
            dependency = by_module.get(module)
            if dependency is not None:
                visit(dependency)
        ordered.append(relpath)

    for relpath in wanted:
        visit(relpath)
    return ordered


def _next_round(resolution: _Resolution, changed: set[str]) -> set[str]:
    """Files to analyse next: importers of changed modules, and modules not yet seen.

    A module the prefilter skipped can still matter to one that imports it: a
    base URL constant in `settings.py` decides the provider of a client built
    elsewhere. So every project module an analysed file imports is analysed too.
    """
    pending = _unseen_imports(resolution)
    if not changed:
        return pending
    tokens = {module.rsplit(".", 1)[-1] for module in changed}
    for module in changed:
        tokens.update(resolution.exports[module].names)
    pattern = prefilter.compile_tokens(tokens)
    for relpath, unit in resolution.units.items():
        if unit.source.text is None:
            continue
        if unit.analysis is not None:
            seen = resolution.seen.get(relpath, {})
            if any(resolution.versions.get(m, 0) != seen.get(m, 0) for m in unit.analysis.imports):
                pending.add(relpath)
        elif prefilter.mentions(pattern, unit.source.data):
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
        and unit.parsed is None
        and unit.source.text is not None
        and unit.diagnostic is None
    }


def _parsed(unit: _Unit) -> ParsedModule | None:
    if unit.parsed is not None or unit.diagnostic is not None:
        return unit.parsed
    text = unit.source.text
    if text is None:
        return None
    try:
        unit.parsed = parse(
            text, unit.relpath, unit.module_name, unit.is_package, unit.source.line_map
        )
    except cst.ParserSyntaxError as error:
        unit.diagnostic = _syntax_diagnostic(unit, error)
    except RecursionError:
        unit.diagnostic = Diagnostic(
            path=unit.relpath,
            kind=DiagnosticKind.SYNTAX_ERROR,
            message="too deeply nested for the parser",
        )
    return unit.parsed


def _syntax_diagnostic(unit: _Unit, error: cst.ParserSyntaxError) -> Diagnostic:
    # CPython's parser places the error exactly and words it better; libcst's
    # raw_line can be a line or two late. Only files that failed pay for this.
    line, message = error.raw_line, error.message.splitlines()[0] if error.message else ""
    try:
        ast.parse(unit.source.text or "")
    except SyntaxError as precise:
        line, message = precise.lineno or line, precise.msg
    except (ValueError, RecursionError, MemoryError):
        pass
    cell, line_in_cell = (None, line)
    if unit.source.line_map is not None and line >= 1:
        try:
            cell, line_in_cell = unit.source.line_map(line)
        except ValueError:
            cell = None
    where = f"cell {cell}, line {line_in_cell}" if cell is not None else f"line {line}"
    message = message or "invalid syntax"
    hint = " (Python 2 code?)" if _looks_like_python2(unit.source.text or "") else ""
    return Diagnostic(
        path=unit.relpath,
        kind=DiagnosticKind.SYNTAX_ERROR,
        message=f"syntax error at {where}: {message}{hint}",
        line=line_in_cell,
    )


def _looks_like_python2(text: str) -> bool:
    return any(
        stripped.startswith(("print ", "exec ")) and not stripped.startswith(("print (", "exec ("))
        for stripped in (line.strip() for line in text.splitlines())
    )


def _outcome(unit: _Unit) -> FileOutcome:
    if unit.diagnostic is not None:
        return FileOutcome(
            path=unit.relpath, status=FileStatus.FAILED, reason=unit.diagnostic.message
        )
    if unit.analysis is None:
        return FileOutcome(
            path=unit.relpath, status=FileStatus.SKIPPED, reason="mentions no vendor"
        )
    return FileOutcome(path=unit.relpath, status=FileStatus.SCANNED)
