"""Sending: HTTP POSTs and SMTP, each attempt bounded in time, failures retried with backoff.

Nothing here raises for a failed delivery: the outcome is returned, so one channel failing
never stops the others. Error texts never carry a webhook URL, which is a secret.
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import http.client
import json
import math
import os
import re
import smtplib
import socket
import ssl
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import timezone
from email.message import EmailMessage
from typing import Any

from statusgen import __version__
from statusgen.layout import SETTINGS_FILE
from statusgen.notify.messages import json_body
from statusgen.notify.settings import Channel
from statusgen.weburls import (
    PORTS,
    ambiguous_login,
    has_bad_port,
    in_ascii,
    unseen_problem,
    without_login,
)

# Header names of the generic webhook's signature (docs/notifications.md shows how to check it).
SIGNATURE_HEADER = "X-Statusgen-Signature"
TIMESTAMP_HEADER = "X-Statusgen-Timestamp"
EVENT_HEADER = "X-Statusgen-Event"
DELIVERY_HEADER = "X-Statusgen-Delivery"
USER_AGENT = f"statusgen/{__version__} (notify)"
# Waits between attempts: BACKOFF, 2×, 4×…, never longer than MAX_WAIT (a Retry-After too).
BACKOFF = 1.0
MAX_WAIT = 30.0
# HTTP answers that refuse the channel, not the message: its credentials (401; 407 from a
# proxy on the way), its access (403), its address (404, 410: a hook deleted, or Slack's
# archived channel). Every message of the channel fails alike until the settings are
# fixed, so each is kept for the next run, in order, as after a refused SMTP login; any
# other 4xx (400, 413, 422…) refuses the payload, which no later run would get through.
CHANNEL_REFUSALS = frozenset({401, 403, 404, 407, 410})


class Permanent(Exception):
    """A failure that another attempt cannot fix (a 4xx answer, a missing secret); `hint`
    says what to change, kept apart so the summary can put the attempts before it.
    `refused`: the server refused this message for good (an HTTP 4xx for its payload, an
    SMTP 5xx to its sender or data), so no later run sends it either."""

    def __init__(self, message: str, hint: str = "", *, refused: bool = False) -> None:
        super().__init__(message)
        self.hint = hint
        self.refused = refused


class Unsent(Permanent):
    """A failure found before anything was sent (a URL nothing can be connected to): the
    message was not tried, and is said to be."""


class Transient(Exception):
    """A failure worth another attempt (timeout, refused connection, 429, 5xx)."""

    def __init__(self, message: str, retry_after: float | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.hint = hint  # as Permanent's: what to check should it not pass


class Refused(Exception):
    """The SMTP server refused some of the recipients (RCPT TO) and took the message for
    the others, if any: another attempt now would send it again to those who have it."""

    def __init__(self, refused: dict[str, tuple[int, bytes]], of: int) -> None:
        named = ", ".join(f"{address} ({code})" for address, (code, _) in refused.items())
        super().__init__(f"the server refused {len(refused)} of {of} recipients: {named}")
        self.later = tuple(address for address, (code, _) in refused.items() if for_now(code))


def for_now(code: int) -> bool:
    """Whether an SMTP reply refuses for now (4xx), not for good (5xx), as RFC 5321 says."""
    return 400 <= code < 500


@dataclass(frozen=True)
class Outcome:
    ok: bool
    attempts: int
    error: str = ""
    # A failure that may pass (Transient: a timeout, a 5xx): the channel's later messages
    # wait behind it. One of the message itself (a 4xx for its payload) holds none back;
    # nor does one of the channel's settings (a 401, a refused SMTP login), which fails
    # its later messages alike, each kept then in its place.
    passing: bool = False
    # Whom the next run sends it to. An e-mail some recipients refused (Refused): those
    # refused for now. (): no one, the message refused for good (Permanent.refused), or
    # each recipient refusing was; kept, sent after newer ones, it would take the
    # channel's readers back to an older state. None: the whole message.
    left: tuple[str, ...] | None = None
    # What to change in the settings (Permanent.hint); "" when the error says it all.
    hint: str = ""


def secret(name: str | None, what: str, setting: str = "", line: int = 0) -> str:
    """The value of the environment variable `name`; Unsent when it is unset or empty
    (nothing was tried), its hint naming `setting` (`url_env`) of the channel at `line`."""
    if name is None:
        raise Unsent(f"no {what} configured")
    value = os.environ.get(name, "").strip()
    if not value:
        fix = f"set {name} to the {what} where notify runs (in CI: in the notify step's env:)"
        if setting:
            fix += f", or fix {setting} in the channel at {SETTINGS_FILE}:{line}"
        raise Unsent(
            f"the environment variable {name} ({what}) is not set",
            f"{fix}; the next run sends the messages kept for it",
        )
    return value


def sign(key: str, timestamp: str, body: bytes) -> str:
    """`sha256=<hex>`: HMAC-SHA256 with `key` over the timestamp, a dot, then the body."""
    digest = hmac.new(key.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirected POST turns into a GET in urllib; a webhook that moved is a failure to fix.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class _Watch:
    """An attempt's bound as a whole: `timeout` seconds after it starts, the sockets it
    opened are shut. A socket's own timeout bounds each read only, and a server sending
    a header line every 2 s held an attempt with `timeout: 3` for 40 s."""

    def __init__(self, timeout: float) -> None:
        self.expired = False
        self._sockets: list[Callable[[], socket.socket | None]] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(timeout, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, current: Callable[[], socket.socket | None]) -> None:
        """Shut the socket `current` returns when time is up, and at once if it is."""
        with self._lock:
            self._sockets.append(current)
            if self.expired:
                _shut(current())

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for current in self._sockets:
                _shut(current())

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket | None) -> None:
    """Ends what a socket is waiting for: its reads return at once."""
    if sock is not None:
        with suppress(OSError):  # closed already, or never connected
            sock.shutdown(socket.SHUT_RDWR)


def _opener(watch: _Watch) -> urllib.request.OpenerDirector:
    """urllib's opener, redirects refused, each connection's socket under `watch`."""

    def watched(connection: Any) -> Any:
        watch.watch(lambda: connection.sock)
        return connection

    class Http(urllib.request.HTTPHandler):
        def http_open(self, req: Any) -> Any:
            return self.do_open(
                lambda host, **kw: watched(http.client.HTTPConnection(host, **kw)), req
            )

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, req: Any) -> Any:
            return self.do_open(
                lambda host, **kw: watched(http.client.HTTPSConnection(host, **kw)), req
            )

    return urllib.request.build_opener(_NoRedirect, Http, Https)


def post_json(
    url: str,
    payload: Any,
    timeout: float,
    headers: dict[str, str] | None = None,
    *,
    key: str | None = None,
    event: str = "",
    delivery: str = "",
    where: Where | None = None,
) -> None:
    """POST `payload` as JSON; signed with `key` when given. Raises Permanent or Transient;
    `where` names the settings that hold the URL and the key, for a refusal's hint."""
    body = json_body(payload)
    # Each problem said without the URL: it may carry the webhook's token. A URL from
    # url_env was never checked, so these are its only checks.
    unseen = unseen_problem(url)
    if unseen is not None:  # http.client refuses it with a message that repeats the URL
        raise Unsent(f"the webhook URL {unseen}")
    # A login in the URL (https://user:pass@host/) is sent as curl sends it, in a header:
    # urllib would take it for part of the host name. Taken off first, so that no check
    # below reads any of it as the host or the port.
    if ambiguous_login(url):
        raise Unsent(
            "the login in the webhook URL holds a '?', '#' or '/': write them as %3F, %23 "
            "and %2F (and an '@' in it as %40), or no one can tell where its host begins"
        )
    url, login = without_login(url)
    try:
        scheme = urllib.parse.urlsplit(url).scheme
        # The address as a browser or curl sends it: http.client takes ASCII only and
        # failed every delivery to a path such as /hooks/statusänderung.
        url = in_ascii(url)
    except UnicodeError:
        raise Unsent("the host of the webhook URL is not a domain name") from None
    except ValueError:  # "http://[": a bracket not closed
        scheme = ""
    if scheme not in ("http", "https"):
        raise Unsent("the webhook URL is not an http(s) URL")
    if has_bad_port(url):  # http.client tries it, and fails as if the server had refused
        low, high = PORTS
        raise Unsent(f"the port in the webhook URL is not a number from {low} to {high}")
    request = urllib.request.Request(url, data=body, method="POST")
    if login is not None:
        request.add_header("Authorization", "Basic " + base64.b64encode(login.encode()).decode())
    request.add_header("Content-Type", "application/json; charset=utf-8")
    request.add_header("User-Agent", USER_AGENT)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    if event:
        request.add_header(EVENT_HEADER, event)
    if delivery:
        request.add_header(DELIVERY_HEADER, delivery)
    if key is not None:
        stamp = str(int(time.time()))
        request.add_header(TIMESTAMP_HEADER, stamp)
        request.add_header(SIGNATURE_HEADER, sign(key, stamp, body))
    watch = _Watch(timeout)
    try:
        try:
            with _opener(watch).open(request, timeout=timeout) as response:
                response.read(65536)
        finally:
            watch.cancel()
        if watch.expired:  # answered, but not within the time: not taken as delivered
            raise TimeoutError
    except Exception as error:
        failure = (
            Transient(f"no answer within {timeout:g} s")
            if watch.expired
            else _failure(error, url, timeout, login, where)
        )
        if failure is None:
            raise
        raise failure from None


def _failure(
    error: Exception,
    url: str,
    timeout: float,
    login: str | None = None,
    where: Where | None = None,
) -> Permanent | Transient | None:
    """The Permanent or Transient that a POST's `error` is; None for one no POST fails with."""
    if isinstance(error, urllib.error.HTTPError):
        code = error.code
        if code == 429 or code >= 500 or code == 408:
            return Transient(f"HTTP {code}", _retry_after(error.headers.get("Retry-After")))
        said = _said_by(error, url, login)
        told = f"HTTP {code}: {said}" if said else f"HTTP {code}"
        if code in CHANNEL_REFUSALS:
            return Permanent(told, _channel_hint(code, where or Where()))
        return Permanent(told, refused=True)
    if isinstance(error, urllib.error.URLError):
        return Transient(_reason(error.reason))
    if isinstance(error, TimeoutError):
        return Transient(f"no answer within {timeout:g} s")
    if isinstance(error, OSError):
        return Transient(_reason(error))
    if isinstance(error, http.client.HTTPException):  # an answer cut off: IncompleteRead…
        return Transient(f"the answer broke off ({type(error).__name__})")
    return None


@dataclass(frozen=True)
class Where:
    """Where a webhook channel's settings are, named in a refusal's hint (never their
    values): the URL's (`HOOK_URL`, `url:`), the signing secret's, the channel's line."""

    url: str = "the webhook URL"
    key: str = ""
    channel: str = ""


def _channel_hint(code: int, where: Where) -> str:
    """What to fix after a refusal in CHANNEL_REFUSALS, and that the message is kept."""
    if code == 407:
        fix = (
            "a proxy on the way asks for a login: give it in the proxy's URL in HTTPS_PROXY "
            "(or HTTP_PROXY), as http://user:password@host:port"
        )
    elif code in (404, 410):
        fix = (
            f"no webhook at that address (deleted, or its channel archived): check the URL "
            f"in {where.url}, or make a new webhook and store its URL there"
        )
    else:
        fix = f"a wrong or rotated token? check the token in {where.url}"
        fix += f" and the secret in {where.key}" if where.key else ""
    if where.channel:
        fix += f" (the channel at {where.channel})"
    return f"{fix}; the next run sends the messages kept for it"


# How much of a refusal's body is read, and how much of its reason is told.
_BODY_READ = 4096
REASON_LENGTH = 100


def _said_by(error: urllib.error.HTTPError, url: str, login: str | None = None) -> str:
    """The reason a service gives in the body of its refusal, short and printable: Slack's
    plain text (`channel_is_archived`, `invalid_blocks`), Discord's JSON `message`, else
    the body's first line; "" when it says nothing, or would repeat part of the URL or of
    its `login` (`user:password`, taken off the URL before it was sent)."""
    try:
        body = error.read(_BODY_READ).decode("utf-8", "replace")
    except (OSError, ValueError):
        return ""
    said = body.strip().partition("\n")[0]
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: `[[[[…` nested past the stack
        data = None
    if isinstance(data, dict):
        found = next((data[k] for k in ("message", "error") if isinstance(data.get(k), str)), "")
        said = found or said
    said = " ".join("".join(c for c in said if unicodedata.category(c)[0] != "C").split())
    # A service may echo the address, whose path is the webhook's token.
    parts = urllib.parse.urlsplit(url)
    secret = [
        part
        for part in re.split(r"[/?&=#;]", f"{parts.path}?{parts.query}#{parts.fragment}")
        if len(part) >= 16 or (len(part) >= 6 and any(char.isdigit() for char in part))
    ]
    if any(part in said for part in secret) or _repeats(said, login or ""):
        return ""
    return said if len(said) <= REASON_LENGTH else said[: REASON_LENGTH - 1].rstrip() + "…"


def _repeats(said: str, login: str) -> bool:
    """Whether `said` holds the user name or password of `login`, or any 6 characters in a
    row of either (`invalid token hooksecret` for the password `hooksecretPW`)."""
    folded = said.casefold()
    for part in login.casefold().split(":", 1):
        size = min(len(part), 6)
        if size and any(part[i : i + size] in folded for i in range(len(part) - size + 1)):
            return True
    return False


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError | socket.timeout):
        return "no answer in time"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason)


def _retry_after(value: str | None) -> float | None:
    """The wait a `Retry-After` header asks, in seconds or as an HTTP date (RFC 9110),
    at most MAX_WAIT; None when it asks none that can be read."""
    if not value:
        return None
    with suppress(ValueError):
        seconds = float(value)
        return min(max(seconds, 0.0), MAX_WAIT) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000": a date in UTC, whose zone is not said
        when = when.replace(tzinfo=timezone.utc)
    return min(max(when.timestamp() - time.time(), 0.0), MAX_WAIT)


@contextmanager
def _offered(missing: str, hint: str) -> Iterator[None]:
    """One step of an SMTP session; Permanent, saying the server offers no `missing` and
    `hint` what to do, when it does not support the step."""
    try:
        yield
    except smtplib.SMTPNotSupportedError:
        raise Permanent(f"the SMTP server offers no {missing}", hint) from None


# OpenSSL's reasons for a handshake answered by something that is not TLS: the greeting
# of a plain SMTP port, an HTTP server, or a peer that hung up at the first TLS bytes.
_NOT_TLS = frozenset(
    {"WRONG_VERSION_NUMBER", "HTTP_REQUEST", "RECORD_LAYER_FAILURE", "UNEXPECTED_EOF_WHILE_READING"}
)


def _tls_failed(error: ssl.SSLError, channel: Channel) -> Permanent:
    """The failed handshake said as the library's reason, with what to change for the two
    usual causes: a port that does not speak TLS, a certificate this machine does not trust."""
    if isinstance(error, ssl.SSLCertVerificationError):
        return Permanent(
            f"TLS failed: certificate not trusted: {error.verify_message}",
            f"the certificate of {channel.host} is not trusted here: if your own certificate "
            "authority signed it, name that authority's certificate (PEM) in SSL_CERT_FILE",
        )
    reason = error.reason or ""
    # "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)" names a line of C.
    said = f"TLS failed: {reason.replace('_', ' ').lower() or error}"
    # Under STARTTLS the server agreed to TLS first: its port is not what to change.
    if channel.security == "tls" and (reason in _NOT_TLS or isinstance(error, ssl.SSLEOFError)):
        return Permanent(
            said,
            f"port {channel.port} of {channel.host} does not speak TLS: use security: starttls "
            "(usually port 587) or the TLS port 465",
        )
    return Permanent(said)


def _log_in(client: smtplib.SMTP, username: str, password: str, channel: Channel) -> None:
    """Log in; Permanent, naming the setting and never its value, when the user name or
    the password holds a character outside ASCII, which SMTP's login cannot carry."""
    try:
        client.login(username, password)
    except UnicodeEncodeError:
        what, name = (
            ("password", channel.password_env)
            if username.isascii()
            else ("user name", channel.username_env)
        )
        where = f"the environment variable {name}" if name else "username:"
        raise Permanent(
            f"the SMTP login takes ASCII only, and its {what} holds other characters",
            f"give the account a {what} of ASCII characters only and write it in {where} "
            f"(the channel at {SETTINGS_FILE}:{channel.line})",
        ) from None


def send_mail(channel: Channel, message: EmailMessage) -> None:
    """Submit one message over SMTP (STARTTLS, implicit TLS, or plain for a local relay)
    to the channel's recipients; Refused when the server refuses some of them."""
    assert channel.host is not None and channel.port is not None
    username = channel.username or (
        secret(channel.username_env, "SMTP user", "username_env", channel.line)
        if channel.username_env
        else None
    )
    password = (
        secret(channel.password_env, "SMTP password", "password_env", channel.line)
        if channel.password_env
        else None
    )
    if channel.security == "none" and username and password:
        from statusgen.serve.server import is_loopback

        # Settings that passed `check` never get here; a channel made some other way must
        # not hand the password to the network in clear text either.
        if not is_loopback(channel.host.lower()):
            raise Permanent(
                f"refused to log in to {channel.host} without TLS", "use security: starttls or tls"
            )
    context = ssl.create_default_context()
    watch = _Watch(channel.timeout)  # the session as a whole, not each read
    try:
        # Made without a host, then connected under the watch: given one, the constructor
        # connects and reads the greeting itself, and a server dripping `220-` lines held
        # an attempt with `timeout: 3` for 30 s.
        client = (
            smtplib.SMTP_SSL(timeout=channel.timeout, context=context)
            if channel.security == "tls"
            else smtplib.SMTP(timeout=channel.timeout)
        )
        # The name TLS checks the certificate against, which the constructor sets from its host.
        client._host = channel.host  # type: ignore[attr-defined]
        watch.watch(lambda: client.sock)
        with client:
            code, said = client.connect(channel.host, channel.port)
            if code != 220:  # as the constructor checks it
                raise smtplib.SMTPConnectError(code, said)
            # smtplib says "not supported" alike for STARTTLS, a login (AUTH) and an
            # address outside ASCII (SMTPUTF8): each step's own reason, and its own fix.
            if channel.security == "starttls":
                with _offered("STARTTLS", "use security: tls or another port"):
                    client.starttls(context=context)
            if username and password:
                with _offered(
                    "login (AUTH)", "leave out username and password_env if it needs none"
                ):
                    _log_in(client, username, password, channel)
            # The envelope, not the headers, names who receives it: the To: of a message
            # to several names none of them (messages.to_header).
            # And the sender is the address alone, not read back from the From header.
            refused = client.send_message(
                message, from_addr=channel.sender, to_addrs=list(channel.recipients)
            )
    except smtplib.SMTPRecipientsRefused as error:
        refused = error.recipients
        if all(for_now(code) for code, _ in refused.values()):
            # Refused for now, and received by no one: worth another attempt, as any 4xx.
            raise Transient(f"every recipient was refused for now ({len(refused)})") from None
    except smtplib.SMTPAuthenticationError as error:
        raise Permanent(f"SMTP login refused ({error.smtp_code})") from None
    except smtplib.SMTPNotSupportedError:  # sending: SMTPUTF8, the one extension left
        raise Permanent(
            "the SMTP server takes no address outside ASCII (SMTPUTF8)",
            "use an ASCII address or another server",
        ) from None
    except smtplib.SMTPResponseException as error:
        if for_now(error.smtp_code):
            raise Transient(f"SMTP {error.smtp_code}") from None
        # Refused for good at its sender or its data: the message. At the greeting or
        # the hello: the server, whatever the message, which a later run may find back.
        message_refused = isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPDataError)
        raise Permanent(f"SMTP {error.smtp_code}", refused=message_refused) from None
    except ssl.SSLError as error:
        raise _tls_failed(error, channel) from None
    except ConnectionRefusedError:
        # Worth another attempt (a server restarting), but said with where it went and
        # the setting to check, as a port that does not speak TLS is.
        raise Transient(
            f"connection refused by {channel.host}:{channel.port}",
            hint="is an SMTP server listening there? Check host: and port: of the channel "
            f"at {SETTINGS_FILE}:{channel.line}",
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        # smtplib words a read that timed out as "Connection unexpectedly closed: timed
        # out", the timeout kept as its context: the same wait, said the same way.
        timed_out = (error, error.__context__)
        if watch.expired or any(isinstance(e, TimeoutError | socket.timeout) for e in timed_out):
            raise Transient(f"no answer within {channel.timeout:g} s") from None
        raise Transient(_reason(error) or type(error).__name__) from None
    finally:
        watch.cancel()
    if refused:
        raise Refused(refused, len(channel.recipients))


def attempt(
    send: Callable[[], None],
    retries: int,
    *,
    backoff: float = BACKOFF,
    stop: threading.Event | None = None,
    deadline: float | None = None,
) -> Outcome:
    """Call `send` until it succeeds, at most 1 + `retries` times, waiting longer each time;
    no more once `stop` is set (the run is being stopped: the message waits for the next),
    nor once the wait would end past `deadline` (time.monotonic(): the run's time to send
    is up, and the message is kept for the next run)."""
    stop = stop or threading.Event()
    tries = 0
    while True:
        tries += 1
        try:
            send()
        except Unsent as error:
            return Outcome(False, tries - 1, str(error), hint=error.hint)
        except Permanent as error:
            left = () if error.refused else None  # refused for good: never sent again
            return Outcome(False, tries, str(error), hint=error.hint, left=left)
        except Refused as error:
            # Kept for those refused for now, whom the channel's later messages then wait
            # for, so that none of its readers reads them out of order.
            return Outcome(False, tries, str(error), passing=bool(error.later), left=error.later)
        except Transient as error:
            wait = (
                error.retry_after if error.retry_after is not None else backoff * 2 ** (tries - 1)
            )
            wait = min(wait, MAX_WAIT)
            late = deadline is not None and time.monotonic() + wait >= deadline
            if tries > retries or late or stop.wait(wait):
                return Outcome(False, tries, str(error), passing=True, hint=error.hint)
        else:
            return Outcome(True, tries)
