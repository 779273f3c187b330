"""What the benchmark scripts share: tables (plain text and Markdown) and run provenance."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import vendorlock

REPO = Path(__file__).resolve().parent.parent


def provenance() -> dict[str, str]:
    """When, where and on which vendorlock a benchmark ran."""
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": " ".join(f"{load:.2f}" for load in os.getloadavg()),
        "vendorlock": vendorlock.__version__,
        "vendorlock_source": _source(),
    }


def _source() -> str:
    """This repository's commit when vendorlock is imported from it, else the installed path."""
    package = Path(vendorlock.__file__).resolve().parent
    if package != REPO / "vendorlock":
        return f"installed copy at {package}"
    changed = _git("status", "--porcelain", "vendorlock").splitlines()
    dirty = f" + {len(changed)} uncommitted files" if changed else ""
    return f"working tree at {_git('rev-parse', '--short', 'HEAD')}{dirty}"


def _git(*args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False
    )
    return result.stdout.strip()


def render(header: Sequence[str], rows: Sequence[Sequence[str]], *, markdown: bool) -> str:
    """The table; a last row whose first cell starts with "total" is set apart."""
    has_total = bool(rows) and rows[-1][0].startswith("total")
    if markdown:
        body = [list(row) for row in rows]
        if has_total:
            body[-1] = [f"**{cell}**" for cell in body[-1]]
        align = ["---", *("---:" for _ in header[1:])]
        return "\n".join("| " + " | ".join(row) + " |" for row in [list(header), align, *body])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [_text_row(row, widths) for row in [header, *rows]]
    if has_total:
        lines.insert(len(lines) - 1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _text_row(row: Sequence[str], widths: Sequence[int]) -> str:
    cells = [
        cell.ljust(width) if n == 0 else cell.rjust(width)
        for n, (cell, width) in enumerate(zip(row, widths, strict=True))
    ]
    return "  ".join(cells)
