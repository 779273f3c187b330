"""Before/after and no-op tables: Ollama `chat` (module function, `Client`, `AsyncClient`).

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
from vendorlock.migrators.sources.ollama_chat import host_url

REWRITES = [
    pytest.param(
        """\
import ollama

resp = ollama.chat(model="llama3.2", messages=[{"role": "user", "content": "hi"}], options={"num_predict": 10, "temperature": 0})
print(resp["message"]["content"], resp.eval_count)
""",
        """\
import litellm

resp = litellm.completion(model="ollama_chat/llama3.2", messages=[{"role": "user", "content": "hi"}], max_tokens=10, temperature=0)
print(resp.choices[0].message.content, resp.usage.completion_tokens)
""",
        "litellm",
        False,
        id="ollama-module",
    ),
    pytest.param(
        """\
from ollama import Client

client = Client(host="gpu-box")
reply = client.chat(model="llama3.2", messages=[], tools=[{"type": "function", "function": {"name": "f", "parameters": {}}}])
print(reply.message.content)
""",
        """\
from ollama import Client
import litellm

client = Client(host="gpu-box")
reply = litellm.completion(model="ollama_chat/llama3.2", messages=[], tools=[{"type": "function", "function": {"name": "f", "parameters": {}}}], api_base="http://gpu-box:11434")
print(reply.choices[0].message.content)
""",
        "litellm",
        False,
        id="ollama-host",
    ),
    pytest.param(
        """\
from ollama import Client

HOST = "gpu-box"
client = Client(HOST)
reply = client.chat(model="llama3.2", messages=[])
""",
        """\
from ollama import Client
import any_llm

HOST = "gpu-box"
client = Client(HOST)
reply = any_llm.completion(model="ollama:llama3.2", messages=[], api_base=HOST)
""",
        "any-llm",
        False,
        id="ollama-host-name-anyllm",
    ),
    pytest.param(
        """\
from ollama import chat

reply = chat(model="llama3.2", messages=[{"role": "user", "content": "hi"}])
print(reply.message.content)
""",
        """\
import litellm

reply = litellm.completion(model="ollama_chat/llama3.2", messages=[{"role": "user", "content": "hi"}])
print(reply.choices[0].message.content)
""",
        "litellm",
        False,
        id="ollama-imported-function",
    ),
]

NOOPS = [
    pytest.param(
        """\
from ollama import Client

HOST = "gpu-box"
client = Client(host=HOST)
reply = client.chat(model="llama3.2", messages=[])
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "`host=HOST` may lack a scheme or port, which the ollama SDK adds and LiteLLM does not",
        ],
        id="ollama-host-name",
    ),
    pytest.param(
        """\
import ollama

resp = ollama.chat(model="llava", messages=[{"role": "user", "content": "what?", "images": ["cat.png"]}])
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "a message carries `images`, which OpenAI-shaped APIs send as `image_url` content parts",
        ],
        id="ollama-images",
    ),
    pytest.param(
        """\
import ollama

resp = ollama.chat(model="llama3.2", messages=[], options={"num_ctx": 8192})
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "Ollama runtime options (ollama-runtime-options): no neutral equivalent",
        ],
        id="ollama-num-ctx",
    ),
    pytest.param(
        """\
import ollama


def add(a: int, b: int) -> int:
    return a + b


resp = ollama.chat(model="llama3.2", messages=[], tools=[add])
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "`tools` are Python functions or built elsewhere: the ollama SDK turns functions into schemas, the neutral layers need OpenAI function schemas",
        ],
        id="ollama-function-tools",
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


HOSTS = ["gpu-box", "gpu-box:8080", ":11500", "", "10.0.0.7", "example.com/ollama/", "[::1]:9000"]
URLS = ["http://gpu-box", "https://ollama.example.com/", "https://ollama.example.com:8443/api"]


@pytest.mark.parametrize("host", HOSTS)
def test_bare_host_is_the_url_the_sdk_makes(host: str) -> None:
    client = pytest.importorskip("ollama._client")
    assert host_url(host) == client._parse_host(host)


@pytest.mark.parametrize("host", HOSTS + URLS)
def test_host_url_means_what_the_sdk_means(host: str) -> None:
    client = pytest.importorskip("ollama._client")
    assert client._parse_host(host_url(host)) == client._parse_host(host)
