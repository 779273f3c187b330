"""Every generic rule's own examples: the invalid ones fire it, the valid ones do not.

Feature rules carry examples too; tests/auditor/test_catalogue_coverage.py expands those.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from vendorlock import scan
from vendorlock.auditor.rules import all_rules
from vendorlock.model import Kind


def _cases(valid: bool) -> Sequence[object]:
    return [
        pytest.param(rule.id, code, id=f"{rule.id}-{number}")
        for rule in all_rules().values()
        if rule.kind is not Kind.FEATURE
        for number, code in enumerate(
            rule.examples.valid if valid else rule.examples.invalid, start=1
        )
    ]


def _fired(tmp_path: Path, rule_id: str, code: str) -> list[tuple[int, str]]:
    (tmp_path / "example.py").write_text(code, encoding="utf-8")
    return [(f.line, f.code) for f in scan([tmp_path]).findings if f.rule == rule_id]


@pytest.mark.parametrize(("rule_id", "code"), _cases(valid=False))
def test_invalid_example_fires_the_rule(tmp_path: Path, rule_id: str, code: str) -> None:
    assert _fired(tmp_path, rule_id, code), f"{rule_id} did not fire on:\n{code}"


@pytest.mark.parametrize(("rule_id", "code"), _cases(valid=True))
def test_valid_example_does_not_fire_the_rule(tmp_path: Path, rule_id: str, code: str) -> None:
    assert _fired(tmp_path, rule_id, code) == []
