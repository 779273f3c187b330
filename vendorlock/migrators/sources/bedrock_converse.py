"""AWS Bedrock Converse: `boto3.client("bedrock-runtime").converse(...)` and `converse_stream`.

Messages whose content blocks are text become OpenAI messages (one block: a
string; several: text parts), `system` blocks the first message, and
`inferenceConfig` keyword arguments (`maxTokens` → `max_tokens`, `topP` →
`top_p`, `stopSequences` → `stop`), and a literal `toolConfig` OpenAI
function tools and tool choice. `converse_stream` is the same call with
`stream=True`. The client's region, endpoint URL and explicit credentials are
carried. The model is `bedrock/converse/<modelId>`
on LiteLLM, so the request stays on the Converse API whatever the model id.
"""

from __future__ import annotations

import libcst as cst

from vendorlock.migrators.carry import code_of
from vendorlock.migrators.cstutil import dict_items, make_dict, string_value
from vendorlock.migrators.ir import (
    CallSite,
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
from vendorlock.migrators.sources.chat_shapes import field_params, text_content
from vendorlock.migrators.sources.common import arguments, feature_issues, keep, required
from vendorlock.migrators.sources.tool_shapes import bedrock_tools
from vendorlock.migrators.sources.vendor_client import read_vendor_client

APIS = frozenset({"bedrock:converse", "bedrock:converse_stream"})
FEATURES: frozenset[str] = frozenset()
ROUTE = "converse"
# boto3.client(service_name, region_name, api_version, use_ssl, verify, endpoint_url,
# aws_access_key_id, aws_secret_access_key, aws_session_token, config)
POSITIONAL = (
    "service_name",
    "region_name",
    "api_version",
    "use_ssl",
    "verify",
    "endpoint_url",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "config",
)
CLIENT_OPTIONS: dict[str, ConfigKey | None] = {
    "region_name": ConfigKey.REGION,
    "endpoint_url": ConfigKey.BASE_URL,
    "aws_access_key_id": ConfigKey.AWS_ACCESS_KEY_ID,
    "aws_secret_access_key": ConfigKey.AWS_SECRET_ACCESS_KEY,
    "aws_session_token": ConfigKey.AWS_SESSION_TOKEN,
}
INFERENCE = {"maxTokens": "max_tokens", "temperature": "temperature", "topP": "top_p"}
INFERENCE_STOP = "stopSequences"
STREAM = "converse_stream"
# Converse runtime conversion of messages built elsewhere (text blocks only; others fail loudly).
_RUNTIME_MESSAGES = (
    '[{"role": m["role"], "content": [{"type": "text", "text": b["text"]} '
    'for b in m["content"]]} for m in MESSAGES]'
)
_RUNTIME_SYSTEM = '[{"type": "text", "text": b["text"]} for b in SYSTEM]'


def extract(site: Site) -> CallSite:
    """The neutral description of one Converse call."""
    args = arguments(site)
    client = read_vendor_client(site, CLIENT_OPTIONS, POSITIONAL, consumed=("service_name",))
    if client.qualified is not None and client.qualified != "boto3.client":
        issues = [
            Issue(
                Safety.UNSAFE,
                f"the client is built by `{client.qualified}(...)`: the session's configuration "
                "(region, profile, credentials) is not carried",
            )
        ]
    else:
        issues = []
    service = client.arguments.get("service_name")
    if service is not None and string_value(service.value) != "bedrock-runtime":
        raise manual(f"the client is `{code_of(service.value)}`, not bedrock-runtime")
    model = required(args, "modelId")
    messages, found = convert_messages(required(args, "messages"))
    issues.extend(found)
    if "system" in args:
        system, found = convert_system(args["system"].value)
        messages = fold_system(messages, system)
        issues.extend(found)
    params: list[Param] = []
    if "inferenceConfig" in args:
        params, found = _inference(args["inferenceConfig"].value)
        issues.extend(found)
    if "toolConfig" in args:
        tools, choice, found = bedrock_tools(args["toolConfig"].value)
        params.append(Param("tools", tools, args["toolConfig"]))
        params.extend([Param("tool_choice", choice)] if choice is not None else [])
        issues.extend(found)
    stream = site.chain[-1] == STREAM
    if stream:
        params.append(Param("stream", cst.Name("True")))
    handled = ("modelId", "messages", "system", "inferenceConfig", "toolConfig")
    kept, passed = keep(args, handled, frozenset())
    return CallSite(
        operation=Operation.CHAT,
        is_async=False,
        stream=stream,
        provider=site.finding.provider,
        model=Param("model", model.value, model.source),
        payload=messages,
        params=(*kept, *params),
        config=client.config,
        response=ResponseShape.BEDROCK_CONVERSE,
        issues=(*issues, *passed, *client.config.issues, *feature_issues(site, FEATURES)),
        original=site.call,
        route=ROUTE,
    )


def convert_messages(messages: Param) -> tuple[Param, list[Issue]]:
    """Converse messages as OpenAI messages: text blocks become the content."""
    value = messages.value
    if not isinstance(value, cst.List):
        runtime = cst.parse_expression(_RUNTIME_MESSAGES.replace("MESSAGES", code_of(value)))
        issue = Issue(
            Safety.UNSAFE,
            "the messages are built elsewhere: converted at run time, text blocks only "
            "(images, documents, tool use and results would need converting)",
        )
        return Param(messages.name, runtime, messages.source), [issue]
    elements = []
    for element in value.elements:
        items = dict_items(element.value) if isinstance(element, cst.Element) else None
        if items is None or set(items) != {"role", "content"}:
            raise manual('a message is not a `{"role", "content"}` literal')
        texts = _texts(items["content"], "message")
        content = text_content(texts)
        elements.append(
            element.with_changes(value=make_dict([("role", items["role"]), ("content", content)]))
        )
    return Param(messages.name, value.with_changes(elements=elements), messages.source), []


def convert_system(value: cst.BaseExpression) -> tuple[cst.BaseExpression, list[Issue]]:
    """Converse `system` blocks as the content of a system message."""
    if isinstance(value, cst.List):
        return text_content(_texts(value, "system")), []
    runtime = cst.parse_expression(_RUNTIME_SYSTEM.replace("SYSTEM", code_of(value)))
    issue = Issue(
        Safety.UNSAFE,
        "the system blocks are built elsewhere: converted at run time, text blocks only",
    )
    return runtime, [issue]


def _texts(blocks: cst.BaseExpression, where: str) -> list[cst.BaseExpression]:
    if not isinstance(blocks, cst.List) or not blocks.elements:
        raise manual(f"the {where} content is not a list literal of blocks")
    texts = []
    for block in blocks.elements:
        items = dict_items(block.value) if isinstance(block, cst.Element) else None
        if items is None or set(items) != {"text"}:
            kind = next(iter(items), "?") if items else "?"
            raise manual(f"a {where} content block of type `{kind}` is not converted (text only)")
        texts.append(items["text"])
    return texts


def _inference(value: cst.BaseExpression) -> tuple[list[Param], list[Issue]]:
    fields = dict_items(value)
    if fields is None:
        raise manual(f"`inferenceConfig={code_of(value)}` is not a dict literal")
    unknown = set(fields) - {*INFERENCE, INFERENCE_STOP}
    if unknown:
        raise manual(f"`{sorted(unknown)[0]}` in `inferenceConfig` has no portable form")
    renames = {**INFERENCE, INFERENCE_STOP: "stop"}
    return field_params(fields, renames, frozenset(renames.values()), "inferenceConfig")
