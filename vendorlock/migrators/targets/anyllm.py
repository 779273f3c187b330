"""mozilla-ai any-llm (`any_llm.completion` / `acompletion` / `embedding` / `aembedding`).

Models are `"<provider>:<model>"`; per-call `api_key=` and `api_base=`, other
client options in `client_args={...}` (handed to the vendor SDK's client). The
embedding input is named `inputs`. Responses are the openai SDK's own types,
so embedding items keep attribute access, and v0 dict-style reads must become
attribute reads. any-llm's `azureopenai` provider calls Azure's v1 API and
rejects a dated `api_version` (any_llm/providers/azureopenai/azureopenai.py).
"""

from __future__ import annotations

import libcst as cst

from vendorlock.migrators.cstutil import make_string
from vendorlock.migrators.ir import CallSite, ConfigKey, Issue, Operation, Param, Safety
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
}


def _prefix(provider: str) -> str | None:
    key = PROVIDERS.get(provider)
    return f"{key}:" if key else None


def _issues(site: CallSite) -> tuple[Issue, ...]:
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
    items = [
        cst.DictElement(make_string(name), site.config.values[key])
        for key, name in CLIENT_ARGS.items()
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
)
