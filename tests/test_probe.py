"""Probing real servers on 127.0.0.1: HTTP, TCP and TLS switch between healthy, failing,
slow and closed; DNS goes through a stubbed resolver (no resolver we control exists here)."""

from __future__ import annotations

import errno
import json
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from probeservers import (
    HTTP_MONITOR,
    closed_port,
    http_server,
    not_http_server,
    page_server,
    private_ca,
    raw_server,
    self_signed,
    tcp_listener,
    tls_server,
    trickling_server,
)
from sitefiles import INCIDENT_PATH, pin_clock, write_site

from statusgen.cli import cli
from statusgen.model import CheckResult, Monitor, MonitorKind, Source
from statusgen.probe import checks, words
from statusgen.probe.runner import run_all, run_one

SOURCE = Source("content/monitors.yaml", 1)
BERLIN = ZoneInfo("Europe/Berlin")  # the timezone of the sites tests write


def monitor(kind: MonitorKind, **kw: Any) -> Monitor:
    values: dict[str, Any] = {"timeout": 2.0, "retries": 0}
    values.update(kw)
    return Monitor(id="m", component_id="api", kind=kind, name="m", source=SOURCE, **values)


def now() -> datetime:
    return datetime.now(timezone.utc)


@pytest.fixture
def december_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """`record` run on 2 December 2026, 13:00 UTC: runs dated that day and the one before
    are within the 48 hours a file holds, whenever the suite runs. Both clocks: the run's
    "now" (SOURCE_DATE_EPOCH) and this machine's, which the future is judged by."""
    pin_clock(monkeypatch, datetime(2026, 12, 2, 13, tzinfo=timezone.utc))


# --- HTTP ------------------------------------------------------------------------------


def succeeding(root: Path) -> Callable[..., str]:
    """`statusgen -C root ARGS…` in process, asserted to succeed; its output."""

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["-C", str(root), *args])
        assert 0 == result.exit_code, result.output
        return result.output

    return run


@pytest.mark.parametrize(
    ("mode", "settings", "expected", "message"),
    [
        ("healthy", {}, CheckResult.UP, "HTTP 200"),
        ("failing", {}, CheckResult.DOWN, "HTTP 500, expected 2xx or 3xx"),
        ("failing", {"expect_status": (500,)}, CheckResult.UP, "HTTP 500"),
        ("healthy", {"expect_status": (204,)}, CheckResult.DOWN, "HTTP 200, expected 204"),
        ("healthy", {"body": "status: ok"}, CheckResult.UP, "HTTP 200"),
        ("healthy", {"body": "all good"}, CheckResult.DOWN, "HTTP 200, body lacks 'all good'"),
        ("slow", {"slow_ms": 100}, CheckResult.DEGRADED, "slow:"),
        ("slow", {"timeout": 0.1}, CheckResult.DOWN, "timed out"),
    ],
)
def test_http_result_follows_the_server(
    mode: str, settings: dict[str, Any], expected: CheckResult, message: str
) -> None:
    with http_server(slow_seconds=0.3) as server:
        server.mode = mode
        url = f"http://127.0.0.1:{server.port}/health"
        check = run_one(monitor(MonitorKind.HTTP, url=url, **settings), now)
    assert expected == check.result
    assert message in check.message
    if expected is not CheckResult.DOWN:
        assert check.latency_ms is not None


def test_http_switching_server_and_closed_port() -> None:
    with http_server() as server:
        probe = monitor(MonitorKind.HTTP, url=f"http://127.0.0.1:{server.port}/")
        seen = []
        for mode in ("healthy", "failing", "healthy"):
            server.mode = mode
            seen.append(run_one(probe, now).result)
    closed = run_one(probe, now)  # the same port, server gone
    assert [CheckResult.UP, CheckResult.DOWN, CheckResult.UP] == seen
    assert (CheckResult.DOWN, "connection refused") == (closed.result, closed.message)


def test_a_reply_that_is_not_http_is_reported_as_such() -> None:
    with not_http_server() as port:
        check = run_one(monitor(MonitorKind.HTTP, url=f"http://127.0.0.1:{port}/"), now)
    assert (CheckResult.DOWN, "not an HTTP response") == (check.result, check.message)


@pytest.mark.parametrize(
    ("reply", "body", "said"),
    [
        (
            b"HTTP/Data_breach:_all_passwords_leaked,_reset_at_evil.example\x1b[31m 200 OK\r\n\r\n",
            None,
            "not an HTTP response",
        ),
        (
            b"HTTP/<img\xe2\x80\xaesrc=x\x07onerror=alert(1)> 200 OK\r\nContent-Length: 0\r\n\r\n",
            None,
            "not an HTTP response",
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ<script>\r\n",
            "ok",
            "response cut short",
        ),
        (
            b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: a\r\n" % n for n in range(200)) + b"\r\n",
            None,
            "invalid HTTP response",
        ),
        (b"HTTP/1.1 200 " + b"leaked " * 10_000 + b"\r\n\r\n", None, "invalid HTTP response"),
        # The connection ends before the body its Content-Length announces: not a body
        # that lacks the text, nor a whole one because the text came in time.
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhealth: stat",
            "status ok",
            "response cut short",
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhealth: status ok",
            "status ok",
            "response cut short",
        ),
    ],
    ids=[
        "unknown-protocol",
        "markup-as-version",
        "bad-chunk",
        "too-many-headers",
        "long-line",
        "short-body",
        "short-body-with-text",
    ],
)
def test_a_broken_reply_is_recorded_in_our_words_never_the_server_s(
    reply: bytes, body: str | None, said: str
) -> None:
    # http.client's text repeats what the server sent (its control characters included),
    # and the run's message is published on the component page.
    with not_http_server(reply) as port:
        url = f"http://127.0.0.1:{port}/"
        check = run_one(monitor(MonitorKind.HTTP, url=url, body=body), now)
    assert (CheckResult.DOWN, said) == (check.result, check.message)


HINTS = b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
HEALTHY = b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\nstatus ok"


@pytest.mark.parametrize(
    ("reply", "expected", "said"),
    [
        (HINTS + HEALTHY, CheckResult.UP, "HTTP 200"),
        (b"HTTP/1.1 102 Processing\r\n\r\n" + HEALTHY, CheckResult.UP, "HTTP 200"),
        (b"HTTP/1.1 100 Continue\r\n\r\n" + HINTS + HINTS + HEALTHY, CheckResult.UP, "HTTP 200"),
        (
            HINTS + b"HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n",
            CheckResult.DOWN,
            "HTTP 500, expected 2xx or 3xx",
        ),
        # Never asked for (no Upgrade in the request): the server's answer, and not a 2xx.
        (
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n",
            CheckResult.DOWN,
            "HTTP 101, expected 2xx or 3xx",
        ),
    ],
    ids=["early-hints", "processing", "continue-then-hints", "hints-then-error", "switching"],
)
def test_interim_answers_are_skipped_and_the_final_status_judged(
    reply: bytes, expected: CheckResult, said: str
) -> None:
    # A 103 Early Hints before the 200 was recorded as the final answer, "HTTP 103": the
    # monitor down, and an incident opened for a server that answered.
    with not_http_server(reply) as port:
        probe = monitor(MonitorKind.HTTP, url=f"http://127.0.0.1:{port}/103", body="status ok")
        check = run_one(probe, now)
    assert (expected, said) == (check.result, check.message)


def test_a_reset_and_a_failed_tls_handshake_are_said_in_words_not_python_s() -> None:
    # The system's own texts ("[Errno 104] Connection reset by peer", "[SSL:
    # WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)") name Python's source
    # lines and differ from build to build; a page shows them in its own words.
    def reset(connection: socket.socket, done: threading.Event) -> None:
        connection.recv(4096)
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    with raw_server(reset) as port:
        was_reset = run_one(monitor(MonitorKind.HTTP, url=f"http://127.0.0.1:{port}/"), now)
    with http_server() as server:  # plain HTTP where TLS is expected
        url = f"https://127.0.0.1:{server.port}/"
        no_tls = run_one(monitor(MonitorKind.HTTP, url=url), now)
    assert (CheckResult.DOWN, "connection reset") == (was_reset.result, was_reset.message)
    assert (CheckResult.DOWN, "TLS handshake failed: wrong version number") == (
        no_tls.result,
        no_tls.message,
    )


def test_a_url_outside_ascii_is_sent_as_a_browser_sends_it(tmp_path: Path) -> None:
    # http.client takes ASCII only: every probe was recorded down with Python's
    # "'ascii' codec can't encode character" while the server answered 200.
    with http_server() as server:
        url = f"http://127.0.0.1:{server.port}/café?q=naïve&already=%C3%A9"
        monitors = f"- id: home\n  component: api\n  type: http\n  url: {url}\n"
        root = write_site(tmp_path, {"content/monitors.yaml": monitors})
        output = succeeding(root)("probe")
    assert ["/caf%C3%A9?q=na%C3%AFve&already=%C3%A9"] == server.paths
    assert re.search(r"home +up +\d+ ms +HTTP 200", output), output
    data = json.loads((root / "data/monitors/home.json").read_text())
    assert ["up"] == [run[1] for run in data["runs"]]


@pytest.mark.parametrize(
    ("host", "sent"),
    [
        ("faß.de", "xn--fa-hia.de"),
        ("βόλος.gr", "xn--nxasmm1c.gr"),
        ("müller.de", "xn--mller-kva.de"),
    ],
    ids=["sharp-s", "final-sigma", "umlaut"],
)
def test_a_host_outside_ascii_is_requested_as_browsers_and_curl_request_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str, sent: str
) -> None:
    # Python's own codec is IDNA 2003: it asked for fass.de, another registered domain
    # than the xn--fa-hia.de a browser opens, and for βόλος.gr with σ in place of ς.
    resolved: list[str] = []
    real = socket.getaddrinfo

    def on_this_machine(name: str, port: object, *args: Any, **kwargs: Any) -> Any:
        resolved.append(name)
        return real("127.0.0.1", port, *args, **kwargs)

    with http_server() as server:
        monkeypatch.setattr(checks, "resolve", on_this_machine)
        monitors = HTTP_MONITOR.replace("127.0.0.1", host).format(port=server.port)
        root = write_site(tmp_path, {"content/monitors.yaml": monitors})
        output = succeeding(root)("probe", "--dry-run")
    assert {sent} == set(resolved)
    assert [f"{sent}:{server.port}"] == server.hosts
    assert re.search(r"api-health +up", output), output


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/health?token=SECRET-TOKEN\x7f",
        "http://127.0.0.1:{port}/health?token=SECRET-TOKEN \r\nX: y",
        "http://SECRET-TOKEN..example\u00e9/",  # no domain name: IDNA refuses it
    ],
    ids=["del", "line-break", "host-not-idna"],
)
def test_a_url_that_cannot_be_sent_is_recorded_without_repeating_it(url: str) -> None:
    # check refuses such URLs; should one reach the probe all the same, Python's error
    # repeats the URL, and the message is recorded, published and put in incidents.
    with http_server() as server:
        check = run_one(monitor(MonitorKind.HTTP, url=url.format(port=server.port)), now)
    assert (CheckResult.DOWN, "invalid URL") == (check.result, check.message)
    assert [] == server.paths


def test_a_retry_turns_a_passing_glitch_into_up() -> None:
    with http_server() as server:
        server.mode = "flaky"  # the first request fails, the second works
        url = f"http://127.0.0.1:{server.port}/"
        without = run_one(monitor(MonitorKind.HTTP, url=url, retries=0), now)
        server.requests = 0
        with_retry = run_one(monitor(MonitorKind.HTTP, url=url, retries=1), now)
    assert CheckResult.DOWN == without.result
    assert CheckResult.UP == with_retry.result


def probed_row(tmp_path: Path, port: int, body: str) -> str:
    """The row `statusgen probe --dry-run` prints for an HTTP monitor of the server at
    `port` that looks for `body`."""
    monitors = HTTP_MONITOR.format(port=port) + f"  body: {json.dumps(body)}\n"
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    output = succeeding(root)("probe", "--dry-run")
    [row] = [line for line in output.splitlines() if line.startswith("api-health ")]
    return row


@pytest.mark.parametrize(
    ("content_type", "encoding"),
    [
        ("text/plain; charset=iso-8859-1", "latin-1"),
        ('text/html; charset="Windows-1252"', "cp1252"),
        ("text/plain; charset=utf-16", "utf-16"),
        ("text/plain", "utf-8"),
        # A charset Python cannot decode text with: read as UTF-8, as it always was.
        ("text/plain; charset=no-such-charset", "utf-8"),
        ("text/plain; charset=base64", "utf-8"),
        ("text/plain; charset=idna", "utf-8"),
    ],
)
def test_body_text_is_looked_for_in_the_charset_the_server_declares(
    tmp_path: Path, content_type: str, encoding: str
) -> None:
    page = "<p>Überwachung ok</p>".encode(encoding)
    with page_server(page, content_type) as port:
        row = probed_row(tmp_path, port, "Überwachung ok")
    assert re.match(r"api-health\s+up\s", row), row


@pytest.mark.parametrize(
    ("content_type", "message", "said"),
    [
        # JSON is UTF-8 whatever charset its header names (RFC 8259), as browsers read it.
        ("application/json; charset=iso-8859-1", "Überwachung ok", "up"),
        ("application/health+json; charset=windows-1252", "Überwachung ok", "up"),
        # A page whose header names the wrong charset: the text is found as UTF-8 too.
        ("text/plain; charset=iso-8859-1", "Überwachung ok", "up"),
        # Text that is not there is not found either way.
        ("application/json; charset=iso-8859-1", "Überwachung kaputt", "down"),
        ("text/plain; charset=iso-8859-1", "Überwachung kaputt", "down"),
    ],
)
def test_body_text_sent_as_utf8_under_another_charset_is_found(
    tmp_path: Path, content_type: str, message: str, said: str
) -> None:
    page = json.dumps({"status": "ok", "message": message}, ensure_ascii=False).encode()
    with page_server(page, content_type) as port:
        row = probed_row(tmp_path, port, '"message": "Überwachung ok"')
    assert re.match(rf"api-health\s+{said}\s", row), row


MIB = 1 << 20


@pytest.mark.parametrize(
    ("page", "said"),
    [
        (b"status: ok" + b"." * 2 * MIB, "up"),
        (
            b"." * 2 * MIB + b"status: ok",
            "down  .*HTTP 200, body lacks 'status: ok' in its first 1 MiB$",
        ),
        # Read whole: the limit is not named, there was nothing more to read.
        (b"." * MIB, "down  .*HTTP 200, body lacks 'status: ok'$"),
        (b"." * (MIB - 10) + b"status: ok", "up"),
    ],
    ids=["early", "past-the-limit", "exactly-the-limit", "ending-at-the-limit"],
)
def test_body_text_is_looked_for_in_the_first_mib_and_a_cut_says_so(
    tmp_path: Path, page: bytes, said: str
) -> None:
    with page_server(page, "text/plain") as port:
        row = probed_row(tmp_path, port, "status: ok")
    assert re.match(rf"api-health\s+{said}", row), row


def test_timeout_bounds_a_reply_trickled_byte_by_byte(tmp_path: Path) -> None:
    """Each byte comes quickly, the whole reply never: the check is down at its timeout."""
    with trickling_server(pause=0.3) as port:
        monitors = HTTP_MONITOR.format(port=port).replace("timeout: 2", "timeout: 1")
        root = write_site(tmp_path, {"content/monitors.yaml": monitors})
        started = time.monotonic()
        result = CliRunner().invoke(cli, ["-C", str(root), "probe", "--dry-run"])
        elapsed = time.monotonic() - started
    assert 0 == result.exit_code, result.output
    assert "api-health  down" in result.output
    assert "timed out" in result.output
    assert elapsed < 3, elapsed  # the whole reply would take 20 s


# --- TCP -------------------------------------------------------------------------------


def test_tcp_open_and_closed() -> None:
    with tcp_listener() as port:
        up = run_one(monitor(MonitorKind.TCP, host="127.0.0.1", port=port), now)
    down = run_one(monitor(MonitorKind.TCP, host="127.0.0.1", port=closed_port()), now)
    assert CheckResult.UP == up.result and up.latency_ms is not None
    assert (CheckResult.DOWN, "connection refused") == (down.result, down.message)


@pytest.mark.parametrize(
    "probe",
    [
        monitor(MonitorKind.TCP, host="255.255.255.255", port=80),
        monitor(MonitorKind.HTTP, url="http://255.255.255.255/"),
    ],
    ids=["tcp", "http"],
)
def test_an_unreachable_network_is_said_in_words_not_python_s(probe: Monitor) -> None:
    # A TCP connect to the broadcast address fails at once with ENETUNREACH (Linux refuses
    # it whatever the routes), which was recorded, and published, as Python says it:
    # "[Errno 101] Network is unreachable", in English on every page.
    check = run_one(probe, now)
    assert (CheckResult.DOWN, "network unreachable") == (check.result, check.message)


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (OSError(errno.EHOSTUNREACH, os.strerror(errno.EHOSTUNREACH)), "no route to host"),
        (OSError(errno.ENETUNREACH, os.strerror(errno.ENETUNREACH)), "network unreachable"),
        (
            ConnectionAbortedError(errno.ECONNABORTED, os.strerror(errno.ECONNABORTED)),
            f"network error: {os.strerror(errno.ECONNABORTED)}",
        ),
        (OSError("getaddrinfo returns an empty list"), "network error"),
    ],
    ids=["no-route", "unreachable", "other-errno", "no-errno"],
)
def test_any_other_system_error_is_said_without_python_s_form(
    monkeypatch: pytest.MonkeyPatch, error: OSError, said: str
) -> None:
    def failing(*args: Any) -> list[tuple[Any, ...]]:
        raise error

    monkeypatch.setattr(checks, "resolve", failing)
    check = run_one(monitor(MonitorKind.DNS, host="api.example.com"), now)
    assert (CheckResult.DOWN, said) == (check.result, check.message)
    assert words.read(check.message) is not None  # our words: pages translate them


# --- TLS -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("certs")
    return {days: self_signed(folder, days) for days in (3, 60)}


@pytest.mark.parametrize(
    ("days", "trusted", "expected", "message"),
    [
        (60, True, CheckResult.UP, "certificate valid until"),
        (3, True, CheckResult.DEGRADED, "certificate expires in"),
        (60, False, CheckResult.DOWN, "certificate not trusted"),
    ],
)
def test_tls_expiry_is_warned_ahead(
    certificates: dict[int, tuple[Path, Path]],
    monkeypatch: pytest.MonkeyPatch,
    days: int,
    trusted: bool,
    expected: CheckResult,
    message: str,
) -> None:
    cert, key = certificates[days]
    if trusted:  # the default context reads its trust store from here
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    else:
        monkeypatch.setenv("SSL_CERT_FILE", str(certificates[3 if days != 3 else 60][0]))
    with tls_server(cert, key) as server:
        probe = monitor(MonitorKind.TLS, host="127.0.0.1", port=server.port, warn_days=14)
        check = run_one(probe, now)
    assert expected == check.result, check.message
    assert message in check.message


def test_tls_certificate_already_expired_is_down(
    certificates: dict[int, tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = certificates[3]
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with tls_server(cert, key) as server:
        probe = monitor(MonitorKind.TLS, host="127.0.0.1", port=server.port)
        outcome = checks.attempt(probe, lambda: datetime(2099, 1, 1, tzinfo=timezone.utc))
    assert CheckResult.DOWN == outcome.result
    assert outcome.message.startswith("certificate expired")


def test_https_monitor_checks_the_certificate_too(
    certificates: dict[int, tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = certificates[60]
    with tls_server(cert, key) as server:
        url = f"https://127.0.0.1:{server.port}/"
        untrusted = run_one(monitor(MonitorKind.HTTP, url=url), now)
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        trusted = run_one(monitor(MonitorKind.HTTP, url=url), now)
    assert CheckResult.DOWN == untrusted.result
    assert CheckResult.UP == trusted.result


def test_a_private_ca_is_trusted_through_ssl_cert_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # docs/monitors.md's way to probe a server whose certificate a CA of one's own signed.
    ca, cert, key = private_ca(tmp_path)
    with tls_server(cert, key) as server:
        monitors = (
            f"- id: api-https\n  component: api\n  type: http\n"
            f"  url: https://127.0.0.1:{server.port}/\n  timeout: 2\n"
            f"- id: api-certificate\n  component: api\n  type: tls\n"
            f"  host: 127.0.0.1\n  port: {server.port}\n  timeout: 2\n"
        )
        root = write_site(tmp_path / "site", {"content/monitors.yaml": monitors})
        untrusted = succeeding(root)("probe", "--dry-run")
        monkeypatch.setenv("SSL_CERT_FILE", str(ca))
        trusted = succeeding(root)("probe", "--dry-run")
    assert re.search(r"api-https +down .*certificate not trusted", untrusted), untrusted
    assert re.search(r"api-https +up .*HTTP 200", trusted), trusted
    assert re.search(r"api-certificate +up .*certificate valid until", trusted), trusted


# --- DNS -------------------------------------------------------------------------------


def answers(*addresses: str) -> list[tuple[Any, ...]]:
    return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0)) for a in addresses]


@pytest.mark.parametrize(
    ("resolved", "expect", "expected", "message"),
    [
        (answers("192.0.2.10"), (), CheckResult.UP, "192.0.2.10"),
        (answers("192.0.2.10", "192.0.2.11"), ("192.0.2.11",), CheckResult.UP, "192.0.2.10"),
        (answers("192.0.2.10"), ("192.0.2.99",), CheckResult.DOWN, "missing 192.0.2.99"),
        (socket.gaierror(-2, "Name or service not known"), (), CheckResult.DOWN, "not resolved"),
        ("hang", (), CheckResult.DOWN, "timed out"),
    ],
)
def test_dns_resolution(
    monkeypatch: pytest.MonkeyPatch,
    resolved: Any,
    expect: tuple[str, ...],
    expected: CheckResult,
    message: str,
) -> None:
    asked: list[str] = []

    def resolver(host: str, *args: Any) -> list[tuple[Any, ...]]:
        asked.append(host)
        if resolved == "hang":
            time.sleep(0.5)
            return []
        if isinstance(resolved, Exception):
            raise resolved
        return list(resolved)

    monkeypatch.setattr(checks, "resolve", resolver)
    probe = monitor(MonitorKind.DNS, host="api.example.com", expect_addresses=expect, timeout=0.2)
    check = run_one(probe, now)
    assert ["api.example.com"] == asked
    assert expected == check.result
    assert message in check.message


def resolving(slow: set[str], release: threading.Event) -> checks.Resolver:
    """A resolver that answers 127.0.0.1 at once, but for a name in `slow` only once
    `release` is set (5 s at most: a test sets it as it ends)."""

    def resolver(host: str, port: object, *args: Any) -> list[tuple[Any, ...]]:
        if host in slow:
            release.wait(5)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port or 0))]

    return resolver


def test_lookups_that_hang_hold_up_no_other_monitor(monkeypatch: pytest.MonkeyPatch) -> None:
    # DNS checks shared eight resolver threads, and a check's wait counted its time in
    # their queue: behind 16 lookups that hang, a name that resolves at once timed out.
    release = threading.Event()
    hung = [f"hung-{n}.example" for n in range(16)]
    monkeypatch.setattr(checks, "resolve", resolving(set(hung), release))
    monitors = [
        replace(monitor(MonitorKind.DNS, host=host, timeout=1), id=host)
        for host in [*hung, "fast.example"]
    ]
    started = time.monotonic()
    try:
        results = run_all(monitors, now)
    finally:
        release.set()
    elapsed = time.monotonic() - started
    fast = results.pop("fast.example")
    assert (CheckResult.UP, "127.0.0.1") == (fast.result, fast.message)
    assert {(CheckResult.DOWN, "timed out")} == {(c.result, c.message) for c in results.values()}
    assert elapsed < 3, elapsed


@pytest.mark.parametrize("kind", [MonitorKind.TCP, MonitorKind.TLS, MonitorKind.HTTP])
def test_a_lookup_is_held_to_the_monitor_s_timeout(
    monkeypatch: pytest.MonkeyPatch, kind: MonitorKind
) -> None:
    # TCP, TLS and HTTP checks looked their host up with no time limit: a lookup of 6 s
    # under `timeout: 2` was recorded "up 6004 ms connected", and the run took 6 s.
    release = threading.Event()
    monkeypatch.setattr(checks, "resolve", resolving({"slow.example"}, release))
    with tcp_listener() as port:
        where: dict[str, Any] = {"host": "slow.example", "port": port}
        if kind is MonitorKind.HTTP:
            where = {"url": f"http://slow.example:{port}/"}
        started = time.monotonic()
        try:
            check = run_one(monitor(kind, timeout=1, **where), now)
        finally:
            release.set()
        elapsed = time.monotonic() - started
    assert (CheckResult.DOWN, "timed out") == (check.result, check.message)
    assert elapsed < 2, elapsed  # the lookup answers after 5 s


def test_a_lookup_that_hangs_does_not_keep_the_run_alive(tmp_path: Path) -> None:
    # The lookup left behind at the timeout must not hold the process open until the
    # system's resolver gives up (here 30 s): the run ends at the slowest timeout.
    monitors = (
        "- id: name\n  component: api\n  type: dns\n  host: hung.example\n  timeout: 0.5\n"
        "- id: port\n  component: api\n  type: tcp\n  host: hung.example\n  port: 80\n"
        "  timeout: 0.5\n"
    )
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    script = (
        "import sys, time\n"
        "from statusgen.probe import checks\n"
        "from statusgen.cli import cli\n"
        "checks.resolve = lambda *args: time.sleep(30) or []\n"
        "cli(['-C', sys.argv[1], 'probe', '--dry-run'])\n"
    )
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, str(root)], capture_output=True, text=True, timeout=20
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the run did not end while a lookup hung")
    elapsed = time.monotonic() - started
    assert 0 == done.returncode, done.stderr
    assert re.search(r"name +down +- +timed out", done.stdout), done.stdout
    assert re.search(r"port +down +- +timed out", done.stdout), done.stdout
    assert elapsed < 10, elapsed  # interpreter start-up included


# --- the command -----------------------------------------------------------------------

MONITORS = """\
- id: api-health
  component: api
  type: http
  url: http://127.0.0.1:{http}/health
  body: "status: ok"
  timeout: 2
  retries: 0
- id: checkout-port
  component: checkout
  type: tcp
  host: 127.0.0.1
  port: {tcp}
  timeout: 2
- id: nightly
  component: dashboard
  type: heartbeat
  interval: 1440
"""


def test_probe_with_one_unreadable_data_file_shows_the_others_results(tmp_path: Path) -> None:
    runner = CliRunner()
    with http_server() as server, tcp_listener() as port:
        files = {"content/monitors.yaml": MONITORS.format(http=server.port, tcp=port)}
        root = write_site(tmp_path, files)
        assert 0 == runner.invoke(cli, ["-C", str(root), "probe"]).exit_code
        broken = root / "data/monitors/api-health.json"
        broken.write_bytes(broken.read_bytes()[:60])  # cut short, as a full disk leaves it
        done = runner.invoke(cli, ["-C", str(root), "probe"])

    assert 1 == done.exit_code, done.output
    # The monitor recorded is in the table; the one that was not, with its file's error.
    assert re.search(r"checkout-port +up", done.stdout), done.stdout
    assert "api-health" not in done.stdout
    assert "data/monitors/api-health.json:" in done.stderr
    assert "cannot read monitor data" in done.stderr
    runs = json.loads((root / "data/monitors/checkout-port.json").read_text())["runs"]
    assert 2 == len(runs)


def test_probe_command_records_every_monitor_but_heartbeats(tmp_path: Path) -> None:
    runner = CliRunner()
    with http_server() as server, tcp_listener() as port:
        files = {"content/monitors.yaml": MONITORS.format(http=server.port, tcp=port)}
        root = write_site(tmp_path, files)
        result = runner.invoke(cli, ["-C", str(root), "probe", "--json"])
        server.mode = "failing"
        second = runner.invoke(cli, ["-C", str(root), "probe"])
    assert 0 == result.exit_code, result.output
    printed = json.loads(result.output)
    assert [("api-health", "up"), ("checkout-port", "up")] == [
        (r["monitor"], r["result"]) for r in printed
    ]
    assert 0 == second.exit_code, second.output  # a down monitor is a result, not an error
    assert "2 probed, 1 down" in second.output
    data = json.loads((root / "data/monitors/api-health.json").read_text())
    assert ["up", "down"] == [run[1] for run in data["runs"]]
    assert not (root / "data/monitors/nightly.json").exists()


def test_a_monitor_named_twice_is_probed_listed_and_counted_once(tmp_path: Path) -> None:
    with http_server() as server:
        server.mode = "failing"
        files = {"content/monitors.yaml": MONITORS.format(http=server.port, tcp=1)}
        root = write_site(tmp_path, files)
        output = succeeding(root)("probe", "api-health", "api-health")
        requests = server.requests
    assert 1 == requests
    assert 1 == sum(line.startswith("api-health ") for line in output.splitlines()), output
    assert output.endswith("1 probed, 1 down\n"), output
    data = json.loads((root / "data/monitors/api-health.json").read_text())
    assert ["down"] == [run[1] for run in data["runs"]]


def test_dry_run_records_nothing(tmp_path: Path) -> None:
    with http_server() as server:
        root = write_site(
            tmp_path, {"content/monitors.yaml": MONITORS.format(http=server.port, tcp=1)}
        )
        result = CliRunner().invoke(cli, ["-C", str(root), "probe", "--dry-run", "api-health"])
    assert 0 == result.exit_code, result.output
    assert "api-health" in result.output and "checkout-port" not in result.output
    assert not (root / "data").exists()


def test_probe_reports_an_unknown_monitor_with_a_suggestion(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    result = CliRunner().invoke(cli, ["-C", str(root), "probe", "api-helth"])
    # A mistake in the command, not in monitors.yaml: a usage error naming the argument.
    assert 2 == result.exit_code, result.output
    assert "MONITOR" in result.output and "no monitor 'api-helth'" in result.output
    assert "did you mean 'api-health'?" in result.output
    # Only what probe can run is offered: not the heartbeat.
    assert "monitors probe runs: api-health, checkout-port" in " ".join(result.output.split())
    assert "nightly" not in result.output
    assert "content/monitors.yaml:" not in result.output


def test_probe_naming_a_heartbeat_says_record_records_it(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    result = CliRunner().invoke(cli, ["-C", str(root), "probe", "nightly"])
    assert 2 == result.exit_code, result.output
    said = " ".join(result.output.split())
    assert "'nightly' is a heartbeat, which probe does not run" in said
    assert "`statusgen record nightly --up` (or `--down`)" in said
    assert not (root / "data").exists()


# `statusgen record`, sent SIGTERM as it starts recording (a CI step's time limit).
_RECORD_STOPPED = """
import os, signal, sys
from statusgen.probe import commands
from statusgen.cli import main

def stopped(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGTERM)
    raise AssertionError("SIGTERM did not stop record")

commands.record = stopped
sys.argv = ["statusgen", *sys.argv[1:]]
main()
"""


def test_record_stopped_by_sigterm_says_so_and_exits_143(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    args = ["-C", str(root), "record", "nightly", "--up"]
    done = subprocess.run(
        [sys.executable, "-c", _RECORD_STOPPED, *args], capture_output=True, timeout=60
    )
    assert (143, b"Stopped by SIGTERM.\n") == (done.returncode, done.stderr)
    assert not (root / "data").exists()


def test_record_reports_an_unknown_monitor_as_a_usage_error(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    result = CliRunner().invoke(cli, ["-C", str(root), "record", "nightlx", "--up"])
    assert 2 == result.exit_code, result.output
    assert "did you mean 'nightly'?" in result.output


def test_probe_commit_without_open_incidents_is_a_usage_error(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    result = CliRunner().invoke(cli, ["-C", str(root), "probe", "--commit"])
    assert 2 == result.exit_code, result.output
    assert "--open-incidents" in result.output
    assert not (root / "data").exists()


def test_probe_dry_run_with_open_incidents_is_a_usage_error(tmp_path: Path) -> None:
    monitors = AUTO.replace("open_incident_after: 2", "open_incident_after: 1")
    root = write_site(tmp_path, {"content/monitors.yaml": monitors.format(port=closed_port())})
    succeeding(root)("probe")  # one failure: a real --open-incidents would open one now
    result = CliRunner().invoke(cli, ["-C", str(root), "probe", "--dry-run", "--open-incidents"])
    assert 2 == result.exit_code, result.output
    assert "--dry-run records nothing and writes no incident" in result.output
    assert [] == list((root / "content/incidents").glob("*-not-responding.md"))


@pytest.mark.parametrize(
    ("monitors", "said"),
    [
        (
            "[]\n",
            "No monitors: content/monitors.yaml declares none yet; to add some, see "
            '"Declaring monitors" in docs/monitors.md.\n',
        ),
        (
            None,
            "No monitors: there is no content/monitors.yaml yet; to add some, see "
            '"Declaring monitors" in docs/monitors.md.\n',
        ),
        (
            "- id: nightly\n  component: api\n  type: heartbeat\n",
            "No monitors to probe: 1 heartbeat(s) (nightly), recorded with `statusgen record`",
        ),
    ],
)
def test_probe_without_monitors_to_probe_says_what_there_is(
    tmp_path: Path, monitors: str | None, said: str
) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    result = CliRunner().invoke(cli, ["-C", str(root), "probe"])
    assert 0 == result.exit_code, result.output
    assert said in result.output
    assert not (root / "data").exists()


@pytest.mark.parametrize(
    "command",
    [["probe", "nightly"], ["record", "nightly", "--up"]],
    ids=["probe", "record"],
)
def test_a_site_without_monitors_file_has_no_monitor_to_name(
    tmp_path: Path, command: list[str]
) -> None:
    # No content/monitors.yaml is no mistake in the site's files: naming a monitor is the
    # command's mistake, as on a site whose file declares none.
    root = write_site(tmp_path)
    result = CliRunner().invoke(cli, ["-C", str(root), *command])
    assert 2 == result.exit_code, result.output
    said = " ".join(result.output.split())
    assert "none, there is no content/monitors.yaml yet" in said
    assert "file not found" not in result.output
    # As `probe` alone says: where to learn to declare one.
    assert 'to add some, see "Declaring monitors" in docs/monitors.md' in said


def test_merging_into_a_site_without_monitors_file_warns_of_each_undeclared_one(
    tmp_path: Path,
) -> None:
    other = write_site(
        tmp_path / "other", {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)}
    )
    recorded = CliRunner().invoke(cli, ["-C", str(other), "record", "nightly", "--up"])
    assert 0 == recorded.exit_code, recorded.output
    root = write_site(tmp_path / "site")
    result = CliRunner().invoke(
        cli, ["-C", str(root), "record", "--from", str(other / "data" / "monitors")]
    )
    assert 0 == result.exit_code, result.output
    assert "Merged runs into 0 monitor file(s)." in result.output
    assert "'nightly', which content/monitors.yaml does not declare" in result.output
    assert not (root / "data").exists()


def test_a_message_from_a_server_cannot_drive_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from statusgen.model import Check
    from statusgen.probe.commands import Probed, results_table

    probe = monitor(MonitorKind.HTTP, url="http://127.0.0.1/")
    table = results_table([Probed(probe, Check(now(), CheckResult.DOWN, None, "\x1b[2Jgone"))])
    assert "\x1b" not in table
    assert "\\x1b[2Jgone" in table


# --- optional: incidents opened and followed up by monitors -------------------------------

AUTO = HTTP_MONITOR + "  open_incident_after: 2\n"


def test_monitor_opens_an_incident_after_k_failures_and_reports_recovery(tmp_path: Path) -> None:
    import subprocess

    def git(*args: str) -> str:
        identity = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
        done = subprocess.run(
            ["git", *identity, *args], cwd=root, check=True, capture_output=True, text=True
        )
        return done.stdout

    runner = CliRunner()
    with http_server() as server:
        monitors = AUTO.format(port=server.port)
        root = write_site(tmp_path / "site", {"content/monitors.yaml": monitors})
        git("init", "-q")
        git("add", ".")
        git("commit", "-q", "-m", "site")

        def probe() -> str:
            result = runner.invoke(cli, ["-C", str(root), "probe", "--open-incidents", "--commit"])
            assert 0 == result.exit_code, result.output
            return result.output

        server.mode = "failing"
        first = probe()
        assert "Opened" not in first  # one failure is not yet K = 2
        second = probe()
        assert "Opened content/incidents/" in second
        probe()  # still failing: no second incident
        server.mode = "healthy"
        assert "Updated" not in probe()  # one answer is not yet K = 2
        assert "Updated content/incidents/" in probe()
        for _ in range(3):  # the last five checks all pass
            probe()
        status = json.loads(runner.invoke(cli, ["-C", str(root), "status", "--json"]).output)
    incidents = sorted((root / "content/incidents").glob("*-not-responding.md"))
    assert 1 == len(incidents)
    text = incidents[0].read_text()
    assert "status: monitoring" in text
    # Every check passes again: the outage it declared is over with the monitoring update.
    assert "operational" == {c["id"]: c["status"] for c in status["components"]}["api"]
    assert "Opened automatically: the monitor `api-health` failed." in text
    log = git("log", "--format=%s").splitlines()
    assert log[0].startswith("Update incident ") and log[0].endswith(": monitoring")
    assert log[1].startswith("Open incident: API is not responding")
    assert 3 == len(log)


def test_the_monitoring_update_tells_the_api_what_the_runs_it_names_measured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statusgen.probe.commands import open_incidents

    pin_clock(monkeypatch, datetime(2026, 12, 7, 7, 8, tzinfo=timezone.utc))

    beat = "- id: web\n  component: api\n  type: heartbeat\n  interval: 1\n"
    root = write_site(tmp_path, {"content/monitors.yaml": beat + "  open_incident_after: 2\n"})
    run = succeeding(root)

    def at(clock: str) -> datetime:
        return datetime.fromisoformat(f"2026-12-07T{clock}+00:00")

    for clock in ("07:01:05", "07:02:05"):
        run("record", "web", "--down", "--at", f"2026-12-07 {clock} +00:00")
    open_incidents(root, at("07:02:10"), commit=False)
    # Both answers come within the minute the update is written in, before it.
    for clock in ("07:05:05", "07:05:12"):
        run("record", "web", "--up", "--at", f"2026-12-07 {clock} +00:00")
    open_incidents(root, at("07:05:14"), commit=False)
    [incident] = (root / "content/incidents").glob("*-not-responding.md")

    run("build", "--now", "2026-12-07T07:08:00Z", "-o", str(tmp_path / "out"))
    api = json.loads((tmp_path / "out/api/v2/incidents.json").read_text())
    [opened] = [i for i in api["incidents"] if i["name"] == "API is not responding"]
    [monitoring] = [u for u in opened["incident_updates"] if u["status"] == "monitoring"]
    # Two of its four runs answered: what the checks say once they are in, as the page does
    # now, never the outage the runs before them said.
    [(old, new)] = [(c["old_status"], c["new_status"]) for c in monitoring["affected_components"]]
    assert ("major_outage", "partial_outage") == (old, new)
    # Dated to the second, after the runs it names (to the minute, it came before them).
    assert "## Monitoring at 2026-12-07 08:05:14 +01:00" in incident.read_text()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # A plain Monitoring update sets no status: the checks passing set it operational.
        ((), "operational"),
        # A status the person gave with it is theirs: the probe leaves it.
        (("-c", "api=degraded_performance"), "degraded_performance"),
    ],
)
def test_a_persons_monitoring_update_still_lets_the_recovery_set_the_component_up(
    tmp_path: Path, given: tuple[str, ...], expected: str
) -> None:
    with http_server() as server:
        root = write_site(
            tmp_path / "site", {"content/monitors.yaml": AUTO.format(port=server.port)}
        )
        run = succeeding(root)
        server.mode = "failing"
        run("probe", "--open-incidents")
        assert "Opened content/incidents/" in run("probe", "--open-incidents")
        [incident] = (root / "content/incidents").glob("*-not-responding.md")
        run("update", incident.stem, "--status", "monitoring", "-m", "A fix is out.", *given)
        server.mode = "healthy"
        said = [run("probe", "--open-incidents") for _ in range(7)]
        status = json.loads(run("status", "--json"))
    text = incident.read_text()
    assert "operational" == {c["id"]: c["status"] for c in status["monitors"]}["api-health"]
    assert expected == {c["id"]: c["status"] for c in status["components"]}["api"]
    if given:
        assert not any("Updated" in each for each in said)
    else:
        # Once, on the second passing run (K = 2), and never again.
        assert [False, True, False, False, False, False, False] == ["Updated" in s for s in said]
        assert 1 == text.count("Components: api=operational")
        assert "api-health has answered its last 2 checks." in text
    assert "status: monitoring" in text


def git_site(root: Path) -> Callable[..., str]:
    """`git ARGS…` in `root`, made a repository with its files committed, as CI checks it out."""
    import subprocess

    def git(*args: str) -> str:
        identity = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
        done = subprocess.run(
            ["git", *identity, *args], cwd=root, check=True, capture_output=True, text=True
        )
        return done.stdout

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "site")
    return git


# The docs' shape: an HTTP health check and a second check of the same component, both
# opening incidents. api-link is a TCP port that refuses until told to listen.
SHARED = (
    HTTP_MONITOR
    + """  open_incident_after: 2
- id: api-link
  component: api
  type: tcp
  host: 127.0.0.1
  port: {link}
  timeout: 1
  retries: 0
  open_incident_after: 2
"""
)


def test_monitors_of_one_component_share_its_incident_until_all_answer(tmp_path: Path) -> None:
    link = socket.socket()  # bound, not listening: connections are refused
    link.bind(("127.0.0.1", 0))
    with link, http_server() as server:
        monitors = SHARED.format(port=server.port, link=link.getsockname()[1])
        root = write_site(tmp_path / "site", {"content/monitors.yaml": monitors})
        git = git_site(root)
        # As the deploy workflow runs it: any exit status but 0 skips publishing the checks.
        probe = succeeding(root)

        def follow_up() -> str:
            return probe("probe", "--open-incidents", "--commit")

        follow_up()
        assert "Opened content/incidents/" in follow_up()  # api-link, 2 runs refused
        server.mode = "failing"
        # Its last five runs read as a major outage from the fourth failure on (1 of 5 up).
        for _ in range(4):
            assert "Updated" not in follow_up()
        assert "Updated content/incidents/" in follow_up()  # api-health joins it
        link.listen(8)
        for _ in range(3):  # api-link answers again, api-health still fails
            assert "Updated" not in follow_up()
        server.mode = "healthy"
        assert "Updated" not in follow_up()
        assert "Updated content/incidents/" in follow_up()  # every check passes: monitoring
        for _ in range(3):  # until the last five runs of both pass
            assert "Updated" not in follow_up()
        status = json.loads(probe("status", "--json"))
    [incident] = (root / "content/incidents").glob("*-not-responding*.md")
    text = incident.read_text()
    assert "Opened automatically: the monitor `api-link` failed." in text
    assert "Joined automatically: the monitor `api-health` failed too." in text
    # Its five failures in a row, which took more than K = 2 to read as a major outage.
    assert "api-health has failed 5 runs in a row; the last said: HTTP 500" in text
    assert 1 == text.count("## Monitoring at")
    assert 1 == text.count("Components: api=operational")
    assert "api-health has answered its last 2 checks. api-link has answered its last 2" in text
    assert "operational" == {c["id"]: c["status"] for c in status["components"]}["api"]
    log = git("log", "--format=%s").splitlines()
    assert log[2].startswith("Open incident: API is not responding")
    assert log[1].startswith("Update incident ") and log[1].endswith(": investigating")
    assert log[0].startswith("Update incident ") and log[0].endswith(": monitoring")
    assert 4 == len(log)


SHARED_REFUSED = """- id: api-health
  component: api
  type: http
  url: http://127.0.0.1:{port}/health
  timeout: 1
  retries: 0
  open_incident_after: 2
- id: api-link
  component: api
  type: tcp
  host: 127.0.0.1
  port: {port}
  timeout: 1
  retries: 0
  open_incident_after: 2
- id: other
  component: checkout
  type: tcp
  host: 127.0.0.1
  port: {port}
  timeout: 1
"""


def test_monitors_failing_together_open_one_incident_and_a_resolution_holds_for_both(
    tmp_path: Path,
) -> None:
    root = write_site(
        tmp_path, {"content/monitors.yaml": SHARED_REFUSED.format(port=closed_port())}
    )
    run = succeeding(root)

    outputs = [run("probe", "--open-incidents") for _ in range(3)]
    assert "Opened" not in outputs[0]
    assert "Opened content/incidents/" in outputs[1]
    assert "Opened" not in outputs[2] and "Updated" not in outputs[2]
    [opened] = (root / "content/incidents").glob("*-not-responding.md")
    text = opened.read_text()
    assert "Opened automatically: the monitor `api-health` failed." in text
    assert "Joined automatically: the monitor `api-link` failed too." in text
    # Once a person resolves it, the runs of neither monitor before that open another.
    run("resolve", opened.stem, "-m", "fixed")
    for _ in range(2):
        assert "Opened" not in run("probe", "--open-incidents", "other")
    run("record", "api-link", "--down", "--at", "in 2m")
    assert "Opened" not in run("probe", "--open-incidents", "other")  # 1 is not yet K = 2
    run("record", "api-link", "--down", "--at", "in 3m")
    assert "Opened" in run("probe", "--open-incidents", "other")
    second = sorted((root / "content/incidents").glob("*-not-responding-2.md"))
    assert "Opened automatically: the monitor `api-link` failed." in second[0].read_text()


def test_a_monitor_does_not_open_an_incident_a_person_opened_today(tmp_path: Path) -> None:
    root = write_site(
        tmp_path, {"content/monitors.yaml": SHARED_REFUSED.format(port=closed_port())}
    )
    run = succeeding(root)
    run("new", "incident", "API is not responding", "-m", "Looking.", "-c", "api")

    outputs = [run("probe", "--open-incidents") for _ in range(2)]

    assert "Not opened: api-health, api-link failed, but content/incidents/" in outputs[1]
    assert "an open incident with this title was opened the same day" in outputs[1]
    assert 1 == len(list((root / "content/incidents").glob("*-not-responding*.md")))


# Two regions, each with a component named API: the page tells them apart by their groups.
REGIONS = """\
- id: eu
  name: Europe
  components:
    - {id: eu-api, name: API}
- id: us
  name: United States
  components:
    - {id: us-api, name: API}
"""

REGION_MONITORS = """\
- id: eu-api-health
  component: eu-api
  type: tcp
  host: 127.0.0.1
  port: {port}
  timeout: 1
  retries: 0
  open_incident_after: 2
- id: us-api-health
  component: us-api
  type: tcp
  host: 127.0.0.1
  port: {port}
  timeout: 1
  retries: 0
  open_incident_after: 2
"""


def test_components_of_one_name_in_two_groups_each_get_their_incident(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "content/components.yaml": REGIONS,
            "content/monitors.yaml": REGION_MONITORS.format(port=closed_port()),
            INCIDENT_PATH: None,
        },
    )
    run = succeeding(root)
    for _ in range(2):
        run("probe", "--open-incidents", "eu-api-health")

    outputs = [run("probe", "--open-incidents", "us-api-health") for _ in range(2)]

    assert "Not opened" not in outputs[1]
    assert "Opened content/incidents/" in outputs[1]
    incidents = json.loads(run("incidents", "--json"))
    titled = {i["title"]: list(i["components"]) for i in incidents}
    assert {
        "API (Europe) is not responding": ["eu-api"],
        "API (United States) is not responding": ["us-api"],
    } == titled


def test_an_open_incident_of_the_title_on_other_components_is_not_this_outage(
    tmp_path: Path,
) -> None:
    root = write_site(
        tmp_path, {"content/monitors.yaml": SHARED_REFUSED.format(port=closed_port())}
    )
    run = succeeding(root)
    # About the checkout: the API is not named, so its outage is another one.
    run("new", "incident", "API is not responding", "-m", "DB side.", "-c", "checkout=major")

    outputs = [run("probe", "--open-incidents") for _ in range(2)]

    assert "Not opened" not in outputs[1]
    assert "Opened content/incidents/" in outputs[1]
    [opened] = (root / "content/incidents").glob("*-not-responding-2.md")
    assert "Opened automatically: the monitor `api-health` failed." in opened.read_text()
    assert "api: major_outage" in opened.read_text()


# Two components' heartbeats, each opening an incident of its own.
TWO_HEARTBEATS = """\
- id: api-job
  component: api
  type: heartbeat
  interval: 60
  open_incident_after: 2
- id: checkout-job
  component: checkout
  type: heartbeat
  interval: 60
  open_incident_after: 2
"""


def test_an_opened_incident_counts_every_failed_run_in_a_row(tmp_path: Path) -> None:
    monitors = TWO_HEARTBEATS.replace("after: 2", "after: 1")
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    run = succeeding(root)
    start = now().replace(second=0, microsecond=0) - timedelta(minutes=10)
    for minutes in range(6):  # six nightly runs recorded down before the probe looks
        at = f"{start + timedelta(minutes=minutes):%Y-%m-%d %H:%M}"
        run("record", "api-job", "--down", "-m", "disk full", "--at", at)

    assert "Opened content/incidents/" in run("probe", "--open-incidents")

    [incident] = (root / "content/incidents").glob("*-not-responding.md")
    assert "api-job has failed 6 runs in a row; the last said: disk full" in incident.read_text()


def test_a_heartbeat_s_note_and_a_monitor_s_name_show_as_written_in_its_incident(
    tmp_path: Path,
) -> None:
    # The note is a job's output: a link naming another host, an image loaded from outside
    # and emphasis must not appear on the public page, nor markup in a monitor's name.
    monitors = TWO_HEARTBEATS.replace("after: 2", "after: 1").replace(
        "  component: api\n", "  component: api\n  name: '*Nightly* backup_job'\n"
    )
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    run = succeeding(root)
    start = now().replace(second=0, microsecond=0) - timedelta(minutes=10)
    note = (
        "see [status.example.com/restore](https://evil.example/login) "
        "![](https://evil.example/p.png) **now**"
    )
    run("record", "api-job", "--down", "-m", note, "--at", f"{start:%Y-%m-%d %H:%M}")
    run("probe", "--open-incidents")
    later = f"{start + timedelta(minutes=1):%Y-%m-%d %H:%M}"
    run("record", "api-job", "--up", "--at", later)
    run("probe", "--open-incidents")
    run("build", "-o", str(tmp_path / "out"))

    [page] = (tmp_path / "out/incidents").glob("*-not-responding/index.html")
    html = page.read_text()
    assert not re.search(r'(?:href|src)="https://evil\.example', html)
    shown = html.replace("&quot;", '"')
    assert f"the last said: {note}. We are looking into it." in shown
    assert "*Nightly* backup_job has failed 1 run in a row" in shown
    assert "*Nightly* backup_job has answered its last check." in shown


def test_a_failed_commit_still_opens_every_incident_the_monitors_call_for(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": TWO_HEARTBEATS})
    git_site(root)
    hook = root / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'refused by the hook'\nexit 1\n")
    hook.chmod(0o755)
    run = succeeding(root)
    for monitor in ("api-job", "checkout-job"):
        for ago in (50, 45):
            run("record", monitor, "--down", "--at", f"{ago}m ago")

    result = CliRunner().invoke(cli, ["-C", str(root), "probe", "--open-incidents", "--commit"])

    opened = sorted(p.name for p in (root / "content/incidents").glob("*-not-responding.md"))
    assert 2 == len(opened), result.output
    assert 3 == result.exit_code, result.output
    for name in opened:
        assert f"Opened content/incidents/{name}" in result.output
        assert f"content/incidents/{name}: written" in result.output
    assert "refused by the hook" in result.output


def test_a_failed_commit_is_told_when_standard_output_is_closed(tmp_path: Path) -> None:
    # `statusgen probe --open-incidents --commit >&-` in a cron line: the lines saying
    # what was opened are lost, the refused commit is still told, and its status wins.
    root = write_site(tmp_path, {"content/monitors.yaml": TWO_HEARTBEATS})
    git_site(root)
    hook = root / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'refused by the hook'\nexit 1\n")
    hook.chmod(0o755)
    run = succeeding(root)
    for ago in (50, 45):
        run("record", "api-job", "--down", "--at", f"{ago}m ago")

    done = subprocess.run(
        [sys.executable, "-m", "statusgen", "-C", str(root), "probe", "--open-incidents",
         "--commit"],
        preexec_fn=lambda: os.close(1),
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )  # fmt: skip

    [opened] = (root / "content/incidents").glob("*-not-responding.md")
    assert 3 == done.returncode, done.stderr
    assert done.stderr.startswith("<stdout>: cannot write the output: "), done.stderr
    assert f"content/incidents/{opened.name}: written and staged, but not committed" in (
        done.stderr
    )
    assert "refused by the hook" in done.stderr


# A heartbeat that opens incidents beside one of the same component that fails without
# joining them: without the key, or with a K it has not reached.
HEALTH_AND_DB = """\
- id: health
  component: api
  type: heartbeat
  interval: 60
  open_incident_after: 2
- id: db
  component: api
  type: heartbeat
  interval: 60
"""


@pytest.mark.parametrize("db_key", ["", "  open_incident_after: 10\n"], ids=["unkeyed", "below-k"])
def test_monitoring_waits_while_another_monitor_of_the_component_fails(
    tmp_path: Path, db_key: str
) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": HEALTH_AND_DB + db_key})
    run = succeeding(root)
    for ago in (50, 45):
        run("record", "health", "--down", "--at", f"{ago}m ago")
    assert "Opened content/incidents/" in run("probe", "--open-incidents")
    [incident] = (root / "content/incidents").glob("*-not-responding.md")
    for ago in (40, 35, 30, 25, 20):  # down on all of its last five runs: a major outage
        run("record", "db", "--down", "-m", "db unreachable", "--at", f"{ago}m ago")
    for ago in (15, 10):  # health answers its last K = 2
        run("record", "health", "--up", "--at", f"{ago}m ago")

    waiting = run("probe", "--open-incidents")
    assert "Updated" not in waiting
    assert "status: investigating" in incident.read_text()
    assert "api=operational" not in incident.read_text()
    assert "major_outage" == api_status(root)

    for ago in (9, 8, 7):  # db answers: 3 of its last 5 up, no longer a major outage
        run("record", "db", "--up", "--at", f"{ago}m ago")
    assert f"Updated content/incidents/{incident.name}: monitoring" in run(
        "probe", "--open-incidents"
    )
    assert 1 == incident.read_text().count("Components: api=operational")


# Two checks of one HTTP server: a health check, and a second one that joins its incident.
HEALTH_AND_CERT = """- id: api-health
  component: api
  type: http
  url: http://127.0.0.1:{port}/health
  timeout: 1
  retries: 0
  open_incident_after: 2
- id: api-cert
  component: api
  type: http
  url: http://127.0.0.1:{port}/cert
  timeout: 1
  retries: 0
  open_incident_after: 2
"""


def opened_by_health_joined_by_cert(root: Path, server: Any) -> Path:
    """Both checks fail twice: api-health opens the incident, api-cert joins it; its file."""
    server.mode = "failing"
    outputs = [succeeding(root)("probe", "--open-incidents") for _ in range(2)]
    assert "Opened content/incidents/" in outputs[1]
    [incident] = (root / "content/incidents").glob("*-not-responding.md")
    text = incident.read_text()
    assert "Opened automatically: the monitor `api-health` failed." in text
    assert "Joined automatically: the monitor `api-cert` failed too." in text
    return incident


def api_status(root: Path) -> str:
    status = json.loads(succeeding(root)("status", "--json"))
    return str({c["id"]: c["status"] for c in status["components"]}["api"])


@pytest.mark.parametrize(
    "retire",
    [
        pytest.param(lambda t: t[t.index("- id: api-cert") :], id="removed"),
        pytest.param(lambda t: t.replace("id: api-health", "id: api-up"), id="renamed"),
        pytest.param(lambda t: t.replace("  open_incident_after: 2\n", "", 1), id="unkeyed"),
    ],
)
def test_a_monitor_that_joined_follows_up_the_incident_once_its_opener_is_gone(
    tmp_path: Path, retire: Callable[[str], str]
) -> None:
    with http_server() as server:
        monitors = HEALTH_AND_CERT.format(port=server.port)
        root = write_site(tmp_path, {"content/monitors.yaml": monitors})
        incident = opened_by_health_joined_by_cert(root, server)
        (root / "content/monitors.yaml").write_text(retire(monitors))
        server.mode = "healthy"
        probe = succeeding(root)

        assert "Updated" not in probe("probe", "--open-incidents")  # 1 of api-cert's 2
        followed = probe("probe", "--open-incidents")
        for _ in range(3):  # once, until the last five runs pass and the checks say operational
            assert "Updated" not in probe("probe", "--open-incidents")

    assert f"Updated content/incidents/{incident.name}: monitoring" in followed
    text = incident.read_text()
    assert "api-cert has answered its last 2 checks. We are monitoring the results." in text
    assert 1 == text.count("Components: api=operational")
    assert "operational" == api_status(root)


def test_an_incident_none_of_whose_monitors_opens_incidents_is_said_on_every_run(
    tmp_path: Path,
) -> None:
    with http_server() as server:
        monitors = HEALTH_AND_CERT.format(port=server.port)
        root = write_site(tmp_path, {"content/monitors.yaml": monitors})
        incident = opened_by_health_joined_by_cert(root, server)
        written = incident.read_bytes()
        # api-health renamed, api-cert kept without the key: neither follows it up.
        retired = monitors.replace("  open_incident_after: 2\n", "")
        (root / "content/monitors.yaml").write_text(retired.replace("api-health", "api-up"))
        server.mode = "healthy"
        probe = succeeding(root)

        outputs = [probe("probe", "--open-incidents") for _ in range(3)]
        # Whether the outage is over is a person's call: said, and left as it is.
        assert written == incident.read_bytes()
        assert "major_outage" == api_status(root)
        probe("resolve", incident.stem, "-m", "Fixed.")
        resolved = probe("probe", "--open-incidents")

    said = (
        f"Not followed up: content/incidents/{incident.name}: no monitor that failed for it "
        "(api-health, api-cert) opens incidents any more"
    )
    assert all(said in output for output in outputs), outputs
    assert "update or resolve it by hand" in outputs[0]
    assert "Not followed up" not in resolved


def test_a_monitor_named_in_an_incident_s_text_is_shown_never_obeyed(tmp_path: Path) -> None:
    # The id is read back from the update as written, and a C1 control or a direction
    # override is legal there: shown as an escape, like a title in `statusgen status`.
    incident = (
        "---\ntitle: API down\nstatus: investigating\ncomponents:\n  api: major_outage\n---\n"
        "## Investigating at 2026-11-20 10:00\n"
        "Opened automatically: the monitor `api\u009b2J\u202ex` failed.\n"
    )
    root = write_site(tmp_path, {"content/incidents/2026-11-20-api-down.md": incident})
    output = succeeding(root)("probe", "--open-incidents")
    assert "no monitor that failed for it (api\\x9b2J\\u202ex) opens incidents" in output
    assert "\x9b" not in output and "\u202e" not in output


# An HTTP monitor that opens incidents, and one to probe so that nothing new is recorded
# for it: both against ports nothing listens on.
TWO_MONITORS = """\
- id: api-health
  component: api
  type: http
  url: http://127.0.0.1:{port}/health
  open_incident_after: 2
  timeout: 1
- id: other
  component: checkout
  type: tcp
  host: 127.0.0.1
  port: {port}
  timeout: 1
"""


def test_a_resolved_incident_is_not_reopened_by_the_runs_before_it(tmp_path: Path) -> None:
    """After a person resolves it, only runs after the resolution count: K of them failing
    open the next incident, the runs that opened the first never again."""
    root = write_site(tmp_path, {"content/monitors.yaml": TWO_MONITORS.format(port=closed_port())})
    run = succeeding(root)

    run("record", "api-health", "--down", "--at", "20m ago")
    run("record", "api-health", "--down", "--at", "19m ago")
    assert "Opened" in run("probe", "--open-incidents", "other")
    [opened] = (root / "content/incidents").glob("*-not-responding.md")
    run("resolve", opened.stem, "-m", "fixed")
    for _ in range(2):  # CI's next runs, with no new run of the monitor
        assert "Opened" not in run("probe", "--open-incidents", "other")
    # The resolution is written to the minute: runs from the next minute on count.
    run("record", "api-health", "--down", "--at", "in 2m")
    assert "Opened" not in run("probe", "--open-incidents", "other")  # 1 is not yet K = 2
    run("record", "api-health", "--down", "--at", "in 3m")
    assert "Opened" in run("probe", "--open-incidents", "other")
    assert 2 == len(list((root / "content/incidents").glob("*-not-responding*.md")))


def test_checks_failing_during_planned_maintenance_are_muted(tmp_path: Path) -> None:
    files = {
        "content/monitors.yaml": AUTO.format(port=closed_port()),
        "content/components.yaml": "- id: api\n  name: API\n",
        "content/incidents/2026-11-20-checkout-errors.md": None,
    }
    root = write_site(tmp_path, files)
    run = succeeding(root)

    run("new", "maintenance", "DB upgrade", "--start", "now", "--end", "in 2h", "-c", "api",
        "-m", "Planned.")  # fmt: skip
    outputs = [run("probe", "--open-incidents") for _ in range(2)]
    run("build", "-o", str(tmp_path / "out"))
    status = json.loads(run("status", "--json"))

    # The window wins over the checks, and every output says so alike.
    assert "api-health  down (muted)" in outputs[1]
    assert "1 probed, 0 down, 1 muted by maintenance" in outputs[1]
    assert [] == list((root / "content/incidents").glob("*-not-responding.md"))
    assert "under_maintenance" == status["overall"]
    assert ["under_maintenance"] == [c["status"] for c in status["components"]]
    out = tmp_path / "out"
    assert "under_maintenance" == json.loads((out / "status.json").read_text())["status"]
    summary = json.loads((out / "api/v2/summary.json").read_text())
    assert "maintenance" == summary["status"]["indicator"]
    assert ["under_maintenance"] == [c["status"] for c in summary["components"]]


@pytest.mark.parametrize("kept", ["operational", "degraded_performance"])
def test_a_window_that_keeps_its_component_up_mutes_none_of_its_checks(
    tmp_path: Path, kept: str
) -> None:
    files = {
        "content/monitors.yaml": AUTO.format(port=closed_port()),
        "content/components.yaml": "- id: api\n  name: API\n",
        "content/incidents/2026-11-20-checkout-errors.md": None,
    }
    root = write_site(tmp_path, files)
    run = succeeding(root)

    run("new", "maintenance", "Certificate rotation", "--start", "now", "--end", "in 2h",
        "-c", f"api={kept}", "-m", "No customer impact expected.")  # fmt: skip
    outputs = [run("probe", "--open-incidents") for _ in range(2)]
    run("build", "-o", str(tmp_path / "out"))

    # The page never shows the API under maintenance, so its failing checks count.
    assert "1 probed, 1 down" in outputs[1] and "muted" not in outputs[1]
    assert 1 == len(list((root / "content/incidents").glob("*-not-responding.md")))
    runs = json.loads((root / "data/monitors/api-health.json").read_text())["runs"]
    assert [["down"], ["down"]] == [[r[1], *r[4:]] for r in runs]
    summary = json.loads((tmp_path / "out/api/v2/summary.json").read_text())
    assert ["major_outage"] == [c["status"] for c in summary["components"]]
    assert "All Systems Operational" != summary["status"]["description"]


def test_runs_an_older_release_muted_under_a_window_keeping_the_component_up_count(
    tmp_path: Path,
) -> None:
    from statusgen.model import Check, MonitorData
    from statusgen.probe import store

    start, end = now() - timedelta(hours=2), now() + timedelta(hours=2)
    window = (
        f"---\ntitle: Certificate rotation\nscheduled_for: {start:%Y-%m-%d %H:%M +00:00}\n"
        f"scheduled_until: {end:%Y-%m-%d %H:%M +00:00}\ncomponents:\n  api: operational\n---\n"
        f"## Scheduled at {start - timedelta(days=1):%Y-%m-%d %H:%M +00:00}\nNo impact.\n"
    )
    files = {
        "content/monitors.yaml": "- id: job\n  component: api\n  type: heartbeat\n  interval: 10\n",
        "content/components.yaml": "- id: api\n  name: API\n",
        "content/incidents/2026-11-20-checkout-errors.md": None,
        "content/incidents/rotation.md": window,
    }
    root = write_site(tmp_path, files)
    # As a release before the one rule (status.maintained) wrote them: muted by the window.
    failed = [
        Check(now() - timedelta(minutes=m), CheckResult.DOWN, None, "refused", muted=True)
        for m in (55, 45, 35, 25, 15, 5)
    ]
    berlin = ZoneInfo("Europe/Berlin")
    store.save(root, store.add_checks(MonitorData("job"), failed, berlin, 90))
    run = succeeding(root)

    status = json.loads(run("status", "--json"))
    run("record", "job", "--down")

    # The page never showed the API under maintenance: its failures are an outage.
    assert ["major_outage"] == [c["status"] for c in status["components"]]
    assert "All Systems Operational" != status["description"]
    # Written back with the next run, they stay counted once the runs themselves are gone.
    kept = store.load(root, "job")
    assert [False] * 7 == [c.muted for c in kept.checks]
    assert (7, 7, 0) == (sum(d.checks for d in kept.days), sum(d.failures for d in kept.days),
                         sum(d.muted for d in kept.days))  # fmt: skip


def test_failures_during_planned_maintenance_never_count_towards_an_incident(
    tmp_path: Path,
) -> None:
    # A window that ended an hour ago: the job failed throughout it, and still fails.
    start, end = now() - timedelta(hours=5), now() - timedelta(hours=1)
    maintenance = (
        f"---\ntitle: DB upgrade\nscheduled_for: {start:%Y-%m-%dT%H:%M}Z\n"
        f"scheduled_until: {end:%Y-%m-%dT%H:%M}Z\ncomponents: [api]\n---\n"
        f"## Scheduled at {start - timedelta(days=1):%Y-%m-%dT%H:%M}Z\nPlanned.\n"
    )
    files = {
        "content/monitors.yaml": "- {id: beat, component: api, type: heartbeat, interval: 60,"
        " open_incident_after: 2}\n",
        "content/components.yaml": "- id: api\n  name: API\n",
        "content/incidents/2026-11-20-checkout-errors.md": None,
        "content/incidents/db-upgrade.md": maintenance,
    }
    root = write_site(tmp_path, files)
    run = succeeding(root)

    def failed(ago: timedelta) -> list[Path]:
        """Record a failure `ago`, then follow up: the incidents opened so far."""
        run("record", "beat", "--down", "--at", f"{now() - ago:%Y-%m-%dT%H:%M:%S}Z")
        run("probe", "--open-incidents")
        return list((root / "content/incidents").glob("*-not-responding.md"))

    # Muted in the window: neither those failures nor the first after it open anything.
    assert [] == failed(timedelta(hours=4))
    assert [] == failed(timedelta(hours=3))
    runs = json.loads((root / "data/monitors/beat.json").read_text())["runs"]
    assert [["down", "muted"], ["down", "muted"]] == [[run[1], *run[4:]] for run in runs]
    assert [] == failed(timedelta(minutes=50))
    # The second failure outside the window is the second of `open_incident_after: 2`.
    assert 1 == len(failed(timedelta(minutes=40)))


# Started early at 09:00 (UTC); api joins at 11:00; completed at 12:00, and the file
# says so in its `status` (as `resolve` writes it).
EARLY_WINDOW = """\
---
title: W2
scheduled_for: 2026-12-02 10:00 +00:00
scheduled_until: 2026-12-02 14:00 +00:00
status: completed
components: {website: under_maintenance, api: under_maintenance}
---
## Scheduled at 2026-12-01 12:00 +00:00
Components: website=under_maintenance

Planned.

## In progress at 2026-12-02 09:00 +00:00
Started early.

## In progress at 2026-12-02 11:00 +00:00
Components: api=under_maintenance

API work begins.

## Completed at 2026-12-02 12:00 +00:00
Done.
"""


def early_window_site(tmp_path: Path) -> Path:
    files = {
        "statusgen.yaml": "title: S\nbase_url: https://s.example.com\ntimezone: America/New_York\n",
        "content/components.yaml": "- id: api\n  name: API\n- id: website\n  name: Website\n",
        "content/monitors.yaml": "- {id: api-beat, component: api, type: heartbeat, interval: 30}\n"
        "- {id: web-beat, component: website, type: heartbeat, interval: 30}\n",
        "content/incidents/2026-11-20-checkout-errors.md": None,
        "content/incidents/2026-12-02-w2.md": EARLY_WINDOW,
    }
    return write_site(tmp_path, files)


def marks(root: Path, monitor_id: str) -> list[tuple[str, bool]]:
    """Each stored run's UTC time of day and whether it is muted."""
    runs = json.loads((root / f"data/monitors/{monitor_id}.json").read_text())["runs"]
    return [
        (f"{datetime.fromtimestamp(r[0] / 1000, timezone.utc):%H:%M}", r[4:] == ["muted"])
        for r in runs
    ]


@pytest.mark.usefixtures("december_2")
def test_a_run_is_muted_when_the_page_shows_its_component_under_maintenance(
    tmp_path: Path,
) -> None:
    root = early_window_site(tmp_path)
    run = succeeding(root)

    for at in ("07:00", "07:30", "08:00", "08:30"):
        run("record", "api-beat", "--up", "--at", f"2026-12-02 {at}Z")
    for at in ("09:30", "10:00", "10:30", "11:30"):
        run("record", "api-beat", "--down", "-m", "HTTP 500", "--at", f"2026-12-02 {at}Z")
    for at in ("08:30", "09:30", "10:30", "11:30", "12:30"):
        run("record", "web-beat", "--down", "--at", f"2026-12-02 {at}Z")

    # api joined the window at 11:00: its failures before count, as the page shows them.
    assert [("09:30", False), ("10:00", False), ("10:30", False), ("11:30", True)] == marks(
        root, "api-beat"
    )[4:]
    before = run("status", "--now", "2026-12-02T10:45:00Z")
    assert re.search(r"^API +Partial outage", before, re.MULTILINE)
    assert "api-beat  Partial outage  API:" in before and "2 of the last 5 up" in before
    # The window in progress from 09:00 (its update) until its `Completed` one at 12:00.
    assert [("08:30", False), ("09:30", True), ("10:30", True), ("11:30", True),
            ("12:30", False)] == marks(root, "web-beat")  # fmt: skip
    after = run("status", "--now", "2026-12-02T11:45:00Z")
    assert re.search(r"^Website +Under maintenance", after, re.MULTILINE)


def test_runs_merged_from_another_copy_are_muted_by_the_same_rule(tmp_path: Path) -> None:
    root = early_window_site(tmp_path / "site")
    other = tmp_path / "other"
    other.mkdir()
    at = [datetime(2026, 12, 2, h, 30, tzinfo=timezone.utc) for h in (8, 9, 10, 12)]
    runs = [[int(a.timestamp()) * 1000, "down", None, ""] for a in at]
    # A mark the other copy made is judged by the one rule: no window held the
    # Website under maintenance at 08:31 (its work began at 09:00), so the run counts.
    runs.insert(1, [int(at[0].timestamp()) * 1000 + 60_000, "down", None, "", "muted"])
    copy = {"version": 1, "monitor": "web-beat", "pruned_before": None, "runs": runs}
    (other / "web-beat.json").write_text(json.dumps({**copy, "days": []}))

    result = CliRunner().invoke(cli, ["-C", str(root), "record", "--from", str(other)])

    assert 0 == result.exit_code, result.output
    assert [("08:30", False), ("08:31", False), ("09:30", True), ("10:30", True),
            ("12:30", False)] == marks(root, "web-beat")  # fmt: skip


def test_a_broken_incident_file_is_a_warning_and_the_run_is_counted(tmp_path: Path) -> None:
    files = {
        "content/monitors.yaml": MONITORS.format(http=1, tcp=1),
        "content/incidents/2026-12-01-db-upgrade.md": "---\ntitle: [DB upgrade\n---\n",
    }
    root = write_site(tmp_path, files)
    done = CliRunner().invoke(cli, ["-C", str(root), "record", "nightly", "--down"])
    assert 0 == done.exit_code, done.output
    assert (
        "content/incidents/2026-12-01-db-upgrade.md: warning: has errors, so a maintenance "
        "window it declares mutes nothing" in done.output
    )
    runs = json.loads((root / "data/monitors/nightly.json").read_text())["runs"]
    assert [["down"]] == [[run[1], *run[4:]] for run in runs]


def test_stale_runs_open_no_incident(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": TWO_MONITORS.format(port=closed_port())})
    runner = CliRunner()
    for ago in ("2h ago", "119m ago", "118m ago"):  # every 10 minutes: stale after 30
        done = runner.invoke(cli, ["-C", str(root), "record", "api-health", "--down", "--at", ago])
        assert 0 == done.exit_code, done.output
    result = runner.invoke(cli, ["-C", str(root), "probe", "--open-incidents", "other"])
    assert 0 == result.exit_code, result.output
    assert "Opened" not in result.output
    assert [] == list((root / "content/incidents").glob("*-not-responding.md"))


def test_without_the_setting_no_incident_is_opened(tmp_path: Path) -> None:
    with http_server() as server:
        server.mode = "failing"
        monitors = AUTO.format(port=server.port).replace("  open_incident_after: 2\n", "")
        root = write_site(tmp_path, {"content/monitors.yaml": monitors})
        for _ in range(3):
            result = CliRunner().invoke(cli, ["-C", str(root), "probe", "--open-incidents"])
            assert 0 == result.exit_code, result.output
    assert [] == list((root / "content/incidents").glob("*-not-responding.md"))


@pytest.mark.usefixtures("december_2")
def test_record_adds_a_heartbeat_and_refuses_half_an_answer(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    runner = CliRunner()
    at = "2026-12-01T03:00:00Z"
    done = runner.invoke(
        cli, ["-C", str(root), "record", "nightly", "--down", "--latency", "5300",
              "-m", "disk\nfull", "--at", at],
    )  # fmt: skip
    assert 0 == done.exit_code, done.output
    runs = json.loads((root / "data/monitors/nightly.json").read_text())["runs"]
    millis = int(datetime(2026, 12, 1, 3, tzinfo=timezone.utc).timestamp()) * 1000
    assert [[millis, "down", 5300, "disk full"]] == runs
    missing = runner.invoke(cli, ["-C", str(root), "record", "nightly"])
    assert 2 == missing.exit_code
    assert "--up or --down" in missing.output


@pytest.mark.usefixtures("december_2")
@pytest.mark.parametrize(
    ("command", "monitor_id"),
    [(["record", "nightly", "--down"], "nightly"), (["probe"], "api-health")],
)
def test_record_and_probe_say_a_full_disk_and_keep_the_data_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], monitor_id: str
) -> None:
    # A cron job on a full disk printed a traceback ending in Replacement.write's truncate.
    from statusgen.replacement import Replacement

    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    succeeding(root)("record", monitor_id, "--up")
    before = (root / f"data/monitors/{monitor_id}.json").read_bytes()

    def full(self: Replacement, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Replacement, "write", full)
    done = CliRunner().invoke(cli, ["-C", str(root), *command])

    assert 1 == done.exit_code, done.output
    assert isinstance(done.exception, SystemExit), done.exception
    assert (
        f"data/monitors/{monitor_id}.json: cannot write the monitor's data: "
        f"{os.strerror(errno.ENOSPC)}; the file was left as it was"
    ) in done.stderr
    assert "hint: the disk is full: free some space and run the command again" in done.stderr
    assert before == (root / f"data/monitors/{monitor_id}.json").read_bytes()
    assert [] == [p.name for p in (root / "data/monitors").iterdir() if p.suffix == ".tmp"]


@pytest.mark.usefixtures("december_2")
@pytest.mark.parametrize("command", [["record", "nightly", "--down"], ["probe"]])
def test_record_and_probe_say_a_read_only_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    # The lock comes first: on a read-only site its folder could not be made, a traceback.
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    real_mkdir = Path.mkdir

    def read_only(self: Path, *args: Any, **kwargs: Any) -> None:
        if self.name == ".statusgen-cache":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    done = CliRunner().invoke(cli, ["-C", str(root), *command])

    assert 1 == done.exit_code, done.output
    assert isinstance(done.exception, SystemExit), done.exception
    assert (
        ".statusgen-cache/monitors.lock: cannot write the lock that keeps runs on this "
        f"machine apart: {os.strerror(errno.EROFS)}; nothing was recorded"
    ) in done.stderr
    hint = "hint: the file system is read-only: record into a copy of the site on a writable disk"
    assert hint in done.stderr
    assert not (root / "data/monitors/nightly.json").exists()


@pytest.mark.usefixtures("december_2")
def test_a_heartbeat_message_keeps_no_control_or_direction_character(tmp_path: Path) -> None:
    # A job's -m went into the data file and the component page as typed: the escape
    # sequences of a terminal's output, a direction override that turns what follows.
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    message = "esc\x1b[2J\x1b[31mRED \u202edaolpu\u202c\x9b2J \u2066done\u2069\x00"
    run = succeeding(root)
    run("record", "nightly", "--down", "-m", message)
    run("build", "--now", "2026-12-02T13:05:00Z")
    [recorded] = json.loads((root / "data/monitors/nightly.json").read_text())["runs"]
    shown = (root / "public/components/dashboard/index.html").read_text(encoding="utf-8")
    assert "escRED daolpu done" == recorded[3]
    assert "escRED daolpu done" in shown
    assert [] == re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)


@pytest.mark.usefixtures("december_2")
@pytest.mark.parametrize(
    "message",
    [
        # A job's colored error line (CSI with parameters), and in its C1 form.
        "\x1b[1;31mERROR\x1b[0m: backup failed",
        "\x9b1;31mERROR\x9b0m: backup failed",
        # A window title (OSC, ended by BEL) and a link (OSC 8, ended by ESC \\).
        "\x1b]0;job\x07ERROR: backup failed",
        "\x1b]8;;https://example.com/log\x1b\\ERROR\x1b]8;;\x1b\\: backup failed",
        # Two-byte ones: a character set chosen, the cursor saved and restored.
        "\x1b(BERROR\x1b7: backup\x1b8 failed",
        # A private mode (a `?` parameter) and an intermediate byte.
        "\x1b[?25lERROR\x1b[ q: backup failed",
    ],
)
def test_a_heartbeat_message_keeps_no_escape_sequence_text(tmp_path: Path, message: str) -> None:
    # Dropping only the ESC left its parameters behind: `[1;31mERROR[0m: backup failed`
    # in the data file and on the component page.
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    run = succeeding(root)
    run("record", "nightly", "--down", "-m", message)
    run("build", "--now", "2026-12-02T13:05:00Z")
    [recorded] = json.loads((root / "data/monitors/nightly.json").read_text())["runs"]
    shown = (root / "public/components/dashboard/index.html").read_text(encoding="utf-8")
    assert "ERROR: backup failed" == recorded[3]
    assert "ERROR: backup failed" in shown


@pytest.mark.usefixtures("december_2")
@pytest.mark.parametrize(("length", "warned"), [(500, False), (501, True)])
def test_record_says_when_it_shortens_a_message(tmp_path: Path, length: int, warned: bool) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    done = CliRunner().invoke(
        cli, ["-C", str(root), "record", "nightly", "--up", "-m", "x" * length]
    )
    assert 0 == done.exit_code, done.output
    [recorded] = json.loads((root / "data/monitors/nightly.json").read_text())["runs"]
    assert "x" * 500 == recorded[3]
    said = "--message: warning: shortened to its first 500 characters (of 501)"
    assert warned == (said in done.stderr), done.stderr


@pytest.mark.usefixtures("december_2")
def test_record_reads_a_message_of_a_lone_dash_from_standard_input(tmp_path: Path) -> None:
    # As `-m -` is for new, update and resolve: a job's last line piped in
    # (`tail -1 backup.log | statusgen record nightly --down -m -`), not the note "-".
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    done = CliRunner().invoke(
        cli,
        ["-C", str(root), "record", "nightly", "--down", "-m", "-"],
        input="disk full on /backup\n",
    )
    assert 0 == done.exit_code, done.output
    [recorded] = json.loads((root / "data/monitors/nightly.json").read_text())["runs"]
    assert "disk full on /backup" == recorded[3]


@pytest.mark.parametrize("both", [["--up", "--down"], ["--down", "--up"]])
def test_record_refuses_up_and_down_together(tmp_path: Path, both: list[str]) -> None:
    """Whichever came last would be recorded: a failed job might be kept as up."""
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    result = CliRunner().invoke(cli, ["-C", str(root), "record", "nightly", *both])
    assert 2 == result.exit_code, result.output
    assert "give --up or --down, not both" in result.output
    assert not (root / "data/monitors/nightly.json").exists()


def recorded(root: Path) -> list[datetime]:
    runs = json.loads((root / "data/monitors/nightly.json").read_text())["runs"]
    return [datetime.fromtimestamp(run[0] / 1000, timezone.utc) for run in runs]


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-12-01 04:00", datetime(2026, 12, 1, 3, tzinfo=timezone.utc)),  # Berlin
        ("2026-12-01T04:00", datetime(2026, 12, 1, 3, tzinfo=timezone.utc)),
        ("2026-12-01 04:00 +02:00", datetime(2026, 12, 1, 2, tzinfo=timezone.utc)),
    ],
)
@pytest.mark.usefixtures("december_2")
def test_record_reads_at_as_now_is_read(tmp_path: Path, at: str, expected: datetime) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    done = CliRunner().invoke(cli, ["-C", str(root), "record", "nightly", "--up", "--at", at])
    assert 0 == done.exit_code, done.output
    assert [expected] == recorded(root)


@pytest.mark.parametrize(("at", "ago"), [("now", 0), ("45m ago", 45), ("2h ago", 120)])
def test_record_at_a_relative_time_counts_from_the_current_time(
    tmp_path: Path, at: str, ago: int
) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    before = now().replace(second=0, microsecond=0)
    done = CliRunner().invoke(cli, ["-C", str(root), "record", "nightly", "--up", "--at", at])
    after = now()
    assert 0 == done.exit_code, done.output
    [moment] = recorded(root)
    assert before - timedelta(minutes=ago) <= moment <= after - timedelta(minutes=ago)


def test_record_takes_now_from_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As `new incident` does: a job replayed with the clock pinned records its runs then,
    # and the 48 hours held count back from that moment, not from this machine's clock.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796126400")  # 2026-12-01T12:00:00Z
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    run = succeeding(root)
    run("record", "nightly", "--up", "--at", "2026-11-30T02:00:00Z")  # 34 hours before
    run("record", "nightly", "--down", "--at", "45m ago")
    run("record", "nightly", "--up")
    pinned = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
    expected = [pinned - timedelta(hours=34), pinned - timedelta(minutes=45), pinned]
    assert expected == recorded(root)


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("bogus", "cannot read the time 'bogus'"),
        ("2026-13-01T00:00Z", "'2026-13-01T00:00Z' is not a valid date and time"),
        ("in 99999999h", "'in 99999999h' is outside the years 1970 to 9998"),
        ("1969-12-31T00:00Z", "--at must be in the years 1970 to 9998"),
        ("9999-12-31T23:59-23:59", "--at must be in the years 1970 to 9998"),
        ("in 1h", "is in the future: a run is recorded once it has happened"),
        ("2099-01-01T00:00Z", "is in the future"),
    ],
)
def test_record_refuses_a_bad_at_as_bad_usage(tmp_path: Path, at: str, message: str) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    done = CliRunner().invoke(cli, ["-C", str(root), "record", "nightly", "--up", "--at", at])
    assert 2 == done.exit_code, done.output
    assert "--at" in done.output
    assert message in done.output
    assert not (root / "data/monitors/nightly.json").exists()


def data_file(root: Path, day: date, runs: list[list[Any]], aggregate: list[Any]) -> None:
    """nightly.json with `runs` held and `aggregate` for `day`, whose runs before noon
    (Berlin) were pruned into it."""
    noon = datetime.combine(day, datetime.min.time(), BERLIN).replace(hour=12)
    text = json.dumps(
        {
            "version": 1,
            "monitor": "nightly",
            "pruned_before": int(noon.timestamp() * 1000),
            "runs": runs,
            "days": [[day.isoformat(), *aggregate]],
        }
    )
    (root / "data/monitors").mkdir(parents=True, exist_ok=True)
    (root / "data/monitors/nightly.json").write_text(text)


def at_hour(day: date, hour: int, minute: int = 0) -> int:
    moment = datetime.combine(day, datetime.min.time(), BERLIN).replace(hour=hour, minute=minute)
    return int(moment.timestamp() * 1000)


def test_a_late_run_keeps_the_percentiles_of_a_day_partly_pruned(tmp_path: Path) -> None:
    """The day's p50/p95 came from its ten runs; two are still held: a late run must not
    turn them into the percentiles of three."""
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    day = datetime.now(BERLIN).date() - timedelta(days=1)
    held = [[at_hour(day, 13), "up", 100, ""], [at_hour(day, 14), "up", 100, ""]]
    data_file(root, day, held, [10, 0, 0, 200, 300])
    late = f"{day.isoformat()} 23:59"
    done = CliRunner().invoke(
        cli, ["-C", str(root), "record", "nightly", "--up", "--latency", "500", "--at", late]
    )
    assert 0 == done.exit_code, done.output
    days = json.loads((root / "data/monitors/nightly.json").read_text())["days"]
    assert [[day.isoformat(), 11, 0, 0, 200, 300]] == days


def test_a_late_run_updates_the_percentiles_of_a_day_held_whole(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    day = datetime.now(BERLIN).date() - timedelta(days=1)
    held = [[at_hour(day, 13), "up", 100, ""], [at_hour(day, 14), "up", 100, ""]]
    data_file(root, day, held, [2, 0, 0, 100, 100])
    late = f"{day.isoformat()} 23:59"
    done = CliRunner().invoke(
        cli, ["-C", str(root), "record", "nightly", "--up", "--latency", "500", "--at", late]
    )
    assert 0 == done.exit_code, done.output
    days = json.loads((root / "data/monitors/nightly.json").read_text())["days"]
    assert [[day.isoformat(), 3, 0, 0, 100, 500]] == days


def test_record_says_a_run_before_the_pruned_runs_is_not_recorded(tmp_path: Path) -> None:
    """A heartbeat lost without a word is worse than a failed step: it fails, saying why."""
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    day = datetime.now(BERLIN).date() - timedelta(days=1)
    data_file(root, day, [[at_hour(day, 13), "up", 100, ""]], [10, 0, 0, 200, 300])
    before = (root / "data/monitors/nightly.json").read_text()
    done = CliRunner().invoke(
        cli, ["-C", str(root), "record", "nightly", "--down", "--at", f"{day} 10:00"]
    )
    assert 1 == done.exit_code, done.output
    assert "Recorded" not in done.output
    assert "data/monitors/nightly.json: run at " in done.output
    assert "not recorded: runs up to " in done.output
    assert before == (root / "data/monitors/nightly.json").read_text()


@pytest.mark.usefixtures("december_2")
def test_record_says_a_run_already_recorded_is_not_recorded_again(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    command = ["-C", str(root), "record", "nightly", "--up", "--at", "2026-12-01T03:00:00Z"]
    first = CliRunner().invoke(cli, command)
    again = CliRunner().invoke(cli, command)  # a retried CI step: the run is not lost
    assert 0 == first.exit_code, first.output
    assert 0 == again.exit_code, again.output
    assert again.output.startswith("Not recorded again: nightly already has this run")
    assert 1 == len(recorded(root))


@pytest.mark.usefixtures("december_2")
def test_record_from_keeps_a_different_run_of_the_same_millisecond(tmp_path: Path) -> None:
    """As the docs say: copies that diverged keep both runs of one millisecond."""
    root = write_site(tmp_path / "site", {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    other = write_site(
        tmp_path / "other", {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)}
    )
    at = "2026-12-01T03:00:00Z"
    runner = CliRunner()
    for site, result in ((root, "--up"), (other, "--down")):
        done = runner.invoke(cli, ["-C", str(site), "record", "nightly", result, "--at", at])
        assert 0 == done.exit_code, done.output
    for _ in range(2):  # merging again adds nothing
        merged = runner.invoke(
            cli, ["-C", str(root), "record", "--from", str(other / "data/monitors")]
        )
        assert 0 == merged.exit_code, merged.output
    runs = json.loads((root / "data/monitors/nightly.json").read_text())["runs"]
    assert ["up", "down"] == [run[1] for run in runs]
    days = json.loads((root / "data/monitors/nightly.json").read_text())["days"]
    assert [["2026-12-01", 2, 1, 0, None, None]] == days


def ahead_of_the_clock(root: Path, monitor: str, count: int = 6) -> None:
    """The data a clock three days ahead left: `count` runs that were all up."""
    from statusgen.model import Check, MonitorData
    from statusgen.probe import store

    later = now() + timedelta(days=3)
    runs = [Check(later + timedelta(minutes=10 * n), CheckResult.UP, 5, "") for n in range(count)]
    store.save(root, store.add_checks(MonitorData(monitor), runs, BERLIN, 90))


def test_record_from_refuses_runs_from_the_future(tmp_path: Path) -> None:
    files = {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)}
    root, other = write_site(tmp_path / "site", files), write_site(tmp_path / "other", files)
    ahead_of_the_clock(other, "nightly")

    done = CliRunner().invoke(
        cli, ["-C", str(root), "record", "--from", str(other / "data/monitors")]
    )

    assert 1 == done.exit_code, done.output
    # Each run at its line of the file (the first run is on line 4), nothing merged.
    for line in range(4, 10):
        assert f"nightly.json:{line}:3: run at " in done.output, done.output
    assert "is in the future" in done.output
    assert "nothing was merged" in done.output
    assert not (root / "data/monitors/nightly.json").exists()


def test_a_run_recorded_after_runs_from_a_clock_ahead_is_kept(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    ahead_of_the_clock(root, "nightly")
    runner = CliRunner()

    done = runner.invoke(cli, ["-C", str(root), "record", "nightly", "--up", "--latency", "5"])
    status = runner.invoke(cli, ["-C", str(root), "status"])

    assert 0 == done.exit_code, done.output
    assert "warning: dropped 6 run(s) dated in the future" in done.output
    assert "Recorded up for nightly (1 recent run kept)." in done.output
    assert 1 == len(recorded(root))
    again = runner.invoke(cli, ["-C", str(root), "record", "nightly", "--down"])
    assert "Recorded down for nightly (2 recent runs kept)." in again.output
    (line,) = [line for line in status.output.splitlines() if "nightly " in line]
    assert "Operational" in line and "1 of the last 1 up" in line, status.output


def test_a_slow_heartbeat_is_said_to_be_recorded_degraded(tmp_path: Path) -> None:
    # A check run elsewhere and reported with `record`: its slow_ms applies as to a probe's.
    near = "- {id: slow-near, component: api, type: tcp, host: db.example.com, port: 5432, "
    near += "timeout: 2, slow_ms: 500}\n"
    root = write_site(tmp_path, {"content/monitors.yaml": near})
    runner = CliRunner()

    slow = runner.invoke(cli, ["-C", str(root), "record", "slow-near", "--up", "--latency", "900"])
    quick = runner.invoke(cli, ["-C", str(root), "record", "slow-near", "--up", "--latency", "80"])

    assert 0 == slow.exit_code, slow.output
    # What it stores, and why: the job reported it up.
    assert (
        "Recorded degraded for slow-near: up, but 900 ms is over its slow_ms of 500 ms "
        "(1 recent run kept)."
    ) in slow.output
    runs = json.loads((root / "data/monitors/slow-near.json").read_text())["runs"]
    assert ["degraded", "up"] == [run[1] for run in runs]
    assert "Recorded up for slow-near (2 recent runs kept)." in quick.output


def test_a_probe_after_runs_from_a_clock_ahead_is_kept(tmp_path: Path) -> None:
    with http_server() as server:
        root = write_site(
            tmp_path, {"content/monitors.yaml": MONITORS.format(http=server.port, tcp=1)}
        )
        ahead_of_the_clock(root, "api-health")
        done = CliRunner().invoke(cli, ["-C", str(root), "probe", "api-health"])
    assert 0 == done.exit_code, done.output
    assert "warning: dropped 6 run(s) dated in the future" in done.output
    data = json.loads((root / "data/monitors/api-health.json").read_text())
    assert [["up", 1]] == [[run[1], len(data["days"])] for run in data["runs"]]


def test_retries_stay_within_the_timeout() -> None:
    with tcp_listener() as port:  # accepts, never answers: every attempt runs out of time
        started = time.monotonic()
        check = run_one(
            monitor(MonitorKind.HTTP, url=f"http://127.0.0.1:{port}/", timeout=0.5, retries=3),
            now,
        )
        elapsed = time.monotonic() - started
    assert CheckResult.DOWN == check.result
    assert elapsed < 0.8, elapsed


def test_a_slow_error_page_keeps_its_status_when_the_retry_runs_out_of_time() -> None:
    with http_server(slow_seconds=0.45) as server:
        server.mode = "slow-failing"  # HTTP 500 after 0.45 s: the retry gets 0.35 s
        url = f"http://127.0.0.1:{server.port}/"
        check = run_one(monitor(MonitorKind.HTTP, url=url, timeout=1, retries=1), now)
    assert 2 == server.requests
    assert (CheckResult.DOWN, "HTTP 500, expected 2xx or 3xx") == (check.result, check.message)
    assert check.latency_ms is not None and check.latency_ms >= 450


# --- what checks say ----------------------------------------------------------------------

# A value of each name the checks' words hold, as a check writes it.
SAMPLE_VALUES = {
    "code": 503,
    "expected": "200, 204",
    "body": "'status: ok'",
    "size": "1 MiB",
    "latency": 404,
    "threshold": 300,
    "message": "HTTP 200",
    "reason": "self-signed certificate",
    "when": "2026-12-11 08:00 UTC",
    "days": "9.5",
    "addresses": "192.0.2.7, 192.0.2.8",
    "missing": "192.0.2.10",
}


@pytest.mark.parametrize("said", words.ALL, ids=lambda w: w.recorded)
def test_every_text_a_check_writes_reads_back_as_its_words(said: words.Words) -> None:
    """A page translates a recorded text by reading it back: every one of them must."""
    text = said % SAMPLE_VALUES
    found = words.read(text)
    assert found is not None, text
    assert said == found[0]
    for name, value in found[1].items():
        assert str(SAMPLE_VALUES[name]) == value


def test_a_run_recorded_after_a_build_parses_no_incident_file(
    tmp_path: Path, parsed_files: list[str]
) -> None:
    # The windows that mute a run are read through the build's cache: a heartbeat from a
    # site of thousands of incidents must not parse every one of them on every run.
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    built = CliRunner().invoke(cli, ["-C", str(root), "build", "-q"])
    assert 0 == built.exit_code, built.output
    parsed_files.clear()
    done = CliRunner().invoke(cli, ["-C", str(root), "record", "nightly", "--up"])
    assert 0 == done.exit_code, done.output
    assert [] == parsed_files


def test_record_from_warns_of_a_copys_file_whose_monitor_is_not_declared(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    other = tmp_path / "other"
    other.mkdir()
    run = [int(now().timestamp()) * 1000 - 60_000, "up", 5, ""]
    copy = {"version": 1, "monitor": "nightly-old", "pruned_before": None, "runs": [run]}
    (other / "nightly-old.json").write_text(json.dumps({**copy, "days": []}))

    done = CliRunner().invoke(cli, ["-C", str(root), "record", "--from", str(other)])

    assert 0 == done.exit_code, done.output
    assert "nightly-old.json: warning: data for the monitor 'nightly-old'" in done.output
    assert "its runs were not merged" in done.output
    assert "rename the file to" in done.output and "nightly.json" in done.output


@pytest.mark.parametrize("ours", [None, "dashboard"])
def test_record_from_leaves_out_a_copys_runs_measured_for_another_component(
    tmp_path: Path, ours: str | None
) -> None:
    from statusgen.probe import store

    root = write_site(tmp_path / "site", {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    held = [int(now().timestamp()) * 1000 - 120_000, "up", 5, ""]
    mine = {"version": 1, "monitor": "nightly", "pruned_before": None, "runs": [held]}
    if ours is not None:
        mine["component"] = ours
    (root / "data/monitors").mkdir(parents=True)
    (root / "data/monitors/nightly.json").write_text(json.dumps({**mine, "days": []}))
    other = tmp_path / "other"
    other.mkdir()
    failed = [int(now().timestamp()) * 1000 - 60_000, "down", None, "job failed"]
    copy = {"version": 1, "monitor": "nightly", "component": "api", "pruned_before": None}
    (other / "nightly.json").write_text(json.dumps({**copy, "runs": [failed], "days": []}))

    done = CliRunner().invoke(cli, ["-C", str(root), "record", "--from", str(other)])

    assert 0 == done.exit_code, done.output
    assert "nightly.json: warning: data for the monitor 'nightly' measured component 'api'" in (
        done.output
    )
    assert "'dashboard'" in done.output and "its runs were not merged" in done.output
    assert "Merged runs into 0 monitor file(s)." in done.output
    kept = store.load(root, "nightly")
    assert [CheckResult.UP] == [c.result for c in kept.checks]


def test_record_from_refuses_a_file_that_is_not_a_data_file_at_its_line(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    other = tmp_path / "other"
    other.mkdir()
    (other / "old.json").write_text("{}\n")

    done = CliRunner().invoke(cli, ["-C", str(root), "record", "--from", str(other)])

    assert 1 == done.exit_code, done.output
    assert "old.json:1:" in done.output
    assert "not a version 1 monitor data file" in done.output


def test_record_from_reports_every_problem_of_every_file_at_once(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    other = tmp_path / "other"
    other.mkdir()
    ahead = int(datetime(2030, 1, 1, tzinfo=timezone.utc).timestamp()) * 1000
    runs = [[ahead - 60_000, "sideways", 5, ""], [ahead, "up", 5, ""]]
    copy = {"version": 1, "monitor": "nightly", "pruned_before": None, "runs": runs, "days": []}
    text = json.dumps(copy).replace("[[", "[\n  [").replace("], [", "],\n  [")
    (other / "nightly.json").write_text(text)
    (other / "api-health.json").write_text("{}")

    done = CliRunner().invoke(cli, ["-C", str(root), "record", "--from", str(other)])

    assert 1 == done.exit_code, done.output
    assert 'nightly.json:2:3: cannot read monitor data: unknown result "sideways"' in (done.output)
    assert "nightly.json:3:3: run at 2030-01-01T00:00:00Z is in the future" in done.output
    assert "api-health.json:1:" in done.output


@pytest.mark.usefixtures("december_2")
def test_record_from_cleans_a_copys_messages_as_record_m_does(tmp_path: Path) -> None:
    # A copy's runs were merged as they came: NUL and ESC on the component page, and a
    # message of 600,000 characters made it 612 KB.
    root = write_site(tmp_path / "site", {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    other = tmp_path / "other"
    other.mkdir()
    at = int(datetime(2026, 12, 2, 12, tzinfo=timezone.utc).timestamp()) * 1000
    runs = [[at, "up", 5, "y" * 600_000], [at + 1, "down", 5, "disk \u001b[31mfull\u0000\u202e"]]
    copy = {"version": 1, "monitor": "nightly", "pruned_before": None, "runs": runs, "days": []}
    (other / "nightly.json").write_text(json.dumps(copy))
    run = succeeding(root)

    run("record", "--from", str(other))
    run("build", "--now", "2026-12-02T13:05:00Z")

    held = json.loads((root / "data/monitors/nightly.json").read_text())["runs"]
    assert ["y" * 500, "disk full"] == [r[3] for r in held]
    shown = (root / "public/components/dashboard/index.html").read_text(encoding="utf-8")
    assert "disk full" in shown
    assert [] == re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", shown)
    # Merging the copy again adds nothing: its runs are read as they were kept.
    assert "Merged runs into 0 monitor file(s)." in run("record", "--from", str(other))


@pytest.mark.usefixtures("december_2")
def test_a_hand_edited_message_is_shown_cleaned_and_stops_no_build(tmp_path: Path) -> None:
    # A probe's stored data never stops a build: such a message is cleaned when read.
    at = int(datetime(2026, 12, 2, 12, tzinfo=timezone.utc).timestamp()) * 1000
    runs = [[at, "down", 5, "disk \u001b[31mfull\u0000\u202e"]]
    data = {"version": 1, "monitor": "nightly", "pruned_before": None, "runs": runs, "days": []}
    root = write_site(
        tmp_path,
        {
            "content/monitors.yaml": MONITORS.format(http=1, tcp=1),
            "data/monitors/nightly.json": json.dumps(data),
        },
    )
    run = succeeding(root)

    run("check")
    run("build", "--now", "2026-12-02T13:05:00Z")

    shown = (root / "public/components/dashboard/index.html").read_text(encoding="utf-8")
    assert "disk full" in shown
    assert [] == re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", shown)


def test_record_from_refuses_a_message_holding_half_a_character_at_its_line(
    tmp_path: Path,
) -> None:
    # A `\ud800` escape in a copy's message: merged, it stopped the save halfway.
    root = write_site(tmp_path / "site", {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    other = tmp_path / "other"
    other.mkdir()
    at = int(now().timestamp()) * 1000 - 60_000
    (other / "nightly.json").write_text(
        '{"version": 1, "monitor": "nightly", "component": "dashboard",\n'
        f' "runs": [[{at}, "down", 5, "x\\ud800"]], "days": []}}\n'
    )

    done = CliRunner().invoke(cli, ["-C", str(root), "record", "--from", str(other)])

    assert 1 == done.exit_code, done.output
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    assert "nightly.json:2:11: cannot read monitor data: a run's message holds U+D800" in (
        done.output
    )
    assert not (root / "data/monitors/nightly.json").exists()


def test_a_run_older_than_the_runs_held_is_refused_the_first_time_as_on_retry(
    tmp_path: Path,
) -> None:
    from statusgen.model import Check
    from statusgen.probe import store

    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    newest = now() - timedelta(minutes=1)
    full = [Check(newest - timedelta(minutes=10 * n), CheckResult.UP, 5, "") for n in range(300)]
    store.record(root, {"nightly": full}, BERLIN, 90)
    late = (newest - store.RAW_WINDOW - timedelta(minutes=5)).isoformat()
    before = (root / "data/monitors/nightly.json").read_bytes()
    args = ["-C", str(root), "record", "nightly", "--up", "--latency", "5", "--at", late]

    first, retry = CliRunner().invoke(cli, args), CliRunner().invoke(cli, args)

    assert (1, 1) == (first.exit_code, retry.exit_code), first.output + retry.output
    assert "not recorded" in first.output
    assert before == (root / "data/monitors/nightly.json").read_bytes()


@pytest.mark.parametrize("held", [0, 4])
def test_a_run_older_than_two_days_is_refused_even_by_a_file_of_few_runs(
    tmp_path: Path, held: int
) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS.format(http=1, tcp=1)})
    late = f"{now() - timedelta(days=3):%Y-%m-%dT%H:%M:%S}Z"
    args = ["-C", str(root), "record", "nightly", "--down", "-m", "job failed", "--at", late]
    run = succeeding(root)
    for n in range(held):
        run("record", "nightly", "--up", "--at", f"{held - n}m ago")

    first = CliRunner().invoke(cli, args)
    for n in range(5):  # the runs that would have pushed it out of the file
        run("record", "nightly", "--up", "--at", f"{n}s ago")
    retry = CliRunner().invoke(cli, args)

    assert (1, 1) == (first.exit_code, retry.exit_code), first.output + retry.output
    assert "older than the 48 hours of runs held" in first.output
    assert first.output == retry.output
    assert "job failed" not in (root / "data/monitors/nightly.json").read_text()


def staff_only_site(start: datetime) -> dict[str, str | bytes | None]:
    """Two pages, and a maintenance window on the API from `start` that only the staff's
    page shows (`audiences: [internal]`)."""
    window = (
        f"---\ntitle: Failover rehearsal (staff only)\nscheduled_for: {start:%Y-%m-%d %H:%M}\n"
        f"scheduled_until: {start + timedelta(hours=4):%Y-%m-%d %H:%M}\ncomponents: [api]\n"
        f"audiences: [internal]\n---\n## Scheduled at {start - timedelta(hours=1):%Y-%m-%d %H:%M}\n"
        "Staff only.\n"
    )
    return {
        "statusgen.yaml": (
            "title: Example Status\ntimezone: UTC\nstart_date: 2026-11-01\npages:\n"
            "  public: {base_url: https://status.example.com/, output: out-public, show: [api]}\n"
            "  internal: {base_url: https://internal.example.com/, output: out-internal,"
            " private: true}\n"
        ),
        "content/components.yaml": "- id: api\n  name: API\n- id: db\n  name: Database\n",
        "content/monitors.yaml": "- {id: api-beat, component: api, type: heartbeat, interval: 10,"
        " open_incident_after: 2}\n",
        INCIDENT_PATH: None,
        "content/incidents/staff-rehearsal.md": window,
    }


def test_a_window_for_one_page_mutes_the_runs_on_that_page_alone(tmp_path: Path) -> None:
    start = now().replace(second=0, microsecond=0) - timedelta(hours=1)
    root = write_site(tmp_path, staff_only_site(start))
    run = succeeding(root)
    for minutes in (-50, -40, -30, -20, -10):
        run(
            "record",
            "api-beat",
            "--up",
            "--at",
            f"{start + timedelta(minutes=minutes):%Y-%m-%d %H:%M}",
        )
    for minutes in (0, 10, 20, 30, 40, 50):
        at = f"{start + timedelta(minutes=minutes):%Y-%m-%d %H:%M}"
        run("record", "api-beat", "--down", "-m", "HTTP 500", "--at", at)
    moment = f"{start + timedelta(minutes=55):%Y-%m-%dT%H:%M}:00Z"
    run("build", "--now", moment)

    def status(page: str) -> str:
        return json.loads((root / f"out-{page}/status.json").read_text())["status"]

    # The public page never showed the window: there the failures are an outage.
    assert "major_outage" == status("public")
    public = run("status", "--page", "public", "--now", moment)
    assert re.search(r"^ *api-beat +Major outage.*0 of the last 5 up", public, re.MULTILINE)
    # The staff's page shows the window, and the runs muted by it.
    assert "under_maintenance" == status("internal")
    internal = run("status", "--page", "internal", "--now", moment)
    assert re.search(r"^ *api-beat +Operational.*5 of the last 5 up", internal, re.MULTILINE)
    # A page that counts the failures is enough to open the incident.
    said = run("probe", "--open-incidents")
    assert 1 == len(list((root / "content/incidents").glob("*-not-responding.md"))), said


def test_a_window_for_one_page_keeps_muted_what_only_that_page_shows(tmp_path: Path) -> None:
    start = now().replace(second=0, microsecond=0) - timedelta(hours=1)
    files = staff_only_site(start)
    window = files["content/incidents/staff-rehearsal.md"]
    assert isinstance(window, str)
    # The window takes the database too, which only the staff's page shows.
    files["content/incidents/staff-rehearsal.md"] = window.replace(
        "components: [api]", "components: [api, db]"
    )
    files["content/monitors.yaml"] = (
        "- {id: api-beat, component: api, type: heartbeat, interval: 10, open_incident_after: 2}\n"
        "- {id: db-beat, component: db, type: heartbeat, interval: 10, open_incident_after: 2}\n"
    )
    root = write_site(tmp_path, files)
    run = succeeding(root)
    for minutes in (0, 10, 20, 30, 40, 50):
        at = f"{start + timedelta(minutes=minutes):%Y-%m-%d %H:%M}"
        for monitor in ("api-beat", "db-beat"):
            run("record", monitor, "--down", "-m", "HTTP 500", "--at", at)

    said = run("probe", "--open-incidents")

    opened = [p.read_text() for p in (root / "content/incidents").glob("*-not-responding.md")]
    # The API's failures are an outage on the public page, which never showed the window;
    # the database's were muted on every page that shows it: planned work, no incident.
    assert 1 == len(opened), said
    assert "api: major_outage" in opened[0]
    assert "db:" not in opened[0]


def each_page_its_own_window(start: datetime) -> dict[str, str | bytes | None]:
    """staff_only_site with a second window on the API over the same hours, for the public
    page alone (`audiences: [public]`): every page that shows the API shows one of them."""
    files = staff_only_site(start)
    window = files["content/incidents/staff-rehearsal.md"]
    assert isinstance(window, str)
    files["content/incidents/public-rehearsal.md"] = window.replace(
        "audiences: [internal]", "audiences: [public]"
    ).replace("(staff only)", "(customers told)")
    return files


def test_windows_for_one_page_each_mute_a_component_every_page_shows(tmp_path: Path) -> None:
    start = now().replace(second=0, microsecond=0) - timedelta(hours=1)
    root = write_site(tmp_path, each_page_its_own_window(start))
    run = succeeding(root)
    for minutes in (0, 10, 20, 30, 40, 50):
        at = f"{start + timedelta(minutes=minutes):%Y-%m-%d %H:%M}"
        run("record", "api-beat", "--down", "-m", "HTTP 500", "--at", at)

    said = run("probe", "--open-incidents")

    # Each page showed the API under one of the windows: planned work there, no outage.
    assert [] == list((root / "content/incidents").glob("*-not-responding.md")), said


def probed_api(files: dict[str, str | bytes | None]) -> dict[str, str | bytes | None]:
    """`files` with the API measured by a probe that fails (a closed port) in place of
    the heartbeat."""
    return files | {
        "content/monitors.yaml": "- {id: api-port, component: api, type: tcp, host: 127.0.0.1,"
        f" port: {closed_port()}, timeout: 1, open_incident_after: 2}}\n"
    }


@pytest.mark.parametrize(
    ("site", "row", "total"),
    [
        # Muted on every page that shows the API, as one window for both pages mutes it.
        (each_page_its_own_window, "down (muted)", "0 down, 1 muted by maintenance"),
        # The public page never showed the staff's window: an outage there.
        (staff_only_site, "down (muted on the pages of staff-rehearsal)", "1 down"),
    ],
)
def test_windows_for_one_page_each_are_said_by_probe_as_the_pages_count_them(
    tmp_path: Path, site: Callable[[datetime], dict[str, str | bytes | None]], row: str, total: str
) -> None:
    start = now().replace(second=0, microsecond=0) - timedelta(hours=1)
    root = write_site(tmp_path, probed_api(site(start)))

    said = succeeding(root)("probe")

    assert said.startswith(f"api-port  {row}  "), said
    assert said.endswith(f"1 probed, {total}\n"), said


def test_a_dry_run_says_a_run_muted_as_a_real_run_records_it(tmp_path: Path) -> None:
    start = now().replace(second=0, microsecond=0) - timedelta(hours=1)
    root = write_site(tmp_path, probed_api(each_page_its_own_window(start)))

    said = succeeding(root)("probe", "--dry-run")

    assert said.startswith("api-port  down (muted)  "), said
    assert said.endswith("1 probed, 0 down, 1 muted by maintenance\n"), said
    assert not (root / "data").exists()


def test_windows_for_one_page_each_hold_back_an_outage_that_began_before_them(
    tmp_path: Path,
) -> None:
    start = now().replace(second=0, microsecond=0) - timedelta(minutes=5)
    root = write_site(tmp_path, each_page_its_own_window(start))
    run = succeeding(root)
    for minutes in (-25, -15):  # failed before the windows began: counted on every page
        at = f"{start + timedelta(minutes=minutes):%Y-%m-%d %H:%M}"
        run("record", "api-beat", "--down", "-m", "HTTP 500", "--at", at)

    said = run("probe", "--open-incidents")

    assert [] == list((root / "content/incidents").glob("*-not-responding.md")), said
    assert "Not opened: api-beat failed, but API is under maintenance" in said


def window_on_api(page: str, begins: datetime, ends: datetime) -> str:
    """A maintenance window on the API from `begins` to `ends` that only `page` shows."""
    return (
        f"---\ntitle: API work for {page}\nscheduled_for: {begins:%Y-%m-%d %H:%M}\n"
        f"scheduled_until: {ends:%Y-%m-%d %H:%M}\ncomponents: [api]\naudiences: [{page}]\n"
        f"---\n## Scheduled at {begins - timedelta(hours=1):%Y-%m-%d %H:%M}\nPlanned.\n"
    )


def recorded_runs(run: Callable[..., str], start: datetime, down: dict[int, bool]) -> None:
    """`record api-beat` at each of the minutes after `start`, down or up."""
    for minutes, failed in down.items():
        at = f"{start + timedelta(minutes=minutes):%Y-%m-%d %H:%M}"
        run("record", "api-beat", "--down" if failed else "--up", "-m", "HTTP 500", "--at", at)


def test_windows_for_one_page_each_open_nothing_no_page_fails_for(tmp_path: Path) -> None:
    start = now().replace(second=0, microsecond=0)
    files = staff_only_site(start)
    files["content/incidents/staff-rehearsal.md"] = window_on_api(
        "internal", start - timedelta(minutes=60), start - timedelta(minutes=35)
    )
    files["content/incidents/public-upgrade.md"] = window_on_api(
        "public", start - timedelta(minutes=35), start - timedelta(minutes=15)
    )
    root = write_site(tmp_path, files)
    run = succeeding(root)
    recorded_runs(run, start, {-70: False, -50: True, -40: True, -30: True, -20: True})

    said = run("probe", "--open-incidents")

    # Each page counts the two failures the other's window muted: up, down, down. Neither
    # was in a major outage twice in a row, so neither calls for an incident.
    for page in ("public", "internal"):
        shown = run("status", "--page", page)
        assert re.search(r"^ *api-beat .*1 of the last 3 up", shown, re.MULTILINE), shown
    assert [] == list((root / "content/incidents").glob("*-not-responding.md")), said


def test_a_window_for_one_page_leaves_the_failures_around_it_to_the_other(
    tmp_path: Path,
) -> None:
    start = now().replace(second=0, microsecond=0)
    files = staff_only_site(start)
    monitors = files["content/monitors.yaml"]
    assert isinstance(monitors, str)
    files["content/monitors.yaml"] = monitors.replace("after: 2", "after: 3")
    files["content/incidents/staff-rehearsal.md"] = None
    files["content/incidents/public-upgrade.md"] = window_on_api(
        "public", start - timedelta(minutes=35), start - timedelta(minutes=15)
    )
    root = write_site(tmp_path, files)
    run = succeeding(root)
    recorded_runs(run, start, {-50: True, -40: True, -30: False, -20: False, -10: True})

    said = run("probe", "--open-incidents")

    # The public page passes over the two runs its window muted: three failures outside
    # the window, in a major outage on each, as if the muted runs had not been.
    public = run("status", "--page", "public")
    assert re.search(r"^ *api-beat +Major outage.*0 of the last 3 up", public, re.MULTILINE)
    assert 1 == len(list((root / "content/incidents").glob("*-not-responding.md"))), said


def test_a_window_for_one_page_holds_back_no_other_page_s_recovery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The incident opens on two failures both pages count; the staff's window starts and
    # the checks pass. The public page shows no window: its checks say the outage is over.
    start = datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc)
    pin_clock(monkeypatch, start + timedelta(minutes=31))
    files = staff_only_site(start + timedelta(minutes=15))
    root = write_site(tmp_path, files)
    run = succeeding(root)
    from statusgen.probe.commands import open_incidents

    recorded_runs(run, start, {0: True, 10: True})
    opened = open_incidents(root, start + timedelta(minutes=11), commit=False)
    assert any("Opened" in line for line in opened.said), opened
    recorded_runs(run, start, {20: False, 30: False})
    followed = open_incidents(root, start + timedelta(minutes=31), commit=False)

    # Two answered checks on the public page, whose runs no window mutes: monitoring.
    assert any("Updated" in line for line in followed.said), followed
    (incident,) = (root / "content/incidents").glob("*-not-responding.md")
    assert "api-beat has answered its last 2 checks." in incident.read_text()


def test_a_monitor_failing_once_is_said_in_the_singular(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc)
    pin_clock(monkeypatch, start + timedelta(minutes=11))
    files = staff_only_site(start + timedelta(days=1))
    monitors = files["content/monitors.yaml"]
    assert isinstance(monitors, str)
    files["content/monitors.yaml"] = monitors.replace("after: 2", "after: 1")
    root = write_site(tmp_path, files)
    run = succeeding(root)
    from statusgen.probe.commands import open_incidents

    recorded_runs(run, start, {0: True})
    open_incidents(root, start + timedelta(minutes=1), commit=False)
    recorded_runs(run, start, {10: False})
    open_incidents(root, start + timedelta(minutes=11), commit=False)

    (incident,) = (root / "content/incidents").glob("*-not-responding.md")
    text = incident.read_text()
    assert "api-beat has failed 1 run in a row" in text
    assert "api-beat has answered its last check." in text


def test_the_streak_is_counted_as_the_page_calling_for_the_incident_counts_it(
    tmp_path: Path,
) -> None:
    start = now().replace(second=0, microsecond=0) - timedelta(hours=1)
    files = staff_only_site(start)
    settings = files["statusgen.yaml"]
    assert isinstance(settings, str)
    # The staff's page first: the one whose window mutes every run, and calls for nothing.
    public, internal = settings.splitlines(keepends=True)[-2:]
    files["statusgen.yaml"] = settings.replace(public + internal, internal + public)
    files["content/monitors.yaml"] = (
        "- {id: api-beat, component: api, type: heartbeat, interval: 10, open_incident_after: 2}\n"
        "- {id: api-cron, component: api, type: heartbeat, interval: 10, open_incident_after: 2}\n"
    )
    root = write_site(tmp_path, files)
    run = succeeding(root)
    for minutes in (30, 40, 50):
        at = f"{start + timedelta(minutes=minutes):%Y-%m-%d %H:%M}"
        for monitor in ("api-beat", "api-cron"):
            run("record", monitor, "--down", "-m", "disk full", "--at", at)

    said = run("probe", "--open-incidents")

    # The public page never showed the window: its three failures opened the incident.
    (incident,) = (root / "content/incidents").glob("*-not-responding.md")
    text = incident.read_text()
    assert "api-beat has failed 3 runs in a row; the last said: disk full" in text, said
    assert "Joined automatically: the monitor `api-cron` failed too." in text
    assert "api-cron has failed 3 runs in a row; the last said: disk full" in text


def test_a_later_step_of_a_window_for_one_page_holds_back_nothing_on_another(
    tmp_path: Path,
) -> None:
    start = now().replace(second=0, microsecond=0)
    files = staff_only_site(start)
    files["content/incidents/staff-rehearsal.md"] = (
        f"---\ntitle: Staff-only API and database work\n"
        f"scheduled_for: {start - timedelta(minutes=60):%Y-%m-%d %H:%M}\n"
        f"scheduled_until: {start + timedelta(minutes=120):%Y-%m-%d %H:%M}\n"
        "components: {api: operational, db: under_maintenance}\naudiences: [internal]\n---\n"
        f"## Scheduled at {start - timedelta(hours=10):%Y-%m-%d %H:%M}\nPlanned.\n\n"
        f"## In progress at {start - timedelta(minutes=60):%Y-%m-%d %H:%M}\n"
        "Components: api=under_maintenance\n\nStep one: the API.\n\n"
        # A step still ahead: the window as it stands now is rebuilt from its updates.
        f"## In progress at {start + timedelta(minutes=60):%Y-%m-%d %H:%M}\n"
        "Components: api=operational, db=under_maintenance\n\nStep two: the database.\n"
    )
    root = write_site(tmp_path, files)
    run = succeeding(root)
    recorded_runs(run, start, {-30: True, -20: True, -10: True})

    said = run("probe", "--open-incidents")

    # The public page never showed the window: there the API is down, and its incident due.
    public = run("status", "--page", "public")
    assert re.search(r"^ *api-beat +Major outage", public, re.MULTILINE), public
    assert "under maintenance" not in said
    assert 1 == len(list((root / "content/incidents").glob("*-not-responding.md"))), said
