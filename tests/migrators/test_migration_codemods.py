"""Before/after and no-op tables for the codemods, pyupgrade style.

Each rewrite row gives the input, the exact output, the target and whether
unsafe fixes are on; each no-op row must come back byte-identical, with the
site's safety and the exact reasons it was left alone.
"""

# ruff: noqa: E501 - rows are exact source text; long generated lines are part of the expectation

from __future__ import annotations

from pathlib import Path

import pytest
from migration_cases import run_migration

from vendorlock.migrators.apply import Success
from vendorlock.migrators.codemod import SiteOutcome
from vendorlock.migrators.ir import Safety

REWRITES = [
    pytest.param(
        """\
import openai

reply = openai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
print(reply.choices[0].message.content)
""",
        """\
import litellm

reply = litellm.completion(model="openai/gpt-4o", messages=[{"role": "user", "content": "hi"}])
print(reply.choices[0].message.content)
""",
        "litellm",
        False,
        id="module-client",
    ),
    pytest.param(
        """\
from openai import OpenAI

MODEL = "gpt-4o"
client = OpenAI()
reply = client.chat.completions.create(model=MODEL, messages=[])
""",
        """\
from openai import OpenAI
import litellm

MODEL = "gpt-4o"
client = OpenAI()
reply = litellm.completion(model=f"openai/{MODEL}", messages=[])
""",
        "litellm",
        False,
        id="model-variable",
    ),
    pytest.param(
        """\
from openai import OpenAI

KEY = "sk-or"
client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=KEY)
reply = client.chat.completions.create(model="openai/gpt-4o", messages=[])
""",
        """\
from openai import OpenAI
import litellm

KEY = "sk-or"
client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=KEY)
reply = litellm.completion(model="openrouter/openai/gpt-4o", messages=[], api_base="https://openrouter.ai/api/v1", api_key=KEY)
""",
        "litellm",
        False,
        id="openrouter",
    ),
    pytest.param(
        """\
import anthropic

client = anthropic.Anthropic()
text = client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[]).content[0].text
""",
        """\
import anthropic
import litellm

client = anthropic.Anthropic()
text = litellm.completion(model="anthropic/claude-haiku-4-5", max_tokens=5, messages=[]).choices[0].message.content
""",
        "litellm",
        False,
        id="anthropic-chained",
    ),
    pytest.param(
        """\
import anthropic

client = anthropic.Anthropic()
msg = client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[])
done = msg.stop_reason in ("end_turn", 'stop_sequence')
""",
        """\
import anthropic
import litellm

client = anthropic.Anthropic()
msg = litellm.completion(model="anthropic/claude-haiku-4-5", max_tokens=5, messages=[])
done = msg.choices[0].finish_reason in ("stop", 'stop')
""",
        "litellm",
        False,
        id="stop-reason-in",
    ),
    pytest.param(
        """\
import anthropic

client = anthropic.Anthropic()
msg = client.messages.create(
    model="claude-haiku-4-5",
    max_tokens=5,
    messages=[{"role": "user", "content": "hi"}],
    tool_choice={"type": "any"},
)
""",
        """\
import anthropic
import litellm

client = anthropic.Anthropic()
msg = litellm.completion(
    model="anthropic/claude-haiku-4-5",
    max_tokens=5,
    messages=[{"role": "user", "content": "hi"}],
    tool_choice="required",
)
""",
        "litellm",
        False,
        id="tool-choice",
    ),
    pytest.param(
        """\
import anthropic


async def main():
    client = anthropic.AsyncAnthropic()
    async with client.messages.stream(model="claude-haiku-4-5", max_tokens=5, messages=[]) as s:
        async for text in s.text_stream:
            print(text)
""",
        """\
import litellm


async def main():
    async with await litellm.acompletion(model="anthropic/claude-haiku-4-5", max_tokens=5, messages=[], stream=True) as s:
        async for text in (chunk.choices[0].delta.content async for chunk in s if chunk.choices and chunk.choices[0].delta.content):
            print(text)
""",
        "litellm",
        False,
        id="async-stream",
    ),
    pytest.param(
        """\
import openai

reply = openai.ChatCompletion.create(model="gpt-4o", messages=[])
print(reply["choices"][0]["message"]["content"])
""",
        """\
import any_llm

reply = any_llm.completion(model="openai:gpt-4o", messages=[])
print(reply.choices[0].message.content)
""",
        "any-llm",
        False,
        id="any-llm-v0",
    ),
    pytest.param(
        """\
import anthropic

TOOLS = [{"name": "t", "input_schema": {"type": "object"}}]
client = anthropic.Anthropic()
msg = client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[], tools=TOOLS)
""",
        """\
import anthropic
import litellm

TOOLS = [{"name": "t", "input_schema": {"type": "object"}}]
client = anthropic.Anthropic()
msg = litellm.completion(model="anthropic/claude-haiku-4-5", max_tokens=5, messages=[], tools=[{"type": "function", "function": {"name": tool["name"], "description": tool.get("description", ""), "parameters": tool["input_schema"]}} for tool in TOOLS])
""",
        "litellm",
        True,
        id="unsafe-tools",
    ),
    pytest.param(
        """\
from openai import AzureOpenAI

client = AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-06-01")
reply = client.chat.completions.create(model="dep", messages=[])
""",
        """\
from openai import AzureOpenAI
import any_llm

client = AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-06-01")
reply = any_llm.completion(model="azureopenai:dep", messages=[], api_base="https://x.openai.azure.com")
""",
        "any-llm",
        True,
        id="unsafe-azure-any-llm",
    ),
    pytest.param(
        """\
from openai import OpenAI

client = OpenAI()
vectors = client.embeddings.create(model="text-embedding-3-small", input="a", dimensions=8)
first = vectors.data[0].embedding
""",
        """\
from openai import OpenAI
import litellm

client = OpenAI()
vectors = litellm.embedding(model="openai/text-embedding-3-small", input="a", dimensions=8)
first = vectors.data[0]["embedding"]
""",
        "litellm",
        False,
        id="embedding-dimensions",
    ),
]

NOOPS = [
    pytest.param(
        """\
import anthropic

client = anthropic.Anthropic()


def ask():
    msg = client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[])
    return msg
""",
        "litellm",
        False,
        Safety.UNSAFE,
        ["response used in ways the codemod cannot prove (line 8: `msg`)"],
        id="noop-response-escapes",
    ),
    pytest.param(
        """\
import anthropic

client = anthropic.Anthropic()
msg = client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[])
print(msg.stop_reason)
""",
        "litellm",
        False,
        Safety.UNSAFE,
        ["response used in ways the codemod cannot prove (line 5: `msg.stop_reason`)"],
        id="noop-bare-stop-reason",
    ),
    pytest.param(
        """\
from openai import OpenAI

client = OpenAI()
assistant = client.beta.assistants.create(model="gpt-4o", name="helper")
""",
        "litellm",
        False,
        Safety.MANUAL,
        ["`openai:beta.assistants.create` (openai-assistants) has no neutral equivalent"],
        id="noop-assistants",
    ),
    pytest.param(
        """\
from openai import OpenAI

client = OpenAI()
raw = client.chat.completions.with_raw_response.create(model="gpt-4o", messages=[])
""",
        "litellm",
        False,
        Safety.MANUAL,
        [
            "the call goes through `with_raw_response`, `with_streaming_response` or `with_options(...)`, whose results have no neutral equivalent"
        ],
        id="noop-raw-response",
    ),
    pytest.param(
        """\
def ask(client):
    return client.chat.completions.create(model="gpt-4o", messages=[])
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "the client `client` comes from outside this code: its configuration (key, base URL) cannot be carried"
        ],
        id="noop-client-parameter",
    ),
    pytest.param(
        """\
from openai import OpenAI

client = OpenAI()
options = {"model": "gpt-4o", "messages": []}
reply = client.chat.completions.create(**options)
""",
        "litellm",
        False,
        Safety.MANUAL,
        ["positional, `*` or `**` arguments: what the call sends is not visible"],
        id="noop-star-kwargs",
    ),
    pytest.param(
        """\
import anthropic

client = anthropic.Anthropic()
events = client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[], stream=True)
""",
        "litellm",
        False,
        Safety.MANUAL,
        [
            "raw Anthropic stream events (`stream=True`) have no OpenAI-shaped equivalent; `messages.stream(...)` with `text_stream` has"
        ],
        id="noop-anthropic-raw-stream",
    ),
    pytest.param(
        """\
from openai import OpenAI


class Bot:
    def __init__(self, key):
        self.client = OpenAI(api_key=key)

    def ask(self):
        return self.client.chat.completions.create(model="gpt-4o", messages=[])
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`api_key=key` uses `key`, which is not visible where the call is (a local of the code that builds the client)"
        ],
        id="noop-key-from-init-param",
    ),
    pytest.param(
        """\
import anthropic

client = anthropic.Anthropic()
msg = client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[])
msg = None
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "response used in ways the codemod cannot prove (line 4: `msg` is assigned more than once)"
        ],
        id="noop-reassigned",
    ),
    pytest.param(
        """\
import anthropic

client = anthropic.Anthropic()
msg = client.messages.create(
    model="claude-haiku-4-5",
    max_tokens=5,
    system=[{"type": "text", "text": "long", "cache_control": {"type": "ephemeral"}}],
    messages=[],
)
""",
        "any-llm",
        True,
        Safety.MANUAL,
        ["anthropic-cache-control has no equivalent in any-llm"],
        id="noop-cache-control-any-llm",
    ),
    pytest.param(
        """\
from openai import OpenAI

client = OpenAI()
reply = client.chat.completions.create(model="gpt-4o", messages=[], service_tier="flex")
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "`service_tier=` is not a portable parameter; the neutral layer passes it on as provider-specific",
            "OpenAI-only request parameters (openai-request-knobs): LiteLLM accepts most of them and forwards them to OpenAI; with `drop_params=True` other providers silently drop them. Expect different latency, cost or output length after a move.",
        ],
        id="noop-request-knob",
    ),
    pytest.param(
        """\
import litellm

reply = litellm.completion(model="openai/gpt-4o", messages=[])
""",
        "litellm",
        True,
        None,
        [],
        id="noop-already-litellm",
    ),
]


def _migrate(
    tmp_path: Path, source: str, target: str, unsafe: bool
) -> tuple[str, list[SiteOutcome]]:
    module = tmp_path / "mod.py"
    module.write_text(source)
    result = run_migration(tmp_path, target, unsafe=unsafe)
    assert all(isinstance(item, Success) for item in result.files)
    outcomes = [o for item in result.files if isinstance(item, Success) for o in item.outcomes]
    return module.read_text(), outcomes


@pytest.mark.parametrize(("before", "after", "target", "unsafe"), REWRITES)
def test_rewrite(tmp_path: Path, before: str, after: str, target: str, unsafe: bool) -> None:
    assert _migrate(tmp_path, before, target, unsafe)[0] == after


@pytest.mark.parametrize(("source", "target", "unsafe", "safety", "reasons"), NOOPS)
def test_no_op(
    tmp_path: Path,
    source: str,
    target: str,
    unsafe: bool,
    safety: Safety | None,
    reasons: list[str],
) -> None:
    output, outcomes = _migrate(tmp_path, source, target, unsafe)
    assert output == source
    if safety is None:  # no vendor call at all
        assert outcomes == []
        return
    (outcome,) = outcomes
    assert not outcome.applied
    assert outcome.safety is safety
    assert [issue.reason for issue in outcome.issues if issue.safety is safety] == reasons
