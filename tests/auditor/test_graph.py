"""The exposure graph: what it holds, and the named questions asked of it."""

from __future__ import annotations

import pytest
from graph_fixtures import (
    ASK_CALL,
    ASK_FEATURE,
    CHAT_CALL,
    FINDINGS,
    IMPORT,
    SCRIPTS,
    STRUCTURES,
    finding,
)

from vendorlock.auditor.graph import ExposureGraph
from vendorlock.auditor.graph_build import build_graph
from vendorlock.auditor.structure import Definition, EntryKind, ModuleStructure
from vendorlock.model import BlastRadius, Containment, Kind


@pytest.fixture(scope="module")
def graph() -> ExposureGraph:
    return build_graph(STRUCTURES, FINDINGS, SCRIPTS)


def _edges(graph: ExposureGraph, kind: str) -> set[tuple[str, str]]:
    return {(s, t) for s, t, k in graph.graph.edges(data="kind") if k == kind}


def test_nodes_by_kind(graph: ExposureGraph) -> None:
    assert graph.modules() == {"app", "app.llm", "app.views", "app.cli"}
    assert graph.nodes_of_kind("class") == {"app.llm.Bot"}
    assert graph.functions() == {
        "app.llm.Bot.ask",
        "app.llm.chat",
        "app.llm.chat._retry",
        "app.views.index",
        "app.views.about",
        "app.views._render",
        "app.cli.main",
    }
    assert graph.nodes_of_kind("api") == {
        "openai:chat.completions.create",
        "anthropic:messages.create",
    }
    assert graph.nodes_of_kind("sdk") == {"sdk:openai", "sdk:anthropic"}


def test_edges_by_kind(graph: ExposureGraph) -> None:
    # Imports and calls of modules outside the analysed ones (requests, elsewhere) are left out.
    assert _edges(graph, "imports") == {("app.views", "app.llm"), ("app.cli", "app.llm")}
    assert _edges(graph, "contains") == {
        ("app.llm", "app.llm.Bot"),
        ("app.llm", "app.llm.chat"),
        ("app.views", "app.views.index"),
        ("app.views", "app.views.about"),
        ("app.views", "app.views._render"),
    }
    # One edge per pair: a definition also called by its container is a `calls` edge.
    assert _edges(graph, "member") == {("app.llm.Bot", "app.llm.Bot.ask")}
    assert _edges(graph, "calls") == {
        ("app.llm.chat", "app.llm.chat._retry"),
        ("app.views", "app.llm.Bot"),
        ("app.views.index", "app.llm.chat"),
        ("app.views.index", "app.views._render"),
        ("app.cli", "app.cli.main"),
        ("app.cli.main", "app.llm.Bot"),
    }
    assert _edges(graph, "uses") == {
        ("app.llm.chat._retry", "openai:chat.completions.create"),
        ("app.llm.Bot.ask", "anthropic:messages.create"),
        ("app.llm", "sdk:openai"),
    }
    assert _edges(graph, "belongs") == {
        ("openai:chat.completions.create", "sdk:openai"),
        ("anthropic:messages.create", "sdk:anthropic"),
    }


def test_a_uses_edge_counts_its_sites(graph: ExposureGraph) -> None:
    assert graph.graph.edges["app.llm.Bot.ask", "anthropic:messages.create"]["sites"] == 2
    assert graph.graph.edges["app.llm.chat._retry", "openai:chat.completions.create"]["sites"] == 1


def test_entry_points_come_from_decorators_main_blocks_and_scripts(graph: ExposureGraph) -> None:
    # The script naming a function that is not in the graph is ignored.
    assert {node: graph.entry_kind(node) for node in graph.all_entry_points()} == {
        "app.views.index": EntryKind.ROUTE,
        "app.views.about": EntryKind.ROUTE,
        "app.cli": EntryKind.MAIN,
        "app.cli.main": EntryKind.SCRIPT,
    }
    assert graph.graph.nodes["app.cli.main"]["entry"] == "script"


def test_reaches_follows_calls_members_and_uses(graph: ExposureGraph) -> None:
    assert graph.reaches("app.views.index") == {
        "app.llm.chat",
        "app.llm.chat._retry",
        "app.views._render",
        "openai:chat.completions.create",
        "sdk:openai",
    }
    assert graph.reaches("app.cli") == {
        "app.cli.main",
        "app.llm.Bot",
        "app.llm.Bot.ask",
        "anthropic:messages.create",
        "sdk:anthropic",
    }
    # Defining a function is not depending on it; importing a module is not either.
    assert graph.reaches("app.llm") == {"sdk:openai"}
    assert graph.reaches("app.views.about") == frozenset()


def test_dependents_is_reverse_reachability(graph: ExposureGraph) -> None:
    assert graph.dependents("app.llm.chat._retry") == {
        "app.llm.chat._retry",
        "app.llm.chat",
        "app.views.index",
    }
    assert graph.dependents("no.such.node") == frozenset()


@pytest.mark.parametrize(
    ("item", "radius"),
    [
        pytest.param(
            CHAT_CALL,
            BlastRadius(
                functions=3, modules=2, entry_points=1, entry_point_names=("app.views.index",)
            ),
            id="nested-function-called-by-a-route",
        ),
        pytest.param(
            ASK_CALL,
            BlastRadius(
                functions=2,
                modules=3,
                entry_points=2,
                entry_point_names=("app.cli", "app.cli.main"),
            ),
            id="method-of-a-class-built-by-a-script-and-a-module-body",
        ),
        pytest.param(
            IMPORT,
            BlastRadius(functions=0, modules=1, entry_points=0),
            id="module-level-import",
        ),
        pytest.param(
            finding(Kind.CALL, "app/views.py", "app.views.gone", api="openai:embeddings.create"),
            BlastRadius(functions=0, modules=1, entry_points=0),
            id="unknown-symbol-falls-back-to-its-module",
        ),
        pytest.param(
            finding(Kind.CALL, "other/x.py", None, api="openai:embeddings.create"),
            BlastRadius(functions=0, modules=0, entry_points=0),
            id="file-outside-the-graph",
        ),
    ],
)
def test_blast_radius(graph: ExposureGraph, item: object, radius: BlastRadius) -> None:
    assert graph.blast_radius(item) == radius  # type: ignore[arg-type]


def test_blast_radius_lists_at_most_five_entry_points() -> None:
    routes = tuple(Definition(f"web.r{i}", "function", EntryKind.ROUTE) for i in range(7))
    web = ModuleStructure(
        "web",
        "web.py",
        definitions=(Definition("web.ask", "function"), *routes),
        calls=tuple((route.qualname, "web.ask") for route in routes),
    )
    call = finding(Kind.CALL, "web.py", "web.ask", api="openai:chat.completions.create")

    radius = build_graph([web], [call]).blast_radius(call)

    assert radius == BlastRadius(
        functions=8,
        modules=1,
        entry_points=7,
        entry_point_names=("web.r0", "web.r1", "web.r2", "web.r3", "web.r4"),
    )


def test_exposed_modules_and_functions_by_sdk(graph: ExposureGraph) -> None:
    assert graph.exposed_modules("openai") == {"app.llm", "app.views"}
    assert graph.exposed_modules("anthropic") == {"app.llm", "app.views", "app.cli"}
    assert graph.exposed_modules() == {"app.llm", "app.views", "app.cli"}
    assert graph.exposed_modules("cohere") == frozenset()
    assert graph.exposed_functions("openai") == {
        "app.llm.chat",
        "app.llm.chat._retry",
        "app.views.index",
    }
    assert graph.exposed_functions("anthropic") == {"app.llm.Bot.ask", "app.cli.main"}


def test_entry_points_by_sdk(graph: ExposureGraph) -> None:
    assert graph.entry_points("openai") == {"app.views.index"}
    assert graph.entry_points("anthropic") == {"app.cli", "app.cli.main"}
    assert graph.entry_points() == {"app.views.index", "app.cli", "app.cli.main"}


def test_sdks_reached(graph: ExposureGraph) -> None:
    assert graph.sdks_reached("app.views.index") == {"openai"}
    assert graph.sdks_reached("app.views") == {"anthropic"}
    assert graph.sdks_reached("app.views._render") == frozenset()


def test_exposure_keeps_the_heaviest_weight_reached(graph: ExposureGraph) -> None:
    exposure = graph.exposure({"app.llm.chat._retry": 0.2, "app.llm.chat": 0.6})

    assert exposure == {"app.llm.chat._retry": 0.2, "app.llm.chat": 0.6, "app.views.index": 0.6}


@pytest.mark.parametrize(
    ("gateway", "containment"),
    [
        pytest.param(
            ("app/llm.py",),
            Containment(
                gateway=("app/llm.py",), direct_calls=2, inside=2, share=1.0, modules_outside=()
            ),
            id="all-inside",
        ),
        pytest.param(
            ("app/views.py",),
            Containment(
                gateway=("app/views.py",),
                direct_calls=2,
                inside=0,
                share=0.0,
                modules_outside=("app.llm",),
            ),
            id="all-outside",
        ),
        pytest.param(
            (),
            Containment(
                gateway=(), direct_calls=2, inside=0, share=None, modules_outside=("app.llm",)
            ),
            id="no-gateway",
        ),
    ],
)
def test_containment(
    graph: ExposureGraph, gateway: tuple[str, ...], containment: Containment
) -> None:
    assert graph.containment(gateway) == containment


def test_containment_share_is_rounded() -> None:
    calls = [
        finding(Kind.CALL, path, None, api="openai:embeddings.create", line=line)
        for line, path in enumerate(["gw/a.py", "x.py", "y.py"], start=1)
    ]
    structures = [ModuleStructure(p[:-3].replace("/", "."), p) for p in ("gw/a.py", "x.py", "y.py")]

    containment = build_graph(structures, calls).containment(["gw/"])

    assert (containment.inside, containment.share, containment.modules_outside) == (
        1,
        0.3333,
        ("x", "y"),
    )


def test_a_definition_named_like_a_module_leaves_the_module_alone() -> None:
    structures = [
        ModuleStructure("app", "app/__init__.py", definitions=(Definition("app.llm", "function"),)),
        ModuleStructure("app.llm", "app/llm.py"),
    ]

    graph = build_graph(structures, [])

    assert graph.graph.nodes["app.llm"]["kind"] == "module"
    assert graph.functions() == frozenset()


def test_module_of(graph: ExposureGraph) -> None:
    assert graph.module_of("app.llm.chat._retry") == "app.llm"
    assert graph.module_of("app.cli") == "app.cli"
    assert graph.module_of("sdk:openai") is None
    assert graph.module_of("no.such.node") is None


def test_site_of(graph: ExposureGraph) -> None:
    assert graph.site_of(ASK_FEATURE) == "app.llm.Bot.ask"
    assert graph.site_of(IMPORT) == "app.llm"
