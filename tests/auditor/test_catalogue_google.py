"""The three Google SDK catalogues: google-genai, the legacy google-generativeai, and vertexai.

Facts tables pin down what the catalogue files say (portability, clients, env vars, model and
key patterns); detection cases scan small programs and compare exact findings. A case marked
`bug=` describes what the engine should report and cannot yet (strict xfail). The invariants
every SDK file keeps are tested in `test_catalogue.py`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from scan_helpers import Files, expected_rows, extra_mismatches, rows, scan_files

from vendorlock.auditor.catalogue import Catalogue, SdkCatalogue, load_catalogue

GOOGLE_SDKS = ("google-genai", "google-generativeai", "vertexai")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _sdk(catalogue: Catalogue, sdk_id: str) -> SdkCatalogue:
    return catalogue.sdks[sdk_id]


# --- import roots: the `genai` alias collision is resolved by import -------------------------


def test_import_roots_are_exact(catalogue: Catalogue) -> None:
    assert catalogue.roots["google.genai"] == "google-genai"
    assert catalogue.roots["google.generativeai"] == "google-generativeai"
    assert catalogue.roots["vertexai"] == "vertexai"
    # Never a generic root: `google.cloud.storage` or `google.auth` are not LLM SDKs.
    assert {"google", "google.cloud", "google.cloud.aiplatform"} & set(catalogue.roots) == set()
    assert catalogue.sdk_for_module("google.cloud.storage") is None


# --- methods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sdk_id", "chain", "portability", "returns", "likely", "likely_kwargs"),
    [
        pytest.param(
            "google-genai",
            "models.generate_content",
            "auto",
            "generate_content_response",
            True,
            ("model", "contents"),
            id="genai-generate",
        ),
        pytest.param(
            "google-genai",
            "aio.models.generate_content",
            "auto",
            "generate_content_response",
            True,
            (),
            id="genai-generate-async",
        ),
        pytest.param(
            "google-genai",
            "models.generate_content_stream",
            "auto",
            "generate_content_stream",
            True,
            ("model", "contents"),
            id="genai-stream",
        ),
        pytest.param(
            "google-genai",
            "models.embed_content",
            "auto",
            "embed_content_response",
            True,
            ("model", "contents"),
            id="genai-embed",
        ),
        pytest.param(
            "google-genai",
            "models.count_tokens",
            "assisted",
            "count_tokens_response",
            True,
            ("model", "contents"),
            id="genai-count-tokens-estimate",
        ),
        pytest.param(
            "google-genai",
            "models.generate_images",
            "assisted",
            "generate_images_response",
            True,
            ("model", "prompt", "config"),
            id="genai-images",
        ),
        pytest.param(
            "google-genai", "caches.create", "manual", "cached_content", False, (), id="caches"
        ),
        pytest.param("google-genai", "aio.live.connect", "manual", None, True, (), id="live"),
        pytest.param("google-genai", "tunings.tune", "manual", "tuning_job", False, (), id="tune"),
        pytest.param(
            "google-genai",
            "send_message",
            "assisted",
            "generate_content_response",
            False,
            (),
            id="genai-chat-send",
        ),
        pytest.param(
            "google-generativeai",
            "generate_content",
            "auto",
            "generate_content_response",
            False,
            (),
            id="legacy-generate-not-likely",
        ),
        pytest.param(
            "google-generativeai",
            "count_tokens",
            "assisted",
            "count_tokens_response",
            False,
            (),
            id="legacy-count-tokens",
        ),
        pytest.param(
            "vertexai",
            "generate_content",
            "auto",
            "generation_response",
            False,
            (),
            id="vertex-generate",
        ),
        pytest.param(
            "vertexai", "get_embeddings", "auto", "text_embeddings", False, (), id="vertex-embed"
        ),
        pytest.param(
            "vertexai",
            "predict",
            "assisted",
            "text_generation_response",
            False,
            (),
            id="palm-predict",
        ),
        pytest.param(
            "vertexai", "agent_engines.create", "manual", None, False, (), id="client-agents"
        ),
        pytest.param(
            "vertexai",
            "agent_engines.sessions.create",
            "manual",
            None,
            True,
            (),
            id="client-agent-sessions-likely",
        ),
    ],
)
def test_method_facts(
    catalogue: Catalogue,
    sdk_id: str,
    chain: str,
    portability: str,
    returns: str | None,
    likely: bool,
    likely_kwargs: tuple[str, ...],
) -> None:
    method = _sdk(catalogue, sdk_id).methods[chain]
    assert (method.portability.value, method.returns, method.likely, method.likely_kwargs) == (
        portability,
        returns,
        likely,
        likely_kwargs,
    )


@pytest.mark.parametrize(
    ("sdk_id", "chain", "portability"),
    [
        pytest.param("google-generativeai", "configure", "assisted", id="configure"),
        pytest.param("google-generativeai", "embed_content", "auto", id="embed-content"),
        pytest.param("google-generativeai", "upload_file", "manual", id="files"),
        pytest.param("google-generativeai", "generate_text", "assisted", id="palm-text"),
        pytest.param(
            "google-generativeai", "caching.CachedContent.create", "manual", id="legacy-cache"
        ),
        pytest.param("vertexai", "init", "assisted", id="vertexai-init"),
        pytest.param(
            "vertexai",
            "language_models.TextGenerationModel.from_pretrained",
            "assisted",
            id="palm-factory",
        ),
        pytest.param(
            "vertexai",
            "generative_models.Tool.from_google_search_retrieval",
            "manual",
            id="grounding-tool",
        ),
        pytest.param("vertexai", "rag.retrieval_query", "manual", id="rag"),
        pytest.param("vertexai", "agent_engines.create", "manual", id="agent-engine"),
        pytest.param("vertexai", "tokenization.get_tokenizer_for_model", "assisted", id="tok"),
    ],
)
def test_module_method_portability(
    catalogue: Catalogue, sdk_id: str, chain: str, portability: str
) -> None:
    assert _sdk(catalogue, sdk_id).module_methods[chain].portability.value == portability


@pytest.mark.parametrize(
    ("sdk_id", "chain", "from_module", "client"),
    [
        pytest.param("google-genai", "chats.create", False, "google.genai.chats.Chat", id="chat"),
        pytest.param(
            "google-genai", "aio.chats.create", False, "google.genai.chats.AsyncChat", id="achat"
        ),
        pytest.param(
            "google-genai", "aio.live.connect", False, "google.genai.live.AsyncSession", id="live"
        ),
        pytest.param(
            "google-generativeai",
            "start_chat",
            False,
            "google.generativeai.ChatSession",
            id="legacy-chat",
        ),
        pytest.param(
            "google-generativeai",
            "chat",
            True,
            "google.generativeai.discuss.ChatResponse",
            id="palm-chat",
        ),
        pytest.param(
            "vertexai",
            "language_models.TextEmbeddingModel.from_pretrained",
            True,
            "vertexai.language_models._language_models.TextEmbeddingModel",
            id="vertex-embedding-handle",
        ),
        pytest.param(
            "vertexai",
            "preview.vision_models.ImageGenerationModel.from_pretrained",
            True,
            "vertexai.vision_models._vision_models.ImageGenerationModel",
            id="imagen-handle",
        ),
        pytest.param(
            "vertexai",
            "agent_engines.create",
            True,
            "vertexai.agent_engines._agent_engines.AgentEngine",
            id="agent-engine-handle",
        ),
    ],
)
def test_calls_returning_clients(
    catalogue: Catalogue, sdk_id: str, chain: str, from_module: bool, client: str
) -> None:
    sdk = _sdk(catalogue, sdk_id)
    tree = sdk.module_methods if from_module else sdk.methods
    assert tree[chain].returns_client == client
    assert catalogue.client_classes[client][0] == sdk_id


def test_every_genai_resource_has_its_async_twin(catalogue: Catalogue) -> None:
    chains = set(_sdk(catalogue, "google-genai").methods)
    resources = {"models", "chats", "caches", "files", "batches", "tunings", "interactions"}
    missing = [
        chain
        for chain in chains
        if chain.split(".")[0] in resources and f"aio.{chain}" not in chains
    ]
    assert missing == []


# --- clients and environment -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualname", "sdk_id", "provider", "is_async"),
    [
        pytest.param("google.genai.Client", "google-genai", "gemini", False, id="genai"),
        pytest.param("google.genai.client.Client", "google-genai", "gemini", False, id="genai-mod"),
        pytest.param("google.genai.chats.AsyncChat", "google-genai", "gemini", True, id="achat"),
        pytest.param(
            "google.generativeai.GenerativeModel",
            "google-generativeai",
            "gemini",
            False,
            id="legacy-model",
        ),
        pytest.param(
            "google.generativeai.generative_models.ChatSession",
            "google-generativeai",
            "gemini",
            False,
            id="legacy-chat",
        ),
        pytest.param(
            "vertexai.generative_models.GenerativeModel", "vertexai", "vertex", False, id="vx-model"
        ),
        pytest.param(
            "vertexai.preview.generative_models.GenerativeModel",
            "vertexai",
            "vertex",
            False,
            id="vx-preview-model",
        ),
        pytest.param("vertexai.Client", "vertexai", "vertex", False, id="vx-client"),
    ],
)
def test_client_classes(
    catalogue: Catalogue, qualname: str, sdk_id: str, provider: str, is_async: bool
) -> None:
    found_sdk, index = catalogue.client_classes[qualname]
    client = _sdk(catalogue, sdk_id).clients[index]
    assert (found_sdk, client.provider, client.is_async) == (sdk_id, provider, is_async)


def test_factory_classmethod_targets_are_not_public_names(catalogue: Catalogue) -> None:
    # `TextGenerationModel.from_pretrained` is a module chain: the public class name must not
    # be a client class, or the chain would stop at it.
    for public in (
        "vertexai.language_models.TextGenerationModel",
        "vertexai.language_models.TextEmbeddingModel",
        "vertexai.vision_models.ImageGenerationModel",
        "vertexai.agent_engines.AgentEngine",
        "vertexai.caching.CachedContent",
        "google.generativeai.caching.CachedContent",
    ):
        assert public not in catalogue.client_classes, public


@pytest.mark.parametrize(
    ("sdk_id", "env_var", "provider"),
    [
        pytest.param("google-genai", "GOOGLE_API_KEY", "gemini", id="genai-google-key"),
        pytest.param("google-genai", "GEMINI_API_KEY", "gemini", id="genai-gemini-key"),
        pytest.param("google-genai", "GOOGLE_GENAI_USE_VERTEXAI", "vertex", id="genai-vertex"),
        pytest.param("google-genai", "GOOGLE_GENAI_USE_ENTERPRISE", "vertex", id="genai-ent"),
        pytest.param("google-genai", "GOOGLE_VERTEX_BASE_URL", "vertex", id="genai-vertex-url"),
        pytest.param("google-generativeai", "GEMINI_API_KEY", "gemini", id="legacy-key"),
        pytest.param("vertexai", "GOOGLE_CLOUD_AGENT_ENGINE_ID", "vertex", id="agent-engine"),
    ],
)
def test_env_vars(catalogue: Catalogue, sdk_id: str, env_var: str, provider: str) -> None:
    assert _sdk(catalogue, sdk_id).env_vars[env_var] == provider


@pytest.mark.parametrize("sdk_id", GOOGLE_SDKS)
def test_generic_cloud_env_vars_are_left_out(catalogue: Catalogue, sdk_id: str) -> None:
    generic = {"GOOGLE_CLOUD_PROJECT", "GOOGLE_CLOUD_LOCATION", "GOOGLE_APPLICATION_CREDENTIALS"}
    assert generic & set(_sdk(catalogue, sdk_id).env_vars) == set()


# --- feature ids -----------------------------------------------------------------------------


def test_feature_ids_name_their_sdk(catalogue: Catalogue) -> None:
    prefixes = {
        "google-genai": "gemini-",
        "google-generativeai": "gemini-legacy-",
        "vertexai": "vertexai-",
    }
    for sdk_id, prefix in prefixes.items():
        for feature in _sdk(catalogue, sdk_id).features:
            assert feature.id.startswith(prefix), feature.id
            if sdk_id == "google-genai":
                assert not feature.id.startswith("gemini-legacy-"), feature.id


# --- model ids and keys (_providers.toml) ----------------------------------------------------


@pytest.mark.parametrize(
    ("model", "provider"),
    [
        pytest.param("gemini-2.5-pro", "gemini", id="gemini"),
        pytest.param("models/gemini-1.5-flash-latest", "gemini", id="models-prefix"),
        pytest.param("gemini-flash-latest", "gemini", id="alias"),
        pytest.param("gemini-live-2.5-flash-preview", "gemini", id="live"),
        pytest.param("gemini-embedding-001", "gemini", id="embedding"),
        pytest.param("text-embedding-004", "gemini", id="embedding-004"),
        pytest.param("gemma-3-27b-it", "gemini", id="gemma"),
        pytest.param("imagen-4.0-generate-001", "gemini", id="imagen"),
        pytest.param("models/text-bison-001", "gemini", id="palm-on-gemini-api"),
        pytest.param("text-bison@002", "vertex", id="palm-on-vertex"),
        pytest.param("textembedding-gecko@003", "vertex", id="gecko"),
        pytest.param("text-embedding-005", "vertex", id="embedding-005"),
        pytest.param("publishers/google/models/gemini-2.0-flash", "vertex", id="publisher"),
        pytest.param("projects/p/locations/europe-west4/endpoints/42", "vertex", id="endpoint"),
        pytest.param("gemini", None, id="bare-word"),
        pytest.param("my-gemini-bot", None, id="substring"),
        pytest.param("gemma3:4b", None, id="ollama-tag"),
        pytest.param("google/gemma-3-27b-it", None, id="hf-repo"),
    ],
)
def test_google_model_ids(catalogue: Catalogue, model: str, provider: str | None) -> None:
    matched = [
        spec.id
        for spec in (catalogue.providers["gemini"], catalogue.providers["vertex"])
        if any(re.fullmatch(pattern, model, re.IGNORECASE) for pattern in spec.model_patterns)
    ]
    assert matched == ([provider] if provider else [])


def test_model_tokens_cover_the_patterns(catalogue: Catalogue) -> None:
    for provider in ("gemini", "vertex"):
        spec = catalogue.providers[provider]
        assert spec.model_tokens, provider


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Built at run time: a key-shaped literal in the repository would trip secret scanners.
        pytest.param("AIza" + "Sy" + "x7" * 16 + "Q", True, id="google-api-key"),
        pytest.param("AIza" + "short", False, id="too-short"),
        pytest.param("AIZA" + "Sy" + "x7" * 16 + "Q", False, id="case-matters"),
    ],
)
def test_gemini_key_pattern(catalogue: Catalogue, text: str, found: bool) -> None:
    (pattern,) = catalogue.providers["gemini"].key_patterns
    assert bool(re.fullmatch(pattern, text)) is found


# --- detection -------------------------------------------------------------------------------


def case(id: str, files: str | Files, *specs: str, bug: str | None = None) -> Any:
    tree = {"m.py": files} if isinstance(files, str) else files
    marks = [pytest.mark.xfail(strict=True, reason=f"engine gap: {bug}")] if bug else []
    return pytest.param(tree, specs, id=id, marks=marks)


GENAI = "1 vendor-import - gemini"

CASES = [
    case(
        "genai alias resolves to google-genai",
        """
        from google import genai

        client = genai.Client()
        client.models.generate_content(model="gemini-2.5-flash", contents="Hi")
        """,
        GENAI,
        "3 vendor-client google-genai:Client gemini",
        "4 vendor-call google-genai:models.generate_content gemini portability=auto",
    ),
    case(
        "legacy genai alias resolves to google-generativeai",
        """
        import google.generativeai as genai

        genai.configure(api_key="test")
        model = genai.GenerativeModel("gemini-1.5-flash")
        model.generate_content("Hi")
        """,
        "1 vendor-import - gemini",
        "3 vendor-call google-generativeai:configure gemini",
        "4 vendor-client google-generativeai:GenerativeModel gemini",
        "5 vendor-call google-generativeai:generate_content gemini",
    ),
    case(
        "plain import of the dotted root",
        """
        import google.genai

        client = google.genai.Client()
        """,
        GENAI,
        "3 vendor-client google-genai:Client gemini",
    ),
    case(
        "async twin under client.aio",
        """
        from google import genai

        client = genai.Client()

        async def ask() -> None:
            await client.aio.models.generate_content(model="gemini-2.5-flash", contents="Hi")
        """,
        GENAI,
        "3 vendor-client google-genai:Client gemini",
        "6 vendor-call google-genai:aio.models.generate_content gemini",
    ),
    case(
        "a chat session is a client of its own",
        """
        from google import genai

        chat = genai.Client().chats.create(model="gemini-2.5-flash")
        chat.send_message("Hi")
        chat.send_message_stream("More")
        """,
        GENAI,
        "3 vendor-client google-genai:Client gemini",
        "3 vendor-call google-genai:chats.create gemini",
        "4 vendor-call google-genai:send_message gemini",
        "5 vendor-call google-genai:send_message_stream gemini",
    ),
    case(
        "a live session from async with",
        """
        from google import genai

        client = genai.Client()

        async def talk() -> None:
            async with client.aio.live.connect(model="gemini-live-2.5-flash-preview") as session:
                await session.send_client_content(turns={"role": "user", "parts": [{"text": "Hi"}]})
        """,
        GENAI,
        "3 vendor-client google-genai:Client gemini",
        "6 vendor-call google-genai:aio.live.connect gemini",
        "6 gemini-live google-genai:aio.live.connect gemini",
        "7 vendor-call google-genai:send_client_content gemini",
        "7 gemini-live google-genai:send_client_content gemini",
    ),
    case(
        "unknown receiver with Gemini's keywords is likely",
        """
        def ask(client):
            return client.models.generate_content(model="gemini-2.5-flash", contents="Hi")
        """,
        "2 vendor-call google-genai:models.generate_content gemini likely",
    ),
    case(
        "unknown receiver without contents= is not guessed",
        """
        def ask(client):
            return client.models.generate_content(model="x", prompt="Hi")
        """,
    ),
    case(
        "vertexai factory classmethod returns a model handle",
        """
        from vertexai.language_models import TextGenerationModel

        model = TextGenerationModel.from_pretrained("text-bison@002")
        model.predict("Hi")
        """,
        "1 vendor-import - vertex",
        "3 vendor-call vertexai:language_models.TextGenerationModel.from_pretrained vertex",
        "3 vertexai-palm-models vertexai:language_models.TextGenerationModel.from_pretrained"
        " vertex",
        "4 vendor-call vertexai:predict vertex",
        "4 vertexai-palm-models vertexai:predict vertex",
    ),
    case(
        "vertexai model and chat",
        """
        import vertexai
        from vertexai.generative_models import GenerativeModel

        vertexai.init(project="p", location="us-central1")
        chat = GenerativeModel("gemini-2.0-flash").start_chat()
        chat.send_message("Hi")
        """,
        "1 vendor-import - vertex",
        "2 vendor-import - vertex",
        "4 vendor-call vertexai:init vertex",
        "5 vendor-client vertexai:GenerativeModel vertex",
        "5 vendor-call vertexai:start_chat vertex",
        "6 vendor-call vertexai:send_message vertex",
    ),
    case(
        "vertexai=True selects Vertex AI",
        """
        from google import genai

        client = genai.Client(vertexai=True, project="p", location="us-central1")
        """,
        GENAI,
        "3 vendor-client google-genai:Client vertex",
    ),
    case(
        "config given as types.GenerateContentConfig(...)",
        """
        from google import genai
        from google.genai import types

        client = genai.Client()
        client.models.generate_content(
            model="gemini-2.5-flash",
            contents="Hi",
            config=types.GenerateContentConfig(thinking_config=types.ThinkingConfig(thinking_budget=0)),
        )
        """,
        GENAI,
        "2 vendor-type-import - gemini",
        "4 vendor-client google-genai:Client gemini",
        "5 vendor-call google-genai:models.generate_content gemini",
        "8 gemini-thinking google-genai:models.generate_content gemini",
    ),
    case(
        "classmethod of a client class",
        """
        from vertexai.generative_models import GenerativeModel

        model = GenerativeModel.from_cached_content(cached_content="projects/p/cachedContents/1")
        model.generate_content("Hi")
        """,
        "1 vendor-import - vertex",
        "3 vendor-call vertexai:GenerativeModel.from_cached_content vertex",
        "4 vendor-call vertexai:generate_content vertex",
        bug="an attribute of a client class (a factory classmethod) is never a member; a "
        "ClientSpec `class_methods` table would make it a call returning that client",
    ),
]


@pytest.mark.parametrize(("files", "specs"), CASES)
def test_detection(tmp_path: Path, files: Files, specs: tuple[str, ...]) -> None:
    report = scan_files(tmp_path, files)
    assert rows(report) == expected_rows(specs)
    assert extra_mismatches(report, specs) == []
