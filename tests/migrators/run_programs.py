"""Run several fixture programs in one interpreter, so LiteLLM is imported once (about 4 s).

Usage: `python run_programs.py BASE_URL CASE=PATH ...`. Before each program it
tells the fake vendor which case is running (`POST BASE_URL/__case__/CASE`),
runs the file as `__main__` with its directory on `sys.path`, and captures
what it prints. Modules imported from that directory are forgotten after it,
so two cases may each have their own `llm_client`. Prints one JSON object:
`{case: {"stdout": ..., "error": ...}}`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import runpy
import sys
import traceback
import urllib.request
from pathlib import Path


def _mark(base_url: str, case: str) -> None:
    request = urllib.request.Request(f"{base_url}/__case__/{case}", data=b"{}", method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


def _forget_modules_under(directory: Path) -> None:
    prefix = f"{directory}{os.sep}"
    # dict.copy() is atomic; iterating would race with imports in other threads (LiteLLM's workers).
    for name, module in sys.modules.copy().items():
        origin = getattr(module, "__file__", None)
        if isinstance(origin, str) and origin.startswith(prefix):
            del sys.modules[name]


def run(base_url: str, case: str, program: Path) -> dict[str, str | None]:
    """Run one program; its output and the traceback of any error."""
    _mark(base_url, case)
    directory = program.parent.resolve()
    sys.path.insert(0, str(directory))
    out = io.StringIO()
    error = None
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(str(program), run_name="__main__")
    except BaseException:
        error = traceback.format_exc()
    finally:
        sys.path.remove(str(directory))
        _forget_modules_under(directory)
    return {"stdout": out.getvalue(), "error": error}


def main(argv: list[str]) -> None:
    base_url, *pairs = argv
    results = {}
    for pair in pairs:
        case, _, path = pair.partition("=")
        results[case] = run(base_url, case, Path(path))
    sys.stdout.write(json.dumps(results))
    sys.stdout.flush()
    # Skip interpreter teardown: LiteLLM's exit hooks take seconds and test nothing here.
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
