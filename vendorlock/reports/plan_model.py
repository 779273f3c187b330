"""What the migration plan reads (plain inputs) and what it is (the JSON contract).

The plan takes plain data, never the exposure graph or the migrators'
objects: the CLI turns the scan's module structure into `ModuleDependencies`
and the migrators' dry run into one `SiteVerdict` per call site, so reports
stay independent of the scanner and of the codemods (the import contract).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from vendorlock.model import Grade, Portability, Report, RuleInfo, ToolInfo

__all__ = [
    "PLAN_SCHEMA_VERSION",
    "EffortEstimate",
    "EffortLine",
    "GatewayModule",
    "GatewayPhase",
    "ModuleDependencies",
    "ModuleItem",
    "Plan",
    "PlanInputs",
    "PlanSite",
    "RewritePhase",
    "Risk",
    "RuleItem",
    "SiteVerdict",
]

PLAN_SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class ModuleDependencies:
    """The project's modules and which project modules each one depends on."""

    module_of_path: Mapping[str, str] = field(default_factory=dict)
    """Scanned file (POSIX, relative to the root) -> dotted module name."""
    depends_on: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Module -> the project modules it imports or calls into."""


@dataclass(frozen=True)
class SiteVerdict:
    """What `vendorlock migrate` would do with one call site, and why."""

    portability: Portability
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanInputs:
    """Everything the plan is built from."""

    report: Report
    rules: Mapping[str, RuleInfo]
    target: str
    path: str
    """The scan path as the user typed it, for the commands the plan prints."""
    dependencies: ModuleDependencies = ModuleDependencies()
    verdicts: Mapping[str, SiteVerdict] = field(default_factory=dict)
    """Finding fingerprint -> the migrator's verdict, for call sites."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlanSite(_Frozen):
    """One site the plan asks someone to act on."""

    location: str = Field(description="`path:line:col`, or `path:cell N:line`.")
    module: str
    rule: str
    api: str | None
    reasons: tuple[str, ...] = Field(description="Why it is not a safe rewrite.")


class GatewayModule(_Frozen):
    """A module whose direct vendor calls should move behind the gateway."""

    module: str
    path: str
    direct_calls: int
    sdks: tuple[str, ...]


class GatewayPhase(_Frozen):
    """Phase 0: put one module in front of the vendors where calls are scattered."""

    needed: bool
    reason: str
    gateway: tuple[str, ...] = Field(description="The gateway's globs, configured or suggested.")
    modules: tuple[GatewayModule, ...]


class RewritePhase(_Frozen):
    """Call sites `vendorlock migrate` rewrites (auto, assisted) or leaves (manual)."""

    commands: tuple[str, ...]
    sites: tuple[PlanSite, ...]


class RuleItem(_Frozen):
    """A rule in use: where, and the suggested neutral alternative."""

    rule: str
    title: str
    portability: Portability = Field(description="The hardest of its sites.")
    sites: tuple[str, ...] = Field(description="Locations, in source order.")
    alternative: str = Field(description="The portable alternative, and what is lost.")
    why: str = Field(description="Why it locks the code in.")


class ModuleItem(_Frozen):
    """One line of the per-module checklist."""

    module: str
    path: str
    score: float | None
    auto: int
    assisted: int
    manual: int
    features: tuple[str, ...]
    depends_on: tuple[str, ...] = Field(description="Modules of the checklist it depends on.")
    used_by: tuple[str, ...] = Field(description="Project modules that depend on it.")


class EffortLine(_Frozen):
    """One kind of work, how many, and what it costs by `docs/plan.md`'s model."""

    work: str
    count: int
    minutes_each: int
    minutes: int


class EffortEstimate(_Frozen):
    """The plan's effort, line by line."""

    lines: tuple[EffortLine, ...]
    minutes: int
    hours: float


class Risk(_Frozen):
    """Something a rewrite cannot settle and a person must plan for."""

    id: str
    title: str
    detail: str
    sites: tuple[str, ...]


class Plan(_Frozen):
    """The migration plan of `vendorlock plan`: the JSON contract."""

    schema_version: str = PLAN_SCHEMA_VERSION
    tool: ToolInfo
    root: str
    target: str
    score: float | None
    grade: Grade | None
    findings: int
    gateway: GatewayPhase
    auto: RewritePhase
    assisted: RewritePhase
    manual: RewritePhase
    features: tuple[RuleItem, ...] = Field(description="Proprietary features, manual first.")
    remaining: tuple[RuleItem, ...] = Field(
        description="Coupling that is neither a call nor a feature: imports, model ids, ..."
    )
    modules: tuple[ModuleItem, ...] = Field(description="What others depend on comes first.")
    effort: EffortEstimate
    risks: tuple[Risk, ...]
