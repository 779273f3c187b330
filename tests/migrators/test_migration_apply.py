"""Writing a migration: bytes kept, files never half-written, failures per file."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import libcst as cst
import pytest
from migration_cases import run_migration

from vendorlock.migrators.apply import Failure, Skip, Success, unified_diff
from vendorlock.migrators.codemod import MigrateFile

SOURCE = """\
import openai

# the answer, printed
reply = openai.chat.completions.create(model="gpt-4o", messages=[])  # one call
print(reply.choices[0].message.content)
"""
MIGRATED = """\
import litellm

# the answer, printed
reply = litellm.completion(model="openai/gpt-4o", messages=[])  # one call
print(reply.choices[0].message.content)
"""


def _only(results: tuple[object, ...]) -> object:
    (item,) = results
    return item


def test_keeps_comments_and_rewrites(tmp_path: Path) -> None:
    module = tmp_path / "app.py"
    module.write_text(SOURCE)
    item = _only(run_migration(tmp_path, "litellm").files)
    assert isinstance(item, Success) and item.written
    assert module.read_text() == MIGRATED


def test_crlf_stays_crlf(tmp_path: Path) -> None:
    module = tmp_path / "app.py"
    module.write_bytes(SOURCE.replace("\n", "\r\n").encode())
    run_migration(tmp_path, "litellm")
    assert module.read_bytes() == MIGRATED.replace("\n", "\r\n").encode()


def test_bom_is_kept(tmp_path: Path) -> None:
    module = tmp_path / "app.py"
    module.write_bytes(codecs.BOM_UTF8 + SOURCE.encode())
    run_migration(tmp_path, "litellm")
    assert module.read_bytes() == codecs.BOM_UTF8 + MIGRATED.encode()


def test_pep263_encoding_is_kept(tmp_path: Path) -> None:
    cookie = "# -*- coding: latin-1 -*-\n# café\n"
    module = tmp_path / "app.py"
    module.write_bytes((cookie + SOURCE).encode("latin-1"))
    run_migration(tmp_path, "litellm")
    assert module.read_bytes() == (cookie + MIGRATED).encode("latin-1")


def test_permissions_are_kept(tmp_path: Path) -> None:
    module = tmp_path / "app.py"
    module.write_text(SOURCE)
    module.chmod(0o751)
    run_migration(tmp_path, "litellm")
    assert module.stat().st_mode & 0o777 == 0o751
    assert [p.name for p in tmp_path.iterdir()] == ["app.py"]  # no temp file left


def test_diff_only_by_default(tmp_path: Path) -> None:
    module = tmp_path / "app.py"
    module.write_text(SOURCE)
    item = _only(run_migration(tmp_path, "litellm", write=False).files)
    assert module.read_text() == SOURCE
    assert isinstance(item, Success) and not item.written
    assert item.diff == unified_diff(item.path, SOURCE, MIGRATED)
    assert item.diff.startswith(f"--- a/{item.path}\n+++ b/{item.path}\n")


def test_unchanged_file_is_not_touched(tmp_path: Path) -> None:
    source = "import anthropic\n\nclient = anthropic.Anthropic()\nm = client.messages.create(\n"
    source += '    model="claude-haiku-4-5", max_tokens=5, messages=[], stream=True\n)\n'
    module = tmp_path / "app.py"
    module.write_text(source)
    os.utime(module, ns=(1_000_000_000, 1_000_000_000))
    item = _only(run_migration(tmp_path, "litellm").files)
    assert isinstance(item, Success) and not item.diff and not item.written
    assert module.stat().st_mtime_ns == 1_000_000_000


def test_notebooks_are_skipped(tmp_path: Path) -> None:
    cell: dict[str, object] = {
        "cell_type": "code",
        "metadata": {},
        "outputs": [],
        "execution_count": None,
    }
    notebook = {
        "cells": [{**cell, "source": SOURCE.splitlines(keepends=True)}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "analysis.ipynb"
    path.write_text(json.dumps(notebook))
    before = path.read_bytes()
    item = _only(run_migration(tmp_path, "litellm").files)
    assert isinstance(item, Skip)
    assert item.reason == "notebooks are not rewritten; move their calls by hand"
    assert path.read_bytes() == before


def test_output_that_does_not_parse_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "app.py"
    module.write_text(SOURCE)
    broken = cst.parse_module("x = (\n    1\n)\n").with_changes(
        body=[cst.SimpleStatementLine([cst.Expr(cst.Name("def"))])]
    )
    monkeypatch.setattr(MigrateFile, "transform_module", lambda self, tree: broken)
    item = _only(run_migration(tmp_path, "litellm").files)
    assert isinstance(item, Failure)
    assert item.reason.startswith("the rewritten file would not parse")
    assert module.read_text() == SOURCE


def test_a_codemod_crash_is_a_failure_of_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "app.py"
    module.write_text(SOURCE)

    def crash(self: object, tree: cst.Module) -> cst.Module:
        raise RuntimeError("boom")

    monkeypatch.setattr(MigrateFile, "transform_module", crash)
    item = _only(run_migration(tmp_path, "litellm").files)
    assert isinstance(item, Failure)
    assert item.reason == "internal error in the codemod: RuntimeError('boom')"
    assert module.read_text() == SOURCE


def test_diff_marks_a_missing_final_newline() -> None:
    diff = unified_diff("app.py", "a = 1", "a = 2")
    assert diff == (
        "--- a/app.py\n+++ b/app.py\n@@ -1 +1 @@\n-a = 1\n\\ No newline at end of file\n"
        "+a = 2\n\\ No newline at end of file\n"
    )
