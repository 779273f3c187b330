"""Precision and recall of vendorlock's client and call findings against a hand-labelled truth.

Usage: python benchmarks/accuracy.py [--package NAME]... [--json OUT] [--markdown]
                                     [--errors] [--check]

Exit status: 0; 1 when `--check` fails; 2 when the corpus cannot be fetched; 3 when a label file
or known.toml is malformed.

`benchmarks/ground_truth/<name>-<version>.toml` lists, for files of one corpus package, every
vendor client construction and vendor call/reference site, labelled by reading the code (the
format is in `benchmarks/ground_truth/README.md`). Each labelled package is fetched like the rest
of the corpus (`benchmarks/corpus.py`) and scanned whole, from its unpacked root, so that
cross-module resolution sees what it would see in a real project; then the findings of kind
`client` and `call` on the labelled files are compared with the labels:

- strict: a label is found when a finding sits on its (path, line) with its api (or one of the
  label's `alt` apis: both branches of `x.beta.messages if beta else x.messages` are right);
  every other finding on a labelled file is a false positive;
- loose: (path, line) only, whatever the api.

Labels marked `optional` (either answer is defensible) are neither counted as misses nor are
the findings they match counted as false positives. Every remaining false positive and false
negative is looked up in `benchmarks/ground_truth/known.toml`, which sorts them into documented
classes; `--check` exits 1 when one is not listed there (a new miss or a new false alarm) or
when a listed one no longer happens (the list must shrink when the engine improves).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import common
from corpus import CorpusError, Package, cache_dir, ensure, load_corpus, select

from vendorlock import Finding, ScanOptions, scan

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

GROUND_TRUTH = Path(__file__).with_name("ground_truth")
KNOWN_FILE = GROUND_TRUTH / "known.toml"
KINDS = frozenset({"client", "call"})

ErrorType = Literal["fp", "fn"]


class GroundTruthError(Exception):
    """A label file or the known-error list is malformed or inconsistent."""


@dataclass(frozen=True)
class Site:
    """One labelled vendor site."""

    path: str
    line: int
    kind: str
    api: str
    alt: tuple[str, ...] = ()
    optional: bool = False
    note: str = ""

    @property
    def apis(self) -> frozenset[str]:
        return frozenset((self.api, *self.alt))


@dataclass(frozen=True)
class Truth:
    """The labels of one package: its labelled files (some with no site) and their sites."""

    name: str
    version: str
    files: tuple[str, ...]
    sites: tuple[Site, ...]

    @property
    def dirname(self) -> str:
        return f"{self.name}-{self.version}"


@dataclass(frozen=True)
class Observed:
    """A finding of kind client or call on a labelled file (duplicates merged)."""

    path: str
    line: int
    kind: str
    api: str
    rule: str
    confidence: str
    code: str


@dataclass
class ErrorItem:
    """One false positive or false negative, and the known class it belongs to (if any)."""

    type: ErrorType
    path: str
    line: int
    api: str
    detail: str
    known_class: str | None = None

    def key(self, package: str) -> str:
        return error_key(package, self.path, self.line, self.api)


@dataclass
class Counts:
    """True positives, false positives and false negatives, and the ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
        }


@dataclass
class PackageAccuracy:
    """The comparison for one package."""

    package: str
    files: int
    labels: int
    optional: int
    findings: int
    strict: Counts
    loose: Counts
    errors: list[ErrorItem] = field(default_factory=list)
    scan_s: float = 0.0


# --- loading -------------------------------------------------------------------------------


def load_truths(directory: Path = GROUND_TRUTH) -> list[Truth]:
    """Every label file of `directory`, in name order (`known.toml` excluded)."""
    paths = sorted(directory.glob("*.toml"))
    return [load_truth(path) for path in paths if path.name != KNOWN_FILE.name]


def load_truth(path: Path) -> Truth:
    """One label file, validated: unique files, positive lines, `<sdk>:<name>` apis."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    try:
        name, version = str(data["package"]), str(data["version"])
        files: list[str] = []
        sites: list[Site] = []
        for entry in data["files"]:
            file = str(entry["path"])
            if file in files:
                raise GroundTruthError(f"{path.name}: {file} is listed twice")
            files.append(file)
            sites.extend(_site(path.name, file, raw) for raw in entry["sites"])
    except KeyError as missing:
        raise GroundTruthError(f"{path.name}: missing key {missing}") from None
    if path.stem != f"{name}-{version}":
        raise GroundTruthError(f"{path.name}: should be named {name}-{version}.toml")
    return Truth(name, version, tuple(files), tuple(sites))


def _site(source: str, file: str, raw: Mapping[str, Any]) -> Site:
    site = Site(
        path=file,
        line=int(raw["line"]),
        kind=str(raw["kind"]),
        api=str(raw["api"]),
        alt=tuple(str(api) for api in raw.get("alt", ())),
        optional=bool(raw.get("optional", False)),
        note=str(raw.get("note", "")),
    )
    where = f"{source}: {file}:{site.line}"
    if site.line < 1 or site.kind not in KINDS:
        raise GroundTruthError(f"{where}: line must be >= 1 and kind one of {sorted(KINDS)}")
    if any(":" not in api for api in site.apis):
        raise GroundTruthError(f"{where}: api must read '<sdk>:<name>'")
    return site


@dataclass(frozen=True)
class KnownClass:
    """A documented class of scanner errors: its false positives and false negatives."""

    id: str
    title: str
    diagnosis: str
    fp: tuple[str, ...]
    fn: tuple[str, ...]

    def entries(self) -> Iterable[tuple[ErrorType, str]]:
        yield from (("fp", key) for key in self.fp)
        yield from (("fn", key) for key in self.fn)


def load_known(path: Path = KNOWN_FILE) -> list[KnownClass]:
    """The documented error classes; an error may belong to one class only."""
    if not path.is_file():
        return []
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    classes = []
    seen: dict[tuple[ErrorType, str], str] = {}
    for raw in data.get("class", []):
        try:
            known = KnownClass(
                id=str(raw["id"]),
                title=str(raw["title"]),
                diagnosis=str(raw["diagnosis"]),
                fp=tuple(str(key) for key in raw.get("fp", ())),
                fn=tuple(str(key) for key in raw.get("fn", ())),
            )
        except KeyError as missing:
            raise GroundTruthError(f"{path.name}: a class lacks {missing}") from None
        for entry in known.entries():
            if entry in seen:
                raise GroundTruthError(
                    f"{path.name}: {entry[0]} {entry[1]} is in {seen[entry]} and {known.id}"
                )
            seen[entry] = known.id
        classes.append(known)
    return classes


def error_key(package: str, path: str, line: int, api: str) -> str:
    """How known.toml names one error: `<name>-<version> <path>:<line> <api>`."""
    return f"{package} {path}:{line} {api}"


# --- comparing -----------------------------------------------------------------------------


def observed(findings: Iterable[Finding], files: Iterable[str]) -> list[Observed]:
    """Findings of kind client/call on `files`, not suppressed, one per (path, line, api)."""
    wanted = set(files)
    merged: dict[tuple[str, int, str], Observed] = {}
    for finding in findings:
        kind = finding.kind.value
        if kind not in KINDS or finding.path not in wanted or finding.suppressed:
            continue
        api = finding.api or f"{finding.sdk}:?"
        merged.setdefault(
            (finding.path, finding.line, api),
            Observed(
                finding.path,
                finding.line,
                kind,
                api,
                finding.rule,
                finding.confidence.value,
                finding.code,
            ),
        )
    return sorted(merged.values(), key=lambda o: (o.path, o.line, o.api))


def compare(truth: Truth, found: Sequence[Observed]) -> tuple[Counts, Counts, list[ErrorItem]]:
    """Strict and loose counts, and the strict errors (false positives, then misses)."""
    by_line: dict[tuple[str, int], list[Observed]] = defaultdict(list)
    for item in found:
        by_line[item.path, item.line].append(item)
    labelled_lines = {(site.path, site.line) for site in truth.sites}

    strict, loose = Counts(), Counts()
    consumed: set[Observed] = set()
    misses: list[ErrorItem] = []
    for site in truth.sites:
        on_line = by_line.get((site.path, site.line), [])
        matches = [item for item in on_line if item.api in site.apis]
        consumed.update(matches)
        if site.optional:
            continue
        if matches:
            strict.tp += 1
        else:
            strict.fn += 1
            others = ", ".join(f"{item.api} ({item.rule})" for item in on_line)
            detail = site.note + (f"; on this line: {others}" if others else "")
            misses.append(ErrorItem("fn", site.path, site.line, site.api, detail.strip("; ")))
        if on_line:
            loose.tp += 1
        else:
            loose.fn += 1

    false_alarms = [
        ErrorItem(
            "fp",
            item.path,
            item.line,
            item.api,
            f"{item.rule}, {item.confidence}: {item.code}",
        )
        for item in found
        if item not in consumed
    ]
    strict.fp = len(false_alarms)
    loose.fp = sum(1 for item in found if (item.path, item.line) not in labelled_lines)
    return strict, loose, false_alarms + misses


def classify(package: str, errors: Iterable[ErrorItem], known: Sequence[KnownClass]) -> None:
    """Set each error's known class from the documented list."""
    index = {(key, kind): k.id for k in known for kind, key in k.entries()}
    for error in errors:
        error.known_class = index.get((error.key(package), error.type))


def stale_known(
    results: Sequence[PackageAccuracy], known: Sequence[KnownClass]
) -> list[tuple[str, str]]:
    """Known errors of the measured packages that no longer happen: (class, key)."""
    measured = {r.package for r in results}
    happening = {(e.key(r.package), e.type) for r in results for e in r.errors}
    return [
        (k.id, f"{kind.upper()} {key}")
        for k in known
        for kind, key in k.entries()
        if key.split(" ", 1)[0] in measured and (key, kind) not in happening
    ]


# --- running -------------------------------------------------------------------------------


def measure(truth: Truth, tree: Path, known: Sequence[KnownClass]) -> PackageAccuracy:
    """Scan the unpacked package and compare its findings with the labels."""
    missing = [file for file in truth.files if not (tree / file).is_file()]
    if missing:
        raise GroundTruthError(f"{truth.dirname}: labelled files not in the wheel: {missing}")
    started = time.perf_counter()
    report = scan([tree], ScanOptions())
    elapsed = time.perf_counter() - started
    found = observed(report.findings, truth.files)
    strict, loose, errors = compare(truth, found)
    classify(truth.dirname, errors, known)
    return PackageAccuracy(
        package=truth.dirname,
        files=len(truth.files),
        labels=sum(1 for site in truth.sites if not site.optional),
        optional=sum(1 for site in truth.sites if site.optional),
        findings=len(found),
        strict=strict,
        loose=loose,
        errors=errors,
        scan_s=round(elapsed, 2),
    )


def run(
    names: Sequence[str], *, progress: bool = True
) -> tuple[list[PackageAccuracy], list[KnownClass]]:
    """Fetch, scan and compare the labelled packages (all of them when `names` is empty)."""
    truths = load_truths()
    if names:
        wanted = set(names)
        truths = [t for t in truths if wanted & _aliases(t)]
        unknown = wanted - {alias for t in truths for alias in _aliases(t)}
        if unknown:
            raise GroundTruthError(f"no ground truth for: {', '.join(sorted(unknown))}")
    packages = _packages(truths)
    known = load_known()
    cache = cache_dir()
    results = []
    for truth, package in zip(truths, packages, strict=True):
        result = measure(truth, ensure(package, cache), known)
        results.append(result)
        if progress:
            print(
                f"scanned {truth.dirname}: {result.findings} client/call findings on "
                f"{result.files} labelled files in {result.scan_s:.1f}s",
                file=sys.stderr,
                flush=True,
            )
    return results, known


def _aliases(truth: Truth) -> set[str]:
    """The names `--package` accepts for a package: NAME, NAME==VERSION, NAME-VERSION."""
    return {truth.name, f"{truth.name}=={truth.version}", truth.dirname}


def _packages(truths: Sequence[Truth]) -> list[Package]:
    corpus = load_corpus()
    chosen = []
    for truth in truths:
        pin = f"{truth.name}=={truth.version}"
        try:
            (package,) = select(corpus, [pin])
        except CorpusError:
            raise GroundTruthError(f"{truth.dirname} is not pinned in corpus.toml") from None
        chosen.append(package)
    return chosen


def totals(results: Iterable[PackageAccuracy]) -> tuple[Counts, Counts]:
    strict, loose = Counts(), Counts()
    for result in results:
        strict.add(result.strict)
        loose.add(result.loose)
    return strict, loose


def table(results: Sequence[PackageAccuracy]) -> tuple[list[str], list[list[str]]]:
    """Header and rows (strings), the total row last."""
    header = ["package", "files", "sites", "findings", "TP", "FP", "FN", "precision",
              "recall", "loose P", "loose R"]  # fmt: skip
    rows = [_row(r.package, r.files, r.labels, r.findings, r.strict, r.loose) for r in results]
    strict, loose = totals(results)
    rows.append(
        _row(
            "total",
            sum(r.files for r in results),
            sum(r.labels for r in results),
            sum(r.findings for r in results),
            strict,
            loose,
        )
    )
    return header, rows


def _row(
    label: str, files: int, labels: int, findings: int, strict: Counts, loose: Counts
) -> list[str]:
    return [
        label, str(files), str(labels), str(findings), str(strict.tp), str(strict.fp),
        str(strict.fn), _pct(strict.precision), _pct(strict.recall), _pct(loose.precision),
        _pct(loose.recall),
    ]  # fmt: skip


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def error_lines(results: Sequence[PackageAccuracy]) -> list[str]:
    """Every false positive and false negative, one line each, with its known class."""
    lines = []
    for result in results:
        for error in result.errors:
            known = error.known_class or "NOT IN known.toml"
            lines.append(
                f"{error.type.upper()} {error.key(result.package)}  [{known}]  {error.detail}"
            )
    return lines


def problems(results: Sequence[PackageAccuracy], known: Sequence[KnownClass]) -> list[str]:
    """What `--check` fails on: unlisted errors and listed errors that no longer happen."""
    found = [
        f"new {error.type.upper()}: {error.key(result.package)} ({error.detail})"
        for result in results
        for error in result.errors
        if error.known_class is None
    ]
    gone = [
        f"fixed, remove from known.toml ({cls}): {key}" for cls, key in stale_known(results, known)
    ]
    return found + gone


def to_json(results: Sequence[PackageAccuracy], known: Sequence[KnownClass]) -> dict[str, Any]:
    strict, loose = totals(results)
    return {
        "provenance": common.provenance(),
        "total": {"strict": strict.as_dict(), "loose": loose.as_dict()},
        "packages": [
            {
                "package": r.package,
                "files": r.files,
                "labels": r.labels,
                "optional": r.optional,
                "findings": r.findings,
                "scan_s": r.scan_s,
                "strict": r.strict.as_dict(),
                "loose": r.loose.as_dict(),
                "errors": [{**asdict(e), "key": e.key(r.package)} for e in r.errors],
            }
            for r in results
        ],
        "classes": [
            {
                "id": k.id,
                "title": k.title,
                "diagnosis": k.diagnosis,
                "fp": len(k.fp),
                "fn": len(k.fn),
            }
            for k in known
        ],
        "problems": problems(results, known),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--package", action="append", default=[], metavar="NAME")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the numbers and errors")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--errors", action="store_true", help="list every FP and FN")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 on an FP/FN not in known.toml, or on a known one that no longer happens",
    )
    args = parser.parse_args(argv)
    try:
        results, known = run(args.package)
    except CorpusError as error:  # the wheels could not be fetched (no network?)
        print(f"accuracy: corpus error: {error}", file=sys.stderr)
        return 2
    except GroundTruthError as error:
        print(f"accuracy: ground truth error: {error}", file=sys.stderr)
        return 3
    header, rows = table(results)
    print(common.render(header, rows, markdown=args.markdown))
    if args.errors:
        print()
        print("\n".join(error_lines(results)) or "no errors")
    if args.json:
        args.json.write_text(json.dumps(to_json(results, known), indent=2) + "\n", encoding="utf-8")
    found = problems(results, known)
    if args.check and found:
        print("\n".join(["", "accuracy: check failed:", *found]), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
