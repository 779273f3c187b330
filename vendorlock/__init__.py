"""vendorlock: find, measure and remove LLM vendor lock-in in Python code."""

from __future__ import annotations

from vendorlock._version import __version__
from vendorlock.auditor.engine import scan
from vendorlock.config import ScanOptions
from vendorlock.model import Confidence, Diagnostic, Finding, Kind, Portability, Report

__all__ = [
    "Confidence",
    "Diagnostic",
    "Finding",
    "Kind",
    "Portability",
    "Report",
    "ScanOptions",
    "__version__",
    "scan",
]
