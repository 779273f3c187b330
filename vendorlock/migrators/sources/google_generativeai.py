"""Legacy google-generativeai: `genai.GenerativeModel(...).generate_content(...)` (and `_async`).

The model handle carries the request: its model name (without the `models/`
prefix), `system_instruction` and `generation_config` come from the
constructor, merged with the call's own `generation_config` (the call's fields
win, as in the SDK). The key and endpoint come from `genai.configure(...)`:
`api_key=` and `client_options={"api_endpoint": ...}` (LiteLLM gets it as
`<endpoint>/v1beta`, the REST path the SDK calls). The text of `contents`,
the config fields and the tools (of the call, else of the handle) are
converted as for google-genai; `stream=True` streams.
"""

from __future__ import annotations

import libcst as cst

from vendorlock.migrators.carry import Carried, carry, code_of
from vendorlock.migrators.cstutil import dict_items, keyword, make_string, string_value
from vendorlock.migrators.ir import (
    CallSite,
    ClientConfig,
    ConfigKey,
    ImportNeed,
    Issue,
    Operation,
    Param,
    ResponseShape,
    Safety,
    manual,
)
from vendorlock.migrators.locate import find_call
from vendorlock.migrators.site import Site
from vendorlock.migrators.sources.anthropic_shapes import fold_system
from vendorlock.migrators.sources.chat_shapes import field_params, is_text, literal_fields
from vendorlock.migrators.sources.common import feature_issues
from vendorlock.migrators.sources.google_genai import (
    CONFIG_TYPES,
    PORTABLE,
    RENAMES,
    convert_contents,
    tool_params,
)
from vendorlock.migrators.sources.vendor_client import VendorClient, canonical, read_vendor_client
from vendorlock.model import Kind

APIS = frozenset(
    {
        "google-generativeai:generate_content",
        "google-generativeai:generate_content_async",
        "google-generativeai:configure",
    }
)
FEATURES: frozenset[str] = frozenset()
MODEL_CLASS = "google.generativeai.GenerativeModel"
CONFIGURE = "google-generativeai:configure"
# What the model handle holds besides the request parts this source reads.
NOT_CONVERTED = ("safety_settings",)
TOOL_OPTIONS = ("tools", "tool_config")
CALL_ARGUMENTS = frozenset({"contents", "generation_config", "stream", *TOOL_OPTIONS})


def extract(site: Site) -> CallSite:
    """The neutral description of one `generate_content` call on a model handle."""
    if site.finding.api == CONFIGURE:
        raise manual(
            "`genai.configure(...)` stays: each migrated call takes its key and endpoint itself; "
            "remove it when no google-generativeai call is left"
        )
    call = _named_call(site.call)
    args = {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}
    unknown = sorted(set(args) - CALL_ARGUMENTS)
    if unknown:
        raise manual(f"`{unknown[0]}=` on `generate_content` is not converted")
    stream = _stream(args)
    model = read_vendor_client(
        site,
        {},
        positional=("model_name",),
        consumed=("model_name", "generation_config", "system_instruction", *TOOL_OPTIONS),
    )
    if model.qualified is None or canonical(site, model.qualified) != MODEL_CLASS:
        raise manual("the model handle is not built by `genai.GenerativeModel(...)` here")
    for option in NOT_CONVERTED:
        if option in model.arguments:
            raise manual(f"`{option}=` on the model handle is not converted")
    taken: list[Carried] = []  # what was moved from the constructor to the call
    name, name_issues = _model_name(site, model, taken)
    model_arg = keyword("model", name).with_changes(comma=_comma(call))
    call = call.with_changes(args=[model_arg, *call.args])
    messages, issues = convert_contents(Param("contents", args["contents"].value, args["contents"]))
    system, params, found = _generation(site, model, args.get("generation_config"), taken)
    params.extend(_tools(site, model, args, taken))
    if stream:
        params.append(Param("stream", args["stream"].value, args["stream"]))
    if system is not None:
        messages = fold_system(messages, system)
    config = _configured(site, model.config)
    imports = tuple(dict.fromkeys((*config.imports, *(i for c in taken for i in c.imports))))
    config = ClientConfig(
        config.values, imports, (*config.issues, *(i for c in taken for i in c.issues))
    )
    return CallSite(
        operation=Operation.CHAT,
        is_async=site.chain[-1] == "generate_content_async",
        stream=stream,
        provider=site.finding.provider,
        model=Param("model", name, model_arg),
        payload=messages,
        params=tuple(params),
        config=config,
        response=ResponseShape.GEMINI,
        issues=(*name_issues, *issues, *found, *config.issues, *feature_issues(site, FEATURES)),
        original=call,
    )


def _stream(args: dict[str, cst.Arg]) -> bool:
    """`stream=True` or `stream=False`; anything else leaves the response's shape unknown."""
    arg = args.get("stream")
    if arg is None:
        return False
    value = arg.value
    if not isinstance(value, cst.Name) or value.value not in ("True", "False"):
        raise manual(
            f"`stream={code_of(value)}` is not a literal: whether the call streams is unknown"
        )
    return value.value == "True"


def _tools(
    site: Site, model: VendorClient, args: dict[str, cst.Arg], taken: list[Carried]
) -> list[Param]:
    """`tools` and `tool_config` of the call, else of the model handle (the SDK's order); the
    handle's are converted where they are written, then carried to the call."""
    on_handle = {
        option: model.arguments[option].value
        for option in TOOL_OPTIONS
        if option in model.arguments and option not in args
    }
    params = []
    for param in tool_params(on_handle, "GenerativeModel"):
        taken.append(model.carry(site, param.value, param.name))
        params.append(Param(param.name, taken[-1].value))
    on_call = {option: args[option].value for option in TOOL_OPTIONS if option in args}
    sources = {"tools": args.get("tools"), "tool_choice": args.get("tool_config")}
    for param in tool_params(on_call, "generate_content"):
        params.append(Param(param.name, param.value, sources[param.name]))
    return params


def _named_call(call: cst.Call) -> cst.Call:
    """The call with its positional `contents` named, as the neutral call will be written."""
    args = list(call.args)
    if any(arg.star for arg in args):
        raise manual("positional, `*` or `**` arguments: what the call sends is not visible")
    positional = [arg for arg in args if arg.keyword is None]
    if len(positional) > 1:
        raise manual("more than one positional argument to `generate_content`")
    if positional:
        index = args.index(positional[0])
        named = keyword("contents", positional[0].value).with_changes(comma=positional[0].comma)
        args[index] = named
    elif not any(arg.keyword and arg.keyword.value == "contents" for arg in args):
        raise manual("no `contents` argument")
    return call.with_changes(args=args)


def _comma(call: cst.Call) -> cst.Comma:
    for arg in call.args:
        if isinstance(arg.comma, cst.Comma):
            return arg.comma
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _model_name(
    site: Site, model: VendorClient, taken: list[Carried]
) -> tuple[cst.BaseExpression, list[Issue]]:
    """The constructor's model name, without the `models/` prefix the SDK adds."""
    arg = model.arguments.get("model_name")
    if arg is None:
        raise manual("the model handle is built without a model name (the SDK's default)")
    carried = model.carry(site, arg.value, "model_name")
    taken.append(carried)
    text = string_value(carried.value)
    if text is not None and text.startswith("models/"):
        return make_string(text.removeprefix("models/")), []
    if text is not None:
        return carried.value, []
    issue = Issue(
        Safety.UNSAFE,
        f"the model name `{code_of(arg.value)}` is not a literal: a `models/` prefix in it "
        "would end up in the neutral model id",
    )
    return carried.value, [issue]


def _generation(
    site: Site, model: VendorClient, per_call: cst.Arg | None, taken: list[Carried]
) -> tuple[cst.BaseExpression | None, list[Param], list[Issue]]:
    """System instruction and generation config of the handle, then of the call."""
    fields: dict[str, cst.BaseExpression] = {}
    issues: list[Issue] = []
    built = model.arguments.get("generation_config")
    if built is not None:
        for name, value in _config_fields(built.value).items():
            taken.append(model.carry(site, value, name))
            fields[name] = taken[-1].value
    if per_call is not None:
        fields.update(_config_fields(per_call.value))
    system: cst.BaseExpression | None = None
    if "system_instruction" in model.arguments:
        taken.append(model.carry(site, model.arguments["system_instruction"].value, "system"))
        system = taken[-1].value
        if not is_text(system):
            issues.append(
                Issue(
                    Safety.UNSAFE, f"`system_instruction={code_of(system)}` is not a text literal"
                )
            )
    params, found = field_params(fields, RENAMES, PORTABLE, "generation_config")
    return system, params, [*issues, *found]


def _config_fields(expr: cst.BaseExpression) -> dict[str, cst.BaseExpression]:
    fields = literal_fields(expr, CONFIG_TYPES)
    if fields is None:
        raise manual(f"`generation_config={code_of(expr)}` is not a literal")
    return fields


def _configured(site: Site, config: ClientConfig) -> ClientConfig:
    """`genai.configure(api_key=..., client_options={"api_endpoint": ...})`, wherever it is."""
    calls = [
        finding
        for finding in site.project.report.findings
        if finding.api == CONFIGURE and finding.kind is Kind.CALL
    ]
    if not calls:
        return config
    if len(calls) > 1:
        issue = Issue(
            Safety.UNSAFE,
            "`genai.configure(...)` is called in several places; which one applies "
            "depends on the order of execution",
        )
        return ClientConfig(config.values, config.imports, (*config.issues, issue))
    finding = calls[0]
    view = site.project.view(finding.path)
    call = find_call(view.positions, view.module, finding) if view else None
    if view is None or call is None:
        raise manual(f"cannot read `genai.configure(...)` at {finding.path}:{finding.line}")
    values = dict(config.values)
    imports: list[ImportNeed] = list(config.imports)
    issues: list[Issue] = list(config.issues)
    for arg in call.args:
        name = arg.keyword.value if arg.keyword else "**"
        if name == "transport":
            continue  # REST or gRPC: the same request
        value = _endpoint(arg.value) if name == "client_options" else arg.value
        if name not in ("api_key", "client_options") or value is None:
            issues.append(Issue(Safety.UNSAFE, f"`{name}=` of `genai.configure` is not carried"))
            continue
        carried = carry(value, view, call, site.file, site.call, name)
        key = ConfigKey.API_KEY if name == "api_key" else ConfigKey.BASE_URL
        values[key] = _with_scheme(carried.value) if key is ConfigKey.BASE_URL else carried.value
        imports.extend(carried.imports)
        issues.extend(carried.issues)
    return ClientConfig(values, tuple(dict.fromkeys(imports)), tuple(issues))


def _endpoint(expr: cst.BaseExpression) -> cst.BaseExpression | None:
    items = dict_items(expr)
    if items is None or set(items) != {"api_endpoint"}:
        return None
    return items["api_endpoint"]


def _with_scheme(expr: cst.BaseExpression) -> cst.BaseExpression:
    """A bare host, as the SDK's REST transport takes it, is an https URL."""
    text = string_value(expr)
    if text is not None and "://" not in text:
        return make_string(f"https://{text}")
    return expr
