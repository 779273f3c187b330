"""Tests for vendorlock.auditor.notebooks: notebook JSON to parseable Python, lines mapped back."""

from __future__ import annotations

import json
import string

import libcst
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendorlock.auditor.notebooks import NotebookError, NotebookSource, locate, notebook_to_python

Cell = dict[str, object]


def code(source: str | list[str]) -> Cell:
    return {"cell_type": "code", "metadata": {}, "outputs": [], "source": source}


def markdown(source: str) -> Cell:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def notebook(*cells: Cell) -> bytes:
    document = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}
    return json.dumps(document, indent=1).encode()


def one_cell(source: str) -> str:
    """The Python that a notebook of one code cell becomes."""
    return notebook_to_python(notebook(code(source))).code


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            notebook(
                markdown("# Exploring the API"),
                code(["import openai\n", "client = openai.OpenAI()\n"]),
                {"cell_type": "raw", "metadata": {}, "source": "not python"},
                code(["models = client.models.list()"]),
            ),
            NotebookSource(
                "import openai\nclient = openai.OpenAI()\nmodels = client.models.list()\n",
                ((1, 1), (1, 2), (2, 1)),
            ),
            id="list sources; markdown and raw cells are not counted",
        ),
        pytest.param(
            notebook(code("import anthropic\n\nclient = anthropic.Anthropic()\n")),
            NotebookSource(
                "import anthropic\n\nclient = anthropic.Anthropic()\n", ((1, 1), (1, 2), (1, 3))
            ),
            id="string source",
        ),
        pytest.param(
            notebook(code(""), code([]), code("x = 1")),
            NotebookSource("x = 1\n", ((3, 1),)),
            id="empty code cells still count as cells",
        ),
        pytest.param(
            notebook(code("a = 1\r\nb = 2\rc = 3")),
            NotebookSource("a = 1\nb = 2\nc = 3\n", ((1, 1), (1, 2), (1, 3))),
            id="CRLF and CR line ends",
        ),
        pytest.param(
            notebook(code("if x:\n    y = (1,"), code("z = 2")),
            NotebookSource("if x:\n    y = (1,\nz = 2\n", ((1, 1), (1, 2), (2, 1))),
            id="a broken cell does not shift the next cell's lines",
        ),
        pytest.param(notebook(markdown("only prose")), NotebookSource("", ()), id="no code cells"),
        pytest.param(
            b"\xef\xbb\xbf" + notebook(code("x = 1")),
            NotebookSource("x = 1\n", ((1, 1),)),
            id="UTF-8 byte order mark",
        ),
        pytest.param(
            json.dumps(
                {
                    "nbformat": 3,
                    "worksheets": [
                        {
                            "cells": [
                                {"cell_type": "heading", "level": 1, "source": "Title"},
                                {"cell_type": "code", "input": ["import openai\n", "openai.x"]},
                                {"cell_type": "code", "input": "!ls"},
                            ]
                        }
                    ],
                }
            ).encode(),
            NotebookSource("import openai\nopenai.x\npass\n", ((1, 1), (1, 2), (2, 1))),
            id="nbformat 3 worksheets",
        ),
    ],
)
def test_notebook_to_python(data: bytes, expected: NotebookSource) -> None:
    assert notebook_to_python(data) == expected


_PARSEABLE = [
    pytest.param("%pip install openai", "pass", id="line magic"),
    pytest.param("!pip install openai", "pass", id="shell escape"),
    pytest.param("%%time", "", id="lone cell magic"),
    pytest.param(
        "if ready:\n    %time run()\nelse:\n    !echo no",
        "if ready:\n    pass\nelse:\n    pass",
        id="magics as the only statement of nested blocks",
    ),
    pytest.param(
        "for f in files:\n    out = !cat {f}\n    print(out)",
        "for f in files:\n    out = None\n    print(out)",
        id="shell assignment keeps the name bound",
    ),
    pytest.param("lines, rest = %sx ls", "lines, rest = None", id="magic assignment to a tuple"),
    pytest.param("self.out = !ls", "self.out = None", id="magic assignment to an attribute"),
    pytest.param("openai.OpenAI?", "pass", id="help suffix"),
    pytest.param("client.chat.completions.create??", "pass", id="source suffix"),
    pytest.param("?openai", "pass", id="help prefix"),
    pytest.param("x = 1\n%%time", "x = 1\npass", id="cell magic not on the first line"),
    pytest.param(
        "!pip install \\\n    openai \\\n    anthropic\nimport openai",
        "pass\n\n\nimport openai",
        id="shell line continued with backslashes",
    ),
    pytest.param(
        "%%time\nfor _ in range(3):\n    client.models.list()",
        "\nfor _ in range(3):\n    client.models.list()",
        id="timing cell magic keeps its body",
    ),
    pytest.param(
        "\n  \n%%capture out\nimport openai",
        "\n  \n\nimport openai",
        id="cell magic after blank lines",
    ),
    pytest.param(
        "%%bash\necho $OPENAI_API_KEY\nif [ -z x ]; then exit; fi", "\n\n", id="bash cell"
    ),
    pytest.param("%%writefile app.py\nimport openai\nopenai.x()", "\n\n", id="writefile cell"),
    pytest.param("%%sql\nSELECT 1 FROM t", "\n", id="unknown cell magic: not Python"),
    pytest.param(
        "total = (a\n    % b)\nok = (a\n  != b)",
        "total = (a\n    % b)\nok = (a\n  != b)",
        id="operators opening a continuation line inside brackets",
    ),
    pytest.param("value = a \\\n    % b", "value = a \\\n    % b", id="backslash continuation"),
    pytest.param(
        'text = """\n%d items\n!important?\n"""',
        'text = """\n%d items\n!important?\n"""',
        id="magic-like lines inside a triple-quoted string",
    ),
    pytest.param(
        'msg = "a\\\n%b"', 'msg = "a\\\n%b"', id="one-quote string continued by a backslash"
    ),
    pytest.param(
        "x = 1  # why?\ns = 'why?'\nt = f'{s}?'",
        "x = 1  # why?\ns = 'why?'\nt = f'{s}?'",
        id="question marks in comments and strings",
    ),
    pytest.param(
        "d = {'k': (\n    1)}  # ( ) [ ] in a comment\n%ls",
        "d = {'k': (\n    1)}  # ( ) [ ] in a comment\npass",
        id="brackets close before a magic",
    ),
    pytest.param("s = ')'\n!ls", "s = ')'\npass", id="brackets in strings do not count"),
    pytest.param("x = 5 % 3\ny = x != 2", "x = 5 % 3\ny = x != 2", id="operators mid-line"),
]


@pytest.mark.parametrize(("cell", "expected"), _PARSEABLE)
def test_ipython_syntax_becomes_python(cell: str, expected: str) -> None:
    python = one_cell(cell)
    assert python == expected + "\n"
    assert python.count("\n") == len(cell.split("\n"))
    libcst.parse_module(python)  # raises on a syntax error


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("s = 'oops\n%ls", "s = 'oops\npass", id="unterminated string ends at EOL"),
        pytest.param("x = (1,\n%ls", "x = (1,\n%ls", id="unclosed bracket: not a statement start"),
    ],
)
def test_broken_cells_keep_their_lines(cell: str, expected: str) -> None:
    assert one_cell(cell) == expected + "\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "not valid JSON: Expecting value at line 1 column 1", id="empty"),
        pytest.param(
            b'{"cells": [\n  {"cell_type": "code",}\n]}',
            "not valid JSON: Expecting property name enclosed in double quotes at line 2 column 24",
            id="trailing comma",
        ),
        pytest.param(b"\xff\xfe{}", "not valid UTF-8: invalid start byte at byte 0", id="UTF-16"),
        pytest.param(b"[" * 100_000, "not valid JSON: nested too deeply", id="deep nesting"),
        pytest.param(b"[]", "top level is a list, not an object", id="list"),
        pytest.param(b"null", "top level is null, not an object", id="null"),
        pytest.param(
            b'{"nbformat": 4}',
            "no 'cells' list (nbformat 4) or 'worksheets' list (nbformat 3)",
            id="no cells",
        ),
        pytest.param(b'{"cells": {}}', "cells is an object, not a list", id="cells not a list"),
        pytest.param(
            b'{"cells": [1]}', "cells[0] is a number, not an object", id="cell not object"
        ),
        pytest.param(
            b'{"cells": [{"source": "x"}]}',
            "cells[0].cell_type is missing or not a string",
            id="no cell type",
        ),
        pytest.param(
            b'{"cells": [{"cell_type": "code"}]}',
            "cells[0] is a code cell without 'source'",
            id="no source",
        ),
        pytest.param(
            b'{"cells": [{"cell_type": "markdown"}, {"cell_type": "code", "source": 7}]}',
            "cells[1].source is a number, not a string or a list of strings",
            id="source a number",
        ),
        pytest.param(
            b'{"cells": [{"cell_type": "code", "source": ["a", true]}]}',
            "cells[0].source[1] is a boolean, not a string",
            id="source line not a string",
        ),
        pytest.param(
            b'{"worksheets": [{"cells": [{"cell_type": "code", "source": "x"}]}]}',
            "worksheets[0].cells[0] is a code cell without 'input'",
            id="nbformat 3 without input",
        ),
        pytest.param(b'{"worksheets": "x"}', "worksheets is a string, not a list", id="worksheets"),
    ],
)
def test_unreadable_notebooks(data: bytes, message: str) -> None:
    with pytest.raises(NotebookError) as caught:
        notebook_to_python(data)
    assert str(caught.value) == message


@pytest.mark.parametrize("line", [0, 3, -1])
def test_locate_outside_the_code(line: int) -> None:
    source = notebook_to_python(notebook(code("a = 1\nb = 2")))
    with pytest.raises(ValueError, match=rf"^line {line} is outside the notebook's 2 lines$"):
        locate(source, line)


def _sources(cell: list[str], as_string: bool, trailing_newline: bool) -> str | list[str]:
    """A cell's lines as Jupyter stores them: one string, or a list of newline-ended lines."""
    text = "\n".join(cell) + ("\n" if trailing_newline and cell else "")
    return text if as_string else text.splitlines(keepends=True)


# Python-like lines: no magic, help, quote or bracket characters, never empty (an empty last
# line is not a line in Jupyter either).
_PLAIN_LINE = st.text(string.ascii_letters + string.digits + " =+_.", min_size=1, max_size=12)
_CELLS = st.lists(st.lists(_PLAIN_LINE, max_size=6), max_size=6)


@given(_CELLS, st.booleans(), st.booleans())
def test_every_line_maps_back_to_its_cell(
    cells: list[list[str]], as_string: bool, trailing_newline: bool
) -> None:
    data = notebook(*(code(_sources(cell, as_string, trailing_newline)) for cell in cells))
    source = notebook_to_python(data)
    lines = source.code.split("\n")
    assert lines.pop() == ""
    assert len(lines) == len(source.cells) == sum(map(len, cells))
    for number, text in enumerate(lines, start=1):
        cell, line = locate(source, number)
        assert cells[cell - 1][line - 1] == text


# Any text at all, magic characters included: rewriting never adds or removes a line.
_ANY_LINE = st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=["Cs"]))


@given(st.lists(st.lists(_ANY_LINE, min_size=1, max_size=6), max_size=5))
def test_line_count_is_preserved_for_any_text(cells: list[list[str]]) -> None:
    source = notebook_to_python(notebook(*(code("\n".join(cell) + "\n") for cell in cells)))
    expected = tuple(
        (number, line) for number, cell in enumerate(cells, 1) for line in range(1, len(cell) + 1)
    )
    assert source.cells == expected
    assert source.code.count("\n") == len(expected)


_MAGIC_LINES = st.sampled_from(
    ["%time f()", "!ls -la", "%pip install openai", "out = !ls", "a, b = %sx ls", "obj?",
     "obj.method??", "?obj", "%%time", "%load_ext autoreload"]
)  # fmt: skip
_STATEMENTS = st.sampled_from(["y = 1", "print(y)", "client.models.list()"])


@st.composite
def _programs(draw: st.DrawFn) -> str:
    """Python with nested blocks in which any statement may be IPython syntax instead."""
    lines: list[str] = []
    depth = 0
    for step in draw(st.lists(st.sampled_from(["open", "close", "line"]), max_size=30)):
        if step == "close":
            depth = max(0, depth - 1)
            continue
        if step == "open":
            lines.append("    " * depth + "if ready:")
            depth += 1  # the block's first line follows at once, so no block is empty
        lines.append("    " * depth + draw(st.one_of(_MAGIC_LINES, _STATEMENTS)))
    return "\n".join(lines)


@given(_programs())
def test_magics_at_any_depth_leave_parseable_python(program: str) -> None:
    python = one_cell(program)
    libcst.parse_module(python)
    assert python.count("\n") == len(program.splitlines())
