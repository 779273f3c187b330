"""Prove, and rewrite, how a migrated stream is read.

The stream is the call (or `await` of it), or a variable bound once to it, or
the name a `with` statement binds it to; Bedrock's is `resp["stream"]`. It
may only be iterated (`for`, `async for`, a comprehension) or entered
(`with`; a layer whose streams are bare iterators gets `contextlib.closing`).
Each read of an event must match the vendor's chunk rules
(`chunk_rules.py`): a text read, or a guard that selects the events with
text. Anything else leaves the site unproven: unsafe, with the line it is on.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from vendorlock.migrators.chunk_rules import CHUNK_RULES, DELTA_CONTENT, ChunkRules
from vendorlock.migrators.ir import CallSite, ImportNeed
from vendorlock.migrators.loops import inside, loop_references
from vendorlock.migrators.project import FileView
from vendorlock.migrators.response_rules import Key
from vendorlock.migrators.responses import (
    ResponsePlan,
    Rewrite,
    chain_of,
    index_of,
    matches,
    rebuild,
    references,
    unproven,
)
from vendorlock.migrators.targets.base import Target

# Where `x or ""` needs no parentheses: it is a whole argument, element, value or statement.
_WHOLE = (
    cst.Arg,
    cst.Element,
    cst.StarredElement,
    cst.DictElement,
    cst.Assign,
    cst.AnnAssign,
    cst.AugAssign,
    cst.Return,
    cst.Expr,
    cst.Index,
    cst.GeneratorExp,
    cst.ListComp,
    cst.SetComp,
    cst.FormattedStringExpression,
    cst.Yield,
)
_CONDITIONS = (cst.If, cst.While, cst.CompIf, cst.IfExp)
_COMPREHENSIONS = (cst.GeneratorExp, cst.ListComp, cst.SetComp)
# The event a guard reads, out of the (rewritten) comparison.
EventOf = Callable[[cst.Comparison], cst.BaseExpression]


def is_stream(site: CallSite) -> bool:
    """Whether the site is a vendor stream whose events are not OpenAI's chunks."""
    return site.stream and site.response in CHUNK_RULES


def plan_stream(view: FileView, call: cst.Call, site: CallSite, target: Target) -> ResponsePlan:
    """What must change where the stream `call` returns is used, under this target."""
    plan = ResponsePlan()
    result: cst.CSTNode = call
    parent = view.parent(call)
    if isinstance(parent, cst.Await):
        result = parent
    _Stream(view, CHUNK_RULES[site.response], target, plan).use(result)
    return plan


class _Stream:
    """The walk over the uses of one stream."""

    def __init__(self, view: FileView, rules: ChunkRules, target: Target, plan: ResponsePlan):
        self.view, self.rules, self.target, self.plan = view, rules, target, plan
        # code that runs only when a guard found text: its text reads need no `or ""`
        self.guarded: list[cst.CSTNode] = []

    def use(self, node: cst.CSTNode) -> None:
        parent = self.view.parent(node)
        if isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is node:
            self._loop(parent)
        elif isinstance(parent, cst.WithItem) and parent.item is node:
            self._with(node, parent)
        elif isinstance(parent, cst.Assign) and parent.value is node and len(parent.targets) == 1:
            name = parent.targets[0].target
            if not isinstance(name, cst.Name):
                unproven(self.view, self.plan, node, "the stream is not assigned to a variable")
                return
            for reference in references(self.view, name, self.plan):
                self.use(reference)
        elif self._is_stream_key(node, parent):
            assert isinstance(parent, cst.Subscript)
            self.plan.rewrites[parent] = rebuild(1, ())
            self.use(parent)
        else:
            unproven(self.view, self.plan, node, "the stream is not iterated or entered here")

    def _is_stream_key(self, node: cst.CSTNode, parent: cst.CSTNode | None) -> bool:
        key = self.rules.stream_key
        return (
            key is not None
            and isinstance(parent, cst.Subscript)
            and parent.value is node
            and index_of(parent) == Key(key)
        )

    def _with(self, node: cst.CSTNode, item: cst.WithItem) -> None:
        """`with S as s`: the layer's stream must be a context manager too."""
        statement = self.view.parent(item)
        is_async = isinstance(statement, cst.With) and statement.asynchronous is not None
        closers = self.target.stream_closers
        if closers is not None:
            self.plan.rewrites[node] = _wrapped(closers[is_async])
            self.plan.imports.append(ImportNeed(closers[is_async].partition(".")[0]))
        if item.asname is None:
            return
        if not isinstance(item.asname.name, cst.Name):
            unproven(self.view, self.plan, item, "the stream is not bound to a name")
            return
        for reference in references(self.view, item.asname.name, self.plan):
            self.use(reference)

    def _loop(self, loop: cst.For | cst.CompFor) -> None:
        if not isinstance(loop.target, cst.Name):
            unproven(self.view, self.plan, loop.target, "the stream's events are unpacked")
            return
        # guards first, so that the text reads they guard are known as such
        found = loop_references(self.view, loop, loop.target, self.plan)
        reads = [reference for reference in found if not self._guard(reference)]
        for reference in reads:
            self._read(reference)

    def _guard(self, reference: cst.CSTNode) -> bool:
        """A guard on an event's kind (`"contentBlockDelta" in ev`, `ev.type == ...`)."""
        chain = chain_of(self.view, reference)
        if not chain:
            return self._key_guard(reference)
        guard = self.rules.type_guard
        if guard is None or tuple(segment for segment, _ in chain) != (guard[0],):
            return False
        return self._type_guard(chain[0][1], guard)

    def _read(self, reference: cst.CSTNode) -> None:
        """One read of a stream event that is not a guard: its text, or unproven."""
        chain = chain_of(self.view, reference)
        segments = tuple(segment for segment, _ in chain)
        if not chain:
            unproven(self.view, self.plan, reference, "")
            return
        for rule in self.rules.texts:
            if matches(rule.pattern, segments, rule.exact):
                end = chain[len(rule.pattern) - 1][1]
                self.plan.rewrites[end] = self._text(end, len(rule.pattern))
                return
        unproven(self.view, self.plan, chain[-1][1], "")

    def _text(self, node: cst.CSTNode, peel: int) -> Rewrite:
        """The event's text as the chunk's delta content (`or ""` where the vendor's is a str)."""
        read = rebuild(peel, DELTA_CONTENT)
        if not self.rules.or_empty or any(inside(self.view, node, code) for code in self.guarded):
            return read
        empty = cst.SimpleString(_empty_quotes(self.view, node))
        parens = not isinstance(self.view.parent(node), _WHOLE)

        def rewrite(updated: cst.CSTNode) -> cst.CSTNode:
            content = read(updated)
            assert isinstance(content, cst.BaseExpression)
            either = cst.BooleanOperation(content, cst.Or(), empty)
            if parens:
                return either.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
            return either

        return rewrite

    def _type_guard(self, node: cst.CSTNode, guard: tuple[str, str]) -> bool:
        """`ev.type == "content-delta"` (or `!=`) in a condition."""
        comparison = self.view.parent(node)
        if not isinstance(comparison, cst.Comparison) or len(comparison.comparisons) != 1:
            return False
        target = comparison.comparisons[0]
        value = target.comparator
        if not isinstance(value, cst.SimpleString) or value.evaluated_value != guard[1]:
            return False
        if not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
            return False
        negate = isinstance(target.operator, cst.NotEqual)
        return self._rewrite_guard(comparison, negate, lambda c: _attribute_base(c.left))

    def _key_guard(self, reference: cst.CSTNode) -> bool:
        """`"contentBlockDelta" in ev` (or `not in`) in a condition."""
        target, key = self.view.parent(reference), self.rules.key_guard
        comparison = self.view.parent(target) if target is not None else None
        if (
            key is None
            or not isinstance(target, cst.ComparisonTarget)
            or not isinstance(comparison, cst.Comparison)
            or len(comparison.comparisons) != 1
            or not isinstance(comparison.left, cst.SimpleString)
            or comparison.left.evaluated_value != key
        ):
            return False
        if not isinstance(target.operator, (cst.In, cst.NotIn)):
            return False
        negate = isinstance(target.operator, cst.NotIn)
        return self._rewrite_guard(comparison, negate, lambda c: c.comparisons[0].comparator)

    def _rewrite_guard(self, comparison: cst.Comparison, negate: bool, event: EventOf) -> bool:
        """Rewrite a guard to the truth of the chunk's text: true exactly for events with text."""
        if not self._in_condition(comparison):
            return False
        if not negate:
            self.guarded.extend(self._guarded_by(comparison))

        def rewrite(updated: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(updated, cst.Comparison)
            content = _delta_content(event(updated))
            if negate:
                content = cst.UnaryOperation(cst.Not(), content)
            return content.with_changes(lpar=updated.lpar, rpar=updated.rpar)

        self.plan.rewrites[comparison] = rewrite
        return True

    def _guarded_by(self, test: cst.CSTNode) -> list[cst.CSTNode]:
        """The code that runs only when `test` (alone or under `and`) is true."""
        child, parent = test, self.view.parent(test)
        while isinstance(parent, cst.BooleanOperation) and isinstance(parent.operator, cst.And):
            child, parent = parent, self.view.parent(parent)
        if isinstance(parent, cst.If) and parent.test is child:
            return [parent.body]
        if isinstance(parent, cst.IfExp) and parent.test is child:
            return [parent.body]
        if isinstance(parent, cst.CompIf):
            loop = self.view.parent(parent)
            comprehension = self.view.parent(loop) if loop is not None else None
            if isinstance(comprehension, _COMPREHENSIONS):
                return [comprehension.elt]
        return []

    def _in_condition(self, node: cst.CSTNode) -> bool:
        """The node decides an `if`, `while`, conditional expression or comprehension filter,
        alone or under `and`, `or`, `not` (so only its truth is read)."""
        child, parent = node, self.view.parent(node)
        while isinstance(parent, (cst.BooleanOperation, cst.UnaryOperation)):
            if isinstance(parent, cst.UnaryOperation) and not isinstance(parent.operator, cst.Not):
                return False
            child, parent = parent, self.view.parent(parent)
        if isinstance(parent, cst.IfExp):
            return parent.test is child
        return isinstance(parent, _CONDITIONS) and getattr(parent, "test", None) is child


def _attribute_base(node: cst.BaseExpression) -> cst.BaseExpression:
    assert isinstance(node, cst.Attribute)
    return node.value


def _delta_content(event: cst.BaseExpression) -> cst.BaseExpression:
    read = rebuild(0, DELTA_CONTENT)(event)
    assert isinstance(read, cst.BaseExpression)
    return read


def _wrapped(factory: str) -> Rewrite:
    def rewrite(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.BaseExpression)
        return cst.Call(cst.parse_expression(factory), [cst.Arg(updated)])

    return rewrite


def _empty_quotes(view: FileView, node: cst.CSTNode) -> str:
    """`""`, or `''` inside a double-quoted f-string (the same quote cannot nest before 3.12)."""
    current = view.parent(node)
    while current is not None:
        if isinstance(current, cst.FormattedString):
            return "''" if '"' in current.start else '""'
        current = view.parent(current)
    return '""'
