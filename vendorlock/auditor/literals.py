"""String literals that tie code to a vendor: model ids and committed API keys.

Both are matched with the providers' patterns from `_providers.toml`. A model
id counts only where the value is a model (a `model=` argument, a `*model*`
name or key); a key counts anywhere, and is never shown unredacted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from vendorlock.auditor.catalogue import Catalogue

# Names of keywords, variables, attributes and keys whose value is a model id.
_MODEL_NAME = re.compile(r"(?:^|_)(?:model|models|engine|deployment_id|modelid)(?:$|_)|model", re.I)


@dataclass(frozen=True)
class SecretMatch:
    provider: str
    secret: str

    @property
    def redacted(self) -> str:
        return redact(self.secret)


def redact(secret: str) -> str:
    """`sk-...9f3a`: enough to recognise a key, never enough to use it."""
    head = secret[:3] if len(secret) > 12 else secret[:1]
    return f"{head}...{secret[-4:]}"


def names_a_model(name: str) -> bool:
    """Does a keyword, variable, attribute or key of this name hold a model id?"""
    return bool(_MODEL_NAME.search(name))


class LiteralMatcher:
    """Compiled model-id and key patterns of every provider."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    @cached_property
    def _models(self) -> list[tuple[str, re.Pattern[str]]]:
        return [
            (provider.id, re.compile(pattern, re.IGNORECASE))
            for provider in self.catalogue.providers.values()
            for pattern in provider.model_patterns
        ]

    @cached_property
    def _keys(self) -> list[tuple[str, re.Pattern[str]]]:
        raw = [
            (provider.id, pattern)
            for provider in self.catalogue.providers.values()
            for pattern in provider.key_patterns
        ]
        # The most specific prefix first: `sk-ant-` and `sk-or-v1-` before OpenAI's `sk-`.
        raw.sort(key=lambda item: -_literal_prefix_length(item[1]))
        return [
            (provider, re.compile(rf"(?<![A-Za-z0-9_-])(?:{pattern})(?![A-Za-z0-9_-])"))
            for provider, pattern in raw
        ]

    def model_provider(self, text: str) -> str | None:
        """The provider whose model id `text` is, matched whole."""
        stripped = text.strip()
        if not stripped or len(stripped) > 120:
            return None
        for provider, pattern in self._models:
            if pattern.fullmatch(stripped):
                return provider
        return None

    def secret(self, text: str) -> SecretMatch | None:
        """The first API-key-shaped substring of `text`, with the provider it belongs to."""
        for provider, pattern in self._keys:
            found = pattern.search(text)
            if found is not None:
                return SecretMatch(provider, found.group(0))
        return None

    def redact_all(self, text: str) -> str:
        """`text` with every API-key-shaped substring redacted."""
        for _provider, pattern in self._keys:
            text = pattern.sub(lambda found: redact(found.group(0)), text)
        return text

    def sdk_of(self, provider: str) -> str:
        spec = self.catalogue.providers.get(provider)
        return spec.sdk if spec is not None and spec.sdk else provider

    @cached_property
    def key_regex_sources(self) -> list[str]:
        """The key patterns, for the byte prefilter."""
        return [
            pattern
            for provider in self.catalogue.providers.values()
            for pattern in provider.key_patterns
        ]


@cache
def literal_matcher(catalogue: Catalogue) -> LiteralMatcher:
    """One compiled matcher per catalogue (per process)."""
    return LiteralMatcher(catalogue)


def _literal_prefix_length(pattern: str) -> int:
    """How many characters the pattern fixes before its first variable part."""
    length = 0
    for char in pattern:
        if char in "[(\\.?*+{|":
            break
        length += 1
    return length
