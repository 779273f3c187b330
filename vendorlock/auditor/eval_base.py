"""Shared state of the evaluator and the questions its parts ask each other.

The evaluator answers "which vendor value does this expression hold" for one
module. Its parts live in one module each (names, members, calls), joined in
`vendorlock.auditor.evaluate.Evaluator`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import libcst as cst

from vendorlock.auditor.catalogue import Catalogue, SdkIndex
from vendorlock.auditor.scopes import (
    Binding,
    ModuleTable,
    Scope,
)
from vendorlock.auditor.values import (
    Client,
    ClientClass,
    Member,
    ModuleExports,
    Origin,
    Value,
)

AFTER_EVERYTHING = 1 << 62
PENDING = object()
TYPE_WRAPPERS = frozenset({"Optional", "Union", "Annotated", "ClassVar", "Final", "Type", "type"})
PARTIALS = frozenset({"functools.partial", "functools.partialmethod"})
ENV_GETTERS = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault"})


@dataclass(frozen=True)
class ProjectView:
    """What one module may know of the others: their names and exports."""

    modules: frozenset[str]
    exports: Mapping[str, ModuleExports]
    # Top-level packages of the project. Scanning an SDK's own source (instructor,
    # a vendored openai) makes its modules project code, not vendor imports.
    packages: frozenset[str] = frozenset()

    def shadows_sdk(self, qualname: str) -> bool:
        return qualname.split(".", 1)[0] in self.packages

    def module_of(self, qualname: str) -> str | None:
        parts = qualname.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self.modules:
                return candidate
        return None


class EvaluatorBase:
    """State and memoisation common to every part of the evaluator."""

    def __init__(
        self,
        catalogue: Catalogue,
        table: ModuleTable,
        module_name: str,
        project: ProjectView,
        locate: Callable[[cst.CSTNode], Origin] | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.locate = locate
        self.table = table
        self.module_name = module_name
        self.project = project
        self.module_scope = table.module_scope
        self.defs: dict[str, Scope] = {
            scope.qualname: scope
            for scope in table.scope_of.values()
            if scope.kind in {"function", "class"}
        }
        self.module_providers: dict[str, str] = {}
        self.consumed: set[cst.CSTNode] = set()
        self._memo: dict[object, object] = {}

    # -- memoisation ---------------------------------------------------------------

    def _memoised(self, key: object, compute: object) -> Value | None:
        cached = self._memo.get(key)
        if cached is PENDING:
            return None
        if key in self._memo:
            return cached  # type: ignore[return-value]
        self._memo[key] = PENDING
        result = compute()  # type: ignore[operator]
        self._memo[key] = result
        return result  # type: ignore[no-any-return]

    # -- answered by the mixins (declared here so each mixin type-checks alone) ----------

    def value_of(self, node: cst.BaseExpression, scope: Scope) -> Value | None:
        raise NotImplementedError

    def lookup(self, name: str, scope: Scope, order: int) -> Value | None:
        raise NotImplementedError

    def classify(self, qualname: str) -> Value | None:
        raise NotImplementedError

    def attribute(self, base: Value | None, attr: str) -> Value | None:
        raise NotImplementedError

    def class_attribute(self, qualname: str, attr: str, on_instance: bool) -> Value | None:
        raise NotImplementedError

    def construct(self, cls: ClientClass, node: cst.Call | None, scope: Scope | None) -> Client:
        raise NotImplementedError

    def annotation_value(self, node: cst.BaseExpression, scope: Scope) -> Value | None:
        raise NotImplementedError

    def function_return(self, qualname: str) -> Value | None:
        raise NotImplementedError

    def module_provider(self, sdk: str) -> str:
        raise NotImplementedError

    def module_member(self, module: str, name: str) -> Value | None:
        raise NotImplementedError

    def provider_of_value(self, value: Value | None) -> str | None:
        raise NotImplementedError

    def pick(self, bindings: list[Binding], order: int | None) -> Value | None:
        raise NotImplementedError

    def member(
        self, index: SdkIndex, chain: tuple[str, ...], provider: str, from_module: bool
    ) -> Member | None:
        raise NotImplementedError


def argument_of(
    node: cst.Call, keyword: str | None, position: int | None
) -> cst.BaseExpression | None:
    """The argument passed as `keyword`, or else at `position` (positionally)."""
    for arg in node.args:
        if keyword is not None and arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    positional = [arg.value for arg in node.args if arg.keyword is None and not arg.star]
    if position is not None and position < len(positional):
        return positional[position]
    return None


def string_of(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, cst.SimpleString) and isinstance(node.evaluated_value, str):
        return node.evaluated_value
    return None


def single_string_index(node: cst.Subscript) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return string_of(node.slice[0].slice.value)
