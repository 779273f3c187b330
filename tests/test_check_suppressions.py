"""Suppressed findings: kept in SARIF as in-source suppressions and in JSON, never gated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from vendorlock import ScanOptions, scan
from vendorlock.auditor.rules import all_rules
from vendorlock.model import Report
from vendorlock.reports.json_report import render_json
from vendorlock.reports.sarif import render_sarif

SCHEMA = Path(__file__).parent / "reports" / "data" / "sarif-schema-2.1.0.json"

SOURCE = """\
import openai

client = openai.OpenAI()
# vendorlock: ignore[vendor-call]
client.chat.completions.create(model="gpt-4o", messages=[])
"""


@pytest.fixture
def suppressed_report(tmp_path: Path) -> Report:
    (tmp_path / "app.py").write_text(SOURCE, encoding="utf-8")
    return scan([tmp_path], ScanOptions())


def test_sarif_marks_a_suppressed_result_in_source_and_stays_valid(
    suppressed_report: Report,
) -> None:
    log = json.loads(render_sarif(suppressed_report, all_rules()))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))

    Draft4Validator(schema).validate(log)
    results = {result["ruleId"]: result for result in log["runs"][0]["results"]}
    assert results["vendor-call"]["suppressions"] == [
        {
            "kind": "inSource",
            "justification": "Silenced by a `# vendorlock: ignore` comment in the source.",
        }
    ]
    assert [rule for rule, result in results.items() if "suppressions" in result] == ["vendor-call"]


def test_json_keeps_the_suppressed_finding_marked(suppressed_report: Report) -> None:
    document = json.loads(render_json(suppressed_report))

    marked = [(f["rule"], f["line"]) for f in document["findings"] if f["suppressed"]]
    assert marked == [("vendor-call", 5)]
    assert document["summary"]["suppressed"] == 1
