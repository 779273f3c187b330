"""The shipped catalogue: it loads, it is consistent, and bad entries are refused loudly.

The feature examples themselves are scanned by the generic rule test; here they only
have to be complete Python that imports the SDK.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from vendorlock.auditor.catalogue import (
    Catalogue,
    CatalogueError,
    MethodSpec,
    SdkCatalogue,
    load_catalogue,
    load_sdk_file,
)
from vendorlock.auditor.rules import rules_for
from vendorlock.model import Kind, Portability

# SDK files whose every detail this module pins down; the cross-reference checks below
# apply to every shipped SDK file.
OWNED_SDKS = ("openai", "anthropic")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _sdk(catalogue: Catalogue, sdk_id: str) -> SdkCatalogue:
    return catalogue.sdks[sdk_id]


def _all_sdks() -> list[SdkCatalogue]:
    return list(load_catalogue().sdks.values())


# --- the shipped files load ------------------------------------------------------------------


def test_shipped_catalogue_loads(catalogue: Catalogue) -> None:
    assert set(OWNED_SDKS) <= set(catalogue.sdks)
    assert catalogue.roots["openai"] == "openai"
    assert catalogue.roots["anthropic"] == "anthropic"


def test_feature_ids_are_unique_across_files(catalogue: Catalogue) -> None:
    ids = Counter(f.id for sdk in catalogue.sdks.values() for f in sdk.features)
    assert [feature_id for feature_id, count in ids.items() if count > 1] == []


def test_every_feature_is_a_feature_rule(catalogue: Catalogue) -> None:
    # A feature id equal to a generic rule id would silently replace that rule.
    rules = rules_for(catalogue)
    for feature_id in catalogue.features:
        assert rules[feature_id].kind is Kind.FEATURE, feature_id


# --- bad entries are refused, naming the file and the key ------------------------------------

_HEAD = """\
sdk = "bad"
display_name = "Bad"
package = "bad"
import_roots = ["bad"]
default_provider = "openai"
docs_url = "https://example.com"
"""

_FEATURE = """\
[[features]]
id = "bad-feature"
title = "t"
summary = "s"
why = "w"
alternative = "a"
examples.invalid = ["import bad\\n"]
"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            'colour = "red"\n',
            "bad.toml: colour: Extra inputs are not permitted",
            id="unknown-top-level-key",
        ),
        pytest.param(
            '[methods]\n"chat.completions.create" = { portability = "sometimes" }\n',
            "bad.toml: methods.chat.completions.create.portability: "
            "Input should be 'auto', 'assisted' or 'manual'",
            id="bad-portability",
        ),
        pytest.param(
            '[methods]\n"chat..create" = { portability = "auto" }\n',
            "bad.toml: methods: Value error, 'chat..create' is not a dotted name "
            "such as 'chat.completions.create'",
            id="bad-chain",
        ),
        pytest.param(
            '[[clients]]\nnames = ["bad.Client()"]\nprovider = "openai"\n',
            "bad.toml: clients.0.names: Value error, 'bad.Client()' is not a dotted name "
            "such as 'chat.completions.create'",
            id="bad-client-name",
        ),
        pytest.param(
            _FEATURE,
            "bad.toml: features.0: Value error, feature 'bad-feature' has no detection signal",
            id="feature-without-signal",
        ),
        pytest.param(
            '[methods]\n"chat.completions.create" = { portability = "auto" }\n'
            + _FEATURE
            + 'resources = ["beta.assistants"]\n',
            "bad.toml: (top level): Value error, features.bad-feature.resources: "
            "'beta.assistants' matches no method",
            id="feature-resource-matches-no-method",
        ),
        pytest.param(
            _FEATURE + 'module_resources = ["ChatCompletion"]\n',
            "bad.toml: (top level): Value error, features.bad-feature.module_resources: "
            "'ChatCompletion' matches no method",
            id="feature-module-resource-matches-no-method",
        ),
        pytest.param(
            _FEATURE + 'sevrity = "error"\nparams = [{ name = "x" }]\n',
            "bad.toml: features.0.sevrity: Extra inputs are not permitted",
            id="unknown-feature-key",
        ),
        pytest.param(
            _FEATURE.replace('"bad-feature"', '"Bad_Feature"') + 'params = [{ name = "x" }]\n',
            "bad.toml: features.0.id: Value error, 'Bad_Feature' is not a rule id "
            "such as 'openai-assistants'",
            id="bad-rule-id",
        ),
        pytest.param(
            _FEATURE.replace('["import bad\\n"]', "[]") + 'params = [{ name = "x" }]\n',
            "bad.toml: features.0.examples.invalid: "
            "Tuple should have at least 1 item after validation, not 0",
            id="feature-without-invalid-example",
        ),
        pytest.param(
            "methods = {\n",
            "bad.toml: not valid TOML: Invalid initial character for a key part "
            "(at line 7, column 12)",
            id="not-toml",
        ),
    ],
)
def test_bad_entry_is_refused(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(_HEAD + body, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_sdk_file(path)
    assert str(caught.value) == message


def test_file_name_must_match_sdk(tmp_path: Path) -> None:
    (tmp_path / "other.toml").write_text(_HEAD, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path)
    assert str(caught.value) == "other.toml: sdk: 'bad' must match the file name"


# --- facts the rest of vendorlock relies on --------------------------------------------------


@pytest.mark.parametrize(
    ("sdk_id", "chain", "expected"),
    [
        pytest.param(
            "openai",
            "chat.completions.create",
            MethodSpec(portability=Portability.AUTO, returns="chat_completion", likely=True),
            id="openai-chat-auto-likely",
        ),
        pytest.param(
            "openai",
            "embeddings.create",
            MethodSpec(
                portability=Portability.AUTO,
                returns="embedding_response",
                likely=True,
                likely_kwargs=("model", "input"),
            ),
            id="openai-embeddings-two-segments-need-kwargs",
        ),
        pytest.param(
            "openai",
            "beta.threads.runs.create_and_poll",
            MethodSpec(portability=Portability.MANUAL, returns="run", likely=True),
            id="openai-runs-manual",
        ),
        pytest.param(
            "openai",
            "files.list",
            MethodSpec(portability=Portability.MANUAL),
            id="openai-files-not-likely",
        ),
        pytest.param(
            "anthropic",
            "messages.create",
            MethodSpec(
                portability=Portability.AUTO,
                returns="message",
                likely=True,
                likely_kwargs=("model", "max_tokens", "messages"),
            ),
            id="anthropic-messages-not-twilio",
        ),
        pytest.param(
            "anthropic",
            "messages.stream",
            MethodSpec(
                portability=Portability.AUTO,
                returns="message_stream",
                likely=True,
                likely_kwargs=("model", "max_tokens", "messages"),
            ),
            id="anthropic-stream-auto",
        ),
        pytest.param(
            "anthropic",
            "messages.batches.create",
            MethodSpec(portability=Portability.MANUAL, returns="message_batch", likely=True),
            id="anthropic-batches-manual",
        ),
    ],
)
def test_method_facts(catalogue: Catalogue, sdk_id: str, chain: str, expected: MethodSpec) -> None:
    actual = _sdk(catalogue, sdk_id).methods[chain]
    assert actual.model_copy(update={"note": None}) == expected


@pytest.mark.parametrize(
    ("sdk_id", "chain", "portability"),
    [
        pytest.param("openai", "beta.chat.completions.parse", "assisted", id="old-parse-path"),
        pytest.param("openai", "beta.vector_stores.files.create", "manual", id="old-vs-path"),
        pytest.param("openai", "beta.assistants.files.create", "manual", id="assistants-v1"),
        pytest.param("openai", "completions.create", "auto", id="legacy-completions"),
        pytest.param("openai", "responses.create", "assisted", id="responses"),
        pytest.param("openai", "realtime.connect", "manual", id="realtime"),
        pytest.param("anthropic", "completions.create", "assisted", id="text-completions-0x"),
        pytest.param("anthropic", "beta.tools.messages.create", "assisted", id="tools-beta-0x"),
        pytest.param(
            "anthropic", "beta.prompt_caching.messages.create", "assisted", id="caching-beta"
        ),
        pytest.param("anthropic", "completion", "assisted", id="client-0.2.x"),
        pytest.param("anthropic", "messages.count_tokens", "assisted", id="count-tokens"),
        pytest.param("anthropic", "beta.agents.create", "manual", id="agents"),
    ],
)
def test_method_portability(
    catalogue: Catalogue, sdk_id: str, chain: str, portability: str
) -> None:
    assert _sdk(catalogue, sdk_id).methods[chain].portability.value == portability


@pytest.mark.parametrize(
    ("chain", "portability"),
    [
        pytest.param("ChatCompletion.create", "auto", id="chat"),
        pytest.param("ChatCompletion.acreate", "auto", id="chat-async"),
        pytest.param("Embedding.create", "auto", id="embedding"),
        pytest.param("Image.create_variation", "manual", id="variation"),
        pytest.param("Audio.transcribe", "assisted", id="transcribe"),
        pytest.param("FineTuningJob.create", "manual", id="fine-tuning"),
    ],
)
def test_openai_v0_module_methods(catalogue: Catalogue, chain: str, portability: str) -> None:
    assert _sdk(catalogue, "openai").module_methods[chain].portability.value == portability


@pytest.mark.parametrize(
    ("qualname", "sdk_id", "provider", "is_async"),
    [
        pytest.param("openai.OpenAI", "openai", "openai", False, id="openai"),
        pytest.param("openai.Client", "openai", "openai", False, id="openai-alias"),
        pytest.param("openai.AsyncOpenAI", "openai", "openai", True, id="openai-async"),
        pytest.param("openai.AzureOpenAI", "openai", "azure", False, id="azure"),
        pytest.param("openai.lib.azure.AsyncAzureOpenAI", "openai", "azure", True, id="azure-lib"),
        pytest.param("openai.BedrockOpenAI", "openai", "bedrock", False, id="openai-bedrock"),
        pytest.param("anthropic.Client", "anthropic", "anthropic", False, id="anthropic-alias"),
        pytest.param("anthropic.AsyncAnthropic", "anthropic", "anthropic", True, id="async"),
        pytest.param(
            "anthropic.lib.bedrock.AnthropicBedrock", "anthropic", "bedrock", False, id="bedrock"
        ),
        pytest.param("anthropic.AnthropicAWS", "anthropic", "bedrock", False, id="aws"),
        pytest.param("anthropic.AnthropicVertex", "anthropic", "vertex", False, id="vertex"),
        pytest.param(
            "anthropic.AsyncAnthropicGoogleCloud", "anthropic", "vertex", True, id="google-cloud"
        ),
        pytest.param("anthropic.AnthropicFoundry", "anthropic", "azure", False, id="foundry"),
    ],
)
def test_client_classes(
    catalogue: Catalogue, qualname: str, sdk_id: str, provider: str, is_async: bool
) -> None:
    found_sdk, index = catalogue.client_classes[qualname]
    client = _sdk(catalogue, sdk_id).clients[index]
    assert (found_sdk, client.provider, client.is_async) == (sdk_id, provider, is_async)


@pytest.mark.parametrize(
    ("sdk_id", "env_var", "provider"),
    [
        pytest.param("openai", "OPENAI_API_KEY", "openai", id="openai-key"),
        pytest.param("openai", "OPENAI_API_VERSION", "azure", id="azure-version"),
        pytest.param("openai", "AWS_BEARER_TOKEN_BEDROCK", "bedrock", id="openai-bedrock"),
        pytest.param("anthropic", "ANTHROPIC_FOUNDRY_API_KEY", "azure", id="foundry"),
        pytest.param("anthropic", "CLOUD_ML_REGION", "vertex", id="vertex-region"),
    ],
)
def test_env_vars(catalogue: Catalogue, sdk_id: str, env_var: str, provider: str) -> None:
    assert _sdk(catalogue, sdk_id).env_vars[env_var] == provider


def test_openai_module_client_configuration(catalogue: Catalogue) -> None:
    openai = _sdk(catalogue, "openai")
    by_name = {g.name: g for g in openai.config_globals}
    assert openai.module_client
    assert by_name["base_url"].provider_from_value
    assert by_name["api_base"].provider_from_value
    assert by_name["azure_endpoint"].provider == "azure"
    # api_type's value decides the provider, so assigning it selects none by itself.
    assert by_name["api_type"].provider is None
    assert not _sdk(catalogue, "anthropic").module_client


def test_openai_v0_feature_covers_every_v0_class(catalogue: Catalogue) -> None:
    openai = _sdk(catalogue, "openai")
    (v0,) = (f for f in openai.features if f.id == "openai-v0-api")
    assert set(v0.module_resources) == {c.split(".")[0] for c in openai.module_methods}


@pytest.mark.parametrize(
    ("provider", "host", "litellm_prefix"),
    [
        pytest.param("openai", "api.openai.com", "openai", id="openai"),
        pytest.param("azure", ".openai.azure.com", "azure", id="azure"),
        pytest.param("deepseek", "api.deepseek.com", "deepseek", id="deepseek"),
        pytest.param("openrouter", "openrouter.ai", "openrouter", id="openrouter"),
        pytest.param("gemini", "generativelanguage.googleapis.com", "gemini", id="gemini"),
    ],
)
def test_provider_hosts(
    catalogue: Catalogue, provider: str, host: str, litellm_prefix: str
) -> None:
    spec = catalogue.providers[provider]
    assert (host in spec.hosts, spec.litellm_prefix) == (True, litellm_prefix)


def test_ollama_is_found_by_its_port(catalogue: Catalogue) -> None:
    assert ":11434" in catalogue.providers["ollama"].url_markers


# --- consistency of every shipped SDK file ---------------------------------------------------


@pytest.mark.parametrize("sdk", _all_sdks(), ids=lambda sdk: sdk.sdk)
def test_referenced_providers_exist(catalogue: Catalogue, sdk: SdkCatalogue) -> None:
    referenced = {sdk.default_provider}
    referenced |= {client.provider for client in sdk.clients}
    referenced |= set(sdk.env_vars.values())
    referenced |= {g.provider for g in sdk.config_globals if g.provider is not None}
    assert referenced - set(catalogue.providers) == set()


@pytest.mark.parametrize("sdk", _all_sdks(), ids=lambda sdk: sdk.sdk)
def test_feature_apis_match_a_method(sdk: SdkCatalogue) -> None:
    chains = list(sdk.methods) + list(sdk.module_methods)
    unmatched = [
        f"{feature.id}: {api}"
        for feature in sdk.features
        for api in feature.apis
        if not any(chain == api or chain.startswith(api + ".") for chain in chains)
    ]
    assert unmatched == []


def _examples(sdk: SdkCatalogue) -> Iterator[tuple[str, str]]:
    for feature in sdk.features:
        for index, code in enumerate(feature.examples.invalid):
            yield f"{feature.id}.invalid[{index}]", code
        for index, code in enumerate(feature.examples.valid):
            yield f"{feature.id}.valid[{index}]", code


def _imported_roots(code: str) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            roots |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module)
            roots |= {f"{node.module}.{alias.name}" for alias in node.names}
    return roots


@pytest.mark.parametrize("sdk", _all_sdks(), ids=lambda sdk: sdk.sdk)
def test_examples_are_python_that_imports_the_sdk(sdk: SdkCatalogue) -> None:
    def imports_sdk(code: str) -> bool:
        return any(
            name == root or name.startswith(root + ".")
            for name in _imported_roots(code)
            for root in sdk.import_roots
        )

    assert [where for where, code in _examples(sdk) if not imports_sdk(code)] == []


# --- invariants every shipped SDK file keeps ------------------------------------------------


@pytest.mark.parametrize("sdk", _all_sdks(), ids=lambda sdk: sdk.sdk)
def test_short_likely_chains_need_keywords(sdk: SdkCatalogue) -> None:
    # `client.messages.create(body=, to=)` is Twilio: a chain of two segments alone
    # proves nothing about an unknown receiver.
    loose = [
        chain
        for chain, spec in sdk.methods.items()
        if spec.likely and chain.count(".") < 2 and not spec.likely_kwargs
    ]
    assert loose == []


@pytest.mark.parametrize("sdk", _all_sdks(), ids=lambda sdk: sdk.sdk)
def test_likely_kwargs_imply_likely(sdk: SdkCatalogue) -> None:
    specs = list(sdk.methods.values()) + list(sdk.module_methods.values())
    assert [s for s in specs if s.likely_kwargs and not s.likely] == []


# Same chain, both `likely`, one's keywords a subset of the other's: which SDK the guess
# names depends on the order of the files. These were there when the check was widened
# from the smaller SDKs to every file.
KNOWN_LIKELY_COLLISIONS = {
    ("anthropic", "completions.create", "openai"),
    *(
        (sdk_id, f"beta.agents.{verb}", other)
        for sdk_id, other in (("openai", "anthropic"), ("anthropic", "openai"))
        for verb in ("create", "list", "retrieve", "update")
    ),
}


@pytest.mark.parametrize("sdk", _all_sdks(), ids=lambda sdk: sdk.sdk)
def test_likely_chains_do_not_collide_across_sdks(catalogue: Catalogue, sdk: SdkCatalogue) -> None:
    others = [s for s in catalogue.sdks.values() if s.sdk != sdk.sdk]
    collisions = {
        (sdk.sdk, chain, other.sdk)
        for chain, spec in sdk.methods.items()
        if spec.likely
        for other in others
        if chain in other.methods
        and other.methods[chain].likely
        and set(other.methods[chain].likely_kwargs) <= set(spec.likely_kwargs)
    }
    assert collisions - KNOWN_LIKELY_COLLISIONS == set()


def _named_async(qualname: str) -> bool:
    """`AsyncOpenAI`, `MistralAsyncClient`, `xai_sdk.aio.client.Client`, `types_aiobotocore_*`."""
    module, _, name = qualname.rpartition(".")
    return "Async" in name or any(part.startswith("aio") for part in re.split(r"[._]", module))


@pytest.mark.parametrize("sdk", _all_sdks(), ids=lambda sdk: sdk.sdk)
def test_async_clients_are_marked(sdk: SdkCatalogue) -> None:
    for client in sdk.clients:
        assert client.is_async == all(_named_async(name) for name in client.names), client.names


@pytest.mark.parametrize("sdk", _all_sdks(), ids=lambda sdk: sdk.sdk)
def test_every_response_shape_is_returned_somewhere(sdk: SdkCatalogue) -> None:
    returned = {s.returns for s in [*sdk.methods.values(), *sdk.module_methods.values()]}
    assert set(sdk.responses) - returned == set()


# These describe only the responses whose shape locks code in: OpenAI's shape is what
# LiteLLM and any-llm return, and Anthropic's token counts, batches and pages are not read.
RETURNS_DESCRIBED_IN_PART = (
    "openai",
    "anthropic",
    "fireworks",
    "groq",
    "huggingface",
    "mistralai",
    "together",
)


@pytest.mark.parametrize(
    "sdk",
    [sdk for sdk in _all_sdks() if sdk.sdk not in RETURNS_DESCRIBED_IN_PART],
    ids=lambda sdk: sdk.sdk,
)
def test_every_returns_has_a_response_shape(sdk: SdkCatalogue) -> None:
    returns = {m.returns for m in [*sdk.methods.values(), *sdk.module_methods.values()]}
    assert returns - {None} - set(sdk.responses) == set()


# --- conventions of the openai and anthropic files -------------------------------------------


@pytest.mark.parametrize("sdk_id", OWNED_SDKS)
def test_wrappers_are_declared(catalogue: Catalogue, sdk_id: str) -> None:
    sdk = _sdk(catalogue, sdk_id)
    assert (sdk.client_preserving, sdk.transparent) == (
        ("with_options", "copy"),
        ("with_raw_response", "with_streaming_response"),
    )
