"""Environment pointing the Google, AWS, Mistral, Cohere and Ollama SDKs and layers at the fake.

Each vendor SDK and each neutral layer reads its own variables; both sides of
a case must reach the same fake vendor with the same credential:

| vendor | vendor SDK | LiteLLM | any-llm |
|---|---|---|---|
| Gemini | `GOOGLE_GEMINI_BASE_URL` | `GEMINI_API_BASE` (with the API version) | the SDK's |
| legacy Gemini | `client_options` in the program (`GEMINI_API_ENDPOINT`) | carried | carried |
| Bedrock | `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` | `AWS_BEDROCK_RUNTIME_ENDPOINT` | the SDK's |
| Mistral | `server_url=` in the program (`MISTRAL_SERVER_URL`) | carried | carried |
| Cohere | `CO_API_URL` | `COHERE_API_BASE` (the chat URL) | the SDK's |
| Ollama | `OLLAMA_HOST` | `OLLAMA_API_BASE` | `OLLAMA_HOST` |

Mistral's server URL has a `/mistral` prefix so that its requests, which use
OpenAI's path, can be told apart from OpenAI's.
"""

from __future__ import annotations

PREFIXES = ("GOOGLE_", "GEMINI_", "AWS_", "MISTRAL_", "CO_", "COHERE_", "OLLAMA_")


def add_vendor_environment(env: dict[str, str], base_url: str) -> None:
    """Drop the caller's own settings for these vendors and point them at `base_url`."""
    for key in [key for key in env if key.startswith(PREFIXES)]:
        del env[key]
    env.update(
        GEMINI_API_KEY="sk-test-gemini",
        GOOGLE_GEMINI_BASE_URL=base_url,
        GEMINI_API_BASE=f"{base_url}/v1beta",
        GEMINI_API_ENDPOINT=base_url,
        AWS_ACCESS_KEY_ID="AKIDTESTBEDROCK",
        AWS_SECRET_ACCESS_KEY="test-secret",
        AWS_DEFAULT_REGION="eu-west-1",
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME=base_url,
        AWS_BEDROCK_RUNTIME_ENDPOINT=base_url,
        AWS_EC2_METADATA_DISABLED="true",
        # no profile of the machine running the tests (a path that does not exist)
        AWS_CONFIG_FILE="/nonexistent/vendorlock-tests/aws-config",
        AWS_SHARED_CREDENTIALS_FILE="/nonexistent/vendorlock-tests/aws-credentials",
        MISTRAL_API_KEY="sk-test-mistral",
        MISTRAL_SERVER_URL=f"{base_url}/mistral",
        CO_API_KEY="sk-test-cohere",
        COHERE_API_KEY="sk-test-cohere",
        CO_API_URL=base_url,
        COHERE_API_BASE=f"{base_url}/v2/chat",
        OLLAMA_HOST=base_url,
        OLLAMA_API_BASE=base_url,
    )
