"""Before/after and no-op tables: Bedrock Converse (`boto3.client("bedrock-runtime").converse`).

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
import os

import boto3

client = boto3.client(
    "bedrock-runtime",
    region_name="eu-central-1",
    endpoint_url="https://vpce.example.com",
    aws_access_key_id=os.environ["KEY_ID"],
    aws_secret_access_key=os.environ["SECRET"],
)


def ask():
    resp = client.converse(modelId="amazon.nova-lite-v1:0", messages=[{"role": "user", "content": [{"text": "hi"}]}])
    return resp["output"]["message"]["content"][0]["text"]
""",
        """\
import os

import boto3
import litellm

client = boto3.client(
    "bedrock-runtime",
    region_name="eu-central-1",
    endpoint_url="https://vpce.example.com",
    aws_access_key_id=os.environ["KEY_ID"],
    aws_secret_access_key=os.environ["SECRET"],
)


def ask():
    resp = litellm.completion(model="bedrock/converse/amazon.nova-lite-v1:0", messages=[{"role": "user", "content": "hi"}], aws_region_name="eu-central-1", api_base="https://vpce.example.com", aws_access_key_id=os.environ["KEY_ID"], aws_secret_access_key=os.environ["SECRET"])
    return resp.choices[0].message.content
""",
        "litellm",
        False,
        id="bedrock-config",
    ),
    pytest.param(
        """\
import os

import boto3

client = boto3.client(
    "bedrock-runtime",
    region_name="eu-central-1",
    endpoint_url="https://vpce.example.com",
    aws_access_key_id=os.environ["KEY_ID"],
    aws_secret_access_key=os.environ["SECRET"],
)


def ask():
    resp = client.converse(modelId="amazon.nova-lite-v1:0", messages=[{"role": "user", "content": [{"text": "hi"}]}])
    return resp["output"]["message"]["content"][0]["text"]
""",
        """\
import os

import boto3
import any_llm

client = boto3.client(
    "bedrock-runtime",
    region_name="eu-central-1",
    endpoint_url="https://vpce.example.com",
    aws_access_key_id=os.environ["KEY_ID"],
    aws_secret_access_key=os.environ["SECRET"],
)


def ask():
    resp = any_llm.completion(model="bedrock:amazon.nova-lite-v1:0", messages=[{"role": "user", "content": "hi"}], api_base="https://vpce.example.com", client_args={"region_name": "eu-central-1", "aws_access_key_id": os.environ["KEY_ID"], "aws_secret_access_key": os.environ["SECRET"]})
    return resp.choices[0].message.content
""",
        "any-llm",
        False,
        id="bedrock-config-anyllm",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")


def ask(history, system):
    resp = client.converse(modelId="amazon.nova-lite-v1:0", messages=history, system=system)
    if resp["stopReason"] in ("max_tokens", "end_turn"):
        print(resp["usage"]["totalTokens"])
""",
        """\
import boto3
import litellm

client = boto3.client("bedrock-runtime")


def ask(history, system):
    resp = litellm.completion(model="bedrock/converse/amazon.nova-lite-v1:0", messages=[{"role": "system", "content": [{"type": "text", "text": b["text"]} for b in system]}, *[{"role": m["role"], "content": [{"type": "text", "text": b["text"]} for b in m["content"]]} for m in history]])
    if resp.choices[0].finish_reason in ("length", "stop"):
        print(resp.usage.total_tokens)
""",
        "litellm",
        True,
        id="bedrock-runtime-messages",
    ),
]

NOOPS = [
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")


def ask(history, system):
    resp = client.converse(modelId="amazon.nova-lite-v1:0", messages=history, system=system)
    if resp["stopReason"] in ("max_tokens", "end_turn"):
        print(resp["usage"]["totalTokens"])
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "the messages are built elsewhere: converted at run time, text blocks only (images, documents, tool use and results would need converting)",
            "the system blocks are built elsewhere: converted at run time, text blocks only",
        ],
        id="bedrock-runtime-messages-safe",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
resp = client.converse(modelId="m", messages=[], toolConfig={"tools": []})
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`tools` in `toolConfig` is not a non-empty list literal",
        ],
        id="bedrock-tools",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
resp = client.converse(modelId="m", messages=[{"role": "user", "content": [{"image": {"format": "png", "source": {"bytes": b""}}}]}])
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "a message content block of type `image` is not converted (text only)",
        ],
        id="bedrock-image",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
resp = client.converse(modelId="m", messages=[], inferenceConfig={"maxTokens": 5, "topK": 3})
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`topK` in `inferenceConfig` has no portable form",
        ],
        id="bedrock-inference-key",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
resp = client.converse(modelId="m", messages=[])
print(resp["stopReason"])
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            'response used in ways the codemod cannot prove (line 5: `resp["stopReason"]`)',
        ],
        id="bedrock-stop-printed",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
resp = client.converse(modelId="m", messages=[], guardrailConfig={"guardrailIdentifier": "g", "guardrailVersion": "1"})
""",
        "litellm",
        False,
        Safety.MANUAL,
        [
            "Amazon Bedrock Guardrails (bedrock-guardrails): no neutral equivalent",
        ],
        id="bedrock-guardrail",
    ),
    pytest.param(
        """\
import boto3

session = boto3.Session(profile_name="dev")
client = session.client("bedrock-runtime")
resp = client.converse(modelId="m", messages=[])
""",
        "litellm",
        False,
        Safety.UNSAFE,
        [
            "the client is built by `session.client(...)`: the session's configuration (region, profile, credentials) is not carried",
        ],
        id="bedrock-session",
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
