"""Before/after and no-op tables: tool definitions written literally, as OpenAI function tools.

Gemini function declarations (google-genai types or dicts, the legacy SDK's
protos or dicts, on the call or the model handle) and Bedrock `toolConfig`
become `tools=[{"type": "function", ...}]` and a `tool_choice`; Mistral and
Cohere tools are OpenAI's already. Each rewrite row gives the input, the exact
output, the target and whether unsafe fixes are on; each no-op row must come
back byte-identical, with the site's safety and the exact reasons it was left
alone.
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
from google.genai import types

client = genai.Client()
resp = client.models.generate_content(
    model="gemini-2.5-flash",
    contents="Weather?",
    config=types.GenerateContentConfig(
        temperature=0,
        tools=[
            types.Tool(
                function_declarations=[
                    types.FunctionDeclaration(
                        name="get_weather",
                        description="Weather in a city.",
                        parameters=types.Schema(
                            type=types.Type.OBJECT,
                            properties={"city": types.Schema(type="STRING"), "days": {"type": "INTEGER", "description": "How many."}},
                            required=["city"],
                        ),
                    ),
                    types.FunctionDeclaration(name="ping"),
                ]
            )
        ],
        tool_config=types.ToolConfig(
            function_calling_config=types.FunctionCallingConfig(
                mode=types.FunctionCallingConfigMode.ANY, allowed_function_names=["get_weather"]
            )
        ),
    ),
)
print(resp.text)
""",
        """\
from google import genai
import litellm

client = genai.Client()
resp = litellm.completion(
    model="gemini/gemini-2.5-flash",
    messages=[{"role": "user", "content": "Weather?"}],
    temperature=0,
    tools=[{"type": "function", "function": {"name": "get_weather", "description": "Weather in a city.", "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer", "description": "How many."}}, "required": ["city"]}}}, {"type": "function", "function": {"name": "ping"}}],
    tool_choice={"type": "function", "function": {"name": "get_weather"}},
)
print(resp.choices[0].message.content)
""",
        "litellm",
        False,
        id="genai-tool-types",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()
resp = client.models.generate_content(
    model="gemini-2.5-flash",
    contents="Weather?",
    config={
        "tools": [{"functionDeclarations": [{"name": "f", "parameters_json_schema": {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}}}}]}],
        "tool_config": {"function_calling_config": {"mode": "auto"}},
    },
)
""",
        """\
from google import genai
import any_llm

client = genai.Client()
resp = any_llm.completion(
    model="gemini:gemini-2.5-flash",
    messages=[{"role": "user", "content": "Weather?"}],
    tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}}}}}],
)
""",
        "any-llm",
        False,
        id="genai-tool-dicts-anyllm",
    ),
    pytest.param(
        """\
import google.generativeai as genai

model = genai.GenerativeModel(
    "gemini-1.5-flash",
    tools=[genai.protos.Tool(function_declarations=[genai.protos.FunctionDeclaration(name="f", parameters=genai.protos.Schema(type=genai.protos.Type.OBJECT))])],
    tool_config={"function_calling_config": {"mode": "ANY"}},
)
print(model.generate_content("hi", tool_config={"function_calling_config": {"mode": "NONE"}}).text)
""",
        """\
import google.generativeai as genai
import litellm

model = genai.GenerativeModel(
    "gemini-1.5-flash",
    tools=[genai.protos.Tool(function_declarations=[genai.protos.FunctionDeclaration(name="f", parameters=genai.protos.Schema(type=genai.protos.Type.OBJECT))])],
    tool_config={"function_calling_config": {"mode": "ANY"}},
)
print(litellm.completion(model="gemini/gemini-1.5-flash", messages=[{"role": "user", "content": "hi"}], tool_choice="none", tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]).choices[0].message.content)
""",
        "litellm",
        False,
        id="legacy-handle-tools",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
resp = client.converse(
    modelId="m",
    messages=[],
    toolConfig={"tools": [{"toolSpec": {"name": "f", "description": "F.", "inputSchema": {"json": {"type": "object"}}}}], "toolChoice": {"auto": {}}},
)
""",
        """\
import boto3
import litellm

client = boto3.client("bedrock-runtime")
resp = litellm.completion(
    model="bedrock/converse/m",
    messages=[],
    tools=[{"type": "function", "function": {"name": "f", "description": "F.", "parameters": {"type": "object"}}}],
)
""",
        "litellm",
        False,
        id="bedrock-tool-config",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
resp = client.converse(
    modelId="m",
    messages=[],
    toolConfig={"tools": [{"toolSpec": {"name": "f", "inputSchema": {"json": {"type": "object"}}}}], "toolChoice": {"any": {}}},
)
""",
        """\
import boto3
import any_llm

client = boto3.client("bedrock-runtime")
resp = any_llm.completion(
    model="bedrock:m",
    messages=[],
    tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
    tool_choice="required",
)
""",
        "any-llm",
        True,
        id="bedrock-tool-no-description",
    ),
    pytest.param(
        """\
from mistralai import Mistral

client = Mistral(api_key="k")
resp = client.chat.complete(model="mistral-small-latest", messages=[], tools=TOOLS, tool_choice="any", parallel_tool_calls=False)
""",
        """\
from mistralai import Mistral
import litellm

client = Mistral(api_key="k")
resp = litellm.completion(model="mistral/mistral-small-latest", messages=[], tools=TOOLS, tool_choice="any", parallel_tool_calls=False, api_key="k")
""",
        "litellm",
        False,
        id="mistral-tools",
    ),
    pytest.param(
        """\
import cohere

co = cohere.ClientV2()
resp = co.chat(model="command-a-03-2025", messages=[], tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}])
""",
        """\
import cohere
import any_llm

co = cohere.ClientV2()
resp = any_llm.completion(model="cohere:command-a-03-2025", messages=[], tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}])
""",
        "any-llm",
        False,
        id="cohere-tools-anyllm",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime", region_name="us-east-1")
resp = client.converse(
    modelId="anthropic.claude-3-haiku-20240307-v1:0",
    messages=[],
    toolConfig={
        "tools": [{"toolSpec": {"name": "f", "description": "F.", "inputSchema": {"json": {"type": "object"}}}}],
        "toolChoice": {"tool": {"name": "f"}},
    },
)
""",
        """\
import boto3
import litellm

client = boto3.client("bedrock-runtime", region_name="us-east-1")
resp = litellm.completion(
    model="bedrock/converse/anthropic.claude-3-haiku-20240307-v1:0",
    messages=[],
    tools=[{"type": "function", "function": {"name": "f", "description": "F.", "parameters": {"type": "object"}}}],
    tool_choice={"type": "function", "function": {"name": "f"}},
    aws_region_name="us-east-1",
    allowed_openai_params=["tool_choice"],
)
""",
        "litellm",
        False,
        id="bedrock-named-choice-litellm",
    ),
    pytest.param(
        """\
import google.generativeai as genai

model = genai.GenerativeModel("gemini-1.5-flash")
resp = model.generate_content(
    "hi",
    tools={"function_declarations": [{"name": "f"}]},
)
""",
        """\
import google.generativeai as genai
import litellm

model = genai.GenerativeModel("gemini-1.5-flash")
resp = litellm.completion(
    model="gemini/gemini-1.5-flash",
    messages=[{"role": "user", "content": "hi"}],
    tools=[{"type": "function", "function": {"name": "f"}}],
)
""",
        "litellm",
        False,
        id="legacy-call-one-tool",
    ),
]

NOOPS = [
    pytest.param(
        """\
from google import genai

client = genai.Client()
resp = client.models.generate_content(
    model="gemini-2.5-flash",
    contents="hi",
    config={"tools": [{"function_declarations": [{"name": "f", "parameters": {"type": "object", "properties": {}, "additionalProperties": False}}]}]},
)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`additionalProperties` in a function's parameter schema in `config`: only flat schemas are converted (type, description, enum, items per property); the neutral layers rebuild Gemini's schema and keep other keywords differently",
        ],
        id="genai-schema-keyword",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()
resp = client.models.generate_content(
    model="gemini-2.5-flash",
    contents="hi",
    config={"tools": [{"function_declarations": [{"name": "f", "parameters": {"type": "object", "properties": {"where": {"type": "object", "properties": {}}}}}]}]},
)
""",
        "any-llm",
        True,
        Safety.MANUAL,
        [
            "`properties` in a function's parameter schema in `config`: only flat schemas are converted (type, description, enum, items per property); the neutral layers rebuild Gemini's schema and keep other keywords differently",
        ],
        id="genai-nested-object",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()
resp = client.models.generate_content(
    model="gemini-2.5-flash",
    contents="hi",
    config={"tools": [{"function_declarations": [{"name": "f"}, {"name": "g"}]}], "tool_config": {"function_calling_config": {"mode": "ANY", "allowed_function_names": ["f", "g"]}}},
)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`allowed_function_names` in `config`: OpenAI's `tool_choice` forces one function, in ANY mode only",
        ],
        id="genai-two-allowed-names",
    ),
    pytest.param(
        """\
from google import genai
from google.genai import types

client = genai.Client()
resp = client.models.generate_content(
    model="gemini-2.5-flash", contents="hi", config=types.GenerateContentConfig(tools=[get_weather])
)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`get_weather` in `config` is not a tool of function declarations (Python functions are called by the SDK itself; Google's own tools have no OpenAI-shaped equivalent)",
        ],
        id="genai-python-function",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()
resp = client.models.generate_content(
    model="gemini-2.5-flash",
    contents="hi",
    config={"tools": [{"function_declarations": [{"name": "f"}]}], "tool_config": {"function_calling_config": {"mode": "VALIDATED"}}},
)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            'the function calling mode `"VALIDATED"` in `config` is not converted',
        ],
        id="genai-validated-mode",
    ),
    pytest.param(
        """\
from google import genai

client = genai.Client()
resp = client.models.generate_content(
    model="gemini-2.5-flash",
    contents="hi",
    config={"tools": [{"function_declarations": [{"name": "f", "parameters": {"type": KIND}}]}]},
)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "a schema type in `config` is not a literal",
        ],
        id="genai-schema-type-name",
    ),
    pytest.param(
        """\
import google.generativeai as genai

model = genai.GenerativeModel("gemini-1.5-flash", tools="code_execution")
print(model.generate_content("hi").text)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`tools` in `GenerativeModel` is not a list literal of function declarations",
        ],
        id="legacy-hosted-tool",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
resp = client.converse(
    modelId="m",
    messages=[],
    toolConfig={"tools": [{"toolSpec": {"name": "f", "description": "F.", "inputSchema": {"json": {}}}}], "toolChoice": {"tool": {"name": "f"}}},
)
""",
        "any-llm",
        True,
        Safety.MANUAL,
        [
            "any-llm's bedrock provider sends `toolChoice` only for `required` (any_llm/providers/bedrock/utils.py `_convert_tool_spec`): a named tool is dropped",
        ],
        id="bedrock-named-choice-anyllm",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
resp = client.converse(modelId="m", messages=[], toolConfig=TOOL_CONFIG)
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`toolConfig=` is not a dict literal of `tools` and `toolChoice`",
        ],
        id="bedrock-tool-config-name",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
resp = client.converse(modelId="m", messages=[], toolConfig={"tools": [{"toolSpec": {"name": "f", "description": "F.", "strict": True, "inputSchema": {"json": {}}}}]})
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "`strict` of a `toolSpec` is not converted",
        ],
        id="bedrock-tool-strict",
    ),
    pytest.param(
        """\
import boto3

client = boto3.client("bedrock-runtime")
resp = client.converse(modelId="m", messages=[], toolConfig={"tools": [{"cachePoint": {"type": "default"}}]})
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "a tool in `toolConfig` is not a `toolSpec` literal (cache points, system tools)",
        ],
        id="bedrock-cache-point",
    ),
    pytest.param(
        """\
import cohere

co = cohere.ClientV2()
resp = co.chat(model="command-a-03-2025", messages=[], tools=TOOLS, tool_choice="REQUIRED")
""",
        "litellm",
        True,
        Safety.MANUAL,
        [
            "LiteLLM's cohere_chat route drops `tool_choice` (`CohereV2ChatConfig.map_openai_params` does not map it)",
        ],
        id="cohere-tool-choice-litellm",
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
