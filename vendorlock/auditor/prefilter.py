"""A byte-level prefilter: skip files that cannot mention a vendor.

Text search is only ever a prefilter: a file that passes is parsed and
analysed on its tree; a file that fails cannot produce a finding, because
every detection needs one of these tokens in the source (an import root, an
unmistakable call chain, a feature's block key) or a name exported by a
project module that holds vendor values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vendorlock.auditor.catalogue import Catalogue

_COMMON_KEYS = frozenset({"type", "name", "id", "source", "role", "content", "text"})


def vendor_tokens(catalogue: Catalogue) -> set[str]:
    tokens: set[str] = set()
    for root in catalogue.roots:
        tokens.update(root.split("."))
    for index in catalogue.index.values():
        for chain, method in index.client_tree.methods.items():
            if method.likely:
                tokens.add(".".join(chain[:2]))
        for feature in index.spec.features:
            tokens.update(_block_token(match.key, match.value) for match in feature.dict_keys)
        tokens.update(index.spec.env_vars)
        for factory in index.spec.client_factories:
            tokens.update(factory.services)
    for provider in catalogue.providers.values():
        tokens.update(provider.env_prefixes)
        tokens.update(provider.model_tokens)
    return {token for token in tokens if token}


def _block_token(key: str, value: object) -> str:
    """A block key names a feature by itself ("cache_control"), unless it is as common as
    "type": then the value it must have ("web_search_", from "web_search_*") is the token."""
    if isinstance(value, str) and key in _COMMON_KEYS:
        return value.rstrip("*")
    return key


def vendor_pattern(catalogue: Catalogue) -> re.Pattern[bytes]:
    """Tokens any finding needs, or an API-key-shaped literal (keys can sit anywhere)."""
    alternatives = [_trie(vendor_tokens(catalogue))]
    for provider in catalogue.providers.values():
        alternatives += [pattern.encode() for pattern in provider.key_patterns]
    return re.compile(b"|".join(alternatives))


def compile_tokens(tokens: Iterable[str]) -> re.Pattern[bytes]:
    """A pattern matching data that contains any of `tokens` (none: matches nothing)."""
    wanted = {token for token in tokens if token}
    if not wanted:
        return re.compile(rb"(?!x)x")
    return re.compile(_trie(wanted))


def _trie(tokens: Iterable[str]) -> bytes:
    """One regular expression for many literal tokens, with common prefixes merged.

    `re` tries an alternation's branches one by one at every position; as a trie
    (`open(?:ai|router)`) only the branch of the next byte is tried, which made the
    prefilter about thirteen times faster on a million-line package than a flat
    alternation of its 500-odd tokens.
    """
    root: dict[int | None, dict] = {}  # type: ignore[type-arg]
    for token in tokens:
        node = root
        for byte in token.encode():
            node = node.setdefault(byte, {})
        node[None] = {}
    return _trie_regex(root)


def _trie_regex(node: dict[int | None, dict]) -> bytes:  # type: ignore[type-arg]
    branches = [
        re.escape(bytes([byte])) + _trie_regex(child)
        for byte, child in sorted((k, v) for k, v in node.items() if k is not None)
    ]
    if not branches:
        return b""
    body = branches[0] if len(branches) == 1 else b"(?:" + b"|".join(branches) + b")"
    # A token ends here too: what follows is optional (a match needs only the prefix).
    return b"(?:" + body + b")?" if None in node else body


def mentions(pattern: re.Pattern[bytes], data: bytes) -> bool:
    return pattern.search(data) is not None
