"""A neutral layer is never migrated onto a layer: any-llm's OpenAI provider rewritten onto
`any_llm.completion` would call itself. Which package a file is in comes from the scanner's
module names, so a `src/` layout and PEP 420 namespace packages count too."""

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
from vendorlock.migrators.project import import_names

PROVIDER = """\
from typing import Any

from openai import OpenAI


class OpenAIProvider:
    def __init__(self) -> None:
        self.client = OpenAI()

    def completion(self, model: str, messages: list[dict[str, str]]) -> Any:
        return self.client.chat.completions.create(model=model, messages=messages)
"""

SELF = (
    "this is any_llm itself (a neutral layer): its vendor calls are its provider adapters; "
    "rewriting them onto any-llm would make the layer call itself"
)
OTHER = (
    "this is litellm itself (a neutral layer): its vendor calls are its provider adapters; "
    "rewriting them onto any-llm would make one neutral layer depend on another"
)


def _lay_out(root: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text)


def _outcomes(items: tuple[object, ...]) -> list[SiteOutcome]:
    assert all(isinstance(item, Success) for item in items)
    return [o for item in items if isinstance(item, Success) for o in item.outcomes]


@pytest.mark.parametrize(
    ("files", "provider", "reason"),
    [
        pytest.param(
            {
                "any_llm/__init__.py": "",
                "any_llm/providers/__init__.py": "",
                "any_llm/providers/openai.py": PROVIDER,
            },
            "any_llm/providers/openai.py",
            SELF,
            id="any-llm-onto-itself",
        ),
        pytest.param(
            {"litellm/__init__.py": "", "litellm/llms/openai.py": PROVIDER},
            "litellm/llms/openai.py",
            OTHER,
            id="litellm-onto-any-llm",
        ),
        pytest.param(
            {
                "src/any_llm/__init__.py": "",
                "src/any_llm/providers/__init__.py": "",
                "src/any_llm/providers/openai.py": PROVIDER,
            },
            "src/any_llm/providers/openai.py",
            SELF,
            id="src-layout",
        ),
        pytest.param(
            {"any_llm/providers/openai.py": PROVIDER},
            "any_llm/providers/openai.py",
            SELF,
            id="namespace-package",
        ),
    ],
)
def test_a_neutral_layer_is_left_alone(
    tmp_path: Path, files: dict[str, str], provider: str, reason: str
) -> None:
    _lay_out(tmp_path, files)
    (outcome,) = _outcomes(run_migration(tmp_path, "any-llm").files)
    assert not outcome.applied
    assert outcome.safety is Safety.MANUAL
    assert [issue.reason for issue in outcome.issues] == [reason]
    assert (tmp_path / provider).read_text() == PROVIDER


def test_a_package_named_like_a_layer_is_migrated(tmp_path: Path) -> None:
    _lay_out(tmp_path, {"any_llm_tools/__init__.py": "", "any_llm_tools/openai.py": PROVIDER})
    (outcome,) = _outcomes(run_migration(tmp_path, "any-llm").files)
    assert outcome.applied
    assert (tmp_path / "any_llm_tools/openai.py").read_text() == PROVIDER.replace(
        "from openai import OpenAI\n", "from openai import OpenAI\nimport any_llm\n"
    ).replace(
        "self.client.chat.completions.create(model=model,",
        'any_llm.completion(model=f"openai:{model}",',
    )


def test_the_projects_own_gateway_is_migrated(tmp_path: Path) -> None:
    # The gateway may call vendors by definition; moving it onto a layer is what migrate is for.
    gateway = "import litellm\n" + PROVIDER
    _lay_out(tmp_path, {"gateway/__init__.py": "", "gateway/llm.py": gateway})
    report = scan([tmp_path], ScanOptions(gateway=("gateway/*",)))
    result = migrate(report, MigrateOptions(target="litellm", write=True))
    (outcome,) = _outcomes(result.files)
    assert outcome.applied
    assert (tmp_path / "gateway/llm.py").read_text() == gateway.replace(
        "self.client.chat.completions.create(model=model,",
        'litellm.completion(model=f"openai/{model}",',
    )


@pytest.mark.parametrize(
    ("files", "relpath", "names"),
    [
        pytest.param(["app/__init__.py", "app/llm.py"], "app/llm.py", ("app.llm",), id="package"),
        pytest.param(
            ["src/app/__init__.py", "src/app/llm.py"],
            "src/app/llm.py",
            ("app.llm", "src.app.llm"),
            id="src-layout",
        ),
        pytest.param(
            ["llama_index/llms/openai/__init__.py", "llama_index/llms/openai/base.py"],
            "llama_index/llms/openai/base.py",
            ("openai.base", "llama_index.llms.openai.base"),
            id="namespace-packages",
        ),
        pytest.param(["run.py"], "run.py", ("run",), id="script"),
    ],
)
def test_import_names_are_the_scanners(
    tmp_path: Path, files: list[str], relpath: str, names: tuple[str, ...]
) -> None:
    _lay_out(tmp_path, dict.fromkeys(files, ""))
    assert import_names(tmp_path, relpath) == names
