"""Clients of the SDKs that are not OpenAI-shaped: each SDK names its constructor options itself.

`client_config.read_client` knows the openai and anthropic constructors. The
other SDKs call the same settings `host=`, `server_url=`, `region_name=`, take
positional arguments (`boto3.client("bedrock-runtime")`,
`genai.GenerativeModel("gemini-2.5-flash")`), or are module functions
(`ollama.chat(...)`). A source passes its own table of options; each value is
carried to the call site like `read_client` does (literals and environment
reads as they are, module-level names imported, locals of the code that built
the client refused).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import Assignment

from vendorlock.migrators.carry import Carried, carry, code_of
from vendorlock.migrators.client_config import find_constructor
from vendorlock.migrators.client_paths import competing_clients
from vendorlock.migrators.cstutil import dotted
from vendorlock.migrators.ir import ClientConfig, ConfigKey, ImportNeed, Issue, Safety, manual
from vendorlock.migrators.project import FileView
from vendorlock.migrators.site import Site

# An option: the config key it carries, or None when it does not change the request.
Options = Mapping[str, ConfigKey | None]


@dataclass(frozen=True)
class VendorClient:
    """The client behind a call: its class, its configuration and its constructor."""

    qualified: str | None  # "cohere.ClientV2"; None for module functions and unknown clients
    is_async: bool | None
    config: ClientConfig
    # the constructor's arguments by name (positional ones named by the source), and its file
    arguments: dict[str, cst.Arg] = field(default_factory=dict)
    view: FileView | None = None
    constructor: cst.Call | None = None

    def carry(self, site: Site, expr: cst.BaseExpression, label: str) -> Carried:
        """`expr`, written in the constructor, made valid at the call site."""
        assert self.view is not None and self.constructor is not None
        return carry(expr, self.view, self.constructor, site.file, site.call, label)

    def with_value(self, key: ConfigKey, carried: Carried) -> ClientConfig:
        """The configuration with one more carried value."""
        config = self.config
        return ClientConfig(
            {**config.values, key: carried.value},
            tuple(dict.fromkeys((*config.imports, *carried.imports))),
            (*config.issues, *carried.issues),
        )


def read_vendor_client(
    site: Site, options: Options, positional: Sequence[str] = (), consumed: Sequence[str] = ()
) -> VendorClient:
    """The client of `site`: `options` are carried, `consumed` are read by the source itself."""
    receiver = site.receiver()
    if receiver is None and _is_sdk_function(site):
        return VendorClient(None, None, ClientConfig())
    if receiver is None:
        raise manual(
            "the call goes through a wrapper (`with_raw_response`, `with_options(...)`) "
            "whose results have no neutral equivalent"
        )
    origin = site.finding.client_origin
    if origin is None:
        if _is_sdk_module(site, receiver):
            return VendorClient(None, None, ClientConfig())
        issue = Issue(
            Safety.UNSAFE,
            f"the client `{code_of(receiver)}` comes from outside this code: "
            "its configuration (key, base URL) cannot be carried",
        )
        return VendorClient(None, None, ClientConfig(issues=(issue,)))
    competing = competing_clients(site)
    if competing is not None:
        raise manual(competing)
    view = site.project.view(origin.path)
    call = find_constructor(view, origin.line, origin.column) if view else None
    if view is None or call is None:
        raise manual(f"cannot read the client constructor at {origin.path}:{origin.line}")
    arguments, issues = _named(call, positional)
    values: dict[ConfigKey, cst.BaseExpression] = {}
    imports: list[ImportNeed] = []
    for name, arg in arguments.items():
        if name in consumed:
            continue
        if name not in options:
            issues.append(
                Issue(Safety.UNSAFE, f"client option `{name}=` is not carried to the new call")
            )
            continue
        key = options[name]
        if key is None:
            continue
        carried = carry(arg.value, view, call, site.file, site.call, name)
        values[key] = carried.value
        imports.extend(carried.imports)
        issues.extend(carried.issues)
    qualified = qualified_name(view, call.func)
    config = ClientConfig(values, tuple(dict.fromkeys(imports)), tuple(issues))
    return VendorClient(qualified, _is_async(site, qualified), config, arguments, view, call)


def _named(call: cst.Call, positional: Sequence[str]) -> tuple[dict[str, cst.Arg], list[Issue]]:
    arguments: dict[str, cst.Arg] = {}
    issues: list[Issue] = []
    unnamed = 0
    for arg in call.args:
        if arg.keyword is not None:
            arguments[arg.keyword.value] = arg
        elif arg.star or unnamed >= len(positional):
            issues.append(
                Issue(
                    Safety.UNSAFE,
                    "the client is built with positional or `**` arguments, "
                    "so its configuration is not fully visible",
                )
            )
        else:
            arguments[positional[unnamed]] = arg
            unnamed += 1
    return arguments, issues


def qualified_name(view: FileView, func: cst.BaseExpression) -> str | None:
    """`cohere.ClientV2` for `cohere.ClientV2`, `co.ClientV2` or `ClientV2`, through imports;
    the dotted text itself when its first name is not imported."""
    return imported_name(view, func) or dotted(func)


def imported_name(view: FileView, expr: cst.BaseExpression) -> str | None:
    """The qualified name of a dotted expression whose first name is bound by an import, or
    None (a local that happens to be called `mistralai` is not the SDK)."""
    path = dotted(expr)
    if path is None:
        return None
    head, _, rest = path.partition(".")
    scope = view.scopes.get(expr)
    for assignment in scope[head] if scope is not None else ():
        node = assignment.node if isinstance(assignment, Assignment) else None
        origin = _imported_as(node, head)
        if origin is not None:
            return f"{origin}.{rest}" if rest else origin
    return None


def _imported_as(node: cst.CSTNode | None, name: str) -> str | None:
    if isinstance(node, cst.Import):
        for alias in node.names:
            if alias.evaluated_alias == name:
                return alias.evaluated_name
            if alias.evaluated_alias is None and alias.evaluated_name.split(".")[0] == name:
                return name
    if isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative:
        module = code_of(node.module)
        for alias in node.names if not isinstance(node.names, cst.ImportStar) else ():
            if (alias.evaluated_alias or alias.evaluated_name) == name:
                return f"{module}.{alias.evaluated_name}"
    return None


def _is_sdk_module(site: Site, receiver: cst.BaseExpression) -> bool:
    """`ollama.chat(...)`: the receiver is the SDK module itself."""
    if not isinstance(receiver, cst.Name):
        return False
    scope = site.file.scopes.get(receiver)
    for assignment in scope[receiver.value] if scope is not None else ():
        node = assignment.node if isinstance(assignment, Assignment) else None
        module = _imported_as(node, receiver.value)
        if isinstance(node, cst.Import) and module is not None:
            return site.catalogue.sdk_for_module(module) == site.finding.sdk
    return False


def _is_sdk_function(site: Site) -> bool:
    """`from ollama import chat; chat(...)`: a module function imported by name."""
    func = site.call.func
    if not isinstance(func, cst.Name) or len(site.chain) != 1:
        return False
    qualified = qualified_name(site.file, func)
    module, _, name = (qualified or "").rpartition(".")
    return name == site.chain[0] and site.catalogue.sdk_for_module(module) == site.finding.sdk


def _is_async(site: Site, qualified: str | None) -> bool | None:
    entry = site.catalogue.client_classes.get(qualified or "")
    if entry is None:
        return None
    sdk, index = entry
    return site.catalogue.sdks[sdk].clients[index].is_async


def canonical(site: Site, qualified: str | None) -> str | None:
    """The catalogue's canonical name of a client class (`cohere.ClientV2`), if it is one."""
    entry = site.catalogue.client_classes.get(qualified or "")
    if entry is None:
        return None
    sdk, index = entry
    return site.catalogue.sdks[sdk].clients[index].names[0]
