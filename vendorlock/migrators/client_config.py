"""Read how the client behind a call was configured, as expressions for the new call.

Three cases: the finding's `client_origin` names the constructor (in this file
or another; a receiver built differently on different paths is refused, see
`client_paths`); the call is on the SDK module itself (`openai.chat...`, v0
`openai.ChatCompletion`), configured by module globals (`openai.api_key = ...`)
that the auditor reported as `vendor-config` findings; or the client comes from
outside (a parameter), and nothing about it can be known.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
from libcst.metadata import Assignment

from vendorlock.auditor.catalogue import Catalogue
from vendorlock.migrators.carry import Carried, carry, code_of
from vendorlock.migrators.client_paths import competing_clients
from vendorlock.migrators.cstutil import dotted, keyword_args
from vendorlock.migrators.ir import ClientConfig, ConfigKey, ImportNeed, Issue, Safety, manual
from vendorlock.migrators.locate import find_expression_at
from vendorlock.migrators.project import FileView
from vendorlock.migrators.site import Site
from vendorlock.model import Finding, Location

KEYS: dict[str, ConfigKey] = {
    "api_key": ConfigKey.API_KEY,
    "base_url": ConfigKey.BASE_URL,
    "organization": ConfigKey.ORGANIZATION,
    "timeout": ConfigKey.TIMEOUT,
    "max_retries": ConfigKey.MAX_RETRIES,
    "default_headers": ConfigKey.HEADERS,
    "azure_endpoint": ConfigKey.AZURE_ENDPOINT,
    "api_version": ConfigKey.API_VERSION,
    "azure_deployment": ConfigKey.AZURE_DEPLOYMENT,
}
# Options that do not change a chat or embedding request.
NOT_NEEDED = frozenset({"webhook_secret", "websocket_base_url", "webhook_key", "api_type"})


@dataclass(frozen=True)
class ClientInfo:
    """What the call's client is: async or not (None: unknown) and its configuration."""

    is_async: bool | None
    config: ClientConfig


def read_client(site: Site) -> ClientInfo:
    """The client behind `site`; raises `Unsupported` when it cannot be described."""
    receiver = site.receiver()
    if receiver is None:
        raise manual(
            "the call goes through `with_raw_response`, `with_streaming_response` or "
            "`with_options(...)`, whose results have no neutral equivalent"
        )
    origin = site.finding.client_origin
    if origin is not None:
        competing = competing_clients(site)
        if competing is not None:
            raise manual(competing)
        view = site.project.view(origin.path)
        call = find_constructor(view, origin.line, origin.column) if view else None
        if view is None or call is None:
            raise manual(f"cannot read the client constructor at {origin.path}:{origin.line}")
        return ClientInfo(_is_async(view, call, site), _from_arguments(site, view, call))
    if _is_sdk_module(site.file, receiver, site.finding.sdk):
        return ClientInfo(None, _from_module_globals(site))
    issue = Issue(
        Safety.UNSAFE,
        f"the client `{code_of(receiver)}` comes from outside this code: "
        "its configuration (key, base URL) cannot be carried",
    )
    return ClientInfo(None, ClientConfig(issues=(issue,)))


def find_constructor(view: FileView, line: int, column: int) -> cst.Call | None:
    """The constructor call that starts at (line, column)."""
    where = Location(path=view.path, line=line, column=column)
    return find_expression_at(view.positions, view.module, where)


def _from_arguments(site: Site, view: FileView, call: cst.Call) -> ClientConfig:
    issues: list[Issue] = []
    if any(arg.keyword is None for arg in call.args):
        issues.append(
            Issue(
                Safety.UNSAFE,
                "the client is built with positional or `**` "
                "arguments, so its configuration is not fully visible",
            )
        )
    entries: list[tuple[str, cst.BaseExpression, cst.CSTNode]] = [
        (name, arg.value, call) for name, arg in keyword_args(call).items()
    ]
    return _config(site, view, entries, issues)


def _config(
    site: Site,
    view_of: FileView | dict[str, FileView],
    entries: list[tuple[str, cst.BaseExpression, cst.CSTNode]],
    issues: list[Issue],
) -> ClientConfig:
    values: dict[ConfigKey, cst.BaseExpression] = {}
    imports: list[ImportNeed] = []
    for name, value, anchor in entries:
        if name in NOT_NEEDED:
            continue
        key = KEYS.get(name)
        if key is None:
            issues.append(
                Issue(Safety.UNSAFE, f"client option `{name}=` is not carried to the new call")
            )
            continue
        view = view_of if isinstance(view_of, FileView) else view_of[name]
        carried: Carried = carry(value, view, anchor, site.file, site.call, name)
        values[key] = carried.value
        imports.extend(carried.imports)
        issues.extend(carried.issues)
    return ClientConfig(values=values, imports=tuple(dict.fromkeys(imports)), issues=tuple(issues))


def _from_module_globals(site: Site) -> ClientConfig:
    """`openai.api_key = ...` and friends, wherever the project sets them."""
    entries: list[tuple[str, cst.BaseExpression, cst.CSTNode]] = []
    views: dict[str, FileView] = {}
    issues: list[Issue] = []
    for finding in site.project.config_findings(site.finding.sdk):
        name = (finding.api or "").partition(":")[2]
        name = {
            "api_base": "azure_endpoint" if site.finding.provider == "azure" else "base_url"
        }.get(name, name)
        assigned = _assigned_value(site, finding)
        if assigned is None:
            issues.append(
                Issue(
                    Safety.UNSAFE,
                    f"cannot read the module configuration at {finding.path}:{finding.line}",
                )
            )
        elif name in views:
            issues.append(
                Issue(
                    Safety.UNSAFE,
                    f"`{name}` of the module client is set in several "
                    "places; which one applies depends on the order of execution",
                )
            )
        else:
            views[name] = assigned[0]
            entries.append((name, assigned[1], assigned[1]))
    return _config(site, views, entries, issues)


def _assigned_value(site: Site, finding: Finding) -> tuple[FileView, cst.BaseExpression] | None:
    view = site.project.view(finding.path)
    if view is None:
        return None
    finder = _AssignFinder(view, finding.line)
    view.module.visit(finder)
    return (view, finder.value) if finder.value is not None else None


class _AssignFinder(cst.CSTVisitor):
    def __init__(self, view: FileView, line: int) -> None:
        self.view = view
        self.line = line
        self.value: cst.BaseExpression | None = None

    def visit_Assign(self, node: cst.Assign) -> bool:
        if (
            self.value is None
            and self.view.line_of(node) == self.line
            and len(node.targets) == 1
            and isinstance(node.targets[0].target, cst.Attribute)
        ):
            self.value = node.value
        return self.value is None


def _is_sdk_module(view: FileView, receiver: cst.BaseExpression, sdk: str) -> bool:
    if not isinstance(receiver, cst.Name):
        return False
    scope = view.scopes.get(receiver)
    if scope is None:
        return False
    for assignment in scope[receiver.value]:
        node = assignment.node if isinstance(assignment, Assignment) else None
        if isinstance(node, cst.Import):
            return any(alias.evaluated_name.split(".")[0] == sdk for alias in node.names)
    return False


def _is_async(view: FileView, call: cst.Call, site: Site) -> bool | None:
    name = _class_name(view, call)
    catalogue: Catalogue = site.catalogue
    sdk = catalogue.sdks.get(site.finding.sdk)
    for client in sdk.clients if sdk else ():
        if any(qualified.rsplit(".", 1)[-1] == name for qualified in client.names):
            return client.is_async
    return None


def _class_name(view: FileView, call: cst.Call) -> str | None:
    """The constructor's class name, through `from x import Y as Z` aliases."""
    path = dotted(call.func)
    if path is None:
        return None
    if "." in path:
        return path.rsplit(".", 1)[1]
    scope = view.scopes.get(call.func)
    for assignment in scope[path] if scope is not None else ():
        node = assignment.node if isinstance(assignment, Assignment) else None
        if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                if (alias.evaluated_alias or alias.evaluated_name) == path:
                    return alias.evaluated_name
    return path
