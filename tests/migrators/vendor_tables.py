"""Shared checks for the before/after and no-op tables of the Gemini, Bedrock, Mistral, Cohere
and Ollama codemods (the same contract as `test_migration_codemods.py`)."""

from __future__ import annotations

from pathlib import Path

from migration_cases import run_migration

from vendorlock.migrators.apply import Success
from vendorlock.migrators.codemod import SiteOutcome
from vendorlock.migrators.ir import Safety

# Sites reported alongside the one a row is about (`genai.configure(...)` stays as it is).
BYSTANDERS = frozenset({"google-generativeai:configure"})


def migrate_source(
    tmp_path: Path, source: str, target: str, unsafe: bool
) -> tuple[str, list[SiteOutcome]]:
    """`source` as `mod.py`, migrated in place; the new text and the outcome of each site."""
    module = tmp_path / "mod.py"
    module.write_text(source)
    result = run_migration(tmp_path, target, unsafe=unsafe)
    assert all(isinstance(item, Success) for item in result.files)
    outcomes = [o for item in result.files if isinstance(item, Success) for o in item.outcomes]
    return module.read_text(), outcomes


def check_rewrite(tmp_path: Path, before: str, after: str, target: str, unsafe: bool) -> None:
    output, outcomes = migrate_source(tmp_path, before, target, unsafe)
    assert output == after
    assert any(outcome.applied for outcome in outcomes)


def check_no_op(
    tmp_path: Path, source: str, target: str, unsafe: bool, safety: Safety, reasons: list[str]
) -> None:
    output, outcomes = migrate_source(tmp_path, source, target, unsafe)
    assert output == source
    (outcome,) = [o for o in outcomes if o.finding.api not in BYSTANDERS]
    assert not outcome.applied
    assert outcome.safety is safety
    assert [issue.reason for issue in outcome.issues if issue.safety is safety] == reasons
