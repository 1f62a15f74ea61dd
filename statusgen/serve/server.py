"""The preview server: the last good build over HTTP, with a reload script in every page.

Only files under the build's output folder are ever read. A request path is split on
its slashes, then each segment decoded once, and refused when it could name anything
else (`..`, backslashes, NUL, absolute or doubled slashes, symlinks that lead out).
Pages get a small script, at response time only, that reloads them when a new build is
published and shows build errors.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import mimetypes
import secrets
import selectors
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from functools import cache
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from statusgen import __version__

# Anything longer is not a link of ours: refuse it before touching the disk.
MAX_TARGET = 4096
# The server's own endpoints, outside any base path so every page finds them.
INTERNAL = "/__statusgen/"
EVENTS = INTERNAL + "events"
# How often an idle event stream says it is alive, so dead tabs free their thread.
KEEPALIVE_SECONDS = 15.0

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    # Python's own list gives .mjs as application/javascript before 3.12, and may lack
    # the newer ones before 3.11: a browser refuses a module script of another type.
    ".mjs": "text/javascript; charset=utf-8",
    ".wasm": "application/wasm",
    ".avif": "image/avif",
    ".map": "application/json",  # source maps, which Python's list does not know
}
# Host hints such as _headers and .nojekyll have no suffix; show them rather than download them.
NO_SUFFIX_TYPE = "text/plain; charset=utf-8"
UNKNOWN_TYPE = "application/octet-stream"


def content_type(path: PurePosixPath | Path) -> str:
    """The Content-Type a static host would send for this output file: the table's,
    else Python's for the suffix, else octet-stream (which nosniff makes a download)."""
    suffix = path.suffix.lower()
    if not suffix:
        return NO_SUFFIX_TYPE
    known = CONTENT_TYPES.get(suffix)
    if known is not None:
        return known
    # The suffix alone: `x.tar.gz` is gzip bytes, not the tar file guess_type would say.
    guessed, _ = _python_types().guess_type(f"file{suffix}", strict=True)
    if guessed is None:
        return UNKNOWN_TYPE
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


@cache
def _python_types() -> mimetypes.MimeTypes:
    """Python's own list of types, without the machine's (/etc/mime.types, the Windows
    registry): the same file gets the same type on every machine."""
    return mimetypes.MimeTypes(filenames=())


def is_loopback(host: str) -> bool:
    """True when `host` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# --- the published state -------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """What the server publishes: which site it serves and whether the last build failed."""

    version: int  # grows with every publication, so a waiter knows it missed nothing
    generation: str  # names the site being served; "" until a build has succeeded
    error: str | None  # the last build's diagnostics, None when it succeeded
    # "/" or the path of base_url as it writes it (percent-encoded), such as "/status/".
    base_path: str
    # What its _headers asks a host to send for an address (watcher.Built.headers).
    headers: Callable[[str], tuple[tuple[str, str], ...]] = lambda address: ()


class _BuildLock:
    """Many requests read at once; a build waits for them and holds new ones back."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._condition:
            self._condition.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            with self._condition:
                self._readers -= 1
                self._condition.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._condition:
            self._condition.wait_for(lambda: not self._writing)
            self._writing = True
            self._condition.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._condition:
                self._writing = False
                self._condition.notify_all()


class LiveSite:
    """The folder a build writes to, and the news of each build for pages that are open."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = _BuildLock()
        self._changed = threading.Condition()
        self._closed = False
        # A fresh prefix per server, so tabs left open across a restart reload too.
        self._prefix = secrets.token_hex(4)
        self._good_builds = 0
        self._snapshot = Snapshot(version=0, generation="", error=None, base_path="/")

    def snapshot(self) -> Snapshot:
        with self._changed:
            return self._snapshot

    def reading(self) -> AbstractContextManager[None]:
        """Hold off builds while a request reads files."""
        return self._lock.reading()

    def building(self) -> AbstractContextManager[None]:
        """Hold off requests while a build replaces the folder."""
        return self._lock.writing()

    def publish_success(
        self,
        base_path: str,
        *,
        changed: bool,
        headers: Callable[[str], tuple[tuple[str, str], ...]] = lambda address: (),
    ) -> Snapshot:
        """Record a good build (sending `headers` with its files); open pages reload when
        it changed anything they may show."""
        with self._changed:
            generation = self._snapshot.generation
            if changed or not generation:
                self._good_builds += 1
                generation = f"{self._prefix}-{self._good_builds}"
            return self._publish(
                generation=generation, error=None, base_path=base_path, headers=headers
            )

    def publish_failure(self, text: str) -> Snapshot:
        """Record a failed build; the last good site stays, and pages show `text`."""
        with self._changed:
            return self._publish(error=text)

    def _publish(self, **changes: Any) -> Snapshot:
        self._snapshot = replace(self._snapshot, version=self._snapshot.version + 1, **changes)
        self._changed.notify_all()
        return self._snapshot

    def wait_for_change(self, seen: int, timeout: float) -> Snapshot | None:
        """The snapshot once its version is past `seen` or `timeout` passed; None once closed."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._closed or self._snapshot.version > seen, timeout=timeout
            )
            return None if self._closed else self._snapshot

    def close(self) -> None:
        """End every event stream, so the server can stop."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


# --- request paths -------------------------------------------------------------------


class Refused(Exception):
    """A request the server will not serve, with the status to answer."""

    def __init__(self, status: HTTPStatus, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class NoSuchName(Refused):
    """A path no output can have (a segment holding an encoded slash): the site's 404 page
    answers it, as a static host's does."""

    def __init__(self, reason: str) -> None:
        super().__init__(HTTPStatus.NOT_FOUND, reason)


def request_path(target: str) -> tuple[str, str]:
    """The decoded path and the raw query of a request target; Refused when it is unsafe,
    NoSuchName when a segment holds an encoded slash."""
    if len(target) > MAX_TARGET:
        raise Refused(HTTPStatus.REQUEST_URI_TOO_LONG, "the URL is too long")
    # Absolute-form targets (http://host/...) are for proxies; `//x` is an authority, not a path.
    if not target.startswith("/") or target.startswith("//"):
        raise Refused(HTTPStatus.BAD_REQUEST, "the path must start with a single /")
    raw, _, query = target.partition("?")
    raw = raw.partition("#")[0]
    try:
        # Split before decoding, as a static host does: %2F is part of a name, never a
        # separator. Decoded exactly once: "%252e" stays the literal name "%2e", which no
        # output has.
        segments = [unquote(segment, errors="strict") for segment in raw.split("/")[1:]]
    except UnicodeDecodeError:
        raise Refused(HTTPStatus.BAD_REQUEST, "the path is not UTF-8") from None
    path = "/" + "/".join(segments)
    if any(ord(char) < 0x20 or char == "\x7f" for char in path) or "\\" in path:
        raise Refused(HTTPStatus.BAD_REQUEST, "the path holds control characters or backslashes")
    if any(segment in (".", "..") for segment in segments) or "" in segments[:-1]:
        raise Refused(HTTPStatus.BAD_REQUEST, "the path holds ., .. or an empty segment")
    if any("/" in segment for segment in segments):
        raise NoSuchName("a segment of the path holds an encoded slash (%2F)")
    return path, query


@dataclass(frozen=True)
class Found:
    """A file to send (path None means the site's 404 page), or a redirect."""

    status: HTTPStatus
    path: Path | None = None
    location: str | None = None


def locate(folder: Path, path: str, raw_target: str, base_path: str) -> Found:
    """Map a checked request path to a file inside `folder`; Refused when it would leave it."""
    # A redirect keeps the query (a link's campaign tag, say), as a static host's does; a
    # fragment is never sent on, and must not end up before the added "/".
    raw, _, query = raw_target.partition("#")[0].partition("?")
    kept = f"?{query}" if query else ""
    # Compared decoded, as `path` is; the redirect sends it as base_url writes it.
    prefix = unquote(base_path)
    if not path.startswith(prefix):
        if path == "/" or path + "/" == prefix:
            return Found(HTTPStatus.FOUND, location=base_path + kept)
        return Found(HTTPStatus.NOT_FOUND)
    root = folder.resolve()
    try:
        candidate = _inside(root, root / path[len(prefix) :])
        if candidate.is_dir():
            if not path.endswith("/"):
                return Found(HTTPStatus.FOUND, location=raw + "/" + kept)
            candidate = _inside(root, candidate / "index.html")
        elif path.endswith("/"):
            # A file named as a folder (`status.json/`): a static host answers 404, so a
            # link written that way must not work in the preview alone.
            return Found(HTTPStatus.NOT_FOUND)
        if candidate.is_file():
            return Found(HTTPStatus.OK, path=candidate)
    except (OSError, RuntimeError):
        pass  # names too long for the file system, symlink loops: nothing to serve
    return Found(HTTPStatus.NOT_FOUND)


def _inside(root: Path, candidate: Path) -> Path:
    # resolve() follows symlinks, so a link inside the output that points out is caught here.
    resolved = candidate.resolve()
    if not resolved.is_relative_to(root):
        raise Refused(HTTPStatus.FORBIDDEN, "the path leads out of the site")
    return resolved


# --- responses -----------------------------------------------------------------------


def reload_tag(generation: str) -> bytes:
    """The script element added to pages; the generation tells the script what it shows."""
    return f'<script src="{INTERNAL}reload.js" data-generation="{generation}"></script>'.encode()


def inject(html: bytes, generation: str) -> bytes:
    """`html` with the reload script before its last </body> (at the end when there is none)."""
    at = html.lower().rfind(b"</body>")
    tag = reload_tag(generation)
    if at < 0:
        return html + tag
    return html[:at] + tag + html[at:]


def error_page(text: str) -> bytes:
    """A page for when no build has succeeded yet: the diagnostics, escaped."""
    return (
        '<!doctype html><html lang="en"><meta charset="utf-8">'
        "<title>Build failed · statusgen</title><body>"
        "<h1>The site could not be built</h1>"
        f"<pre>{escape(text)}</pre>"
        "<p>Fix the file and save; this page reloads by itself.</p></body></html>"
    ).encode()


@dataclass(frozen=True)
class Response:
    status: HTTPStatus
    body: bytes
    mime: str = NO_SUFFIX_TYPE
    headers: tuple[tuple[str, str], ...] = ()


def plain(status: HTTPStatus, message: str, *headers: tuple[str, str]) -> Response:
    """A short text answer, for refusals and the like."""
    return Response(
        status, f"{status.value} {status.phrase}: {message}\n".encode(), NO_SUFFIX_TYPE, headers
    )


def site_response(live: LiveSite, path: str | None, target: str) -> Response:
    """The answer for a checked request `path` (from `target`) to the site's pages and files;
    for None (a path no output can have, NoSuchName), the site's 404 page."""
    # Held while the file is found and read, never while it is sent: a build waits for
    # reads in progress, and requests arriving meanwhile wait for the build.
    with live.reading():
        snapshot = live.snapshot()
        if not snapshot.generation:
            page = error_page(snapshot.error or "The first build has not finished.")
            # With the script, so the page reloads itself once a build succeeds.
            return Response(
                HTTPStatus.INTERNAL_SERVER_ERROR, inject(page, ""), CONTENT_TYPES[".html"]
            )
        try:
            found = (
                Found(HTTPStatus.NOT_FOUND)
                if path is None
                else locate(live.folder, path, target, snapshot.base_path)
            )
        except Refused as refused:
            return plain(refused.status, refused.reason)
        if found.location is not None:
            return Response(found.status, b"", headers=(("Location", found.location),))
        file = found.path if found.path is not None else live.folder / "404.html"
        try:
            data = file.read_bytes()
        except OSError:
            return plain(HTTPStatus.NOT_FOUND, "not found")
    mime = content_type(file)
    if mime.startswith("text/html"):
        data = inject(data, snapshot.generation)
    return Response(found.status, data, mime)


# The headers the preview sends itself, whatever the built _headers says.
PREVIEWS_OWN = frozenset({"cache-control", "content-type", "x-content-type-options"})


def site_address(target: str, base_path: str) -> str:
    """The address the built _headers' rules are matched with for the request `target`:
    its path, decoded, from the site's root (below `base_path`)."""
    path = unquote(target.partition("#")[0].partition("?")[0])
    prefix = unquote(base_path)
    return "/" + path[len(prefix) :] if path.startswith(prefix) else path


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    # `Server: statusgen/0.1.0`: the Python version is nobody's business, and the base
    # class's "server sys" with the latter empty left a trailing space.
    server_version = f"statusgen/{__version__}"
    # A client that connects and says nothing gives its thread back after this many seconds.
    timeout = 30

    def version_string(self) -> str:
        """The `Server` header's value: statusgen and its version alone."""
        return self.server_version

    def do_GET(self) -> None:
        self._send(self._answer())

    def do_HEAD(self) -> None:
        self._send(self._answer())

    def _not_allowed(self) -> None:
        self._send(
            plain(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and HEAD", ("Allow", "GET, HEAD"))
        )

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _not_allowed

    def log_message(self, format: str, *args: Any) -> None:
        # A preview tells its news in the terminal; a line per request would drown it.
        pass

    def _answer(self) -> Response:
        self._internal = False
        try:
            path, _ = request_path(self.path)
        except NoSuchName:
            return site_response(self.server.live, None, self.path)
        except Refused as refused:
            return plain(refused.status, refused.reason)
        if not path.startswith(INTERNAL):
            return site_response(self.server.live, path, self.path)
        self._internal = True
        if not own_origin(self.headers.get("Host"), self.headers.get("Origin")):
            # The state holds build errors (paths, file contents): only for the preview's
            # own pages, never another site's script, nor a name rebound to this address.
            return plain(HTTPStatus.FORBIDDEN, "only the preview's own pages may ask this")
        if path == EVENTS:
            return Response(HTTPStatus.OK, b"", "text/event-stream")
        if path == INTERNAL + "reload.js":
            script = files("statusgen.serve").joinpath("reload.js").read_bytes()
            return Response(HTTPStatus.OK, script, CONTENT_TYPES[".js"])
        if path == INTERNAL + "state":
            return Response(
                HTTPStatus.OK, state_json(self.server.live.snapshot()), "application/json"
            )
        return plain(HTTPStatus.NOT_FOUND, "not found")

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Type", response.mime)
        # What the built _headers asks of a host for this address, but the preview's own
        # headers: no caching (a reload shows the new build), the type of each file.
        if not getattr(self, "_internal", False):
            snapshot = self.server.live.snapshot()
            for name, value in snapshot.headers(site_address(self.path, snapshot.base_path)):
                if name.lower() not in PREVIEWS_OWN:
                    self.send_header(name, value)
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        streaming = response.mime == "text/event-stream"
        if not streaming:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command == "HEAD":
            return
        if streaming:
            self._stream_events()
        else:
            self.wfile.write(response.body)

    def _stream_events(self) -> None:
        """Server-Sent Events: the state now, then again after every build, until closed."""
        seen = -1
        try:
            # Reconnect soon after the server restarts, so open tabs follow it.
            self.wfile.write(b"retry: 1000\n\n")
            while True:
                snapshot = self.server.live.wait_for_change(seen, KEEPALIVE_SECONDS)
                if snapshot is None:
                    return
                if snapshot.version == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    seen = snapshot.version
                    self.wfile.write(b"data: " + state_json(snapshot) + b"\n\n")
                self.wfile.flush()
        except OSError:
            return  # the tab went away


def own_origin(host: str | None, origin: str | None) -> bool:
    """Whether a request to the server's own endpoints comes from the preview's pages.

    The Host must be an address or localhost (a DNS name could be rebound to this
    machine by another site), and a browser's Origin, when sent, must be that host.
    """
    if not host:
        return False
    name = host.rpartition(":")[0] if host.rpartition(":")[2].isdigit() else host
    if name != "localhost":
        try:
            ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            return False
    return origin is None or origin == f"http://{host}"


def state_json(snapshot: Snapshot) -> bytes:
    """The state pages and tools read: which site is served and the last build's error."""
    return json.dumps({"generation": snapshot.generation, "error": snapshot.error}).encode()


class PreviewServer(ThreadingHTTPServer):
    """One thread per request (event streams hold theirs); the live site is shared."""

    # The default backlog of 5 drops connections when a few clients start at once.
    request_queue_size = 128
    daemon_threads = True
    # handle_request() takes a request that is waiting, or none, without waiting itself:
    # `answer` does the waiting.
    timeout = 0

    def __init__(self, address: tuple[str, int], live: LiveSite) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.live = live
        # Written to by `stop`: `answer` waits on it beside the socket. Made first: a bind
        # that fails closes the server (server_close) before __init__ returns.
        self._stop_read, self._stop_write = socket.socketpair()
        super().__init__(address, PreviewHandler)

    def answer(self) -> None:
        """Answer requests, each on a thread of its own, until `stop` is called.

        Not socketserver's serve_forever, which wakes every poll interval to ask whether
        to stop (20 times a second to stop within 50 ms): this loop sleeps until a client
        connects or `stop` writes, so an idle preview costs no CPU and stops at once."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            selector.register(self._stop_read, selectors.EVENT_READ)
            while True:
                ready = [key.fileobj for key, _ in selector.select()]
                if self._stop_read in ready:
                    return
                self.handle_request()

    def stop(self) -> None:
        """End `answer`'s loop; requests being answered finish on their own threads."""
        self._stop_write.send(b"\0")

    def server_close(self) -> None:
        super().server_close()
        self._stop_read.close()
        self._stop_write.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A tab closed mid-response is not news; anything else is a bug worth its traceback.
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        """Where a browser on this machine finds the server (without the base path)."""
        host, port = self.server_address[:2]
        shown = str(host)
        if shown in ("0.0.0.0", "::"):
            shown = "localhost"
        elif ":" in shown:
            shown = f"[{shown}]"
        return f"http://{shown}:{port}/"


class CannotListen(Exception):
    """The address is taken or not ours to listen on; `in_use` when another program has it."""

    def __init__(self, message: str, *, in_use: bool = False) -> None:
        super().__init__(message)
        self.in_use = in_use


def bind(live: LiveSite, host: str, port: int) -> PreviewServer:
    """A server for `live`, listening but not answering yet; CannotListen says why not."""
    try:
        return PreviewServer((host, port), live)
    except OSError as error:
        raise CannotListen(
            f"cannot listen on {host}:{port}: {error.strerror or error}",
            in_use=error.errno == errno.EADDRINUSE,
        ) from None


@contextmanager
def serving(server: PreviewServer) -> Iterator[PreviewServer]:
    """`server` answering on a thread of its own; on exit, its streams end and it stops."""
    thread = threading.Thread(target=server.answer, name="statusgen-serve", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.live.close()
        server.stop()
        thread.join(timeout=5)
        server.server_close()
