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
VENDOR_MODEL_ID = "vendor-model-id"
VENDOR_RESPONSE_SHAPE = "vendor-response-shape"
VENDOR_EXCEPTION = "vendor-exception"
VENDOR_ENV = "vendor-env"
VENDOR_SECRET = "vendor-secret"

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
    RuleInfo(
        id=VENDOR_MODEL_ID,
        kind=Kind.MODEL,
        title="Hard-coded vendor model id",
        summary=(
            "A vendor's model id (`gpt-4o`, `claude-sonnet-4-5`, `gemini-2.5-pro`) written as a "
            "literal where a model is chosen: a `model=` argument, a `*model*` variable, "
            "attribute, parameter default or dict key."
        ),
        why=(
            "A model id names one vendor's model; every place it is written must change when "
            "the vendor does, and routing by cost needs the choice in one place."
        ),
        alternative=(
            "Keep model ids in configuration, provider-prefixed (`anthropic/claude-sonnet-4-5`) "
            "so the neutral layer routes them; refer to them by role (`FAST_MODEL`)."
        ),
        fix_safety=FIX_SAFETY[Portability.ASSISTED],
        severity=Severity.INFO,
        examples=RuleExamples(
            invalid=("DEFAULT_MODEL = 'gpt-4o-mini'\n",),
            valid=("DEFAULT_MODEL = os.environ['CHAT_MODEL']\n", "GREETING = 'gpt-4o is great'\n"),
        ),
    ),
    RuleInfo(
        id=VENDOR_RESPONSE_SHAPE,
        kind=Kind.RESPONSE,
        title="Vendor-specific response access",
        summary=(
            "Reading a field only one vendor's response has, on a value proven to be that "
            "response: Anthropic `msg.content[0].text`, `.stop_reason`, Gemini `.text`, "
            "Bedrock `response['output']`."
        ),
        why=(
            "Neutral layers return the OpenAI response shape; code that reads another shape "
            "breaks the day the call is moved."
        ),
        alternative=(
            "Read the OpenAI shape the neutral layer returns: `resp.choices[0].message.content`, "
            "`resp.choices[0].finish_reason`, `resp.usage.prompt_tokens`."
        ),
        fix_safety=FIX_SAFETY[Portability.ASSISTED],
        severity=Severity.WARNING,
        examples=RuleExamples(
            invalid=(
                "from anthropic import Anthropic\nclient = Anthropic()\n"
                "msg = client.messages.create(model='m', max_tokens=64, messages=[])\n"
                "print(msg.content[0].text)\n",
            ),
            valid=(
                "import litellm\nresp = litellm.completion(model='m', messages=[])\n"
                "print(resp.choices[0].message.content)\n",
            ),
        ),
    ),
    RuleInfo(
        id=VENDOR_EXCEPTION,
        kind=Kind.EXCEPTION,
        title="Vendor exception handling",
        summary="A vendor SDK exception class in an `except` clause or an `isinstance` check.",
        why=(
            "Error handling written against one SDK's exception tree stops catching anything "
            "when the calls move; retries and fallbacks silently stop working."
        ),
        alternative=(
            "Catch the neutral layer's exceptions (LiteLLM's subclass openai's: "
            "`litellm.RateLimitError`, `litellm.APIConnectionError`)."
        ),
        fix_safety=(
            "Depends on the SDK: openai handlers keep working on LiteLLM (auto); others must be "
            "mapped (assisted)."
        ),
        severity=Severity.WARNING,
        examples=RuleExamples(
            invalid=(
                "import anthropic\ntry:\n    pass\nexcept anthropic.RateLimitError:\n    pass\n",
            ),
            valid=("import litellm\ntry:\n    pass\nexcept litellm.RateLimitError:\n    pass\n",),
        ),
    ),
    RuleInfo(
        id=VENDOR_ENV,
        kind=Kind.ENV,
        title="Vendor environment variable",
        summary=(
            "Code reads a vendor's environment variable (`os.environ['OPENAI_API_KEY']`, "
            "`os.getenv('ANTHROPIC_BASE_URL')`, a pydantic settings field of that name)."
        ),
        why="Deployment configuration, secrets managers and CI carry the vendor's name too.",
        alternative=(
            "Read neutral names (`LLM_API_KEY`, `LLM_MODEL`) in one settings module, or let the "
            "neutral layer read the provider's variables itself."
        ),
        fix_safety=FIX_SAFETY[Portability.ASSISTED],
        severity=Severity.INFO,
        examples=RuleExamples(
            invalid=("import os\nkey = os.environ['OPENAI_API_KEY']\n",),
            valid=("import os\nkey = os.environ['LLM_API_KEY']\n",),
        ),
    ),
    RuleInfo(
        id=VENDOR_SECRET,
        kind=Kind.SECRET,
        title="Committed vendor API key",
        summary=(
            "A string literal shaped like a vendor API key (`sk-proj-...`, `sk-ant-api03-...`). "
            "Reports show only a redacted form such as `sk-...9f3a`."
        ),
        why=(
            "A committed key leaks with the repository and ties the code to one account of one "
            "vendor; it must be rotated, not just moved."
        ),
        alternative="Rotate the key, then read it from the environment or a secrets manager.",
        fix_safety=FIX_SAFETY[Portability.MANUAL],
        severity=Severity.ERROR,
        examples=RuleExamples(
            invalid=("API_KEY = 'sk-proj-" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4'\n",),
            valid=("API_KEY = 'sk-your-key-here'\n",),
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
