"""Shared state of the evaluator and the questions its parts ask each other.

The evaluator answers "which vendor value does this expression hold" for one
module. Its parts live in one module each (names, members, calls), joined in
`vendorlock.auditor.evaluate.Evaluator`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

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
TUPLES = frozenset({"tuple", "Tuple"})
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
        """Is `qualname` defined by the project's own packages rather than an SDK?

        Only by a module of that very name: a package `llama_index/llms/openai/` (in
        namespace directories) shadows `llama_index.llms.openai`, never `openai`.
        """
        module = self._exact_module(qualname)
        return module is not None and module.split(".", 1)[0] in self.packages

    def module_of(self, qualname: str) -> str | None:
        """The project module `qualname` lies in, also when imported by its short name."""
        module = self._exact_module(qualname)
        if module is not None:
            return module
        alias = self._alias_prefix(qualname)
        return _aliases(self.modules)[alias] if alias is not None else None

    def canonical(self, qualname: str) -> str:
        """`qualname` under the project's module names: `shop.llm.client` is
        `gateway.shop.llm.client` when `gateway/` is a namespace directory of the scan."""
        if self._exact_module(qualname) is not None:
            return qualname
        alias = self._alias_prefix(qualname)
        if alias is None:
            return qualname
        return _aliases(self.modules)[alias] + qualname[len(alias) :]

    def _exact_module(self, qualname: str) -> str | None:
        parts = qualname.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self.modules:
                return candidate
        return None

    def _alias_prefix(self, qualname: str) -> str | None:
        aliases = _aliases(self.modules)
        if not aliases:
            return None
        parts = qualname.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in aliases:
                return candidate
        return None


@lru_cache(maxsize=8)
def _aliases(modules: frozenset[str]) -> dict[str, str]:
    """Short names of modules below namespace directories -> their full names.

    `gateway/shop/llm.py` with `gateway/` a namespace directory is `gateway.shop.llm`,
    but the project imports it as `shop.llm` when `gateway/` is its own source root
    (several projects scanned as one, a `src/` layout). A short name two modules share
    is no alias: which one an import means cannot be told.
    """
    found: dict[str, str | None] = {}
    for name in modules:
        parts = name.split(".")
        # The innermost namespace directory: the last enclosing name that is not a module.
        start = next(
            (end for end in range(len(parts) - 1, 0, -1) if ".".join(parts[:end]) not in modules),
            0,
        )
        if start:
            short = ".".join(parts[start:])
            found[short] = name if found.get(short, name) == name else None
    return {
        short: name for short, name in found.items() if name is not None and short not in modules
    }


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
        # The other modules whose exports this analysis consulted: its result depends on
        # them, so the engine re-analyses it (and the cache invalidates it) when they change.
        self.reads: set[str] = set()

    def exports_of(self, module: str | None) -> ModuleExports | None:
        """Another module's exports, noting that this analysis depends on them."""
        if module is None or module == self.module_name:
            return None
        self.reads.add(module)
        return self.project.exports.get(module)

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
