"""Expected findings written into fixture projects as comments, checked against a scan.

A fixture line that must produce findings carries a trailing comment::

    # expect: ITEM [; ITEM]...
    ITEM   := RULE TARGET [key=value]...
    TARGET := SDK | SDK:CHAIN     e.g. `openai`, `openai:chat.completions.create`,
                                       `openai:OpenAI`, `openai:api_key`
    keys   := provider=<id> | confidence=certain|likely | portability=auto|assisted|manual

RULE is any rule the scanner defines (`vendorlock.auditor.rules.all_rules()`: the generic
rules and every catalogue feature); a misspelt rule is an error, not a silent miss.

The annotation sits on the line where the finding starts: for a call spread over several
lines, the line where the call expression starts (`resp = client.chat.completions.create(`);
for a feature, the line of the keyword or dict key that carries it.

Both directions are checked:

* every ITEM matches exactly one finding on its line with the same rule and SDK, the same
  `api` when a CHAIN is given (`api == "SDK:CHAIN"`), and the same provider and portability
  when those keys are given. Confidence defaults to `certain`, so a `likely` finding must be
  annotated `confidence=likely`;
* every finding is matched by an ITEM: a line without an annotation produces nothing.

Import rules take an SDK only; client, config and call rules need a CHAIN. In notebooks
(`.ipynb`) annotations are comments inside code cells; the finding's `cell` (code cells
counted from 1) and `line` (within the cell) must match. IPython magic lines (`%pip`, `!ls`,
`%%time`) cannot carry annotations. Anything else that looks like an annotation but does
not follow the grammar is an `AnnotationError` naming the file and line.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

from vendorlock.auditor.rules import all_rules
from vendorlock.model import Finding


def known_rules() -> frozenset[str]:
    """Every rule the scanner defines: a misspelt rule is an error, not a silent miss."""
    return frozenset(all_rules())


RULES_NEEDING_CHAIN = frozenset({"vendor-client", "vendor-config", "vendor-call"})
RULES_WITHOUT_CHAIN = frozenset({"vendor-import", "vendor-type-import"})

_KEY_VALUES: Mapping[str, re.Pattern[str]] = {
    "provider": re.compile(r"[a-z][a-z0-9_-]*"),
    "confidence": re.compile(r"certain|likely"),
    "portability": re.compile(r"auto|assisted|manual"),
}
_RULE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_TARGET = re.compile(r"(?P<sdk>[a-z][a-z0-9_-]*)(?::(?P<chain>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*))?")
_MARKER = re.compile(r"#\s*expect:(?P<body>.*)$")
_MARKER_LOOKALIKE = re.compile(r"#\s*(?:expect(?:s|ed|ation)?)\b\s*:?", re.IGNORECASE)
_MAGIC = re.compile(r"\s*(?:%|!)")

SourceKey: TypeAlias = tuple[str, int | None]
"""A file and, for notebooks, a code cell: where a line number is counted."""
Place: TypeAlias = tuple[str, int | None, int]
"""A file, a code cell (notebooks) and a line: where findings are compared."""


class AnnotationError(ValueError):
    """An annotation that does not follow the grammar."""

    def __init__(self, path: str, line: int, reason: str, cell: int | None = None) -> None:
        where = f"{path}:{line}" if cell is None else f"{path}[cell {cell}]:{line}"
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.cell = cell
        self.reason = reason


class UnreadableSourceError(ValueError):
    """A fixture file that cannot carry annotations (undecodable bytes, broken notebook)."""


@dataclass(frozen=True)
class Expectation:
    """One ITEM of an annotation: a finding the scanner must produce at this place."""

    path: str
    line: int
    cell: int | None
    rule: str
    sdk: str
    chain: str | None = None
    provider: str | None = None
    confidence: str = "certain"
    portability: str | None = None

    @property
    def api(self) -> str | None:
        return None if self.chain is None else f"{self.sdk}:{self.chain}"

    @property
    def key(self) -> Place:
        return (self.path, self.cell, self.line)

    def matches(self, finding: Finding) -> bool:
        return (
            finding.rule == self.rule
            and finding.sdk == self.sdk
            and (self.chain is None or finding.api == self.api)
            and (self.provider is None or finding.provider == self.provider)
            and finding.confidence.value == self.confidence
            and (self.portability is None or finding.portability.value == self.portability)
        )

    def describe(self) -> str:
        """The item in annotation syntax, with every key it checks."""
        words = [self.rule, self.api or self.sdk]
        if self.provider is not None:
            words.append(f"provider={self.provider}")
        words.append(f"confidence={self.confidence}")
        if self.portability is not None:
            words.append(f"portability={self.portability}")
        return " ".join(words)


def describe_finding(finding: Finding) -> str:
    """A finding in annotation syntax, ready to paste after `# expect: `."""
    words = [finding.rule, finding.api or finding.sdk, f"provider={finding.provider}"]
    if finding.confidence.value != "certain":
        words.append(f"confidence={finding.confidence.value}")
    words.append(f"portability={finding.portability.value}")
    return " ".join(words)


def finding_key(finding: Finding) -> Place:
    return (finding.path, finding.cell, finding.line)


# --- parsing -------------------------------------------------------------------------------


def parse_expectations(
    path: Path, text: str, *, rules: Collection[str] | None = None
) -> list[Expectation]:
    """The expectations annotated in one file; `path` is recorded as given (POSIX).

    `rules` are the rule ids an annotation may name (default: `known_rules()`). Raises
    `AnnotationError` for a malformed annotation and `UnreadableSourceError` for a
    notebook that is not valid nbformat JSON.
    """
    name = path.as_posix()
    allowed = known_rules() if rules is None else frozenset(rules)
    if path.suffix == ".ipynb":
        return [
            expectation
            for cell, source in enumerate(notebook_code_cells(name, text), start=1)
            for expectation in _parse_source(name, source, cell, allowed)
        ]
    return _parse_source(name, text, None, allowed)


def notebook_code_cells(name: str, text: str) -> list[str]:
    """The source of each code cell, in order."""
    try:
        notebook = json.loads(text)
        cells = notebook["cells"]
        return [_cell_source(cell) for cell in cells if cell["cell_type"] == "code"]
    except (ValueError, KeyError, TypeError) as error:
        raise UnreadableSourceError(f"{name}: not a notebook: {error}") from error


def _cell_source(cell: Mapping[str, object]) -> str:
    source = cell["source"]
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        return "".join(source)
    raise TypeError("cell source is neither a string nor a list of strings")


def _parse_source(
    name: str, text: str, cell: int | None, rules: frozenset[str]
) -> list[Expectation]:
    lines = text.splitlines()
    if cell is not None:
        _reject_annotated_magics(name, lines, cell)
        text = "\n".join("" if _MAGIC.match(line) else line for line in lines) + "\n"
    comments, code_lines = _comments(text)
    expectations: list[Expectation] = []
    for line, comment in comments:
        marker = _MARKER.search(comment)
        if marker is None:
            if _MARKER_LOOKALIKE.search(comment):
                raise AnnotationError(name, line, "malformed marker: write `# expect: ...`", cell)
            continue
        if code_lines is not None and line not in code_lines:
            raise AnnotationError(name, line, "annotation on a line without code", cell)
        for item in marker.group("body").split(";"):
            expectations.append(_parse_item(item, name, line, cell, rules))
    return expectations


def _reject_annotated_magics(name: str, lines: Sequence[str], cell: int) -> None:
    for number, line in enumerate(lines, start=1):
        if _MAGIC.match(line) and _MARKER_LOOKALIKE.search(line):
            raise AnnotationError(name, number, "an IPython magic line cannot be annotated", cell)


_LAYOUT_TOKENS = frozenset(
    {tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
)


def _comments(text: str) -> tuple[list[tuple[int, str]], set[int] | None]:
    """Comment tokens with their lines, and the lines that hold code.

    Falls back to a plain line scan (without the code-line check) on text that does not
    tokenize, such as the deliberately broken fixtures.
    """
    comments: list[tuple[int, str]] = []
    code_lines: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                comments.append((token.start[0], token.string))
            elif token.type not in _LAYOUT_TOKENS:
                code_lines.update(range(token.start[0], token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        fallback = [(n, line[line.index("#") :]) for n, line in _numbered(text) if "#" in line]
        return fallback, None
    return comments, code_lines


def _numbered(text: str) -> Iterator[tuple[int, str]]:
    return enumerate(text.splitlines(), start=1)


def _parse_item(
    item: str, name: str, line: int, cell: int | None, rules: frozenset[str]
) -> Expectation:
    def fail(reason: str) -> AnnotationError:
        return AnnotationError(name, line, f"{reason} in `{item.strip()}`", cell)

    words = item.split()
    if len(words) < 2:
        raise fail("an item needs a RULE and a TARGET")
    rule, target, *pairs = words
    if not _RULE.fullmatch(rule):
        raise fail(f"malformed rule id {rule!r}")
    if rule not in rules:
        raise fail(f"unknown rule {rule!r}")
    match = _TARGET.fullmatch(target)
    if match is None:
        raise fail(f"malformed target {target!r} (want SDK or SDK:CHAIN)")
    chain = match.group("chain")
    if chain is None and rule in RULES_NEEDING_CHAIN:
        raise fail(f"{rule} needs a TARGET of the form SDK:CHAIN")
    if chain is not None and rule in RULES_WITHOUT_CHAIN:
        raise fail(f"{rule} takes an SDK only as TARGET")
    keys = _parse_keys(pairs, fail)
    return Expectation(
        path=name,
        line=line,
        cell=cell,
        rule=rule,
        sdk=match.group("sdk"),
        chain=chain,
        provider=keys.get("provider"),
        confidence=keys.get("confidence", "certain"),
        portability=keys.get("portability"),
    )


def _parse_keys(pairs: Iterable[str], fail: Callable[[str], AnnotationError]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise fail(f"expected key=value, got {pair!r}")
        if key not in _KEY_VALUES:
            raise fail(f"unknown key {key!r} (allowed: {', '.join(_KEY_VALUES)})")
        if key in keys:
            raise fail(f"key {key!r} given twice")
        if not _KEY_VALUES[key].fullmatch(value):
            raise fail(f"bad value {value!r} for {key}")
        keys[key] = value
    return keys


def parse_sidecar(text: str, *, rules: Collection[str] | None = None) -> list[Expectation]:
    """Expectations kept beside the code: one `PATH:LINE: ITEM [; ITEM]...` per line.

    Blank lines and lines starting with `#` are ignored; ITEM is the inline grammar's.
    """
    allowed = known_rules() if rules is None else frozenset(rules)
    found: list[Expectation] = []
    for number, raw in _numbered(text):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        place, sep, body = entry.partition(": ")
        path, _, line = place.rpartition(":")
        if not sep or not path or not line.isdigit():
            raise AnnotationError(SIDECAR, number, f"want PATH:LINE: ITEM, got {entry!r}")
        for item in body.split(";"):
            found.append(_parse_item(item, path, int(line), None, allowed))
    return found


# --- collecting a project ------------------------------------------------------------------

SCANNED_SUFFIXES = frozenset({".py", ".pyi", ".ipynb"})


@dataclass
class ProjectAnnotations:
    """Every expectation of one project, and the source lines to show in failure reports."""

    root: Path
    expectations: list[Expectation] = field(default_factory=list)
    sources: dict[SourceKey, list[str]] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)

    def source_line(self, path: str, cell: int | None, line: int) -> str:
        lines = self.sources.get((path, cell), [])
        return lines[line - 1].strip() if 0 < line <= len(lines) else "<no such line>"


SIDECAR = "expected-findings.txt"


def collect_expectations(root: Path) -> ProjectAnnotations:
    """Parse every Python file and notebook under `root` (paths relative to it).

    Files that cannot be decoded or are not valid notebooks carry no expectations; they
    are listed in `unreadable` (the broken-input fixtures are such files). A project whose
    code is shown to users (the README's demo) keeps its annotations out of the code, in
    a sidecar file `expected-findings.txt` (see `parse_sidecar`).
    """
    project = ProjectAnnotations(root=root)
    sidecar = root / SIDECAR
    if sidecar.is_file():
        project.expectations.extend(parse_sidecar(sidecar.read_text(encoding="utf-8")))
    for file in sorted(root.rglob("*")):
        if not file.is_file() or file.suffix not in SCANNED_SUFFIXES:
            continue
        relative = file.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        _collect_file(project, file, relative)
    return project


def _collect_file(project: ProjectAnnotations, file: Path, relative: Path) -> None:
    name = relative.as_posix()
    try:
        text = file.read_bytes().decode("utf-8")
        if file.suffix == ".ipynb":
            for cell, source in enumerate(notebook_code_cells(name, text), start=1):
                project.sources[(name, cell)] = source.splitlines()
        else:
            project.sources[(name, None)] = text.splitlines()
    except (UnicodeDecodeError, UnreadableSourceError):
        project.unreadable.append(name)
        return
    project.expectations.extend(parse_expectations(relative, text))


# --- comparing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NearMiss:
    """An unmatched finding on the line of a missing expectation, with the same rule."""

    expectation: Expectation
    finding: Finding


@dataclass(frozen=True)
class Comparison:
    """Expected items without a finding, and findings without an expected item."""

    missing: tuple[Expectation, ...]
    unexpected: tuple[Finding, ...]
    near_misses: tuple[NearMiss, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.missing and not self.unexpected


def compare(expectations: Sequence[Expectation], findings: Sequence[Finding]) -> Comparison:
    """Pair expectations with findings one to one, line by line (maximum bipartite matching)."""
    by_place: dict[Place, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_place[finding_key(finding)].append(finding)
    expected_by_place: dict[Place, list[Expectation]] = defaultdict(list)
    for expectation in expectations:
        expected_by_place[expectation.key].append(expectation)

    missing: list[Expectation] = []
    unexpected: list[Finding] = []
    near: list[NearMiss] = []
    for place in sorted(set(by_place) | set(expected_by_place), key=_place_order):
        wanted, found = expected_by_place.get(place, []), by_place.get(place, [])
        pairs = _match(wanted, found)
        left = [e for i, e in enumerate(wanted) if i not in pairs]
        used = set(pairs.values())
        extra = [f for j, f in enumerate(found) if j not in used]
        missing.extend(left)
        unexpected.extend(extra)
        near.extend(
            NearMiss(e, f) for e in left for f in extra if (f.rule, f.sdk) == (e.rule, e.sdk)
        )
    return Comparison(tuple(missing), tuple(unexpected), tuple(near))


def _place_order(place: Place) -> tuple[str, int, int]:
    path, cell, line = place
    return (path, cell or 0, line)


def _match(wanted: Sequence[Expectation], found: Sequence[Finding]) -> dict[int, int]:
    """Kuhn's augmenting paths: expectation index -> finding index."""
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j, finding in enumerate(found):
            if j in seen or not wanted[i].matches(finding):
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(wanted)):
        assign(i, set())
    return {i: j for j, i in owner.items()}


def format_comparison(name: str, comparison: Comparison, project: ProjectAnnotations) -> str:
    """A readable diff: what was expected and not found, and what was found unannounced."""
    out = [
        f"{name}: {len(comparison.missing)} missing, {len(comparison.unexpected)} unexpected",
    ]
    if comparison.missing:
        out.append("\nmissing (expected, not found):")
        for expectation in comparison.missing:
            path, cell, line = expectation.key
            out.append(f"  {_where(path, cell, line)}  {expectation.describe()}")
            out.append(f"      | {project.source_line(path, cell, line)}")
            for miss in comparison.near_misses:
                if miss.expectation is expectation:
                    out.append(f"      near miss: found {describe_finding(miss.finding)}")
    if comparison.unexpected:
        out.append("\nunexpected (found, not expected):")
        for finding in comparison.unexpected:
            path, cell, line = finding_key(finding)
            out.append(f"  {_where(path, cell, line)}:{finding.column}  {finding.message}")
            out.append(f"      | {project.source_line(path, cell, line)}")
            out.append(f"      # expect: {describe_finding(finding)}")
    return "\n".join(out)


def _where(path: str, cell: int | None, line: int) -> str:
    return f"{path}:{line}" if cell is None else f"{path}[cell {cell}]:{line}"
