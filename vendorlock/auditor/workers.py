"""Running per-file analyses: in this process, or in a pool of worker processes.

Both runners take the same tasks and return the same outcomes; the engine
decides what to run when and against which exports, so a scan gives the same
report with one job or many. Each process keeps the parsed trees of the files
it analysed, up to a budget, for a later round's re-analysis; past it the least
recently used are dropped (and parsed again if needed), so memory stays bounded
on a project of any size.
"""

from __future__ import annotations

import ast
import contextlib
import multiprocessing
import sys
import threading
import traceback
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Protocol

import libcst as cst

from vendorlock.auditor.analyze import FileAnalysis, ParsedModule, analyze, parse
from vendorlock.auditor.catalogue import Catalogue, default_catalogue
from vendorlock.auditor.discover import SourceFile
from vendorlock.auditor.evaluate import ProjectView
from vendorlock.auditor.sources import LoadedSource, decode
from vendorlock.auditor.values import ModuleExports
from vendorlock.model import Diagnostic, DiagnosticKind

# Below this many files a pool costs more to start than it saves.
MIN_FILES_FOR_POOL = 8
# Parsed trees kept for a later round's re-analysis, per process, counted in source
# characters: a tree and its binding table take about 60 bytes per character, so
# this holds about 60 MB and keeps peak memory bounded on a million-line project.
TREE_BUDGET_CHARS = 1_000_000


@dataclass(frozen=True)
class Task:
    """One file to analyse, with the bytes the engine read (and digested) for it."""

    file: SourceFile
    module_name: str
    is_package: bool
    data: bytes
    digest: str  # of `data`, as the engine computed it for the cache


@dataclass(frozen=True)
class Outcome:
    """What analysing a file gave: an analysis, or the diagnostic it ended in."""

    relpath: str
    analysis: FileAnalysis | None
    diagnostic: Diagnostic | None = None


class Runner(Protocol):
    def run(
        self,
        tasks: Sequence[Task],
        exports: Mapping[str, ModuleExports],
        versions: Mapping[str, int],
    ) -> list[Outcome]: ...

    def close(self) -> None: ...


class Analyser:
    """Analyses tasks against its copy of the project's exports."""

    def __init__(
        self, catalogue: Catalogue, modules: frozenset[str], packages: frozenset[str]
    ) -> None:
        self.catalogue = catalogue
        self.modules = modules
        self.packages = packages
        self.exports: Mapping[str, ModuleExports] = {}
        self._trees: OrderedDict[tuple[str, str], ParsedModule] = OrderedDict()
        self._kept_chars = 0

    def update(self, delta: Mapping[str, ModuleExports | None]) -> None:
        exports = dict(self.exports)
        for module, value in delta.items():
            if value is None:
                exports.pop(module, None)
            else:
                exports[module] = value
        self.exports = exports

    def run(self, tasks: Sequence[Task]) -> list[Outcome]:
        view = ProjectView(self.modules, self.exports, self.packages)
        return [self._one(task, view) for task in tasks]

    def _one(self, task: Task, view: ProjectView) -> Outcome:
        relpath = task.file.relpath
        key = (relpath, task.digest)
        parsed = self._trees.get(key)
        if parsed is None:
            source = decode(task.file, task.data)
            if source.text is None:
                return Outcome(relpath, None, source.diagnostic)
            try:
                parsed = parse(
                    source.text, relpath, task.module_name, task.is_package, source.line_map
                )
            except cst.ParserSyntaxError as error:
                return Outcome(relpath, None, syntax_diagnostic(source, error))
            except RecursionError:
                message = "too deeply nested for the parser"
                return Outcome(
                    relpath, None, _diagnostic(relpath, DiagnosticKind.SYNTAX_ERROR, message)
                )
            self._keep(key, parsed)
        else:
            self._trees.move_to_end(key)
        try:
            return Outcome(relpath, analyze(parsed, self.catalogue, view))
        except RecursionError:
            # One pathological file (nesting deeper than the analysis recurses) must not
            # end the scan: it becomes a diagnostic like any unreadable file.
            message = "analysis gave up: expressions nested too deeply"
            return Outcome(
                relpath, None, _diagnostic(relpath, DiagnosticKind.INTERNAL_ERROR, message)
            )

    def _keep(self, key: tuple[str, str], parsed: ParsedModule) -> None:
        """Keep the tree for a re-analysis, dropping the least recently used over budget."""
        self._trees[key] = parsed
        self._kept_chars += len(parsed.text)
        while self._kept_chars > TREE_BUDGET_CHARS and len(self._trees) > 1:
            _, dropped = self._trees.popitem(last=False)
            self._kept_chars -= len(dropped.text)


def _diagnostic(relpath: str, kind: DiagnosticKind, message: str) -> Diagnostic:
    return Diagnostic(path=relpath, kind=kind, message=message)


class InProcessRunner:
    """Runs every task here, one after another."""

    def __init__(
        self, catalogue: Catalogue, modules: frozenset[str], packages: frozenset[str]
    ) -> None:
        self.analyser = Analyser(catalogue, modules, packages)

    def run(
        self,
        tasks: Sequence[Task],
        exports: Mapping[str, ModuleExports],
        versions: Mapping[str, int],
    ) -> list[Outcome]:
        # Same process: read the engine's table directly instead of copying it.
        self.analyser.exports = exports
        return self.analyser.run(tasks)

    def close(self) -> None:
        return


class ProcessRunner:
    """Runs tasks in `jobs` worker processes, each sent only the exports that changed."""

    def __init__(self, jobs: int, modules: frozenset[str], packages: frozenset[str]) -> None:
        context: Any = multiprocessing.get_context(_start_method())
        self._connections: list[Connection] = []
        self._processes: list[multiprocessing.process.BaseProcess] = []
        self._sent: list[dict[str, int]] = []  # per worker: module -> version it has
        self._home: dict[str, int] = {}  # file -> the worker that parsed it (and may keep it)
        for _ in range(jobs):
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, modules, packages), daemon=True)
            process.start()
            theirs.close()
            self._connections.append(ours)
            self._processes.append(process)
            self._sent.append({})

    def run(
        self,
        tasks: Sequence[Task],
        exports: Mapping[str, ModuleExports],
        versions: Mapping[str, int],
    ) -> list[Outcome]:
        try:
            return self._run(tasks, exports, versions)
        except (EOFError, OSError):
            # A worker that died (killed, out of memory) shows as a closed pipe; its
            # BrokenPipeError must not pass for `vendorlock scan | head` closing stdout.
            raise RuntimeError(
                "a scan worker process ended unexpectedly (out of memory?); try fewer --jobs"
            ) from None

    def _run(
        self,
        tasks: Sequence[Task],
        exports: Mapping[str, ModuleExports],
        versions: Mapping[str, int],
    ) -> list[Outcome]:
        shares = _balanced(tasks, len(self._connections), self._home)
        busy = []
        for worker, share in enumerate(shares):
            if not share:
                continue
            delta = self._delta(worker, exports, versions)
            self._connections[worker].send(("run", delta, share))
            busy.append(worker)
        outcomes: dict[str, Outcome] = {}
        for worker in busy:
            kind, payload = self._connections[worker].recv()
            if kind == "error":
                raise RuntimeError(f"a scan worker failed:\n{payload}")
            outcomes.update((outcome.relpath, outcome) for outcome in payload)
        return [outcomes[task.file.relpath] for task in tasks]

    def _delta(
        self, worker: int, exports: Mapping[str, ModuleExports], versions: Mapping[str, int]
    ) -> dict[str, ModuleExports | None]:
        sent = self._sent[worker]
        delta: dict[str, ModuleExports | None] = {}
        for module in exports.keys() | sent.keys():
            version = versions.get(module, 0) if module in exports else -1
            if sent.get(module) != version:
                delta[module] = exports.get(module)
                sent[module] = version
        return delta

    def close(self) -> None:
        for connection in self._connections:
            with contextlib.suppress(OSError):
                connection.send(("stop", None, None))
            connection.close()
        for process in self._processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()


def _start_method() -> str:
    # fork is the cheapest (the catalogue is already loaded), but forking a process
    # that runs other threads (a progress bar) can deadlock the child.
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _balanced(tasks: Sequence[Task], workers: int, home: dict[str, int]) -> list[list[Task]]:
    """Tasks shared out by size: a file goes back to the worker that may still hold
    its tree, others largest first to the least loaded worker."""
    shares: list[list[Task]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for task in sorted(tasks, key=lambda t: (-len(t.data), t.file.relpath)):
        worker = home.get(task.file.relpath)
        if worker is None:
            worker = home[task.file.relpath] = loads.index(min(loads))
        shares[worker].append(task)
        loads[worker] += len(task.data) + 1
    return shares


def _serve(connection: Connection, modules: frozenset[str], packages: frozenset[str]) -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))
    analyser = Analyser(default_catalogue(), modules, packages)
    while True:
        kind, delta, tasks = connection.recv()
        if kind == "stop":
            return
        try:
            analyser.update(delta)
            connection.send(("done", analyser.run(tasks)))
        except Exception:  # reported to the engine, which raises it
            connection.send(("error", traceback.format_exc()))


def syntax_diagnostic(source: LoadedSource, error: cst.ParserSyntaxError) -> Diagnostic:
    # CPython's parser places the error exactly and words it better; libcst's
    # raw_line can be a line or two late. Only files that failed pay for this.
    text = source.text or ""
    line, message = error.raw_line, error.message.splitlines()[0] if error.message else ""
    try:
        ast.parse(text)
    except SyntaxError as precise:
        line, message = precise.lineno or line, precise.msg
    except (ValueError, RecursionError, MemoryError):
        pass
    cell, line_in_cell = (None, line)
    if source.line_map is not None and line >= 1:
        try:
            cell, line_in_cell = source.line_map(line)
        except ValueError:
            cell = None
    where = f"cell {cell}, line {line_in_cell}" if cell is not None else f"line {line}"
    message = message or "invalid syntax"
    hint = " (Python 2 code?)" if _looks_like_python2(text) else ""
    return Diagnostic(
        path=source.file.relpath,
        kind=DiagnosticKind.SYNTAX_ERROR,
        message=f"syntax error at {where}: {message}{hint}",
        line=line_in_cell,
    )


def _looks_like_python2(text: str) -> bool:
    return any(
        stripped.startswith(("print ", "exec ")) and not stripped.startswith(("print (", "exec ("))
        for stripped in (line.strip() for line in text.splitlines())
    )
