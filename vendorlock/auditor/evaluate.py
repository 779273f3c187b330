"""Pass two's engine: what vendor value, if any, an expression holds.

A small forward analysis over the binding table of one module, with the
project's exported symbols for names imported from other modules. Every
answer is memoised per node; recursion through bindings, function returns and
class attributes is cut on cycles (an unfinished question answers "unknown").
"""

from __future__ import annotations

import libcst as cst

from vendorlock.auditor.eval_base import AFTER_EVERYTHING, ProjectView, single_string_index
from vendorlock.auditor.eval_calls import CallResults
from vendorlock.auditor.eval_members import MemberAccess
from vendorlock.auditor.eval_names import NameResolution
from vendorlock.auditor.scopes import Scope
from vendorlock.auditor.values import EnvRead, External, Member, Opaque, StrConst, Value, is_vendor

__all__ = ["AFTER_EVERYTHING", "Evaluator", "ProjectView"]


class Evaluator(CallResults, MemberAccess, NameResolution):
    """Answers `value_of(expression, scope)` for one module."""

    # -- expressions -----------------------------------------------------------------

    def value_of(self, node: cst.BaseExpression, scope: Scope) -> Value | None:
        return self._memoised(node, lambda: self._compute(node, scope))

    def _compute(self, node: cst.BaseExpression, scope: Scope) -> Value | None:
        if isinstance(node, cst.Name):
            return self.lookup(node.value, scope, self.table.order_of.get(node, AFTER_EVERYTHING))
        if isinstance(node, cst.Attribute):
            return self._attribute_node(node, scope)
        if isinstance(node, cst.Call):
            return self._call(node, scope)
        if isinstance(node, cst.Await):
            return self.value_of(node.expression, scope)
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            text = node.evaluated_value
            return StrConst(text) if isinstance(text, str) else Opaque()
        if isinstance(node, cst.Subscript):
            return self._subscript(node, scope)
        if isinstance(node, cst.IfExp):
            return self._first_vendor(node.body, node.orelse, scope=scope)
        if isinstance(node, cst.BooleanOperation):
            return self._first_vendor(node.left, node.right, scope=scope)
        if isinstance(node, (cst.Integer, cst.Float, cst.Dict, cst.List, cst.Tuple, cst.Set)):
            return Opaque()
        return None

    def _first_vendor(self, *nodes: cst.BaseExpression, scope: Scope) -> Value | None:
        values = [self.value_of(node, scope) for node in nodes]
        return next((v for v in values if is_vendor(v)), next((v for v in values if v), None))

    def _attribute_node(self, node: cst.Attribute, scope: Scope) -> Value | None:
        base = self.value_of(node.value, scope)
        value = self.attribute(base, node.attr.value)
        if isinstance(base, Member) and isinstance(value, Member):
            self.consumed.add(node.value)
        return value

    def _subscript(self, node: cst.Subscript, scope: Scope) -> Value | None:
        base = self.value_of(node.value, scope)
        if isinstance(base, External) and base.qualname == "os.environ":
            key = single_string_index(node)
            return EnvRead(key) if key is not None else None
        return None
