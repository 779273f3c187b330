"""Fixtures for every test: an analysis cache of its own, and a realistic hand-built report.

The report (three files, one a notebook cell, and a file that did not parse) is what the
report tests render; the engine is not needed for it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from vendorlock.cli.options import CACHE_DIR_ENV
from vendorlock.model import (
    Confidence,
    Diagnostic,
    DiagnosticKind,
    Finding,
    Kind,
    Portability,
    Report,
    Severity,
    Summary,
    ToolInfo,
)


@pytest.fixture(autouse=True)
def isolated_cache_dir(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """The analysis cache of this test, so that no test writes to the user's cache.

    Not created: the engine makes it on first use, as it would for a user. Kept out of
    `tmp_path`, which some tests list.
    """
    test_id = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:16]
    path = tmp_path_factory.getbasetemp() / "vendorlock-cache" / test_id
    monkeypatch.setenv(CACHE_DIR_ENV, str(path))
    return path


FINDINGS = (
    Finding(
        rule="vendor-call",
        kind=Kind.CALL,
        sdk="openai",
        provider="deepseek",
        api="openai:chat.completions.create",
        path="app/llm.py",
        line=9,
        column=12,
        end_line=11,
        end_column=6,
        portability=Portability.AUTO,
        confidence=Confidence.CERTAIN,
        severity=Severity.WARNING,
        message="Call to the openai SDK's chat.completions.create (served by deepseek).",
        code='resp = client.chat.completions.create(model="deepseek-chat", messages=msgs)',
        fingerprint="3f2a9c1d0b7e4a55",
    ),
    Finding(
        rule="vendor-import",
        kind=Kind.IMPORT,
        sdk="openai",
        provider="openai",
        path="app/llm.py",
        line=1,
        column=1,
        end_line=1,
        end_column=14,
        portability=Portability.AUTO,
        confidence=Confidence.CERTAIN,
        severity=Severity.INFO,
        message="Import of the openai SDK.",
        code="import openai",
        fingerprint="9b1c2d3e4f5a6b7c",
    ),
    Finding(
        rule="openai-assistants",
        kind=Kind.FEATURE,
        sdk="openai",
        provider="openai",
        api="openai:beta.assistants.create",
        path="app/agents.py",
        line=12,
        column=17,
        end_line=12,
        end_column=63,
        features=("openai-assistants",),
        portability=Portability.MANUAL,
        confidence=Confidence.LIKELY,
        severity=Severity.ERROR,
        message="The OpenAI Assistants API has no neutral equivalent.",
        code='assistant = client.beta.assistants.create(model="gpt-4o")',
        fingerprint="0a1b2c3d4e5f6a7b",
    ),
    Finding(
        rule="vendor-client",
        kind=Kind.CLIENT,
        sdk="anthropic",
        provider="anthropic",
        path="notebooks/explore.ipynb",
        line=2,
        column=10,
        end_line=2,
        end_column=31,
        cell=3,
        portability=Portability.AUTO,
        confidence=Confidence.CERTAIN,
        severity=Severity.WARNING,
        message="Construction of an anthropic client.",
        code="client = anthropic.Anthropic()",
        fingerprint="c0ffee0000000001",
    ),
)

SUMMARY = Summary(
    files_discovered=12,
    files_scanned=11,
    files_with_findings=3,
    files_failed=1,
    findings=4,
    by_kind={"import": 1, "call": 1, "feature": 1, "client": 1},
    by_sdk={"openai": 3, "anthropic": 1},
    by_provider={"openai": 2, "deepseek": 1, "anthropic": 1},
    by_confidence={"certain": 3, "likely": 1},
)

DIAGNOSTICS = (
    Diagnostic(
        path="app/broken.py",
        kind=DiagnosticKind.SYNTAX_ERROR,
        message="Syntax error: unexpected ')'.",
        line=3,
    ),
)


@pytest.fixture
def sample_report() -> Report:
    """Four findings in three files (one a notebook cell), and one file that did not parse."""
    return Report(
        tool=ToolInfo(version="0.1.0"),
        root="/work/app",
        summary=SUMMARY,
        findings=FINDINGS,
        diagnostics=DIAGNOSTICS,
    )
