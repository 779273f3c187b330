"""Invariants of the lock-in score over generated projects (hypothesis).

Bounded, explained (the parts sum to the total), deterministic, monotonic (more
coupling in the same code never lowers it, nor any of its parts) and unchanged
when files and modules are renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from graph_fixtures import finding
from hypothesis import given, settings
from hypothesis import strategies as st

from vendorlock.auditor.graph_build import build_graph
from vendorlock.auditor.score import MAX_POINTS, score_project
from vendorlock.auditor.structure import Definition, EntryKind, ModuleStructure
from vendorlock.model import Finding, Kind, LockInScore, Portability

APIS = {
    "openai": (
        "openai:chat.completions.create",
        "openai:beta.threads.create",
        "openai:files.create",
    ),
    "anthropic": ("anthropic:messages.create", "anthropic:messages.batches.create"),
}
FEATURES = ("openai-assistants", "anthropic-cache-control", "openai-json-schema")
KINDS = (Kind.CALL, Kind.CALL, Kind.FEATURE, Kind.IMPORT, Kind.MODEL, Kind.RESPONSE, Kind.ENV)
ENTRIES = (None, None, EntryKind.ROUTE, EntryKind.CLI)


@dataclass(frozen=True)
class Project:
    """Generated code (modules, functions, calls) and its coupling (findings)."""

    modules: int
    functions: tuple[tuple[EntryKind | None, ...], ...]  # per module: each function's entry
    calls: tuple[tuple[int, int, int, int], ...]  # (module, function or -1, module, function)
    mains: tuple[bool, ...]
    findings: tuple[tuple[int, int, int, int, int, int, tuple[int, ...]], ...]
    gateway: tuple[int, ...]  # modules in the gateway

    def path(self, module: int, names: dict[int, str]) -> str:
        return f"{names[module]}.py"

    def node(self, module: int, function: int, names: dict[int, str]) -> str:
        return names[module] if function < 0 else f"{names[module]}.f{function}"


def _ids(count: int) -> st.SearchStrategy[int]:
    return st.integers(min_value=0, max_value=count - 1)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    modules = draw(st.integers(min_value=1, max_value=5))
    functions = tuple(
        tuple(draw(st.lists(st.sampled_from(ENTRIES), max_size=4))) for _ in range(modules)
    )
    calls = tuple(draw(st.lists(_call(functions), max_size=12)))
    mains = tuple(draw(st.booleans()) for _ in range(modules))
    findings = tuple(draw(st.lists(_finding(functions), max_size=10)))
    gateway = tuple(draw(st.sets(_ids(modules), max_size=2)))
    return Project(modules, functions, calls, mains, findings, gateway)


def _site(
    functions: tuple[tuple[EntryKind | None, ...], ...],
) -> st.SearchStrategy[tuple[int, int]]:
    return _ids(len(functions)).flatmap(
        lambda m: st.tuples(st.just(m), st.integers(min_value=-1, max_value=len(functions[m]) - 1))
    )


@st.composite
def _call(
    draw: st.DrawFn, functions: tuple[tuple[EntryKind | None, ...], ...]
) -> tuple[int, int, int, int]:
    caller = draw(_site(functions))
    callee_module = draw(_ids(len(functions)))
    if not functions[callee_module]:
        return (*caller, callee_module, -1)
    return (*caller, callee_module, draw(_ids(len(functions[callee_module]))))


@st.composite
def _finding(
    draw: st.DrawFn, functions: tuple[tuple[EntryKind | None, ...], ...]
) -> tuple[int, int, int, int, int, int, tuple[int, ...]]:
    module, function = draw(_site(functions))
    return (
        module,
        function,
        draw(_ids(len(KINDS))),
        draw(_ids(2)),  # sdk
        draw(_ids(3)),  # api
        draw(_ids(3)),  # portability
        tuple(draw(st.sets(_ids(len(FEATURES)), max_size=2))),
    )


def build(
    project: Project, names: dict[int, str] | None = None, *, reverse: bool = False
) -> LockInScore:
    """Score the project, with modules named by `names` (m0, m1, ... by default)."""
    names = names or {m: f"m{m}" for m in range(project.modules)}
    structures = [_structure(project, m, names) for m in range(project.modules)]
    findings = [
        _to_finding(project, item, line, names) for line, item in enumerate(project.findings, 1)
    ]
    if reverse:
        structures.reverse()
        findings.reverse()
    gateway = [project.path(m, names) for m in sorted(project.gateway, key=lambda m: names[m])]
    return score_project(build_graph(structures, findings), gateway)


def _structure(project: Project, module: int, names: dict[int, str]) -> ModuleStructure:
    definitions = tuple(
        Definition(project.node(module, f, names), "function", entry)
        for f, entry in enumerate(project.functions[module])
    )
    calls = tuple(
        (project.node(m, f, names), project.node(cm, cf, names))
        for m, f, cm, cf in project.calls
        if m == module and cf >= 0
    )
    return ModuleStructure(
        names[module],
        project.path(module, names),
        definitions,
        calls,
        has_main=project.mains[module],
    )


def _to_finding(
    project: Project,
    item: tuple[int, int, int, int, int, int, tuple[int, ...]],
    line: int,
    names: dict[int, str],
) -> Finding:
    module, function, kind_id, sdk_id, api_id, portability_id, feature_ids = item
    sdk = sorted(APIS)[sdk_id]
    kind = KINDS[kind_id]
    # A feature finding is about one feature (its rule), and lists it among its features.
    rule = FEATURES[api_id] if kind is Kind.FEATURE else None
    features = tuple(sorted({FEATURES[i] for i in feature_ids} | ({rule} if rule else set())))
    return finding(
        kind,
        project.path(module, names),
        None if function < 0 else project.node(module, function, names),
        api=None
        if kind in (Kind.IMPORT, Kind.ENV, Kind.MODEL)
        else APIS[sdk][api_id % len(APIS[sdk])],
        sdk=sdk,
        rule=rule,
        portability=list(Portability)[portability_id],
        features=features,
        line=line,
    )


def _points(score: LockInScore) -> list[float]:
    return [part.points for part in score.components]


@settings(deadline=None, max_examples=100)
@given(projects())
def test_bounded_and_explained(project: Project) -> None:
    score = build(project)

    assert 0 <= score.total <= 100
    for part in score.components:
        assert 0 <= part.points <= MAX_POINTS[part.name]
    assert round(sum(_points(score)), 1) == score.total
    for scope in (*score.modules, *score.sdks, *score.providers):
        assert 0 <= scope.total <= 100
        assert round(sum(part.points for part in scope.components), 1) == scope.total


@settings(deadline=None, max_examples=100)
@given(projects())
def test_deterministic_whatever_the_order(project: Project) -> None:
    assert build(project) == build(project, reverse=True)


@settings(deadline=None, max_examples=120)
@given(projects(), st.data())
def test_adding_a_finding_never_lowers_it(project: Project, data: st.DataObject) -> None:
    extra = data.draw(_finding(project.functions))

    before = build(project)
    after = build(replace(project, findings=(*project.findings, extra)))

    assert after.total >= before.total
    assert all(a >= b for a, b in zip(_points(after), _points(before), strict=True))


@settings(deadline=None, max_examples=100)
@given(projects(), st.data())
def test_adding_a_feature_to_a_finding_never_lowers_it(
    project: Project, data: st.DataObject
) -> None:
    if not project.findings:
        return
    index = data.draw(_ids(len(project.findings)))
    feature = data.draw(_ids(len(FEATURES)))
    module, function, kind, sdk, api, portability, features = project.findings[index]
    changed = (module, function, kind, sdk, api, portability, tuple(sorted({*features, feature})))
    findings = (*project.findings[:index], changed, *project.findings[index + 1 :])

    before = build(project)
    after = build(replace(project, findings=findings))

    assert after.total >= before.total


@settings(deadline=None, max_examples=100)
@given(projects(), st.data())
def test_spreading_dependence_through_a_call_never_lowers_it(
    project: Project, data: st.DataObject
) -> None:
    extra = data.draw(_call(project.functions))

    before = build(project)
    after = build(replace(project, calls=(*project.calls, extra)))

    assert after.total >= before.total
    assert all(a >= b for a, b in zip(_points(after), _points(before), strict=True))


@settings(deadline=None, max_examples=100)
@given(projects(), st.permutations(["zeta", "alpha", "mid", "omega", "beta"]))
def test_renaming_modules_changes_nothing_but_names(project: Project, words: list[str]) -> None:
    renamed = build(project, {m: f"pkg.{words[m]}" for m in range(project.modules)})
    original = build(project)

    assert (renamed.total, renamed.grade, renamed.components) == (
        original.total,
        original.grade,
        original.components,
    )
    for mine, theirs in ((renamed.modules, original.modules), (renamed.sdks, original.sdks)):
        assert sorted(s.total for s in mine) == sorted(s.total for s in theirs)
    assert renamed.containment.model_copy(update={"gateway": (), "modules_outside": ()}) == (
        original.containment.model_copy(update={"gateway": (), "modules_outside": ()})
    )
