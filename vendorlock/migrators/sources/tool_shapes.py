"""Gemini and Bedrock tool definitions, written out literally, as OpenAI function tools.

Gemini (google-genai `types.Tool` / `FunctionDeclaration` / `Schema`, the
legacy SDK's `protos`, or the same as dicts) declares functions with an
OpenAPI-style schema whose types may be upper case (`"OBJECT"`,
`types.Type.STRING`). The neutral layers take JSON schema and rebuild
Gemini's from it, keeping different parts: any-llm keeps, per property, only
`type`, `description`, `enum` and `items` (any_llm/providers/gemini/utils.py
`_convert_tool_spec`), so only such flat schemas are converted. Bedrock's
`toolConfig` holds JSON schema already (`inputSchema.json`). Tool choices map
as LiteLLM maps them back (`map_tool_choice_values` in its Gemini and Bedrock
configs). Anything else is left to a person with the reason.
"""

from __future__ import annotations

import libcst as cst

from vendorlock.migrators.carry import code_of
from vendorlock.migrators.cstutil import (
    dict_items,
    dotted,
    make_dict,
    make_string,
    one_line,
    string_value,
)
from vendorlock.migrators.ir import Issue, Safety, manual
from vendorlock.migrators.sources.chat_shapes import literal_fields, one_line_list

# JSON schema keywords both layers carry to Gemini unchanged, per level of a flat schema.
TOP_KEYS = frozenset({"type", "properties", "required"})
PROPERTY_KEYS = frozenset({"type", "description", "enum", "items"})
ITEM_KEYS = frozenset({"type", "description", "enum"})
DECLARATION_KEYS = frozenset({"name", "description", "parameters", "parameters_json_schema"})
GEMINI_MODES = {"AUTO": "auto", "NONE": "none", "ANY": "required"}


def function_tool(
    name: cst.BaseExpression,
    description: cst.BaseExpression | None,
    parameters: cst.BaseExpression | None,
) -> cst.Dict:
    """`{"type": "function", "function": {"name": ..., "description": ..., "parameters": ...}}`."""
    fields = [("name", one_line(name))]
    if description is not None:
        fields.append(("description", one_line(description)))
    if parameters is not None:
        fields.append(("parameters", one_line(parameters)))
    return make_dict([("type", make_string("function")), ("function", make_dict(fields))])


def named_choice(name: cst.BaseExpression) -> cst.Dict:
    """OpenAI's `tool_choice` forcing one function."""
    return make_dict([("type", make_string("function")), ("function", make_dict([("name", name)]))])


def gemini_tools(expr: cst.BaseExpression, where: str) -> cst.List:
    """A literal list of Gemini tools holding function declarations (or one such tool, as the
    legacy SDK takes it), as OpenAI tools."""
    if _declarations(literal_fields(expr, ("Tool",))) is not None:
        expr = cst.List([cst.Element(expr)])
    if not isinstance(expr, cst.List) or not expr.elements:
        raise manual(f"`tools` in `{where}` is not a list literal of function declarations")
    tools: list[cst.BaseExpression] = []
    for element in expr.elements:
        if not isinstance(element, cst.Element):
            raise manual(f"`tools` in `{where}` unpacks a list the codemod cannot see")
        fields = literal_fields(element.value, ("Tool",))
        declarations = _declarations(fields)
        if declarations is None:
            raise manual(
                f"`{code_of(element.value)}` in `{where}` is not a tool of function declarations "
                "(Python functions are called by the SDK itself; Google's own tools have no "
                "OpenAI-shaped equivalent)"
            )
        tools.extend(_declaration(item, where) for item in declarations)
    return one_line_list(tools)


def _declarations(fields: dict[str, cst.BaseExpression] | None) -> list[cst.BaseExpression] | None:
    if fields is None or len(fields) != 1:
        return None
    value = fields.get("function_declarations", fields.get("functionDeclarations"))
    if not isinstance(value, cst.List) or not value.elements:
        return None
    if not all(isinstance(el, cst.Element) for el in value.elements):
        return None
    return [el.value for el in value.elements]


def _declaration(expr: cst.BaseExpression, where: str) -> cst.Dict:
    fields = literal_fields(expr, ("FunctionDeclaration",))
    if fields is None or "name" not in fields or not set(fields) <= DECLARATION_KEYS:
        extra = sorted(set(fields or {}) - DECLARATION_KEYS)
        what = f"`{extra[0]}`" if extra else f"`{code_of(expr)}`"
        raise manual(f"{what} in a function declaration in `{where}` is not converted")
    if "parameters" in fields and "parameters_json_schema" in fields:
        raise manual(f"a function declaration in `{where}` has two parameter schemas")
    schema = fields.get("parameters", fields.get("parameters_json_schema"))
    parameters = flat_schema(schema, where) if schema is not None else None
    return function_tool(fields["name"], fields.get("description"), parameters)


def flat_schema(expr: cst.BaseExpression, where: str) -> cst.Dict:
    """An object schema whose properties are scalars or lists of scalars, as JSON schema."""
    fields = _schema_fields(expr, TOP_KEYS, where)
    if _type_name(fields.get("type"), where) != "object":
        raise manual(f"a function's parameter schema in `{where}` is not an object schema")
    out: list[tuple[str, cst.BaseExpression]] = [("type", make_string("object"))]
    properties = fields.get("properties")
    if properties is not None:
        items = dict_items(properties)
        if items is None:
            raise manual(f"`properties` of a function's schema in `{where}` is not a dict literal")
        converted = [(name, _property(value, where)) for name, value in items.items()]
        out.append(("properties", make_dict(converted)))
    if "required" in fields:
        out.append(("required", fields["required"]))
    return make_dict(out)


def _property(expr: cst.BaseExpression, where: str) -> cst.Dict:
    fields = _schema_fields(expr, PROPERTY_KEYS, where)
    out = _typed(fields, where)
    if "items" in fields:
        items = _schema_fields(fields["items"], ITEM_KEYS, where)
        out.append(("items", make_dict(_typed(items, where))))
    return make_dict(out)


Fields = list[tuple[str, cst.BaseExpression]]


def _typed(fields: dict[str, cst.BaseExpression], where: str) -> Fields:
    out: Fields = []
    for key, value in fields.items():
        if key == "type":
            out.append(("type", make_string(_type_name(value, where))))
        elif key != "items":
            out.append((key, value))
    return out


def _schema_fields(
    expr: cst.BaseExpression, allowed: frozenset[str], where: str
) -> dict[str, cst.BaseExpression]:
    fields = literal_fields(expr, ("Schema",))
    if fields is None:
        raise manual(f"a function's parameter schema in `{where}` is not a literal")
    extra = sorted(set(fields) - allowed)
    if extra:
        raise manual(
            f"`{extra[0]}` in a function's parameter schema in `{where}`: only flat schemas are "
            "converted (type, description, enum, items per property); the neutral layers "
            "rebuild Gemini's schema and keep other keywords differently"
        )
    return fields


def _type_name(expr: cst.BaseExpression | None, where: str) -> str:
    """`"OBJECT"`, `"object"` or `types.Type.OBJECT` as JSON schema's `"object"`."""
    text = string_value(expr) if expr is not None else None
    path = dotted(expr) if expr is not None else None
    if text is None and path is not None and ".Type." in f".{path}":
        text = path.rpartition(".")[2]
    if text is None:
        raise manual(f"a schema type in `{where}` is not a literal")
    return text.lower()


def gemini_tool_choice(expr: cst.BaseExpression, where: str) -> cst.BaseExpression | None:
    """`tool_config` (`function_calling_config` mode and names) as OpenAI's `tool_choice`.

    None when it asks for nothing (Gemini's default, AUTO).
    """
    config = literal_fields(expr, ("ToolConfig",))
    if config is None or not set(config) <= {"function_calling_config"}:
        raise manual(f"`tool_config` in `{where}` is not a literal function calling config")
    calling = config.get("function_calling_config")
    fields = literal_fields(calling, ("FunctionCallingConfig",)) if calling is not None else {}
    if fields is None or not set(fields) <= {"mode", "allowed_function_names"}:
        raise manual(f"`function_calling_config` in `{where}` is not converted")
    mode = _mode(fields.get("mode"), where)
    names = fields.get("allowed_function_names")
    if names is None:
        return None if mode == "auto" else make_string(mode)
    elements = names.elements if isinstance(names, cst.List) else ()
    if mode != "required" or len(elements) != 1 or not isinstance(elements[0], cst.Element):
        raise manual(
            f"`allowed_function_names` in `{where}`: OpenAI's `tool_choice` forces one "
            "function, in ANY mode only"
        )
    return named_choice(elements[0].value)


def _mode(expr: cst.BaseExpression | None, where: str) -> str:
    if expr is None:
        return "auto"
    text = string_value(expr) or (dotted(expr) or "").rpartition(".")[2]
    mode = GEMINI_MODES.get(text.upper())
    if mode is None:
        raise manual(f"the function calling mode `{code_of(expr)}` in `{where}` is not converted")
    return mode


def bedrock_tools(
    expr: cst.BaseExpression,
) -> tuple[cst.List, cst.BaseExpression | None, list[Issue]]:
    """A literal `toolConfig`: OpenAI tools, the tool choice (None: Bedrock's default) and
    the issues."""
    config = dict_items(expr)
    if config is None or "tools" not in config or not set(config) <= {"tools", "toolChoice"}:
        raise manual("`toolConfig=` is not a dict literal of `tools` and `toolChoice`")
    tools = config["tools"]
    if not isinstance(tools, cst.List) or not tools.elements:
        raise manual("`tools` in `toolConfig` is not a non-empty list literal")
    specs = [_tool_spec(element) for element in tools.elements]
    issues = []
    if any(description is None for _, description in specs):
        issues.append(
            Issue(
                Safety.UNSAFE,
                "a `toolSpec` has no description: LiteLLM sends the tool's name as one, "
                "any-llm a blank",
            )
        )
    choice = config.get("toolChoice")
    converted = _bedrock_choice(choice) if choice is not None else None
    return one_line_list(tool for tool, _ in specs), converted, issues


def _tool_spec(element: cst.BaseElement) -> tuple[cst.Dict, cst.BaseExpression | None]:
    tool = dict_items(element.value) if isinstance(element, cst.Element) else None
    spec = dict_items(tool["toolSpec"]) if tool is not None and set(tool) == {"toolSpec"} else None
    if spec is None:
        raise manual(
            "a tool in `toolConfig` is not a `toolSpec` literal (cache points, system tools)"
        )
    if "name" not in spec or not set(spec) <= {"name", "description", "inputSchema"}:
        extra = sorted(set(spec) - {"name", "description", "inputSchema"})
        raise manual(f"`{extra[0] if extra else 'name'}` of a `toolSpec` is not converted")
    schema = dict_items(spec["inputSchema"]) if "inputSchema" in spec else None
    if schema is None or set(schema) != {"json"}:
        raise manual('`inputSchema` of a `toolSpec` is not `{"json": ...}`')
    description = spec.get("description")
    return function_tool(spec["name"], description, schema["json"]), description


def _bedrock_choice(expr: cst.BaseExpression) -> cst.BaseExpression | None:
    choice = dict_items(expr)
    if choice is None or len(choice) != 1:
        raise manual("`toolChoice` in `toolConfig` is not a literal")
    kind, value = next(iter(choice.items()))
    if kind == "auto":
        return None
    if kind == "any":
        return make_string("required")
    named = dict_items(value) if kind == "tool" else None
    if named is None or set(named) != {"name"}:
        raise manual(f"`toolChoice` `{kind}` is not converted")
    return named_choice(named["name"])
