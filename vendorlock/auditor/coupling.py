"""Coupling beyond calls: model ids, response shapes, exceptions, env vars and keys.

A mixin of the detector: it uses the same walk, scope stack and evaluator, so
these kinds cost one visit per node like the rest.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from vendorlock.auditor import messages
from vendorlock.auditor.catalogue import Catalogue
from vendorlock.auditor.evaluate import Evaluator
from vendorlock.auditor.literals import LiteralMatcher, names_a_model
from vendorlock.auditor.messages import Draft
from vendorlock.auditor.providers import provider_for_env
from vendorlock.auditor.scopes import Scope, dotted_name
from vendorlock.auditor.values import (
    Client,
    ClientClass,
    EnvRead,
    External,
    Member,
    Response,
    SdkModule,
)
from vendorlock.auditor.walk import TreeVisitor

_ISINSTANCE = frozenset({"isinstance", "issubclass"})


def _string(node: cst.CSTNode | None) -> str | None:
    if isinstance(node, cst.SimpleString) and isinstance(node.evaluated_value, str):
        return node.evaluated_value
    return None


def _strings_in(node: cst.BaseExpression) -> Iterator[cst.SimpleString]:
    """A string literal, or the string elements/values of a list, tuple, set or dict."""
    if isinstance(node, cst.SimpleString):
        yield node
    elif isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        for element in node.elements:
            if isinstance(element.value, cst.SimpleString):
                yield element.value
    elif isinstance(node, cst.Dict):
        for item in node.elements:
            if isinstance(item, cst.DictElement) and isinstance(item.value, cst.SimpleString):
                yield item.value


def _target_name(target: cst.BaseExpression) -> str | None:
    if isinstance(target, cst.Name):
        return target.value
    if isinstance(target, cst.Attribute):
        return target.attr.value
    return None


class CouplingRules(TreeVisitor):
    """Visits that draft model, response, exception, env and secret findings."""

    catalogue: Catalogue
    evaluator: Evaluator
    literals: LiteralMatcher
    imported_sdks: set[str]
    # Arguments of vendor calls: a model id there belongs to that call's SDK and provider.
    vendor_args: dict[cst.CSTNode, tuple[str, str, str]]

    @property
    def scope(self) -> Scope:  # provided by the detector
        raise NotImplementedError

    def add(self, draft: Draft, *, scope: Scope | None = None, in_walk: bool = True) -> None:
        raise NotImplementedError

    # -- secrets: any string literal -------------------------------------------------------

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        text = _string(node)
        found = self.literals.secret(text) if text else None
        if found is not None:
            sdk = self.literals.sdk_of(found.provider)
            self.add(messages.secret_draft(sdk, found.provider, found.redacted, node))

    # -- model ids: literals where a model is chosen ----------------------------------------

    def _model_literal(
        self, node: cst.SimpleString, call: tuple[str, str, str] | None = None
    ) -> None:
        text = _string(node)
        provider = self.literals.model_provider(text) if text else None
        if text is None or provider is None:
            return
        display = self.catalogue.providers[provider].display_name
        sdk, api = self.literals.sdk_of(provider), None
        if call is not None:
            sdk, provider, api = call
        self.add(messages.model_draft(sdk, provider, text, display, api, node))

    def _model_values(
        self,
        name: str | None,
        value: cst.BaseExpression | None,
        call: tuple[str, str, str] | None = None,
    ) -> None:
        if name is None or value is None or not names_a_model(name):
            return
        for literal in _strings_in(value):
            self._model_literal(literal, call)

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._model_values(node.keyword.value, node.value, self.vendor_args.get(node))

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._model_values(_target_name(target.target), node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._model_values(_target_name(node.target), node.value)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        self._model_values(_string(node.key), node.value)

    def visit_Param(self, node: cst.Param) -> None:
        self._model_values(node.name.value, node.default)

    def positional_models(self, call: cst.Call, func: object) -> None:
        """`GenerativeModel("gemini-2.5-pro")`: a vendor call's positional model id.

        Also remembers the call's arguments, so a `model=` keyword names the model of
        the SDK and provider the call goes to (a Gemini id sent through Vertex)."""
        if isinstance(func, Member):
            context = (func.sdk, func.provider, f"{func.sdk}:{func.dotted}")
        elif isinstance(func, ClientClass):
            made = self.evaluator.value_of(call, self.scope)
            provider = made.provider if isinstance(made, Client) else func.sdk
            context = (func.sdk, provider, f"{func.sdk}:{func.qualname.rsplit('.', 1)[-1]}")
        else:
            return
        for arg in call.args:
            self.vendor_args[arg] = context
            if arg.keyword is None and isinstance(arg.value, cst.SimpleString):
                self._model_literal(arg.value, context)

    # -- exceptions ----------------------------------------------------------------------

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.type is not None:
            self._exception_classes(node.type)

    def isinstance_check(self, call: cst.Call) -> None:
        name = dotted_name(call.func)
        if (
            name in _ISINSTANCE
            and len(call.args) >= 2
            and self.evaluator.value_of(call.func, self.scope) is None
        ):
            self._exception_classes(call.args[1].value)

    def _exception_classes(self, node: cst.BaseExpression) -> None:
        elements = (
            [element.value for element in node.elements]
            if isinstance(node, (cst.Tuple, cst.List))
            else [node]
        )
        for element in elements:
            value = self.evaluator.value_of(element, self.scope)
            if not isinstance(value, SdkModule):
                continue
            sdk_id = self.catalogue.exception_sdk(value.qualname)
            if sdk_id is not None:
                sdk = self.catalogue.sdks[sdk_id]
                self.add(
                    messages.exception_draft(
                        sdk, value.qualname, element, sdk.exception_portability
                    )
                )

    # -- environment variables -----------------------------------------------------------

    def env_read(self, node: cst.BaseExpression) -> None:
        value = self.evaluator.value_of(node, self.scope)
        if isinstance(value, EnvRead):
            self._env(value.name, node)

    def _env(self, name: str, node: cst.CSTNode) -> None:
        listing = [sdk for sdk in self.catalogue.sdks.values() if name in sdk.env_vars]
        if listing:
            # Several SDKs read GOOGLE_API_KEY: the one this file imports, else the one
            # whose own provider the variable names, else the first.
            sdk = min(
                listing,
                key=lambda spec: (
                    spec.sdk not in self.imported_sdks,
                    spec.default_provider != spec.env_vars[name],
                ),
            )
            self.add(messages.env_draft(sdk.sdk, sdk.env_vars[name], name, node))
            return
        provider = provider_for_env(name, self.catalogue.providers)
        if provider is not None:
            self.add(messages.env_draft(self.literals.sdk_of(provider), provider, name, node))

    def settings_fields(self, node: cst.ClassDef) -> None:
        """pydantic `BaseSettings` fields are env vars named after the field."""
        outer = self.scope
        bases = [self.evaluator.value_of(base.value, outer) for base in node.bases]
        if not any(isinstance(b, External) and b.qualname.endswith("BaseSettings") for b in bases):
            return
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        for statement in body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    self._env(small.target.value.upper(), small.target)

    # -- response shapes -------------------------------------------------------------------

    def response_attribute(self, node: cst.Attribute) -> None:
        base = self.evaluator.value_of(node.value, self.scope)
        if isinstance(base, Response):
            self._response_field(base, node.attr.value, node, is_key=False)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self.env_read(node)
        base = self.evaluator.value_of(node.value, self.scope)
        if isinstance(base, Response) and len(node.slice) == 1:
            index = node.slice[0].slice
            key = _string(index.value) if isinstance(index, cst.Index) else None
            if key is not None:
                self._response_field(base, key, node, is_key=True)

    def _response_field(
        self, response: Response, field: str, node: cst.CSTNode, *, is_key: bool
    ) -> None:
        shape = self.catalogue.sdks[response.sdk].responses.get(response.returns or "")
        if shape is None:
            return
        fields = shape.keys if is_key else shape.attributes
        if field in fields:
            shown = f'["{field}"]' if is_key else f".{field}"
            self.add(
                messages.response_draft(
                    response.sdk, response.provider, response.api, shown, shape.alternative, node
                )
            )
