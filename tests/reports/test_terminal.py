"""The text report: its content as data, and how the console renders it."""

from __future__ import annotations

import io

import pytest

from vendorlock.console import export_text, make_console, render_text_report
from vendorlock.model import Report, Summary
from vendorlock.reports.terminal import (
    Breakdown,
    Count,
    DiagnosticLine,
    FileSection,
    FindingLine,
    TextReport,
    build_text_report,
    format_location,
)

EXPECTED_TEXT = """\
vendorlock 0.1.0 · /work/app
4 findings in 3 files (11 files scanned).

Files discovered     12
Files scanned        11
Files with findings   3
Files failed          1
Findings              4
Certain findings      3
Likely findings       1

SDK             Provider        Kind          Portability
openai     3    openai     2    call     1    auto         3
anthropic  1    anthropic  1    client   1    assisted     0
                deepseek   1    feature  1    manual       1
                                import   1

app/agents.py (1 finding)
  app/agents.py:12:17  openai-assistants  likely  manual
      The OpenAI Assistants API has no neutral equivalent.
      | assistant = client.beta.assistants.create(model="gpt-4o")

app/llm.py (2 findings)
  app/llm.py:1:1  vendor-import  certain  auto
      Import of the openai SDK.
      | import openai
  app/llm.py:9:12  vendor-call  certain  auto
      Call to the openai SDK's chat.completions.create (served by deepseek).
      | resp = client.chat.completions.create(model="deepseek-chat", messages=msgs)

notebooks/explore.ipynb (1 finding)
  notebooks/explore.ipynb:cell 3:2  vendor-client  certain  auto
      Construction of an anthropic client.
      | client = anthropic.Anthropic()

Diagnostics (1)
  app/broken.py:3  syntax-error  Syntax error: unexpected ')'.
"""


def _render(report: TextReport, *, width: int = 100) -> str:
    buffer = io.StringIO()
    render_text_report(make_console(file=buffer, width=width), report)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def test_build_text_report_groups_findings_by_file_in_source_order(
    sample_report: Report,
) -> None:
    text = build_text_report(sample_report)

    assert text.files == (
        FileSection(
            "app/agents.py",
            (
                FindingLine(
                    location="app/agents.py:12:17",
                    rule="openai-assistants",
                    confidence="likely",
                    portability="manual",
                    message="The OpenAI Assistants API has no neutral equivalent.",
                    code='assistant = client.beta.assistants.create(model="gpt-4o")',
                ),
            ),
        ),
        FileSection(
            "app/llm.py",
            (
                FindingLine(
                    location="app/llm.py:1:1",
                    rule="vendor-import",
                    confidence="certain",
                    portability="auto",
                    message="Import of the openai SDK.",
                    code="import openai",
                ),
                FindingLine(
                    location="app/llm.py:9:12",
                    rule="vendor-call",
                    confidence="certain",
                    portability="auto",
                    message=sample_report.findings[0].message,
                    code=sample_report.findings[0].code,
                ),
            ),
        ),
        FileSection(
            "notebooks/explore.ipynb",
            (
                FindingLine(
                    location="notebooks/explore.ipynb:cell 3:2",
                    rule="vendor-client",
                    confidence="certain",
                    portability="auto",
                    message="Construction of an anthropic client.",
                    code="client = anthropic.Anthropic()",
                ),
            ),
        ),
    )


def test_build_text_report_counts(sample_report: Report) -> None:
    text = build_text_report(sample_report)

    assert text.title == "vendorlock 0.1.0 · /work/app"
    assert text.headline == "4 findings in 3 files (11 files scanned)."
    assert text.summary == (
        Count("Files discovered", 12),
        Count("Files scanned", 11),
        Count("Files with findings", 3),
        Count("Files failed", 1),
        Count("Findings", 4),
        Count("Certain findings", 3),
        Count("Likely findings", 1),
    )
    assert text.breakdowns == (
        Breakdown("SDK", (Count("openai", 3), Count("anthropic", 1))),
        Breakdown("Provider", (Count("openai", 2), Count("anthropic", 1), Count("deepseek", 1))),
        Breakdown(
            "Kind",
            (Count("call", 1), Count("client", 1), Count("feature", 1), Count("import", 1)),
        ),
        Breakdown("Portability", (Count("auto", 3), Count("assisted", 0), Count("manual", 1))),
    )
    assert text.diagnostics == (
        DiagnosticLine("app/broken.py:3", "syntax-error", "Syntax error: unexpected ')'."),
    )


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        pytest.param({}, "app/llm.py:9:12", id="file-path-line-column"),
        pytest.param({"cell": 3}, "app/llm.py:cell 3:9", id="notebook-cell-then-line"),
        pytest.param({"path": "a b/[x].py"}, "a b/[x].py:9:12", id="path-kept-verbatim"),
    ],
)
def test_format_location(sample_report: Report, update: dict[str, object], expected: str) -> None:
    finding = sample_report.findings[0].model_copy(update=update)

    assert format_location(finding) == expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        pytest.param((0, 0, 0), "No vendor lock-in found (0 files scanned).", id="nothing-scanned"),
        pytest.param((0, 0, 1), "No vendor lock-in found (1 file scanned).", id="clean-one-file"),
        pytest.param((1, 1, 1), "1 finding in 1 file (1 file scanned).", id="singular"),
        pytest.param((5, 2, 40), "5 findings in 2 files (40 files scanned).", id="plural"),
    ],
)
def test_headline(sample_report: Report, counts: tuple[int, int, int], expected: str) -> None:
    findings, files_with_findings, scanned = counts
    summary = sample_report.summary.model_copy(
        update={
            "findings": findings,
            "files_with_findings": files_with_findings,
            "files_scanned": scanned,
        }
    )
    report = sample_report.model_copy(update={"summary": summary})

    assert build_text_report(report).headline == expected


def test_clean_report_has_no_breakdowns_files_or_diagnostics() -> None:
    report = Report.model_validate(
        {
            "tool": {"version": "0.1.0"},
            "root": "/work/app",
            "summary": Summary(
                files_discovered=2,
                files_scanned=2,
                files_with_findings=0,
                files_failed=0,
                findings=0,
                by_kind={},
                by_sdk={},
                by_provider={},
                by_confidence={},
            ),
            "findings": (),
            "diagnostics": (),
        }
    )

    assert _render(build_text_report(report)) == (
        "vendorlock 0.1.0 · /work/app\n"
        "No vendor lock-in found (2 files scanned).\n"
        "\n"
        "Files discovered     2\n"
        "Files scanned        2\n"
        "Files with findings  0\n"
        "Files failed         0\n"
        "Findings             0\n"
        "Certain findings     0\n"
        "Likely findings      0\n"
    )


def test_render_text_report(sample_report: Report) -> None:
    assert _render(build_text_report(sample_report)) == EXPECTED_TEXT


def test_export_text_is_plain_and_has_no_trailing_space(sample_report: Report) -> None:
    text = export_text(build_text_report(sample_report))

    assert text == EXPECTED_TEXT


def test_long_finding_lines_are_not_wrapped(sample_report: Report) -> None:
    """Piped output keeps one line per field, so grep and editor links keep working."""
    rendered = _render(build_text_report(sample_report), width=40)

    assert "  app/llm.py:9:12  vendor-call  certain  auto\n" in rendered
    assert (
        '      | resp = client.chat.completions.create(model="deepseek-chat", messages=msgs)\n'
        in rendered
    )


@pytest.mark.parametrize(
    "content",
    [
        pytest.param('value = client["x"]', id="subscript"),
        pytest.param("print('[bold]red[/bold]')", id="markup-tags"),
        pytest.param("items[/]", id="closing-tag-that-rich-would-reject"),
        pytest.param("x = '[link=https://evil.example]y[/link]'", id="link-markup"),
        pytest.param("say(':smile:')", id="emoji-code"),
        pytest.param("\\[escaped] and [red]", id="backslash"),
    ],
)
def test_user_content_is_shown_verbatim(sample_report: Report, content: str) -> None:
    finding = sample_report.findings[1].model_copy(
        update={"code": content, "message": content, "path": f"pkg/{content}.py"}
    )
    report = sample_report.model_copy(update={"findings": (finding,), "root": content})

    rendered = _render(build_text_report(report))

    assert f"vendorlock 0.1.0 · {content}\n" in rendered
    assert f"pkg/{content}.py (1 finding)\n" in rendered
    assert f"  pkg/{content}.py:1:1  vendor-import  certain  auto\n" in rendered
    assert f"      {content}\n" in rendered
    assert f"      | {content}\n" in rendered


class _Terminal(io.StringIO):
    """A stream that claims to be a terminal, so rich would colour it."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.mark.usefixtures("colour_terminal")
@pytest.mark.parametrize(
    ("no_color", "no_color_env", "expect_escapes"),
    [
        pytest.param(False, False, True, id="terminal-is-styled"),
        pytest.param(True, False, False, id="no-color-flag-drops-every-style"),
        pytest.param(False, True, False, id="NO_COLOR-env-drops-colour"),
    ],
)
def test_colour_follows_flag_and_environment(
    monkeypatch: pytest.MonkeyPatch,
    sample_report: Report,
    no_color: bool,
    no_color_env: bool,
    expect_escapes: bool,
) -> None:
    if no_color_env:
        monkeypatch.setenv("NO_COLOR", "1")
    stream = _Terminal()

    render_text_report(
        make_console(file=stream, no_color=no_color), build_text_report(sample_report)
    )

    output = stream.getvalue()
    # Cyan (36) marks rule ids: a colour, which NO_COLOR must remove too.
    assert ("\x1b[36m" in output) is expect_escapes
    if no_color:
        assert "\x1b[" not in output


@pytest.mark.parametrize(
    ("field", "raw", "shown"),
    [
        pytest.param(
            "code", "x = '\x1b[2J\x1b[31mred'", "      | x = '\\x1b[2J\\x1b[31mred'", id="esc"
        ),
        pytest.param(
            "code", "a\rb\x00c\x7f\x9b", "      | a\\x0db\\x00c\\x7f\\x9b", id="cr-nul-c1"
        ),
        pytest.param("message", "two\nlines", "      two\\x0alines", id="newline"),
        pytest.param(
            "path", "evil\x1b]0;owned\x07.py", "evil\\x1b]0;owned\\x07.py (1 finding)", id="path"
        ),
        pytest.param("code", "keep\ttabs", "      | keep    tabs", id="tab-is-kept"),
    ],
)
def test_control_characters_are_shown_not_sent(
    sample_report: Report, field: str, raw: str, shown: str
) -> None:
    """A scanned file holding escape bytes must not clear or recolour the user's terminal."""
    finding = sample_report.findings[1].model_copy(update={field: raw})
    report = sample_report.model_copy(update={"findings": (finding,)})

    rendered = _render(build_text_report(report))

    assert f"{shown}\n" in rendered
    assert not any(character in rendered for character in "\x1b\x00\x07\x7f\x9b\r")
