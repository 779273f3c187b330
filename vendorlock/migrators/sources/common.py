"""What every source needs: arguments to params, and the verdict of the call's features."""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst

from vendorlock.migrators.cstutil import has_unnamed_args, keyword_args, string_value
from vendorlock.migrators.ir import Issue, Param, Safety, manual
from vendorlock.migrators.site import Site
from vendorlock.model import Portability

# Chat parameters LiteLLM and any-llm both accept with OpenAI's meaning (VENDORS.md §1.4).
PORTABLE_CHAT = frozenset(
    {
        "temperature",
        "top_p",
        "max_tokens",
        "max_completion_tokens",
        "n",
        "stop",
        "stream",
        "stream_options",
        "presence_penalty",
        "frequency_penalty",
        "logit_bias",
        "logprobs",
        "top_logprobs",
        "seed",
        "tools",
        "tool_choice",
        "parallel_tool_calls",
        "response_format",
        "user",
        "reasoning_effort",
        "timeout",
    }
)
PORTABLE_EMBEDDING = frozenset({"dimensions", "encoding_format", "user", "timeout"})


def arguments(site: Site) -> dict[str, cst.Arg]:
    """The call's keyword arguments; a call with others is left to a person."""
    if has_unnamed_args(site.call):
        raise manual("positional, `*` or `**` arguments: what the call sends is not visible")
    return keyword_args(site.call)


def required(args: dict[str, cst.Arg], name: str) -> Param:
    """The param for a required argument, or `Unsupported`."""
    arg = args.get(name)
    if arg is None:
        raise manual(f"no `{name}=` argument")
    return Param(name, arg.value, arg)


def keep(
    args: dict[str, cst.Arg],
    skip: Iterable[str],
    portable: frozenset[str],
    renames: dict[str, str] | None = None,
) -> tuple[tuple[Param, ...], tuple[Issue, ...]]:
    """The remaining arguments as params, in order, with an issue for each non-portable one."""
    params: list[Param] = []
    issues: list[Issue] = []
    skipped = set(skip)
    for name, arg in args.items():
        if name in skipped:
            continue
        new_name = (renames or {}).get(name, name)
        if new_name not in portable:
            issues.append(
                Issue(
                    Safety.UNSAFE,
                    f"`{name}=` is not a portable parameter; the "
                    "neutral layer passes it on as provider-specific",
                )
            )
        params.append(Param(new_name, arg.value, arg))
    return tuple(params), tuple(issues)


def is_true(args: dict[str, cst.Arg], name: str) -> bool:
    """True when the argument is the literal `True`."""
    arg = args.get(name)
    return arg is not None and isinstance(arg.value, cst.Name) and arg.value.value == "True"


def feature_issues(site: Site, handled: frozenset[str]) -> tuple[Issue, ...]:
    """One issue per proprietary feature at the call that this source does not translate."""
    issues: list[Issue] = []
    for feature_id in site.finding.features:
        if feature_id in handled:
            continue
        entry = site.catalogue.features.get(feature_id)
        if entry is None:
            continue
        feature = entry[1]
        if feature.portability is Portability.MANUAL:
            issues.append(
                Issue(Safety.MANUAL, f"{feature.title} ({feature_id}): no neutral equivalent")
            )
        elif feature.portability is Portability.ASSISTED:
            issues.append(
                Issue(Safety.UNSAFE, f"{feature.title} ({feature_id}): {feature.alternative}")
            )
    return tuple(issues)


def literal_text(expr: cst.BaseExpression) -> str | None:
    """A string literal's value (for messages in tests and checks)."""
    return string_value(expr)
