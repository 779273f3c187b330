"""A read-only walk over a libcst tree, several times faster than `node.visit`.

`CSTNode.visit` is built for transformers: every node it passes rebuilds itself
from its (possibly replaced) children, validates the result, and dispatches
each hook through `getattr` and abstract-class `isinstance` checks. Measured on
the corpus that was most of the scanner's time. Detection only reads the tree,
so this walk visits the same nodes in the same order with the same
`visit_*`/`leave_*` and `visit_<Node>_<field>` hooks, but:

* the order of a node type's fields is learnt once, from libcst itself (by
  running the type's own child visit with a recorder), then read from a table;
* hooks are looked up once per visitor class and node type;
* trivia (whitespace, commas, parentheses, operators: nodes no hook of ours
  reads) is not descended into, nor are fields whose declared type holds only
  trivia.

`tests/auditor/test_walk.py` checks that the events match libcst's own walk
on every fixture file.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst

_TRIVIA_TYPES: tuple[type[cst.CSTNode], ...] = (
    cst.BaseParenthesizableWhitespace,
    cst.Comma,
    cst.Dot,
    cst.Semicolon,
    cst.Colon,
    cst.AssignEqual,
    cst.LeftParen,
    cst.RightParen,
    cst.LeftSquareBracket,
    cst.RightSquareBracket,
    cst.LeftCurlyBrace,
    cst.RightCurlyBrace,
    cst.Newline,
    cst.EmptyLine,
    cst.TrailingWhitespace,
    cst.Comment,
    cst.BaseAugOp,
    cst.BaseBinaryOp,
    cst.BaseBooleanOp,
    cst.BaseCompOp,
    cst.BaseUnaryOp,
)

Hook = Callable[[cst.CSTNode], object]


@functools.cache
def walked_fields(cls: type[cst.CSTNode]) -> frozenset[str]:
    """The fields of `cls` whose declared type admits a node that is not trivia."""
    hints = typing.get_type_hints(cls)  # resolves annotations libcst wrote as strings
    return frozenset(
        field.name
        for field in dataclasses.fields(cls)
        if _admits_walked_node(hints.get(field.name, field.type))
    )


def _admits_walked_node(annotation: object) -> bool:
    if isinstance(annotation, type):
        return issubclass(annotation, cst.CSTNode) and not issubclass(annotation, _TRIVIA_TYPES)
    return any(_admits_walked_node(argument) for argument in typing.get_args(annotation))


class _FieldRecorder(cst.CSTVisitor):
    """Notes the fields a node's own child visit goes through, in order."""

    def __init__(self) -> None:
        self.fields: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_leave(self, original_node: cst.CSTNode) -> None:
        return

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        self.fields.append(attribute)


# Field order per node type; for the few types whose child visit skips a field
# when it is None (an f-string's `format_spec`), per type and None-fields.
_FIELDS: dict[object, tuple[str, ...]] = {}
_NONE_DEPENDENT: set[type[cst.CSTNode]] = set()
_IS_NODE: dict[type, bool] = {}


def _shape(node: cst.CSTNode) -> object:
    """What decides the fields libcst visits on `node`: its type, sometimes its Nones."""
    cls = type(node)
    return (cls, _none_fields(node)) if cls in _NONE_DEPENDENT else cls


def _fields(node: cst.CSTNode) -> tuple[str, ...]:
    """The fields libcst visits on `node`, in its order."""
    key = _shape(node)
    known = _FIELDS.get(key)
    if known is None:
        known = _record_fields(node)
        if key is type(node) and any(name not in known for name in _none_fields(node)):
            # A None field was skipped: this type's fields depend on its Nones.
            _NONE_DEPENDENT.add(type(node))
            key = _shape(node)
        _FIELDS[key] = known
    return known


def _record_fields(node: cst.CSTNode) -> tuple[str, ...]:
    recorder = _FieldRecorder()
    node._visit_and_replace_children(recorder)  # builds an equal copy; once per type
    return tuple(recorder.fields)


def _none_fields(node: cst.CSTNode) -> frozenset[str]:
    return frozenset(name for name in walked_fields(type(node)) if getattr(node, name) is None)


def _is_walked(cls: type) -> bool:
    walked = _IS_NODE.get(cls)
    if walked is None:
        walked = _IS_NODE[cls] = issubclass(cls, cst.CSTNode) and not issubclass(cls, _TRIVIA_TYPES)
    return walked


@dataclass(frozen=True)
class _Plan:
    """What a visitor class does on one node type."""

    visit: Callable[..., object] | None
    leave: Callable[..., object] | None
    # (field, hook on entering it, hook on leaving it); trivia fields left out.
    fields: tuple[tuple[str, Callable[..., object] | None, Callable[..., object] | None], ...]


class TreeVisitor(cst.CSTVisitor):
    """A `CSTVisitor` to run with `walk()`; its hooks are the usual ones."""

    _plans: dict[object, _Plan]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls._plans = {}

    def _plan(self, node: cst.CSTNode) -> _Plan:
        cls = type(node)
        plan = self._plans.get(cls) if cls not in _NONE_DEPENDENT else None
        if plan is None:
            fields = _fields(node)  # first: it may find `cls` to depend on its Nones
            key = _shape(node)
            plan = self._plans.get(key)
            if plan is None:
                plan = self._plans[key] = self._make_plan(cls, fields)
        return plan

    def _make_plan(self, cls: type[cst.CSTNode], fields: tuple[str, ...]) -> _Plan:
        hook = self._hook
        name = cls.__name__
        walked = walked_fields(cls)
        planned = tuple(
            (field, hook(f"visit_{name}_{field}"), hook(f"leave_{name}_{field}"))
            for field in fields
            if field in walked or hook(f"visit_{name}_{field}") or hook(f"leave_{name}_{field}")
        )
        return _Plan(hook(f"visit_{name}"), hook(f"leave_{name}"), planned)

    @classmethod
    def _hook(cls, name: str) -> Callable[..., object] | None:
        """The visitor's own hook `name`; libcst's empty defaults count as none."""
        found = getattr(cls, name, None)
        return None if found is None or found is getattr(cst.CSTVisitor, name, None) else found

    # The dispatch `CSTVisitor` does with getattr on every node, from the table.
    def on_visit(self, node: cst.CSTNode) -> bool:
        visit = self._plan(node).visit
        if visit is None:
            return True
        return visit(self, node) is not False

    def on_leave(self, original_node: cst.CSTNode) -> None:
        leave = self._plan(original_node).leave
        if leave is not None:
            leave(self, original_node)


def walk(visitor: TreeVisitor, node: cst.CSTNode) -> None:
    """Visit `node` and its subtree with `visitor`'s hooks, in libcst's order."""
    if visitor.on_visit(node):
        plans = visitor._plans
        cls = type(node)
        plan = plans.get(cls) if cls not in _NONE_DEPENDENT else None
        for field, enter, leave in (plan or visitor._plan(node)).fields:
            if enter is not None:
                enter(visitor, node)
            value = getattr(node, field)
            if type(value) is tuple or type(value) is list:
                for child in value:
                    if _IS_NODE.get(type(child)) or _is_walked(type(child)):
                        walk(visitor, child)
            elif _IS_NODE.get(type(value)) or _is_walked(type(value)):
                walk(visitor, value)
            if leave is not None:
                leave(visitor, node)
    visitor.on_leave(node)
