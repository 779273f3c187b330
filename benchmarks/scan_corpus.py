"""Scan every package of the real-world corpus and tabulate what vendorlock finds.

Usage: python benchmarks/scan_corpus.py [--package NAME]... [--skip NAME]... [--json OUT]
                                        [--reports DIR] [--markdown] [--load JSON]...
                                        [--table findings|score|graph]... [--cache-dir DIR]

Per package: Python files (in the wheel, and as discovered), lines, findings by kind, by SDK
and by confidence, diagnostics, the wall and CPU time of the in-process `scan_project()` and
its peak resident memory; the lock-in score with its parts; and what the exposure graph costs
to build next to the scan (`lockin.py`). `--table` picks the tables printed (findings, the
default; score; graph), `--json` writes the raw numbers, `--reports` each package's full JSON
report (for reading findings by hand, and for `migrate_corpus.py --reports`), `--markdown`
prints Markdown for docs/benchmarks.md, `--load` tabulates saved `--json` files (merged, in
corpus order) instead of scanning.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import common
import lockin
from corpus import CorpusError, Package, cache_dir, count_lines, ensure, load_corpus, select
from lockin import GraphCost, LockIn

from vendorlock import Report, ScanOptions
from vendorlock.auditor.engine import scan_project

KINDS = ("import", "client", "call", "feature")
MAIN_SDKS = ("openai", "anthropic")


@dataclass
class PackageResult:
    """The numbers of one package's scan."""

    package: str
    version: str
    role: str
    py_files: int
    lines: int
    files_discovered: int
    files_scanned: int
    files_with_findings: int
    findings: int
    by_kind: dict[str, int]
    by_sdk: dict[str, int]
    by_provider: dict[str, int]
    by_confidence: dict[str, int]
    by_rule: dict[str, int]
    by_api: dict[str, int]
    diagnostics: int
    diagnostic_kinds: dict[str, int]
    wall_s: float
    cpu_s: float
    # Absent from results saved before the score and graph were measured.
    peak_rss_mb: float | None = None
    score: LockIn | None = None
    graph: GraphCost | None = None


def scan_package(
    package: Package, tree: Path, options: ScanOptions
) -> tuple[PackageResult, Report]:
    """Scan one unpacked package in-process and measure it, its score and its graph."""
    py_files, lines = count_lines(tree)
    reset = lockin.reset_peak_rss()
    wall, cpu = time.perf_counter(), time.process_time()
    scanned = scan_project([tree], options)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = lockin.peak_rss_mb() if reset else None
    report = scanned.report
    summary = report.summary
    result = PackageResult(
        package=package.name,
        version=package.version,
        role=package.role,
        py_files=py_files,
        lines=lines,
        files_discovered=summary.files_discovered,
        files_scanned=summary.files_scanned,
        files_with_findings=summary.files_with_findings,
        findings=summary.findings,
        by_kind=dict(summary.by_kind),
        by_sdk=dict(summary.by_sdk),
        by_provider=dict(summary.by_provider),
        by_confidence=dict(summary.by_confidence),
        by_rule=_sorted(Counter(f.rule for f in report.findings)),
        by_api=_sorted(Counter(f.api for f in report.findings if f.api)),
        diagnostics=len(report.diagnostics),
        diagnostic_kinds=_sorted(Counter(d.kind.value for d in report.diagnostics)),
        wall_s=round(wall, 3),
        cpu_s=round(cpu, 3),
        peak_rss_mb=None if peak is None else round(peak, 1),
        score=lockin.lock_in(report),
        graph=lockin.graph_cost(scanned),
    )
    return result, report


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def totals(results: Sequence[PackageResult]) -> PackageResult:
    """The sums over `results`, as one row labelled "total"."""

    def add(attribute: str) -> dict[str, int]:
        counter: Counter[str] = Counter()
        for r in results:
            counter.update(getattr(r, attribute))
        return _sorted(counter)

    return PackageResult(
        package="total",
        version="",
        role="",
        py_files=sum(r.py_files for r in results),
        lines=sum(r.lines for r in results),
        files_discovered=sum(r.files_discovered for r in results),
        files_scanned=sum(r.files_scanned for r in results),
        files_with_findings=sum(r.files_with_findings for r in results),
        findings=sum(r.findings for r in results),
        by_kind=add("by_kind"),
        by_sdk=add("by_sdk"),
        by_provider=add("by_provider"),
        by_confidence=add("by_confidence"),
        by_rule=add("by_rule"),
        by_api=add("by_api"),
        diagnostics=sum(r.diagnostics for r in results),
        diagnostic_kinds=add("diagnostic_kinds"),
        wall_s=round(sum(r.wall_s for r in results), 3),
        cpu_s=round(sum(r.cpu_s for r in results), 3),
    )


HEADER = [
    "package", "files", "lines", *KINDS, "other kinds", *MAIN_SDKS, "other SDKs",
    "certain", "likely", "diag", "wall s", "cpu s",
]  # fmt: skip


def table(results: Sequence[PackageResult]) -> tuple[list[str], list[list[str]]]:
    """Header and rows (strings), the total row last."""
    return HEADER, [_row(r) for r in [*results, totals(results)]]


def score_table(results: Sequence[PackageResult]) -> tuple[list[str], list[list[str]]]:
    """The lock-in score of each package that has one, highest first."""
    scored = [(r, r.score) for r in results if r.score is not None]
    ranked = sorted(scored, key=lambda pair: (-pair[1].total, pair[0].package))
    return lockin.SCORE_HEADER, [lockin.score_row(_name(r), r.role, score) for r, score in ranked]


def graph_table(results: Sequence[PackageResult]) -> tuple[list[str], list[list[str]]]:
    """The exposure graph's cost next to the scan's, per package that has it."""
    return lockin.GRAPH_HEADER, [
        lockin.graph_row(_name(r), r.lines, r.cpu_s, r.peak_rss_mb, r.graph)
        for r in results
        if r.graph is not None
    ]


def _name(r: PackageResult) -> str:
    return f"{r.package} {r.version}".strip()


def _row(r: PackageResult) -> list[str]:
    kinds = [r.by_kind.get(kind, 0) for kind in KINDS]
    sdks = [r.by_sdk.get(sdk, 0) for sdk in MAIN_SDKS]
    return [
        f"{r.package} {r.version}".strip(), str(r.files_discovered), f"{r.lines:,}",
        *map(str, kinds), str(r.findings - sum(kinds)),
        *map(str, sdks), str(sum(r.by_sdk.values()) - sum(sdks)),
        str(r.by_confidence.get("certain", 0)), str(r.by_confidence.get("likely", 0)),
        str(r.diagnostics), f"{r.wall_s:.1f}", f"{r.cpu_s:.1f}",
    ]  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Scan the corpus and tabulate the findings.")
    parser.add_argument("--package", action="append", default=[], metavar="NAME")
    parser.add_argument("--skip", action="append", default=[], metavar="NAME")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the raw numbers")
    parser.add_argument("--reports", type=Path, metavar="DIR", help="write each JSON report")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--table",
        action="append",
        choices=sorted(TABLES),
        default=[],
        help="the table(s) to print: findings (the default), score, graph (repeatable)",
    )
    parser.add_argument(
        "--cache-dir", type=Path, metavar="DIR", help="ScanOptions.cache_dir (where supported)"
    )
    parser.add_argument(
        "--load",
        type=Path,
        action="append",
        default=[],
        metavar="JSON",
        help="tabulate results saved by --json instead of scanning (repeatable, merged)",
    )
    args = parser.parse_args(argv)
    try:
        packages = select(load_corpus(), args.package)
        skipped = {p.pin for p in select(packages, args.skip)} if args.skip else set()
    except CorpusError as error:
        print(f"scan_corpus: error: {error}", file=sys.stderr)
        return 2
    packages = tuple(p for p in packages if p.pin not in skipped)
    if args.load:
        results = _merge(packages, [load_results(path) for path in args.load])
    else:
        options = ScanOptions(cache_dir=args.cache_dir)
        results = _scan_all(packages, options, args.json, args.reports)
    for name in args.table or ["findings"]:
        header, rows = TABLES[name](results)
        print(common.render(header, rows, markdown=args.markdown), end="\n\n")
    if args.json:
        _write_json(args.json, results)
    return 0


def _scan_all(
    packages: Sequence[Package],
    options: ScanOptions,
    json_out: Path | None,
    reports: Path | None,
) -> list[PackageResult]:
    cache = cache_dir()
    results = []
    for package in packages:
        result, report = scan_package(package, ensure(package, cache), options)
        results.append(result)
        print(f"scanned {package.pin}: {result.findings} findings in {result.wall_s:.1f}s",
              file=sys.stderr, flush=True)  # fmt: skip
        if reports:
            reports.mkdir(parents=True, exist_ok=True)
            out = reports / f"{package.dirname}.json"
            out.write_text(report.model_dump_json(indent=1), encoding="utf-8")
        if json_out:  # after each package, so that an interrupted run keeps what it measured
            _write_json(json_out, results)
    return results


def _write_json(path: Path, results: Sequence[PackageResult]) -> None:
    raw = {"provenance": common.provenance(), "packages": [asdict(r) for r in results]}
    path.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")


def load_results(path: Path) -> list[PackageResult]:
    """The per-package results of a file written by `--json`."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [_result(record) for record in raw["packages"]]


def _result(record: dict[str, Any]) -> PackageResult:
    score, graph = record.pop("score", None), record.pop("graph", None)
    result = PackageResult(**record)
    if score is not None:
        for pairs in ("surface_top", "sdks", "modules"):
            score[pairs] = [(str(name), float(value)) for name, value in score[pairs]]
        result.score = LockIn(**score)
    if graph is not None:
        result.graph = GraphCost(**graph)
    return result


def _merge(
    packages: Sequence[Package], loaded: Sequence[Sequence[PackageResult]]
) -> list[PackageResult]:
    """Loaded results in corpus order; a package measured twice keeps its last measurement."""
    latest = {(r.package, r.version): r for results in loaded for r in results}
    return [latest[key] for p in packages if (key := (p.name, p.version)) in latest]


TABLES = {"findings": table, "score": score_table, "graph": graph_table}

if __name__ == "__main__":
    sys.exit(main())
