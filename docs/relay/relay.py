"""A webhook relay for statusgen: alerting tool → this handler → GitHub repository_dispatch.

Alertmanager, Grafana, PagerDuty, Opsgenie and Datadog post their own JSON body to a URL
of your choice; GitHub only starts a workflow for a repository_dispatch call made with a
token. This handler sits in between: it accepts POST /<source> (for example
/alertmanager), checks the shared secret the tool sends as `Authorization: Bearer
<secret>`, and forwards the body, as the JSON it parses to (re-serialised), as

    {"event_type": "incident",
     "client_payload": {"action": "ingest", "source": "<source>", "payload": <body>}}

which the Incident workflow hands to `statusgen ingest`. GitHub refuses a dispatch of 64 KB
or more; a larger Alertmanager or Grafana group is sent with the values that repeat among
alerts of the same status and severity left out (ingest reads each field's distinct values
per status and severity, so it reads the same alert), and one that still does not fit is
refused with 413.

Standard library only, Python 3.10 or later. Settings come from the environment:

    RELAY_SECRET        the shared secret the alerting tools send (required)
    GITHUB_TOKEN        a fine-grained token with "Contents: read and write" on the
                        status site's repository (required)
    GITHUB_REPOSITORY   owner/name of the status site's repository (required)
    GITHUB_API_URL      default https://api.github.com (GitHub Enterprise: its API URL)
    RELAY_HOST, RELAY_PORT   where `python relay.py` listens (default 127.0.0.1:8080)

Run it behind TLS (a reverse proxy); the secret travels in a header. In a container, set
RELAY_HOST=0.0.0.0: 127.0.0.1 is reachable from nowhere outside it.
docs/relay/worker.js is the same logic as a Cloudflare Worker.
"""

from __future__ import annotations

import hmac
import json
import math
import os
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SOURCES = ("alertmanager", "grafana", "pagerduty", "opsgenie", "datadog", "generic")
MAX_BODY = 1_000_000  # bytes; statusgen ingest reads no more either
# GitHub refuses a repository_dispatch whose JSON is 64 KB or more, on every retry.
MAX_DISPATCH = 64_000
# The sources whose body is a group of alerts: ingest reads each field as the set of its
# values across the alerts of one status and severity, and besides the group's earliest
# start among its firing alerts, its latest end, and the latest start (or end) of the
# alerts of each status and severity (see `compact`).
GROUPS = ("alertmanager", "grafana")
TIMEOUT = 10  # seconds for the call to GitHub
# Arrays and objects in one another, at most: statusgen ingest refuses deeper payloads, and
# Python's parser gives up (RecursionError) at about 900 levels.
MAX_NESTING = 100
# A JSON string (skipped whole: brackets in it are text) or a bracket.
STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
# owner/name; a part made of dots only (`../..`) is a path, no name GitHub gives, and a
# name ending in .git is a clone address's (GitHub gives none that ends so).
REPOSITORY = re.compile(
    r"(?!\.+/)[A-Za-z0-9_.-]+/(?!\.+$)(?![A-Za-z0-9_.-]*\.[Gg][Ii][Tt]$)[A-Za-z0-9_.-]+"
)
# Why a number cannot be forwarded: Python reads `1e400` as inf and writes it `Infinity`,
# no JSON, which GitHub refuses on every retry (the Worker would send null).
TOO_LARGE = (
    "the body holds a number too large for a double (beyond about 1.8e308), which cannot "
    "be forwarded as written: send it as text"
)
# What GitHub's refusal most likely means, logged for whoever runs the relay.
GITHUB_HINTS = {
    401: "GITHUB_TOKEN is wrong or expired: create a new fine-grained token",
    403: 'GITHUB_TOKEN lacks "Contents: read and write" on {repository}: edit the token',
    404: (
        "no repository {repository} that GITHUB_TOKEN can see: set GITHUB_REPOSITORY to the "
        "status site's owner/name, and give the token access to that repository"
    ),
}


def authorized(header: str | None, secret: str) -> bool:
    """Whether `Authorization: Bearer <secret>` carries the secret; constant time."""
    if not secret.strip() or not header:
        return False  # a blank secret: main refuses it, and so does this
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    # compare_digest takes as long for a near miss as for a wild guess.
    return hmac.compare_digest(given.strip().encode(), secret.encode())


def too_deep(text: str) -> bool:
    """Whether `text` nests arrays and objects more than MAX_NESTING deep (outside strings):
    one pass, before the parser recurses into them."""
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return False
    depth = 0
    for found in STRING_OR_BRACKET.finditer(text):
        mark = found[0]
        if mark in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return True
        elif mark in "]}":
            depth = max(0, depth - 1)
    return False


class Unforwardable(Exception):
    """A body that is JSON but cannot be forwarded as written; its reason is the answer."""


def no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def finite(text: str) -> float:
    """The number `text` writes, refused (Unforwardable) when a double cannot hold it."""
    value = float(text)
    if math.isinf(value):
        raise Unforwardable(TOO_LARGE)
    return value


def integer(text: str) -> int:
    """The integer `text` writes, refused (Unforwardable) when longer than Python reads one
    (sys.get_int_max_str_digits, 4300 digits unless set otherwise)."""
    try:
        return int(text)
    except ValueError:
        raise Unforwardable(
            f"the body holds an integer of more than {sys.get_int_max_str_digits()} digits, "
            "more than relay.py reads: send it as text"
        ) from None


def parse(body: bytes) -> tuple[object, str]:
    """The alert in `body`, or why it cannot be forwarded (then the alert is None)."""
    try:
        # A leading byte order mark is no part of the JSON; the Worker's decoder drops it too.
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "the body is not JSON"
    if too_deep(text):
        return None, (
            f"the body is nested too deeply (at most {MAX_NESTING} levels of arrays and "
            "objects); statusgen ingest reads no deeper"
        )
    try:
        # NaN and Infinity are no JSON: GitHub would refuse the dispatch on every retry.
        payload = json.loads(
            text, parse_constant=no_constant, parse_float=finite, parse_int=integer
        )
    except Unforwardable as error:
        return None, str(error)
    except ValueError:
        return None, "the body is not JSON"
    try:
        json.dumps(payload, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        # An escaped half of a surrogate pair ("\ud800") with no other half is no text.
        return None, (
            "the body holds a lone surrogate escape (\\ud800-\\udfff without its pair), which "
            "is no text: send the characters as UTF-8"
        )
    return payload, ""


def dispatch_body(source: str, payload: object) -> bytes:
    """The repository_dispatch request body for one alert payload."""
    event = {
        "event_type": "incident",
        "client_payload": {"action": "ingest", "source": source, "payload": payload},
    }
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode()


def fitted(source: str, payload: object) -> bytes | None:
    """The dispatch body for `payload`, compacted when GitHub would refuse it unchanged;
    None when it does not fit even so."""
    body = dispatch_body(source, payload)
    if len(body) < MAX_DISPATCH:
        return body
    if source in GROUPS and isinstance(payload, dict) and isinstance(payload.get("alerts"), list):
        body = dispatch_body(source, {**payload, "alerts": compact(payload)})
        if len(body) < MAX_DISPATCH:
            return body
    return None


def compact(payload: dict[str, object]) -> list[object]:
    """The group's alerts as ingest reads them, smaller: each keeps only the values no
    earlier alert of the same status and severity has (ingest reads what each such class of
    alerts names, e.g. the services that fire critical), but always its status, and its
    severity when the group has none in common."""
    always = ["status"]
    common = payload.get("commonLabels")
    if not (isinstance(common, dict) and common.get("severity")):
        always.append("labels.severity")
    seen: set[str] = set()

    def unseen(value: object, path: str, scope: str) -> object:
        if path in always:
            return value
        if isinstance(value, dict):
            kept = {}
            for key, item in value.items():
                left = unseen(item, f"{path}.{key}" if path else key, scope)
                if left is not None:
                    kept[key] = left
            return kept or None
        if isinstance(value, list):
            items = [unseen(item, path, scope) for item in value]
            return [item for item in items if item is not None] or None
        token = f"{scope}{path}={json.dumps(value, ensure_ascii=False)}"
        if value is None or token in seen:
            return None
        seen.add(token)
        return value

    alerts = payload["alerts"]
    assert isinstance(alerts, list)
    return [unseen(alert, "", alert_class(alert)) or {} for alert in alerts]


def alert_class(alert: object) -> str:
    """The status and severity of a group's alert, as a prefix for the values it holds."""
    if not isinstance(alert, dict):
        return "null:null:"
    labels = alert.get("labels")
    severity = labels.get("severity") if isinstance(labels, dict) else None
    status = json.dumps(alert.get("status"), ensure_ascii=False)
    return f"{status}:{json.dumps(severity, ensure_ascii=False)}:"


def forward(settings: Mapping[str, str], dispatch: bytes) -> int:
    """POST the dispatch to GitHub; returns GitHub's HTTP status (204 when accepted)."""
    api = settings.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    request = urllib.request.Request(
        f"{api}/repos/{settings['GITHUB_REPOSITORY']}/dispatches",
        data=dispatch,
        method="POST",
        headers={
            "Authorization": f"Bearer {settings['GITHUB_TOKEN']}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "Content-Type": "application/json",
            "User-Agent": "statusgen-relay",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, TimeoutError):
        return 599


def handle(
    settings: Mapping[str, str], path: str, headers: Mapping[str, str], body: bytes
) -> tuple[int, str]:
    """The relay's answer to one POST: (HTTP status, a short message)."""
    # The secret first: nothing about the request is revealed to a caller without it.
    if not authorized(headers.get("Authorization"), settings.get("RELAY_SECRET", "")):
        return 401, "unauthorized"
    source = path.split("?", 1)[0].strip("/")
    if source not in SOURCES:
        return 404, "unknown source; POST to " + ", ".join(f"/{name}" for name in SOURCES)
    if len(body) > MAX_BODY:
        return 413, "payload too large"
    payload, problem = parse(body)
    if problem:
        return 400, problem
    dispatch = fitted(source, payload)
    if dispatch is None:
        return 413, (
            f"too large for GitHub: a repository_dispatch must be under {MAX_DISPATCH} bytes, "
            "even with the values that repeat across the alerts left out; send smaller "
            "groups (Alertmanager's group_by, Grafana's grouping)"
        )
    status = forward(settings, dispatch)
    if status == 204:
        return 202, "forwarded"
    if status in GITHUB_HINTS:
        hint = GITHUB_HINTS[status].format(repository=settings["GITHUB_REPOSITORY"])
        print(f"GitHub answered {status}: {hint}", file=sys.stderr, flush=True)
    return 502, f"GitHub answered {status}"


class RelayHandler(BaseHTTPRequestHandler):
    """http.server glue around `handle`; settings come from the server's `settings`."""

    server_version = "statusgen-relay"

    def refuse_method(self) -> None:
        # As worker.js does: http.server's own answer would be 501 and an HTML page.
        self.answer(405, "POST the alert", allow="POST")

    do_GET = do_HEAD = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = refuse_method

    def do_POST(self) -> None:
        settings: Mapping[str, str] = getattr(self.server, "settings", os.environ)
        # A caller without the secret is turned away before its body is read.
        if not authorized(self.headers.get("Authorization"), settings.get("RELAY_SECRET", "")):
            self.answer(401, "unauthorized")
            return
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            read = self.read_chunked()
            if isinstance(read, tuple):
                self.answer(*read)
                return
            body = read
        else:
            try:
                length = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                length = -1
            if length < 0:
                self.answer(400, "bad Content-Length")
                return
            if length > MAX_BODY:
                # Checked before reading: an oversized body is never held in memory.
                self.answer(413, "payload too large")
                return
            body = self.rfile.read(length)
        headers = {key: value for key, value in self.headers.items()}
        status, message = handle(settings, self.path, headers, body)
        self.answer(status, message)

    def read_chunked(self) -> bytes | tuple[int, str]:
        """A body sent in chunks (no Content-Length), as worker.js reads it; or the answer
        refusing it: more than MAX_BODY bytes are never held in memory."""
        body = bytearray()
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                size = -1
            if size < 0:
                return 400, "bad chunked body"
            if size == 0:
                break
            if len(body) + size > MAX_BODY:
                return 413, "payload too large"
            body += self.rfile.read(size)
            self.rfile.readline(1024)  # the CRLF after the chunk
        while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
            pass  # trailers, unread
        return bytes(body)

    def answer(self, status: int, message: str, allow: str = "") -> None:
        data = (message + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if allow:
            self.send_header("Allow", allow)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def serve(
    settings: Mapping[str, str], host: str = "127.0.0.1", port: int = 8080
) -> ThreadingHTTPServer:
    """A server for the relay, not yet serving (call serve_forever on it)."""
    server = ThreadingHTTPServer((host, port), RelayHandler)
    server.settings = settings  # type: ignore[attr-defined]
    return server


def main() -> None:
    missing = [
        k for k in ("RELAY_SECRET", "GITHUB_TOKEN", "GITHUB_REPOSITORY") if not os.environ.get(k)
    ]
    if missing:
        raise SystemExit(f"set {', '.join(missing)} in the environment")
    if not os.environ["RELAY_SECRET"].strip():
        # No tool sends a secret of spaces: every alert would be refused as unauthorized.
        raise SystemExit(
            f"RELAY_SECRET is {os.environ['RELAY_SECRET']!r}, only spaces: set it to the "
            "shared secret the alerting tools send"
        )
    repository = os.environ["GITHUB_REPOSITORY"]
    if not REPOSITORY.fullmatch(repository):
        raise SystemExit(
            f"GITHUB_REPOSITORY is {repository!r}: set it to the status site's owner/name, "
            "for example GITHUB_REPOSITORY=acme/status (no URL, no .git)"
        )
    host = os.environ.get("RELAY_HOST", "127.0.0.1")
    given = os.environ.get("RELAY_PORT", "8080")
    # ASCII digits only: "²" is a digit to str.isdigit, and no number to int().
    if not (given.isascii() and given.isdigit() and 0 < int(given) < 65536):
        raise SystemExit(f"RELAY_PORT is {given!r}: set it to a port number, for example 8080")
    port = int(given)
    try:
        server = serve(dict(os.environ), host, port)
    except OSError as error:
        raise SystemExit(
            f"cannot listen on {host}:{port} ({error.strerror or error}): set RELAY_PORT to a "
            "free port, or RELAY_HOST to an address of this machine"
        ) from None
    print(f"Relaying alerts to {os.environ['GITHUB_REPOSITORY']} on http://{host}:{port}/<source>")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
