"""A small hand-built project (structures and findings) shared by the graph and score tests.

app/__init__.py   (empty)
app/llm.py        class Bot (method ask: anthropic messages.create + cache_control),
                  def chat -> nested _retry (openai chat.completions.create);
                  module level: import openai
app/views.py      routes index (calls chat, _render) and about; module body builds a Bot
app/cli.py        main() builds a Bot; `if __name__ == "__main__": main()`
"""

from __future__ import annotations

from vendorlock.auditor.structure import Definition, EntryKind, ModuleStructure
from vendorlock.model import Confidence, Finding, Kind, Portability, Severity

STRUCTURES = (
    ModuleStructure("app", "app/__init__.py"),
    ModuleStructure(
        "app.llm",
        "app/llm.py",
        definitions=(
            Definition("app.llm.Bot", "class"),
            Definition("app.llm.Bot.ask", "function"),
            Definition("app.llm.chat", "function"),
            Definition("app.llm.chat._retry", "function"),
        ),
        calls=(("app.llm.chat", "app.llm.chat._retry"),),
    ),
    ModuleStructure(
        "app.views",
        "app/views.py",
        definitions=(
            Definition("app.views.index", "function", EntryKind.ROUTE),
            Definition("app.views.about", "function", EntryKind.ROUTE),
            Definition("app.views._render", "function"),
        ),
        calls=(
            ("app.views", "app.llm.Bot"),
            ("app.views.index", "app.llm.chat"),
            ("app.views.index", "app.views._render"),
        ),
        imports=frozenset({"app.llm"}),
    ),
    ModuleStructure(
        "app.cli",
        "app/cli.py",
        definitions=(Definition("app.cli.main", "function"),),
        calls=(
            ("app.cli", "app.cli.main"),
            ("app.cli.main", "app.llm.Bot"),
            ("app.cli.main", "elsewhere.helper"),  # not analysed: left out
        ),
        imports=frozenset({"app.llm", "requests"}),
        has_main=True,
    ),
)
SCRIPTS = {"app-cli": "app.cli.main", "gone": "app.removed.main"}


def finding(
    kind: Kind,
    path: str,
    symbol: str | None,
    *,
    api: str | None = None,
    sdk: str = "openai",
    rule: str | None = None,
    portability: Portability = Portability.AUTO,
    features: tuple[str, ...] = (),
    provider: str | None = None,
    line: int = 1,
) -> Finding:
    """A complete finding with only the fields the graph and the score read varied."""
    return Finding(
        rule=rule or f"vendor-{kind.value}",
        kind=kind,
        sdk=sdk,
        provider=provider or sdk,
        api=api,
        path=path,
        line=line,
        column=1,
        end_line=line,
        end_column=2,
        features=features,
        portability=portability,
        confidence=Confidence.CERTAIN,
        severity=Severity.WARNING,
        message="m",
        code="c",
        fingerprint=f"{path}:{line}:{rule or kind.value}",
        symbol=symbol,
    )


CHAT_CALL = finding(
    Kind.CALL, "app/llm.py", "app.llm.chat._retry", api="openai:chat.completions.create", line=9
)
ASK_CALL = finding(
    Kind.CALL,
    "app/llm.py",
    "app.llm.Bot.ask",
    api="anthropic:messages.create",
    sdk="anthropic",
    features=("anthropic-cache-control",),
    line=5,
)
ASK_FEATURE = finding(
    Kind.FEATURE,
    "app/llm.py",
    "app.llm.Bot.ask",
    api="anthropic:messages.create",
    sdk="anthropic",
    rule="anthropic-cache-control",
    portability=Portability.ASSISTED,
    features=("anthropic-cache-control",),
    line=6,
)
IMPORT = finding(Kind.IMPORT, "app/llm.py", None, rule="vendor-import")
FINDINGS = (CHAT_CALL, ASK_CALL, ASK_FEATURE, IMPORT)
