"""Options that shape a scan, and the `[tool.vendorlock]` table they can come from.

Precedence, lowest first: defaults, the `[tool.vendorlock]` table of
`pyproject.toml` (the scan root's, else the current directory's, or the file
named by `--config`), then command-line flags. `resolve_config` returns every
value with where it came from, which `vendorlock config` shows.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pathspec import GitIgnoreSpec
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    ValidationError,
    field_validator,
)
from pydantic_core import ErrorDetails

from vendorlock.errors import ConfigError
from vendorlock.model import Confidence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

__all__ = [
    "CONFIG_TABLE",
    "REPORT_FORMATS",
    "EffectiveConfig",
    "FailOn",
    "ProjectConfig",
    "ReportFormat",
    "ScanOptions",
    "find_config_file",
    "load_config",
    "resolve_config",
]

CONFIG_TABLE = "tool.vendorlock"
ReportFormat = Literal["text", "json", "sarif", "markdown", "html"]
"""Formats `vendorlock scan` writes; the CLI's `OutputFormat` must list the same."""
REPORT_FORMATS: tuple[str, ...] = get_args(ReportFormat)
FailOn = Literal["new", "any"]
"""What `vendorlock check` fails on: findings absent from the baseline, or any finding."""


@dataclass(frozen=True)
class ScanOptions:
    """What to scan and how; the CLI builds it from the effective configuration."""

    excludes: tuple[str, ...] = ()
    respect_gitignore: bool = True
    min_confidence: Confidence = Confidence.LIKELY
    jobs: int = 1
    cache_dir: Path | None = None
    gateway: tuple[str, ...] = ()  # path globs of the modules allowed to call vendors
    # Called as files are analysed: (files done, files to do). The CLI draws a progress
    # bar with it when stderr is a terminal; the library stays silent.
    progress: Callable[[int, int], None] | None = None


Glob = Annotated[StrictStr, Field(min_length=1)]


class ProjectConfig(BaseModel):
    """The `[tool.vendorlock]` table: every key optional, unknown keys an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    gateway: tuple[Glob, ...] = Field(
        default=(), description="Path globs of the modules allowed to call a vendor directly."
    )
    exclude: tuple[Glob, ...] = Field(default=(), description="Path globs not to scan.")
    format: ReportFormat = Field(default="text", description="Report format of `scan`.")
    min_confidence: Confidence = Field(
        default=Confidence.LIKELY, description="Report only findings at least this sure."
    )
    gitignore: StrictBool = Field(default=True, description="Skip what .gitignore excludes.")
    max_score: Annotated[float, Field(ge=0, le=100, strict=True)] | None = Field(
        default=None, description="Gate: the highest lock-in score `check` accepts."
    )
    max_findings: Annotated[int, Field(ge=0, strict=True)] | None = Field(
        default=None, description="Gate: the most findings `check` accepts."
    )
    baseline: Annotated[StrictStr, Field(min_length=1)] | None = Field(
        default=None,
        description="Gate: the baseline file of `check` and `baseline`, relative to this file.",
    )
    fail_on: FailOn = Field(
        default="new",
        description="Gate: fail `check` on findings the baseline lacks (`new`) or on any (`any`).",
    )

    @field_validator("gateway", "exclude")
    @classmethod
    def _valid_globs(cls, globs: tuple[str, ...]) -> tuple[str, ...]:
        for glob in globs:
            try:
                GitIgnoreSpec.from_lines([glob])
            except (ValueError, re.error):  # a bad range (`[z-a]`) is a re.error
                raise ValueError(f"invalid path glob {glob!r}") from None
        return globs

    def scan_options(self) -> ScanOptions:
        """The scan options these settings ask for."""
        return ScanOptions(
            excludes=self.exclude,
            respect_gitignore=self.gitignore,
            min_confidence=self.min_confidence,
            gateway=self.gateway,
        )


@dataclass(frozen=True)
class EffectiveConfig:
    """The settings in force, and for each key where its value came from."""

    config: ProjectConfig
    sources: Mapping[str, str]  # key -> "default" | "<file>:<key>" | "flag --<name>"
    file: Path | None

    def describe_file(self) -> str:
        """One line naming the configuration file in use."""
        return f"Configuration file: {self.file if self.file is not None else 'none (defaults)'}"

    def path_setting(self, key: str) -> Path | None:
        """A path setting, relative to the config file when it came from there.

        A flag's value is relative to the current directory, as the user typed it.
        """
        value = getattr(self.config, key)
        if value is None:
            return None
        path = Path(value)
        if self.file is not None and self.sources[key].startswith(f"{self.file}:"):
            return self.file.parent / path
        return path

    def rows(self) -> list[tuple[str, str, str]]:
        """One (key, value as JSON, source) row per setting, in the table's order."""
        values = self.config.model_dump(mode="json")
        return [
            (key, json.dumps(value, ensure_ascii=False), self.sources[key])
            for key, value in values.items()
        ]


def find_config_file(paths: Sequence[Path], cwd: Path) -> Path | None:
    """`pyproject.toml` of the scan root (the paths' common directory), else of `cwd`."""
    resolved = [path.resolve() for path in paths] or [cwd.resolve()]
    common = Path(os.path.commonpath(resolved))
    root = common if common.is_dir() or not common.exists() else common.parent
    for directory in (root, cwd):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path, *, explicit: bool = False) -> tuple[ProjectConfig, frozenset[str]]:
    """Read and validate `[tool.vendorlock]` of `path`; return it and the keys it sets.

    A file without the table gives the defaults, unless it was named
    explicitly (`--config`), where a missing table is surely a mistake.
    Every invalid key is reported at once, in one `ConfigError`.
    """
    table = _table(path, explicit=explicit)
    try:
        config = ProjectConfig.model_validate(table)
    except ValidationError as error:
        problems = "; ".join(_problem(item) for item in error.errors())
        raise ConfigError(f"invalid configuration in {path} [{CONFIG_TABLE}]: {problems}") from None
    return config, frozenset(table)


def _table(path: Path, *, explicit: bool) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid TOML in {path}: {error}") from None
    table = data.get("tool", {}).get("vendorlock")
    if table is None and explicit:
        raise ConfigError(f"{path} has no [{CONFIG_TABLE}] table")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: {CONFIG_TABLE} must be a table")
    return dict(table or {})


def _problem(item: ErrorDetails) -> str:
    key = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in item["loc"])
    key = key.removeprefix(".") or "(table)"
    if item["type"] == "extra_forbidden":
        close = difflib.get_close_matches(key, ProjectConfig.model_fields, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"{key}: unknown key{hint}"
    if item["type"] == "value_error":  # our own validators name the bad value
        return f"{key}: {item['msg'].removeprefix('Value error, ')}"
    message = "must be an array of strings" if item["type"] == "tuple_type" else item["msg"]
    return f"{key}: {message} (got {item['input']!r})"


def resolve_config(
    paths: Sequence[Path],
    config_file: Path | None,
    flags: Mapping[str, tuple[str, object]],
    cwd: Path,
) -> EffectiveConfig:
    """Defaults, then the config file, then `flags` (key -> (flag name, value)) on top."""
    path = config_file if config_file is not None else find_config_file(paths, cwd)
    config, given = (ProjectConfig(), frozenset[str]())
    if path is not None:
        config, given = load_config(path, explicit=config_file is not None)
    sources = {key: f"{path}:{key}" if key in given else "default" for key in _keys()}
    for key, (flag, _value) in flags.items():
        sources[key] = f"flag {flag}"
    values = {key: value for key, (_flag, value) in flags.items()}
    return EffectiveConfig(config.model_copy(update=values), sources, path)


def _keys() -> list[str]:
    return list(ProjectConfig.model_fields)
