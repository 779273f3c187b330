"""Names and qualified names: which binding a name refers to, and what it holds."""

from __future__ import annotations

import libcst as cst

from vendorlock.auditor.catalogue import SdkIndex
from vendorlock.auditor.eval_base import AFTER_EVERYTHING, EvaluatorBase
from vendorlock.auditor.scopes import Binding, BindingKind, DictUpdate, Scope
from vendorlock.auditor.values import (
    ClassRef,
    ClientClass,
    External,
    FunctionRef,
    Instance,
    Member,
    Opaque,
    ProjectModule,
    SdkModule,
    StrConst,
    Value,
    element_at,
    is_vendor,
)


class NameResolution(EvaluatorBase):
    """Names and qualified names: which binding a name refers to, and what it holds."""

    # -- names -----------------------------------------------------------------------

    def lookup(self, name: str, scope: Scope, order: int) -> Value | None:
        found, bindings = self.resolve(name, scope)
        if found is not None:
            return self.pick(bindings, order if found is scope else None)
        # Memoised so that modules star-importing each other end in "unknown".
        return self._memoised(("star", name), lambda: self._from_star_imports(name))

    def _from_star_imports(self, name: str) -> Value | None:
        for module in self.module_scope.star_imports:
            value = self.classify(f"{module}.{name}")
            if value is not None and not isinstance(value, External):
                return value
        return None

    def resolve(self, name: str, scope: Scope) -> tuple[Scope | None, list[Binding]]:
        """The scope that binds `name` as seen from `scope`, and its bindings there."""
        if name in scope.declared_global:
            return self.module_scope, self.module_scope.bindings.get(name, [])
        current: Scope | None = scope
        while current is not None:
            if current.kind == "class" and current is not scope:
                current = current.parent
                continue
            bindings = current.bindings.get(name)
            if bindings:
                return current, bindings
            current = current.parent
        return None, []

    def bindings_for(self, name: str, scope: Scope) -> list[Binding]:
        return self.resolve(name, scope)[1]

    def dict_updates(self, name: str, scope: Scope) -> list[DictUpdate]:
        found, _ = self.resolve(name, scope)
        if found is None:
            return []
        return self.table.dict_updates.get((id(found), name), [])

    def pick(self, bindings: list[Binding], order: int | None) -> Value | None:
        """Same scope: the latest binding before the use; elsewhere: any binding.

        In the same scope a literal (`anthropic = None` in an `except
        ImportError:` branch) does not hide an earlier binding, but anything
        else does: `client = Wrapper(client)` is not the SDK client any more.
        From another scope (a function reading a module global that is set
        in an init function) the order is unknown, so a vendor value wins.
        """
        if order is not None:
            before = [b for b in bindings if b.order < order] or bindings
            # `resp: ChatResponse = client.chat(...)` binds twice in one statement (value and
            # annotation): the vendor value of that statement wins over its annotation.
            latest = max(binding.order for binding in before)
            same = [self.binding_value(b) for b in before if b.order == latest]
            vendor = next((v for v in same if is_vendor(v)), None)
            if vendor is not None:
                return vendor
            # `None` is a name to the evaluator (unknown), not an Opaque literal, so the
            # fallback binding is set aside here rather than by its value.
            kept = [b for b in reversed(before) if not _binds_none(b)] or before[::-1]
            values = [self.binding_value(b) for b in kept]
            return next((v for v in values if not isinstance(v, Opaque)), values[0])
        values = [self.binding_value(b) for b in reversed(bindings)]
        return next((v for v in values if is_vendor(v)), next((v for v in values if v), None))

    def binding_value(self, binding: Binding) -> Value | None:
        return self._memoised(binding, lambda: self._binding_value(binding))

    def _binding_value(self, binding: Binding) -> Value | None:
        kind = binding.kind
        if kind in {BindingKind.IMPORT, BindingKind.IMPORT_FROM}:
            return self.classify(binding.qualname or "")
        if kind is BindingKind.VALUE and binding.value is not None:
            value = self.value_of(binding.value, binding.eval_scope)
            return value if binding.element is None else element_at(value, binding.element)
        if kind is BindingKind.ANNOTATION and binding.value is not None:
            return self.annotation_value(binding.value, binding.eval_scope)
        if kind is BindingKind.PARAM and binding.param is not None:
            return self._param_value(binding.param, binding.eval_scope)
        if kind in {BindingKind.FUNCTION, BindingKind.CLASS} and binding.node is not None:
            defined = self.table.scope_of.get(binding.node)
            if defined is None:
                return None
            ref = FunctionRef if kind is BindingKind.FUNCTION else ClassRef
            return ref(defined.qualname)
        return None

    def _param_value(self, param: cst.Param, scope: Scope) -> Value | None:
        # Annotations and defaults are evaluated where the function is defined.
        outer = scope.parent or scope
        if param.annotation is not None:
            value = self.annotation_value(param.annotation.annotation, outer)
            if value is not None:
                return value
        if scope.owner is not None and param.name.value == scope.receiver:
            ref = Instance if scope.receiver_kind == "instance" else ClassRef
            return ref(scope.owner.qualname)
        if param.default is not None:
            # A default is a guess at what callers pass, good enough for a
            # client or a string that names a service or a base URL.
            default = self.value_of(param.default, outer)
            return default if is_vendor(default) or isinstance(default, StrConst) else None
        return None

    # -- qualified names ---------------------------------------------------------------

    def classify(self, qualname: str) -> Value | None:
        root = self.catalogue.root_of(qualname)
        if root is not None and not self.project.shadows_sdk(qualname):
            return self._classify_sdk(qualname, root)
        # A client class re-exported by a third-party package (`langfuse.openai.OpenAI`).
        client = self.catalogue.client_classes.get(qualname) if root is None else None
        if client is not None and not self.project.shadows_sdk(qualname):
            return ClientClass(client[0], qualname, client[1])
        qualname = self.project.canonical(qualname)
        module = self.project.module_of(qualname)
        if module is None:
            return External(qualname) if qualname else None
        if module == qualname:
            return ProjectModule(module)
        head, *rest = qualname[len(module) + 1 :].split(".")
        value = self.module_member(module, head)
        for attr in rest:
            value = self.attribute(value, attr)
        return value

    def module_member(self, module: str, name: str) -> Value | None:
        if module == self.module_name:
            return self.lookup(name, self.module_scope, AFTER_EVERYTHING)
        submodule = f"{module}.{name}"
        exports = self.exports_of(module)
        value = exports.names.get(name) if exports is not None else None
        if value is None and submodule in self.project.modules:
            return ProjectModule(submodule)
        return value

    def _classify_sdk(self, qualname: str, root: str) -> Value:
        sdk = self.catalogue.roots[root]
        # Clients first: an SDK may claim a class itself as a root
        # (`huggingface_hub.InferenceClient`, not the whole hub library).
        client = self.catalogue.client_classes.get(qualname)
        if client is not None:
            return ClientClass(sdk, qualname, client[1])
        if qualname == root:
            return SdkModule(sdk, qualname)
        chain = tuple(qualname[len(root) + 1 :].split("."))
        member = self.member(self.catalogue.index[sdk], chain, self.module_provider(sdk), True)
        return member if member is not None else SdkModule(sdk, qualname)

    def module_provider(self, sdk: str) -> str:
        default = self.catalogue.sdks[sdk].default_provider
        return self.module_providers.get(sdk, default)

    def member(
        self, index: SdkIndex, chain: tuple[str, ...], provider: str, from_module: bool
    ) -> Member | None:
        tree = index.module_tree if from_module else index.client_tree
        is_method, is_prefix = tree.classify(chain)
        if not (is_method or is_prefix):
            return None
        return Member(index.spec.sdk, chain, provider, from_module, is_method)


def _binds_none(binding: Binding) -> bool:
    """`anthropic = None`: the fallback of an optional import, or a reset."""
    value = binding.value
    return (
        binding.kind is BindingKind.VALUE and isinstance(value, cst.Name) and value.value == "None"
    )
