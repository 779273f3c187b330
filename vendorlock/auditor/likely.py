"""Receivers of unknown type whose call chain is unmistakable: `confidence: likely`.

`def ask(client): client.chat.completions.create(...)` cannot be proven to be
OpenAI, but the chain says so. Only chains the catalogue marks `likely`
qualify, some only with the keywords the vendor requires (Twilio also has
`client.messages.create`). A receiver proven to be something else (an
instance of a local class, even one named `OpenAI`) is never guessed at; a
name from a third-party module is as unknown as an unannotated parameter. On a
receiver typed as a many-service client (botocore's `BaseClient`) only the
methods its SDK's catalogue lists for it count, whatever the keywords. An SDK
whose import root the scanned project defines (scanning instructor itself) is
never guessed at: its look-alike receivers are the project's own objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import libcst as cst

from vendorlock.auditor.catalogue import Catalogue
from vendorlock.auditor.evaluate import Evaluator, ProjectView
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
    own = first_party_sdks(catalogue, evaluator.project)
    for start in range(len(names)):
        receiver = evaluator.value_of(inner_first[start].value, scope)
        if receiver is not None and not isinstance(receiver, External):
            continue
        generic = _generic_guess(catalogue, receiver, names[start:], own)
        if generic is not None:
            return inner_first[start], generic
        for end in range(len(names), start, -1):
            segments = names[start:end]
            attribute = inner_first[end - 1]
            member = _guess(catalogue, segments, call_of.get(attribute), imported_sdks, own)
            if member is not None:
                return attribute, member
    return None


def _generic_guess(
    catalogue: Catalogue, receiver: External | None, names: list[str], own: frozenset[str]
) -> Member | None:
    """`client.converse` on `client: BaseClient`: a method only one service of it has."""
    found = catalogue.generic_clients.get(receiver.qualname) if receiver is not None else None
    if found is None or found[0] in own or names[0] not in found[1].methods:
        return None
    sdk = found[0]
    provider = catalogue.sdks[sdk].default_provider
    return Member(sdk, (names[0],), provider, from_module=False, is_method=True)


def _guess(
    catalogue: Catalogue,
    segments: list[str],
    call: cst.Call | None,
    imported_sdks: set[str],
    own: frozenset[str],
) -> Member | None:
    keywords = {arg.keyword.value for arg in call.args if arg.keyword} if call else set()
    candidates: list[Member] = []
    for sdk, index in catalogue.index.items():
        if sdk in own:
            continue
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


def first_party_sdks(catalogue: Catalogue, project: ProjectView) -> frozenset[str]:
    """SDKs whose import root the scanned project defines itself (scanning instructor).

    There a receiver that only looks like the SDK's client is an object of the project's
    own classes, whose chains are no evidence of a dependency.
    """
    return _first_party(catalogue, project.modules, project.packages)


@lru_cache(maxsize=8)
def _first_party(
    catalogue: Catalogue, modules: frozenset[str], packages: frozenset[str]
) -> frozenset[str]:
    layout = ProjectView(modules, {}, packages)
    return frozenset(
        sdk
        for sdk, spec in catalogue.sdks.items()
        if any(layout.shadows_sdk(root) for root in spec.import_roots)
    )
