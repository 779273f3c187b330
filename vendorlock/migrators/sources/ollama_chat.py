"""Ollama chat: `ollama.chat(...)` and `Client(host=...).chat(...)` (also `AsyncClient`).

Messages and tools are OpenAI-shaped already. `options={...}` becomes keyword
arguments (`num_predict` → `max_tokens`; Ollama's own runtime options such as
`num_ctx` are passed on as provider-specific); `stream=True` streams on both
sides (its chunks read as the messages are). The client's `host` is the
`api_base`: a literal host is written out as the URL the ollama SDK makes of
it (scheme and port added). Without a host both the SDK and LiteLLM call the
local server on port 11434.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

import libcst as cst

from vendorlock.migrators.carry import code_of
from vendorlock.migrators.cstutil import dict_items, make_string, string_value
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
from vendorlock.migrators.sources.chat_shapes import field_params
from vendorlock.migrators.sources.common import (
    PORTABLE_CHAT,
    arguments,
    feature_issues,
    is_true,
    keep,
    required,
)
from vendorlock.migrators.sources.vendor_client import VendorClient, read_vendor_client

APIS = frozenset({"ollama:chat"})
FEATURES: frozenset[str] = frozenset()
CLIENT_OPTIONS: dict[str, ConfigKey | None] = {
    "headers": ConfigKey.HEADERS,
    "timeout": ConfigKey.TIMEOUT,
}
# Ollama `options` with an OpenAI-shaped name (LiteLLM's ollama_chat maps them back).
OPTIONS = {
    "temperature": "temperature",
    "top_p": "top_p",
    "seed": "seed",
    "stop": "stop",
    "num_predict": "max_tokens",
    "frequency_penalty": "frequency_penalty",
    "presence_penalty": "presence_penalty",
}
RUNTIME_OPTIONS = "ollama-runtime-options"
DEFAULT_PORT = 11434


def extract(site: Site) -> CallSite:
    """The neutral description of one Ollama chat call."""
    args = arguments(site)
    stream = is_true(args, "stream")
    if "stream" in args and not stream and not _is_false(args["stream"].value):
        raise manual(
            f"`stream={code_of(args['stream'].value)}` is not a literal: whether the call "
            "streams is unknown"
        )
    client = read_vendor_client(site, CLIENT_OPTIONS, positional=("host",), consumed=("host",))
    config = _with_host(site, client)
    params, issues = keep(args, ("model", "messages", "options", "tools"), PORTABLE_CHAT)
    handled: frozenset[str] = frozenset()
    if "options" in args:
        fields = dict_items(args["options"].value)
        if fields is None:
            raise manual(f"`options={code_of(args['options'].value)}` is not a dict literal")
        found, found_issues = field_params(fields, OPTIONS, frozenset(OPTIONS.values()), "options")
        params = (*params, *found)
        issues = (*issues, *found_issues)
        if set(fields) <= set(OPTIONS) and "keep_alive" not in args:
            handled = frozenset({RUNTIME_OPTIONS})
    if "tools" in args:
        tools, tool_issues = _tools(args["tools"])
        params = (*params, tools)
        issues = (*issues, *tool_issues)
    messages = required(args, "messages")
    return CallSite(
        operation=Operation.CHAT,
        is_async=client.is_async if client.is_async is not None else site.is_awaited(),
        stream=stream,
        provider=site.finding.provider,
        model=required(args, "model"),
        payload=messages,
        params=params,
        config=config,
        response=ResponseShape.OLLAMA_CHAT,
        issues=(
            *_image_issues(messages.value),
            *issues,
            *config.issues,
            *feature_issues(site, FEATURES | handled),
        ),
        original=site.call,
    )


def _is_false(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Name) and value.value == "False"


def _with_host(site: Site, client: VendorClient) -> ClientConfig:
    host = client.arguments.get("host")
    if host is None:
        return client.config
    carried = client.carry(site, host.value, "host")
    text = string_value(carried.value)
    if text is not None:
        carried = replace(carried, value=make_string(host_url(text)))
    return client.with_value(ConfigKey.BASE_URL, carried)


def host_url(host: str) -> str:
    """The URL the ollama SDK makes of a bare host (`ollama/_client.py` `_parse_host`)."""
    if "://" in host:
        return host.rstrip("/")
    split = urlsplit(f"http://{host.strip()}")
    name = split.hostname or "127.0.0.1"
    if ":" in name:
        name = f"[{name}]"
    path = split.path.strip("/")
    return f"http://{name}:{split.port or DEFAULT_PORT}" + (f"/{path}" if path else "")


def _tools(arg: cst.Arg) -> tuple[Param, tuple[Issue, ...]]:
    """Tools as JSON schemas pass; Python functions (which the SDK describes itself) do not."""
    value = arg.value
    if isinstance(value, cst.List) and all(
        isinstance(el, cst.Element) and isinstance(el.value, cst.Dict) for el in value.elements
    ):
        return Param("tools", value, arg), ()
    issue = Issue(
        Safety.UNSAFE,
        "`tools` are Python functions or built elsewhere: the ollama SDK turns functions "
        "into schemas, the neutral layers need OpenAI function schemas",
    )
    return Param("tools", value, arg), (issue,)


def _image_issues(messages: cst.BaseExpression) -> tuple[Issue, ...]:
    """Images ride on Ollama messages as `images=[...]`; OpenAI-shaped APIs want content parts."""
    if not isinstance(messages, cst.List):
        return ()
    for element in messages.elements:
        items = dict_items(element.value) if isinstance(element, cst.Element) else None
        if items is not None and "images" in items:
            return (
                Issue(
                    Safety.MANUAL,
                    "a message carries `images`, which OpenAI-shaped APIs send as "
                    "`image_url` content parts",
                ),
            )
    return ()
