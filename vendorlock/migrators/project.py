"""The files a migration reads: parsed once, with the metadata the codemods ask for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
from libcst.metadata import (
    CodeRange,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    Scope,
    ScopeProvider,
)

from vendorlock.auditor import modules
from vendorlock.migrators.sourcefile import SourceFile, read_source
from vendorlock.model import Finding, Kind, Report

VENDOR_CONFIG_RULE = "vendor-config"


@dataclass(frozen=True)
class FileView:
    """One parsed file and the metadata resolved on it."""

    path: str
    # The dotted names Python may import the file by (see `import_names`), the first one for
    # the imports a rewrite adds.
    module_names: tuple[str, ...]
    module: cst.Module
    positions: Mapping[cst.CSTNode, CodeRange]
    parents: Mapping[cst.CSTNode, cst.CSTNode]
    scopes: Mapping[cst.CSTNode, Scope | None]

    @classmethod
    def of(cls, wrapper: MetadataWrapper, path: str, module_names: tuple[str, ...]) -> FileView:
        """Resolve the metadata on `wrapper.module` (the tree every node here belongs to)."""
        return cls(
            path=path,
            module_names=module_names,
            module=wrapper.module,
            positions=wrapper.resolve(PositionProvider),
            parents=wrapper.resolve(ParentNodeProvider),
            scopes=wrapper.resolve(ScopeProvider),
        )

    @property
    def module_name(self) -> str:
        """The name an import of this module from another file uses."""
        return self.module_names[0]

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.parents.get(node)

    def line_of(self, node: cst.CSTNode) -> int:
        return self.positions[node].start.line


@dataclass
class Project:
    """The scan root, the report, and the files read so far (each parsed once)."""

    root: Path
    report: Report
    _views: dict[str, FileView | None] = field(default_factory=dict)

    def import_names(self, path: str) -> tuple[str, ...]:
        """The dotted names Python may import the file at `path` (below the root) by."""
        return import_names(self.root, path)

    def view(self, path: str) -> FileView | None:
        """The parsed file, or None when it cannot be read or parsed."""
        if path not in self._views:
            self._views[path] = self._load(path)
        return self._views[path]

    def remember(self, view: FileView) -> None:
        """Use this view of a file (the one being rewritten) for every lookup."""
        self._views[view.path] = view

    def _load(self, path: str) -> FileView | None:
        source = read_source(self.root / path)
        if not isinstance(source, SourceFile):
            return None
        try:
            module = cst.parse_module(source.text)
        except cst.ParserSyntaxError:
            return None
        return FileView.of(MetadataWrapper(module), path, self.import_names(path))

    def config_findings(self, sdk: str) -> tuple[Finding, ...]:
        """Module-level configuration of the SDK (`openai.api_key = ...`), anywhere."""
        return tuple(
            finding
            for finding in self.report.findings
            if finding.rule == VENDOR_CONFIG_RULE
            and finding.sdk == sdk
            and finding.kind is Kind.CLIENT
        )


def import_names(root: Path, relpath: str) -> tuple[str, ...]:
    """The scanner's names for the file: with only regular packages counted (`app.llm` for
    `src/app/llm.py`, as an installed package imports), then with the namespace directories
    up to the scan root (`llama_index.llms.openai` for PEP 420 packages)."""
    path = (root / relpath).resolve()
    regular, _ = modules.module_name(path)
    full, _ = modules.module_name(path, relpath=relpath)
    return tuple(dict.fromkeys((regular, full)))
