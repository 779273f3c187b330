"""Prove, and rewrite, how a migrated call's response is read.

Only what the codemod can see is trusted: the call assigned to a variable
(`msg = client.messages.create(...)`, or `with ... as stream`) that is bound
once in its scope, or an access chained on the call itself. Every read of the
response must match a rule; each rule keeps a prefix of the chain and swaps
the rest (`msg.content[0].text` -> `msg.choices[0].message.content`). Any
other read leaves the site unproven: unsafe, with the line it is on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import libcst as cst
import libcst.matchers as m
from libcst.metadata import Assignment

from vendorlock.migrators.carry import code_of
from vendorlock.migrators.ir import CallSite, ImportNeed, Issue, Safety
from vendorlock.migrators.project import FileView
from vendorlock.migrators.response_rules import (
    ANY,
    STOP_REASONS,
    Key,
    Rule,
    Segment,
    rules_for,
)
from vendorlock.migrators.targets.base import Target

Rewrite = Callable[[cst.CSTNode], cst.CSTNode]


@dataclass
class ResponsePlan:
    """Node rewrites (keyed by the original node), reads that could not be proven, and the
    imports the rewrites need."""

    rewrites: dict[cst.CSTNode, Rewrite] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    imports: list[ImportNeed] = field(default_factory=list)


def plan_response(view: FileView, call: cst.Call, site: CallSite, target: Target) -> ResponsePlan:
    """What must change where the response of `call` is read, under this target."""
    plan = ResponsePlan()
    rules = rules_for(site.response, target.embedding_items_are_dicts, target.dict_style_responses)
    if rules is None:
        return plan
    result: cst.CSTNode = call
    parent = view.parent(call)
    if isinstance(parent, cst.Await):
        result, parent = parent, view.parent(parent)
    for root in _uses(view, result, parent, plan):
        _check_use(view, root, rules, site, plan)
    return plan


def _uses(
    view: FileView, result: cst.CSTNode, parent: cst.CSTNode | None, plan: ResponsePlan
) -> list[cst.CSTNode]:
    """The nodes the response is read through (variable references, or the call itself)."""
    target: cst.CSTNode | None = None
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
        target = parent.targets[0].target
    elif isinstance(parent, (cst.AsName, cst.WithItem)):
        item = parent if isinstance(parent, cst.WithItem) else view.parent(parent)
        if isinstance(item, cst.WithItem) and item.asname is not None:
            target = item.asname.name
    elif isinstance(parent, (cst.Attribute, cst.Subscript)):
        return [result]
    if not isinstance(target, cst.Name):
        unproven(view, plan, result, "the response is not assigned to a variable")
        return []
    return references(view, target, plan)


def references(view: FileView, name: cst.Name, plan: ResponsePlan) -> list[cst.CSTNode]:
    scope = view.scopes.get(name)
    assignments = list(scope.assignments[name.value]) if scope is not None else []
    if len(assignments) != 1:
        unproven(view, plan, name, f"`{name.value}` is assigned more than once")
        return []
    assignment = assignments[0]
    assert isinstance(assignment, Assignment)
    return [access.node for access in assignment.references]


def _check_use(
    view: FileView,
    root: cst.CSTNode,
    rules: tuple[Rule, ...],
    site: CallSite,
    plan: ResponsePlan,
) -> None:
    chain = chain_of(view, root)
    segments = tuple(segment for segment, _ in chain)
    for rule in rules:
        if not matches(rule.pattern, segments, rule.exact):
            continue
        end = chain[len(rule.pattern) - 1][1] if rule.pattern else root
        if rule.special == "stop_reason":
            if not _map_stop_reason(view, end, plan):
                continue
        elif rule.special == "items":
            if not _plan_items(view, end, plan):
                continue
        elif rule.special == "attrs":
            if not _keys_to_attributes(chain, plan):
                continue
            return
        elif rule.special == "text_stream":
            plan.rewrites[end] = _text_stream(site.is_async, len(rule.pattern))
            return
        if rule.tail is not None:
            plan.rewrites[end] = rebuild(len(rule.pattern) - rule.keep, rule.tail)
        return
    unproven(view, plan, chain[-1][1] if chain else root, "")


def chain_of(view: FileView, root: cst.CSTNode) -> list[tuple[Segment, cst.CSTNode]]:
    """The attribute and subscript chain read off `root`, outermost last."""
    out: list[tuple[Segment, cst.CSTNode]] = []
    node = root
    while True:
        parent = view.parent(node)
        if isinstance(parent, cst.Attribute) and parent.value is node:
            out.append((parent.attr.value, parent))
        elif isinstance(parent, cst.Subscript) and parent.value is node:
            out.append((index_of(parent), parent))
        else:
            return out
        node = parent


def index_of(node: cst.Subscript) -> Segment:
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        value = node.slice[0].slice.value
        if isinstance(value, cst.Integer):
            return int(value.value)
        if isinstance(value, cst.SimpleString) and isinstance(value.evaluated_value, str):
            return Key(value.evaluated_value)
        return ANY
    return Key("")  # a slice: matches no rule


def matches(pattern: tuple[Segment, ...], segments: tuple[Segment, ...], exact: bool) -> bool:
    if len(segments) < len(pattern) or (exact and len(segments) != len(pattern)):
        return False
    for want, got in zip(pattern, segments, strict=False):
        if want is ANY:
            if isinstance(got, (str, Key)):
                return False
        elif want != got:
            return False
    return True


def rebuild(peel: int, tail: tuple[Segment, ...]) -> Rewrite:
    def rewrite(node: cst.CSTNode) -> cst.CSTNode:
        base = node
        for _ in range(peel):
            assert isinstance(base, (cst.Attribute, cst.Subscript))
            base = base.value
        assert isinstance(base, cst.BaseExpression)
        for segment in tail:
            base = _apply(base, segment)
        return base

    return rewrite


def _apply(base: cst.BaseExpression, segment: Segment) -> cst.BaseExpression:
    if isinstance(segment, str):
        return cst.Attribute(base, cst.Name(segment))
    index: cst.BaseExpression
    if isinstance(segment, int):
        index = cst.Integer(str(segment))
    elif isinstance(segment, Key):
        index = cst.SimpleString(f'"{segment.key}"')
    else:
        raise ValueError("a rule's tail cannot hold ANY")
    return cst.Subscript(base, [cst.SubscriptElement(cst.Index(index))])


def _map_stop_reason(view: FileView, node: cst.CSTNode, plan: ResponsePlan) -> bool:
    """`msg.stop_reason == "end_turn"`: the literals are mapped to finish reasons."""
    parent = view.parent(node)
    if not isinstance(parent, cst.Comparison) or parent.left is not node:
        return False
    literals: list[cst.SimpleString] = []
    for target in parent.comparisons:
        value = target.comparator
        if isinstance(value, (cst.Tuple, cst.List, cst.Set)):
            literals.extend(
                el.value for el in value.elements if isinstance(el.value, cst.SimpleString)
            )
            if len(literals) != sum(1 for _ in value.elements):
                return False
        elif isinstance(value, cst.SimpleString):
            literals.append(value)
        else:
            return False
    if not all(lit.evaluated_value in STOP_REASONS for lit in literals):
        return False
    for lit in literals:
        mapped = STOP_REASONS[str(lit.evaluated_value)]
        new = lit.with_changes(value=f"{lit.prefix}{lit.quote}{mapped}{lit.quote}")
        plan.rewrites[lit] = _replace_with(new)
    return True


def _replace_with(node: cst.CSTNode) -> Rewrite:
    return lambda _updated: node


def _plan_items(view: FileView, node: cst.CSTNode, plan: ResponsePlan) -> bool:
    """`for item in resp.data`: each `item.embedding` becomes `item["embedding"]`."""
    parent = view.parent(node)
    if isinstance(parent, cst.Arg) and _is_len(view.parent(parent)):
        return True
    if not isinstance(parent, (cst.CompFor, cst.For)) or parent.iter is not node:
        return False
    if not isinstance(parent.target, cst.Name):
        return False
    for use in references(view, parent.target, plan):
        chain = chain_of(view, use)
        if not chain or chain[0][0] not in ("embedding", "index"):
            unproven(view, plan, use, "")
            continue
        plan.rewrites[chain[0][1]] = rebuild(1, (Key(str(chain[0][0])),))
    return True


def _keys_to_attributes(chain: list[tuple[Segment, cst.CSTNode]], plan: ResponsePlan) -> bool:
    """v0 `resp["choices"][0]["message"]` read as attributes, for pydantic responses."""
    keys = [(segment, node) for segment, node in chain if isinstance(segment, Key)]
    if not keys or not all(segment.key.isidentifier() for segment, _ in keys):
        return False
    for segment, node in keys:
        assert isinstance(segment, Key)
        plan.rewrites[node] = _attribute_of(segment.key)
    return True


def _attribute_of(name: str) -> Rewrite:
    def rewrite(node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.Subscript)
        return cst.Attribute(node.value, cst.Name(name))

    return rewrite


def _is_len(call: cst.CSTNode | None) -> bool:
    return isinstance(call, cst.Call) and m.matches(call.func, m.Name("len"))


def _text_stream(is_async: bool, peel: int) -> Rewrite:
    """`stream.text_stream` -> the text of each OpenAI-shaped chunk, empty ones skipped."""
    loop = "async for" if is_async else "for"
    text = "chunk.choices[0].delta.content"
    template = f"({text} {loop} chunk in STREAM if chunk.choices and {text})"

    def rewrite(node: cst.CSTNode) -> cst.CSTNode:
        base = node
        for _ in range(peel):
            assert isinstance(base, cst.Attribute)
            base = base.value
        generator = cst.parse_expression(template)
        assert isinstance(generator, cst.GeneratorExp) and isinstance(base, cst.BaseExpression)
        return generator.with_changes(for_in=generator.for_in.with_changes(iter=base))

    return rewrite


def unproven(view: FileView, plan: ResponsePlan, node: cst.CSTNode, why: str) -> None:
    shown = node
    parent = view.parent(node)
    if isinstance(parent, (cst.Call, cst.Arg)):
        shown = parent
    line = view.line_of(node)
    reason = why or f"`{code_of(shown)}`"
    plan.issues.append(
        Issue(
            Safety.UNSAFE, f"response used in ways the codemod cannot prove (line {line}: {reason})"
        )
    )
