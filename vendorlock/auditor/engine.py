"""Orchestrates a scan: discover, prefilter, detect per file, resolve across modules."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vendorlock.config import ScanOptions
from vendorlock.model import Report


def scan(paths: Sequence[Path], options: ScanOptions | None = None) -> Report:
    """Scan `paths` (files or directories) and return the complete report.

    Raises `vendorlock.errors.UsageError` for a path that does not exist.
    """
    raise NotImplementedError("engine under construction")
