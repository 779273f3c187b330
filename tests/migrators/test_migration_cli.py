"""`vendorlock migrate`: diff then summary on stdout, --apply writes, errors exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorlock import cli

RUNNER = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "FORCE_COLOR": None})

APP = """\
import anthropic

client = anthropic.Anthropic()
msg = client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[])
print(msg.content[0].text)
events = client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[], stream=True)
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "app.py").write_text(APP)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_prints_diff_then_summary(project: Path) -> None:
    result = RUNNER.invoke(cli.app, ["migrate", ".", "--to", "litellm"])
    assert result.exit_code == 0
    assert result.stdout == (
        "--- a/app.py\n"
        "+++ b/app.py\n"
        "@@ -1,6 +1,7 @@\n"
        " import anthropic\n"
        "+import litellm\n"
        " \n"
        " client = anthropic.Anthropic()\n"
        '-msg = client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[])\n'
        "-print(msg.content[0].text)\n"
        '+msg = litellm.completion(model="anthropic/claude-haiku-4-5", max_tokens=5, messages=[])\n'
        "+print(msg.choices[0].message.content)\n"
        ' events = client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[], '
        "stream=True)\n"
        "vendorlock migrate --to litellm: 1 call sites to rewrite in 1 files\n"
        "\n"
        "Left for manual work:\n"
        "  app.py:6  anthropic:messages.create  raw Anthropic stream events (`stream=True`) "
        "have no OpenAI-shaped equivalent; `messages.stream(...)` with `text_stream` has\n"
        "\n"
        "Nothing was written; --apply writes the changes.\n"
    )
    assert (project / "app.py").read_text() == APP


def test_apply_writes_and_second_run_is_a_no_op(project: Path) -> None:
    first = RUNNER.invoke(cli.app, ["migrate", "--to", "litellm", "--apply"])
    assert first.exit_code == 0
    assert "1 call sites rewritten in 1 files" in first.stdout
    written = (project / "app.py").read_text()
    assert "litellm.completion(" in written
    second = RUNNER.invoke(cli.app, ["migrate", "--to", "litellm", "--apply"])
    assert second.exit_code == 0
    assert second.stdout.startswith("vendorlock migrate --to litellm: 0 call sites rewritten")
    assert (project / "app.py").read_text() == written


def test_select_limits_by_rule(project: Path) -> None:
    result = RUNNER.invoke(
        cli.app, ["migrate", "--to", "litellm", "--select", "anthropic-cache-control"]
    )
    assert result.exit_code == 0
    assert result.stdout == "vendorlock migrate --to litellm: 0 call sites to rewrite in 0 files\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--to", "gateway"],
            "unknown target 'gateway' (one of: any-llm, litellm)",
        ),
        (["--to", "litellm", "--select", "no-such-rule"], "unknown rule 'no-such-rule'"),
    ],
)
def test_usage_errors_exit_2(project: Path, args: list[str], message: str) -> None:
    result = RUNNER.invoke(cli.app, ["migrate", *args])
    assert result.exit_code == cli.EXIT_ERROR
    assert message in result.stderr
