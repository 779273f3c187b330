"""In-source suppressions: one regex, applied in one place.

`# vendorlock: ignore[RULE, ...]` on a finding's line, or alone on the line
before it, silences those rules there (`# vendorlock: ignore` silences every
rule); `# vendorlock: ignore-file` anywhere silences the whole file. A
suppressed finding stays in the report, marked, so nothing is lost silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_DIRECTIVE = re.compile(
    r"#\s*vendorlock:\s*ignore(?P<file>-file)?(?:\[(?P<rules>[^\]]*)\])?", re.IGNORECASE
)


class Suppressions:
    """The suppression directives of one file's lines."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self.whole_file = any(
            found is not None and found.group("file")
            for found in (_DIRECTIVE.search(line) for line in lines if "vendorlock" in line)
        )

    def silences(self, rule: str, line: int) -> bool:
        """Is `rule` silenced at 1-based `line`?"""
        if self.whole_file:
            return True
        if self._directive_allows(line, rule, own_line=True):
            return True
        return self._directive_allows(line - 1, rule, own_line=False)

    def _directive_allows(self, line: int, rule: str, *, own_line: bool) -> bool:
        if not 1 <= line <= len(self.lines):
            return False
        text = self.lines[line - 1]
        found = _DIRECTIVE.search(text) if "vendorlock" in text else None
        if found is None or found.group("file"):
            return False
        # A directive on the line before counts only when that line is just a comment.
        if not own_line and not text.lstrip().startswith("#"):
            return False
        rules = found.group("rules")
        if rules is None:
            return True
        return rule in {name.strip() for name in rules.split(",")}
