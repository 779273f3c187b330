"""Options more than one command takes, and how flags become settings and scan options."""

from __future__ import annotations

import os
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, Final, TypeAlias

import typer

from vendorlock.config import EffectiveConfig, ScanOptions, resolve_config
from vendorlock.errors import UsageError
from vendorlock.model import Confidence

CACHE_DIR_ENV: Final = "VENDORLOCK_CACHE_DIR"
"""The cache directory when `--cache-dir` is not given."""


class OutputFormat(str, Enum):
    """Report formats of `vendorlock scan`."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    MARKDOWN = "markdown"
    HTML = "html"


NoColorOption: TypeAlias = Annotated[
    bool,
    typer.Option("--no-color", help="No colours or styles (NO_COLOR is honoured too)."),
]
ConfigOption: TypeAlias = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        dir_okay=False,
        # Rich reads [..] as markup: the backslash keeps the table name.
        help="Read \\[tool.vendorlock] from FILE, not the scan root's pyproject.toml.",
    ),
]
FormatOption: TypeAlias = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help="Report format [default: text].", show_default=False),
]
ExcludeOption: TypeAlias = Annotated[
    list[str] | None,
    typer.Option("--exclude", metavar="GLOB", help="Skip matching paths (repeatable)."),
]
MinConfidenceOption: TypeAlias = Annotated[
    Confidence | None,
    typer.Option(help="Report only findings at least this sure [default: likely]."),
]
NoGitignoreOption: TypeAlias = Annotated[
    bool, typer.Option("--no-gitignore", help="Scan files that .gitignore excludes.")
]
GatewayOption: TypeAlias = Annotated[
    list[str] | None,
    typer.Option(
        "--gateway", metavar="GLOB", help="Paths allowed to call vendors directly (repeatable)."
    ),
]
PathArgument: TypeAlias = Annotated[
    Path, typer.Argument(metavar="[PATH]", help="File or directory to scan (default: .).")
]
OutputFileOption: TypeAlias = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", dir_okay=False, help="Write to FILE."),
]

# The engine's processes and cache, on every command that scans.
JobsOption: TypeAlias = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        help="Analyse files in N processes; 0 (the default) uses every core.",
        show_default=False,
    ),
]
CacheDirOption: TypeAlias = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        metavar="PATH",
        file_okay=False,
        help=f"Keep analysis results in PATH (default: ${CACHE_DIR_ENV}, else "
        "$XDG_CACHE_HOME/vendorlock or ~/.cache/vendorlock).",
        show_default=False,
    ),
]
NoCacheOption: TypeAlias = Annotated[
    bool, typer.Option("--no-cache", help="Neither read nor write the analysis cache.")
]


def flags(
    output_format: OutputFormat | None,
    exclude: list[str] | None,
    min_confidence: Confidence | None,
    no_gitignore: bool,
    gateway: list[str] | None,
) -> dict[str, tuple[str, object]]:
    """The settings given on the command line: key -> (flag, value)."""
    given: dict[str, tuple[str, object]] = {
        "format": ("--format", output_format.value if output_format else None),
        "exclude": ("--exclude", tuple(exclude or ())),
        "min_confidence": ("--min-confidence", min_confidence),
        "gitignore": ("--no-gitignore", False if no_gitignore else None),
        "gateway": ("--gateway", tuple(gateway or ())),
    }
    return {key: (flag, value) for key, (flag, value) in given.items() if value not in (None, ())}


def effective(
    paths: list[Path], config_file: Path | None, given: dict[str, tuple[str, object]]
) -> EffectiveConfig:
    """The configuration in force for `paths`: the flags over the file over the defaults."""
    return resolve_config(paths, config_file, given, Path.cwd())


def with_engine(
    options: ScanOptions, jobs: int, cache_dir: Path | None, no_cache: bool
) -> ScanOptions:
    """`options` with the processes and cache asked for by `--jobs`, `--cache-dir`, `--no-cache`."""
    if jobs < 0:
        raise UsageError(f"--jobs must be 0 (every core) or a number of processes, not {jobs}")
    if no_cache and cache_dir is not None:
        raise UsageError("--cache-dir and --no-cache exclude each other")
    return replace(
        options,
        jobs=jobs or os.cpu_count() or 1,
        cache_dir=None if no_cache else cache_dir or default_cache_dir(),
    )


def default_cache_dir() -> Path | None:
    """$VENDORLOCK_CACHE_DIR, else vendorlock's directory in the XDG cache home.

    None, so no cache, when there is no home directory to put it in.
    """
    if chosen := os.environ.get(CACHE_DIR_ENV):
        return Path(chosen)
    # The XDG spec says to ignore a relative XDG_CACHE_HOME.
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if Path(xdg).is_absolute():
        return Path(xdg) / "vendorlock"
    try:
        return Path.home() / ".cache" / "vendorlock"
    except RuntimeError:
        return None
