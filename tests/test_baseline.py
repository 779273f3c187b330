"""Baseline files: written and read exactly; findings matched by fingerprint, then as moves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from plan_check_factories import finding, report
from typer.testing import CliRunner

from vendorlock import cli
from vendorlock.baseline import (
    Baseline,
    BaselineEntry,
    build_baseline,
    compare,
    read_baseline,
    render_baseline,
)
from vendorlock.errors import ConfigError, UsageError
from vendorlock.model import ToolInfo

RUNNER = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
CREATE = "openai:chat.completions.create"


def test_a_baseline_lists_active_findings_in_path_and_line_order() -> None:
    findings = [
        finding("vendor-call", "b.py", 9, api=CREATE, code="c.create()", fingerprint="f2"),
        finding("vendor-import", "a.py", 1, code="import openai", fingerprint="f1"),
        finding("vendor-call", "a.py", 5, api=CREATE, fingerprint="f3", suppressed=True),
    ]

    text = render_baseline(build_baseline(report(findings)))

    assert json.loads(text) == {
        "schema_version": "1",
        "tool": {"name": "vendorlock", "version": "0.1.0"},
        "findings": [
            {
                "fingerprint": "f1",
                "rule": "vendor-import",
                "path": "a.py",
                "line": 1,
                "api": None,
                "code": "import openai",
            },
            {
                "fingerprint": "f2",
                "rule": "vendor-call",
                "path": "b.py",
                "line": 9,
                "api": CREATE,
                "code": "c.create()",
            },
        ],
    }
    assert text.startswith('{\n  "schema_version": "1",\n') and text.endswith("}\n")


def test_a_baseline_reads_back_as_written(tmp_path: Path) -> None:
    baseline = build_baseline(report([finding("vendor-import", "a.py", 1)]))
    path = tmp_path / "baseline.json"
    path.write_text(render_baseline(baseline), encoding="utf-8")

    assert read_baseline(path) == baseline


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        pytest.param(None, UsageError, "baseline file '{path}' does not exist (create it with "
                     "'vendorlock baseline')", id="missing"),
        pytest.param("{", ConfigError, "baseline file '{path}' is not JSON: Expecting property "
                     "name enclosed in double quotes: line 1 column 2 (char 1)", id="not-json"),
        pytest.param('{"schema_version": "2"}', ConfigError, "baseline file '{path}' has "
                     "schema_version '2'; this vendorlock reads '1' (re-create it with "
                     "'vendorlock baseline')", id="newer-schema"),
        pytest.param('[1]', ConfigError, "baseline file '{path}' has schema_version None; this "
                     "vendorlock reads '1' (re-create it with 'vendorlock baseline')",
                     id="not-an-object"),
        pytest.param('{"schema_version": "1", "tool": {"version": "1"}, "findings": [{}]}',
                     ConfigError, "baseline file '{path}' is invalid: findings.0.fingerprint: "
                     "Field required", id="incomplete-entry"),
    ],
)  # fmt: skip
def test_an_unusable_baseline_is_one_error_naming_the_file(
    tmp_path: Path, content: str | None, error: type[Exception], message: str
) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")

    with pytest.raises(error) as raised:
        read_baseline(path)

    assert str(raised.value) == message.format(path=path)


def _entry(fingerprint: str, path: str, code: str, rule: str = "vendor-call") -> BaselineEntry:
    return BaselineEntry(
        fingerprint=fingerprint, rule=rule, path=path, line=1, api=CREATE, code=code
    )


def test_compare_keeps_by_fingerprint_then_matches_moves_by_rule_api_and_code() -> None:
    baseline = Baseline(
        tool=ToolInfo(version="0.1.0"),
        findings=(
            _entry("kept", "a.py", "client.chat.completions.create(x)"),
            _entry("gone", "a.py", "client.chat.completions.create(y)"),
            _entry("fixed", "a.py", "client.chat.completions.create(z)"),
        ),
    )
    kept = finding("vendor-call", "a.py", 30, api=CREATE, fingerprint="kept")
    # Moved to another file: a new fingerprint, the same code up to layout.
    moved = finding(
        "vendor-call", "b.py", 3, api=CREATE, code="client.chat.completions.create( y )"
    )
    moved = moved.model_copy(update={"code": "client.chat.completions.create(y)"})
    new = finding("vendor-call", "b.py", 8, api=CREATE, code="client.chat.completions.create(w)")

    comparison = compare([kept, moved, new], baseline)

    assert [(f.fingerprint, e.fingerprint) for f, e in comparison.kept] == [("kept", "kept")]
    assert [(f.path, e.fingerprint) for f, e in comparison.moved] == [("b.py", "gone")]
    assert comparison.new == (new,)
    assert [entry.fingerprint for entry in comparison.fixed] == ["fixed"]
    assert comparison.entry_of(moved) == baseline.findings[1]
    assert comparison.entry_of(new) is None


def test_a_move_needs_the_same_rule_and_api() -> None:
    baseline = Baseline(
        tool=ToolInfo(version="0.1.0"),
        findings=(_entry("gone", "a.py", "client.x()", rule="vendor-import"),),
    )
    elsewhere = finding("vendor-call", "b.py", 3, api=CREATE, code="client.x()")

    assert compare([elsewhere], baseline).new == (elsewhere,)


def test_suppressed_findings_are_never_new() -> None:
    baseline = Baseline(tool=ToolInfo(version="0.1.0"), findings=())
    silenced = finding("vendor-call", "a.py", 1, api=CREATE, suppressed=True)

    assert compare([silenced], baseline).new == ()


# -- a real project: moving code does not trip the gate, new coupling does --------------

LLM = """\
import openai

client = openai.OpenAI()


def ask(question):
    return client.chat.completions.create(model="gpt-4o", messages=[question])
"""

LLM_WITHOUT_ASK = """\
import openai

client = openai.OpenAI()
"""

OTHER = """\
from app.llm import client


def helper():
    return 42


def ask(question):
    return client.chat.completions.create(model="gpt-4o", messages=[question])
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("", encoding="utf-8")
    (app / "llm.py").write_text(LLM, encoding="utf-8")
    result = RUNNER.invoke(cli.app, ["baseline", str(tmp_path), "-o", str(tmp_path / "b.json")])
    assert (result.exit_code, result.stdout) == (
        0,
        f"vendorlock baseline: 4 findings recorded in {tmp_path / 'b.json'}\n",
    )
    return tmp_path


def _check(project: Path) -> tuple[int, str]:
    result = RUNNER.invoke(cli.app, ["check", str(project), "--baseline", str(project / "b.json")])
    return result.exit_code, result.stdout.replace(str(project), "ROOT")


def test_the_baseline_command_writes_what_the_scan_found(project: Path) -> None:
    entries = read_baseline(project / "b.json").findings

    assert [(e.rule, e.path, e.line) for e in entries] == [
        ("vendor-import", "app/llm.py", 1),
        ("vendor-client", "app/llm.py", 3),
        ("vendor-call", "app/llm.py", 7),
        ("vendor-model-id", "app/llm.py", 7),
    ]


def test_moving_a_function_within_its_file_keeps_every_fingerprint(project: Path) -> None:
    moved_down = LLM.replace(
        "\n\ndef ask", "\n\nTIMEOUT = 30\n\n\ndef helper():\n    pass\n\n\ndef ask"
    )
    (project / "app" / "llm.py").write_text(moved_down, encoding="utf-8")

    assert _check(project) == (
        0,
        "vendorlock check: passed (1 gate)\n"
        "  ok    new findings: every finding is in ROOT/b.json\n"
        "4 findings.\n",
    )


def test_moving_a_function_to_another_file_is_a_move_not_new_coupling(project: Path) -> None:
    (project / "app" / "llm.py").write_text(LLM_WITHOUT_ASK, encoding="utf-8")
    (project / "app" / "other.py").write_text(OTHER, encoding="utf-8")

    assert _check(project) == (
        0,
        "vendorlock check: passed (1 gate)\n"
        "  ok    new findings: every finding is in ROOT/b.json\n"
        "4 findings; 2 moved since the baseline.\n",
    )


def test_a_new_call_fails_the_gate_and_is_listed(project: Path) -> None:
    (project / "app" / "llm.py").write_text(
        LLM + "\n\ndef summarize(text):\n    return client.embeddings.create(input=text)\n",
        encoding="utf-8",
    )

    assert _check(project) == (
        1,
        "vendorlock check: failed (1 of 1 gate)\n"
        "  FAIL  new findings: 1 finding not in ROOT/b.json\n"
        "          app/llm.py:11:12  vendor-call  openai:embeddings.create\n"
        "5 findings.\n",
    )


def test_removing_coupling_passes_and_says_what_was_fixed(project: Path) -> None:
    (project / "app" / "llm.py").write_text(LLM_WITHOUT_ASK, encoding="utf-8")

    assert _check(project) == (
        0,
        "vendorlock check: passed (1 gate)\n"
        "  ok    new findings: every finding is in ROOT/b.json\n"
        "2 findings; 2 fixed since the baseline.\n",
    )


def test_baseline_path_from_the_config_is_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ci").mkdir()
    (tmp_path / "app.py").write_text("import openai\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.vendorlock]\nbaseline = "ci/baseline.json"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path / "ci")  # elsewhere than the config file

    written = RUNNER.invoke(cli.app, ["baseline", str(tmp_path)])
    checked = RUNNER.invoke(cli.app, ["check", str(tmp_path)])

    target = tmp_path / "ci" / "baseline.json"
    assert written.stdout == f"vendorlock baseline: 1 finding recorded in {target}\n"
    assert [entry.code for entry in read_baseline(target).findings] == ["import openai"]
    assert checked.exit_code == 0, checked.stdout


def test_the_baseline_command_needs_a_file(tmp_path: Path) -> None:
    result = RUNNER.invoke(cli.app, ["baseline", str(tmp_path)])

    assert result.exit_code == cli.EXIT_ERROR
    assert result.stderr == (
        "vendorlock: error: no baseline file: pass -o FILE or set baseline in [tool.vendorlock]\n"
    )


def test_the_baseline_leaves_suppressed_findings_out_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "import openai  # vendorlock: ignore[vendor-import]\nimport anthropic\n", encoding="utf-8"
    )

    result = RUNNER.invoke(cli.app, ["baseline", str(tmp_path), "-o", str(tmp_path / "b.json")])

    assert result.stdout == (
        f"vendorlock baseline: 1 finding recorded in {tmp_path / 'b.json'} "
        "(1 suppressed left out)\n"
    )
