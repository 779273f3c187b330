"""A fake LLM vendor on 127.0.0.1: enough of the OpenAI, Azure OpenAI and Anthropic wire formats.

Gemini, Bedrock Converse, Cohere v2 and Ollama chat are answered by `fake_vendors.py`.

The real SDKs and the real neutral layers talk to it; it answers with fixed
content and records every request (path, query, headers, JSON body) under the
case named by the last `POST /__case__/<name>`. Answers depend only on the
request, so a program and its migrated twin print the same thing.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fake_vendors import LOOKUPS, vendor_answer

TEXT = "Hello from the fake vendor."
DELTAS = ("Hello", " from the", " fake vendor.")
USAGE_IN, USAGE_OUT = 11, 7
TOOL_ARGUMENTS = {"city": "Paris"}


@dataclass(frozen=True)
class Recorded:
    """One request the fake vendor received."""

    case: str
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Recorder:
    """Requests by case, filled from the server threads."""

    case: str = ""
    requests: list[Recorded] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def of(self, case: str) -> list[Recorded]:
        with self.lock:
            return [request for request in self.requests if request.case == case]


class _Handler(BaseHTTPRequestHandler):
    recorder: Recorder
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Silence the default stderr log."""

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        if url.path.startswith("/__case__/"):
            with self.recorder.lock:
                self.recorder.case = url.path.removeprefix("/__case__/")
            self._send(200, "application/json", b"{}")
            return
        body = json.loads(raw or b"{}")
        if url.path in LOOKUPS:  # asked by a neutral layer on its own: answered, not recorded
            self._send(*LOOKUPS[url.path])
            return
        with self.recorder.lock:
            self.recorder.requests.append(
                Recorded(
                    case=self.recorder.case,
                    method="POST",
                    path=url.path,
                    query=parse_qs(url.query),
                    headers={key.lower(): value for key, value in self.headers.items()},
                    body=body,
                )
            )
        self._answer(url.path, parse_qs(url.query), body)

    def _answer(self, path: str, query: dict[str, list[str]], body: dict[str, Any]) -> None:
        if path.endswith("/embeddings"):
            self._send(200, "application/json", json.dumps(_embeddings(body)).encode())
        elif path.endswith("/v1/messages") and body.get("stream"):
            self._send(200, "text/event-stream", _anthropic_events(body).encode())
        elif path.endswith("/v1/messages"):
            self._send(200, "application/json", json.dumps(_anthropic_message(body)).encode())
        elif path.endswith("/chat/completions") and body.get("stream"):
            self._send(200, "text/event-stream", _openai_chunks(body).encode())
        elif path.endswith("/chat/completions"):
            self._send(200, "application/json", json.dumps(_openai_completion(body)).encode())
        elif (answer := vendor_answer(path, query, body)) is not None:
            self._send(*answer)
        else:
            self._send(404, "application/json", b'{"error": {"message": "not faked"}}')

    def _send(self, status: int, content_type: str, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def _tool_name(body: dict[str, Any]) -> str | None:
    tools = body.get("tools") or []
    if not tools:
        return None
    first = tools[0]
    return str(first.get("name") or first.get("function", {}).get("name"))


def _openai_completion(body: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": TEXT}
    finish = "stop"
    tool = _tool_name(body)
    if tool:
        message["tool_calls"] = [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": tool, "arguments": json.dumps(TOOL_ARGUMENTS)},
            }
        ]
        finish = "tool_calls"
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1700000000,
        "model": body.get("model"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": USAGE_IN,
            "completion_tokens": USAGE_OUT,
            "total_tokens": USAGE_IN + USAGE_OUT,
        },
    }


def _openai_chunks(body: dict[str, Any]) -> str:
    def chunk(delta: dict[str, Any], finish: str | None) -> str:
        data = {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1700000000,
            "model": body.get("model"),
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(data)}\n\n"

    events = [chunk({"role": "assistant", "content": ""}, None)]
    events += [chunk({"content": text}, None) for text in DELTAS]
    events.append(chunk({}, "stop"))
    return "".join(events) + "data: [DONE]\n\n"


def _embeddings(body: dict[str, Any]) -> dict[str, Any]:
    inputs = body.get("input")
    count = len(inputs) if isinstance(inputs, list) else 1
    data = [
        {"object": "embedding", "index": index, "embedding": [0.25, -0.5, float(index)]}
        for index in range(count)
    ]
    return {
        "object": "list",
        "data": data,
        "model": body.get("model"),
        "usage": {"prompt_tokens": USAGE_IN, "total_tokens": USAGE_IN},
    }


def _anthropic_message(body: dict[str, Any]) -> dict[str, Any]:
    content: list[dict[str, Any]] = [{"type": "text", "text": TEXT}]
    stop = "end_turn"
    tool = _tool_name(body)
    if tool:
        content.append({"type": "tool_use", "id": "toolu_1", "name": tool, "input": TOOL_ARGUMENTS})
        stop = "tool_use"
    return {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": body.get("model"),
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": USAGE_IN, "output_tokens": USAGE_OUT},
    }


def _anthropic_events(body: dict[str, Any]) -> str:
    def event(name: str, data: dict[str, Any]) -> str:
        return f"event: {name}\ndata: {json.dumps({'type': name, **data})}\n\n"

    message = {**_anthropic_message({**body, "tools": None}), "content": [], "stop_reason": None}
    message["usage"] = {"input_tokens": USAGE_IN, "output_tokens": 1}
    events = [
        event("message_start", {"message": message}),
        event("content_block_start", {"index": 0, "content_block": {"type": "text", "text": ""}}),
    ]
    events += [
        event("content_block_delta", {"index": 0, "delta": {"type": "text_delta", "text": text}})
        for text in DELTAS
    ]
    events += [
        event("content_block_stop", {"index": 0}),
        event(
            "message_delta",
            {
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": USAGE_OUT},
            },
        ),
        event("message_stop", {}),
    ]
    return "".join(events)


@contextmanager
def fake_vendor() -> Iterator[tuple[str, Recorder]]:
    """Serve on an ephemeral port; yields (base URL, recorder)."""
    recorder = Recorder()
    handler = type("Handler", (_Handler,), {"recorder": recorder})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", recorder
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
