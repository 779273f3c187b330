"""The openai module-level client: its configuration decides the provider of module calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendorlock import scan


@pytest.mark.parametrize(
    ("setting", "provider"),
    [
        pytest.param('openai.api_type = "azure"', "azure", id="api_type azure (v0 and v1)"),
        pytest.param('openai.api_type = "amazon-bedrock"', "bedrock", id="api_type bedrock (3.x)"),
        pytest.param('openai.api_type = "open_ai"', "openai", id="api_type open_ai keeps openai"),
        pytest.param(
            'openai.azure_endpoint = "https://x.openai.azure.com"',
            "azure",
            id="an Azure credential selects azure",
        ),
        pytest.param('openai.base_url = "https://api.deepseek.com"', "deepseek", id="base_url"),
        pytest.param(
            'openai.api_base = "https://openrouter.ai/api/v1"', "openrouter", id="v0 api_base"
        ),
        pytest.param(
            'openai.base_url = os.environ["GROQ_BASE_URL"]',
            "groq",
            id="base_url from a provider's env var",
        ),
        pytest.param('openai.api_key = "sk-test"', "openai", id="a key alone keeps openai"),
    ],
)
def test_module_configuration_selects_the_provider(
    tmp_path: Path, setting: str, provider: str
) -> None:
    (tmp_path / "bot.py").write_text(
        "import os\nimport openai\n\n"
        f"{setting}\n"
        "reply = openai.chat.completions.create(model='m', messages=[])\n",
        encoding="utf-8",
    )

    findings = scan([tmp_path]).findings

    assert [
        (f.rule, f.line, f.provider) for f in findings if f.kind.value in {"client", "call"}
    ] == [
        ("vendor-config", 4, provider),
        ("vendor-call", 5, provider),
    ]
