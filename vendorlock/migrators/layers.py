"""The neutral layers themselves: code inside one is never moved onto a layer.

litellm and any-llm are what `migrate` moves code onto; their own vendor calls
are their provider adapters. Rewritten onto the same layer an adapter would call
itself (`any_llm.completion` -> the OpenAI provider -> `any_llm.completion` ...),
and onto the other layer one neutral layer would depend on another. A file is
inside a layer when one of the names Python imports it by starts with a target's
package, so a new target brings its own package here. A project's own gateway is
not a layer: moving it onto one is what `migrate` is for.
"""

from __future__ import annotations

from collections.abc import Iterable

from vendorlock.migrators.ir import Issue, Safety
from vendorlock.migrators.targets import Target, targets


def layer_of(module_names: Iterable[str]) -> str | None:
    """The layer package (`any_llm`) a module with these names belongs to, or None."""
    packages = {target.package for target in targets().values()}
    for name in module_names:
        top = name.split(".")[0]
        if top in packages:
            return top
    return None


def inside_layer(layer: str, target: Target) -> Issue:
    """Why a vendor call inside the layer `layer` is not moved onto `target`."""
    effect = (
        "would make the layer call itself"
        if layer == target.package
        else "would make one neutral layer depend on another"
    )
    return Issue(
        Safety.MANUAL,
        f"this is {layer} itself (a neutral layer): its vendor calls are its provider "
        f"adapters; rewriting them onto {target.name} {effect}",
    )
