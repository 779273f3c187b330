"""Every fixture program migrates to exactly its expected twin, and a second run changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from migration_cases import (
    CASES_DIR,
    TARGETS,
    case_names,
    lay_out,
    run_migration,
    support_files,
)

from vendorlock.migrators.apply import Success

PAIRS = [
    pytest.param(case, target, id=f"{case}-{target}")
    for case in case_names()
    for target in TARGETS
    if (CASES_DIR / case / f"after.{target}.py").is_file()
]


@pytest.mark.parametrize(("case", "target"), PAIRS)
def test_migrates_to_expected(case: str, target: str, tmp_path: Path) -> None:
    program = lay_out(case, tmp_path, "before.py")
    run_migration(tmp_path, target)
    assert program.read_text() == (CASES_DIR / case / f"after.{target}.py").read_text()
    for support in support_files(case):
        assert (tmp_path / support.name).read_bytes() == support.read_bytes()


@pytest.mark.parametrize(("case", "target"), PAIRS)
def test_second_run_is_a_no_op(case: str, target: str, tmp_path: Path) -> None:
    program = lay_out(case, tmp_path, "before.py")
    run_migration(tmp_path, target)
    first = program.stat().st_mtime_ns, program.read_bytes()
    result = run_migration(tmp_path, target)
    assert (program.stat().st_mtime_ns, program.read_bytes()) == first
    assert all(isinstance(item, Success) and not item.diff for item in result.files)
