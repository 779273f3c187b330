"""Streaming wire formats for the fake vendor: Gemini, Bedrock ConverseStream, Cohere v2, Ollama.

Each stream carries the same text as the OpenAI and Anthropic streams of
`fake_server.py` (`DELTAS`, joined: `TEXT`), split the same way, and ends with
the vendor's own stop and usage events. Mistral streams OpenAI's SSE chunks.

- Gemini (google-genai, LiteLLM): `:streamGenerateContent?alt=sse`, one
  `GenerateContentResponse` per `data:` event; the legacy SDK's REST transport
  asks for the same method without `alt=sse` and reads a JSON array of them
  (`google/api_core/rest_streaming.py`).
- Bedrock `POST /model/{modelId}/converse-stream`: the AWS event-stream binary
  framing (`botocore/eventstream.py`): a prelude of total and header lengths
  and its CRC32, string headers (`:message-type`, `:event-type`,
  `:content-type`), the JSON payload of one `ConverseStreamOutput` member, and
  the CRC32 of the whole message.
- Cohere v2 `POST /v2/chat` with `"stream": true`: SSE events whose `data:` is
  a `V2ChatStreamResponse` (`type` inside the payload).
- Ollama `POST /api/chat` with `"stream": true` (its default): one JSON object
  per line, the last with `done` and the token counts.
"""

from __future__ import annotations

import json
import struct
from binascii import crc32
from typing import Any

DELTAS = ("Hello", " from the", " fake vendor.")
USAGE_IN, USAGE_OUT = 11, 7
TOOL_ARGUMENTS = {"city": "Paris"}

Answer = tuple[int, str, bytes]  # status, content type, payload


def gemini_chunks(model: str) -> list[dict[str, Any]]:
    """The `GenerateContentResponse` chunks of a Gemini stream."""
    chunks = []
    for index, text in enumerate(DELTAS):
        last = index == len(DELTAS) - 1
        candidate: dict[str, Any] = {"content": {"role": "model", "parts": [{"text": text}]}}
        if last:
            candidate["finishReason"] = "STOP"
        chunk: dict[str, Any] = {"candidates": [candidate], "modelVersion": model}
        chunk["usageMetadata"] = {
            "promptTokenCount": USAGE_IN,
            "candidatesTokenCount": USAGE_OUT if last else index + 1,
            "totalTokenCount": USAGE_IN + (USAGE_OUT if last else index + 1),
        }
        chunks.append(chunk)
    return chunks


def gemini_stream(path: str, query: dict[str, list[str]]) -> Answer:
    """SSE (`alt=sse`) or, for the legacy REST transport, a JSON array."""
    model = path.rpartition("/models/")[2].partition(":")[0]
    chunks = gemini_chunks(model)
    if query.get("alt") == ["sse"]:
        events = "".join(f"data: {json.dumps(chunk)}\r\n\r\n" for chunk in chunks)
        return 200, "text/event-stream", events.encode()
    array = "[" + ",\r\n".join(json.dumps(chunk) for chunk in chunks) + "]"
    return 200, "application/json; charset=UTF-8", array.encode()


def bedrock_stream(body: dict[str, Any]) -> Answer:
    """A ConverseStream answer in the AWS event-stream framing."""
    events: list[tuple[str, dict[str, Any]]] = [
        ("messageStart", {"role": "assistant"}),
    ]
    events += [
        ("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": text}}) for text in DELTAS
    ]
    events.append(("contentBlockStop", {"contentBlockIndex": 0}))
    stop = "end_turn"
    if (body.get("toolConfig") or {}).get("tools"):
        events += _bedrock_tool_use(body["toolConfig"]["tools"][0]["toolSpec"]["name"])
        stop = "tool_use"
    usage = {
        "inputTokens": USAGE_IN,
        "outputTokens": USAGE_OUT,
        "totalTokens": USAGE_IN + USAGE_OUT,
    }
    events += [
        ("messageStop", {"stopReason": stop}),
        ("metadata", {"usage": usage, "metrics": {"latencyMs": 5}}),
    ]
    payload = b"".join(event_message(name, data) for name, data in events)
    return 200, "application/vnd.amazon.eventstream", payload


def _bedrock_tool_use(name: str) -> list[tuple[str, dict[str, Any]]]:
    start = {"toolUse": {"toolUseId": "tooluse_1", "name": name}}
    delta = {"toolUse": {"input": json.dumps(TOOL_ARGUMENTS)}}
    return [
        ("contentBlockStart", {"contentBlockIndex": 1, "start": start}),
        ("contentBlockDelta", {"contentBlockIndex": 1, "delta": delta}),
        ("contentBlockStop", {"contentBlockIndex": 1}),
    ]


def event_message(event_type: str, data: dict[str, Any]) -> bytes:
    """One AWS event-stream message (the inverse of botocore's `EventStreamBuffer`)."""
    headers = b"".join(
        _string_header(name, value)
        for name, value in (
            (":event-type", event_type),
            (":content-type", "application/json"),
            (":message-type", "event"),
        )
    )
    payload = json.dumps(data).encode()
    total = 12 + len(headers) + len(payload) + 4
    prelude = struct.pack(">II", total, len(headers))
    prelude += struct.pack(">I", crc32(prelude) & 0xFFFFFFFF)
    message = prelude + headers + payload
    return message + struct.pack(">I", crc32(message) & 0xFFFFFFFF)


def _string_header(name: str, value: str) -> bytes:
    raw_name, raw_value = name.encode(), value.encode()
    return (
        struct.pack(">B", len(raw_name))
        + raw_name
        + struct.pack(">BH", 7, len(raw_value))  # 7: a UTF-8 string
        + raw_value
    )


def cohere_stream() -> Answer:
    """Cohere v2 chat stream events as SSE."""
    events: list[dict[str, Any]] = [
        {"type": "message-start", "id": "cohere-1", "delta": {"message": {"role": "assistant"}}},
        {
            "type": "content-start",
            "index": 0,
            "delta": {"message": {"content": {"type": "text", "text": ""}}},
        },
    ]
    events += [
        {"type": "content-delta", "index": 0, "delta": {"message": {"content": {"text": text}}}}
        for text in DELTAS
    ]
    tokens = {"input_tokens": USAGE_IN, "output_tokens": USAGE_OUT}
    events += [
        {"type": "content-end", "index": 0},
        {
            "type": "message-end",
            "delta": {
                "finish_reason": "COMPLETE",
                "usage": {"billed_units": tokens, "tokens": tokens},
            },
        },
    ]
    text = "".join(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n" for event in events)
    text += "data: [DONE]\n\n"  # the API ends the stream so (cohere/v2/raw_client.py stops there)
    return 200, "text/event-stream", text.encode()


def ollama_stream(body: dict[str, Any]) -> Answer:
    """Ollama chat chunks, one JSON object per line."""
    base = {"model": body.get("model"), "created_at": "2024-01-01T00:00:00Z"}
    lines = [
        {**base, "message": {"role": "assistant", "content": text}, "done": False}
        for text in DELTAS
    ]
    lines.append(
        {
            **base,
            "message": {"role": "assistant", "content": ""},
            "done": True,
            "done_reason": "stop",
            "total_duration": 1000,
            "load_duration": 10,
            "prompt_eval_count": USAGE_IN,
            "prompt_eval_duration": 100,
            "eval_count": USAGE_OUT,
            "eval_duration": 100,
        }
    )
    text = "".join(json.dumps(line) + "\n" for line in lines)
    return 200, "application/x-ndjson", text.encode()
