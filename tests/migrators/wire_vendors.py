"""Normalise Gemini, Bedrock Converse, Mistral, Cohere v2 and Ollama requests.

Each vendor's requests are compared in that vendor's own wire format: the
vendor SDK and the neutral layer both speak it, but spell some things
differently. Made equal here, because the meaning is the same:

- Gemini: `systemInstruction` / `system_instruction` and the role on it;
  generation config, tool and tool config keys in camelCase or snake_case
  (the API takes both); the API version in the path (google-genai 3.x calls
  `v1`, LiteLLM and the legacy SDK `v1beta`: the same `generateContent`
  method) and how a stream is framed (`alt=sse`, or the legacy REST
  transport's JSON array: the same `streamGenerateContent` method); schema
  types and calling modes in any case or as the protobuf enum numbers the
  legacy SDK sends (`enum-encoding=int`); a function's parameters as
  `parameters` or `parameters_json_schema` (the codemod converts only flat
  schemas, the same in both); an empty `description` or `required` (any-llm
  writes `""` and `[]` where the caller wrote none);
- Bedrock: the model id in the path percent-encoded or not; the credential is
  the access key id and region of the SigV4 signature (the signature itself
  differs with the request time); `"toolChoice": {"auto": {}}` is Bedrock's
  default when tools are given; an empty `required` list in a tool schema;
- `"stream": false`, `"tools": []`, `"inferenceConfig": {}`, Ollama's empty
  `"images": []` and `"options": {}` are the defaults, the same as leaving
  them out.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from fake_server import Recorded

_GEMINI_VERSION = re.compile(r"^/v1(?:alpha|beta)?/")
_SIGV4 = re.compile(r"Credential=([^/]+)/[^/]+/([^/]+)/")
_GEMINI_KEYS = ("contents", "systemInstruction", "generationConfig", "tools", "toolConfig")
# google.ai.generativelanguage_v1beta Type and FunctionCallingConfig.Mode, by number
_TYPES = ("TYPE_UNSPECIFIED", "STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL")
_MODES = ("MODE_UNSPECIFIED", "AUTO", "ANY", "NONE", "VALIDATED")


def normalise_vendor(request: Recorded) -> dict[str, Any] | None:
    """The meaning of one request to these vendors, or None for other vendors."""
    path = unquote(request.path)
    if path.endswith((":generateContent", ":streamGenerateContent")):
        return _gemini(request, _GEMINI_VERSION.sub("/{version}/", path))
    if path.startswith("/model/") and path.endswith(("/converse", "/converse-stream")):
        return {"path": path, "credential": _sigv4(request.headers), **_bedrock(request.body)}
    if path.startswith("/mistral/") or path.endswith(("/v2/chat", "/api/chat")):
        return {"path": path, "credential": _bearer(request.headers), **_body(request.body)}
    return None


def _gemini(request: Recorded, path: str) -> dict[str, Any]:
    body = {_camel(key): value for key, value in request.body.items()}
    system = body.get("systemInstruction")
    config = body.get("generationConfig") or {}
    return {
        "path": path,
        "credential": request.headers.get("x-goog-api-key"),
        "contents": [
            {"role": turn.get("role", "user"), "parts": turn["parts"]}
            for turn in body.get("contents", [])
        ],
        "system": system["parts"] if system else None,
        "config": {_camel(key): value for key, value in config.items()},
        "tools": [_declaration(d) for tool in body.get("tools") or () for d in _functions(tool)],
        "toolConfig": _tool_config(body.get("toolConfig")),
        "other": sorted(set(body) - set(_GEMINI_KEYS)),
    }


def _functions(tool: dict[str, Any]) -> list[dict[str, Any]]:
    """A tool's function declarations; any other tool kept whole."""
    fields = {_camel(key): value for key, value in tool.items()}
    return list(fields.pop("functionDeclarations", [])) + ([fields] if fields else [])


def _declaration(declaration: dict[str, Any]) -> dict[str, Any]:
    fields = {_camel(key): value for key, value in declaration.items()}
    schema = fields.pop("parametersJsonSchema", None) or fields.pop("parameters", None)
    if schema:
        fields["parameters"] = _schema(schema)
    return {key: value for key, value in fields.items() if value != ""}


def _schema(schema: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "type":
            value = _TYPES[value] if isinstance(value, int) else value.upper()
        elif key == "properties":
            value = {name: _schema(inner) for name, inner in value.items()}
        elif key == "items":
            value = _schema(value)
        if value not in ("", []):
            out[key] = value
    return out


def _tool_config(config: dict[str, Any] | None) -> dict[str, Any] | None:
    if not config:
        return None
    calling = {_camel(k): v for k, v in next(iter(config.values())).items()}
    mode = calling.get("mode")
    calling["mode"] = _MODES[mode] if isinstance(mode, int) else str(mode).upper()
    return calling


def _bedrock(body: dict[str, Any]) -> dict[str, Any]:
    out = {key: value for key, value in body.items() if not _default(value)}
    tools = dict(out.get("toolConfig") or {})
    if tools:
        if tools.get("toolChoice") == {"auto": {}}:
            del tools["toolChoice"]
        tools["tools"] = [_tool_spec(tool) for tool in tools.get("tools", [])]
        out["toolConfig"] = tools
    return out


def _tool_spec(tool: dict[str, Any]) -> dict[str, Any]:
    spec = dict(tool.get("toolSpec") or {})
    schema = dict((spec.get("inputSchema") or {}).get("json") or {})
    if schema.get("required") == []:
        del schema["required"]
    if spec:
        spec["inputSchema"] = {"json": schema}
    return {**tool, "toolSpec": spec} if spec else tool


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


def _sigv4(headers: dict[str, str]) -> str | None:
    found = _SIGV4.search(headers.get("authorization", ""))
    return f"{found[1]}/{found[2]}" if found else None


def _bearer(headers: dict[str, str]) -> str | None:
    value = headers.get("authorization", "")
    return value[7:] if value.lower().startswith("bearer ") else None


def _body(body: dict[str, Any]) -> dict[str, Any]:
    out = {key: value for key, value in body.items() if not _default(value)}
    if "messages" in out:
        out["messages"] = [
            {key: value for key, value in message.items() if not _default(value)}
            for message in out["messages"]
        ]
    return out


def _default(value: Any) -> bool:
    """None, `false`, `[]` or `{}`: what the vendor assumes when the field is left out."""
    return value is None or value is False or (isinstance(value, (list, dict)) and not value)
