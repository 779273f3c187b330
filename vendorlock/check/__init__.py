"""`vendorlock check`: the CI gate that lets portability only improve.

`gate_settings(effective_config)` reads what to gate on, `evaluate(report,
settings)` applies the gates; `render_text` and `render_markdown` say what
passed and what failed.
"""

from vendorlock.check.gate import CheckResult, GateOutcome, GateSettings, evaluate
from vendorlock.check.settings import gate_settings
from vendorlock.check.summary import render_markdown, render_text

__all__ = [
    "CheckResult",
    "GateOutcome",
    "GateSettings",
    "evaluate",
    "gate_settings",
    "render_markdown",
    "render_text",
]
