"""A lean binding table, built in one pass over a libcst tree.

libcst's ScopeProvider and QualifiedNameProvider answer the same questions but
cost about two thirds of the per-file time on real code; this keeps only what
detection needs: which names each scope binds, from what, and in which order.
The two are checked against each other in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import libcst as cst


class BindingKind(Enum):
    IMPORT = "import"  # qualname is the module bound (`import a.b` binds `a`)
    IMPORT_FROM = "import-from"  # qualname is `module.name`
    VALUE = "value"  # `value` evaluated in `eval_scope`
    ANNOTATION = "annotation"  # `value` is a type expression
    PARAM = "param"
    FUNCTION = "function"
    CLASS = "class"
    UNKNOWN = "unknown"  # for targets, except-as, unpacking we do not follow


@dataclass(eq=False)
class Binding:
    name: str
    kind: BindingKind
    order: int
    eval_scope: Scope
    value: cst.BaseExpression | None = None
    qualname: str | None = None
    param: cst.Param | None = None
    type_only: bool = False
    node: cst.CSTNode | None = None  # the statement or definition that binds
    element: int | None = None  # `a, b = value`: the name is `value`'s element at this index


@dataclass(eq=False)
class AttrSource:
    """`self.<attr> = value` (or `self.<attr>: T`) seen in a method."""

    expression: cst.BaseExpression
    scope: Scope
    order: int
    is_annotation: bool = False


@dataclass(eq=False)
class Scope:
    kind: str  # module | class | function | lambda | comprehension
    qualname: str
    parent: Scope | None
    node: cst.CSTNode
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    declared_global: set[str] = field(default_factory=set)
    declared_nonlocal: set[str] = field(default_factory=set)
    star_imports: list[str] = field(default_factory=list)
    returns: list[cst.BaseExpression] = field(default_factory=list)
    # class scopes: `self.<attr> = value` from every method, with the method scope
    self_attrs: dict[str, list[AttrSource]] = field(default_factory=dict)
    bases: list[cst.BaseExpression] = field(default_factory=list)
    # function scopes that are methods: the class scope and the receiver's role
    owner: Scope | None = None
    receiver: str | None = None  # the first parameter's name
    receiver_kind: str = "instance"  # instance | class | none

    def add(self, binding: Binding) -> None:
        self.bindings.setdefault(binding.name, []).append(binding)

    def module(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope


@dataclass
class DictUpdate:
    """`params["key"] = value`, for features set away from the call."""

    key: cst.SimpleString
    value: cst.BaseExpression
    order: int


@dataclass
class ModuleTable:
    """Everything pass one learned about a module."""

    module_scope: Scope
    scope_of: dict[cst.CSTNode, Scope]
    order_of: dict[cst.CSTNode, int]
    attribute_assignments: list[tuple[cst.Attribute, cst.BaseExpression, Scope, int]]
    dict_updates: dict[tuple[int, str], list[DictUpdate]]  # (id(scope), name) -> updates
    type_checking_imports: set[cst.CSTNode]
    imports: list[tuple[cst.Import | cst.ImportFrom, Scope]]


def resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute module named by `from {'.' * level}{target} import ...` in `module`."""
    parts = module.split(".") if module else []
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: max(len(parts) - (level - 1), 0)]
    if target:
        parts.append(target)
    return ".".join(parts)


def dotted_name(node: cst.BaseExpression) -> str | None:
    """`a.b.c` for a Name/Attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_name(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


def _is_type_checking_test(test: cst.BaseExpression) -> bool:
    name = dotted_name(test)
    return name in {"TYPE_CHECKING", "typing.TYPE_CHECKING", "t.TYPE_CHECKING"}


def _decorator_names(node: cst.FunctionDef) -> set[str]:
    names = set()
    for decorator in node.decorators:
        name = dotted_name(decorator.decorator)
        if name:
            names.add(name.rsplit(".", 1)[-1])
    return names
