"""A client built differently on different paths: which constructor reaches a call is unknown.

The scan gives a call one `client_origin`, the last constructor it saw. When the
receiver is bound on several paths with different code (`client = OpenAI(base_url=A)`
in an `if`, `client = OpenAI(base_url=B)` in its `else`), carrying that one
constructor's key and URL sends some of the requests to the wrong place, so the
site is left for a person.

The receiver's root is a name or `self.<attr>`. For a name, its bindings are those
before the call in its own scope (all of them when it is read from an enclosing
scope); for `self.<attr>`, the assignments in every method of the class, whose
order is unknown. A binding in a block that encloses the call (a straight-line
re-assignment) hides the ones before it; `= None` placeholders and identical code
on two paths are no conflict.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import Assignment

from vendorlock.migrators.carry import code_of
from vendorlock.migrators.project import FileView
from vendorlock.migrators.site import Site

# Blocks whose body always runs once entered: a binding there holds after the block.
_STRAIGHT = (cst.With,)
_BLOCKS = (cst.IndentedBlock, cst.SimpleStatementSuite, cst.Module)


@dataclass(frozen=True)
class _Binding:
    """One assignment of the receiver's root: where it is and what it assigns."""

    node: cst.CSTNode  # the assignment (or `with` item) itself
    value: cst.BaseExpression
    line: int
    column: int
    method: cst.FunctionDef | None = None  # for `self.<attr>`: the method it is in


def competing_clients(site: Site) -> str | None:
    """Why the client of `site` cannot be read from one constructor, or None when it can."""
    receiver = site.receiver()
    root = _root(site.file, receiver, site.call) if receiver is not None else None
    if isinstance(root, cst.Name):
        reaching = _reaching_name(site.file, root, site.call)
    elif isinstance(root, cst.Attribute):
        reaching = _reaching_attribute(site.file, root, site.call)
    else:
        return None
    built = [binding for binding in reaching if not _is_none(binding.value)]
    if len({_canonical(binding.value) for binding in built}) < 2:
        return None
    lines = ", ".join(str(binding.line) for binding in built)
    methods = {binding.method for binding in built}
    why = "the order the methods run" if len(methods) > 1 else "the path taken"
    return (
        f"the client `{code_of(root)}` is built in {len(built)} places (lines {lines}) with "
        f"different configuration; which one reaches this call depends on {why}"
    )


def _root(view: FileView, receiver: cst.BaseExpression, call: cst.Call) -> cst.CSTNode | None:
    """`client` for `client` or `client.beta`; `self.client` for `self.client.beta`."""
    node = receiver
    while isinstance(node, cst.Attribute):
        if isinstance(node.value, cst.Name) and _method_of(view, call, node.value.value):
            return node
        node = node.value
    return node if isinstance(node, cst.Name) else None


# -- a name ----------------------------------------------------------------------------------


def _reaching_name(view: FileView, name: cst.Name, call: cst.Call) -> list[_Binding]:
    scope = view.scopes.get(name)
    if scope is None:
        return []
    assignments = [a for a in scope[name.value] if isinstance(a, Assignment)]
    bindings = sorted(
        (b for b in (_name_binding(view, a.node) for a in assignments) if b is not None),
        key=lambda b: (b.line, b.column),
    )
    if all(a.scope is scope for a in assignments):
        start = view.positions[call].start
        bindings = [b for b in bindings if (b.line, b.column) < (start.line, start.column)]
    return _from_last_dominating(view, bindings, call)


def _name_binding(view: FileView, target: cst.CSTNode) -> _Binding | None:
    """The binding that assigns `target` (a name), when it assigns a value we can compare."""
    parent = view.parent(target)
    holder = view.parent(parent) if isinstance(parent, (cst.AssignTarget, cst.AsName)) else parent
    if holder is None:
        return None
    value: cst.BaseExpression | None = None
    if isinstance(holder, (cst.Assign, cst.AnnAssign, cst.NamedExpr)):
        value = holder.value  # tuple targets and `for` loops bind no single value
    elif isinstance(holder, cst.WithItem):
        value = holder.item
    return _binding(view, holder, value) if value is not None else None


# -- self.<attr> -----------------------------------------------------------------------------


def _reaching_attribute(view: FileView, root: cst.Attribute, call: cst.Call) -> list[_Binding]:
    """The `self.<attr>` bindings that may hold at the call, across the class's methods."""
    assert isinstance(root.value, cst.Name)
    own = _method_of(view, call, root.value.value)
    owner = _class_of(view, own) if own is not None else None
    if own is None or owner is None:
        return []
    start = view.positions[call].start
    before = [
        b
        for b in _attribute_bindings(view, own, root.attr.value)
        if (b.line, b.column) < (start.line, start.column)
    ]
    reaching = _from_last_dominating(view, before, call)
    if reaching and _dominates(view, reaching[0].node, call):
        return reaching  # set in this method on the way to the call: other methods do not matter
    for method in _methods(owner):
        if method is not own:
            bindings = _attribute_bindings(view, method, root.attr.value)
            reaching += _from_last_dominating(view, bindings, method.body)
    return reaching


def _method_of(view: FileView, node: cst.CSTNode, receiver: str) -> cst.FunctionDef | None:
    """The method around `node` whose first parameter is `receiver` (`self`)."""
    current = view.parent(node)
    while current is not None:
        if isinstance(current, cst.FunctionDef) and _class_of(view, current) is not None:
            return current if _first_param(current) == receiver else None
        current = view.parent(current)
    return None


def _class_of(view: FileView, function: cst.FunctionDef) -> cst.ClassDef | None:
    """The class `function` is a method of, if it is one."""
    block = view.parent(function)
    owner = view.parent(block) if block is not None else None
    return owner if isinstance(owner, cst.ClassDef) else None


def _methods(owner: cst.ClassDef) -> Iterable[cst.FunctionDef]:
    body = owner.body.body if isinstance(owner.body, cst.IndentedBlock) else ()
    return (statement for statement in body if isinstance(statement, cst.FunctionDef))


def _first_param(method: cst.FunctionDef) -> str | None:
    params = [*method.params.posonly_params, *method.params.params]
    return params[0].name.value if params else None


def _attribute_bindings(view: FileView, method: cst.FunctionDef, attr: str) -> list[_Binding]:
    finder = _AttributeAssigns(_first_param(method), attr)
    method.body.visit(finder)
    found = (_binding(view, node, value, method) for node, value in finder.found)
    return sorted(found, key=lambda b: (b.line, b.column))


class _AttributeAssigns(cst.CSTVisitor):
    """`self.<attr> = value` in a method body (nested classes have their own `self`)."""

    def __init__(self, receiver: str | None, attr: str) -> None:
        self.receiver = receiver
        self.attr = attr
        self.found: list[tuple[cst.CSTNode, cst.BaseExpression]] = []

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Assign(self, node: cst.Assign) -> None:
        if any(self._is_attr(target.target) for target in node.targets):
            self.found.append((node, node.value))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and self._is_attr(node.target):
            self.found.append((node, node.value))

    def _is_attr(self, target: cst.BaseExpression) -> bool:
        return (
            isinstance(target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value == self.receiver
            and target.attr.value == self.attr
        )


# -- paths -----------------------------------------------------------------------------------


def _binding(
    view: FileView,
    node: cst.CSTNode,
    value: cst.BaseExpression,
    method: cst.FunctionDef | None = None,
) -> _Binding:
    start = view.positions[node].start
    return _Binding(node, value, start.line, start.column, method)


def _from_last_dominating(
    view: FileView, bindings: Sequence[_Binding], point: cst.CSTNode
) -> list[_Binding]:
    """The bindings (in source order) that may hold at `point`: from the last one that
    always runs on the way there, or all of them when none does."""
    for index in range(len(bindings) - 1, -1, -1):
        if _dominates(view, bindings[index].node, point):
            return list(bindings[index:])
    return list(bindings)


def _dominates(view: FileView, node: cst.CSTNode, point: cst.CSTNode) -> bool:
    """True when `node` sits in a block that encloses `point` (or `point` itself)."""
    block = _block_of(view, node)
    current: cst.CSTNode | None = point
    while current is not None:
        if current is block:
            return True
        current = view.parent(current)
    return False


def _block_of(view: FileView, node: cst.CSTNode) -> cst.CSTNode | None:
    """The block a statement runs in, seen through `with` bodies, which always run."""
    current = view.parent(node)
    while current is not None:
        if isinstance(current, _BLOCKS) and not isinstance(view.parent(current), _STRAIGHT):
            return current
        current = view.parent(current)
    return None


def _is_none(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Name) and value.value == "None"


def _canonical(value: cst.BaseExpression) -> str:
    """The value's code with layout, comments and redundant parentheses set aside."""
    code = code_of(value)
    try:
        return ast.dump(ast.parse(code, mode="eval"))
    except SyntaxError:
        return code
