"""Attributes: SDK resources and methods, and project class attributes."""

from __future__ import annotations

from dataclasses import replace

import libcst as cst

from vendorlock.auditor.eval_base import EvaluatorBase
from vendorlock.auditor.providers import URL_KEYWORDS
from vendorlock.auditor.scopes import Binding, BindingKind, Scope, _decorator_names
from vendorlock.auditor.values import (
    ClassRef,
    ClassSummary,
    Client,
    ClientClass,
    External,
    Instance,
    Member,
    Opaque,
    PreservingMethod,
    ProjectModule,
    SdkModule,
    Value,
    is_vendor,
)
from vendorlock.auditor.walk import TreeVisitor, walk


class MemberAccess(EvaluatorBase):
    """Attributes: SDK resources and methods, and project class attributes."""

    # -- attributes --------------------------------------------------------------------

    def attribute(self, base: Value | None, attr: str) -> Value | None:
        if isinstance(base, SdkModule):
            return self.classify(f"{base.qualname}.{attr}")
        if isinstance(base, Client):
            return self._client_attribute(base, attr)
        if isinstance(base, Member):
            index = self.catalogue.index[base.sdk]
            if attr in index.spec.transparent:
                return base
            member = self.member(index, (*base.chain, attr), base.provider, base.from_module)
            if member is None and base.from_module:
                return self._class_in_module(base, attr)
            return replace(member, origin=base.origin) if member and base.origin else member
        if isinstance(base, ProjectModule):
            return self.module_member(base.name, attr)
        if isinstance(base, (Instance, ClassRef)):
            return self.class_attribute(base.qualname, attr, isinstance(base, Instance))
        if isinstance(base, External):
            # `import google.generativeai` binds `google`: its attribute may be an SDK root.
            return self.classify(f"{base.qualname}.{attr}")
        if isinstance(base, Opaque):
            # What hangs off a known non-vendor object is not a vendor object either.
            return base
        return None

    def _class_in_module(self, module: Member, attr: str) -> ClientClass | None:
        """`gm.GenerativeModel` with `import vertexai.generative_models as gm`.

        `generative_models` is also a prefix of module methods (`generative_models.Tool
        .from_retrieval`), so it evaluates to a member rather than to a module; a client
        class inside it is still a client class. The member does not keep the import root
        it hangs off, so each root of the SDK is tried: client class names are unique.
        """
        path = ".".join((*module.chain, attr))
        for root in self.catalogue.sdks[module.sdk].import_roots:
            found = self.catalogue.client_classes.get(f"{root}.{path}")
            if found is not None:
                return ClientClass(found[0], f"{root}.{path}", found[1])
        return None

    def _client_attribute(self, client: Client, attr: str) -> Value | None:
        index = self.catalogue.index[client.sdk]
        if attr in index.spec.transparent:
            return client
        if attr in index.spec.client_preserving:
            return PreservingMethod(client)
        member = self.member(index, (attr,), client.provider, False)
        return replace(member, origin=client.origin) if member and client.origin else member

    def class_attribute(self, qualname: str, attr: str, on_instance: bool) -> Value | None:
        key = ("class-attribute", qualname, attr, on_instance)
        return self._memoised(key, lambda: self._class_attribute(qualname, attr, on_instance))

    def _class_attribute(self, qualname: str, attr: str, on_instance: bool) -> Value | None:
        scope = self.defs.get(qualname)
        if scope is not None and scope.kind == "class":
            value = self._local_class_attribute(scope, attr, on_instance)
            bases = [self.value_of(base, scope.parent or scope) for base in scope.bases]
        else:
            summary = self._class_summary(qualname)
            if summary is None:
                return None
            value = summary.attributes.get(attr)
            bases = list(summary.bases)
        if value is not None:
            return value
        inherited = self._inherited_attribute(bases, attr, on_instance)
        if isinstance(inherited, Client) and inherited.url_attrs and on_instance:
            return self._in_subclass(qualname, inherited)
        return inherited

    def _in_subclass(self, qualname: str, client: Client) -> Client:
        """A client built in a base class from `self.<attr>`, as the subclass sets it.

        `AsyncOpenAI(base_url=api_base or self.API_BASE)` in the base serves DeepSeek in the
        subclass that says `API_BASE = "https://api.deepseek.com"`, or that passes
        `url=...` to `super().__init__` where the base keeps it as `self._url`.
        """
        for attr in client.url_attrs:
            value = self.class_attribute(qualname, attr, on_instance=True)
            provider = self.provider_of_value(value) or self._super_init_provider(qualname, attr)
            if provider is not None:
                return replace(client, provider=provider)
        return client

    def _super_init_provider(self, qualname: str, attr: str) -> str | None:
        """The provider of the base URL a class's `__init__` passes to `super().__init__`."""
        init = self.defs.get(f"{qualname}.__init__")
        if init is None or init.kind != "function":
            return None
        keywords = URL_KEYWORDS | {"url", attr.lstrip("_")}
        found = _SuperInitCalls()
        walk(found, init.node)
        for call in found.calls:
            for arg in call.args:
                if arg.keyword is not None and arg.keyword.value in keywords:
                    provider = self.provider_of_value(self.value_of(arg.value, init))
                    if provider is not None:
                        return provider
        return None

    def _local_class_attribute(self, scope: Scope, attr: str, on_instance: bool) -> Value | None:
        assigned = on_instance and attr in scope.self_attrs
        if attr not in scope.bindings:
            return self._instance_attribute(scope, attr) if assigned else None
        declared = self._class_body_attribute(scope, attr, on_instance)
        if not assigned or (is_vendor(declared) and not isinstance(declared, Client)):
            return declared
        # `client: Any = Field(default=None)` in the body of a pydantic model, then
        # `self.client = openai.OpenAI()` in a validator: the vendor value assigned wins.
        # So does the client built for `_client: AsyncAnthropic`: it knows its provider.
        value = self._instance_attribute(scope, attr)
        if isinstance(declared, Client) and not _built_as_declared(declared, value):
            return declared
        return value if is_vendor(value) else declared

    def _class_body_attribute(self, scope: Scope, attr: str, on_instance: bool) -> Value | None:
        getter = _property_getter(scope.bindings[attr]) if on_instance else None
        if getter is not None:
            return self.function_return(self.table.scope_of[getter].qualname)
        return self.pick(scope.bindings[attr], None)

    def _instance_attribute(self, scope: Scope, attr: str) -> Value | None:
        """What `self.<attr>` is given in the methods: a vendor value first."""
        values = [
            self.annotation_value(source.expression, source.scope)
            if source.is_annotation
            else self.value_of(source.expression, source.scope)
            for source in scope.self_attrs[attr]
        ]
        return next((v for v in values if is_vendor(v)), next((v for v in values if v), None))

    def _inherited_attribute(
        self, bases: list[Value | None], attr: str, on_instance: bool
    ) -> Value | None:
        for base in bases:
            if isinstance(base, ClassRef):
                value = self.class_attribute(base.qualname, attr, on_instance)
            elif isinstance(base, ClientClass) and on_instance:
                value = self.attribute(self.construct(base, None, None), attr)
            else:
                continue
            if value is not None:
                return value
        return None

    def _class_summary(self, qualname: str) -> ClassSummary | None:
        module = self.project.module_of(qualname)
        exports = self.exports_of(module)
        return exports.classes.get(qualname) if exports is not None else None


def _built_as_declared(declared: Client, value: Value | None) -> bool:
    """Is `value` a client of the class an annotation declares, built somewhere known?"""
    return (
        isinstance(value, Client)
        and value.origin is not None
        and (value.sdk, value.cls) == (declared.sdk, declared.cls)
    )


class _SuperInitCalls(TreeVisitor):
    """The `super().__init__(...)` calls in a method."""

    def __init__(self) -> None:
        self.calls: list[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "__init__"
            and isinstance(func.value, cst.Call)
            and isinstance(func.value.func, cst.Name)
            and func.value.func.value == "super"
        ):
            self.calls.append(node)


# `self._client` reads a `@property` / `@cached_property` without calling it: the
# attribute holds what the getter returns (`-> anthropic.Client`, or the body's value).
_PROPERTY_DECORATORS = frozenset({"property", "cached_property"})


def _property_getter(bindings: list[Binding]) -> cst.FunctionDef | None:
    """The getter, when one of a class attribute's bindings is a decorated property."""
    for binding in bindings:
        node = binding.node
        if (
            binding.kind is BindingKind.FUNCTION
            and isinstance(node, cst.FunctionDef)
            and _decorator_names(node) & _PROPERTY_DECORATORS
        ):
            return node
    return None
