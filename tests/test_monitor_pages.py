"""What the pages show of monitors: measured status and uptime beside the declared ones,
day bars coloured by both, a response-time chart that needs no JavaScript and has a text
alternative, and a front page that stays within its weight."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from probeservers import HTTP_MONITOR, closed_port, http_server
from sitefiles import SETTINGS, planned_work, write_site

from statusgen.build import build_site
from statusgen.cli import cli
from statusgen.model import Check, CheckResult
from statusgen.probe import store
from statusgen.probe.commands import probe

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
BERLIN = ZoneInfo("Europe/Berlin")
MONITORS = """\
- id: api-health
  name: API health endpoint
  component: api
  type: http
  url: https://api.example.com/health
- id: checkout-port
  component: checkout
  type: tcp
  host: 10.0.0.5
  port: 443
  advisory: true
"""


def history(count: int, down: set[int], slow: frozenset[int] = frozenset()) -> list[Check]:
    return [
        Check(
            NOW - timedelta(minutes=10) * (count - 1 - n),
            CheckResult.DOWN
            if n in down
            else (CheckResult.DEGRADED if n in slow else CheckResult.UP),
            None if n in down else (900 if n in slow else 100 + n % 30),
            "HTTP 503" if n in down else "HTTP 200",
        )
        for n in range(count)
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Recorded since before the 90-day window: every day has a declared colour to compare.
    files = {
        "content/monitors.yaml": MONITORS,
        "statusgen.yaml": SETTINGS + "start_date: 2026-08-01\n",
    }
    root = write_site(tmp_path_factory.mktemp("site"), files)
    # 2 days of runs; yesterday (Berlin) half failed; the last five runs: 2 down.
    runs = history(288, down={*range(40, 110), 285, 287}, slow=frozenset({200}))
    store.record(root, {"api-health": runs}, BERLIN, 90)
    store.record(root, {"checkout-port": history(5, down={0, 1, 2, 3, 4})}, BERLIN, 90)
    result = build_site(root, now=NOW, output=root / "public")
    return result.output


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_component_shows_measured_beside_declared(site: Path) -> None:
    html = page(site, "components/api/index.html")
    # 2 of the last 5 down: 0.6 → degraded; declared operational; the worse one wins.
    assert re.search(
        r"<dt>Current status</dt>\s*<dd class=\"current\">"
        r"<span class=\"status s-degraded_performance\">",
        html,
    )
    assert 'Measured status: <span class="status s-degraded_performance">' in html
    measured = re.search(r"<strong>([\d.]+%)</strong> of checks passed over 90 days", html)
    assert measured is not None and "75.00%" == measured.group(1)  # 216 of 288 runs passed


def test_advisory_monitors_are_shown_but_do_not_change_the_status(site: Path) -> None:
    html = page(site, "components/checkout/index.html")
    assert re.search(
        r"<dt>Current status</dt>\s*<dd class=\"current\"><span class=\"status s-operational\">",
        html,
    )
    assert "advisory: shown, never changing the status above" in html
    assert 'Measured status: <span class="status s-major_outage">' in html


def test_day_bars_are_coloured_by_declared_and_measured(site: Path) -> None:
    html = page(site, "components/api/index.html")
    bars = re.findall(r'<li class="d-([a-z_]+)"><span class="tip">([^<]*)</span>', html)
    by_day = {label.split(":")[0]: (css, label) for css, label in bars}
    # 30 Nov (Berlin): 44 of 144 runs failed (0.69), and no incident was declared.
    assert ("degraded_performance", "Nov 30, 2026: no incidents; checks: degraded performance") == (
        by_day["Nov 30, 2026"]
    )
    # A day before the first check keeps its declared colour and words.
    assert ("operational", "Nov 1, 2026: no incidents") == by_day["Nov 1, 2026"]


def test_a_day_of_slow_checks_that_all_passed_is_an_operational_day(tmp_path: Path) -> None:
    # 29 Nov: 100 checks, none failed, 60 slow (slower than slow_ms); a slow run counts as up.
    data = (
        '{"version": 1, "monitor": "api-health", "pruned_before": null, "runs": [],\n'
        ' "days": [["2026-11-29", 100, 0, 60, 350, 900]]}\n'
    )
    files = {
        "content/monitors.yaml": MONITORS,
        "statusgen.yaml": SETTINGS + "start_date: 2026-11-20\n",
        "data/monitors/api-health.json": data,
    }
    root = write_site(tmp_path / "site", files)
    out = build_site(root, now=NOW, output=tmp_path / "public").output
    html = page(out, "components/api/index.html")
    bars = re.findall(r'<li class="d-([a-z_]+)"><span class="tip">([^<]*)</span>', html)
    by_day = {label.split(":")[0]: (css, label) for css, label in bars}

    assert ("operational", "Nov 29, 2026: no incidents; checks: operational") == by_day[
        "Nov 29, 2026"
    ]
    assert "<strong>100%</strong> of checks passed" in html


def test_advisory_checks_speak_in_the_day_bars_only_when_nothing_else_counts(
    tmp_path: Path,
) -> None:
    # The API has a counted monitor and an advisory one; Checkout only an advisory one.
    advisory = "- {id: api-port, component: api, type: tcp, host: 10.0.0.6, port: 443,"
    files = {
        "content/monitors.yaml": MONITORS + advisory + " advisory: true}\n",
        "statusgen.yaml": SETTINGS + "start_date: 2026-08-01\n",
    }
    root = write_site(tmp_path / "site", files)
    down = set(range(5))
    store.record(root, {"api-health": history(5, down=set())}, BERLIN, 90)
    store.record(root, {"api-port": history(5, down=down)}, BERLIN, 90)
    store.record(root, {"checkout-port": history(5, down=down)}, BERLIN, 90)
    out = build_site(root, now=NOW, output=tmp_path / "public").output

    def today(component: str) -> tuple[str, str]:
        html = page(out, f"components/{component}/index.html")
        bars = re.findall(r'<li class="d-([a-z_]+)"><span class="tip">([^<]*)</span>', html)
        return next((css, label) for css, label in bars if label.startswith("Dec 1, 2026"))

    # Beside a counted monitor, the bar tells what counts, as the percentage does.
    assert ("operational", "Dec 1, 2026: no incidents; checks: operational") == today("api")
    # With nothing else to tell, the advisory checks' words, never their colour.
    assert ("operational", "Dec 1, 2026: no incidents; checks: major outage") == today("checkout")


def test_response_time_chart_is_inline_svg_with_a_text_alternative(site: Path) -> None:
    html = page(site, "components/api/index.html")
    svg = re.search(r"<svg class=\"chart\".*?</svg>", html, re.DOTALL)
    assert svg is not None
    chart = svg.group(0)
    assert 'role="img"' in chart and 'aria-labelledby="rt-api-health-t"' in chart
    assert '<title id="rt-api-health-t">Response time of API health endpoint</title>' in chart
    figure = BeautifulSoup(html, "html.parser").select_one("figure.chart-figure")
    assert figure is not None
    caption = figure.select_one("figcaption")
    assert caption is not None
    sentence = caption.get_text()
    assert "median" in sentence and "2 failed" in sentence
    # A screen reader reads the sentence once: the chart is named by its title alone.
    assert 1 == figure.get_text().count(sentence)
    # Colours come from the stylesheet's variables (light and dark), never fixed in the SVG.
    assert 'fill="#' not in chart and 'stroke="#' not in chart
    assert "<script" not in chart
    # The page's scripts are the theme's own (times in the reader's zone, the keys along
    # the uptime bar), none written into the chart.
    assert 2 == html.count("<script")
    assert '<script src="/assets/localtime.js?v=' in html
    assert '<script src="/assets/bars.js?v=' in html
    # The daily figures as a table: the same information without the drawing.
    assert "<summary>Daily figures of API health endpoint</summary>" in html
    assert re.search(r"<th scope=\"row\">Dec 1, 2026</th><td>\d+</td>", html)


def test_front_page_shows_measured_uptime_and_stays_light(site: Path) -> None:
    index = page(site, "index.html")
    assert "of checks passed" in index
    assert '<svg class="chart"' not in index  # charts live on component pages only
    size = sum(
        len(gzip.compress(p.read_bytes(), mtime=0))
        for p in (site / "index.html", site / "assets/style.css")
    )
    assert size < 30_000


def test_stylesheet_colours_the_chart_in_both_schemes() -> None:
    css = (Path(__file__).parents[1] / "statusgen/themes/default/static/style.css").read_text()
    assert ".chart-line { fill: none; stroke: var(--bar-operational)" in css
    assert ".chart-axis text { fill: currentColor" in css
    assert ".chart-muted { fill: var(--bar-under_maintenance); }" in css


# --- in the page's language ---------------------------------------------------------------

# What each check wrote (as the data files hold it, in English, whichever statusgen wrote
# them), and what a German page shows for it.
SAID = [
    ("HTTP 200; slow: 404 ms (threshold 300 ms)", "HTTP 200; langsam: 404 ms (Schwelle 300 ms)"),
    ("connection refused", "Verbindung abgelehnt"),
    ("timed out", "Zeitüberschreitung"),
    ("HTTP 200, body lacks 'status: ok'", "HTTP 200, Antwort enthält 'status: ok' nicht"),
    (
        "HTTP 200, body lacks 'status: ok' in its first 1 MiB",
        "HTTP 200, Antwort enthält 'status: ok' nicht in ihrem ersten 1 MiB",
    ),
    ("HTTP 503, expected 2xx or 3xx", "HTTP 503, erwartet 2xx oder 3xx"),
    ("HTTP 404, expected 200, 204", "HTTP 404, erwartet 200, 204"),
    ("not an HTTP response", "keine HTTP-Antwort"),
    ("response cut short", "Antwort abgebrochen"),
    ("invalid HTTP response", "ungültige HTTP-Antwort"),
    ("network unreachable", "Netzwerk nicht erreichbar"),
    ("no route to host", "keine Route zum Host"),
    (
        "network error: Software caused connection abort",
        "Netzwerkfehler: Software caused connection abort",
    ),
    (
        "connected; slow: 1500 ms (threshold 1000 ms)",
        "verbunden; langsam: 1.500 ms (Schwelle 1.000 ms)",
    ),
    (
        "certificate expires in 9.5 days (2026-12-11 08:00 UTC)",
        "Zertifikat läuft am 11. Dez. 2026, 09:00 MEZ ab (noch 9 Tage, 12 Std.)",
    ),
    ("resolved to 192.0.2.7; missing 192.0.2.10", "aufgelöst zu 192.0.2.7; 192.0.2.10 fehlt"),
    # The site's own words (a heartbeat's report) and the system's are shown as written.
    ("disk full", "disk full"),
]  # fmt: skip


def said_site(root: Path, language: str) -> Path:
    """A site in `language` whose monitors of `api` each said one of SAID last, in data
    files written as earlier versions wrote them."""
    monitors = "".join(
        f"- id: m{n}\n  component: api\n  type: tcp\n  host: 10.0.0.{n}\n  port: 443\n"
        for n in range(len(SAID))
    )
    settings = SETTINGS + f"language: {language}\nstart_date: 2026-08-01\n"
    write_site(root, {"content/monitors.yaml": monitors, "statusgen.yaml": settings})
    at = int(NOW.timestamp() * 1000) - 60_000
    for n, (recorded, _) in enumerate(SAID):
        latency = 404 if "slow" in recorded else None
        run = json.dumps([at, "degraded" if latency else "down", latency, recorded])
        text = (
            f'{{"version": 1, "monitor": "m{n}",\n "pruned_before": null,\n'
            f' "runs": [\n  {run}\n ],\n "days": [\n ]}}\n'
        )
        (root / "data" / "monitors").mkdir(parents=True, exist_ok=True)
        (root / "data" / "monitors" / f"m{n}.json").write_text(text, encoding="utf-8")
    return root


def checks_said(root: Path, now: datetime = NOW) -> list[str]:
    """What the built component page says each monitor's last run said, in monitor order."""
    build_site(root, now=now, output=root / "public")
    soup = BeautifulSoup(page(root / "public", "components/api/index.html"), "html.parser")
    return [
        meta.select("span")[-1].get_text() for meta in soup.select("article.monitor .event-meta")
    ]


def test_what_checks_said_is_shown_in_the_pages_language(tmp_path: Path) -> None:
    root = said_site(tmp_path, "de")

    assert [shown for _, shown in SAID] == checks_said(root)


def test_changing_the_language_changes_what_checks_said(tmp_path: Path) -> None:
    root = said_site(tmp_path, "de")
    checks_said(root)
    settings = root / "statusgen.yaml"
    settings.write_text(settings.read_text().replace("language: de", "language: ja"))

    japanese = checks_said(root)

    assert "接続が拒否されました" == japanese[1]
    assert "タイムアウト" == japanese[2]


# Response times of 999 ms to 1,234,567 ms as each language writes them (CLDR, and browsers'
# Intl.NumberFormat): Polish, Spanish, Italian and pt-PT leave four digits whole (CLDR's
# minimumGroupingDigits is 2), German, English and French group from four.
GROUPED = {
    "pl": ["999", "1000", "1234", "12\u00a0345", "1\u00a0234\u00a0567"],
    "es": ["999", "1000", "1234", "12.345", "1.234.567"],
    "it": ["999", "1000", "1234", "12.345", "1.234.567"],
    "pt-PT": ["999", "1000", "1234", "12\u00a0345", "1\u00a0234\u00a0567"],
    "de": ["999", "1.000", "1.234", "12.345", "1.234.567"],
    "en": ["999", "1,000", "1,234", "12,345", "1,234,567"],
    "fr": ["999", "1\u202f000", "1\u202f234", "12\u202f345", "1\u202f234\u202f567"],
}


def slow_site(root: Path, language: str, times: list[int]) -> Path:
    """A site in `language` whose monitors of `api` each last answered slowly, in one of
    `times` (ms), over a threshold of the same number."""
    monitors = "".join(
        f"- id: m{n}\n  component: api\n  type: tcp\n  host: 10.0.0.{n}\n  port: 443\n"
        for n in range(len(times))
    )
    settings = SETTINGS + f"language: {language}\nstart_date: 2026-08-01\n"
    write_site(root, {"content/monitors.yaml": monitors, "statusgen.yaml": settings})
    at = int(NOW.timestamp() * 1000) - 60_000
    (root / "data" / "monitors").mkdir(parents=True, exist_ok=True)
    for n, ms in enumerate(times):
        said = f"connected; slow: {ms} ms (threshold {ms} ms)"
        run = json.dumps([at, "degraded", ms, said])
        text = f'{{"version": 1, "monitor": "m{n}", "runs": [{run}], "days": []}}\n'
        (root / "data" / "monitors" / f"m{n}.json").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("language", GROUPED)
def test_response_times_are_grouped_as_cldr_groups_them(tmp_path: Path, language: str) -> None:
    root = slow_site(tmp_path, language, [999, 1000, 1234, 12_345, 1_234_567])

    said = checks_said(root)

    # Each check's words give its time and its threshold, the same number.
    shown = [re.findall(r"(\d[\d\s.,]*) ms", line) for line in said]
    assert [[number, number] for number in GROUPED[language]] == shown


def test_probed_results_read_in_the_pages_language(tmp_path: Path) -> None:
    """Probe a slow endpoint and a closed port, then build a German site: the page says
    what the checks found in German, from the files the probe wrote."""
    monitors = (
        HTTP_MONITOR + "  slow_ms: 100\n"
        "- id: db\n  component: api\n  type: tcp\n  host: 127.0.0.1\n"
        f"  port: {closed_port()}\n  timeout: 2\n  retries: 0\n"
    )
    settings = SETTINGS + "language: de\n"
    with http_server(slow_seconds=0.3) as server:
        server.mode = "slow"
        root = write_site(
            tmp_path,
            {
                "content/monitors.yaml": monitors.format(port=server.port),
                "statusgen.yaml": settings,
            },
        )
        probe(root)

    said = checks_said(root, datetime.now(timezone.utc))

    assert re.fullmatch(r"HTTP 200; langsam: [\d.]+ ms \(Schwelle 100 ms\)", said[0]), said
    assert "Verbindung abgelehnt" == said[1]


def built_monitor(root: Path, runs: dict[str, list[Check]]) -> Tag:
    """The first monitor of the API component's page, built at NOW after `runs` were recorded."""
    store.record(root, runs, BERLIN, 90)
    build_site(root, now=NOW, output=root / "public")
    soup = BeautifulSoup(page(root / "public", "components/api/index.html"), "html.parser")
    return soup.select("article.monitor")[0]


def test_two_monitors_daily_figures_are_named_after_their_monitor(tmp_path: Path) -> None:
    # Two monitors on one component: a screen reader lists two disclosure buttons and two
    # scrolling tables, and must tell which monitor each is of.
    monitors = MONITORS + (
        "- id: nightly-backup\n  name: Nightly backup\n  component: api\n"
        "  type: heartbeat\n  interval: 1440\n"
    )
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    store.record(
        root,
        {"api-health": history(3, down=set()), "nightly-backup": history(2, down=set())},
        BERLIN,
        90,
    )
    build_site(root, now=NOW, output=root / "public")
    soup = BeautifulSoup(page(root / "public", "components/api/index.html"), "html.parser")

    summaries = [s.get_text() for s in soup.select("article.monitor details summary")]
    tables = [t.get("aria-label") for t in soup.select("article.monitor table.figures")]

    expected = ["Daily figures of API health endpoint", "Daily figures of Nightly backup"]
    assert expected == summaries
    assert expected == tables


def test_the_chart_counts_runs_and_hours_each_in_its_plural(tmp_path: Path) -> None:
    settings = SETTINGS + "language: de\n"
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS, "statusgen.yaml": settings})
    run = Check(NOW - timedelta(minutes=1), CheckResult.UP, 120, "HTTP 200")
    store.record(root, {"api-health": [run]}, BERLIN, 90)
    build_site(root, now=NOW, output=root / "public")
    soup = BeautifulSoup(page(root / "public", "components/api/index.html"), "html.parser")

    caption = soup.select("article.monitor figcaption")[0].get_text()

    assert caption.startswith("API health endpoint: 1 Prüfung in der letzten Stunde;"), caption


def test_the_chart_and_the_daily_figures_agree_on_the_same_runs(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS})
    # One morning of a server that answers, answers 500, hangs, and once answers slowly:
    # 29 runs, all of them the chart's and all of them Dec 1's.
    runs = []
    for n in range(29):
        at = NOW - timedelta(minutes=8) * (28 - n)
        if n % 7 == 0:
            runs.append(Check(at, CheckResult.DOWN, None, "timed out"))
        elif n % 3 == 1:
            runs.append(Check(at, CheckResult.DOWN, 3, "HTTP 500, expected 2xx or 3xx"))
        elif n == 20:
            runs.append(Check(at, CheckResult.DEGRADED, 608, "HTTP 200"))
        else:
            runs.append(Check(at, CheckResult.UP, 10 + n % 5, "HTTP 200"))
    monitor = built_monitor(root, {"api-health": runs})

    caption = monitor.select_one("figcaption").get_text()
    figures = [td.get_text() for td in monitor.select("table.figures tbody tr")[0].select("td")]

    # A 500 took its time and counts; a run that hung has none: 5 hung, 24 answered.
    assert (
        "API health endpoint: 29 runs over the last 4 hours; response time median 11 ms, "
        "95th percentile 14 ms, slowest 608 ms; 5 without an answer, left out of the "
        "response times; 13 failed; 1 slow."
    ) == caption
    assert ["29", "55.17%", "11 ms", "14 ms"] == figures
    note = monitor.select_one("details p").get_text()
    assert "failed ones included" in note and "timed out" in note


def test_a_runs_time_in_a_page_is_valid_html(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS})
    # Probes record the millisecond; HTML's `datetime` takes at most three digits of it.
    at = NOW - timedelta(minutes=1, microseconds=-128_000)
    store.record(root, {"api-health": [Check(at, CheckResult.UP, 84, "HTTP 200")]}, BERLIN, 90)
    build_site(root, now=NOW, output=root / "public")
    soup = BeautifulSoup(page(root / "public", "components/api/index.html"), "html.parser")

    stamps = [t["datetime"] for t in soup.select("article.monitor time")]

    assert ["2026-12-01T12:59:00.128+01:00"] == stamps


def test_the_chart_counts_no_failure_muted_by_maintenance(tmp_path: Path) -> None:
    window = planned_work(NOW - timedelta(hours=1), NOW + timedelta(hours=1))
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS, **window})
    # Eight runs answered, then six failed during planned work (recorded muted).
    runs = [Check(NOW - timedelta(minutes=10) * (13 - n), CheckResult.UP, 100, "HTTP 200")
            for n in range(8)]  # fmt: skip
    runs += [
        Check(NOW - timedelta(minutes=10) * (5 - n), CheckResult.DOWN, 3, "HTTP 500", muted=True)
        for n in range(6)
    ]
    monitor = built_monitor(root, {"api-health": runs})

    caption = monitor.select_one("figcaption").get_text()
    svg = monitor.select_one("svg")
    assert svg is not None

    assert caption.startswith("API health endpoint: 14 runs over the last 2 hours;"), caption
    assert "failed" not in caption
    # Marked on the baseline apart from failures that count.
    assert [] == svg.select("rect.chart-down")
    assert 6 == len(svg.select("rect.chart-muted"))


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "; 6 muted."), ("pl", "; 6 wyciszonych."), ("fr", " ; 6 mises en sourdine.")],
)
def test_the_chart_says_how_many_runs_were_muted(tmp_path: Path, language: str, said: str) -> None:
    """The caption counts 14 runs and fails none, under 14 drawn runs of which 6 failed:
    the reader is told where the 6 went, in the page's language."""
    settings = SETTINGS + f"language: {language}\n"
    window = planned_work(NOW - timedelta(hours=1), NOW + timedelta(hours=1))
    files = {"content/monitors.yaml": MONITORS, "statusgen.yaml": settings, **window}
    root = write_site(tmp_path, files)
    runs = [Check(NOW - timedelta(minutes=10) * (13 - n), CheckResult.UP, 100, "HTTP 200")
            for n in range(8)]  # fmt: skip
    runs += [
        Check(NOW - timedelta(minutes=10) * (5 - n), CheckResult.DOWN, 3, "HTTP 500", muted=True)
        for n in range(6)
    ]
    monitor = built_monitor(root, {"api-health": runs})

    caption = monitor.select_one("figcaption").get_text()

    assert caption.endswith(said), caption


def test_the_chart_counts_its_hours_back_from_now(tmp_path: Path) -> None:
    """Two runs two hours apart, the last a day before the build: the caption says the
    hours up to now, as the axis does, not the two hours between the runs."""
    monitors = "- id: backup\n  component: api\n  type: heartbeat\n  interval: 60\n"
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    runs = [
        Check(NOW - timedelta(hours=26), CheckResult.UP, 1000, ""),
        Check(NOW - timedelta(hours=24), CheckResult.UP, 1100, ""),
    ]
    monitor = built_monitor(root, {"backup": runs})

    caption = monitor.select_one("figcaption").get_text()
    axis = [t.get_text() for t in monitor.select("svg .chart-axis text")]

    assert caption.startswith("backup: 2 runs over the last 26 hours;"), caption
    assert "Dec 1, 13:00" == axis[-1]


def test_the_chart_counts_no_slow_run_muted_by_maintenance(tmp_path: Path) -> None:
    window = planned_work(NOW - timedelta(hours=1), NOW + timedelta(hours=1))
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS, **window})
    # Eight quick runs, then four slow ones during planned work (recorded muted).
    runs = [Check(NOW - timedelta(minutes=10) * (11 - n), CheckResult.UP, 100, "HTTP 200")
            for n in range(8)]  # fmt: skip
    runs += [
        Check(NOW - timedelta(minutes=10) * (3 - n), CheckResult.DEGRADED, 900, "", muted=True)
        for n in range(4)
    ]
    monitor = built_monitor(root, {"api-health": runs})

    caption = monitor.select_one("figcaption").get_text()
    svg = monitor.select_one("svg")
    assert svg is not None

    assert caption.endswith("; 4 muted."), caption
    assert "slow" not in caption.replace("slowest", "")
    assert [] == svg.select("circle.chart-slow")


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Last check Dec 1, 2026, 12:55 CET, muted by maintenance HTTP 503"),
        ("de", "Letzte Prüfung 1. Dez. 2026, 12:55 MEZ, wegen Wartung stummgeschaltet HTTP 503"),
    ],
)
def test_a_monitor_row_says_its_last_run_was_muted_by_maintenance(
    tmp_path: Path, language: str, said: str
) -> None:
    settings = SETTINGS + f"language: {language}\n"
    window = planned_work(NOW - timedelta(hours=1), NOW + timedelta(hours=1))
    files = {"content/monitors.yaml": MONITORS, "statusgen.yaml": settings, **window}
    root = write_site(tmp_path, files)
    runs = [Check(NOW - timedelta(minutes=m), CheckResult.UP, 20, "") for m in (30, 20, 10)]
    runs.append(Check(NOW - timedelta(minutes=5), CheckResult.DOWN, None, "HTTP 503", muted=True))
    monitor = built_monitor(root, {"api-health": runs})

    row = " ".join(monitor.select_one("p.event-meta").get_text().split())
    # The status reads operational: the row says why its failed run does not count.
    assert row.endswith(said), row


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "; 2 with the certificate expiring soon."),
        ("de", "; 2 mit bald ablaufendem Zertifikat."),
    ],
)
def test_the_chart_says_why_a_certificate_check_was_degraded(
    tmp_path: Path, language: str, said: str
) -> None:
    """Runs degraded by a certificate close to expiry answered in 12 ms: not slow."""
    settings = SETTINGS + f"language: {language}\n"
    monitors = "- id: cert\n  component: api\n  type: tls\n  host: api.example.com\n"
    root = write_site(tmp_path, {"content/monitors.yaml": monitors, "statusgen.yaml": settings})
    expiring = "certificate expires in 5.0 days (2026-12-06 12:00 UTC)"
    runs = [
        Check(NOW - timedelta(minutes=30), CheckResult.UP, 10, "certificate valid until "
              "2026-12-06 12:00 UTC"),
        Check(NOW - timedelta(minutes=20), CheckResult.DEGRADED, 12, expiring),
        Check(NOW - timedelta(minutes=10), CheckResult.DEGRADED, 11, expiring),
    ]  # fmt: skip
    monitor = built_monitor(root, {"cert": runs})

    caption = monitor.select_one("figcaption").get_text()
    svg = monitor.select_one("svg")
    assert svg is not None

    assert caption.endswith(said), caption
    assert [] == svg.select("circle.chart-slow")


def test_checks_passed_counts_the_days_of_the_uptime_beside_it(tmp_path: Path) -> None:
    settings = SETTINGS + "start_date: 2026-11-30\n"
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS, "statusgen.yaml": settings})
    store.record(root, {"api-health": history(5, down=set())}, BERLIN, 90)
    build_site(root, now=NOW, output=root / "public")
    html = page(root / "public", "components/api/index.html")

    uptime = re.search(r"uptime over (\d+) days", html)
    checks = re.search(r"of checks passed over (\d+) days", html)

    assert uptime is not None and checks is not None
    assert "90" != uptime.group(1)  # the record began within the window
    assert uptime.group(1) == checks.group(1)


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "No checks recorded yet"), ("fr", "Aucune vérification enregistrée pour l’instant")],
)
def test_a_monitor_without_runs_says_so_in_a_sentence(
    tmp_path: Path, language: str, said: str
) -> None:
    settings = SETTINGS + f"language: {language}\n"
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS, "statusgen.yaml": settings})
    build_site(root, now=NOW, output=root / "public")
    soup = BeautifulSoup(page(root / "public", "components/api/index.html"), "html.parser")
    front = BeautifulSoup(page(root / "public", "index.html"), "html.parser")

    checks = soup.select_one("#checks + p")
    assert checks is not None and said in checks.get_text()
    assert "of checks passed" not in soup.get_text()
    assert "vérifications réussies" not in soup.get_text()
    assert said in front.get_text()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Recent runs muted by maintenance"),
        ("de", "Letzte Prüfungen wegen Wartung stummgeschaltet"),
    ],
)
def test_a_monitor_whose_runs_were_all_muted_says_so(
    tmp_path: Path, language: str, said: str
) -> None:
    """Checks recorded, every one muted by a maintenance window: not "no checks yet"."""
    settings = SETTINGS + f"language: {language}\n"
    api_only = MONITORS.split("- id: checkout-port")[0]
    window = planned_work(NOW - timedelta(hours=1), NOW + timedelta(hours=1))
    files = {"content/monitors.yaml": api_only, "statusgen.yaml": settings, **window}
    root = write_site(tmp_path, files)
    runs = [
        Check(NOW - timedelta(minutes=m), CheckResult.DOWN, None, "HTTP 503", muted=True)
        for m in (20, 10)
    ]
    store.record(root, {"api-health": runs}, BERLIN, 90)
    build_site(root, now=NOW, output=root / "public")
    soup = BeautifulSoup(page(root / "public", "components/api/index.html"), "html.parser")
    front = BeautifulSoup(page(root / "public", "index.html"), "html.parser")
    empty = {"en": "No checks recorded yet", "de": "Noch keine Prüfungen aufgezeichnet"}[language]

    checks = soup.select_one("#checks + p")
    assert checks is not None
    assert said in checks.get_text() and empty not in checks.get_text()
    assert said in front.get_text() and empty not in front.get_text()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "No checks held for this moment: runs older than 48 hours are dropped"),
        ("de", "Keine Prüfungen für diesen Zeitpunkt mehr vorhanden"),
    ],
)
def test_a_page_for_a_moment_whose_runs_were_dropped_says_so_not_none_recorded(
    tmp_path: Path, language: str, said: str
) -> None:
    """A build for a moment three days back: the runs of then were dropped after 48 hours,
    their day's figures kept. Unknown, and said so, not "no checks recorded yet" right
    above those figures."""
    settings = SETTINGS + f"language: {language}\nstart_date: 2026-11-01\n"
    api_only = MONITORS.split("- id: checkout-port")[0]
    root = write_site(tmp_path, {"content/monitors.yaml": api_only, "statusgen.yaml": settings})
    runs = [Check(NOW - timedelta(hours=h), CheckResult.UP, 100, "HTTP 200") for h in range(96)]
    store.record(root, {"api-health": runs[::-1]}, BERLIN, 90)
    then = NOW - timedelta(days=3)
    build_site(root, now=then, output=root / "public")
    soup = BeautifulSoup(page(root / "public", "components/api/index.html"), "html.parser")
    empty = {"en": "No checks recorded yet", "de": "Noch keine Prüfungen aufgezeichnet"}[language]

    monitor = soup.select_one(".monitor .event-meta")
    assert monitor is not None and said in monitor.get_text()
    assert empty not in soup.get_text()
    assert soup.select(".monitor table")  # the daily figures it is shown above
    done = CliRunner().invoke(cli, ["-C", str(root), "status", "--now", then.isoformat()])
    assert 0 == done.exit_code, done.output
    (line,) = [line for line in done.output.splitlines() if "api-health" in line]
    assert "no runs held for this moment: runs older than 48 hours are dropped" in line, line


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Last check"), ("de", "Letzte Prüfung")],
)
def test_runs_before_a_one_day_window_are_told_as_the_last_check_not_as_none(
    tmp_path: Path, language: str, said: str
) -> None:
    """With `history_days: 1`, a daily job's run of yesterday is none of today's checks,
    yet its status stands on it: the summary names when it ran, as the monitor does."""
    heartbeat = "- id: nightly\n  component: api\n  type: heartbeat\n  interval: 1440\n"
    settings = SETTINGS + f"language: {language}\nhistory_days: 1\nstart_date: 2026-11-01\n"
    root = write_site(tmp_path, {"content/monitors.yaml": heartbeat, "statusgen.yaml": settings})
    ran = NOW - timedelta(hours=14)  # 23:00 in Berlin, the evening before
    store.record(root, {"nightly": [Check(ran, CheckResult.UP, None, "")]}, BERLIN, 1)
    build_site(root, now=NOW, output=root / "public")
    soup = BeautifulSoup(page(root / "public", "components/api/index.html"), "html.parser")
    front = BeautifulSoup(page(root / "public", "index.html"), "html.parser")
    empty = {"en": "No checks recorded yet", "de": "Noch keine Prüfungen aufgezeichnet"}[language]

    checks = soup.select_one("#checks + p")
    assert checks is not None
    assert said in checks.get_text() and empty not in soup.get_text()
    stamp = checks.select_one("time")
    assert stamp is not None and stamp["datetime"].startswith("2026-11-30T23:00")
    assert said in front.get_text() and empty not in front.get_text()


# A Ukrainian translator's own catalog: three forms, as CLDR's one, few and many.
UKRAINIAN = (
    'msgid ""\nmsgstr ""\n"Language: uk\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && '
    'n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2);\\n"\n\n'
    'msgid "%(count)s failed"\nmsgid_plural "%(count)s failed"\n'
    'msgstr[0] "%(count)s невдала"\nmsgstr[1] "%(count)s невдалі"\n'
    'msgstr[2] "%(count)s невдалих"\n\n'
    'msgid "The bars show the last %(count)s day."\n'
    'msgid_plural "The bars show the last %(count)s days."\n'
    'msgstr[0] "Смуги показують останній %(count)s день."\n'
    'msgstr[1] "Смуги показують останні %(count)s дні."\n'
    'msgstr[2] "Смуги показують останні %(count)s днів."\n'
)


@pytest.mark.parametrize(
    ("failed", "said"),
    [(1, "1 невдала"), (2, "2 невдалі"), (5, "5 невдалих"), (22, "22 невдалі")],
)
def test_a_site_catalog_counts_failed_runs_and_days_in_its_languages_forms(
    tmp_path: Path, failed: int, said: str
) -> None:
    """Each count reads in the form its language gives it, never the form for 1 or for
    many everywhere ("останній 30 день")."""
    settings = SETTINGS + "language: uk\n"
    files = {"content/monitors.yaml": MONITORS, "statusgen.yaml": settings}
    root = write_site(tmp_path, {**files, "translations/uk.po": UKRAINIAN})
    monitor = built_monitor(root, {"api-health": history(30, set(range(failed)))})
    soup = BeautifulSoup(page(root / "public", "index.html"), "html.parser")

    caption = monitor.select_one("figcaption")
    bars = soup.select_one(".bars-short")

    assert caption is not None and bars is not None
    assert caption.get_text().endswith(f"; {said}."), caption.get_text()
    assert "Смуги показують останні 30 днів." == bars.get_text()


def test_a_monitor_that_never_got_an_answer_still_says_its_runs_and_failures(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS})
    runs = [
        Check(NOW - timedelta(minutes=20 - 10 * n), CheckResult.DOWN, None, "connection refused")
        for n in range(3)
    ]
    monitor = built_monitor(root, {"api-health": runs})

    caption = monitor.select_one("figcaption")
    svg = monitor.select_one("svg.chart")

    assert caption is not None and svg is not None, monitor
    expected = (
        "API health endpoint: 3 runs over the last hour; 3 without an answer, left out of "
        "the response times; 3 failed."
    )
    assert expected == caption.get_text()
    assert 3 == len(svg.select("rect.chart-down"))


@pytest.mark.parametrize("slowest", [0, 1, 2, 3, 5, 7, 10, 15, 26, 99, 150, 420, 3100])
def test_the_charts_middle_label_states_the_value_its_gridline_marks(
    tmp_path: Path, slowest: int
) -> None:
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS})
    runs = [Check(NOW - timedelta(minutes=5), CheckResult.UP, slowest, "HTTP 200")]
    monitor = built_monitor(root, {"api-health": runs})

    labels = [t.get_text() for t in monitor.select("svg .chart-axis text")][:3]
    top, middle, bottom = (int(label.removesuffix(" ms").replace(",", "")) for label in labels)

    assert (top, 0) == (2 * middle, bottom), labels
    assert slowest <= top


def test_what_a_person_or_job_wrote_about_a_monitor_follows_its_own_direction(
    tmp_path: Path,
) -> None:
    """On a right-to-left page a heartbeat's English note keeps its full stop at its end,
    and the monitor's name keeps its words apart from the kind printed after it."""
    monitors = (
        "- id: nightly\n  name: Nightly backup (sda1)\n  component: api\n"
        "  type: heartbeat\n  interval: 1440\n"
    )
    settings = SETTINGS + "language: ar\n"
    root = write_site(tmp_path, {"content/monitors.yaml": monitors, "statusgen.yaml": settings})
    runs = [Check(NOW - timedelta(minutes=5), CheckResult.DOWN, None, "disk full on /dev/sda1.")]

    monitor = built_monitor(root, {"nightly": runs})

    (note,) = [s for s in monitor.select(".event-meta span") if "disk full" in s.get_text()]
    assert "auto" == note.get("dir"), note
    name = monitor.select_one(".monitor-name")
    assert "\u2068Nightly backup (sda1)\u2069" == name.contents[0].strip(), name


def drawn_lines(svg: Tag) -> list[list[tuple[float, float]]]:
    """The response-time line as drawn: each unbroken piece's points, from a <polyline>'s
    points or a <path>'s M/L segments, so the test reads the picture, not the markup."""
    pieces: list[list[tuple[float, float]]] = []
    for line in svg.select(".chart-line"):
        text = str(line.get("points") or line.get("d") or "")
        for piece in re.split(r"M", text) if line.name == "path" else [text]:
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", piece)]
            if numbers:
                pieces.append(list(zip(numbers[::2], numbers[1::2], strict=True)))
    return pieces


def test_the_chart_draws_no_line_across_a_stretch_without_runs(tmp_path: Path) -> None:
    """A job every 5 minutes that reported three runs 40 hours ago and three now: two
    pieces of line, none rising across the 40 hours in which nothing was measured."""
    monitors = "- id: job\n  component: api\n  type: heartbeat\n  interval: 5\n"
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    early = [Check(NOW - timedelta(hours=40, minutes=-5 * n), CheckResult.UP, 100, "")
             for n in range(3)]  # fmt: skip
    late = [Check(NOW - timedelta(minutes=10 - 5 * n), CheckResult.UP, 300, "") for n in range(3)]
    monitor = built_monitor(root, {"job": early + late})

    svg = monitor.select_one("svg.chart")
    assert svg is not None
    pieces = drawn_lines(svg)
    caption = monitor.select_one("figcaption").get_text()

    assert [3, 3] == [len(piece) for piece in pieces], pieces
    assert {102.8} == {y for _, y in pieces[0]} and {56.4} == {y for _, y in pieces[1]}
    assert caption.startswith("job: 6 runs over the last 40 hours; 1 gap without runs;"), caption


def test_the_chart_draws_no_line_through_runs_that_got_no_answer(tmp_path: Path) -> None:
    """Runs that timed out measured no response time: the line stops before them and
    starts again after them. A failed run that answered (HTTP 500) was measured: drawn."""
    root = write_site(tmp_path, {"content/monitors.yaml": MONITORS})
    runs = history(10, down={3, 4})
    runs[7] = replace(runs[7], result=CheckResult.DOWN, latency_ms=40, message="HTTP 500")
    monitor = built_monitor(root, {"api-health": runs})

    svg = monitor.select_one("svg.chart")
    assert svg is not None
    caption = monitor.select_one("figcaption").get_text()

    assert [3, 5] == [len(piece) for piece in drawn_lines(svg)]
    assert 3 == len(svg.select("rect.chart-down"))
    assert "gap" not in caption, caption  # reported every 10 minutes: the failures say why


def test_a_lone_run_between_gaps_is_still_drawn(tmp_path: Path) -> None:
    """One answer between two stretches without runs is a measured value: a dot, not
    nothing."""
    monitors = "- id: job\n  component: api\n  type: heartbeat\n  interval: 5\n"
    root = write_site(tmp_path, {"content/monitors.yaml": monitors})
    runs = [
        Check(NOW - timedelta(hours=6), CheckResult.UP, 100, ""),
        Check(NOW - timedelta(hours=3), CheckResult.UP, 200, ""),
        Check(NOW - timedelta(minutes=1), CheckResult.UP, 100, ""),
    ]
    monitor = built_monitor(root, {"job": runs})

    svg = monitor.select_one("svg.chart")
    assert svg is not None
    caption = monitor.select_one("figcaption").get_text()

    assert 3 == len(drawn_lines(svg))
    assert "; 2 gaps without runs;" in caption, caption
