"""Before/after and no-op tables: legacy google-generativeai `GenerativeModel(...).generate_content`.

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
import google.generativeai as genai

genai.configure(api_key="AIza-test")
model = genai.GenerativeModel(model_name="gemini-1.5-flash", generation_config={"temperature": 0.1})


async def ask():
    resp = await model.generate_content_async("hi", generation_config={"max_output_tokens": 5})
    return resp.text.strip()
""",
        """\
import google.generativeai as genai
import litellm

genai.configure(api_key="AIza-test")
model = genai.GenerativeModel(model_name="gemini-1.5-flash", generation_config={"temperature": 0.1})


async def ask():
    resp = await litellm.acompletion(model="gemini/gemini-1.5-flash", messages=[{"role": "user", "content": "hi"}], temperature=0.1, max_tokens=5, api_key="AIza-test")
    return resp.choices[0].message.content.strip()
""",
        "litellm",
        False,
        id="legacy",
    ),
    pytest.param(
        """\
import google.generativeai as genai

genai.configure(transport="rest", client_options={"api_endpoint": "gemini-proxy.example.com"})
model = genai.GenerativeModel("gemini-1.5-flash")
print(model.generate_content(contents="hi").text)
""",
        """\
import google.generativeai as genai
import litellm

genai.configure(transport="rest", client_options={"api_endpoint": "gemini-proxy.example.com"})
model = genai.GenerativeModel("gemini-1.5-flash")
print(litellm.completion(model="gemini/gemini-1.5-flash", messages=[{"role": "user", "content": "hi"}], api_base="https://gemini-proxy.example.com/v1beta").choices[0].message.content)
""",
        "litellm",
        False,
        id="legacy-endpoint-host",
    ),
]

NOOPS = [
    pytest.param(
        """\
import google.generativeai as genai

model = genai.GenerativeModel("gemini-1.5-flash", tools=[lookup])
print(model.generate_content("hi").text)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`lookup` in `GenerativeModel` is not a tool of function declarations (Python functions are called by the SDK itself; Google's own tools have no OpenAI-shaped equivalent)",
        ],
        id="legacy-tools",
    ),
    pytest.param(
        """\
import google.generativeai as genai

genai.configure(api_key="a")
genai.configure(api_key="b")
model = genai.GenerativeModel("gemini-1.5-flash")
print(model.generate_content("hi").text)
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "`genai.configure(...)` is called in several places; which one applies depends on the order of execution",
        ],
        id="legacy-two-configure",
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
