"""The exposure graph: which code depends on which vendor API, and through what.

Built once per scan (`graph_build.build_graph`) from the modules' structure
(definitions, resolved calls, imports, entry points) and the findings.
Consumers ask named questions (`reaches`, `blast_radius`, `entry_points`, ...)
that return plain sets, never raw networkx traversals; the networkx `DiGraph`
itself is kept for export.

Node ids are the qualified names of modules, classes and functions, the API id
for vendor APIs (`openai:chat.completions.create`: the colon keeps it apart
from any Python name) and `sdk:<name>` for SDKs. Edges carry a `kind`:

* `imports`   module → module it imports;
* `contains`  module → function or class defined at its top level;
* `member`    class or function → method or nested definition;
* `calls`     function (or module-level code) → project function or class it calls;
* `uses`      function, class or module → vendor API (or SDK) a finding shows it using;
* `belongs`   vendor API → its SDK.

Dependence runs along `member`, `calls`, `uses` and `belongs`: a module does not
depend on the bodies of the functions it merely defines, and an import alone
does not make the importer's code call anything.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from vendorlock.auditor.gateway import in_gateway
from vendorlock.auditor.structure import EntryKind
from vendorlock.model import MAX_ENTRY_POINT_NAMES, BlastRadius, Containment, Finding, Kind

__all__ = ["CODE_KINDS", "DEPENDENCE", "ExposureGraph", "merge_edge", "outranks", "sdk_node"]

DEPENDENCE = frozenset({"member", "calls", "uses", "belongs"})
"""Edge kinds along which one node depends on another."""

# A DiGraph holds one edge per pair: when two kinds meet (a module that
# defines a function and calls it at import time), the stronger one is kept.
EDGE_RANK = {"imports": 0, "contains": 1, "member": 2, "calls": 3, "uses": 4, "belongs": 5}

CODE_KINDS = frozenset({"module", "class", "function"})


def sdk_node(sdk: str) -> str:
    """The node id of an SDK (`sdk:openai`), apart from any project module named `openai`."""
    return f"sdk:{sdk}"


class ExposureGraph:
    """The graph of one scan, queried through named questions that return plain sets."""

    def __init__(
        self,
        graph: Any,
        findings: Sequence[Finding],
        module_of_path: Mapping[str, str],
        entries: Mapping[str, EntryKind],
    ) -> None:
        self.graph = graph
        """The networkx `DiGraph`; read it to export, query through the methods."""
        self.findings = tuple(findings)
        self._module_of_path = dict(module_of_path)
        self._entries = dict(entries)
        self._entry_set = frozenset(entries)
        # The graph is complete when this object is made and never changes after,
        # so answers asked for once per finding or per slice are computed once.
        self._dependents: dict[str, frozenset[str]] = {}
        self._radius: dict[str | None, BlastRadius] = {}
        self._of_kind: dict[str, frozenset[str]] = {}
        self._depends_on_me: dict[str, tuple[str, ...]] | None = None
        self._module_index: dict[str, str] | None = None

    # -- what is in the graph ----------------------------------------------------------

    def nodes_of_kind(self, kind: str) -> frozenset[str]:
        """Every node of `kind`: module, class, function, api or sdk."""
        if kind not in self._of_kind:
            self._of_kind[kind] = frozenset(
                n for n, k in self.graph.nodes(data="kind") if k == kind
            )
        return self._of_kind[kind]

    def modules(self) -> frozenset[str]:
        return self.nodes_of_kind("module")

    def functions(self) -> frozenset[str]:
        """Functions and methods (nested ones included)."""
        return self.nodes_of_kind("function")

    def units(self) -> frozenset[str]:
        """What reach is measured over: every function and every module's top-level code."""
        if "unit" not in self._of_kind:
            self._of_kind["unit"] = self.functions() | self.modules()
        return self._of_kind["unit"]

    def all_entry_points(self) -> frozenset[str]:
        """Every entry point, vendor-dependent or not."""
        return self._entry_set

    def entry_kind(self, node: str) -> EntryKind | None:
        return self._entries.get(node)

    def module_of(self, node: str) -> str | None:
        """The module that holds a code node (a module holds itself)."""
        if self._module_index is None:
            # Asked for every dependent of every finding: a dict, not networkx's node views.
            self._module_index = {
                name: str(data["module"])
                for name, data in self.graph.nodes(data=True)
                if data.get("kind") in CODE_KINDS
            }
        return self._module_index.get(node)

    def site_of(self, finding: Finding) -> str | None:
        """The node a finding belongs to: its enclosing function or class, else its module."""
        if finding.symbol is not None and finding.symbol in self.graph:
            return finding.symbol
        return self._module_of_path.get(finding.path)

    # -- reachability ------------------------------------------------------------------

    def reaches(self, node: str) -> frozenset[str]:
        """Everything `node` depends on, transitively: functions, vendor APIs, SDKs."""
        return self._closure([node], self.graph.succ) - {node}

    def dependents(self, node: str) -> frozenset[str]:
        """`node` and everything that depends on it, transitively (reverse reachability)."""
        cached = self._dependents.get(node)
        if cached is None:
            cached = (
                _reachable_from([node], self._reverse_dependence(), ())
                if node in self.graph
                else frozenset()
            )
            self._dependents[node] = cached
        return cached

    def _reverse_dependence(self) -> dict[str, tuple[str, ...]]:
        """For each node, the nodes that depend on it directly: built once, then walked per
        finding (a blast radius per call site: hundreds of walks on a large package)."""
        if self._depends_on_me is None:
            lists: dict[str, list[str]] = {node: [] for node in self.graph}
            for source, target, kind in self.graph.edges(data="kind"):
                if kind in DEPENDENCE:
                    lists[target].append(source)
            self._depends_on_me = {node: tuple(sources) for node, sources in lists.items()}
        return self._depends_on_me

    def dependents_of_all(self, nodes: Iterable[str]) -> frozenset[str]:
        """Every node that depends on at least one of `nodes` (those included)."""
        return _reachable_from(
            [n for n in nodes if n in self.graph], self._reverse_dependence(), frozenset()
        )

    def exposure(self, weights: Mapping[str, float]) -> dict[str, float]:
        """For each node depending on a weighted node, the highest weight it reaches.

        Heaviest first, so each node is visited once: a node already reached
        from a heavier one keeps that weight, and so do all its dependents.
        """
        result: dict[str, float] = {}
        for weight in sorted(set(weights.values()), reverse=True):
            starts = [n for n, w in weights.items() if w == weight and n not in result]
            for node in _reachable_from(starts, self._reverse_dependence(), result.keys()):
                result[node] = weight
        return result

    def _closure(
        self,
        starts: Iterable[str],
        adjacency: Any,
        skip: Iterable[str] = (),
    ) -> frozenset[str]:
        blocked = set(skip)
        seen = {n for n in starts if n not in blocked}
        queue = deque(seen)
        while queue:
            node = queue.popleft()
            for other, data in adjacency[node].items():
                if data["kind"] in DEPENDENCE and other not in seen and other not in blocked:
                    seen.add(other)
                    queue.append(other)
        return frozenset(seen)

    # -- named questions ---------------------------------------------------------------

    def blast_radius(self, finding: Finding) -> BlastRadius:
        """Functions, modules and entry points that transitively depend on the finding's site."""
        site = self.site_of(finding)
        if site not in self._radius:
            self._radius[site] = self._radius_of(site)
        return self._radius[site]

    def _radius_of(self, site: str | None) -> BlastRadius:
        dependents = self.dependents(site) if site is not None else frozenset()
        entries = sorted(n for n in dependents if n in self._entries)
        modules = {self.module_of(n) for n in dependents} - {None}
        return BlastRadius(
            functions=len(dependents & self.functions()),
            modules=len(modules),
            entry_points=len(entries),
            entry_point_names=tuple(entries[:MAX_ENTRY_POINT_NAMES]),
        )

    def exposed_code(self, sdk: str | None = None) -> frozenset[str]:
        """Modules, classes and functions whose code reaches the SDK (any SDK when None)."""
        targets = self.nodes_of_kind("sdk") if sdk is None else {sdk_node(sdk)}
        return frozenset(
            n for n in self.dependents_of_all(targets) if self.graph.nodes[n]["kind"] in CODE_KINDS
        )

    def exposed_functions(self, sdk: str | None = None) -> frozenset[str]:
        """Functions and methods that reach the SDK (any SDK when None)."""
        functions = self.functions()
        return frozenset(n for n in self.exposed_code(sdk) if n in functions)

    def exposed_modules(self, sdk: str | None = None) -> frozenset[str]:
        """Modules whose module-level code or any definition reaches the SDK (any when None)."""
        return frozenset(m for m in (self.module_of(n) for n in self.exposed_code(sdk)) if m)

    def entry_points(self, sdk: str | None = None) -> frozenset[str]:
        """User-facing entry points that depend on the SDK (on any vendor when None)."""
        return frozenset(n for n in self.exposed_code(sdk) if n in self._entries)

    def sdks_reached(self, node: str) -> frozenset[str]:
        """The SDKs `node` depends on, by name."""
        return frozenset(
            self.graph.nodes[n]["name"]
            for n in self.reaches(node)
            if self.graph.nodes[n]["kind"] == "sdk"
        )

    def containment(self, gateway_globs: Sequence[str]) -> Containment:
        """How many direct vendor calls sit in files matched by the gateway's path globs."""
        calls = [f for f in self.findings if f.kind is Kind.CALL]
        inside = [f for f in calls if gateway_globs and in_gateway(f.path, gateway_globs)]
        outside = {f.path for f in calls} - {f.path for f in inside}
        modules = sorted(self._module_of_path.get(path, path) for path in outside)
        share = len(inside) / len(calls) if gateway_globs and calls else None
        return Containment(
            gateway=tuple(gateway_globs),
            direct_calls=len(calls),
            inside=len(inside),
            share=None if share is None else round(share, 4),
            modules_outside=tuple(modules),
        )


def _reachable_from(
    starts: Iterable[str], adjacency: Mapping[str, tuple[str, ...]], blocked: Collection[str]
) -> frozenset[str]:
    """The nodes reached from `starts` (included) without passing through `blocked`."""
    seen = {n for n in starts if n not in blocked}
    stack = list(seen)
    while stack:
        for other in adjacency[stack.pop()]:
            if other not in seen and other not in blocked:
                seen.add(other)
                stack.append(other)
    return frozenset(seen)


def merge_edge(graph: Any, source: str, target: str, kind: str) -> None:
    """Add an edge of `kind`, or make an existing edge that kind if it ranks higher."""
    current = graph.edges[source, target]["kind"] if graph.has_edge(source, target) else None
    if outranks(kind, current):
        graph.add_edge(source, target, kind=kind)


def outranks(kind: str, current: str | None) -> bool:
    """Does an edge of `kind` replace the `current` one between the same two nodes?"""
    return current is None or EDGE_RANK[kind] > EDGE_RANK[current]
