"""A client built differently on different paths is left for a person (gptme's
`_browser_perplexity.py`: OpenRouter in the `if`, Perplexity in the `else`).

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
from openai import OpenAI


def ask(k):
    client = OpenAI(api_key=k, base_url="https://openrouter.ai/api/v1")
    client = OpenAI(api_key=k, base_url="https://api.perplexity.ai")
    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
""",
        """\
from openai import OpenAI
import litellm


def ask(k):
    client = OpenAI(api_key=k, base_url="https://openrouter.ai/api/v1")
    client = OpenAI(api_key=k, base_url="https://api.perplexity.ai")
    return litellm.completion(model="openai/m", messages=[{"role": "user", "content": "hi"}], api_key=k, api_base="https://api.perplexity.ai")
""",
        "litellm",
        False,
        id="straight-line-reassignment",
    ),
    pytest.param(
        """\
from openai import OpenAI


def ask(k, flag):
    if flag:
        client = OpenAI(api_key=k)
    else:
        client = OpenAI(api_key = k)  # the same client, written apart
    return client.chat.completions.create(model="m", messages=[])
""",
        """\
from openai import OpenAI
import litellm


def ask(k, flag):
    if flag:
        client = OpenAI(api_key=k)
    else:
        client = OpenAI(api_key = k)  # the same client, written apart
    return litellm.completion(model="openai/m", messages=[], api_key=k)
""",
        "litellm",
        False,
        id="same-code-in-both-branches",
    ),
    pytest.param(
        """\
from openai import OpenAI


def ask(k, flag):
    if flag:
        client = OpenAI(api_key=k, base_url="https://a.example/v1")
        return client.chat.completions.create(model="m", messages=[])
    client = OpenAI(api_key=k, base_url="https://b.example/v1")
    return client.chat.completions.create(model="m", messages=[])
""",
        """\
from openai import OpenAI
import litellm


def ask(k, flag):
    if flag:
        client = OpenAI(api_key=k, base_url="https://a.example/v1")
        return litellm.completion(model="openai/m", messages=[], api_key=k, api_base="https://a.example/v1")
    client = OpenAI(api_key=k, base_url="https://b.example/v1")
    return litellm.completion(model="openai/m", messages=[], api_key=k, api_base="https://b.example/v1")
""",
        "litellm",
        False,
        id="each-call-after-its-own-constructor",
    ),
    pytest.param(
        """\
from openai import OpenAI


class Bot:
    def __init__(self):
        self.client = None

    def connect(self):
        self.client = OpenAI(base_url="https://b.example/v1")

    def ask(self):
        return self.client.chat.completions.create(model="m", messages=[])
""",
        """\
from openai import OpenAI
import litellm


class Bot:
    def __init__(self):
        self.client = None

    def connect(self):
        self.client = OpenAI(base_url="https://b.example/v1")

    def ask(self):
        return litellm.completion(model="openai/m", messages=[], api_base="https://b.example/v1")
""",
        "litellm",
        False,
        id="self-attr-none-placeholder",
    ),
]

NOOPS = [
    pytest.param(
        """\
from openai import OpenAI


def ask(k, use_openrouter):
    if use_openrouter:
        client = OpenAI(api_key=k, base_url="https://openrouter.ai/api/v1")
    else:
        client = OpenAI(api_key=k, base_url="https://api.perplexity.ai")
    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
""",
        "litellm",
        False,
        Safety.MANUAL,
        [
            "the client `client` is built in 2 places (lines 6, 8) with different configuration; which one reaches this call depends on the path taken"
        ],
        id="gptme-if-else",
    ),
    pytest.param(
        """\
import anthropic


def ask(flag):
    client = None
    if flag:
        client = anthropic.Anthropic(base_url="https://a.example")
    else:
        client = anthropic.Anthropic(base_url="https://b.example")
    msg = client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[])
    return msg.content[0].text
""",
        "any-llm",
        False,
        Safety.MANUAL,
        [
            "the client `client` is built in 2 places (lines 7, 9) with different configuration; which one reaches this call depends on the path taken"
        ],
        id="none-placeholder-then-branches",
    ),
    pytest.param(
        """\
from openai import OpenAI

client = OpenAI()
try:
    client = OpenAI(base_url="https://proxy.example/v1")
except ImportError:
    pass


def ask():
    return client.chat.completions.create(model="m", messages=[])
""",
        "litellm",
        False,
        Safety.MANUAL,
        [
            "the client `client` is built in 2 places (lines 3, 5) with different configuration; which one reaches this call depends on the path taken"
        ],
        id="module-global-maybe-replaced",
    ),
    pytest.param(
        """\
from openai import OpenAI


class Bot:
    def __init__(self, flag):
        if flag:
            self.client = OpenAI(base_url="https://a.example/v1")
        else:
            self.client = OpenAI(base_url="https://b.example/v1")

    def ask(self):
        return self.client.chat.completions.create(model="m", messages=[])
""",
        "litellm",
        False,
        Safety.MANUAL,
        [
            "the client `self.client` is built in 2 places (lines 7, 9) with different configuration; which one reaches this call depends on the path taken"
        ],
        id="self-attr-branches",
    ),
    pytest.param(
        """\
from openai import OpenAI


class Bot:
    def __init__(self):
        self.client = OpenAI(base_url="https://a.example/v1")

    def use_backup(self):
        self.client = OpenAI(base_url="https://b.example/v1")

    def ask(self):
        return self.client.chat.completions.create(model="m", messages=[])
""",
        "litellm",
        False,
        Safety.MANUAL,
        [
            "the client `self.client` is built in 2 places (lines 6, 9) with different configuration; which one reaches this call depends on the order the methods run"
        ],
        id="self-attr-two-methods",
    ),
    pytest.param(
        """\
from mistralai import Mistral


def ask(flag):
    if flag:
        client = Mistral(api_key="a")
    else:
        client = Mistral(api_key="b")
    resp = client.chat.complete(model="mistral-small-latest", messages=[])
    return resp.choices[0].message.content
""",
        "litellm",
        False,
        Safety.MANUAL,
        [
            "the client `client` is built in 2 places (lines 6, 8) with different configuration; which one reaches this call depends on the path taken"
        ],
        id="vendor-client-branches",
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
