"""Find the syntax node a finding points at.

A finding gives where the call expression starts (`line`, `column`) and where
its callee ends (`end_line`, `end_column`), 1-based; libcst positions are
0-based columns with an exclusive end. Matching both ends tells nested calls
that start at the same place apart (`f(x)(y)`). A finding may also point at a
reference to a vendor method that is not called there (`create =
client.chat.completions.create`, `to_thread(client.invoke_model, ...)`): then
the range spans that name or attribute alone.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst
from libcst.metadata import CodeRange

from vendorlock.model import Finding, Location


def find_call(
    positions: Mapping[cst.CSTNode, CodeRange], module: cst.Module, finding: Finding
) -> cst.Call | None:
    """The call whose callee spans the finding's range, or None."""
    finder = _CallFinder(positions, finding)
    module.visit(finder)
    return finder.found


def find_reference(
    positions: Mapping[cst.CSTNode, CodeRange], module: cst.Module, finding: Finding
) -> cst.BaseExpression | None:
    """The name or attribute spanning the finding's range when it is not a callee, or None."""
    finder = _ReferenceFinder(positions, finding)
    module.visit(finder)
    return finder.found


def find_expression_at(
    positions: Mapping[cst.CSTNode, CodeRange], module: cst.Module, where: Location
) -> cst.Call | None:
    """The call of a plain (dotted) name that starts at `where`: a client constructor."""
    finder = _StartFinder(positions, where.line, where.column - 1)
    module.visit(finder)
    return finder.found


class _CallFinder(cst.CSTVisitor):
    def __init__(self, positions: Mapping[cst.CSTNode, CodeRange], finding: Finding) -> None:
        self.positions = positions
        self.start = (finding.line, finding.column - 1)
        self.end = (finding.end_line, finding.end_column - 1)
        self.found: cst.Call | None = None

    def visit_Call(self, node: cst.Call) -> bool:
        if self.found is not None:
            return False
        start = self.positions[node].start
        end = self.positions[node.func].end
        if (start.line, start.column) == self.start and (end.line, end.column) == self.end:
            self.found = node
            return False
        return True


class _ReferenceFinder(cst.CSTVisitor):
    def __init__(self, positions: Mapping[cst.CSTNode, CodeRange], finding: Finding) -> None:
        self.positions = positions
        self.span = ((finding.line, finding.column - 1), (finding.end_line, finding.end_column - 1))
        self.callees: set[cst.CSTNode] = set()
        self.found: cst.BaseExpression | None = None

    def visit_Call(self, node: cst.Call) -> None:
        self.callees.add(node.func)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        return self._check(node)

    def visit_Name(self, node: cst.Name) -> bool:
        return self._check(node)

    def _check(self, node: cst.Attribute | cst.Name) -> bool:
        if self.found is not None:
            return False
        where = self.positions[node]
        span = ((where.start.line, where.start.column), (where.end.line, where.end.column))
        if span == self.span and node not in self.callees:
            self.found = node
            return False
        return True


class _StartFinder(cst.CSTVisitor):
    def __init__(self, positions: Mapping[cst.CSTNode, CodeRange], line: int, column: int) -> None:
        self.positions = positions
        self.start = (line, column)
        self.found: cst.Call | None = None

    def visit_Call(self, node: cst.Call) -> bool:
        if self.found is not None:
            return False
        start = self.positions[node].start
        if (start.line, start.column) == self.start and _is_dotted(node.func):
            self.found = node
            return False
        return True


def _is_dotted(expr: cst.BaseExpression) -> bool:
    while isinstance(expr, cst.Attribute):
        expr = expr.value
    return isinstance(expr, cst.Name)
