"""docs/rules.md, generated from the rule metadata so the docs cannot drift from the code.

Each rule has the same sections, after Ruff's rule docs: what it finds, why it
locks you in, an example, the portable alternative, and fix safety.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from vendorlock.model import Kind, RuleInfo

_KIND_ORDER = list(Kind)


def _section(rule: RuleInfo) -> list[str]:
    sdk = f" · sdk `{rule.sdk}`" if rule.sdk else ""
    lines = [
        f"### `{rule.id}`: {rule.title}",
        "",
        f"kind `{rule.kind.value}`{sdk} · severity `{rule.severity.value}`",
        "",
        f"**What it finds.** {rule.summary}",
        "",
        f"**Why it locks you in.** {rule.why}",
        "",
        "**Example.**",
        "",
        "```python",
        rule.examples.invalid[0].rstrip("\n"),
        "```",
        "",
        f"**Use instead.** {rule.alternative}",
        "",
        f"**Fix safety.** {rule.fix_safety}",
        "",
    ]
    return lines


def render_rules_markdown(rules: Mapping[str, RuleInfo]) -> str:
    """The whole rules reference, grouped by kind, then by SDK, then by id."""
    ordered = sorted(rules.values(), key=lambda r: (_KIND_ORDER.index(r.kind), r.sdk or "", r.id))
    lines = [
        "# Rules",
        "",
        "Generated from the rule metadata by `python scripts/generate_docs.py`; do not edit.",
        "`vendorlock rules ID` prints the same text.",
        "",
        *_index(ordered),
        "",
    ]
    for rule in ordered:
        lines += _section(rule)
    return "\n".join(lines).rstrip("\n") + "\n"


def _index(rules: Iterable[RuleInfo]) -> list[str]:
    lines = ["| rule | kind | sdk | title |", "|---|---|---|---|"]
    for rule in rules:
        anchor = f"{rule.id}-{rule.title}".lower()
        anchor = "".join(c for c in anchor.replace(" ", "-") if c.isalnum() or c in "-_")
        lines.append(
            f"| [`{rule.id}`](#{anchor}) | {rule.kind.value} | {rule.sdk or ''} | {rule.title} |"
        )
    return lines
