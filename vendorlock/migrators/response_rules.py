"""The response-access rewrite map (VENDORS.md §13.1), as data.

A rule matches the start of an access chain (`msg.content[0].text...`); it
keeps the first `keep` segments and puts `tail` after them. `tail=None` means
the read is the same in the neutral shape. `exact` rules must match the whole
chain; `special` ones have a check of their own in `responses.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from vendorlock.migrators.ir import ResponseShape


@dataclass(frozen=True)
class Key:
    """A subscript with a string key: `["embedding"]`."""

    key: str


class _Any:
    """Any index expression (`[i]`), not an attribute or a string key."""

    def __repr__(self) -> str:
        return "ANY"


ANY: Final = _Any()
Segment = str | int | Key | _Any


@dataclass(frozen=True)
class Rule:
    """One allowed read of a response, and how it is written in the neutral shape."""

    pattern: tuple[Segment, ...]
    keep: int = 0
    tail: tuple[Segment, ...] | None = None
    exact: bool = False
    special: str | None = None


# Anthropic stop reasons with an OpenAI finish reason of the same meaning.
STOP_REASONS: Final = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "tool_use": "tool_calls",
}

ANTHROPIC_MESSAGE: Final = (
    Rule(("content", 0, "text"), tail=("choices", 0, "message", "content")),
    Rule(("usage", "input_tokens"), keep=1, tail=("prompt_tokens",)),
    Rule(("usage", "output_tokens"), keep=1, tail=("completion_tokens",)),
    Rule(("stop_reason",), tail=("choices", 0, "finish_reason"), exact=True, special="stop_reason"),
)

ANTHROPIC_STREAM: Final = (Rule(("text_stream",), exact=True, special="text_stream"),)

# LiteLLM's embedding items are dicts: attribute reads become key reads.
DICT_EMBEDDINGS: Final = (
    Rule(("data", ANY, "embedding"), keep=2, tail=(Key("embedding"),)),
    Rule(("data", ANY, "index"), keep=2, tail=(Key("index"),)),
    Rule(("data", ANY, Key("embedding"))),
    Rule(("data",), exact=True, special="items"),
    Rule(("usage",)),
    Rule(("model",)),
    Rule((Key("data"), ANY, Key("embedding"))),
    Rule((Key("usage"),)),
)


# v0 responses read as dicts, moved to a layer whose responses are pydantic models.
V0_AS_ATTRIBUTES: Final = (
    Rule((), special="attrs"),
    Rule(("choices",)),
    Rule(("data",)),
    Rule(("usage",)),
    Rule(("model",)),
)


CONTENT: Final = ("choices", 0, "message", "content")

# google-genai and google-generativeai: `.text` joins the text parts, as LiteLLM's and
# any-llm's message content does. `candidates_token_count` leaves out thinking tokens, which
# `completion_tokens` counts, so it has no rule.
GEMINI: Final = (
    Rule(("text",), tail=CONTENT),
    Rule(("usage_metadata", "prompt_token_count"), tail=("usage", "prompt_tokens")),
    Rule(("usage_metadata", "total_token_count"), tail=("usage", "total_tokens")),
)

# Bedrock Converse answers a dict; its stop reasons are Anthropic's.
BEDROCK_CONVERSE: Final = (
    Rule((Key("output"), Key("message"), Key("content"), 0, Key("text")), tail=CONTENT),
    Rule(
        (Key("stopReason"),),
        tail=("choices", 0, "finish_reason"),
        exact=True,
        special="stop_reason",
    ),
    Rule((Key("usage"), Key("inputTokens")), tail=("usage", "prompt_tokens")),
    Rule((Key("usage"), Key("outputTokens")), tail=("usage", "completion_tokens")),
    Rule((Key("usage"), Key("totalTokens")), tail=("usage", "total_tokens")),
)

COHERE_V2: Final = (Rule(("message", "content", 0, "text"), tail=CONTENT),)

# Ollama's responses read as dicts and as attributes alike.
OLLAMA_CHAT: Final = (
    Rule((Key("message"), Key("content")), tail=CONTENT),
    Rule(("message", "content"), tail=CONTENT),
    Rule((Key("prompt_eval_count"),), tail=("usage", "prompt_tokens")),
    Rule(("prompt_eval_count",), tail=("usage", "prompt_tokens")),
    Rule((Key("eval_count"),), tail=("usage", "completion_tokens")),
    Rule(("eval_count",), tail=("usage", "completion_tokens")),
)

VENDOR_SHAPES: Final = {
    ResponseShape.GEMINI: GEMINI,
    ResponseShape.BEDROCK_CONVERSE: BEDROCK_CONVERSE,
    ResponseShape.COHERE_V2: COHERE_V2,
    ResponseShape.OLLAMA_CHAT: OLLAMA_CHAT,
}


def rules_for(shape: ResponseShape, dict_items: bool, dict_style: bool) -> tuple[Rule, ...] | None:
    """The rules for a response shape under a target; None when nothing changes."""
    if shape is ResponseShape.ANTHROPIC_MESSAGE:
        return ANTHROPIC_MESSAGE
    if shape is ResponseShape.ANTHROPIC_STREAM:
        return ANTHROPIC_STREAM
    if shape in VENDOR_SHAPES:
        return VENDOR_SHAPES[shape]
    if shape in (ResponseShape.OPENAI_EMBEDDING, ResponseShape.V0_EMBEDDING) and dict_items:
        return DICT_EMBEDDINGS
    if shape in (ResponseShape.V0_CHAT, ResponseShape.V0_EMBEDDING) and not dict_style:
        return V0_AS_ATTRIBUTES
    return None
