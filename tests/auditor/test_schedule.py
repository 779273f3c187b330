"""Scheduling: which files a file's import lines name, and the waves they run in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendorlock.auditor.schedule import imported_names, waves


@pytest.mark.parametrize(
    ("source", "module", "is_package", "expected"),
    [
        ("import app.llm\n", "app.main", False, {"app.llm"}),
        ("import app.llm as llm, os\n", "app.main", False, {"app.llm", "os"}),
        ("from app import llm, util as u\n", "app.main", False, {"app", "app.llm", "app.util"}),
        ("from . import llm\n", "app.main", False, {"app", "app.llm"}),
        ("from .llm import client\n", "app.main", False, {"app.llm", "app.llm.client"}),
        ("from .. import x\n", "app.sub.mod", False, {"app", "app.x"}),
        ("from . import x\n", "app", True, {"app", "app.x"}),
        ("from app import (\n    llm,\n    util,\n)\n", "m", False, {"app", "app.llm", "app.util"}),
        (
            "    from app.llm import client  # inside a function\n",
            "m",
            False,
            {"app.llm", "app.llm.client"},
        ),
        ("from app import *\n", "m", False, {"app"}),
        ("x = 'import nothing'\n", "m", False, set()),
    ],
)
def test_imported_names(source: str, module: str, is_package: bool, expected: set[str]) -> None:
    assert imported_names(source, module, is_package) == expected


@pytest.mark.parametrize(
    ("depends_on", "expected"),
    [
        ({"a": [], "b": ["a"], "c": ["b"]}, [["a"], ["b"], ["c"]]),
        ({"a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"]}, [["a"], ["b", "c"], ["d"]]),
        # A cycle is broken where a depth-first walk from the sorted files breaks it.
        ({"a": ["b"], "b": ["a"]}, [["b"], ["a"]]),
        ({"x": ["y"], "y": ["z"], "z": ["x"], "w": ["x"]}, [["z"], ["y"], ["x"], ["w"]]),
        # Dependencies outside the set to analyse do not hold anything back.
        ({"a": ["elsewhere"], "b": ["a"]}, [["a"], ["b"]]),
    ],
)
def test_waves(depends_on: dict[str, list[str]], expected: list[list[str]]) -> None:
    assert waves(depends_on, depends_on) == expected


graphs = st.dictionaries(
    st.sampled_from("abcdefgh"), st.lists(st.sampled_from("abcdefgh"), max_size=4), min_size=1
)


@given(graphs)
def test_every_file_lands_once_and_acyclic_dependencies_come_first(
    depends_on: dict[str, list[str]],
) -> None:
    groups = waves(depends_on, depends_on)
    placed = [relpath for group in groups for relpath in group]
    assert sorted(placed) == sorted(depends_on)
    level = {relpath: index for index, group in enumerate(groups) for relpath in group}
    for relpath, dependencies in depends_on.items():
        for dependency in dependencies:
            if dependency in level and dependency != relpath:
                # A file never shares a wave with a dependency; it comes later unless
                # the two are in a cycle.
                assert level[dependency] != level[relpath]
                if not _reaches(depends_on, dependency, relpath):
                    assert level[dependency] < level[relpath]


def _reaches(depends_on: dict[str, list[str]], start: str, goal: str) -> bool:
    seen, frontier = {start}, [start]
    while frontier:
        for nxt in depends_on.get(frontier.pop(), []):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return False


@given(graphs)
def test_the_order_does_not_depend_on_how_the_input_is_ordered(
    depends_on: dict[str, list[str]],
) -> None:
    shuffled = {key: list(reversed(value)) for key, value in reversed(depends_on.items())}
    assert waves(shuffled, shuffled) == waves(depends_on, depends_on)
