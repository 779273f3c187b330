"""The lock-in score of a corpus package, and what its exposure graph costs to build.

`scan_corpus.py` calls `measure(result)` after each in-process `scan_project()`:
the score with its three parts and the heaviest surface items (what to read when
checking a package's rank by hand), then the graph rebuilt from the scan's own
structures and findings, timed once as is and once under `tracemalloc`. The
rebuild does exactly the work `scan_project()` does (`build_graph`, then the
score and every finding's blast radius), on a fresh graph whose caches are cold.

Memory: `tracemalloc` counts the Python allocations of the build (peak during it,
and what the finished graph keeps); the resident set is read from /proc (Linux):
its high-water mark is reset (`/proc/self/clear_refs`) before the scan and before
the build, so each peak is that step's own.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vendorlock.auditor.engine import ScanResult
from vendorlock.auditor.graph import ExposureGraph
from vendorlock.auditor.graph_build import build_graph
from vendorlock.auditor.score import score_project
from vendorlock.auditor.score_parts import surface_items
from vendorlock.model import Kind, Report, ScoreComponent

MB = 1024 * 1024
COMPONENTS = ("reach", "surface", "scatter")
TOP_ITEMS = 12  # surface items kept per package, heaviest first


@dataclass
class LockIn:
    """A package's lock-in score, its parts and what they measured."""

    total: float
    grade: str
    points: dict[str, float]  # component -> points
    measures: dict[str, float]  # component -> measure (0 to 1)
    details: dict[str, str]  # component -> the score's own sentence
    call_modules: int  # files holding a `call` finding (what scatter counts)
    surface_mass: float
    surface_items: int
    surface_hard: int  # items weighing more than 0 (they need work to move)
    surface_top: list[tuple[str, float]]  # "kind|name|..." -> weight, heaviest first
    sdks: list[tuple[str, float]]  # SDK slice -> its total, highest first
    modules: list[tuple[str, float]]  # the five highest-scoring modules


@dataclass
class GraphCost:
    """The exposure graph of one scan and what it costs next to the scan."""

    nodes: int
    edges: int
    build_wall_s: float
    build_cpu_s: float
    query_cpu_s: float  # score_project + every finding's blast radius, on the fresh graph
    traced_peak_mb: float  # tracemalloc: peak Python allocation during build_graph
    traced_kept_mb: float  # tracemalloc: still allocated once built (the graph itself)
    rss_peak_delta_mb: float | None  # resident high-water mark during the build, above its start


def lock_in(report: Report) -> LockIn:
    """The score of `report`, read off its own `score` (nothing is recomputed)."""
    score = report.score
    assert score is not None, "scan_project() always scores"
    parts: dict[str, ScoreComponent] = {part.name: part for part in score.components}
    active = [f for f in report.findings if not f.suppressed]
    items = surface_items(active)
    top = sorted(items.items(), key=lambda item: (-item[1], item[0]))
    return LockIn(
        total=score.total,
        grade=score.grade,
        points={name: parts[name].points for name in COMPONENTS},
        measures={name: parts[name].measure for name in COMPONENTS},
        details={name: parts[name].detail for name in COMPONENTS},
        call_modules=len({f.path for f in active if f.kind is Kind.CALL}),
        surface_mass=round(sum(items.values()), 4),
        surface_items=len(items),
        surface_hard=sum(1 for weight in items.values() if weight > 0),
        surface_top=[("|".join(key), weight) for key, weight in top[:TOP_ITEMS] if weight > 0],
        sdks=[(s.name, s.total) for s in score.sdks],
        modules=[(m.name, m.total) for m in score.modules[:5]],
    )


def graph_cost(result: ScanResult) -> GraphCost:
    """Rebuild the scan's graph twice: once timed, once under tracemalloc."""
    findings = [f for f in result.report.findings if not f.suppressed]
    gc.collect()
    rss_start = rss_mb()
    reset = reset_peak_rss()
    wall, cpu = time.perf_counter(), time.process_time()
    graph = build_graph(result.structures, findings, result.scripts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = peak_rss_mb() if reset else None
    query = _query_cpu(graph)
    nodes, edges = graph.graph.number_of_nodes(), graph.graph.number_of_edges()
    del graph
    gc.collect()
    tracemalloc.start()
    try:
        kept = build_graph(result.structures, findings, result.scripts)
        current, traced_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del kept
    return GraphCost(
        nodes=nodes,
        edges=edges,
        build_wall_s=round(wall, 3),
        build_cpu_s=round(cpu, 3),
        query_cpu_s=round(query, 3),
        traced_peak_mb=round(traced_peak / MB, 1),
        traced_kept_mb=round(current / MB, 1),
        rss_peak_delta_mb=None if peak is None or rss_start is None else round(peak - rss_start, 1),
    )


def _query_cpu(graph: ExposureGraph) -> float:
    """What the scan asks of the graph once built: the score and every blast radius."""
    cpu = time.process_time()
    score_project(graph, ())
    for finding in graph.findings:
        graph.blast_radius(finding)
    return time.process_time() - cpu


# -- resident memory, from /proc (None where it cannot be read) --------------------------


def _status_mb(field: str) -> float | None:
    try:
        text = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024  # kB
    return None


def rss_mb() -> float | None:
    """The resident set size now."""
    return _status_mb("VmRSS")


def peak_rss_mb() -> float | None:
    """The resident set's high-water mark since the process started or was last reset."""
    return _status_mb("VmHWM")


def reset_peak_rss() -> bool:
    """Reset the high-water mark to the current resident size (Linux 4.0 and later)."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


# -- tables ------------------------------------------------------------------------------

SCORE_HEADER = [
    "package", "role", "score", "grade", *COMPONENTS,
    "units reaching a call", "surface items: hard of all", "mass", "modules with calls",
    "largest SDK slice",
]  # fmt: skip

GRAPH_HEADER = [
    "package", "lines", "scan cpu s", "scan peak rss MB", "nodes", "edges",
    "build cpu s", "build / scan", "queries cpu s", "build peak MB", "graph kept MB",
    "build rss MB",
]  # fmt: skip


def score_row(name: str, role: str, score: LockIn) -> list[str]:
    """One row of the score table."""
    return [
        name, role, f"{score.total:.1f}", score.grade,
        *(f"{score.points[c]:.1f}" for c in COMPONENTS),
        _units(score.details["reach"]),
        f"{score.surface_hard} of {score.surface_items}",
        f"{score.surface_mass:g}", str(score.call_modules), _top_sdk(score),
    ]  # fmt: skip


def _top_sdk(score: LockIn) -> str:
    """The SDK whose findings alone score highest: the lock-in to one vendor."""
    if not score.sdks:
        return "—"
    name, total = score.sdks[0]
    return f"{name} {total:.1f}"


def _units(detail: str) -> str:
    """`12 of 345` from the reach sentence ("12 of 345 functions and module bodies ...")."""
    words = detail.split()
    return " ".join(words[:3]) if len(words) >= 3 and words[1] == "of" else detail


def graph_row(
    name: str, lines: int, cpu_s: float, peak: float | None, cost: GraphCost
) -> list[str]:
    """One row of the graph-cost table."""
    share = f"{100 * cost.build_cpu_s / cpu_s:.2f} %" if cpu_s else "n/a"
    return [
        name, f"{lines:,}", f"{cpu_s:.1f}", _mb(peak), str(cost.nodes), str(cost.edges),
        f"{cost.build_cpu_s:.3f}", share, f"{cost.query_cpu_s:.3f}",
        f"{cost.traced_peak_mb:.1f}", f"{cost.traced_kept_mb:.1f}", _mb(cost.rss_peak_delta_mb),
    ]  # fmt: skip


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


def sorted_by_score(rows: Sequence[tuple[str, LockIn]]) -> list[tuple[str, LockIn]]:
    """Highest score first; ties by name."""
    return sorted(rows, key=lambda row: (-row[1].total, row[0]))
