"""Per-file analysis: a pure function of the file's text and the project's exports.

That shape is what lets results be cached by content hash and run in a
process pool: nothing here reads global state or other files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

import libcst as cst
from libcst.metadata import CodeRange

from vendorlock.auditor.binder import bind_module
from vendorlock.auditor.catalogue import Catalogue
from vendorlock.auditor.detect import detect
from vendorlock.auditor.evaluate import Evaluator, ProjectView
from vendorlock.auditor.exports import compute_exports
from vendorlock.auditor.literals import literal_matcher
from vendorlock.auditor.messages import Draft
from vendorlock.auditor.positions import positions_of
from vendorlock.auditor.scopes import ModuleTable, dotted_name
from vendorlock.auditor.sources import LineMap
from vendorlock.auditor.structure import ModuleStructure, StructureCollector
from vendorlock.auditor.suppress import Suppressions
from vendorlock.auditor.values import ModuleExports, Origin
from vendorlock.model import Finding, Location

_T = TypeVar("_T")
_WHITESPACE = re.compile(r"\s+")
_LAYOUT = frozenset(
    {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENDMARKER,
    }
)


@dataclass(frozen=True)
class ParsedModule:
    """A parsed file and its binding table, reused across resolution rounds."""

    relpath: str
    module_name: str
    is_package: bool
    text: str
    tree: cst.Module
    table: ModuleTable
    line_map: LineMap | None = None


@dataclass(frozen=True)
class FileAnalysis:
    findings: tuple[Finding, ...]
    exports: ModuleExports
    imports: frozenset[str]  # project modules this file imports
    structure: ModuleStructure
    # Other project modules whose exports the analysis consulted (imported or reached
    # through a value): the result holds while their exports stay the same.
    reads: frozenset[str] = frozenset()

    @property
    def depends_on(self) -> frozenset[str]:
        return self.imports | self.reads


def parse(
    text: str, relpath: str, module_name: str, is_package: bool, line_map: LineMap | None = None
) -> ParsedModule:
    """Parse and bind; raises libcst.ParserSyntaxError for code that does not parse."""
    tree = cst.parse_module(text)
    table = bind_module(tree, module_name, is_package)
    return ParsedModule(relpath, module_name, is_package, text, tree, table, line_map)


class _Positions:
    """Positions of the nodes that need one: finding sites and client constructors.

    Finding them takes a code-generation pass over the module, so they are all
    found in one pass at the end. Until then a client's origin is a placeholder
    unique to its node (the node's walk order as a negative line), which compares
    and hashes like the real one would; `resolve` swaps the real ones in.
    """

    def __init__(self, parsed: ParsedModule) -> None:
        self.parsed = parsed
        self._pending: dict[Origin, cst.CSTNode] = {}

    def origin(self, node: cst.CSTNode) -> Origin:
        order = self.parsed.table.order_of.get(node)
        if order is None:  # not a walked node: locate it now
            return self._origin_at(positions_of(self.parsed.tree, [node])[node])
        placeholder = Origin(self.parsed.relpath, -order, 0)
        self._pending[placeholder] = node
        return placeholder

    def _origin_at(self, where: CodeRange) -> Origin:
        cell, line = None, where.start.line
        if self.parsed.line_map is not None:
            cell, line = self.parsed.line_map(where.start.line)
        return Origin(self.parsed.relpath, line, where.start.column + 1, cell)

    def resolve(
        self, drafts: list[Draft]
    ) -> tuple[Mapping[cst.CSTNode, CodeRange], dict[Origin, Origin]]:
        """The drafts' ranges and the real origin of each placeholder, in one pass."""
        targets = {draft.node for draft in drafts} | set(self._pending.values())
        ranges = positions_of(self.parsed.tree, targets)
        origins = {
            placeholder: self._origin_at(ranges[node])
            for placeholder, node in self._pending.items()
        }
        return ranges, origins


def _with_origins(value: _T, origins: Mapping[Origin, Origin]) -> _T:
    """`value` with every placeholder origin inside it replaced by the real one."""
    if not origins:
        return value
    if isinstance(value, Origin):
        return origins.get(value, value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {key: _with_origins(item, origins) for key, item in value.items()}  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_with_origins(item, origins) for item in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            current = getattr(value, field.name)
            updated = _with_origins(current, origins)
            if updated is not current:
                changes[field.name] = updated
        return dataclasses.replace(value, **changes) if changes else value
    return value


def analyze(parsed: ParsedModule, catalogue: Catalogue, project: ProjectView) -> FileAnalysis:
    positions = _Positions(parsed)
    evaluator = Evaluator(catalogue, parsed.table, parsed.module_name, project, positions.origin)
    collector = StructureCollector(parsed.module_name, parsed.relpath)
    drafts = detect(catalogue, parsed.table, evaluator, parsed.tree, collector)
    exports = compute_exports(evaluator)
    ranges, origins = positions.resolve(drafts)
    drafts = [
        dataclasses.replace(
            draft, client_origin=origins.get(draft.client_origin, draft.client_origin)
        )
        if draft.client_origin is not None
        else draft
        for draft in drafts
    ]
    findings = _complete(parsed, drafts, ranges, catalogue) if drafts else ()
    imports = project_imports(parsed, project)
    return FileAnalysis(
        findings=findings,
        exports=_with_origins(exports, origins),
        imports=imports,
        structure=collector.freeze(imports),
        reads=frozenset(evaluator.reads),
    )


def project_imports(parsed: ParsedModule, project: ProjectView) -> frozenset[str]:
    found: set[str] = set()
    for node, _scope in parsed.table.imports:
        if isinstance(node, cst.Import):
            candidates = [dotted_name(alias.name) or "" for alias in node.names]
        else:
            base = _absolute(parsed, node)
            names = [] if isinstance(node.names, cst.ImportStar) else node.names
            candidates = [base] + [f"{base}.{dotted_name(a.name)}" for a in names]
        for candidate in candidates:
            module = project.module_of(candidate) if candidate else None
            if module is not None and module != parsed.module_name:
                found.add(module)
    return frozenset(found)


def _absolute(parsed: ParsedModule, node: cst.ImportFrom) -> str:
    from vendorlock.auditor.scopes import resolve_relative

    target = dotted_name(node.module) if node.module is not None else None
    if not node.relative:
        return target or ""
    return resolve_relative(parsed.module_name, parsed.is_package, len(node.relative), target)


def _complete(
    parsed: ParsedModule,
    drafts: list[Draft],
    positions: Mapping[cst.CSTNode, CodeRange],
    catalogue: Catalogue,
) -> tuple[Finding, ...]:
    lines = parsed.text.splitlines()
    secrets = literal_matcher(catalogue)
    suppressions = Suppressions(lines)
    ordered = sorted(
        drafts,
        key=lambda d: (positions[d.node].start.line, positions[d.node].start.column, d.rule),
    )
    seen: dict[tuple[str, str], int] = {}
    findings = []
    for draft in ordered:
        where = positions[draft.node]
        normalized = secrets.redact_all(_normalized(parsed.tree.code_for_node(draft.node)))
        occurrence = seen.get((draft.rule, normalized), 0)
        seen[(draft.rule, normalized)] = occurrence + 1
        line = lines[where.start.line - 1].strip() if where.start.line <= len(lines) else ""
        finding = _finding(parsed, draft, where, secrets.redact_all(line), normalized, occurrence)
        if suppressions.silences(draft.rule, where.start.line):
            finding = finding.model_copy(update={"suppressed": True})
        findings.append(finding)
    return tuple(findings)


def _normalized(code: str) -> str:
    """The code's tokens without comments or layout, so reformatting keeps fingerprints."""
    try:
        tokens = [
            token.string
            for token in tokenize.generate_tokens(io.StringIO(code).readline)
            if token.type not in _LAYOUT
        ]
    except (tokenize.TokenError, SyntaxError):
        return _WHITESPACE.sub(" ", code).strip()
    return " ".join(tokens)


def _finding(
    parsed: ParsedModule,
    draft: Draft,
    where: CodeRange,
    code: str,
    normalized: str,
    occurrence: int,
) -> Finding:
    cell, line = (None, where.start.line)
    end_line = where.end.line
    if parsed.line_map is not None:
        cell, line = parsed.line_map(where.start.line)
        end_line = line + (where.end.line - where.start.line)
    digest = hashlib.sha256(
        f"{draft.rule}\0{parsed.relpath}\0{normalized}\0{occurrence}".encode()
    ).hexdigest()
    return Finding(
        rule=draft.rule,
        kind=draft.kind,
        sdk=draft.sdk,
        provider=draft.provider,
        api=draft.api,
        path=parsed.relpath,
        line=line,
        column=where.start.column + 1,
        end_line=end_line,
        end_column=where.end.column + 1,
        cell=cell,
        features=draft.features,
        portability=draft.portability,
        confidence=draft.confidence,
        severity=draft.severity,
        message=draft.message,
        code=code,
        fingerprint=digest[:24],
        symbol=draft.symbol,
        client_origin=_location(draft.client_origin),
    )


def _location(origin: Origin | None) -> Location | None:
    if origin is None:
        return None
    return Location(path=origin.path, line=origin.line, column=origin.column, cell=origin.cell)
