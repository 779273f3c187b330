"""Proprietary features: matching the catalogue's signals against a call.

A feature can be a resource (`client.beta.assistants`), a keyword
(`thinking=`), a keyword's value (`response_format={"type": "json_schema"}`)
or a key inside a message or tool block (`"cache_control": {...}`). Keywords
and blocks are followed from the call to where they were written: a `params`
dict built up and passed as `**params`, a module constant of tools.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from vendorlock.auditor.catalogue import Catalogue, FeatureSpec
from vendorlock.auditor.catalogue.schema import DictKeyMatch, ParamMatch
from vendorlock.auditor.evaluate import Evaluator
from vendorlock.auditor.scopes import BindingKind, Scope
from vendorlock.auditor.values import Member

_FOLLOW_DEPTH = 4


@dataclass(frozen=True)
class Keyword:
    """A keyword argument as the vendor receives it, wherever it was written."""

    name: str
    value: cst.BaseExpression
    at: cst.CSTNode  # where to report it


@dataclass(frozen=True)
class FeatureHit:
    feature: FeatureSpec
    sdk: str
    at: cst.CSTNode


def _string(node: cst.CSTNode | None) -> str | None:
    if isinstance(node, cst.SimpleString) and isinstance(node.evaluated_value, str):
        return node.evaluated_value
    return None


def literal_matches(node: cst.BaseExpression, expected: str | bool | None) -> bool:
    """Does the literal `node` equal `expected` (a trailing '*' makes it a prefix)?"""
    if expected is None:
        return True
    if isinstance(expected, bool):
        return isinstance(node, cst.Name) and node.value == str(expected)
    text = _string(node)
    if text is None:
        return False
    if expected.endswith("*"):
        return text.startswith(expected[:-1])
    return text == expected


class FeatureMatcher:
    """Finds the features used at one call, following literals through names."""

    def __init__(self, catalogue: Catalogue, evaluator: Evaluator) -> None:
        self.catalogue = catalogue
        self.evaluator = evaluator

    # -- resources ---------------------------------------------------------------

    def resource_features(self, member: Member) -> list[FeatureSpec]:
        spec = self.catalogue.sdks[member.sdk]
        dotted = member.dotted
        found = []
        for feature in spec.features:
            prefixes = list(feature.module_resources) if member.from_module else []
            if not member.from_module or spec.module_client:
                prefixes += feature.resources
            if any(dotted == p or dotted.startswith(p + ".") for p in prefixes):
                found.append(feature)
        return found

    # -- keywords and blocks -----------------------------------------------------------

    def call_features(self, member: Member, call: cst.Call, scope: Scope) -> list[FeatureHit]:
        spec = self.catalogue.sdks[member.sdk]
        keywords = list(self.keywords(call, scope))
        hits: list[FeatureHit] = []
        for feature in spec.features:
            if feature.providers and member.provider not in feature.providers:
                continue
            if feature.params and _applies(feature, member.dotted):
                hits += [
                    FeatureHit(feature, member.sdk, keyword.at)
                    for keyword in keywords
                    if any(self._param_matches(m, keyword, scope) for m in feature.params)
                ]
            if feature.dict_keys:
                hits += [
                    FeatureHit(feature, member.sdk, key)
                    for arg in call.args
                    for key in self.matching_keys(arg.value, feature.dict_keys, scope)
                ]
        return hits

    def keywords(self, call: cst.Call, scope: Scope) -> Iterator[Keyword]:
        for arg in call.args:
            if arg.keyword is not None:
                yield Keyword(arg.keyword.value, arg.value, arg)
            elif arg.star == "**":
                yield from self._spread(arg.value, scope)

    def _spread(self, value: cst.BaseExpression, scope: Scope) -> Iterator[Keyword]:
        for literal in self.literals(value, scope):
            for key, item, where in pairs(literal):
                yield Keyword(key, item, where)
        if isinstance(value, cst.Name):
            for update in self.evaluator.dict_updates(value.value, scope):
                updated = _string(update.key)
                if updated is not None:
                    yield Keyword(updated, update.value, update.key)

    def _param_matches(self, match: ParamMatch, keyword: Keyword, scope: Scope) -> bool:
        if keyword.name != match.name:
            return False
        if match.value_key is None:
            return any(literal_matches(v, match.value) for v in self._candidates(keyword, scope))
        return any(
            key == match.value_key and literal_matches(value, match.value)
            for literal in self.literals(keyword.value, scope)
            for key, value, _where in pairs(literal)
        )

    def _candidates(self, keyword: Keyword, scope: Scope) -> list[cst.BaseExpression]:
        return [keyword.value, *self.literals(keyword.value, scope)]

    def matching_keys(
        self, value: cst.BaseExpression, matches: tuple[DictKeyMatch, ...], scope: Scope
    ) -> Iterator[cst.CSTNode]:
        for literal in self.literals(value, scope):
            yield from dict_key_hits(literal, matches)

    # -- following literals --------------------------------------------------------------

    def literals(self, node: cst.BaseExpression, scope: Scope) -> list[cst.BaseExpression]:
        """Every container literal reachable from `node` through names, nesting and `+`."""
        found: list[cst.BaseExpression] = []
        self._collect(node, scope, _FOLLOW_DEPTH, found, set())
        return found

    def _collect(
        self,
        node: cst.BaseExpression,
        scope: Scope,
        depth: int,
        found: list[cst.BaseExpression],
        seen: set[int],
    ) -> None:
        if depth < 0 or id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, cst.Name):
            for binding in self.evaluator.bindings_for(node.value, scope):
                # An unpacked name (`client, options = f(...)`) is one element of its value,
                # not the whole: the literals of the value are not its.
                if (
                    binding.kind is BindingKind.VALUE
                    and binding.value is not None
                    and binding.element is None
                ):
                    self._collect(binding.value, binding.eval_scope, depth - 1, found, seen)
            return
        if isinstance(node, (cst.Dict, cst.List, cst.Tuple, cst.Set, cst.Call)):
            found.append(node)
        for child in _children(node):
            self._collect(child, scope, depth, found, seen)


def _children(node: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    if isinstance(node, cst.Dict):
        for element in node.elements:
            yield element.value
    elif isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        for item in node.elements:
            yield item.value
    elif isinstance(node, cst.BinaryOperation):
        yield node.left
        yield node.right
    elif isinstance(node, cst.Call):
        for arg in node.args:
            yield arg.value
    elif isinstance(node, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
        yield node.elt


def pairs(literal: cst.BaseExpression) -> Iterator[tuple[str, cst.BaseExpression, cst.CSTNode]]:
    """(key, value, where) of a dict literal, or of a call's keywords.

    SDK config objects are built by calls as often as by dicts:
    `types.GenerateContentConfig(thinking_config=...)` is `{"thinking_config": ...}`.
    """
    if isinstance(literal, cst.Dict):
        for element in literal.elements:
            key = _string(element.key) if isinstance(element, cst.DictElement) else None
            if key is not None and isinstance(element, cst.DictElement):
                yield key, element.value, element.key
    elif isinstance(literal, cst.Call):
        for arg in literal.args:
            if arg.keyword is not None:
                yield arg.keyword.value, arg.value, arg.keyword


def dict_key_hits(
    literal: cst.BaseExpression, matches: tuple[DictKeyMatch, ...]
) -> Iterator[cst.CSTNode]:
    """Keys of one dict literal (or config call) that match a feature's block signals."""
    for key, value, where in pairs(literal):
        for match in matches:
            if key == match.key and _dict_value_matches(value, match):
                yield where
                break


def _dict_value_matches(value: cst.BaseExpression, match: DictKeyMatch) -> bool:
    if match.value_key is None:
        return literal_matches(value, match.value)
    return any(
        key == match.value_key and literal_matches(item, match.value)
        for key, item, _where in pairs(value)
    )


def _applies(feature: FeatureSpec, dotted: str) -> bool:
    return not feature.apis or any(dotted == a or dotted.startswith(a + ".") for a in feature.apis)
