"""`statusgen serve` over a real socket on 127.0.0.1: files, refusals, rebuilds and reloads."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from html import escape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sitefiles import copy_example

from statusgen import __version__
from statusgen.cli import cli
from statusgen.errors import fail
from statusgen.serve.preview import run_preview, site_builder
from statusgen.serve.server import LiveSite, bind, is_loopback, serving
from statusgen.serve.watcher import (
    STOP_ASKED,
    Batch,
    Builder,
    Built,
    SourceFilter,
    clock_due,
    rebuild,
)
from statusgen.write import write_site

TIMEOUT = 10  # seconds any single request may take before the test fails
RELOAD_BOUND = 20  # seconds from a saved file to the reload event: a bound against a hang on a
# busy machine, not a speed check (bench/ measures that)

SECRET = b"TOP-SECRET-OUTSIDE-THE-OUTPUT"

SITE: dict[str, bytes] = {
    "index.html": b"<!doctype html><html><body><h1>All systems operational</h1></body></html>",
    "incidents/db/index.html": b"<!doctype html><html><body><h1>Database</h1></BODY></html>",
    "404.html": b"<!doctype html><html><body><p>Nothing here</p></body></html>",
    "status.json": b'{"status": "operational"}\n',
    "feed.xml": b'<?xml version="1.0"?><rss version="2.0"></rss>\n',
    "maintenance.ics": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    "badge.svg": b'<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    "_headers": b"/*\n  Access-Control-Allow-Origin: *\n",
}


def files_builder(files: Mapping[str, bytes], base_path: str = "/") -> Builder:
    """A Builder that writes `files` the way a real build does."""

    def build(output: Path, changed: frozenset[Path] | None = None) -> Built:
        written = write_site(output, files)
        # As a public page's build: every file may be read from any origin.
        return Built(
            base_path,
            written.files,
            written.written + written.removed,
            headers=lambda address: (("Access-Control-Allow-Origin", "*"),),
        )

    return build


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


class Client:
    def __init__(self, port: int) -> None:
        self.port = port

    def request(
        self, target: str, method: str = "GET", headers: Mapping[str, str] | None = None
    ) -> Reply:
        """Send `target` byte for byte as the request line's path (no client-side cleanup)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        headers = headers or {}
        try:
            connection.putrequest(
                method, target, skip_host="Host" in headers, skip_accept_encoding=True
            )
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            return Reply(response.status, response.headers, response.read())
        finally:
            connection.close()

    def events(self) -> EventStream:
        return EventStream(self.port)


class EventStream:
    """The server's Server-Sent Events, read like a browser's EventSource would."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        self.connection.request("GET", "/__statusgen/events")
        self.response = self.connection.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next_state(self, until: Callable[[dict[str, Any]], bool], bound: float) -> dict[str, Any]:
        """The first state for which `until` holds; fails the test after `bound` seconds."""
        deadline = time.monotonic() + bound
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail(f"no matching event within {bound} s")
            assert self.response.fp is not None
            self.response.fp.raw._sock.settimeout(remaining)  # type: ignore[union-attr]
            try:
                line = self.response.fp.readline()
            except TimeoutError:
                pytest.fail(f"no matching event within {bound} s")
            if line.startswith(b"data: "):
                state: dict[str, Any] = json.loads(line[len(b"data: ") :])
                if until(state):
                    return state

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file beside the preview's folder that no request may read."""
    secret = tmp_path / "secret.txt"
    secret.write_bytes(SECRET)
    return secret


@contextmanager
def start(live: LiveSite, builder: Builder) -> Iterator[Client]:
    """The server for `live` after one build with `builder`; stopped on exit."""
    server = bind(live, "127.0.0.1", 0)
    rebuild(live, builder, lambda message: None)
    with serving(server):
        yield Client(server.server_address[1])


def wait_until(predicate: Callable[[], bool], bound: float, what: str) -> None:
    deadline = time.monotonic() + bound
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {bound} s")
        time.sleep(0.02)


@pytest.fixture
def client(tmp_path: Path, outside: Path) -> Iterator[Client]:
    """The server over a small built site, with symlinks in it that lead out of it."""
    live = LiveSite(tmp_path / "preview" / "site")
    with start(live, files_builder(SITE)) as client:
        (live.folder / "leak.txt").symlink_to(outside)
        (live.folder / "leak").symlink_to(outside.parent, target_is_directory=True)
        yield client


@pytest.fixture
def prefixed(tmp_path: Path) -> Iterator[Client]:
    """The server over a site whose base_url is https://example.org/status/."""
    with start(LiveSite(tmp_path / "site"), files_builder(SITE, "/status/")) as client:
        yield client


def test_when_the_first_build_fails_every_page_shows_its_errors(tmp_path: Path) -> None:
    def broken(output: Path, changed: frozenset[Path] | None = None) -> Built:
        raise fail("content/components.yaml", "unknown status <oops>", line=3)

    with start(LiveSite(tmp_path / "site"), broken) as client:
        reply = client.request("/incidents/db/")
    assert 500 == reply.status
    assert b"content/components.yaml:3: unknown status &lt;oops&gt;" in reply.body
    assert b"<oops>" not in reply.body
    assert b"/__statusgen/reload.js" in reply.body


def test_the_sites_own_build_errors_are_shown_in_the_page(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "components.yaml").write_text("- name: API\n")
    (tmp_path / "statusgen.yaml").write_text(
        "title: Example\nbase_url: https://status.example.org/\ntimezon: UTC\n"
    )
    now = datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc)
    builder = site_builder(tmp_path, now=lambda: now, base_url=None)

    with start(LiveSite(tmp_path / "preview" / "site"), builder) as client:
        reply = client.request("/")

    assert 500 == reply.status
    assert b"statusgen.yaml:3:1: unknown key &#x27;timezon&#x27;" in reply.body
    assert b"did you mean &#x27;timezone&#x27;?" in reply.body


# Two pages, built into two folders.
PAGES = (
    "title: Example\n"
    "\n"
    "pages:\n"
    "  public:\n"
    "    base_url: https://status.example.com/\n"
    "    output: public\n"
    "  internal:\n"
    "    base_url: https://internal.example.com/\n"
    "    output: public-internal\n"
)


def test_a_previewed_page_renamed_says_to_start_serve_again_with_its_new_name(
    tmp_path: Path,
) -> None:
    # `serve --page internal`, then `internal:` renamed under `pages:`: the name came from
    # the command line, which no edit of the site changes.
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "content" / "components.yaml").write_text("- name: API\n")
    settings = PAGES
    (root / "statusgen.yaml").write_text(settings)
    now = datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url=None, page="internal")
    live = LiveSite(tmp_path / "preview" / "site")
    log: list[str] = []
    assert rebuild(live, builder, log.append, root=root) is not None

    (root / "statusgen.yaml").write_text(settings.replace("internal:", "staff:"))

    assert rebuild(live, builder, log.append, root=root) is None
    error = live.snapshot().error or ""
    assert "statusgen.yaml:3: there is no page 'internal'" in error
    assert "serve was started with --page internal" in error
    assert "stop serve (Ctrl-C) and start it again with --page staff" in error


ONE_PAGE = "title: Example\nbase_url: https://status.example.com/\n"


@pytest.mark.parametrize(
    ("settings", "edited"),
    [
        (ONE_PAGE, ONE_PAGE + "output: static/out\n"),
        (ONE_PAGE, ONE_PAGE + "output: content/x\n"),
        (ONE_PAGE, ONE_PAGE + "output: .\n"),
        (ONE_PAGE, ONE_PAGE + "output: themes/out\n"),
        (PAGES, PAGES.replace("output: public-internal", "output: static/out")),
    ],
)
def test_an_output_folder_build_refuses_is_shown_as_check_shows_it(
    tmp_path: Path, settings: str, edited: str
) -> None:
    # serve builds into a preview folder of its own, but the deploy builds into `output:`:
    # a preview that looks fine over a folder `build` refuses hides the problem until then.
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "content" / "components.yaml").write_text("- name: API\n")
    (root / "statusgen.yaml").write_text(settings)
    now = datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url=None)
    live = LiveSite(tmp_path / "preview" / "site")
    log: list[str] = []
    assert rebuild(live, builder, log.append, root=root) is not None

    (root / "statusgen.yaml").write_text(edited)

    checked = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 1 == checked.exit_code
    problem = next(line for line in checked.output.splitlines() if "output folder" in line)
    assert problem.startswith("statusgen.yaml:")
    assert rebuild(live, builder, log.append, root=root) is None
    assert problem in (live.snapshot().error or "")
    assert any(problem in line for line in log)


def test_a_rebuild_says_its_changed_and_removed_files_apart_as_build_does(
    tmp_path: Path,
) -> None:
    # After a checkout that removed incidents, "(66 changed)" counted the removed pages as
    # changed ones; `build` says "N changed, M removed".
    root = copy_example(tmp_path / "site")
    now = datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url="http://127.0.0.1/")
    live = LiveSite(tmp_path / "preview" / "site")
    log: list[str] = []
    assert rebuild(live, builder, log.append, root=root) is not None
    gone = root / EXAMPLE_INCIDENT
    gone.unlink()

    assert rebuild(live, builder, log.append, root=root, changed=frozenset({gone})) is not None

    said = re.fullmatch(r"Built \d+ files? \((\d+) changed, (\d+) removed\) in [0-9.]+ s", log[-1])
    assert said is not None, log[-1]
    assert int(said[1]) > 0
    assert int(said[2]) > 0


def test_a_rebuild_after_statusgen_itself_changed_says_to_start_serve_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Upgraded while serve runs, statusgen has new built-in templates on disk and its old
    # code in memory: a rebuild failed in a built-in template ("MeasuredView has no
    # attribute 'last_run'"), blaming a file that is not the site's, with a theme hint.
    from statusgen.incremental import inputs

    installed = tmp_path / "installed"
    installed.mkdir()
    (installed / "__init__.py").write_text('__version__ = "1.0"\n')
    monkeypatch.setattr(inputs, "_PACKAGE", installed)
    monkeypatch.setattr(inputs, "_CODE", [])
    root = copy_example(tmp_path / "site")
    now = datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url=None)
    live = LiveSite(tmp_path / "preview" / "site")
    log: list[str] = []
    assert rebuild(live, builder, log.append, root=root) is not None

    (installed / "__init__.py").write_text('__version__ = "1.10"\n')

    assert rebuild(live, builder, log.append, root=root) is None
    error = live.snapshot().error or ""
    assert error.startswith("<statusgen>: statusgen itself changed on disk"), error
    assert "stop serve (Ctrl-C) and start it again" in error
    assert (live.folder / "index.html").is_file()  # the last good site stays


def test_a_failed_rebuild_labels_warnings_and_notices_as_check_does(tmp_path: Path) -> None:
    (tmp_path / "content" / "incidents").mkdir(parents=True)
    (tmp_path / "content" / "components.yaml").write_text("- name: API\n")
    (tmp_path / "content" / "incidents" / "2026-11-20-d.md").write_text(
        "---\ntitle: Soon\ndraft: true\nstatus: investigating\ncomponents: [api]\n---\n"
        "## Investigating at 2026-11-20 14:05Z\nLooking.\n"
    )
    (tmp_path / "statusgen.yaml").write_text(
        "title: Example\nbase_url: https://status.example.org/\n"
        "logo: assets/nope.svg\ncolour: red\n"
    )
    now = datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc)
    builder = site_builder(tmp_path, now=lambda: now, base_url=None)
    live = LiveSite(tmp_path / "preview" / "site")
    said: list[str] = []

    assert not rebuild(live, builder, said.append)

    shown = live.snapshot().error
    assert shown is not None
    lines = shown.splitlines()
    assert "statusgen.yaml:3:7: warning: logo names 'assets/nope.svg'" in shown
    assert "statusgen.yaml:4:1: unknown key 'colour'" in lines
    assert any(
        line.startswith("content/incidents/2026-11-20-d.md:3:8: notice: a draft") for line in lines
    )
    assert shown in said[-1]


# --- files ---------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "origin"), [("public", "*"), ("internal", None)])
def test_a_private_page_is_previewed_without_letting_every_origin_read_it(
    tmp_path: Path, page: str, origin: str | None
) -> None:
    # The built _headers of a private page lets no other website read its JSON (a page
    # behind a VPN, read from a staff member's browser); the preview did, on every file.
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "content" / "components.yaml").write_text("- name: API\n")
    (root / "statusgen.yaml").write_text(
        "title: Example\n"
        "pages:\n"
        "  public:\n"
        "    base_url: https://status.example.com/\n"
        "    output: public\n"
        "  internal:\n"
        "    base_url: https://internal.example.com/\n"
        "    output: public-internal\n"
        "    private: true\n"
    )
    now = datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url=None, page=page)
    with start(LiveSite(tmp_path / "preview" / "site"), builder) as client:
        for target in ("/", "/status.json", "/api/v2/summary.json", "/missing"):
            reply = client.request(target)
            assert reply.status in (200, 404), target
            assert origin == reply.headers["Access-Control-Allow-Origin"], target


PAGES_WITH_RULES = """\
title: Example
pages:
  public:
    base_url: https://status.example.com/
    output: public
  internal:
    base_url: https://internal.example.com/
    output: public-internal
    private: true
    static: own
"""
HSTS = "max-age=63072000"
CSP = "default-src 'self'"


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ([], {"Access-Control-Allow-Origin": "*", "X-Robots-Tag": None, "X-Frame-Options": None}),
        (
            ["--page", "internal"],
            {
                "Access-Control-Allow-Origin": None,
                "X-Robots-Tag": "noindex",
                "X-Frame-Options": "DENY",
            },
        ),
    ],
    ids=["default", "private"],
)
def test_serve_sends_the_rules_of_the_pages_built_headers(
    tmp_path: Path, page: list[str], expected: dict[str, str | None]
) -> None:
    # The preview of a private page sent none of its _headers: no X-Robots-Tag, none of the
    # site's own rules (HSTS from static/, a CSP from the page's own folder).
    site, scratch = tmp_path / "site", tmp_path / "tmp"
    for relpath, text in {
        "content/components.yaml": "- name: API\n",
        "statusgen.yaml": PAGES_WITH_RULES,
        "static/_headers": f"/*\n  Strict-Transport-Security: {HSTS}\n",
        "own/_headers": f"/*\n  Content-Security-Policy: {CSP}\n"
        "/status.json\n  X-Frame-Options: DENY\n",
    }.items():
        (site / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / relpath).write_text(text)
    scratch.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "statusgen", "-C", str(site), "serve", "--port", "0", *page],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    try:
        said = Terminal(process).lines_until("Serving ")[-1]
        port = int(said.split()[1].rsplit(":", 1)[1].strip("/"))
        private = page != []
        for target in ("/", "/status.json", "/missing"):
            reply = Client(port).request(target)
            assert reply.status in (200, 404), target
            assert HSTS == reply.headers["Strict-Transport-Security"], target
            assert (CSP if private else None) == reply.headers["Content-Security-Policy"], target
            assert ["no-cache"] == reply.headers.get_all("Cache-Control"), target
            assert ["nosniff"] == reply.headers.get_all("X-Content-Type-Options"), target
            for name, value in expected.items():
                wanted = value if name != "X-Frame-Options" or target == "/status.json" else None
                assert wanted == reply.headers[name], (target, name)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(TIMEOUT)


@pytest.mark.parametrize(
    ("target", "content_type"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/status.json", "application/json"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/maintenance.ics", "text/calendar; charset=utf-8"),
        ("/badge.svg", "image/svg+xml"),
        ("/_headers", "text/plain; charset=utf-8"),
    ],
)
def test_files_have_their_content_type_and_the_hosts_headers(
    client: Client, target: str, content_type: str
) -> None:
    reply = client.request(target)
    assert 200 == reply.status
    assert content_type == reply.headers["Content-Type"]
    assert "*" == reply.headers["Access-Control-Allow-Origin"]
    assert "no-cache" == reply.headers["Cache-Control"]
    assert str(len(reply.body)) == reply.headers["Content-Length"]
    assert f"statusgen/{__version__}" == reply.headers["Server"]


def test_other_static_files_get_the_type_a_browser_accepts_them_with(tmp_path: Path) -> None:
    # Sent with nosniff, a module script, WebAssembly or a PDF typed as octet-stream is
    # refused or downloaded; Python's list of types fills in what the table lacks.
    expected = {
        "/app.mjs": "text/javascript; charset=utf-8",
        "/app.wasm": "application/wasm",
        "/photo.avif": "image/avif",
        "/app.js.map": "application/json",
        "/report.pdf": "application/pdf",
        "/clip.mp4": "video/mp4",
        "/uptime.csv": "text/csv; charset=utf-8",
        "/backup.tar.gz": "application/octet-stream",  # gzip bytes, not a tar file
        "/data.statusgen-unknown": "application/octet-stream",
    }
    files = {target.lstrip("/"): b"export {}\n" for target in expected}
    with start(LiveSite(tmp_path / "site"), files_builder({**SITE, **files})) as client:
        for target, content_type in expected.items():
            reply = client.request(target)
            assert 200 == reply.status, target
            assert (target, content_type) == (target, reply.headers["Content-Type"])
            assert "nosniff" == reply.headers["X-Content-Type-Options"]


def test_other_files_are_sent_byte_for_byte(client: Client) -> None:
    for path in ("status.json", "feed.xml", "maintenance.ics", "badge.svg"):
        assert SITE[path] == client.request(f"/{path}").body


def test_pages_get_the_reload_script_but_the_files_on_disk_do_not(
    client: Client, tmp_path: Path
) -> None:
    body = client.request("/").body
    assert body.startswith(SITE["index.html"][: -len(b"</body></html>")])
    assert body.endswith(b"></script></body></html>")
    assert b'<script src="/__statusgen/reload.js"' in body
    # The tag goes before the last </body>, whatever its case.
    assert client.request("/incidents/db/").body.endswith(b"</script></BODY></html>")
    for page in (tmp_path / "preview" / "site").rglob("*.html"):
        assert b"__statusgen" not in page.read_bytes()


def test_head_sends_the_headers_of_get_without_a_body(client: Client) -> None:
    get, head = client.request("/status.json"), client.request("/status.json", "HEAD")
    assert 200 == head.status
    assert b"" == head.body
    assert get.headers["Content-Length"] == head.headers["Content-Length"]
    assert get.headers["Content-Type"] == head.headers["Content-Type"]


def test_a_missing_page_gets_the_sites_404_page(client: Client) -> None:
    reply = client.request("/incidents/no-such-incident/")
    assert 404 == reply.status
    assert b"Nothing here" in reply.body
    assert b"/__statusgen/reload.js" in reply.body


def test_a_file_named_as_a_folder_is_not_found_as_on_a_static_host(client: Client) -> None:
    # A link to `status.json/` would work in the preview and break once deployed.
    for path in ("/status.json/", "/feed.xml/", "/incidents/db/index.html/"):
        reply = client.request(path)
        assert 404 == reply.status, path
        assert b"Nothing here" in reply.body
    assert 200 == client.request("/status.json").status


def test_an_encoded_slash_is_part_of_a_name_as_on_a_static_host(client: Client) -> None:
    # A static host does not read %2F as a separator: such a link breaks once deployed.
    for target in ("/incidents%2fdb/", "/incidents%2Fdb/index.html", "/incidents%2fdb"):
        reply = client.request(target)
        assert 404 == reply.status, target
        assert b"Nothing here" in reply.body
    assert b"Database" in client.request("/incidents/d%62/").body


def test_a_folder_without_its_slash_is_redirected_keeping_the_query(client: Client) -> None:
    reply = client.request("/incidents/db?from=feed")
    assert 302 == reply.status
    assert "/incidents/db/?from=feed" == reply.headers["Location"]
    assert b"Database" in client.request("/incidents/db/").body


def test_a_fragment_in_the_target_stays_out_of_the_redirect(client: Client) -> None:
    reply = client.request("/incidents#frag")
    assert (302, "/incidents/") == (reply.status, reply.headers["Location"])


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        ({}, True),
        ({"Host": "localhost:1"}, True),
        ({"Host": "[::1]:1", "Origin": "http://[::1]:1"}, True),
        ({"Origin": "https://evil.example"}, False),
        ({"Origin": "null"}, False),
        # A name the attacker's DNS points at 127.0.0.1: same origin to the browser.
        ({"Host": "rebind.evil.example:1", "Origin": "http://rebind.evil.example:1"}, False),
        ({"Host": ""}, False),
    ],
)
def test_the_preview_state_answers_only_the_previews_own_pages(
    client: Client, headers: dict[str, str], allowed: bool
) -> None:
    for target in ("/__statusgen/state", "/__statusgen/%73tate"):
        reply = client.request(target, headers=headers)
        assert (200 if allowed else 403) == reply.status
        assert "Access-Control-Allow-Origin" not in reply.headers
        assert (b"generation" in reply.body) is allowed


def test_a_base_path_is_where_the_site_is_served(prefixed: Client) -> None:
    assert "/status/" == prefixed.request("/").headers["Location"]
    assert "/status/" == prefixed.request("/status").headers["Location"]
    assert b"All systems operational" in prefixed.request("/status/").body
    assert 200 == prefixed.request("/status/status.json").status
    outside_the_prefix = prefixed.request("/status.json")
    assert 404 == outside_the_prefix.status
    assert b"Nothing here" in outside_the_prefix.body


def test_the_redirect_to_the_base_path_keeps_the_query(prefixed: Client) -> None:
    # A link shared as `/status?utm_source=slack` must arrive with its campaign tag.
    for target in ("/status?utm_source=slack", "/?utm_source=slack", "/status?utm_source=slack#x"):
        reply = prefixed.request(target)
        assert (302, "/status/?utm_source=slack") == (reply.status, reply.headers["Location"])


# --- refusals ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/../../secret.txt",
        "/incidents/../../../secret.txt",
        "/%2e%2e/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/..%2f..%2fsecret.txt",
        "/%252e%252e/%252e%252e/secret.txt",
        "/%25%32%65%25%32%65/secret.txt",
        "/..\\..\\secret.txt",
        "/%5c..%5c..%5csecret.txt",
        "/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/./index.html",
        "/index.html%00.txt",
        "http://127.0.0.1/etc/passwd",
        "/leak.txt",
        "/leak/secret.txt",
        "/leak/",
    ],
)
def test_paths_that_leave_the_output_folder_are_refused(client: Client, target: str) -> None:
    reply = client.request(target)
    assert 400 <= reply.status < 500, reply.status
    assert SECRET not in reply.body
    assert b"root:" not in reply.body


def test_symlinks_out_of_the_output_folder_are_forbidden(client: Client) -> None:
    assert 403 == client.request("/leak.txt").status
    assert 403 == client.request("/leak/secret.txt").status


def test_an_overlong_url_is_refused(client: Client) -> None:
    assert 414 == client.request("/" + "a" * 5000).status


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_methods_other_than_get_and_head_are_not_allowed(client: Client, method: str) -> None:
    reply = client.request("/index.html", method)
    assert 405 == reply.status
    assert "GET, HEAD" == reply.headers["Allow"]


def test_a_burst_of_a_thousand_requests_from_eight_clients_is_all_answered(
    client: Client,
) -> None:
    targets = ["/", "/status.json", "/incidents/db/", "/badge.svg", "/feed.xml"] * 200
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda target: client.request(target).status, targets))
    assert [200] * 1000 == statuses


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("status.example.org", False),
    ],
)
def test_only_loopback_addresses_count_as_private(host: str, loopback: bool) -> None:
    assert loopback == is_loopback(host)


def serve_on_a_taken_port(root: Path) -> tuple[int, Any]:
    """`statusgen serve` of a site at `root` on a port already taken; the port and the
    result."""
    (root / "statusgen.yaml").write_text("title: T\nbase_url: https://status.example.com/\n")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        return port, CliRunner().invoke(cli, ["-C", str(root), "serve", "--port", str(port)])


def test_serve_refuses_a_taken_port_with_a_message(tmp_path: Path) -> None:
    port, result = serve_on_a_taken_port(tmp_path)
    assert 1 == result.exit_code
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert f"--port {port + 1}" in result.output  # the way out, not just the error


def test_serve_run_from_python_leaves_its_stop_signals_as_it_found_them(tmp_path: Path) -> None:
    # serve turns SIGTERM and SIGHUP into a clean stop while it runs; a process that called
    # it (a tool, a test run) keeps its own handling afterwards.
    stops = (signal.SIGTERM, signal.SIGHUP)
    before = [signal.getsignal(signum) for signum in stops]
    _, result = serve_on_a_taken_port(tmp_path)
    assert 1 == result.exit_code
    assert before == [signal.getsignal(signum) for signum in stops]


def test_serve_warns_when_it_listens_beyond_this_machine(tmp_path: Path) -> None:
    (tmp_path / "statusgen.yaml").write_text("title: T\nbase_url: https://status.example.com/\n")
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            cli, ["-C", str(tmp_path), "serve", "--host", "0.0.0.0", "--port", str(port)]
        )
    assert "reachable from other machines" in result.output


@pytest.mark.parametrize(
    "stop_signal", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["INT", "TERM", "HUP"]
)
def test_serve_stops_cleanly_and_removes_its_preview(tmp_path: Path, stop_signal: int) -> None:
    site, scratch = tmp_path / "site", tmp_path / "tmp"
    site.mkdir()
    scratch.mkdir()
    (site / "statusgen.yaml").write_text("title: Example\n")  # no base_url: a failing build
    process = subprocess.Popen(
        [sys.executable, "-m", "statusgen", "-C", str(site), "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    try:
        assert process.stderr is not None
        lines = []
        while not lines or not lines[-1].startswith("Serving "):
            line = process.stderr.readline()
            assert line, f"serve ended early: {lines}"
            lines.append(line)
        assert any("statusgen.yaml" in line for line in lines), lines
        assert [] != list(scratch.iterdir())
        port = int(lines[-1].split()[1].rsplit(":", 1)[1].strip("/"))
        assert 500 == Client(port).request("/").status

        process.send_signal(stop_signal)

        assert 0 == process.wait(TIMEOUT)
        # Said as the stop is taken, before the files go: a silent wait prompts a second Ctrl-C.
        assert ["Stopping: removing the preview's files...", "Stopped."] == (
            process.stderr.read().splitlines()[-2:]
        )
        assert [] == list(scratch.iterdir())
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(TIMEOUT)


def test_serve_keeps_serving_when_the_reader_of_its_log_goes_away(tmp_path: Path) -> None:
    # `statusgen serve 2>&1 | grep -m1 Serving &`: grep leaves after the first line, and
    # the preview must stay up, rebuilding, with no one to read what it says.
    site, scratch = tmp_path / "site", tmp_path / "tmp"
    (site / "content").mkdir(parents=True)
    scratch.mkdir()
    (site / "content" / "components.yaml").write_text("- name: API\n")
    settings = "title: {}\nbase_url: https://status.example.com/\n"
    (site / "statusgen.yaml").write_text(settings.format("Before"))
    process = subprocess.Popen(
        [sys.executable, "-m", "statusgen", "-C", str(site), "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    try:
        assert process.stderr is not None
        said = process.stderr.readline()
        while not said.startswith("Serving "):
            assert said, "serve ended early"
            said = process.stderr.readline()
        port = int(said.split(":")[2].split("/")[0])
        process.stderr.close()  # the reader is gone

        # A rebuild has lines to say, which nobody can read now.
        (site / "statusgen.yaml").write_text(settings.format("After"))
        deadline = time.monotonic() + TIMEOUT
        page = b""
        while b"After" not in page:
            time.sleep(0.1)
            assert process.poll() is None, "serve stopped when its log's reader went away"
            assert time.monotonic() < deadline, "the change was never rebuilt"
            with suppress(ConnectionError):  # a serve gone: said by poll, the next time round
                page = Client(port).request("/").body
        time.sleep(0.5)  # the lines after the rebuild are written by now
        assert process.poll() is None, "serve stopped when its log's reader went away"
        assert 200 == Client(port).request("/").status

        os.kill(process.pid, signal.SIGTERM)
        assert 0 == process.wait(TIMEOUT)
        assert [] == list(scratch.iterdir())
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(TIMEOUT)


# serve, with Ctrl-C pressed again as it starts removing its preview folder: a stand-in
# for the seconds that takes on a big site, when a second Ctrl-C is likely.
PRESSED_AGAIN_WHILE_REMOVING = """\
import os, shutil, signal, sys
remove = shutil.rmtree
def pressed_again(path, *args, **kwargs):
    if os.path.basename(path).startswith("statusgen-serve-"):
        signal.raise_signal(signal.SIGINT)
    return remove(path, *args, **kwargs)
shutil.rmtree = pressed_again
sys.argv = ["statusgen", *sys.argv[1:]]
from statusgen.cli import main
main()
"""


def serve_until_stopped(site: Path, scratch: Path, *before: str) -> list[str]:
    """What a serve of `site` with TMPDIR `scratch` said on stderr, once started (`before`:
    Python code in place of `-m statusgen`) and stopped by Ctrl-C."""
    command = [sys.executable, *(before or ("-m", "statusgen"))]
    process = subprocess.Popen(
        [*command, "-C", str(site), "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    try:
        terminal = Terminal(process)
        lines = terminal.lines_until("Serving ")
        process.send_signal(signal.SIGINT)
        lines += terminal.lines_until("Stopped.")
        assert 0 == process.wait(TIMEOUT)
        return lines
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(TIMEOUT)


def test_a_preview_folder_left_by_ctrl_c_pressed_twice_is_named_and_removed_by_the_next_serve(
    tmp_path: Path,
) -> None:
    site, scratch = copy_example(tmp_path / "site"), tmp_path / "tmp"
    scratch.mkdir()
    # Another serve's folder, running (this test's process): never touched.
    running = scratch / f"statusgen-serve-{os.getpid()}-running"
    running.mkdir()

    said = serve_until_stopped(site, scratch, "-c", PRESSED_AGAIN_WHILE_REMOVING)
    [left] = [entry for entry in scratch.iterdir() if entry != running]
    assert (
        f"Stopped before the preview's files were removed: {left} is left; "
        "the next `statusgen serve` removes it"
    ) in said

    said = serve_until_stopped(site, scratch)
    assert f"Removed {left}, left by a serve that was stopped" in said
    assert [running] == list(scratch.iterdir())


def test_serve_starts_past_preview_folders_whose_number_no_process_can_have(
    tmp_path: Path,
) -> None:
    # Anyone can make such a folder in a shared /tmp; it stopped every serve from starting.
    site, scratch = copy_example(tmp_path / "site"), tmp_path / "tmp"
    scratch.mkdir()
    own = [scratch / f"statusgen-serve-{pid}-abcd1234" for pid in ("2147483648", "0")]
    others = [scratch / f"statusgen-serve-{pid}-other" for pid in ("2147483648", "999999999")]
    for folder in own + others:
        folder.mkdir()
    for folder in others:  # another user's: never removed, as the test can show as root
        if os.geteuid() == 0:
            os.chown(folder, 54321, 54321)

    said = serve_until_stopped(site, scratch)
    assert not any("Traceback" in line for line in said), said
    for folder in own:
        assert f"Removed {folder}, left by a serve that was stopped" in said
    if os.geteuid() == 0:
        assert sorted(others) == sorted(scratch.iterdir())


class Terminal:
    """The lines a `statusgen serve` process writes to stderr, read as they come."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        self._lines: queue.Queue[str] = queue.Queue()
        self._stream = process.stderr
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self._stream:
            self._lines.put(line.rstrip("\n"))
        self._lines.put("")  # the process ended

    def lines_until(self, prefix: str, bound: float = TIMEOUT) -> list[str]:
        """The lines up to and including the next one that starts with `prefix`."""
        deadline = time.monotonic() + bound
        lines: list[str] = []
        while not lines or not lines[-1].startswith(prefix):
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line starting {prefix!r} in {bound} s: {lines}") from None
            assert line, f"serve ended early: {lines}"
            lines.append(line)
        return lines


def test_serve_says_the_sites_warnings_and_again_only_when_they_change(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "components.yaml").write_text("[]\n")
    settings = "title: T\nbase_url: https://status.example.com/\n"
    # No catalog for Hebrew: the pages are built, in English, with a warning.
    (site / "statusgen.yaml").write_text(settings + "language: he\n")
    statusgen = [sys.executable, "-m", "statusgen", "-C", str(site)]
    built = subprocess.run(
        [*statusgen, "build", "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    said_by_build = built.stderr.rstrip("\n").splitlines()
    assert any(line.startswith("statusgen.yaml:3:") for line in said_by_build)

    process = subprocess.Popen(
        [*statusgen, "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        terminal = Terminal(process)
        first = terminal.lines_until("Serving ")
        # Said as `build` says it, before the line that reports the build.
        assert said_by_build == first[: len(said_by_build)]
        assert first[len(said_by_build)].startswith("Built ")

        # A save that leaves the warning as it was: rebuilt, and not said again.
        (site / "statusgen.yaml").write_text(settings + "language: he\n# Hebrew soon\n")
        again = terminal.lines_until("Built ")
        assert not any("statusgen.yaml:" in line for line in again), again

        (site / "statusgen.yaml").write_text(settings)
        fixed = terminal.lines_until("No warnings left")
        assert not any("statusgen.yaml:" in line for line in fixed), fixed
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(TIMEOUT)


def test_serve_prints_a_base_url_with_a_space_or_accent_as_a_link_a_terminal_opens(
    tmp_path: Path,
) -> None:
    # A terminal ends a link at a space: the address is printed as every output writes it.
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "components.yaml").write_text("- name: API\n")
    (site / "statusgen.yaml").write_text("title: T\n")
    serve = ["serve", "--port", "0", "--base-url", "https://x.example/st%C3%BCs%20a/"]
    process = subprocess.Popen(
        [sys.executable, "-m", "statusgen", "-C", str(site), *serve],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        said = Terminal(process).lines_until("Serving ")[-1]
        found = re.fullmatch(r"Serving http://127\.0\.0\.1:([0-9]+)(/\S*) \(Ctrl-C to stop\)", said)
        assert found is not None, said
        port, path = int(found[1]), found[2]
        assert "/st%C3%BCs%20a/" == path
        assert path == Client(port).request("/").headers["Location"]
        assert 200 == Client(port).request(path).status
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(TIMEOUT)


def test_serve_prints_the_new_address_when_base_url_moves_the_preview(tmp_path: Path) -> None:
    # The printed address is the one to open: after base_url's path changed, the old one
    # only redirects, and nothing said where the preview went.
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "components.yaml").write_text("- name: API\n")
    settings = "title: T\nbase_url: https://internal.example.com/\n"
    (site / "statusgen.yaml").write_text(settings)
    # The clock pinned: a minute's rebuild for it, which says nothing, could take the save
    # first, and the build the save starts would then follow the new address.
    serve = ["serve", "--port", "0", "--now", "2026-12-01T12:00:00Z"]
    process = subprocess.Popen(
        [sys.executable, "-m", "statusgen", "-C", str(site), *serve],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        terminal = Terminal(process)
        first = terminal.lines_until("Serving ")[-1]
        found = re.fullmatch(r"Serving (http://127\.0\.0\.1:[0-9]+)/ \(Ctrl-C to stop\)", first)
        assert found is not None, first

        (site / "statusgen.yaml").write_text(settings.replace(".com/", ".com/st/"))

        moved = terminal.lines_until("Serving ")
        assert f"Serving {found[1]}/st/ (Ctrl-C to stop)" == moved[-1]
        assert any(line.startswith("Built ") for line in moved), moved

        # A rebuild that leaves the address as it was says nothing of it.
        (site / "statusgen.yaml").write_text(settings.replace(".com/", ".com/st/") + "# x\n")
        assert not any(line.startswith("Serving ") for line in terminal.lines_until("Built "))
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(TIMEOUT)


def test_serve_reads_a_now_without_an_offset_in_the_timezone_of_each_rebuild(
    tmp_path: Path,
) -> None:
    # As `build --now "2026-12-05 12:00"` reads it: noon where the site's clocks are, also
    # once `timezone:` changes while serve runs (it stayed noon in the first zone).
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "components.yaml").write_text("- name: API\n")
    settings = "title: T\nbase_url: https://status.example.com/\ntimezone: UTC\n"
    (site / "statusgen.yaml").write_text(settings)
    serve = ["serve", "--port", "0", "--now", "2026-12-05 12:00"]
    process = subprocess.Popen(
        [sys.executable, "-m", "statusgen", "-C", str(site), *serve],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        terminal = Terminal(process)
        port = int(terminal.lines_until("Serving ")[-1].split(":")[2].split("/")[0])
        page = Client(port).request("/").body
        assert b'As of <time datetime="2026-12-05T12:00:00+00:00"' in page

        (site / "statusgen.yaml").write_text(settings.replace("UTC", "Asia/Tokyo"))
        terminal.lines_until("Built ")

        page = Client(port).request("/").body
        assert b'As of <time datetime="2026-12-05T12:00:00+09:00"' in page
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(TIMEOUT)


# --- rebuilds and reloads ------------------------------------------------------------


def incident_builder(root: Path) -> Builder:
    """A small stand-in for the real build: one page per content/incidents/*.md.

    A file whose first line is not `title: ...` is a user mistake, reported like one.
    """

    def build(output: Path, changed: frozenset[Path] | None = None) -> Built:
        files = {"index.html": b"<html><body><h1>Home</h1></body></html>"}
        for source in sorted((root / "content" / "incidents").glob("*.md")):
            first, _, body = source.read_text().partition("\n")
            if not first.startswith("title: "):
                raise fail(
                    f"content/incidents/{source.name}",
                    "the file must start with `title: ...`",
                    "write the title <b>first</b>",
                    line=1,
                )
            page = f"<html><body><h1>{escape(first[7:])}</h1>{escape(body)}</body></html>"
            files[f"incidents/{source.stem}/index.html"] = page.encode()
        settings = (root / "statusgen.yaml").read_text()
        files["settings.txt"] = settings.encode()
        written = write_site(output, files)
        return Built("/", written.files, written.written + written.removed)

    return build


@dataclass
class Preview:
    root: Path
    client: Client
    log: list[str]

    def edit(self, path: str, text: str) -> None:
        (self.root / path).write_text(text)


@contextmanager
def previewing(
    root: Path, builder: Builder, clock: Callable[[], datetime] | None = None
) -> Iterator[Preview]:
    """`run_preview` of the site at `root` on its own thread, stopped on exit; with `clock`,
    following it as `serve` without `--now` follows the time of day."""
    log: list[str] = []
    ready = threading.Event()
    stop = threading.Event()
    urls: list[str] = []

    def on_ready(url: str) -> None:
        urls.append(url)
        ready.set()

    def run() -> None:
        run_preview(
            root,
            builder,
            host="127.0.0.1",
            port=0,
            log=log.append,
            on_ready=on_ready,
            stop=stop,
            clock=clock,
        )

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        assert ready.wait(TIMEOUT), "the preview did not start"
        port = int(urls[0].split(":")[2].split("/")[0])
        yield Preview(root, Client(port), log)
    finally:
        stop.set()
        thread.join(TIMEOUT)
    assert not thread.is_alive(), "the preview did not stop"


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    """A preview of a small site built by `incident_builder`."""
    root = tmp_path / "site"
    (root / "content" / "incidents").mkdir(parents=True)
    (root / "statusgen.yaml").write_text("title: Example\n")
    (root / "content" / "incidents" / "db.md").write_text("title: Database\nInvestigating.\n")
    with previewing(root, incident_builder(root)) as preview:
        yield preview


def test_an_edited_incident_is_rebuilt_and_open_pages_are_told_to_reload(
    preview: Preview,
) -> None:
    events = preview.client.events()
    try:
        first = events.next_state(lambda state: True, RELOAD_BOUND)
        assert None is first["error"]
        page = preview.client.request("/incidents/db/").body
        assert f'data-generation="{first["generation"]}"'.encode() in page

        preview.edit("content/incidents/db.md", "title: Database\nFixed by a restart.\n")

        changed = events.next_state(
            lambda state: state["generation"] != first["generation"], RELOAD_BOUND
        )
        assert None is changed["error"]
        page = preview.client.request("/incidents/db/").body
        assert b"Fixed by a restart." in page
        assert f'data-generation="{changed["generation"]}"'.encode() in page
    finally:
        events.close()


def test_a_broken_file_is_shown_and_the_last_good_site_stays_until_it_is_fixed(
    preview: Preview,
) -> None:
    events = preview.client.events()
    try:
        good = events.next_state(lambda state: True, RELOAD_BOUND)

        preview.edit("content/incidents/db.md", "oops\n")

        broken = events.next_state(lambda state: state["error"] is not None, RELOAD_BOUND)
        assert "content/incidents/db.md:1: the file must start with `title: ...`" in broken["error"]
        assert good["generation"] == broken["generation"]
        last_good = preview.client.request("/incidents/db/")
        assert 200 == last_good.status
        assert b"Investigating." in last_good.body
        state = json.loads(preview.client.request("/__statusgen/state").body)
        assert broken["error"] == state["error"]
        assert any("content/incidents/db.md:1" in line for line in preview.log)

        preview.edit("content/incidents/db.md", "title: Database\nRecovered.\n")

        fixed = events.next_state(lambda state: state["error"] is None, RELOAD_BOUND)
        assert good["generation"] != fixed["generation"]
        assert b"Recovered." in preview.client.request("/incidents/db/").body
    finally:
        events.close()


def test_the_settings_file_is_watched_even_when_an_editor_replaces_it(
    preview: Preview,
) -> None:
    events = preview.client.events()
    try:
        first = events.next_state(lambda state: True, RELOAD_BOUND)
        replacement = preview.root / "statusgen.yaml.tmp"
        replacement.write_text("title: Renamed\n")
        os.replace(replacement, preview.root / "statusgen.yaml")
        events.next_state(lambda state: state["generation"] != first["generation"], RELOAD_BOUND)
        assert b"title: Renamed\n" == preview.client.request("/settings.txt").body
    finally:
        events.close()


def test_editor_leftovers_do_not_trigger_builds(preview: Preview) -> None:
    events = preview.client.events()
    try:
        first = events.next_state(lambda state: True, RELOAD_BOUND)
        # Where the build does not look at them: a hidden swap file among the incidents
        # (content/incidents/db.md~, which the build reports, is watched: see below).
        preview.edit("content/incidents/.db.md.swp", "swap")
        preview.edit("content/notes.md~", "backup")
        preview.edit("content/4913", "")
        preview.edit(".statusgen-cache", "cache")
        preview.edit("content/incidents/db.md", "title: Database\nSaved.\n")
        events.next_state(lambda state: state["generation"] != first["generation"], RELOAD_BOUND)
    finally:
        events.close()
    changes = [line for line in preview.log if line.startswith("Changed: ")]
    assert ["Changed: content/incidents/db.md"] == changes


def test_an_editor_s_temp_file_renamed_over_the_saved_one_is_not_named(preview: Preview) -> None:
    # As `sed -i` saves: a temp file beside the file, renamed over it. The temp file came
    # and went within the batch; "Changed:" naming it sends the author looking for it.
    events = preview.client.events()
    try:
        first = events.next_state(lambda state: True, RELOAD_BOUND)
        temp = preview.root / "content/incidents/sedNsINmP"
        temp.write_text("title: Database\nSaved by sed.\n")
        os.replace(temp, preview.root / "content/incidents/db.md")
        events.next_state(lambda state: state["generation"] != first["generation"], RELOAD_BOUND)
    finally:
        events.close()
    changes = [line for line in preview.log if line.startswith("Changed: ")]
    assert ["Changed: content/incidents/db.md"] == changes


def test_a_changed_file_s_name_is_shown_never_obeyed(preview: Preview) -> None:
    # A name that would clear the screen and overwrite the line, as a pull can bring one.
    events = preview.client.events()
    try:
        first = events.next_state(lambda state: True, RELOAD_BOUND)
        preview.edit("content/incidents/db\x1b[2J\r.md", "title: Database\nSaved.\n")
        events.next_state(lambda state: state["generation"] != first["generation"], RELOAD_BOUND)
    finally:
        events.close()
    changes = [line for line in preview.log if line.startswith("Changed: ")]
    assert ["Changed: content/incidents/db\\x1b[2J\\x0d.md"] == changes


@pytest.mark.parametrize("folder", ["content", "static", "."])
def test_a_name_that_is_not_utf8_is_reported_and_watching_goes_on(
    preview: Preview, folder: str
) -> None:
    # The watch cannot decode such a name (it may come from an archive or another
    # system): the preview must keep rebuilding, never serve a stale page in silence.
    (preview.root / "static").mkdir(exist_ok=True)
    odd = os.path.join(os.fsencode(preview.root / folder), b"notes-\xe9.txt")
    events = preview.client.events()
    try:
        events.next_state(lambda state: True, RELOAD_BOUND)

        # Written until seen: the watch starts over to take in the new static/.
        def reported() -> bool:
            with open(odd, "wb") as file:
                file.write(b"x")
            return any("rename it" in line for line in preview.log)

        wait_until(reported, RELOAD_BOUND, "the name was not reported")
        with open(odd, "wb") as file:
            file.write(b"y")

        # Saved until the watch sees one: it may be starting over.
        def rebuilt() -> bool:
            preview.edit("content/incidents/db.md", f"title: Database\nSaved {time.time()}.\n")
            return b"Saved" in preview.client.request("/incidents/db/").body

        wait_until(rebuilt, RELOAD_BOUND, "an edit after the name was never rebuilt")
    finally:
        events.close()
    # Named as the terminal shows it (the byte as `\udce9`), as `build` names the file.
    said = [line for line in preview.log if "rename it" in line]
    assert 1 == len(said), said
    assert said[0].startswith(os.path.normpath(f"{folder}/notes-\udce9.txt: ")), said


@pytest.mark.parametrize(
    ("relpath", "rebuilds"),
    [
        # What a build leaves out of the site is no reason to rebuild it...
        ("static/.logo.svg.swp", False),
        ("static/logo.svg~", False),
        ("static/#notes#", False),
        ("static/.DS_Store", False),
        ("themes/static/site.css.bak", False),
        ("static/vendor/.git/index", False),
        ("static/.git", False),
        # ...what it publishes is, hidden or named like a swap file or not.
        ("static/logo.swf", True),
        ("static/.htaccess", True),
        ("static/.well-known/security.txt", True),
        ("static/node_modules/chart/chart.js", True),
        ("themes/static/node_modules/lib/x.css", True),
        ("static/__pycache__/note.txt", True),
        ("static/.venv/notes.txt", True),
        ("static/tool.pyc", True),
    ],
)
def test_the_watcher_skips_what_the_build_leaves_out_of_static(
    tmp_path: Path, relpath: str, rebuilds: bool
) -> None:
    import watchfiles

    watching = SourceFilter(tmp_path)
    assert rebuilds == watching(watchfiles.Change.added, str(tmp_path / relpath))


def test_a_themes_folder_created_while_serving_is_watched(preview: Preview) -> None:
    (preview.root / "themes").mkdir()
    wait_until(lambda: "Changed: themes" in preview.log, RELOAD_BOUND, "no rebuild for themes/")

    # The watch of the source folders restarts to take in themes/; save until it sees one.
    def seen() -> bool:
        preview.edit("themes/base.html", f"<html>{time.monotonic()}</html>")
        return any("themes/base.html" in line for line in preview.log)

    wait_until(seen, RELOAD_BOUND, "a save inside the new themes/ was not seen")


@pytest.mark.parametrize(
    ("link", "url"),
    [("static/notes", "/notes/"), ("themes/static", "/assets/")],
    ids=["static", "theme-static"],
)
def test_a_folder_linked_while_serving_is_watched_until_the_link_goes(
    tmp_path: Path, link: str, url: str
) -> None:
    # The watch of static/ does not follow a link made after it started: the folder it
    # leads to is watched because the build read it, and no longer once it does not.
    root = copy_example(tmp_path / "site")
    (root / "brand").mkdir()
    (root / "brand" / "a.txt").write_text("v1\n")
    (root / link).parent.mkdir(exist_ok=True)  # watched from the start, the link not yet
    now = datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url="http://127.0.0.1/")

    def serves(path: str, body: bytes | None) -> Callable[[], bool]:
        def check() -> bool:
            reply = preview.client.request(url + path)
            if body is None:
                return 404 == reply.status
            return (200, body) == (reply.status, reply.body)

        return check

    with previewing(root, builder) as preview:
        (root / link).symlink_to("../brand", target_is_directory=True)
        wait_until(serves("a.txt", b"v1\n"), RELOAD_BOUND, f"{link} was not published")

        (root / "brand" / "a.txt").write_text("v2\n")
        wait_until(serves("a.txt", b"v2\n"), RELOAD_BOUND, "an edit in brand/ was not seen")
        (root / "brand" / "b.txt").write_text("v3\n")
        wait_until(serves("b.txt", b"v3\n"), RELOAD_BOUND, "a file added to brand/ was not seen")

        (root / link).unlink()
        wait_until(serves("a.txt", None), RELOAD_BOUND, f"{link} removed was still published")
        wait_until(
            lambda: "No longer watching brand/: no link leads there" in preview.log,
            RELOAD_BOUND,
            f"brand/ was still watched without {link}",
        )
        since = len(preview.log)
        # Saved before the incident: were brand/ still watched, its change would come first.
        (root / "brand" / "a.txt").write_text("v4\n")
        with (root / EXAMPLE_INCIDENT).open("a") as file:
            file.write("\nSaved.\n")
        wait_until(
            lambda: any(EXAMPLE_INCIDENT in line for line in preview.log[since:]),
            RELOAD_BOUND,
            "the saved incident was not seen",
        )
    assert "Watching brand/ too: the site reads it through a link" in preview.log
    assert not any("brand/" in line for line in preview.log[since:]), preview.log


def _example_with_its_incident_in_archive(tmp_path: Path) -> tuple[Path, str]:
    """The example site with its incident moved to archive/ and linked from where it was:
    the site, and the incident's file name."""
    root = copy_example(tmp_path / "site")
    (root / "archive").mkdir()
    name = os.path.basename(EXAMPLE_INCIDENT)
    os.replace(root / EXAMPLE_INCIDENT, root / "archive" / name)
    (root / EXAMPLE_INCIDENT).symlink_to(f"../../archive/{name}")
    return root, name


def test_an_incident_linked_from_another_folder_follows_its_edits(tmp_path: Path) -> None:
    # `resolve` writes through the link into archive/, and the link's own folder does not
    # change: the preview must watch where the link leads, and rebuild the incident.
    root, name = _example_with_its_incident_in_archive(tmp_path)
    now = datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url="http://127.0.0.1/")
    page_path = "/incidents/2026-11-22-payout-creation-errors/"

    def shows(text: bytes) -> Callable[[], bool]:
        return lambda: text in preview.client.request(page_path).body

    with previewing(root, builder) as preview:
        resolve = ["resolve", "payout-creation-errors", "-m", "RESOLVED-NOW"]
        resolved = CliRunner().invoke(
            cli, ["-C", str(root), *resolve, "--now", "2026-11-22T19:58:00Z"]
        )
        assert 0 == resolved.exit_code, resolved.output
        wait_until(shows(b"RESOLVED-NOW"), RELOAD_BOUND, "the resolved incident was not rebuilt")

        with (root / "archive" / name).open("a") as file:
            file.write("\nEDITED-BY-HAND\n")
        wait_until(shows(b"EDITED-BY-HAND"), RELOAD_BOUND, "an edit in archive/ was not seen")
    assert "Watching archive/ too: the site reads it through a link" in preview.log


def test_an_incident_linked_from_another_folder_is_no_change_at_start(tmp_path: Path) -> None:
    # Watching archive/ from the start, serve said "Changed: archive" and built again,
    # though nothing had changed.
    root, name = _example_with_its_incident_in_archive(tmp_path)
    now = datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url="http://127.0.0.1/")

    with previewing(root, builder) as preview:
        # A save after the start comes after the look at archive/ the start asked for.
        (root / "content" / "components.yaml").write_bytes(
            (root / "content" / "components.yaml").read_bytes() + b"\n"
        )
        wait_until(
            lambda: any(line.startswith("Changed: content") for line in preview.log),
            RELOAD_BOUND,
            "the saved components were not seen",
        )
        with (root / "archive" / name).open("a") as file:
            file.write("\nEDITED-BY-HAND\n")
        wait_until(
            lambda: any(line.startswith("Changed: archive/") for line in preview.log),
            RELOAD_BOUND,
            "an edit in archive/ was not seen",
        )
    changed = [line for line in preview.log if line.startswith("Changed:")]
    assert ["Changed: content/components.yaml", f"Changed: archive/{name}"] == changed


def test_plain_folders_named_for_incidents_beside_content_are_no_link_to_follow(
    tmp_path: Path,
) -> None:
    # A team's own incidents/ (a README, a template) and maintenance/ (a script) at the
    # site's top are only looked into for an incident saved there: serve said it watched
    # them "through a link" and rebuilt once for no change.
    root = copy_example(tmp_path / "site")
    for relpath, text in (
        ("incidents/README.md", "# How we handle incidents\n"),
        ("incidents/TEMPLATE.md", "Copy me into content/incidents/.\n"),
        ("maintenance/run.sh", "echo hi\n"),
    ):
        (root / relpath).parent.mkdir(exist_ok=True)
        (root / relpath).write_text(text)
    now = datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url="http://127.0.0.1/")
    with previewing(root, builder) as preview:
        with (root / EXAMPLE_INCIDENT).open("a") as file:
            file.write("\nSaved.\n")
        wait_until(
            lambda: any(EXAMPLE_INCIDENT in line for line in preview.log),
            RELOAD_BOUND,
            "the saved incident was not seen",
        )
    assert not any("through a link" in line for line in preview.log), preview.log
    assert not any(line.startswith("Changed: incidents") for line in preview.log), preview.log


def test_monitor_results_recorded_while_serving_are_watched(preview: Preview) -> None:
    # `statusgen probe` creates data/ on its first run, then writes data/monitors/*.json.
    (preview.root / "data" / "monitors").mkdir(parents=True)
    wait_until(lambda: "Changed: data" in preview.log, RELOAD_BOUND, "no rebuild for data/")

    def seen() -> bool:
        preview.edit("data/monitors/api.json", f"{time.monotonic()}")
        return any("data/monitors/api.json" in line for line in preview.log)

    wait_until(seen, RELOAD_BOUND, "a result written inside data/ was not seen")


def test_the_preview_leaves_the_output_folder_alone(preview: Preview) -> None:
    assert 200 == preview.client.request("/").status
    assert not (preview.root / "public").exists()


REPO = Path(__file__).resolve().parents[1]
EXAMPLE_INCIDENT = "content/incidents/2026-11-22-payout-creation-errors.md"


def test_the_example_site_is_previewed_under_its_base_path_and_follows_edits(
    tmp_path: Path,
) -> None:
    root = copy_example(tmp_path / "site")
    now = datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url="http://127.0.0.1/status/")
    page_path = "/status/incidents/2026-11-22-payout-creation-errors/"

    with previewing(root, builder) as preview:
        client = preview.client
        assert "/status/" == client.request("/").headers["Location"]
        page = client.request(page_path)
        assert 200 == page.status
        assert b"Errors when creating instant payouts" in page.body
        stylesheets = re.findall(rb'<link rel="stylesheet" href="([^"?]+)', page.body)
        assert stylesheets, "the page links no stylesheet"
        for href in stylesheets:
            assert (
                "text/css; charset=utf-8" == client.request(href.decode()).headers["Content-Type"]
            )
        assert "application/json" == client.request("/status/status.json").headers["Content-Type"]

        events = client.events()
        try:
            first = events.next_state(lambda state: True, RELOAD_BOUND)
            with (root / EXAMPLE_INCIDENT).open("a") as file:
                file.write("\nThe bank has found the faulty connection.\n")
            events.next_state(
                lambda state: state["generation"] != first["generation"], RELOAD_BOUND
            )
            assert b"The bank has found the faulty connection." in client.request(page_path).body

            text = (root / EXAMPLE_INCIDENT).read_text()
            (root / EXAMPLE_INCIDENT).write_text(
                text.replace("status: identified", "status: fixed")
            )
            broken = events.next_state(lambda state: state["error"] is not None, RELOAD_BOUND)
            assert f"{EXAMPLE_INCIDENT}:3" in broken["error"]
            assert 200 == client.request(page_path).status

            (root / EXAMPLE_INCIDENT).write_text(text)
            events.next_state(lambda state: state["error"] is None, RELOAD_BOUND)
        finally:
            events.close()


def test_a_backup_among_the_incidents_is_shown_as_build_shows_it_until_removed(
    tmp_path: Path,
) -> None:
    # `build` reports content/incidents/x.md~ and says to remove it: the preview must say
    # so when it appears, and stop saying so once it is gone, as `build` would.
    root = copy_example(tmp_path / "site")
    backup = root / f"{EXAMPLE_INCIDENT}~"
    backup.write_bytes((root / EXAMPLE_INCIDENT).read_bytes())
    now = datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url="http://127.0.0.1/")

    with previewing(root, builder) as preview:
        client = preview.client
        assert 500 == client.request("/").status
        events = client.events()
        try:
            first = events.next_state(lambda state: True, RELOAD_BOUND)
            assert f"{EXAMPLE_INCIDENT}~: not read" in first["error"]
            backup.unlink()
            events.next_state(lambda state: state["error"] is None, RELOAD_BOUND)
            assert 200 == client.request("/").status

            backup.write_bytes((root / EXAMPLE_INCIDENT).read_bytes())
            broken = events.next_state(lambda state: state["error"] is not None, RELOAD_BOUND)
            assert f"{EXAMPLE_INCIDENT}~: not read" in broken["error"]
            backup.unlink()
            events.next_state(lambda state: state["error"] is None, RELOAD_BOUND)
        finally:
            events.close()


def test_a_saved_translation_rebuilds_every_page_that_shows_it(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "site")
    shutil.rmtree(root / "themes")  # its footer is not translated; the built-in one is
    settings = root / "statusgen.yaml"
    settings.write_text(re.sub(r"(?m)^language: .*$", "language: de", settings.read_text()))
    catalog = root / "translations" / "de.po"
    catalog.parent.mkdir()
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    catalog.write_text(f'{header}msgid "Powered by statusgen"\nmsgstr "Gebaut mit statusgen"\n')
    now = datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url="http://127.0.0.1/")

    with previewing(root, builder) as preview:
        client = preview.client
        assert "Gebaut mit statusgen" in client.request("/404.html").body.decode()
        events = client.events()
        try:
            first = events.next_state(lambda state: True, RELOAD_BOUND)
            catalog.write_text(catalog.read_text().replace("Gebaut", "Erzeugt"))
            events.next_state(
                lambda state: state["generation"] != first["generation"], RELOAD_BOUND
            )
        finally:
            events.close()
        # Every page with the footer follows the catalog, not only those rebuilt for
        # another reason: the preview equals a clean build.
        for path in ("/", "/404.html", "/history/"):
            body = client.request(path).body.decode()
            assert "Erzeugt mit statusgen" in body, path
            assert "Gebaut mit statusgen" not in body, path


def shows(page: Any, expression: str, bound: float = RELOAD_BOUND) -> None:
    """Wait until `expression` holds in the tab, across the reloads that happen meanwhile."""
    deadline = time.monotonic() + bound
    while True:
        try:
            if page.evaluate(f"!!(document.body && ({expression}))"):
                return
        except RuntimeError:
            pass  # evaluated while the page was being replaced; ask the new one
        if time.monotonic() > deadline:
            pytest.fail(f"the tab did not show {expression} within {bound} s")
        time.sleep(0.02)


@pytest.mark.browser
def test_an_open_tab_shows_a_saved_edit_and_build_errors(preview: Preview) -> None:
    from browser import browser_page

    panel = "document.getElementById('statusgen-build-error')"
    with browser_page() as page:
        page.goto(f"http://127.0.0.1:{preview.client.port}/incidents/db/")
        shows(page, "document.querySelector('script[data-generation]')")

        preview.edit("content/incidents/db.md", "title: Database\nFixed by a restart.\n")
        shows(page, "document.body.innerText.includes('Fixed by a restart.')")

        preview.edit("content/incidents/db.md", "oops\n")
        shows(page, f"{panel} && {panel}.innerText.includes('db.md:1')")
        # Diagnostics are text: the hint's <b> is shown as written, not as markup.
        assert "write the title <b>first</b>" in page.evaluate(f"{panel}.textContent")
        assert 0 == page.evaluate(f"{panel}.querySelectorAll('b').length")
        assert page.evaluate("document.body.innerText.includes('Fixed by a restart.')")

        preview.edit("content/incidents/db.md", "title: Database\nRecovered.\n")
        shows(page, "document.body.innerText.includes('Recovered.')")
        shows(page, f"{panel} === null")


def wakeups(threads: set[str]) -> int:
    """How many times the threads of this process named by `threads` (ids under
    /proc/self/task) have gone to sleep and woken up so far."""
    total = 0
    for thread in threads:
        try:
            status = (Path("/proc/self/task") / thread / "status").read_text()
        except OSError:
            continue  # ended meanwhile
        found = re.search(r"^voluntary_ctxt_switches:\s+(\d+)", status, re.MULTILINE)
        total += int(found.group(1)) if found else 0
    return total


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts wakeups from /proc")
def test_an_idle_preview_lets_the_processor_sleep(tmp_path: Path) -> None:
    # Waiting for saves and requests, the preview woke the CPU 225 times a second: its
    # watches polled every 10 ms, its server and its loop every 50 and 200 ms.
    root = tmp_path / "site"
    (root / "content" / "incidents").mkdir(parents=True)
    (root / "statusgen.yaml").write_text("title: Example\n")
    before = set(os.listdir("/proc/self/task"))
    with previewing(root, incident_builder(root)):
        threads = set(os.listdir("/proc/self/task")) - before
        time.sleep(0.5)  # started, and idle
        start, since = wakeups(threads), time.monotonic()
        time.sleep(1.0)
        per_second = (wakeups(threads) - start) / (time.monotonic() - since)
    # About 50 now, 235 before: room for a loaded machine, none for polling every 10 ms.
    assert per_second < 150, f"{per_second:.0f} wakeups a second while idle"


def test_the_watcher_tells_the_build_which_files_changed(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "content" / "incidents").mkdir(parents=True)
    (root / "statusgen.yaml").write_text("title: Example\n")
    (root / "content" / "incidents" / "db.md").write_text("title: Database\nInvestigating.\n")
    told: list[frozenset[Path] | None] = []
    inner = incident_builder(root)

    def build(output: Path, changed: frozenset[Path] | None = None) -> Built:
        told.append(changed)
        return inner(output, changed)

    with previewing(root, build) as preview:
        events = preview.client.events()
        try:
            first = events.next_state(lambda state: True, RELOAD_BOUND)
            preview.edit("content/incidents/db.md", "title: Database\nFixed.\n")
            events.next_state(
                lambda state: state["generation"] != first["generation"], RELOAD_BOUND
            )
        finally:
            events.close()
    # The first build looks at everything; the next is told the one file saved.
    edited = (root / "content" / "incidents" / "db.md").absolute()
    assert [None, frozenset({edited})] == told[:2]


def on_watch_restart(
    monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]
) -> threading.Event:
    """Run `action` each time the preview starts a watch of folders over, once the
    returned event is set: what happens meanwhile, which no watch is in place to see, is
    then certain to happen in that moment rather than by luck of a few milliseconds."""
    from statusgen.serve.watcher import SourceWatcher

    armed = threading.Event()
    watch = SourceWatcher._watch

    def restarting(
        self: SourceWatcher, *paths: Path, recursive: bool, stop: Any, **step: int
    ) -> Any:
        if armed.is_set() and recursive:
            action()
        return watch(self, *paths, recursive=recursive, stop=stop, **step)

    monkeypatch.setattr(SourceWatcher, "_watch", restarting)
    return armed


def retitled(root: Path, title: str) -> None:
    """Save the example incident under a new title."""
    incident = root / EXAMPLE_INCIDENT
    text = incident.read_text()
    incident.write_text(
        text.replace("title: Errors when creating instant payouts", f"title: {title}")
    )


def test_a_save_right_after_a_settings_save_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every save of statusgen.yaml started the watch of content/, themes/... over: an
    # incident saved a few milliseconds after it went unseen, and its page stayed old
    # until the incident was saved again. Here the restart, if any, waits for that save.
    root = copy_example(tmp_path / "site")
    saved = threading.Event()
    armed = on_watch_restart(monkeypatch, lambda: saved.wait(TIMEOUT))
    now = datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url="http://127.0.0.1/")
    page = "/incidents/2026-11-22-payout-creation-errors/"

    with previewing(root, builder) as preview:
        armed.set()
        settings = root / "statusgen.yaml"
        settings.write_text(settings.read_text().replace("Current and past", "Past and current"))
        wait_until(
            lambda: "Changed: statusgen.yaml" in preview.log, RELOAD_BOUND, "no settings rebuild"
        )
        retitled(root, "Instant payouts fail")
        saved.set()
        wait_until(
            lambda: b"Instant payouts fail" in preview.client.request(page).body,
            RELOAD_BOUND,
            "the incident saved after the settings was not shown",
        )


def test_a_save_while_the_watch_takes_in_a_new_folder_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A page given its own static folder is watched from then on: its watch starts over,
    # and a save made meanwhile, which no watch sees, must show all the same.
    root = copy_example(tmp_path / "site")
    (root / "extra").mkdir()
    (root / "extra" / "note.txt").write_text("for the public page\n")
    settings = root / "statusgen.yaml"
    page = "  public:\n    base_url: http://127.0.0.1/\n    output: public\n"
    settings.write_text(f"{settings.read_text()}\npages:\n{page}")
    armed = on_watch_restart(monkeypatch, lambda: retitled(root, "Instant payouts fail"))
    now = datetime(2026, 11, 22, 20, 0, tzinfo=timezone.utc)
    builder = site_builder(root, now=lambda: now, base_url=None)
    incident_page = "/incidents/2026-11-22-payout-creation-errors/"

    with previewing(root, builder) as preview:
        assert 404 == preview.client.request("/note.txt").status
        armed.set()
        settings.write_text(f"{settings.read_text()}    static: extra\n")
        wait_until(
            lambda: 200 == preview.client.request("/note.txt").status,
            RELOAD_BOUND,
            "the page's own static folder was not published",
        )
        wait_until(
            lambda: b"Instant payouts fail" in preview.client.request(incident_page).body,
            RELOAD_BOUND,
            "the incident saved while the watch started over was not shown",
        )


def test_what_each_rebuild_leaves_is_swept_up_while_the_preview_is_idle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A build leaves reference cycles behind; in a long preview they must not pile up
    # (12 MB per save at 10,000 incidents) until one full collection stalls a rebuild.
    import gc

    from statusgen.serve import watcher

    root = copy_example(tmp_path / "site")
    incident = next((root / "content" / "incidents").glob("*.md"))
    live = LiveSite(tmp_path / "live")
    builder = site_builder(
        root, now=lambda: datetime(2026, 11, 22, tzinfo=timezone.utc), base_url=None
    )
    monkeypatch.setattr(watcher, "SWEEP_AFTER_S", 0.05)

    class Saves:
        """Three saves of one incident, each followed by a pause the sweep fits in."""

        def __init__(self) -> None:
            self.root = root

        def follow(self, read_folders: object) -> tuple[list[Path], list[Path]]:
            return [], []

        def batches(self, until: object) -> Iterator[Batch]:
            for n in range(3):
                incident.write_text(incident.read_text() + f"\nSaved {n}.\n")
                yield Batch(frozenset({str(incident)}))
                time.sleep(0.5)

    built = rebuild(live, builder, lambda line: None)
    assert built
    enabled = gc.isenabled()
    gc.disable()  # only the sweeps collect, so what they leave is seen below
    try:
        gc.collect()
        watcher.watch_and_rebuild(Saves(), live, builder, lambda line: None, last=built)  # type: ignore[arg-type]
        left = gc.collect()
    finally:
        if enabled:
            gc.enable()
    assert left < 100, f"{left} objects of the rebuilds were left to the next full collection"


def test_a_stop_whose_interrupt_python_dropped_still_ends_the_preview(tmp_path: Path) -> None:
    # Ctrl-C's KeyboardInterrupt is raised wherever the main thread is. Landed in a
    # finalizer run by a garbage collection during a rebuild, Python drops it, and the
    # preview ran on until a second Ctrl-C. The note the signal leaves stops it all the
    # same: here the note alone, as when its interrupt was dropped.
    site = copy_example(tmp_path / "site")
    done, forced = threading.Event(), threading.Event()

    def note_the_stop() -> None:
        deadline = time.monotonic() + 10
        while not done.wait(0.1):
            if time.monotonic() > deadline:  # never seen: stop it as before, and fail
                forced.set()
                os.kill(os.getpid(), signal.SIGINT)
                return
            STOP_ASKED.set()  # again and again: the preview clears it as it starts

    helper = threading.Thread(target=note_the_stop, daemon=True)
    helper.start()
    try:
        result = CliRunner().invoke(cli, ["-C", str(site), "serve", "--port", "0"])
    finally:
        done.set()
        helper.join()
        STOP_ASKED.clear()
    assert not forced.is_set()
    assert 0 == result.exit_code, result.output
    assert "Stopped." in result.output


# --- the clock moves on --------------------------------------------------------------

WINDOW = """\
---
title: Window two
scheduled_for: 2026-12-05 16:41 +01:00
scheduled_until: 2026-12-05 17:39 +01:00
components: [gateway]
---
## Scheduled at 2026-12-05 15:00 +01:00

Gateway work.
"""
BERLIN = timezone(timedelta(hours=1))


class Clock:
    """The time of day as a preview reads it, moved by the test; and what each build was
    told changed."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment
        self.told: list[frozenset[Path] | None] = []

    def __call__(self) -> datetime:
        return self.moment

    def builder(self, inner: Builder) -> Builder:
        def build(output: Path, changed: frozenset[Path] | None = None) -> Built:
            self.told.append(changed)
            return inner(output, changed)

        return build


@pytest.fixture
def quick_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview reads the clock again every 50 ms, not every minute: a test moves it and
    sees the result at once."""
    from statusgen.serve import watcher

    monkeypatch.setattr(watcher, "CLOCK_WAIT_S", 0.05)


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"2026-12-05T{text}+01:00")


@pytest.mark.parametrize(
    ("now", "next_change", "due"),
    [
        ("16:40:30", None, "16:41:00"),  # once a minute, on the minute
        ("16:40:30", "16:40:45", "16:40:45"),  # a window's start before that
        ("16:40:30", "16:59:00", "16:41:00"),
        # A monitor stale a microsecond after 16:40:45 is stale to the clock at 16:40:46.
        ("16:40:30", "16:40:45.000001", "16:40:46"),
    ],
)
def test_the_clock_rebuilds_each_minute_and_when_the_site_changes_sooner(
    now: str, next_change: str | None, due: str
) -> None:
    built = Built("/", 1, 1, now=at(now), next_change=lambda: next_change and at(next_change))
    assert at(due) == clock_due(built)


@pytest.mark.usefixtures("quick_clock")
def test_a_window_that_starts_while_serving_shows_under_way_without_a_save(
    tmp_path: Path,
) -> None:
    # Left open over the start of a maintenance window, the preview showed it scheduled
    # until something was saved: "now" was read only when a save rebuilt the site.
    root = tmp_path / "site"
    (root / "content" / "incidents").mkdir(parents=True)
    (root / "statusgen.yaml").write_text(
        "title: T\nbase_url: https://status.example.com/\ntimezone: Europe/Berlin\n"
    )
    (root / "content" / "components.yaml").write_text("- name: Gateway\n")
    (root / "content" / "incidents" / "2026-12-05-window-two.md").write_text(WINDOW)
    clock = Clock(datetime(2026, 12, 5, 16, 40, 30, tzinfo=BERLIN))
    builder = clock.builder(site_builder(root, now=clock, base_url=None))
    active = "/api/v2/scheduled-maintenances/active.json"
    page = "/incidents/2026-12-05-window-two/"

    with previewing(root, builder, clock) as preview:
        assert b"Window two" not in preview.client.request(active).body
        assert b"In progress" not in preview.client.request(page).body

        clock.moment = datetime(2026, 12, 5, 16, 41, 5, tzinfo=BERLIN)

        wait_until(
            lambda: b"Window two" in preview.client.request(active).body,
            RELOAD_BOUND,
            "the window that began is not listed as active",
        )
        assert b"In progress" in preview.client.request(page).body
    # Built for the clock alone: told no file changed, and not said in the terminal.
    assert [None, frozenset()] == clock.told[:2]
    assert 1 == sum(line.startswith("Built ") for line in preview.log), preview.log


@pytest.mark.usefixtures("quick_clock")
def test_a_rebuild_for_the_clock_that_writes_nothing_reloads_no_page(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 12, 5, 16, 40, 30, tzinfo=BERLIN))
    inner = files_builder(SITE)

    def build(output: Path, changed: frozenset[Path] | None = None) -> Built:
        return replace(inner(output, changed), now=clock())

    root = tmp_path / "site"
    root.mkdir()
    with previewing(root, clock.builder(build), clock) as preview:
        events = preview.client.events()
        try:
            first = events.next_state(lambda state: True, RELOAD_BOUND)
            clock.moment = datetime(2026, 12, 5, 16, 41, 0, tzinfo=BERLIN)
            # Told, as after any build, and with the same site: the page does not reload.
            again = events.next_state(lambda state: True, RELOAD_BOUND)
        finally:
            events.close()
    assert [None, frozenset()] == clock.told[:2]
    assert first == again


def test_a_link_removed_while_the_watcher_resolves_it_does_not_stop_the_preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Removed between the moment the watcher reads that static/notes is a link and the
    # moment it reads where it leads (Python's realpath then raises): the watch goes on,
    # as the build the removal starts says what is gone. It stopped the preview.
    from statusgen.serve.watcher import SourceWatcher

    root = copy_example(tmp_path / "site")
    (root / "brand").mkdir()
    (root / "static").mkdir(exist_ok=True)
    link = root / "static" / "notes"
    link.symlink_to("../brand", target_is_directory=True)
    read_link = os.readlink

    def removed_meanwhile(path: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(path) == os.fspath(link) and link.is_symlink():
            link.unlink()
        return read_link(path, *args, **kwargs)

    monkeypatch.setattr(os, "readlink", removed_meanwhile)
    watcher = SourceWatcher(root, threading.Event())

    assert ([], []) == watcher.follow(["static/notes"])
