"""What a full scan returns: the report, the structure of the project and its exposure graph."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vendorlock.model import Report

if TYPE_CHECKING:
    from vendorlock.auditor.graph import ExposureGraph
    from vendorlock.auditor.structure import ModuleStructure


@dataclass(frozen=True)
class ScanStats:
    """How much work a scan did: analyses run, and analyses taken from the cache.

    `converged` is False when resolution stopped at its round limit: such a
    result is reported but never cached.
    """

    analysed: int
    reused: int
    rounds: int
    converged: bool = True


@dataclass(frozen=True)
class ScanResult:
    """The report, the project structure and the exposure graph built from both."""

    report: Report
    structures: tuple[ModuleStructure, ...]
    scripts: dict[str, str]  # console script name -> qualified function name
    root: Path
    graph: ExposureGraph
    stats: ScanStats = ScanStats(0, 0, 0)
