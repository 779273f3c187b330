"""The fixture annotation parser and the scan comparison in `tests/fixture_annotations.py`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fixture_annotations import (
    AnnotationError,
    Expectation,
    UnreadableSourceError,
    collect_expectations,
    compare,
    describe_finding,
    format_comparison,
    parse_expectations,
    parse_sidecar,
)

from vendorlock.model import Confidence, Finding, Kind, Portability, Severity

PY = Path("pkg/mod.py")


def _parse(source: str, path: Path = PY) -> list[Expectation]:
    return parse_expectations(path, source)


def _notebook(*cells: tuple[str, str | list[str]]) -> str:
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [
                {"cell_type": kind, "metadata": {}, "source": source}
                | ({"outputs": [], "execution_count": None} if kind == "code" else {})
                for kind, source in cells
            ],
        }
    )


def _finding(**overrides: Any) -> Finding:
    fields: dict[str, Any] = {
        "rule": "vendor-call",
        "kind": Kind.CALL,
        "sdk": "openai",
        "provider": "openai",
        "api": "openai:chat.completions.create",
        "path": "pkg/mod.py",
        "line": 3,
        "column": 1,
        "end_line": 3,
        "end_column": 10,
        "portability": Portability.AUTO,
        "confidence": Confidence.CERTAIN,
        "severity": Severity.WARNING,
        "message": "A call.",
        "code": "client.chat.completions.create()",
        "fingerprint": "f",
    }
    fields.update(overrides)
    return Finding(**fields)


# --- good annotations ----------------------------------------------------------------------


def test_single_item_with_defaults() -> None:
    [item] = _parse("import openai\n\nx = 1  # expect: vendor-import openai\n")
    assert item == Expectation(
        path="pkg/mod.py", line=3, cell=None, rule="vendor-import", sdk="openai"
    )
    assert item.confidence == "certain"
    assert item.api is None


def test_chain_and_keys() -> None:
    [item] = _parse(
        "r = c.chat.completions.create(  # expect: vendor-call openai:chat.completions.create"
        " provider=deepseek confidence=likely portability=auto\n)\n"
    )
    assert item.api == "openai:chat.completions.create"
    assert (item.provider, item.confidence, item.portability) == ("deepseek", "likely", "auto")


def test_several_items_on_one_line() -> None:
    items = _parse(
        "t = c.beta.threads.create()  # expect: vendor-call openai:beta.threads.create;"
        " openai-assistants openai:beta.threads.create\n"
    )
    assert [(i.rule, i.api) for i in items] == [
        ("vendor-call", "openai:beta.threads.create"),
        ("openai-assistants", "openai:beta.threads.create"),
    ]


def test_feature_target_may_be_the_sdk_alone() -> None:
    [item] = _parse('B = {"cache_control": {}}  # expect: anthropic-cache-control anthropic\n')
    assert (item.sdk, item.chain) == ("anthropic", None)


def test_class_and_config_chains() -> None:
    items = _parse(
        "c = OpenAI()  # expect: vendor-client openai:OpenAI provider=openai\n"
        "openai.api_key = k  # expect: vendor-config openai:api_key\n"
    )
    assert [i.api for i in items] == ["openai:OpenAI", "openai:api_key"]


def test_annotation_on_the_closing_line_of_a_multiline_string_counts() -> None:
    [item] = _parse('x = f("""\nabc""")  # expect: vendor-import openai\n')
    assert item.line == 2


def test_text_in_strings_and_other_comments_is_not_an_annotation() -> None:
    source = (
        's = "# expect: vendor-import openai"\n'
        "# a comment that mentions what we expect of the model\n"
        "y = 2  # TODO: expect nothing here\n"
    )
    assert _parse(source) == []


def test_unparseable_source_falls_back_to_a_line_scan() -> None:
    source = "import openai  # expect: vendor-import openai\nprint 'hi'\n(\n"
    [item] = _parse(source)
    assert item.line == 1


# --- malformed annotations -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "reason"),
    [
        pytest.param("# expect:", "needs a RULE and a TARGET", id="empty"),
        pytest.param("# expect: vendor-call", "needs a RULE and a TARGET", id="no-target"),
        pytest.param(
            "# expect: vendor-import openai;", "needs a RULE and a TARGET", id="empty-item"
        ),
        pytest.param("# expect: vendor-calls openai:x.create", "unknown rule", id="unknown-rule"),
        pytest.param("# expect: Vendor-Call openai:x.create", "malformed rule", id="rule-case"),
        pytest.param("# expect: vendor-call openai:", "malformed target", id="empty-chain"),
        pytest.param("# expect: vendor-call openai:a..b", "malformed target", id="bad-chain"),
        pytest.param("# expect: vendor-call openai", "needs a TARGET of the form", id="no-chain"),
        pytest.param("# expect: vendor-client openai", "needs a TARGET of the form", id="client"),
        pytest.param("# expect: vendor-import openai:OpenAI", "takes an SDK only", id="import"),
        pytest.param("# expect: vendor-import openai likely", "expected key=value", id="bare"),
        pytest.param("# expect: vendor-import openai sdk=x", "unknown key", id="unknown-key"),
        pytest.param(
            "# expect: vendor-import openai confidence=high", "bad value", id="bad-confidence"
        ),
        pytest.param(
            "# expect: vendor-import openai portability=safe", "bad value", id="bad-portability"
        ),
        pytest.param(
            "# expect: vendor-import openai provider=a provider=b", "given twice", id="dup-key"
        ),
        pytest.param("# expect vendor-import openai", "malformed marker", id="no-colon"),
        pytest.param("# expected: vendor-import openai", "malformed marker", id="expected"),
        pytest.param("# Expect: vendor-import openai", "malformed marker", id="capital"),
        pytest.param("#expect : vendor-import openai", "malformed marker", id="space-colon"),
    ],
)
def test_malformed_annotation_names_file_line_and_problem(comment: str, reason: str) -> None:
    with pytest.raises(AnnotationError) as caught:
        _parse(f"import os\nimport openai  {comment}\n")
    assert caught.value.path == "pkg/mod.py"
    assert caught.value.line == 2
    assert reason in caught.value.reason
    assert str(caught.value).startswith("pkg/mod.py:2: ")


def test_rules_default_to_the_scanners_registry_and_can_be_given() -> None:
    source = "x = 1  # expect: openai-files openai:files.create\n"
    assert [i.rule for i in _parse(source)] == ["openai-files"]
    with pytest.raises(AnnotationError, match="unknown rule 'openai-files'"):
        parse_expectations(PY, source, rules={"vendor-call"})


def test_annotation_without_code_on_its_line_is_an_error() -> None:
    with pytest.raises(AnnotationError, match=r"pkg/mod.py:2: annotation on a line without code"):
        _parse("import openai\n# expect: vendor-import openai\n")


def test_marker_without_space_is_accepted() -> None:
    [item] = _parse("import openai  #expect: vendor-import openai\n")
    assert item.rule == "vendor-import"


# --- notebooks -----------------------------------------------------------------------------


def test_notebook_code_cells_are_numbered_from_one_and_lines_within_the_cell() -> None:
    text = _notebook(
        ("markdown", "# Title  # expect: vendor-import openai"),
        ("code", ["%pip install openai\n", "import openai  # expect: vendor-import openai\n"]),
        ("markdown", "text"),
        ("code", "%%time\nx = 1\nc = OpenAI()  # expect: vendor-client openai:OpenAI\n"),
    )
    items = parse_expectations(Path("nb/analysis.ipynb"), text)
    assert [(i.path, i.cell, i.line, i.rule) for i in items] == [
        ("nb/analysis.ipynb", 1, 2, "vendor-import"),
        ("nb/analysis.ipynb", 2, 3, "vendor-client"),
    ]


def test_notebook_magics_do_not_break_tokenizing() -> None:
    text = _notebook(
        (
            "code",
            "if True:\n    %store -r x\n    !grep -c expect log.txt\n"
            "import openai  # expect: vendor-import openai\n",
        ),
    )
    [item] = parse_expectations(Path("a.ipynb"), text)
    assert (item.cell, item.line) == (1, 4)


def test_annotated_magic_line_is_an_error() -> None:
    text = _notebook(("code", "!pip install openai  # expect: vendor-import openai\n"))
    with pytest.raises(AnnotationError, match=r"a.ipynb\[cell 1\]:1: an IPython magic"):
        parse_expectations(Path("a.ipynb"), text)


def test_malformed_annotation_in_a_notebook_names_the_cell() -> None:
    text = _notebook(("code", "x = 1\n"), ("code", "import openai  # expect: vendor-import\n"))
    with pytest.raises(AnnotationError) as caught:
        parse_expectations(Path("a.ipynb"), text)
    assert (caught.value.cell, caught.value.line) == (2, 1)
    assert str(caught.value).startswith("a.ipynb[cell 2]:1: ")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('{"cells": [', id="truncated"),
        pytest.param('{"nbformat": 4}', id="no-cells"),
        pytest.param('{"cells": [{"cell_type": "code", "source": 3}]}', id="bad-source"),
    ],
)
def test_broken_notebook_is_unreadable(text: str) -> None:
    with pytest.raises(UnreadableSourceError, match=r"b.ipynb: not a notebook"):
        parse_expectations(Path("b.ipynb"), text)


# --- collecting a project ------------------------------------------------------------------


def test_collect_walks_py_and_notebooks_and_lists_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("import openai  # expect: vendor-import openai\n")
    (tmp_path / "nb.ipynb").write_text(
        _notebook(("code", "import anthropic  # expect: vendor-import anthropic"))
    )
    (tmp_path / "latin1.py").write_bytes(b"s = '\xe9'  # expect: vendor-import openai\n")
    (tmp_path / "broken.ipynb").write_text('{"cells": [')
    (tmp_path / "notes.txt").write_text("# expect: nonsense\n")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "x.py").write_text("# expect: nonsense\n")

    project = collect_expectations(tmp_path)

    assert [(e.path, e.cell, e.sdk) for e in project.expectations] == [
        ("nb.ipynb", 1, "anthropic"),
        ("pkg/a.py", None, "openai"),
    ]
    assert sorted(project.unreadable) == ["broken.ipynb", "latin1.py"]
    assert project.source_line("pkg/a.py", None, 1).startswith("import openai")
    assert project.source_line("nb.ipynb", 1, 1).startswith("import anthropic")
    assert project.source_line("pkg/a.py", None, 9) == "<no such line>"


# --- comparing -----------------------------------------------------------------------------


def _expect(line: int = 3, **overrides: Any) -> Expectation:
    fields: dict[str, Any] = {
        "path": "pkg/mod.py",
        "line": line,
        "cell": None,
        "rule": "vendor-call",
        "sdk": "openai",
        "chain": "chat.completions.create",
    }
    fields.update(overrides)
    return Expectation(**fields)


def test_exact_match_is_ok() -> None:
    assert compare([_expect()], [_finding()]).ok


def test_chain_omitted_matches_any_api() -> None:
    assert compare(
        [_expect(rule="vendor-import", chain=None)],
        [_finding(rule="vendor-import", kind=Kind.IMPORT, api=None)],
    ).ok


@pytest.mark.parametrize(
    ("expectation", "finding"),
    [
        pytest.param(_expect(line=4), _finding(), id="line"),
        pytest.param(_expect(rule="vendor-client"), _finding(), id="rule"),
        pytest.param(_expect(sdk="anthropic"), _finding(), id="sdk"),
        pytest.param(_expect(chain="embeddings.create"), _finding(), id="api"),
        pytest.param(_expect(provider="azure"), _finding(), id="provider"),
        pytest.param(_expect(), _finding(confidence=Confidence.LIKELY), id="default-certain"),
        pytest.param(_expect(confidence="likely"), _finding(), id="likely"),
        pytest.param(_expect(portability="manual"), _finding(), id="portability"),
        pytest.param(_expect(cell=1), _finding(), id="cell"),
        pytest.param(_expect(path="other.py"), _finding(), id="path"),
    ],
)
def test_any_difference_is_one_missing_and_one_unexpected(
    expectation: Expectation, finding: Finding
) -> None:
    comparison = compare([expectation], [finding])
    assert comparison.missing == (expectation,)
    assert comparison.unexpected == (finding,)


def test_each_item_matches_exactly_one_finding() -> None:
    twice = [_finding(), _finding(column=20)]
    comparison = compare([_expect()], twice)
    assert comparison.missing == ()
    assert len(comparison.unexpected) == 1
    assert compare([_expect(), _expect()], twice).ok


def test_matching_is_one_to_one_even_when_a_loose_item_comes_first() -> None:
    loose = _expect(rule="openai-assistants", chain=None)
    tight = _expect(rule="openai-assistants", chain="beta.threads.create")
    findings = [
        _finding(rule="openai-assistants", api="openai:beta.threads.create", column=9),
        _finding(rule="openai-assistants", api="openai:beta.threads.list", column=1),
    ]
    assert compare([loose, tight], list(reversed(findings))).ok


def test_findings_on_unannotated_lines_are_unexpected() -> None:
    comparison = compare([], [_finding(line=7)])
    assert not comparison.ok
    assert comparison.unexpected[0].line == 7


def test_report_shows_both_sides_with_source_lines_and_near_misses(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(
        "from openai import OpenAI\n"
        "client = OpenAI()\n"
        "client.chat.completions.create()  # expect: vendor-call openai:chat.completions.create\n"
    )
    project = collect_expectations(tmp_path)
    findings = [
        _finding(confidence=Confidence.LIKELY),
        _finding(rule="vendor-import", kind=Kind.IMPORT, api=None, line=1, message="An import."),
    ]
    text = format_comparison("demo", compare(project.expectations, findings), project)
    assert text.splitlines()[0] == "demo: 1 missing, 2 unexpected"
    assert "pkg/mod.py:3  vendor-call openai:chat.completions.create confidence=certain" in text
    assert "| client.chat.completions.create()  # expect:" in text
    assert "near miss: found vendor-call openai:chat.completions.create provider=openai" in text
    assert "pkg/mod.py:1:1  An import." in text
    assert "| from openai import OpenAI" in text
    assert "# expect: vendor-import openai provider=openai portability=auto" in text


def test_describe_finding_round_trips_through_the_parser() -> None:
    finding = _finding(confidence=Confidence.LIKELY, provider="deepseek")
    [item] = _parse(f"x = 1  # expect: {describe_finding(finding)}\n")
    assert item.line == 1
    assert item.matches(finding.model_copy(update={"line": 1}))


def test_sidecar_lines_become_expectations_with_their_path_and_line() -> None:
    text = (
        "# comments and blank lines are ignored\n\n"
        "pkg/llm.py:7: vendor-client openai:OpenAI provider=deepseek; vendor-import openai\n"
    )

    found = parse_sidecar(text)

    assert [(e.path, e.line, e.rule, e.api or e.sdk, e.provider) for e in found] == [
        ("pkg/llm.py", 7, "vendor-client", "openai:OpenAI", "deepseek"),
        ("pkg/llm.py", 7, "vendor-import", "openai", None),
    ]


def test_a_sidecar_line_without_a_place_names_the_sidecar_line() -> None:
    with pytest.raises(AnnotationError, match=r"expected-findings.txt:2: want PATH:LINE"):
        parse_sidecar("\nvendor-import openai\n")
