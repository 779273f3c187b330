"""Run `vendorlock migrate` (diff only) on every package of the corpus and check each diff.

Usage: python benchmarks/migrate_corpus.py [--package NAME]... [--skip NAME]... [--to TARGET]...
                                           [--reports DIR] [--cache-dir DIR] [--json OUT]
                                           [--load JSON]... [--markdown]

Per package and target (`litellm` and `any-llm` unless `--to` says otherwise), in-process and
writing nothing, exactly as the `migrate` command does it (`migrate(report, MigrateOptions)`,
from the package's root so the diff's paths are relative): the call sites, how many are
rewritten by default, how many are left as unsafe fixes and as manual work and why (the
deciding reason of each site, its variable parts such as API names blanked out), the files that
failed or were skipped; then the same with `--unsafe-fixes`. Every rewritten file is rebuilt
from its diff, compiled and parsed with libcst (`diffcheck.py`), and the whole diff goes through
`git apply --check`.

The scan comes from `--reports DIR` when `scan_corpus.py --reports DIR` saved it there
(`<name>-<version>.json`), so one scan serves both scripts; otherwise the package is scanned
(and the report saved there when `--reports` is given).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import common
from corpus import CorpusError, Package, cache_dir, ensure, load_corpus, select
from diffcheck import check_file, git_apply_check

from vendorlock import Kind, Report, ScanOptions, scan
from vendorlock.migrators import MigrateOptions, MigrationResult, migrate, render_diff
from vendorlock.migrators.apply import Failure, Skip, Success
from vendorlock.migrators.codemod import SiteOutcome
from vendorlock.migrators.ir import Safety

TARGETS = ("litellm", "any-llm")


@dataclass
class Run:
    """One `migrate` of one package onto one target, with or without `--unsafe-fixes`."""

    sites: int  # call findings with an API: what `migrate` looks at
    rewritten: int
    unsafe: int  # left as unsafe fixes (not applied without --unsafe-fixes)
    manual: int
    in_failed_files: int  # sites in files that failed or were skipped
    files_changed: int
    files_failed: dict[str, str]  # path -> reason
    files_skipped: dict[str, str]
    checked: int  # rewritten files rebuilt from their diff
    compile_failures: dict[str, str]  # path -> problem
    git_apply: str | None  # None: the whole diff applies
    manual_reasons: dict[str, int]  # deciding reason, variable parts blanked -> sites
    unsafe_reasons: dict[str, int]
    manual_apis: dict[str, int]
    manual_raw: dict[str, int]  # the deciding reasons as `migrate` words them
    rewritten_where: dict[str, int]  # first two path components -> rewritten sites
    seconds: float


@dataclass
class PackageMigration:
    """Every run of one package."""

    package: str
    version: str
    role: str
    runs: dict[str, Run] = field(default_factory=dict)  # "litellm", "litellm+unsafe", ...


def reason_class(reason: str) -> str:
    """A reason with its variable parts (names in backticks, places) blanked out."""
    text = re.sub(r"`[^`]*`", "`…`", reason)
    text = re.sub(r"\S+\.pyi?:\d+", "FILE:LINE", text)
    text = re.sub(r"\bline \d+\b", "line N", text)
    return re.sub(r"`…` \([^)]*\) has no neutral equivalent", "`…` has no neutral equivalent", text)


def _deciding(outcome: SiteOutcome) -> str:
    """The first reason at the site's own safety: the one `migrate`'s summary leads with."""
    reasons = [issue.reason for issue in outcome.issues if issue.safety is outcome.safety]
    return reasons[0] if reasons else "(no reason given)"


@contextmanager
def _cwd(path: Path) -> Iterator[None]:
    """Run in `path`: `migrate` shows paths relative to the working directory."""
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def run_migrate(report: Report, root: Path, target: str, unsafe_fixes: bool) -> Run:
    """`vendorlock migrate ROOT --to TARGET` without `--apply`, measured and checked."""
    clock = time.perf_counter()
    with _cwd(root):
        result = migrate(report, MigrateOptions(target, write=False, unsafe_fixes=unsafe_fixes))
    seconds = time.perf_counter() - clock
    return _tally(report, root, result, seconds)


def _tally(report: Report, root: Path, result: MigrationResult, seconds: float) -> Run:
    outcomes = [o for item in result.files if isinstance(item, Success) for o in item.outcomes]
    left = [o for o in outcomes if not o.applied]
    manual = [o for o in left if o.safety is Safety.MANUAL]
    unsafe = [o for o in left if o.safety is Safety.UNSAFE]
    failed = {i.path: i.reason for i in result.files if isinstance(i, Failure)}
    skipped = {i.path: i.reason for i in result.files if isinstance(i, Skip)}
    sites = [f for f in report.findings if f.kind is Kind.CALL and f.api is not None]
    changed = [i for i in result.files if isinstance(i, Success) and i.diff]
    checks = [check_file(root, item.path, item.diff) for item in changed]
    return Run(
        sites=len(sites),
        rewritten=sum(o.applied for o in outcomes),
        unsafe=len(unsafe),
        manual=len(manual),
        in_failed_files=sum(f.path in failed or f.path in skipped for f in sites),
        files_changed=len(changed),
        files_failed=failed,
        files_skipped=skipped,
        checked=len(checks),
        compile_failures={c.path: c.problem for c in checks if not c.ok},
        git_apply=git_apply_check(root, render_diff(result)),
        manual_reasons=_counts(reason_class(_deciding(o)) for o in manual),
        unsafe_reasons=_counts(reason_class(_deciding(o)) for o in unsafe),
        manual_apis=_counts(o.finding.api or "" for o in manual),
        manual_raw=_counts(_deciding(o) for o in manual),
        rewritten_where=_counts(
            "/".join(o.finding.path.split("/")[:2]) for o in outcomes if o.applied
        ),
        seconds=round(seconds, 2),
    )


def _counts(values: Iterator[str] | Sequence[str]) -> dict[str, int]:
    counter = Counter(values)
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def report_of(package: Package, tree: Path, reports: Path | None, options: ScanOptions) -> Report:
    """The saved scan of `package` when there is one, else a new scan (saved when asked)."""
    saved = reports / f"{package.dirname}.json" if reports else None
    if saved is not None and saved.is_file():
        report = Report.model_validate_json(saved.read_text(encoding="utf-8"))
        if Path(report.root) == tree:
            return report
    report = scan([tree], options)
    if saved is not None:
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(report.model_dump_json(indent=1), encoding="utf-8")
    return report


def migrate_package(
    package: Package, tree: Path, report: Report, targets: Sequence[str]
) -> PackageMigration:
    """Every target, without and with `--unsafe-fixes`."""
    result = PackageMigration(package.name, package.version, package.role)
    for target in targets:
        result.runs[target] = run_migrate(report, tree, target, unsafe_fixes=False)
        result.runs[f"{target}+unsafe"] = run_migrate(report, tree, target, unsafe_fixes=True)
    return result


# -- tables --------------------------------------------------------------------------------

HEADER = [
    "package", "target", "call sites", "rewritten", "files changed", "unsafe (not applied)",
    "manual", "in failed/skipped files", "compile ok", "git apply",
    "rewritten with --unsafe-fixes", "compile ok (unsafe)",
]  # fmt: skip


def table(results: Sequence[PackageMigration], target: str) -> tuple[list[str], list[list[str]]]:
    """One row per package migrated onto `target`, then the total."""
    done = [r for r in results if target in r.runs]
    rows = [_row(f"{r.package} {r.version}", target, r.runs) for r in done]
    rows.append(_total_row(target, [r.runs for r in done]))
    return HEADER, rows


def _row(name: str, target: str, runs: dict[str, Run]) -> list[str]:
    safe, unsafe = runs[target], runs[f"{target}+unsafe"]
    return [
        name, target, str(safe.sites), str(safe.rewritten), str(safe.files_changed),
        str(safe.unsafe), str(safe.manual), str(safe.in_failed_files),
        _ok(safe), _applies(safe),
        str(unsafe.rewritten), _ok(unsafe),
    ]  # fmt: skip


def _applies(run: Run) -> str:
    if not run.files_changed:
        return "—"  # no diff
    return "ok" if run.git_apply is None else "FAILS"


def _ok(run: Run) -> str:
    return f"{run.checked - len(run.compile_failures)}/{run.checked}"


def _total_row(target: str, all_runs: Sequence[dict[str, Run]]) -> list[str]:
    safe = [runs[target] for runs in all_runs]
    unsafe = [runs[f"{target}+unsafe"] for runs in all_runs]

    def total(runs: Sequence[Run], attribute: str) -> str:
        return str(sum(getattr(run, attribute) for run in runs))

    def ok(runs: Sequence[Run]) -> str:
        checked = sum(run.checked for run in runs)
        return f"{checked - sum(len(run.compile_failures) for run in runs)}/{checked}"

    failing = sum(run.git_apply is not None for run in safe)
    diffs = sum(run.files_changed > 0 for run in safe)
    applies = "—" if not diffs else ("ok" if not failing else f"{failing} fail")
    return [
        "total", target, total(safe, "sites"), total(safe, "rewritten"),
        total(safe, "files_changed"), total(safe, "unsafe"), total(safe, "manual"),
        total(safe, "in_failed_files"), ok(safe), applies,
        total(unsafe, "rewritten"), ok(unsafe),
    ]  # fmt: skip


def reasons_table(
    results: Sequence[PackageMigration], target: str, kind: str
) -> tuple[list[str], list[list[str]]]:
    """Sites left `kind` (manual or unsafe) on `target`, by deciding reason, over the corpus."""
    counter: Counter[str] = Counter()
    for r in results:
        if target in r.runs:
            counter.update(getattr(r.runs[target], f"{kind}_reasons"))
    rows = [[reason.replace("|", "\\|"), str(n)] for reason, n in counter.most_common()]
    rows.append(["total", str(sum(counter.values()))])
    return [f"{kind} on {target}: deciding reason", "sites"], rows


# -- running and saving --------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Migrate the corpus (diff only) and check it.")
    parser.add_argument("--package", action="append", default=[], metavar="NAME")
    parser.add_argument("--skip", action="append", default=[], metavar="NAME")
    parser.add_argument("--to", action="append", default=[], choices=TARGETS, dest="targets")
    parser.add_argument("--reports", type=Path, metavar="DIR", help="saved scans (read/write)")
    parser.add_argument("--cache-dir", type=Path, metavar="DIR", help="ScanOptions.cache_dir")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the raw results")
    parser.add_argument("--load", type=Path, action="append", default=[], metavar="JSON")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    try:
        packages = select(load_corpus(), args.package)
        skipped = {p.pin for p in select(packages, args.skip)} if args.skip else set()
    except CorpusError as error:
        print(f"migrate_corpus: error: {error}", file=sys.stderr)
        return 2
    packages = tuple(p for p in packages if p.pin not in skipped)
    targets = tuple(args.targets) or TARGETS
    if args.load:
        results = _merge(packages, [load_results(path) for path in args.load])
    else:
        options = ScanOptions(cache_dir=args.cache_dir)
        results = _run_all(packages, targets, args.reports, options, args.json)
    _print(results, targets, markdown=args.markdown)
    return 0


def _run_all(
    packages: Sequence[Package],
    targets: Sequence[str],
    reports: Path | None,
    options: ScanOptions,
    json_out: Path | None,
) -> list[PackageMigration]:
    cache = cache_dir()
    results = []
    for package in packages:
        tree = ensure(package, cache)
        report = report_of(package, tree, reports, options)
        results.append(migrate_package(package, tree, report, targets))
        runs = results[-1].runs
        done = ", ".join(f"{t}: {runs[t].rewritten}/{runs[t].sites}" for t in targets)
        print(f"migrated {package.pin}: {done}", file=sys.stderr, flush=True)
        if json_out:  # after each package, so an interrupted run keeps what it measured
            _write_json(json_out, results)
    return results


def _print(results: Sequence[PackageMigration], targets: Sequence[str], *, markdown: bool) -> None:
    for target in targets:
        print(common.render(*table(results, target), markdown=markdown), end="\n\n")
    for target in targets:
        for kind in ("manual", "unsafe"):
            print(common.render(*reasons_table(results, target, kind), markdown=markdown))
            print()
    for r in results:
        for name, run in r.runs.items():
            for path, problem in {**run.compile_failures, **run.files_failed}.items():
                print(f"{r.package} {name}: {path}: {problem}")
            if run.git_apply is not None:
                print(f"{r.package} {name}: git apply --check: {run.git_apply}")


def _write_json(path: Path, results: Sequence[PackageMigration]) -> None:
    raw = {"provenance": common.provenance(), "packages": [asdict(r) for r in results]}
    path.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")


def load_results(path: Path) -> list[PackageMigration]:
    """The results of a file written by `--json`."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [_package(record) for record in raw["packages"]]


def _package(record: dict[str, Any]) -> PackageMigration:
    runs = {name: Run(**run) for name, run in record.pop("runs").items()}
    return PackageMigration(**record, runs=runs)


def _merge(
    packages: Sequence[Package], loaded: Sequence[Sequence[PackageMigration]]
) -> list[PackageMigration]:
    """Loaded results in corpus order; a package measured twice keeps its last measurement."""
    latest = {(r.package, r.version): r for results in loaded for r in results}
    return [latest[key] for p in packages if (key := (p.name, p.version)) in latest]


if __name__ == "__main__":
    sys.exit(main())
