"""Replace nodes by identity, bottom-up, so nested rewrites compose."""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

Rewrite = Callable[[cst.CSTNode], cst.CSTNode | cst.RemovalSentinel]


class Rewriter(cst.CSTTransformer):
    """Replace nodes by identity, bottom-up, remembering what each node became."""

    def __init__(self) -> None:
        super().__init__()
        self.rewrites: dict[cst.CSTNode, Rewrite] = {}
        self.done: dict[cst.CSTNode, cst.CSTNode | cst.RemovalSentinel] = {}

    def latest(self, node: cst.CSTNode) -> cst.CSTNode:
        """What `node` has become so far (itself when untouched)."""
        done = self.done.get(node, node)
        return done if isinstance(done, cst.CSTNode) else node

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel:
        rewrite = self.rewrites.get(original_node)
        result = rewrite(updated_node) if rewrite is not None else updated_node
        self.done[original_node] = result
        return result
