"""Drive headless Chromium from tests: dump a page's DOM, or talk DevTools over a pipe.

`--remote-debugging-pipe` makes Chromium read DevTools commands from file
descriptor 3 and write replies and events to descriptor 4, as NUL-terminated
JSON. That needs no port, no websocket library and no network at all.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SKIP_ENV = "VENDORLOCK_SKIP_BROWSER"

# The machine has no network: everything Chromium would fetch on its own
# (updates, sync, field trials, QUIC probes) is switched off.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
)

# Chromium needs fds 3 and 4 exactly; a tiny Python exec wrapper puts the pipe
# ends there (moving them above 9 first, in case they already are 3 or 4).
_WRAPPER = """
import fcntl, os, sys
read_end = fcntl.fcntl(int(sys.argv[1]), fcntl.F_DUPFD, 10)
write_end = fcntl.fcntl(int(sys.argv[2]), fcntl.F_DUPFD, 10)
os.dup2(read_end, 3)
os.dup2(write_end, 4)
os.execv(sys.argv[3], sys.argv[3:])
"""

JSON = dict[str, Any]


def require_chromium() -> Path:
    """The Chromium binary, or skip when the environment says so; never a silent skip."""
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: browser tests are switched off")
    assert CHROMIUM.exists(), (
        f"{CHROMIUM} is missing: install it (apt-get install -y chromium) "
        f"or set {SKIP_ENV}=1 to skip the browser tests"
    )
    return CHROMIUM


def dump_dom(page: Path, profile: Path, *, fragment: str = "") -> str:
    """The DOM after the page's scripts ran, as Chromium serialises it."""
    command = [
        str(require_chromium()),
        *FLAGS,
        f"--user-data-dir={profile}",
        "--virtual-time-budget=3000",
        "--dump-dom",
        page.as_uri() + fragment,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    return result.stdout


class DevTools:
    """One headless Chromium and one page, driven over the DevTools protocol."""

    def __init__(self, profile: Path) -> None:
        to_chrome_read, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_write = os.pipe()
        command = [sys.executable, "-c", _WRAPPER, str(to_chrome_read), str(from_chrome_write)]
        command += [str(require_chromium()), *FLAGS, f"--user-data-dir={profile}"]
        command += ["--remote-debugging-pipe", "about:blank"]
        self._process = subprocess.Popen(
            command,
            pass_fds=(to_chrome_read, from_chrome_write),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_read)
        os.close(from_chrome_write)
        self._ids = itertools.count(1)
        self._buffer = b""
        self.events: list[JSON] = []
        self._session = self._attach()

    def _attach(self) -> str:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=None)
        attached = self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, None
        )
        session: str = attached["sessionId"]
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable", {}, session)
        return session

    def send(self, method: str, params: JSON | None = None, session: str | None = "") -> JSON:
        """Send one command and wait for its reply; events read meanwhile are kept."""
        message: JSON = {"id": next(self._ids), "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session or self._session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read(timeout=30)
            if reply.get("id") == message["id"]:
                assert "error" not in reply, f"{method}: {reply['error']}"
                result: JSON = reply.get("result", {})
                return result
            self._on_event(reply)

    def _on_event(self, event: JSON) -> None:
        self.events.append(event)
        if event.get("method") == "Page.javascriptDialogOpening":
            # Dismiss it, or the page would block; the event stays recorded.
            self.send("Page.handleJavaScriptDialog", {"accept": False})

    def _read(self, timeout: float) -> JSON:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_chrome], [], [], max(left, 0))
            assert ready, "Chromium did not answer in time"
            chunk = os.read(self._from_chrome, 1 << 16)
            assert chunk, "Chromium closed the DevTools pipe"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        event: JSON = json.loads(message)
        return event

    def wait_for(self, method: str, timeout: float = 30) -> JSON:
        """The first event named `method`, seen already or arriving within `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event.get("method") == method:
                    return event
            self._on_event(self._read(deadline - time.monotonic()))

    def open(self, url: str, *, width: int = 1280, height: int = 900) -> None:
        """Load `url` at a desktop size and wait for its load event."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        self.events.clear()
        navigation = self.send("Page.navigate", {"url": url})
        if "loaderId" not in navigation:
            # Only the fragment changed: the browser just scrolls. Reload so the
            # page starts afresh from the new fragment, as a person reopening it.
            self.send("Page.reload", {})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        assert "exceptionDetails" not in reply, reply["exceptionDetails"]
        return reply["result"].get("value")

    def click(self, selector: str) -> None:
        """A real left click (mouse events from the browser) in the middle of an element."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); "
            "e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect(); "
            "return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()"
        )
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            event = {"type": kind, **box, "button": "left", "clickCount": 1}
            self.send("Input.dispatchMouseEvent", event)

    def type(self, selector: str, text: str) -> None:
        """Focus an element and type into it, as a keyboard would (input events fire)."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.send("Input.insertText", {"text": text})

    def screenshot(self, path: Path, *, selector: str | None = None) -> None:
        """A PNG of the whole page, or of the element `selector` matches."""
        params: JSON = {"format": "png", "captureBeyondViewport": True}
        if selector is not None:
            box = self.evaluate(
                f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
                ".getBoundingClientRect(); return {x: r.x + scrollX, y: r.y + scrollY, "
                "width: r.width, height: r.height}; })()"
            )
            params["clip"] = {**box, "scale": 1}
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", params)["data"]))

    def close(self) -> None:
        try:
            self.send("Browser.close", session=None)
        except (AssertionError, OSError):
            pass  # already gone
        finally:
            os.close(self._to_chrome)
            os.close(self._from_chrome)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
