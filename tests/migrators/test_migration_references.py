"""A finding on a reference to a vendor method (assigned, passed on, picked in a conditional)
is left for a person with that reason, not "re-run the scan"; calls beside it still move."""

# ruff: noqa: E501 - rows are exact source text; long generated lines are part of the expectation

from __future__ import annotations

from pathlib import Path

import pytest
from migration_cases import run_migration

from vendorlock.auditor.engine import scan
from vendorlock.config import ScanOptions
from vendorlock.migrators import MigrateOptions, migrate
from vendorlock.migrators.apply import Success
from vendorlock.migrators.codemod import SiteOutcome
from vendorlock.migrators.ir import Safety


def _reference(api: str) -> str:
    return f"a reference to `{api}`, not a call (passed on or assigned): move it by hand"


CREATE = _reference("openai:chat.completions.create")


def _outcomes(root: Path, target: str = "litellm") -> list[SiteOutcome]:
    result = run_migration(root, target)
    assert all(isinstance(item, Success) for item in result.files)
    return [o for item in result.files if isinstance(item, Success) for o in item.outcomes]


@pytest.mark.parametrize(
    ("source", "reasons"),
    [
        pytest.param(
            """\
import openai

client = openai.OpenAI()
create = client.chat.completions.create
""",
            [CREATE],
            id="assigned",
        ),
        pytest.param(
            """\
import asyncio

import openai

client = openai.OpenAI()


async def ask():
    return await asyncio.to_thread(client.chat.completions.create, model="m", messages=[])
""",
            [CREATE],
            id="to-thread",
        ),
        pytest.param(
            """\
import functools

import anthropic

client = anthropic.Anthropic()
send = functools.partial(client.messages.create, model="claude-haiku-4-5", max_tokens=5)
""",
            [_reference("anthropic:messages.create")],
            id="partial",
        ),
        pytest.param(
            """\
import openai

client = openai.OpenAI()


def pick(chat):
    return client.chat.completions.create if chat else client.embeddings.create
""",
            [CREATE, _reference("openai:embeddings.create")],
            id="conditional",
        ),
    ],
)
def test_reference_is_left_with_its_reason(tmp_path: Path, source: str, reasons: list[str]) -> None:
    (tmp_path / "mod.py").write_text(source)
    outcomes = _outcomes(tmp_path)
    assert [(o.safety, o.applied) for o in outcomes] == [(Safety.MANUAL, False)] * len(reasons)
    assert [issue.reason for o in outcomes for issue in o.issues] == reasons
    assert (tmp_path / "mod.py").read_text() == source


def test_a_call_beside_a_reference_is_rewritten(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text(
        """\
import openai

client = openai.OpenAI()
create = client.chat.completions.create
reply = client.chat.completions.create(model="gpt-4o", messages=[])
"""
    )
    reference, call = _outcomes(tmp_path)
    assert [issue.reason for issue in reference.issues] == [CREATE]
    assert call.applied and call.safety is Safety.SAFE
    assert (tmp_path / "mod.py").read_text() == (
        """\
import openai
import litellm

client = openai.OpenAI()
create = client.chat.completions.create
reply = litellm.completion(model="openai/gpt-4o", messages=[])
"""
    )


def test_a_finding_that_points_nowhere_asks_for_a_new_scan(tmp_path: Path) -> None:
    module = tmp_path / "mod.py"
    module.write_text(
        'import openai\n\nclient = openai.OpenAI()\nreply = client.chat.completions.create(model="m", messages=[])\n'
    )
    report = scan([tmp_path], ScanOptions())
    module.write_text("# edited after the scan\n" + module.read_text())
    result = migrate(report, MigrateOptions(target="litellm"))
    (item,) = result.files
    assert isinstance(item, Success)
    (outcome,) = item.outcomes
    assert outcome.safety is Safety.MANUAL
    assert [issue.reason for issue in outcome.issues] == [
        "the call is not where the finding says; re-run the scan"
    ]
