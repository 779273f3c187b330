"""The migration fixtures: `fixtures/migrations/<case>/before.py` and its expected twins.

A case directory holds `before.py`, `after.<target>.py` for each target, maybe
`reference.py` (what `before.py` does, runnable where its SDK is not, e.g. v0)
and support modules that the migration must leave as they are.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from vendorlock.auditor.engine import scan
from vendorlock.config import ScanOptions
from vendorlock.migrators import MigrateOptions, MigrationResult, migrate

CASES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "migrations"
TARGETS = ("litellm", "any-llm")
PROGRAM = "program.py"


def case_names() -> list[str]:
    return sorted(path.name for path in CASES_DIR.iterdir() if (path / "before.py").is_file())


def support_files(case: str) -> list[Path]:
    """Modules of the case that are not the program or an expectation."""
    return sorted(
        path
        for path in (CASES_DIR / case).glob("*.py")
        if path.name != "before.py"
        and not path.name.startswith("after.")
        and path.name != "reference.py"
    )


def lay_out(case: str, dest: Path, program: str) -> Path:
    """Copy the case's `program` file as `program.py` beside its support modules."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in support_files(case):
        shutil.copyfile(path, dest / path.name)
    shutil.copyfile(CASES_DIR / case / program, dest / PROGRAM)
    return dest / PROGRAM


def run_migration(
    root: Path, target: str, *, write: bool = True, unsafe: bool = False
) -> MigrationResult:
    """Scan `root` and migrate it, as `vendorlock migrate root --to target --apply` does."""
    report = scan([root], ScanOptions())
    return migrate(report, MigrateOptions(target=target, write=write, unsafe_fixes=unsafe))


def regenerate(target: str) -> None:
    """Rewrite every `after.<target>.py` from the current codemods (review the git diff!)."""
    import tempfile

    for case in case_names():
        with tempfile.TemporaryDirectory() as tmp:
            program = lay_out(case, Path(tmp), "before.py")
            run_migration(Path(tmp), target)
            (CASES_DIR / case / f"after.{target}.py").write_text(program.read_text())


if __name__ == "__main__":  # python tests/migrators/migration_cases.py litellm any-llm
    import sys

    for name in sys.argv[1:]:
        regenerate(name)
