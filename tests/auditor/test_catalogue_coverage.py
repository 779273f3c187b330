"""Every catalogue entry is exercised: each client class, each method, each config global,
each feature's examples. The cases are generated from the catalogue itself, so an entry
added to a TOML file is tested without writing a test for it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from vendorlock import ScanOptions, scan
from vendorlock.auditor.catalogue import SdkCatalogue, default_catalogue
from vendorlock.model import Confidence, Finding, Kind

CATALOGUE = default_catalogue()


def _scan_code(tmp_path: Path, code: str) -> list[Finding]:
    (tmp_path / "snippet.py").write_text(code, encoding="utf-8")
    return list(scan([tmp_path], ScanOptions(min_confidence=Confidence.LIKELY)).findings)


def _sync_client(sdk: SdkCatalogue) -> str:
    return next(c for c in sdk.clients if not c.is_async).names[0]


def _client_cases() -> Sequence[object]:
    return [
        pytest.param(sdk.sdk, name, client.provider, id=name)
        for sdk in CATALOGUE.sdks.values()
        for client in sdk.clients
        for name in client.names
    ]


@pytest.mark.parametrize(("sdk", "qualname", "provider"), _client_cases())
def test_every_client_class_is_a_client(
    tmp_path: Path, sdk: str, qualname: str, provider: str
) -> None:
    module, _, name = qualname.rpartition(".")
    findings = _scan_code(tmp_path, f"from {module} import {name}\n\nclient = {name}()\n")

    clients = [(f.rule, f.line, f.sdk, f.provider) for f in findings if f.kind is Kind.CLIENT]
    assert clients == [("vendor-client", 3, sdk, provider)]


def _method_cases() -> Sequence[object]:
    cases = []
    for sdk in CATALOGUE.sdks.values():
        for chain, method in sdk.methods.items():
            cases.append(
                pytest.param(sdk.sdk, chain, False, method.portability, id=f"{sdk.sdk}:{chain}")
            )
        for chain, method in sdk.module_methods.items():
            cases.append(
                pytest.param(
                    sdk.sdk, chain, True, method.portability, id=f"{sdk.sdk}:module:{chain}"
                )
            )
    return cases


@pytest.mark.parametrize(("sdk_id", "chain", "from_module", "portability"), _method_cases())
def test_every_method_is_a_call(
    tmp_path: Path, sdk_id: str, chain: str, from_module: bool, portability: str
) -> None:
    sdk = CATALOGUE.sdks[sdk_id]
    root = sdk.import_roots[0]
    if from_module:
        code = f"import {root}\n\nresult = {root}.{chain}()\n"
    else:
        module, _, name = _sync_client(sdk).rpartition(".")
        code = f"from {module} import {name}\n\nclient = {name}()\nresult = client.{chain}()\n"
    findings = _scan_code(tmp_path, code)

    calls = [
        (f.line, f.api, f.portability.value, f.confidence.value)
        for f in findings
        if f.rule == "vendor-call"
    ]
    line = 3 if from_module else 4
    assert calls == [(line, f"{sdk_id}:{chain}", portability, "certain")]


def _config_cases() -> Sequence[object]:
    return [
        pytest.param(sdk.sdk, setting.name, id=f"{sdk.sdk}.{setting.name}")
        for sdk in CATALOGUE.sdks.values()
        for setting in sdk.config_globals
    ]


@pytest.mark.parametrize(("sdk_id", "name"), _config_cases())
def test_every_config_global_is_reported(tmp_path: Path, sdk_id: str, name: str) -> None:
    root = CATALOGUE.sdks[sdk_id].import_roots[0]
    findings = _scan_code(tmp_path, f"import {root}\n\n{root}.{name} = 'value'\n")

    configs = [(f.rule, f.line, f.api) for f in findings if f.rule == "vendor-config"]
    assert configs == [("vendor-config", 3, f"{sdk_id}:{name}")]


def _example_cases(valid: bool) -> Sequence[object]:
    cases = []
    for feature_id, (_sdk, feature) in CATALOGUE.features.items():
        examples = feature.examples.valid if valid else feature.examples.invalid
        for number, code in enumerate(examples, start=1):
            cases.append(pytest.param(feature_id, code, id=f"{feature_id}-{number}"))
    return cases


@pytest.mark.parametrize(("feature_id", "code"), _example_cases(valid=False))
def test_every_feature_fires_on_its_invalid_examples(
    tmp_path: Path, feature_id: str, code: str
) -> None:
    fired = [f for f in _scan_code(tmp_path, code) if f.rule == feature_id]

    assert fired, f"{feature_id} did not fire on its own example:\n{code}"
    assert all(f.kind is Kind.FEATURE and f.features == (feature_id,) for f in fired)


@pytest.mark.parametrize(("feature_id", "code"), _example_cases(valid=True))
def test_no_feature_fires_on_its_valid_examples(tmp_path: Path, feature_id: str, code: str) -> None:
    fired = [(f.line, f.code) for f in _scan_code(tmp_path, code) if f.rule == feature_id]

    assert fired == []


def _env_cases() -> Sequence[object]:
    return [
        pytest.param(sdk.sdk, name, provider, id=f"{sdk.sdk}:{name}")
        for sdk in CATALOGUE.sdks.values()
        for name, provider in sdk.env_vars.items()
        if any(name.endswith(suffix) for suffix in ("_API_KEY", "_BASE_URL", "_ENDPOINT"))
    ]


@pytest.mark.parametrize(("sdk_id", "env_var", "provider"), _env_cases())
def test_key_and_endpoint_env_vars_name_the_provider(
    tmp_path: Path, sdk_id: str, env_var: str, provider: str
) -> None:
    sdk = CATALOGUE.sdks[sdk_id]
    client = next(
        (c for c in sdk.clients if c.provider == sdk.default_provider and not c.is_async), None
    )
    if client is None or provider != sdk.default_provider:
        pytest.skip("the env var belongs to a client class with its own provider")
    module, _, name = client.names[0].rpartition(".")
    keyword = "api_key" if env_var.endswith("_API_KEY") else "base_url"
    code = (
        f"import os\nfrom {module} import {name}\n\nc = {name}({keyword}=os.getenv('{env_var}'))\n"
    )

    providers = [f.provider for f in _scan_code(tmp_path, code) if f.rule == "vendor-client"]
    assert providers == [provider]


def _factory_cases() -> Sequence[object]:
    return [
        pytest.param(sdk.sdk, function, factory, service, id=f"{function}({service})")
        for sdk in CATALOGUE.sdks.values()
        for factory in sdk.client_factories
        for function in factory.functions
        for service in factory.services
    ]


@pytest.mark.parametrize(("sdk_id", "function", "factory", "service"), _factory_cases())
def test_every_client_factory_service_makes_a_client(
    tmp_path: Path, sdk_id: str, function: str, factory: object, service: str
) -> None:
    module, _, chain = function.partition(".")
    findings = _scan_code(tmp_path, f"import {module}\n\nclient = {module}.{chain}({service!r})\n")

    clients = [(f.rule, f.line, f.sdk) for f in findings if f.rule == "vendor-client"]
    assert clients == [("vendor-client", 3, sdk_id)]


def _wrapper_cases() -> Sequence[object]:
    return [
        pytest.param(sdk.sdk, function, id=function)
        for sdk in CATALOGUE.sdks.values()
        for wrapper in sdk.wrappers
        for function in wrapper.functions
    ]


@pytest.mark.parametrize(("sdk_id", "function"), _wrapper_cases())
def test_every_wrapper_keeps_the_wrapped_clients_vendor(
    tmp_path: Path, sdk_id: str, function: str
) -> None:
    module, _, name = function.rpartition(".")
    code = (
        f"from openai import OpenAI\nfrom {module} import {name}\n\n"
        f"client = {name}(OpenAI())\n"
        "client.chat.completions.create(model='gpt-4o', messages=[])\n"
    )
    findings = _scan_code(tmp_path, code)

    calls = [(f.line, f.sdk, f.confidence.value) for f in findings if f.rule == "vendor-call"]
    assert calls == [(5, "openai", "certain")]
