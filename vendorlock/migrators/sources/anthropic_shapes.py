"""Anthropic request pieces in OpenAI shape: system prompt, content blocks, tools, tool choice.

Each function returns the translated expression and the issues that stop it
from being a safe rewrite; literals are translated in place, anything else is
translated by an expression evaluated at run time (an unsafe fix).
"""

from __future__ import annotations

import libcst as cst

from vendorlock.migrators.cstutil import dict_items, make_dict, make_string, string_value
from vendorlock.migrators.ir import Issue, Param, Safety

_CHOICES = {"auto": "auto", "any": "required", "none": "none"}
_TOOL_KEYS = frozenset({"name", "description", "input_schema"})
_RUNTIME_TOOLS = (
    '[{"type": "function", "function": {"name": tool["name"], '
    '"description": tool.get("description", ""), "parameters": tool["input_schema"]}} '
    "for tool in TOOLS]"
)


def fold_system(messages: Param, system: cst.BaseExpression | None) -> Param:
    """`messages` with `system` as a first message of role "system"."""
    if system is None:
        return messages
    first = make_dict([("role", make_string("system")), ("content", system)])
    value = messages.value
    if isinstance(value, cst.List):
        comma = _element_comma(value)
        elements = [cst.Element(first, comma=comma), *value.elements]
        return Param(messages.name, value.with_changes(elements=elements), messages.source)
    folded = cst.List(
        [
            cst.Element(first, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
            cst.StarredElement(value),
        ]
    )
    return Param(messages.name, folded, messages.source)


def _element_comma(value: cst.List) -> cst.Comma:
    for element in value.elements:
        if isinstance(element.comma, cst.Comma):
            return element.comma
    if isinstance(value.lbracket.whitespace_after, cst.ParenthesizedWhitespace):
        return cst.Comma(whitespace_after=value.lbracket.whitespace_after)
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def content_issues(messages: cst.BaseExpression) -> tuple[Issue, ...]:
    """Why the messages may hold blocks written differently for OpenAI-shaped APIs."""
    if not isinstance(messages, cst.List):
        return (
            Issue(
                Safety.UNSAFE,
                "the messages are built elsewhere: Anthropic-only content "
                "blocks in them (tool results, images, documents) would need converting",
            ),
        )
    issues: list[Issue] = []
    for element in messages.elements:
        items = dict_items(element.value) if isinstance(element, cst.Element) else None
        content = items.get("content") if items is not None else None
        if items is None or content is None:
            issues.append(
                Issue(
                    Safety.UNSAFE,
                    "a message is not a dict literal; its content blocks cannot be checked",
                )
            )
        elif isinstance(content, cst.List):
            issues.extend(_block_issues(content))
    return tuple(issues)


def _block_issues(content: cst.List) -> list[Issue]:
    issues = []
    for block in content.elements:
        items = dict_items(block.value) if isinstance(block, cst.Element) else None
        kind = string_value(items.get("type")) if items is not None else None
        if kind != "text":
            issues.append(
                Issue(
                    Safety.UNSAFE,
                    f"content block of type `{kind or '?'}` is written "
                    "differently for OpenAI-shaped APIs",
                )
            )
    return issues


def convert_tools(tools: Param) -> tuple[Param, tuple[Issue, ...]]:
    """Anthropic tool definitions (`input_schema`) as OpenAI function tools."""
    value = tools.value
    if isinstance(value, cst.List):
        elements = [_literal_tool(element) for element in value.elements]
        if all(element is not None for element in elements):
            new = value.with_changes(elements=elements)
            return Param("tools", new, tools.source), ()
    runtime = cst.parse_expression(_RUNTIME_TOOLS)
    assert isinstance(runtime, cst.ListComp)
    runtime = runtime.with_changes(for_in=runtime.for_in.with_changes(iter=value))
    issue = Issue(
        Safety.UNSAFE,
        "tool definitions are not literals here: they are converted "
        "at run time, assuming each is a dict with `name` and `input_schema`",
    )
    return Param("tools", runtime, tools.source), (issue,)


def _literal_tool(element: cst.BaseElement) -> cst.Element | None:
    if not isinstance(element, cst.Element) or not isinstance(element.value, cst.Dict):
        return None
    items = dict_items(element.value)
    if items is None or not {"name", "input_schema"} <= set(items) or set(items) - _TOOL_KEYS:
        return None
    inner = element.value.with_changes(elements=[_renamed(el) for el in element.value.elements])
    function = make_dict([("type", make_string("function")), ("function", inner)])
    return element.with_changes(value=function)


def _renamed(element: cst.BaseDictElement) -> cst.BaseDictElement:
    if isinstance(element, cst.DictElement) and string_value(element.key) == "input_schema":
        assert isinstance(element.key, cst.SimpleString)
        quote = element.key.quote
        return element.with_changes(key=cst.SimpleString(f"{quote}parameters{quote}"))
    return element


def convert_tool_choice(choice: Param) -> tuple[Param, tuple[Issue, ...]]:
    """`{"type": "auto"|"any"|"none"|"tool"}` as OpenAI's `tool_choice`."""
    items = dict_items(choice.value) or {}
    kind = string_value(items.get("type"))
    if kind in _CHOICES and len(items) == 1:
        return Param("tool_choice", make_string(_CHOICES[kind]), choice.source), ()
    if kind == "tool" and set(items) == {"type", "name"}:
        function = make_dict([("name", items["name"])])
        value = make_dict([("type", make_string("function")), ("function", function)])
        return Param("tool_choice", value, choice.source), ()
    return choice, (
        Issue(
            Safety.UNSAFE,
            "`tool_choice` is not a literal the codemod can translate to OpenAI's form",
        ),
    )
