"""How each vendor's stream is read, as data (VENDORS.md §13.1, the stream row).

A vendor stream yields its own events; the neutral layers yield OpenAI-shaped
chunks whose text is `chunk.choices[0].delta.content`. Every chunk LiteLLM
and any-llm yield has one choice unless usage is asked for with
`stream_options` (litellm_core_utils/streaming_handler.py; any-llm's
`_create_openai_chunk_from_*` in any_llm/providers/*/utils.py), which these
rewrites never add.

The text of a stream, joined, is the same on both sides; how it is split into
chunks is not (a layer may add a last chunk with no text, as the vendor itself
may), so each text read keeps its type: where the vendor's text is always a
string, the neutral read is `... or ""`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from vendorlock.migrators.ir import ResponseShape
from vendorlock.migrators.response_rules import Key, Rule, Segment

DELTA_CONTENT: Final[tuple[Segment, ...]] = ("choices", 0, "delta", "content")


@dataclass(frozen=True)
class ChunkRules:
    """The reads of one vendor's stream events that have an OpenAI-shaped equivalent."""

    # chains read off an event that hold its text; each becomes `DELTA_CONTENT`
    texts: tuple[Rule, ...]
    # the vendor's text is always a string: the neutral read is `... or ""`
    or_empty: bool
    # `ev.<attribute> == "<value>"` in a condition: true exactly for the events with text
    type_guard: tuple[str, str] | None = None
    # `"<key>" in ev` in a condition, for events that are dicts (Bedrock)
    key_guard: str | None = None
    # the call answers a dict holding the stream under this key (`resp["stream"]`)
    stream_key: str | None = None


CHUNK_RULES: Final = {
    # google-genai and google-generativeai: `chunk.text` joins the chunk's text parts (None when
    # it has none, which the neutral read makes "").
    ResponseShape.GEMINI: ChunkRules(texts=(Rule(("text",)),), or_empty=True),
    # Bedrock ConverseStream: `for ev in resp["stream"]`, events are one-key dicts.
    ResponseShape.BEDROCK_CONVERSE: ChunkRules(
        texts=(Rule((Key("contentBlockDelta"), Key("delta"), Key("text"))),),
        or_empty=True,
        key_guard="contentBlockDelta",
        stream_key="stream",
    ),
    # mistralai `chat.stream`: each event wraps an OpenAI-shaped chunk in `.data`; its content
    # is optional (None, or mistralai's falsy `Unset`) as the neutral one is.
    ResponseShape.MISTRAL_CHAT: ChunkRules(
        texts=(Rule(("data", *DELTA_CONTENT)),),
        or_empty=False,
    ),
    # Cohere v2 `chat_stream`: typed events, the text on `content-delta` ones.
    ResponseShape.COHERE_V2: ChunkRules(
        texts=(Rule(("delta", "message", "content", "text")),),
        or_empty=True,
        type_guard=("type", "content-delta"),
    ),
    # Ollama `chat(stream=True)`: chunks read as dicts or as attributes, the last one empty.
    ResponseShape.OLLAMA_CHAT: ChunkRules(
        texts=(Rule((Key("message"), Key("content"))), Rule(("message", "content"))),
        or_empty=True,
    ),
}
