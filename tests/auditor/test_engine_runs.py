"""One report whatever the run: one job or several, cold or warm cache, after an edit.

The engine promises that `--jobs` and the result cache change how long a scan
takes, never what it finds. These tests scan every fixture project (and small
projects built to stress the cache: import cycles, exports that change) each
way and compare the complete JSON reports.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import textwrap
from pathlib import Path

import pytest

from vendorlock.auditor import resolution, workers
from vendorlock.auditor.cache import ResultCache
from vendorlock.auditor.engine import ScanResult, scan_project
from vendorlock.config import ScanOptions
from vendorlock.model import DiagnosticKind
from vendorlock.reports.json_report import render_json

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "projects"
PROJECTS = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())


def _report(result: ScanResult) -> dict[str, object]:
    document = json.loads(render_json(result.report))
    assert isinstance(document, dict)
    return document


def _scan(root: Path, **options: object) -> ScanResult:
    return scan_project([root], ScanOptions(**options))  # type: ignore[arg-type]


@pytest.fixture
def pool_for_small_projects(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fixture projects are smaller than the size at which a scan starts a pool.
    monkeypatch.setattr(resolution, "MIN_FILES_FOR_POOL", 1)


def _write(root: Path, files: dict[str, str]) -> Path:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


# An import cycle that carries a client: `app.llm` builds it, `app.service` uses it
# through `app` (which imports both), and `app.llm` imports `app.service` back.
CYCLE = {
    "app/__init__.py": """
        from app.llm import client
        from app import service
    """,
    "app/llm.py": """
        import openai
        from app import service  # the cycle

        client = openai.OpenAI(base_url="https://api.deepseek.com")
    """,
    "app/service.py": """
        import app

        def ask(request):
            # No identifying keywords: only the client proves this is a vendor call.
            return app.client.chat.completions.create(**request)
    """,
    "app/util.py": """
        def helper():
            return 1
    """,
}


@pytest.mark.usefixtures("pool_for_small_projects")
@pytest.mark.parametrize("project", PROJECTS)
def test_two_jobs_give_the_report_of_one(project: str) -> None:
    one = _scan(FIXTURES / project, jobs=1)
    two = _scan(FIXTURES / project, jobs=2)
    assert _report(two) == _report(one)
    assert two.structures == one.structures


@pytest.mark.parametrize("project", PROJECTS)
def test_a_warm_cache_gives_the_cold_report_without_analysing(project: str, tmp_path: Path) -> None:
    root = tmp_path / project
    shutil.copytree(FIXTURES / project, root)
    uncached = _scan(root)
    cold = _scan(root, cache_dir=tmp_path / "cache")
    warm = _scan(root, cache_dir=tmp_path / "cache")
    assert _report(cold) == _report(uncached)
    assert _report(warm) == _report(uncached)
    assert warm.structures == uncached.structures
    assert warm.stats.analysed == 0
    # Each file analysed cold (or failed to parse) is reused exactly once.
    failed = {DiagnosticKind.SYNTAX_ERROR, DiagnosticKind.INTERNAL_ERROR}
    parsed_failures = sum(1 for d in cold.report.diagnostics if d.kind in failed)
    assert warm.stats.reused == len(cold.structures) + parsed_failures


def test_an_import_cycle_is_reused_whole(tmp_path: Path) -> None:
    root = _write(tmp_path / "project", CYCLE)
    cold = _scan(root, cache_dir=tmp_path / "cache")
    warm = _scan(root, cache_dir=tmp_path / "cache")
    call = [f for f in cold.report.findings if f.rule == "vendor-call"]
    assert [(f.path, f.line, f.provider) for f in call] == [("app/service.py", 6, "deepseek")]
    assert _report(warm) == _report(cold)
    assert warm.stats.analysed == 0


def test_touching_a_file_reanalyses_that_file_only(tmp_path: Path) -> None:
    root = _write(tmp_path / "project", CYCLE)
    cold = _scan(root, cache_dir=tmp_path / "cache")
    with (root / "app/llm.py").open("a", encoding="utf-8") as stream:
        stream.write("# a comment changes the bytes, not the exports\n")
    touched = _scan(root, cache_dir=tmp_path / "cache")
    assert touched.stats.analysed == 1
    assert _report(touched) == _report(cold)


def test_a_pool_starts_for_many_analyses_not_for_one_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Twelve files that each call the vendor: a cold scan has more than enough to share.
    files = {
        f"app/part{index}.py": f"""
            import openai

            def ask{index}(messages):
                return openai.OpenAI().chat.completions.create(model="gpt-4o", messages=messages)
        """
        for index in range(12)
    }
    root = _write(tmp_path / "project", {"app/__init__.py": "", **files})
    pools: list[int] = []

    class Counted(workers.ProcessRunner):
        def __init__(self, jobs: int, modules: frozenset[str], packages: frozenset[str]) -> None:
            pools.append(jobs)
            super().__init__(jobs, modules, packages)

    monkeypatch.setattr(resolution, "ProcessRunner", Counted)
    cold = _scan(root, cache_dir=tmp_path / "cache", jobs=2)
    assert pools == [2]
    with (root / "app/part3.py").open("a", encoding="utf-8") as stream:
        stream.write("# edited\n")
    touched = _scan(root, cache_dir=tmp_path / "cache", jobs=2)
    assert pools == [2]  # one file to analyse: this process, no fork
    assert touched.stats.analysed == 1
    assert _report(touched) == _report(cold)


def test_an_edit_that_changes_exports_reaches_the_readers(tmp_path: Path) -> None:
    root = _write(tmp_path / "project", CYCLE)
    _scan(root, cache_dir=tmp_path / "cache")
    llm = root / "app/llm.py"
    llm.write_text(llm.read_text().replace("api.deepseek.com", "openrouter.ai/api/v1"))
    edited = _scan(root, cache_dir=tmp_path / "cache")
    fresh = _scan(root)
    assert _report(edited) == _report(fresh)
    call = [f for f in edited.report.findings if f.rule == "vendor-call"]
    assert [(f.path, f.provider) for f in call] == [("app/service.py", "openrouter")]
    # The helper reads nothing that changed: it is never analysed again.
    assert edited.stats.analysed < fresh.stats.analysed


def test_removing_the_client_reaches_the_caller_through_the_cycle(tmp_path: Path) -> None:
    root = _write(tmp_path / "project", CYCLE)
    _scan(root, cache_dir=tmp_path / "cache")
    (root / "app/llm.py").write_text("from app import service\n\nclient = None\n")
    edited = _scan(root, cache_dir=tmp_path / "cache")
    assert _report(edited) == _report(_scan(root))
    # No client any more: the call is only a chain-shape guess, on the SDK's own provider.
    call = [f for f in edited.report.findings if f.rule == "vendor-call"]
    assert [(f.confidence.value, f.provider) for f in call] == [("likely", "openai")]


def test_adding_a_module_invalidates_the_cache(tmp_path: Path) -> None:
    root = _write(tmp_path / "project", CYCLE)
    _scan(root, cache_dir=tmp_path / "cache")
    _write(root, {"app/extra.py": "x = 1\n"})
    added = _scan(root, cache_dir=tmp_path / "cache")
    assert added.stats.reused == 0
    assert _report(added) == _report(_scan(root))


def _cache_file(directory: Path) -> Path:
    (found,) = directory.glob("scan-*.cache")
    return found


@pytest.mark.parametrize(
    "corrupt",
    [
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: b"not a cache at all\n" + blob, id="foreign"),
        pytest.param(lambda blob: blob[:-40] + bytes(40), id="bytes flipped"),
    ],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(corrupt: object, tmp_path: Path) -> None:
    root = _write(tmp_path / "project", CYCLE)
    cold = _scan(root, cache_dir=tmp_path / "cache")
    path = _cache_file(tmp_path / "cache")
    path.write_bytes(corrupt(path.read_bytes()))  # type: ignore[operator]
    again = _scan(root, cache_dir=tmp_path / "cache")
    assert again.stats.reused == 0
    assert _report(again) == _report(cold)
    rebuilt = _scan(root, cache_dir=tmp_path / "cache")
    assert rebuilt.stats.analysed == 0


class _Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (print, ("the cache ran code",))


def test_a_cache_that_would_run_code_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import hashlib

    root = _write(tmp_path / "project", CYCLE)
    _scan(root, cache_dir=tmp_path / "cache")
    path = _cache_file(tmp_path / "cache")
    payload = pickle.dumps(_Exploit())
    # A well-formed file with a correct digest: only the unpickler stands in the way.
    path.write_bytes(
        b"vendorlock-cache 1\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    )
    again = _scan(root, cache_dir=tmp_path / "cache")
    assert "the cache ran code" not in capsys.readouterr().out
    assert again.stats.reused == 0


def test_another_build_uses_another_file(tmp_path: Path) -> None:
    mine = ResultCache(tmp_path, tmp_path / "project", build="build-a")
    other = ResultCache(tmp_path, tmp_path / "project", build="build-b")
    assert mine.path != other.path


def test_an_unwritable_cache_directory_does_not_stop_the_scan(tmp_path: Path) -> None:
    root = _write(tmp_path / "project", CYCLE)
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache directory should be\n")
    result = _scan(root, cache_dir=blocker)
    assert _report(result) == _report(_scan(root))


def test_a_worker_that_dies_is_an_error_not_a_hang(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = _write(tmp_path / "project", CYCLE)
    monkeypatch.setattr(resolution, "MIN_FILES_FOR_POOL", 1)
    monkeypatch.setattr(workers, "_start_method", lambda: "fork")
    monkeypatch.setattr(workers, "_serve", lambda *args: os._exit(1))
    with pytest.raises(RuntimeError, match="ended unexpectedly"):
        _scan(root, jobs=2)


@pytest.mark.parametrize(
    ("module", "name", "allowed"),
    [
        ("vendorlock.auditor.values", "Client", True),  # a dataclass: fields only
        ("vendorlock.model", "Finding", True),  # a pydantic model
        ("vendorlock.model", "Kind", True),  # an enum
        ("vendorlock.auditor.workers", "ProcessRunner", False),  # building one forks workers
        ("vendorlock.auditor.cache", "ResultCache", False),
        ("vendorlock.auditor.cache", "analysis_build", False),  # a function
        ("os", "system", False),
    ],
)
def test_the_cache_builds_only_plain_data(module: str, name: str, allowed: bool) -> None:
    # Values are pickled as constructor calls, so every class a cache names may be called.
    import io

    from vendorlock.auditor.cache import _SafeUnpickler

    unpickler = _SafeUnpickler(io.BytesIO(b""))
    if allowed:
        assert isinstance(unpickler.find_class(module, name), type)
    else:
        with pytest.raises(pickle.UnpicklingError, match="refusing to load"):
            unpickler.find_class(module, name)
