"""The SARIF report: valid against the official schema, stable fingerprints, levels, locations."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator

from vendorlock.auditor.rules import all_rules
from vendorlock.model import (
    Diagnostic,
    DiagnosticKind,
    Report,
    Severity,
)
from vendorlock.reports.overview import rule_url
from vendorlock.reports.rules_markdown import render_rules_markdown
from vendorlock.reports.sarif import FINGERPRINT_KEY, render_sarif, sarif_level

# The official OASIS schema, copied byte-for-byte so the test needs no network
# and no checkout beside this one; the digest is the one /work/shared records.
SCHEMA_PATH = Path(__file__).with_name("data") / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "ddddcccbf95c7c50c037b5b07eff4140556278ca574ff374db46786b5fce7949"


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def _sarif(report: Report) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_sarif(report, all_rules()))
    return document


def _run(report: Report) -> dict[str, Any]:
    run: dict[str, Any] = _sarif(report)["runs"][0]
    return run


def test_schema_copy_is_the_official_file() -> None:
    digest = hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest()

    assert digest == SCHEMA_SHA256


def test_sample_report_is_valid_sarif(validator: Draft4Validator, sample_report: Report) -> None:
    errors = [error.message for error in validator.iter_errors(_sarif(sample_report))]

    assert errors == []


def test_header_and_driver(sample_report: Report) -> None:
    document = _sarif(sample_report)
    driver = document["runs"][0]["tool"]["driver"]

    assert document["version"] == "2.1.0"
    assert document["$schema"].endswith("/sarif-schema-2.1.0.json")
    assert (driver["name"], driver["version"]) == ("vendorlock", "0.1.0")
    assert driver["informationUri"] == "https://github.com/vendorlock/vendorlock"
    assert [rule["id"] for rule in driver["rules"]] == list(all_rules())


def test_rule_descriptor_documents_the_rule(sample_report: Report) -> None:
    rule = all_rules()["openai-assistants"]
    descriptors = _run(sample_report)["tool"]["driver"]["rules"]

    descriptor = next(item for item in descriptors if item["id"] == "openai-assistants")

    assert descriptor["name"] == "OpenaiAssistants"
    assert descriptor["shortDescription"] == {"text": rule.title}
    assert descriptor["fullDescription"] == {"text": rule.summary}
    assert descriptor["help"]["markdown"] == (
        f"**What it finds.** {rule.summary}\n\n**Why it locks you in.** {rule.why}\n\n"
        f"**Use instead.** {rule.alternative}\n\n**Fix safety.** {rule.fix_safety}"
    )
    assert descriptor["help"]["text"].startswith(f"What it finds: {rule.summary}\n\n")
    assert descriptor["helpUri"] == rule_url(rule)
    assert descriptor["defaultConfiguration"] == {"level": sarif_level(rule.severity)}
    assert descriptor["properties"] == {
        "kind": "feature",
        "sdk": "openai",
        "tags": ["vendor-lock-in", "feature", "openai"],
    }


def test_help_uris_point_at_the_generated_rules_reference() -> None:
    reference = render_rules_markdown(all_rules())

    for rule in all_rules().values():
        anchor = rule_url(rule).split("#", 1)[1]
        assert f"](#{anchor})" in reference, rule.id


@pytest.mark.parametrize(
    ("severity", "level"),
    [
        pytest.param(Severity.ERROR, "error", id="error"),
        pytest.param(Severity.WARNING, "warning", id="warning"),
        pytest.param(Severity.INFO, "note", id="info-is-note"),
    ],
)
def test_levels_follow_severity(sample_report: Report, severity: Severity, level: str) -> None:
    finding = sample_report.findings[0].model_copy(update={"severity": severity})
    report = sample_report.model_copy(update={"findings": (finding,)})

    assert _run(report)["results"][0]["level"] == level
    assert sarif_level(severity) == level


def test_result_of_a_call(sample_report: Report) -> None:
    run = _run(sample_report)

    result = run["results"][0]

    assert result == {
        "ruleId": "vendor-call",
        "ruleIndex": list(all_rules()).index("vendor-call"),
        "level": "warning",
        "message": {
            "text": "Call to the openai SDK's chat.completions.create (served by deepseek)."
        },
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "app/llm.py", "uriBaseId": "SRCROOT"},
                    "region": {
                        "startLine": 9,
                        "startColumn": 12,
                        "endLine": 11,
                        "endColumn": 6,
                        "snippet": {
                            "text": 'resp = client.chat.completions.create(model="deepseek-chat", '
                            "messages=msgs)"
                        },
                    },
                }
            }
        ],
        "partialFingerprints": {"vendorlock/v1": "3f2a9c1d0b7e4a55"},
        "properties": {
            "kind": "call",
            "sdk": "openai",
            "provider": "deepseek",
            "api": "openai:chat.completions.create",
            "portability": "auto",
            "confidence": "certain",
            "features": [],
        },
    }
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "vendor-call"
    assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": "file:///work/app/"}}


def test_notebook_result_names_the_cell(sample_report: Report) -> None:
    result = _run(sample_report)["results"][3]

    assert result["message"]["text"] == "Cell 3, line 2: Construction of an anthropic client."
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "notebooks/explore.ipynb", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 1},
    }
    assert result["properties"]["notebookCell"] == 3
    assert result["properties"]["cellRegion"] == {
        "startLine": 2,
        "startColumn": 10,
        "endLine": 2,
        "endColumn": 31,
    }


def test_fingerprints_are_stable_when_lines_move(sample_report: Report) -> None:
    moved = tuple(
        finding.model_copy(update={"line": finding.line + 40, "end_line": finding.end_line + 40})
        for finding in sample_report.findings
    )

    before = [r["partialFingerprints"] for r in _run(sample_report)["results"]]
    after = [
        r["partialFingerprints"]
        for r in _run(sample_report.model_copy(update={"findings": moved}))["results"]
    ]

    assert before == after
    assert [item[FINGERPRINT_KEY] for item in before] == [
        finding.fingerprint for finding in sample_report.findings
    ]


def test_rendering_is_deterministic(sample_report: Report) -> None:
    assert render_sarif(sample_report, all_rules()) == render_sarif(sample_report, all_rules())


def test_paths_and_root_are_uri_encoded(sample_report: Report) -> None:
    finding = sample_report.findings[0].model_copy(update={"path": "my app/llm #1.py"})
    report = sample_report.model_copy(update={"findings": (finding,), "root": "/home/a b"})

    run = _run(report)

    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "my%20app/llm%20%231.py"
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == "file:///home/a%20b/"


def test_diagnostics_are_tool_notifications(sample_report: Report) -> None:
    skipped = Diagnostic(path="big.py", kind=DiagnosticKind.SKIPPED, message="Too large.")
    report = sample_report.model_copy(update={"diagnostics": (*sample_report.diagnostics, skipped)})

    invocation = _run(report)["invocations"][0]

    assert invocation == {
        "executionSuccessful": True,
        "toolExecutionNotifications": [
            {
                "level": "error",
                "message": {"text": "Syntax error: unexpected ')'."},
                "descriptor": {"id": "syntax-error"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": "app/broken.py", "uriBaseId": "SRCROOT"},
                            "region": {"startLine": 3},
                        }
                    }
                ],
            },
            {
                "level": "warning",
                "message": {"text": "Too large."},
                "descriptor": {"id": "skipped"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": "big.py", "uriBaseId": "SRCROOT"}
                        }
                    }
                ],
            },
        ],
    }


def test_a_rule_missing_from_the_catalogue_still_gets_a_descriptor(
    validator: Draft4Validator, sample_report: Report
) -> None:
    finding = sample_report.findings[0].model_copy(update={"rule": "retired-rule"})
    report = sample_report.model_copy(update={"findings": (finding,)})

    document = _sarif(report)
    run = document["runs"][0]

    assert run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]] == {
        "id": "retired-rule",
        "name": "retired-rule",
    }
    assert list(validator.iter_errors(document)) == []


_text = st.text(max_size=20)


# The fixture is a frozen model, so sharing it across examples is safe.
@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=_text,
    root=_text,
    message=_text,
    code=_text,
    cell=st.none() | st.integers(min_value=1, max_value=99),
    line=st.none() | st.integers(min_value=0, max_value=99),
)
def test_any_text_gives_valid_sarif(
    validator: Draft4Validator,
    sample_report: Report,
    path: str,
    root: str,
    message: str,
    code: str,
    cell: int | None,
    line: int | None,
) -> None:
    finding = sample_report.findings[0].model_copy(
        update={"path": path, "message": message, "code": code, "cell": cell}
    )
    diagnostic = sample_report.diagnostics[0].model_copy(update={"path": path, "line": line})
    report = sample_report.model_copy(
        update={"root": root, "findings": (finding,), "diagnostics": (diagnostic,)}
    )

    assert list(validator.iter_errors(_sarif(report))) == []
