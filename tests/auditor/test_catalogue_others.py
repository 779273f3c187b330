"""The catalogues of the other vendor SDKs: Mistral, Cohere, Groq, Together, Fireworks,
Hugging Face Inference, Ollama and xAI.

Facts tables pin down what the catalogue files say (portability, clients, env vars, import
roots, model and key patterns); detection cases scan small programs and compare exact
findings. A case marked `bug=` describes what the engine should report and cannot yet
(strict xfail). The invariants every SDK file keeps are tested in `test_catalogue.py`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from scan_helpers import Files, expected_rows, extra_mismatches, rows, scan_files

from vendorlock.auditor.catalogue import Catalogue, SdkCatalogue, load_catalogue
from vendorlock.auditor.literals import LiteralMatcher

# SDKs whose chat, completion and embedding chains are openai's own (Stainless or look-alike).
OPENAI_SHAPED = ("groq", "together", "fireworks", "huggingface")
OPENAI_CHAINS = ("chat.completions.create", "completions.create", "embeddings.create")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _sdk(catalogue: Catalogue, sdk_id: str) -> SdkCatalogue:
    return catalogue.sdks[sdk_id]


# --- import roots ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "sdk_id"),
    [
        pytest.param("mistralai.client", "mistralai", id="mistral-3x-client"),
        pytest.param("mistralai.models.chat_completion", "mistralai", id="mistral-0x-types"),
        pytest.param("mistralai_azure", "mistralai", id="mistral-1x-azure"),
        pytest.param("mistralai_gcp.sdk", "mistralai", id="mistral-1x-gcp"),
        pytest.param("cohere.errors", "cohere", id="cohere"),
        pytest.param("groq.types.chat", "groq", id="groq"),
        pytest.param("together.legacy", "together", id="together"),
        pytest.param("fireworks.client", "fireworks", id="fireworks-0x"),
        pytest.param("fireworks.types", "fireworks", id="fireworks"),
        pytest.param("huggingface_hub.InferenceClient", "huggingface", id="hf-client"),
        pytest.param("huggingface_hub.inference._client", "huggingface", id="hf-inference-pkg"),
        pytest.param(
            "huggingface_hub.errors.TextGenerationError", "huggingface", id="hf-tgi-error"
        ),
        pytest.param("ollama", "ollama", id="ollama"),
        pytest.param("xai_sdk.chat", "xai", id="xai"),
        # The Hub library itself is not an inference vendor dependency.
        pytest.param("huggingface_hub", None, id="hf-hub-package"),
        pytest.param("huggingface_hub.hf_hub_download", None, id="hf-hub-download"),
        pytest.param("huggingface_hub.errors.HfHubHTTPError", None, id="hf-hub-http-error"),
        pytest.param("huggingface_hub.HfApi", None, id="hf-hub-api"),
    ],
)
def test_import_roots(catalogue: Catalogue, module: str, sdk_id: str | None) -> None:
    assert catalogue.sdk_for_module(module) == sdk_id


def test_fireworks_client_is_its_own_root(catalogue: Catalogue) -> None:
    # `fireworks.client.api_key = ...` configures the 0.x module client: its base must be a root.
    assert catalogue.root_of("fireworks.client.ChatCompletion.create") == "fireworks.client"
    assert catalogue.root_of("fireworks.Fireworks") == "fireworks"


# --- methods ---------------------------------------------------------------------------------


def method(
    id: str,
    sdk_id: str,
    chain: str,
    portability: str,
    returns: str | None = None,
    likely: tuple[str, ...] | None = None,
) -> Any:
    """A method's expected facts; `likely` is None (not likely) or its likely_kwargs."""
    return pytest.param(sdk_id, chain, portability, returns, likely, id=id)


METHODS = [
    method(
        "mistral-chat",
        "mistralai",
        "chat.complete",
        "auto",
        "chat_completion",
        ("model", "messages"),
    ),
    method(
        "mistral-chat-async",
        "mistralai",
        "chat.complete_async",
        "auto",
        "chat_completion",
        ("model", "messages"),
    ),
    method("mistral-stream", "mistralai", "chat.stream", "auto", None, ("model", "messages")),
    method(
        "mistral-embeddings-inputs",
        "mistralai",
        "embeddings.create",
        "auto",
        "embedding_response",
        ("model", "inputs"),
    ),
    method("mistral-0x-chat", "mistralai", "chat", "auto", "chat_completion"),
    method("mistral-0x-embeddings", "mistralai", "embeddings", "auto", "embedding_response"),
    method(
        "mistral-fim",
        "mistralai",
        "fim.complete",
        "assisted",
        "fim_completion",
        ("model", "prompt"),
    ),
    method(
        "mistral-ocr", "mistralai", "ocr.process", "manual", "ocr_response", ("model", "document")
    ),
    method(
        "mistral-conversations",
        "mistralai",
        "beta.conversations.start",
        "manual",
        "conversation_response",
        (),
    ),
    method("cohere-chat", "cohere", "chat", "auto", "chat_response"),
    method(
        "cohere-v2-from-v1-client",
        "cohere",
        "v2.chat",
        "auto",
        "chat_response",
        ("model", "messages"),
    ),
    method("cohere-stream", "cohere", "chat_stream", "assisted"),
    method("cohere-embed", "cohere", "embed", "assisted", "embed_response"),
    method("cohere-rerank", "cohere", "rerank", "assisted"),
    method("cohere-generate", "cohere", "generate", "assisted", "generation"),
    method("cohere-4x-dataset", "cohere", "create_dataset", "manual"),
    method("groq-chat-not-likely", "groq", "chat.completions.create", "auto", "chat_completion"),
    method("groq-files", "groq", "files.info", "manual"),
    method("together-chat", "together", "chat.completions.create", "auto", "chat_completion"),
    method(
        "together-rerank",
        "together",
        "rerank.create",
        "assisted",
        None,
        ("model", "query", "documents"),
    ),
    method("together-1x-batch", "together", "batches.create_batch", "manual"),
    method("fireworks-chat", "fireworks", "chat.completions.create", "auto", "chat_completion"),
    method(
        "fireworks-acreate-alias",
        "fireworks",
        "chat.completions.acreate",
        "auto",
        "chat_completion",
    ),
    method("fireworks-anthropic-compatible", "fireworks", "messages.create", "assisted", "message"),
    method("fireworks-llm-apply", "fireworks", "apply", "manual"),
    method("hf-chat", "huggingface", "chat_completion", "auto", "chat_completion"),
    method("hf-tgi", "huggingface", "text_generation", "assisted", "text_generation_output"),
    method("hf-task", "huggingface", "text_to_image", "manual"),
    method("ollama-chat", "ollama", "chat", "auto", "chat_response"),
    method("ollama-generate", "ollama", "generate", "assisted", "generate_response"),
    method("ollama-pull", "ollama", "pull", "manual"),
    method("xai-builder", "xai", "chat.create", "assisted"),
    method("xai-sample", "xai", "sample", "assisted", "response"),
    method("xai-rag", "xai", "collections.search", "manual"),
]


@pytest.mark.parametrize(("sdk_id", "chain", "portability", "returns", "likely"), METHODS)
def test_method_facts(
    catalogue: Catalogue,
    sdk_id: str,
    chain: str,
    portability: str,
    returns: str | None,
    likely: tuple[str, ...] | None,
) -> None:
    spec = _sdk(catalogue, sdk_id).methods[chain]
    actual = (spec.portability.value, spec.returns, spec.likely_kwargs if spec.likely else None)
    assert actual == (portability, returns, likely)


@pytest.mark.parametrize(
    ("sdk_id", "chain", "portability"),
    [
        pytest.param("together", "Complete.create", "assisted", id="together-0x-complete"),
        pytest.param("together", "Finetune.create", "manual", id="together-0x-finetune"),
        pytest.param("fireworks", "ChatCompletion.create", "auto", id="fireworks-0x-chat"),
        pytest.param("fireworks", "Rerank.acreate", "assisted", id="fireworks-0x-rerank"),
        pytest.param("xai", "chat.user", "auto", id="xai-message-builder"),
        pytest.param("xai", "tools.x_search", "manual", id="xai-server-tool"),
    ],
)
def test_module_method_facts(
    catalogue: Catalogue, sdk_id: str, chain: str, portability: str
) -> None:
    assert _sdk(catalogue, sdk_id).module_methods[chain].portability.value == portability


def test_ollama_module_is_its_default_client(catalogue: Catalogue) -> None:
    # `ollama.chat` is `Client().chat`: the module reaches the client's methods.
    ollama = _sdk(catalogue, "ollama")
    assert ollama.module_client
    assert not ollama.module_methods
    assert {"chat", "generate", "embed", "pull"} <= set(ollama.methods)
    assert not any(spec.likely for spec in ollama.methods.values())


def test_xai_chat_create_returns_a_chat_session(catalogue: Catalogue) -> None:
    xai = _sdk(catalogue, "xai")
    assert xai.methods["chat.create"].returns_client == "xai_sdk.sync.chat.Chat"
    # The session's methods are in the same tree.
    assert {"append", "sample", "stream", "parse"} <= set(xai.methods)


@pytest.mark.parametrize("sdk_id", OPENAI_SHAPED)
def test_openai_shaped_chains_are_not_likely(catalogue: Catalogue, sdk_id: str) -> None:
    # An unknown receiver calling `.chat.completions.create` is far more often an OpenAI
    # client; these SDKs are found through their constructors instead.
    methods = _sdk(catalogue, sdk_id).methods
    assert [c for c in OPENAI_CHAINS if c in methods and methods[c].likely] == []


def test_every_mistral_method_has_its_async_twin(catalogue: Catalogue) -> None:
    # 1.x/3.x methods come in pairs (`chat.complete` / `chat.complete_async`); a pair half
    # missing would leave async code undetected.
    methods = _sdk(catalogue, "mistralai").methods
    sync = [c for c in methods if "." in c and not c.endswith("_async")]
    without = {c for c in sync if f"{c}_async" not in methods}
    # 0.x resources (no twins: 0.x has a separate async client) and one-flavour helpers.
    assert without == {
        "files.create",
        "jobs.create",
        "jobs.retrieve",
        "jobs.list",
        "jobs.cancel",
        "audio.sessions.init",
        "beta.connectors.http_client",
        "beta.connectors.mcp_client",
    }


# --- clients ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualname", "sdk_id", "provider", "is_async"),
    [
        pytest.param("mistralai.client.Mistral", "mistralai", "mistral", False, id="mistral-3x"),
        pytest.param("mistralai.Mistral", "mistralai", "mistral", False, id="mistral-1x"),
        pytest.param(
            "mistralai.client.MistralClient", "mistralai", "mistral", False, id="mistral-0x"
        ),
        pytest.param(
            "mistralai.async_client.MistralAsyncClient",
            "mistralai",
            "mistral",
            True,
            id="mistral-0x-async",
        ),
        pytest.param(
            "mistralai.azure.client.MistralAzure", "mistralai", "azure", False, id="mistral-azure"
        ),
        pytest.param(
            "mistralai_gcp.MistralGoogleCloud", "mistralai", "vertex", False, id="mistral-gcp-1x"
        ),
        pytest.param("cohere.Client", "cohere", "cohere", False, id="cohere-v1"),
        pytest.param("cohere.ClientV2", "cohere", "cohere", False, id="cohere-v2"),
        pytest.param("cohere.AsyncClientV2", "cohere", "cohere", True, id="cohere-v2-async"),
        pytest.param("cohere.BedrockClientV2", "cohere", "bedrock", False, id="cohere-bedrock"),
        pytest.param("cohere.SagemakerClient", "cohere", "sagemaker", False, id="cohere-sagemaker"),
        pytest.param("cohere.OciClientV2", "cohere", "oci", False, id="cohere-oci"),
        pytest.param("groq.Groq", "groq", "groq", False, id="groq"),
        pytest.param("groq.AsyncClient", "groq", "groq", True, id="groq-async-alias"),
        pytest.param("together.Together", "together", "together", False, id="together"),
        pytest.param("together.client.Together", "together", "together", False, id="together-1x"),
        pytest.param("fireworks.Fireworks", "fireworks", "fireworks", False, id="fireworks"),
        pytest.param(
            "fireworks.client.Fireworks",
            "fireworks",
            "fireworks",
            False,
            id="fireworks-shim-and-0x",
        ),
        pytest.param("fireworks.LLM", "fireworks", "fireworks", False, id="fireworks-build-sdk"),
        pytest.param(
            "huggingface_hub.InferenceClient", "huggingface", "huggingface", False, id="hf"
        ),
        pytest.param(
            "huggingface_hub.AsyncInferenceClient",
            "huggingface",
            "huggingface",
            True,
            id="hf-async",
        ),
        pytest.param("ollama.Client", "ollama", "ollama", False, id="ollama"),
        pytest.param("ollama.AsyncClient", "ollama", "ollama", True, id="ollama-async"),
        pytest.param("xai_sdk.Client", "xai", "xai", False, id="xai"),
        pytest.param("xai_sdk.aio.client.Client", "xai", "xai", True, id="xai-async"),
        pytest.param("xai_sdk.sync.chat.Chat", "xai", "xai", False, id="xai-chat-session"),
    ],
)
def test_client_classes(
    catalogue: Catalogue, qualname: str, sdk_id: str, provider: str, is_async: bool
) -> None:
    found_sdk, index = catalogue.client_classes[qualname]
    client = _sdk(catalogue, sdk_id).clients[index]
    assert (found_sdk, client.provider, client.is_async) == (sdk_id, provider, is_async)


@pytest.mark.parametrize("sdk_id", ("groq", "together", "fireworks"))
def test_stainless_wrappers_are_declared(catalogue: Catalogue, sdk_id: str) -> None:
    sdk = _sdk(catalogue, sdk_id)
    assert {"with_options", "copy"} <= set(sdk.client_preserving)
    assert sdk.transparent == ("with_raw_response", "with_streaming_response")


# --- environment, configuration, exceptions -----------------------------------------------------


@pytest.mark.parametrize(
    ("sdk_id", "env_var", "provider"),
    [
        pytest.param("mistralai", "MISTRAL_API_KEY", "mistral", id="mistral"),
        pytest.param("cohere", "CO_API_KEY", "cohere", id="cohere"),
        pytest.param("cohere", "COHERE_API_KEY", "cohere", id="cohere-fallback"),
        pytest.param("groq", "GROQ_BASE_URL", "groq", id="groq-base"),
        pytest.param("together", "TOGETHER_PROJECT_ID", "together", id="together-project"),
        pytest.param("fireworks", "FIREWORKS_ACCOUNT_ID", "fireworks", id="fireworks-account"),
        pytest.param("fireworks", "FIREWORKS_API_BASE", "fireworks", id="fireworks-0x-base"),
        pytest.param("huggingface", "HF_TOKEN", "huggingface", id="hf-token"),
        pytest.param("huggingface", "HUGGING_FACE_HUB_TOKEN", "huggingface", id="hf-legacy"),
        pytest.param("ollama", "OLLAMA_HOST", "ollama", id="ollama-host"),
        pytest.param("xai", "XAI_MANAGEMENT_KEY", "xai", id="xai-management"),
    ],
)
def test_env_vars(catalogue: Catalogue, sdk_id: str, env_var: str, provider: str) -> None:
    assert _sdk(catalogue, sdk_id).env_vars[env_var] == provider


@pytest.mark.parametrize(
    ("sdk_id", "names"),
    [
        pytest.param("fireworks", {"api_key", "base_url"}, id="fireworks-0x"),
        pytest.param("together", {"api_key", "api_base"}, id="together-0x"),
    ],
)
def test_module_config_globals(catalogue: Catalogue, sdk_id: str, names: set[str]) -> None:
    assert {g.name for g in _sdk(catalogue, sdk_id).config_globals} == names


@pytest.mark.parametrize(
    ("qualname", "sdk_id"),
    [
        pytest.param("mistralai.client.errors.SDKError", "mistralai", id="mistral-3x"),
        pytest.param("mistralai.models.SDKError", "mistralai", id="mistral-1x"),
        pytest.param("mistralai.exceptions.MistralAPIException", "mistralai", id="mistral-0x"),
        pytest.param("cohere.TooManyRequestsError", "cohere", id="cohere"),
        pytest.param("cohere.errors.UnauthorizedError", "cohere", id="cohere-module"),
        pytest.param("cohere.CohereAPIError", "cohere", id="cohere-4x"),
        pytest.param("groq.RateLimitError", "groq", id="groq"),
        pytest.param("together.error.RateLimitError", "together", id="together-1x"),
        pytest.param("fireworks.client.error.RateLimitError", "fireworks", id="fireworks-0x"),
        pytest.param("huggingface_hub.InferenceTimeoutError", "huggingface", id="hf"),
        pytest.param("ollama.ResponseError", "ollama", id="ollama"),
        pytest.param("huggingface_hub.errors.HfHubHTTPError", None, id="hf-hub-error-not-claimed"),
    ],
)
def test_exceptions(catalogue: Catalogue, qualname: str, sdk_id: str | None) -> None:
    assert catalogue.exception_sdk(qualname) == sdk_id


# --- providers: hosts, model ids and keys --------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "sdk_id", "litellm_prefix"),
    [
        pytest.param("mistral", "mistralai", "mistral", id="mistral"),
        pytest.param("cohere", "cohere", "cohere_chat", id="cohere"),
        pytest.param("groq", "groq", "groq", id="groq"),
        pytest.param("together", "together", "together_ai", id="together"),
        pytest.param("fireworks", "fireworks", "fireworks_ai", id="fireworks"),
        pytest.param("huggingface", "huggingface", "huggingface", id="huggingface"),
        pytest.param("ollama", "ollama", "ollama_chat", id="ollama"),
        pytest.param("xai", "xai", "xai", id="xai"),
        pytest.param("sagemaker", None, "sagemaker", id="sagemaker"),
        pytest.param("oci", None, "oci", id="oci"),
    ],
)
def test_providers(
    catalogue: Catalogue, provider: str, sdk_id: str | None, litellm_prefix: str
) -> None:
    spec = catalogue.providers[provider]
    assert (spec.sdk, spec.litellm_prefix) == (sdk_id, litellm_prefix)


@pytest.mark.parametrize(
    ("model", "provider"),
    [
        pytest.param("mistral-large-latest", "mistral", id="mistral-large"),
        pytest.param("open-mixtral-8x22b", "mistral", id="mistral-open"),
        pytest.param("codestral-2501", "mistral", id="codestral"),
        pytest.param("mistral-embed", "mistral", id="mistral-embed"),
        pytest.param("command-a-03-2025", "cohere", id="command-a"),
        pytest.param("command-r-plus-08-2024", "cohere", id="command-r-plus"),
        pytest.param("embed-v4.0", "cohere", id="cohere-embed"),
        pytest.param("rerank-v3.5", "cohere", id="cohere-rerank"),
        pytest.param("llama-3.1-8b-instant", "groq", id="groq-instant"),
        pytest.param("llama3-70b-8192", "groq", id="groq-8192"),
        pytest.param("gemma2-9b-it", "groq", id="groq-gemma"),
        pytest.param("groq/compound", "groq", id="groq-compound"),
        pytest.param("meta-llama/Llama-3.3-70B-Instruct-Turbo", "together", id="together-turbo"),
        pytest.param("black-forest-labs/FLUX.1-schnell-Free", "together", id="together-free"),
        pytest.param(
            "accounts/fireworks/models/llama-v3p1-70b-instruct", "fireworks", id="fireworks"
        ),
        pytest.param("meta-llama/Llama-3.1-8B-Instruct:novita", "huggingface", id="hf-router"),
        pytest.param("deepseek-ai/DeepSeek-R1:fastest", "huggingface", id="hf-policy"),
        pytest.param("llama3.2", "ollama", id="ollama-llama"),
        pytest.param("qwen2.5-coder:7b", "ollama", id="ollama-tag"),
        pytest.param("my-support-bot:latest", "ollama", id="ollama-latest"),
        pytest.param("mistral", "ollama", id="ollama-bare-mistral"),
        pytest.param("grok-4", "xai", id="grok"),
        pytest.param("grok-code-fast-1", "xai", id="grok-code"),
        # Served by many hosts: no provider can be claimed from the id alone.
        pytest.param("BAAI/bge-large-en-v1.5", None, id="hf-repo-id"),
        pytest.param("meta-llama/Llama-3.1-8B-Instruct", None, id="bare-repo-id"),
        pytest.param("openai/gpt-3.5-turbo", None, id="openrouter-style-turbo"),
        pytest.param("gpt-4o", "openai", id="openai-untouched"),
    ],
)
def test_model_ids(catalogue: Catalogue, model: str, provider: str | None) -> None:
    assert LiteralMatcher(catalogue).model_provider(model) == provider


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        pytest.param("gsk_" + "A1b2" * 13, "groq", id="groq"),
        pytest.param("xai-" + "Zz09" * 20, "xai", id="xai"),
        pytest.param("hf_" + "aBcD" * 9, "huggingface", id="huggingface"),
        pytest.param("gsk_short", None, id="groq-too-short"),
        pytest.param("hf_hub_download", None, id="hf-function-name"),
        pytest.param("xai-sdk", None, id="xai-package-name"),
    ],
)
def test_key_patterns(catalogue: Catalogue, text: str, provider: str | None) -> None:
    found = LiteralMatcher(catalogue).secret(text)
    assert (found.provider if found else None) == provider


def test_model_patterns_compile(catalogue: Catalogue) -> None:
    for provider_id in (
        "mistral",
        "cohere",
        "groq",
        "together",
        "fireworks",
        "huggingface",
        "ollama",
        "xai",
    ):
        spec = catalogue.providers[provider_id]
        assert spec.model_patterns and spec.model_tokens, provider_id
        for pattern in (*spec.model_patterns, *spec.key_patterns):
            re.compile(pattern)


# --- detection -------------------------------------------------------------------------------


def case(id: str, files: str | Files, *specs: str, bug: str | None = None) -> Any:
    tree = {"m.py": files} if isinstance(files, str) else files
    marks = [pytest.mark.xfail(strict=True, reason=f"engine gap: {bug}")] if bug else []
    return pytest.param(tree, specs, id=id, marks=marks)


CASES = [
    case(
        "mistralai.client holds MistralClient in 0.x",
        """
        from mistralai.client import MistralClient

        client = MistralClient()
        client.chat(model="mistral-small", messages=[], safe_mode=True)
        """,
        "1 vendor-import - mistral",
        "3 vendor-client mistralai:MistralClient mistral",
        "4 vendor-call mistralai:chat mistral portability=auto",
        "4 mistral-guardrails mistralai:chat mistral",
    ),
    case(
        "mistralai.client holds Mistral in 3.x",
        """
        from mistralai.client import Mistral

        client = Mistral(api_key="...")
        client.chat.complete(model="mistral-small-latest", messages=[])
        client.fim.complete(model="codestral-latest", prompt="def f():", suffix="return 1")
        """,
        "1 vendor-import - mistral",
        "3 vendor-client mistralai:Mistral mistral",
        "4 vendor-call mistralai:chat.complete mistral portability=auto",
        "5 vendor-call mistralai:fim.complete mistral features=mistral-fim",
        "5 mistral-fim mistralai:fim.complete mistral",
    ),
    case(
        "mistral embeddings are likely by their `inputs` keyword",
        """
        def embed(client, texts):
            return client.embeddings.create(model="mistral-embed", inputs=texts)
        """,
        "2 vendor-call mistralai:embeddings.create mistral likely",
    ),
    case(
        "cohere v2 grounded chat",
        """
        import cohere

        co = cohere.ClientV2()
        co.chat(model="command-a-03-2025", messages=[], documents=[{"data": {"text": "x"}}])
        """,
        "1 vendor-import - cohere",
        "3 vendor-client cohere:ClientV2 cohere",
        "4 vendor-call cohere:chat cohere",
        "4 cohere-grounded-generation cohere:chat cohere",
    ),
    case(
        "cohere on Bedrock",
        """
        import cohere

        co = cohere.BedrockClientV2(aws_region="us-east-1")
        co.embed(model="cohere.embed-english-v3", texts=["x"], input_type="search_query")
        """,
        "1 vendor-import - cohere",
        "3 vendor-client cohere:BedrockClientV2 bedrock",
        "4 vendor-call cohere:embed bedrock",
        "4 cohere-embed-input-type cohere:embed bedrock",
    ),
    case(
        "a Groq client is Groq, not OpenAI",
        """
        from groq import Groq

        client = Groq()
        client.with_options(max_retries=3).chat.completions.create(model="m", messages=[])
        """,
        "1 vendor-import - groq",
        "3 vendor-client groq:Groq groq",
        "4 vendor-call groq:chat.completions.create groq",
    ),
    case(
        "an unknown receiver in a Groq module",
        """
        import groq

        def ask(client, messages):
            return client.chat.completions.create(model="llama-3.1-8b-instant", messages=messages)
        """,
        "1 vendor-import - groq",
        "4 vendor-call groq:chat.completions.create groq likely",
    ),
    case(
        "together legacy module API",
        """
        import together

        together.api_key = "..."
        together.Complete.create(prompt="Hi", model="togethercomputer/RedPajama-INCITE-7B-Chat")
        """,
        "1 vendor-import - together",
        "3 vendor-config together:api_key together",
        "4 vendor-call together:Complete.create together features=together-legacy-api",
        "4 together-legacy-api together:Complete.create together",
    ),
    case(
        "fireworks 0.x module-level client",
        """
        import fireworks.client

        fireworks.client.api_key = "..."
        fireworks.client.ChatCompletion.create(model="m", messages=[], top_k=5)
        """,
        "1 vendor-import - fireworks",
        "3 vendor-config fireworks:api_key fireworks",
        "4 vendor-call fireworks:ChatCompletion.create fireworks",
        "4 fireworks-v0-api fireworks:ChatCompletion.create fireworks",
        "4 fireworks-sampling-params fireworks:ChatCompletion.create fireworks",
    ),
    case(
        "ollama module functions and a client on a host",
        """
        import ollama

        ollama.chat(model="llama3.2", messages=[], keep_alive="5m")
        client = ollama.Client(host="http://gpu-box:11434")
        client.pull("llama3.2")
        """,
        "1 vendor-import - ollama",
        "3 vendor-call ollama:chat ollama",
        "3 ollama-runtime-options ollama:chat ollama",
        "4 vendor-client ollama:Client ollama",
        "5 vendor-call ollama:pull ollama features=ollama-model-management",
        "5 ollama-model-management ollama:pull ollama",
    ),
    case(
        "an ollama function imported by name",
        """
        from ollama import chat

        chat(model="llama3.2", messages=[])
        """,
        "1 vendor-import - ollama",
        "3 vendor-call ollama:chat ollama",
    ),
    case(
        "xai chat builder",
        """
        from xai_sdk import Client

        client = Client()
        chat = client.chat.create(model="grok-4")
        chat.append({"role": "user", "content": "Hi"})
        response = chat.sample()
        """,
        "1 vendor-import - xai",
        "3 vendor-client xai:Client xai",
        "4 vendor-call xai:chat.create xai features=xai-chat-builder",
        "4 xai-chat-builder xai:chat.create xai",
        "5 vendor-call xai:append xai",
        "6 vendor-call xai:sample xai",
    ),
    case(
        "the Hugging Face Hub library is no finding",
        """
        import huggingface_hub
        from huggingface_hub import HfApi, hf_hub_download

        path = hf_hub_download("gpt2", "config.json")
        HfApi().upload_file(path_or_fileobj=path, path_in_repo="c.json", repo_id="me/r")
        huggingface_hub.login()
        """,
    ),
    case(
        "an InferenceClient",
        """
        from huggingface_hub import InferenceClient

        client = InferenceClient(provider="together")
        client.chat_completion(messages=[], model="meta-llama/Llama-3.1-8B-Instruct")
        """,
        "1 vendor-import - huggingface",
        "3 vendor-client huggingface:InferenceClient huggingface",
        "4 vendor-call huggingface:chat_completion huggingface",
    ),
]


@pytest.mark.parametrize(("files", "specs"), CASES)
def test_detection(tmp_path: Path, files: Files, specs: tuple[str, ...]) -> None:
    report = scan_files(tmp_path, files)
    assert rows(report) == expected_rows(specs)
    assert extra_mismatches(report, specs) == []
