"""What the exposure graph needs from one module: definitions, calls, entry points.

Collected in the detector's walk, from the evaluator's answers: a call edge
exists only where the callee is resolved to a project function or class (an
unresolved call is never guessed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import libcst as cst

from vendorlock.auditor.scopes import dotted_name

# Decorator attribute names that register a web route or a CLI command.
_ROUTE_DECORATORS = frozenset(
    {
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "route",
        "websocket",
        "api_route",
        "api_view",
        "view_config",
    }
)
_CLI_DECORATORS = frozenset({"command", "group", "callback"})


class EntryKind(str, Enum):
    """How a user reaches a function without going through other project code."""

    MAIN = "main"  # the body of `if __name__ == "__main__":` (the module itself)
    SCRIPT = "script"  # a console script in pyproject.toml
    ROUTE = "route"  # a web route handler (FastAPI, Flask, Django, ...)
    CLI = "cli"  # a CLI command (typer, click)


@dataclass(frozen=True)
class Definition:
    qualname: str
    kind: str  # function | class
    entry: EntryKind | None = None


@dataclass(frozen=True)
class ModuleStructure:
    """The graph's view of one module."""

    module: str
    path: str
    definitions: tuple[Definition, ...] = ()
    calls: tuple[tuple[str, str], ...] = ()  # (caller, callee) qualified names
    imports: frozenset[str] = frozenset()
    has_main: bool = False


@dataclass
class StructureCollector:
    """Accumulates one module's structure while the detector walks it."""

    module: str
    path: str
    definitions: list[Definition] = field(default_factory=list)
    calls: set[tuple[str, str]] = field(default_factory=set)
    has_main: bool = False

    def define(self, qualname: str, node: cst.FunctionDef | cst.ClassDef) -> None:
        kind = "function" if isinstance(node, cst.FunctionDef) else "class"
        self.definitions.append(Definition(qualname, kind, _entry_kind(node)))

    def call(self, caller: str | None, callee: str) -> None:
        self.calls.add((caller or self.module, callee))

    def main_block(self, node: cst.If) -> None:
        if _is_main_test(node.test):
            self.has_main = True

    def freeze(self, imports: frozenset[str]) -> ModuleStructure:
        return ModuleStructure(
            module=self.module,
            path=self.path,
            definitions=tuple(self.definitions),
            calls=tuple(sorted(self.calls)),
            imports=imports,
            has_main=self.has_main,
        )


def _entry_kind(node: cst.FunctionDef | cst.ClassDef) -> EntryKind | None:
    for decorator in node.decorators:
        expression = decorator.decorator
        if isinstance(expression, cst.Call):
            expression = expression.func
        name = dotted_name(expression) or ""
        last = name.rsplit(".", 1)[-1]
        if "." in name and last in _ROUTE_DECORATORS:
            return EntryKind.ROUTE
        if last in _CLI_DECORATORS or name in {"click.command", "click.group"}:
            return EntryKind.CLI
    return None


def _is_main_test(test: cst.BaseExpression) -> bool:
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    left = dotted_name(test.left)
    right = test.comparisons[0].comparator
    text = right.evaluated_value if isinstance(right, cst.SimpleString) else None
    return left == "__name__" and text == "__main__"
