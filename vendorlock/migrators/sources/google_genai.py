"""google-genai: `client.models.generate_content(...)` and `generate_content_stream`, also under
`client.aio`.

`contents=` becomes the messages (a text is one user turn; a literal list of
texts is one user turn of several parts; literal `{"role", "parts"}` turns are
converted, `model` becoming `assistant`); `config=` (a `GenerateContentConfig`
or a dict literal) becomes keyword arguments: `system_instruction` the first
message, `max_output_tokens` → `max_tokens`, `stop_sequences` → `stop`,
`candidate_count` → `n`; literal function declarations in `tools` become
OpenAI function tools and `tool_config` the tool choice (`tool_shapes.py`).
A stream is the same call with `stream=True`. The client's `api_key` and
`http_options` base URL are carried. Vertex AI clients (`vertexai=True`) are
left to a person.
"""

from __future__ import annotations

import libcst as cst

from vendorlock.migrators.carry import code_of
from vendorlock.migrators.cstutil import dict_items, string_value
from vendorlock.migrators.ir import (
    CallSite,
    ClientConfig,
    ConfigKey,
    Issue,
    Operation,
    Param,
    ResponseShape,
    Safety,
    manual,
)
from vendorlock.migrators.site import Site
from vendorlock.migrators.sources.anthropic_shapes import fold_system
from vendorlock.migrators.sources.chat_shapes import (
    field_params,
    is_text,
    literal_fields,
    message,
    one_line_list,
    text_content,
)
from vendorlock.migrators.sources.common import arguments, feature_issues, required
from vendorlock.migrators.sources.tool_shapes import gemini_tool_choice, gemini_tools
from vendorlock.migrators.sources.vendor_client import VendorClient, read_vendor_client

APIS = frozenset(
    {
        "google-genai:models.generate_content",
        "google-genai:aio.models.generate_content",
        "google-genai:models.generate_content_stream",
        "google-genai:aio.models.generate_content_stream",
    }
)
FEATURES: frozenset[str] = frozenset()
STREAM = "generate_content_stream"
# GenerateContentConfig fields with an OpenAI-shaped name (VENDORS.md §3.1), and the fields
# whose meaning is the same under that name. Gemini's `tools` and `tool_config` are written
# differently (function declarations) and are converted by `tool_shapes`.
RENAMES = {"max_output_tokens": "max_tokens", "stop_sequences": "stop", "candidate_count": "n"}
PORTABLE = frozenset(
    {
        "temperature",
        "top_p",
        "max_tokens",
        "stop",
        "n",
        "seed",
        "presence_penalty",
        "frequency_penalty",
    }
)
TOOL_FIELDS = ("tools", "tool_config")
CONFIG_TYPES = ("GenerateContentConfig", "GenerationConfig")
ROLES = {"user": "user", "model": "assistant"}


def extract(site: Site) -> CallSite:
    """The neutral description of one `generate_content` call."""
    if site.finding.provider != "gemini":
        raise manual(
            "google-genai on Vertex AI: the project, location and credentials are not carried yet"
        )
    args = arguments(site)
    extra = [name for name in args if name not in ("model", "contents", "config")]
    if extra:
        raise manual(f"`{extra[0]}=` is not an argument of `generate_content` the codemod knows")
    client = read_vendor_client(site, {"api_key": ConfigKey.API_KEY}, consumed=("http_options",))
    config, issues = _with_base_url(site, client)
    messages, found = convert_contents(required(args, "contents"))
    issues.extend(found)
    params: list[Param] = []
    if "config" in args:
        system, params, found = generation_config(args["config"].value, "config")
        messages = fold_system(messages, system) if system is not None else messages
        issues.extend(found)
    stream = site.chain[-1] == STREAM
    if stream:
        params.append(Param("stream", cst.Name("True")))
    return CallSite(
        operation=Operation.CHAT,
        is_async=site.chain[0] == "aio",
        stream=stream,
        provider=site.finding.provider,
        model=required(args, "model"),
        payload=messages,
        params=tuple(params),
        config=config,
        response=ResponseShape.GEMINI,
        issues=(*issues, *config.issues, *feature_issues(site, FEATURES)),
        original=site.call,
    )


def _with_base_url(site: Site, client: VendorClient) -> tuple[ClientConfig, list[Issue]]:
    """`http_options=HttpOptions(base_url=...)` (or a dict) carried as the base URL."""
    options = client.arguments.get("http_options")
    if options is None:
        return client.config, []
    fields = literal_fields(options.value, ("HttpOptions",))
    if fields is None or set(fields) != {"base_url"}:
        reason = (
            f"client option `http_options={code_of(options.value)}` is not carried to the new "
            "call (only a base URL is)"
        )
        return client.config, [Issue(Safety.UNSAFE, reason)]
    carried = client.carry(site, fields["base_url"], "base_url")
    return client.with_value(ConfigKey.BASE_URL, carried), []


def convert_contents(contents: Param) -> tuple[Param, list[Issue]]:
    """Gemini `contents` as OpenAI messages."""
    value = contents.value
    if is_text(value):
        return Param(contents.name, one_line_list([message("user", value)]), contents.source), []
    if isinstance(value, cst.List) and value.elements:
        texts = [el.value for el in value.elements if isinstance(el, cst.Element)]
        if len(texts) == len(value.elements) and all(is_text(text) for text in texts):
            turn = message("user", text_content(texts))
            return Param(contents.name, one_line_list([turn]), contents.source), []
        turns = [_turn(el.value) if isinstance(el, cst.Element) else None for el in value.elements]
        if all(turn is not None for turn in turns):
            converted = value.with_changes(
                elements=[
                    el.with_changes(value=turn)
                    for el, turn in zip(value.elements, turns, strict=True)
                    if turn is not None
                ]
            )
            return Param(contents.name, converted, contents.source), []
        raise manual("`contents=` holds turns or parts the codemod cannot convert (only text)")
    if isinstance(value, (cst.List, cst.Tuple, cst.Dict, cst.Call)):
        raise manual("`contents=` holds turns or parts the codemod cannot convert (only text)")
    issue = Issue(
        Safety.UNSAFE,
        f"`contents={code_of(value)}` is not a literal: taken as one text; Content objects, "
        "parts or a conversation in it would need converting",
    )
    return Param(contents.name, one_line_list([message("user", value)]), contents.source), [issue]


def _turn(expr: cst.BaseExpression) -> cst.BaseExpression | None:
    """`{"role": "user"|"model", "parts": [{"text": ...}, ...]}` as an OpenAI message."""
    items = dict_items(expr)
    if items is None or set(items) != {"role", "parts"}:
        return None
    role = ROLES.get(string_value(items["role"]) or "")
    parts = items["parts"]
    if role is None or not isinstance(parts, cst.List) or not parts.elements:
        return None
    texts = []
    for part in parts.elements:
        fields = dict_items(part.value) if isinstance(part, cst.Element) else None
        if fields is None or set(fields) != {"text"}:
            return None
        texts.append(fields["text"])
    return message(role, text_content(texts))


def generation_config(
    expr: cst.BaseExpression, where: str
) -> tuple[cst.BaseExpression | None, list[Param], list[Issue]]:
    """A generation config literal: the system instruction, the params and their issues."""
    fields = literal_fields(expr, CONFIG_TYPES)
    if fields is None:
        raise manual(f"`{where}={code_of(expr)}` is not a literal; its fields cannot be mapped")
    system = fields.get("system_instruction")
    issues: list[Issue] = []
    if system is not None and not is_text(system):
        issues.append(
            Issue(
                Safety.UNSAFE,
                f"`system_instruction={code_of(system)}` is not a text literal: taken as text",
            )
        )
    skip = ("system_instruction", *TOOL_FIELDS)
    params, found = field_params(fields, RENAMES, PORTABLE, where, skip=skip)
    return system, [*params, *tool_params(fields, where)], [*issues, *found]


def tool_params(fields: dict[str, cst.BaseExpression], where: str) -> list[Param]:
    """`tools` and `tool_config` (on a config, a legacy model handle or call) as OpenAI's."""
    params = []
    if "tools" in fields:
        params.append(Param("tools", gemini_tools(fields["tools"], where)))
    choice = fields.get("tool_config")
    if choice is not None:
        converted = gemini_tool_choice(choice, where)
        if converted is not None:
            params.append(Param("tool_choice", converted))
    return params
