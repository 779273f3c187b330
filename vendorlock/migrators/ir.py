"""The neutral description of one call site to rewrite.

A source module (`sources/`) reads a vendor call into a `CallSite`; a target
module (`targets/`) renders a `CallSite` as a call of the neutral layer. The
two never meet: adding a target is one new module, and so is adding a source.

Expressions are libcst nodes taken from the file being rewritten (or copied
from the module that built the client), so the rendered call keeps the
user's own expressions, comments and layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, IntEnum

import libcst as cst


class Operation(str, Enum):
    """What the neutral call does."""

    CHAT = "chat"
    EMBEDDING = "embedding"


class Safety(IntEnum):
    """How safe a rewrite is; the worst issue of a site decides."""

    SAFE = 0  # applied by default
    UNSAFE = 1  # applied only with --unsafe-fixes
    MANUAL = 2  # never applied: listed for a person

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Issue:
    """Why a site is not a safe rewrite."""

    safety: Safety
    reason: str


class ResponseShape(str, Enum):
    """What the vendor call returns, so response access can be checked."""

    OPENAI_CHAT = "openai_chat"  # already OpenAI-shaped
    OPENAI_EMBEDDING = "openai_embedding"
    ANTHROPIC_MESSAGE = "anthropic_message"
    ANTHROPIC_STREAM = "anthropic_stream"  # `with client.messages.stream(...) as s`
    V0_CHAT = "v0_chat"  # dict-style OpenAIObject
    V0_EMBEDDING = "v0_embedding"
    GEMINI = "gemini"  # google-genai and google-generativeai: `resp.text`
    BEDROCK_CONVERSE = "bedrock_converse"  # a dict: `resp["output"]["message"]...`
    COHERE_V2 = "cohere_v2"  # `resp.message.content[0].text`
    OLLAMA_CHAT = "ollama_chat"  # `resp["message"]["content"]` or `resp.message.content`
    MISTRAL_CHAT = "mistral_chat"  # OpenAI-shaped; its stream events wrap each chunk in `.data`


class ConfigKey(str, Enum):
    """Client configuration the neutral call can carry."""

    API_KEY = "api_key"
    BASE_URL = "base_url"
    ORGANIZATION = "organization"
    TIMEOUT = "timeout"
    MAX_RETRIES = "max_retries"
    HEADERS = "default_headers"
    AZURE_ENDPOINT = "azure_endpoint"
    API_VERSION = "api_version"
    AZURE_DEPLOYMENT = "azure_deployment"
    # AWS (boto3 clients)
    REGION = "region_name"
    AWS_ACCESS_KEY_ID = "aws_access_key_id"
    AWS_SECRET_ACCESS_KEY = "aws_secret_access_key"
    AWS_SESSION_TOKEN = "aws_session_token"


@dataclass(frozen=True)
class ImportNeed:
    """An import the call site needs for a carried expression (`from app.llm import KEY`)."""

    module: str
    name: str | None = None
    asname: str | None = None


@dataclass(frozen=True)
class ClientConfig:
    """The client's configuration, as expressions valid at the call site."""

    values: dict[ConfigKey, cst.BaseExpression] = field(default_factory=dict)
    imports: tuple[ImportNeed, ...] = ()
    issues: tuple[Issue, ...] = ()

    def get(self, key: ConfigKey) -> cst.BaseExpression | None:
        return self.values.get(key)


@dataclass(frozen=True)
class Param:
    """One keyword argument of the neutral call.

    `source` is the original argument when there is one, so the renderer can
    keep its comma, whitespace and comments.
    """

    name: str
    value: cst.BaseExpression
    source: cst.Arg | None = None


@dataclass(frozen=True)
class CallSite:
    """Everything a target needs to write the neutral call for one vendor call."""

    operation: Operation
    is_async: bool
    stream: bool
    provider: str
    model: Param
    # chat: the messages (system prompt already folded in); embedding: the input
    payload: Param
    params: tuple[Param, ...]
    config: ClientConfig
    response: ResponseShape
    issues: tuple[Issue, ...] = ()
    # the original call, whose layout the rendered call follows
    original: cst.Call | None = None
    # the vendor API used, where a provider has several (`converse` on Bedrock); "" is the default
    route: str = ""
    # an async vendor call that returns its stream without `await` (an async generator, such as
    # Cohere's `AsyncClientV2.chat_stream`): the neutral call, a coroutine, must be awaited
    await_result: bool = False

    @property
    def safety(self) -> Safety:
        return worst(self.issues)


def worst(issues: tuple[Issue, ...] | list[Issue]) -> Safety:
    """The safety of a set of issues: the worst one, SAFE when there is none."""
    return max((issue.safety for issue in issues), default=Safety.SAFE)


class Unsupported(Exception):  # noqa: N818 - a signal, not an error report
    """A source cannot describe this call at all (raised and caught inside migrators)."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.reason)
        self.issue = issue


def manual(reason: str) -> Unsupported:
    """An `Unsupported` for a site a person has to move."""
    return Unsupported(Issue(Safety.MANUAL, reason))
