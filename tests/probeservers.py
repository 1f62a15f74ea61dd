"""Servers on 127.0.0.1 that a test can switch between healthy, failing, slow and closed.

Each is bounded in time (a slow answer waits at most its configured delay) and is stopped
through its own handle.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# monitors.yaml's entry for an HTTP monitor of the `api` component against a local server.
HTTP_MONITOR = """\
- id: api-health
  component: api
  type: http
  url: http://127.0.0.1:{port}/health
  timeout: 2
  retries: 0
"""


class SwitchableHTTP:
    """An HTTP server whose `mode` is healthy (200 "ok"), failing (500), slow or
    slow-failing (500 after the delay)."""

    def __init__(self, *, slow_seconds: float = 0.3, context: ssl.SSLContext | None = None):
        self.mode = "healthy"
        self.slow_seconds = slow_seconds
        self.requests = 0
        self.paths: list[str] = []  # each request's target, as the server received it
        self.hosts: list[str] = []  # each request's Host header
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests += 1
                outer.paths.append(self.path)
                outer.hosts.append(self.headers.get("Host", ""))
                mode = outer.mode
                if mode == "flaky":  # fails every other request
                    mode = "failing" if outer.requests % 2 else "healthy"
                if mode in ("slow", "slow-failing"):  # slow-failing: an error page, late
                    time.sleep(outer.slow_seconds)
                    mode = "failing" if mode == "slow-failing" else mode
                body = b"status: ok" if mode != "failing" else b"status: broken"
                self.send_response(500 if mode == "failing" else 200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if context is not None:
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@contextmanager
def http_server(**kwargs: object) -> Iterator[SwitchableHTTP]:
    server = SwitchableHTTP(**kwargs)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.close()


@contextmanager
def tcp_listener() -> Iterator[int]:
    """A socket listening on 127.0.0.1 (connections are accepted by the kernel's backlog)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def self_signed(folder: Path, days: int) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 valid for `days` days and its key, made by openssl now."""
    cert, key = folder / f"cert-{days}.pem", folder / f"key-{days}.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", str(days),
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert, key


def private_ca(folder: Path) -> tuple[Path, Path, Path]:
    """A certificate authority of our own, and a certificate for 127.0.0.1 it signed with
    its key, made by openssl now: (the authority's certificate, the server's, its key)."""
    ca, ca_key = folder / "ca.pem", folder / "ca-key.pem"
    cert, key, request = folder / "server.pem", folder / "server-key.pem", folder / "server.csr"
    extensions = folder / "server.ext"
    extensions.write_text("subjectAltName=IP:127.0.0.1\n")
    new_key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for step in (
        ["req", "-x509", *new_key, "-keyout", str(ca_key), "-out", str(ca), "-days", "30",
         "-subj", "/CN=statusgen test CA"],
        ["req", *new_key, "-keyout", str(key), "-out", str(request), "-subj", "/CN=127.0.0.1"],
        ["x509", "-req", "-in", str(request), "-CA", str(ca), "-CAkey", str(ca_key),
         "-CAcreateserial", "-out", str(cert), "-days", "30", "-extfile", str(extensions)],
    ):  # fmt: skip
        subprocess.run(["openssl", *step], check=True, capture_output=True, timeout=30)
    return ca, cert, key


@contextmanager
def tls_server(cert: Path, key: Path) -> Iterator[SwitchableHTTP]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with http_server(context=context) as server:
        yield server


@contextmanager
def raw_server(answer: Callable[[socket.socket, threading.Event], None]) -> Iterator[int]:
    """A TCP server on 127.0.0.1, its port yielded: each connection is handed to
    `answer` on a thread of its own, with the event that is set once the test is done.
    Accepting stops then, and the listener is closed."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.05)
    done = threading.Event()

    def answered(connection: socket.socket) -> None:
        with connection:
            try:
                connection.settimeout(2)
                answer(connection, done)
            except OSError:
                pass

    def serve() -> None:
        while not done.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=answered, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        done.set()
        thread.join(5)
        listener.close()


def trickling_server(pause: float = 0.3) -> AbstractContextManager[int]:
    """A server on 127.0.0.1 that sends a healthy reply one byte every `pause` seconds, so
    that no single read waits long; it stops trickling as soon as the test is done."""
    reply = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Padding: trickled\r\n\r\nok"

    def answer(connection: socket.socket, done: threading.Event) -> None:
        connection.recv(4096)
        for byte in reply:
            if done.wait(pause):
                return
            connection.sendall(bytes([byte]))

    return raw_server(answer)


def page_server(body: bytes, content_type: str) -> AbstractContextManager[int]:
    """A server on 127.0.0.1 that answers every request 200 with `body`, sent as
    `content_type`; a client that stops reading early just ends the connection."""
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode("latin-1")

    def answer(connection: socket.socket, done: threading.Event) -> None:
        connection.recv(4096)
        connection.sendall(head + body)

    return raw_server(answer)


def not_http_server(
    line: bytes = b"NOT HTTP\r\n", *, greets: bool = False
) -> AbstractContextManager[int]:
    """A server on 127.0.0.1 that answers every connection with a `line` that is not HTTP:
    after the request, or at once like an FTP or SMTP server (`greets`)."""

    def answer(connection: socket.socket, done: threading.Event) -> None:
        if not greets:
            connection.recv(4096)
        connection.sendall(line)

    return raw_server(answer)
