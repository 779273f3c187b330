"""OpenAI v1 embeddings: `client.embeddings.create(model=..., input=...)`."""

from __future__ import annotations

from vendorlock.migrators.client_config import read_client
from vendorlock.migrators.ir import CallSite, ConfigKey, Operation, Param, ResponseShape
from vendorlock.migrators.site import Site
from vendorlock.migrators.sources.common import (
    PORTABLE_EMBEDDING,
    arguments,
    feature_issues,
    keep,
    required,
)

APIS = frozenset({"openai:embeddings.create"})
FEATURES: frozenset[str] = frozenset()


def extract(site: Site) -> CallSite:
    """The neutral description of one embeddings call."""
    args = arguments(site)
    client = read_client(site)
    model = required(args, "model")
    deployment = client.config.get(ConfigKey.AZURE_DEPLOYMENT)
    if deployment is not None:
        model = Param("model", deployment, model.source)
    params, issues = keep(args, ("model", "input"), PORTABLE_EMBEDDING)
    return CallSite(
        operation=Operation.EMBEDDING,
        is_async=client.is_async if client.is_async is not None else site.is_awaited(),
        stream=False,
        provider=site.finding.provider,
        model=model,
        payload=required(args, "input"),
        params=params,
        config=client.config,
        response=ResponseShape.OPENAI_EMBEDDING,
        issues=(*issues, *client.config.issues, *feature_issues(site, FEATURES)),
        original=site.call,
    )
