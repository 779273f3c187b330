"""Anthropic messages: `client.messages.create(...)` and `with client.messages.stream(...) as s`.

`system` becomes the first message, `stop_sequences` becomes `stop`, literal
tool definitions become OpenAI function tools, and `max_tokens` is kept:
without it LiteLLM's Anthropic provider sends its own default (64000).
"""

from __future__ import annotations

import libcst as cst

from vendorlock.migrators.client_config import read_client
from vendorlock.migrators.ir import CallSite, Issue, Operation, Param, ResponseShape, manual
from vendorlock.migrators.site import Site
from vendorlock.migrators.sources.anthropic_shapes import (
    content_issues,
    convert_tool_choice,
    convert_tools,
    fold_system,
)
from vendorlock.migrators.sources.common import (
    PORTABLE_CHAT,
    arguments,
    feature_issues,
    is_true,
    keep,
    required,
)

APIS = frozenset({"anthropic:messages.create", "anthropic:messages.stream"})
FEATURES: frozenset[str] = frozenset()
# Anthropic's own sampling knob; LiteLLM and any-llm pass it on to Anthropic.
PORTABLE = PORTABLE_CHAT | {"top_k"}


def extract(site: Site) -> CallSite:
    """The neutral description of one Anthropic messages call."""
    args = arguments(site)
    streaming = site.chain[-1] == "stream"
    if is_true(args, "stream") and not streaming:
        raise manual(
            "raw Anthropic stream events (`stream=True`) have no OpenAI-shaped "
            "equivalent; `messages.stream(...)` with `text_stream` has"
        )
    client = read_client(site)
    system = args["system"].value if "system" in args else None
    messages = fold_system(required(args, "messages"), system)
    params, issues = keep(
        args, ("model", "messages", "system"), PORTABLE, renames={"stop_sequences": "stop"}
    )
    params, converted = _converted(params)
    if streaming:
        params = (*params, Param("stream", cst.Name("True")))
    return CallSite(
        operation=Operation.CHAT,
        is_async=client.is_async if client.is_async is not None else site.is_awaited(),
        stream=streaming,
        provider=site.finding.provider,
        model=required(args, "model"),
        payload=messages,
        params=params,
        config=client.config,
        response=ResponseShape.ANTHROPIC_STREAM if streaming else ResponseShape.ANTHROPIC_MESSAGE,
        issues=(
            *content_issues(args["messages"].value),
            *issues,
            *converted,
            *client.config.issues,
            *feature_issues(site, FEATURES),
        ),
        original=site.call,
    )


def _converted(params: tuple[Param, ...]) -> tuple[tuple[Param, ...], tuple[Issue, ...]]:
    out: list[Param] = []
    issues: list[Issue] = []
    for param in params:
        if param.name == "tools":
            param, found = convert_tools(param)
            issues.extend(found)
        elif param.name == "tool_choice":
            param, found = convert_tool_choice(param)
            issues.extend(found)
        out.append(param)
    return tuple(out), tuple(issues)
