"""Before/after and no-op tables: streams of Gemini, Bedrock, Mistral, Cohere and Ollama.

A stream becomes the neutral call with `stream=True`; where its events are read
the reads become OpenAI chunk reads (`chunk.choices[0].delta.content`), guards
on the event's type become the truth of the chunk's text, and a `with` keeps a
context manager (`contextlib.closing` for any-llm's bare iterators). Each
rewrite row gives the input, the exact output, the target and whether unsafe
fixes are on; each no-op row must come back byte-identical, with the site's
safety and the exact reasons it was left alone.
"""

# ruff: noqa: E501 - rows are exact source text; long generated lines are part of the expectation

from __future__ import annotations

from pathlib import Path

import pytest
from vendor_tables import check_no_op, check_rewrite

from vendorlock.migrators.ir import Safety

REWRITES = [
    pytest.param(
        """\
from google import genai

client = genai.Client()
for chunk in client.models.generate_content_stream(model="gemini-2.5-flash", contents="hi"):
    print(chunk.text, end="")
    print(f"[{chunk.text}]", chunk.text.upper())
""",
        """\
from google import genai
import litellm

client = genai.Client()
for chunk in litellm.completion(model="gemini/gemini-2.5-flash", messages=[{"role": "user", "content": "hi"}], stream=True):
    print(chunk.choices[0].delta.content or "", end="")
    print(f"[{chunk.choices[0].delta.content or ''}]", (chunk.choices[0].delta.content or "").upper())
""",
        "litellm",
        False,
        id="genai-stream-reads",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client(api_key="k")


async def ask():
    text = ""
    async for chunk in await client.aio.models.generate_content_stream(model="gemini-2.5-flash", contents="hi"):
        text += chunk.text
    return text
""",
        """\
from google import genai
import any_llm

client = genai.Client(api_key="k")


async def ask():
    text = ""
    async for chunk in await any_llm.acompletion(model="gemini:gemini-2.5-flash", messages=[{"role": "user", "content": "hi"}], stream=True, api_key="k"):
        text += chunk.choices[0].delta.content or ""
    return text
""",
        "any-llm",
        False,
        id="genai-aio-stream",
    ),
    pytest.param(
        """\
import google.generativeai as genai

model = genai.GenerativeModel("gemini-1.5-flash")
for chunk in model.generate_content("hi", stream=True):
    print(chunk.text)
""",
        """\
import google.generativeai as genai
import litellm

model = genai.GenerativeModel("gemini-1.5-flash")
for chunk in litellm.completion(model="gemini/gemini-1.5-flash", messages=[{"role": "user", "content": "hi"}], stream=True):
    print(chunk.choices[0].delta.content or "")
""",
        "litellm",
        False,
        id="legacy-stream",
    ),
    pytest.param(
        """\
import google.generativeai as genai

model = genai.GenerativeModel("gemini-1.5-flash")


async def ask():
    response = await model.generate_content_async("hi", stream=False)
    stream = await model.generate_content_async(contents="hi", stream=True)
    return response.text, [chunk.text async for chunk in stream]
""",
        """\
import google.generativeai as genai
import any_llm

model = genai.GenerativeModel("gemini-1.5-flash")


async def ask():
    response = await any_llm.acompletion(model="gemini:gemini-1.5-flash", messages=[{"role": "user", "content": "hi"}])
    stream = await any_llm.acompletion(model="gemini:gemini-1.5-flash", messages=[{"role": "user", "content": "hi"}], stream=True)
    return response.choices[0].message.content, [chunk.choices[0].delta.content or "" async for chunk in stream]
""",
        "any-llm",
        False,
        id="legacy-async-stream",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
response = client.converse_stream(modelId="m", messages=[{"role": "user", "content": [{"text": "hi"}]}])
for event in response["stream"]:
    if "contentBlockDelta" not in event:
        continue
    print(event["contentBlockDelta"]["delta"]["text"], end="")
""",
        """\
import boto3
import litellm

client = boto3.client("bedrock-runtime")
response = litellm.completion(model="bedrock/converse/m", messages=[{"role": "user", "content": "hi"}], stream=True)
for event in response:
    if not event.choices[0].delta.content:
        continue
    print(event.choices[0].delta.content or "", end="")
""",
        "litellm",
        False,
        id="bedrock-stream-guard",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
for event in client.converse_stream(modelId="m", messages=[])["stream"]:
    text = event["contentBlockDelta"]["delta"]["text"] if "contentBlockDelta" in event else ""
""",
        """\
import boto3
import any_llm

client = boto3.client("bedrock-runtime")
for event in any_llm.completion(model="bedrock:m", messages=[], stream=True):
    text = event.choices[0].delta.content if event.choices[0].delta.content else ""
""",
        "any-llm",
        False,
        id="bedrock-stream-key",
    ),
    pytest.param(
        """\
from mistralai import Mistral

client = Mistral(api_key="k")
with client.chat.stream(model="mistral-small-latest", messages=[]) as stream:
    for event in stream:
        print(event.data.choices[0].delta.content)
""",
        """\
from mistralai import Mistral
import any_llm
import contextlib

client = Mistral(api_key="k")
with contextlib.closing(any_llm.completion(model="mistral:mistral-small-latest", messages=[], stream=True, api_key="k")) as stream:
    for event in stream:
        print(event.choices[0].delta.content)
""",
        "any-llm",
        False,
        id="mistral-stream-with-anyllm",
    ),
    pytest.param(
        """\
from mistralai import Mistral

client = Mistral(api_key="k")


async def ask():
    async with await client.chat.stream_async(model="mistral-small-latest", messages=[]) as stream:
        return [event.data.choices[0].delta.content async for event in stream]
""",
        """\
from mistralai import Mistral
import any_llm
import contextlib

client = Mistral(api_key="k")


async def ask():
    async with contextlib.aclosing(await any_llm.acompletion(model="mistral:mistral-small-latest", messages=[], stream=True, api_key="k")) as stream:
        return [event.choices[0].delta.content async for event in stream]
""",
        "any-llm",
        False,
        id="mistral-async-with-anyllm",
    ),
    pytest.param(
        """\
from mistralai import Mistral

client = Mistral(api_key="k")
res = client.chat.stream(model="mistral-small-latest", messages=[], temperature=0)
with res as stream:
    for event in stream:
        print(event.data.choices[0].delta.content)
""",
        """\
from mistralai import Mistral
import litellm

client = Mistral(api_key="k")
res = litellm.completion(model="mistral/mistral-small-latest", messages=[], temperature=0, stream=True, api_key="k")
with res as stream:
    for event in stream:
        print(event.choices[0].delta.content)
""",
        "litellm",
        False,
        id="mistral-stream-name-with",
    ),
    pytest.param(
        """\
import cohere

co = cohere.ClientV2()
for event in co.chat_stream(model="command-a-03-2025", messages=[]):
    if event.type == "content-delta":
        print(event.delta.message.content.text)
""",
        """\
import cohere
import any_llm

co = cohere.ClientV2()
for event in any_llm.completion(model="cohere:command-a-03-2025", messages=[], stream=True):
    if event.choices[0].delta.content:
        print(event.choices[0].delta.content)
""",
        "any-llm",
        False,
        id="cohere-stream-guard-anyllm",
    ),
    pytest.param(
        """\
import cohere

co = cohere.AsyncClientV2()


async def ask():
    async for event in co.chat_stream(model="command-a-03-2025", messages=[]):
        if event.type == "content-delta" and event.delta.message.content.text.strip():
            yield event.delta.message.content.text
""",
        """\
import cohere
import any_llm

co = cohere.AsyncClientV2()


async def ask():
    async for event in await any_llm.acompletion(model="cohere:command-a-03-2025", messages=[], stream=True):
        if event.choices[0].delta.content and (event.choices[0].delta.content or "").strip():
            yield event.choices[0].delta.content
""",
        "any-llm",
        False,
        id="cohere-async-stream-await",
    ),
    pytest.param(
        """\
import cohere

co = cohere.Client()
stream = co.v2.chat_stream(model="command-a-03-2025", messages=[])
print("".join(e.delta.message.content.text for e in stream if e.type == "content-delta"))
""",
        """\
import cohere
import any_llm

co = cohere.Client()
stream = any_llm.completion(model="cohere:command-a-03-2025", messages=[], stream=True)
print("".join(e.choices[0].delta.content for e in stream if e.choices[0].delta.content))
""",
        "any-llm",
        False,
        id="cohere-v1-client-v2-stream",
    ),
    pytest.param(
        """\
import ollama
from ollama import AsyncClient


def main():
    for part in ollama.chat(model="llama3.2", messages=[], stream=True):
        print(part["message"]["content"], end="")


async def ask():
    client = AsyncClient(host="http://gpu-box:11434")
    async for part in await client.chat(model="llama3.2", messages=[], stream=True):
        print(part.message.content)
""",
        """\
import litellm


def main():
    for part in litellm.completion(model="ollama_chat/llama3.2", messages=[], stream=True):
        print(part.choices[0].delta.content or "", end="")


async def ask():
    async for part in await litellm.acompletion(model="ollama_chat/llama3.2", messages=[], stream=True, api_base="http://gpu-box:11434"):
        print(part.choices[0].delta.content or "")
""",
        "litellm",
        False,
        id="ollama-streams",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()


def both():
    for chunk in client.models.generate_content_stream(model="gemini-2.5-flash", contents="a"):
        print(chunk.text)
    for chunk in client.models.generate_content_stream(model="gemini-2.5-flash", contents="b"):
        print(chunk.text)
""",
        """\
from google import genai
import litellm

client = genai.Client()


def both():
    for chunk in litellm.completion(model="gemini/gemini-2.5-flash", messages=[{"role": "user", "content": "a"}], stream=True):
        print(chunk.choices[0].delta.content or "")
    for chunk in litellm.completion(model="gemini/gemini-2.5-flash", messages=[{"role": "user", "content": "b"}], stream=True):
        print(chunk.choices[0].delta.content or "")
""",
        "litellm",
        False,
        id="genai-two-loops",
    ),
]

NOOPS = [
    pytest.param(
        """\
from google import genai

client = genai.Client()


def ask():
    return client.models.generate_content_stream(model="gemini-2.5-flash", contents="hi")
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "response used in ways the codemod cannot prove (line 7: the stream is not iterated or entered here)",
        ],
        id="genai-stream-returned",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()
for chunk in client.models.generate_content_stream(model="gemini-2.5-flash", contents="hi"):
    print(chunk.text, chunk.usage_metadata.total_token_count)
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "response used in ways the codemod cannot prove (line 5: `chunk.usage_metadata.total_token_count`)",
        ],
        id="genai-chunk-usage",
    ),
    pytest.param(
        """\
from mistralai import Mistral

client = Mistral(api_key="k")
for event in client.chat.stream(model="mistral-small-latest", messages=[]):
    if event.data.choices[0].finish_reason == "stop":
        break
""",
        "any-llm",
        False,
        Safety.UNSAFE,
        [
            "response used in ways the codemod cannot prove (line 5: `event.data.choices[0].finish_reason`)",
        ],
        id="mistral-finish-reason",
    ),
    pytest.param(
        """\
import cohere

co = cohere.ClientV2()
for event in co.chat_stream(model="command-a-03-2025", messages=[]):
    if event.type == "message-end":
        print(event.delta.finish_reason)
""",
        "any-llm",
        False,
        Safety.UNSAFE,
        [
            "response used in ways the codemod cannot prove (line 5: `event.type`)",
            "response used in ways the codemod cannot prove (line 6: `event.delta.finish_reason`)",
        ],
        id="cohere-other-event",
    ),
    pytest.param(
        """\
import cohere

co = cohere.ClientV2()
for event in co.chat_stream(model="command-a-03-2025", messages=[]):
    if event.type == "content-delta":
        print(event.delta.message.content.text)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "LiteLLM reads Cohere v2 stream events as one JSON object per line (llms/cohere/common_utils.py `CohereV2ModelResponseIterator`), but the v2 API streams server-sent events (the cohere SDK requires `text/event-stream`)",
        ],
        id="cohere-stream-litellm",
    ),
    pytest.param(
        """\
import cohere

co = cohere.AsyncClientV2()
stream = co.chat_stream(model="command-a-03-2025", messages=[])
""",
        "any-llm",
        True,
        Safety.MANUAL,
        [
            "the async stream is made outside an `async def`: it cannot be awaited there",
        ],
        id="cohere-async-outside",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
response = client.converse_stream(modelId="m", messages=[])
for event in response["stream"]:
    if "metadata" in event:
        print(event["metadata"]["usage"]["outputTokens"])
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "response used in ways the codemod cannot prove (line 6: `event`)",
            'response used in ways the codemod cannot prove (line 7: `event["metadata"]["usage"]["outputTokens"]`)',
        ],
        id="bedrock-metadata",
    ),
    pytest.param(
        """\
import ollama

STREAM = True
for part in ollama.chat(model="llama3.2", messages=[], stream=STREAM):
    print(part["message"]["content"])
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`stream=STREAM` is not a literal: whether the call streams is unknown",
        ],
        id="ollama-stream-name",
    ),
    pytest.param(
        """\
import google.generativeai as genai

model = genai.GenerativeModel("gemini-1.5-flash")
response = model.generate_content("hi", stream=streaming)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`stream=streaming` is not a literal: whether the call streams is unknown",
        ],
        id="legacy-stream-name",
    ),
    pytest.param(
        """\
from mistralai import Mistral

client = Mistral(api_key="k")
for event in client.chat.stream(model="mistral-small-latest", messages=[], stream=False):
    print(event.data.choices[0].delta.content)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`stream=` on `chat.complete` or `chat.stream`: `chat.stream` is the streaming call",
        ],
        id="mistral-stream-false",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()
for i, chunk in enumerate(client.models.generate_content_stream(model="gemini-2.5-flash", contents="hi")):
    print(i, chunk.text)
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "response used in ways the codemod cannot prove (line 4: the stream is not iterated or entered here)",
        ],
        id="genai-enumerate",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()
for chunk in client.models.generate_content_stream(model="gemini-2.5-flash", contents="hi"):
    chunk = chunk.text
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "response used in ways the codemod cannot prove (line 4: `chunk` is reassigned in the loop)",
        ],
        id="genai-loop-reassigned",
    ),
    pytest.param(
        """\
import google.generativeai as genai

model = genai.GenerativeModel("gemini-1.5-flash")
response = model.generate_content("hi", stream=True)
for chunk in response:
    print(chunk.text)
print(response.text)
""",
        "any-llm",
        False,
        Safety.UNSAFE,
        [
            "response used in ways the codemod cannot prove (line 7: the stream is not iterated or entered here)",
        ],
        id="legacy-stream-resolved",
    ),
]


@pytest.mark.parametrize(("before", "after", "target", "unsafe"), REWRITES)
def test_rewrite(tmp_path: Path, before: str, after: str, target: str, unsafe: bool) -> None:
    check_rewrite(tmp_path, before, after, target, unsafe)


@pytest.mark.parametrize(("source", "target", "unsafe", "safety", "reasons"), NOOPS)
def test_no_op(
    tmp_path: Path, source: str, target: str, unsafe: bool, safety: Safety, reasons: list[str]
) -> None:
    check_no_op(tmp_path, source, target, unsafe, safety, reasons)
