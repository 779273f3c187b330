"""Rewrite vendorlock/reports/report.schema.json from the Report model.

Usage: python scripts/generate_schema.py [--check]

With --check nothing is written; the exit status is 1 when the file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run from a checkout without installing: the package beside this script wins.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vendorlock.reports.json_report import SCHEMA_PATH, report_schema_text


def main(argv: list[str]) -> int:
    """Write (or with `--check`, compare) the schema; return the exit status."""
    expected = report_schema_text()
    current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else None
    if "--check" in argv:
        if current == expected:
            return 0
        print(f"{SCHEMA_PATH} is stale; run: python scripts/generate_schema.py", file=sys.stderr)
        return 1
    if current != expected:
        SCHEMA_PATH.write_text(expected, encoding="utf-8", newline="\n")
        print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
