"""Who serves a client: inferred from base URLs, env var names and headers.

The SDK is not always the vendor: `OpenAI(base_url="https://api.deepseek.com")`
is the openai SDK talking to DeepSeek. The table of providers is data
(`catalogue/_providers.toml`); this module only matches against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from vendorlock.auditor.catalogue import ProviderSpec

# Keywords of client constructors (and module globals) that carry an endpoint.
URL_KEYWORDS = frozenset(
    {"base_url", "api_base", "azure_endpoint", "endpoint", "host", "server_url", "base_api_url"}
)
KEY_KEYWORDS = frozenset({"api_key", "api_token", "token", "auth_token"})
HEADER_KEYWORDS = frozenset({"default_headers", "headers", "extra_headers"})


def provider_for_url(url: str, providers: Mapping[str, ProviderSpec]) -> str | None:
    """The provider whose host or URL marker matches `url`."""
    lowered = url.strip().lower()
    host = urlsplit(lowered if "//" in lowered else f"//{lowered}").hostname or ""
    for provider in providers.values():
        for expected in provider.hosts:
            if host == expected or (expected.startswith(".") and host.endswith(expected)):
                return provider.id
            if not expected.startswith(".") and host.endswith("." + expected):
                return provider.id
        if any(marker in lowered for marker in provider.url_markers):
            return provider.id
    return None


def provider_for_env(name: str, providers: Mapping[str, ProviderSpec]) -> str | None:
    """The provider an env var name points at, longest prefix first (AZURE_OPENAI_ > OPENAI_)."""
    best: tuple[int, str] | None = None
    upper = name.upper()
    for provider in providers.values():
        for prefix in provider.env_prefixes:
            if upper.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), provider.id)
    return None if best is None else best[1]


def provider_for_headers(
    headers: Iterable[str], providers: Mapping[str, ProviderSpec]
) -> str | None:
    wanted = {header.lower() for header in headers}
    for provider in providers.values():
        if any(header.lower() in wanted for header in provider.headers):
            return provider.id
    return None
