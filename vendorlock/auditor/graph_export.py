"""The exposure graph as text: node-link JSON, DOT, GraphML or a Mermaid flowchart.

Every format lists nodes and edges in sorted order, so two scans of the same
code export the same bytes. DOT and Mermaid are written here (no pydot or
graphviz dependency); GraphML comes from networkx.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import networkx as nx  # type: ignore[import-untyped]  # networkx ships no type hints

from vendorlock.auditor.graph import ExposureGraph, merge_edge

__all__ = ["GRAPH_FORMATS", "GRAPH_LEVELS", "export_graph", "view"]

GRAPH_FORMATS = ("json", "dot", "graphml", "mermaid")
GRAPH_LEVELS = ("module", "function")

_VENDOR_KINDS = frozenset({"api", "sdk"})
_SHAPES = {"module": "folder", "class": "component", "function": "box", "api": "ellipse"}


def export_graph(graph: ExposureGraph, fmt: str, level: str) -> str:
    """The graph at `level` (module, function) in `fmt` (json, dot, graphml, mermaid).

    Raises ValueError for an unknown format or level.
    """
    writers: dict[str, Callable[[Any], str]] = {
        "json": _node_link,
        "dot": _dot,
        "graphml": _graphml,
        "mermaid": _mermaid,
    }
    if fmt not in writers:
        raise ValueError(f"unknown graph format {fmt!r}")
    return writers[fmt](view(graph, level))


def view(graph: ExposureGraph, level: str) -> Any:
    """The full graph, or its modules only: code edges lifted to the modules that hold them."""
    if level not in GRAPH_LEVELS:
        raise ValueError(f"unknown graph level {level!r}")
    if level == "function":
        return graph.graph
    lifted = nx.DiGraph()
    for node, data in graph.graph.nodes(data=True):
        if data["kind"] == "module" or data["kind"] in _VENDOR_KINDS:
            lifted.add_node(node, **data)
    for source, target, data in graph.graph.edges(data=True):
        kind = data["kind"]
        if kind in {"contains", "member"}:
            continue
        lifted_source = graph.module_of(source) or source
        lifted_target = graph.module_of(target) or target
        if lifted_source != lifted_target:
            # An import and a call between the same two modules: the call is kept.
            merge_edge(lifted, lifted_source, lifted_target, kind)
    return lifted


def _nodes(graph: Any) -> list[tuple[str, dict[str, Any]]]:
    return sorted(graph.nodes(data=True), key=lambda item: item[0])


def _edges(graph: Any) -> list[tuple[str, str, dict[str, Any]]]:
    return sorted(graph.edges(data=True), key=lambda item: (item[0], item[1]))


def _node_link(graph: Any) -> str:
    """networkx's node-link format (`nx.node_link_graph(data, edges="edges")` reads it)."""
    document = {
        "directed": True,
        "multigraph": False,
        "graph": {},
        "nodes": [{"id": node, **data} for node, data in _nodes(graph)],
        "edges": [{"source": s, "target": t, **data} for s, t, data in _edges(graph)],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _graphml(graph: Any) -> str:
    ordered = nx.DiGraph()
    ordered.add_nodes_from(_nodes(graph))
    ordered.add_edges_from(_edges(graph))
    buffer = io.BytesIO()
    nx.write_graphml(ordered, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8").rstrip("\n") + "\n"


def _dot_quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _dot(graph: Any) -> str:
    lines = ["digraph exposure {", "  rankdir=LR;", "  node [fontname=Helvetica];"]
    for node, data in _nodes(graph):
        shape = _SHAPES.get(data["kind"], "doubleoctagon")
        attributes = f"label={_dot_quote(_label(node, data))}, shape={shape}"
        if "entry" in data:
            attributes += ", penwidth=2"
        lines.append(f"  {_dot_quote(node)} [{attributes}];")
    for source, target, data in _edges(graph):
        style = ", style=dashed" if data["kind"] in {"imports", "contains", "member"} else ""
        lines.append(
            f"  {_dot_quote(source)} -> {_dot_quote(target)} [label={_dot_quote(data['kind'])}"
            f"{style}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _label(node: str, data: dict[str, Any]) -> str:
    if data["kind"] == "sdk":
        return f"{data['name']} SDK"
    if "entry" in data:
        return f"{node} [{data['entry']}]"
    return node


def _mermaid_ids(graph: Any) -> dict[str, str]:
    # Mermaid ids must be plain words; the real name goes in the quoted label.
    return {node: f"n{index}" for index, (node, _data) in enumerate(_nodes(graph))}


def _mermaid_label(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def _mermaid(graph: Any) -> str:
    ids = _mermaid_ids(graph)
    return "\n".join(["flowchart LR", *_mermaid_lines(graph, ids)]) + "\n"


def _mermaid_lines(graph: Any, ids: dict[str, str]) -> Iterator[str]:
    for node, data in _nodes(graph):
        label = _mermaid_label(_label(node, data))
        opening, closing = ("([", "])") if data["kind"] in _VENDOR_KINDS else ("[", "]")
        yield f'  {ids[node]}{opening}"{label}"{closing}'
    for source, target, data in _edges(graph):
        arrow = "-.->" if data["kind"] in {"imports", "contains", "member"} else "-->"
        yield f"  {ids[source]} {arrow}|{data['kind']}| {ids[target]}"
