"""libcst's scope and qualified-name providers as the oracle for the lean binding table.

Detection resolves names with vendorlock's own table (binder.py + `Evaluator.resolve`), from
the scope the Detector is in at each node (recorded during the real per-file analysis).
libcst's providers are too slow for the hot path but are the reference: for every name
access in the fixture projects and in the tricky snippets below, both must name the same
binding scope (or both none: builtins, undefined names), and every name bound by an import
must get the same qualified name.

Deliberate differences, normalised here rather than reported:

* `Evaluator.resolve` answers a name declared `global` but never bound at module level with
  the module scope and no bindings; libcst leaves it unresolved. Both mean "unbound", so an
  empty binding list counts as unresolved.

Shared limitations (both sides agree, both differ from Python; the snippets pin them):

* names captured by `match` patterns are not bindings;
* a walrus inside a comprehension binds in the comprehension, not the enclosing function.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import libcst as cst
import pytest
from libcst.helpers.module import ModuleNameAndPackage
from libcst.metadata import (
    Access,
    BuiltinScope,
    ClassScope,
    ComprehensionScope,
    FullyQualifiedNameProvider,
    FunctionScope,
    GlobalScope,
    MetadataWrapper,
    QualifiedNameSource,
    ScopeProvider,
)
from libcst.metadata import Scope as LibcstScope
from scan_helpers import source

from vendorlock.auditor import modules
from vendorlock.auditor.analyze import analyze, parse
from vendorlock.auditor.catalogue import default_catalogue
from vendorlock.auditor.detect import Detector
from vendorlock.auditor.evaluate import Evaluator, ProjectView
from vendorlock.auditor.scopes import BindingKind, Scope, dotted_name

PROJECTS = Path(__file__).resolve().parents[2] / "fixtures" / "projects"
_IMPORT_KINDS = frozenset({BindingKind.IMPORT, BindingKind.IMPORT_FROM})
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


@dataclass(frozen=True)
class Snippet:
    text: str
    module_name: str = "pkg.mod"
    is_package: bool = False


def snippet(text: str, module_name: str = "pkg.mod", is_package: bool = False) -> Snippet:
    return Snippet(source(text), module_name, is_package)


SNIPPETS = {
    "class scope vs method scope": snippet("""
        x = 1
        class A:
            x = 2
            y = x
            z = [x for _ in range(3)]
            def m(self, d=x, *, e: "A | None" = None) -> A:
                return x, d
            @property
            def prop(self):
                return self.x
            @prop.setter
            def prop(self, value):
                pass
        """),
    "class body comprehension": snippet("""
        x = 1
        class A:
            x = 2
            w = [i for i in (x, x)]
        """),
    "comprehensions": snippet("""
        data = [[1]]
        a = [y for x in data for y in x]
        b = {k: v for k, v in data}
        c = (z for z in data if z)
        d = [[w for w in v] for v in data]
        """),
    "global and nonlocal": snippet("""
        client = None
        def setup():
            global client
            client = 1
        def use():
            return client
        def outer():
            c = 1
            def inner():
                nonlocal c
                c = 2
                return c
            return inner, c
        def only_global():
            global never_bound
            return never_bound
        """),
    "lambdas and nested functions": snippet("""
        k = 1
        f = lambda k=k: k + 1
        g = lambda: k
        def h(p):
            def inner(q=p):
                return lambda r: p + q + r
            return inner
        """),
    "walrus": snippet("""
        data = [1]
        if (n := len(data)) > 0:
            print(n)
        def f():
            vals = [y for x in data if (y := x)]
            return y, vals
        """),
    "match": snippet("""
        def f(cmd):
            match cmd:
                case [x, *rest]:
                    return x, rest
                case {"k": v}:
                    return v
        """),
    "try/except imports": snippet("""
        try:
            import anthropic
        except ImportError:
            anthropic = None
        try:
            from openai import OpenAI
        except ImportError as error:
            OpenAI = None
            print(error)
        import os.path
        os.path.join("a")
        def f():
            import json as j
            return j.dumps(anthropic), OpenAI
        """),
    "TYPE_CHECKING and string annotations": snippet("""
        from __future__ import annotations
        from typing import TYPE_CHECKING, Optional
        if TYPE_CHECKING:
            import anthropic as a
            from openai import AsyncOpenAI
        def f(c: "AsyncOpenAI", d: Optional["AsyncOpenAI"] = None) -> "a.types.Message":
            return c
        x: "Optional[a.Anthropic]" = None
        """),
    "relative and dotted imports": snippet(
        """
        import a.b.c
        import a.d as ad
        from . import sibling
        from .llm import client as cl
        from ..core.llm import make
        from openai import *
        a.b.c.x, ad.y, sibling.z, cl.chat, make(), OpenAI
        """,
        module_name="app.handlers.chat",
    ),
    "package __init__": snippet(
        "from .llm import client\nfrom . import tools\nclient, tools\n",
        module_name="app",
        is_package=True,
    ),
}
# Snippets that expose an engine bug, with the cause; each runs as a strict xfail.
KNOWN_BUGS: dict[str, str] = {}


def _fixture_files() -> list[Path]:
    """The fixture modules that parse (broken_inputs holds some that must not)."""
    found = []
    for path in sorted(PROJECTS.rglob("*.py")):
        try:
            cst.parse_module(path.read_bytes().decode("utf-8"))
        except (UnicodeDecodeError, cst.ParserSyntaxError):
            continue
        found.append(path)
    return found


def _cases() -> Iterator[Any]:
    for path in _fixture_files():
        name, is_package = modules.module_name(path)
        text = path.read_text(encoding="utf-8")
        yield pytest.param(Snippet(text, name, is_package), id=str(path.relative_to(PROJECTS)))
    for id_, case in SNIPPETS.items():
        bug = KNOWN_BUGS.get(id_)
        marks = [pytest.mark.xfail(strict=True, reason=f"engine bug: {bug}")] if bug else []
        yield pytest.param(case, id=id_, marks=marks)


CASES = list(_cases())


@dataclass
class Analysed:
    module: cst.Module
    evaluator: Evaluator
    scope_at: dict[cst.CSTNode, Scope]
    wrapper: MetadataWrapper


def analyse(snippet: Snippet) -> Analysed:
    """Run the real per-file analysis, noting the Detector's scope at every node it visits."""
    name = snippet.module_name
    parsed = parse(snippet.text, "snippet.py", name, snippet.is_package)
    scope_at: dict[cst.CSTNode, Scope] = {}
    detectors: list[Detector] = []
    on_visit = Detector.on_visit

    def recording(detector: Detector, node: cst.CSTNode) -> bool:
        descend = on_visit(detector, node)
        scope_at[node] = detector.scope
        detectors[:] = [detector]
        return descend

    with mock.patch.object(Detector, "on_visit", recording):
        analyze(parsed, default_catalogue(), ProjectView(frozenset({name}), {}))
    package = name if snippet.is_package else name.rpartition(".")[0]
    wrapper = MetadataWrapper(
        parsed.tree,
        unsafe_skip_copy=True,
        cache={FullyQualifiedNameProvider: ModuleNameAndPackage(name, package)},
    )
    return Analysed(parsed.tree, detectors[0].evaluator, scope_at, wrapper)


def name_accesses(analysed: Analysed) -> Iterator[tuple[str, Access]]:
    """Every access libcst records, with the name looked up (also in string annotations).

    libcst files an access to `a.b.c` after `import a.b.c` under the dotted name; the name
    looked up is its first part.
    """
    scopes = {scope for scope in analysed.wrapper.resolve(ScopeProvider).values() if scope}
    dotted: set[str] = set()
    for node in _walk(analysed.module):
        if isinstance(node, (cst.Name, cst.Attribute)):
            dotted.add(dotted_name(node) or "")
        elif isinstance(node, cst.SimpleString):
            dotted.update(_DOTTED.findall(node.value))
    parts = [name.split(".") for name in dotted if name]
    names = {".".join(split[:end]) for split in parts for end in range(1, len(split) + 1)}
    seen: set[int] = set()
    for scope in scopes:
        for name in sorted(names):
            for access in scope.accesses[name]:
                if id(access) not in seen:
                    seen.add(id(access))
                    yield name.split(".", 1)[0], access


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _describe(node: cst.CSTNode | None) -> str:
    if node is None:
        return "unresolved"
    name = getattr(node, "name", None)
    label = f" {name.value}" if isinstance(name, cst.Name) else ""
    return f"{type(node).__name__}{label}"


def _where(analysed: Analysed, node: cst.CSTNode) -> str:
    return analysed.module.code_for_node(node).splitlines()[0][:40]


def _scope_node(analysed: Analysed, scope: LibcstScope) -> cst.CSTNode:
    if isinstance(scope, (ClassScope, ComprehensionScope, FunctionScope)):
        return scope.node
    assert isinstance(scope, GlobalScope), f"unexpected libcst scope {scope!r}"
    return analysed.module


def libcst_binding_scope(analysed: Analysed, access: Access) -> cst.CSTNode | None:
    scopes = {a.scope for a in access.referents if not isinstance(a.scope, BuiltinScope)}
    nodes = {_scope_node(analysed, scope) for scope in scopes}
    assert len(nodes) <= 1, f"libcst binds {access.node!r} in several scopes: {nodes}"
    return next(iter(nodes), None)


def our_binding_scope(analysed: Analysed, name: str, access: Access) -> cst.CSTNode | None:
    found, bindings = analysed.evaluator.resolve(name, analysed.scope_at[access.node])
    return found.node if found is not None and bindings else None


@pytest.mark.parametrize("snippet", CASES)
def test_binding_scopes_agree_with_libcst(snippet: Snippet) -> None:
    analysed = analyse(snippet)
    accesses = list(name_accesses(analysed))
    disagreements = []
    for name, access in accesses:
        theirs = libcst_binding_scope(analysed, access)
        ours = our_binding_scope(analysed, name, access)
        if ours is not theirs:
            disagreements.append(
                f"{name} in `{_where(analysed, access.node)}`: "
                f"libcst {_describe(theirs)}, ours {_describe(ours)}"
            )
    assert disagreements == []


def _import_qualnames(analysed: Analysed, name: str, access: Access) -> set[str]:
    _found, bindings = analysed.evaluator.resolve(name, analysed.scope_at[access.node])
    return {b.qualname or "" for b in bindings if b.kind in _IMPORT_KINDS}


def _accessed_node(node: cst.CSTNode) -> cst.CSTNode:
    """The node libcst names an access by: the leftmost Name of a dotted access."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return node


class _ImportQualifiedNames(cst.CSTVisitor):
    """libcst's fully qualified names, from imports only, of the nodes asked for."""

    METADATA_DEPENDENCIES = (FullyQualifiedNameProvider,)

    def __init__(self, wanted: Collection[cst.CSTNode]) -> None:
        super().__init__()
        self.wanted = wanted
        self.found: dict[cst.CSTNode, set[str]] = {}

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node in self.wanted:
            names = self.get_metadata(FullyQualifiedNameProvider, node, set())
            self.found[node] = {q.name for q in names if q.source is QualifiedNameSource.IMPORT}
        return True


def qualified_names(analysed: Analysed) -> Sequence[tuple[str, set[str], set[str]]]:
    """(code, ours, libcst's) for every accessed node that either side ties to an import."""
    ours: dict[cst.CSTNode, set[str]] = {}
    for name, access in name_accesses(analysed):
        node = _accessed_node(access.node)
        ours.setdefault(node, set()).update(_import_qualnames(analysed, name, access))
    oracle = _ImportQualifiedNames(ours.keys())
    analysed.wrapper.visit(oracle)
    return sorted(
        (
            (_where(analysed, node), our_names, oracle.found.get(node, set()))
            for node, our_names in ours.items()
            if our_names or oracle.found.get(node)
        ),
        key=lambda item: item[0],
    )


@pytest.mark.parametrize("snippet", [case for case in CASES if case.id not in KNOWN_BUGS])
def test_import_qualified_names_agree_with_libcst(snippet: Snippet) -> None:
    compared = qualified_names(analyse(snippet))
    assert [(code, ours) for code, ours, _ in compared] == [
        (code, theirs) for code, _, theirs in compared
    ]


def test_the_oracle_sees_relative_imports_as_absolute() -> None:
    compared = qualified_names(analyse(SNIPPETS["relative and dotted imports"]))
    assert [(code, theirs) for code, _, theirs in compared] == [
        ("a", {"a"}),
        ("ad", {"a.d"}),
        ("cl", {"app.handlers.llm.client"}),
        ("make", {"app.core.llm.make"}),
        ("sibling", {"app.handlers.sibling"}),
    ]


@pytest.mark.parametrize("snippet", SNIPPETS.values(), ids=SNIPPETS.keys())
def test_every_snippet_gives_the_oracle_something_to_compare(snippet: Snippet) -> None:
    assert list(name_accesses(analyse(snippet)))
