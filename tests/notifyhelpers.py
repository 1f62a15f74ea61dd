"""Receivers for the notification tests: an HTTP server and an SMTP server on 127.0.0.1,
and a small status site on disk whose content a test changes between runs."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SECRET = "test-signing-secret-0123456789abcdef"


def verify_signature(
    key: str, headers: Any, body: bytes, now: float, tolerance: float = 300
) -> bool:
    """The check docs/notifications.md tells receivers to make, written out independently."""
    stamp = headers.get("X-Statusgen-Timestamp", "")
    given = headers.get("X-Statusgen-Signature", "")
    if not stamp.isdigit() or abs(now - int(stamp)) > tolerance:
        return False
    expected = (
        "sha256=" + hmac.new(key.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    )
    return hmac.compare_digest(expected, given)


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int
    signed: bool | None = None  # for /signed paths: did the signature verify


@dataclass
class Gate:
    """An answer that holds its request until `opened` is set (at most 30 s), then answers
    200; `reached` is set once a request waits at it."""

    reached: threading.Event = field(default_factory=threading.Event)
    opened: threading.Event = field(default_factory=threading.Event)


Answer = int | float | Gate | tuple[int, bytes] | tuple[int, bytes, dict[str, str]]


@dataclass
class Receiver:
    """Answers POSTs by path. `script[path]` lists answers in turn (the last one repeats):
    an int is an HTTP status, a float a delay in seconds before answering 200, a Gate a
    wait until the test opens it, a (status, body) pair a status with that body, and a
    (status, body, headers) triple that with these headers too."""

    script: dict[str, list[Answer]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def delivered(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == f"/{path}" and 200 <= h.status < 300]

    def answer(self, path: str) -> Answer:
        answers = self.script.get(path.lstrip("/"), [200])
        return answers.pop(0) if len(answers) > 1 else answers[0]


@contextmanager
def http_receiver(
    script: dict[str, list[Answer]] | None = None,
) -> Iterator[Receiver]:
    receiver = Receiver(script=dict(script or {}))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            answer = receiver.answer(self.path)
            status, said, headers = 200, b"", {}
            if isinstance(answer, tuple):
                status, said, *more = answer
                headers = more[0] if more else {}
            elif isinstance(answer, Gate):
                answer.reached.set()
                answer.opened.wait(30)
            elif isinstance(answer, float):
                time.sleep(answer)
            else:
                status = answer
            signed = None
            if self.path.startswith("/signed"):
                signed = verify_signature(SECRET, self.headers, body, time.time())
                status = status if signed else 401
            receiver.hits.append(Hit(self.path, dict(self.headers), body, status, signed))
            try:
                self.send_response(status)
                self.send_header("Content-Length", str(len(said)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(said)
            except OSError:
                pass  # the client gave up waiting

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.port = server.server_address[1]
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Mailbox:
    port: int
    messages: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    tls: list[bool] = field(default_factory=list)
    # Address → the reply to its RCPT TO ("550 5.1.1 no such mailbox"); a test changes it
    # between runs. Any other address is accepted.
    refuse: dict[str, str] = field(default_factory=dict)
    # Subject words → the reply to the DATA of a message whose subject holds them
    # ("554 5.6.0 rejected"); any other message is taken.
    refuse_data: dict[str, str] = field(default_factory=dict)


def self_signed_certificate(folder: Path) -> tuple[Path, Path] | None:
    """A certificate for 127.0.0.1 made with the openssl command, or None without it."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                str(key),
                "-out",
                str(cert),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return cert, key


@contextmanager
def smtp_server(
    tls: tuple[Path, Path] | None = None,
    login: tuple[str, str] | None = None,
    *,
    implicit: bool = False,
    smtputf8: bool = True,
) -> Iterator[Mailbox]:
    """aiosmtpd in a thread of this process; with `tls`, STARTTLS is offered and required,
    or with `implicit` the connection is TLS from its first byte (port 465 style). Without
    `smtputf8`, it does not offer to take addresses outside ASCII."""
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

    box = Mailbox(port=free_port())

    class Handler:
        async def handle_RCPT(
            self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
        ) -> str:
            if address in box.refuse:
                return box.refuse[address]
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
            data = envelope.original_content or b""
            message = BytesParser(policy=default_policy).parsebytes(data)
            assert isinstance(message, EmailMessage)
            for words, reply in box.refuse_data.items():
                if words in str(message["Subject"]):
                    return reply
            box.messages.append((str(envelope.mail_from), list(envelope.rcpt_tos), message))
            box.tls.append(session.ssl is not None)
            return "250 OK"

    def authenticate(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword) and login is not None:
            given = (data.login.decode(), data.password.decode())
            box.logins.append(given)
            return AuthResult(success=given == login)
        return AuthResult(success=False)

    kwargs: dict[str, Any] = {"enable_SMTPUTF8": smtputf8}
    if tls is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(tls[0]), str(tls[1]))
        if implicit:
            kwargs.update(ssl_context=context)
        else:
            kwargs.update(tls_context=context, require_starttls=True)
    if login is not None:
        kwargs.update(authenticator=authenticate, auth_require_tls=tls is not None)
    controller = Controller(
        Handler(), hostname="127.0.0.1", port=box.port, ready_timeout=10, **kwargs
    )
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


COMPONENTS = """\
- id: api
  name: API
- id: web
  name: Website
"""


class Site:
    """A status site in a folder: settings with a `notify:` section, two components."""

    def __init__(self, root: Path, notify: str) -> None:
        self.root = root
        (root / "content" / "incidents").mkdir(parents=True)
        (root / "content" / "components.yaml").write_text(COMPONENTS)
        self.settings(notify)

    def settings(self, notify: str) -> None:
        (self.root / "statusgen.yaml").write_text(
            "title: Example Status\nbase_url: https://status.example.com/\ntimezone: UTC\n" + notify
        )

    def incident(
        self,
        slug: str,
        title: str,
        status: str,
        updates: list[tuple[str, str, str]],
        components: str = "api: major_outage",
    ) -> None:
        """Write content/incidents/<slug>.md; updates are (state, "YYYY-MM-DD HH:MM", text)."""
        front = f"title: {json.dumps(title)}\nstatus: {status}\ncomponents:\n  {components}"
        self._write(slug, front, updates)

    def maintenance(
        self, slug: str, start: str, end: str, updates: list[tuple[str, str, str]]
    ) -> None:
        """A window on the API whose state follows the clock."""
        front = f"title: Database upgrade\nscheduled_for: {start}\nscheduled_until: {end}\n"
        self._write(slug, front + "components: [api]", updates)

    def _write(self, slug: str, front: str, updates: list[tuple[str, str, str]]) -> None:
        body = "".join(f"## {s.capitalize()} at {when}\n\n{text}\n\n" for s, when, text in updates)
        path = self.root / "content" / "incidents" / f"{slug}.md"
        path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
