"""One call site being migrated: the finding, its node, and where to look things up."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from vendorlock.auditor.catalogue import Catalogue
from vendorlock.migrators.project import FileView, Project
from vendorlock.model import Finding

TRANSPARENT = frozenset({"with_raw_response", "with_streaming_response", "with_options", "copy"})


@dataclass(frozen=True)
class Site:
    """A vendor call to rewrite, located in the file being rewritten."""

    finding: Finding
    call: cst.Call
    file: FileView
    project: Project
    catalogue: Catalogue

    @property
    def chain(self) -> tuple[str, ...]:
        """The method chain of the API, `("chat", "completions", "create")`."""
        api = self.finding.api or ""
        return tuple(api.partition(":")[2].split("."))

    def receiver(self) -> cst.BaseExpression | None:
        """The expression the method chain hangs off (`client`, `self.client`, `openai`).

        None when the callee is not exactly `<receiver>.<chain>`: wrappers such as
        `with_raw_response` or `with_options(...)` change what the call returns.
        """
        node: cst.BaseExpression = self.call.func
        for name in reversed(self.chain):
            if not isinstance(node, cst.Attribute) or node.attr.value != name:
                return None
            node = node.value
        wrapper = node.func if isinstance(node, cst.Call) else node
        if isinstance(wrapper, cst.Attribute) and wrapper.attr.value in TRANSPARENT:
            return None
        return node

    def is_awaited(self) -> bool:
        """True when the call is the operand of `await`."""
        return isinstance(self.file.parent(self.call), cst.Await)

    def in_async_function(self) -> bool:
        """True when the innermost function around the call is an `async def`."""
        node = self.file.parent(self.call)
        while node is not None and not isinstance(node, (cst.FunctionDef, cst.Lambda)):
            node = self.file.parent(node)
        return isinstance(node, cst.FunctionDef) and node.asynchronous is not None
