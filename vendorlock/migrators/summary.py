"""The text `vendorlock migrate` prints: the diffs, then what was done and what was not."""

from __future__ import annotations

from vendorlock.migrators.apply import Failure, Skip, Success
from vendorlock.migrators.codemod import SiteOutcome
from vendorlock.migrators.ir import Safety
from vendorlock.migrators.migrate import MigrationResult


def render_diff(result: MigrationResult) -> str:
    """Every file's unified diff, in path order."""
    return "".join(item.diff for item in result.files if isinstance(item, Success))


def render_summary(result: MigrationResult, *, unsafe_fixes: bool, written: bool) -> str:
    """What was rewritten, and each site left alone with its reason (file:line, api, reason)."""
    outcomes = [
        (item.path, o) for item in result.files if isinstance(item, Success) for o in item.outcomes
    ]
    applied = [(path, o) for path, o in outcomes if o.applied]
    changed = sum(1 for item in result.files if isinstance(item, Success) and item.diff)
    verb = "rewritten" if written else "to rewrite"
    lines = [
        f"vendorlock migrate --to {result.target}: {len(applied)} call sites {verb} "
        f"in {changed} files"
    ]
    manual = [(p, o) for p, o in outcomes if not o.applied and o.safety is Safety.MANUAL]
    unsafe = [(p, o) for p, o in outcomes if not o.applied and o.safety is Safety.UNSAFE]
    lines += _section("Left for manual work", manual)
    hint = "" if unsafe_fixes else " (--unsafe-fixes applies them; review the diff)"
    lines += _section(f"Unsafe fixes not applied{hint}", unsafe)
    lines += _section(
        "Applied as unsafe fixes (review these)",
        [(p, o) for p, o in applied if o.safety is Safety.UNSAFE],
    )
    problems = [item for item in result.files if isinstance(item, (Failure, Skip))]
    if problems:
        lines += ["", "Files not migrated:"]
        lines += [f"  {item.path}: {_kind(item)}: {item.reason}" for item in problems]
    if not written and changed:
        lines += ["", "Nothing was written; --apply writes the changes."]
    return "\n".join(lines) + "\n"


def _section(title: str, outcomes: list[tuple[str, SiteOutcome]]) -> list[str]:
    if not outcomes:
        return []
    lines = ["", f"{title}:"]
    for path, outcome in outcomes:
        finding = outcome.finding
        # The reasons that decided: a manual site lists why it is manual, not its lesser doubts.
        reasons = "; ".join(i.reason for i in outcome.issues if i.safety is outcome.safety)
        lines.append(f"  {path}:{finding.line}  {finding.api}  {reasons}")
    return lines


def _kind(item: Failure | Skip) -> str:
    return "failed" if isinstance(item, Failure) else "skipped"
