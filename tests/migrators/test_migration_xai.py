"""xAI's SDK has no codemod yet; its message builders (`user(...)` from `xai_sdk.chat`) are
listed as what they are, with the catalogue's note, not as requests of their own."""

from __future__ import annotations

from pathlib import Path

from migration_cases import run_migration

from vendorlock.migrators.apply import Success
from vendorlock.migrators.ir import Safety

SOURCE = """\
from xai_sdk import Client
from xai_sdk.chat import system, user

client = Client()
chat = client.chat.create(model="grok-4", messages=[system("Be brief.")])
chat.append(user("What is the meaning of life?"))
"""

BUILDER = (
    "a message builder for an xAI chat session, not a request: it moves with the "
    "`chat.create(...)` or `append(...)` call it feeds"
)


def test_message_builders_say_what_they_are(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text(SOURCE)
    result = run_migration(tmp_path, "litellm")
    (item,) = result.files
    assert isinstance(item, Success)
    reasons = {
        outcome.finding.api: [issue.reason for issue in outcome.issues] for outcome in item.outcomes
    }
    assert reasons == {
        # the request itself: no note, the plain reason
        "xai:chat.create": ["no codemod for `xai:chat.create` yet"],
        "xai:chat.system": [f"no codemod for `xai:chat.system` yet; {BUILDER}"],
        "xai:append": ["no codemod for `xai:append` yet"],
        "xai:chat.user": [f"no codemod for `xai:chat.user` yet; {BUILDER}"],
    }
    assert all(o.safety is Safety.MANUAL and not o.applied for o in item.outcomes)
    assert (tmp_path / "mod.py").read_text() == SOURCE
