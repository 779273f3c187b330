"""The migration plan as Markdown: for a tracking issue, a PR description or a wiki page.

Every phase is always present, with a sentence when it has nothing to do, so
plans of two versions of a project can be diffed section by section. Values
from the scanned code go through `_md` or `_code`, escaped as in the Markdown
report, so a `|` cannot break a table and a tag stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from vendorlock.reports.plan_model import Plan, PlanSite, RewritePhase, RuleItem
from vendorlock.reports.terminal import plural

__all__ = ["SITES_PER_RULE", "render_plan_markdown"]

SITES_PER_RULE = 3
"""Locations shown per feature or rule; the JSON plan lists them all."""


# As in the Markdown report: backslash escapes for Markdown's inline syntax
# (`|` too, which splits table cells), entities for `<`, `>` and `&`.
_ESCAPES = {char: "\\" + char for char in "\\`*_~[]|"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _md(value: str) -> str:
    """User content as inert Markdown text, on one line."""
    return "".join(_ESCAPES.get(char, char) for char in _CONTROL.sub(" ", value))


def _code(value: str) -> str:
    return f"<code>{_md(value)}</code>"


def _prose(value: str) -> str:
    """Text whose `quoted` parts become code: rule metadata and migrator reasons."""
    parts = value.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code spans at all
        return _md(value)
    return "".join(_code(part) if i % 2 else _md(part) for i, part in enumerate(parts) if part)


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]


def _commands(commands: Sequence[str]) -> list[str]:
    return ["```sh", *commands, "```"]


def _locations(sites: Sequence[str]) -> str:
    shown = ", ".join(_code(site) for site in sites[:SITES_PER_RULE])
    more = len(sites) - SITES_PER_RULE
    return shown + (f" and {more} more" if more > 0 else "")


def _header(plan: Plan) -> list[str]:
    score = f"lock-in score {plan.score:g} (grade {plan.grade})" if plan.score is not None else ""
    facts = [
        f"{plan.tool.name} {plan.tool.version}",
        score,
        plural(plan.findings, "finding"),
        f"estimated effort {plan.effort.hours:g} hours",
    ]
    return [
        f"# Migration plan: move to {_md(plan.target)}",
        "",
        _code(plan.root),
        "",
        " · ".join(fact for fact in facts if fact),
    ]


def _gateway(plan: Plan) -> list[str]:
    phase = plan.gateway
    lines = ["## Phase 0: extract a gateway", "", _md(phase.reason)]
    if not phase.needed:
        return lines
    globs = ", ".join(f'"{glob}"' for glob in phase.gateway)
    lines += [
        "",
        f"Let one gateway module ({', '.join(_code(g) for g in phase.gateway)}) alone talk to "
        f"{_md(plan.target)}, declare it with {_code(f'gateway = [{globs}]')} under "
        f"{_code('[tool.vendorlock]')} so that {_code('vendorlock check')} keeps it so, and "
        "move the direct calls of these modules behind it:",
        "",
    ]
    rows = ((_code(m.module), m.direct_calls, _md(", ".join(m.sdks))) for m in phase.modules)
    return lines + _table(("Module", "Direct calls", "SDKs"), rows)


def _rewrite(title: str, phase: RewritePhase, lead: str, empty: str, *, reasons: bool) -> list[str]:
    lines = [f"## {title} ({plural(len(phase.sites), 'site')})", ""]
    if not phase.sites:
        return [*lines, empty]
    lines += [lead, "", *_commands(phase.commands), ""]
    return lines + _sites_table(phase.sites, reasons=reasons)


def _sites_table(sites: Sequence[PlanSite], *, reasons: bool) -> list[str]:
    if reasons:
        rows = (
            (_code(s.location), _code(s.api or ""), _prose("; ".join(s.reasons))) for s in sites
        )
        return _table(("Site", "API", "Why it needs review"), rows)
    return _table(("Site", "API"), ((_code(s.location), _code(s.api or "")) for s in sites))


def _manual(plan: Plan) -> list[str]:
    lines = [
        "## Phase 3: manual work",
        "",
        f"### Call sites with no rewrite ({len(plan.manual.sites)})",
    ]
    lines.append("")
    if plan.manual.sites:
        rows = (
            (_code(s.location), _code(s.api or ""), _prose("; ".join(s.reasons)))
            for s in plan.manual.sites
        )
        lines += _table(("Site", "API", "Why"), rows)
    else:
        lines.append("None: every call site has a rewrite.")
    lines += ["", f"### Proprietary features ({len(plan.features)})", ""]
    if not plan.features:
        return [*lines, "None."]
    return lines + _rules_table(plan.features, why=True)


def _rules_table(items: Sequence[RuleItem], *, why: bool) -> list[str]:
    headers = ["Rule", "Portability", "Sites", "Use instead, and what is lost"]
    rows = []
    for item in items:
        row = [
            _code(item.rule),
            item.portability.value,
            _locations(item.sites),
            _prose(item.alternative),
        ]
        rows.append([*row, _prose(item.why)] if why else row)
    return _table([*headers, "Why it locks you in"] if why else headers, rows)


def _remaining(plan: Plan) -> list[str]:
    lines = ["## Phase 4: the remaining coupling", ""]
    if not plan.remaining:
        return [*lines, "None."]
    lines += [
        "Imports and clients that phases 1 and 2 leave unused are removed by the rewrite; "
        "run `vendorlock scan` after them to see what is left of this list.",
        "",
    ]
    return lines + _rules_table(plan.remaining, why=False)


def _checklist(plan: Plan) -> list[str]:
    lines = ["## Checklist by module", "", "Modules that others depend on come first.", ""]
    if not plan.modules:
        return [*lines[:2], "Nothing to migrate."]
    for item in plan.modules:
        counts = f"{item.auto} auto, {item.assisted} assisted, {item.manual} manual"
        score = f"score {item.score:g} · " if item.score is not None else ""
        used = f" · used by {', '.join(_code(m) for m in item.used_by)}" if item.used_by else ""
        lines.append(f"- [ ] {_code(item.module)} ({_code(item.path)}): {score}{counts}{used}")
    return lines


def _effort(plan: Plan) -> list[str]:
    rows: list[Sequence[object]] = [
        (_md(line.work), line.count, line.minutes_each, line.minutes) for line in plan.effort.lines
    ]
    total = f"**{plan.effort.minutes} ({plan.effort.hours:g} hours)**"
    rows.append(("**Total**", "", "", total))
    lines = ["## Effort", "", *_table(("Work", "Count", "Minutes each", "Minutes"), rows)]
    return [*lines, "", "The model behind these numbers is in `docs/plan.md`."]


def _risks(plan: Plan) -> list[str]:
    lines = ["## Risks", ""]
    if not plan.risks:
        return [*lines, "None found in the code."]
    for risk in plan.risks:
        lines.append(f"- **{_md(risk.title)}** ({_locations(risk.sites)}): {_prose(risk.detail)}")
    return lines


def render_plan_markdown(plan: Plan) -> str:
    """The plan as GitHub Flavored Markdown."""
    blocks = [
        _header(plan),
        _gateway(plan),
        _rewrite(
            "Phase 1: automatic rewrites",
            plan.auto,
            "Safe rewrites; read the diff, run the tests:",
            "Nothing to rewrite automatically.",
            reasons=False,
        ),
        _rewrite(
            "Phase 2: assisted rewrites",
            plan.assisted,
            "Rewrites that need review: print the diff, review it, then apply it:",
            "Nothing that needs a reviewed rewrite.",
            reasons=True,
        ),
        _manual(plan),
        _remaining(plan),
        _checklist(plan),
        _effort(plan),
        _risks(plan),
    ]
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"
