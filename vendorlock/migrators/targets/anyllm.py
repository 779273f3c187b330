"""mozilla-ai any-llm (`any_llm.completion` / `acompletion` / `embedding` / `aembedding`).

Models are `"<provider>:<model>"`; per-call `api_key=` and `api_base=`, other
client options in `client_args={...}` (handed to the vendor SDK's client). The
embedding input is named `inputs`. Responses are the openai SDK's own types,
so embedding items keep attribute access, and v0 dict-style reads must become
attribute reads. any-llm's `azureopenai` provider calls Azure's v1 API and
rejects a dated `api_version` (any_llm/providers/azureopenai/azureopenai.py).
Its mistral and cohere providers pass parameters to the vendor SDK under their
OpenAI names, so names those SDKs spell otherwise cannot be carried; boto3
options (region, credentials) and Cohere's base URL go in `client_args`.
"""

from __future__ import annotations

import libcst as cst

from vendorlock.migrators.cstutil import make_string
from vendorlock.migrators.ir import (
    CallSite,
    ConfigKey,
    Issue,
    Operation,
    Param,
    ResponseShape,
    Safety,
)
from vendorlock.migrators.targets.base import Target

# vendorlock provider id -> any-llm provider key (any_llm.constants.LLMProvider)
PROVIDERS = {
    "openai": "openai",
    "azure": "azureopenai",
    "anthropic": "anthropic",
    "deepseek": "deepseek",
    "openrouter": "openrouter",
    "groq": "groq",
    "together": "together",
    "fireworks": "fireworks",
    "xai": "xai",
    "mistral": "mistral",
    "ollama": "ollama",
    "gemini": "gemini",
    "bedrock": "bedrock",
    "vertex": "vertexai",
    "cohere": "cohere",
    "huggingface": "huggingface",
}
# Client options any-llm takes only when it builds the vendor client.
CLIENT_ARGS = {
    ConfigKey.ORGANIZATION: "organization",
    ConfigKey.MAX_RETRIES: "max_retries",
    ConfigKey.HEADERS: "default_headers",
    # boto3 client options (any_llm/providers/bedrock/bedrock.py passes them to `client(...)`)
    ConfigKey.REGION: "region_name",
    ConfigKey.AWS_ACCESS_KEY_ID: "aws_access_key_id",
    ConfigKey.AWS_SECRET_ACCESS_KEY: "aws_secret_access_key",
    ConfigKey.AWS_SESSION_TOKEN: "aws_session_token",
}
# Vendor clients whose `api_base` any-llm ignores: the base URL goes to the vendor client instead
# (any_llm/providers/cohere/cohere.py builds `AsyncClientV2(api_key=..., **client_args)`).
BASE_URL_AS_CLIENT_ARG = frozenset({ResponseShape.COHERE_V2})
# any-llm hands the mistral and cohere SDKs every parameter under its OpenAI name
# (`_convert_completion_params` in any_llm/providers/{mistral,cohere}/): Mistral calls `seed`
# `random_seed`; Cohere shares only these names with OpenAI.
MISTRAL_MISNAMED = frozenset({"seed"})
COHERE_AS_IS = frozenset(
    {
        "max_tokens",
        "temperature",
        "seed",
        "frequency_penalty",
        "presence_penalty",
        "tools",
        "logprobs",
        "stream",  # any-llm's own
        "timeout",  # any-llm's own (moved into Cohere's request_options)
    }
)


def _prefix(provider: str) -> str | None:
    key = PROVIDERS.get(provider)
    return f"{key}:" if key else None


def _adapt(site: CallSite, key: ConfigKey, value: cst.BaseExpression) -> cst.BaseExpression | None:
    if key is ConfigKey.BASE_URL and site.response in BASE_URL_AS_CLIENT_ARG:
        return None  # in client_args
    return value


def _untranslated(site: CallSite) -> list[str]:
    names = [param.name for param in site.params]
    if site.provider == "mistral":
        return [name for name in names if name in MISTRAL_MISNAMED]
    if site.provider == "cohere":
        return [name for name in names if name not in COHERE_AS_IS]
    return []


def _issues(site: CallSite) -> tuple[Issue, ...]:
    if site.provider == "bedrock" and any(
        param.name == "tool_choice" and isinstance(param.value, cst.Dict) for param in site.params
    ):
        return (
            Issue(
                Safety.MANUAL,
                "any-llm's bedrock provider sends `toolChoice` only for `required` (any_llm/"
                "providers/bedrock/utils.py `_convert_tool_spec`): a named tool is dropped",
            ),
        )
    untranslated = _untranslated(site)
    if untranslated:
        return tuple(
            Issue(
                Safety.MANUAL,
                f"any-llm's {site.provider} provider hands `{name}=` to the vendor SDK under "
                "that name, which the SDK does not take",
            )
            for name in untranslated
        )
    if site.provider == "azure":
        return (
            Issue(
                Safety.UNSAFE,
                "any-llm's azureopenai provider calls Azure's v1 API (`/openai/v1/`) and "
                "rejects a dated `api_version`: the endpoint the request goes to changes",
            ),
        )
    return ()


def _defaults(site: CallSite) -> tuple[Param, ...]:
    """`client_args={...}` for the options any-llm passes to the vendor client."""
    names = dict(CLIENT_ARGS)
    if site.response in BASE_URL_AS_CLIENT_ARG:
        names[ConfigKey.BASE_URL] = "base_url"
    items = [
        cst.DictElement(make_string(name), site.config.values[key])
        for key, name in names.items()
        if key in site.config.values
    ]
    return (Param("client_args", cst.Dict(items)),) if items else ()


TARGET = Target(
    name="any-llm",
    module="any_llm",
    functions={
        (Operation.CHAT, False): "completion",
        (Operation.CHAT, True): "acompletion",
        (Operation.EMBEDDING, False): "embedding",
        (Operation.EMBEDDING, True): "aembedding",
    },
    model_prefix=_prefix,
    payload_names={Operation.CHAT: "messages", Operation.EMBEDDING: "inputs"},
    config_names={
        ConfigKey.API_KEY: "api_key",
        ConfigKey.BASE_URL: "api_base",
        ConfigKey.AZURE_ENDPOINT: "api_base",
        ConfigKey.TIMEOUT: "timeout",
    },
    embedding_items_are_dicts=False,
    dict_style_responses=False,
    issues=_issues,
    defaults=_defaults,
    stream_closers=("contextlib.closing", "contextlib.aclosing"),
    # any-llm's completion() speaks OpenAI's shape: no cache breakpoints, no thinking budget.
    manual_features=frozenset({"anthropic-cache-control", "anthropic-thinking"}),
    adapt_config=_adapt,
)
