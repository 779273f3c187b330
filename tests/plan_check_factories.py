"""Hand-built findings and reports for the plan, check, baseline and history tests."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

from vendorlock.model import (
    Confidence,
    Containment,
    Finding,
    Kind,
    LockInScore,
    Portability,
    Report,
    Severity,
    Summary,
    ToolInfo,
)

_SEVERITY = {Kind.FEATURE: Severity.ERROR, Kind.CALL: Severity.WARNING}


def finding(
    rule: str,
    path: str,
    line: int,
    *,
    kind: Kind | None = None,
    api: str | None = None,
    portability: Portability = Portability.AUTO,
    features: tuple[str, ...] = (),
    code: str = "",
    fingerprint: str | None = None,
    suppressed: bool = False,
    sdk: str = "openai",
    column: int = 1,
) -> Finding:
    """A complete finding; the kind follows the rule unless given, the fingerprint the site."""
    kind = kind or _kind_of(rule)
    code = code or f"site_{line}()"
    digest = hashlib.sha256(f"{rule}\0{path}\0{code}".encode()).hexdigest()[:24]
    return Finding(
        rule=rule,
        kind=kind,
        sdk=sdk,
        provider=sdk,
        api=api,
        path=path,
        line=line,
        column=column,
        end_line=line,
        end_column=column + 10,
        features=features,
        portability=portability,
        confidence=Confidence.CERTAIN,
        severity=_SEVERITY.get(kind, Severity.INFO),
        message=f"{rule} at {path}:{line}.",
        code=code,
        fingerprint=fingerprint or digest,
        suppressed=suppressed,
    )


def _kind_of(rule: str) -> Kind:
    generic = {
        "vendor-call": Kind.CALL,
        "vendor-import": Kind.IMPORT,
        "vendor-client": Kind.CLIENT,
        "vendor-model-id": Kind.MODEL,
        "vendor-env": Kind.ENV,
        "vendor-response-shape": Kind.RESPONSE,
    }
    return generic.get(rule, Kind.FEATURE)


def score(
    total: float, *, gateway: tuple[str, ...] = (), modules: Sequence[str] = ()
) -> LockInScore:
    """A lock-in score with `total` and the given gateway; no breakdown."""
    return LockInScore(
        total=total,
        grade="A" if total < 20 else "C" if total < 60 else "F",
        components=(),
        modules=(),
        sdks=(),
        providers=(),
        containment=Containment(
            gateway=gateway, direct_calls=0, inside=0, share=None, modules_outside=tuple(modules)
        ),
        entry_points=(),
    )


def report(
    findings: Sequence[Finding],
    *,
    total: float | None = None,
    gateway: tuple[str, ...] = (),
    files_failed: int = 0,
) -> Report:
    """A report of `findings` with a summary counting the active ones."""
    active = [f for f in findings if not f.suppressed]
    return Report(
        tool=ToolInfo(version="0.1.0"),
        root="/srv/shop",
        summary=Summary(
            files_discovered=10,
            files_scanned=10 - files_failed,
            files_with_findings=len({f.path for f in active}),
            files_failed=files_failed,
            findings=len(active),
            by_kind=dict(Counter(f.kind.value for f in active)),
            by_sdk=dict(Counter(f.sdk for f in active)),
            by_provider=dict(Counter(f.provider for f in active)),
            by_confidence=dict(Counter(f.confidence.value for f in active)),
            suppressed=len(findings) - len(active),
        ),
        score=score(total or 0.0, gateway=gateway) if total is not None or gateway else None,
        findings=tuple(findings),
        diagnostics=(),
    )
