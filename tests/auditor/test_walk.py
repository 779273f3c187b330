"""The fast walk visits what libcst's own walk visits, in the same order.

Every hook the scanner's visitors use (`visit_X`, `leave_X`, `visit_X_field`,
`leave_X_field`) must fire for the same nodes in the same sequence under
`walk()` as under `node.visit()`, minus trivia nodes (whitespace, commas,
parentheses, operators) and fields that can only hold trivia, which no hook
reads. Checked on every Python file of the fixtures and on generated code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendorlock.auditor.walk import _TRIVIA_TYPES, TreeVisitor, walk, walked_fields

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    path for folder in (ROOT / "fixtures", ROOT / "vendorlock") for path in folder.rglob("*.py")
)

Event = tuple[str, str, int]


class _Recorder(cst.CSTVisitor):
    """Every event libcst's walk produces, trivia left out."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, _TRIVIA_TYPES):
            return False
        self.events.append(("visit", type(node).__name__, id(node)))
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if not isinstance(original_node, _TRIVIA_TYPES):
            self.events.append(("leave", type(original_node).__name__, id(original_node)))

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if attribute in walked_fields(type(node)):
            self.events.append((f"enter {attribute}", type(node).__name__, id(node)))

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        if attribute in walked_fields(type(original_node)):
            self.events.append(
                (f"exit {attribute}", type(original_node).__name__, id(original_node))
            )


class _FastRecorder(TreeVisitor):
    def __init__(self) -> None:
        self.events: list[Event] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.events.append(("visit", type(node).__name__, id(node)))
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        super().on_leave(original_node)
        self.events.append(("leave", type(original_node).__name__, id(original_node)))


def _fast_events(module: cst.Module) -> list[Event]:
    """The fast walk's events; field entries and exits come from its plans."""
    events: list[Event] = []

    def noting(kind: str, field: str) -> Callable[[object, cst.CSTNode], None]:
        def note(_visitor: object, node: cst.CSTNode) -> None:
            events.append((f"{kind} {field}", type(node).__name__, id(node)))

        return note

    class _Noting(_FastRecorder):  # a new class: its plans are built afresh
        def _make_plan(self, cls: type[cst.CSTNode], fields: tuple[str, ...]) -> Any:
            plan = super()._make_plan(cls, fields)
            noted = tuple((f, noting("enter", f), noting("exit", f)) for f, _, _ in plan.fields)
            return type(plan)(plan.visit, plan.leave, noted)

    walker = _Noting()
    walker.events = events
    walk(walker, module)
    return events


def _libcst_events(module: cst.Module) -> list[Event]:
    recorder = _Recorder()
    module.visit(recorder)
    return recorder.events


def test_there_are_sources_to_check() -> None:
    assert len(SOURCES) > 100


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_walk_matches_libcst(path: Path) -> None:
    try:
        module = cst.parse_module(path.read_bytes())
    except (cst.ParserSyntaxError, SyntaxError, UnicodeDecodeError):
        pytest.skip("a deliberately broken fixture")
    assert _fast_events(module) == _libcst_events(module)


class _Hooks(TreeVisitor):
    """Uses the hook kinds the scanner uses, to show they fire as under libcst."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def visit_Call(self, node: cst.Call) -> bool:
        self.seen.append("call")
        return not isinstance(node.func, cst.Name) or node.func.value != "skip"

    def leave_Call(self, original_node: cst.Call) -> None:
        self.seen.append("/call")

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self.seen.append(f"body {node.name.value}")

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self.seen.append(f"/body {node.name.value}")

    def visit_Name(self, node: cst.Name) -> None:
        self.seen.append(node.value)


CODE = """
def f(a=g(x)):
    skip(inner(y))
    return h(z)
"""


def test_hooks_fire_and_a_false_visit_prunes_the_subtree() -> None:
    module = cst.parse_module(CODE)
    fast, slow = _Hooks(), _Hooks()
    walk(fast, module)
    module.visit(slow)
    assert fast.seen == slow.seen
    assert "inner" not in fast.seen  # skip(...) returned False: its arguments are not walked
    assert fast.seen[:3] == ["f", "a", "call"]


_identifiers = st.sampled_from(["a", "b", "client", "openai", "x"])
_expressions = st.recursive(
    _identifiers,
    lambda inner: st.one_of(
        st.tuples(inner, _identifiers).map(lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(inner, st.lists(inner, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.lists(inner, min_size=1, max_size=3).map(lambda items: f"[{', '.join(items)}]"),
        st.tuples(inner, inner).map(lambda t: f"{{{t[0]}: {t[1]}}}"),
        st.tuples(inner, inner).map(lambda t: f"({t[0]} + {t[1]})"),
        st.tuples(inner, _identifiers).map(lambda t: f"[{t[0]} for {t[1]} in x]"),
        st.tuples(inner, _identifiers).map(lambda t: f"(lambda {t[1]}: {t[0]})"),
        # f-strings with and without a format spec: libcst skips a None spec.
        inner.map(lambda e: f"f'{{ ({e}) }} {{ ({e}) :>{{a}}}} {{ ({e}) !r}}'"),
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_expressions, min_size=1, max_size=5))
def test_the_walk_matches_libcst_on_generated_code(lines: list[str]) -> None:
    source = "".join(
        f"def fn{i}(p={line}):\n    v = {line}\n    return v\n" for i, line in enumerate(lines)
    )
    module = cst.parse_module(source)
    assert _fast_events(module) == _libcst_events(module)
