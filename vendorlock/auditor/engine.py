"""The entry points of a scan: read the project, answer from the memo or resolve it.

`scan` returns the report; `scan_project` also the project structure and the
exposure graph (`vendorlock graph`, `plan`). The work itself is in
project_files.py (discover and read), resolution.py (analyse to a fixed point,
then assemble the report and graph) and report_memo.py (a tree unchanged since
the last scan gets the last report back).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vendorlock.auditor.project_files import ProjectFiles, read_project
from vendorlock.auditor.report_memo import ReportMemo, memo_key
from vendorlock.auditor.scan_result import ScanResult, ScanStats
from vendorlock.config import ScanOptions
from vendorlock.model import Report

__all__ = ["ScanResult", "ScanStats", "scan", "scan_project"]


def scan(paths: Sequence[Path], options: ScanOptions | None = None) -> Report:
    """Scan `paths` (files or directories) and return the complete report.

    With a cache directory, an unchanged tree gets the last report back without
    analysing anything. Raises `vendorlock.errors.UsageError` for a path that
    does not exist.
    """
    options = options or ScanOptions()
    files = read_project(paths, options)
    if options.cache_dir is None:
        return _analyse(files, options).report
    memo = ReportMemo(options.cache_dir, files.root)
    key = memo_key(files, options)
    report = memo.load(key)
    if report is None:
        result = _analyse(files, options)
        report = result.report
        if result.stats.converged:
            memo.store(key, report)
    return report


def scan_project(paths: Sequence[Path], options: ScanOptions | None = None) -> ScanResult:
    """Scan `paths`; return the report with the structure of every analysed module."""
    options = options or ScanOptions()
    return _analyse(read_project(paths, options), options)


def _analyse(files: ProjectFiles, options: ScanOptions) -> ScanResult:
    # Imported on first use: resolution pulls in libcst, networkx and the catalogue, about
    # half a second of start-up that a scan answered from the memo does not need.
    from vendorlock.auditor.resolution import analyse_project

    return analyse_project(files, options)
