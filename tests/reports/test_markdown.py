"""The Markdown report: its exact content, escaping of scanned code, and the comment limit."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from vendorlock.auditor.rules import all_rules
from vendorlock.model import Finding, Kind, Report, Summary
from vendorlock.reports.markdown import (
    EXPOSED_MODULES,
    GITHUB_COMMENT_LIMIT,
    render_markdown,
)

EXPECTED = """\
## vendorlock report

vendorlock 0.1.0 · <code>/work/app</code>

**4 findings in 3 files (11 files scanned).** SDK: openai 3, anthropic 1. \
Provider: openai 2, anthropic 1, deepseek 1. Kind: call 1, client 1, feature 1, import 1. \
Portability: auto 3, assisted 0, manual 1. 1 file could not be scanned (see Diagnostics).

### Vendors

| SDK | Provider | Findings | Calls | Clients | Features | Manual sites |
|---|---|---|---|---|---|---|
| <code>openai</code> | <code>openai</code> | 2 | 0 | 0 | 1 | 1 |
| <code>anthropic</code> | <code>anthropic</code> | 1 | 0 | 1 | 0 | 0 |
| <code>openai</code> | <code>deepseek</code> | 1 | 1 | 0 | 0 | 0 |

### Hot spots

Files by number of findings.

| File | Findings | Calls | Manual sites |
|---|---|---|---|
| <code>app/llm.py</code> | 2 | 1 | 0 |
| <code>app/agents.py</code> | 1 | 0 | 1 |
| <code>notebooks/explore.ipynb</code> | 1 | 0 | 0 |

### Proprietary features

| Feature | Sites | Portability | What |
|---|---|---|---|
| [<code>openai-assistants</code>](https://github.com/vendorlock/vendorlock/blob/main/docs/\
rules.md#openai-assistants-openai-assistants-api) | 1 | manual | OpenAI Assistants API |

### Exposure

Direct vendor calls per module.

```mermaid
flowchart LR
  subgraph dir0["app/"]
    m0["app.llm"]
  end
  sdk0(["openai"])
  m0 -->|1| sdk0
```

<details>
<summary>All 4 findings</summary>

| Location | Rule | API | Message |
|---|---|---|---|
| <code>app/agents.py:12:17</code> | <code>openai-assistants</code> | \
<code>openai:beta.assistants.create</code> | The OpenAI Assistants API has no neutral equivalent. |
| <code>app/llm.py:1:1</code> | <code>vendor-import</code> |  | Import of the openai SDK. |
| <code>app/llm.py:9:12</code> | <code>vendor-call</code> | \
<code>openai:chat.completions.create</code> | Call to the openai SDK's \
chat.completions.create (served by deepseek). |
| <code>notebooks/explore.ipynb:cell 3:2</code> | <code>vendor-client</code> |  \
| Construction of an anthropic client. |

</details>

### Diagnostics

1 file not fully scanned:

- <code>app/broken.py:3</code> syntax-error: Syntax error: unexpected ')'.
"""


def _render(report: Report, *, limit: int = GITHUB_COMMENT_LIMIT) -> str:
    return render_markdown(report, all_rules(), limit=limit)


def _html(markdown: str) -> str:
    """What a GFM renderer makes of it (markdown-it: CommonMark plus tables)."""
    html: str = MarkdownIt("commonmark").enable("table").render(markdown)
    return html


def test_sample_report(sample_report: Report) -> None:
    assert _render(sample_report) == EXPECTED


def test_empty_report_has_title_and_summary_only(sample_report: Report) -> None:
    summary = sample_report.summary.model_copy(
        update={"findings": 0, "files_with_findings": 0, "files_failed": 0}
    )
    report = sample_report.model_copy(
        update={"findings": (), "diagnostics": (), "summary": summary}
    )

    assert _render(report) == (
        "## vendorlock report\n\nvendorlock 0.1.0 · <code>/work/app</code>\n\n"
        "**No vendor lock-in found (11 files scanned).**\n"
    )


MALICIOUS_CODE = "x = '</script><script>alert(1)</script>' | `rm` *bold* [a](b) &amp; @user"


def _malicious(sample_report: Report) -> Report:
    finding = sample_report.findings[0].model_copy(
        update={
            "path": "app/<img src=x onerror=alert(1)>|`.py",
            "message": "Call with `a|b` and <b>bold</b> and an odd ` backtick.",
            "code": MALICIOUS_CODE,
            "api": "openai:x|y",
        }
    )
    return sample_report.model_copy(update={"findings": (finding,), "root": "/w/`x`|<i>"})


def test_user_content_is_escaped(sample_report: Report) -> None:
    text = _render(_malicious(sample_report))

    row = [line for line in text.splitlines() if line.startswith("| <code>app/")][-1]
    assert row == (
        "| <code>app/&lt;img src=x onerror=alert(1)&gt;\\|\\`.py:9:12</code> "
        "| <code>vendor-call</code> | <code>openai:x\\|y</code> "
        "| Call with \\`a\\|b\\` and &lt;b&gt;bold&lt;/b&gt; and an odd \\` backtick. |"
    )
    assert "vendorlock 0.1.0 · <code>/w/\\`x\\`\\|&lt;i&gt;</code>" in text
    assert "<img" not in text
    assert "<b>" not in text


def test_escaped_content_renders_as_text_in_a_gfm_renderer(sample_report: Report) -> None:
    html = _html(_render(_malicious(sample_report)))

    assert "<img" not in html
    assert "<b>" not in html
    assert "<i>" not in html
    # Every row of the findings table still has exactly its four cells.
    details = html.split("<summary>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", details, flags=re.DOTALL)
    assert [row.count("<td>") for row in rows[1:]] == [4]
    assert "app/&lt;img src=x onerror=alert(1)&gt;|`.py:9:12" in rows[1]


def test_message_names_in_backticks_become_code(sample_report: Report) -> None:
    finding = sample_report.findings[0].model_copy(
        update={"message": "Imports `openai.OpenAI` and `a*b`."}
    )
    text = _render(sample_report.model_copy(update={"findings": (finding,)}))

    assert "| Imports <code>openai.OpenAI</code> and <code>a\\*b</code>. |" in text


def test_mermaid_labels_cannot_break_the_diagram(sample_report: Report) -> None:
    finding = sample_report.findings[0].model_copy(update={"path": 'x"]-->y`\n```/m.py'})
    text = _render(sample_report.model_copy(update={"findings": (finding,)}))

    diagram = text.split("```mermaid\n", 1)[1].split("\n```\n", 1)[0]
    assert diagram == (
        "flowchart LR\n"
        '  subgraph dir0["x#34;#93;--#62;y#96; #96;#96;#96;/"]\n'
        '    m0["x#34;#93;--#62;y#96; #96;#96;#96;.m"]\n'
        "  end\n"
        '  sdk0(["openai"])\n'
        "  m0 -->|1| sdk0"
    )


def _call(path: str, sdk: str = "openai") -> Finding:
    return Finding.model_validate(
        {
            "rule": "vendor-call",
            "kind": Kind.CALL,
            "sdk": sdk,
            "provider": sdk,
            "api": f"{sdk}:chat.completions.create",
            "path": path,
            "line": 1,
            "column": 1,
            "end_line": 1,
            "end_column": 10,
            "portability": "auto",
            "confidence": "certain",
            "severity": "warning",
            "message": "A call.",
            "code": "client.chat.completions.create()",
            "fingerprint": f"fp-{path}",
        }
    )


def _report_of(sample_report: Report, findings: tuple[Finding, ...]) -> Report:
    summary = Summary.model_validate(
        {**sample_report.summary.model_dump(), "findings": len(findings)}
    )
    return sample_report.model_copy(
        update={"findings": findings, "summary": summary, "diagnostics": ()}
    )


def test_mermaid_shows_the_most_exposed_modules(sample_report: Report) -> None:
    # Module i makes i + 1 calls, so the 15 largest are modules 19 down to 5.
    calls = [_call(f"pkg/m{index:02}.py") for index in range(20) for _ in range(index + 1)]
    findings = (*calls, _call("main.py", "anthropic"))

    text = _render(_report_of(sample_report, findings))

    assert "Direct vendor calls per module (the 15 modules with the most, of 21)." in text
    diagram = text.split("```mermaid\n", 1)[1].split("\n```", 1)[0].splitlines()
    edges = [line.strip() for line in diagram if "-->" in line]
    assert len(edges) == EXPOSED_MODULES
    assert edges[0] == "m0 -->|20| sdk0"
    assert edges[-1] == "m14 -->|6| sdk0"
    assert '    m0["pkg.m19"]' in diagram
    assert "anthropic" not in "\n".join(diagram)


@pytest.mark.parametrize("count", [400, 3000])
def test_long_reports_fit_a_github_comment(sample_report: Report, count: int) -> None:
    findings = tuple(_call(f"app/module_{index:04}.py") for index in range(count))

    text = _render(_report_of(sample_report, findings))

    rows = [line for line in text.splitlines() if line.startswith("| <code>app/module\\_")]
    assert len(text) <= GITHUB_COMMENT_LIMIT
    if count == 400:
        assert len(rows) == 410  # 400 in the list, 10 in the hot spots
        assert "not shown" not in text
    else:
        shown = len(rows) - 10
        assert 0 < shown < count
        # Cut to fit, not far short of the limit: less than one row is left unused.
        assert len(text) > GITHUB_COMMENT_LIMIT - len(rows[-1]) - 1
        assert (
            f"*{count - shown} more findings not shown: a GitHub comment holds at most "
            "65,536 characters. `vendorlock scan --format html` shows them all.*\n\n</details>"
        ) in text
        # The cut keeps source order and ends on a whole row.
        assert rows[10].startswith("| <code>app/module\\_0000.py:1:1</code>")
        assert rows[-1].startswith(f"| <code>app/module\\_{shown - 1:04}.py:1:1</code>")


def test_limit_is_exact(sample_report: Report) -> None:
    full = _render(sample_report)

    assert _render(sample_report, limit=len(full)) == full
    cut = _render(sample_report, limit=len(full) - 1)
    assert len(cut) <= len(full) - 1
    # The note is longer than one row, so two rows make way for it.
    assert "*2 more findings not shown" in cut
    assert "app/llm.py:1:1" in cut
    assert "app/llm.py:9:12" not in cut


def test_many_diagnostics_are_capped(sample_report: Report) -> None:
    diagnostic = sample_report.diagnostics[0]
    diagnostics = tuple(
        diagnostic.model_copy(update={"path": f"bad{index}.py"}) for index in range(60)
    )

    text = _render(sample_report.model_copy(update={"diagnostics": diagnostics}))

    assert text.endswith(
        "- <code>bad49.py:3</code> syntax-error: Syntax error: unexpected ')'.\n- … and 10 more\n"
    )
    assert "60 files not fully scanned:" in text
