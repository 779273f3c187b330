"""Pass two: walk a module with the evaluator and draft a finding at every vendor site."""

from __future__ import annotations

from dataclasses import replace

import libcst as cst

from vendorlock.auditor import messages
from vendorlock.auditor.catalogue import Catalogue, FeatureSpec
from vendorlock.auditor.catalogue.schema import ConfigGlobal, MethodSpec
from vendorlock.auditor.coupling import CouplingRules
from vendorlock.auditor.evaluate import Evaluator
from vendorlock.auditor.features import FeatureHit, FeatureMatcher, dict_key_hits
from vendorlock.auditor.likely import likely_member
from vendorlock.auditor.literals import literal_matcher
from vendorlock.auditor.messages import Draft
from vendorlock.auditor.scopes import ModuleTable, Scope, dotted_name
from vendorlock.auditor.structure import StructureCollector
from vendorlock.auditor.values import (
    ClassRef,
    Client,
    ClientClass,
    External,
    FunctionRef,
    Member,
    SdkModule,
    StrConst,
    Value,
)
from vendorlock.auditor.walk import walk
from vendorlock.model import Confidence, Portability

_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
# The SDK may not have the member (instructor's CLI calls `client.files.download`, which
# openai>=1 lacks) or be newer than the catalogue: tied to the vendor either way.
_UNLISTED_METHOD = MethodSpec(
    portability=Portability.MANUAL, note="not in vendorlock's catalogue: gone from the SDK, or new"
)


class Detector(CouplingRules):
    """Drafts findings for imports, clients, calls and features, in source order."""

    def __init__(
        self,
        catalogue: Catalogue,
        table: ModuleTable,
        evaluator: Evaluator,
        structure: StructureCollector,
    ) -> None:
        self.structure = structure
        self.catalogue = catalogue
        self.table = table
        self.evaluator = evaluator
        self.matcher = FeatureMatcher(catalogue, evaluator)
        self.literals = literal_matcher(catalogue)
        self.stack: list[Scope] = [table.module_scope]
        self.drafts: list[Draft] = []
        self.imported_sdks: set[str] = set()
        self._call_of: dict[cst.CSTNode, cst.Call] = {}
        self._call_hits: dict[cst.CSTNode, list[FeatureHit]] = {}
        self._inner: set[cst.CSTNode] = set()
        self._reported: set[tuple[str, str, int]] = set()
        self._dicts: list[cst.Dict] = []
        self._outermost_for: set[cst.CompFor] = set()
        self._written: set[cst.CSTNode] = set()
        self.vendor_args: dict[cst.CSTNode, tuple[str, str, str]] = {}

    @property
    def scope(self) -> Scope:
        return self.stack[-1]

    # Decorators, defaults and annotations belong to the enclosing scope; only a
    # definition's body (and a comprehension as a whole) runs in its own.
    def _enter(self, node: cst.CSTNode) -> None:
        self.stack.append(self.table.scope_of[node])

    def _leave(self, node: cst.CSTNode) -> None:
        self.stack.pop()

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._enter(node)

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self._leave(node)

    def visit_ClassDef_body(self, node: cst.ClassDef) -> None:
        self._enter(node)

    def leave_ClassDef_body(self, node: cst.ClassDef) -> None:
        self._leave(node)

    def visit_Lambda_body(self, node: cst.Lambda) -> None:
        self._enter(node)

    def leave_Lambda_body(self, node: cst.Lambda) -> None:
        self._leave(node)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, _COMPREHENSIONS):
            self._enter(node)
            self._outermost_for.add(node.for_in)
        return super().on_visit(node)

    # Python evaluates a comprehension's first iterable in the enclosing scope.
    def visit_CompFor_iter(self, node: cst.CompFor) -> None:
        if node in self._outermost_for:
            self.stack.append(self.stack[-2])

    def leave_CompFor_iter(self, node: cst.CompFor) -> None:
        if node in self._outermost_for:
            self.stack.pop()

    def on_leave(self, original_node: cst.CSTNode) -> None:
        super().on_leave(original_node)
        if isinstance(original_node, _COMPREHENSIONS):
            self._leave(original_node)

    def add(self, draft: Draft, *, scope: Scope | None = None, in_walk: bool = True) -> None:
        """Keep a draft once, with the function or class it sits in.

        That is `scope`'s when given, else the walk's current one; drafts made
        after the walk (`in_walk=False`) sit nowhere in particular.
        """
        key = (draft.rule, draft.sdk, id(draft.node))
        if key not in self._reported:
            self._reported.add(key)
            symbol = _symbol(scope or self.scope) if in_walk else None
            self.drafts.append(replace(draft, symbol=symbol))

    # -- module configuration (runs before the walk: it decides module providers) ----------

    def detect_module_config(self) -> None:
        for target, value, scope, _order in self.table.attribute_assignments:
            base = self.evaluator.value_of(target.value, scope)
            if not isinstance(base, SdkModule) or base.qualname not in self.catalogue.roots:
                continue
            index = self.catalogue.index[base.sdk]
            setting = index.config_globals.get(target.attr.value)
            if setting is None:
                continue
            provider = self._configured_provider(setting, self.evaluator.value_of(value, scope))
            if provider is not None:
                self.evaluator.module_providers[base.sdk] = provider
            else:
                provider = self.evaluator.module_provider(base.sdk)
            draft = messages.config_draft(base.sdk, target.attr.value, provider, target)
            self.add(draft, scope=scope)

    def _configured_provider(self, setting: ConfigGlobal, value: Value | None) -> str | None:
        """The provider a module-level setting selects, if it selects one."""
        if setting.provider is not None:
            return setting.provider
        if isinstance(value, StrConst) and value.value.lower() in setting.provider_values:
            return setting.provider_values[value.value.lower()]
        if setting.provider_from_value:
            return self.evaluator.provider_of_value(value)
        return None

    # -- imports ---------------------------------------------------------------------

    def visit_Import(self, node: cst.Import) -> None:
        names = [dotted_name(alias.name) for alias in node.names]
        self._import_drafts(node, [n for n in names if n])

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            module = dotted_name(node.module) if node.module else None
            self._import_drafts(node, [module] if module and not node.relative else [])
            return
        if node.relative:
            return
        module = dotted_name(node.module) if node.module is not None else ""
        names = [dotted_name(alias.name) for alias in node.names]
        self._import_drafts(node, [f"{module}.{name}" for name in names if name])

    def _import_drafts(self, node: cst.Import | cst.ImportFrom, qualnames: list[str]) -> None:
        by_sdk: dict[str, list[str]] = {}
        for qualname in qualnames:
            if self.evaluator.project.shadows_sdk(qualname):
                continue
            sdk = self.catalogue.sdk_for_module(qualname)
            if sdk is None and qualname in self.catalogue.client_classes:
                # `from langfuse.openai import OpenAI`: the SDK's client, re-exported.
                sdk = self.catalogue.client_classes[qualname][0]
            if sdk is not None:
                by_sdk.setdefault(sdk, []).append(qualname)
        for sdk, imported in by_sdk.items():
            self.imported_sdks.add(sdk)
            type_only = node in self.table.type_checking_imports or all(
                self._is_type_module(sdk, qualname) for qualname in imported
            )
            self.add(messages.import_draft(self.catalogue.sdks[sdk], imported, type_only, node))

    def _is_type_module(self, sdk: str, qualname: str) -> bool:
        prefixes = self.catalogue.sdks[sdk].type_modules
        return any(qualname == p or qualname.startswith(p + ".") for p in prefixes)

    # -- calls and clients ---------------------------------------------------------------

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.settings_fields(node)
        self.structure.define(self.table.scope_of[node].qualname, node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.structure.define(self.table.scope_of[node].qualname, node)

    def visit_If(self, node: cst.If) -> None:
        self.structure.main_block(node)

    def visit_Call(self, node: cst.Call) -> None:
        self._call_of[node.func] = node
        func = self.evaluator.value_of(node.func, self.scope)
        if isinstance(func, (FunctionRef, ClassRef)):
            self.structure.call(_symbol(self.scope), func.qualname)
        self.positional_models(node, func)
        self.isinstance_check(node)
        if isinstance(func, External):
            self.env_read(node)
            self._factory_client(node)
        if isinstance(func, ClientClass):
            client = self.evaluator.construct(func, node, self.scope)
            self.add(messages.client_draft(self.catalogue.sdks[func.sdk], client, node))
            self._client_blocks(client, node)
        elif isinstance(func, Member) and func.is_method:
            self._call_hits[node.func] = self.matcher.call_features(func, node, self.scope)
            if isinstance(node.func, cst.Name) and func.from_module:
                # `from ollama import chat; chat(...)`: the SDK function called by its name.
                self._member_site(node.func, func, Confidence.CERTAIN)
            elif not isinstance(node.func, cst.Attribute):
                self._feature_drafts(func, self._call_hits[node.func], Confidence.CERTAIN)
        elif func is None and isinstance(node.func, cst.Attribute):
            self._unlisted_method_call(node.func)

    def _unlisted_method_call(self, func: cst.Attribute) -> None:
        """`client.files.download(...)`: a member the catalogue lacks, called on a resource.

        Only on a resource of a proven client: on an SDK module, an unlisted name is any
        helper (`generative_models.Part(...)`), and on the client itself, housekeeping
        (`client.close()`).
        """
        resource = self.evaluator.value_of(func.value, self.scope)
        if not isinstance(resource, Member) or resource.is_method or resource.from_module:
            return
        member = replace(resource, chain=(*resource.chain, func.attr.value), is_method=True)
        draft = messages.call_draft(
            self.catalogue, member, _UNLISTED_METHOD, func, Confidence.CERTAIN, (), True
        )
        self.add(draft)

    def _factory_client(self, node: cst.Call) -> None:
        """`boto3.client("bedrock-runtime")`: a third-party factory that returns a client."""
        made = self.evaluator.value_of(node, self.scope)
        locate = self.evaluator.locate
        if isinstance(made, Client) and locate is not None and made.origin == locate(node):
            self.add(messages.client_draft(self.catalogue.sdks[made.sdk], made, node))

    def _client_blocks(self, client: Client, node: cst.Call) -> None:
        """Feature blocks in a constructor's arguments (OpenRouter's attribution headers)."""
        for feature in self.catalogue.sdks[client.sdk].features:
            if not feature.dict_keys or (
                feature.providers and client.provider not in feature.providers
            ):
                continue
            for arg in node.args:
                for key in self.matcher.matching_keys(arg.value, feature.dict_keys, self.scope):
                    self.add(
                        messages.feature_draft(
                            feature, client.sdk, client.provider, None, key, Confidence.CERTAIN
                        )
                    )

    def visit_Dict(self, node: cst.Dict) -> None:
        self._dicts.append(node)

    # `openai.ChatCompletion.create = wrapper(original)` replaces the method: nothing is
    # called or passed on there, so an assignment target is never a call site.
    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._written.update(_written_attributes(node.target))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        super().visit_AnnAssign(node)
        self._written.update(_written_attributes(node.target))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node in self._inner:
            return
        chain = _attribute_chain(node)
        self._inner.update(chain[1:])
        if node in self._written:
            return
        self.evaluator.value_of(node, self.scope)
        found = False
        for attribute in reversed(chain):
            self.response_attribute(attribute)
            value = self.evaluator.value_of(attribute, self.scope)
            if isinstance(value, Member) and value.is_method:
                found = True
                if attribute not in self.evaluator.consumed:
                    self._member_site(attribute, value, Confidence.CERTAIN)
        if not found:
            self._likely_site(chain)

    def _likely_site(self, chain: list[cst.Attribute]) -> None:
        guess = likely_member(
            self.catalogue, self.evaluator, chain, self.scope, self._call_of, self.imported_sdks
        )
        if guess is not None:
            attribute, member = guess
            call = self._call_of.get(attribute)
            if call is not None:
                self._call_hits[attribute] = self.matcher.call_features(member, call, self.scope)
            self._member_site(attribute, member, Confidence.LIKELY)

    def _member_site(
        self, node: cst.Attribute | cst.Name, member: Member, confidence: Confidence
    ) -> None:
        spec = self.catalogue.index[member.sdk]
        tree = spec.module_tree if member.from_module else spec.client_tree
        method = tree.methods[member.chain]
        resource_features = self.matcher.resource_features(member)
        hits = self._call_hits.get(node, [])
        feature_ids = tuple(
            dict.fromkeys([f.id for f in resource_features] + [hit.feature.id for hit in hits])
        )
        called = node in self._call_of
        self.add(
            messages.call_draft(
                self.catalogue, member, method, node, confidence, feature_ids, called
            )
        )
        for feature in resource_features:
            self.add(
                messages.feature_draft(
                    feature,
                    member.sdk,
                    member.provider,
                    f"{member.sdk}:{member.dotted}",
                    node,
                    confidence,
                    member.origin,
                )
            )
        self._feature_drafts(member, hits, confidence)

    def _feature_drafts(
        self, member: Member, hits: list[FeatureHit], confidence: Confidence
    ) -> None:
        api = f"{member.sdk}:{member.dotted}"
        for hit in hits:
            self.add(
                messages.feature_draft(
                    hit.feature, member.sdk, member.provider, api, hit.at, confidence, member.origin
                )
            )

    # -- blocks no call could be tied to --------------------------------------------------

    def detect_loose_blocks(self) -> None:
        reported = {node_id for _rule, _sdk, node_id in self._reported}
        for sdk in sorted(self.imported_sdks):
            spec = self.catalogue.sdks[sdk]
            features: list[FeatureSpec] = [f for f in spec.features if f.dict_keys]
            for literal in self._dicts:
                for feature in features:
                    for key in dict_key_hits(literal, feature.dict_keys):
                        if id(key) not in reported:
                            self.add(
                                messages.feature_draft(
                                    feature,
                                    sdk,
                                    spec.default_provider,
                                    None,
                                    key,
                                    Confidence.CERTAIN,
                                ),
                                in_walk=False,
                            )


def _symbol(scope: Scope | None) -> str | None:
    """The qualified name of the innermost function or class at `scope`."""
    while scope is not None:
        if scope.kind in {"function", "class"}:
            return scope.qualname
        scope = scope.parent
    return None


def _written_attributes(target: cst.BaseExpression) -> list[cst.Attribute]:
    """The attributes an assignment target writes, inside tuples and starred targets too."""
    if isinstance(target, cst.Attribute):
        return [target]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [attr for element in target.elements for attr in _written_attributes(element.value)]
    if isinstance(target, cst.StarredElement):
        return _written_attributes(target.value)
    return []


def _attribute_chain(node: cst.Attribute) -> list[cst.Attribute]:
    """The outermost attribute first, then each inner `.value` that is an attribute."""
    chain = [node]
    current: cst.BaseExpression = node.value
    while isinstance(current, cst.Attribute):
        chain.append(current)
        current = current.value
    return chain


def detect(
    catalogue: Catalogue,
    table: ModuleTable,
    evaluator: Evaluator,
    module: cst.Module,
    structure: StructureCollector,
) -> list[Draft]:
    """All drafts of one module, in source order of their nodes; fills `structure`."""
    detector = Detector(catalogue, table, evaluator, structure)
    detector.detect_module_config()
    walk(detector, module)
    detector.detect_loose_blocks()
    return detector.drafts


__all__ = ["Draft", "detect"]
