"""The command line: flags to options, formats to streams, errors to exit codes."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from vendorlock import cli
from vendorlock.auditor import engine
from vendorlock.auditor.rules import all_rules
from vendorlock.config import ScanOptions
from vendorlock.errors import CatalogueError, ConfigError, UsageError
from vendorlock.model import (
    Confidence,
    Finding,
    Kind,
    Portability,
    Report,
    Severity,
    Summary,
    ToolInfo,
)
from vendorlock.reports.json_report import render_json

REPO_ROOT = Path(__file__).resolve().parents[1]

# Wide and colourless, so lines are compared whole; FORCE_COLOR would make rich
# style even a pipe.
RUNNER = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "FORCE_COLOR": None})

REPORT = Report(
    tool=ToolInfo(version="0.1.0"),
    root="/work/app",
    summary=Summary(
        files_discovered=3,
        files_scanned=3,
        files_with_findings=1,
        files_failed=0,
        findings=1,
        by_kind={"call": 1},
        by_sdk={"anthropic": 1},
        by_provider={"anthropic": 1},
        by_confidence={"certain": 1},
    ),
    findings=(
        Finding(
            rule="vendor-call",
            kind=Kind.CALL,
            sdk="anthropic",
            provider="anthropic",
            api="anthropic:messages.create",
            path="app/chat.py",
            line=7,
            column=11,
            end_line=7,
            end_column=60,
            portability=Portability.AUTO,
            confidence=Confidence.CERTAIN,
            severity=Severity.WARNING,
            message="Call to the anthropic SDK's messages.create.",
            code='reply = client.messages.create(**kwargs)["content"]',
            fingerprint="5e1f00d2",
        ),
    ),
    diagnostics=(),
)


class FakeScan:
    """Stands in for the engine: records what the CLI asked for, returns REPORT."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[Path], ScanOptions | None]] = []

    def __call__(self, paths: Sequence[Path], options: ScanOptions | None = None) -> Report:
        self.calls.append((list(paths), options))
        return REPORT


@pytest.fixture
def fake_scan(monkeypatch: pytest.MonkeyPatch) -> FakeScan:
    fake = FakeScan()
    monkeypatch.setattr(cli.scan, "scan", fake)
    return fake


def _raise(error: BaseException) -> object:
    def scan(paths: Sequence[Path], options: ScanOptions | None = None) -> Report:
        raise error

    return scan


def _invoke(*args: str) -> Result:
    return RUNNER.invoke(cli.app, list(args))


def _lines(text: str) -> list[str]:
    """Lines without the padding rich leaves after table cells."""
    return [line.rstrip() for line in text.splitlines()]


# --- version -----------------------------------------------------------------


def test_version() -> None:
    result = _invoke("--version")

    assert (result.exit_code, result.stdout, result.stderr) == (0, "vendorlock 0.1.0\n", "")


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vendorlock", "--version"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert (result.returncode, result.stdout, result.stderr) == (0, "vendorlock 0.1.0\n", "")


# --- scan: flags to options ----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "paths", "options"),
    [
        pytest.param([], [Path()], ScanOptions(), id="defaults-to-current-directory"),
        pytest.param(
            ["src", "tests/x.py"], [Path("src"), Path("tests/x.py")], ScanOptions(), id="paths"
        ),
        pytest.param(
            ["--exclude", "build/*", "--exclude", "*.ipynb"],
            [Path()],
            ScanOptions(excludes=("build/*", "*.ipynb")),
            id="repeatable-exclude",
        ),
        pytest.param(
            ["--min-confidence", "certain"],
            [Path()],
            ScanOptions(min_confidence=Confidence.CERTAIN),
            id="min-confidence",
        ),
        pytest.param(
            ["--no-gitignore"], [Path()], ScanOptions(respect_gitignore=False), id="no-gitignore"
        ),
    ],
)
def test_scan_builds_options_from_flags(
    fake_scan: FakeScan,
    isolated_cache_dir: Path,
    args: list[str],
    paths: list[Path],
    options: ScanOptions,
) -> None:
    result = _invoke("scan", *args)

    assert result.exit_code == 0
    # Every core and the cache by default (tests/test_cli_engine_options.py).
    assert fake_scan.calls == [
        (paths, replace(options, jobs=os.cpu_count() or 1, cache_dir=isolated_cache_dir))
    ]


# --- scan: formats and destinations ---------------------------------------------


@pytest.mark.usefixtures("fake_scan")
def test_scan_text_goes_to_stdout() -> None:
    result = _invoke("scan")

    assert (result.exit_code, result.stderr) == (0, "")
    assert _lines(result.stdout) == [
        "vendorlock 0.1.0 · /work/app",
        "1 finding in 1 file (3 files scanned).",
        "",
        "Files discovered     3",
        "Files scanned        3",
        "Files with findings  1",
        "Files failed         0",
        "Findings             1",
        "Certain findings     1",
        "Likely findings      0",
        "",
        "SDK             Provider        Kind       Portability",
        "anthropic  1    anthropic  1    call  1    auto         1",
        "                                           assisted     0",
        "                                           manual       0",
        "",
        "app/chat.py (1 finding)",
        "  app/chat.py:7:11  vendor-call  certain  auto",
        "      Call to the anthropic SDK's messages.create.",
        '      | reply = client.messages.create(**kwargs)["content"]',
    ]


@pytest.mark.usefixtures("fake_scan")
def test_scan_json_goes_to_stdout() -> None:
    result = _invoke("scan", "--format", "json")

    assert (result.exit_code, result.stdout, result.stderr) == (0, render_json(REPORT), "")


@pytest.mark.usefixtures("fake_scan")
@pytest.mark.parametrize(
    ("format_args", "expected_start"),
    [
        pytest.param(["--format", "json"], '{\n  "schema_version": "1.0",\n', id="json"),
        pytest.param([], "vendorlock 0.1.0 · /work/app\n1 finding in 1 file", id="text"),
    ],
)
def test_scan_output_writes_the_file_only(
    tmp_path: Path, format_args: list[str], expected_start: str
) -> None:
    target = tmp_path / "report.out"

    result = _invoke("scan", *format_args, "--output", str(target))

    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith(expected_start)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.out"]


@pytest.mark.usefixtures("fake_scan")
def test_scan_output_replaces_an_existing_file_keeping_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)

    result = _invoke("scan", "-f", "json", "-o", str(target))

    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["root"] == "/work/app"
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.usefixtures("fake_scan")
def test_scan_output_into_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.json"

    result = _invoke("scan", "-f", "json", "-o", str(target))

    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr == f"vendorlock: error: cannot write '{target}': No such file or directory\n"
    )


# --- errors to exit codes ----------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(UsageError("path does not exist: nope"), id="usage"),
        pytest.param(
            ConfigError("pyproject.toml: tool.vendorlock.exclude: not a list"), id="config"
        ),
        pytest.param(CatalogueError("openai.toml: clients.0.name: field required"), id="catalogue"),
    ],
)
def test_vendorlock_errors_are_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    monkeypatch.setattr(cli.scan, "scan", _raise(error))

    result = _invoke("scan", "nope")

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"vendorlock: error: {error}\n"


def test_real_engine_reports_a_missing_path_as_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    try:
        engine.scan([missing])
    except NotImplementedError:
        pytest.skip("the engine is under construction")
    except UsageError:
        pass

    result = _invoke("scan", str(missing))

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("vendorlock: error: ")
    assert "nope" in result.stderr
    assert result.stderr.count("\n") == 1


INTERNAL_ERROR = (
    "vendorlock: internal error: KeyError: 'boom'\n"
    "vendorlock: this is a bug in vendorlock; please report it with the command you ran"
)


@pytest.mark.parametrize(
    ("debug", "expected_stderr"),
    [
        pytest.param(
            None,
            INTERNAL_ERROR + " and the traceback shown with VENDORLOCK_DEBUG=1.\n",
            id="no-traceback-by-default",
        ),
        pytest.param(
            "0",
            INTERNAL_ERROR + " and the traceback shown with VENDORLOCK_DEBUG=1.\n",
            id="zero-is-off",
        ),
    ],
)
def test_internal_errors_exit_2_without_traceback(
    monkeypatch: pytest.MonkeyPatch, debug: str | None, expected_stderr: str
) -> None:
    monkeypatch.setattr(cli.scan, "scan", _raise(KeyError("boom")))

    result = RUNNER.invoke(cli.app, ["scan"], env={"VENDORLOCK_DEBUG": debug})

    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected_stderr)


def test_internal_error_traceback_with_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.scan, "scan", _raise(KeyError("boom")))

    result = RUNNER.invoke(cli.app, ["scan"], env={"VENDORLOCK_DEBUG": "1"})

    assert result.exit_code == 2
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert result.stderr.endswith("KeyError: 'boom'\n" + INTERNAL_ERROR + ".\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["scan", "--bogus"], "No such option: --bogus", id="unknown-option"),
        pytest.param(["scan", "--format", "xml"], "Invalid value for '--format'", id="bad-format"),
        pytest.param(
            ["scan", "--min-confidence", "maybe"],
            "Invalid value for '--min-confidence'",
            id="bad-confidence",
        ),
        pytest.param(["lint"], "No such command 'lint'", id="unknown-command"),
    ],
)
def test_usage_errors_exit_2(fake_scan: FakeScan, args: list[str], message: str) -> None:
    result = _invoke(*args)

    assert result.exit_code == 2
    assert message in result.stderr
    assert fake_scan.calls == []


# --- rules -----------------------------------------------------------------------


def test_rules_lists_every_rule() -> None:
    result = _invoke("rules")

    lines = _lines(result.stdout)
    assert (result.exit_code, result.stderr) == (0, "")
    assert re.split(r"\s{2,}", lines[0]) == ["Rule", "Kind", "SDK", "Title"]
    assert [re.split(r"\s{2,}", line) for line in lines[1:]] == [
        [rule.id, rule.kind.value, rule.sdk or "any", rule.title] for rule in all_rules().values()
    ]


def test_rules_explains_one_rule() -> None:
    rule = all_rules()["vendor-import"]

    result = _invoke("rules", "vendor-import")

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"vendor-import: {rule.title}\n"
        "kind import · sdk any · severity info\n"
        f"\nWhat it finds\n  {rule.summary}\n"
        f"\nWhy it locks you in\n  {rule.why}\n"
        f"\nPortable alternative\n  {rule.alternative}\n"
        f"\nFix safety\n  {rule.fix_safety}\n"
        "\nExample\n  import openai\n"
    )


def test_rules_explains_a_catalogue_feature_with_a_multiline_example() -> None:
    rule = all_rules()["openai-assistants"]
    example = "".join(
        f"  {line}\n" if line else "\n" for line in rule.examples.invalid[0].splitlines()
    )

    result = _invoke("rules", "openai-assistants")

    assert result.exit_code == 0
    assert "kind feature · sdk openai · severity " + rule.severity.value + "\n" in result.stdout
    assert result.stdout.endswith("\nExample\n" + example)


def test_rules_unknown_id_exits_2() -> None:
    result = _invoke("rules", "no-such-rule")

    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr == "vendorlock: error: unknown rule 'no-such-rule' (see 'vendorlock rules')\n"
    )


def test_exit_codes_are_distinct() -> None:
    assert (cli.EXIT_OK, cli.EXIT_FINDINGS, cli.EXIT_ERROR) == (0, 1, 2)


@pytest.mark.usefixtures("fake_scan")
def test_output_to_a_named_pipe_writes_through_it_and_keeps_the_pipe(tmp_path: Path) -> None:
    """Renaming a temp file over /dev/null once turned the device into a file."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")))
    reader.start()

    result = _invoke("scan", str(tmp_path), "--format", "json", "--output", str(pipe))
    reader.join(timeout=10)

    assert result.exit_code == 0
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert received and received[0].startswith("{")
