"""Tests for vendorlock.auditor.discover: which files a scan covers, and under which root."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pathspec import GitIgnoreSpec

from vendorlock.auditor.discover import SKIPPED_DIRS, Discovery, SourceFile, discover
from vendorlock.errors import UsageError
from vendorlock.model import Diagnostic, DiagnosticKind

Tree = Mapping[str, str]


def make_tree(root: Path, tree: Tree) -> Path:
    """Write `tree` ({relpath: content}) under `root`; return `root`."""
    for rel, content in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def relpaths(discovery: Discovery) -> list[str]:
    return [source.relpath for source in discovery.files]


APP = {"app/__init__.py": "", "app/llm.py": "import openai\n"}


@pytest.mark.parametrize(
    ("tree", "expected"),
    [
        pytest.param(
            {**APP, "notes.txt": "", "stubs.pyi": "", "README.md": "", "analysis.ipynb": "{}"},
            ["analysis.ipynb", "app/__init__.py", "app/llm.py"],
            id="only .py and .ipynb, sorted",
        ),
        pytest.param(
            {**APP, **{f"{name}/x.py": "" for name in SKIPPED_DIRS}},
            ["app/__init__.py", "app/llm.py"],
            id="every default-skipped directory name",
        ),
        pytest.param(
            {**APP, "src/pkg.egg-info/setup.py": "", "app/__pycache__/llm.py": ""},
            ["app/__init__.py", "app/llm.py"],
            id="egg-info and nested caches",
        ),
        pytest.param(
            {**APP, "py311/pyvenv.cfg": "home = /usr/bin\n", "py311/lib/openai/__init__.py": ""},
            ["app/__init__.py", "app/llm.py"],
            id="virtualenv with an unusual name, found by pyvenv.cfg",
        ),
        pytest.param(
            {"app/build.py": "", "app/dist.py": "", "app/env.py": ""},
            ["app/build.py", "app/dist.py", "app/env.py"],
            id="skip names apply to directories, not to files",
        ),
    ],
)
def test_default_skips(tmp_path: Path, tree: Tree, expected: list[str]) -> None:
    assert relpaths(discover([make_tree(tmp_path, tree)])) == expected


@pytest.mark.parametrize(
    ("tree", "expected"),
    [
        pytest.param(
            {".gitignore": "*_gen.py\n", "a.py": "", "a_gen.py": "", "sub/b_gen.py": ""},
            ["a.py"],
            id="unanchored pattern matches at any depth",
        ),
        pytest.param(
            {".gitignore": "/top.py\n", "top.py": "", "sub/top.py": ""},
            ["sub/top.py"],
            id="anchored pattern matches at the root only",
        ),
        pytest.param(
            {".gitignore": "out/\n", "out/a.py": "", "pkg/out/b.py": "", "out.py": ""},
            ["out.py"],
            id="directory pattern at any depth",
        ),
        pytest.param(
            {".gitignore": "notes.py/\n", "notes.py": ""},
            ["notes.py"],
            id="directory-only pattern leaves a file of that name",
        ),
        pytest.param(
            {".gitignore": "*.py\n!keep.py\n", "drop.py": "", "keep.py": "", "sub/keep.py": ""},
            ["keep.py", "sub/keep.py"],
            id="negation re-includes",
        ),
        pytest.param(
            {".gitignore": "gen/\n!gen/keep.py\n", "gen/keep.py": "", "main.py": ""},
            ["main.py"],
            id="negation cannot re-include below an ignored directory, as in git",
        ),
        pytest.param(
            {
                ".gitignore": "*_gen.py\n",
                "a_gen.py": "",
                "sub/.gitignore": "!keep_gen.py\n",
                "sub/keep_gen.py": "",
                "sub/drop_gen.py": "",
                "keep_gen.py": "",
            },
            ["sub/keep_gen.py"],
            id="nested gitignore overrides its parent below its directory only",
        ),
        pytest.param(
            {
                "app/.gitignore": "/local.py\n",
                "app/local.py": "",
                "app/sub/local.py": "",
                "local.py": "",
            },
            ["app/sub/local.py", "local.py"],
            id="nested anchored pattern is relative to its own directory",
        ),
        pytest.param(
            {".git/info/exclude": "scratch*.py\n", "scratch.py": "", "scratch2.py": "", "m.py": ""},
            ["m.py"],
            id="git info exclude",
        ),
        pytest.param(
            {
                ".git/info/exclude": "scratch*.py\n",
                ".gitignore": "!scratch2.py\n",
                "scratch2.py": "",
            },
            ["scratch2.py"],
            id="gitignore ranks above info exclude",
        ),
        pytest.param(
            {".gitignore": "# comment\n\\\n!\nbad.py\n", "bad.py": "", "good.py": ""},
            ["good.py"],
            id="invalid lines are dropped, the rest still applies",
        ),
    ],
)
def test_gitignore(tmp_path: Path, tree: Tree, expected: list[str]) -> None:
    assert relpaths(discover([make_tree(tmp_path, tree)])) == expected


def test_gitignore_can_be_disabled(tmp_path: Path) -> None:
    make_tree(tmp_path, {".gitignore": "*.py\n", ".git/info/exclude": "*.py\n", "a.py": ""})
    assert relpaths(discover([tmp_path], respect_gitignore=False)) == ["a.py"]


def test_gitignore_of_ancestors_applies_to_a_named_subdirectory(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        {".gitignore": "*_gen.py\n", "app/a.py": "", "app/a_gen.py": "", "lib/b_gen.py": ""},
    )
    discovery = discover([tmp_path / "app", tmp_path / "lib"])
    assert discovery.root == tmp_path.resolve()
    assert relpaths(discovery) == ["app/a.py"]


def test_each_gitignore_is_compiled_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = {".gitignore": "*_gen.py\n", "a/.gitignore": "x.py\n"}
    tree |= {f"a/{name}/m{i}.py": "" for name in "bcd" for i in range(3)} | {"lib/m.py": ""}
    make_tree(tmp_path, tree)
    compiled: list[list[str]] = []
    original = GitIgnoreSpec.from_lines

    def counting(lines: list[str]) -> GitIgnoreSpec:
        compiled.append(list(lines))
        return original(lines)

    monkeypatch.setattr(GitIgnoreSpec, "from_lines", counting)
    # The root is tmp_path; a/b and a/c need the ignore files of a and of the root, as a does.
    discover([tmp_path / "a" / "b", tmp_path / "a" / "c", tmp_path / "a", tmp_path / "lib"])
    assert sorted(compiled) == [[], ["*_gen.py"], ["x.py"]]  # [] is the empty --exclude list


@pytest.mark.parametrize(
    ("excludes", "expected"),
    [
        pytest.param(["tests/"], ["app/llm.py", "app/llm_test.py", "legacy/old.py"], id="dir"),
        pytest.param(
            ["*_test.py"], ["app/llm.py", "legacy/old.py", "tests/test_llm.py"], id="glob"
        ),
        pytest.param(
            ["legacy/**"], ["app/llm.py", "app/llm_test.py", "tests/test_llm.py"], id="**"
        ),
        pytest.param(["tests/", "*_test.py", "legacy/**"], ["app/llm.py"], id="several patterns"),
        pytest.param(
            ["app/*", "!app/llm.py"],
            ["app/llm.py", "legacy/old.py", "tests/test_llm.py"],
            id="negation",
        ),
        pytest.param(
            ["/llm.py"],
            ["app/llm.py", "app/llm_test.py", "legacy/old.py", "tests/test_llm.py"],
            id="anchored to the scan root",
        ),
    ],
)
def test_excludes(tmp_path: Path, excludes: list[str], expected: list[str]) -> None:
    tree = {"app/llm.py": "", "app/llm_test.py": "", "tests/test_llm.py": "", "legacy/old.py": ""}
    assert relpaths(discover([make_tree(tmp_path, tree)], excludes=excludes)) == expected


def test_excludes_beat_gitignore_negation(tmp_path: Path) -> None:
    make_tree(tmp_path, {".gitignore": "!keep.py\n", "keep.py": "", "other.py": ""})
    assert relpaths(discover([tmp_path], excludes=["keep.py"])) == ["other.py"]


def test_invalid_exclude_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"^invalid exclude pattern: '!'$"):
        discover([tmp_path], excludes=["tests/", "!"])


def test_explicit_files_are_scanned_whatever_ignores_them(tmp_path: Path) -> None:
    tree = {".gitignore": "gen.py\n", "gen.py": "", "build/out.py": "", "app/a.py": ""}
    make_tree(tmp_path, tree)
    paths = [tmp_path / "gen.py", tmp_path / "build" / "out.py", tmp_path / "app"]
    discovery = discover(paths, excludes=["out.py"])
    assert relpaths(discovery) == ["app/a.py", "build/out.py", "gen.py"]


def test_explicit_directory_is_walked_even_if_skipped_by_default(tmp_path: Path) -> None:
    tree = {"tools/pyvenv.cfg": "", "tools/bin/run.py": "", "tools/lib/site-packages/x.py": ""}
    discovery = discover([make_tree(tmp_path, tree) / "tools"])
    assert discovery.root == (tmp_path / "tools").resolve()
    assert relpaths(discovery) == ["bin/run.py"]


def test_overlapping_paths_list_each_file_once(tmp_path: Path) -> None:
    make_tree(tmp_path, APP)
    paths = [tmp_path, tmp_path / "app", tmp_path / "app" / "llm.py", tmp_path]
    assert relpaths(discover(paths)) == ["app/__init__.py", "app/llm.py"]


def test_source_file_fields(tmp_path: Path) -> None:
    make_tree(tmp_path, {"app/llm.py": "", "nb/explore.ipynb": "{}"})
    root = tmp_path.resolve()
    assert discover([tmp_path]) == Discovery(
        root=root,
        files=(
            SourceFile(root / "app" / "llm.py", "app/llm.py", is_notebook=False),
            SourceFile(root / "nb" / "explore.ipynb", "nb/explore.ipynb", is_notebook=True),
        ),
        diagnostics=(),
    )


@pytest.mark.parametrize(
    ("paths", "root", "expected"),
    [
        pytest.param(["proj"], "proj", ["app/a.py", "lib/b.py"], id="one directory"),
        pytest.param(["proj/app/a.py"], "proj/app", ["a.py"], id="one file: its directory"),
        pytest.param(
            ["proj/app/a.py", "proj/lib/b.py"], "proj", ["app/a.py", "lib/b.py"], id="two files"
        ),
        pytest.param(["proj/app", "proj/lib/b.py"], "proj", ["app/a.py", "lib/b.py"], id="mixed"),
        pytest.param(["proj/app/a.py", "proj/app/a.py"], "proj/app", ["a.py"], id="same file"),
        pytest.param([], "", ["proj/app/a.py", "proj/lib/b.py"], id="none: current directory"),
    ],
)
def test_scan_root(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    paths: list[str],
    root: str,
    expected: list[str],
) -> None:
    make_tree(tmp_path, {"proj/app/a.py": "", "proj/lib/b.py": ""})
    monkeypatch.chdir(tmp_path)
    discovery = discover([Path(path) for path in paths])
    assert discovery.root == (tmp_path / root).resolve()
    assert relpaths(discovery) == expected


@pytest.mark.parametrize(
    ("path", "message"),
    [
        pytest.param("missing/dir", "path does not exist: missing/dir", id="missing"),
        pytest.param("dangling.py", "path does not exist: dangling.py", id="dangling symlink"),
        pytest.param("notes.txt", "not a Python file or notebook: notes.txt", id="not Python"),
        pytest.param("stubs.pyi", "not a Python file or notebook: stubs.pyi", id="stub"),
        pytest.param("knot", "cannot resolve path: knot: symlink loop", id="symlink loop"),
    ],
)
def test_bad_path_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, message: str
) -> None:
    make_tree(tmp_path, {"notes.txt": "", "stubs.pyi": "", "a.py": ""})
    (tmp_path / "dangling.py").symlink_to(tmp_path / "gone.py")
    (tmp_path / "knot").symlink_to(tmp_path / "knot")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as caught:
        discover([Path("a.py"), Path(path)])
    assert str(caught.value) == message


def test_symlinks_out_of_the_root_are_not_followed(tmp_path: Path) -> None:
    make_tree(tmp_path, {"outside/secret.py": "", "outside/pkg/x.py": "", "root/app/a.py": ""})
    root = tmp_path / "root"
    (root / "app" / "link.py").symlink_to(tmp_path / "outside" / "secret.py")
    (root / "vendored").symlink_to(tmp_path / "outside" / "pkg")
    assert relpaths(discover([root])) == ["app/a.py"]


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    make_tree(tmp_path, {"app/a.py": "", "app/sub/b.py": ""})
    (tmp_path / "app" / "sub" / "up").symlink_to(tmp_path)
    (tmp_path / "app" / "self").symlink_to(tmp_path / "app")
    (tmp_path / "knot").symlink_to(tmp_path / "knot")  # resolves to nothing: ELOOP
    assert relpaths(discover([tmp_path])) == ["app/a.py", "app/sub/b.py"]


def test_symlinked_file_is_scanned_once_under_its_first_relpath(tmp_path: Path) -> None:
    make_tree(tmp_path, {"app/llm.py": ""})
    (tmp_path / "app" / "z_alias.py").symlink_to(tmp_path / "app" / "llm.py")
    (tmp_path / "a_alias.py").symlink_to(Path("app") / "llm.py")  # relative link
    discovery = discover([tmp_path])
    root = tmp_path.resolve()
    assert discovery.files == (SourceFile(root / "app" / "llm.py", "a_alias.py", False),)


def test_symlinked_directory_never_takes_a_real_directorys_files(tmp_path: Path) -> None:
    make_tree(tmp_path, {"src/pkg/m.py": ""})
    (tmp_path / "alias").symlink_to(tmp_path / "src")  # sorts first, but is only a link
    (tmp_path / "src" / "b_link").symlink_to(tmp_path / "src" / "pkg")
    assert relpaths(discover([tmp_path])) == ["src/pkg/m.py"]


def test_symlinked_directory_inside_the_root_is_followed(tmp_path: Path) -> None:
    make_tree(tmp_path, {".gitignore": "shared/\n", "shared/util.py": ""})
    (tmp_path / "app").symlink_to(tmp_path / "shared")
    discovery = discover([tmp_path])
    root = tmp_path.resolve()
    assert discovery.files == (SourceFile(root / "shared" / "util.py", "app/util.py", False),)


def failing_scandir(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Make listing `denied` fail as chmod 000 would; tests run as root, whom modes do not stop."""
    original = os.scandir

    def scandir(path: str) -> Iterator[os.DirEntry[str]]:
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", path)
        return original(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_directory_is_a_diagnostic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, {"app/a.py": "", "app/private/keys.py": "", "lib/b.py": ""})
    failing_scandir(monkeypatch, tmp_path.resolve() / "app" / "private")
    discovery = discover([tmp_path])
    assert relpaths(discovery) == ["app/a.py", "lib/b.py"]
    assert discovery.diagnostics == (
        Diagnostic(
            path="app/private",
            kind=DiagnosticKind.UNREADABLE,
            message="cannot list directory: Permission denied",
        ),
    )


def test_unreadable_root_is_a_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failing_scandir(monkeypatch, tmp_path.resolve())
    discovery = discover([tmp_path])
    assert discovery.files == ()
    assert [(d.path, d.message) for d in discovery.diagnostics] == [
        (".", "cannot list directory: Permission denied")
    ]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="needs POSIX permissions, and root reads directories whatever their mode",
)
def test_unreadable_directory_on_disk(tmp_path: Path) -> None:
    make_tree(tmp_path, {"app/a.py": "", "locked/keys.py": ""})
    (tmp_path / "locked").chmod(0)
    try:
        discovery = discover([tmp_path])
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert relpaths(discovery) == ["app/a.py"]
    assert [(d.path, d.kind) for d in discovery.diagnostics] == [
        ("locked", DiagnosticKind.UNREADABLE)
    ]


def test_unreadable_gitignore_is_a_diagnostic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, {"app/.gitignore": "a.py\n", "app/a.py": ""})
    original = Path.read_text

    def read_text(self: Path, encoding: str | None = None, errors: str | None = None) -> str:
        if self.name == ".gitignore":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, encoding=encoding, errors=errors)

    monkeypatch.setattr(Path, "read_text", read_text)
    discovery = discover([tmp_path])
    assert relpaths(discovery) == ["app/a.py"]
    assert [(d.path, d.message) for d in discovery.diagnostics] == [
        ("app/.gitignore", "cannot read ignore file: Permission denied")
    ]


# Path components drawn from ordinary names, default-skipped names, and names that only look
# like them, so that the reference below is exercised on both sides.
_COMPONENTS = st.sampled_from(["app", "lib", "build", "builds", "venv", ".venv", "x.egg-info", "e"])
_FILES = st.sampled_from(["a.py", "b.ipynb", "c.txt", "d.pyi"])


@settings(max_examples=50, deadline=None)
@given(st.sets(st.tuples(st.lists(_COMPONENTS, max_size=3).map(tuple), _FILES), max_size=12))
def test_walk_matches_a_naive_reference(files: set[tuple[tuple[str, ...], str]]) -> None:
    rels = {"/".join([*dirs, name]) for dirs, name in files}
    with tempfile.TemporaryDirectory() as tmp:
        make_tree(Path(tmp), dict.fromkeys(rels, ""))
        discovery = discover([Path(tmp)])
    expected = sorted(
        rel
        for rel in rels
        if rel.endswith((".py", ".ipynb"))
        and not any(
            part in SKIPPED_DIRS or part.endswith(".egg-info") for part in rel.split("/")[:-1]
        )
    )
    assert relpaths(discovery) == expected
