"""`[tool.vendorlock]`: discovery, validation (all errors at once), precedence, `config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendorlock import cli
from vendorlock.config import (
    REPORT_FORMATS,
    ProjectConfig,
    ScanOptions,
    find_config_file,
    load_config,
    resolve_config,
)
from vendorlock.errors import ConfigError
from vendorlock.model import Confidence

RUNNER = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "FORCE_COLOR": None})


def _pyproject(directory: Path, body: str) -> Path:
    path = directory / "pyproject.toml"
    path.write_text(f'[project]\nname = "x"\n\n{body}', encoding="utf-8")
    return path


def test_defaults() -> None:
    assert ProjectConfig().scan_options() == ScanOptions()


def test_every_key_maps_onto_the_scan_options(tmp_path: Path) -> None:
    path = _pyproject(
        tmp_path,
        "[tool.vendorlock]\n"
        'gateway = ["app/llm/**"]\nexclude = ["build/"]\nformat = "json"\n'
        'min_confidence = "certain"\ngitignore = false\nmax_score = 40\nmax_findings = 10\n'
        'baseline = "ci/baseline.json"\nfail_on = "any"\n',
    )

    config, given = load_config(path)

    assert config.scan_options() == ScanOptions(
        excludes=("build/",),
        respect_gitignore=False,
        min_confidence=Confidence.CERTAIN,
        gateway=("app/llm/**",),
    )
    assert (config.format, config.max_score, config.max_findings) == ("json", 40.0, 10)
    assert (config.baseline, config.fail_on) == ("ci/baseline.json", "any")
    assert given == set(ProjectConfig.model_fields)


def test_every_error_is_reported_at_once_naming_file_and_key(tmp_path: Path) -> None:
    path = _pyproject(
        tmp_path,
        "[tool.vendorlock]\n"
        'gatway = ["app/llm/**"]\nexclude = "build/"\nformat = "pdf"\n'
        'min_confidence = "sure"\ngitignore = "yes"\nmax_score = 140\nmax_findings = -1\n',
    )

    with pytest.raises(ConfigError) as caught:
        load_config(path)

    assert str(caught.value) == (
        f"invalid configuration in {path} [tool.vendorlock]: "
        "exclude: must be an array of strings (got 'build/'); "
        "format: Input should be 'text', 'json', 'sarif', 'markdown' or 'html' (got 'pdf'); "
        "min_confidence: Input should be 'certain' or 'likely' (got 'sure'); "
        "gitignore: Input should be a valid boolean (got 'yes'); "
        "max_score: Input should be less than or equal to 100 (got 140); "
        "max_findings: Input should be greater than or equal to 0 (got -1); "
        "gatway: unknown key (did you mean 'gateway'?)"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            'max_score = "40"', "max_score: Input should be a valid number (got '40')", id="string"
        ),
        pytest.param(
            "gateway = [1]", "gateway[0]: Input should be a valid string (got 1)", id="not-a-glob"
        ),
        pytest.param(
            'gateway = ["app/", "!"]',
            "gateway: invalid path glob '!'",
            id="invalid-glob",
        ),
        pytest.param(
            'exclude = ["[z-a]"]',
            "exclude: invalid path glob '[z-a]'",
            id="invalid-range",
        ),
        pytest.param("colour = true", "colour: unknown key", id="unknown-without-a-close-match"),
    ],
)
def test_one_invalid_key(tmp_path: Path, body: str, message: str) -> None:
    path = _pyproject(tmp_path, f"[tool.vendorlock]\n{body}\n")

    with pytest.raises(ConfigError) as caught:
        load_config(path)

    assert str(caught.value) == f"invalid configuration in {path} [tool.vendorlock]: {message}"


def test_a_pyproject_without_the_table_gives_the_defaults(tmp_path: Path) -> None:
    path = _pyproject(tmp_path, "[tool.ruff]\nline-length = 100\n")

    assert load_config(path) == (ProjectConfig(), frozenset())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("[tool.ruff]\n", "has no [tool.vendorlock] table", id="no-table"),
        pytest.param("[tool\n", "invalid TOML in", id="invalid-toml"),
        pytest.param(
            '[tool]\nvendorlock = "x"\n', "tool.vendorlock must be a table", id="not-a-table"
        ),
    ],
)
def test_an_explicit_file_must_hold_the_table(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "vendorlock.toml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(ConfigError, match=r"vendorlock\.toml"):
        load_config(path, explicit=True)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        load_config(path, explicit=True)


def test_a_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"cannot read .*nope\.toml"):
        load_config(tmp_path / "nope.toml", explicit=True)


def test_discovery_prefers_the_scan_root_then_the_current_directory(tmp_path: Path) -> None:
    root, cwd = tmp_path / "project", tmp_path / "cwd"
    (root / "src").mkdir(parents=True)
    cwd.mkdir()
    (root / "src" / "a.py").write_text("", encoding="utf-8")
    cwd_file = _pyproject(cwd, "")

    assert find_config_file([root], cwd) == cwd_file
    root_file = _pyproject(root, "")
    assert find_config_file([root], cwd) == root_file
    # Several paths: their common directory is the root; a file's root is its directory.
    assert find_config_file([root / "src", root / "src" / "a.py"], cwd) == cwd_file
    assert find_config_file([root / "src" / "a.py", root], cwd) == root_file
    assert find_config_file([root / "src" / "a.py"], tmp_path) is None


def test_flags_override_the_file_and_sources_say_so(tmp_path: Path) -> None:
    _pyproject(tmp_path, '[tool.vendorlock]\nexclude = ["build/"]\nformat = "json"\n')

    effective = resolve_config(
        [tmp_path],
        None,
        {"format": ("--format", "text"), "gateway": ("--gateway", ("gw/",))},
        tmp_path,
    )

    assert (effective.config.format, effective.config.exclude, effective.config.gateway) == (
        "text",
        ("build/",),
        ("gw/",),
    )
    pyproject = tmp_path / "pyproject.toml"
    assert effective.sources == {
        "gateway": "flag --gateway",
        "exclude": f"{pyproject}:exclude",
        "format": "flag --format",
        "min_confidence": "default",
        "gitignore": "default",
        "max_score": "default",
        "max_findings": "default",
        "baseline": "default",
        "fail_on": "default",
    }


def test_config_option_replaces_discovery(tmp_path: Path) -> None:
    _pyproject(tmp_path, '[tool.vendorlock]\nformat = "json"\n')
    other = tmp_path / "ci.toml"
    other.write_text('[tool.vendorlock]\nformat = "sarif"\n', encoding="utf-8")

    effective = resolve_config([tmp_path], other, {}, tmp_path)

    assert (effective.file, effective.config.format) == (other, "sarif")


def test_report_formats_are_the_clis() -> None:
    assert set(REPORT_FORMATS) == {item.value for item in cli.OutputFormat}


def test_config_command_shows_values_and_sources(tmp_path: Path) -> None:
    path = _pyproject(tmp_path, '[tool.vendorlock]\ngateway = ["app/llm/**"]\n')

    result = RUNNER.invoke(cli.app, ["config", str(tmp_path), "--min-confidence", "certain"])

    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        f"Configuration file: {path}",
        "Key             Value           Source",
        f'gateway         ["app/llm/**"]  {path}:gateway',
        "exclude         []              default",
        'format          "text"          default',
        'min_confidence  "certain"       flag --min-confidence',
        "gitignore       true            default",
        "max_score       null            default",
        "max_findings    null            default",
        "baseline        null            default",
        'fail_on         "new"           default',
    ]


def test_scan_reads_the_format_from_the_config_and_a_flag_wins(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("import os\n", encoding="utf-8")
    _pyproject(tmp_path, '[tool.vendorlock]\nformat = "json"\n')

    as_json = RUNNER.invoke(cli.app, ["scan", str(tmp_path)])
    as_text = RUNNER.invoke(cli.app, ["scan", str(tmp_path), "--format", "text"])

    assert json.loads(as_json.stdout)["summary"]["files_discovered"] == 1
    assert as_text.stdout.splitlines()[1] == "No vendor lock-in found (1 file scanned)."


def test_an_invalid_config_exits_2_with_one_line(tmp_path: Path) -> None:
    path = _pyproject(tmp_path, "[tool.vendorlock]\nformats = 1\n")

    result = RUNNER.invoke(cli.app, ["scan", str(tmp_path)])

    assert result.exit_code == 2
    assert result.stderr == (
        f"vendorlock: error: invalid configuration in {path} [tool.vendorlock]: "
        "formats: unknown key (did you mean 'format'?)\n"
    )
