"""The reads of a loop variable, for proving how the items of an iterated value are used.

libcst's scopes are not flow-sensitive: two loops binding `chunk` in one
function share its accesses. A read inside a loop belongs to that loop; a read
after it belongs to it only when nothing else binds the name in the scope.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import Assignment

from vendorlock.migrators.project import FileView
from vendorlock.migrators.responses import ResponsePlan, unproven


def loop_references(
    view: FileView, loop: cst.For | cst.CompFor, name: cst.Name, plan: ResponsePlan
) -> list[cst.CSTNode]:
    """Reads of the loop variable `name`, in source order; unproven ones noted in `plan`."""
    scope = view.scopes.get(name)
    found = scope.assignments[name.value] if scope is not None else ()
    assignments = [a for a in found if isinstance(a, Assignment)]
    body: cst.CSTNode = loop.body if isinstance(loop, cst.For) else loop
    if any(a.node is not name and inside(view, a.node, body) for a in assignments):
        unproven(view, plan, name, f"`{name.value}` is reassigned in the loop")
        return []
    accesses = {access.node for a in assignments for access in a.references}
    if len(assignments) == 1:
        return sorted(accesses, key=lambda node: _position(view, node))
    for node in accesses:
        if not inside(view, node, body) and not _in_other_loop(view, node, name.value):
            unproven(view, plan, node, f"`{name.value}` is assigned elsewhere")
    ours = [node for node in accesses if inside(view, node, body)]
    return sorted(ours, key=lambda node: _position(view, node))


def inside(view: FileView, node: cst.CSTNode, container: cst.CSTNode) -> bool:
    """True when `node` is `container` or below it."""
    current: cst.CSTNode | None = node
    while current is not None:
        if current is container:
            return True
        current = view.parent(current)
    return False


def _in_other_loop(view: FileView, node: cst.CSTNode, name: str) -> bool:
    current = view.parent(node)
    while current is not None:
        if (
            isinstance(current, cst.For)
            and isinstance(current.target, cst.Name)
            and current.target.value == name
            and inside(view, node, current.body)
        ):
            return True
        current = view.parent(current)
    return False


def _position(view: FileView, node: cst.CSTNode) -> tuple[int, int]:
    start = view.positions[node].start
    return start.line, start.column
