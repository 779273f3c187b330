"""`vendorlock plan` on fixture projects: the whole Markdown plan, the JSON, the command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorlock import cli
from vendorlock.auditor.engine import scan_project
from vendorlock.config import ScanOptions
from vendorlock.model import ToolInfo
from vendorlock.planning import plan_inputs
from vendorlock.reports.plan import build_plan
from vendorlock.reports.plan_markdown import render_plan_markdown
from vendorlock.reports.plan_model import Plan

REPO = Path(__file__).resolve().parents[1]
PLAN_APP = REPO / "fixtures" / "projects" / "plan_app"
DEMO_APP = REPO / "fixtures" / "projects" / "demo_app"
GOLDEN = REPO / "fixtures" / "reports" / "plan_app.md"
DOCS = REPO / "docs" / "plan.md"
RUNNER = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

# Set to rewrite the golden file after an intended change; review its diff.
UPDATE = os.environ.get("VENDORLOCK_UPDATE_GOLDENS") == "1"


def _plan(project: Path, shown: str) -> Plan:
    plan = build_plan(plan_inputs(scan_project([project], ScanOptions()), "litellm", shown))
    # The checkout's location and the release are not part of what is tested.
    return plan.model_copy(update={"root": "/srv/plan_app", "tool": ToolInfo(version="0.0.0")})


def _without_scores(plan: Plan) -> Plan:
    """The plan with the score's numbers fixed: `docs/scoring.md`'s tests own them."""
    modules = tuple(module.model_copy(update={"score": 10.0}) for module in plan.modules)
    return plan.model_copy(update={"score": 50.0, "grade": "C", "modules": modules})


@pytest.fixture(scope="module")
def plan_app() -> Plan:
    return _plan(PLAN_APP, "fixtures/projects/plan_app")


def test_the_plan_carries_the_scans_scores(plan_app: Plan) -> None:
    score = scan_project([PLAN_APP], ScanOptions()).report.score
    assert score is not None

    assert (plan_app.score, plan_app.grade) == (score.total, score.grade)
    by_module = {scope.name: scope.total for scope in score.modules}
    assert {m.module: m.score for m in plan_app.modules} == by_module


def test_the_markdown_plan_of_plan_app(plan_app: Plan) -> None:
    text = render_plan_markdown(_without_scores(plan_app))
    if UPDATE:
        GOLDEN.write_text(text, encoding="utf-8")

    assert text == GOLDEN.read_text(encoding="utf-8")


def test_the_plan_follows_the_migrator_where_it_disagrees_with_the_scanner(plan_app: Plan) -> None:
    # The scanner calls the JSON-schema call `auto`; the migrator needs review for it.
    assert [site.location for site in plan_app.auto.sites] == [
        "shop/llm.py:9:13",
        "shop/search.py:7:16",
    ]
    (assisted,) = plan_app.assisted.sites
    assert (assisted.location, assisted.reasons[0].split(":")[0]) == (
        "shop/reviews.py:12:13",
        "OpenAI structured output (json_schema response format) (openai-json-schema)",
    )
    assert [site.location for site in plan_app.manual.sites] == ["shop/assistant.py:7:14"]


def test_what_every_module_depends_on_comes_first(plan_app: Plan) -> None:
    assert [(m.module, m.used_by) for m in plan_app.modules] == [
        ("shop.llm", ("shop.assistant", "shop.reviews", "shop.search")),
        ("shop.assistant", ("shop.api",)),
        ("shop.reviews", ("shop.api",)),
        ("shop.search", ("shop.api",)),
    ]


def test_the_worked_example_in_the_docs_is_this_plan(plan_app: Plan) -> None:
    effort = plan_app.effort
    assert f"**{effort.minutes} minutes, {effort.hours:g} hours**" in DOCS.read_text("utf-8")


def test_demo_app_plan_orders_the_client_module_first_and_the_routes_last() -> None:
    plan = _plan(DEMO_APP, ".")

    assert plan.modules[0].module == "helpdesk.llm"
    assert plan.modules[-1].module == "helpdesk.api"
    assert [risk.id for risk in plan.risks] == [
        "thinking",
        "structured-output",
        "embeddings",
        "server-state",
    ]
    assert plan.gateway.gateway == ("helpdesk/llm_gateway.py",)


def test_plan_command_writes_markdown_or_json(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"

    markdown = RUNNER.invoke(cli.app, ["plan", str(PLAN_APP), "--to", "any-llm"])
    as_json = RUNNER.invoke(
        cli.app, ["plan", str(PLAN_APP), "--to", "any-llm", "--format", "json", "-o", str(out)]
    )

    assert (markdown.exit_code, as_json.exit_code, as_json.stdout) == (0, 0, "")
    assert markdown.stdout.startswith("# Migration plan: move to any-llm\n")
    plan = Plan.model_validate_json(out.read_text(encoding="utf-8"))
    assert (plan.target, plan.findings, plan.root) == ("any-llm", 11, PLAN_APP.as_posix())
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"] == "1.0"


def test_plan_command_rejects_an_unknown_target() -> None:
    result = RUNNER.invoke(cli.app, ["plan", str(PLAN_APP), "--to", "langchain"])

    assert result.exit_code == cli.EXIT_ERROR
    assert result.stderr == (
        "vendorlock: error: unknown target 'langchain' (one of: any-llm, litellm)\n"
    )


def test_calls_in_a_file_the_migrator_skips_are_manual_with_its_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # the migrator shows paths relative to the cwd when it can
    plan = _plan(REPO / "fixtures" / "projects" / "notebook_app", ".")

    notebook = [site for site in plan.manual.sites if site.location.startswith("analysis.ipynb")]
    assert [(site.location, site.reasons) for site in notebook] == [
        (location, ("notebooks are not rewritten; move their calls by hand",))
        for location in (
            "analysis.ipynb:cell 6:6",
            "analysis.ipynb:cell 7:6",
            "analysis.ipynb:cell 10:1",
        )
    ]
