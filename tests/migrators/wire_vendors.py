"""Normalise Gemini, Bedrock Converse, Mistral, Cohere v2 and Ollama requests.

Each vendor's requests are compared in that vendor's own wire format: the
vendor SDK and the neutral layer both speak it, but spell some things
differently. Made equal here, because the meaning is the same:

- Gemini: `systemInstruction` / `system_instruction` and the role on it;
  generation config keys in camelCase or snake_case (the API takes both); the
  API version in the path (google-genai 3.x calls `v1`, LiteLLM and the legacy
  SDK `v1beta`: the same `generateContent` method);
- Bedrock: the model id in the path percent-encoded or not; the credential is
  the access key id and region of the SigV4 signature (the signature itself
  differs with the request time);
- `"stream": false`, `"tools": []`, Ollama's empty `"images": []` and
  `"options": {}` are the defaults, the same as leaving them out.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from fake_server import Recorded

_GEMINI_VERSION = re.compile(r"^/v1(?:alpha|beta)?/")
_SIGV4 = re.compile(r"Credential=([^/]+)/[^/]+/([^/]+)/")


def normalise_vendor(request: Recorded) -> dict[str, Any] | None:
    """The meaning of one request to these vendors, or None for other vendors."""
    path = unquote(request.path)
    if path.endswith(":generateContent"):
        return _gemini(request, _GEMINI_VERSION.sub("/{version}/", path))
    if path.startswith("/model/") and path.endswith("/converse"):
        return {"path": path, "credential": _sigv4(request.headers), **request.body}
    if path.startswith("/mistral/") or path.endswith(("/v2/chat", "/api/chat")):
        return {"path": path, "credential": _bearer(request.headers), **_body(request.body)}
    return None


def _gemini(request: Recorded, path: str) -> dict[str, Any]:
    body = request.body
    system = body.get("systemInstruction") or body.get("system_instruction")
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
        "other": sorted(
            set(body) - {"contents", "systemInstruction", "system_instruction", "generationConfig"}
        ),
    }


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
