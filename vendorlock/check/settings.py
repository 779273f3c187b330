"""The gate settings in force: the effective configuration, and the baseline it names."""

from __future__ import annotations

from vendorlock.baseline import read_baseline
from vendorlock.check.gate import GateSettings
from vendorlock.config import EffectiveConfig

__all__ = ["gate_settings"]


def gate_settings(effective: EffectiveConfig) -> GateSettings:
    """The gates `effective` asks for; reads the baseline file (a usage error if missing).

    A `baseline` from `[tool.vendorlock]` is relative to that file's directory,
    one from `--baseline` to the current directory.
    """
    config = effective.config
    path = effective.path_setting("baseline")
    return GateSettings(
        max_score=config.max_score,
        max_findings=config.max_findings,
        fail_on=config.fail_on,
        gateway=config.gateway,
        baseline=read_baseline(path) if path is not None else None,
        baseline_name=str(path),
    )
