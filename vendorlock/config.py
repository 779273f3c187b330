"""Options that shape a scan, passed down as one typed value (no global settings)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vendorlock.model import Confidence


@dataclass(frozen=True)
class ScanOptions:
    """What to scan and how; the CLI builds it from flags (and, later, pyproject.toml)."""

    excludes: tuple[str, ...] = ()
    respect_gitignore: bool = True
    min_confidence: Confidence = Confidence.LIKELY
    jobs: int = 1
    cache_dir: Path | None = None
