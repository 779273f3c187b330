"""OpenAI v0 (openai<=0.28): `openai.ChatCompletion.create`, `openai.Embedding.create`, `acreate`.

The module globals (`openai.api_key`, `api_base`, `api_version`) and per-call
`api_key=` / `api_base=` configure the request; `engine=` / `deployment_id=`
name an Azure deployment. v0 responses are dict-like; LiteLLM's are too.
"""

from __future__ import annotations

from dataclasses import replace

import libcst as cst

from vendorlock.migrators.client_config import KEYS, read_client
from vendorlock.migrators.ir import (
    CallSite,
    ClientConfig,
    ConfigKey,
    Issue,
    Operation,
    Param,
    ResponseShape,
    Safety,
)
from vendorlock.migrators.site import Site
from vendorlock.migrators.sources.common import (
    PORTABLE_CHAT,
    PORTABLE_EMBEDDING,
    arguments,
    feature_issues,
    is_true,
    keep,
    required,
)

APIS = frozenset(
    {
        "openai:ChatCompletion.create",
        "openai:ChatCompletion.acreate",
        "openai:Embedding.create",
        "openai:Embedding.acreate",
    }
)
# The v0 API itself is what this source translates.
FEATURES = frozenset({"openai-v0-api"})
_DEPLOYMENT = ("engine", "deployment_id")
_PER_CALL = ("api_key", "api_base", "api_version", "organization", "api_type")


def extract(site: Site) -> CallSite:
    """The neutral description of one v0 chat or embedding call."""
    args = arguments(site)
    chat = site.chain[0] == "ChatCompletion"
    config = _per_call_config(args, read_client(site).config, site.finding.provider)
    model, issues = _model(args, site.finding.provider)
    skip = ("model", *_DEPLOYMENT, "messages", "input", *_PER_CALL)
    portable = PORTABLE_CHAT if chat else PORTABLE_EMBEDDING
    params, kept = keep(args, skip, portable, renames={"request_timeout": "timeout"})
    return CallSite(
        operation=Operation.CHAT if chat else Operation.EMBEDDING,
        is_async=site.chain[-1] == "acreate",
        stream=is_true(args, "stream"),
        provider=site.finding.provider,
        model=model,
        payload=required(args, "messages" if chat else "input"),
        params=params,
        config=config,
        response=ResponseShape.V0_CHAT if chat else ResponseShape.V0_EMBEDDING,
        issues=(*issues, *kept, *config.issues, *feature_issues(site, FEATURES)),
        original=site.call,
    )


def _model(args: dict[str, cst.Arg], provider: str) -> tuple[Param, tuple[Issue, ...]]:
    for name in _DEPLOYMENT:
        if name in args:
            issues: tuple[Issue, ...] = ()
            if provider != "azure":
                issues = (
                    Issue(
                        Safety.UNSAFE, f"`{name}=` without Azure configuration: taken as the model"
                    ),
                )
            return Param("model", args[name].value, args[name]), issues
    return required(args, "model"), ()


def _per_call_config(args: dict[str, cst.Arg], config: ClientConfig, provider: str) -> ClientConfig:
    """Per-call `api_key=` and friends win over the module globals."""
    values = dict(config.values)
    for name in _PER_CALL:
        if name not in args or name == "api_type":
            continue
        key = KEYS.get(name)
        if name == "api_base":
            key = ConfigKey.AZURE_ENDPOINT if provider == "azure" else ConfigKey.BASE_URL
        if key is not None:
            values[key] = args[name].value
    return replace(config, values=values)
