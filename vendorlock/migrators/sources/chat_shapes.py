"""Request pieces the non-OpenAI sources share: text turns, option dicts, renamed knobs.

Gemini, Bedrock and Ollama put sampling options in a nested dict or config
object (`config=GenerateContentConfig(...)`, `inferenceConfig={...}`,
`options={...}`); these helpers read such a literal and turn its fields into
the neutral call's keyword arguments, with an issue for each field that has
no portable meaning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import libcst as cst

from vendorlock.migrators.cstutil import dict_items, dotted, make_dict, make_string
from vendorlock.migrators.ir import Issue, Param, Safety

_TEXT = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


def is_text(expr: cst.BaseExpression) -> bool:
    """A string literal, implicit concatenation or f-string (not bytes)."""
    if isinstance(expr, cst.SimpleString):
        return "b" not in expr.prefix.lower()
    return isinstance(expr, _TEXT)


def message(role: str, content: cst.BaseExpression) -> cst.Dict:
    """`{"role": role, "content": content}`."""
    return make_dict([("role", make_string(role)), ("content", content)])


def one_line_list(elements: Iterable[cst.BaseExpression]) -> cst.List:
    """`[a, b, ...]` on one line."""
    items = list(elements)
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    return cst.List(
        [
            cst.Element(item, comma=comma if index < len(items) - 1 else cst.MaybeSentinel.DEFAULT)
            for index, item in enumerate(items)
        ]
    )


def text_content(texts: list[cst.BaseExpression]) -> cst.BaseExpression:
    """One text as itself; several as OpenAI text parts (`[{"type": "text", "text": ...}]`)."""
    if len(texts) == 1:
        return texts[0]
    return one_line_list(
        make_dict([("type", make_string("text")), ("text", text)]) for text in texts
    )


def literal_fields(
    expr: cst.BaseExpression, constructors: Iterable[str]
) -> dict[str, cst.BaseExpression] | None:
    """The fields of a dict literal, or of a `constructors(...)` call with keyword arguments."""
    items = dict_items(expr)
    if items is not None:
        return items
    if not isinstance(expr, cst.Call):
        return None
    name = dotted(expr.func) or ""
    if name.rpartition(".")[2] not in set(constructors):
        return None
    if any(arg.keyword is None for arg in expr.args):
        return None
    return {arg.keyword.value: arg.value for arg in expr.args if arg.keyword is not None}


def field_params(
    fields: Mapping[str, cst.BaseExpression],
    renames: Mapping[str, str],
    portable: frozenset[str],
    where: str,
    skip: Iterable[str] = (),
) -> tuple[list[Param], list[Issue]]:
    """Option fields as keyword arguments of the neutral call, in order.

    A field renamed to a portable parameter is safe; any other field is passed on
    under its own name as provider-specific, which is an unsafe fix.
    """
    params: list[Param] = []
    issues: list[Issue] = []
    skipped = set(skip)
    for name, value in fields.items():
        if name in skipped:
            continue
        new_name = renames.get(name, name)
        if new_name not in portable:
            issues.append(
                Issue(
                    Safety.UNSAFE,
                    f"`{name}` in `{where}` is not a portable parameter; the "
                    "neutral layer passes it on as provider-specific",
                )
            )
        params.append(Param(new_name, value))
    return params, issues


def only_known(fields: Iterable[str], known: Iterable[str]) -> bool:
    """True when every field is one of `known`."""
    return set(fields) <= set(known)
