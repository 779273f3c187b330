"""The data that flows through vendorlock: findings, diagnostics and the report.

Every model is frozen and forbids unknown fields. The auditor makes each
`Finding` complete; the graph, the score, every report and every migrator read
it unchanged and never re-derive what the auditor knew.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class _Frozen(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_serialization_defaults_required=True
    )


class Kind(str, Enum):
    """What kind of coupling a finding is."""

    IMPORT = "import"
    CLIENT = "client"
    CALL = "call"
    FEATURE = "feature"
    MODEL = "model"
    RESPONSE = "response"
    EXCEPTION = "exception"
    ENV = "env"
    SECRET = "secret"


class Portability(str, Enum):
    """How far a site can be moved to a neutral layer automatically."""

    AUTO = "auto"  # a safe codemod exists
    ASSISTED = "assisted"  # an unsafe or partial codemod exists
    MANUAL = "manual"  # no neutral equivalent

    @property
    def rank(self) -> int:
        return _PORTABILITY_RANK[self]


_PORTABILITY_RANK = {Portability.AUTO: 0, Portability.ASSISTED: 1, Portability.MANUAL: 2}


class Confidence(str, Enum):
    """Whether the receiver's vendor type is proven or only the chain's shape matches."""

    CERTAIN = "certain"
    LIKELY = "likely"

    @property
    def rank(self) -> int:
        return 0 if self is Confidence.CERTAIN else 1


class Severity(str, Enum):
    """How much a finding weighs in reports and SARIF levels."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class Location(_Frozen):
    """A place in a scanned file (1-based line and column)."""

    path: str
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    cell: int | None = None


class Finding(_Frozen):
    """One place where the code is tied to a vendor."""

    rule: str = Field(description="Stable rule id; `vendorlock rules ID` explains it.")
    kind: Kind
    sdk: str = Field(description="The SDK in use, e.g. `openai`, `anthropic`.")
    provider: str = Field(
        description="Who serves the requests, e.g. `openai`, `azure`, `deepseek`."
    )
    api: str | None = Field(
        default=None,
        description="`<sdk>:<member chain>`, e.g. `openai:chat.completions.create`.",
    )
    path: str = Field(description="POSIX path relative to the scan root.")
    line: int = Field(ge=1, description="1-based line where the expression starts.")
    column: int = Field(ge=1, description="1-based column where the expression starts.")
    end_line: int = Field(ge=1)
    end_column: int = Field(ge=1)
    cell: int | None = Field(
        default=None,
        description="For notebooks: the 1-based index of the code cell; `line` is within it.",
    )
    features: tuple[str, ...] = Field(
        default=(), description="Proprietary features used at this site (rule ids)."
    )
    portability: Portability
    confidence: Confidence
    severity: Severity
    message: str
    code: str = Field(description="The source line (secrets redacted), stripped.")
    fingerprint: str = Field(
        description="Stable across unrelated edits: rule, path and normalized code, no line."
    )
    symbol: str | None = Field(
        default=None,
        description="Qualified name of the enclosing function or class (`app.llm.Bot.ask`); "
        "None at module level.",
    )
    client_origin: Location | None = Field(
        default=None,
        description="For calls and features on a constructed client: where it was constructed.",
    )


class DiagnosticKind(str, Enum):
    """Why a file could not be (fully) scanned."""

    SYNTAX_ERROR = "syntax-error"
    DECODE_ERROR = "decode-error"
    BINARY_FILE = "binary-file"
    UNREADABLE = "unreadable"
    NOTEBOOK_ERROR = "notebook-error"
    SKIPPED = "skipped"
    INTERNAL_ERROR = "internal-error"


class Diagnostic(_Frozen):
    """A file that was not scanned, or not completely, and why."""

    path: str
    kind: DiagnosticKind
    message: str
    line: int | None = None


class FileStatus(str, Enum):
    SCANNED = "scanned"
    SKIPPED = "skipped"
    FAILED = "failed"


class FileOutcome(_Frozen):
    """What happened to one discovered file."""

    path: str
    status: FileStatus
    reason: str | None = None


class Summary(_Frozen):
    """Counts over the whole scan, for people and for gates."""

    files_discovered: int
    files_scanned: int
    files_with_findings: int
    files_failed: int
    findings: int
    by_kind: dict[str, int]
    by_sdk: dict[str, int]
    by_provider: dict[str, int]
    by_confidence: dict[str, int]


class ToolInfo(_Frozen):
    name: Literal["vendorlock"] = "vendorlock"
    version: str


class Report(_Frozen):
    """The result of one scan: the public contract of the JSON report."""

    schema_version: str = SCHEMA_VERSION
    tool: ToolInfo
    root: str = Field(description="The scan root, as given (absolute POSIX path).")
    summary: Summary
    findings: tuple[Finding, ...]
    diagnostics: tuple[Diagnostic, ...]


class RuleExamples(_Frozen):
    """Code a rule must flag (invalid) and must leave alone (valid)."""

    invalid: tuple[str, ...]
    valid: tuple[str, ...] = ()


class RuleInfo(_Frozen):
    """The documentation of one rule, rendered by `vendorlock rules` and docs/rules.md."""

    id: str
    kind: Kind
    title: str
    summary: str = Field(description="What the rule finds.")
    why: str = Field(description="Why it locks you in.")
    alternative: str = Field(description="The portable alternative.")
    fix_safety: str = Field(description="What `vendorlock migrate` does about it.")
    severity: Severity
    sdk: str | None = Field(default=None, description="The SDK for SDK-specific rules.")
    examples: RuleExamples
