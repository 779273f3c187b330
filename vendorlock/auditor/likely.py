"""Receivers of unknown type whose call chain is unmistakable: `confidence: likely`.

`def ask(client): client.chat.completions.create(...)` cannot be proven to be
OpenAI, but the chain says so. Only chains the catalogue marks `likely`
qualify, some only with the keywords the vendor requires (Twilio also has
`client.messages.create`). A receiver proven to be something else (an
instance of a local class, even one named `OpenAI`) is never guessed at; a
name from a third-party module is as unknown as an unannotated parameter.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst

from vendorlock.auditor.catalogue import Catalogue
from vendorlock.auditor.evaluate import Evaluator
from vendorlock.auditor.scopes import Scope
from vendorlock.auditor.values import External, Member


def likely_member(
    catalogue: Catalogue,
    evaluator: Evaluator,
    chain: list[cst.Attribute],
    scope: Scope,
    call_of: Mapping[cst.CSTNode, cst.Call],
    imported_sdks: set[str],
) -> tuple[cst.Attribute, Member] | None:
    """The attribute completing a likely method chain, and the member it names."""
    inner_first = list(reversed(chain))  # chain[0] is the outermost attribute
    names = [attribute.attr.value for attribute in inner_first]
    for start in range(len(names)):
        receiver = evaluator.value_of(inner_first[start].value, scope)
        if receiver is not None and not isinstance(receiver, External):
            continue
        for end in range(len(names), start, -1):
            segments = names[start:end]
            attribute = inner_first[end - 1]
            member = _guess(catalogue, segments, call_of.get(attribute), imported_sdks)
            if member is not None:
                return attribute, member
    return None


def _guess(
    catalogue: Catalogue,
    segments: list[str],
    call: cst.Call | None,
    imported_sdks: set[str],
) -> Member | None:
    keywords = {arg.keyword.value for arg in call.args if arg.keyword} if call else set()
    candidates: list[Member] = []
    for sdk, index in catalogue.index.items():
        chain = tuple(s for s in segments if s not in index.spec.transparent)
        method = index.client_tree.methods.get(chain)
        if method is None or not method.likely:
            continue
        if method.likely_kwargs and not set(method.likely_kwargs) <= keywords:
            continue
        provider = index.spec.default_provider
        candidates.append(Member(sdk, chain, provider, from_module=False, is_method=True))
    if not candidates:
        return None
    preferred = [member for member in candidates if member.sdk in imported_sdks]
    if preferred:
        return preferred[0]
    # OpenAI-shaped SDKs (Groq, Together) share openai's chains without marking them
    # `likely`: when the file imports one of them, the chain is that SDK's.
    guess = candidates[0]
    method = catalogue.index[guess.sdk].client_tree.methods[guess.chain]
    for sdk in sorted(imported_sdks):
        index = catalogue.index[sdk]
        chain = tuple(s for s in segments if s not in index.spec.transparent)
        if not method.likely_kwargs and chain == guess.chain and chain in index.client_tree.methods:
            return Member(
                sdk, chain, index.spec.default_provider, from_module=False, is_method=True
            )
    return guess
