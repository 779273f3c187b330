"""Pass two's engine: what vendor value, if any, an expression holds.

A small forward analysis over the binding table of one module, with the
project's exported symbols for names imported from other modules. Every
answer is memoised per node; recursion through bindings, function returns and
class attributes is cut on cycles (an unfinished question answers "unknown").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import libcst as cst

from vendorlock.auditor.catalogue import Catalogue, SdkIndex
from vendorlock.auditor.catalogue.schema import ClientFactory
from vendorlock.auditor.providers import (
    HEADER_KEYWORDS,
    KEY_KEYWORDS,
    URL_KEYWORDS,
    provider_for_env,
    provider_for_headers,
    provider_for_url,
)
from vendorlock.auditor.scopes import (
    Binding,
    BindingKind,
    DictUpdate,
    ModuleTable,
    Scope,
    dotted_name,
)
from vendorlock.auditor.values import (
    ClassRef,
    ClassSummary,
    Client,
    ClientClass,
    EnvRead,
    External,
    FunctionRef,
    Instance,
    Member,
    ModuleExports,
    Opaque,
    Origin,
    PreservingMethod,
    ProjectModule,
    Response,
    SdkModule,
    StrConst,
    Value,
    is_vendor,
)

AFTER_EVERYTHING = 1 << 62
_PENDING = object()
_TYPE_WRAPPERS = frozenset({"Optional", "Union", "Annotated", "ClassVar", "Final", "Type", "type"})
_PARTIALS = frozenset({"functools.partial", "functools.partialmethod"})
_ENV_GETTERS = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault"})


@dataclass(frozen=True)
class ProjectView:
    """What one module may know of the others: their names and exports."""

    modules: frozenset[str]
    exports: Mapping[str, ModuleExports]

    def module_of(self, qualname: str) -> str | None:
        parts = qualname.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self.modules:
                return candidate
        return None


class Evaluator:
    """Answers `value_of(expression, scope)` for one module."""

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
        if cached is _PENDING:
            return None
        if key in self._memo:
            return cached  # type: ignore[return-value]
        self._memo[key] = _PENDING
        result = compute()  # type: ignore[operator]
        self._memo[key] = result
        return result  # type: ignore[no-any-return]

    # -- expressions -----------------------------------------------------------------

    def value_of(self, node: cst.BaseExpression, scope: Scope) -> Value | None:
        return self._memoised(node, lambda: self._compute(node, scope))

    def _compute(self, node: cst.BaseExpression, scope: Scope) -> Value | None:
        if isinstance(node, cst.Name):
            return self.lookup(node.value, scope, self.table.order_of.get(node, AFTER_EVERYTHING))
        if isinstance(node, cst.Attribute):
            return self._attribute_node(node, scope)
        if isinstance(node, cst.Call):
            return self._call(node, scope)
        if isinstance(node, cst.Await):
            return self.value_of(node.expression, scope)
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            text = node.evaluated_value
            return StrConst(text) if isinstance(text, str) else Opaque()
        if isinstance(node, cst.Subscript):
            return self._subscript(node, scope)
        if isinstance(node, cst.IfExp):
            return self._first_vendor(node.body, node.orelse, scope=scope)
        if isinstance(node, cst.BooleanOperation):
            return self._first_vendor(node.left, node.right, scope=scope)
        if isinstance(node, (cst.Integer, cst.Float, cst.Dict, cst.List, cst.Tuple, cst.Set)):
            return Opaque()
        return None

    def _first_vendor(self, *nodes: cst.BaseExpression, scope: Scope) -> Value | None:
        values = [self.value_of(node, scope) for node in nodes]
        return next((v for v in values if is_vendor(v)), next((v for v in values if v), None))

    def _attribute_node(self, node: cst.Attribute, scope: Scope) -> Value | None:
        base = self.value_of(node.value, scope)
        value = self.attribute(base, node.attr.value)
        if isinstance(base, Member) and isinstance(value, Member):
            self.consumed.add(node.value)
        return value

    def _subscript(self, node: cst.Subscript, scope: Scope) -> Value | None:
        base = self.value_of(node.value, scope)
        if isinstance(base, External) and base.qualname == "os.environ":
            key = _single_string_index(node)
            return EnvRead(key) if key is not None else None
        return None

    # -- names -----------------------------------------------------------------------

    def lookup(self, name: str, scope: Scope, order: int) -> Value | None:
        found, bindings = self.resolve(name, scope)
        if found is not None:
            return self._pick(bindings, order if found is scope else None)
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

    def _pick(self, bindings: list[Binding], order: int | None) -> Value | None:
        """Same scope: the latest binding before the use; elsewhere: any binding.

        In the same scope a literal (`anthropic = None` in an `except
        ImportError:` branch) does not hide an earlier binding, but anything
        else does: `client = Wrapper(client)` is not the SDK client any more.
        From another scope (a function reading a module global that is set
        in an init function) the order is unknown, so a vendor value wins.
        """
        if order is not None:
            before = [b for b in bindings if b.order < order] or bindings
            values = [self.binding_value(b) for b in reversed(before)]
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
            return self.value_of(binding.value, binding.eval_scope)
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
        if root is not None:
            return self._classify_sdk(qualname, root)
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
        exports = self.project.exports.get(module)
        value = exports.names.get(name) if exports is not None else None
        if value is None and submodule in self.project.modules:
            return ProjectModule(submodule)
        return value

    def _classify_sdk(self, qualname: str, root: str) -> Value:
        sdk = self.catalogue.roots[root]
        if qualname == root:
            return SdkModule(sdk, qualname)
        client = self.catalogue.client_classes.get(qualname)
        if client is not None:
            return ClientClass(sdk, qualname, client[1])
        chain = tuple(qualname[len(root) + 1 :].split("."))
        member = self._member(self.catalogue.index[sdk], chain, self.module_provider(sdk), True)
        return member if member is not None else SdkModule(sdk, qualname)

    def module_provider(self, sdk: str) -> str:
        default = self.catalogue.sdks[sdk].default_provider
        return self.module_providers.get(sdk, default)

    @staticmethod
    def _member(
        index: SdkIndex, chain: tuple[str, ...], provider: str, from_module: bool
    ) -> Member | None:
        tree = index.module_tree if from_module else index.client_tree
        is_method, is_prefix = tree.classify(chain)
        if not (is_method or is_prefix):
            return None
        return Member(index.spec.sdk, chain, provider, from_module, is_method)

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
            member = self._member(index, (*base.chain, attr), base.provider, base.from_module)
            return replace(member, origin=base.origin) if member and base.origin else member
        if isinstance(base, ProjectModule):
            return self.module_member(base.name, attr)
        if isinstance(base, (Instance, ClassRef)):
            return self.class_attribute(base.qualname, attr, isinstance(base, Instance))
        if isinstance(base, External):
            return External(f"{base.qualname}.{attr}")
        return None

    def _client_attribute(self, client: Client, attr: str) -> Value | None:
        index = self.catalogue.index[client.sdk]
        if attr in index.spec.transparent:
            return client
        if attr in index.spec.client_preserving:
            return PreservingMethod(client)
        member = self._member(index, (attr,), client.provider, False)
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
            return self._pick(scope.bindings[attr], None)
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
        if isinstance(func, SdkModule) and func.qualname in self.catalogue.wrappers:
            _sdk, wrapper = self.catalogue.wrappers[func.qualname]
            wrapped = _argument(node, wrapper.argument, wrapper.position)
            return self.value_of(wrapped, scope) if wrapped is not None else None
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
        if qualname in _PARTIALS and node.args:
            return self.value_of(node.args[0].value, scope)
        if qualname in _ENV_GETTERS and node.args:
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
        argument = _argument(node, factory.argument, factory.position)
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
        if provider == spec.default_provider and node is not None and scope is not None:
            provider = self.provider_from_arguments(node.args, scope) or provider
        origin = self.locate(node) if node is not None and self.locate is not None else None
        return Client(cls.sdk, client_spec.names[0].split(".")[-1], provider, origin)

    def provider_from_arguments(self, args: Sequence[cst.Arg], scope: Scope) -> str | None:
        providers = self.catalogue.providers
        by_keyword = {arg.keyword.value: arg.value for arg in args if arg.keyword is not None}
        found: list[str | None] = []
        for keywords in (URL_KEYWORDS, KEY_KEYWORDS):
            for keyword in sorted(keywords & by_keyword.keys()):
                found.append(self.provider_of_value(self.value_of(by_keyword[keyword], scope)))
        for keyword in sorted(HEADER_KEYWORDS & by_keyword.keys()):
            headers = by_keyword[keyword]
            if isinstance(headers, cst.Dict):
                names = [
                    _string(el.key) for el in headers.elements if isinstance(el, cst.DictElement)
                ]
                found.append(provider_for_headers([n for n in names if n], providers))
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
            exports = self.project.exports.get(module) if module else None
            return exports.returns.get(qualname) if exports is not None else None
        # What the body returns knows more (where the client was built, its
        # provider) than the annotation, which is the fallback.
        values = [self.value_of(expression, scope) for expression in scope.returns]
        returned = next((v for v in values if is_vendor(v)), None)
        if returned is not None:
            return returned
        node = scope.node
        if isinstance(node, cst.FunctionDef) and node.returns is not None and scope.parent:
            annotated = self.annotation_value(node.returns.annotation, scope.parent)
            if is_vendor(annotated) or isinstance(annotated, Instance):
                return annotated
        return next((v for v in values if v), None)

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
            name = dotted_name(node.value) or ""
            if name.rsplit(".", 1)[-1] in _TYPE_WRAPPERS:
                elements = [
                    element.slice.value
                    for element in node.slice
                    if isinstance(element.slice, cst.Index)
                ]
                return self._first_typed(*elements, scope=scope)
            return None
        value = self.value_of(node, scope)
        if isinstance(value, ClientClass):
            return self.construct(value, None, None)
        if isinstance(value, ClassRef):
            return Instance(value.qualname)
        return None

    def _first_typed(self, *nodes: cst.BaseExpression, scope: Scope) -> Value | None:
        values = [self.annotation_value(node, scope) for node in nodes]
        return next((v for v in values if v is not None), None)


def _argument(
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


def _string(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, cst.SimpleString) and isinstance(node.evaluated_value, str):
        return node.evaluated_value
    return None


def _single_string_index(node: cst.Subscript) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return _string(node.slice[0].slice.value)
