"""Calls and annotations: what a call returns, and what a type annotation promises."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet

import libcst as cst

from vendorlock.auditor.catalogue.schema import ClientFactory
from vendorlock.auditor.eval_base import (
    ENV_GETTERS,
    PARTIALS,
    TUPLES,
    TYPE_WRAPPERS,
    EvaluatorBase,
    argument_of,
    string_of,
)
from vendorlock.auditor.providers import (
    HEADER_KEYWORDS,
    KEY_KEYWORDS,
    URL_KEYWORDS,
    provider_for_env,
    provider_for_headers,
    provider_for_url,
)
from vendorlock.auditor.scopes import Scope, dotted_name
from vendorlock.auditor.values import (
    ClassRef,
    Client,
    ClientClass,
    Elements,
    EnvRead,
    External,
    FunctionRef,
    Instance,
    Member,
    Opaque,
    PreservingMethod,
    Response,
    SdkModule,
    StrConst,
    Value,
    elements_of,
    is_vendor,
)


class CallResults(EvaluatorBase):
    """Calls and annotations: what a call returns, and what a type annotation promises."""

    # -- calls -------------------------------------------------------------------------

    def _call(self, node: cst.Call, scope: Scope) -> Value | None:
        func = self.value_of(node.func, scope)
        if isinstance(func, ClientClass):
            return self.construct(func, node, scope)
        if isinstance(func, Member) and func.is_method:
            return self._method_result(func)
        if isinstance(func, PreservingMethod):
            return func.client
        if isinstance(func, FunctionRef):
            return self.function_return(func.qualname)
        if isinstance(func, ClassRef):
            return Instance(func.qualname)
        if isinstance(func, External):
            return self._external_call(func.qualname, node, scope)
        if isinstance(func, SdkModule):
            if func.qualname in self.catalogue.wrappers:
                _sdk, wrapper = self.catalogue.wrappers[func.qualname]
                wrapped = argument_of(node, wrapper.argument, wrapper.position)
                return self.value_of(wrapped, scope) if wrapped is not None else None
            # An SDK function the catalogue does not list (`instructor.from_litellm`, a
            # types constructor) returns an object that is not a vendor client.
            return Opaque()
        return None

    def _method_result(self, member: Member) -> Value:
        tree = self.catalogue.index[member.sdk]
        method = (tree.module_tree if member.from_module else tree.client_tree).methods.get(
            member.chain
        )
        if method is not None and method.returns_client is not None:
            client = self.catalogue.client_classes.get(method.returns_client)
            if client is not None:
                name = method.returns_client.rsplit(".", 1)[-1]
                return Client(member.sdk, name, member.provider, member.origin)
        returns = method.returns if method is not None else None
        return Response(member.sdk, f"{member.sdk}:{member.dotted}", member.provider, returns)

    def _external_call(self, qualname: str, node: cst.Call, scope: Scope) -> Value | None:
        if qualname in PARTIALS and node.args:
            return self.value_of(node.args[0].value, scope)
        if qualname in ENV_GETTERS and node.args:
            first = node.args[0].value
            if isinstance(first, cst.SimpleString) and isinstance(first.evaluated_value, str):
                return EnvRead(first.evaluated_value)
        factory = self.catalogue.factories.get(qualname)
        if factory is not None:
            return self._from_factory(factory[0], factory[1], node, scope)
        # A call of a third-party callable: remember the path so a method of
        # its result (`boto3.Session().client`) can still be recognised.
        return External(f"{qualname}()")

    def _from_factory(
        self, sdk: str, factory: ClientFactory, node: cst.Call, scope: Scope
    ) -> Value | None:
        argument = argument_of(node, factory.argument, factory.position)
        service = self.value_of(argument, scope) if argument is not None else None
        if not isinstance(service, StrConst) or service.value not in factory.services:
            return None
        found = self.catalogue.client_classes.get(factory.services[service.value])
        if found is None:
            return None
        cls = ClientClass(sdk, factory.services[service.value], found[1])
        return self.construct(cls, node, scope)

    def construct(self, cls: ClientClass, node: cst.Call | None, scope: Scope | None) -> Client:
        spec = self.catalogue.sdks[cls.sdk]
        client_spec = spec.clients[cls.index]
        provider = client_spec.provider
        url_attrs: tuple[str, ...] = ()
        if node is not None and scope is not None:
            chosen = _keyword_provider(client_spec.provider_keywords, node)
            if chosen is not None:
                provider = chosen
            elif provider == spec.default_provider:
                url_keywords = URL_KEYWORDS | set(spec.url_keywords)
                provider = self.provider_from_arguments(node.args, scope, url_keywords) or provider
                url_attrs = _receiver_url_attributes(node, scope, url_keywords)
        origin = self.locate(node) if node is not None and self.locate is not None else None
        name = client_spec.names[0].split(".")[-1]
        return Client(cls.sdk, name, provider, origin, url_attrs)

    def provider_from_arguments(
        self, args: Sequence[cst.Arg], scope: Scope, url_keywords: AbstractSet[str] = URL_KEYWORDS
    ) -> str | None:
        providers = self.catalogue.providers
        by_keyword = {arg.keyword.value: arg.value for arg in args if arg.keyword is not None}
        found: list[str | None] = []
        for keywords in (url_keywords, KEY_KEYWORDS):
            for keyword in sorted(keywords & by_keyword.keys()):
                found.append(self._argument_provider(by_keyword[keyword], scope))
        for keyword in sorted(HEADER_KEYWORDS & by_keyword.keys()):
            headers = by_keyword[keyword]
            if isinstance(headers, cst.Dict):
                names = [
                    string_of(el.key) for el in headers.elements if isinstance(el, cst.DictElement)
                ]
                found.append(provider_for_headers([n for n in names if n], providers))
        return next((provider for provider in found if provider), None)

    def _argument_provider(self, node: cst.BaseExpression, scope: Scope) -> str | None:
        """The provider a constructor argument names, also through a project helper.

        `base_url=_derive_anthropic_base(resolved_base)`: a project function that edits a
        URL (a path, a suffix) keeps its host, so the URL it is given names the provider.
        """
        value = self.value_of(node, scope)
        provider = self.provider_of_value(value)
        if provider is not None or value is not None or not isinstance(node, cst.Call):
            return provider
        if not isinstance(self.value_of(node.func, scope), FunctionRef):
            return None
        found = (self.provider_of_value(self.value_of(arg.value, scope)) for arg in node.args)
        return next((provider for provider in found if provider), None)

    def provider_of_value(self, value: Value | None) -> str | None:
        if isinstance(value, StrConst):
            return provider_for_url(value.value, self.catalogue.providers)
        if isinstance(value, EnvRead):
            return provider_for_env(value.name, self.catalogue.providers)
        return None

    def function_return(self, qualname: str) -> Value | None:
        return self._memoised(("returns", qualname), lambda: self._function_return(qualname))

    def _function_return(self, qualname: str) -> Value | None:
        scope = self.defs.get(qualname)
        if scope is None or scope.kind != "function":
            module = self.project.module_of(qualname)
            exports = self.exports_of(module)
            return exports.returns.get(qualname) if exports is not None else None
        # What the body returns knows more (where the client was built, its
        # provider) than the annotation, which is the fallback.
        values = [self._returned(expression, scope) for expression in scope.returns]
        returned = next((v for v in values if is_vendor(v) or isinstance(v, Elements)), None)
        if returned is not None:
            return returned
        node = scope.node
        if isinstance(node, cst.FunctionDef) and node.returns is not None and scope.parent:
            annotated = self.annotation_value(node.returns.annotation, scope.parent)
            if is_vendor(annotated) or isinstance(annotated, (Instance, Elements)):
                return annotated
        return next((v for v in values if v), None)

    def _returned(self, expression: cst.BaseExpression, scope: Scope) -> Value | None:
        """What `return expression` gives; `return client, options` element by element."""
        if isinstance(expression, cst.Tuple) and not any(
            isinstance(element, cst.StarredElement) for element in expression.elements
        ):
            items = [self.value_of(element.value, scope) for element in expression.elements]
            return elements_of(items) or self.value_of(expression, scope)
        return self.value_of(expression, scope)

    # -- annotations -------------------------------------------------------------------

    def annotation_value(self, node: cst.BaseExpression, scope: Scope) -> Value | None:
        return self._memoised(("annotation", node), lambda: self._annotation(node, scope))

    def _annotation(self, node: cst.BaseExpression, scope: Scope) -> Value | None:
        if isinstance(node, cst.SimpleString) and isinstance(node.evaluated_value, str):
            try:
                parsed = cst.parse_expression(node.evaluated_value)
            except cst.ParserSyntaxError:
                return None
            return self.annotation_value(parsed, scope)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            return self._first_typed(node.left, node.right, scope=scope)
        if isinstance(node, cst.Subscript):
            return self._generic_annotation(node, scope)
        value = self.value_of(node, scope)
        if isinstance(value, ClientClass):
            return self.construct(value, None, None)
        if isinstance(value, ClassRef):
            return Instance(value.qualname)
        if isinstance(value, External) and value.qualname in self.catalogue.generic_clients:
            # `client: BaseClient`: some AWS service's client; its method may tell which.
            return value
        return None

    def _generic_annotation(self, node: cst.Subscript, scope: Scope) -> Value | None:
        """`Optional[OpenAI]` is an OpenAI client; `tuple[OpenAI, dict]` one by position."""
        name = (dotted_name(node.value) or "").rsplit(".", 1)[-1]
        elements = [
            element.slice.value for element in node.slice if isinstance(element.slice, cst.Index)
        ]
        if name in TYPE_WRAPPERS:
            return self._first_typed(*elements, scope=scope)
        # `tuple[OpenAI, ...]` is of any length: only fixed-length tuples unpack by position.
        fixed = not any(isinstance(item, cst.Ellipsis) for item in elements)
        if name in TUPLES and fixed and len(elements) == len(node.slice):
            return elements_of([self.annotation_value(item, scope) for item in elements])
        return None

    def _first_typed(self, *nodes: cst.BaseExpression, scope: Scope) -> Value | None:
        values = [self.annotation_value(node, scope) for node in nodes]
        return next((v for v in values if v is not None), None)


def _receiver_url_attributes(
    node: cst.Call, scope: Scope, url_keywords: AbstractSet[str]
) -> tuple[str, ...]:
    """`OpenAI(base_url=api_base or self.API_BASE)` in a method: ("API_BASE",)."""
    method = scope
    while method.kind != "function" and method.parent is not None:
        method = method.parent
    receiver = method.receiver if method.owner is not None else None
    if receiver is None:
        return ()
    found: list[str] = []
    pending = [arg.value for arg in node.args if arg.keyword and arg.keyword.value in url_keywords]
    while pending:
        expression = pending.pop()
        if isinstance(expression, cst.BooleanOperation):
            pending += [expression.left, expression.right]
        elif isinstance(expression, cst.IfExp):
            pending += [expression.body, expression.orelse]
        elif (
            isinstance(expression, cst.Attribute)
            and isinstance(expression.value, cst.Name)
            and expression.value.value == receiver
        ):
            found.append(expression.attr.value)
    return tuple(sorted(set(found)))


def _keyword_provider(table: Mapping[str, Mapping[str, str]], node: cst.Call) -> str | None:
    """`genai.Client(vertexai=True)`: a keyword whose literal value picks the provider."""
    for arg in node.args:
        if arg.keyword is None or arg.keyword.value not in table:
            continue
        value = arg.value
        written = value.value if isinstance(value, cst.Name) else string_of(value)
        if written is not None and written in table[arg.keyword.value]:
            return table[arg.keyword.value][written]
    return None
