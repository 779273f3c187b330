"""Before/after and no-op tables: Mistral `chat.complete` and Cohere v2 `chat`.

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
from mistralai import Mistral

client = Mistral(api_key="k", server_url="https://eu.api.mistral.ai", timeout_ms=30000)
resp = client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": "hi"}], random_seed=3)
print(resp.choices[0].message.content)
""",
        """\
from mistralai import Mistral
import litellm

client = Mistral(api_key="k", server_url="https://eu.api.mistral.ai", timeout_ms=30000)
resp = litellm.completion(model="mistral/mistral-small-latest", messages=[{"role": "user", "content": "hi"}], seed=3, api_key="k", api_base="https://eu.api.mistral.ai", timeout=30.0)
print(resp.choices[0].message.content)
""",
        "litellm",
        False,
        id="mistral-v1",
    ),
    pytest.param(
        """\
from mistralai import Mistral

client = Mistral(api_key="k", timeout_ms=TIMEOUT)
resp = client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": "hi"}], temperature=0)
""",
        """\
from mistralai import Mistral
import any_llm

client = Mistral(api_key="k", timeout_ms=TIMEOUT)
resp = any_llm.completion(model="mistral:mistral-small-latest", messages=[{"role": "user", "content": "hi"}], temperature=0, api_key="k", timeout=TIMEOUT / 1000)
""",
        "any-llm",
        False,
        id="mistral-anyllm",
    ),
    pytest.param(
        """\
import cohere

co = cohere.ClientV2(api_key="k", base_url="https://cohere-proxy.example.com/", client_name="app")
resp = co.chat(model="command-a-03-2025", messages=[{"role": "user", "content": "hi"}], p=0.5, stop_sequences=["x"], tools=TOOLS)
print(resp.message.content[0].text)
""",
        """\
import cohere
import litellm

co = cohere.ClientV2(api_key="k", base_url="https://cohere-proxy.example.com/", client_name="app")
resp = litellm.completion(model="cohere_chat/command-a-03-2025", messages=[{"role": "user", "content": "hi"}], top_p=0.5, stop=["x"], tools=TOOLS, api_key="k", api_base="https://cohere-proxy.example.com/v2/chat")
print(resp.choices[0].message.content)
""",
        "litellm",
        False,
        id="cohere-v2",
    ),
    pytest.param(
        """\
import cohere


async def ask():
    co = cohere.AsyncClient()
    resp = await co.v2.chat(model="command-a-03-2025", messages=[{"role": "user", "content": "hi"}])
    return resp.message.content[0].text
""",
        """\
import litellm


async def ask():
    resp = await litellm.acompletion(model="cohere_chat/command-a-03-2025", messages=[{"role": "user", "content": "hi"}])
    return resp.choices[0].message.content
""",
        "litellm",
        False,
        id="cohere-v1-client-v2-api",
    ),
    pytest.param(
        """\
import cohere

co = cohere.ClientV2(base_url="https://cohere-proxy.example.com")
resp = co.chat(model="command-a-03-2025", messages=[], max_tokens=5)
""",
        """\
import cohere
import any_llm

co = cohere.ClientV2(base_url="https://cohere-proxy.example.com")
resp = any_llm.completion(model="cohere:command-a-03-2025", messages=[], max_tokens=5, client_args={"base_url": "https://cohere-proxy.example.com"})
""",
        "any-llm",
        False,
        id="cohere-anyllm",
    ),
    pytest.param(
        """\
from mistralai import Mistral

UNSET = 0.2  # the project's own name, not mistralai's sentinel
client = Mistral(api_key="k")
resp = client.chat.complete(model="mistral-small-latest", messages=[], temperature=SETTINGS.get("t", UNSET))
""",
        """\
from mistralai import Mistral
import litellm

UNSET = 0.2  # the project's own name, not mistralai's sentinel
client = Mistral(api_key="k")
resp = litellm.completion(model="mistral/mistral-small-latest", messages=[], temperature=SETTINGS.get("t", UNSET), api_key="k")
""",
        "litellm",
        False,
        id="mistral-local-unset",
    ),
]

NOOPS = [
    pytest.param(
        """\
from mistralai import Mistral

client = Mistral(api_key="k")
resp = client.chat.complete(model="mistral-small-latest", messages=[], random_seed=3)
""",
        "any-llm",
        True,
        Safety.MANUAL,
        [
            "any-llm's mistral provider hands `seed=` to the vendor SDK under that name, which the SDK does not take",
        ],
        id="mistral-anyllm-seed",
    ),
    pytest.param(
        """\
from mistralai import Mistral, UserMessage

client = Mistral(api_key="k")
resp = client.chat.complete(model="mistral-small-latest", messages=[UserMessage(content="hi")])
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            '`UserMessage(content="hi")` is a mistralai message object, not a dict the neutral layer takes: write it as `{"role": ..., "content": ...}`',
        ],
        id="mistral-objects",
    ),
    pytest.param(
        """\
from mistralai import Mistral

client = Mistral(api_key="k")
resp = client.chat.complete(model="mistral-small-latest", messages=[], stream=True)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`stream=` on `chat.complete` or `chat.stream`: `chat.stream` is the streaming call",
        ],
        id="mistral-stream",
    ),
    pytest.param(
        """\
from mistralai import Mistral

client = Mistral(api_key="k")
resp = client.chat.complete(model="magistral-medium-latest", messages=[], prompt_mode="reasoning")
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "`prompt_mode=` is not a portable parameter; the neutral layer passes it on as provider-specific",
            "Mistral-only request parameters (mistral-request-knobs): LiteLLM's `mistral/` route accepts `seed` and passes the rest through; elsewhere they are dropped (`drop_params=True`).",
        ],
        id="mistral-knob",
    ),
    pytest.param(
        """\
import cohere

co = cohere.Client()
resp = co.chat(model="command-r", message="hi", preamble="Be brief.")
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "Cohere v1 chat (`message=`, `preamble=`) has no codemod yet",
        ],
        id="cohere-v1",
    ),
    pytest.param(
        """\
import cohere

co = cohere.ClientV2()
resp = co.chat(model="command-a-03-2025", messages=[], p=0.5)
""",
        "any-llm",
        True,
        Safety.MANUAL,
        [
            "any-llm's cohere provider hands `top_p=` to the vendor SDK under that name, which the SDK does not take",
        ],
        id="cohere-anyllm-p",
    ),
    pytest.param(
        """\
import cohere

co = cohere.ClientV2()
resp = co.chat(model="command-a-03-2025", messages=[])
for part in resp.message.content:
    print(part.text)
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "response used in ways the codemod cannot prove (line 5: `resp.message.content`)",
        ],
        id="cohere-content-list",
    ),
    pytest.param(
        """\
from mistralai import UNSET, Mistral

client = Mistral(api_key="k")


def ask(settings):
    return client.chat.complete(model="mistral-small-latest", messages=[], max_tokens=settings.get("max_tokens", UNSET), tools=settings.get("tools") or UNSET)
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "passes mistralai's `UNSET` sentinel in `max_tokens=` and `tools=`, which the neutral layer does not understand: pass None or drop the arguments",
        ],
        id="mistral-unset",
    ),
    pytest.param(
        """\
import mistralai

client = mistralai.Mistral(api_key="k")
resp = client.chat.complete(model="mistral-small-latest", messages=[], temperature=SETTINGS.get("t", mistralai.UNSET))
""",
        "any-llm",
        False,
        Safety.UNSAFE,
        [
            "passes mistralai's `UNSET` sentinel in `temperature=`, which the neutral layer does not understand: pass None or drop the argument",
        ],
        id="mistral-module-unset",
    ),
    pytest.param(
        """\
from mistralai import Mistral
from mistralai.types import UNSET as LEAVE_OUT

client = Mistral(api_key="k")
resp = client.chat.complete(model="mistral-small-latest", messages=[], top_p=SETTINGS.get("top_p", LEAVE_OUT))
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "passes mistralai's `UNSET` sentinel in `top_p=`, which the neutral layer does not understand: pass None or drop the argument",
        ],
        id="mistral-types-unset-aliased",
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
