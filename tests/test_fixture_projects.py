"""Every fixture project, scanned, produces exactly the findings its comments announce.

The annotation grammar is documented in `tests/fixture_annotations.py`. On failure the
test prints what was expected and not found, and what was found and not expected, each
with its place and source line (and, for the latter, the annotation that would accept it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from fixture_annotations import (
    AnnotationError,
    ProjectAnnotations,
    collect_expectations,
    compare,
    format_comparison,
)

from vendorlock import ScanOptions, scan
from vendorlock.model import DiagnosticKind, Report

PROJECTS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "projects"
PROJECTS = sorted(path for path in PROJECTS_DIR.iterdir() if path.is_dir())
EXPECTED_PROJECTS = {
    "aws_app",
    "broken_inputs",
    "calibration",  # three projects (no_vendor, gateway, scattered) scanned as one
    "crossmodule_app",
    "demo_app",
    "frameworks_app",
    "google_app",
    "legacy_app",
    "multivendor_app",
    "notebook_app",
    "plan_app",
    "precision_traps",
    "providers_app",
}

# broken_inputs: each file the scanner must survive, the diagnostic it produces, words of
# which the message must contain at least one (lower-cased), and the line it may name.
# EXPECTED.md in that project explains each file.
BROKEN_INPUTS: dict[str, tuple[DiagnosticKind, tuple[str, ...], int | None]] = {
    "syntax_error.py": (DiagnosticKind.SYNTAX_ERROR, ("syntax",), 40),
    "python2.py": (DiagnosticKind.SYNTAX_ERROR, ("syntax", "python 2"), 14),
    "latin1.py": (DiagnosticKind.DECODE_ERROR, ("utf-8", "utf8", "decode", "encoding"), None),
    "binary.py": (DiagnosticKind.BINARY_FILE, ("binary", "nul", "null"), None),
    "broken.ipynb": (DiagnosticKind.NOTEBOOK_ERROR, ("json", "notebook"), None),
}
BROKEN_UNREADABLE = {"latin1.py", "binary.py", "broken.ipynb"}


@cache
def _scan(project: Path) -> Report:
    return scan([project], ScanOptions())


def _annotations(project: Path) -> ProjectAnnotations:
    try:
        return collect_expectations(project)
    except AnnotationError as error:
        pytest.fail(f"malformed annotation: {error}", pytrace=False)


def test_every_project_is_present_and_annotated() -> None:
    assert {path.name for path in PROJECTS} == EXPECTED_PROJECTS
    for project in PROJECTS:
        assert (project / "README.md").is_file(), f"{project.name} has no README.md"
        assert _annotations(project).expectations, f"{project.name} announces no finding"


def test_only_broken_inputs_has_files_without_annotations() -> None:
    for project in PROJECTS:
        want = BROKEN_UNREADABLE if project.name == "broken_inputs" else set()
        assert set(_annotations(project).unreadable) == want, project.name


@pytest.mark.parametrize("project", PROJECTS, ids=lambda path: path.name)
def test_findings_match_annotations(project: Path) -> None:
    annotations = _annotations(project)
    comparison = compare(annotations.expectations, _scan(project).findings)
    if not comparison.ok:
        pytest.fail(format_comparison(project.name, comparison, annotations), pytrace=False)


@pytest.mark.parametrize("project", PROJECTS, ids=lambda path: path.name)
def test_diagnostics(project: Path) -> None:
    expected = BROKEN_INPUTS if project.name == "broken_inputs" else {}
    diagnostics = _scan(project).diagnostics
    by_path = {diagnostic.path: diagnostic for diagnostic in diagnostics}
    assert len(by_path) == len(diagnostics), f"several diagnostics for one file: {diagnostics}"
    assert set(by_path) == set(expected), f"diagnostics: {diagnostics}"
    for path, (kind, words, line) in expected.items():
        diagnostic = by_path[path]
        assert diagnostic.kind is kind, f"{path}: {diagnostic}"
        message = diagnostic.message.lower()
        assert any(word in message for word in words), f"{path}: message {diagnostic.message!r}"
        assert diagnostic.line in (None, line), f"{path}: line {diagnostic.line}, want {line}"
