"""Mistral (mistralai 1.x to 3.x `Mistral`): `client.chat.complete(...)`, `chat.stream(...)` and
their `_async` twins.

The request and response are OpenAI-shaped already (a stream's events wrap
each chunk in `.data`); `random_seed` becomes `seed`. The client's
`api_key`, `server_url` (LiteLLM adds the `/v1` itself) and `timeout_ms` (as
seconds) are carried. Messages written as mistralai model
objects (`UserMessage(...)`) are not dicts the neutral layers take, and
mistralai's `UNSET` sentinel ("leave this out of the request") means nothing to
them: an argument that may carry it is named for a person to change.
"""

from __future__ import annotations

from dataclasses import replace

import libcst as cst

from vendorlock.migrators.carry import code_of
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
from vendorlock.migrators.sources.common import (
    PORTABLE_CHAT,
    arguments,
    feature_issues,
    is_true,
    keep,
    required,
)
from vendorlock.migrators.sources.vendor_client import (
    VendorClient,
    canonical,
    imported_name,
    read_vendor_client,
)

APIS = frozenset(
    {
        "mistralai:chat.complete",
        "mistralai:chat.complete_async",
        "mistralai:chat.stream",
        "mistralai:chat.stream_async",
    }
)
STREAMS = frozenset({"stream", "stream_async"})
FEATURES: frozenset[str] = frozenset()
CLIENTS = frozenset({"mistralai.client.Mistral"})
CLIENT_OPTIONS: dict[str, ConfigKey | None] = {
    "api_key": ConfigKey.API_KEY,
    "server_url": ConfigKey.BASE_URL,
    "debug_logger": None,
}
RENAMES = {"random_seed": "seed"}
# mistral-request-knobs covers `random_seed` (renamed here) and knobs with no portable name.
KNOBS = "mistral-request-knobs"
UNRENAMED_KNOBS = frozenset({"min_tokens", "prompt_mode", "prompt_logprobs", "top_prompt_logprobs"})
SENTINEL = "UNSET"  # `mistralai.UNSET`, re-exported by `mistralai.types`, `mistralai.client.types`


def extract(site: Site) -> CallSite:
    """The neutral description of one Mistral chat call."""
    args = arguments(site)
    stream = site.chain[-1] in STREAMS
    if "stream" in args and not (stream and is_true(args, "stream")):
        raise manual(
            "`stream=` on `chat.complete` or `chat.stream`: `chat.stream` is the streaming call"
        )
    client = read_vendor_client(site, CLIENT_OPTIONS, consumed=("timeout_ms",))
    if client.qualified is not None and canonical(site, client.qualified) not in CLIENTS:
        raise manual(f"`{client.qualified}` is not the mistralai `Mistral` client")
    config = _with_timeout(site, client)
    messages = required(args, "messages")
    params, issues = keep(args, ("model", "messages", "stream"), PORTABLE_CHAT, renames=RENAMES)
    if stream:
        params = (*params, Param("stream", cst.Name("True"), args.get("stream")))
    handled = frozenset() if UNRENAMED_KNOBS & set(args) else frozenset({KNOBS})
    return CallSite(
        operation=Operation.CHAT,
        is_async=site.chain[-1].endswith("_async"),
        stream=stream,
        provider=site.finding.provider,
        model=required(args, "model"),
        payload=messages,
        params=params,
        config=config,
        response=ResponseShape.MISTRAL_CHAT,
        issues=(
            *message_object_issues(messages.value),
            *unset_issues(site, args),
            *issues,
            *config.issues,
            *feature_issues(site, FEATURES | handled),
        ),
        original=site.call,
    )


def _with_timeout(site: Site, client: VendorClient) -> ClientConfig:
    """`timeout_ms=` carried as a timeout in seconds."""
    arg = client.arguments.get("timeout_ms")
    if arg is None:
        return client.config
    carried = client.carry(site, arg.value, "timeout_ms")
    value = carried.value
    if isinstance(value, cst.Integer):
        seconds: cst.BaseExpression = cst.Float(repr(int(value.value, 0) / 1000))
    else:
        seconds = cst.BinaryOperation(value, cst.Divide(), cst.Integer("1000"))
    return client.with_value(ConfigKey.TIMEOUT, replace(carried, value=seconds))


def message_object_issues(messages: cst.BaseExpression) -> tuple[Issue, ...]:
    """Messages built with the SDK's model classes (`UserMessage(content=...)`)."""
    if not isinstance(messages, cst.List):
        return ()
    calls = [
        el.value
        for el in messages.elements
        if isinstance(el, cst.Element) and isinstance(el.value, cst.Call)
    ]
    if not calls:
        return ()
    return (
        Issue(
            Safety.MANUAL,
            f"`{code_of(calls[0])}` is a mistralai message object, not a dict the neutral layer "
            'takes: write it as `{"role": ..., "content": ...}`',
        ),
    )


def unset_issues(site: Site, args: dict[str, cst.Arg]) -> tuple[Issue, ...]:
    """The arguments whose value may be mistralai's `UNSET` sentinel, which only the mistralai
    SDK reads as "not sent": the neutral layers would pass the object on."""
    carrying = [name for name, arg in args.items() if _mentions_unset(site, arg.value)]
    if not carrying:
        return ()
    quoted = [f"`{name}=`" for name in carrying]
    names = " and ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 1 else quoted)
    which = "the argument" if len(carrying) == 1 else "the arguments"
    return (
        Issue(
            Safety.UNSAFE,
            f"passes mistralai's `{SENTINEL}` sentinel in {names}, which the neutral layer does "
            f"not understand: pass None or drop {which}",
        ),
    )


def _mentions_unset(site: Site, value: cst.BaseExpression) -> bool:
    finder = _Dotted()
    value.visit(finder)
    return any(_is_unset(site, expr) for expr in finder.found)


def _is_unset(site: Site, expr: cst.BaseExpression) -> bool:
    """`UNSET` or `mistralai.UNSET` bound by an import from the mistralai SDK (read through
    scopes, so a local of the same name is not it)."""
    qualified = imported_name(site.file, expr) or ""
    module, _, name = qualified.rpartition(".")
    return name == SENTINEL and site.catalogue.sdk_for_module(module) == site.finding.sdk


class _Dotted(cst.CSTVisitor):
    """The names and attribute chains an expression reads (not attribute names or keywords)."""

    def __init__(self) -> None:
        self.found: list[cst.BaseExpression] = []

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        self.found.append(node)
        node.value.visit(self)  # `f(UNSET).x` reads a name further in
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> bool:
        self.found.append(node)
        return False
