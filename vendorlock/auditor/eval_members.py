"""Attributes: SDK resources and methods, and project class attributes."""

from __future__ import annotations

from dataclasses import replace

from vendorlock.auditor.eval_base import EvaluatorBase
from vendorlock.auditor.scopes import Scope
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
        return self._inherited_attribute(bases, attr, on_instance)

    def _local_class_attribute(self, scope: Scope, attr: str, on_instance: bool) -> Value | None:
        if attr in scope.bindings:
            return self.pick(scope.bindings[attr], None)
        if not on_instance or attr not in scope.self_attrs:
            return None
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
        exports = self.project.exports.get(module) if module else None
        return exports.classes.get(qualname) if exports is not None else None
