"""The calibration projects pin the score's scale, and docs/scoring.md quotes them exactly."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from vendorlock.auditor.engine import scan_project
from vendorlock.config import resolve_config
from vendorlock.model import LockInScore

REPO = Path(__file__).resolve().parents[2]
CALIBRATION = REPO / "fixtures" / "projects" / "calibration"
SCORING_DOC = REPO / "docs" / "scoring.md"


@cache
def _score(name: str) -> LockInScore:
    """Scored as `vendorlock scan` would: with the project's own configuration."""
    root = CALIBRATION / name
    options = resolve_config([root], None, {}, root).config.scan_options()
    score = scan_project([root], options).report.score
    assert score is not None
    return score


def _row(score: LockInScore) -> tuple[float, str, float, float, float]:
    reach, surface, scatter = (part.points for part in score.components)
    return (score.total, score.grade, reach, surface, scatter)


def test_no_vendor_scores_zero() -> None:
    assert _row(_score("no_vendor")) == (0.0, "A", 0.0, 0.0, 0.0)


def test_a_portable_gateway_scores_below_20() -> None:
    score = _score("gateway")

    assert score.total < 20
    assert _row(score) == (5.6, "A", 5.6, 0.0, 0.0)
    assert (score.containment.inside, score.containment.direct_calls) == (2, 2)


def test_scattered_proprietary_calls_score_above_70() -> None:
    score = _score("scattered")

    assert score.total > 70
    assert _row(score) == (75.0, "D", 25.3, 30.3, 19.4)
    assert [(s.name, s.total) for s in score.sdks] == [("openai", 68.9), ("anthropic", 30.0)]
    assert score.modules[0].name == "newsroom.research"
    assert score.modules[0].total == 32.0


@pytest.mark.parametrize("name", ["no_vendor", "gateway", "scattered"])
def test_the_scoring_doc_quotes_the_current_numbers(name: str) -> None:
    total, grade, reach, surface, scatter = _row(_score(name))
    row = f"| `{name}` | {total:.1f} | {grade} | {reach:.1f} | {surface:.1f} | {scatter:.1f} |"

    assert row in SCORING_DOC.read_text(encoding="utf-8"), (
        f"docs/scoring.md is stale: its calibration table should have the row\n{row}"
    )
