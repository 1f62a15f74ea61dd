"""One attempt at each kind of check, with the standard library only.

Why no HTTP library: a check is one request with a hard timeout and a measured latency,
and we want the raw answer (a redirect is a result, not something to follow). http.client
does exactly that, ssl gives the certificate's expiry, and threads (runner.py) make 100
monitors cost one timeout of wall time without an event loop or a new dependency.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import errno
import http.client
import os
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from statusgen import __version__
from statusgen.model import CheckResult, Monitor, MonitorKind
from statusgen.probe import words
from statusgen.weburls import in_ascii

USER_AGENT = f"statusgen/{__version__} (+monitor)"
_MAX_BODY = 1 << 20  # a health page bigger than 1 MiB is read only this far for `body`
_MAX_BODY_SAID = f"{_MAX_BODY >> 20} MiB"  # the limit as a run's message names it
_MESSAGE_LIMIT = 200

# The resolver every check looks its host up with: socket.getaddrinfo, replaceable in tests.
Answers = list[tuple[Any, ...]]  # getaddrinfo's: (family, type, proto, canonname, address)
Resolver = Callable[..., Answers]
resolve: Resolver = socket.getaddrinfo


@dataclass(frozen=True)
class Outcome:
    """The result of one attempt."""

    result: CheckResult
    latency_ms: int | None
    message: str = ""


def attempt(monitor: Monitor, now: Callable[[], datetime] | None = None) -> Outcome:
    """Run one attempt of the monitor's check; never raises for a network problem."""
    started = time.perf_counter()
    try:
        if monitor.kind is MonitorKind.HTTP:
            return _http(monitor, started)
        if monitor.kind is MonitorKind.TCP:
            return _tcp(monitor, started)
        if monitor.kind is MonitorKind.TLS:
            return _tls(monitor, started, (now or _utcnow)())
        if monitor.kind is MonitorKind.DNS:
            return _dns(monitor, started)
    except (OSError, http.client.HTTPException, ValueError) as error:
        return Outcome(CheckResult.DOWN, None, _describe(error))
    return Outcome(CheckResult.DOWN, None, f"{monitor.kind.value} monitors are not probed")


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _elapsed(started: float) -> int:
    return max(round((time.perf_counter() - started) * 1000), 0)


def _judge(monitor: Monitor, latency: int, message: str = "") -> Outcome:
    """Up, or degraded when slower than the monitor's threshold."""
    if monitor.slow_ms is not None and latency > monitor.slow_ms:
        values = {"message": message, "latency": latency, "threshold": monitor.slow_ms}
        slow = (words.SLOW_AFTER if message else words.SLOW) % values
        return Outcome(CheckResult.DEGRADED, latency, slow)
    return Outcome(CheckResult.UP, latency, message)


def _describe(error: BaseException) -> str:
    if isinstance(error, TimeoutError | socket.timeout):
        return words.TIMED_OUT.recorded
    if isinstance(error, ssl.SSLCertVerificationError):
        return words.UNTRUSTED % {"reason": error.verify_message}
    if isinstance(error, ConnectionRefusedError):
        return words.REFUSED.recorded
    if isinstance(error, ConnectionResetError):
        return words.RESET.recorded
    if isinstance(error, ssl.SSLError) and error.reason:
        # "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)" names a line
        # of Python's own source, which differs from build to build: the reason alone.
        return words.TLS_FAILED % {"reason": error.reason.replace("_", " ").lower()}
    if isinstance(error, socket.gaierror):
        return words.UNRESOLVED % {"reason": error.strerror}
    if isinstance(error, _NoAddresses):
        return words.NO_ADDRESSES.recorded
    if isinstance(error, ValueError | http.client.InvalidURL):
        # A URL that could not be sent: Python's text repeats the URL, or the character
        # of it that failed, and a query token or password would be recorded and published.
        return words.INVALID_URL.recorded
    if isinstance(error, http.client.HTTPException):
        # http.client's text repeats what the server sent (its status line or version,
        # control characters and all), which the page would publish as our finding: our
        # own words for whatever it raises, one for those it may add later too.
        if isinstance(error, http.client.BadStatusLine | http.client.UnknownProtocol):
            return words.NOT_HTTP.recorded
        if isinstance(error, http.client.IncompleteRead):
            return words.CUT_SHORT.recorded
        return words.INVALID_HTTP.recorded
    # Python's text is "[Errno 113] No route to host", which a page would publish in
    # English as our finding: the common failures in our words, any other by its errno's
    # meaning (an SSLError's errno is the TLS library's own code, and names none).
    number = error.errno if isinstance(error, OSError) else None
    if number is not None and not isinstance(error, ssl.SSLError):
        if number in _OS_FAILURES:
            return _OS_FAILURES[number].recorded
        if number in errno.errorcode:
            return words.NETWORK_ERROR_BECAUSE % {"reason": os.strerror(number)}
    return words.NETWORK_ERROR.recorded


_OS_FAILURES = {
    errno.ENETUNREACH: words.NETWORK_UNREACHABLE,
    errno.EHOSTUNREACH: words.NO_ROUTE,
}


def _http(monitor: Monitor, started: float) -> Outcome:
    assert monitor.url is not None
    # http.client sends ASCII only: a path, query or host outside it goes as a browser
    # would send it (check refused every URL this could fail for).
    parts = urlsplit(in_ascii(monitor.url))
    assert parts.hostname is not None
    deadline = started + monitor.timeout
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        context = ssl.create_default_context()
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=monitor.timeout, context=context
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=monitor.timeout)
    connection.response_class = _FinalResponse
    # http.client's hook for how it connects (socket.create_connection, whose lookup has
    # no time limit): ours looks the host up and connects by the deadline.
    connection._create_connection = (  # type: ignore[attr-defined]
        lambda address, *_: _connect(address[0], address[1], deadline)
    )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    # The socket's timeout bounds each read, not the reply: a server that sends its status
    # line and headers a byte at a time would hold the check for ever. A watchdog cuts the
    # connection when the whole check's time is up, wherever http.client is waiting then.
    cut = threading.Event()
    watchdog = threading.Timer(max(deadline - time.perf_counter(), 0), _cut, (connection, cut))
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = connection.getresponse()
        body = b""
        if monitor.body is not None:
            # One byte past the limit tells a body that was cut from one that ended there.
            while len(body) <= _MAX_BODY:
                if time.perf_counter() > deadline:
                    raise TimeoutError
                piece = response.read1(min(65536, _MAX_BODY + 1 - len(body)))
                if not piece:
                    if response.length:
                        # The connection ended before the body its Content-Length
                        # announces (read1 just stops): no body to judge, text found or not.
                        raise http.client.IncompleteRead(body, response.length)
                    break
                body += piece
        latency = _elapsed(started)
    except (OSError, http.client.HTTPException, ValueError):
        if cut.is_set():
            raise TimeoutError from None
        raise
    finally:
        watchdog.cancel()
        connection.close()
    if cut.is_set():
        # Cut while the last bytes arrived: what was read may be short, the time is up.
        raise TimeoutError
    code = response.status
    expected = code in monitor.expect_status if monitor.expect_status else 200 <= code < 400
    if not expected:
        if monitor.expect_status:
            wanted = ", ".join(map(str, monitor.expect_status))
            text = words.HTTP_UNEXPECTED % {"code": code, "expected": wanted}
        else:
            text = words.HTTP_NOT_OK % {"code": code}
        return Outcome(CheckResult.DOWN, latency, text)
    if monitor.body is not None:
        read_whole = len(body) <= _MAX_BODY
        readings = _readings(body[:_MAX_BODY], response.headers)
        if not any(monitor.body in text for text in readings):
            values = {"code": code, "body": repr(monitor.body), "size": _MAX_BODY_SAID}
            said = words.HTTP_BODY_LACKS if read_whole else words.HTTP_BODY_LACKS_CUT
            return Outcome(CheckResult.DOWN, latency, said % values)
    return _judge(monitor, latency, words.HTTP % {"code": code})


class _FinalResponse(http.client.HTTPResponse):
    """A response read past its interim answers (RFC 9110 §15.2: 102 Processing, 103 Early
    Hints, any 1xx but 101), which a server may send before its final one: http.client
    skips 100 Continue alone, and a 103 before the 200 was judged as the answer. A 101
    Switching Protocols stays final: the check never asks to upgrade, so it is the server's
    answer (down unless `expect_status` lists it), and what follows would not be HTTP."""

    def _read_status(self) -> tuple[str, int, str]:
        while True:
            # Not in typeshed: the one place http.client reads a status line.
            version, status, reason = super()._read_status()  # type: ignore[misc]
            if not 100 <= status < 200 or status == 101:
                return version, status, reason
            # An interim answer's header fields hint at the final one: read, not used. The
            # number of answers is bounded by the watchdog, each one's size by http.client.
            http.client.parse_headers(self.fp)


def _readings(body: bytes, headers: http.client.HTTPMessage) -> Iterator[str]:
    """The body as text, each way `body` is looked for in it, lazily: in the charset its
    Content-Type declares, then as UTF-8, so that a server that mislabels its page (or
    declares a charset Python cannot decode text with, `base64`) never fails the check
    for its header alone. JSON only as UTF-8, its one encoding (RFC 8259 defines no
    charset for it, and browsers read it so, whatever the header says)."""
    charset = headers.get_content_charset()
    media = headers.get_content_type()
    if charset and media != "application/json" and not media.endswith("+json"):
        declared = None
        # ValueError: `idna`, a name with a NUL in it.
        with contextlib.suppress(LookupError, ValueError):
            declared = body.decode(charset, "replace")
        if declared is not None:
            yield declared
    yield body.decode("utf-8", "replace")


def _cut(connection: http.client.HTTPConnection, cut: threading.Event) -> None:
    """End the connection's reads now (from the watchdog's thread)."""
    cut.set()
    sock = connection.sock
    if sock is not None:
        # The plain socket's shutdown, even under TLS: it wakes a read blocked in another
        # thread without tearing down SSL state that thread still uses. Already closed:
        # the check is over anyway.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _tcp(monitor: Monitor, started: float) -> Outcome:
    assert monitor.host is not None and monitor.port is not None
    with _connect(monitor.host, monitor.port, started + monitor.timeout):
        latency = _elapsed(started)
    return _judge(monitor, latency, words.CONNECTED.recorded)


def _tls(monitor: Monitor, started: float, now: datetime) -> Outcome:
    assert monitor.host is not None and monitor.port is not None
    context = ssl.create_default_context()
    with (
        _connect(monitor.host, monitor.port, started + monitor.timeout) as raw,
        context.wrap_socket(raw, server_hostname=monitor.host) as tls,
    ):
        certificate = tls.getpeercert()
    latency = _elapsed(started)
    not_after = certificate.get("notAfter") if certificate else None
    if not isinstance(not_after, str):
        return Outcome(CheckResult.DOWN, latency, words.NO_EXPIRY.recorded)
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), timezone.utc)
    left = expires - now
    days = left.total_seconds() / 86400
    when = expires.strftime("%Y-%m-%d %H:%M UTC")
    if days <= 0:
        return Outcome(CheckResult.DOWN, latency, words.EXPIRED % {"when": when})
    if days < monitor.warn_days:
        text = words.EXPIRES % {"days": f"{days:.1f}", "when": when}
        return Outcome(CheckResult.DEGRADED, latency, text)
    return Outcome(CheckResult.UP, latency, words.VALID % {"when": when})


def _dns(monitor: Monitor, started: float) -> Outcome:
    assert monitor.host is not None
    answers = _lookup(monitor.host, None, started + monitor.timeout)
    latency = _elapsed(started)
    addresses = sorted({str(answer[4][0]) for answer in answers})
    if not addresses:
        return Outcome(CheckResult.DOWN, latency, words.NO_ADDRESSES.recorded)
    missing = [a for a in monitor.expect_addresses if a not in addresses]
    if missing:
        text = words.MISSING % {"addresses": ", ".join(addresses), "missing": missing[0]}
        return Outcome(CheckResult.DOWN, latency, text)
    return _judge(monitor, latency, ", ".join(addresses)[:_MESSAGE_LIMIT])


class _NoAddresses(OSError):
    """A name the resolver answered with no address (getaddrinfo never does; a stub may)."""


def _connect(host: str, port: int, deadline: float) -> socket.socket:
    """A socket connected to host:port by the deadline: the name looked up (_lookup), then
    each of its addresses tried in turn with the time left, as socket.create_connection
    tries them. Raises the last address's error, or TimeoutError."""
    answers = _lookup(host, port, deadline)
    if not answers:
        raise _NoAddresses
    failed: OSError | None = None
    for family, kind, proto, _, address in answers:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(left)
            sock.connect(address)
        except OSError as error:
            sock.close()
            failed = error
            continue
        return sock
    assert failed is not None
    raise failed


# getaddrinfo has no timeout of its own. Each lookup runs on a thread of its own, started
# at once (never queued behind other checks' lookups), which a check waits for until its
# deadline and then leaves behind: a daemon thread, so one that hangs never holds the
# process open after the run. Checks of the same name at the same time share one lookup,
# so however long the system's resolver hangs, there is at most one thread per name.
_LOOKUPS: dict[tuple[Resolver, str, int | None], concurrent.futures.Future[Answers]] = {}
_LOOKUPS_LOCK = threading.Lock()


def _lookup(host: str, port: int | None, deadline: float) -> Answers:
    """getaddrinfo's answers for host:port, by the deadline: raises TimeoutError after it,
    and what the resolver raises (socket.gaierror) when it fails sooner."""
    key = (resolve, host, port)
    with _LOOKUPS_LOCK:
        future = _LOOKUPS.get(key)
        if future is None:
            future = _LOOKUPS[key] = concurrent.futures.Future()
            thread = threading.Thread(target=_resolve, args=(key, future), name="lookup")
            thread.daemon = True
            thread.start()
    try:
        return future.result(timeout=max(deadline - time.perf_counter(), 0))
    except concurrent.futures.TimeoutError:  # not the built-in one before Python 3.11
        raise TimeoutError from None


def _resolve(
    key: tuple[Resolver, str, int | None], future: concurrent.futures.Future[Answers]
) -> None:
    """The lookup `key` names, its answers or error set on `future` (on a thread of its own)."""
    resolver, host, port = key
    try:
        future.set_result(resolver(host, port, 0, socket.SOCK_STREAM))
    except Exception as error:  # every check waiting on it says what failed
        future.set_exception(error)
    finally:
        with _LOOKUPS_LOCK:
            del _LOOKUPS[key]
