"""`--jobs`, `--cache-dir` and `--no-cache` reach the engine from every command that scans."""

from __future__ import annotations

import inspect
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest
from typer.testing import CliRunner, Result

from vendorlock import cli
from vendorlock.cli import check as check_cli
from vendorlock.cli import history as history_cli
from vendorlock.cli import migrate as migrate_cli
from vendorlock.cli import plan as plan_cli
from vendorlock.cli import scan as scan_cli
from vendorlock.config import ScanOptions
from vendorlock.errors import UsageError

RUNNER = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "FORCE_COLOR": None})
CORES = os.cpu_count() or 1
REACHED = "vendorlock: error: the engine was reached\n"

# Each command that scans: the CLI module it lives in, the engine function that module
# calls, and the command's arguments (run in an empty directory).
COMMANDS: dict[str, tuple[ModuleType, str, list[str]]] = {
    "scan": (scan_cli, "scan", ["scan"]),
    "graph": (scan_cli, "scan_project", ["graph"]),
    "migrate": (migrate_cli, "scan", ["migrate", "--to", "litellm"]),
    "plan": (plan_cli, "scan_project", ["plan"]),
    "check": (check_cli, "scan", ["check"]),
    "baseline": (check_cli, "scan", ["baseline", "-o", "baseline.json"]),
    "history": (history_cli, "scan_history", ["history"]),
}


class FakeEngine:
    """Stands in for the engine: keeps the ScanOptions it is given, then stops the command."""

    def __init__(self) -> None:
        self.options: list[ScanOptions] = []

    def __call__(self, *args: object) -> NoReturn:
        self.options += [arg for arg in args if isinstance(arg, ScanOptions)]
        raise UsageError("the engine was reached")


@dataclass
class Command:
    """A command line whose engine is faked."""

    args: list[str]
    engine: FakeEngine

    def invoke(self, *flags: str) -> Result:
        return RUNNER.invoke(cli.app, [*self.args, *flags])


def _faked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> Command:
    module, function, args = COMMANDS[name]
    engine = FakeEngine()
    monkeypatch.setattr(module, function, engine)
    monkeypatch.chdir(tmp_path)
    return Command(args, engine)


@pytest.fixture(params=list(COMMANDS))
def command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, request: pytest.FixtureRequest
) -> Command:
    """Each command that scans, in turn."""
    return _faked(monkeypatch, tmp_path, request.param)


def test_every_command_that_scans_takes_the_engine_options() -> None:
    takes_jobs = {
        command.name
        for command in cli.app.registered_commands
        if command.callback and "jobs" in inspect.signature(command.callback).parameters
    }

    assert takes_jobs == set(COMMANDS)


@pytest.mark.parametrize(
    ("flags", "jobs", "cache"),
    [
        pytest.param([], CORES, "env", id="defaults"),
        pytest.param(["--jobs", "0"], CORES, "env", id="jobs-0-is-every-core"),
        pytest.param(["-j", "3"], 3, "env", id="jobs-3"),
        pytest.param(["--cache-dir", "elsewhere"], CORES, "elsewhere", id="cache-dir"),
        pytest.param(["--no-cache"], CORES, None, id="no-cache"),
    ],
)
def test_flags_reach_the_scan_options(
    command: Command,
    isolated_cache_dir: Path,
    flags: list[str],
    jobs: int,
    cache: str | None,
) -> None:
    result = command.invoke(*flags)

    assert (result.exit_code, result.stderr) == (2, REACHED)
    expected = isolated_cache_dir if cache == "env" else None if cache is None else Path(cache)
    assert [(options.jobs, options.cache_dir) for options in command.engine.options] == [
        (jobs, expected)
    ]


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        pytest.param(
            ["--jobs", "-1"],
            "--jobs must be 0 (every core) or a number of processes, not -1",
            id="negative-jobs",
        ),
        pytest.param(
            ["--cache-dir", "c", "--no-cache"],
            "--cache-dir and --no-cache exclude each other",
            id="cache-dir-and-no-cache",
        ),
    ],
)
def test_bad_engine_flags_are_one_line_usage_errors(
    command: Command, flags: list[str], message: str
) -> None:
    result = command.invoke(*flags)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"vendorlock: error: {message}\n"
    assert command.engine.options == []


@pytest.mark.parametrize(
    ("xdg_cache_home", "expected"),
    [
        pytest.param("{tmp}/xdg", "{tmp}/xdg/vendorlock", id="xdg-cache-home"),
        pytest.param("", "{tmp}/home/.cache/vendorlock", id="xdg-empty"),
        pytest.param("relative", "{tmp}/home/.cache/vendorlock", id="xdg-relative-is-ignored"),
    ],
)
def test_cache_dir_default_without_the_env_var(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdg_cache_home: str, expected: str
) -> None:
    scan = _faked(monkeypatch, tmp_path, "scan")
    monkeypatch.delenv("VENDORLOCK_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", xdg_cache_home.format(tmp=tmp_path))

    result = scan.invoke()

    assert (result.exit_code, result.stderr) == (2, REACHED)
    assert [options.cache_dir for options in scan.engine.options] == [
        Path(expected.format(tmp=tmp_path))
    ]


def test_no_cache_without_a_home_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    scan = _faked(monkeypatch, tmp_path, "scan")
    monkeypatch.delenv("VENDORLOCK_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)

    result = scan.invoke()

    assert (result.exit_code, result.stderr) == (2, REACHED)
    assert [options.cache_dir for options in scan.engine.options] == [None]
