"""The gates of `vendorlock check`: what each decides, what the summary says, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from plan_check_factories import finding, report
from typer.testing import CliRunner

from vendorlock import cli
from vendorlock.baseline import build_baseline
from vendorlock.check import GateSettings, evaluate, render_markdown, render_text
from vendorlock.model import Finding

RUNNER = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
CREATE = "openai:chat.completions.create"

CALL_IN_GATEWAY = finding("vendor-call", "app/llm/core.py", 4, api=CREATE, code="a()")
CALL_OUTSIDE = finding("vendor-call", "app/web.py", 9, api=CREATE, code="b()", column=5)
IMPORT = finding("vendor-import", "app/web.py", 1, code="import openai")
SILENCED = finding("vendor-call", "app/jobs.py", 3, api=CREATE, suppressed=True)


def _text(findings: list[Finding], settings: GateSettings, total: float = 42.0) -> str:
    return render_text(evaluate(report(findings, total=total), settings))


def test_without_a_gate_check_passes_and_says_none_is_configured() -> None:
    assert _text([IMPORT], GateSettings()) == (
        "vendorlock check: passed, but no gate is configured: set max_score, baseline or "
        "gateway in [tool.vendorlock], or pass --max-score, --baseline or --gateway\n"
        "1 finding.\n"
    )


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (42.0, "  ok    score: 42 (grade C) is within the limit 42\n"),
        (41.5, "  FAIL  score: 42 (grade C) is above the limit 41.5\n"),
    ],
)
def test_the_score_gate_fails_only_above_the_limit(limit: float, expected: str) -> None:
    text = _text([IMPORT], GateSettings(max_score=limit))

    assert text.splitlines(keepends=True)[1] == expected


def test_the_findings_gate_counts_active_findings_only() -> None:
    result = evaluate(report([IMPORT, SILENCED]), GateSettings(max_findings=1))

    assert result.passed
    assert render_text(result) == (
        "vendorlock check: passed (1 gate)\n"
        "  ok    findings: 1 finding, within the limit 1\n"
        "1 finding; 1 suppressed in the source (not gated).\n"
    )


def test_fail_on_any_fails_on_every_active_finding_baseline_or_not() -> None:
    baseline = build_baseline(report([IMPORT]))

    text = _text([IMPORT, SILENCED], GateSettings(fail_on="any", baseline=baseline))

    assert text == (
        "vendorlock check: failed (1 of 1 gate)\n"
        "  FAIL  any finding: 1 finding\n"
        "          app/web.py:1:1  vendor-import  import openai\n"
        "1 finding; 1 suppressed in the source (not gated).\n"
    )


def test_the_gateway_gate_lists_direct_calls_outside_the_globs() -> None:
    settings = GateSettings(gateway=("app/llm/**",))

    assert _text([CALL_IN_GATEWAY, CALL_OUTSIDE, IMPORT, SILENCED], settings) == (
        "vendorlock check: failed (1 of 1 gate)\n"
        "  FAIL  gateway: 1 direct vendor call outside app/llm/**\n"
        "          app/web.py:9:5  vendor-call  openai:chat.completions.create\n"
        "3 findings; 1 suppressed in the source (not gated).\n"
    )


def test_the_baseline_accepts_calls_it_already_held_outside_the_gateway() -> None:
    baseline = build_baseline(report([CALL_IN_GATEWAY, CALL_OUTSIDE]))
    settings = GateSettings(gateway=("app/llm/**",), baseline=baseline, baseline_name="b.json")

    assert _text([CALL_IN_GATEWAY, CALL_OUTSIDE], settings) == (
        "vendorlock check: passed (2 gates)\n"
        "  ok    new findings: every finding is in b.json\n"
        "  ok    gateway: every direct vendor call is inside app/llm/** (1 accepted by the "
        "baseline)\n"
        "2 findings.\n"
    )


def test_a_call_moved_out_of_the_gateway_fails_even_though_the_baseline_has_it() -> None:
    baseline = build_baseline(report([CALL_IN_GATEWAY]))
    moved_out = finding("vendor-call", "app/web.py", 20, api=CREATE, code="a()")
    settings = GateSettings(gateway=("app/llm/**",), baseline=baseline, baseline_name="b.json")

    assert _text([moved_out], settings) == (
        "vendorlock check: failed (1 of 2 gates)\n"
        "  ok    new findings: every finding is in b.json\n"
        "  FAIL  gateway: 1 direct vendor call outside app/llm/**\n"
        "          app/web.py:20:1  vendor-call  openai:chat.completions.create\n"
        "1 finding; 1 moved since the baseline.\n"
    )


def test_a_failed_gate_lists_at_most_twenty_sites() -> None:
    calls = [finding("vendor-call", "app/web.py", n, api=CREATE) for n in range(1, 24)]

    lines = _text(calls, GateSettings(gateway=("app/llm/**",))).splitlines()

    assert lines[1] == "  FAIL  gateway: 23 direct vendor calls outside app/llm/**"
    assert lines[21] == "          app/web.py:20:1  vendor-call  openai:chat.completions.create"
    assert lines[22:] == ["          ... and 3 more", "23 findings."]


def test_files_that_could_not_be_scanned_are_counted() -> None:
    result = evaluate(report([IMPORT], files_failed=2), GateSettings(max_findings=5))

    assert render_text(result).splitlines()[-1] == ("1 finding; 2 files could not be scanned.")


def test_the_markdown_verdict_escapes_what_comes_from_the_code() -> None:
    odd = finding("vendor-call", "app/a|b<i>.py", 2, api=CREATE)
    result = evaluate(report([odd], total=70), GateSettings(max_score=50, gateway=("llm/**",)))

    assert render_markdown(result) == (
        "## vendorlock check: failed (2 of 2 gates)\n"
        "\n"
        "| Gate | Result | Detail |\n"
        "|---|---|---|\n"
        "| score | **failed** | 70 (grade F) is above the limit 50 |\n"
        "| gateway | **failed** | 1 direct vendor call outside llm/** |\n"
        "\n"
        "<details>\n"
        "<summary>gateway: 1 site</summary>\n"
        "\n"
        "- <code>app/a&#124;b&lt;i&gt;.py:2:1</code> <code>vendor-call</code> "
        "<code>openai:chat.completions.create</code>\n"
        "\n"
        "</details>\n"
        "\n"
        "1 finding.\n"
    )


# -- the command ------------------------------------------------------------------------

SOURCE = """\
import openai

client = openai.OpenAI()
client.chat.completions.create(model="gpt-4o", messages=[])
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "web.py").write_text(SOURCE, encoding="utf-8")
    return tmp_path


def _run(*args: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(cli.app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_check_reads_its_gates_from_the_config(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.vendorlock]\ngateway = ["app/llm/**"]\nmax_findings = 10\n', encoding="utf-8"
    )

    assert _run(str(project)) == (
        1,
        "vendorlock check: failed (1 of 2 gates)\n"
        "  ok    findings: 4 findings, within the limit 10\n"
        "  FAIL  gateway: 1 direct vendor call outside app/llm/**\n"
        "          app/web.py:4:1  vendor-call  openai:chat.completions.create\n"
        "4 findings.\n",
        "",
    )


def test_flags_override_the_config(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.vendorlock]\ngateway = ["app/llm/**"]\nfail_on = "any"\n', encoding="utf-8"
    )

    code, out, _ = _run(str(project), "--gateway", "app/**", "--fail-on", "new")

    assert (code, out) == (
        0,
        "vendorlock check: passed (1 gate)\n"
        "  ok    gateway: every direct vendor call is inside app/**\n"
        "4 findings.\n",
    )


def test_suppressed_findings_are_not_gated_but_counted(project: Path) -> None:
    (project / "app" / "web.py").write_text(
        SOURCE.replace("messages=[])", "messages=[])  # vendorlock: ignore[vendor-call]"),
        encoding="utf-8",
    )

    code, out, _ = _run(str(project), "--gateway", "app/llm/**")

    assert (code, out) == (
        0,
        "vendorlock check: passed (1 gate)\n"
        "  ok    gateway: every direct vendor call is inside app/llm/**\n"
        "3 findings; 1 suppressed in the source (not gated).\n",
    )


def test_check_writes_sarif_and_markdown_beside_its_verdict(project: Path) -> None:
    sarif, markdown = project / "out.sarif", project / "summary.md"

    code, out, _ = _run(
        str(project), "--max-score", "0", "--sarif", str(sarif), "--markdown", str(markdown)
    )

    assert code == cli.EXIT_FINDINGS
    assert out.startswith("vendorlock check: failed (1 of 1 gate)\n  FAIL  score: ")
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == [
        "vendor-import",
        "vendor-client",
        "vendor-call",
        "vendor-model-id",
    ]
    text = markdown.read_text(encoding="utf-8")
    assert text.startswith("## vendorlock check: failed (1 of 1 gate)\n")
    assert "\n## vendorlock report\n" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--baseline", "missing.json"], "vendorlock: error: baseline file "
                     "'missing.json' does not exist (create it with 'vendorlock baseline')\n",
                     id="missing-baseline"),
        pytest.param(["--config", "nowhere.toml"], "vendorlock: error: cannot read "
                     "nowhere.toml: No such file or directory\n", id="missing-config"),
    ],
)  # fmt: skip
def test_usage_and_config_errors_exit_2(
    project: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(project)

    assert _run(".", *args) == (cli.EXIT_ERROR, "", message)


@pytest.mark.parametrize(
    "args",
    [["--fail-on", "some"], ["--max-score", "101"], ["--max-findings", "-1"]],
    ids=["fail-on", "max-score", "max-findings"],
)
def test_invalid_flag_values_exit_2(project: Path, args: list[str]) -> None:
    code, out, _ = _run(str(project), *args)

    assert (code, out) == (cli.EXIT_ERROR, "")


def test_an_invalid_gate_setting_in_the_config_exits_2(project: Path) -> None:
    path = project / "pyproject.toml"
    path.write_text('[tool.vendorlock]\nfail_on = "all"\n', encoding="utf-8")

    assert _run(str(project)) == (
        cli.EXIT_ERROR,
        "",
        f"vendorlock: error: invalid configuration in {path} [tool.vendorlock]: fail_on: "
        "Input should be 'new' or 'any' (got 'all')\n",
    )
