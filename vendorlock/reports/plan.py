"""The migration plan of `vendorlock plan`: phases, a per-module checklist, effort, risks.

Built from the report (findings, score, the gateway's containment), the rules'
metadata (each feature's neutral alternative), the module dependencies and
the migrators' verdict on each call site, so the plan says exactly what
`vendorlock migrate` will and will not do. Nothing is re-derived: a call site
is auto, assisted or manual because the migrator says so; every other
finding keeps the portability the auditor gave it.

Phases, in order: 0 put a gateway in front of scattered calls; 1 automatic
rewrites; 2 assisted rewrites; 3 manual work (call sites without a rewrite,
proprietary features); 4 the remaining coupling (imports, model ids, ...).
"""

from __future__ import annotations

import posixpath
import shlex
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from vendorlock.auditor.gateway import in_gateway
from vendorlock.model import Finding, Kind, Portability, Report
from vendorlock.reports.plan_effort import estimate, risks, work_of
from vendorlock.reports.plan_model import (
    GatewayModule,
    GatewayPhase,
    ModuleDependencies,
    Plan,
    PlanInputs,
    PlanSite,
    RewritePhase,
    RuleItem,
)
from vendorlock.reports.plan_modules import checklist, module_of
from vendorlock.reports.terminal import format_location, plural

__all__ = ["build_plan", "render_plan_json", "site_portability"]

GATEWAY_FILE = "llm_gateway.py"
_PHASED_KINDS = (Kind.CALL, Kind.FEATURE)


def build_plan(inputs: PlanInputs) -> Plan:
    """The plan for moving the report's project onto `inputs.target`."""
    report = inputs.report
    active = [finding for finding in report.findings if not finding.suppressed]
    levels = {f.fingerprint: site_portability(f, inputs) for f in active}
    calls = [f for f in active if f.kind is Kind.CALL]
    gateway = _gateway_phase(report, calls, inputs.dependencies)
    features = _features(active, inputs)
    return Plan(
        tool=report.tool,
        root=report.root,
        target=inputs.target,
        score=report.score.total if report.score else None,
        grade=report.score.grade if report.score else None,
        findings=len(active),
        gateway=gateway,
        auto=_rewrites(inputs, calls, levels, Portability.AUTO),
        assisted=_rewrites(inputs, calls, levels, Portability.ASSISTED),
        manual=_rewrites(inputs, calls, levels, Portability.MANUAL),
        features=features,
        remaining=_remaining(active, inputs),
        modules=checklist(active, levels, inputs.dependencies, report.score),
        effort=estimate(
            ((work_of(f), levels[f.fingerprint]) for f in active),
            (feature.portability for feature in features),
            len(gateway.modules) if gateway.needed else 0,
        ),
        risks=risks(active),
    )


def render_plan_json(plan: Plan) -> str:
    """The plan as indented JSON with a trailing newline."""
    return plan.model_dump_json(indent=2) + "\n"


def site_portability(finding: Finding, inputs: PlanInputs) -> Portability:
    """The migrator's verdict for a call site it judged; the auditor's otherwise."""
    verdict = inputs.verdicts.get(finding.fingerprint)
    return verdict.portability if verdict is not None else finding.portability


def _gateway_phase(
    report: Report, calls: Sequence[Finding], dependencies: ModuleDependencies
) -> GatewayPhase:
    configured = report.score.containment.gateway if report.score else ()
    outside = [f for f in calls if not (configured and in_gateway(f.path, configured))]
    modules = _gateway_modules(outside, dependencies)
    if configured:
        return _configured_gateway(configured, modules)
    return _suggested_gateway(modules)


def _configured_gateway(globs: tuple[str, ...], outside: tuple[GatewayModule, ...]) -> GatewayPhase:
    """Phase 0 with `gateway` configured: move what sits outside it."""
    where = ", ".join(globs)
    if not outside:
        reason = f"Every direct vendor call is already inside the gateway ({where})."
        return GatewayPhase(needed=False, reason=reason, gateway=globs, modules=())
    count = plural(len(outside), "module")
    reason = f"Direct vendor calls sit in {count} outside the gateway ({where})."
    return GatewayPhase(needed=True, reason=reason, gateway=globs, modules=outside)


def _suggested_gateway(modules: tuple[GatewayModule, ...]) -> GatewayPhase:
    """Phase 0 without a gateway: one is needed only when calls sit in several modules."""
    if len(modules) <= 1:
        where = f"one module ({modules[0].module})" if modules else "no module"
        reason = f"Direct vendor calls sit in {where}; there is nothing to gather."
        return GatewayPhase(
            needed=False, reason=reason, gateway=tuple(m.path for m in modules), modules=()
        )
    suggested = posixpath.join(_common_directory(m.path for m in modules), GATEWAY_FILE)
    reason = f"Direct vendor calls are scattered over {len(modules)} modules."
    return GatewayPhase(needed=True, reason=reason, gateway=(suggested,), modules=modules)


def _gateway_modules(
    calls: Iterable[Finding], dependencies: ModuleDependencies
) -> tuple[GatewayModule, ...]:
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in calls:
        by_path[finding.path].append(finding)
    modules = [
        GatewayModule(
            module=module_of(found[0], dependencies),
            path=path,
            direct_calls=len(found),
            sdks=tuple(sorted({f.sdk for f in found})),
        )
        for path, found in by_path.items()
    ]
    # The modules with the most calls first: moving them gathers the most coupling.
    return tuple(sorted(modules, key=lambda m: (-m.direct_calls, m.module)))


def _common_directory(paths: Iterable[str]) -> str:
    directories = [posixpath.dirname(path) for path in paths]
    return posixpath.commonpath(directories) if all(directories) else ""


def _rewrites(
    inputs: PlanInputs,
    calls: Sequence[Finding],
    levels: Mapping[str, Portability],
    level: Portability,
) -> RewritePhase:
    sites = tuple(
        _site(finding, inputs) for finding in calls if levels[finding.fingerprint] is level
    )
    return RewritePhase(commands=_commands(inputs, level) if sites else (), sites=sites)


def _commands(inputs: PlanInputs, level: Portability) -> tuple[str, ...]:
    base = f"vendorlock migrate {shlex.quote(inputs.path)} --to {shlex.quote(inputs.target)}"
    if level is Portability.AUTO:
        return (f"{base} --apply",)
    if level is Portability.ASSISTED:
        # The first prints the diff to review; the second writes it.
        return (f"{base} --unsafe-fixes", f"{base} --unsafe-fixes --apply")
    return ()


def _site(finding: Finding, inputs: PlanInputs) -> PlanSite:
    verdict = inputs.verdicts.get(finding.fingerprint)
    return PlanSite(
        location=format_location(finding),
        module=module_of(finding, inputs.dependencies),
        rule=finding.rule,
        api=finding.api,
        reasons=verdict.reasons if verdict is not None else (),
    )


def _features(findings: Sequence[Finding], inputs: PlanInputs) -> tuple[RuleItem, ...]:
    items = _rule_items((f for f in findings if f.kind is Kind.FEATURE), inputs)
    # The hardest first: manual features decide whether a move is possible at all.
    return tuple(sorted(items, key=lambda item: (-item.portability.rank, item.rule)))


def _remaining(findings: Sequence[Finding], inputs: PlanInputs) -> tuple[RuleItem, ...]:
    items = _rule_items((f for f in findings if f.kind not in _PHASED_KINDS), inputs)
    return tuple(sorted(items, key=lambda item: item.rule))


def _rule_items(findings: Iterable[Finding], inputs: PlanInputs) -> list[RuleItem]:
    items = []
    for rule_id, found in _by_rule(findings).items():
        rule = inputs.rules.get(rule_id)
        items.append(
            RuleItem(
                rule=rule_id,
                title=rule.title if rule else rule_id,
                portability=max((f.portability for f in found), key=lambda p: p.rank),
                sites=tuple(format_location(f) for f in found),
                alternative=rule.alternative if rule else "",
                why=rule.why if rule else "",
            )
        )
    return items


def _by_rule(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.rule].append(finding)
    return grouped
