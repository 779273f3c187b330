"""What `vendorlock check` prints: a short verdict per gate, for a CI log or a PR summary.

Each failed gate lists the findings that failed it, at most `SITES_SHOWN`
of them: the log of a failed CI job should point at the lines, not bury them.
"""

from __future__ import annotations

from html import escape

from vendorlock.check.gate import CheckResult, GateOutcome
from vendorlock.model import Finding
from vendorlock.reports.terminal import format_location, plural

__all__ = ["NO_GATE", "SITES_SHOWN", "render_markdown", "render_text"]

SITES_SHOWN = 20
NO_GATE = (
    "no gate is configured: set max_score, baseline or gateway in [tool.vendorlock], "
    "or pass --max-score, --baseline or --gateway"
)


def render_text(result: CheckResult) -> str:
    """The plain-text verdict: headline, one line per gate (failed sites below), counts."""
    lines = [f"vendorlock check: {_verdict(result)}"]
    for gate in result.gates:
        lines.append(f"  {'ok  ' if gate.passed else 'FAIL'}  {gate.name}: {gate.reason}")
        lines += [f"          {_site(finding)}" for finding in gate.sites[:SITES_SHOWN]]
        if len(gate.sites) > SITES_SHOWN:
            lines.append(f"          ... and {len(gate.sites) - SITES_SHOWN} more")
    lines.append(_counts(result))
    return "\n".join(lines) + "\n"


def render_markdown(result: CheckResult) -> str:
    """The verdict as GitHub Markdown, for `$GITHUB_STEP_SUMMARY` or a PR comment."""
    lines = [f"## vendorlock check: {_verdict(result)}", ""]
    if result.gates:
        lines += ["| Gate | Result | Detail |", "|---|---|---|"]
        lines += [
            f"| {_md(g.name)} | {'passed' if g.passed else '**failed**'} | {_md(g.reason)} |"
            for g in result.gates
        ]
        lines.append("")
    for gate in result.failed:
        if gate.sites:
            lines += _sites_block(gate)
    lines.append(_md(_counts(result)))
    return "\n".join(lines) + "\n"


def _verdict(result: CheckResult) -> str:
    if not result.gates:
        return f"passed, but {NO_GATE}"
    if result.passed:
        return f"passed ({plural(len(result.gates), 'gate')})"
    return f"failed ({len(result.failed)} of {plural(len(result.gates), 'gate')})"


def _site(finding: Finding) -> str:
    return "  ".join(_parts(finding))


def _parts(finding: Finding) -> tuple[str, str, str]:
    """Where, which rule, and what: the API called, or the code for other kinds."""
    return (format_location(finding), finding.rule, finding.api or finding.code)


def _counts(result: CheckResult) -> str:
    parts = [plural(result.findings, "finding")]
    if result.suppressed:
        parts.append(f"{result.suppressed} suppressed in the source (not gated)")
    if result.moved:
        parts.append(f"{result.moved} moved since the baseline")
    if result.fixed:
        parts.append(f"{result.fixed} fixed since the baseline")
    if result.unscanned:
        parts.append(f"{plural(result.unscanned, 'file')} could not be scanned")
    return "; ".join(parts) + "."


def _sites_block(gate: GateOutcome) -> list[str]:
    shown = gate.sites[:SITES_SHOWN]
    title = f"{_md(gate.name)}: {plural(len(gate.sites), 'site')}"
    lines = ["<details>", f"<summary>{title}</summary>", ""]
    lines += [f"- {' '.join(_code(part) for part in _parts(finding))}" for finding in shown]
    if len(gate.sites) > len(shown):
        lines.append(f"- … and {len(gate.sites) - len(shown)} more")
    return [*lines, "", "</details>", ""]


def _md(value: str) -> str:
    # Entities, not backslashes: the text may land in a table cell or in HTML.
    return escape(value, quote=False).replace("|", "&#124;").replace("`", "&#96;")


def _code(value: str) -> str:
    return f"<code>{_md(value)}</code>"
