"""OpenAI v1 chat: `client.chat.completions.create(...)` and `openai.chat.completions.create(...)`.

Covers every client the auditor attributes to the openai SDK: `OpenAI`,
`AsyncOpenAI`, `AzureOpenAI` (the model is the deployment), and `OpenAI` with a
`base_url` on DeepSeek, OpenRouter, Groq, Together or Ollama (the finding's
provider picks the model prefix). The response is already OpenAI-shaped.
"""

from __future__ import annotations

from vendorlock.migrators.client_config import read_client
from vendorlock.migrators.ir import CallSite, ConfigKey, Operation, Param, ResponseShape
from vendorlock.migrators.site import Site
from vendorlock.migrators.sources.common import (
    PORTABLE_CHAT,
    arguments,
    feature_issues,
    is_true,
    keep,
    required,
)

APIS = frozenset({"openai:chat.completions.create"})
FEATURES: frozenset[str] = frozenset()


def extract(site: Site) -> CallSite:
    """The neutral description of one chat completion call."""
    args = arguments(site)
    client = read_client(site)
    model = required(args, "model")
    deployment = client.config.get(ConfigKey.AZURE_DEPLOYMENT)
    if deployment is not None:
        # The client's deployment wins over `model=` in the URL it requests.
        model = Param("model", deployment, model.source)
    params, issues = keep(args, ("model", "messages"), PORTABLE_CHAT)
    return CallSite(
        operation=Operation.CHAT,
        is_async=client.is_async if client.is_async is not None else site.is_awaited(),
        stream=is_true(args, "stream"),
        provider=site.finding.provider,
        model=model,
        payload=required(args, "messages"),
        params=params,
        config=client.config,
        response=ResponseShape.OPENAI_CHAT,
        issues=(*issues, *client.config.issues, *feature_issues(site, FEATURES)),
        original=site.call,
    )
