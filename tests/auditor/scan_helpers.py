"""Write a small project into a directory, scan it, and compare findings as exact rows.

An expected finding is written as one line::

    [PATH:]LINE RULE API PROVIDER [likely|certain] [key=value]...

`API` is `-` for findings without one (imports); confidence defaults to `certain`; the keys
`column`, `cell`, `portability` and `features` (joined by `+`) are checked when given. The
path defaults to `m.py`, the file of single-file cases. One string may hold several
expectations separated by `;`.

Only attribution findings are compared (imports, clients, calls, features): what a call is
tied to. Model ids, env vars, response shapes, exceptions and secrets are found by their own
rules and tested with them, so adding such a rule does not rewrite every table here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vendorlock import Finding, Kind, Report, ScanOptions, scan

Files = Mapping[str, str | bytes]
Row = tuple[str, int, str, str | None, str, str]
"""(path, line, rule, api, provider, confidence): what identifies a finding in a test."""

MAIN = "m.py"
ATTRIBUTION = frozenset({Kind.IMPORT, Kind.CLIENT, Kind.CALL, Kind.FEATURE})
_EXTRA_KEYS = frozenset({"column", "cell", "portability", "features"})


def source(text: str) -> str:
    """A dedented source whose first line follows the opening quotes."""
    return textwrap.dedent(text).lstrip("\n")


def write_files(root: Path, files: Files) -> None:
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(source(content), encoding="utf-8")


def scan_files(root: Path, files: Files, options: ScanOptions | None = None) -> Report:
    write_files(root, files)
    return scan([root], options or ScanOptions())


def row(finding: Finding) -> Row:
    return (
        finding.path,
        finding.line,
        finding.rule,
        finding.api,
        finding.provider,
        finding.confidence.value,
    )


def attributions(report: Report) -> list[Finding]:
    return [finding for finding in report.findings if finding.kind in ATTRIBUTION]


def rows(report: Report) -> list[Row]:
    return sorted(row(finding) for finding in attributions(report))


@dataclass(frozen=True)
class Expected:
    row: Row
    extras: dict[str, str] = field(default_factory=dict)

    def mismatches(self, finding: Finding) -> list[str]:
        actual = {
            "column": str(finding.column),
            "cell": str(finding.cell),
            "portability": finding.portability.value,
            "features": "+".join(finding.features),
        }
        return [
            f"{key}: expected {want!r}, found {actual[key]!r}"
            for key, want in self.extras.items()
            if actual[key] != want
        ]


def expected(spec: str) -> Expected:
    """Parse one expected finding (see the module docstring)."""
    place, rule, api, provider, *rest = spec.split()
    path, _, line = place.rpartition(":")
    confidence = "certain"
    extras: dict[str, str] = {}
    for token in rest:
        key, sep, value = token.partition("=")
        if not sep and token in {"certain", "likely"}:
            confidence = token
        elif sep and key in _EXTRA_KEYS:
            extras[key] = value
        else:
            raise ValueError(f"bad token {token!r} in expectation {spec!r}")
    the_row = (path or MAIN, int(line), rule, None if api == "-" else api, provider, confidence)
    return Expected(the_row, extras)


def expectations(specs: Sequence[str]) -> list[Expected]:
    return [expected(part) for spec in specs for part in spec.split(";") if part.strip()]


def expected_rows(specs: Sequence[str]) -> list[Row]:
    return sorted(item.row for item in expectations(specs))


def extra_mismatches(report: Report, specs: Sequence[str]) -> list[str]:
    """Expectations with extra keys that no finding of their row satisfies, and why."""
    problems = []
    for item in expectations(specs):
        candidates = [finding for finding in attributions(report) if row(finding) == item.row]
        if item.extras and not any(not item.mismatches(f) for f in candidates):
            found = [problem for f in candidates for problem in item.mismatches(f)]
            problems.append(f"{item.row}: {'; '.join(found) or 'no such finding'}")
    return problems
