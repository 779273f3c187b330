"""The order files are analysed in: waves, each after the modules it imports.

A file analysed after the modules it imports sees their final exports and is
done in one go; analysed before, it is analysed again once they change. So each
round runs in waves, layered by the import graph (import cycles broken where a
depth-first walk would break them). Files of one wave do not depend on each
other and are analysed in parallel against the same view, which is what makes a
run with N processes give the same result as one.

The import graph here only schedules work, so it is read from the import lines
with a regular expression, without parsing: a missed edge costs a re-analysis,
never a wrong answer (the engine re-analyses a file whenever a module whose
exports it read has changed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from vendorlock.auditor.scopes import resolve_relative

# `from .a.b import (x, y)` (parentheses may span lines) and `import a.b as c, d`.
_IMPORT_LINE = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<dots>\.*)[ \t]*(?P<base>[\w.]*)[ \t]+import[ \t]+"
    r"(?P<names>\([^)]*\)|[^\n#;]*)|import[ \t]+(?P<modules>[^\n#;]+))",
    re.MULTILINE,
)
_NAME = re.compile(r"[A-Za-z_][\w.]*")


def imported_names(text: str, module_name: str, is_package: bool) -> set[str]:
    """Dotted names the import statements of `text` may refer to (absolute)."""
    names: set[str] = set()
    for match in _IMPORT_LINE.finditer(text):
        if match["modules"] is not None:
            for part in match["modules"].split(","):
                found = _NAME.match(part.strip())
                if found:
                    names.add(found.group())
            continue
        base = match["base"] or None
        if match["dots"]:
            base = resolve_relative(module_name, is_package, len(match["dots"]), base)
        if not base:
            continue
        names.add(base)
        for part in match["names"].strip("()").split(","):
            found = _NAME.match(part.strip())
            if found and "." not in found.group():
                names.add(f"{base}.{found.group()}")
    return names


def waves(files: Iterable[str], depends_on: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """`files` in groups, each after the groups holding what its files depend on.

    The order of a depth-first walk (dependencies first, everything sorted) breaks
    import cycles: inside a cycle, a file waits for the partners the walk finished
    before it, as a sequential imports-first order would. Each file's group is one
    more than the latest group among the dependencies the walk finished before it,
    so a group never holds a file and one of those dependencies. Deterministic.
    """
    wanted = sorted(set(files))
    present = set(wanted)
    edges = {
        relpath: sorted({d for d in depends_on.get(relpath, ()) if d in present and d != relpath})
        for relpath in wanted
    }
    finished: dict[str, int] = {}  # file -> its position in the walk's post-order
    for start in wanted:
        if start in finished:
            continue
        on_path = {start}
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(edges[start]))]
        while stack:
            relpath, pending = stack[-1]
            child = next((d for d in pending if d not in finished and d not in on_path), None)
            if child is None:
                stack.pop()
                on_path.discard(relpath)
                finished[relpath] = len(finished)
            else:
                on_path.add(child)
                stack.append((child, iter(edges[child])))
    level: dict[str, int] = {}
    for relpath in sorted(finished, key=finished.__getitem__):
        earlier = [level[d] for d in edges[relpath] if finished[d] < finished[relpath]]
        level[relpath] = 1 + max(earlier, default=-1)
    groups: list[list[str]] = [[] for _ in range(max(level.values(), default=-1) + 1)]
    for relpath in wanted:
        groups[level[relpath]].append(relpath)
    return groups
