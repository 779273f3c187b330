"""`vendorlock scan --format sarif|markdown|html`: each format to stdout or to a file."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from typer.testing import CliRunner, Result

from vendorlock import cli
from vendorlock.auditor import engine
from vendorlock.auditor.rules import all_rules
from vendorlock.config import ScanOptions
from vendorlock.model import Report, RuleInfo
from vendorlock.reports.html import render_html
from vendorlock.reports.markdown import GITHUB_COMMENT_LIMIT, render_markdown
from vendorlock.reports.sarif import render_sarif

REPO_ROOT = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = Path(__file__).with_name("data") / "sarif-schema-2.1.0.json"
RUNNER = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "FORCE_COLOR": None})

Renderer = Callable[[Report, Mapping[str, RuleInfo]], str]
FORMATS = [
    pytest.param("sarif", render_sarif, id="sarif"),
    pytest.param("markdown", render_markdown, id="markdown"),
    pytest.param("html", render_html, id="html"),
]


@pytest.fixture
def fake_scan(monkeypatch: pytest.MonkeyPatch, sample_report: Report) -> list[list[Path]]:
    """Stands in for the engine: records the paths asked for, returns the sample report."""
    calls: list[list[Path]] = []

    def scan(paths: Sequence[Path], options: ScanOptions | None = None) -> Report:
        calls.append(list(paths))
        return sample_report

    monkeypatch.setattr(cli.scan, "scan", scan)
    return calls


def _invoke(*args: str) -> Result:
    return RUNNER.invoke(cli.app, list(args))


@pytest.mark.parametrize(("name", "render"), FORMATS)
def test_format_goes_to_stdout(
    fake_scan: list[list[Path]], sample_report: Report, name: str, render: Renderer
) -> None:
    result = _invoke("scan", "src", "--format", name)

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == render(sample_report, all_rules())
    assert fake_scan == [[Path("src")]]


@pytest.mark.parametrize(("name", "render"), FORMATS)
@pytest.mark.usefixtures("fake_scan")
def test_format_goes_to_the_output_file(
    tmp_path: Path, sample_report: Report, name: str, render: Renderer
) -> None:
    target = tmp_path / f"report.{name}"

    result = _invoke("scan", "-f", name, "-o", str(target))

    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert target.read_text(encoding="utf-8") == render(sample_report, all_rules())


def test_help_lists_every_format() -> None:
    result = _invoke("scan", "--help")

    assert "text|json|sarif|markdown|html" in result.stdout


@pytest.fixture(scope="module")
def fixture_projects_report() -> Report:
    """The real engine on every fixture project (notebooks, broken files, many providers)."""
    return engine.scan([REPO_ROOT / "fixtures" / "projects"])


def test_real_report_in_every_format(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture_projects_report: Report
) -> None:
    # Scanned once: the engine's cost is not what this test measures.
    monkeypatch.setattr(cli.scan, "scan", lambda paths, options=None: fixture_projects_report)
    outputs = {name: tmp_path / f"report.{name}" for name in ("sarif", "markdown", "html")}

    for name, target in outputs.items():
        result = _invoke("scan", "-f", name, "-o", str(target))
        assert (result.exit_code, result.stderr) == (0, ""), name

    sarif = json.loads(outputs["sarif"].read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert [error.message for error in Draft4Validator(schema).iter_errors(sarif)] == []
    run = sarif["runs"][0]
    assert len(run["results"]) == len(fixture_projects_report.findings) > 0
    notifications = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notifications) == len(fixture_projects_report.diagnostics) > 0
    assert len(outputs["markdown"].read_text(encoding="utf-8")) <= GITHUB_COMMENT_LIMIT
    page = outputs["html"].read_text(encoding="utf-8")
    assert page.count('"location":') == len(fixture_projects_report.findings)
