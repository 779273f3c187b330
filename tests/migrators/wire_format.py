"""Normalise recorded requests so that equal meaning compares equal.

Kept: the endpoint path, Azure's api-version, the credential, and the body
fields that carry meaning (model, messages, system, sampling, stop, tools,
stream, embedding input). Content given as a list of text blocks and as a
string is the same text; SDK defaults a caller did not choose (OpenAI's
`encoding_format="base64"` for embeddings) are left out. any-llm sends
`max_tokens` to OpenAI as `max_completion_tokens`, OpenAI's newer name for the
same limit (it also counts reasoning tokens, which non-reasoning models have
none of), so the two names compare equal.
"""

from __future__ import annotations

from typing import Any

from fake_server import Recorded
from wire_vendors import normalise_vendor

KEYS = (
    "model",
    "messages",
    "system",
    "max_tokens",
    "max_completion_tokens",
    "temperature",
    "top_p",
    "top_k",
    "stop",
    "stop_sequences",
    "tools",
    "tool_choice",
    "stream",
    "n",
    "seed",
    "input",
    "dimensions",
    "response_format",
)


SAME_AS = {"max_completion_tokens": "max_tokens"}


def normalise(request: Recorded) -> dict[str, Any]:
    """The meaning of one request, as a plain dict."""
    vendor = normalise_vendor(request)
    if vendor is not None:
        return vendor
    out: dict[str, Any] = {
        "path": request.path,
        "api-version": request.query.get("api-version"),
        "credential": credential(request.headers),
    }
    for key in KEYS:
        value = request.body.get(key)
        if value is not None:
            out[SAME_AS.get(key, key)] = _value(key, value)
    return out


def credential(headers: dict[str, str]) -> str | None:
    """The API key, from whichever header the vendor uses."""
    bearer = headers.get("authorization", "")
    if bearer.lower().startswith("bearer "):
        return bearer[7:]
    return headers.get("x-api-key") or headers.get("api-key")


def _value(key: str, value: Any) -> Any:
    if key == "messages":
        return [_message(message) for message in value]
    if key == "system":
        return _text(value)
    if key == "tools":
        return [_tool(tool) for tool in value]
    return value


def _message(message: dict[str, Any]) -> dict[str, Any]:
    return {**message, "content": _text(message.get("content"))}


def _text(content: Any) -> Any:
    if isinstance(content, list) and all(
        isinstance(block, dict) and block.get("type") == "text" for block in content
    ):
        return "".join(block["text"] for block in content)
    return content


def _tool(tool: dict[str, Any]) -> dict[str, Any]:
    if "input_schema" in tool:
        return {key: tool.get(key) for key in ("name", "description", "input_schema")}
    return tool
