"""The report memo: a re-scan of a tree that has not changed returns the last report as is.

The per-file cache (cache.py) already spares the parsing, but assembling a
report still means loading every cached analysis, importing libcst and
networkx, and rebuilding the exposure graph and the score: seconds on a large
package. The finished report depends only on the bytes of every discovered
file, the discovery's complaints, the console scripts, the options that shape
the report, and the code that builds it; a digest of all of those is the key.

One memo per scan root and build, holding the report of the last scan as JSON:
plain data, validated on the way in by the report's own schema, behind the
same digest header as the cache, so a damaged memo is a miss, never a lie.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from pydantic import ValidationError

from vendorlock._version import __version__
from vendorlock.auditor.cache import analysis_build, content_digest
from vendorlock.auditor.framed import read_framed, write_framed
from vendorlock.auditor.project_files import ProjectFiles
from vendorlock.config import ScanOptions
from vendorlock.model import Report

# The report is shaped by the analysis code (in analysis_build) and by its own schema.
_REPORT_SOURCES = (Path(__file__).parents[1] / "model.py",)


class ReportMemo:
    """The memo file of one scan root in `directory`."""

    def __init__(self, directory: Path, root: Path) -> None:
        key = content_digest(f"{root.resolve()}\0{_report_build()}".encode())
        self.path = directory / f"report-{key}.memo"

    def load(self, key: str) -> Report | None:
        """The report stored under `key`, or None (missing, other key, damaged)."""
        payload = read_framed(self.path)
        if payload is None:
            return None
        stored_key, _, body = payload.partition(b"\n")
        if stored_key.decode("ascii", "replace") != key:
            return None
        try:
            return Report.model_validate_json(body)
        except ValidationError:
            return None

    def store(self, key: str, report: Report) -> None:
        """Replace the memo; a memo that cannot be written is skipped, not an error."""
        write_framed(self.path, key.encode() + b"\n" + report.model_dump_json().encode())


def memo_key(files: ProjectFiles, options: ScanOptions) -> str:
    """A digest of everything the finished report depends on."""
    digest = hashlib.blake2b(digest_size=20)

    def add(*parts: str) -> None:
        for part in parts:
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")

    add(files.layout, options.min_confidence.value, *sorted(options.gateway), "\1")
    for name, target in sorted(files.scripts.items()):
        add(name, target)
    add("\1")
    for unit in sorted(files.units, key=lambda unit: unit.relpath):
        # An unreadable file has no bytes to digest: its complaint stands in for them.
        add(unit.relpath, unit.digest, unit.diagnostic.message if unit.diagnostic else "")
    add("\1")
    for diagnostic in files.diagnostics:
        add(diagnostic.model_dump_json())
    return digest.hexdigest()


@functools.cache
def _report_build() -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}\0{analysis_build()}".encode())
    for path in _REPORT_SOURCES:
        digest.update(path.read_bytes())
    return digest.hexdigest()
