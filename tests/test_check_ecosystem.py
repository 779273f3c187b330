"""The GitHub Action, the pre-commit hook and docs/ci.md call `vendorlock` with real options."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vendorlock import cli

yaml = pytest.importorskip("yaml")  # PyYAML: in the test extras

REPO = Path(__file__).resolve().parents[1]
RUNNER = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
COMMAND = re.compile(r"vendorlock (check|baseline|scan|plan|history)\b([^\n|&;]*)")


@cache
def _options(command: str) -> frozenset[str]:
    """Every long option `vendorlock COMMAND --help` lists."""
    result = RUNNER.invoke(cli.app, [command, "--help"])
    assert result.exit_code == 0, result.output
    return frozenset(OPTION.findall(result.stdout))


def _load(name: str) -> Any:
    return yaml.safe_load((REPO / name).read_text(encoding="utf-8"))


def _steps() -> dict[str, dict[str, Any]]:
    action = _load("action.yml")
    return {step["name"]: step for step in action["runs"]["steps"]}


def test_the_action_is_a_composite_that_installs_checks_and_uploads() -> None:
    action = _load("action.yml")
    steps = _steps()

    assert action["runs"]["using"] == "composite"
    assert [step.get("uses", "run") for step in action["runs"]["steps"]] == [
        "actions/setup-python@v5",
        "run",
        "actions/cache@v4",
        "run",
        "github/codeql-action/upload-sarif@v3",
        "run",
    ]
    assert "pip install" in steps["Install vendorlock"]["run"]
    cache = steps["Restore the analysis cache"]["with"]
    assert cache["path"] == "~/.cache/vendorlock"
    assert "${{ steps.install.outputs.version }}" in cache["key"]
    script = steps["vendorlock check"]["run"]
    assert 'vendorlock check "${args[@]}"' in script
    assert '>> "$GITHUB_STEP_SUMMARY"' in script
    assert (
        steps["Upload SARIF to code scanning"]["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    )


def test_the_action_passes_only_options_check_has() -> None:
    script = _steps()["vendorlock check"]["run"]

    used = set(OPTION.findall(script))

    assert used == {
        "--sarif",
        "--markdown",
        "--max-score",
        "--baseline",
        "--fail-on",
        "--config",
        "--jobs",
        "--cache-dir",
        "--no-cache",
    }
    assert used <= _options("check")


def test_every_input_of_the_action_is_declared_and_used() -> None:
    action = _load("action.yml")
    text = (REPO / "action.yml").read_text(encoding="utf-8")

    referenced = set(re.findall(r"inputs\.([a-z-]+)", text))

    assert referenced == set(action["inputs"])


def test_the_pre_commit_hook_runs_check_on_the_whole_project() -> None:
    (hook,) = _load(".pre-commit-hooks.yaml")

    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "vendorlock-check",
        "vendorlock check",
        "python",
        False,
    )
    assert set(OPTION.findall(hook["entry"])) <= _options("check")


def test_the_ci_recipes_use_real_options() -> None:
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")

    commands = COMMAND.findall(text)

    assert {name for name, _ in commands} >= {"check", "baseline"}
    for name, arguments in commands:
        unknown = set(OPTION.findall(arguments)) - _options(name)
        assert not unknown, f"docs/ci.md: vendorlock {name} has no {sorted(unknown)}"


def test_the_action_script_records_the_exit_code_and_writes_the_summary(tmp_path: Path) -> None:
    script = _steps()["vendorlock check"]["run"]
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text("import openai\n", encoding="utf-8")
    output, summary = tmp_path / "output", tmp_path / "summary"
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "INPUT_PATH": str(project),
        "INPUT_MAX_SCORE": "0",
        "INPUT_BASELINE": "",
        "INPUT_FAIL_ON": "any",
        "INPUT_CONFIG": "",
        "INPUT_SARIF_FILE": str(tmp_path / "out.sarif"),
        "INPUT_JOBS": "",
        "INPUT_CACHE": "true",
        "HOME": str(tmp_path / "home"),  # the cache is $HOME/.cache/vendorlock
    }

    done = subprocess.run(["bash", "-e", "-c", script], env=env, capture_output=True, text=True)

    assert done.returncode == 0, done.stderr  # the verdict is the action's last step
    assert output.read_text(encoding="utf-8") == "exit-code=1\n"
    # An import alone scores 0: the score gate passes, `--fail-on any` fails.
    assert summary.read_text(encoding="utf-8").startswith(
        "## vendorlock check: failed (1 of 2 gates)\n"
    )
    assert (tmp_path / "out.sarif").is_file()
