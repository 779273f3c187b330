"""The report memo: an unchanged tree gets the last report back, anything else a fresh one.

The memo is only worth having if it is never wrong: every input of the report
(a file's bytes, a new or removed file, the options that shape the report,
the console scripts) must miss it, and a damaged memo must be ignored. Each
case compares the memo-backed report with a scan that has no cache at all.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from vendorlock.auditor import engine
from vendorlock.auditor.engine import scan
from vendorlock.config import ScanOptions
from vendorlock.model import Confidence, Report
from vendorlock.reports.json_report import render_json

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "projects"

PROJECT = {
    "pyproject.toml": """
        [project]
        name = "helpdesk"
        version = "0"
    """,
    "helpdesk/__init__.py": "",
    "helpdesk/llm.py": """
        import openai

        client = openai.OpenAI()
    """,
    "helpdesk/answer.py": """
        from helpdesk.llm import client

        def answer(question):
            return client.chat.completions.create(model="gpt-4o", messages=question)
    """,
    "helpdesk/cli.py": """
        from helpdesk.answer import answer

        def main():
            print(answer([{"role": "user", "content": "hi"}]))
    """,
}


def _write(root: Path, files: dict[str, str]) -> Path:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _json(report: Report) -> dict[str, object]:
    document = json.loads(render_json(report))
    assert isinstance(document, dict)
    return document


def _fresh(root: Path, **options: object) -> dict[str, object]:
    """The report of a scan without any cache: what the memo must agree with."""
    return _json(scan([root], ScanOptions(**options)))  # type: ignore[arg-type]


def _cached(root: Path, cache: Path, **options: object) -> dict[str, object]:
    return _json(scan([root], ScanOptions(cache_dir=cache, **options)))  # type: ignore[arg-type]


@pytest.fixture
def no_analysis(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Calling the returned function makes any further analysis fail the test."""

    def forbid() -> None:
        def analyse(*_args: object) -> object:
            raise AssertionError("the scan analysed the project instead of using the memo")

        monkeypatch.setattr(engine, "_analyse", analyse)

    return forbid


@pytest.mark.parametrize("project", ["demo_app", "crossmodule_app", "notebook_app"])
def test_an_unchanged_tree_gets_the_last_report_without_analysis(
    project: str, tmp_path: Path, no_analysis: Callable[[], None]
) -> None:
    root = FIXTURES / project
    fresh = _fresh(root)
    cold = _cached(root, tmp_path / "cache")
    no_analysis()
    assert _cached(root, tmp_path / "cache") == cold == fresh


def _edit_answer(root: Path) -> None:
    path = root / "helpdesk/answer.py"
    path.write_text("\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")


def _add_module(root: Path) -> None:
    (root / "helpdesk/util.py").write_text("def helper():\n    return 1\n", encoding="utf-8")


def _remove_caller(root: Path) -> None:
    (root / "helpdesk/cli.py").unlink()


def _add_script(root: Path) -> None:
    path = root / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\n[project.scripts]\nhelp = "helpdesk.cli:main"\n', encoding="utf-8")


def _make_undecodable(root: Path) -> None:
    (root / "helpdesk/cli.py").write_bytes(b"# -*- coding: latin-1 -*-\nx = '\xff\xfe'\n\x00")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_edit_answer, id="a finding's file edited (its line moves)"),
        pytest.param(_add_module, id="a module added"),
        pytest.param(_remove_caller, id="a module removed"),
        pytest.param(_add_script, id="a console script declared"),
        pytest.param(_make_undecodable, id="a file made unreadable"),
    ],
)
def test_any_change_to_the_tree_misses_the_memo(
    change: Callable[[Path], None], tmp_path: Path
) -> None:
    root = _write(tmp_path / "project", PROJECT)
    before = _cached(root, tmp_path / "cache")
    change(root)
    after = _cached(root, tmp_path / "cache")
    assert after == _fresh(root)
    assert after != before


def test_the_edit_moves_the_finding_in_the_memo_backed_report(tmp_path: Path) -> None:
    root = _write(tmp_path / "project", PROJECT)
    _cached(root, tmp_path / "cache")
    _edit_answer(root)
    report = scan([root], ScanOptions(cache_dir=tmp_path / "cache"))
    (call,) = [f for f in report.findings if f.path == "helpdesk/answer.py" and f.kind == "call"]
    assert call.line == 7  # was 5: two lines were added above it


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"min_confidence": Confidence.CERTAIN}, id="min confidence"),
        pytest.param({"gateway": ("helpdesk/llm.py",)}, id="gateway"),
        pytest.param({"excludes": ("helpdesk/cli.py",)}, id="excludes"),
    ],
)
def test_options_that_shape_the_report_miss_the_memo(
    options: dict[str, object], tmp_path: Path
) -> None:
    root = _write(tmp_path / "project", PROJECT)
    _cached(root, tmp_path / "cache")
    assert _cached(root, tmp_path / "cache", **options) == _fresh(root, **options)


def _memo_file(directory: Path) -> Path:
    (found,) = directory.glob("report-*.memo")
    return found


def _with_valid_header(payload: bytes) -> bytes:
    # A well-formed frame around a bad body: only the report's schema stands in the way.
    return b"vendorlock-cache 1\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: blob[:-40] + bytes(40), id="bytes flipped"),
        pytest.param(
            lambda blob: _with_valid_header(blob.split(b"\n", 2)[2].split(b"\n", 1)[0] + b"\n{}"),
            id="right key, not a report",
        ),
    ],
)
def test_a_damaged_memo_is_ignored_and_rewritten(
    damage: Callable[[bytes], bytes], tmp_path: Path, no_analysis: Callable[[], None]
) -> None:
    root = _write(tmp_path / "project", PROJECT)
    cold = _cached(root, tmp_path / "cache")
    path = _memo_file(tmp_path / "cache")
    path.write_bytes(damage(path.read_bytes()))
    assert _cached(root, tmp_path / "cache") == cold
    no_analysis()
    assert _cached(root, tmp_path / "cache") == cold


def test_without_a_cache_directory_nothing_is_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _write(tmp_path / "project", PROJECT)
    monkeypatch.chdir(tmp_path)
    scan([root], ScanOptions())
    scan([root], ScanOptions())
    assert not list(tmp_path.rglob("*.memo"))


def test_a_warm_scan_imports_neither_libcst_nor_networkx(tmp_path: Path) -> None:
    """The point of the memo is start-up: a warm scan must not pay for the parser or graph."""
    program = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from vendorlock.auditor.engine import scan
        from vendorlock.config import ScanOptions

        report = scan([Path({str(FIXTURES / "demo_app")!r})],
                      ScanOptions(cache_dir=Path({str(tmp_path / "cache")!r})))
        print(len(report.findings), "libcst" in sys.modules, "networkx" in sys.modules)
        """
    )

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", program], capture_output=True, text=True, check=True
        )
        return done.stdout.split()

    cold = run()
    warm = run()
    assert cold[1:] == ["True", "True"]  # the cold scan did parse and build the graph
    assert warm == [cold[0], "False", "False"]
