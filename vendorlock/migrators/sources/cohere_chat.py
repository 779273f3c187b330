"""Cohere v2 chat: `cohere.ClientV2().chat(...)` and `chat_stream(...)` (also `AsyncClientV2`, and
`Client().v2.chat`).

v2 messages are OpenAI-like and pass as they are; `stop_sequences` becomes
`stop` and `p` becomes `top_p` (LiteLLM sends it back as `p`); `tool_choice`
literals (`"REQUIRED"`, `"NONE"`) are lowercased. `k` and Cohere's own
parameters are passed on as provider-specific. The client's `api_key`,
`base_url` (LiteLLM wants the whole chat URL, `<base>/v2/chat`), `timeout` and
`max_retries` are carried. A stream is the same call with `stream=True`;
`AsyncClientV2.chat_stream` is an async generator (iterated without `await`),
so the neutral call gets the `await` it needs. The v1 API
(`co.chat(message=..., preamble=...)`) has no codemod yet.
"""

from __future__ import annotations

import libcst as cst

from vendorlock.migrators.cstutil import make_string, string_value
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
from vendorlock.migrators.sources.common import (
    PORTABLE_CHAT,
    arguments,
    feature_issues,
    keep,
    required,
)
from vendorlock.migrators.sources.vendor_client import canonical, read_vendor_client

APIS = frozenset({"cohere:chat", "cohere:v2.chat", "cohere:chat_stream", "cohere:v2.chat_stream"})
STREAM = "chat_stream"
FEATURES: frozenset[str] = frozenset()
V2_CLIENTS = {"cohere.ClientV2": False, "cohere.AsyncClientV2": True}
V1_CLIENTS = {"cohere.Client": False, "cohere.AsyncClient": True}
CLIENT_OPTIONS: dict[str, ConfigKey | None] = {
    "api_key": ConfigKey.API_KEY,
    "base_url": ConfigKey.BASE_URL,
    "timeout": ConfigKey.TIMEOUT,
    "max_retries": ConfigKey.MAX_RETRIES,
    "client_name": None,
    "log_warning_experimental_features": None,
    "thread_pool_executor": None,
}
RENAMES = {"stop_sequences": "stop", "p": "top_p"}
# Cohere writes `response_format` differently; `tool_choice` is converted below.
PORTABLE = PORTABLE_CHAT - {"response_format"}
KNOBS = "cohere-request-knobs"
# Its parameters other than `p`, which is renamed: with any of them the feature still applies.
UNRENAMED_KNOBS = frozenset(
    {"k", "raw_prompting", "max_input_tokens", "prompt_truncation", "priority", "strict_tools"}
)
CHOICES = {"REQUIRED": "required", "NONE": "none"}


def extract(site: Site) -> CallSite:
    """The neutral description of one Cohere v2 chat call."""
    args = arguments(site)
    if "message" in args or "preamble" in args:
        raise manual("Cohere v1 chat (`message=`, `preamble=`) has no codemod yet")
    stream = site.chain[-1] == STREAM
    if "stream" in args:
        raise manual("`stream=` is not an argument of Cohere's v2 chat (`chat_stream` streams)")
    client = read_vendor_client(site, CLIENT_OPTIONS)
    name = canonical(site, client.qualified)
    clients = V1_CLIENTS if site.chain[0] == "v2" else V2_CLIENTS
    if client.qualified is not None and name not in clients:
        if name in V1_CLIENTS:
            what = "the v1 API (`message=`)"
        elif name is not None:
            what = "Cohere on another platform (Bedrock, SageMaker, OCI)"
        else:
            what = "not a client the codemod knows"
        raise manual(f"`{client.qualified}` is {what}; only v2 chat on Cohere's API has a codemod")
    params, issues = keep(args, ("model", "messages"), PORTABLE, renames=RENAMES)
    params, choice = _tool_choice(params)
    handled = frozenset() if UNRENAMED_KNOBS & set(args) else frozenset({KNOBS})
    is_async = clients.get(name or "", site.is_awaited())
    if stream:
        params = (*params, Param("stream", cst.Name("True")))
        is_async = _stream_is_async(site, name, clients)
    return CallSite(
        operation=Operation.CHAT,
        is_async=is_async,
        stream=stream,
        provider=site.finding.provider,
        model=required(args, "model"),
        payload=required(args, "messages"),
        params=params,
        config=client.config,
        response=ResponseShape.COHERE_V2,
        issues=(*issues, *choice, *client.config.issues, *feature_issues(site, FEATURES | handled)),
        original=site.call,
        await_result=stream and is_async,
    )


def _stream_is_async(site: Site, name: str | None, clients: dict[str, bool]) -> bool:
    """An async client's `chat_stream` is an async generator: the neutral call needs `await`."""
    if name not in clients:
        raise manual(
            "the client's class is not known here, so neither is whether its stream is async"
        )
    if clients[name] and not site.in_async_function():
        raise manual("the async stream is made outside an `async def`: it cannot be awaited there")
    return clients[name]


def _tool_choice(params: tuple[Param, ...]) -> tuple[tuple[Param, ...], tuple[Issue, ...]]:
    out: list[Param] = []
    issues: tuple[Issue, ...] = ()
    for param in params:
        if param.name == "tool_choice":
            mapped = CHOICES.get(string_value(param.value) or "")
            if mapped is None:
                issues = (
                    Issue(
                        Safety.UNSAFE,
                        "`tool_choice` is not a literal the codemod can translate to OpenAI's form",
                    ),
                )
            else:
                param = Param(param.name, make_string(mapped), param.source)
        out.append(param)
    return tuple(out), issues
