"""The three parts of the lock-in score: reach, surface and scatter.

Each part turns findings (and the exposure graph) into a measure between 0 and 1
that never goes down when coupling is added to the same code: weights are
combined with `max` and sums, never with averages over findings. Counts are
turned into measures by `n / (n + half)`, which is 0 at 0, one half at `half`
and approaches 1, so no single part can pass its maximum. `docs/scoring.md`
explains the choices with worked examples.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from vendorlock.auditor.gateway import in_gateway
from vendorlock.auditor.graph import ExposureGraph
from vendorlock.model import Finding, Kind, Portability

__all__ = [
    "FEATURE_WEIGHT",
    "REACH_WEIGHT",
    "SCATTER_HALF",
    "SURFACE_HALF",
    "SURFACE_WEIGHT",
    "Measure",
    "reach",
    "saturate",
    "scatter",
    "surface",
]

# Reach: how hard the vendor call a piece of code depends on is to move. A
# portable call still counts a little: the code behind it changes behaviour
# with the vendor, but a safe rewrite exists.
REACH_WEIGHT: Mapping[Portability, float] = {
    Portability.AUTO: 0.2,
    Portability.ASSISTED: 0.6,
    Portability.MANUAL: 1.0,
}
# Surface: what each distinct vendor API, model id, response shape... costs to
# replace. A portable item costs nothing: a codemod moves it.
SURFACE_WEIGHT: Mapping[Portability, float] = {
    Portability.AUTO: 0.0,
    Portability.ASSISTED: 0.25,
    Portability.MANUAL: 1.0,
}
# A proprietary feature is never free, even where a rewrite exists: its
# behaviour has to be rebuilt or given up on the other side.
FEATURE_WEIGHT: Mapping[Portability, float] = {
    Portability.AUTO: 0.5,
    Portability.ASSISTED: 0.5,
    Portability.MANUAL: 1.0,
}
SURFACE_HALF = 3.0
"""Surface mass (weighted distinct items) at which the surface measure is one half."""
SCATTER_HALF = 2.0
"""Modules with direct calls, beyond the first, at which the scatter measure is one half."""


@dataclass(frozen=True)
class Measure:
    """One part's measure (0 to 1) and what it measured, in words."""

    value: float
    detail: str


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def saturate(amount: float, half: float) -> float:
    """`amount / (amount + half)`: 0 at 0, one half at `half`, below 1 always."""
    return amount / (amount + half) if amount > 0 else 0.0


def feature_portability(findings: Sequence[Finding]) -> dict[str, Portability]:
    """The least portable a feature is anywhere, from its own findings."""
    worst: dict[str, Portability] = {}
    for finding in findings:
        if finding.kind is Kind.FEATURE:
            current = worst.get(finding.rule, Portability.AUTO)
            worst[finding.rule] = max(current, finding.portability, key=lambda p: p.rank)
    return worst


def _call_weight(finding: Finding, features: Mapping[str, Portability]) -> float:
    """A call is as hard to move as its own portability or its hardest feature.

    A feature counts as at least assisted: it is proprietary even where a
    rewrite exists, and a feature's own finding must never make a call lighter.
    """
    weight = REACH_WEIGHT[finding.portability]
    for feature in finding.features:
        weight = max(
            weight,
            REACH_WEIGHT[Portability.ASSISTED],
            REACH_WEIGHT[features.get(feature, Portability.ASSISTED)],
        )
    return weight


def reach(graph: ExposureGraph, findings: Sequence[Finding]) -> Measure:
    """How far dependence on vendor calls spreads through the code.

    Each function and each module's top-level code is exposed by the hardest
    vendor call it reaches through the call graph (0 when none). The measure is
    their mean; with entry points, the mean of that and the entry points' mean.
    """
    features = feature_portability(findings)
    weights: dict[str, float] = {}
    for finding in findings:
        site = graph.site_of(finding) if finding.kind is Kind.CALL else None
        if site is not None:
            weights[site] = max(weights.get(site, 0.0), _call_weight(finding, features))
    exposure = graph.exposure(weights)
    units, entries = graph.units(), graph.all_entry_points()
    # Only exposed nodes add to a mean, so only they are visited (a slice reaches few).
    exposed_units = [w for node, w in exposure.items() if node in units]
    exposed_entries = [w for node, w in exposure.items() if node in entries]
    value = _mean(exposed_units, len(units))
    if entries:
        value = (value + _mean(exposed_entries, len(entries))) / 2
    detail = (
        f"{len(exposed_units)} of {len(units)} functions and module bodies and "
        f"{len(exposed_entries)} of {len(entries)} entry points reach a vendor call"
    )
    return Measure(value, detail)


def _mean(values: Sequence[float], count: int) -> float:
    """The mean of `values` padded with zeros to `count` items.

    fsum is exact, so the order of the values (their names) cannot change the result.
    """
    return math.fsum(values) / count if count else 0.0


def surface_items(findings: Sequence[Finding]) -> dict[tuple[str, ...], float]:
    """Each distinct piece of vendor surface in use, weighted by its hardest use.

    Items: each vendor API called, each proprietary feature, each response
    shape and client class per API, and each other kind of coupling (model
    ids, exceptions, env vars) per rule and SDK. Imports add nothing on their
    own; a committed key is a security finding, not surface.
    """
    items: dict[tuple[str, ...], float] = {}

    def add(key: tuple[str, ...], weight: float) -> None:
        items[key] = max(items.get(key, 0.0), weight)

    for finding in findings:
        if finding.kind is Kind.CALL and finding.api is not None:
            add(("api", finding.api), SURFACE_WEIGHT[finding.portability])
        elif finding.kind is Kind.FEATURE:
            add(("feature", finding.rule), FEATURE_WEIGHT[finding.portability])
        elif finding.kind not in (Kind.IMPORT, Kind.SECRET, Kind.CALL):
            add(_other_item(finding), SURFACE_WEIGHT[finding.portability])
        for feature in finding.features:
            add(("feature", feature), FEATURE_WEIGHT[Portability.ASSISTED])
    return items


def _other_item(finding: Finding) -> tuple[str, ...]:
    # A response shape or a client class is one per API; model ids, exceptions and
    # env vars are one decision per vendor, whatever call they are passed to.
    if finding.kind in (Kind.RESPONSE, Kind.CLIENT) and finding.api is not None:
        return (finding.rule, finding.api)
    return (finding.rule, finding.sdk)


def surface(findings: Sequence[Finding]) -> Measure:
    """How much proprietary or hand-moved vendor surface the code uses."""
    items = surface_items(findings)
    mass = math.fsum(items.values())
    hard = sum(weight > 0 for weight in items.values())
    features = sum(key[0] == "feature" for key in items)
    detail = (
        f"{hard} of {len(items)} distinct vendor APIs, features and other couplings "
        f"need work to move ({_plural(features, 'proprietary feature')}), weighing {mass:g}"
    )
    return Measure(saturate(mass, SURFACE_HALF), detail)


def scatter(findings: Sequence[Finding], gateway: Sequence[str]) -> Measure:
    """How many modules call a vendor directly; the gateway's modules count as one."""
    paths = {f.path for f in findings if f.kind is Kind.CALL}
    inside = {p for p in paths if in_gateway(p, gateway)}
    places = len(paths - inside) + (1 if inside else 0)
    extra = max(places - 1, 0)
    where = f", {len(inside)} of them in the gateway" if gateway else ""
    detail = f"direct vendor calls in {_plural(len(paths), 'module')}{where}"
    return Measure(saturate(extra, SCATTER_HALF), detail)
