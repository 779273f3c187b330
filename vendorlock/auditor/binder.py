"""Pass one: walk a module once and fill its binding table (see scopes.py)."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from vendorlock.auditor.scopes import (
    AttrSource,
    Binding,
    BindingKind,
    DictUpdate,
    ModuleTable,
    Scope,
    _decorator_names,
    _is_type_checking_test,
    dotted_name,
    resolve_relative,
)
from vendorlock.auditor.walk import TreeVisitor, walk


class Binder(TreeVisitor):
    """Records bindings per scope, in source order, with what gives each its value."""

    def __init__(self, module_name: str, is_package: bool, module: cst.Module) -> None:
        self.module_name = module_name
        self.is_package = is_package
        root = Scope(kind="module", qualname=module_name, parent=None, node=module)
        self.table = ModuleTable(
            module_scope=root,
            scope_of={module: root},
            order_of={},
            attribute_assignments=[],
            dict_updates={},
            type_checking_imports=set(),
            imports=[],
        )
        self.stack: list[Scope] = [root]
        self.order = 0
        self.type_checking_depth = 0

    # -- helpers -----------------------------------------------------------------

    @property
    def scope(self) -> Scope:
        return self.stack[-1]

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.order += 1
        self.table.order_of[node] = self.order
        return super().on_visit(node)

    def _target_scope(self, name: str) -> Scope:
        scope = self.scope
        if name in scope.declared_global:
            return scope.module()
        if name in scope.declared_nonlocal:
            parent = scope.parent
            while parent is not None and parent.kind == "class":
                parent = parent.parent
            if parent is not None:
                return parent
        return scope

    def _bind(self, name: str, kind: BindingKind, node: cst.CSTNode, **extra: object) -> None:
        binding = Binding(
            name=name,
            kind=kind,
            order=self.table.order_of.get(node, self.order),
            eval_scope=self.scope,
            node=node,
            **extra,  # type: ignore[arg-type]
        )
        self._target_scope(name).add(binding)

    def _push(self, node: cst.CSTNode, kind: str, name: str) -> Scope:
        parent = self.scope
        qualname = f"{parent.qualname}.{name}" if name else parent.qualname
        scope = Scope(kind=kind, qualname=qualname, parent=parent, node=node)
        self.table.scope_of[node] = scope
        self.stack.append(scope)
        return scope

    def _pop(self) -> None:
        self.stack.pop()

    # -- imports -----------------------------------------------------------------

    def visit_Import(self, node: cst.Import) -> None:
        self.table.imports.append((node, self.scope))
        type_only = self.type_checking_depth > 0
        if type_only:
            self.table.type_checking_imports.add(node)
        for alias in node.names:
            full = dotted_name(alias.name)
            if full is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._bind(
                    alias.asname.name.value,
                    BindingKind.IMPORT,
                    node,
                    qualname=full,
                    type_only=type_only,
                )
            else:
                top = full.split(".", 1)[0]
                self._bind(top, BindingKind.IMPORT, node, qualname=top, type_only=type_only)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.table.imports.append((node, self.scope))
        type_only = self.type_checking_depth > 0
        if type_only:
            self.table.type_checking_imports.add(node)
        module = self.absolute_module(node)
        if isinstance(node.names, cst.ImportStar):
            self.scope.star_imports.append(module)
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            if name is None:
                continue
            bound = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                bound = alias.asname.name.value
            qualname = f"{module}.{name}" if module else name
            self._bind(bound, BindingKind.IMPORT_FROM, node, qualname=qualname, type_only=type_only)

    def absolute_module(self, node: cst.ImportFrom) -> str:
        target = dotted_name(node.module) if node.module is not None else None
        level = len(node.relative)
        if level == 0:
            return target or ""
        return resolve_relative(self.module_name, self.is_package, level, target)

    # -- definitions -------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        name = node.name.value
        self._bind(name, BindingKind.FUNCTION, node)
        owner = self.scope if self.scope.kind == "class" else None
        scope = self._push(node, "function", name)
        scope.owner = owner
        decorators = _decorator_names(node)
        if owner is not None:
            if "staticmethod" in decorators:
                scope.receiver_kind = "none"
            elif "classmethod" in decorators:
                scope.receiver_kind = "class"
        self._bind_params(node.params, scope)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._pop()

    def _bind_params(self, params: cst.Parameters, scope: Scope) -> None:
        ordered: Sequence[cst.Param] = [*params.posonly_params, *params.params]
        all_params = [*ordered, *params.kwonly_params]
        for extra in (params.star_arg, params.star_kwarg):
            if isinstance(extra, cst.Param):
                all_params.append(extra)
        if scope.owner is not None and scope.receiver_kind != "none" and ordered:
            scope.receiver = ordered[0].name.value
        for param in all_params:
            self._bind(param.name.value, BindingKind.PARAM, param, param=param)

    def visit_Lambda(self, node: cst.Lambda) -> None:
        scope = self._push(node, "lambda", "")
        self._bind_params(node.params, scope)

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name.value, BindingKind.CLASS, node)
        scope = self._push(node, "class", node.name.value)
        scope.bases = [arg.value for arg in node.bases if arg.keyword is None]

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._pop()

    def _visit_comprehension(self, node: cst.CSTNode) -> None:
        self._push(node, "comprehension", "")

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._visit_comprehension(node)

    def leave_ListComp(self, original_node: cst.ListComp) -> None:
        self._pop()

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._visit_comprehension(node)

    def leave_SetComp(self, original_node: cst.SetComp) -> None:
        self._pop()

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._visit_comprehension(node)

    def leave_DictComp(self, original_node: cst.DictComp) -> None:
        self._pop()

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._visit_comprehension(node)

    def leave_GeneratorExp(self, original_node: cst.GeneratorExp) -> None:
        self._pop()

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._bind_target(node.target, None, node)

    # -- statements that bind ----------------------------------------------------

    def visit_Global(self, node: cst.Global) -> None:
        self.scope.declared_global.update(item.name.value for item in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        self.scope.declared_nonlocal.update(item.name.value for item in node.names)

    def visit_If(self, node: cst.If) -> None:
        if _is_type_checking_test(node.test):
            self.type_checking_depth += 1

    def leave_If(self, original_node: cst.If) -> None:
        if _is_type_checking_test(original_node.test):
            self.type_checking_depth -= 1

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind_target(target.target, node.value, node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        target = node.target
        if isinstance(target, cst.Name):
            if node.value is not None:
                self._bind(target.value, BindingKind.VALUE, node, value=node.value)
            self._bind(target.value, BindingKind.ANNOTATION, node, value=node.annotation.annotation)
        elif isinstance(target, cst.Attribute):
            value = node.value if node.value is not None else None
            self._record_attribute(target, value, node, node.annotation.annotation)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        if isinstance(node.target, cst.Name):
            self._bind(node.target.value, BindingKind.VALUE, node, value=node.value)

    def visit_For(self, node: cst.For) -> None:
        self._bind_target(node.target, None, node)

    def visit_With(self, node: cst.With) -> None:
        for item in node.items:
            if item.asname is not None:
                self._bind_target(item.asname.name, item.item, node)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None and isinstance(node.name.name, cst.Name):
            self._bind(node.name.name.value, BindingKind.UNKNOWN, node)

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            function = self._enclosing_function()
            if function is not None:
                function.returns.append(node.value)

    def _enclosing_function(self) -> Scope | None:
        for scope in reversed(self.stack):
            if scope.kind == "function":
                return scope
            if scope.kind in {"class", "module"}:
                return None
        return None

    def _bind_target(
        self, target: cst.BaseExpression, value: cst.BaseExpression | None, node: cst.CSTNode
    ) -> None:
        if isinstance(target, cst.Name):
            if value is None:
                self._bind(target.value, BindingKind.UNKNOWN, node)
            else:
                self._bind(target.value, BindingKind.VALUE, node, value=value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            values = value.elements if isinstance(value, (cst.Tuple, cst.List)) else None
            if values is None and value is not None and _unpacks_by_position(target):
                self._bind_elements(target, value, node)
                return
            for index, element in enumerate(target.elements):
                paired = None
                if values is not None and len(values) == len(target.elements):
                    paired = values[index].value
                self._bind_target(element.value, paired, node)
        elif isinstance(target, cst.Attribute):
            self._record_attribute(target, value, node, None)
        elif isinstance(target, cst.Subscript) and value is not None:
            self._record_dict_update(target, value, node)

    def _bind_elements(
        self, target: cst.Tuple | cst.List, value: cst.BaseExpression, node: cst.CSTNode
    ) -> None:
        """`client, options = request_options(...)`: each name is an element of the value."""
        for index, element in enumerate(target.elements):
            if isinstance(element.value, cst.Name):
                self._bind(element.value.value, BindingKind.VALUE, node, value=value, element=index)
            else:
                self._bind_target(element.value, None, node)

    def _record_attribute(
        self,
        target: cst.Attribute,
        value: cst.BaseExpression | None,
        node: cst.CSTNode,
        annotation: cst.BaseExpression | None,
    ) -> None:
        order = self.table.order_of.get(node, self.order)
        if value is not None:
            self.table.attribute_assignments.append((target, value, self.scope, order))
        method = self.scope
        if (
            method.kind == "function"
            and method.owner is not None
            and method.receiver is not None
            and isinstance(target.value, cst.Name)
            and target.value.value == method.receiver
        ):
            attrs = method.owner.self_attrs.setdefault(target.attr.value, [])
            if value is not None:
                attrs.append(AttrSource(value, method, order))
            if annotation is not None:
                attrs.append(AttrSource(annotation, method, order, is_annotation=True))

    def _record_dict_update(
        self, target: cst.Subscript, value: cst.BaseExpression, node: cst.CSTNode
    ) -> None:
        if not isinstance(target.value, cst.Name) or len(target.slice) != 1:
            return
        index = target.slice[0].slice
        if isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString):
            scope = self._target_scope(target.value.value)
            key = (id(scope), target.value.value)
            update = DictUpdate(
                key=index.value, value=value, order=self.table.order_of.get(node, self.order)
            )
            self.table.dict_updates.setdefault(key, []).append(update)


def _unpacks_by_position(target: cst.Tuple | cst.List) -> bool:
    """No starred element, so each target's index is its element's index."""
    return not any(isinstance(element, cst.StarredElement) for element in target.elements)


def bind_module(module: cst.Module, module_name: str, is_package: bool) -> ModuleTable:
    """Run pass one over `module`."""
    binder = Binder(module_name, is_package, module)
    walk(binder, module)
    return binder.table
