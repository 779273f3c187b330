"""Rewrite docs/rules.md from the rule metadata.

Usage: python scripts/generate_docs.py [--check]

With --check nothing is written; the exit status is 1 when the file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run from a checkout without installing: the package beside this script wins.
sys.path.insert(0, str(ROOT))

from vendorlock.auditor.rules import all_rules  # noqa: E402
from vendorlock.reports.rules_markdown import render_rules_markdown  # noqa: E402

RULES_DOC = ROOT / "docs" / "rules.md"


def main(argv: list[str]) -> int:
    """Write (or with `--check`, compare) docs/rules.md; return the exit status."""
    expected = render_rules_markdown(all_rules())
    current = RULES_DOC.read_text(encoding="utf-8") if RULES_DOC.exists() else None
    if "--check" in argv:
        if current == expected:
            return 0
        print(f"{RULES_DOC} is stale; run: python scripts/generate_docs.py", file=sys.stderr)
        return 1
    if current != expected:
        RULES_DOC.write_text(expected, encoding="utf-8", newline="\n")
        print(f"wrote {RULES_DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
