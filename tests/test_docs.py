"""Generated docs are current: the committed file equals what the generator writes now."""

from __future__ import annotations

from pathlib import Path

from vendorlock.auditor.rules import all_rules
from vendorlock.reports.rules_markdown import render_rules_markdown

RULES_DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_rules_doc_is_current() -> None:
    committed = RULES_DOC.read_text(encoding="utf-8")

    assert committed == render_rules_markdown(all_rules()), (
        "docs/rules.md is stale; run: python scripts/generate_docs.py"
    )


def test_rules_doc_has_every_section_for_every_rule() -> None:
    text = render_rules_markdown(all_rules())

    for rule_id in all_rules():
        section = text.split(f"### `{rule_id}`:", 1)[1].split("\n### ", 1)[0]
        for heading in (
            "**What it finds.**",
            "**Why it locks you in.**",
            "**Example.**",
            "**Use instead.**",
            "**Fix safety.**",
        ):
            assert heading in section, f"{rule_id} lacks {heading}"
