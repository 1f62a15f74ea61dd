"""The webhook relay in docs/relay/: a real HTTP request on 127.0.0.1 in, a dispatch out.

GitHub is played by a local server that records what it receives; nothing leaves the
machine. The Cloudflare Worker (worker.js) runs under Node with fetch stubbed.
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from statusgen.ingest.sources import SOURCES, Alert, read

RELAY = Path(__file__).resolve().parents[1] / "docs" / "relay"
FIXTURE = Path(__file__).parent / "fixtures" / "alerts" / "alertmanager-firing.json"
SECRET = "s3cret-value-for-tests"


def load_relay() -> ModuleType:
    spec = importlib.util.spec_from_file_location("relay", RELAY / "relay.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


relay = load_relay()


class FakeGitHub:
    """Records each request; answers with `status`."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str], Any]] = []
        self.status = 204
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                fake.requests.append((self.path, dict(self.headers.items()), json.loads(body)))
                self.send_response(fake.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


def start(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    return thread


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    thread = start(fake.server)
    yield fake
    fake.server.shutdown()
    fake.server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def relay_url(github: FakeGitHub) -> Iterator[str]:
    settings = {
        "RELAY_SECRET": SECRET,
        "GITHUB_TOKEN": "gh-token",
        "GITHUB_REPOSITORY": "example/status",
        "GITHUB_API_URL": github.url,
    }
    server = relay.serve(settings, "127.0.0.1", 0)
    server.RequestHandlerClass.log_message = lambda *args: None
    thread = start(server)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def post(url: str, body: bytes, authorization: str | None) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_an_alert_with_the_secret_is_forwarded_unchanged(
    relay_url: str, github: FakeGitHub
) -> None:
    body = FIXTURE.read_bytes()

    status, text = post(f"{relay_url}/alertmanager", body, f"Bearer {SECRET}")

    assert (202, "forwarded\n") == (status, text)
    [(path, headers, sent)] = github.requests
    assert "/repos/example/status/dispatches" == path
    assert "Bearer gh-token" == headers["Authorization"]
    assert {
        "event_type": "incident",
        "client_payload": {
            "action": "ingest",
            "source": "alertmanager",
            "payload": json.loads(body),
        },
    } == sent


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer wrong", f"Bearer {SECRET[:-1]}", f"Bearer {SECRET}x",
     f"Basic {SECRET}", SECRET],
    ids=["missing", "empty", "no-secret", "wrong", "prefix", "longer", "basic", "no-scheme"],
)  # fmt: skip
def test_a_bad_secret_is_refused_and_nothing_is_forwarded(
    relay_url: str, github: FakeGitHub, authorization: str | None
) -> None:
    status, text = post(f"{relay_url}/alertmanager", FIXTURE.read_bytes(), authorization)
    assert (401, "unauthorized\n") == (status, text)
    assert [] == github.requests


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        ("/nagios", b"{}", 404),
        ("/", b"{}", 404),
        ("/alertmanager", b"{not json", 400),
        ("/alertmanager", b"\xff\xfe", 400),
    ],
)
def test_requests_that_are_no_alert_are_refused(
    relay_url: str, github: FakeGitHub, path: str, body: bytes, expected: int
) -> None:
    status, _ = post(f"{relay_url}{path}", body, f"Bearer {SECRET}")
    assert expected == status
    assert [] == github.requests


def test_an_unknown_source_is_told_the_paths_to_post_to(relay_url: str) -> None:
    status, text = post(f"{relay_url}/nagios", b"{}", f"Bearer {SECRET}")
    paths = ", ".join(f"/{source}" for source in SOURCES)
    assert (404, f"unknown source; POST to {paths}\n") == (status, text)


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"])
def test_a_request_that_is_no_post_is_refused_as_the_worker_does(
    relay_url: str, github: FakeGitHub, method: str
) -> None:
    request = urllib.request.Request(
        f"{relay_url}/alertmanager", headers={"Authorization": f"Bearer {SECRET}"}, method=method
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert 405 == refused.value.code
    assert "POST" == refused.value.headers["Allow"]
    assert ("" if method == "HEAD" else "POST the alert\n") == refused.value.read().decode()
    assert [] == github.requests


def group(size: int, note: str = "", *, mixed: bool = False) -> bytes:
    """An Alertmanager group of `size` alerts, one per instance; `note`: each alert gets a
    description of its own, this long; `mixed`: the alerts differ in service and severity,
    and some have cleared."""
    payload = json.loads(FIXTURE.read_text())
    alert = payload["alerts"][0]
    payload["alerts"] = [
        {
            **alert,
            "labels": {**alert["labels"], "instance": f"https://api-{i}.example.com/health"},
            "annotations": {**alert["annotations"], "description": f"{i} {note}"},
            "fingerprint": f"{i:016x}",
        }
        for i in range(size)
    ]
    if mixed:
        del payload["commonLabels"]["service"], payload["commonLabels"]["severity"]
        for i, alert in enumerate(payload["alerts"]):
            service = ("api", "checkout", "dashboard")[i % 3]
            alert["labels"] |= {"service": service, "severity": ("critical", "warning")[i % 2]}
            if i % 5 == 0:
                alert |= {"status": "resolved", "endsAt": f"2026-11-22T19:{i % 60:02d}:00Z"}
    return json.dumps(payload, indent=2).encode()


@pytest.mark.parametrize("mixed", [False, True], ids=["alike", "mixed"])
def test_a_group_too_large_for_github_is_sent_as_ingest_reads_it(
    relay_url: str, github: FakeGitHub, mixed: bool
) -> None:
    body = group(300, mixed=mixed)
    assert len(body) > 150_000

    status, text = post(f"{relay_url}/alertmanager", body, f"Bearer {SECRET}")

    assert (202, "forwarded\n") == (status, text)
    [(_, headers, sent)] = github.requests
    assert int(headers["Content-Length"]) < 64_000
    forwarded = json.dumps(sent["client_payload"]["payload"]).encode()
    whole, compacted = read("alertmanager", body), read("alertmanager", forwarded)
    assert unfirsted(whole) == unfirsted(compacted)
    # The start of each value's first alert is what compacting cannot keep (a repeated
    # startsAt is left out): never earlier than the whole group's, so a component is
    # dated down no earlier than it went down.
    # Each value's last clear (and last start), read only where no alert naming it lost its
    # endsAt (startsAt): never earlier than the whole group's, so a component is set back up
    # (noted firing again) no earlier either.
    for full, kept in zip(whole.members, compacted.members, strict=True):
        assert all(full.firsts[pair] <= at for pair, at in kept.firsts.items())
        assert all(full.lasts[pair] <= at for pair, at in kept.lasts.items())
        assert all(full.latests[pair] <= at for pair, at in kept.latests.items())
        # Each alert's own times, read only where no alert naming the value lost one: those
        # the whole group gives (else its class's first start and last clear stand in).
        assert all(full.spans.get(pair, at) == at for pair, at in kept.spans.items())


def unfirsted(alert: Alert) -> Alert:
    """`alert` without its members' first starts, last clears and last starts per value,
    and their alerts' own times (Member.firsts, Member.lasts, Member.latests, Member.spans)."""
    members = tuple(replace(m, firsts={}, lasts={}, latests={}, spans={}) for m in alert.members)
    return replace(alert, members=members)


def test_a_group_that_cannot_fit_is_refused_with_the_reason(
    relay_url: str, github: FakeGitHub
) -> None:
    status, text = post(f"{relay_url}/alertmanager", group(300, "x" * 300), f"Bearer {SECRET}")

    assert 413 == status
    assert text.startswith("too large for GitHub: a repository_dispatch must be under 64000 bytes")
    assert [] == github.requests


def test_a_refusal_from_github_is_reported_to_the_tool(relay_url: str, github: FakeGitHub) -> None:
    github.status = 422
    status, text = post(f"{relay_url}/grafana", b"{}", f"Bearer {SECRET}")
    assert (502, "GitHub answered 422\n") == (status, text)


def announce(url: str, length: int, authorization: str) -> int:
    """POST only the headers, announcing `length` bytes: the relay must answer unread."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.putrequest("POST", parts.path)
        connection.putheader("Content-Length", str(length))
        connection.putheader("Authorization", authorization)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("authorization", "expected"), [(f"Bearer {SECRET}", 413), ("Bearer wrong", 401)]
)
def test_an_oversized_body_is_refused_unread(
    relay_url: str, github: FakeGitHub, authorization: str, expected: int
) -> None:
    assert expected == announce(f"{relay_url}/generic", relay.MAX_BODY + 1, authorization)
    assert [] == github.requests


def test_the_relays_know_the_sources_statusgen_reads() -> None:
    assert list(SOURCES) == list(relay.SOURCES)
    worker = (RELAY / "worker.js").read_text()
    assert f"const SOURCES = {json.dumps(list(SOURCES))};".replace('","', '", "') in worker


AUTHORIZED = {"Authorization": f"Bearer {SECRET}"}


def python_settings() -> dict[str, str]:
    """relay.py's settings, for answers that never reach GitHub."""
    return {"RELAY_SECRET": SECRET, "GITHUB_TOKEN": "t", "GITHUB_REPOSITORY": "example/status"}


# --- the Cloudflare Worker, under Node ----------------------------------------------------

HARNESS = """
import worker from %(worker)s;
const sent = [];
globalThis.fetch = async (url, init) => {
  sent.push({url, headers: init.headers, body: JSON.parse(init.body)});
  return new Response(null, {status: 204});
};
const env = {RELAY_SECRET: %(secret)s, GITHUB_TOKEN: "gh-token",
             GITHUB_REPOSITORY: "example/status"};
const cases = [
  ["/alertmanager", "Bearer " + %(secret)s, %(body)s],
  ["/alertmanager", "Bearer wrong", %(body)s],
  ["/alertmanager", null, %(body)s],
  ["/nagios", "Bearer " + %(secret)s, "{}"],
  ["/datadog", "Bearer " + %(secret)s, "{not json"],
  ["/alertmanager", "Bearer " + %(secret)s, %(large)s],
  ["/alertmanager", "Bearer " + %(secret)s, %(huge)s],
  ["/alertmanager", "Bearer " + %(secret)s, null, "GET"],
];
const results = [];
for (const [path, authorization, body, method = "POST"] of cases) {
  const headers = authorization === null ? {} : {Authorization: authorization};
  const request = new Request("https://relay.example" + path, {method, headers, body});
  const response = await worker.fetch(request, env);
  results.push([response.status, response.headers.get("Allow"), await response.text()]);
}
console.log(JSON.stringify({results, sent}));
"""


def test_the_worker_does_what_the_python_handler_does(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is missing")
        pytest.skip("node is missing")
    # As .mjs: Node reads it as the ES module Cloudflare runs, whatever its version.
    worker = tmp_path / "worker.mjs"
    shutil.copy(RELAY / "worker.js", worker)
    harness = tmp_path / "harness.mjs"
    harness.write_text(
        HARNESS
        % {
            "worker": json.dumps(worker.as_uri()),
            "secret": json.dumps(SECRET),
            "body": json.dumps(FIXTURE.read_text()),
            "large": json.dumps(group(300, mixed=True).decode()),
            "huge": json.dumps(group(300, "x" * 300).decode()),
        }
    )
    result = subprocess.run(
        [node, str(harness)], capture_output=True, text=True, timeout=30, check=False
    )
    assert 0 == result.returncode, result.stderr
    output = json.loads(result.stdout)
    assert [202, 401, 401, 404, 400, 202, 413, 405] == [r[0] for r in output["results"]]
    # The same answers, word for word, as relay.py gives.
    assert (
        relay.handle(python_settings(), "/nagios", AUTHORIZED, b"{}")[1] + "\n"
        == (output["results"][3][2])
    )
    huge = relay.handle(python_settings(), "/alertmanager", AUTHORIZED, group(300, "x" * 300))
    assert huge[1] + "\n" == output["results"][6][2]
    assert ["POST", "POST the alert\n"] == output["results"][7][1:]
    sent, large = output["sent"]
    # The large group is compacted exactly as relay.py compacts it.
    mixed = json.loads(group(300, mixed=True))
    assert json.loads(relay.fitted("alertmanager", mixed) or b"") == large["body"]
    assert "https://api.github.com/repos/example/status/dispatches" == sent["url"]
    assert "Bearer gh-token" == sent["headers"]["Authorization"]
    assert {
        "event_type": "incident",
        "client_payload": {
            "action": "ingest",
            "source": "alertmanager",
            "payload": json.loads(FIXTURE.read_text()),
        },
    } == sent["body"]


UNFORWARDABLE = {
    "deep": (
        b"[" * 200_000 + b"]" * 200_000,
        "the body is nested too deeply (at most 100 levels of arrays and objects); "
        "statusgen ingest reads no deeper",
    ),
    "lone-surrogate": (
        b'{"id":"esc","t":"\\ud800"}',
        "the body holds a lone surrogate escape (\\ud800-\\udfff without its pair), which is "
        "no text: send the characters as UTF-8",
    ),
    "nan": (b'{"v":NaN}', "the body is not JSON"),
    "infinity": (b'{"v":-Infinity}', "the body is not JSON"),
    # Beyond a double: relay.py forwarded `Infinity` (no JSON, refused by GitHub on every
    # retry), the Worker `null` (another value).
    "too-large": (
        b'{"alerts":[{"labels":{"x":1e400}}]}',
        "the body holds a number too large for a double (beyond about 1.8e308), which "
        "cannot be forwarded as written: send it as text",
    ),
}


@pytest.mark.parametrize(("body", "reason"), UNFORWARDABLE.values(), ids=UNFORWARDABLE)
def test_a_body_github_would_never_take_is_refused_with_the_reason(
    relay_url: str, github: FakeGitHub, body: bytes, reason: str
) -> None:
    # Before: a traceback and no answer (so the tool retried for ever), or a dispatch that
    # GitHub refused on every retry.
    assert (400, reason + "\n") == post(f"{relay_url}/generic", body, f"Bearer {SECRET}")
    assert [] == github.requests


def test_a_float_beyond_2_53_is_forwarded_as_a_float(relay_url: str, github: FakeGitHub) -> None:
    # The Worker wrote 1.5e20 as 150000000000000000000, which ingest read as an integer.
    body = b'{"v": 1.5e20}'

    assert (202, "forwarded\n") == post(f"{relay_url}/generic", body, f"Bearer {SECRET}")
    assert {"v": 1.5e20} == github.requests[0][2]["client_payload"]["payload"]
    assert float is type(github.requests[0][2]["client_payload"]["payload"]["v"])


def test_an_integer_longer_than_python_reads_is_refused_with_the_limit(
    relay_url: str, github: FakeGitHub
) -> None:
    # Valid JSON, answered "the body is not JSON"; the Worker refuses it too (beyond 2^53).
    body = b'{"id":' + b"7" * 5000 + b"}"

    status, reason = post(f"{relay_url}/generic", body, f"Bearer {SECRET}")

    assert (400, [], True) == (status, github.requests, "more than relay.py reads" in reason)
    assert f"more than {sys.get_int_max_str_digits()} digits" in reason


def test_a_body_with_a_byte_order_mark_is_forwarded_as_the_worker_forwards_it(
    relay_url: str, github: FakeGitHub
) -> None:
    body = '{"id":"bom"}'.encode("utf-8-sig")

    assert (202, "forwarded\n") == post(f"{relay_url}/generic", body, f"Bearer {SECRET}")
    assert {"id": "bom"} == github.requests[0][2]["client_payload"]["payload"]


# As deep as ingest reads, with brackets, escaped backslashes and quotes in a string.
AS_DEEP_AS_READ = '{"a":' * 100 + '"' + '[[[{{{\\\\\\"' * 50 + '"' + "}" * 100


def test_nesting_as_deep_as_ingest_reads_and_brackets_in_text_are_forwarded(
    relay_url: str, github: FakeGitHub
) -> None:
    body = AS_DEEP_AS_READ.encode()

    assert (202, "forwarded\n") == post(f"{relay_url}/generic", body, f"Bearer {SECRET}")
    assert json.loads(body) == github.requests[0][2]["client_payload"]["payload"]


def chunked(url: str, chunks: list[bytes]) -> tuple[int, str]:
    """POST `chunks` with Transfer-Encoding: chunked and no Content-Length."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request(
            "POST", parts.path, body=iter(chunks), headers=AUTHORIZED, encode_chunked=True
        )
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_a_chunked_body_is_read_as_the_worker_reads_it(relay_url: str, github: FakeGitHub) -> None:
    body = FIXTURE.read_bytes()

    status = chunked(f"{relay_url}/alertmanager", [body[:100], body[100:]])

    assert (202, "forwarded\n") == status
    assert json.loads(body) == github.requests[0][2]["client_payload"]["payload"]


def test_a_chunked_body_too_large_is_refused(relay_url: str, github: FakeGitHub) -> None:
    chunk = b" " * 100_000
    status, _ = chunked(f"{relay_url}/generic", [b"{}"] + [chunk] * 11)
    assert 413 == status
    assert [] == github.requests


@pytest.mark.parametrize(
    ("answered", "hint"),
    [
        (401, "GITHUB_TOKEN is wrong or expired"),
        (403, 'GITHUB_TOKEN lacks "Contents: read and write" on example/status'),
        (404, "set GITHUB_REPOSITORY to the status site's owner/name"),
    ],
)
def test_a_refusal_from_github_is_logged_with_its_likely_cause(
    relay_url: str, github: FakeGitHub, capsys: pytest.CaptureFixture[str], answered: int, hint: str
) -> None:
    github.status = answered
    assert (502, f"GitHub answered {answered}\n") == post(
        f"{relay_url}/generic", b"{}", f"Bearer {SECRET}"
    )
    assert hint in capsys.readouterr().err


def run_relay(**environment: str) -> subprocess.CompletedProcess[str]:
    """relay.py started as the docs say, with `environment`: it must stop by itself."""
    settings = {"RELAY_SECRET": SECRET, "GITHUB_TOKEN": "t", "GITHUB_REPOSITORY": "acme/status"}
    return subprocess.run(
        [sys.executable, str(RELAY / "relay.py")],
        env={"PATH": os.environ.get("PATH", ""), **settings, **environment},
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        (
            {"GITHUB_REPOSITORY": "https://github.com/acme/status"},
            "GITHUB_REPOSITORY is 'https://github.com/acme/status': set it to the status "
            "site's owner/name, for example GITHUB_REPOSITORY=acme/status (no URL, no .git)",
        ),
        (
            {"GITHUB_REPOSITORY": "../.."},
            "GITHUB_REPOSITORY is '../..': set it to the status site's owner/name, for "
            "example GITHUB_REPOSITORY=acme/status (no URL, no .git)",
        ),
        # A clone address's name: GitHub has no repository acme/status.git to dispatch to.
        (
            {"GITHUB_REPOSITORY": "acme/status.git"},
            "GITHUB_REPOSITORY is 'acme/status.git': set it to the status site's owner/name, "
            "for example GITHUB_REPOSITORY=acme/status (no URL, no .git)",
        ),
        # No tool sends it: every alert would be refused as unauthorized.
        (
            {"RELAY_SECRET": " "},
            "RELAY_SECRET is ' ', only spaces: set it to the shared secret the alerting tools send",
        ),
        ({"RELAY_PORT": "80a"}, "RELAY_PORT is '80a': set it to a port number, for example 8080"),
        # A digit to str.isdigit, and a traceback from int().
        ({"RELAY_PORT": "²"}, "RELAY_PORT is '²': set it to a port number, for example 8080"),
    ],
    ids=[
        *("repository-url", "repository-dots", "repository-git"),
        *("blank-secret", "port", "port-superscript"),
    ],
)
def test_a_wrong_setting_stops_the_relay_with_the_fix(
    environment: dict[str, str], message: str
) -> None:
    result = run_relay(**environment)
    assert (1, message + "\n") == (result.returncode, result.stderr)


def test_a_port_in_use_stops_the_relay_with_the_fix() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_relay(RELAY_HOST="127.0.0.1", RELAY_PORT=str(port))
    assert 1 == result.returncode
    [line] = result.stderr.splitlines()
    assert line.startswith(f"cannot listen on 127.0.0.1:{port} (")
    assert line.endswith(
        "): set RELAY_PORT to a free port, or RELAY_HOST to an address of this machine"
    )


WORKER_CASES = """
import worker from %(worker)s;
let github = 204;
const sent = [];
globalThis.fetch = async (url, init) => {
  sent.push(init.body);
  return new Response(null, {status: github});
};
const logged = [];
console.error = (line) => logged.push(line);
const results = [];
for (const [body, answered, repository, secret = %(secret)s] of %(cases)s) {
  github = answered;
  const env = {RELAY_SECRET: secret, GITHUB_TOKEN: "t", GITHUB_REPOSITORY: repository};
  const request = new Request("https://relay.example/generic", {
    method: "POST", headers: {Authorization: "Bearer " + secret}, body});
  const response = await worker.fetch(request, env);
  results.push([response.status, await response.text(), logged.splice(0)]);
}
console.log(JSON.stringify({results, sent}));
"""


def run_worker(
    tmp_path: Path, cases: list[tuple[str, int, str]] | list[tuple[str, int, str, str]]
) -> list[Any]:
    """worker.js's answers (status, text, lines logged) to POST /generic with each
    (body, GitHub's status, GITHUB_REPOSITORY[, RELAY_SECRET]); the dispatch bodies it
    sent, as written, last."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is missing")
        pytest.skip("node is missing")
    worker = tmp_path / "worker.mjs"
    shutil.copy(RELAY / "worker.js", worker)
    harness = tmp_path / "cases.mjs"
    harness.write_text(
        WORKER_CASES
        % {
            "worker": json.dumps(worker.as_uri()),
            "secret": json.dumps(SECRET),
            "cases": json.dumps(cases),
        }
    )
    result = subprocess.run(
        [node, str(harness)], capture_output=True, text=True, timeout=30, check=False
    )
    assert 0 == result.returncode, result.stderr
    output = json.loads(result.stdout)
    answers: list[Any] = [*output["results"], output["sent"]]
    return answers


def test_the_worker_refuses_what_relay_py_refuses_word_for_word(tmp_path: Path) -> None:
    bodies = [body.decode() for body, _ in UNFORWARDABLE.values()]

    *answers, _ = run_worker(tmp_path, [(body, 204, "example/status") for body in bodies])

    expected = [
        [400, relay.handle(python_settings(), "/generic", AUTHORIZED, body.encode())[1] + "\n", []]
        for body in bodies
    ]
    assert expected == answers


def test_the_worker_refuses_an_integer_it_would_round(tmp_path: Path) -> None:
    big = '{"id": 12345678901234567890123}'
    safe = '{"id": 9007199254740991}'
    # A float beyond 2^53 is no integer id: forwarded as relay.py forwards it.
    floats = '{"v": 1.5e20, "w": 150000000000000000000.5}'
    cases = [(big, 204, "example/status"), (safe, 204, "example/status")]
    cases.append((floats, 204, "example/status"))

    *answers, sent = run_worker(tmp_path, [*cases, (AS_DEEP_AS_READ, 204, "example/status")])

    assert [
        [
            400,
            'the body\'s field "id" holds an integer beyond 2^53, which the Worker cannot '
            "forward exact: send it as text, or run relay.py\n",
            [],
        ],
        [202, "forwarded\n", []],
        [202, "forwarded\n", []],
        [202, "forwarded\n", []],
    ] == answers
    # Written as relay.py writes them (1.5e+20), floats to ingest as relay.py's are: the
    # Worker wrote 150000000000000000000, an integer to ingest.
    assert (relay.fitted("generic", json.loads(floats)) or b"").decode() == sent[1]
    assert [float, float] == [
        type(v) for v in json.loads(sent[1])["client_payload"]["payload"].values()
    ]


def test_the_worker_logs_why_github_refused_and_a_wrong_repository(tmp_path: Path) -> None:
    *answers, _ = run_worker(
        tmp_path,
        [
            ("{}", 404, "example/status"),
            ("{}", 403, "example/status"),
            ("{}", 204, "https://github.com/acme/status"),
            ("{}", 204, "../.."),
            ("{}", 204, "acme/status.git"),
            ("{}", 204, "example/status", " "),
        ],
    )

    assert (502, 502, 500, 500, 500, 500) == tuple(answer[0] for answer in answers)
    [[not_found], [forbidden], [repository], [dots], [git], [secret]] = [a[2] for a in answers]
    # As relay.py refuses them at its start: a clone address's name, a secret of spaces.
    assert git.startswith('GITHUB_REPOSITORY is "acme/status.git": set it to the status site')
    assert secret.startswith('RELAY_SECRET is " ", unset or only spaces: set it to the shared')
    assert dots.startswith('GITHUB_REPOSITORY is "../.."')
    assert not_found.startswith("GitHub answered 404: no repository example/status")
    assert "set GITHUB_REPOSITORY to the status site's owner/name" in not_found
    assert forbidden.startswith('GitHub answered 403: GITHUB_TOKEN lacks "Contents: read')
    assert repository.startswith('GITHUB_REPOSITORY is "https://github.com/acme/status"')
