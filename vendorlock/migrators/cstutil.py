"""Small libcst helpers shared by sources and targets: literals, arguments, layout."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import libcst as cst
import libcst.matchers as m

from vendorlock.migrators.ir import Param

_CONSTANT_NAMES = frozenset({"None", "True", "False"})
_Element = TypeVar("_Element", cst.BaseElement, cst.BaseDictElement)


def keyword_args(call: cst.Call) -> dict[str, cst.Arg]:
    """The call's keyword arguments by name (positional and `**` ones left out)."""
    return {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}


def has_unnamed_args(call: cst.Call) -> bool:
    """True when the call has positional, `*args` or `**kwargs` arguments."""
    return any(arg.keyword is None for arg in call.args)


def string_value(expr: cst.BaseExpression | None) -> str | None:
    """The value of a plain string literal (also implicitly concatenated), else None."""
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        value = expr.evaluated_value
        return value if isinstance(value, str) else None
    return None


def is_literal(expr: cst.BaseExpression) -> bool:
    """A constant: strings, numbers, None/True/False and containers of those."""
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float)):
        return True
    if isinstance(expr, cst.Name):
        return expr.value in _CONSTANT_NAMES
    if isinstance(expr, cst.UnaryOperation):
        return is_literal(expr.expression)
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
        return all(isinstance(el, cst.Element) and is_literal(el.value) for el in expr.elements)
    if isinstance(expr, cst.Dict):
        return all(
            isinstance(el, cst.DictElement) and is_literal(el.key) and is_literal(el.value)
            for el in expr.elements
        )
    return False


def dict_items(expr: cst.BaseExpression) -> dict[str, cst.BaseExpression] | None:
    """A dict literal with string keys as {key: value}; None for anything else."""
    if not isinstance(expr, cst.Dict):
        return None
    items: dict[str, cst.BaseExpression] = {}
    for element in expr.elements:
        key = string_value(element.key) if isinstance(element, cst.DictElement) else None
        if key is None or not isinstance(element, cst.DictElement):
            return None
        items[key] = element.value
    return items


def make_string(value: str) -> cst.SimpleString:
    """A double-quoted string literal for `value`."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return cst.SimpleString(f'"{escaped}"')


def make_dict(items: Sequence[tuple[str, cst.BaseExpression]]) -> cst.Dict:
    """A one-line dict literal `{"key": value, ...}`."""
    return cst.Dict([cst.DictElement(make_string(key), value) for key, value in items])


def prefixed_string(expr: cst.BaseExpression, prefix: str) -> cst.BaseExpression:
    """`expr` with `prefix` put in front of its string value, as readable as possible."""
    if isinstance(expr, cst.SimpleString) and "b" not in expr.prefix.lower():
        return cst.SimpleString(f"{expr.prefix}{expr.quote}{prefix}{expr.raw_value}{expr.quote}")
    if isinstance(expr, cst.FormattedString):
        return expr.with_changes(parts=[cst.FormattedStringText(prefix), *expr.parts])
    code = cst.Module([]).code_for_node(expr)
    if ('"' in code and "'" in code) or "\n" in code:
        # Nested quotes of both kinds are not allowed in an f-string before 3.12.
        return cst.BinaryOperation(make_string(prefix), cst.Add(), _parenthesized(expr))
    parts = [cst.FormattedStringText(prefix), cst.FormattedStringExpression(expr)]
    if '"' in code:
        return cst.FormattedString(parts=parts, start="f'", end="'")
    return cst.FormattedString(parts=parts, start='f"', end='"')


def _parenthesized(expr: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(expr, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        return expr
    return expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def dotted(expr: cst.BaseExpression) -> str | None:
    """`a.b.c` for a chain of names, else None."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        base = dotted(expr.value)
        return None if base is None else f"{base}.{expr.attr.value}"
    return None


def name_call(func: str, args: Sequence[cst.Arg]) -> cst.Call:
    """A call of a dotted name, `litellm.completion(...)`."""
    return cst.Call(func=cst.parse_expression(func), args=list(args))


def keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    """A new `name=value` argument in PEP 8 layout."""
    return cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )


def is_env_read(expr: cst.BaseExpression) -> bool:
    """`os.environ["X"]`, `os.environ.get("X"[, default])` or `os.getenv("X"[, default])`."""
    env_subscript = m.Subscript(value=m.Attribute(value=m.Name("os"), attr=m.Name("environ")))
    env_call = m.Call(
        func=m.Attribute(
            value=m.Attribute(value=m.Name("os"), attr=m.Name("environ")), attr=m.Name("get")
        )
        | m.Attribute(value=m.Name("os"), attr=m.Name("getenv"))
    )
    if m.matches(expr, env_subscript):
        assert isinstance(expr, cst.Subscript)
        return all(
            isinstance(el.slice, cst.Index) and is_literal(el.slice.value) for el in expr.slice
        )
    if m.matches(expr, env_call):
        assert isinstance(expr, cst.Call)
        return all(arg.keyword is None and is_literal(arg.value) for arg in expr.args)
    return False


def env_read(name: str) -> cst.BaseExpression:
    """`os.environ["NAME"]`: fails loudly where the vendor SDK would have failed too."""
    return cst.parse_expression(f'os.environ["{name}"]')


def with_params(call: cst.Call, func: cst.BaseExpression, params: Sequence[Param]) -> cst.Call:
    """`call` with a new callee and keyword arguments, keeping the original layout.

    Arguments taken from the original call keep their comments and commas; new
    ones copy the separator used between the original arguments, so a call
    written one argument per line stays that way.
    """
    if not params:
        return call.with_changes(func=func, args=[])
    between = _between_comma(call)
    last_comma = call.args[-1].comma if call.args else cst.MaybeSentinel.DEFAULT
    original_last = call.args[-1] if call.args else None
    # what closed the argument list (`...\n    )`) stays before the closing parenthesis
    closing = original_last.whitespace_after_arg if original_last else cst.SimpleWhitespace("")
    args: list[cst.Arg] = []
    for index, param in enumerate(params):
        arg = _arg_for(param)
        if index == len(params) - 1:
            arg = arg.with_changes(comma=last_comma, whitespace_after_arg=closing)
        elif param.source is None or param.source is original_last:
            arg = arg.with_changes(
                comma=_reindent(arg.comma, between), whitespace_after_arg=cst.SimpleWhitespace("")
            )
        args.append(arg)
    return call.with_changes(func=func, args=args)


def _arg_for(param: Param) -> cst.Arg:
    if param.source is None:
        return keyword(param.name, param.value)
    return param.source.with_changes(keyword=cst.Name(param.name), value=param.value)


def _between_comma(call: cst.Call) -> cst.Comma:
    for arg in call.args[:-1]:
        if isinstance(arg.comma, cst.Comma):
            return arg.comma
    if isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace):
        return cst.Comma(whitespace_after=call.whitespace_before_args)
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _reindent(comma: cst.Comma | cst.MaybeSentinel, between: cst.Comma) -> cst.Comma:
    """A separator for an argument that is no longer last (or is new)."""
    if not isinstance(comma, cst.Comma):
        return between
    after = comma.whitespace_after
    template = between.whitespace_after
    if isinstance(after, cst.ParenthesizedWhitespace) and isinstance(
        template, cst.ParenthesizedWhitespace
    ):
        # Keep a trailing comment on the line, indent the next argument like the others.
        return comma.with_changes(
            whitespace_after=after.with_changes(
                indent=template.indent, last_line=template.last_line
            )
        )
    return between


def one_line(expr: cst.BaseExpression) -> cst.BaseExpression:
    """`expr` written on one line (a literal moved into a new one-line structure), unless it
    holds a comment, which would be lost."""
    if "#" in _code(expr) and _has_comment(expr):
        return expr
    flattened = expr.visit(_OneLine())
    assert isinstance(flattened, cst.BaseExpression)
    return flattened


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def _has_comment(expr: cst.BaseExpression) -> bool:
    return bool(m.findall(expr, m.Comment()))


class _OneLine(cst.CSTTransformer):
    """Line breaks inside brackets become nothing, after a comma one space; no trailing comma."""

    def leave_ParenthesizedWhitespace(
        self, original_node: cst.ParenthesizedWhitespace, updated_node: cst.ParenthesizedWhitespace
    ) -> cst.SimpleWhitespace:
        return cst.SimpleWhitespace("")

    def leave_Comma(self, original_node: cst.Comma, updated_node: cst.Comma) -> cst.Comma:
        return updated_node.with_changes(
            whitespace_before=cst.SimpleWhitespace(""),
            whitespace_after=cst.SimpleWhitespace(" "),
        )

    def leave_Dict(self, original_node: cst.Dict, updated_node: cst.Dict) -> cst.Dict:
        return updated_node.with_changes(elements=_no_trailing_comma(updated_node.elements))

    def leave_List(self, original_node: cst.List, updated_node: cst.List) -> cst.List:
        return updated_node.with_changes(elements=_no_trailing_comma(updated_node.elements))


def _no_trailing_comma(elements: Sequence[_Element]) -> list[_Element]:
    items = list(elements)
    if items:
        items[-1] = items[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return items
