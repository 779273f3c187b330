"""Run every check CI runs: lint, format, types, layering, then the test suite.

Usage: python scripts/test.py [pytest args...]   (run with the project's venv python)
Each step runs even if an earlier one failed, so one run shows every problem;
the exit code is non-zero if any step failed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def steps(pytest_args: list[str]) -> list[tuple[str, list[str]]]:
    python = sys.executable
    return [
        ("ruff check", [python, "-m", "ruff", "check", "."]),
        ("ruff format", [python, "-m", "ruff", "format", "--check", "."]),
        ("mypy --strict", [python, "-m", "mypy"]),
        ("import layering", [str(Path(python).parent / "lint-imports")]),
        ("report schema is current", [python, "scripts/generate_schema.py", "--check"]),
        ("pytest", [python, "-m", "pytest", *pytest_args]),
    ]


CHROMIUM = Path("/usr/bin/chromium")


def ensure_chromium() -> None:
    """The HTML report is tested in a real headless Chromium: install Debian's if missing."""
    if CHROMIUM.exists() or os.environ.get("VENDORLOCK_SKIP_BROWSER") == "1":
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        print(
            "note: /usr/bin/chromium is missing and cannot be installed here; "
            "browser tests will fail (set VENDORLOCK_SKIP_BROWSER=1 to skip them)"
        )
        return
    print("==> installing chromium (Debian package) for the browser tests", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        subprocess.call(command, stdout=subprocess.DEVNULL, env=env)


def main() -> int:
    ensure_chromium()
    failed = []
    for name, command in steps(sys.argv[1:]):
        started = time.monotonic()
        print(f"==> {name}", flush=True)
        code = subprocess.call(command, cwd=ROOT)
        print(
            f"<== {name}: {'ok' if code == 0 else f'FAILED ({code})'} "
            f"in {time.monotonic() - started:.1f}s",
            flush=True,
        )
        if code != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
