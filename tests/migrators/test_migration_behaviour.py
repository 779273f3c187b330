"""Proof by behaviour: each fixture program and its migrated twins send the same requests.

The programs run with the real SDKs (openai, anthropic) and the real neutral
layers (litellm, any-llm) against the fake vendor in this process. For each
case, the migrated program must print exactly what the original printed and
send requests that are equal once the wire formats are normalised (model,
messages, key parameters, tools, credentials, endpoint path). One subprocess
runs every program of a variant, so each library is imported once.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from fake_server import Recorded, Recorder, fake_vendor
from migration_cases import CASES_DIR, TARGETS, case_names, lay_out
from vendor_env import add_vendor_environment
from wire_format import normalise

RUNNER = Path(__file__).with_name("run_programs.py")
BEFORE = "before"


@dataclass(frozen=True)
class Run:
    """What one program printed, its error if any, and the requests it sent."""

    stdout: str
    error: str | None
    requests: list[Recorded]


def environment(base_url: str) -> dict[str, str]:
    """Credentials and base URLs pointing every SDK and layer at the fake vendor."""
    prefixes = ("OPENAI_", "ANTHROPIC_", "AZURE_", "DEEPSEEK_", "LITELLM_", "ANY_LLM")
    env = {key: value for key, value in os.environ.items() if not key.startswith(prefixes)}
    env.update(
        OPENAI_API_KEY="sk-test-openai",
        OPENAI_BASE_URL=f"{base_url}/v1",
        ANTHROPIC_API_KEY="sk-test-anthropic",
        ANTHROPIC_BASE_URL=base_url,
        DEEPSEEK_API_KEY="sk-test-deepseek",
        DEEPSEEK_BASE_URL=f"{base_url}/deepseek",
        AZURE_OPENAI_API_KEY="sk-test-azure",
        AZURE_OPENAI_ENDPOINT=base_url,
        OPENAI_API_VERSION="2024-06-01",
        # LiteLLM offline (VENDORS.md §17): no cost-map fetch, no release check.
        LITELLM_LOCAL_MODEL_COST_MAP="True",
        LITELLM_OFFLINE_MODE="true",
        LITELLM_DISABLE_LATEST_RELEASE_CHECK="true",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    add_vendor_environment(env, base_url)
    return env


def _program_for(case: str, variant: str) -> str | None:
    if variant == BEFORE:
        reference = CASES_DIR / case / "reference.py"
        return reference.name if reference.is_file() else "before.py"
    after = CASES_DIR / case / f"after.{variant}.py"
    return after.name if after.is_file() else None


def _start_variant(variant: str, root: Path, base_url: str) -> subprocess.Popen[str]:
    """Run every program of one variant in one interpreter, in the background."""
    pairs = []
    for case in case_names():
        program = _program_for(case, variant)
        if program is not None:
            path = lay_out(case, root / variant / case, program)
            pairs.append(f"{case}={path}")
    return subprocess.Popen(
        [sys.executable, str(RUNNER), base_url, *pairs],
        env=environment(base_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _collect(process: subprocess.Popen[str], recorder: Recorder) -> dict[str, Run]:
    stdout, stderr = process.communicate(timeout=150)
    assert process.returncode == 0, stderr
    return {
        case: Run(item["stdout"], item["error"], recorder.of(case))
        for case, item in json.loads(stdout).items()
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Run]]:
    """Every variant at once (each with its own fake vendor): imports dominate the time."""
    root = tmp_path_factory.mktemp("behaviour")
    variants = (BEFORE, *TARGETS)
    with contextlib.ExitStack() as stack:
        servers = {variant: stack.enter_context(fake_vendor()) for variant in variants}
        started = {
            variant: _start_variant(variant, root, servers[variant][0]) for variant in variants
        }
        return {variant: _collect(started[variant], servers[variant][1]) for variant in variants}


PAIRS = [
    pytest.param(case, target, id=f"{case}-{target}")
    for case in case_names()
    for target in TARGETS
    if (CASES_DIR / case / f"after.{target}.py").is_file()
]


@pytest.mark.parametrize(("case", "target"), PAIRS)
def test_same_output_and_requests(runs: dict[str, dict[str, Run]], case: str, target: str) -> None:
    before, after = runs[BEFORE][case], runs[target][case]
    assert before.error is None, before.error
    assert after.error is None, after.error
    assert before.requests, "the original program sent no request"
    assert after.stdout == before.stdout
    assert [normalise(r) for r in after.requests] == [normalise(r) for r in before.requests]
