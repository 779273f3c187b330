"""Time vendorlock against semgrep on the same files of the real-world corpus.

Usage: python benchmarks/speed.py [--package NAME]... [--runs N] [--jobs N] [--json OUT]
                                  [--markdown] [--semgrep PATH] [--load JSON]

For each package, the two tools run alternately (which one goes first alternates too), each
as a fresh process on the unpacked tree:

  vendorlock scan TREE --format json --output /dev/null            (the console script)
  semgrep scan --config benchmarks/semgrep-rules.yml --json -o TMP TREE
         --metrics=off --disable-version-check --x-ignore-semgrepignore-files
         --max-target-bytes=0 --exclude=*.pyi --jobs N

Each run is measured under `/usr/bin/time -v` (wall, user+sys CPU of the process and all its
children, the largest single process's peak RSS) while a thread polls /proc every 50 ms for the
summed PSS of the whole process tree (semgrep is a Python wrapper around `semgrep-core`;
vendorlock's `--jobs` workers are forked and share pages with their parent, which summed RSS
would count once per process).
Reported numbers are medians. vendorlock's warm run (same cache again) and its run after one
file changed are measured when `vendorlock scan --help` offers `--cache-dir`; otherwise they
are reported as "n/a (no cache yet)". `--jobs` is passed to vendorlock when it offers it.

semgrep lives in its own virtualenv under the corpus cache (`CACHE/semgrep-venv`), installed
on first use with `pip install semgrep==SEMGREP_VERSION`; it runs offline (no registry rules,
no metrics, no version check).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import common
from corpus import CorpusError, Package, cache_dir, count_lines, ensure, load_corpus, select

SEMGREP_VERSION = "1.185.0"
RULES = Path(__file__).with_name("semgrep-rules.yml")
# The console script of the interpreter running this file (the project's venv).
VENDORLOCK = Path(sys.executable).with_name("vendorlock")
TIME = Path("/usr/bin/time")
NOT_AVAILABLE = "n/a (no cache yet)"


@dataclass(frozen=True)
class Run:
    """One measured process run."""

    wall_s: float
    cpu_s: float
    max_rss_mb: float  # the largest single process (GNU time)
    tree_rss_mb: float  # the whole process tree's PSS, summed, polled
    exit_code: int


@dataclass
class ToolRuns:
    """All runs of one tool in one mode on one package."""

    runs: list[Run] = field(default_factory=list)

    def median(self, attribute: str) -> float:
        return float(statistics.median(getattr(run, attribute) for run in self.runs))


@dataclass
class PackageSpeed:
    """Every measurement on one package."""

    package: str
    version: str
    files: int
    lines: int
    vendorlock: ToolRuns = field(default_factory=ToolRuns)
    vendorlock_warm: ToolRuns = field(default_factory=ToolRuns)
    vendorlock_touched: ToolRuns = field(default_factory=ToolRuns)
    semgrep: ToolRuns = field(default_factory=ToolRuns)
    semgrep_files: int = 0
    semgrep_results: int = 0
    semgrep_errors: int = 0
    # Runs whose findings differed from the cold run's (warm, touched): must stay empty.
    mismatches: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Capabilities:
    """What this vendorlock's `scan` accepts (the cache and jobs arrive in another issue)."""

    cache_dir: bool
    jobs: bool


def capabilities() -> Capabilities:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"}
    result = subprocess.run(
        [str(VENDORLOCK), "scan", "--help"], capture_output=True, text=True, env=env, check=True
    )
    return Capabilities("--cache-dir" in result.stdout, "--jobs" in result.stdout)


def ensure_semgrep(cache: Path) -> Path:
    """The semgrep executable of the pinned version, installed into the cache on first use."""
    venv = cache / "semgrep-venv"
    semgrep = venv / "bin" / "semgrep"
    if semgrep.is_file() and _semgrep_version(semgrep) == SEMGREP_VERSION:
        return semgrep
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, f"semgrep=={SEMGREP_VERSION}"], check=True)
    return semgrep


def _semgrep_version(semgrep: Path) -> str:
    result = subprocess.run(
        [str(semgrep), "--version", "--disable-version-check"],
        capture_output=True,
        text=True,
        env=_semgrep_env(),
        check=False,
    )
    return result.stdout.strip()


def _semgrep_env() -> dict[str, str]:
    return {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}


def measure(command: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run `command` to completion under GNU time, polling the tree's RSS meanwhile."""
    with tempfile.NamedTemporaryFile(prefix="vl-time-", suffix=".txt") as report:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(TIME), "-v", "-o", report.name, *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        poller = _TreeRss(process.pid)
        poller.start()
        code = process.wait()
        wall = time.perf_counter() - started
        poller.stop()
        if code != 0:
            print(f"  warning: exit code {code}: {' '.join(command)}", file=sys.stderr)
        stats = _parse_time(Path(report.name).read_text(encoding="utf-8"))
    return Run(
        wall_s=round(wall, 3),
        cpu_s=round(stats["user"] + stats["sys"], 3),
        max_rss_mb=round(stats["rss_kb"] / 1024, 1),
        tree_rss_mb=round(poller.peak_kb / 1024, 1),
        exit_code=code,
    )


_TIME_FIELDS = {
    "User time (seconds)": "user",
    "System time (seconds)": "sys",
    "Maximum resident set size (kbytes)": "rss_kb",
}


def _parse_time(text: str) -> dict[str, float]:
    stats: dict[str, float] = {}
    for line in text.splitlines():
        label, _, value = line.strip().rpartition(": ")
        if label in _TIME_FIELDS:
            stats[_TIME_FIELDS[label]] = float(value)
    return stats


class _TreeRss(threading.Thread):
    """Polls the summed RSS of a process and all its descendants, keeping the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.05):
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in _tree(self.pid)))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    pids, stack = [], [root]
    while stack:
        pid = stack.pop()
        pids.append(pid)
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return pids


def _rss_kb(pid: int) -> int:
    """The process's proportional set size: its private memory plus its share of pages
    it shares. Worker processes forked from vendorlock share the parent's pages; summing
    their RSS would count those pages once per process."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        if match:
            return int(match.group(1))
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


def vendorlock_command(
    tree: Path, jobs: int | None, cache: Path | None, output: Path | None = None
) -> list[str]:
    target = str(output) if output is not None else os.devnull
    command = [str(VENDORLOCK), "scan", str(tree), "--format", "json", "--output", target]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    if cache is not None:
        command += ["--cache-dir", str(cache)]
    return command


def semgrep_command(semgrep: Path, tree: Path, jobs: int, output: Path) -> list[str]:
    return [
        str(semgrep), "scan", "--config", str(RULES), "--json", "--output", str(output),
        "--metrics=off", "--disable-version-check", "--x-ignore-semgrepignore-files",
        "--max-target-bytes=0", "--exclude=*.pyi", "--jobs", str(jobs), "--quiet", str(tree),
    ]  # fmt: skip


def bench_package(
    package: Package, tree: Path, semgrep: Path, caps: Capabilities, runs: int, jobs: int
) -> PackageSpeed:
    files, lines = count_lines(tree)
    result = PackageSpeed(package.name, package.version, files, lines)
    for n in range(runs):
        steps = [_vendorlock_step, _semgrep_step]
        for step in steps if n % 2 == 0 else reversed(steps):
            step(result, tree, semgrep, caps, jobs)
        print(f"  {package.pin} run {n + 1}/{runs} done", file=sys.stderr, flush=True)
    return result


def _vendorlock_step(
    result: PackageSpeed, tree: Path, semgrep: Path, caps: Capabilities, jobs: int
) -> None:
    vl_jobs = jobs if caps.jobs else None
    if not caps.cache_dir:
        result.vendorlock.runs.append(measure(vendorlock_command(tree, vl_jobs, None)))
        return
    with tempfile.TemporaryDirectory(prefix="vl-speed-") as scratch:
        copy, cache = Path(scratch) / "tree", Path(scratch) / "cache"
        shutil.copytree(tree, copy)
        outputs = {name: Path(scratch) / f"{name}.json" for name in ("cold", "warm", "touched")}
        result.vendorlock.runs.append(
            measure(vendorlock_command(copy, vl_jobs, cache, outputs["cold"]))
        )
        result.vendorlock_warm.runs.append(
            measure(vendorlock_command(copy, vl_jobs, cache, outputs["warm"]))
        )
        _touch_one(copy)
        result.vendorlock_touched.runs.append(
            measure(vendorlock_command(copy, vl_jobs, cache, outputs["touched"]))
        )
        cold = _findings(outputs["cold"])
        for name in ("warm", "touched"):
            if _findings(outputs[name]) != cold:
                result.mismatches.append(f"{name} run {len(result.vendorlock.runs)}")


def _findings(report: Path) -> object:
    """The findings of a JSON report, which must not depend on the cache."""
    return json.loads(report.read_text(encoding="utf-8"))["findings"]


# `import openai` and `from openai.types import ...` alike: semantic-kernel has only the second
# form, so matching the first alone touched nothing there and "touched" measured a warm run.
_VENDOR_IMPORT = re.compile(r"^\s*(?:import|from)\s+(?:openai|anthropic)\b", re.MULTILINE)


def _touch_one(tree: Path) -> None:
    """Edit one file that imports a vendor SDK, as a developer would between two CI runs."""
    for path in sorted(tree.rglob("*.py")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if _VENDOR_IMPORT.search(text):
            with path.open("a", encoding="utf-8") as handle:
                handle.write("\n# touched by benchmarks/speed.py\n")
            return
    raise CorpusError(f"{tree}: no file imports openai or anthropic, so none to touch")


def _semgrep_step(
    result: PackageSpeed, tree: Path, semgrep: Path, caps: Capabilities, jobs: int
) -> None:
    with tempfile.TemporaryDirectory(prefix="vl-semgrep-") as scratch:
        output = Path(scratch) / "out.json"
        result.semgrep.runs.append(
            measure(semgrep_command(semgrep, tree, jobs, output), _semgrep_env())
        )
        data = json.loads(output.read_text(encoding="utf-8"))
    result.semgrep_files = len(data["paths"]["scanned"])
    result.semgrep_results = len(data["results"])
    result.semgrep_errors = len(data["errors"])


HEADER = [
    "package", "lines", "wall vl", "wall sg", "ratio", "cpu vl", "cpu sg", "ratio",
    "rss vl MB", "rss sg MB", "lines/s vl", "lines/s sg", "warm vl", "touched vl",
]  # fmt: skip


def rows(results: Sequence[PackageSpeed]) -> list[list[str]]:
    """One row per package (medians), then the sum of the medians over all packages."""
    out = [_row(r) for r in results]
    if len(results) > 1:
        out.append(_total_row(results))
    return out


def _row(r: PackageSpeed) -> list[str]:
    vl_wall, sg_wall = r.vendorlock.median("wall_s"), r.semgrep.median("wall_s")
    vl_cpu, sg_cpu = r.vendorlock.median("cpu_s"), r.semgrep.median("cpu_s")
    return [
        f"{r.package} {r.version}", f"{r.lines:,}",
        f"{vl_wall:.1f}", f"{sg_wall:.1f}", f"{vl_wall / sg_wall:.1f}x",
        f"{vl_cpu:.1f}", f"{sg_cpu:.1f}", f"{vl_cpu / sg_cpu:.1f}x",
        f"{r.vendorlock.median('tree_rss_mb'):.0f}", f"{r.semgrep.median('tree_rss_mb'):.0f}",
        f"{r.lines / vl_wall:,.0f}", f"{r.lines / sg_wall:,.0f}",
        _optional(r.vendorlock_warm), _optional(r.vendorlock_touched),
    ]  # fmt: skip


def _optional(runs: ToolRuns) -> str:
    return f"{runs.median('wall_s'):.1f}" if runs.runs else NOT_AVAILABLE


def _total_row(results: Sequence[PackageSpeed]) -> list[str]:
    def total(attribute: str, tool: str) -> float:
        return sum(float(getattr(r, tool).median(attribute)) for r in results)

    lines = sum(r.lines for r in results)
    vl_wall, sg_wall = total("wall_s", "vendorlock"), total("wall_s", "semgrep")
    vl_cpu, sg_cpu = total("cpu_s", "vendorlock"), total("cpu_s", "semgrep")
    warm = all(r.vendorlock_warm.runs for r in results)
    return [
        "total (sum of medians)", f"{lines:,}",
        f"{vl_wall:.1f}", f"{sg_wall:.1f}", f"{vl_wall / sg_wall:.1f}x",
        f"{vl_cpu:.1f}", f"{sg_cpu:.1f}", f"{vl_cpu / sg_cpu:.1f}x",
        f"{max(r.vendorlock.median('tree_rss_mb') for r in results):.0f} (max)",
        f"{max(r.semgrep.median('tree_rss_mb') for r in results):.0f} (max)",
        f"{lines / vl_wall:,.0f}", f"{lines / sg_wall:,.0f}",
        f"{total('wall_s', 'vendorlock_warm'):.1f}" if warm else NOT_AVAILABLE,
        f"{total('wall_s', 'vendorlock_touched'):.1f}" if warm else NOT_AVAILABLE,
    ]  # fmt: skip


def load_results(path: Path) -> list[PackageSpeed]:
    """The measurements of a file written by `--json`."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [_package_speed(record) for record in raw["packages"]]


def _package_speed(record: dict[str, Any]) -> PackageSpeed:
    def runs(key: str) -> ToolRuns:
        return ToolRuns([Run(**run) for run in record[key]["runs"]])

    return PackageSpeed(
        package=record["package"],
        version=record["version"],
        files=record["files"],
        lines=record["lines"],
        vendorlock=runs("vendorlock"),
        vendorlock_warm=runs("vendorlock_warm"),
        vendorlock_touched=runs("vendorlock_touched"),
        semgrep=runs("semgrep"),
        semgrep_files=record["semgrep_files"],
        semgrep_results=record["semgrep_results"],
        semgrep_errors=record["semgrep_errors"],
        mismatches=record.get("mismatches", []),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="vendorlock vs semgrep on the corpus.")
    parser.add_argument("--package", action="append", default=[], metavar="NAME")
    parser.add_argument("--runs", type=int, default=3, help="runs per tool (default 3)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every run")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--semgrep", type=Path, help="a semgrep executable to use instead")
    parser.add_argument("--load", type=Path, metavar="JSON", help="tabulate a saved --json run")
    args = parser.parse_args(argv)
    if args.load:
        _report(load_results(args.load), args.markdown)
        return 0
    try:
        packages = select(load_corpus(), args.package)
    except CorpusError as error:
        print(f"speed: error: {error}", file=sys.stderr)
        return 2
    cache = cache_dir()
    semgrep = args.semgrep or ensure_semgrep(cache)
    caps = capabilities()
    results = [
        bench_package(p, ensure(p, cache), semgrep, caps, args.runs, args.jobs) for p in packages
    ]
    _report(results, args.markdown)
    if args.json:
        raw = {
            "provenance": common.provenance(),
            "capabilities": asdict(caps),
            "jobs": args.jobs,
            "semgrep_version": SEMGREP_VERSION,
            "packages": [asdict(r) for r in results],
        }
        args.json.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    return 0


def _report(results: Sequence[PackageSpeed], markdown: bool) -> None:
    print(common.render(HEADER, rows(results), markdown=markdown))
    for r in results:
        print(f"{r.package}: semgrep scanned {r.semgrep_files} of {r.files} files, "
              f"{r.semgrep_results} results, {r.semgrep_errors} errors")  # fmt: skip
        verdict = "; ".join(r.mismatches) if r.mismatches else "identical in every run"
        print(f"{r.package}: vendorlock findings warm and touched vs cold: {verdict}")


if __name__ == "__main__":
    sys.exit(main())
