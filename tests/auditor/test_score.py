"""The lock-in score on a hand-built project: every part, slice and grade, exactly."""

from __future__ import annotations

import pytest
from graph_fixtures import ASK_CALL, ASK_FEATURE, CHAT_CALL, FINDINGS, SCRIPTS, STRUCTURES, finding

from vendorlock.auditor.graph import ExposureGraph
from vendorlock.auditor.graph_build import build_graph
from vendorlock.auditor.score import grade, score_project, score_slice
from vendorlock.auditor.score_parts import reach, saturate, scatter, surface, surface_items
from vendorlock.model import (
    Containment,
    EntryPointExposure,
    Kind,
    Portability,
    ScopeScore,
    ScoreComponent,
)


@pytest.fixture(scope="module")
def graph() -> ExposureGraph:
    return build_graph(STRUCTURES, FINDINGS, SCRIPTS)


def test_reach_weights_each_unit_by_the_hardest_call_it_reaches(graph: ExposureGraph) -> None:
    # Bot.ask's call carries cache_control (assisted): 0.6 for Bot.ask, app.cli.main and
    # the bodies of app.views and app.cli; chat's portable call: 0.2 for _retry, chat,
    # index. Units: 7 functions and 4 module bodies, 3.0 in all; entry points 1.4 of 4.
    measure = reach(graph, FINDINGS)

    assert measure.value == pytest.approx((3.0 / 11 + 1.4 / 4) / 2)
    assert measure.detail == (
        "7 of 11 functions and module bodies and 3 of 4 entry points reach a vendor call"
    )


def test_reach_without_entry_points_is_the_mean_over_units() -> None:
    graph = build_graph(STRUCTURES[:2], FINDINGS)

    # app and app.llm bodies, Bot.ask (0.6), chat and _retry (0.2 each).
    assert reach(graph, FINDINGS).value == pytest.approx(1.0 / 5)


def test_surface_counts_distinct_items_by_their_hardest_use() -> None:
    assert surface_items(FINDINGS) == {
        ("api", "openai:chat.completions.create"): 0.0,
        ("api", "anthropic:messages.create"): 0.0,
        ("feature", "anthropic-cache-control"): 0.5,
    }
    measure = surface(FINDINGS)
    assert measure.value == pytest.approx(0.5 / 3.5)
    assert measure.detail == (
        "1 of 3 distinct vendor APIs, features and other couplings need work to move "
        "(1 proprietary feature), weighing 0.5"
    )


@pytest.mark.parametrize(
    ("item", "key", "weight"),
    [
        pytest.param(
            finding(
                Kind.CALL,
                "a.py",
                None,
                api="openai:beta.threads.create",
                portability=Portability.MANUAL,
            ),
            ("api", "openai:beta.threads.create"),
            1.0,
            id="manual-call",
        ),
        pytest.param(
            finding(
                Kind.MODEL, "a.py", None, rule="vendor-model-id", portability=Portability.ASSISTED
            ),
            ("vendor-model-id", "openai"),
            0.25,
            id="model-id-per-sdk",
        ),
        pytest.param(
            finding(
                Kind.MODEL,
                "a.py",
                None,
                rule="vendor-model-id",
                api="openai:chat.completions.create",
                portability=Portability.ASSISTED,
            ),
            ("vendor-model-id", "openai"),
            0.25,
            id="model-id-passed-to-a-call-is-still-per-sdk",
        ),
        pytest.param(
            finding(
                Kind.RESPONSE,
                "a.py",
                None,
                rule="vendor-response-shape",
                api="openai:responses.create",
                portability=Portability.ASSISTED,
            ),
            ("vendor-response-shape", "openai:responses.create"),
            0.25,
            id="response-shape-per-api",
        ),
        pytest.param(
            finding(
                Kind.FEATURE, "a.py", None, rule="openai-batch", portability=Portability.MANUAL
            ),
            ("feature", "openai-batch"),
            1.0,
            id="manual-feature",
        ),
    ],
)
def test_surface_items(item: object, key: tuple[str, ...], weight: float) -> None:
    assert surface_items([item]) == {key: weight}  # type: ignore[list-item]


@pytest.mark.parametrize("kind", [Kind.IMPORT, Kind.SECRET], ids=lambda kind: kind.value)
def test_imports_and_secrets_are_not_surface(kind: Kind) -> None:
    assert surface_items([finding(kind, "a.py", None, portability=Portability.MANUAL)]) == {}


@pytest.mark.parametrize(
    ("paths", "gateway", "value", "detail"),
    [
        pytest.param(["a.py"], (), 0.0, "direct vendor calls in 1 module", id="one-module"),
        pytest.param(
            ["a.py", "b.py", "c.py"], (), 2 / 4, "direct vendor calls in 3 modules", id="three"
        ),
        pytest.param(
            ["gw/a.py", "gw/b.py", "c.py"],
            ("gw/",),
            1 / 3,
            "direct vendor calls in 3 modules, 2 of them in the gateway",
            id="gateway-counts-as-one",
        ),
        pytest.param(
            ["gw/a.py", "gw/b.py"],
            ("gw/",),
            0.0,
            "direct vendor calls in 2 modules, 2 of them in the gateway",
            id="all-in-the-gateway",
        ),
    ],
)
def test_scatter(paths: list[str], gateway: tuple[str, ...], value: float, detail: str) -> None:
    calls = [finding(Kind.CALL, path, None, api="openai:embeddings.create") for path in paths]

    measure = scatter(calls, gateway)

    assert measure.value == pytest.approx(value)
    assert measure.detail == detail


def test_saturate() -> None:
    assert [saturate(x, 2.0) for x in (0, 2, 6)] == [0.0, 0.5, 0.75]


@pytest.mark.parametrize(
    ("total", "letter"),
    [
        (0, "A"),
        (19.9, "A"),
        (20, "B"),
        (39.9, "B"),
        (40, "C"),
        (59.9, "C"),
        (60, "D"),
        (79.9, "D"),
        (80, "F"),
        (100, "F"),
    ],
)
def test_grades(total: float, letter: str) -> None:
    assert grade(total) == letter


def test_project_score(graph: ExposureGraph) -> None:
    score = score_project(graph, ())

    assert (score.total, score.grade) == (17.5, "A")
    assert [(c.name, c.points, c.max_points, c.measure) for c in score.components] == [
        ("reach", 12.5, 40, 0.3114),
        ("surface", 5.0, 35, 0.1429),
        ("scatter", 0.0, 25, 0.0),
    ]
    assert score.containment == Containment(
        gateway=(), direct_calls=2, inside=0, share=None, modules_outside=("app.llm",)
    )
    assert score.entry_points == (
        EntryPointExposure(name="app.cli", kind="main", sdks=("anthropic",)),
        EntryPointExposure(name="app.cli.main", kind="script", sdks=("anthropic",)),
        EntryPointExposure(name="app.views.index", kind="route", sdks=("openai",)),
    )


def test_slices(graph: ExposureGraph) -> None:
    score = score_project(graph, ())

    assert [(s.name, s.total, s.grade) for s in score.modules] == [("app.llm", 17.5, "A")]
    assert [(s.name, s.total) for s in score.sdks] == [("anthropic", 15.4), ("openai", 2.1)]
    assert [(s.name, s.total) for s in score.providers] == [("anthropic", 15.4), ("openai", 2.1)]


def test_a_slice_is_scored_as_if_it_were_all_the_coupling(graph: ExposureGraph) -> None:
    assert score_slice(graph, "anthropic", [ASK_CALL, ASK_FEATURE], ()) == ScopeScore(
        name="anthropic",
        total=15.4,
        grade="A",
        components=(
            ScoreComponent(
                name="reach",
                points=10.4,
                max_points=40,
                measure=0.2591,
                detail="4 of 11 functions and module bodies and 2 of 4 entry points reach "
                "a vendor call",
            ),
            ScoreComponent(
                name="surface",
                points=5.0,
                max_points=35,
                measure=0.1429,
                detail="1 of 2 distinct vendor APIs, features and other couplings need work "
                "to move (1 proprietary feature), weighing 0.5",
            ),
            ScoreComponent(
                name="scatter",
                points=0.0,
                max_points=25,
                measure=0.0,
                detail="direct vendor calls in 1 module",
            ),
        ),
    )


def test_no_findings_scores_zero(graph: ExposureGraph) -> None:
    empty = build_graph(STRUCTURES, ())

    score = score_project(empty, ())

    assert (score.total, score.grade, [c.points for c in score.components]) == (
        0.0,
        "A",
        [0.0, 0.0, 0.0],
    )
    assert (score.modules, score.sdks, score.providers, score.entry_points) == ((), (), (), ())


def test_a_portable_call_exposes_its_callers_a_little() -> None:
    graph = build_graph(STRUCTURES, [CHAT_CALL], SCRIPTS)

    # _retry, chat (calls it) and index (calls chat) at 0.2 of 11 units; index of 4 entries.
    assert reach(graph, [CHAT_CALL]).value == pytest.approx((0.6 / 11 + 0.2 / 4) / 2)
