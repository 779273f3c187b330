"""Drafts of each finding kind, with the one sentence a person reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import libcst as cst

from vendorlock.auditor import rules
from vendorlock.auditor.catalogue import Catalogue, FeatureSpec, MethodSpec, SdkCatalogue
from vendorlock.auditor.values import Client, Member, Origin
from vendorlock.model import Confidence, Kind, Portability, Severity


@dataclass(frozen=True)
class Draft:
    """A finding before positions, code and fingerprint are known."""

    rule: str
    kind: Kind
    sdk: str
    provider: str
    api: str | None
    node: cst.CSTNode
    portability: Portability
    confidence: Confidence
    severity: Severity
    message: str
    features: tuple[str, ...] = ()
    symbol: str | None = None
    client_origin: Origin | None = None


_PORTABILITY_PHRASE = {
    Portability.AUTO: "a safe rewrite onto LiteLLM exists",
    Portability.ASSISTED: "a partial rewrite exists; review it",
    Portability.MANUAL: "no neutral equivalent exists",
}

_SEVERITY = {
    Portability.AUTO: Severity.WARNING,
    Portability.ASSISTED: Severity.WARNING,
    Portability.MANUAL: Severity.ERROR,
}


class _Fixed(NamedTuple):
    """What every finding of one generic rule has in common."""

    kind: Kind
    portability: Portability
    severity: Severity


# Calls, features and exceptions take their portability from the catalogue: built in full.
_FIXED = {
    rules.VENDOR_IMPORT: _Fixed(Kind.IMPORT, Portability.AUTO, Severity.INFO),
    rules.VENDOR_TYPE_IMPORT: _Fixed(Kind.IMPORT, Portability.ASSISTED, Severity.INFO),
    rules.VENDOR_CLIENT: _Fixed(Kind.CLIENT, Portability.AUTO, Severity.WARNING),
    rules.VENDOR_CONFIG: _Fixed(Kind.CLIENT, Portability.ASSISTED, Severity.WARNING),
    rules.VENDOR_MODEL_ID: _Fixed(Kind.MODEL, Portability.ASSISTED, Severity.INFO),
    rules.VENDOR_RESPONSE_SHAPE: _Fixed(Kind.RESPONSE, Portability.ASSISTED, Severity.WARNING),
    rules.VENDOR_ENV: _Fixed(Kind.ENV, Portability.ASSISTED, Severity.INFO),
    rules.VENDOR_SECRET: _Fixed(Kind.SECRET, Portability.MANUAL, Severity.ERROR),
}


def _fixed_draft(
    rule: str, sdk: str, provider: str, api: str | None, node: cst.CSTNode, message: str
) -> Draft:
    """A certain finding of a rule in `_FIXED`."""
    fixed = _FIXED[rule]
    return Draft(
        rule=rule,
        kind=fixed.kind,
        sdk=sdk,
        provider=provider,
        api=api,
        node=node,
        portability=fixed.portability,
        confidence=Confidence.CERTAIN,
        severity=fixed.severity,
        message=message,
    )


def _served_by(catalogue: Catalogue, sdk: str, provider: str) -> str:
    if provider == catalogue.sdks[sdk].default_provider:
        return ""
    spec = catalogue.providers.get(provider)
    return f" served by {spec.display_name if spec else provider}"


def import_draft(
    sdk: SdkCatalogue, imported: list[str], type_only: bool, node: cst.CSTNode
) -> Draft:
    names = ", ".join(f"`{name}`" for name in imported)
    what = "types from" if type_only else "names from"
    rule = rules.VENDOR_TYPE_IMPORT if type_only else rules.VENDOR_IMPORT
    message = f"Imports {what} the {sdk.display_name} SDK: {names}."
    return _fixed_draft(rule, sdk.sdk, sdk.default_provider, None, node, message)


def client_draft(sdk: SdkCatalogue, client: Client, node: cst.CSTNode) -> Draft:
    message = (
        f"Constructs the {sdk.display_name} SDK client `{client.cls}` (served by "
        f"{client.provider}); every call through it is tied to that vendor."
    )
    api = f"{sdk.sdk}:{client.cls}"
    return _fixed_draft(rules.VENDOR_CLIENT, sdk.sdk, client.provider, api, node, message)


def config_draft(sdk: str, setting: str, provider: str, node: cst.CSTNode) -> Draft:
    message = (
        f"Configures the `{sdk}` module-level client (`{sdk}.{setting}`), which ties "
        "every module-level call in the process to it."
    )
    return _fixed_draft(rules.VENDOR_CONFIG, sdk, provider, f"{sdk}:{setting}", node, message)


def call_draft(
    catalogue: Catalogue,
    member: Member,
    method: MethodSpec,
    node: cst.CSTNode,
    confidence: Confidence,
    features: tuple[str, ...],
    called: bool,
) -> Draft:
    sdk = catalogue.sdks[member.sdk]
    verb = "Calls" if called else "Passes on a reference to"
    guess = (
        " (likely: the receiver's type is unknown, the call chain matches)"
        if confidence is Confidence.LIKELY
        else ""
    )
    note = f" {method.note}" if method.note else ""
    message = (
        f"{verb} {sdk.display_name} `{member.dotted}`"
        f"{_served_by(catalogue, member.sdk, member.provider)}{guess}; "
        f"{_PORTABILITY_PHRASE[method.portability]}.{note}"
    )
    return Draft(
        rule=rules.VENDOR_CALL,
        kind=Kind.CALL,
        sdk=member.sdk,
        provider=member.provider,
        api=f"{member.sdk}:{member.dotted}",
        node=node,
        portability=method.portability,
        confidence=confidence,
        severity=_SEVERITY[method.portability],
        message=message,
        features=features,
        client_origin=member.origin,
    )


def feature_draft(
    feature: FeatureSpec,
    sdk: str,
    provider: str,
    api: str | None,
    node: cst.CSTNode,
    confidence: Confidence,
    origin: Origin | None = None,
) -> Draft:
    return Draft(
        rule=feature.id,
        kind=Kind.FEATURE,
        sdk=sdk,
        provider=provider,
        api=api,
        node=node,
        portability=feature.portability,
        confidence=confidence,
        severity=feature.severity,
        message=f"Uses {feature.title}: {feature.why}",
        features=(feature.id,),
        client_origin=origin,
    )


def model_draft(
    sdk: str, provider: str, model: str, display: str, api: str | None, node: cst.CSTNode
) -> Draft:
    message = f"Hard-codes the {display} model id `{model}`; keep model ids in configuration."
    return _fixed_draft(rules.VENDOR_MODEL_ID, sdk, provider, api, node, message)


def response_draft(
    sdk: str, provider: str, api: str, field: str, alternative: str, node: cst.CSTNode
) -> Draft:
    message = f"Reads `{field}`, which only `{api}` responses have. Instead: {alternative}"
    return _fixed_draft(rules.VENDOR_RESPONSE_SHAPE, sdk, provider, api, node, message)


def exception_draft(
    sdk: SdkCatalogue, qualname: str, node: cst.CSTNode, portability: Portability
) -> Draft:
    keeps = (
        "LiteLLM's exceptions subclass it, so the handler keeps working"
        if portability is Portability.AUTO
        else "map it to the neutral layer's exception"
    )
    return Draft(
        rule=rules.VENDOR_EXCEPTION,
        kind=Kind.EXCEPTION,
        sdk=sdk.sdk,
        provider=sdk.default_provider,
        api=None,
        node=node,
        portability=portability,
        confidence=Confidence.CERTAIN,
        severity=Severity.WARNING if portability is not Portability.AUTO else Severity.INFO,
        message=f"Handles the {sdk.display_name} exception `{qualname}`; {keeps}.",
    )


def env_draft(sdk: str, provider: str, name: str, node: cst.CSTNode) -> Draft:
    message = f"Reads the {provider} environment variable `{name}`."
    return _fixed_draft(rules.VENDOR_ENV, sdk, provider, None, node, message)


def secret_draft(sdk: str, provider: str, redacted: str, node: cst.CSTNode) -> Draft:
    message = (
        f"Commits what looks like a {provider} API key (`{redacted}`); rotate it and "
        "read it from the environment."
    )
    return _fixed_draft(rules.VENDOR_SECRET, sdk, provider, None, node, message)
