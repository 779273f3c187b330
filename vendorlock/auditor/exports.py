"""What a module offers the modules that import it: names, factories and classes.

Only what can change another module's answer is kept: vendor values, project
functions, classes and instances, and URL-like constants (base URLs decide
providers). Plain literals are dropped so the table stays small.
"""

from __future__ import annotations

from vendorlock.auditor.evaluate import AFTER_EVERYTHING, Evaluator
from vendorlock.auditor.scopes import Scope
from vendorlock.auditor.values import (
    ClassRef,
    ClassSummary,
    EnvRead,
    FunctionRef,
    Instance,
    ModuleExports,
    ProjectModule,
    StrConst,
    Value,
    is_vendor,
)


def _worth_exporting(value: Value | None) -> bool:
    if value is None:
        return False
    if is_vendor(value) or isinstance(value, (FunctionRef, ClassRef, Instance, EnvRead)):
        return True
    if isinstance(value, ProjectModule):
        return True
    return isinstance(value, StrConst) and ("://" in value.value or "localhost" in value.value)


def compute_exports(evaluator: Evaluator) -> ModuleExports:
    """The exports of the module `evaluator` analyses."""
    module = evaluator.module_scope
    names: dict[str, Value] = {}
    for name in sorted(module.bindings):
        value = evaluator.lookup(name, module, AFTER_EVERYTHING)
        if value is not None and _worth_exporting(value):
            names[name] = value
    returns: dict[str, Value] = {}
    classes: dict[str, ClassSummary] = {}
    for qualname, scope in sorted(evaluator.defs.items()):
        if scope.kind == "function":
            value = evaluator.function_return(qualname)
            if value is not None and _worth_exporting(value):
                returns[qualname] = value
        else:
            classes[qualname] = _class_summary(evaluator, qualname, scope)
    return ModuleExports(names=names, returns=returns, classes=classes)


def _class_summary(evaluator: Evaluator, qualname: str, scope: Scope) -> ClassSummary:
    attributes: dict[str, Value] = {}
    for attr in sorted({*scope.bindings, *scope.self_attrs}):
        value = evaluator.class_attribute(qualname, attr, on_instance=True)
        if value is not None and _worth_exporting(value):
            attributes[attr] = value
    parent = scope.parent or scope
    bases = tuple(
        value
        for value in (evaluator.value_of(base, parent) for base in scope.bases)
        if value is not None and _worth_exporting(value)
    )
    return ClassSummary(bases=bases, attributes=attributes)
