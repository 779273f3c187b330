"""Long scans show progress on a terminal's stderr, and nothing anywhere else."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from vendorlock import ScanOptions, scan
from vendorlock.console import scan_progress

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "demo_app"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_engine_reports_each_file_it_analyses() -> None:
    calls: list[tuple[int, int]] = []

    scan([DEMO], replace(ScanOptions(), progress=lambda done, total: calls.append((done, total))))

    assert calls, "no progress was reported"
    first_round = calls[: calls[0][1]]
    assert first_round == [(done, calls[0][1]) for done in range(1, calls[0][1] + 1)]


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    stream = io.StringIO()

    with scan_progress(stream) as progress:
        assert progress is None

    assert stream.getvalue() == ""


def test_a_terminal_gets_a_transient_bar() -> None:
    stream = _Terminal()

    with scan_progress(stream) as progress:
        assert progress is not None
        progress(3, 8)

    assert "analysing" in stream.getvalue()
