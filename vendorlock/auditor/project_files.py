"""The files of a scan, found and read: what every later step starts from.

Nothing here parses Python, so a scan answered from the report memo (a tree
that has not changed since the last scan) needs no more than this module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vendorlock.auditor import modules
from vendorlock.auditor.cache import content_digest, layout_digest
from vendorlock.auditor.discover import SourceFile, discover
from vendorlock.auditor.gc_pause import gc_paused
from vendorlock.auditor.scripts import console_scripts
from vendorlock.auditor.sources import LoadedSource, decode, read_bytes
from vendorlock.config import ScanOptions
from vendorlock.model import Diagnostic

if TYPE_CHECKING:
    from vendorlock.auditor.analyze import FileAnalysis

_WORD = re.compile(r"[^\W\d]\w*")


@dataclass
class Unit:
    """One discovered file through the scan."""

    source: LoadedSource
    module_name: str
    is_package: bool
    analysis: FileAnalysis | None = None  # set as the resolution analyses the file
    diagnostic: Diagnostic | None = None
    _digest: str | None = None
    _words: frozenset[str] | None = None

    @property
    def relpath(self) -> str:
        return self.source.file.relpath

    @property
    def digest(self) -> str:
        if self._digest is None:
            self._digest = content_digest(self.source.data)
        return self._digest

    @property
    def words(self) -> frozenset[str]:
        """The identifiers the file's text mentions (an exported name is used by name)."""
        if self._words is None:
            self._words = frozenset(_WORD.findall(self.source.text or ""))
        return self._words

    @property
    def analysable(self) -> bool:
        return self.source.text is not None and self.source.diagnostic is None


@dataclass(frozen=True)
class ProjectFiles:
    """The scan root, every discovered file read, and what discovery complained about."""

    root: Path
    units: tuple[Unit, ...]
    diagnostics: tuple[Diagnostic, ...]
    modules: frozenset[str]
    packages: frozenset[str]
    scripts: dict[str, str]  # console script name -> qualified function (pyproject.toml)

    @property
    def layout(self) -> str:
        """A digest of the module names: they decide what every import means."""
        return layout_digest(self.modules, self.packages)


def read_project(paths: Sequence[Path], options: ScanOptions) -> ProjectFiles:
    """Discover the files under `paths` and read each; raises UsageError for a missing path."""
    modules.clear_cache()
    discovery = discover(
        list(paths) or [Path()],
        excludes=options.excludes,
        respect_gitignore=options.respect_gitignore,
    )
    with gc_paused():  # thousands of kept objects: nothing for the collector to find
        units = tuple(_load(file) for file in discovery.files)
    return ProjectFiles(
        root=discovery.root,
        units=units,
        diagnostics=tuple(discovery.diagnostics),
        modules=frozenset(u.module_name for u in units if not u.source.file.is_notebook),
        packages=frozenset(u.module_name.split(".")[0] for u in units if u.is_package),
        scripts=console_scripts(discovery.root),
    )


def _load(file: SourceFile) -> Unit:
    name, is_package = modules.module_name(file.path, file.is_notebook, file.relpath)
    data = read_bytes(file)
    if isinstance(data, Diagnostic):
        source = LoadedSource(file, b"", None, None, data)
    else:
        source = decode(file, data)
    return Unit(source, name, is_package, diagnostic=source.diagnostic)
