"""What a module offers the modules that import it: names, factories and classes.

Only what can change another module's answer is kept: vendor values, project
functions, classes and instances, URL-like constants (base URLs decide
providers) and client factories' service names (`"bedrock-runtime"` decides
what `boto3.client` makes). Plain literals are dropped so the table stays small.
"""

from __future__ import annotations

from functools import cache

from vendorlock.auditor.catalogue import Catalogue
from vendorlock.auditor.evaluate import AFTER_EVERYTHING, Evaluator
from vendorlock.auditor.scopes import Scope
from vendorlock.auditor.values import (
    ClassRef,
    ClassSummary,
    Elements,
    EnvRead,
    FunctionRef,
    Instance,
    ModuleExports,
    ProjectModule,
    StrConst,
    Value,
    is_vendor,
)


def _worth_exporting(value: Value | None, services: frozenset[str] = frozenset()) -> bool:
    if value is None:
        return False
    if is_vendor(value) or isinstance(value, (FunctionRef, ClassRef, Instance, EnvRead, Elements)):
        return True
    if isinstance(value, ProjectModule):
        return True
    if not isinstance(value, StrConst):
        return False
    # Base URLs decide providers; a service name (`"bedrock-runtime"`) decides what a client
    # factory makes.
    return "://" in value.value or "localhost" in value.value or value.value in services


def compute_exports(evaluator: Evaluator) -> ModuleExports:
    """The exports of the module `evaluator` analyses."""
    module = evaluator.module_scope
    names: dict[str, Value] = {}
    services = _factory_services(evaluator.catalogue)
    for name in sorted(module.bindings):
        value = evaluator.lookup(name, module, AFTER_EVERYTHING)
        if value is not None and _worth_exporting(value, services):
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


@cache
def _factory_services(catalogue: Catalogue) -> frozenset[str]:
    """The service names of every client factory (`boto3.client("bedrock-runtime")`)."""
    return frozenset(
        service
        for spec in catalogue.sdks.values()
        for factory in spec.client_factories
        for service in factory.services
    )
