"""The codemod for one file: every selected call site in it, under one target.

Each site is read into a `CallSite` by its source, checked (features, client
configuration, response reads), and, when its safety allows, rendered by the
target. Nodes are replaced by identity after their children, so a response
read inside another call's arguments is rewritten too. Imports change only
through the codemod context.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import libcst as cst
from libcst.codemod import CodemodCommand, CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from vendorlock.auditor.catalogue import Catalogue
from vendorlock.migrators.cleanup import dead_local_clients
from vendorlock.migrators.client_config import find_constructor
from vendorlock.migrators.imports import forget_client_import, used_vendor_imports
from vendorlock.migrators.ir import (
    CallSite,
    Issue,
    Param,
    ResponseShape,
    Safety,
    Unsupported,
    worst,
)
from vendorlock.migrators.layers import inside_layer, layer_of
from vendorlock.migrators.locate import find_call, find_reference
from vendorlock.migrators.project import FileView, Project
from vendorlock.migrators.responses import ResponsePlan, plan_response
from vendorlock.migrators.rewriter import Rewrite, Rewriter
from vendorlock.migrators.site import Site
from vendorlock.migrators.sources import sources
from vendorlock.migrators.streams import is_stream, plan_stream
from vendorlock.migrators.targets import Target
from vendorlock.model import Finding, Portability


@dataclass(frozen=True)
class SiteOutcome:
    """What became of one call site."""

    finding: Finding
    safety: Safety
    issues: tuple[Issue, ...]
    applied: bool


@dataclass(frozen=True)
class FilePlan:
    """The inputs of one file's codemod."""

    path: str
    findings: tuple[Finding, ...]
    project: Project
    catalogue: Catalogue
    target: Target
    unsafe_fixes: bool
    display: str = ""  # the path shown in diffs and the summary (relative to the cwd)

    @property
    def shown(self) -> str:
        return self.display or self.path


class MigrateFile(CodemodCommand):
    """Move the selected vendor calls of one file onto the target."""

    DESCRIPTION = "Move vendor LLM calls onto a neutral layer."

    def __init__(self, context: CodemodContext, plan: FilePlan) -> None:
        super().__init__(context)
        self.plan = plan
        self.outcomes: list[SiteOutcome] = []
        # same-file client constructors and the receivers of rewritten calls, for cleanup
        self.constructors: list[cst.Call] = []
        self.receivers: set[cst.CSTNode] = set()

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        assert self.context.wrapper is not None
        project = self.plan.project
        view = FileView.of(
            self.context.wrapper, self.plan.path, project.import_names(self.plan.path)
        )
        project.remember(view)
        used_imports = used_vendor_imports(view, self.plan.catalogue)
        rewriter = Rewriter()
        for finding in self.plan.findings:
            self.outcomes.append(self._site(view, finding, rewriter))
        if not any(outcome.applied for outcome in self.outcomes):
            return tree
        for statement in dead_local_clients(view, self.constructors, self.receivers):
            rewriter.rewrites[statement] = _removed
        for module, name, asname in used_imports:
            RemoveImportsVisitor.remove_unused_import(self.context, module, name, asname)
        return tree.visit(rewriter)

    def _site(self, view: FileView, finding: Finding, rewriter: Rewriter) -> SiteOutcome:
        try:
            site, call_site = self._describe(view, finding)
        except Unsupported as error:
            return SiteOutcome(finding, error.issue.safety, (error.issue,), applied=False)
        target = self.plan.target
        prefix = target.model_prefix(call_site.provider)
        if prefix is None:
            issue = Issue(
                Safety.MANUAL, f"{target.name} has no route for provider `{call_site.provider}`"
            )
            return SiteOutcome(finding, Safety.MANUAL, (issue,), applied=False)
        planner = plan_stream if is_stream(call_site) else plan_response
        response = planner(view, site.call, call_site, target)
        issues = (
            *call_site.issues,
            *target.issues(call_site),
            *_target_features(finding, target),
            *response.issues,
        )
        safety = worst(issues)
        applied = safety is Safety.SAFE or (safety is Safety.UNSAFE and self.plan.unsafe_fixes)
        if applied:
            self._apply(site, call_site, prefix, response, rewriter)
        return SiteOutcome(finding, safety, tuple(dict.fromkeys(issues)), applied)

    def _apply(
        self,
        site: Site,
        call_site: CallSite,
        prefix: str,
        response: ResponsePlan,
        rewriter: Rewriter,
    ) -> None:
        # A rewrite of the response that wraps the call itself (`closing(...)`) runs after it.
        around = response.rewrites.pop(site.call, None)
        rewriter.rewrites.update(response.rewrites)
        own = self._call_rewrite(call_site, prefix, rewriter)
        rewriter.rewrites[site.call] = own if around is None else _then(own, around)
        for need in response.imports:
            AddImportsVisitor.add_needed_import(self.context, need.module, need.name, need.asname)
        forget_client_import(self.context, site)
        self._note_client(site)

    def _stream_manager(self, call: cst.Call, is_async: bool) -> cst.BaseExpression:
        """`with client.messages.stream(...) as s` needs a context manager on the new side."""
        # `messages.stream()` is not awaited; `acompletion(...)` must be.
        result: cst.BaseExpression = cst.Await(call) if is_async else call
        closers = self.plan.target.stream_closers
        if closers is None:
            return result
        AddImportsVisitor.add_needed_import(self.context, "contextlib")
        return cst.Call(cst.parse_expression(closers[is_async]), [cst.Arg(result)])

    def _note_client(self, site: Site) -> None:
        receiver = site.receiver()
        origin = site.finding.client_origin
        if receiver is None or origin is None or origin.path != site.file.path:
            return
        self.receivers.add(receiver)
        constructor = find_constructor(site.file, origin.line, origin.column)
        if constructor is not None and constructor not in self.constructors:
            self.constructors.append(constructor)

    def _describe(self, view: FileView, finding: Finding) -> tuple[Site, CallSite]:
        layer = layer_of(view.module_names)
        if layer is not None:
            raise Unsupported(inside_layer(layer, self.plan.target))
        call = find_call(view.positions, view.module, finding)
        if call is None:
            raise Unsupported(Issue(Safety.MANUAL, _not_a_call_reason(view, finding)))
        source = sources().get(finding.api or "")
        if source is None:
            raise Unsupported(Issue(Safety.MANUAL, _no_source_reason(finding, self.plan.catalogue)))
        site = Site(finding, call, view, self.plan.project, self.plan.catalogue)
        return site, source.extract(site)

    def _call_rewrite(self, call_site: CallSite, prefix: str, rewriter: Rewriter) -> Rewrite:
        def rewrite(updated: cst.CSTNode) -> cst.CSTNode:
            # The original call gives the layout; the values come as already rewritten.
            assert call_site.original is not None
            current = _with_latest(call_site, rewriter)
            rendered = self.plan.target.render(current, call_site.original, prefix)
            for need in rendered.imports:
                AddImportsVisitor.add_needed_import(
                    self.context, need.module, need.name, need.asname
                )
            if call_site.response is ResponseShape.ANTHROPIC_STREAM:
                return self._stream_manager(rendered.call, call_site.is_async)
            if call_site.await_result:
                return cst.Await(rendered.call)
            return rendered.call

        return rewrite


def _then(first: Rewrite, second: Rewrite) -> Rewrite:
    def rewrite(node: cst.CSTNode) -> cst.CSTNode | cst.RemovalSentinel:
        done = first(node)
        return second(done) if isinstance(done, cst.CSTNode) else done

    return rewrite


def _removed(_node: cst.CSTNode) -> cst.RemovalSentinel:
    return cst.RemovalSentinel.REMOVE


def _with_latest(call_site: CallSite, rewriter: Rewriter) -> CallSite:
    """The call site with each argument value as already rewritten inside it."""

    def fresh(param: Param) -> Param:
        value = rewriter.latest(param.value)
        assert isinstance(value, cst.BaseExpression)
        return replace(param, value=value)

    return replace(
        call_site,
        model=fresh(call_site.model),
        payload=fresh(call_site.payload),
        params=tuple(fresh(param) for param in call_site.params),
    )


def _target_features(finding: Finding, target: Target) -> tuple[Issue, ...]:
    return tuple(
        Issue(Safety.MANUAL, f"{feature} has no equivalent in {target.name}")
        for feature in finding.features
        if feature in target.manual_features
    )


def _not_a_call_reason(view: FileView, finding: Finding) -> str:
    if find_reference(view.positions, view.module, finding) is not None:
        api = finding.api
        return f"a reference to `{api}`, not a call (passed on or assigned): move it by hand"
    return "the call is not where the finding says; re-run the scan"


def _no_source_reason(finding: Finding, catalogue: Catalogue) -> str:
    if finding.portability is Portability.MANUAL:
        features = ", ".join(finding.features)
        what = f" ({features})" if features else ""
        reason = f"`{finding.api}`{what} has no neutral equivalent"
    else:
        reason = f"no codemod for `{finding.api}` yet"
    note = _method_note(finding, catalogue)
    # The catalogue's note says what the API is (a message builder, a removed v0 API).
    return f"{reason}; {note}" if note else reason


def _method_note(finding: Finding, catalogue: Catalogue) -> str | None:
    sdk = catalogue.sdks.get(finding.sdk)
    chain = (finding.api or "").partition(":")[2]
    for tree in (sdk.module_methods, sdk.methods) if sdk is not None else ():
        method = tree.get(chain)
        if method is not None and method.note:
            return method.note
    return None
