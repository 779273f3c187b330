"""More wire formats for the fake vendor: Gemini, Bedrock Converse, Cohere v2 chat, Ollama chat.

`fake_server.py` answers OpenAI and Anthropic requests and hands every other
path here. Each answer depends only on the request and carries the same text
and token counts as the OpenAI and Anthropic answers, so a program and its
migrated twin print the same thing. Mistral needs nothing of its own: its
chat API is OpenAI's (`/v1/chat/completions`).
"""

from __future__ import annotations

import json
from typing import Any

from fake_streams import bedrock_stream, cohere_stream, gemini_stream, ollama_stream

# The same answer as fake_server.py gives on OpenAI and Anthropic paths.
TEXT = "Hello from the fake vendor."
USAGE_IN, USAGE_OUT = 11, 7

Answer = tuple[int, str, bytes]  # status, content type, payload

# Metadata a neutral layer looks up by itself (LiteLLM asks Ollama about the model before and
# after a chat); the vendor SDK never does, so these are answered and not recorded.
LOOKUPS: dict[str, Answer] = {
    "/api/show": (
        200,
        "application/json",
        json.dumps(
            {
                "modelfile": "",
                "parameters": "",
                "template": "",
                "details": {},
                "model_info": {},
                "capabilities": ["completion"],
            }
        ).encode(),
    ),
}


def vendor_answer(path: str, query: dict[str, list[str]], body: dict[str, Any]) -> Answer | None:
    """The answer to a request on one of these vendors' paths, or None."""
    if path.endswith(":streamGenerateContent"):
        return gemini_stream(path, query)
    if path.startswith("/model/") and path.endswith("/converse-stream"):
        return bedrock_stream(body)
    if path.endswith("/v2/chat") and body.get("stream"):
        return cohere_stream()
    if path.endswith("/api/chat") and body.get("stream"):
        return ollama_stream(body)
    if path.endswith(":generateContent"):
        return _json(_gemini(path))
    if path.startswith("/model/") and path.endswith("/converse"):
        return _json(_bedrock_converse())
    if path.endswith("/v2/chat") and not body.get("stream"):
        return _json(_cohere_v2())
    if path.endswith("/api/chat"):
        return _json(_ollama_chat(body))
    return None


def _json(data: dict[str, Any]) -> Answer:
    return 200, "application/json", json.dumps(data).encode()


def _gemini(path: str) -> dict[str, Any]:
    model = path.rpartition("/models/")[2].partition(":")[0]
    return {
        "candidates": [
            {
                "content": {"role": "model", "parts": [{"text": TEXT}]},
                "finishReason": "STOP",
                "index": 0,
            }
        ],
        "usageMetadata": {
            "promptTokenCount": USAGE_IN,
            "candidatesTokenCount": USAGE_OUT,
            "totalTokenCount": USAGE_IN + USAGE_OUT,
        },
        "modelVersion": model,
        "responseId": "gemini-1",
    }


def _bedrock_converse() -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": TEXT}]}},
        "stopReason": "end_turn",
        "usage": {
            "inputTokens": USAGE_IN,
            "outputTokens": USAGE_OUT,
            "totalTokens": USAGE_IN + USAGE_OUT,
        },
        "metrics": {"latencyMs": 5},
    }


def _cohere_v2() -> dict[str, Any]:
    tokens = {"input_tokens": USAGE_IN, "output_tokens": USAGE_OUT}
    return {
        "id": "cohere-1",
        "finish_reason": "COMPLETE",
        "message": {"role": "assistant", "content": [{"type": "text", "text": TEXT}]},
        "usage": {"billed_units": tokens, "tokens": tokens},
    }


def _ollama_chat(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "model": body.get("model"),
        "created_at": "2024-01-01T00:00:00Z",
        "message": {"role": "assistant", "content": TEXT},
        "done": True,
        "done_reason": "stop",
        "total_duration": 1000,
        "load_duration": 10,
        "prompt_eval_count": USAGE_IN,
        "prompt_eval_duration": 100,
        "eval_count": USAGE_OUT,
        "eval_duration": 100,
    }
