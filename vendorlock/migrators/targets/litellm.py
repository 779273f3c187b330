"""LiteLLM (`litellm.completion` / `acompletion` / `embedding` / `aembedding`).

Models are `"<prefix>/<model>"` with the provider's `litellm_prefix` from the
catalogue; the client's key, base URL and Azure endpoint and version (AWS
region and credentials for Bedrock) are passed on each call. Embedding items
are dicts in LiteLLM's response. A vendor SDK's bare base URL gets the API path
LiteLLM expects (Gemini `/v1beta`, Cohere `/v2/chat`), and Bedrock Converse
calls keep to Converse (`bedrock/converse/<modelId>`).
"""

from __future__ import annotations

import libcst as cst

from vendorlock.auditor.catalogue import default_catalogue
from vendorlock.migrators.carry import code_of
from vendorlock.migrators.cstutil import env_read, make_string, string_value
from vendorlock.migrators.ir import (
    CallSite,
    ConfigKey,
    Issue,
    Operation,
    Param,
    ResponseShape,
    Safety,
)
from vendorlock.migrators.targets.base import Target

# Vendor SDKs that take a bare host, and the API path LiteLLM wants on its `api_base`
# (litellm/main.py: Cohere's is the whole chat URL; Gemini's ends in the API version).
API_PATHS = {ResponseShape.GEMINI: "v1beta", ResponseShape.COHERE_V2: "v2/chat"}


def _prefix(provider: str) -> str | None:
    spec = default_catalogue().providers.get(provider)
    prefix = spec.litellm_prefix if spec is not None else None
    return f"{prefix}/" if prefix else None


def _issues(site: CallSite) -> tuple[Issue, ...]:
    return (*_cohere_issues(site), *_base_url_issues(site))


def _cohere_issues(site: CallSite) -> tuple[Issue, ...]:
    """What LiteLLM 1.110.2's `cohere_chat` route cannot send as the cohere SDK does."""
    if site.provider != "cohere":
        return ()
    issues = []
    if site.stream:
        issues.append(
            Issue(
                Safety.MANUAL,
                "LiteLLM reads Cohere v2 stream events as one JSON object per line "
                "(llms/cohere/common_utils.py `CohereV2ModelResponseIterator`), but the v2 API "
                "streams server-sent events (the cohere SDK requires `text/event-stream`)",
            )
        )
    if any(param.name == "tool_choice" for param in site.params):
        issues.append(
            Issue(
                Safety.MANUAL,
                "LiteLLM's cohere_chat route drops `tool_choice` "
                "(`CohereV2ChatConfig.map_openai_params` does not map it)",
            )
        )
    return tuple(issues)


def _base_url_issues(site: CallSite) -> tuple[Issue, ...]:
    base = site.config.get(ConfigKey.BASE_URL)
    if base is None:
        return ()
    if site.response in API_PATHS and isinstance(base, cst.Call):
        return (
            Issue(
                Safety.UNSAFE,
                f"the base URL `{code_of(base)}` may be None (the vendor SDK then uses its "
                "default); LiteLLM needs a URL to add the API path to",
            ),
        )
    if site.response is ResponseShape.OLLAMA_CHAT and not _has_scheme(base):
        return (
            Issue(
                Safety.UNSAFE,
                f"`host={code_of(base)}` may lack a scheme or port, which the ollama SDK adds "
                "and LiteLLM does not",
            ),
        )
    return ()


def _has_scheme(expr: cst.BaseExpression) -> bool:
    """A URL with an explicit scheme: a literal, or an f-string or `+` that starts with one."""
    while isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
        expr = expr.left
    if isinstance(expr, cst.FormattedString) and expr.parts:
        first = expr.parts[0]
        text = first.value if isinstance(first, cst.FormattedStringText) else ""
    else:
        text = string_value(expr) or ""
    return text.startswith(("http://", "https://"))


def _adapt(site: CallSite, key: ConfigKey, value: cst.BaseExpression) -> cst.BaseExpression:
    """A vendor SDK's bare base URL with the API path LiteLLM expects."""
    path = API_PATHS.get(site.response)
    if key is not ConfigKey.BASE_URL or path is None:
        return value
    text = string_value(value)
    if text is not None:
        return make_string(f"{text.rstrip('/')}/{path}")
    if not isinstance(value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    stripped = cst.Call(cst.Attribute(value, cst.Name("rstrip")), [cst.Arg(make_string("/"))])
    return cst.BinaryOperation(stripped, cst.Add(), make_string(f"/{path}"))


def _defaults(site: CallSite) -> tuple[Param, ...]:
    """Azure settings the openai SDK reads from env vars LiteLLM does not read; for Bedrock, the
    tool choice LiteLLM sends only for models its model map marks `supports_tool_choice`
    (raising otherwise) unless the call allows it (llms/bedrock/chat/converse_transformation.py)."""
    if site.provider == "bedrock" and any(param.name == "tool_choice" for param in site.params):
        allowed = cst.List([cst.Element(make_string("tool_choice"))])
        return (Param("allowed_openai_params", allowed),)
    if site.provider != "azure":
        return ()
    return (
        Param("api_base", env_read("AZURE_OPENAI_ENDPOINT")),
        Param("api_version", env_read("OPENAI_API_VERSION")),
    )


TARGET = Target(
    name="litellm",
    module="litellm",
    functions={
        (Operation.CHAT, False): "completion",
        (Operation.CHAT, True): "acompletion",
        (Operation.EMBEDDING, False): "embedding",
        (Operation.EMBEDDING, True): "aembedding",
    },
    model_prefix=_prefix,
    payload_names={Operation.CHAT: "messages", Operation.EMBEDDING: "input"},
    config_names={
        ConfigKey.API_KEY: "api_key",
        ConfigKey.BASE_URL: "api_base",
        ConfigKey.AZURE_ENDPOINT: "api_base",
        ConfigKey.API_VERSION: "api_version",
        ConfigKey.ORGANIZATION: "organization",
        ConfigKey.TIMEOUT: "timeout",
        ConfigKey.MAX_RETRIES: "max_retries",
        ConfigKey.HEADERS: "extra_headers",
        ConfigKey.REGION: "aws_region_name",
        ConfigKey.AWS_ACCESS_KEY_ID: "aws_access_key_id",
        ConfigKey.AWS_SECRET_ACCESS_KEY: "aws_secret_access_key",
        ConfigKey.AWS_SESSION_TOKEN: "aws_session_token",
    },
    embedding_items_are_dicts=True,
    dict_style_responses=True,
    issues=_issues,
    defaults=_defaults,
    stream_closers=None,  # CustomStreamWrapper is a (async) context manager itself
    adapt_config=_adapt,
    # `bedrock/<id>` lets LiteLLM pick Converse, Invoke or chat completions by model id.
    routes={("bedrock", "converse"): "bedrock/converse/"},
)
