"""Building the exposure graph from the modules' structure and the findings.

See `vendorlock.auditor.graph` for the nodes, the edges and the questions the
graph answers; this module only assembles it, once per scan.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import networkx as nx  # type: ignore[import-untyped]  # networkx ships no type hints

from vendorlock.auditor.graph import CODE_KINDS, ExposureGraph, outranks, sdk_node
from vendorlock.auditor.structure import EntryKind, ModuleStructure
from vendorlock.model import Finding

__all__ = ["build_graph"]


def build_graph(
    structures: Iterable[ModuleStructure],
    findings: Sequence[Finding],
    scripts: Mapping[str, str] | None = None,
) -> ExposureGraph:
    """The exposure graph of one scan; `scripts` maps console scripts to qualified names."""
    structures = sorted(structures, key=lambda s: s.module)
    graph = nx.DiGraph()
    for structure in structures:
        graph.add_node(
            structure.module, kind="module", module=structure.module, path=structure.path
        )
    # Edges are merged in a plain dict and handed to networkx at once: per-edge
    # `has_edge`/`add_edge` calls were most of the build on a large package.
    edges: dict[tuple[str, str], str] = {}
    for structure in structures:
        _add_definitions(graph, structure, edges)
    for structure in structures:
        _add_code_edges(graph, structure, edges)
    graph.add_edges_from(
        (source, target, {"kind": kind}) for (source, target), kind in edges.items()
    )
    module_of_path = {s.path: s.module for s in structures}
    for finding in findings:
        _add_use(graph, finding, module_of_path)
    entries = dict(_entry_points(graph, structures, scripts or {}))
    for node, kind in entries.items():
        graph.nodes[node]["entry"] = kind.value
    return ExposureGraph(graph, findings, module_of_path, entries)


def _merge(edges: dict[tuple[str, str], str], source: str, target: str, kind: str) -> None:
    """Record an edge of `kind`, or raise an existing one to it if it ranks higher."""
    if outranks(kind, edges.get((source, target))):
        edges[source, target] = kind


def _add_definitions(
    graph: Any, structure: ModuleStructure, edges: dict[tuple[str, str], str]
) -> None:
    defined = {d.qualname for d in structure.definitions}
    for definition in structure.definitions:
        name = definition.qualname
        if graph.nodes.get(name, {}).get("kind") == "module":
            continue  # `def llm()` in app/__init__.py beside app/llm.py: the module wins
        parent = _parent(name, structure.module, defined)
        graph.add_node(
            name,
            kind=definition.kind,
            module=structure.module,
            path=structure.path,
            name=name.rsplit(".", 1)[-1],
        )
        _merge(edges, parent, name, "contains" if parent == structure.module else "member")


def _parent(qualname: str, module: str, defined: set[str]) -> str:
    """The innermost definition (or the module) enclosing `qualname`."""
    head = qualname
    while "." in head:
        head = head.rsplit(".", 1)[0]
        if head in defined or head == module:
            return head
    return module


def _add_code_edges(
    graph: Any, structure: ModuleStructure, edges: dict[tuple[str, str], str]
) -> None:
    for imported in sorted(structure.imports):
        if graph.nodes.get(imported, {}).get("kind") == "module":
            _merge(edges, structure.module, imported, "imports")
    for caller, callee in structure.calls:
        # A callee outside the analysed modules cannot reach a vendor: leave it out.
        if caller in graph and callee in graph and caller != callee:
            _merge(edges, caller, callee, "calls")


def _add_use(graph: Any, finding: Finding, module_of_path: Mapping[str, str]) -> None:
    site = finding.symbol if finding.symbol in graph else module_of_path.get(finding.path)
    if site is None:
        return
    sdk = sdk_node(finding.sdk)
    if sdk not in graph:
        graph.add_node(sdk, kind="sdk", name=finding.sdk)
    target = finding.api or sdk
    if finding.api is not None and finding.api not in graph:
        graph.add_node(finding.api, kind="api", name=finding.api, sdk=finding.sdk)
        graph.add_edge(finding.api, sdk, kind="belongs")
    if graph.has_edge(site, target):
        graph.edges[site, target]["sites"] += 1
    else:
        graph.add_edge(site, target, kind="uses", sites=1)


def _entry_points(
    graph: Any, structures: Sequence[ModuleStructure], scripts: Mapping[str, str]
) -> Iterator[tuple[str, EntryKind]]:
    """Routes and CLI commands by decorator, `__main__` blocks, then console scripts."""
    for structure in structures:
        for definition in structure.definitions:
            if definition.entry is not None and definition.qualname in graph:
                yield definition.qualname, definition.entry
        if structure.has_main:
            yield structure.module, EntryKind.MAIN
    for target in sorted(set(scripts.values())):
        if graph.nodes.get(target, {}).get("kind") in CODE_KINDS:
            yield target, EntryKind.SCRIPT
