"""The JSON report and its shipped JSON Schema, the public contract of `--format json`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from vendorlock.model import (
    Confidence,
    Diagnostic,
    DiagnosticKind,
    Finding,
    Kind,
    Portability,
    Report,
    Severity,
    Summary,
    ToolInfo,
)
from vendorlock.reports.json_report import (
    SCHEMA_PATH,
    render_json,
    report_json_schema,
    report_schema_text,
    shipped_report_schema,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
REGENERATE = "python scripts/generate_schema.py"

MINIMAL_JSON = """\
{
  "schema_version": "1.0",
  "tool": {
    "name": "vendorlock",
    "version": "0.1.0"
  },
  "root": "/work/app",
  "summary": {
    "files_discovered": 1,
    "files_scanned": 1,
    "files_with_findings": 1,
    "files_failed": 0,
    "findings": 1,
    "by_kind": {
      "import": 1
    },
    "by_sdk": {
      "openai": 1
    },
    "by_provider": {
      "openai": 1
    },
    "by_confidence": {
      "certain": 1
    },
    "suppressed": 0
  },
  "score": null,
  "findings": [
    {
      "rule": "vendor-import",
      "kind": "import",
      "sdk": "openai",
      "provider": "openai",
      "api": null,
      "path": "app/llm.py",
      "line": 1,
      "column": 1,
      "end_line": 1,
      "end_column": 14,
      "cell": null,
      "features": [],
      "portability": "auto",
      "confidence": "certain",
      "severity": "info",
      "message": "Import of the openai SDK — résumé.",
      "code": "import openai",
      "fingerprint": "9b1c2d3e4f5a6b7c",
      "symbol": null,
      "client_origin": null,
      "blast_radius": null,
      "suppressed": false
    }
  ],
  "diagnostics": []
}
"""


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(shipped_report_schema())


def _minimal_report(sample_report: Report) -> Report:
    finding = sample_report.findings[1].model_copy(
        update={"message": "Import of the openai SDK — résumé."}
    )
    summary = Summary(
        files_discovered=1,
        files_scanned=1,
        files_with_findings=1,
        files_failed=0,
        findings=1,
        by_kind={"import": 1},
        by_sdk={"openai": 1},
        by_provider={"openai": 1},
        by_confidence={"certain": 1},
    )
    return sample_report.model_copy(
        update={"summary": summary, "findings": (finding,), "diagnostics": ()}
    )


def test_render_json_writes_every_field_in_model_order(sample_report: Report) -> None:
    assert render_json(_minimal_report(sample_report)) == MINIMAL_JSON


def test_render_json_sorts_count_maps(sample_report: Report) -> None:
    summary = json.loads(render_json(sample_report))["summary"]

    assert list(summary["by_kind"]) == ["call", "client", "feature", "import"]
    assert list(summary["by_sdk"]) == ["anthropic", "openai"]
    assert list(summary["by_provider"]) == ["anthropic", "deepseek", "openai"]
    assert list(summary["by_confidence"]) == ["certain", "likely"]


def test_render_json_round_trips(sample_report: Report) -> None:
    assert Report.model_validate_json(render_json(sample_report)) == sample_report


def test_shipped_schema_is_up_to_date() -> None:
    shipped = SCHEMA_PATH.read_text(encoding="utf-8")

    assert shipped == report_schema_text(), f"{SCHEMA_PATH.name} is stale; run: {REGENERATE}"
    assert shipped_report_schema() == report_json_schema()


def test_generate_schema_check_passes_on_a_fresh_checkout() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/generate_schema.py", "--check"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_shipped_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = shipped_report_schema()

    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_sample_report_validates(validator: Draft202012Validator, sample_report: Report) -> None:
    errors = list(validator.iter_errors(json.loads(render_json(sample_report))))

    assert errors == []


def _without_cell(document: dict[str, Any]) -> None:
    del document["findings"][0]["cell"]


def _extra_key(document: dict[str, Any]) -> None:
    document["findings"][0]["severity_score"] = 3


def _line_zero(document: dict[str, Any]) -> None:
    document["findings"][0]["line"] = 0


def _unknown_kind(document: dict[str, Any]) -> None:
    document["findings"][0]["kind"] = "vibes"


def _wrong_tool(document: dict[str, Any]) -> None:
    document["tool"]["name"] = "semgrep"


def _string_count(document: dict[str, Any]) -> None:
    document["summary"]["by_sdk"]["openai"] = "3"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        pytest.param(_without_cell, "'cell' is a required property", id="defaults-are-required"),
        pytest.param(
            _extra_key,
            "Additional properties are not allowed ('severity_score' was unexpected)",
            id="no-extra-keys",
        ),
        pytest.param(_line_zero, "0 is less than the minimum of 1", id="lines-are-1-based"),
        pytest.param(
            _unknown_kind,
            "'vibes' is not one of ['import', 'client', 'call', 'feature', 'model', "
            "'response', 'exception', 'env', 'secret']",
            id="kind-enum",
        ),
        pytest.param(_wrong_tool, "'vendorlock' was expected", id="tool-name-const"),
        pytest.param(_string_count, "'3' is not of type 'integer'", id="counts-are-integers"),
    ],
)
def test_schema_rejects_broken_documents(
    validator: Draft202012Validator,
    sample_report: Report,
    mutate: Any,
    message: str,
) -> None:
    document = json.loads(render_json(sample_report))
    mutate(document)

    assert [error.message for error in validator.iter_errors(document)] == [message]


# Text without surrogates: what a decoded source file or path can hold.
_text = st.text(max_size=30)
_positive = st.integers(min_value=1, max_value=10**6)
_counts = st.dictionaries(_text, st.integers(min_value=0, max_value=10**6), max_size=4)

_findings = st.builds(
    Finding,
    rule=_text,
    kind=st.sampled_from(Kind),
    sdk=_text,
    provider=_text,
    api=st.none() | _text,
    path=_text,
    line=_positive,
    column=_positive,
    end_line=_positive,
    end_column=_positive,
    cell=st.none() | _positive,
    features=st.lists(_text, max_size=3).map(tuple),
    portability=st.sampled_from(Portability),
    confidence=st.sampled_from(Confidence),
    severity=st.sampled_from(Severity),
    message=_text,
    code=_text,
    fingerprint=_text,
)

_diagnostics = st.builds(
    Diagnostic,
    path=_text,
    kind=st.sampled_from(DiagnosticKind),
    message=_text,
    line=st.none() | _positive,
)

_reports = st.builds(
    Report,
    tool=st.builds(ToolInfo, version=_text),
    root=_text,
    summary=st.builds(
        Summary,
        files_discovered=st.integers(min_value=0, max_value=10**6),
        files_scanned=st.integers(min_value=0, max_value=10**6),
        files_with_findings=st.integers(min_value=0, max_value=10**6),
        files_failed=st.integers(min_value=0, max_value=10**6),
        findings=st.integers(min_value=0, max_value=10**6),
        by_kind=_counts,
        by_sdk=_counts,
        by_provider=_counts,
        by_confidence=_counts,
    ),
    findings=st.lists(_findings, max_size=4).map(tuple),
    diagnostics=st.lists(_diagnostics, max_size=2).map(tuple),
)


@settings(max_examples=75)
@given(report=_reports)
def test_any_report_round_trips_and_validates(
    validator: Draft202012Validator, report: Report
) -> None:
    text = render_json(report)

    assert Report.model_validate_json(text) == report
    assert list(validator.iter_errors(json.loads(text))) == []
    assert text.endswith("}\n")
