"""Before/after and no-op tables: google-genai `models.generate_content` (also under `client.aio`).

Each rewrite row gives the input, the exact output, the target and whether
unsafe fixes are on; each no-op row must come back byte-identical, with the
site's safety and the exact reasons it was left alone.
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
resp = client.models.generate_content(
    model="gemini-2.5-flash",
    contents="Name a colour.",
    config={"system_instruction": "Be brief.", "max_output_tokens": 20, "stop_sequences": ["."], "candidate_count": 1},
)
print(resp.text)
""",
        """\
from google import genai
import litellm

client = genai.Client()
resp = litellm.completion(
    model="gemini/gemini-2.5-flash",
    messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Name a colour."}],
    max_tokens=20,
    stop=["."],
    n=1,
)
print(resp.choices[0].message.content)
""",
        "litellm",
        False,
        id="genai-dict-config",
    ),
    pytest.param(
        """\
from google import genai
from google.genai import types

client = genai.Client(api_key="k", http_options=types.HttpOptions(base_url="https://proxy.example.com/"))
print(client.models.generate_content(model="gemini-2.5-flash", contents="hi").text)
""",
        """\
from google import genai
from google.genai import types
import litellm

client = genai.Client(api_key="k", http_options=types.HttpOptions(base_url="https://proxy.example.com/"))
print(litellm.completion(model="gemini/gemini-2.5-flash", messages=[{"role": "user", "content": "hi"}], api_key="k", api_base="https://proxy.example.com/v1beta").choices[0].message.content)
""",
        "litellm",
        False,
        id="genai-base-url",
    ),
    pytest.param(
        """\
from google import genai
from google.genai import types

client = genai.Client(api_key="k", http_options=types.HttpOptions(base_url="https://proxy.example.com/"))
print(client.models.generate_content(model="gemini-2.5-flash", contents="hi").text)
""",
        """\
from google import genai
from google.genai import types
import any_llm

client = genai.Client(api_key="k", http_options=types.HttpOptions(base_url="https://proxy.example.com/"))
print(any_llm.completion(model="gemini:gemini-2.5-flash", messages=[{"role": "user", "content": "hi"}], api_key="k", api_base="https://proxy.example.com/").choices[0].message.content)
""",
        "any-llm",
        False,
        id="genai-base-url-anyllm",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()
resp = client.models.generate_content(
    model="gemini-2.5-flash",
    contents=[
        {"role": "user", "parts": [{"text": "Hi."}]},
        {"role": "model", "parts": [{"text": "Hello."}]},
        {"role": "user", "parts": [{"text": "Bye."}]},
    ],
)
print(resp.usage_metadata.total_token_count)
""",
        """\
from google import genai
import litellm

client = genai.Client()
resp = litellm.completion(
    model="gemini/gemini-2.5-flash",
    messages=[
        {"role": "user", "content": "Hi."},
        {"role": "assistant", "content": "Hello."},
        {"role": "user", "content": "Bye."},
    ],
)
print(resp.usage.total_tokens)
""",
        "litellm",
        False,
        id="genai-turns",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()


def ask(prompt):
    resp = client.models.generate_content(model="gemini-2.5-flash", contents=prompt)
    print(resp.text)
""",
        """\
from google import genai
import litellm

client = genai.Client()


def ask(prompt):
    resp = litellm.completion(model="gemini/gemini-2.5-flash", messages=[{"role": "user", "content": prompt}])
    print(resp.choices[0].message.content)
""",
        "litellm",
        True,
        id="genai-contents-name-unsafe",
    ),
    pytest.param(
        """\
from google import genai


def ask(question: str) -> str:
    client = genai.Client()
    resp = client.models.generate_content(model="gemini-2.5-flash", contents=f"Q: {question}")
    return resp.text
""",
        """\
import litellm


def ask(question: str) -> str:
    resp = litellm.completion(model="gemini/gemini-2.5-flash", messages=[{"role": "user", "content": f"Q: {question}"}])
    return resp.choices[0].message.content
""",
        "litellm",
        False,
        id="genai-local-client",
    ),
]

NOOPS = [
    pytest.param(
        """\
from google import genai

client = genai.Client(vertexai=True, project="p", location="us-central1")
resp = client.models.generate_content(model="gemini-2.5-flash", contents="hi")
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "google-genai on Vertex AI: the project, location and credentials are not carried yet",
        ],
        id="genai-vertex",
    ),
    pytest.param(
        """\
from google import genai

CONFIG = {"temperature": 0}
client = genai.Client()
resp = client.models.generate_content(model="gemini-2.5-flash", contents="hi", config=CONFIG)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`config=CONFIG` is not a literal; its fields cannot be mapped",
        ],
        id="genai-config-name",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()


def ask(prompt):
    resp = client.models.generate_content(model="gemini-2.5-flash", contents=prompt)
    print(resp.text)
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "`contents=prompt` is not a literal: taken as one text; Content objects, parts or a conversation in it would need converting",
        ],
        id="genai-contents-name",
    ),
    pytest.param(
        """\
from google import genai
from google.genai import types

client = genai.Client()
resp = client.models.generate_content(
    model="gemini-2.5-flash", contents="hi", config=types.GenerateContentConfig(tools=[TOOL])
)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`TOOL` in `config` is not a tool of function declarations (Python functions are called by the SDK itself; Google's own tools have no OpenAI-shaped equivalent)",
        ],
        id="genai-tools",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()
resp = client.models.generate_content(model="gemini-2.5-flash", contents="hi")
print(resp.candidates[0].finish_reason)
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "response used in ways the codemod cannot prove (line 5: `resp.candidates[0].finish_reason`)",
        ],
        id="genai-finish-reason",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()
resp = client.models.generate_content(model="gemini-2.5-flash", contents="hi", config={"thinking_config": {"thinking_budget": 0}})
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "`thinking_config` in `config` is not a portable parameter; the neutral layer passes it on as provider-specific",
            "Gemini thinking configuration (gemini-thinking): Use `reasoning_effort=` with LiteLLM, which maps it to a Gemini thinking budget and to other vendors' reasoning options; read `message.reasoning_content`. Exact budgets and thought parts are lost.",
        ],
        id="genai-thinking",
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
