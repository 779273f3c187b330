"""Line and column of a few nodes, without computing them for every node.

libcst's PositionProvider generates the module's code and records a range for
every node: on real files that cost more than parsing. Findings need the
positions of a handful of nodes, so this generates code with a state that
records only those, stores no tokens, and stops as soon as the last one ends.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst._position import CodePosition, CodeRange
from libcst.metadata.position_provider import NEWLINE_RE


class _AllFoundError(Exception):
    """Raised inside code generation once every target has its range."""


class _TargetedState(CodegenState):
    """A codegen state that tracks the position and records only target nodes."""

    def __init__(self, module: cst.Module, targets: Collection[cst.CSTNode]) -> None:
        super().__init__(
            default_indent=module.default_indent, default_newline=module.default_newline
        )
        self.targets = set(targets)
        self.found: dict[cst.CSTNode, CodeRange] = {}
        # Children whose range a target's range is hoisted from (a block's last statement).
        self.helpers: dict[cst.CSTNode, CodeRange | None] = {}
        self.line = 1
        self.column = 0
        self._starts: dict[cst.CSTNode, CodePosition] = {}

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self._advance(token)

    def add_token(self, value: str) -> None:
        self._advance(value)

    def _advance(self, value: str) -> None:
        if "\n" not in value and "\r" not in value:
            self.column += len(value)
            return
        segments = NEWLINE_RE.split(value)
        self.line += len(segments) - 1
        self.column = len(segments[-1])

    def before_codegen(self, node: cst.CSTNode) -> None:
        if (node in self.targets and node not in self.found) or node in self.helpers:
            self._starts[node] = CodePosition(self.line, self.column)

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self._starts.pop(node, None)
        if start is None:
            return
        if node in self.helpers and self.helpers[node] is None:
            self.helpers[node] = CodeRange(start, CodePosition(self.line, self.column))
        if node in self.targets and node not in self.found:
            self._record(node, start)

    @contextmanager
    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> Iterator[None]:
        # Like PositionProvider: a node's syntactic range leaves out its own whitespace.
        if node not in self.targets and node not in self.helpers:
            yield
            return
        for helper in (start_node, end_node):
            if helper is not None:
                self.helpers.setdefault(helper, None)
        start = CodePosition(self.line, self.column)
        try:
            yield
        finally:
            end = CodePosition(self.line, self.column)
            start = _hoisted(self.helpers, start_node, start, first=True)
            end = _hoisted(self.helpers, end_node, end, first=False)
            if node in self.helpers:
                self.helpers[node] = CodeRange(start, end)
            if node in self.targets:
                self._record(node, start, end)

    def _record(
        self, node: cst.CSTNode, start: CodePosition, end: CodePosition | None = None
    ) -> None:
        self.found[node] = CodeRange(start, end or CodePosition(self.line, self.column))
        if len(self.found) == len(self.targets):
            raise _AllFoundError


def _hoisted(
    helpers: dict[cst.CSTNode, CodeRange | None],
    child: cst.CSTNode | None,
    default: CodePosition,
    *,
    first: bool,
) -> CodePosition:
    """The start (or end) of `child`'s range, where libcst hoists a range from a child."""
    recorded = helpers.get(child) if child is not None else None
    if recorded is None:
        return default
    return recorded.start if first else recorded.end


def positions_of(module: cst.Module, targets: Collection[cst.CSTNode]) -> dict[cst.CSTNode, Any]:
    """The syntactic CodeRange of each target node (as PositionProvider would give it)."""
    if not targets:
        return {}
    state = _TargetedState(module, targets)
    with suppress(_AllFoundError):
        module._codegen(state)
    return state.found
