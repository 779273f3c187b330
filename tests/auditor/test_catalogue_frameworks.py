"""Amazon Bedrock (boto3) and the framework wrappers: LangChain, LlamaIndex, Instructor.

Facts tables pin down what `bedrock.toml`, `langchain.toml`, `llama-index.toml` and
`instructor.toml` say (roots, clients, factories, wrappers, portability, likely chains, model and
key patterns); detection cases scan small programs and compare exact attribution findings. A
case marked `bug=` describes what the engine should report and cannot yet (strict xfail).
The invariants every SDK file keeps are tested in `test_catalogue.py`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from scan_helpers import Files, expected_rows, extra_mismatches, rows, scan_files

from vendorlock.auditor.catalogue import Catalogue, SdkCatalogue, load_catalogue
from vendorlock.model import Kind


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _sdk(catalogue: Catalogue, sdk_id: str) -> SdkCatalogue:
    return catalogue.sdks[sdk_id]


# --- import roots ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "module",
    [
        pytest.param("boto3", id="boto3-is-generic-aws"),
        pytest.param("botocore", id="botocore"),
        pytest.param("aioboto3", id="aioboto3"),
        pytest.param("langchain", id="langchain-holds-init_chat_model"),
        pytest.param("langchain.chat_models", id="init_chat_model-module"),
        pytest.param("langchain_core", id="langchain-core-is-neutral"),
        pytest.param("langchain_community", id="community-as-a-whole"),
        pytest.param("langchain_community.vectorstores", id="community-vectorstores"),
        pytest.param("langchain_litellm", id="langchain-litellm"),
        pytest.param("llama_index", id="llama-index"),
        pytest.param("llama_index.core", id="llama-index-core"),
        pytest.param("llama_index.llms.litellm", id="llama-index-litellm"),
        pytest.param("llama_index.llms.openai_like", id="llama-index-openai-like"),
        pytest.param("mypy_boto3_s3", id="other-aws-stubs"),
    ],
)
def test_generic_and_neutral_modules_are_not_roots(catalogue: Catalogue, module: str) -> None:
    assert catalogue.sdk_for_module(module) is None


@pytest.mark.parametrize(
    ("qualname", "sdk_id"),
    [
        pytest.param("mypy_boto3_bedrock_runtime.BedrockRuntimeClient", "bedrock", id="stubs"),
        pytest.param("types_aiobotocore_bedrock_runtime.type_defs", "bedrock", id="aio-stubs"),
        pytest.param("langchain_openai.ChatOpenAI", "langchain", id="langchain-openai"),
        pytest.param("langchain_community.chat_models.ChatOpenAI", "langchain", id="community"),
        pytest.param("langchain_aws.ChatBedrockConverse", "langchain", id="langchain-aws"),
        pytest.param("llama_index.llms.openai.OpenAI", "llama-index", id="llama-index-openai"),
        pytest.param("llama_index.embeddings.openai.OpenAIEmbedding", "llama-index", id="emb"),
        pytest.param("openai.OpenAI", "openai", id="openai-is-not-llama-index"),
        pytest.param("instructor.from_openai", "instructor", id="instructor"),
    ],
)
def test_roots_resolve_by_import(catalogue: Catalogue, qualname: str, sdk_id: str) -> None:
    assert catalogue.sdk_for_module(qualname) == sdk_id


def test_bedrock_stub_imports_are_type_imports(catalogue: Catalogue) -> None:
    bedrock = _sdk(catalogue, "bedrock")
    assert set(bedrock.type_modules) == set(bedrock.import_roots)


# --- clients -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualname", "sdk_id", "provider", "is_async"),
    [
        ("mypy_boto3_bedrock_runtime.BedrockRuntimeClient", "bedrock", "bedrock", False),
        ("mypy_boto3_bedrock_runtime.Client", "bedrock", "bedrock", False),
        (
            "types_boto3_bedrock_agent_runtime.AgentsforBedrockRuntimeClient",
            "bedrock",
            "bedrock",
            False,
        ),
        ("mypy_boto3_bedrock.BedrockClient", "bedrock", "bedrock", False),
        ("mypy_boto3_bedrock_agent.AgentsforBedrockClient", "bedrock", "bedrock", False),
        ("types_aiobotocore_bedrock_runtime.BedrockRuntimeClient", "bedrock", "bedrock", True),
        ("langchain_openai.ChatOpenAI", "langchain", "openai", False),
        ("langchain_openai.AzureChatOpenAI", "langchain", "azure", False),
        ("langchain_openai.chat_models.base.ChatOpenAI", "langchain", "openai", False),
        ("langchain_anthropic.ChatAnthropic", "langchain", "anthropic", False),
        ("langchain_google_genai.ChatGoogleGenerativeAI", "langchain", "gemini", False),
        ("langchain_google_vertexai.ChatVertexAI", "langchain", "vertex", False),
        (
            "langchain_google_vertexai.model_garden.ChatAnthropicVertex",
            "langchain",
            "vertex",
            False,
        ),
        ("langchain_aws.ChatBedrock", "langchain", "bedrock", False),
        ("langchain_aws.ChatBedrockConverse", "langchain", "bedrock", False),
        ("langchain_aws.AmazonKnowledgeBasesRetriever", "langchain", "bedrock", False),
        ("langchain_mistralai.ChatMistralAI", "langchain", "mistral", False),
        ("langchain_cohere.ChatCohere", "langchain", "cohere", False),
        ("langchain_groq.ChatGroq", "langchain", "groq", False),
        ("langchain_together.ChatTogether", "langchain", "together", False),
        ("langchain_fireworks.ChatFireworks", "langchain", "fireworks", False),
        ("langchain_ollama.ChatOllama", "langchain", "ollama", False),
        ("langchain_xai.ChatXAI", "langchain", "xai", False),
        ("langchain_deepseek.ChatDeepSeek", "langchain", "deepseek", False),
        ("langchain_community.chat_models.BedrockChat", "langchain", "bedrock", False),
        ("langchain_community.llms.OpenAI", "langchain", "openai", False),
        ("llama_index.llms.openai.OpenAI", "llama-index", "openai", False),
        ("llama_index.llms.openai.OpenAIResponses", "llama-index", "openai", False),
        ("llama_index.llms.azure_openai.AzureOpenAI", "llama-index", "azure", False),
        ("llama_index.llms.anthropic.Anthropic", "llama-index", "anthropic", False),
        ("llama_index.llms.google_genai.GoogleGenAI", "llama-index", "gemini", False),
        ("llama_index.llms.bedrock_converse.BedrockConverse", "llama-index", "bedrock", False),
        ("llama_index.llms.openrouter.OpenRouter", "llama-index", "openrouter", False),
        ("llama_index.embeddings.openai.OpenAIEmbedding", "llama-index", "openai", False),
        ("instructor.Instructor", "instructor", "openai", False),
        ("instructor.AsyncInstructor", "instructor", "openai", True),
        ("instructor.batch.BatchProcessor", "instructor", "openai", False),
    ],
    ids=lambda value: value if isinstance(value, str) and "." in value else None,
)
def test_client_classes(
    catalogue: Catalogue, qualname: str, sdk_id: str, provider: str, is_async: bool
) -> None:
    found_sdk, index = catalogue.client_classes[qualname]
    client = _sdk(catalogue, sdk_id).clients[index]
    assert (found_sdk, client.provider, client.is_async) == (sdk_id, provider, is_async)


def test_neutral_framework_classes_are_not_clients(catalogue: Catalogue) -> None:
    neutral = {
        "langchain_community.chat_models.ChatLiteLLM",
        "langchain_litellm.ChatLiteLLM",
        "llama_index.llms.litellm.LiteLLM",
        "llama_index.llms.openai_like.OpenAILike",
        "langchain.chat_models.init_chat_model",
    }
    assert neutral & set(catalogue.client_classes) == set()


# --- client factories and wrappers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "service", "client"),
    [
        ("boto3.client", "bedrock-runtime", "mypy_boto3_bedrock_runtime.BedrockRuntimeClient"),
        (
            "boto3.Session().client",
            "bedrock-agent-runtime",
            "mypy_boto3_bedrock_agent_runtime.AgentsforBedrockRuntimeClient",
        ),
        ("boto3.session.Session().client", "bedrock", "mypy_boto3_bedrock.BedrockClient"),
        ("boto3.client", "bedrock-agent", "mypy_boto3_bedrock_agent.AgentsforBedrockClient"),
        (
            "botocore.session.get_session().create_client",
            "bedrock-runtime",
            "mypy_boto3_bedrock_runtime.BedrockRuntimeClient",
        ),
        (
            "aioboto3.Session().client",
            "bedrock-runtime",
            "types_aiobotocore_bedrock_runtime.BedrockRuntimeClient",
        ),
        (
            "aiobotocore.session.get_session().create_client",
            "bedrock",
            "types_aiobotocore_bedrock.BedrockClient",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and "(" not in value else None,
)
def test_factory_services(catalogue: Catalogue, function: str, service: str, client: str) -> None:
    sdk_id, factory = catalogue.factories[function]
    assert (sdk_id, factory.argument, factory.position) == ("bedrock", "service_name", 0)
    assert factory.services[service] == client


def test_other_aws_services_make_no_client(catalogue: Catalogue) -> None:
    _sdk_id, factory = catalogue.factories["boto3.client"]
    assert {
        "s3",
        "bedrock-agentcore",
        "bedrock-data-automation-runtime",
        "sagemaker-runtime",
    } & set(factory.services) == set()


@pytest.mark.parametrize(
    ("function", "is_wrapper"),
    [
        ("instructor.from_openai", True),
        ("instructor.from_anthropic", True),
        ("instructor.from_gemini", True),
        ("instructor.from_genai", True),
        ("instructor.from_bedrock", True),
        ("instructor.patch", True),
        ("instructor.apatch", True),
        # It wraps a LiteLLM function, not a vendor client: the portable form.
        ("instructor.from_litellm", False),
        # A model string, not a client: a module function returning an Instructor client.
        ("instructor.from_provider", False),
    ],
)
def test_instructor_wrappers(catalogue: Catalogue, function: str, is_wrapper: bool) -> None:
    assert (function in catalogue.wrappers) is is_wrapper
    if is_wrapper:
        _sdk_id, wrapper = catalogue.wrappers[function]
        assert (wrapper.argument, wrapper.position) == ("client", 0)


def test_from_provider_returns_an_instructor_client(catalogue: Catalogue) -> None:
    method = _sdk(catalogue, "instructor").module_methods["from_provider"]
    assert method.returns_client == "instructor.Instructor"


# --- methods: portability and likely -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sdk_id", "chain", "portability"),
    [
        pytest.param("bedrock", "converse", "auto", id="converse-auto"),
        pytest.param("bedrock", "converse_stream", "auto", id="converse-stream-auto"),
        pytest.param("bedrock", "invoke_model", "assisted", id="invoke-model-native-body"),
        pytest.param(
            "bedrock", "invoke_model_with_response_stream", "assisted", id="invoke-stream"
        ),
        pytest.param("bedrock", "invoke_model_with_bidirectional_stream", "manual", id="bidi"),
        pytest.param("bedrock", "count_tokens", "assisted", id="count-tokens"),
        pytest.param("bedrock", "apply_guardrail", "manual", id="guardrail"),
        pytest.param("bedrock", "start_async_invoke", "manual", id="async-invoke"),
        pytest.param("bedrock", "retrieve", "manual", id="kb-retrieve"),
        pytest.param("bedrock", "retrieve_and_generate", "manual", id="kb-rag"),
        pytest.param("bedrock", "invoke_agent", "manual", id="agent"),
        pytest.param("bedrock", "invoke_flow", "manual", id="flow"),
        pytest.param("bedrock", "rerank", "assisted", id="rerank"),
        pytest.param("bedrock", "create_model_invocation_job", "manual", id="batch"),
        pytest.param("bedrock", "create_guardrail", "manual", id="control-plane"),
        pytest.param("bedrock", "create_agent", "manual", id="agent-build-time"),
        pytest.param("bedrock", "get_paginator", "manual", id="paginator"),
        pytest.param("bedrock", "close", "assisted", id="close"),
        pytest.param("langchain", "invoke", "assisted", id="lc-invoke"),
        pytest.param("langchain", "astream", "assisted", id="lc-astream"),
        pytest.param("langchain", "with_structured_output", "assisted", id="lc-structured"),
        pytest.param("langchain", "bind_tools", "assisted", id="lc-bind-tools"),
        pytest.param("langchain", "embed_documents", "assisted", id="lc-embed"),
        pytest.param("llama-index", "chat", "assisted", id="li-chat"),
        pytest.param("llama-index", "astream_complete", "assisted", id="li-astream-complete"),
        pytest.param("llama-index", "get_text_embedding", "assisted", id="li-embed"),
        pytest.param("instructor", "chat.completions.create", "auto", id="instructor-create"),
        pytest.param("instructor", "create_with_completion", "assisted", id="with-completion"),
        pytest.param("instructor", "messages.create", "assisted", id="instructor-messages"),
        pytest.param("instructor", "responses.create", "manual", id="instructor-responses"),
        pytest.param("instructor", "submit_batch", "manual", id="instructor-batch"),
    ],
)
def test_method_portability(
    catalogue: Catalogue, sdk_id: str, chain: str, portability: str
) -> None:
    assert _sdk(catalogue, sdk_id).methods[chain].portability.value == portability


def test_bedrock_covers_the_four_services(catalogue: Catalogue) -> None:
    # botocore 1.44.8: bedrock-runtime 11, bedrock-agent-runtime 35, bedrock 133 and
    # bedrock-agent 86 operations; the tag and resource-policy operations several of them share
    # count once (256 names), plus the four service-agnostic boto3 client methods.
    methods = _sdk(catalogue, "bedrock").methods
    assert len(methods) == 256 + 4
    assert {"converse", "retrieve_and_generate", "list_foundation_models", "create_agent"} <= set(
        methods
    )


@pytest.mark.parametrize("sdk_id", ["langchain", "llama-index"])
def test_framework_calls_are_never_likely(catalogue: Catalogue, sdk_id: str) -> None:
    # `invoke`, `chat`, `complete`, `stream` are everyone's method names.
    assert [c for c, spec in _sdk(catalogue, sdk_id).methods.items() if spec.likely] == []


@pytest.mark.parametrize(
    ("chain", "likely_kwargs"),
    [
        ("converse", ("modelId", "messages")),
        ("invoke_model", ("modelId", "body")),
        ("retrieve_and_generate", ("input", "retrieveAndGenerateConfiguration")),
        ("invoke_agent", ("agentId", "agentAliasId", "sessionId")),
    ],
)
def test_bedrock_likely_chains(
    catalogue: Catalogue, chain: str, likely_kwargs: tuple[str, ...]
) -> None:
    spec = _sdk(catalogue, "bedrock").methods[chain]
    assert (spec.likely, spec.likely_kwargs) == (True, likely_kwargs)


@pytest.mark.parametrize("chain", ["get_paginator", "get_waiter", "can_paginate", "close"])
def test_boto3_generic_client_methods_are_not_likely(catalogue: Catalogue, chain: str) -> None:
    assert not _sdk(catalogue, "bedrock").methods[chain].likely


@pytest.mark.parametrize(
    ("sdk_id", "chain", "returns_client"),
    [
        ("langchain", "with_structured_output", "langchain_openai.ChatOpenAI"),
        ("langchain", "bind_tools", "langchain_openai.ChatOpenAI"),
        ("llama-index", "as_structured_llm", "llama_index.llms.openai.OpenAI"),
    ],
)
def test_runnables_keep_the_model(
    catalogue: Catalogue, sdk_id: str, chain: str, returns_client: str
) -> None:
    assert _sdk(catalogue, sdk_id).methods[chain].returns_client == returns_client


def test_langchain_runnable_config_methods_preserve_the_model(catalogue: Catalogue) -> None:
    preserving = set(_sdk(catalogue, "langchain").client_preserving)
    assert {"bind", "with_config", "with_retry", "with_fallbacks"} <= preserving


# --- env vars, responses, exceptions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sdk_id", "env_var", "provider"),
    [
        ("bedrock", "AWS_BEARER_TOKEN_BEDROCK", "bedrock"),
        ("bedrock", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "bedrock"),
        ("langchain", "ANTHROPIC_API_URL", "anthropic"),
        ("langchain", "OPENAI_PROXY", "openai"),
        ("langchain", "DEEPSEEK_API_BASE", "deepseek"),
    ],
)
def test_env_vars(catalogue: Catalogue, sdk_id: str, env_var: str, provider: str) -> None:
    assert _sdk(catalogue, sdk_id).env_vars[env_var] == provider


@pytest.mark.parametrize("sdk_id", ["langchain", "llama-index", "instructor"])
def test_frameworks_do_not_claim_the_vendors_env_vars(catalogue: Catalogue, sdk_id: str) -> None:
    # A bare `os.environ["OPENAI_API_KEY"]` is named after the first SDK listing it, which
    # must be the vendor's own SDK, not a framework that also reads it.
    others = {
        name for other, sdk in catalogue.sdks.items() if other != sdk_id for name in sdk.env_vars
    }
    assert set(_sdk(catalogue, sdk_id).env_vars) & others == set()


def test_generic_aws_env_vars_are_not_bedrock(catalogue: Catalogue) -> None:
    generic = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_PROFILE"}
    assert generic & set(_sdk(catalogue, "bedrock").env_vars) == set()


@pytest.mark.parametrize(
    ("returns", "key"),
    [
        ("converse_response", "output"),
        ("converse_response", "stopReason"),
        ("converse_stream_response", "stream"),
        ("invoke_model_response", "body"),
        ("retrieve_and_generate_response", "citations"),
    ],
)
def test_bedrock_responses_are_dicts(catalogue: Catalogue, returns: str, key: str) -> None:
    assert key in _sdk(catalogue, "bedrock").responses[returns].keys


def test_instructor_exceptions_survive_a_move_to_litellm(catalogue: Catalogue) -> None:
    instructor = _sdk(catalogue, "instructor")
    assert instructor.exception_portability.value == "auto"
    assert catalogue.exception_sdk("instructor.core.InstructorRetryException") == "instructor"


# --- provider patterns ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        ("amazon.nova-lite-v1:0", "bedrock"),
        ("us.amazon.nova-premier-v1:0", "bedrock"),
        ("amazon.titan-embed-text-v2:0", "bedrock"),
        ("meta.llama3-70b-instruct-v1:0", "bedrock"),
        ("mistral.mistral-large-2407-v1:0", "bedrock"),
        ("cohere.embed-english-v3", "bedrock"),
        ("us.deepseek.r1-v1:0", "bedrock"),
        ("openai.gpt-oss-120b-1:0", "bedrock"),
        ("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0", "bedrock"),
        ("arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/a1b2c3", "bedrock"),
        ("amazon.com", None),
        ("mistral.ai", None),
        ("stability.ai", None),
        ("cohere.com", None),
    ],
)
def test_bedrock_model_patterns(catalogue: Catalogue, text: str, provider: str | None) -> None:
    patterns = catalogue.providers["bedrock"].model_patterns
    matched = any(re.fullmatch(pattern, text, re.IGNORECASE) for pattern in patterns)
    assert matched is (provider == "bedrock")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Built at run time: a key-shaped literal in the repository would trip secret scanners.
        pytest.param("AKIA" + "IOSFODNN7" + "EXAMPLE", True, id="access-key-id"),
        pytest.param("ASIA" + "Q3EGRDLQ" + "HV7XZPWM", True, id="temporary-access-key-id"),
        pytest.param("bedrock-api-key-" + "YmVkcm9jay5hbWF6b25hd3MuY29t" * 2, True, id="api-key"),
        pytest.param("akia" + "iosfodnn7" + "example", False, id="case-matters"),
        pytest.param("AKIA" + "SHORT", False, id="too-short"),
    ],
)
def test_bedrock_key_patterns(catalogue: Catalogue, text: str, found: bool) -> None:
    patterns = catalogue.providers["bedrock"].key_patterns
    assert any(re.fullmatch(pattern, text) for pattern in patterns) is found


# --- detection -----------------------------------------------------------------------------------


def case(id: str, files: str | Files, *specs: str, bug: str | None = None) -> Any:
    tree = {"m.py": files} if isinstance(files, str) else files
    marks = [pytest.mark.xfail(strict=True, reason=f"engine gap: {bug}")] if bug else []
    return pytest.param(tree, specs, id=id, marks=marks)


CASES = [
    case(
        "boto3.client picks bedrock-runtime",
        """
        import boto3

        client = boto3.client("bedrock-runtime", region_name="us-east-1")
        client.converse(modelId="amazon.nova-lite-v1:0", messages=[])
        """,
        "3 vendor-client bedrock:BedrockRuntimeClient bedrock",
        "4 vendor-call bedrock:converse bedrock portability=auto",
    ),
    case(
        "session factory with a service constant as a parameter default",
        """
        import boto3

        SERVICE = "bedrock-runtime"


        def make(service: str = SERVICE, region=None):
            return boto3.Session(profile_name="p").client(service_name=service, region_name=region)


        make().invoke_model(modelId="amazon.titan-embed-text-v2:0", body="{}")
        """,
        "7 vendor-client bedrock:BedrockRuntimeClient bedrock",
        "10 vendor-call bedrock:invoke_model bedrock portability=assisted",
    ),
    case(
        "other AWS services are not Bedrock",
        """
        import boto3

        s3 = boto3.client("s3")
        s3.put_object(Bucket="b", Key="k", Body=b"")
        agentcore = boto3.client("bedrock-agentcore")
        agentcore.list_sessions(agentRuntimeArn="arn")
        """,
    ),
    case(
        "control plane kept apart from inference",
        """
        import boto3

        bedrock = boto3.client("bedrock")
        bedrock.list_foundation_models(byOutputModality="TEXT")
        bedrock.get_model_invocation_job(jobIdentifier="job")
        """,
        "3 vendor-client bedrock:BedrockClient bedrock",
        "4 vendor-call bedrock:list_foundation_models bedrock portability=manual",
        "5 vendor-call bedrock:get_model_invocation_job bedrock features=bedrock-batch-inference",
        "5 bedrock-batch-inference bedrock:get_model_invocation_job bedrock",
    ),
    case(
        "aioboto3 session client in async with",
        """
        import aioboto3


        async def reply(prompt: str) -> None:
            async with aioboto3.Session().client("bedrock-runtime") as client:
                await client.converse(modelId="amazon.nova-lite-v1:0", messages=[])
        """,
        "5 vendor-client bedrock:BedrockRuntimeClient bedrock",
        "6 vendor-call bedrock:converse bedrock",
    ),
    case(
        "annotated with the stub class",
        """
        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from mypy_boto3_bedrock_runtime import BedrockRuntimeClient


        def ask(client: BedrockRuntimeClient, text: str) -> None:
            client.converse_stream(modelId="amazon.nova-lite-v1:0", messages=[])
        """,
        "6 vendor-type-import - bedrock",
        "10 vendor-call bedrock:converse_stream bedrock",
    ),
    case(
        "unknown receiver: likely only with Bedrock's keywords",
        """
        def classify(client, bot, text):
            client.converse(modelId="amazon.nova-micro-v1:0", messages=[])
            bot.converse(text)
        """,
        "2 vendor-call bedrock:converse bedrock likely",
    ),
    case(
        "guardrail and cache point on converse",
        """
        import boto3

        client = boto3.client("bedrock-runtime")
        client.converse(
            modelId="us.anthropic.claude-3-7-sonnet-20250219-v1:0",
            system=[{"text": "Be brief."}, {"cachePoint": {"type": "default"}}],
            guardrailConfig={"guardrailIdentifier": "gr", "guardrailVersion": "1"},
        )
        """,
        "3 vendor-client bedrock:BedrockRuntimeClient bedrock",
        "4 vendor-call bedrock:converse bedrock",
        "5 bedrock-inference-profiles bedrock:converse bedrock",
        "6 bedrock-prompt-caching bedrock:converse bedrock",
        "7 bedrock-guardrails bedrock:converse bedrock",
    ),
    case(
        "service name constant imported from a settings module",
        {
            "settings.py": """
            RUNTIME = "bedrock-runtime"
            """,
            "m.py": """
            import boto3

            from settings import RUNTIME

            client = boto3.client(RUNTIME)
            client.converse(modelId="amazon.nova-lite-v1:0", messages=[])
            """,
        },
        "5 vendor-client bedrock:BedrockRuntimeClient bedrock",
        "6 vendor-call bedrock:converse bedrock",
    ),
    case(
        "service name constant of another AWS service makes no Bedrock client",
        {
            "settings.py": """
            STORAGE = "s3"
            """,
            "m.py": """
            import boto3

            from settings import STORAGE

            client = boto3.client(STORAGE)
            client.converse(modelId="amazon.nova-lite-v1:0", messages=[])
            """,
        },
        "6 vendor-call bedrock:converse bedrock likely",
    ),
    case(
        "LangChain vendor class and init_chat_model",
        """
        from langchain.chat_models import init_chat_model
        from langchain_openai import ChatOpenAI

        llm = ChatOpenAI(model="gpt-4o-mini")
        llm.invoke("Hi")
        portable = init_chat_model("openai:gpt-4o-mini")
        portable.invoke("Hi")
        """,
        "2 vendor-import - openai",
        "4 vendor-client langchain:ChatOpenAI openai",
        "5 vendor-call langchain:invoke openai portability=assisted",
    ),
    case(
        "structured output and tools keep the model's vendor",
        """
        from langchain_anthropic import ChatAnthropic

        llm = ChatAnthropic(model="claude-sonnet-4-5")
        structured = llm.with_structured_output(dict)
        structured.invoke("Hi")
        llm.bind_tools([{"type": "web_search_20250305", "name": "web_search"}]).invoke("Hi")
        """,
        "1 vendor-import - openai",
        "3 vendor-client langchain:ChatAnthropic anthropic",
        "4 vendor-call langchain:with_structured_output anthropic",
        "5 vendor-call langchain:invoke anthropic",
        "6 vendor-call langchain:bind_tools anthropic",
        "6 vendor-call langchain:invoke anthropic",
        "6 langchain-vendor-hosted-tools langchain:bind_tools anthropic",
    ),
    case(
        "ChatOpenAI re-pointed by base_url",
        """
        from langchain_openai import ChatOpenAI

        llm = ChatOpenAI(model="deepseek-chat", base_url="https://api.deepseek.com/v1")
        """,
        "1 vendor-import - openai",
        "3 vendor-client langchain:ChatOpenAI deepseek",
    ),
    case(
        "ChatOpenAI re-pointed by LangChain's openai_api_base alias",
        """
        from langchain_openai import ChatOpenAI

        llm = ChatOpenAI(model="deepseek-chat", openai_api_base="https://api.deepseek.com/v1")
        """,
        "1 vendor-import - openai",
        "3 vendor-client langchain:ChatOpenAI deepseek",
    ),
    case(
        "a URL in a keyword that is no endpoint does not re-point ChatOpenAI",
        """
        from langchain_openai import ChatOpenAI

        llm = ChatOpenAI(model="gpt-4o-mini", openai_proxy="https://api.deepseek.com")
        """,
        "1 vendor-import - openai",
        "3 vendor-client langchain:ChatOpenAI openai",
    ),
    case(
        "constructor keyword of a vendor class",
        """
        from langchain_openai import ChatOpenAI

        llm = ChatOpenAI(model="gpt-4.1", use_responses_api=True)
        """,
        "1 vendor-import - openai",
        "3 vendor-client langchain:ChatOpenAI openai",
        "3 langchain-openai-responses-api - openai",
        bug="feature `params` are matched on method calls only; constructor keywords "
        "(`use_responses_api=True`, `safety_settings=`) need a constructor-params signal",
    ),
    case(
        "LCEL pipe into a vendor model",
        """
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.prompts import ChatPromptTemplate
        from langchain_openai import ChatOpenAI

        chain = ChatPromptTemplate.from_template("{q}") | ChatOpenAI(model="o3") | StrOutputParser()
        chain.invoke({"q": "Hi"})
        """,
        "3 vendor-import - openai",
        "5 vendor-client langchain:ChatOpenAI openai",
        "6 vendor-call langchain:invoke openai",
        bug="`a | b` is not evaluated; a pipe with one vendor model should hold that model's "
        "vendor so the chain's `invoke` is found",
    ),
    case(
        "neutral class in a claimed langchain_community namespace",
        """
        from langchain_community.chat_models import ChatLiteLLM

        llm = ChatLiteLLM(model="anthropic/claude-3-5-haiku-latest")
        """,
        bug="`langchain_community.chat_models` is an import root, so ChatLiteLLM's import is "
        "a vendor import; a `neutral_names` list should exempt it",
    ),
    case(
        "legacy langchain.chat_models path",
        """
        from langchain.chat_models import ChatOpenAI

        llm = ChatOpenAI()
        """,
        "1 vendor-import - openai",
        "3 vendor-client langchain:ChatOpenAI openai",
        bug="`langchain.chat_models` also holds the neutral `init_chat_model`, so it cannot be "
        "a root; per-name roots (or `neutral_names`) would claim the legacy vendor classes",
    ),
    case(
        "LlamaIndex OpenAI and openai.OpenAI in one module",
        """
        from llama_index.llms.openai import OpenAI as LlamaOpenAI
        from openai import OpenAI

        llm = LlamaOpenAI(model="gpt-4o-mini")
        llm.complete("Hi")
        client = OpenAI()
        client.chat.completions.create(model="gpt-4o-mini", messages=[])
        """,
        "1 vendor-import - openai",
        "2 vendor-import - openai",
        "4 vendor-client llama-index:OpenAI openai",
        "5 vendor-call llama-index:complete openai",
        "6 vendor-client openai:OpenAI openai",
        "7 vendor-call openai:chat.completions.create openai",
    ),
    case(
        "LlamaIndex OpenAI re-pointed by api_base",
        """
        from llama_index.llms.openai import OpenAI

        llm = OpenAI(model="llama-3.1-8b-instant", api_base="https://api.groq.com/openai/v1")
        llm.as_structured_llm(dict).chat([])
        """,
        "1 vendor-import - openai",
        "3 vendor-client llama-index:OpenAI groq",
        "4 vendor-call llama-index:as_structured_llm groq",
        "4 vendor-call llama-index:chat groq",
    ),
    case(
        "instructor wrappers keep the wrapped vendor",
        """
        import instructor
        from anthropic import Anthropic
        from openai import OpenAI

        client = instructor.from_openai(OpenAI())
        client.chat.completions.create(model="gpt-4o-mini", response_model=dict, messages=[])
        claude = instructor.from_anthropic(Anthropic(), mode=instructor.Mode.ANTHROPIC_TOOLS)
        claude.messages.create(model="claude-sonnet-4-5", max_tokens=64, response_model=dict)
        patched = instructor.patch(OpenAI())
        patched.chat.completions.create(model="gpt-4o-mini", response_model=dict, messages=[])
        """,
        "1 vendor-import - openai",
        "2 vendor-import - anthropic",
        "3 vendor-import - openai",
        "5 vendor-client openai:OpenAI openai",
        "6 vendor-call openai:chat.completions.create openai",
        "7 vendor-client anthropic:Anthropic anthropic",
        "8 vendor-call anthropic:messages.create anthropic",
        "9 vendor-client openai:OpenAI openai",
        "10 vendor-call openai:chat.completions.create openai",
    ),
    case(
        "instructor.from_provider makes an Instructor client",
        """
        import instructor

        client = instructor.from_provider("openai/gpt-4o-mini")
        client.chat.completions.create(response_model=dict, messages=[])
        client.create_iterable(response_model=dict, messages=[])
        """,
        "1 vendor-import - openai",
        "3 vendor-call instructor:from_provider openai portability=assisted",
        "4 vendor-call instructor:chat.completions.create openai portability=auto",
        "5 vendor-call instructor:create_iterable openai",
    ),
    case(
        "Instructor-only method on a wrapped client",
        """
        import instructor
        from openai import OpenAI

        client = instructor.from_openai(OpenAI())
        client.create_partial(response_model=dict, messages=[])
        """,
        "1 vendor-import - openai",
        "2 vendor-import - openai",
        "4 vendor-client openai:OpenAI openai",
        "5 vendor-call instructor:create_partial openai",
        bug="a wrapper returns the wrapped client unchanged, so Instructor's own methods "
        "(`create_partial`, `create_with_completion`) are looked up in the openai tree; the "
        "wrapped value should also answer the wrapper SDK's methods",
    ),
    case(
        "instructor over LiteLLM is portable",
        """
        import instructor
        import litellm

        client = instructor.from_litellm(litellm.completion)
        client.chat.completions.create(model="anthropic/claude-sonnet-4-5", messages=[])
        """,
        "1 vendor-import - openai",
    ),
]


@pytest.mark.parametrize(("files", "specs"), CASES)
def test_detection(tmp_path: Path, files: Files, specs: tuple[str, ...]) -> None:
    report = scan_files(tmp_path, files)
    assert rows(report) == expected_rows(specs)
    assert extra_mismatches(report, specs) == []


@pytest.mark.xfail(
    strict=True,
    reason="engine gap: boto3 exceptions live on the client (`client.exceptions.X`); a "
    "client-level exception namespace in the catalogue would make them vendor exceptions",
)
def test_boto3_client_exceptions_are_vendor_exceptions(tmp_path: Path) -> None:
    code = """
    import boto3

    client = boto3.client("bedrock-runtime")
    try:
        client.converse(modelId="amazon.nova-lite-v1:0", messages=[])
    except client.exceptions.ThrottlingException:
        pass
    """
    report = scan_files(tmp_path, {"m.py": code})
    exceptions = [(f.line, f.sdk) for f in report.findings if f.kind is Kind.EXCEPTION]
    assert exceptions == [(7, "bedrock")]
