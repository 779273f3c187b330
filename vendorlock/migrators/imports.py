"""Vendor imports a rewrite may leave unused, handed to libcst's `RemoveImportsVisitor`.

Only imports that were in use before the rewrite are scheduled; the visitor
removes one only when nothing refers to it any more. An import that was
already unused is the user's business and is left alone.
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.metadata import Assignment

from vendorlock.auditor.catalogue import Catalogue
from vendorlock.migrators.project import FileView
from vendorlock.migrators.site import Site

ImportKey = tuple[str, str | None, str | None]  # (module, name, asname)


def used_vendor_imports(view: FileView, catalogue: Catalogue) -> list[ImportKey]:
    """Vendor imports referenced before the rewrite: removed after it if nothing uses them."""
    found: list[ImportKey] = []
    for statement in view.module.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            found.extend(_imports_of(view, small, catalogue))
    return found


def _imports_of(view: FileView, node: cst.CSTNode, catalogue: Catalogue) -> list[ImportKey]:
    if isinstance(node, cst.Import):
        return [
            (alias.evaluated_name, None, alias.evaluated_alias)
            for alias in node.names
            if catalogue.sdk_for_module(alias.evaluated_name) and _referenced(view, alias)
        ]
    if isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative:
        module = cst.Module([]).code_for_node(node.module)
        if not isinstance(node.names, cst.ImportStar):
            # `from google import genai`: the SDK is the imported name, not the module.
            return [
                (module, alias.evaluated_name, alias.evaluated_alias)
                for alias in node.names
                if catalogue.sdk_for_module(f"{module}.{alias.evaluated_name}")
                and _referenced(view, alias)
            ]
    return []


def _referenced(view: FileView, alias: cst.ImportAlias) -> bool:
    scope = view.scopes.get(alias)
    if scope is None:
        return False
    name = alias.evaluated_alias or alias.evaluated_name.split(".")[0]
    return any(
        isinstance(assignment, Assignment) and assignment.references
        for assignment in scope.assignments[name]
    )


def forget_client_import(context: CodemodContext, site: Site) -> None:
    """`from app.llm import client`: removed if the rewrite left it unused."""
    receiver = site.receiver()
    scope = site.file.scopes.get(receiver) if isinstance(receiver, cst.Name) else None
    if scope is None or not isinstance(receiver, cst.Name):
        return
    for assignment in scope[receiver.value]:
        node = assignment.node if isinstance(assignment, Assignment) else None
        if isinstance(node, cst.ImportFrom) and node.module and not node.relative:
            module = cst.Module([]).code_for_node(node.module)
            for alias in node.names if not isinstance(node.names, cst.ImportStar) else ():
                if (alias.evaluated_alias or alias.evaluated_name) == receiver.value:
                    RemoveImportsVisitor.remove_unused_import(
                        context, module, alias.evaluated_name, alias.evaluated_alias
                    )
