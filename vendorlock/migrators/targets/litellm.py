"""LiteLLM (`litellm.completion` / `acompletion` / `embedding` / `aembedding`).

Models are `"<prefix>/<model>"` with the provider's `litellm_prefix` from the
catalogue; the client's key, base URL and Azure endpoint and version are
passed on each call. Embedding items are dicts in LiteLLM's response.
"""

from __future__ import annotations

from vendorlock.auditor.catalogue import default_catalogue
from vendorlock.migrators.cstutil import env_read
from vendorlock.migrators.ir import CallSite, ConfigKey, Issue, Operation, Param
from vendorlock.migrators.targets.base import Target


def _prefix(provider: str) -> str | None:
    spec = default_catalogue().providers.get(provider)
    prefix = spec.litellm_prefix if spec is not None else None
    return f"{prefix}/" if prefix else None


def _issues(site: CallSite) -> tuple[Issue, ...]:
    return ()


def _defaults(site: CallSite) -> tuple[Param, ...]:
    """Azure settings the openai SDK reads from env vars LiteLLM does not read."""
    if site.provider != "azure":
        return ()
    return (
        Param("api_base", env_read("AZURE_OPENAI_ENDPOINT")),
        Param("api_version", env_read("OPENAI_API_VERSION")),
    )


TARGET = Target(
    name="litellm",
    module="litellm",
    functions={
        (Operation.CHAT, False): "completion",
        (Operation.CHAT, True): "acompletion",
        (Operation.EMBEDDING, False): "embedding",
        (Operation.EMBEDDING, True): "aembedding",
    },
    model_prefix=_prefix,
    payload_names={Operation.CHAT: "messages", Operation.EMBEDDING: "input"},
    config_names={
        ConfigKey.API_KEY: "api_key",
        ConfigKey.BASE_URL: "api_base",
        ConfigKey.AZURE_ENDPOINT: "api_base",
        ConfigKey.API_VERSION: "api_version",
        ConfigKey.ORGANIZATION: "organization",
        ConfigKey.TIMEOUT: "timeout",
        ConfigKey.MAX_RETRIES: "max_retries",
        ConfigKey.HEADERS: "extra_headers",
    },
    embedding_items_are_dicts=True,
    dict_style_responses=True,
    issues=_issues,
    defaults=_defaults,
    stream_closers=None,  # CustomStreamWrapper is a (async) context manager itself
)
