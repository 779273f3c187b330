"""The baseline: the coupling a project has accepted, so `check` fails only on new coupling.

A baseline file records the fingerprint of every active finding (suppressed
ones are left out: the source already says they are accepted), with the rule,
path, line, API and code beside it for the person reading a diff of the file.

Matching a scan against a baseline has two stages:

1. **By fingerprint.** A fingerprint is rule + path + the site's normalized
   code + its occurrence in the file, never the line, so moving code within
   a file, reformatting it or editing comments keeps it.
2. **By move key, for what stage 1 left over.** A fingerprint includes the
   path, so a function moved to another file gets new fingerprints. A new
   finding whose rule, API and code equal those of a baseline entry that has
   disappeared is the same coupling, moved: it does not count as new. Moving
   code does not add coupling, and a gate that fails on a pure move teaches
   people to regenerate the baseline blindly. Whether the coupling moved to an
   allowed place is the gateway gate's question, not this one's.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Final, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from vendorlock._version import __version__
from vendorlock.errors import ConfigError, UsageError
from vendorlock.model import Finding, Report, ToolInfo

__all__ = [
    "BASELINE_SCHEMA_VERSION",
    "Baseline",
    "BaselineEntry",
    "Comparison",
    "build_baseline",
    "compare",
    "read_baseline",
    "render_baseline",
]

BASELINE_SCHEMA_VERSION: Final = "1"

_SPACE = re.compile(r"\s+")
_Key = TypeVar("_Key")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BaselineEntry(_Frozen):
    """One accepted finding: its fingerprint, and what a person needs to recognise it."""

    fingerprint: str
    rule: str
    path: str
    line: int
    api: str | None = None
    code: str = ""

    @property
    def move_key(self) -> tuple[str, str | None, str]:
        return (self.rule, self.api, _SPACE.sub(" ", self.code).strip())


class Baseline(_Frozen):
    """The content of a baseline file."""

    schema_version: Literal["1"] = BASELINE_SCHEMA_VERSION
    tool: ToolInfo
    findings: tuple[BaselineEntry, ...]


@dataclass(frozen=True)
class Comparison:
    """A scan's active findings against a baseline."""

    kept: tuple[tuple[Finding, BaselineEntry], ...]
    """Same fingerprint: the same coupling, wherever it moved within its file."""
    moved: tuple[tuple[Finding, BaselineEntry], ...]
    """Same rule, API and code as an entry that disappeared from another file."""
    new: tuple[Finding, ...]
    fixed: tuple[BaselineEntry, ...]
    """Entries no finding matched: coupling that is gone."""

    def entry_of(self, finding: Finding) -> BaselineEntry | None:
        """The baseline entry a finding matched, by fingerprint or as a move."""
        return self._entries.get(finding.fingerprint)

    @cached_property
    def _entries(self) -> dict[str, BaselineEntry]:
        # A report's fingerprints are unique: the occurrence index tells equal sites apart.
        return {finding.fingerprint: entry for finding, entry in (*self.kept, *self.moved)}


def build_baseline(report: Report) -> Baseline:
    """The baseline of a report: its active findings in path and line order."""
    entries = [_entry(finding) for finding in report.findings if not finding.suppressed]
    entries.sort(key=lambda entry: (entry.path, entry.line, entry.rule, entry.fingerprint))
    return Baseline(tool=ToolInfo(version=__version__), findings=tuple(entries))


def _entry(finding: Finding) -> BaselineEntry:
    return BaselineEntry(
        fingerprint=finding.fingerprint,
        rule=finding.rule,
        path=finding.path,
        line=finding.line,
        api=finding.api,
        code=finding.code,
    )


def render_baseline(baseline: Baseline) -> str:
    """The file's text: indented JSON, one key per line, so diffs of it read well."""
    return json.dumps(baseline.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def read_baseline(path: Path) -> Baseline:
    """Read and validate a baseline file; every problem is one error naming the file."""
    data = _json(path)
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version != BASELINE_SCHEMA_VERSION:
        raise ConfigError(
            f"baseline file '{path}' has schema_version {version!r}; this vendorlock reads "
            f"{BASELINE_SCHEMA_VERSION!r} (re-create it with 'vendorlock baseline')"
        )
    try:
        return Baseline.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"baseline file '{path}' is invalid: {where}: {first['msg']}") from None


def _json(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(
            f"baseline file '{path}' does not exist (create it with 'vendorlock baseline')"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read baseline file '{path}': {error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(f"baseline file '{path}' is not JSON: {error}") from None


def compare(findings: Iterable[Finding], baseline: Baseline) -> Comparison:
    """Match active findings to the baseline: by fingerprint, then leftovers by move key."""
    active = [finding for finding in findings if not finding.suppressed]
    by_fingerprint = _grouped(baseline.findings, lambda entry: entry.fingerprint)
    kept, rest = _take(active, by_fingerprint, lambda finding: finding.fingerprint)
    left = [entry for entries in by_fingerprint.values() for entry in entries]
    by_move = _grouped(sorted(left, key=_entry_order), lambda entry: entry.move_key)
    moved, new = _take(rest, by_move, _move_key)
    fixed = sorted((entry for entries in by_move.values() for entry in entries), key=_entry_order)
    return Comparison(tuple(kept), tuple(moved), tuple(new), tuple(fixed))


def _grouped(
    entries: Iterable[BaselineEntry], key: Callable[[BaselineEntry], _Key]
) -> dict[_Key, list[BaselineEntry]]:
    groups: dict[_Key, list[BaselineEntry]] = defaultdict(list)
    for entry in entries:
        groups[key(entry)].append(entry)
    return groups


def _take(
    findings: Sequence[Finding],
    pool: dict[_Key, list[BaselineEntry]],
    key: Callable[[Finding], _Key],
) -> tuple[list[tuple[Finding, BaselineEntry]], list[Finding]]:
    """Pair each finding with the first entry of its key left in `pool` (removing it)."""
    matched: list[tuple[Finding, BaselineEntry]] = []
    unmatched: list[Finding] = []
    for finding in findings:
        entries = pool.get(key(finding))
        if entries:
            matched.append((finding, entries.pop(0)))
        else:
            unmatched.append(finding)
    return matched, unmatched


def _move_key(finding: Finding) -> tuple[str, str | None, str]:
    return (finding.rule, finding.api, _SPACE.sub(" ", finding.code).strip())


def _entry_order(entry: BaselineEntry) -> tuple[str, int, str]:
    return (entry.path, entry.line, entry.fingerprint)
