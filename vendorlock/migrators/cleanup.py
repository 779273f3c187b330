"""Drop a function-local client that no rewritten call needs any more.

`client = AsyncOpenAI()` inside a function, read only by calls that were just
moved to the neutral layer, is dead code that still demands the vendor's API
key when it runs. It is removed when every read of it was one of those calls'
receivers and building it has no other effect (literal, name or env-read
arguments). Module-level and `self.` clients stay: other code may use them.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import Assignment, FunctionScope

from vendorlock.migrators.carry import has_call
from vendorlock.migrators.project import FileView


def dead_local_clients(
    view: FileView, constructors: list[cst.Call], receivers: set[cst.CSTNode]
) -> list[cst.SimpleStatementLine]:
    """Statements `name = Client(...)` whose every read is in `receivers`."""
    dead = []
    for call in constructors:
        statement = _assignment_line(view, call)
        if statement is None or any(has_call(arg.value) for arg in call.args):
            continue
        assign = statement.body[0]
        assert isinstance(assign, cst.Assign)
        name = assign.targets[0].target
        scope = view.scopes.get(name)
        if not isinstance(scope, FunctionScope) or not isinstance(name, cst.Name):
            continue
        assignments = [a for a in scope.assignments[name.value] if isinstance(a, Assignment)]
        reads = {access.node for a in assignments for access in a.references}
        if len(assignments) == 1 and reads and reads <= receivers:
            dead.append(statement)
    return dead


def _assignment_line(view: FileView, call: cst.Call) -> cst.SimpleStatementLine | None:
    assign = view.parent(call)
    line = view.parent(assign) if assign is not None else None
    if (
        isinstance(assign, cst.Assign)
        and len(assign.targets) == 1
        and isinstance(assign.targets[0].target, cst.Name)
        and isinstance(line, cst.SimpleStatementLine)
        and len(line.body) == 1
    ):
        return line
    return None
