"""Detection through the public API: each case is a small project and its exact findings.

An expectation reads `[PATH:]LINE RULE API PROVIDER [likely] [key=value]` (scan_helpers).
"""

from __future__ import annotations

import json
import keyword
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scan_helpers import Files, attributions, expected_rows, extra_mismatches, row, rows, scan_files

from vendorlock import Confidence, Report, ScanOptions, scan
from vendorlock.auditor.catalogue import default_catalogue
from vendorlock.errors import UsageError
from vendorlock.model import DiagnosticKind


def case(id: str, files: str | Files, *specs: str, bug: str | None = None) -> Any:
    tree = {"m.py": files} if isinstance(files, str) else files
    marks = [pytest.mark.xfail(strict=True, reason=f"engine bug: {bug}")] if bug else []
    return pytest.param(tree, specs, id=id, marks=marks)


CHAT = "openai:chat.completions.create"
MSGS = "anthropic:messages.create"
OPENAI = "1 vendor-import - openai"
ANTHROPIC = "1 vendor-import - anthropic"
LLM = "app/llm.py"

BINDINGS = [
    case(
        "import openai as oai",
        """
        import openai as oai
        client = oai.OpenAI()
        client.chat.completions.create(model="m", messages=[])
        """,
        f"{OPENAI}; 2 vendor-client openai:OpenAI openai",
        f"3 vendor-call {CHAT} openai column=1 portability=auto",
    ),
    case(
        "from openai import OpenAI as OA",
        """
        from openai import OpenAI as OA
        OA().embeddings.create(model="e", input="x")
        """,
        f"{OPENAI}; 2 vendor-client openai:OpenAI openai column=1",
        "2 vendor-call openai:embeddings.create openai column=1",
    ),
    case(
        "relative imports: from .llm and from ..core.llm",
        {
            "app/__init__.py": "",
            LLM: "from openai import OpenAI\nclient = OpenAI()\n",
            "app/chat.py": "from .llm import client\nclient.chat.completions.create()\n",
            "app/core/__init__.py": "",
            "app/core/llm.py": "import anthropic\nclaude = anthropic.Anthropic()\n",
            "app/web/__init__.py": "",
            "app/web/views.py": "from ..core.llm import claude\nclaude.messages.create()\n",
        },
        f"{LLM}:1 vendor-import - openai; {LLM}:2 vendor-client openai:OpenAI openai",
        f"app/chat.py:2 vendor-call {CHAT} openai",
        "app/core/llm.py:1 vendor-import - anthropic",
        "app/core/llm.py:2 vendor-client anthropic:Anthropic anthropic",
        f"app/web/views.py:2 vendor-call {MSGS} anthropic",
    ),
    case(
        "function-local import",
        """
        def ask(prompt):
            from anthropic import Anthropic
            client = Anthropic()
            return client.messages.create(model="c", max_tokens=1, messages=[prompt])
        """,
        "2 vendor-import - anthropic; 3 vendor-client anthropic:Anthropic anthropic",
        f"4 vendor-call {MSGS} anthropic",
    ),
    case(
        "TYPE_CHECKING import used in a string annotation; await",
        """
        from __future__ import annotations
        from typing import TYPE_CHECKING
        from openai.types.chat import ChatCompletion
        if TYPE_CHECKING:
            from openai import AsyncOpenAI

        async def ask(client: "AsyncOpenAI") -> ChatCompletion:
            return await client.chat.completions.create(model="m", messages=[])
        """,
        "3 vendor-type-import - openai; 5 vendor-type-import - openai portability=assisted",
        f"8 vendor-call {CHAT} openai column=18",
    ),
    case(
        "a class attribute is not visible unqualified in a method",
        """
        from openai import OpenAI
        class Local:
            pass
        client = Local()
        class Bot:
            client = OpenAI()
            def ask(self):
                return client.chat.completions.create(model="m", messages=[])
            def ask_self(self):
                return self.client.chat.completions.create(model="m", messages=[])
        """,
        f"{OPENAI}; 6 vendor-client openai:OpenAI openai; 10 vendor-call {CHAT} openai",
    ),
    case(
        "global",
        """
        from openai import OpenAI
        client = None
        def setup():
            global client
            client = OpenAI()
        def ask():
            return client.chat.completions.create(model="m", messages=[])
        """,
        f"{OPENAI}; 5 vendor-client openai:OpenAI openai; 7 vendor-call {CHAT} openai",
    ),
    case(
        "nonlocal",
        """
        from anthropic import Anthropic
        def outer():
            client = None
            def connect():
                nonlocal client
                client = Anthropic()
            connect()
            return client.messages.create(model="c", max_tokens=1, messages=[])
        """,
        f"{ANTHROPIC}; 6 vendor-client anthropic:Anthropic anthropic",
        f"8 vendor-call {MSGS} anthropic",
    ),
    case(
        "star import",
        """
        from openai import *
        client = OpenAI()
        client.chat.completions.create(model="m", messages=[])
        """,
        f"{OPENAI}; 2 vendor-client openai:OpenAI openai; 3 vendor-call {CHAT} openai",
    ),
    case(
        "try: import; except ImportError: name = None",
        """
        try:
            import anthropic
        except ImportError:
            anthropic = None
        def ask(prompt):
            client = anthropic.Anthropic()
            return client.messages.create(model="c", max_tokens=1, messages=[prompt])
        """,
        "2 vendor-import - anthropic; 6 vendor-client anthropic:Anthropic anthropic",
        f"7 vendor-call {MSGS} anthropic",
    ),
    case(
        "lambda, walrus, a default value, nonlocal from a method of a local class",
        """
        from openai import OpenAI
        ask = lambda q: OpenAI().chat.completions.create(model="m", messages=[q])
        if c := OpenAI():
            c.embeddings.create(model="e", input="x")
        def listing(client=OpenAI()):
            return client.models.list()
        def outer():
            client = None
            class Connector:
                def connect(self):
                    nonlocal client
                    client = OpenAI()
            return client.chat.completions.create(model="m", messages=[])
        """,
        f"{OPENAI}; 2 vendor-client openai:OpenAI openai; 2 vendor-call {CHAT} openai",
        "3 vendor-client openai:OpenAI openai; 4 vendor-call openai:embeddings.create openai",
        "5 vendor-client openai:OpenAI openai; 6 vendor-call openai:models.list openai",
        f"12 vendor-client openai:OpenAI openai; 13 vendor-call {CHAT} openai",
    ),
    case(
        "a method's default value is evaluated in the class body",
        """
        from openai import OpenAI
        class Service:
            client = OpenAI()
            def ask(self, q, create=client.chat.completions.create):
                return create(model="m", messages=[q])
        """,
        f"{OPENAI}; 3 vendor-client openai:OpenAI openai",
        f"4 vendor-call {CHAT} openai column=29",
    ),
    case(
        "a comprehension's first iterable is evaluated in the class body",
        """
        from openai import OpenAI
        class Catalog:
            client = OpenAI()
            names = [model.id for model in client.models.list()]
        """,
        f"{OPENAI}; 3 vendor-client openai:OpenAI openai",
        "4 vendor-call openai:models.list openai column=36",
    ),
    case(
        "import a.submodule as alias, and by its dotted path (known: import-submodule-as)",
        """
        import vertexai.generative_models as gm
        import vertexai.generative_models
        a = gm.GenerativeModel("gemini-1.5-pro")
        b = vertexai.generative_models.GenerativeModel("gemini-1.5-pro")
        """,
        "1 vendor-import - vertex; 2 vendor-import - vertex",
        "3 vendor-client vertexai:GenerativeModel vertex",
        "4 vendor-client vertexai:GenerativeModel vertex",
    ),
    case(
        "a None fallback of an optional import keeps the annotation proven "
        "(known: optional-import-fallback)",
        """
        try:
            import anthropic
        except ImportError:
            anthropic = None

        def make(client: anthropic.Anthropic):
            create = client.messages.create
            return create
        """,
        f"2 vendor-import - anthropic; 7 vendor-call {MSGS} anthropic",
    ),
]

VALUES = [
    case(
        "a local reassigned to a client",
        """
        from openai import OpenAI
        def ask():
            client = None
            client = OpenAI()
            client.chat.completions.create(model="m", messages=[])
        """,
        f"{OPENAI}; 4 vendor-client openai:OpenAI openai; 5 vendor-call {CHAT} openai",
    ),
    case(
        "a client reassigned to a local class instance",
        """
        from openai import OpenAI
        class Helper:
            pass
        def ask():
            client = OpenAI()
            client = Helper()
            client.chat.completions.create(model="m", messages=[])
        """,
        f"{OPENAI}; 5 vendor-client openai:OpenAI openai",
    ),
    case(
        "self.client set in __init__, used in a method and in a subclass",
        """
        from openai import OpenAI
        class Service:
            def __init__(self, key):
                self.client = OpenAI(api_key=key)
            def ask(self, q):
                return self.client.chat.completions.create(model="m", messages=[q])
        class Child(Service):
            def run(self):
                return self.client.embeddings.create(model="e", input="x")
        """,
        f"{OPENAI}; 4 vendor-client openai:OpenAI openai; 6 vendor-call {CHAT} openai",
        "9 vendor-call openai:embeddings.create openai",
    ),
    case(
        "a class attribute through self, cls and the class",
        """
        import anthropic
        class Bot:
            client = anthropic.Anthropic()
            def ask(self):
                return self.client.messages.create(model="c", max_tokens=1, messages=[])
            @classmethod
            def ask_cls(cls):
                return cls.client.messages.create(model="c", max_tokens=1, messages=[])
        Bot.client.messages.count_tokens(model="c", messages=[])
        """,
        f"{ANTHROPIC}; 3 vendor-client anthropic:Anthropic anthropic",
        f"5 vendor-call {MSGS} anthropic; 8 vendor-call {MSGS} anthropic",
        "9 vendor-call anthropic:messages.count_tokens anthropic",
    ),
    case(
        "a project class subclassing openai.OpenAI",
        """
        import openai
        class MyClient(openai.OpenAI):
            def ask(self, q):
                return self.chat.completions.create(model="m", messages=[q])
        MyClient().embeddings.create(model="e", input="x")
        """,
        f"{OPENAI}; 4 vendor-call {CHAT} openai; 5 vendor-call openai:embeddings.create openai",
    ),
    case(
        "annotated parameters",
        """
        from typing import Optional
        from openai import AsyncOpenAI, OpenAI
        from anthropic import AsyncAnthropic
        def a(client: OpenAI):
            client.chat.completions.create(model="m", messages=[])
        async def b(client: Optional[AsyncOpenAI] = None):
            await client.chat.completions.create(model="m", messages=[])
        async def c(client: "AsyncAnthropic"):
            await client.messages.create(model="c", max_tokens=1, messages=[])
        def d(client: OpenAI | None):
            client.embeddings.create(model="e", input="x")
        """,
        "2 vendor-import - openai; 3 vendor-import - anthropic",
        f"5 vendor-call {CHAT} openai; 7 vendor-call {CHAT} openai",
        f"9 vendor-call {MSGS} anthropic; 11 vendor-call openai:embeddings.create openai",
    ),
    case(
        "annotated attributes",
        """
        from openai import OpenAI
        class Service:
            client: OpenAI
            def ask(self):
                return self.client.chat.completions.create(model="m", messages=[])
        class Holder:
            def __init__(self, factory):
                self.client: OpenAI = factory()
            def ask(self):
                return self.client.chat.completions.create(model="m", messages=[])
        """,
        f"{OPENAI}; 5 vendor-call {CHAT} openai; 10 vendor-call {CHAT} openai",
    ),
    case(
        "factory functions, annotated and unannotated",
        """
        from anthropic import Anthropic
        def make() -> Anthropic:
            return build_somehow()
        def make_plain():
            return Anthropic(api_key="k")
        make().messages.create(model="c", max_tokens=1, messages=[])
        make_plain().messages.create(model="c", max_tokens=1, messages=[])
        """,
        f"{ANTHROPIC}; 5 vendor-client anthropic:Anthropic anthropic",
        f"6 vendor-call {MSGS} anthropic; 7 vendor-call {MSGS} anthropic",
    ),
    case(
        "with Anthropic() as c; async with AsyncOpenAI() as c",
        """
        from anthropic import Anthropic
        from openai import AsyncOpenAI
        with Anthropic() as c:
            c.messages.create(model="c", max_tokens=1, messages=[])
        async def main():
            async with AsyncOpenAI() as c:
                await c.chat.completions.create(model="m", messages=[])
        """,
        f"{ANTHROPIC}; 2 vendor-import - openai",
        f"3 vendor-client anthropic:Anthropic anthropic column=6; 4 vendor-call {MSGS} anthropic",
        "6 vendor-client openai:AsyncOpenAI openai column=16",
        f"7 vendor-call {CHAT} openai column=15",
    ),
    case(
        "with_options, with_raw_response, with_streaming_response",
        """
        from openai import OpenAI
        client = OpenAI()
        client.with_options(timeout=5).chat.completions.create(model="m", messages=[])
        client.chat.completions.with_raw_response.create(model="m", messages=[])
        client.with_raw_response.embeddings.create(model="e", input="x")
        with client.chat.completions.with_streaming_response.create(model="m") as r:
            r.parse()
        """,
        f"{OPENAI}; 2 vendor-client openai:OpenAI openai",
        f"3 vendor-call {CHAT} openai column=1; 4 vendor-call {CHAT} openai",
        f"5 vendor-call openai:embeddings.create openai; 6 vendor-call {CHAT} openai column=6",
    ),
    case(
        "references: functools.partial, a dict of bound methods, asyncio.to_thread",
        """
        import asyncio
        from functools import partial
        from anthropic import Anthropic
        from openai import OpenAI
        client = OpenAI()
        ask = partial(client.chat.completions.create, model="gpt-4o")
        ask(messages=[])
        HANDLERS = {"chat": client.chat.completions.create, "embed": client.embeddings.create}
        HANDLERS["chat"](model="m", messages=[])
        async def run(msgs):
            claude = Anthropic()
            return await asyncio.to_thread(claude.messages.create, model="c", messages=msgs)
        """,
        "3 vendor-import - anthropic; 4 vendor-import - openai",
        f"5 vendor-client openai:OpenAI openai; 6 vendor-call {CHAT} openai column=15",
        f"8 vendor-call {CHAT} openai column=21",
        "8 vendor-call openai:embeddings.create openai column=62",
        "11 vendor-client anthropic:Anthropic anthropic",
        f"12 vendor-call {MSGS} anthropic column=36",
    ),
    case(
        "a client returned by a cached_property; a property typed as a local class "
        "(known: property-client)",
        """
        from functools import cached_property
        import anthropic
        class Helper:
            pass
        class Model:
            @cached_property
            def _client(self) -> anthropic.Client:
                return anthropic.Client()
            @property
            def helper(self) -> Helper:
                return Helper()
            def count(self, msgs, kw):
                a = self._client.beta.messages.count_tokens(model="m", messages=msgs, **kw)
                b = self._client.messages.count_tokens(model="m", messages=msgs, **kw)
                c = self.helper.messages.count_tokens(model="m", messages=msgs)
                return a, b, c
        """,
        "2 vendor-import - anthropic; 8 vendor-client anthropic:Anthropic anthropic",
        "13 vendor-call anthropic:beta.messages.count_tokens anthropic",
        "14 vendor-call anthropic:messages.count_tokens anthropic",
    ),
    case(
        "a client assigned in a method wins over a class-level Any field "
        "(known: any-annotated-attribute)",
        """
        from typing import Any
        import openai
        from pydantic import BaseModel, Field
        class Helper:
            pass
        class Chat(BaseModel):
            root_client: Any = Field(default=None)
            helper: Any = None
            def setup(self) -> None:
                self.root_client = openai.OpenAI()
                self.helper = Helper()
            def ask(self, payload: dict[str, Any]) -> object:
                self.helper.responses.create(**payload)
                return self.root_client.responses.create(**payload)
        """,
        "2 vendor-import - openai; 10 vendor-client openai:OpenAI openai",
        "14 vendor-call openai:responses.create openai",
    ),
    case(
        "a client unpacked from a tuple-returning helper in another module "
        "(known: tuple-unpacked-client)",
        {
            "app/__init__.py": "",
            "app/files.py": """
                from typing import Any
                from anthropic import AsyncAnthropic
                def request_options(
                    client: AsyncAnthropic, kw: dict[str, Any]
                ) -> tuple[AsyncAnthropic, dict[str, Any]]:
                    return client, dict(kw)
                def with_headers(client, kw):
                    return AsyncAnthropic(), kw
                """,
            "app/use.py": """
                from app.files import request_options, with_headers
                async def delete(client, file_id: str) -> None:
                    client, options = request_options(client, {})
                    await client.files.delete(file_id, **options)
                    other, kw = with_headers(client, {})
                    await other.files.list(**kw)
                    await kw.files.list()
                """,
        },
        "app/files.py:2 vendor-import - anthropic",
        "app/files.py:8 vendor-client anthropic:AsyncAnthropic anthropic",
        "app/use.py:4 vendor-call anthropic:files.delete anthropic",
        "app/use.py:4 anthropic-files anthropic:files.delete anthropic",
        "app/use.py:6 vendor-call anthropic:files.list anthropic",
        "app/use.py:6 anthropic-files anthropic:files.list anthropic",
    ),
    case(
        "the client's generic request method; post on an unknown receiver is not "
        "(known: generic-request-method)",
        """
        import openai
        client = openai.OpenAI()
        client.post("/decisions", body={}, cast_to=object)
        def fetch(http):
            return http.post("/decisions", json={})
        """,
        f"{OPENAI}; 2 vendor-client openai:OpenAI openai",
        "3 vendor-call openai:post openai portability=manual",
    ),
    case(
        "a member the catalogue lacks, called on a client resource; not on the client "
        "nor on an SDK module (known: unknown-member)",
        """
        from openai import OpenAI
        import vertexai.generative_models as gm
        client = OpenAI()
        content = client.files.download("file-123")
        client.close()
        part = gm.Part("x")
        """,
        f"{OPENAI}; 2 vendor-import - vertex; 3 vendor-client openai:OpenAI openai",
        "4 vendor-call openai:files.download openai portability=manual",
    ),
]

CROSS_MODULE = [
    case(
        "a client in app/llm.py used by many files, one of them through *",
        {
            "app/__init__.py": "",
            LLM: "from openai import OpenAI\n\nclient = OpenAI()\n",
            "app/a.py": "from app.llm import client\nclient.chat.completions.create()\n",
            "app/b.py": "from app.llm import client as c\nc.embeddings.create()\n",
            "app/c.py": "import app.llm as llm\nllm.client.chat.completions.create()\n",
            "app/d.py": "from app import llm\nllm.client.chat.completions.create()\n",
            "app/e.py": "import app.llm\napp.llm.client.chat.completions.create()\n",
            "app/f.py": "from app.llm import *\nclient.chat.completions.create()\n",
        },
        f"{LLM}:1 vendor-import - openai; {LLM}:3 vendor-client openai:OpenAI openai",
        f"app/a.py:2 vendor-call {CHAT} openai",
        "app/b.py:2 vendor-call openai:embeddings.create openai",
        f"app/c.py:2 vendor-call {CHAT} openai; app/d.py:2 vendor-call {CHAT} openai",
        f"app/e.py:2 vendor-call {CHAT} openai; app/f.py:2 vendor-call {CHAT} openai",
    ),
    case(
        "__init__ re-export",
        {
            "app/__init__.py": "from .llm import client\n",
            LLM: "import anthropic\n\nclient = anthropic.Anthropic()\n",
            "main.py": "from app import client\n\nclient.messages.create()\n",
        },
        f"{LLM}:1 vendor-import - anthropic",
        f"{LLM}:3 vendor-client anthropic:Anthropic anthropic",
        f"main.py:3 vendor-call {MSGS} anthropic",
    ),
    case(
        "a factory and a class holding self.client in another module",
        {
            "app/__init__.py": "",
            LLM: """
                from anthropic import Anthropic
                def make_client():
                    return Anthropic()
                class Assistant:
                    def __init__(self):
                        self.client = make_client()
                    def reply(self, text):
                        return self.client.messages.create(messages=[text])
                """,
            "app/use.py": """
                from app.llm import Assistant, make_client
                make_client().messages.count_tokens(model="c", messages=[])
                bot = Assistant()
                bot.client.messages.create(model="c", max_tokens=1, messages=[])
                """,
        },
        f"{LLM}:1 vendor-import - anthropic",
        f"{LLM}:3 vendor-client anthropic:Anthropic anthropic",
        f"{LLM}:8 vendor-call {MSGS} anthropic",
        "app/use.py:2 vendor-call anthropic:messages.count_tokens anthropic",
        f"app/use.py:4 vendor-call {MSGS} anthropic",
    ),
    case(
        "a base URL constant imported from app/settings.py",
        {
            "app/__init__.py": "",
            "app/settings.py": 'DEEPSEEK_URL = "https://api.deepseek.com/v1"\n',
            LLM: """
                from openai import OpenAI
                from app.settings import DEEPSEEK_URL
                client = OpenAI(base_url=DEEPSEEK_URL)
                client.chat.completions.create(model="deepseek-chat", messages=[])
                """,
        },
        f"{LLM}:1 vendor-import - openai; {LLM}:3 vendor-client openai:OpenAI deepseek",
        f"{LLM}:4 vendor-call {CHAT} deepseek",
    ),
    case(
        "module-level openai.base_url set in app/config.py, used in a module importing it",
        {
            "app/__init__.py": "",
            "app/config.py": 'import openai\nopenai.base_url = "https://openrouter.ai/api/v1"\n',
            "app/use.py": "import openai\nimport app.config\nopenai.chat.completions.create()\n",
        },
        "app/config.py:1 vendor-import - openai",
        "app/config.py:2 vendor-config openai:base_url openrouter",
        f"app/use.py:1 vendor-import - openai; app/use.py:3 vendor-call {CHAT} openrouter",
        bug="Evaluator.module_providers, set by Detector.detect_module_config, is per module: "
        "the SDK's process-wide configuration does not reach other modules (exports lack it)",
    ),
]

NS = "acme/llms/openai"

# Module names come from the layout: packages, and PEP 420 namespace directories up to the
# scan root. A project package never takes an SDK's import name by accident of layout.
LAYOUT = [
    case(
        "a package named openai inside namespace directories does not shadow the SDK",
        {
            f"{NS}/__init__.py": "from acme.llms.openai.base import OpenAI\n",
            f"{NS}/base.py": """
                from openai import OpenAI as SyncOpenAI
                class OpenAI:
                    def client(self):
                        return SyncOpenAI()
                    def ask(self):
                        return self.client().chat.completions.create(model="gpt-4o", messages=[])
                """,
            f"{NS}/use.py": "from acme.llms.openai import OpenAI\nOpenAI().ask()\n",
        },
        f"{NS}/base.py:1 vendor-import - openai",
        f"{NS}/base.py:4 vendor-client openai:OpenAI openai",
        f"{NS}/base.py:6 vendor-call {CHAT} openai",
    ),
    case(
        "a vendored SDK package at the root still shadows the SDK",
        {
            "openai/__init__.py": "class OpenAI:\n    pass\n",
            "main.py": "from openai import OpenAI\nclient = OpenAI()\n",
        },
    ),
    case(
        "a namespace integration package does not shadow its sibling integrations",
        {
            "llama_index/llms/mine/__init__.py": "",
            "llama_index/llms/mine/base.py": """
                from llama_index.llms.openai import OpenAI
                llm = OpenAI(model="gpt-4o-mini")
                """,
        },
        "llama_index/llms/mine/base.py:1 vendor-import - openai",
        "llama_index/llms/mine/base.py:2 vendor-client llama-index:OpenAI openai",
    ),
    case(
        "modules below a namespace directory resolve by full and by short name",
        {
            "gateway/shop/__init__.py": "",
            "gateway/shop/llm.py": "from anthropic import Anthropic\nclient = Anthropic()\n",
            "gateway/shop/a.py": "from shop.llm import client\nclient.messages.create()\n",
            "gateway/shop/b.py": "from gateway.shop.llm import client\nclient.messages.create()\n",
            "gateway/shop/c.py": "from .llm import client\nclient.messages.create()\n",
        },
        "gateway/shop/llm.py:1 vendor-import - anthropic",
        "gateway/shop/llm.py:2 vendor-client anthropic:Anthropic anthropic",
        f"gateway/shop/a.py:2 vendor-call {MSGS} anthropic",
        f"gateway/shop/b.py:2 vendor-call {MSGS} anthropic",
        f"gateway/shop/c.py:2 vendor-call {MSGS} anthropic",
    ),
    case(
        "a namespace directory inside a package is part of it",
        {
            "app/__init__.py": "from .tools.llm import client\n",
            "app/tools/llm.py": "import anthropic\nclient = anthropic.Anthropic()\n",
            "main.py": "from app import client\nclient.messages.create()\n",
        },
        "app/tools/llm.py:1 vendor-import - anthropic",
        "app/tools/llm.py:2 vendor-client anthropic:Anthropic anthropic",
        f"main.py:2 vendor-call {MSGS} anthropic",
    ),
    case(
        "a short name two sub-projects share never takes the other one's client",
        {
            "one/app/__init__.py": "",
            "one/app/llm.py": "from anthropic import Anthropic\nclient = Anthropic()\n",
            "two/app/__init__.py": "",
            "two/app/llm.py": "client = object()\n",
            "two/app/use.py": "from app.llm import client\nclient.messages.create()\n",
        },
        "one/app/llm.py:1 vendor-import - anthropic",
        "one/app/llm.py:2 vendor-client anthropic:Anthropic anthropic",
    ),
]

PROVIDERS = [
    case(
        "base_url literal and constant, env var names, AzureOpenAI",
        """
        import os
        from openai import AzureOpenAI, OpenAI
        BASE = "https://openrouter.ai/api/v1"
        a = OpenAI(base_url="https://api.deepseek.com")
        b = OpenAI(api_key=os.environ["DEEPSEEK_API_KEY"])
        c = OpenAI(api_key=os.getenv("OPENROUTER_API_KEY"))
        d = OpenAI(base_url=BASE)
        e = AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-06-01")
        a.chat.completions.create(model="m", messages=[])
        e.chat.completions.create(model="m", messages=[])
        """,
        "2 vendor-import - openai; 4 vendor-client openai:OpenAI deepseek",
        "5 vendor-client openai:OpenAI deepseek; 6 vendor-client openai:OpenAI openrouter",
        "7 vendor-client openai:OpenAI openrouter; 8 vendor-client openai:AzureOpenAI azure",
        f"9 vendor-call {CHAT} deepseek; 10 vendor-call {CHAT} azure",
    ),
    case(
        "module-level openai.base_url names the provider",
        """
        import openai
        openai.base_url = "https://openrouter.ai/api/v1"
        openai.chat.completions.create(model="m", messages=[])
        """,
        f"{OPENAI}; 2 vendor-config openai:base_url openrouter",
        f"3 vendor-call {CHAT} openrouter",
    ),
    case(
        "AnthropicBedrock is served by bedrock",
        """
        from anthropic import AnthropicBedrock
        client = AnthropicBedrock(aws_region="us-east-1")
        client.messages.create(model="anthropic.claude-v2", max_tokens=1, messages=[])
        """,
        f"{ANTHROPIC}; 2 vendor-client anthropic:AnthropicBedrock bedrock",
        f"3 vendor-call {MSGS} bedrock",
    ),
    case(
        "a subclass's class attribute decides a client built from self.API_BASE in its base",
        {
            "app/__init__.py": "",
            "app/base.py": """
                from openai import AsyncOpenAI
                class Provider:
                    API_BASE: str | None = None
                    def init_client(self, api_base: str | None = None) -> None:
                        self.client = AsyncOpenAI(base_url=api_base or self.API_BASE)
                    async def list(self):
                        return await self.client.models.list()
                """,
            "app/deepseek.py": """
                from app.base import Provider
                class DeepSeek(Provider):
                    API_BASE = "https://api.deepseek.com"
                    async def ask(self):
                        return await self.client.chat.completions.create(model="m", messages=[])
                class Plain(Provider):
                    async def ask(self):
                        return await self.client.chat.completions.create(model="m", messages=[])
                """,
        },
        "app/base.py:1 vendor-import - openai",
        "app/base.py:5 vendor-client openai:AsyncOpenAI openai",
        "app/base.py:7 vendor-call openai:models.list openai",
        f"app/deepseek.py:5 vendor-call {CHAT} deepseek",
        f"app/deepseek.py:8 vendor-call {CHAT} openai",
    ),
    case(
        "a subclass passes the base URL to super().__init__, kept by a base as self._url",
        """
        import os
        from openai import OpenAI
        class Backend:
            def __init__(self, url: str | None = None) -> None:
                self._url = url
        class Compatible(Backend):
            def __init__(self, url: str | None = None) -> None:
                super().__init__(url)
                self._client = OpenAI(base_url=self._url)
        class Groq(Compatible):
            def __init__(self, url: str | None = None) -> None:
                url = url or os.environ.get("GROQ_API_BASE_URL", "https://api.groq.com/openai/v1")
                super().__init__(url=url)
            def run(self):
                return self._client.chat.completions.create(model="m", messages=[])
        class Local(Compatible):
            def __init__(self, timeout: float = 1.0) -> None:
                super().__init__(url=None)
            def run(self):
                return self._client.chat.completions.create(model="m", messages=[])
        """,
        "2 vendor-import - openai; 9 vendor-client openai:OpenAI openai",
        f"15 vendor-call {CHAT} groq; 20 vendor-call {CHAT} openai",
    ),
    case(
        "a class-level client annotation does not hide the provider the client was built for",
        """
        from anthropic import AsyncAnthropic
        class Provider:
            API_BASE = "https://api.deepseek.com/anthropic"
            _client: AsyncAnthropic
            def init(self):
                self._client = AsyncAnthropic(base_url=self.API_BASE)
            async def ask(self):
                return await self._client.messages.create(model="m", max_tokens=1, messages=[])
        class Declared:
            _client: AsyncAnthropic
            async def ask(self):
                return await self._client.messages.create(model="m", max_tokens=1, messages=[])
        """,
        f"{ANTHROPIC}; 6 vendor-client anthropic:AsyncAnthropic deepseek",
        f"8 vendor-call {MSGS} deepseek; 12 vendor-call {MSGS} anthropic",
    ),
    case(
        "a base URL edited by a project helper keeps the host it was given",
        """
        from anthropic import Anthropic
        DEEPSEEK = "https://api.deepseek.com"
        def derive(base: str, suffix: str) -> str:
            return base.rstrip("/") + suffix
        a = Anthropic(base_url=derive(DEEPSEEK, "/anthropic"))
        b = Anthropic(base_url=derive(input(), "/anthropic"))
        """,
        f"{ANTHROPIC}; 5 vendor-client anthropic:Anthropic deepseek",
        "6 vendor-client anthropic:Anthropic anthropic",
    ),
    case(
        "a tracing package's drop-in client (langfuse.openai) is the SDK's client",
        """
        from langfuse.openai import OpenAI
        import langfuse.openai as traced
        from langfuse import Langfuse
        client = OpenAI(base_url="https://api.deepseek.com", api_key="k")
        client.chat.completions.create(model="m", messages=[])
        azure = traced.AzureOpenAI(api_version="2024-06-01")
        Langfuse().trace(name="t")
        """,
        "1 vendor-import - openai; 4 vendor-client openai:OpenAI deepseek",
        f"5 vendor-call {CHAT} deepseek; 6 vendor-client openai:AzureOpenAI azure",
    ),
]

FEATURES = [
    case(
        "resource features: beta.assistants, beta.threads.runs.create_and_poll",
        """
        from openai import OpenAI
        client = OpenAI()
        client.beta.assistants.create(model="gpt-4o")
        client.beta.threads.runs.create_and_poll(thread_id="t", assistant_id="a")
        """,
        f"{OPENAI}; 2 vendor-client openai:OpenAI openai",
        "3 vendor-call openai:beta.assistants.create openai features=openai-assistants",
        "3 openai-assistants openai:beta.assistants.create openai portability=manual",
        "4 vendor-call openai:beta.threads.runs.create_and_poll openai portability=manual",
        "4 openai-assistants openai:beta.threads.runs.create_and_poll openai",
    ),
    case(
        "a param feature at the keyword's line",
        """
        from openai import OpenAI
        client = OpenAI()
        client.chat.completions.create(
            model="m",
            messages=[],
            response_format={"type": "json_schema", "json_schema": {}},
        )
        """,
        f"{OPENAI}; 2 vendor-client openai:OpenAI openai",
        f"3 vendor-call {CHAT} openai features=openai-json-schema",
        f"6 openai-json-schema {CHAT} openai column=5 portability=assisted",
    ),
    case(
        "**params built up with params['thinking'] = ...",
        """
        from anthropic import Anthropic
        client = Anthropic()
        def ask(deep):
            params = {"model": "c", "max_tokens": 10, "messages": []}
            if deep:
                params["thinking"] = {"type": "enabled", "budget_tokens": 1024}
            return client.messages.create(**params)
        """,
        f"{ANTHROPIC}; 2 vendor-client anthropic:Anthropic anthropic",
        f"6 anthropic-thinking {MSGS} anthropic column=16",
        f"7 vendor-call {MSGS} anthropic features=anthropic-thinking",
    ),
    case(
        "cache_control in a message block in a module constant",
        """
        from anthropic import Anthropic
        SYSTEM = [
            {"type": "text", "text": "Be terse.", "cache_control": {"type": "ephemeral"}},
        ]
        client = Anthropic()
        client.messages.create(model="c", max_tokens=1, system=SYSTEM, messages=[])
        """,
        f"{ANTHROPIC}; 3 anthropic-cache-control {MSGS} anthropic column=43",
        "5 vendor-client anthropic:Anthropic anthropic",
        f"6 vendor-call {MSGS} anthropic features=anthropic-cache-control",
    ),
    case(
        "betas=[...]",
        """
        import anthropic
        client = anthropic.Anthropic()
        client.beta.messages.create(
            model="c", max_tokens=1, messages=[],
            betas=["interleaved-thinking-2025-05-14"],
        )
        """,
        f"{ANTHROPIC}; 2 vendor-client anthropic:Anthropic anthropic",
        "3 vendor-call anthropic:beta.messages.create anthropic features=anthropic-betas",
        "5 anthropic-betas anthropic:beta.messages.create anthropic",
    ),
]

PRECISION = [
    case(
        "a local class named OpenAI",
        """
        class OpenAI:
            def __init__(self):
                self.chat = None
        client = OpenAI()
        client.chat.completions.create(model="m", messages=[])
        """,
    ),
    case(
        "a parameter shadowing the module, annotated with a local class",
        """
        import openai
        class Fake:
            pass
        def run(openai: Fake):
            return openai.chat.completions.create(model="m", messages=[])
        """,
        OPENAI,
    ),
    case(
        "vendor names in docstrings, comments and strings",
        '''
        """Wraps openai.OpenAI() and client.chat.completions.create(...)."""
        # import anthropic; anthropic.Anthropic().messages.create()
        NOTE = "from openai import OpenAI; OpenAI().chat.completions.create()"
        ''',
    ),
    case("import openai_helpers is not openai", "import openai_helpers\nopenai_helpers.ask()\n"),
    case(
        "twilio-style client.messages.create on an unknown receiver",
        """
        def notify(client, number):
            client.messages.create(to=number, from_="+15550100", body="Your code is 1234")
        """,
    ),
    case(
        "an unknown receiver with a chat.completions.create chain is likely",
        "def ask(x):\n    return x.chat.completions.create(model='m', messages=[])\n",
        f"2 vendor-call {CHAT} openai likely column=12",
    ),
    case(
        "an assignment to a vendor method is no call; its right-hand side is "
        "(known: monkeypatch-assignment)",
        """
        import openai
        original = openai.ChatCompletion.create
        def patch(wrapper):
            openai.ChatCompletion.create = wrapper(original)
            openai.ChatCompletion.acreate = wrapper(openai.ChatCompletion.acreate)
            openai.Completion.create, openai.Completion.acreate = wrapper, wrapper
        """,
        OPENAI,
        "2 vendor-call openai:ChatCompletion.create openai",
        "2 openai-v0-api openai:ChatCompletion.create openai",
        "5 vendor-call openai:ChatCompletion.acreate openai column=45",
        "5 openai-v0-api openai:ChatCompletion.acreate openai",
    ),
    case(
        "a package scanned as itself is no vendor: its look-alike receivers are its own",
        {
            "instructor/__init__.py": "from instructor.core import Instructor\n",
            "instructor/core.py": "class Instructor:\n    pass\n",
            "instructor/validators.py": """
                from instructor.core import Instructor
                def check(client: Instructor, other):
                    client.chat.completions.create(response_model=str, messages=[])
                    other.create(response_model=str, messages=[])
                """,
        },
    ),
    case(
        "a project using the SDK still gets the chain-shape guess",
        {
            "app/__init__.py": "",
            "app/validators.py": """
                def check(client):
                    return client.create(response_model=str, messages=[])
                """,
        },
        "app/validators.py:2 vendor-call instructor:create openai likely",
    ),
    case(
        "botocore BaseClient: Bedrock-only operations are likely, the others nothing",
        """
        from botocore.client import BaseClient
        def wrap(client: BaseClient, other):
            create = client.converse
            client.invoke_model(body="{}")
            client.retrieve(retrievalQuery={})
            client.get_object(Bucket="b", Key="k")
            other.converse
            return create
        """,
        "3 vendor-call bedrock:converse bedrock likely",
        "4 vendor-call bedrock:invoke_model bedrock likely",
    ),
]

POSITIONS = [
    case(
        "a multi-line call is reported where the call expression starts",
        """
        from anthropic import Anthropic
        client = Anthropic()
        reply = client.messages.create(
            model="c",
            max_tokens=1,
            messages=[],
        )
        """,
        f"{ANTHROPIC}; 2 vendor-client anthropic:Anthropic anthropic",
        f"3 vendor-call {MSGS} anthropic column=9",
    ),
]


@pytest.mark.parametrize(
    ("files", "specs"),
    [*BINDINGS, *VALUES, *CROSS_MODULE, *LAYOUT, *PROVIDERS, *FEATURES, *PRECISION, *POSITIONS],
)
def test_detection(tmp_path: Path, files: Files, specs: tuple[str, ...]) -> None:
    report = scan_files(tmp_path, files)
    assert report.diagnostics == ()
    assert rows(report) == expected_rows(specs)
    assert extra_mismatches(report, specs) == []


def test_min_confidence_certain_drops_likely_findings(tmp_path: Path) -> None:
    files = {
        "m.py": """
            import openai
            def ask(x):
                openai.chat.completions.create(model="m", messages=[])
                return x.chat.completions.create(model="m", messages=[])
            """
    }
    report = scan_files(tmp_path, files, ScanOptions(min_confidence=Confidence.CERTAIN))
    assert rows(report) == expected_rows([f"{OPENAI}; 3 vendor-call {CHAT} openai"])
    assert report.summary.by_confidence == {"certain": 2}


def _notebook(*cells: tuple[str, str]) -> bytes:
    document = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": text}
            | ({"outputs": [], "execution_count": None} if kind == "code" else {})
            for kind, text in cells
        ],
    }
    return json.dumps(document).encode()


def test_notebook_findings_carry_the_cell_and_the_line_in_it(tmp_path: Path) -> None:
    notebook = _notebook(
        ("markdown", "# Trying the API"),
        ("code", "import openai\n"),
        ("code", "%pip install openai\nclient = openai.OpenAI()\nclient.models.list()\n"),
        ("code", "\n\nclient.chat.completions.create(model='m', messages=[])"),
    )
    report = scan_files(tmp_path, {"nb.ipynb": notebook})
    specs = [
        "nb.ipynb:1 vendor-import - openai cell=1",
        "nb.ipynb:2 vendor-client openai:OpenAI openai cell=2 column=10",
        "nb.ipynb:3 vendor-call openai:models.list openai cell=2",
        f"nb.ipynb:3 vendor-call {CHAT} openai cell=3 column=1",
    ]
    assert rows(report) == expected_rows(specs)
    assert extra_mismatches(report, specs) == []


TWO_CALLS = """\
from openai import OpenAI
client = OpenAI()
client.chat.completions.create(model="m", messages=[])
client.chat.completions.create(model="m", messages=[])
"""


def test_fingerprints_survive_unrelated_lines_above(tmp_path: Path) -> None:
    def lines_and_prints(report: Report) -> list[tuple[str, int, str]]:
        return [(f.rule, f.line, f.fingerprint) for f in report.findings]

    before = lines_and_prints(scan_files(tmp_path / "a", {"m.py": TWO_CALLS}))
    edited = "import os\n\nSETTING = os.getenv('X')\n" + TWO_CALLS
    after = lines_and_prints(scan_files(tmp_path / "b", {"m.py": edited}))
    assert [(rule, line + 3, fingerprint) for rule, line, fingerprint in before] == after


def test_identical_calls_in_one_file_have_different_fingerprints(tmp_path: Path) -> None:
    report = scan_files(tmp_path, {"m.py": TWO_CALLS})
    calls = [f for f in attributions(report) if f.rule == "vendor-call"]
    assert [f.line for f in calls] == [3, 4]
    assert calls[0].code == calls[1].code
    assert calls[0].fingerprint != calls[1].fingerprint


def test_each_bad_file_gets_one_diagnostic_and_the_rest_is_scanned(tmp_path: Path) -> None:
    files: Files = {
        "bad_syntax.py": "import openai\ndef f(:\n    pass\n",
        "latin.py": b"import openai\nx = '\xff'\n",
        "nul.py": b"import openai\x00\n",
        "broken.ipynb": b'{"cells": [',
        "ok.py": "import openai\nopenai.chat.completions.create()\n",
    }
    report = scan_files(tmp_path, files)
    assert [(d.path, d.kind, d.message, d.line) for d in report.diagnostics] == [
        ("bad_syntax.py", DiagnosticKind.SYNTAX_ERROR, "syntax error at line 2: invalid syntax", 2),
        (
            "broken.ipynb",
            DiagnosticKind.NOTEBOOK_ERROR,
            "broken notebook: not valid JSON: Expecting value at line 1 column 12",
            None,
        ),
        (
            "latin.py",
            DiagnosticKind.DECODE_ERROR,
            "cannot decode as utf-8: byte 0xff at offset 19 "
            "(declare the encoding with a coding comment)",
            None,
        ),
        (
            "nul.py",
            DiagnosticKind.BINARY_FILE,
            "binary file (contains NUL bytes), not Python source",
            None,
        ),
    ]
    assert rows(report) == expected_rows([f"ok.py:{OPENAI}; ok.py:2 vendor-call {CHAT} openai"])
    assert (report.summary.files_failed, report.summary.files_scanned) == (4, 1)


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does-not-exist"):
        scan([tmp_path / "does-not-exist"])


# -- properties ------------------------------------------------------------------------------

PROJECT: Files = {
    "pkg/__init__.py": "from .llm import client\n",
    "pkg/llm.py": (
        "import os\nfrom openai import OpenAI\n"
        "client = OpenAI(\n    api_key=os.environ['DEEPSEEK_API_KEY'],\n)\n"
    ),
    "pkg/use.py": (
        "from . import client\n\ndef ask(q, other):\n"
        "    client.chat.completions.create(\n        model='m', messages=[q],\n    )\n"
        "    return other.chat.completions.create(model='m', messages=[q])\n"
    ),
    "pkg/sub/__init__.py": "",
    "pkg/sub/claude.py": (
        "from anthropic import Anthropic\nclient = Anthropic()\n"
        "params = {'model': 'c', 'max_tokens': 1, 'messages': []}\n"
        "params['thinking'] = {'type': 'enabled', 'budget_tokens': 64}\n"
        "client.messages.create(**params)\n"
    ),
}
SETTINGS = settings(max_examples=20, deadline=None)
# A project package named like an SDK root (`openai`) or a stdlib module it imports would
# change what its imports mean, so those names are not renames of an unrelated directory.
_names = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True).filter(
    lambda name: (
        not keyword.iskeyword(name)
        and name not in {"os", "pkg"}
        and default_catalogue().sdk_for_module(name) is None
    )
)


def _scan_fresh(files: Files) -> Report:
    with tempfile.TemporaryDirectory() as directory:
        report = scan_files(Path(directory), files)
    return report.model_copy(update={"root": ""})


@SETTINGS
@given(st.lists(st.sampled_from(sorted(PROJECT)), min_size=1, unique=True))
def test_scans_are_deterministic(relpaths: list[str]) -> None:
    files = {relpath: PROJECT[relpath] for relpath in relpaths}
    with tempfile.TemporaryDirectory() as directory:
        first = scan_files(Path(directory), files)
        assert scan([Path(directory)]) == first
    in_sorted_order = {relpath: files[relpath] for relpath in sorted(files)}
    assert _scan_fresh(in_sorted_order) == first.model_copy(update={"root": ""})


@SETTINGS
@given(_names)
def test_renaming_the_package_directory_changes_only_paths(name: str) -> None:
    def renamed(path: str) -> str:
        return f"{name}/{path.removeprefix('pkg/')}"

    def comparable(report: Report, rename: bool) -> list[tuple[object, ...]]:
        return sorted(
            (renamed(f.path) if rename else f.path, *row(f)[1:], f.column, f.features, f.message)
            for f in report.findings
        )

    project = _scan_fresh(PROJECT)
    moved = _scan_fresh({renamed(relpath): text for relpath, text in PROJECT.items()})
    assert comparable(moved, rename=False) == comparable(project, rename=True)


_insertions = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 1)), max_size=6)


@pytest.mark.parametrize(
    "texts",
    [
        pytest.param(("", "        "), id="blank lines"),
        pytest.param(("# note", "    # indented note"), id="comments"),
    ],
)
@SETTINGS
@example(edits={"pkg/llm.py": [(3, 0)]})
@given(edits=st.dictionaries(st.sampled_from(sorted(PROJECT)), _insertions, max_size=3))
def test_inserted_lines_never_change_what_is_found(
    texts: tuple[str, str], edits: dict[str, list[tuple[int, int]]]
) -> None:
    def insert(text: str, insertions: list[tuple[int, int]]) -> str:
        lines = text.splitlines()
        for position, which in insertions:
            lines.insert(position % (len(lines) + 1), texts[which])
        return "\n".join(lines) + "\n"

    def signature(report: Report) -> set[tuple[str, str | None, str]]:
        return {(f.rule, f.api, f.fingerprint) for f in report.findings}

    edited = {
        relpath: insert(str(text), edits.get(relpath, [])) for relpath, text in PROJECT.items()
    }
    assert signature(_scan_fresh(edited)) == signature(_scan_fresh(PROJECT))
