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


MAX_ENTRY_POINT_NAMES = 5
"""How many entry point names a `BlastRadius` lists; the count is always complete."""


class BlastRadius(_Frozen):
    """Who depends on a finding's site: reverse reachability in the exposure graph.

    Counted from the site's enclosing function (or class, or module for
    module-level code) back through every resolved call to it.
    """

    functions: int = Field(
        ge=0,
        description="Functions and methods that reach the site through calls, the enclosing "
        "one included.",
    )
    modules: int = Field(ge=0, description="Modules holding the site or one of those functions.")
    entry_points: int = Field(
        ge=0,
        description="Entry points (routes, CLI commands, `__main__` blocks, console scripts) "
        "among them.",
    )
    entry_point_names: tuple[str, ...] = Field(
        default=(),
        description=f"The first {MAX_ENTRY_POINT_NAMES} of those entry points in name order.",
    )


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
    blast_radius: BlastRadius | None = Field(
        default=None,
        description="Who depends on this site in the exposure graph; None only in a report "
        "built without one.",
    )
    suppressed: bool = Field(
        default=False,
        description="Silenced by `# vendorlock: ignore[RULE]` or `ignore-file`: listed, never "
        "counted in the summary, the score or a gate.",
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
    suppressed: int = Field(default=0, ge=0, description="Findings silenced in the source.")


class ToolInfo(_Frozen):
    name: Literal["vendorlock"] = "vendorlock"
    version: str


Grade = Literal["A", "B", "C", "D", "F"]
"""A for portable (below 20) to F for locked (80 and above), in steps of 20 points."""

ComponentName = Literal["reach", "surface", "scatter"]
EntryKindName = Literal["main", "script", "route", "cli"]


class ScoreComponent(_Frozen):
    """One named part of a lock-in score; the parts of a score sum to its total."""

    name: ComponentName
    points: float = Field(ge=0, le=100, description="What this part adds to the total.")
    max_points: float = Field(ge=0, le=100, description="The most this part can add.")
    measure: float = Field(
        ge=0, le=1, description="The part's measure before weighting, 0 to 1 (4 decimals)."
    )
    detail: str = Field(description="What was measured, in one sentence.")


class ScopeScore(_Frozen):
    """The score of one slice of the findings: those of a module, an SDK or a provider.

    Computed by the project's formula as if the slice were the project's only
    coupling, so slices can be compared; they do not add up to the project's total.
    """

    name: str
    total: float = Field(ge=0, le=100)
    grade: Grade
    components: tuple[ScoreComponent, ...]


class Containment(_Frozen):
    """How many direct vendor calls sit inside the modules declared as the gateway."""

    gateway: tuple[str, ...] = Field(description="The gateway's path globs (`app/llm/**`).")
    direct_calls: int = Field(ge=0, description="Findings of kind `call`.")
    inside: int = Field(ge=0, description="Those in a file the gateway globs match.")
    share: float | None = Field(
        ge=0,
        le=1,
        description="`inside / direct_calls`; None without a gateway or without direct calls.",
    )
    modules_outside: tuple[str, ...] = Field(
        description="Modules with direct calls outside the gateway, in name order."
    )


class EntryPointExposure(_Frozen):
    """A user-facing entry point that depends on a vendor, and on which SDKs."""

    name: str = Field(description="Qualified name; the module itself for a `__main__` block.")
    kind: EntryKindName
    sdks: tuple[str, ...] = Field(description="SDKs it reaches, in name order.")


class LockInScore(_Frozen):
    """0 (portable) to 100 (locked): `docs/scoring.md` defines every part."""

    total: float = Field(ge=0, le=100, description="The sum of the components' points.")
    grade: Grade
    components: tuple[ScoreComponent, ...]
    modules: tuple[ScopeScore, ...] = Field(
        description="Each module with findings, highest score first."
    )
    sdks: tuple[ScopeScore, ...] = Field(description="Each SDK, highest score first.")
    providers: tuple[ScopeScore, ...] = Field(description="Each provider, highest score first.")
    containment: Containment
    entry_points: tuple[EntryPointExposure, ...] = Field(
        description="Entry points that reach a vendor, most SDKs first, then by name."
    )


class Report(_Frozen):
    """The result of one scan: the public contract of the JSON report."""

    schema_version: str = SCHEMA_VERSION
    tool: ToolInfo
    root: str = Field(description="The scan root, as given (absolute POSIX path).")
    summary: Summary
    score: LockInScore | None = Field(
        default=None,
        description="The lock-in score and its breakdown; None only in a report built "
        "without the exposure graph.",
    )
    findings: tuple[Finding, ...]
    diagnostics: tuple[Diagnostic, ...]


class HistoryPoint(_Frozen):
    """The scan of one commit's tree: its lock-in score and counts (suppressed excluded)."""

    commit: str = Field(description="The full commit hash.")
    tree: str = Field(description="The scanned tree's hash; equal trees give equal points.")
    date: str = Field(description="Committer date, ISO 8601 with offset.")
    subject: str = Field(description="The first line of the commit message.")
    score: float | None = Field(ge=0, le=100, description="None without a lock-in score.")
    grade: Grade | None
    findings: int = Field(ge=0)
    by_kind: dict[str, int]
    by_sdk: dict[str, int]
    files_scanned: int = Field(ge=0)
    files_failed: int = Field(ge=0)


class History(_Frozen):
    """The lock-in score over git history (`vendorlock history`), oldest commit first."""

    schema_version: str = SCHEMA_VERSION
    tool: ToolInfo
    path: str = Field(description="The scanned path relative to the repository root (`.`).")
    points: tuple[HistoryPoint, ...]


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
