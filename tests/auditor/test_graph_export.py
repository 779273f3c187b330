"""The exposure graph exported as node-link JSON, DOT, GraphML and Mermaid."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx  # type: ignore[import-untyped]
import pytest
from graph_fixtures import FINDINGS, SCRIPTS, STRUCTURES, finding
from typer.testing import CliRunner

from vendorlock import cli
from vendorlock.auditor.graph import ExposureGraph
from vendorlock.auditor.graph_build import build_graph
from vendorlock.auditor.graph_export import export_graph, view
from vendorlock.auditor.structure import Definition, EntryKind, ModuleStructure
from vendorlock.model import Kind

GATEWAY = Path(__file__).resolve().parents[2] / "fixtures" / "projects" / "calibration" / "gateway"


@pytest.fixture(scope="module")
def tiny() -> ExposureGraph:
    module = ModuleStructure(
        "m", "m.py", definitions=(Definition("m.f", "function", EntryKind.CLI),)
    )
    call = finding(Kind.CALL, "m.py", "m.f", api="openai:embeddings.create")
    return build_graph([module], [call])


def test_dot(tiny: ExposureGraph) -> None:
    assert export_graph(tiny, "dot", "function") == (
        "digraph exposure {\n"
        "  rankdir=LR;\n"
        "  node [fontname=Helvetica];\n"
        '  "m" [label="m", shape=folder];\n'
        '  "m.f" [label="m.f [cli]", shape=box, penwidth=2];\n'
        '  "openai:embeddings.create" [label="openai:embeddings.create", shape=ellipse];\n'
        '  "sdk:openai" [label="openai SDK", shape=doubleoctagon];\n'
        '  "m" -> "m.f" [label="contains", style=dashed];\n'
        '  "m.f" -> "openai:embeddings.create" [label="uses"];\n'
        '  "openai:embeddings.create" -> "sdk:openai" [label="belongs"];\n'
        "}\n"
    )


def test_mermaid(tiny: ExposureGraph) -> None:
    assert export_graph(tiny, "mermaid", "function") == (
        "flowchart LR\n"
        '  n0["m"]\n'
        '  n1["m.f [cli]"]\n'
        '  n2(["openai:embeddings.create"])\n'
        '  n3(["openai SDK"])\n'
        "  n0 -.->|contains| n1\n"
        "  n1 -->|uses| n2\n"
        "  n2 -->|belongs| n3\n"
    )


def test_node_link_json_is_what_networkx_reads(tiny: ExposureGraph) -> None:
    document = json.loads(export_graph(tiny, "json", "function"))
    read = nx.node_link_graph(document, edges="edges")

    assert document["nodes"][1] == {
        "id": "m.f",
        "kind": "function",
        "module": "m",
        "path": "m.py",
        "name": "f",
        "entry": "cli",
    }
    assert dict(read.nodes(data=True)) == dict(tiny.graph.nodes(data=True))
    assert set(read.edges(data="kind")) == set(tiny.graph.edges(data="kind"))


def test_graphml_is_what_networkx_reads() -> None:
    graph = build_graph(STRUCTURES, FINDINGS, SCRIPTS)

    read = nx.read_graphml(io.BytesIO(export_graph(graph, "graphml", "function").encode()))

    assert dict(read.nodes(data=True)) == dict(graph.graph.nodes(data=True))
    assert dict(read.edges.items()) == dict(graph.graph.edges.items())


def test_module_level_lifts_calls_and_uses_to_modules() -> None:
    graph = build_graph(STRUCTURES, FINDINGS, SCRIPTS)

    lifted = view(graph, "module")

    assert set(lifted.edges(data="kind")) == {
        ("app.views", "app.llm", "calls"),  # an import and calls: the calls are kept
        ("app.cli", "app.llm", "calls"),
        ("app.llm", "openai:chat.completions.create", "uses"),
        ("app.llm", "anthropic:messages.create", "uses"),
        ("app.llm", "sdk:openai", "uses"),
        ("openai:chat.completions.create", "sdk:openai", "belongs"),
        ("anthropic:messages.create", "sdk:anthropic", "belongs"),
    }
    assert sorted(lifted.nodes) == [
        "anthropic:messages.create",
        "app",
        "app.cli",
        "app.llm",
        "app.views",
        "openai:chat.completions.create",
        "sdk:anthropic",
        "sdk:openai",
    ]


def test_exports_are_byte_identical_across_runs() -> None:
    first = build_graph(STRUCTURES, FINDINGS, SCRIPTS)
    second = build_graph(tuple(reversed(STRUCTURES)), tuple(reversed(FINDINGS)), SCRIPTS)

    for fmt in ("json", "dot", "graphml", "mermaid"):
        for level in ("module", "function"):
            assert export_graph(first, fmt, level) == export_graph(second, fmt, level)


@pytest.mark.parametrize(("fmt", "level"), [("svg", "module"), ("dot", "class")])
def test_unknown_format_or_level(tiny: ExposureGraph, fmt: str, level: str) -> None:
    with pytest.raises(ValueError, match="unknown graph"):
        export_graph(tiny, fmt, level)


def test_graph_command_prints_the_module_graph_as_mermaid() -> None:
    result = CliRunner().invoke(
        cli.app, ["graph", str(GATEWAY), "--format", "mermaid", "--level", "module"]
    )

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "flowchart LR"
    labels = [line.strip() for line in lines if line.startswith("  n") and "[" in line]
    assert labels == [
        'n0(["openai:OpenAI"])',
        'n1(["openai:chat.completions.create"])',
        'n2(["openai:embeddings.create"])',
        'n3(["openai SDK"])',
        'n4["shop"]',
        'n5["shop.api"]',
        'n6["shop.catalog"]',
        'n7["shop.cli [main]"]',
        'n8["shop.llm.gateway"]',
        'n9["shop.models"]',
        'n10["shop.recommend"]',
        'n11["shop.reviews"]',
        'n12["shop.search"]',
        'n13["shop.support"]',
    ]
    assert "  n6 -->|calls| n8" in lines  # shop.catalog calls the gateway


def test_graph_command_writes_json_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "graph.json"

    result = CliRunner().invoke(cli.app, ["graph", str(GATEWAY), "-o", str(target)])

    assert (result.exit_code, result.stdout) == (0, "")
    document = json.loads(target.read_text(encoding="utf-8"))
    entries = {node["id"]: node["entry"] for node in document["nodes"] if "entry" in node}
    assert entries == {
        "shop.api.ask_support": "route",
        "shop.api.health": "route",
        "shop.api.product_description": "route",
        "shop.api.review_summary": "route",
        "shop.api.search_products": "route",
        "shop.api.similar_products": "route",
        "shop.cli": "main",
        "shop.cli.main": "script",
    }
