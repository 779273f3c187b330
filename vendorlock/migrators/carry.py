"""Move an expression from where a client is configured to the call site.

`OpenAI(api_key=KEY)` built in `app/llm.py` and called in `app/main.py`: the
new call in `main.py` needs `KEY` too. Literals and environment reads move as
they are; a module-level name of the other module is imported; a local of the
function that built the client cannot be reached from the call, so the site is
left for a person.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import Assignment, BaseAssignment, BuiltinAssignment, GlobalScope

from vendorlock.migrators.cstutil import is_env_read, is_literal
from vendorlock.migrators.ir import ImportNeed, Issue, Safety
from vendorlock.migrators.project import FileView

_CODE = cst.Module([])


@dataclass(frozen=True)
class Carried:
    """An expression usable at the call site, the imports it needs, and any doubts."""

    value: cst.BaseExpression
    imports: tuple[ImportNeed, ...] = ()
    issues: tuple[Issue, ...] = ()


def code_of(node: cst.CSTNode) -> str:
    """The source text of a node, on one line."""
    return " ".join(_CODE.code_for_node(node).split())


def carry(
    value: cst.BaseExpression,
    origin: FileView,
    anchor: cst.CSTNode,
    target: FileView,
    at: cst.CSTNode,
    label: str,
) -> Carried:
    """`value` (written at `anchor` in `origin`) made valid at `at` in `target`."""
    clone = value.deep_clone()
    if is_literal(value):
        return Carried(clone)
    if is_env_read(value):
        return Carried(clone, imports=(ImportNeed("os"),))
    issues: list[Issue] = []
    if has_call(value):
        issues.append(
            Issue(
                Safety.UNSAFE,
                f"`{label}={code_of(value)}` would be evaluated at "
                "every call instead of once when the client is built",
            )
        )
    if origin.path == target.path and origin.scopes.get(anchor) is target.scopes.get(at):
        return Carried(clone, issues=tuple(issues))
    imports: list[ImportNeed] = []
    for name in sorted(_free_names(value)):
        need, issue = _reach(name, origin, anchor, target, at, f"{label}={code_of(value)}")
        imports.extend([need] if need else [])
        issues.extend([issue] if issue else [])
    return Carried(clone, tuple(imports), tuple(issues))


def _reach(
    name: str,
    origin: FileView,
    anchor: cst.CSTNode,
    target: FileView,
    at: cst.CSTNode,
    what: str,
) -> tuple[ImportNeed | None, Issue | None]:
    scope = origin.scopes.get(anchor)
    assignments = list(scope[name]) if scope is not None else []
    if any(isinstance(a, BuiltinAssignment) for a in assignments):
        return None, None
    if not assignments or not all(isinstance(a.scope, GlobalScope) for a in assignments):
        return None, Issue(
            Safety.MANUAL,
            f"`{what}` uses `{name}`, which is not visible "
            "where the call is (a local of the code that builds the client)",
        )
    if origin.path == target.path:
        if _sees_same_global(target, at, name):
            return None, None
        return None, Issue(Safety.UNSAFE, f"`{name}` means something else at the call")
    need = _import_for(name, assignments[0], origin)
    local = target.scopes.get(at)
    if local is not None and local[name] and not _imports_same(local[name], need):
        return None, Issue(
            Safety.UNSAFE,
            f"`{what}` needs `{name}`, which the calling module already uses for something else",
        )
    return need, None


def _import_for(name: str, assignment: object, origin: FileView) -> ImportNeed:
    node = assignment.node if isinstance(assignment, Assignment) else None
    if isinstance(node, cst.Import):
        for alias in node.names:
            if (alias.evaluated_alias or alias.evaluated_name.split(".")[0]) == name:
                if alias.evaluated_alias:
                    return ImportNeed(alias.evaluated_name, None, alias.evaluated_alias)
                return ImportNeed(alias.evaluated_name.split(".")[0])
    if isinstance(node, cst.ImportFrom) and not node.relative and node.module is not None:
        module = _dotted_name(node.module)
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                if (alias.evaluated_alias or alias.evaluated_name) == name:
                    return ImportNeed(module, alias.evaluated_name, alias.evaluated_alias)
    return ImportNeed(origin.module_name, name)


def _imports_same(assignments: Collection[BaseAssignment], need: ImportNeed) -> bool:
    for assignment in assignments:
        node = assignment.node if isinstance(assignment, Assignment) else None
        if (
            isinstance(node, cst.ImportFrom)
            and node.module is not None
            and need.name
            and _dotted_name(node.module) == need.module
        ):
            return True
        if isinstance(node, cst.Import) and need.name is None:
            return True
    return False


def _sees_same_global(target: FileView, at: cst.CSTNode, name: str) -> bool:
    scope = target.scopes.get(at)
    return scope is not None and all(isinstance(a.scope, GlobalScope) for a in scope[name])


def _dotted_name(node: cst.BaseExpression) -> str:
    return _CODE.code_for_node(node).strip()


def has_call(value: cst.BaseExpression) -> bool:
    finder = _Finder()
    value.visit(finder)
    return finder.calls > 0


def _free_names(value: cst.BaseExpression) -> set[str]:
    finder = _Finder()
    value.visit(finder)
    return finder.names


class _Finder(cst.CSTVisitor):
    """Names read by an expression (not attribute names or keywords) and calls made."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.calls = 0

    def visit_Call(self, node: cst.Call) -> bool:
        self.calls += 0 if is_env_read(node) else 1
        return True

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> bool:
        if node.value not in {"None", "True", "False"}:
            self.names.add(node.value)
        return False
