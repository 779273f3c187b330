"""Every rule vendorlock reports, with its documentation and examples.

The generic rules (imports, clients, calls) are defined here; every
proprietary feature is a rule defined as data in its SDK's catalogue file.
Both come out of `all_rules()` as `RuleInfo`, the one shape that the CLI,
the generated docs and the SARIF report read.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from vendorlock.auditor.catalogue import Catalogue, FeatureSpec, default_catalogue
from vendorlock.model import Kind, Portability, RuleExamples, RuleInfo, Severity

VENDOR_IMPORT = "vendor-import"
VENDOR_TYPE_IMPORT = "vendor-type-import"
VENDOR_CLIENT = "vendor-client"
VENDOR_CONFIG = "vendor-config"
VENDOR_CALL = "vendor-call"

FIX_SAFETY = {
    Portability.AUTO: "Safe fix: `vendorlock migrate` rewrites it onto the neutral layer.",
    Portability.ASSISTED: (
        "Unsafe fix: `vendorlock migrate --unsafe-fixes` rewrites it; review the diff, "
        "behaviour may differ."
    ),
    Portability.MANUAL: (
        "No fix: there is no neutral equivalent; `vendorlock plan` lists it with the "
        "suggested alternative."
    ),
}

_GENERIC_RULES = (
    RuleInfo(
        id=VENDOR_IMPORT,
        kind=Kind.IMPORT,
        title="Vendor SDK import",
        summary="An import of a vendor SDK module or of a name from it.",
        why=(
            "Every module that imports a vendor SDK must change when the vendor does; "
            "imports show where the dependency has spread."
        ),
        alternative="Import the neutral layer (`litellm`, `any_llm`) in one gateway module.",
        fix_safety=FIX_SAFETY[Portability.AUTO] + " The import is removed once nothing uses it.",
        severity=Severity.INFO,
        examples=RuleExamples(invalid=("import openai\n",), valid=("import litellm\n",)),
    ),
    RuleInfo(
        id=VENDOR_TYPE_IMPORT,
        kind=Kind.IMPORT,
        title="Vendor SDK type import",
        summary=(
            "An import used only for types: from a vendor's `types` modules, or inside an "
            "`if TYPE_CHECKING:` block."
        ),
        why=(
            "Vendor types in signatures (`ChatCompletion`, `MessageParam`) make the vendor's "
            "response and request shapes part of your own interfaces."
        ),
        alternative="Type against your own dataclasses or the neutral layer's OpenAI types.",
        fix_safety=FIX_SAFETY[Portability.ASSISTED],
        severity=Severity.INFO,
        examples=RuleExamples(
            invalid=("from openai.types.chat import ChatCompletion\n",),
            valid=("from litellm import ModelResponse\n",),
        ),
    ),
    RuleInfo(
        id=VENDOR_CLIENT,
        kind=Kind.CLIENT,
        title="Vendor client construction",
        summary="A vendor SDK client is constructed (`OpenAI(...)`, `Anthropic(...)`).",
        why=(
            "The client fixes the vendor, its endpoint and its credentials; every call made "
            "through it inherits that choice."
        ),
        alternative=(
            "Pass the key and base URL to the neutral layer's call (`litellm.completion("
            "api_key=..., api_base=...)`) or set them once in configuration."
        ),
        fix_safety=FIX_SAFETY[Portability.AUTO],
        severity=Severity.WARNING,
        examples=RuleExamples(
            invalid=("from openai import OpenAI\nclient = OpenAI()\n",),
            valid=("class OpenAI:\n    pass\n\nclient = OpenAI()\n",),
        ),
    ),
    RuleInfo(
        id=VENDOR_CONFIG,
        kind=Kind.CLIENT,
        title="Vendor module-level client configuration",
        summary="The SDK's module-level client is configured (`openai.api_key = ...`).",
        why="Global SDK configuration ties every module-level call in the process to the vendor.",
        alternative="Configure the neutral layer (`litellm.api_key`, or per-call `api_key=`).",
        fix_safety=FIX_SAFETY[Portability.ASSISTED],
        severity=Severity.WARNING,
        examples=RuleExamples(
            invalid=("import openai\nopenai.api_key = 'k'\n",),
            valid=("import litellm\nlitellm.api_key = 'k'\n",),
        ),
    ),
    RuleInfo(
        id=VENDOR_CALL,
        kind=Kind.CALL,
        title="Vendor API call",
        summary=(
            "A call to a vendor SDK method, or a reference to one passed on "
            "(`functools.partial(client.chat.completions.create, ...)`)."
        ),
        why=(
            "The call's parameters and its response shape are the vendor's; moving vendor means "
            "rewriting the call and everything that reads its result."
        ),
        alternative=(
            "Call the neutral layer (`litellm.completion`, `litellm.embedding`, "
            "`any_llm.completion`) with a provider-prefixed model id."
        ),
        fix_safety=(
            "Depends on the method: each finding's `portability` says whether a safe fix "
            "(auto), an unsafe fix (assisted) or no fix (manual) exists."
        ),
        severity=Severity.WARNING,
        examples=RuleExamples(
            invalid=(
                "from openai import OpenAI\nclient = OpenAI()\n"
                "client.chat.completions.create(model='gpt-4o', messages=[])\n",
            ),
            valid=("import litellm\nlitellm.completion(model='openai/gpt-4o', messages=[])\n",),
        ),
    ),
)


def feature_rule(sdk: str, feature: FeatureSpec) -> RuleInfo:
    """The rule documentation of a catalogue feature."""
    return RuleInfo(
        id=feature.id,
        kind=Kind.FEATURE,
        title=feature.title,
        summary=feature.summary,
        why=feature.why,
        alternative=feature.alternative,
        fix_safety=FIX_SAFETY[feature.portability],
        severity=feature.severity,
        sdk=sdk,
        examples=RuleExamples(invalid=feature.examples.invalid, valid=feature.examples.valid),
    )


def rules_for(catalogue: Catalogue) -> Mapping[str, RuleInfo]:
    """Every rule, generic ones first, then features in catalogue order."""
    rules = {rule.id: rule for rule in _GENERIC_RULES}
    for feature_id, (sdk, feature) in catalogue.features.items():
        rules[feature_id] = feature_rule(sdk, feature)
    return rules


@cache
def all_rules() -> Mapping[str, RuleInfo]:
    """The rules of the shipped catalogue."""
    return rules_for(default_catalogue())
