"""Targeted positions agree with libcst's PositionProvider on every node of the fixtures."""

from __future__ import annotations

import random
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from vendorlock.auditor.positions import positions_of

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "projects"


def _parsed_fixtures() -> list[Path]:
    found = []
    for path in sorted(FIXTURES.rglob("*.py")):
        try:
            cst.parse_module(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, cst.ParserSyntaxError):
            continue
        found.append(path)
    return found


@pytest.mark.parametrize(
    "path", _parsed_fixtures(), ids=lambda p: p.relative_to(FIXTURES).as_posix()
)
def test_positions_match_libcst(path: Path) -> None:
    module = cst.parse_module(path.read_text(encoding="utf-8"))
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    # The module itself is never a finding site (its end counts a final newline differently).
    nodes = [node for node in expected if not isinstance(node, cst.Module)]
    sample = random.Random(path.name).sample(nodes, min(40, len(nodes)))

    found = positions_of(module, sample)

    assert {node: found[node] for node in sample} == {node: expected[node] for node in sample}


def test_no_targets_costs_nothing() -> None:
    assert positions_of(cst.parse_module("x = 1\n"), []) == {}
