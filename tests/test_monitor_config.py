"""content/monitors.yaml: what is accepted, and every mistake as file:line with a hint."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from sitefiles import INCIDENT_PATH, SETTINGS, write_site

from statusgen.cli import cli
from statusgen.model import MonitorKind
from statusgen.probe.config import parse_monitors
from statusgen.validate import ComponentNames

COMPONENTS = ComponentNames(frozenset({"api", "checkout"}))

GOOD = """\
- id: api-health
  component: api
  type: http
  url: https://api.example.com/health
  expect_status: [200, 204]
  body: ok
  timeout: 2.5
  retries: 2
  slow_ms: 800
  interval: 5
- id: api-cert
  component: api
  type: tls
  host: api.example.com
  warn_days: 21
- id: db
  component: checkout
  type: tcp
  host: 10.0.0.5
  port: 5432
- id: dns
  component: checkout
  type: dns
  host: pay.example.com
  expect: [192.0.2.1]
  advisory: true
- id: nightly
  component: checkout
  type: heartbeat
  interval: 1440
"""


def test_every_kind_is_read() -> None:
    monitors, problems = parse_monitors(GOOD.encode(), COMPONENTS)
    assert [] == problems
    http, tls, tcp, dns, beat = monitors
    assert (MonitorKind.HTTP, (200, 204), "ok", 2.5, 2, 800, 5) == (
        http.kind, http.expect_status, http.body, http.timeout, http.retries, http.slow_ms,
        http.interval,
    )  # fmt: skip
    assert ("api.example.com", 443, 21) == (tls.host, tls.port, tls.warn_days)
    assert ("10.0.0.5", 5432) == (tcp.host, tcp.port)
    assert (("192.0.2.1",), True) == (dns.expect_addresses, dns.advisory)
    assert (MonitorKind.HEARTBEAT, 1440, "nightly") == (beat.kind, beat.interval, beat.name)


@pytest.mark.parametrize(
    ("entry", "line", "message", "hint"),
    [
        ("type: htp\n  url: https://x", 3, "unknown monitor type 'htp'", "did you mean 'http'?"),
        ("type: http\n  url: https://x\n  urll: y", 5, "unknown key 'urll' in monitor",
         "did you mean 'url'?"),
        ("type: http\n  url: ftp://x", 4, "url must be an absolute http(s) URL", "e.g. https://"),
        ("type: http\n  url: https://x\n  timeout: 0", 5, "'timeout' must be between",
         "e.g. 'timeout: 0.1', the nearest value allowed"),
        ("type: http\n  url: https://x\n  timeout: soon", 5, "'timeout' must be a number",
         "write it without a unit, e.g. 'timeout: 10'"),
        ("type: http\n  url: https://x\n  expect_status: [200, 700]", 5,
         "expect_status must list HTTP status codes", "e.g. 'expect_status: [200, 204]'"),
        ("type: tcp\n  host: db", 1, "monitor missing required key 'port'", "add 'port: ...'"),
        ("type: tcp\n  host: https://db/\n  port: 5432", 4, "is not a host name", "without scheme"),
        ("type: tcp\n  host: db\n  port: 70000", 5, "'port' must be between 1 and 65535",
         "e.g. 'port: 65535', the nearest value allowed"),
        ("type: tcp\n  host: db\n  port: 1\n  body: ok", 6,
         "'body' does not apply to a tcp monitor (it is for http)", "remove 'body'"),
        ("type: dns\n  host: db\n  expect: [localhost]", 5, "expect must list IP addresses", ""),
        ("type: heartbeat\n  timeout: 3", 4, "'timeout' does not apply to a heartbeat",
         "remove 'timeout'"),
        ("type: heartbeat\n  advisory: maybe", 4, "'advisory' must be true or false",
         "write 'advisory: true' or 'advisory: false'"),
        ("type: heartbeat\n  advisory: true\n  open_incident_after: 3", 5,
         "an advisory monitor cannot open incidents",
         "remove 'open_incident_after', or 'advisory: true' for the monitor to count"),
    ],
)  # fmt: skip
def test_mistakes_are_diagnostics(entry: str, line: int, message: str, hint: str) -> None:
    text = f"- id: m\n  component: api\n  {entry}\n"
    monitors, problems = parse_monitors(text.encode(), COMPONENTS)
    assert () == monitors
    assert 1 == len(problems), problems
    (problem,) = problems
    assert ("content/monitors.yaml", line) == (problem.path, problem.line)
    assert message in problem.message
    assert hint in problem.hint


@pytest.mark.parametrize(
    ("settings", "warned"),
    [
        (
            "timeout: 2\n  slow_ms: 5000",
            "'slow_ms: 5000' is not below the monitor's timeout of 2 s",
        ),
        (
            "timeout: 2\n  slow_ms: 2000",
            "'slow_ms: 2000' is not below the monitor's timeout of 2 s",
        ),
        ("slow_ms: 10000", "'slow_ms: 10000' is not below the monitor's timeout of 10 s"),
        ("timeout: 2\n  slow_ms: 1999", None),
    ],
)
def test_a_slow_ms_a_run_can_never_reach_is_warned_of(settings: str, warned: str | None) -> None:
    # An answer slower than the timeout is a timeout, down: never degraded.
    text = f"- id: m\n  component: api\n  type: http\n  url: https://x\n  {settings}\n"
    monitors, problems = parse_monitors(text.encode(), COMPONENTS)
    assert 1 == len(monitors)  # a warning: the monitor still runs
    if warned is None:
        assert [] == problems
        return
    (problem,) = problems
    line = text.splitlines().index(next(x for x in text.splitlines() if "slow_ms" in x)) + 1
    assert ("content/monitors.yaml", line, "warning") == (
        problem.path, problem.line, problem.severity.value,
    )  # fmt: skip
    assert warned in problem.message
    assert "lower 'slow_ms' below" in problem.hint


@pytest.mark.parametrize(
    ("settings", "hint"),
    [
        ("timeout: 2\n  slow_ms: 5000", "lower 'slow_ms' below 2000, or raise 'timeout' above 5"),
        # No timeout above 120 s is allowed: raising it is not offered.
        ("slow_ms: 120000", "lower 'slow_ms' below 10000 ('timeout' is at most 120)"),
        ("timeout: 120\n  slow_ms: 120000",
         "lower 'slow_ms' below 120000 ('timeout' is at most 120)"),
    ],
)  # fmt: skip
def test_a_slow_ms_warning_offers_only_a_fix_that_is_allowed(settings: str, hint: str) -> None:
    text = f"- id: m\n  component: api\n  type: http\n  url: https://x\n  {settings}\n"
    (problem,) = parse_monitors(text.encode(), COMPONENTS)[1]
    assert hint == problem.hint


def test_a_monitor_id_at_most_100_characters_is_accepted() -> None:
    text = f"- id: {'m' * 100}\n  component: api\n  type: heartbeat\n"
    monitors, problems = parse_monitors(text.encode(), COMPONENTS)
    assert ([], ["m" * 100]) == (problems, [m.id for m in monitors])


@pytest.mark.parametrize(
    ("kind", "command"),
    [
        ("type: heartbeat", ["check"]),
        ("type: tcp\n  host: 127.0.0.1\n  port: 1", ["probe"]),
        ("type: heartbeat", ["record", "LONG", "--up"]),
        ("type: heartbeat", ["build"]),
    ],
)
def test_a_monitor_id_too_long_for_its_data_file_is_refused_at_its_line(
    tmp_path: Path, kind: str, command: list[str]
) -> None:
    # 251 characters: valid id syntax, but data/monitors/<id>.json is no file name.
    long = "payments-gateway-primary-region-" + "x" * 219
    monitors = f"- id: {long}\n  component: api\n  {kind}\n"
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    args = [long if a == "LONG" else a for a in command]
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    assert 1 == result.exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "content/monitors.yaml:1:7: monitor id 'payments-gateway-primary-region-" in (
        result.output
    )
    assert "is 251 characters long, more than the 100 an id may have" in result.output
    assert not (root / "data").exists()


def test_a_merge_key_is_told_unsupported_as_anchors_and_aliases_are() -> None:
    # `<<: *base` was told to put `<<` in quotes, which makes a key no monitor knows.
    text = (
        "- &base\n  id: web\n  component: api\n  type: heartbeat\n"
        "- <<: *base\n  id: db\n  component: checkout\n  type: heartbeat\n"
    )
    _, problems = parse_monitors(text.encode(), COMPONENTS)
    assert [
        (1, 3, "YAML anchors are not supported (&base)",
         "remove the anchor and write values out in full"),
        (5, 3, "YAML merge keys are not supported (<<)", "write the values out in full"),
        (5, 7, "YAML aliases are not supported (*base)", "write the value out in full"),
    ] == [(p.line, p.column, p.message, p.hint) for p in problems]  # fmt: skip


def test_unknown_component_and_duplicate_id() -> None:
    text = (
        "- {id: a, component: apii, type: heartbeat}\n- {id: a, component: api, type: heartbeat}\n"
    )
    _, problems = parse_monitors(text.encode(), COMPONENTS)
    assert [(1, "unknown component 'apii'"), (2, "duplicate monitor id 'a'")] == [
        (p.line, p.message) for p in problems
    ]
    assert problems[0].hint.startswith("did you mean 'api'?")


def test_a_monitor_on_a_group_is_told_to_name_its_components(tmp_path: Path) -> None:
    """A did-you-mean would offer a component of another group ('account' → 'checkout'),
    and the monitor would set that component's status."""
    components = (
        "- id: account\n  name: Dashboard and account\n  components:\n"
        "    - id: dashboard\n      name: Dashboard\n    - id: sign-in\n      name: Sign-in\n"
        "- id: checkout\n  name: Checkout\n"
    )
    monitors = "- id: dash\n  component: account\n  type: heartbeat\n"
    root = write_site(
        tmp_path,
        {
            "content/components.yaml": components,
            "content/monitors.yaml": monitors,
            INCIDENT_PATH: None,
        },
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 1 == result.exit_code, result.output
    assert (
        "content/monitors.yaml:2:14: 'account' is a group, which takes no status itself\n"
        "    hint: name its components instead: dashboard, sign-in\n"
    ) in result.output
    assert "checkout" not in result.output


@pytest.mark.parametrize(
    "command", [("check",), ("build",), ("probe",), ("record", "beat", "--up")]
)
def test_a_monitor_on_a_retired_component_is_refused_as_retired(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """The author retired it (as the docs say, to keep its history): not a typo to correct."""
    components = "- id: api\n  name: API\n- id: website\n  name: Website\n  retired: true\n"
    monitors = "- id: beat\n  component: website\n  type: heartbeat\n"
    root = write_site(
        tmp_path,
        {
            "content/components.yaml": components,
            "content/monitors.yaml": monitors,
            INCIDENT_PATH: None,
        },
    )
    result = CliRunner().invoke(cli, ["-C", str(root), *command])
    assert 1 == result.exit_code, result.output
    assert (
        "content/monitors.yaml:2:14: component 'website' is retired; a monitor cannot name it"
    ) in result.output
    assert "remove this monitor and its file in data/monitors/" in result.output
    assert "remove 'retired: true' from 'website' in content/components.yaml" in result.output
    assert "unknown component" not in result.output
    assert not (root / "data/monitors/beat.json").exists()


def test_check_reports_monitor_mistakes(tmp_path: Path) -> None:
    monitors = "- id: m\n  component: api\n  type: tcp\n"
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 1 == result.exit_code
    assert "content/monitors.yaml:1:3: monitor missing required key 'host'" in result.output


def test_check_refuses_an_advisory_monitor_that_would_open_incidents(tmp_path: Path) -> None:
    # An incident it opened would change the component's status, which advisory forbids.
    monitors = (
        "- id: m\n  component: api\n  type: http\n  url: https://example.com/\n"
        "  advisory: true\n  open_incident_after: 2\n"
    )
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 1 == result.exit_code
    assert "content/monitors.yaml:6:3: an advisory monitor cannot open incidents" in result.output


@pytest.mark.parametrize("port", ["99999", "abc", "0", "65536", "-1"])
def test_check_reports_a_url_with_a_port_no_probe_can_reach(tmp_path: Path, port: str) -> None:
    monitors = f"- id: m\n  component: api\n  type: http\n  url: http://127.0.0.1:{port}/\n"
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 1 == result.exit_code, result.output
    assert "content/monitors.yaml:4:8: the port in url is not a number from 1 to 65535" in (
        result.output
    )
    assert "leave the port out" in result.output


@pytest.mark.parametrize(
    ("url", "port"),
    [("http://127.0.0.1:8080/", 8080), ("https://[::1]:1/x", 1), ("https://h:65535", 65535)],
)
def test_a_url_with_a_port_in_range_is_accepted(url: str, port: int) -> None:
    text = f"- id: m\n  component: api\n  type: http\n  url: {url}\n"
    monitors, problems = parse_monitors(text.encode(), COMPONENTS)
    assert [] == problems
    assert url == monitors[0].url
    assert port == urlsplit(url).port


# Every command that reads monitors.yaml refuses what check refuses.
MONITOR_COMMANDS = [("check",), ("build",), ("probe",)]


@pytest.mark.parametrize(
    "url",
    [
        "http://monitor:hunter2@127.0.0.1:1/health",
        # Without "http://" the URL was refused for its scheme, password and all repeated.
        "monitor:hunter2@127.0.0.1:1/health",
        "hunter2@127.0.0.1:1/health",
    ],
)
@pytest.mark.parametrize("command", MONITOR_COMMANDS)
def test_a_url_with_a_login_is_refused_without_repeating_it(
    tmp_path: Path, command: tuple[str, ...], url: str
) -> None:
    # A probe sends no login: it recorded HTTP 401 and showed a healthy endpoint as down,
    # while the password sat in a committed file without a word.
    monitors = f"- id: m\n  component: api\n  type: http\n  url: {url}\n"
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    result = CliRunner().invoke(cli, ["-C", str(root), *command])
    assert 1 == result.exit_code, result.output
    assert "content/monitors.yaml:4:8: url holds a user name or password (before '@')" in (
        result.output
    )
    assert "monitors cannot log in" in result.output
    assert "hunter2" not in result.output
    assert not (root / "data").exists()


@pytest.mark.parametrize(
    ("character", "code"),
    [("\\x7f", "U+007F"), ("\\x85", "U+0085"), ("\\t", "U+0009"), (" ", "U+0020"),
     ("\\u00a0", "U+00A0"), ("\\u200b", "U+200B")],
    ids=["del", "c1-next-line", "tab", "space", "no-break-space", "zero-width-space"],
)  # fmt: skip
@pytest.mark.parametrize("command", MONITOR_COMMANDS)
def test_a_url_with_a_control_character_is_refused_without_repeating_it(
    tmp_path: Path, command: tuple[str, ...], character: str, code: str
) -> None:
    # Python's own refusal repeated the URL, query token included, into the data file
    # and onto the component page; check says which character, not the URL.
    url = f"http://127.0.0.1:1/health?token=SECRET-TOKEN{character}"
    monitors = f'- id: m\n  component: api\n  type: http\n  url: "{url}"\n'
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    result = CliRunner().invoke(cli, ["-C", str(root), *command])
    assert 1 == result.exit_code, result.output
    assert f"content/monitors.yaml:4:8: url holds an invisible or control character ({code})" in (
        result.output
    )
    assert "SECRET-TOKEN" not in result.output
    assert not (root / "data").exists()


def test_a_url_outside_ascii_is_accepted_as_written() -> None:
    url = "https://bücher.example/café?q=naïve"
    text = f"- id: m\n  component: api\n  type: http\n  url: {url}\n"
    monitors, problems = parse_monitors(text.encode(), COMPONENTS)
    assert [] == problems
    assert url == monitors[0].url


def test_a_url_whose_host_is_no_domain_name_is_refused() -> None:
    text = "- id: m\n  component: api\n  type: http\n  url: https://bücher..example/\n"
    _, problems = parse_monitors(text.encode(), COMPONENTS)
    assert [(4, "the host in url is not a domain name: 'bücher..example'")] == [
        (p.line, p.message) for p in problems
    ]


DATA = '{"version": 1, "monitor": "%s", "pruned_before": null, "runs": [], "days": []}\n'


@pytest.mark.parametrize(
    ("monitors", "hint"),
    [
        ("- {id: api-healthz, component: api, type: heartbeat}\n",
         "if the monitor is now 'api-healthz', rename the file to data/monitors/api-healthz.json"),
        # The only declared monitor without data, whatever its name: renamed to it, likely.
        ("- {id: other, component: api, type: heartbeat}\n",
         "if the monitor is now 'other', rename the file to data/monitors/other.json"),
        ("- {id: other, component: api, type: heartbeat}\n"
         "- {id: more, component: api, type: heartbeat}\n",
         "rename the file with the monitor, or delete it"),
        (None, "rename the file with the monitor, or delete it"),
    ],
)  # fmt: skip
def test_check_warns_of_data_for_a_monitor_no_longer_declared(
    tmp_path: Path, monitors: str | None, hint: str
) -> None:
    """A renamed or removed monitor's runs would be left out of the page without a word."""
    root = write_site(
        tmp_path,
        {"content/monitors.yaml": monitors, "data/monitors/api-health.json": DATA % "api-health"},
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 0 == result.exit_code, result.output  # a warning: the site still builds
    assert (
        "data/monitors/api-health.json: warning: data for the monitor 'api-health', "
        "which content/monitors.yaml does not declare"
    ) in result.output
    assert hint in result.output


def test_no_warning_for_the_data_of_a_declared_monitor(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "content/monitors.yaml": "- {id: api-health, component: api, type: heartbeat}\n",
            "data/monitors/api-health.json": DATA % "api-health",
        },
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 0 == result.exit_code, result.output
    assert "warning" not in result.output


TWO_NARROW_PAGES = """\
pages:
  public: {base_url: https://status.example.com/, output: public, show: [api]}
  internal: {base_url: https://internal.example.com/, output: internal, private: true,
             show: [api, checkout]}
"""


def test_check_warns_of_a_monitor_whose_component_no_page_shows(tmp_path: Path) -> None:
    # No page shows the dashboard: the beat's runs count nowhere, and the incident the
    # probe opens after two failures would be shown nowhere, so check says so at each.
    monitors = (
        "- {id: api-health, component: api, type: heartbeat}\n"
        "- {id: dash-beat, component: dashboard, type: heartbeat}\n"
        "- id: dash-health\n  component: dashboard\n  type: http\n"
        "  url: https://dash.example.com/\n  open_incident_after: 2\n"
    )
    root = write_site(
        tmp_path,
        {"statusgen.yaml": SETTINGS + TWO_NARROW_PAGES, "content/monitors.yaml": monitors},
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 0 == result.exit_code, result.output
    said = [line for line in result.output.splitlines() if "monitors.yaml" in line]
    assert [
        "content/monitors.yaml:2: warning: monitor 'dash-beat' checks component 'dashboard', "
        "which no page shows: its runs count on no page",
        "content/monitors.yaml:3: warning: monitor 'dash-health' checks component "
        "'dashboard', which no page shows: an incident it opens would be shown nowhere",
    ] == said
    assert "add 'dashboard' to a page's 'show:' in statusgen.yaml (public, internal)" in (
        result.output
    )


def test_no_page_warning_for_monitors_on_a_site_whose_pages_show_everything(
    tmp_path: Path,
) -> None:
    pages = TWO_NARROW_PAGES.replace(", show: [api]", "").replace(
        ",\n             show: [api, checkout]", ""
    )
    monitors = "- {id: dash, component: dashboard, type: heartbeat, open_incident_after: 2}\n"
    root = write_site(
        tmp_path, {"statusgen.yaml": SETTINGS + pages, "content/monitors.yaml": monitors}
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 0 == result.exit_code, result.output
    assert "no page shows" not in result.output


@pytest.mark.parametrize(("interval", "warned"), [(1, True), (5, False), (15, False)])
def test_check_warns_of_an_interval_far_shorter_than_the_runs_come(
    tmp_path: Path, interval: int, warned: bool
) -> None:
    # A job that records every 15 minutes: with `interval: 1` each run goes stale after 3
    # minutes, and the page shows the monitor unknown most of the time.
    beat = f"- id: beat\n  component: api\n  type: heartbeat\n  interval: {interval}\n"
    root = write_site(tmp_path, {"content/monitors.yaml": beat})
    for ago in (90, 75, 60, 45, 30, 15):
        recorded = CliRunner().invoke(
            cli, ["-C", str(root), "record", "beat", "--up", "--at", f"{ago}m ago"]
        )
        assert 0 == recorded.exit_code, recorded.output
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 0 == result.exit_code, result.output
    said = (
        "content/monitors.yaml:4:13: warning: monitor 'beat' has 'interval: 1', but its last "
        "6 runs in data/monitors/beat.json came about 15 minutes apart: it goes stale "
        "(unknown) 3 minutes after each run"
    )
    assert warned == (said in result.output), result.output
    assert warned == (
        "set 'interval' to how often the job runs (e.g. 'interval: 15')" in (result.output)
    )


def test_the_interval_warning_of_a_monitor_without_one_points_at_its_entry(
    tmp_path: Path,
) -> None:
    """No `interval:` line to quote or point at: the warning says the default is in force,
    at the monitor's entry, rather than quote a line the file does not have."""
    beat = "- id: api-ok\n  component: api\n  type: heartbeat\n  interval: 30\n"
    beat += "-   id: job\n    component: api\n    type: heartbeat\n"
    root = write_site(tmp_path, {"content/monitors.yaml": beat})
    for ago in (300, 240, 180, 120, 60, 1):
        recorded = CliRunner().invoke(
            cli, ["-C", str(root), "record", "job", "--up", "--at", f"{ago}m ago"]
        )
        assert 0 == recorded.exit_code, recorded.output
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 0 == result.exit_code, result.output
    assert (
        "content/monitors.yaml:5:5: warning: monitor 'job' has no 'interval:' (10 minutes by "
        "default), but its last 6 runs in data/monitors/job.json came about 60 minutes apart"
    ) in " ".join(result.output.split())
    assert "'interval: 10'" not in result.output
