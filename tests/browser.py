"""A headless Debian Chromium driven over the DevTools protocol, for tests of what a visitor sees.

No test tool downloads a browser: this uses /usr/bin/chromium (Debian's `chromium`
package). Locally a missing browser skips the test; under CI=true it fails it.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--remote-allow-origins=*",
)


def chromium_path() -> str:
    """The browser to use, or skip (fail under CI=true) when it is not installed."""
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


# What the DevTools protocol answers an evaluation asked while the page navigates.
_NAVIGATING = ("Inspected target navigated or closed", "Execution context was destroyed")


class Page:
    """One tab: navigate, evaluate JavaScript, wait for a condition."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.ids = itertools.count(1)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        message_id = next(self.ids)
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.socket.recv(timeout=30))
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result

    def goto(self, url: str, timeout: float = 15) -> None:
        self.call("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'", timeout)

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r} threw: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10) -> Any:
        """Poll `expression` until it is truthy; fail the test after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(expression)
            except RuntimeError as error:
                # Asked while the page is being replaced (a click that navigates), the
                # browser answers that the page it would ask went away: not yet, ask again.
                if not any(gone in str(error) for gone in _NAVIGATING) or (
                    time.monotonic() > deadline
                ):
                    raise
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                pytest.fail(f"timed out after {timeout} s waiting for: {expression}")
            time.sleep(0.05)

    def set_dark(self, dark: bool) -> None:
        scheme = "dark" if dark else "light"
        self.call(
            "Emulation.setEmulatedMedia",
            features=[{"name": "prefers-color-scheme", "value": scheme}],
        )

    def set_forced_colors(self, active: bool, dark: bool = False) -> None:
        """Emulate a forced-colours mode (Windows' contrast themes), dark or light."""
        self.call(
            "Emulation.setEmulatedMedia",
            features=[
                {"name": "forced-colors", "value": "active" if active else "none"},
                {"name": "prefers-color-scheme", "value": "dark" if dark else "light"},
            ],
        )

    def set_print(self, active: bool) -> None:
        """Lay the page out as it prints (the print stylesheet), or as on screen again."""
        self.call("Emulation.setEmulatedMedia", media="print" if active else "")

    def set_width(self, width: int, height: int = 800) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def set_text_size(self, percent: int) -> None:
        """Enlarge the loaded page's text as a reader's text-size setting does (its root
        font size); the next navigation resets it."""
        self.evaluate(f"document.documentElement.style.fontSize = '{percent}%'")


@contextmanager
def browser_page(timezone: str | None = None) -> Iterator[Page]:
    """A fresh headless Chromium with one page, stopped (by its own PID) afterwards;
    `timezone` is the TZ the browser runs in, as a reader's would."""
    from websockets.sync.client import connect

    binary = chromium_path()
    profile = tempfile.mkdtemp(prefix="statusgen-chromium-")
    env = None if timezone is None else {**os.environ, "TZ": timezone}
    process = subprocess.Popen(
        [binary, *FLAGS, "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 20
        while not (port_file.exists() and port_file.read_text().strip()):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            targets = json.load(response)
        page_target = next(t for t in targets if t.get("type") == "page")
        with connect(page_target["webSocketDebuggerUrl"], max_size=None, open_timeout=10) as socket:
            page = Page(socket)
            page.call("Page.enable")
            page.call("Runtime.enable")
            yield page
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def static_server(folder: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 on a free port; yields the base URL. Stopped afterwards."""
    extra = dict(headers or {})

    class Handler(_QuietHandler):
        def end_headers(self) -> None:
            for name, value in extra.items():
                self.send_header(name, value)
            super().end_headers()

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
