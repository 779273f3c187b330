"""The migration plan from hand-built reports: phases, checklist order, effort, risks, Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
from plan_check_factories import finding, report

from vendorlock.model import Finding, Kind, Portability, RuleExamples, RuleInfo, Severity
from vendorlock.reports.plan import build_plan, render_plan_json
from vendorlock.reports.plan_effort import effort_model_markdown
from vendorlock.reports.plan_markdown import render_plan_markdown
from vendorlock.reports.plan_model import (
    EffortLine,
    ModuleDependencies,
    Plan,
    PlanInputs,
    PlanSite,
    SiteVerdict,
)

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "plan.md"
SMALL_PLAN = REPO / "fixtures" / "reports" / "plan_small.md"
CREATE = "openai:chat.completions.create"


def _rule(rule_id: str, kind: Kind = Kind.FEATURE) -> RuleInfo:
    return RuleInfo(
        id=rule_id,
        kind=kind,
        title=f"Title of {rule_id}",
        summary="What it finds.",
        why=f"Why `{rule_id}` locks you in.",
        alternative=f"Use `neutral` instead of {rule_id}; the rest is lost.",
        fix_safety="None.",
        severity=Severity.ERROR,
        examples=RuleExamples(invalid=("x\n",)),
    )


RULES = {
    rule.id: rule
    for rule in (
        _rule("vendor-call", Kind.CALL),
        _rule("vendor-import", Kind.IMPORT),
        _rule("vendor-model-id", Kind.MODEL),
        _rule("openai-assistants"),
        _rule("openai-json-schema"),
    )
}


def _plan(
    findings: list[Finding],
    *,
    verdicts: dict[str, SiteVerdict] | None = None,
    depends_on: dict[str, frozenset[str]] | None = None,
    gateway: tuple[str, ...] = (),
) -> Plan:
    modules = {f.path: f.path.removesuffix(".py").replace("/", ".") for f in findings}
    inputs = PlanInputs(
        report=report(findings, total=40.0 if gateway else None, gateway=gateway),
        rules=RULES,
        target="litellm",
        path="src dir",
        dependencies=ModuleDependencies(modules, depends_on or {}),
        verdicts=verdicts or {},
    )
    return build_plan(inputs)


def test_call_sites_take_the_migrators_verdict_with_its_reasons() -> None:
    safe = finding("vendor-call", "app/llm.py", 3, api=CREATE)
    judged = finding("vendor-call", "app/llm.py", 9, api=CREATE)
    verdict = SiteVerdict(Portability.ASSISTED, ("`seed=` is not portable",))

    plan = _plan([safe, judged], verdicts={judged.fingerprint: verdict})

    assert plan.auto.sites == (
        PlanSite(
            location="app/llm.py:3:1", module="app.llm", rule="vendor-call", api=CREATE, reasons=()
        ),
    )
    assert plan.auto.commands == ("vendorlock migrate 'src dir' --to litellm --apply",)
    assert plan.assisted.sites == (
        PlanSite(
            location="app/llm.py:9:1",
            module="app.llm",
            rule="vendor-call",
            api=CREATE,
            reasons=("`seed=` is not portable",),
        ),
    )
    assert plan.assisted.commands == (
        "vendorlock migrate 'src dir' --to litellm --unsafe-fixes",
        "vendorlock migrate 'src dir' --to litellm --unsafe-fixes --apply",
    )
    assert (plan.manual.sites, plan.manual.commands) == ((), ())


def test_suppressed_findings_are_not_planned() -> None:
    kept = finding("vendor-call", "app/llm.py", 3, api=CREATE)
    silenced = finding("vendor-call", "app/llm.py", 7, api=CREATE, suppressed=True)

    plan = _plan([kept, silenced])

    assert plan.findings == 1
    assert [site.location for site in plan.auto.sites] == ["app/llm.py:3:1"]


def test_features_come_manual_first_with_their_alternative() -> None:
    plan = _plan(
        [
            finding("openai-json-schema", "app/a.py", 4, portability=Portability.ASSISTED),
            finding("openai-assistants", "app/b.py", 2, portability=Portability.MANUAL),
            finding("openai-assistants", "app/b.py", 8, portability=Portability.MANUAL),
        ]
    )

    assert [(f.rule, f.portability, f.sites) for f in plan.features] == [
        ("openai-assistants", Portability.MANUAL, ("app/b.py:2:1", "app/b.py:8:1")),
        ("openai-json-schema", Portability.ASSISTED, ("app/a.py:4:1",)),
    ]
    assert plan.features[0].alternative == (
        "Use `neutral` instead of openai-assistants; the rest is lost."
    )


@pytest.mark.parametrize(
    ("paths", "gateway", "needed", "reason", "globs", "modules"),
    [
        pytest.param((), (), False, "Direct vendor calls sit in no module; there is nothing "
                     "to gather.", (), (), id="no-calls"),
        pytest.param(("app/llm.py", "app/llm.py"), (), False, "Direct vendor calls sit in one "
                     "module (app.llm); there is nothing to gather.", ("app/llm.py",), (),
                     id="one-module"),
        pytest.param(("app/a/x.py", "app/b.py", "app/b.py"), (), True, "Direct vendor calls are "
                     "scattered over 2 modules.", ("app/llm_gateway.py",), ("app.b", "app.a.x"),
                     id="scattered"),
        pytest.param(("llm.py", "app/b.py"), (), True, "Direct vendor calls are scattered over "
                     "2 modules.", ("llm_gateway.py",), ("app.b", "llm"), id="scattered-at-top"),
        pytest.param(("app/llm/core.py", "app/web.py"), ("app/llm/**",), True, "Direct vendor "
                     "calls sit in 1 module outside the gateway (app/llm/**).", ("app/llm/**",),
                     ("app.web",), id="configured-with-calls-outside"),
        pytest.param(("app/llm/core.py",), ("app/llm/**",), False, "Every direct vendor call is "
                     "already inside the gateway (app/llm/**).", ("app/llm/**",), (),
                     id="configured-and-contained"),
    ],
)  # fmt: skip
def test_phase_0_gathers_scattered_calls_behind_one_gateway(
    paths: tuple[str, ...],
    gateway: tuple[str, ...],
    needed: bool,
    reason: str,
    globs: tuple[str, ...],
    modules: tuple[str, ...],
) -> None:
    calls = [finding("vendor-call", path, i + 1, api=CREATE) for i, path in enumerate(paths)]

    phase = _plan(calls, gateway=gateway).gateway

    assert (phase.needed, phase.reason, phase.gateway) == (needed, reason, globs)
    assert tuple(module.module for module in phase.modules) == modules


def test_the_checklist_puts_what_others_depend_on_first() -> None:
    # web -> service -> (helpers, no findings) -> llm; a <-> b is a cycle that z depends on.
    findings = [
        finding("vendor-call", path, 1, api=CREATE)
        for path in ("web.py", "service.py", "llm.py", "a.py", "b.py", "z.py")
    ]
    depends_on = {
        "web": frozenset({"service"}),
        "service": frozenset({"helpers"}),
        "helpers": frozenset({"llm"}),
        "a": frozenset({"b"}),
        "b": frozenset({"a"}),
        "z": frozenset({"a"}),
    }

    modules = _plan(findings, depends_on=depends_on).modules

    # What waits on nothing goes first; the cycle waits on itself, so it starts later,
    # with the name first in order, and what depends on the cycle follows it.
    assert [(m.module, m.depends_on, m.used_by) for m in modules] == [
        ("llm", (), ("helpers",)),
        ("service", ("llm",), ("web",)),
        ("web", ("llm", "service"), ()),
        ("a", ("b",), ("b", "z")),
        ("b", ("a",), ("a",)),
        ("z", ("a", "b"), ()),
    ]


def test_module_counts_use_the_same_portability_as_the_phases() -> None:
    call = finding("vendor-call", "app.py", 1, api=CREATE)
    plan = _plan(
        [
            call,
            finding("vendor-import", "app.py", 2),
            finding("openai-assistants", "app.py", 3, portability=Portability.MANUAL),
        ],
        verdicts={call.fingerprint: SiteVerdict(Portability.MANUAL, ("no route",))},
    )

    (item,) = plan.modules
    assert (item.auto, item.assisted, item.manual, item.features) == (
        1,
        0,
        2,
        ("openai-assistants",),
    )


def test_effort_counts_minutes_per_site_per_feature_and_for_the_gateway() -> None:
    plan = _plan(
        [
            finding("vendor-call", "a.py", 1, api=CREATE),
            finding("vendor-call", "b.py", 1, api=CREATE, portability=Portability.MANUAL),
            finding("vendor-import", "b.py", 2),
            finding("vendor-model-id", "b.py", 3, portability=Portability.ASSISTED),
            finding("openai-assistants", "b.py", 4, portability=Portability.MANUAL),
            finding("openai-assistants", "b.py", 5, portability=Portability.MANUAL),
        ]
    )

    assert plan.effort.lines == (
        EffortLine(work="call site (auto)", count=1, minutes_each=5, minutes=5),
        EffortLine(work="call site (manual)", count=1, minutes_each=60, minutes=60),
        EffortLine(work="feature site (manual)", count=2, minutes_each=60, minutes=120),
        EffortLine(work="import or client (auto)", count=1, minutes_each=2, minutes=2),
        EffortLine(work="other coupling (assisted)", count=1, minutes_each=15, minutes=15),
        EffortLine(work="proprietary feature (manual)", count=1, minutes_each=240, minutes=240),
        EffortLine(work="gateway module", count=1, minutes_each=60, minutes=60),
        EffortLine(work="module moved behind the gateway", count=2, minutes_each=30, minutes=60),
    )
    assert (plan.effort.minutes, plan.effort.hours) == (562, 9.4)


def test_risks_are_named_from_rules_features_apis_and_model_ids() -> None:
    plan = _plan(
        [
            finding("vendor-call", "a.py", 1, api=CREATE, features=("anthropic-thinking",)),
            finding("openai-json-schema", "a.py", 2),
            finding("vendor-call", "b.py", 3, api="openai:embeddings.create"),
            finding("vendor-model-id", "c.py", 4, code='MODEL = "ft:gpt-4o:acme::x1"'),
            finding("openai-assistants", "d.py", 5),
            finding("vendor-import", "e.py", 6),
        ]
    )

    assert [(risk.id, risk.sites) for risk in plan.risks] == [
        ("thinking", ("a.py:1:1",)),
        ("structured-output", ("a.py:2:1",)),
        ("embeddings", ("b.py:3:1",)),
        ("fine-tuned", ("c.py:4:1",)),
        ("server-state", ("d.py:5:1",)),
    ]


def test_the_json_plan_round_trips() -> None:
    plan = _plan([finding("vendor-call", "a.py", 1, api=CREATE)])

    assert Plan.model_validate_json(render_plan_json(plan)) == plan


def test_the_markdown_plan_of_a_small_project() -> None:
    call = finding("vendor-call", "app/a|b.py", 1, api=CREATE)
    plan = _plan(
        [
            call,
            finding("vendor-import", "app/a|b.py", 2),
            finding("openai-assistants", "app/<x>.py", 3, portability=Portability.MANUAL),
        ],
        verdicts={call.fingerprint: SiteVerdict(Portability.ASSISTED, ("`seed=` differs",))},
    )

    assert render_plan_markdown(plan) == SMALL_PLAN.read_text(encoding="utf-8")


def test_docs_show_the_effort_model_the_code_uses() -> None:
    assert effort_model_markdown() in DOCS.read_text(encoding="utf-8"), (
        "docs/plan.md is stale: paste vendorlock.reports.plan_effort.effort_model_markdown()"
    )
