"""In-source suppressions: which directive silences which finding, and nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorlock import scan
from vendorlock.auditor.suppress import Suppressions

CODE = "from openai import OpenAI\n\nclient = OpenAI(){same}\n"


@pytest.mark.parametrize(
    ("lines", "rule", "line", "silenced"),
    [
        pytest.param(
            ["x = 1  # vendorlock: ignore[vendor-call]"],
            "vendor-call",
            1,
            True,
            id="same line, named rule",
        ),
        pytest.param(
            ["x = 1  # vendorlock: ignore[vendor-call]"],
            "vendor-client",
            1,
            False,
            id="same line, other rule",
        ),
        pytest.param(
            ["x = 1  # vendorlock: ignore"],
            "vendor-client",
            1,
            True,
            id="bare ignore silences every rule",
        ),
        pytest.param(
            ["# vendorlock: ignore[a-b, vendor-call]", "x = 1"],
            "vendor-call",
            2,
            True,
            id="comment line before, list with spaces",
        ),
        pytest.param(
            ["y = 2  # vendorlock: ignore[vendor-call]", "x = 1"],
            "vendor-call",
            2,
            False,
            id="a trailing directive on the line before is that line's",
        ),
        pytest.param(
            ["x = 1", "# vendorlock: ignore-file"],
            "vendor-secret",
            1,
            True,
            id="ignore-file anywhere",
        ),
        pytest.param(
            ["x = 1  # vendorlock ignore[vendor-call]"],
            "vendor-call",
            1,
            False,
            id="no colon is not a directive",
        ),
    ],
)
def test_directives(lines: list[str], rule: str, line: int, silenced: bool) -> None:
    assert Suppressions(lines).silences(rule, line) is silenced


def test_suppressed_findings_are_listed_marked_and_not_counted(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        CODE.format(same="  # vendorlock: ignore[vendor-client]"), encoding="utf-8"
    )

    report = scan([tmp_path])

    assert [(f.rule, f.line, f.suppressed) for f in report.findings] == [
        ("vendor-import", 1, False),
        ("vendor-client", 3, True),
    ]
    assert (report.summary.findings, report.summary.suppressed) == (1, 1)
    assert report.summary.by_kind == {"import": 1}
