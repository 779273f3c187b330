"""The schema of a catalogue file: what one vendor SDK exposes.

One TOML file per SDK (`<sdk>.toml` beside this module) is validated against
`SdkCatalogue` when it is loaded, so a misspelt key or a bad value is an error
naming the file and the key, never a rule that silently matches nothing.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vendorlock.model import Portability, Severity

_CHAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_RULE_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _check_chain(value: str) -> str:
    if not _CHAIN.match(value):
        raise ValueError(f"{value!r} is not a dotted name such as 'chat.completions.create'")
    return value


class MethodSpec(_Strict):
    """A callable member reached from a client (or from the SDK module)."""

    portability: Portability
    returns: str | None = Field(
        default=None, description="What the call returns, for response tracking, e.g. 'message'."
    )
    likely: bool = Field(
        default=False,
        description="The chain alone identifies the SDK even on a receiver of unknown type.",
    )
    likely_kwargs: tuple[str, ...] = Field(
        default=(),
        description="Keywords that must all be present before an unknown receiver is 'likely'.",
    )
    note: str | None = Field(default=None, description="Shown in the finding message.")
    returns_client: str | None = Field(
        default=None,
        description="The call returns an object of this client class (a chat session, a "
        "model handle), whose methods are in the same tree.",
    )


class ClientSpec(_Strict):
    """A class whose instances are clients of the SDK."""

    names: tuple[str, ...] = Field(
        min_length=1, description="Qualified names, the first canonical: 'openai.OpenAI'."
    )
    provider: str
    is_async: bool = False
    provider_keywords: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="Constructor keywords whose literal value picks the provider: "
        "{vertexai = {True = 'vertex'}} (values compared as written: True, 'us-east-1').",
    )

    @field_validator("names")
    @classmethod
    def _names_are_dotted(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        for name in names:
            _check_chain(name)
        return names


class ParamMatch(_Strict):
    """A keyword argument that marks a proprietary feature.

    With neither `value_key` nor `value`, any use of the keyword matches. With
    `value`, the keyword's literal value (or, with `value_key`, the literal under
    that key of a dict passed to it) must equal it, or start with it when it
    ends with '*'.
    """

    name: str
    value_key: str | None = None
    value: str | bool | None = None


class DictKeyMatch(_Strict):
    """A key in a dict literal (a message block, a tool) that marks a feature."""

    key: str
    value_key: str | None = None
    value: str | None = None


class Examples(_Strict):
    """Code the rule must flag (invalid) and must not flag (valid)."""

    invalid: tuple[str, ...] = Field(min_length=1)
    valid: tuple[str, ...] = ()


class FeatureSpec(_Strict):
    """A proprietary feature: a documented rule of kind `feature`."""

    id: str
    title: str
    summary: str = Field(description="What the rule finds.")
    why: str = Field(description="Why it ties the code to the vendor.")
    alternative: str = Field(description="The portable alternative, and what is lost.")
    portability: Portability = Portability.MANUAL
    severity: Severity = Severity.ERROR
    resources: tuple[str, ...] = Field(
        default=(),
        description="Method-chain prefixes that are the feature, e.g. 'beta.assistants'.",
    )
    module_resources: tuple[str, ...] = Field(
        default=(), description="Chain prefixes reached from the SDK module (v0 APIs)."
    )
    params: tuple[ParamMatch, ...] = ()
    dict_keys: tuple[DictKeyMatch, ...] = ()
    apis: tuple[str, ...] = Field(
        default=(),
        description="Restrict `params` to calls of these chains (prefixes); empty means any.",
    )
    providers: tuple[str, ...] = Field(
        default=(),
        description="Restrict the feature to clients served by these providers (openrouter).",
    )
    examples: Examples

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, value: str) -> str:
        if not _RULE_ID.match(value):
            raise ValueError(f"{value!r} is not a rule id such as 'openai-assistants'")
        return value

    @model_validator(mode="after")
    def _has_a_signal(self) -> FeatureSpec:
        if not (self.resources or self.module_resources or self.params or self.dict_keys):
            raise ValueError(f"feature {self.id!r} has no detection signal")
        return self


class ConfigGlobal(_Strict):
    """A module attribute that configures the SDK's module-level client."""

    name: str
    provider_from_value: bool = Field(
        default=False, description="A URL assigned here names the provider (base_url, api_base)."
    )
    provider: str | None = Field(
        default=None, description="Assigning this selects a provider (azure_endpoint -> azure)."
    )
    provider_values: dict[str, str] = Field(
        default_factory=dict,
        description="String values that select a provider: api_type = 'azure' -> azure.",
    )


class SdkCatalogue(_Strict):
    """Everything vendorlock knows about one vendor SDK."""

    sdk: str
    display_name: str
    package: str = Field(description="The PyPI distribution name.")
    import_roots: tuple[str, ...] = Field(min_length=1)
    default_provider: str
    docs_url: str
    type_modules: tuple[str, ...] = Field(
        default=(), description="Modules whose imports are type-only, e.g. 'openai.types'."
    )
    clients: tuple[ClientSpec, ...] = ()
    url_keywords: tuple[str, ...] = Field(
        default=(),
        description="Constructor keywords of this SDK's clients that carry the endpoint, beyond "
        "the common ones (base_url, api_base, azure_endpoint, endpoint, host, server_url): "
        "LangChain's field names such as 'openai_api_base'.",
    )
    client_preserving: tuple[str, ...] = Field(
        default=(), description="Client methods that return a configured copy: with_options, copy."
    )
    transparent: tuple[str, ...] = Field(
        default=(),
        description="Chain segments that wrap a resource (with_raw_response).",
    )
    methods: dict[str, MethodSpec] = Field(
        default_factory=dict, description="Chains reached from a client instance."
    )
    module_client: bool = Field(
        default=False,
        description="`<module>.<resource>` behaves like a client instance (openai v1).",
    )
    module_methods: dict[str, MethodSpec] = Field(
        default_factory=dict,
        description="Chains reached from the SDK module itself, e.g. v0 'ChatCompletion.create'.",
    )
    config_globals: tuple[ConfigGlobal, ...] = ()
    env_vars: dict[str, str] = Field(
        default_factory=dict, description="Environment variable -> the provider it implies."
    )
    features: tuple[FeatureSpec, ...] = ()
    client_factories: tuple[ClientFactory, ...] = ()
    wrappers: tuple[Wrapper, ...] = ()
    generic_clients: tuple[GenericClient, ...] = ()
    exceptions: tuple[str, ...] = Field(
        default=(), description="Qualified names of the SDK's exception classes."
    )
    exception_modules: tuple[str, ...] = Field(
        default=(), description="Modules all of whose classes are exceptions ('openai.error')."
    )
    exception_portability: Portability = Field(
        default=Portability.ASSISTED,
        description="auto when handlers keep working on the neutral layer (LiteLLM's "
        "exceptions subclass openai's).",
    )
    responses: dict[str, ResponseShape] = Field(
        default_factory=dict, description="By a method's `returns`: what is vendor-specific."
    )

    @field_validator("methods", "module_methods")
    @classmethod
    def _chains_are_dotted(cls, methods: dict[str, MethodSpec]) -> dict[str, MethodSpec]:
        for chain in methods:
            _check_chain(chain)
        return methods

    @model_validator(mode="after")
    def _references_resolve(self) -> SdkCatalogue:
        clients = {name for client in self.clients for name in client.names}
        for factory in self.client_factories:
            for service, name in factory.services.items():
                if name not in clients:
                    raise ValueError(f"client_factories: {service!r} names unknown client {name!r}")
        for tree in (self.methods, self.module_methods):
            for chain, method in tree.items():
                if method.returns_client is not None and method.returns_client not in clients:
                    raise ValueError(
                        f"methods.{chain}.returns_client: unknown client {method.returns_client!r}"
                    )
        for generic in self.generic_clients:
            for chain in generic.methods:
                if chain not in self.methods:
                    raise ValueError(f"generic_clients.methods: {chain!r} is not a method")
        return self

    @model_validator(mode="after")
    def _feature_resources_exist(self) -> SdkCatalogue:
        for feature in self.features:
            for prefix in feature.resources:
                if not any(_has_prefix(chain, prefix) for chain in self.methods):
                    raise ValueError(
                        f"features.{feature.id}.resources: {prefix!r} matches no method"
                    )
            for prefix in feature.module_resources:
                if not any(_has_prefix(chain, prefix) for chain in self.module_methods):
                    raise ValueError(
                        f"features.{feature.id}.module_resources: {prefix!r} matches no method"
                    )
        return self


class ClientFactory(_Strict):
    """A function whose argument picks the client: `boto3.client("bedrock-runtime")`.

    `functions` are qualified names; `()` marks a call in the chain, so
    `boto3.Session().client` is the `client` method of a `boto3.Session()`.
    """

    functions: tuple[str, ...] = Field(min_length=1)
    argument: str | None = Field(default=None, description="The keyword naming the service.")
    position: int | None = Field(default=0, description="Its position when passed positionally.")
    services: dict[str, str] = Field(
        min_length=1, description="Argument value -> qualified name of a client class here."
    )


class GenericClient(_Strict):
    """A client class of a library that serves many services, this SDK's among them.

    botocore's `BaseClient` is any AWS service's client; on a receiver of that type only
    methods no other service has (`converse`) say it is this SDK's, and only `likely`.
    """

    classes: tuple[str, ...] = Field(min_length=1, description="Qualified class names.")
    methods: tuple[str, ...] = Field(
        min_length=1,
        description="Client methods distinctive enough for a `likely` finding on such a "
        "receiver, whatever the keywords (`likely_kwargs` do not apply).",
    )

    @field_validator("classes", "methods")
    @classmethod
    def _dotted(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        for name in names:
            _check_chain(name)
        return names


class Wrapper(_Strict):
    """A function that returns the vendor client it is given, patched: `instructor.patch`."""

    functions: tuple[str, ...] = Field(min_length=1)
    argument: str | None = "client"
    position: int = 0


class ResponseShape(_Strict):
    """What is vendor-specific about reading one kind of response."""

    attributes: tuple[str, ...] = Field(
        default=(), description="Attributes only this vendor's response has: 'content', 'text'."
    )
    keys: tuple[str, ...] = Field(
        default=(), description="Dict keys only this vendor's response has (Bedrock: 'output')."
    )
    alternative: str = Field(description="How the neutral (OpenAI-shaped) response reads it.")


class ProviderSpec(_Strict):
    """A service that can sit behind an SDK client (DeepSeek behind `openai`)."""

    id: str
    display_name: str
    sdk: str | None = Field(
        default=None,
        description="The SDK its model ids and keys belong to when no call says otherwise.",
    )
    hosts: tuple[str, ...] = Field(
        default=(), description="Host names (or suffixes starting with '.') of its base URLs."
    )
    url_markers: tuple[str, ...] = Field(
        default=(), description="Substrings of a base URL that identify it (e.g. ':11434')."
    )
    env_prefixes: tuple[str, ...] = Field(
        default=(), description="Prefixes of env var names that name it, e.g. 'DEEPSEEK_'."
    )
    headers: tuple[str, ...] = Field(
        default=(), description="Request headers only this provider uses ('HTTP-Referer')."
    )
    model_patterns: tuple[str, ...] = Field(
        default=(),
        description="Regexes (matched whole, ignoring case) of this provider's model ids.",
    )
    model_tokens: tuple[str, ...] = Field(
        default=(),
        description="Plain substrings every model id of the provider contains ('claude-'): "
        "the prefilter reads files that mention one, such as a settings module.",
    )
    key_patterns: tuple[str, ...] = Field(
        default=(), description="Regexes of this provider's API key literals ('sk-ant-...')."
    )
    litellm_prefix: str | None = None


class ProviderTable(_Strict):
    providers: tuple[ProviderSpec, ...]


def _has_prefix(chain: str, prefix: str) -> bool:
    return chain == prefix or chain.startswith(prefix + ".")
