"""<statusgen-status> in a real browser, embedded in a page of another origin.

The status sites are served on one port and the host pages on another, so every fetch of
status.json is a cross-origin request that only works when the CORS header is sent.
"""

from __future__ import annotations

import dataclasses
import http.server
import json
import os
import re
import shutil
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import factories as f
import pytest
from browser import Page, browser_page, static_server
from factories import NOW
from sitefiles import write_site as write_site_sources

from statusgen.build import render_site
from statusgen.serve.preview import run_preview, site_builder
from statusgen.status import OVERALL_LABELS, OverallStatus

pytestmark = pytest.mark.browser

STATES = [status.value for status in OverallStatus]
CORS = {"Access-Control-Allow-Origin": "*"}
HOST_COLOUR = "rgb(10, 20, 30)"

# The host page records the timers the widget starts, so a test can run a refresh now
# instead of waiting a minute for it.
HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host</title>
<script>
window.timers = [];
const realSetInterval = window.setInterval;
window.setInterval = (fn, ms) => {{ timers.push({{fn, ms}}); return realSetInterval(fn, ms); }};
</script>
<script src="{script}" defer></script>
<style>{style}</style>
</head><body>{body}</body></html>
"""

READ_WIDGETS = """
[...document.querySelectorAll("statusgen-status")].map((el) => {
  const link = el.shadowRoot.querySelector("a");
  const label = el.shadowRoot.querySelector("[part=label]");
  const dot = el.shadowRoot.querySelector("[part=dot]");
  return {
    status: el.dataset.status || null,
    text: link.textContent,
    lang: link.getAttribute("lang"),
    dir: link.getAttribute("dir"),
    direction: getComputedStyle(link).direction,
    href: link.href,
    label: label && label.textContent,
    labelColour: label && getComputedStyle(label).color,
    linkColour: getComputedStyle(link).color,
    dotColour: dot && getComputedStyle(dot).backgroundColor,
    animation: dot && getComputedStyle(dot).animationName,
  };
})
"""
ALL_ANSWERED = (
    "document.querySelectorAll('statusgen-status').length > 0 && "
    "[...document.querySelectorAll('statusgen-status')].every((el) => el.dataset.status)"
)


def write_site(folder: Path, files: dict[str, bytes]) -> None:
    for path, data in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One built site per overall status, in folders named after it; `missing` lacks status.json."""
    served = tmp_path_factory.mktemp("sites")
    theme_root = tmp_path_factory.mktemp("source")  # no theme overrides
    for state in STATES:
        site = f.site_in_state(state, base_url=f"https://status.example.com/{state}/")
        write_site(
            served / state, render_site(dataclasses.replace(site, root=str(theme_root)), NOW)
        )
    arabic = f.site_in_state("operational", base_url="https://status.example.com/arabic/")
    arabic = dataclasses.replace(
        arabic, root=str(theme_root), settings=dataclasses.replace(arabic.settings, language="ar")
    )
    write_site(served / "arabic", render_site(arabic, NOW))
    # Two incidents open, in English and in Polish.
    for name, language in (("incidents", "en"), ("incidents-pl", "pl")):
        many = dataclasses.replace(
            f.site_in_state("incident", base_url=f"https://status.example.com/{name}/"),
            root=str(theme_root),
        )
        opened = dataclasses.replace(many.incidents[0], slug="second", title="Second")
        many = dataclasses.replace(
            many,
            incidents=(*many.incidents, opened),
            settings=dataclasses.replace(many.settings, language=language),
        )
        write_site(served / name, render_site(many, NOW))
    # A site whose folder's name ends in .html, as a wiki's or a CMS's addresses can.
    wiki = f.site_in_state("major_outage", base_url="https://status.example.com/wiki.html/")
    write_site(
        served / "wiki.html", render_site(dataclasses.replace(wiki, root=str(theme_root)), NOW)
    )
    shutil.copytree(served / "operational", served / "missing")
    (served / "missing" / "status.json").unlink()
    return served


@pytest.fixture(scope="module")
def status_url(sites: Path) -> Iterator[str]:
    with static_server(sites, headers=CORS) as url:
        yield url


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("host")
    with static_server(folder) as url:
        yield folder, url


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with browser_page() as page:
        yield page


def open_host(
    page: Page, host: tuple[Path, str], name: str, script: str, body: str, style: str = ""
) -> list[dict[str, Any]]:
    """Open a host page holding `body` and the widget from `script`; its widgets once answered."""
    folder, url = host
    (folder / f"{name}.html").write_text(HOST_PAGE.format(script=script, body=body, style=style))
    page.goto(f"{url}{name}.html")
    page.wait_for(ALL_ANSWERED)
    widgets: list[dict[str, Any]] = page.evaluate(READ_WIDGETS)
    return widgets


def test_the_host_page_is_on_another_origin(status_url: str, host: tuple[Path, str]) -> None:
    assert status_url.startswith("http://127.0.0.1:") and host[1].startswith("http://127.0.0.1:")
    assert status_url != host[1]


@pytest.mark.parametrize("state", STATES)
def test_widget_shows_the_overall_status_in_words(
    page: Page, status_url: str, host: tuple[Path, str], state: str
) -> None:
    script = f"{status_url}{state}/widget.js"
    [widget] = open_host(page, host, state, script, "<statusgen-status></statusgen-status>")
    assert state == widget["status"]
    assert OVERALL_LABELS[OverallStatus(state)] == widget["label"]
    assert widget["label"] == widget["text"]
    # By default the pill links to the folder the script came from: the status page.
    assert f"{status_url}{state}/" == widget["href"]
    # The default refresh: once a minute, as long as hosts cache status.json.
    assert [60000] == page.evaluate("timers.map((t) => t.ms)")


def test_widget_falls_back_to_a_plain_link_without_status_json(
    page: Page, status_url: str, host: tuple[Path, str]
) -> None:
    body = "<statusgen-status></statusgen-status>"
    [widget] = open_host(page, host, "missing", f"{status_url}missing/widget.js", body)
    assert "unavailable" == widget["status"]
    assert "Status" == widget["text"]
    assert widget["label"] is None and widget["dotColour"] is None
    assert f"{status_url}missing/" == widget["href"]


def test_widget_falls_back_when_the_host_sends_no_cors_header(
    page: Page, sites: Path, host: tuple[Path, str]
) -> None:
    with static_server(sites) as bare_url:
        # The file is there; only the browser's cross-origin check keeps it from the widget.
        with urllib.request.urlopen(f"{bare_url}operational/status.json", timeout=10) as answer:
            assert "operational" == json.load(answer)["status"]
        body = '<statusgen-status fallback="Our status page"></statusgen-status>'
        [widget] = open_host(page, host, "bare", f"{bare_url}operational/widget.js", body)
    assert "unavailable" == widget["status"]
    assert "Our status page" == widget["text"]
    assert f"{bare_url}operational/" == widget["href"]
    # The host's own words are in the host's language.
    assert (None, None) == (widget["lang"], widget["dir"])


@pytest.mark.parametrize(
    ("name", "words"), [("incidents", "Ongoing incidents"), ("incidents-pl", "Trwające incydenty")]
)
def test_widget_says_incidents_when_more_than_one_is_open(
    page: Page, status_url: str, host: tuple[Path, str], name: str, words: str
) -> None:
    script = f"{status_url}{name}/widget.js"
    [widget] = open_host(page, host, name, script, "<statusgen-status></statusgen-status>")
    assert ("incident", words) == (widget["status"], widget["label"])


def test_the_widgets_words_say_their_language_and_direction(
    page: Page, status_url: str, host: tuple[Path, str]
) -> None:
    # A screen reader on an English host page reads the Arabic label in an Arabic voice.
    body = "<statusgen-status></statusgen-status>"
    [widget] = open_host(page, host, "arabic", f"{status_url}arabic/widget.js", body)
    assert "operational" == widget["status"]
    assert ("ar", "rtl", "rtl") == (widget["lang"], widget["dir"], widget["direction"])
    assert widget["label"] != OVERALL_LABELS[OverallStatus.OPERATIONAL]


def test_two_sites_widgets_on_one_page_each_speak_for_their_site(
    page: Page, status_url: str, host: tuple[Path, str]
) -> None:
    # The element is defined by the first script alone: each pill must still take the
    # words and language of the site it shows, from that site's own widget.js.
    body = (
        f'<statusgen-status href="{status_url}major_outage/"></statusgen-status>'
        f'<statusgen-status href="{status_url}arabic/"></statusgen-status>'
        f'<script src="{status_url}arabic/widget.js" defer></script>'
    )
    english, arabic = open_host(page, host, "two", f"{status_url}operational/widget.js", body)
    assert ("major_outage", "Major outage", "en") == (
        english["status"],
        english["label"],
        english["lang"],
    )
    assert ("operational", "ar", "rtl") == (arabic["status"], arabic["lang"], arabic["dir"])
    assert arabic["label"] != OVERALL_LABELS[OverallStatus.OPERATIONAL]
    # Live regions, so a change of status is heard, not only seen.
    assert ["status", "status"] == page.evaluate(
        "[...document.querySelectorAll('statusgen-status')].map((el) => el.getAttribute('role'))"
    )


def test_href_attribute_names_another_status_page(
    page: Page, status_url: str, host: tuple[Path, str]
) -> None:
    body = f'<statusgen-status href="{status_url}major_outage/"></statusgen-status>'
    [widget] = open_host(page, host, "href", f"{status_url}operational/widget.js", body)
    assert "major_outage" == widget["status"]
    assert "Major outage" == widget["label"]
    assert f"{status_url}major_outage/" == widget["href"]


@pytest.mark.parametrize(
    ("written", "link"),
    [
        # page.url in the API has no trailing slash; copied as it is, it names the same site.
        ("major_outage", "major_outage/"),
        ("major_outage/index.html", "major_outage/index.html"),
    ],
)
def test_href_without_a_trailing_slash_names_the_sites_folder(
    page: Page, status_url: str, host: tuple[Path, str], written: str, link: str
) -> None:
    body = f'<statusgen-status href="{status_url}{written}"></statusgen-status>'
    name = "href-" + written.replace("/", "-")
    [widget] = open_host(page, host, name, f"{status_url}operational/widget.js", body)
    assert "major_outage" == widget["status"]
    assert "Major outage" == widget["label"]
    assert f"{status_url}{link}" == widget["href"]


def test_href_copied_from_page_url_names_a_folder_ending_in_html(
    page: Page, sites: Path, status_url: str, host: tuple[Path, str]
) -> None:
    # The API's page.url has no trailing slash, so a site at /wiki.html/ is "/wiki.html":
    # the widget looked for status.json beside it, as if it were a page, and got a 404.
    page_url = json.loads((sites / "wiki.html" / "status.json").read_bytes())["page"]["url"]
    assert "https://status.example.com/wiki.html" == page_url
    href = status_url + urllib.parse.urlsplit(page_url).path.lstrip("/")
    body = f'<statusgen-status href="{href}"></statusgen-status>'
    [widget] = open_host(page, host, "wiki", f"{status_url}wiki.html/widget.js", body)
    assert "major_outage" == widget["status"]
    assert "Major outage" == widget["label"]
    assert f"{status_url}wiki.html/" == widget["href"]


def test_widget_refreshes_on_its_interval(
    page: Page, sites: Path, status_url: str, host: tuple[Path, str]
) -> None:
    live = sites / "live"
    shutil.copytree(sites / "operational", live, dirs_exist_ok=True)
    body = '<statusgen-status refresh="30"></statusgen-status>'
    [widget] = open_host(page, host, "refresh", f"{status_url}live/widget.js", body)
    assert "All systems operational" == widget["label"]
    assert [30000] == page.evaluate("timers.map((t) => t.ms)")

    status_json = live / "status.json"
    status_json.write_bytes((sites / "partial_outage" / "status.json").read_bytes())
    # The test server answers If-Modified-Since to the second: make the change visible.
    later = status_json.stat().st_mtime + 10
    os.utime(status_json, (later, later))
    page.evaluate("timers[0].fn()")
    page.wait_for("document.querySelector('statusgen-status').dataset.status === 'partial_outage'")
    [widget] = page.evaluate(READ_WIDGETS)
    assert "Partial outage" == widget["label"]


def test_refresh_zero_loads_once(page: Page, status_url: str, host: tuple[Path, str]) -> None:
    body = '<statusgen-status refresh="0"></statusgen-status>'
    [widget] = open_host(page, host, "once", f"{status_url}incident/widget.js", body)
    assert "Ongoing incident" == widget["label"]
    assert [] == page.evaluate("timers")


def test_text_follows_the_host_page_and_dots_read_on_light_and_dark(
    page: Page, status_url: str, host: tuple[Path, str]
) -> None:
    body = "".join(f'<statusgen-status href="{status_url}{s}/"></statusgen-status>' for s in STATES)
    script = f"{status_url}operational/widget.js"
    for name, background, text in (
        ("light", "rgb(255, 255, 255)", HOST_COLOUR),
        ("dark", "rgb(13, 17, 23)", "rgb(230, 237, 243)"),
    ):
        style = f"body{{background:{background};color:{text}}}"
        widgets = open_host(page, host, f"scheme-{name}", script, body, style)
        assert STATES == [w["status"] for w in widgets]
        for widget in widgets:
            assert text == widget["labelColour"] == widget["linkColour"]
            # The dot is a second signal beside the words; still, keep it visible (3:1).
            assert contrast(widget["dotColour"], background) >= 3, widget


def test_pulse_stops_for_reduced_motion(
    page: Page, status_url: str, host: tuple[Path, str]
) -> None:
    body = "<statusgen-status></statusgen-status>"
    script = f"{status_url}major_outage/widget.js"
    try:
        for preference, animation in (("no-preference", "p"), ("reduce", "none")):
            page.call(
                "Emulation.setEmulatedMedia",
                features=[{"name": "prefers-reduced-motion", "value": preference}],
            )
            [widget] = open_host(page, host, f"motion-{preference}", script, body)
            assert animation == widget["animation"]
    finally:
        page.call("Emulation.setEmulatedMedia", features=[])


@pytest.mark.parametrize("dark", [False, True])
def test_the_dot_stays_filled_in_forced_colours(
    page: Page, status_url: str, host: tuple[Path, str], dark: bool
) -> None:
    # A contrast theme replaces every fill with the reader's page colour: the dot would
    # vanish into the pill, as the marks beside the status page's words would.
    body = "<statusgen-status></statusgen-status>"
    script = f"{status_url}major_outage/widget.js"
    page.set_forced_colors(True, dark=dark)
    try:
        # A page of the host's own colour, which the reader's page colour (Canvas) replaces.
        style = "body{background:#fff}"
        [widget] = open_host(page, host, f"forced-{dark}", script, body, style)
        forced, background = page.evaluate(
            "[matchMedia('(forced-colors: active)').matches,"
            " getComputedStyle(document.body).backgroundColor]"
        )
    finally:
        page.set_forced_colors(False)
    assert forced
    assert "major_outage" == widget["status"]
    assert contrast(widget["dotColour"], background) >= 3, (widget["dotColour"], background)


@contextmanager
def previewing(root: Path) -> Iterator[str]:
    """`statusgen serve` of the site at `root` on 127.0.0.1, port 0; yields its URL."""
    ready, stop = threading.Event(), threading.Event()
    urls: list[str] = []

    def on_ready(url: str) -> None:
        urls.append(url)
        ready.set()

    def run() -> None:
        builder = site_builder(root, now=lambda: NOW, base_url=None)
        run_preview(
            root,
            builder,
            host="127.0.0.1",
            port=0,
            log=lambda line: None,
            on_ready=on_ready,
            stop=stop,
        )

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        assert ready.wait(30), "statusgen serve did not start"
        yield urls[0]
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive(), "statusgen serve did not stop"


def test_widget_reads_the_status_from_statusgen_serve(
    page: Page, tmp_path: Path, host: tuple[Path, str]
) -> None:
    # The example files have a component whose baseline is degraded_performance.
    root = write_site_sources(tmp_path / "site")
    with previewing(root) as serve_url:
        assert serve_url != host[1]
        body = "<statusgen-status></statusgen-status>"
        [widget] = open_host(page, host, "serve", f"{serve_url}widget.js", body)
    assert "degraded_performance" == widget["status"]
    assert "Degraded performance" == widget["label"]
    assert serve_url == widget["href"]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two `rgb(r, g, b)` colours."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in colour[colour.index("(") + 1 : -1].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@contextmanager
def slow_status_host(widget: bytes, state: dict[str, Any]) -> Iterator[str]:
    """A status host on 127.0.0.1 whose status.json answers `state["status"]` after
    `state["delay"]` seconds, or never while `state["hang"]` is set; yields its URL."""
    release = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            if self.path.startswith("/status.json"):
                if state.get("hang"):
                    release.wait(60)
                    return
                release.wait(state.get("delay", 0))
                body, kind = json.dumps({"status": state["status"]}).encode(), "application/json"
            else:
                body, kind = widget, "text/javascript"
            try:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the widget gave up on this answer

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def tick_until(page: Page, condition: str, seconds: float) -> bool:
    """Run the widget's refresh timer every half second, as a short period would, until
    `condition` holds; whether it did within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page.evaluate("void timers[0].fn()")  # a timer does not wait for the answer
        if page.evaluate(condition):
            return True
        time.sleep(0.5)
    return False


def test_an_answer_slower_than_the_refresh_period_still_lands(
    page: Page, sites: Path, host: tuple[Path, str]
) -> None:
    state: dict[str, Any] = {"status": "major_outage"}
    with slow_status_host((sites / "operational" / "widget.js").read_bytes(), state) as url:
        body = '<statusgen-status refresh="10"></statusgen-status>'
        [widget] = open_host(page, host, "slow", f"{url}widget.js", body)
        assert "major_outage" == widget["status"]
        # The host recovers but answers slower than the widget's period: the pill must
        # not stay on the old outage because every answer is overtaken by the next call.
        state.update(status="operational", delay=2)
        shown = "document.querySelector('statusgen-status').dataset.status === 'operational'"
        assert tick_until(page, shown, 8)


@pytest.mark.parametrize(
    "before",
    [
        "",
        # Safari < 16, Chrome < 103 and Firefox < 100 have no AbortSignal.timeout.
        "<script>delete AbortSignal.timeout</script>",
    ],
    ids=["abort-signal-timeout", "no-abort-signal-timeout"],
)
def test_a_hung_host_falls_back_to_the_link_within_15_seconds(
    page: Page, sites: Path, host: tuple[Path, str], before: str
) -> None:
    state: dict[str, Any] = {"status": "major_outage"}
    with slow_status_host((sites / "operational" / "widget.js").read_bytes(), state) as url:
        body = before + '<statusgen-status refresh="10"></statusgen-status>'
        name = "hung" + str(len(before))
        [widget] = open_host(page, host, name, f"{url}widget.js", body)
        assert bool(before) == page.evaluate("typeof AbortSignal.timeout !== 'function'")
        assert "major_outage" == widget["status"]
        state["hang"] = True
        # A hung host must not leave an outage claimed forever: the plain link, as documented.
        fallen = "document.querySelector('statusgen-status').dataset.status === 'unavailable'"
        assert tick_until(page, fallen, 20)
        [widget] = page.evaluate(READ_WIDGETS)
        assert "Status" == widget["text"]


@pytest.mark.parametrize(
    "back",
    [
        "Object.defineProperty(document, 'hidden', {value: false, configurable: true});"
        "document.dispatchEvent(new Event('visibilitychange'))",
        "window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))",
    ],
    ids=["visible-again", "back-forward-cache"],
)
def test_a_tab_brought_back_shows_the_status_of_now(
    page: Page, sites: Path, host: tuple[Path, str], back: str
) -> None:
    state: dict[str, Any] = {"status": "major_outage"}
    with slow_status_host((sites / "operational" / "widget.js").read_bytes(), state) as url:
        body = '<statusgen-status refresh="60"></statusgen-status>'
        name = "back-" + back[:6]
        [widget] = open_host(page, host, name, f"{url}widget.js", body)
        assert "major_outage" == widget["status"]
        # Resolved while the reader looked elsewhere; no timer turn comes for a minute.
        state["status"] = "operational"
        page.evaluate(back)
        page.wait_for(
            "document.querySelector('statusgen-status').dataset.status === 'operational'", 5
        )


# A shop whose page allows scripts and calls to the status site and nothing else: no inline
# script or style, and (for the second) no string turned into HTML without a Trusted Type.
# Its own `csp.js` records every violation the page reports.
STRICT_CSP = (
    "default-src 'self'; script-src 'self' {status}; connect-src {status}; style-src 'self'"
)
STRICT_HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="csp.js"></script>
<script src="{script}" defer></script>
</head><body><statusgen-status><a id="fb" href="{page}">Status</a></statusgen-status></body></html>
"""
RECORD_VIOLATIONS = """window.violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  violations.push(event.violatedDirective + " " + event.sourceFile + ":" + event.lineNumber);
});
"""
READ_STRICT_WIDGET = """(() => {
  const el = document.querySelector("statusgen-status");
  const dot = el.shadowRoot && el.shadowRoot.querySelector("[part=dot]");
  const box = el.getBoundingClientRect();
  return {
    status: el.dataset.status || null,
    dotColour: dot && getComputedStyle(dot).backgroundColor,
    dotWidth: dot && dot.getBoundingClientRect().width,
    size: [box.width, box.height],
    violations: window.violations,
  };
})()"""


@pytest.mark.parametrize(
    "extra", ["", "; require-trusted-types-for 'script'"], ids=["strict", "trusted-types"]
)
def test_widget_shows_a_styled_pill_on_a_host_page_with_a_strict_csp(
    page: Page, status_url: str, tmp_path: Path, extra: str
) -> None:
    policy = STRICT_CSP.format(status=status_url.rstrip("/")) + extra
    (tmp_path / "csp.js").write_text(RECORD_VIOLATIONS)
    (tmp_path / "shop.html").write_text(
        STRICT_HOST_PAGE.format(
            script=f"{status_url}major_outage/widget.js", page=f"{status_url}major_outage/"
        )
    )
    with static_server(tmp_path, headers={"Content-Security-Policy": policy}) as url:
        page.goto(f"{url}shop.html")
        page.wait_for(
            "window.violations && (document.querySelector('statusgen-status')"
            ".dataset.status || window.violations.length)"
        )
        widget = page.evaluate(READ_STRICT_WIDGET)
    assert [] == widget["violations"]
    assert "major_outage" == widget["status"]
    # Styled: the dot is a visible coloured circle, not an empty, transparent <i>.
    assert "rgb(207, 34, 46)" == widget["dotColour"]
    assert widget["dotWidth"] > 0
    assert all(side > 0 for side in widget["size"])


def test_the_guides_iframe_fits_a_phone_on_a_host_page_with_a_strict_csp(
    page: Page, status_url: str, tmp_path: Path
) -> None:
    # The embedding guide's snippet as a reader pastes it: its HTML in the page, its CSS in
    # the page's stylesheet, and the policy the guide names. An inline style was blocked
    # (the frame kept its border) and a fixed 400 px ran off a 375 px phone.
    guide = (Path(__file__).parents[1] / "docs" / "embedding.md").read_text()
    section = guide.split("## An `<iframe>`", 1)[1]
    frame = re.search(r"```html\n(.*?)```", section, re.S)
    assert frame is not None
    # Without a stylesheet rule or a policy named, the reader has none to paste.
    css = re.search(r"```css\n(.*?)```", section, re.S)
    policy = re.search(r"`(frame-src [^`]*)`", section)
    site = f"{status_url}operational/"
    rules = "default-src 'self'; style-src 'self'" + (f"; {policy.group(1)}" if policy else "")
    rules = rules.replace("https://status.example.com", status_url.rstrip("/"))
    (tmp_path / "csp.js").write_text(RECORD_VIOLATIONS)
    (tmp_path / "host.css").write_text(css.group(1) if css else "")
    (tmp_path / "frame.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width">'
        '<title>Shop</title><script src="csp.js"></script><link rel="stylesheet" href="host.css">'
        "</head><body>"
        + frame.group(1).replace("https://status.example.com/", site)
        + "</body></html>"
    )
    page.set_width(375)
    try:
        with static_server(tmp_path, headers={"Content-Security-Policy": rules}) as url:
            page.goto(f"{url}frame.html")
            page.wait_for("!!document.querySelector('iframe').contentWindow")
            shown = page.evaluate(
                "(() => { const frame = document.querySelector('iframe');"
                " const style = getComputedStyle(frame);"
                " return [frame.getBoundingClientRect().right, style.borderTopWidth,"
                " window.violations]; })()"
            )
    finally:
        page.call("Emulation.clearDeviceMetricsOverride")
    right, border, violations = shown
    assert [] == violations
    assert right <= 375
    assert "0px" == border


def test_widget_is_styled_where_adopted_stylesheets_are_missing(
    page: Page, status_url: str, host: tuple[Path, str]
) -> None:
    # Safari < 16.4 has no constructable stylesheets: the pill takes a <style> element there.
    body = (
        "<script>delete ShadowRoot.prototype.adoptedStyleSheets</script>"
        "<statusgen-status></statusgen-status>"
    )
    [widget] = open_host(page, host, "no-adopted", f"{status_url}major_outage/widget.js", body)
    assert not page.evaluate("'adoptedStyleSheets' in ShadowRoot.prototype")
    assert "major_outage" == widget["status"]
    assert "rgb(207, 34, 46)" == widget["dotColour"]


def test_the_authors_link_stays_visible_when_the_widget_cannot_build(
    page: Page, status_url: str, host: tuple[Path, str]
) -> None:
    # Whatever breaks the pill, the link inside the element is what the docs promise.
    body = (
        "<script>CSSStyleSheet.prototype.replaceSync = () => { throw new Error('no') }</script>"
        f'<statusgen-status><a id="fb" href="{status_url}">Status</a></statusgen-status>'
    )
    folder, url = host
    script = f"{status_url}major_outage/widget.js"
    (folder / "broken.html").write_text(HOST_PAGE.format(script=script, body=body, style=""))
    page.goto(f"{url}broken.html")
    page.wait_for("!!customElements.get('statusgen-status')")
    link = page.evaluate(
        "(() => { const box = document.getElementById('fb').getBoundingClientRect();"
        " return [box.width, box.height, !!document.querySelector('statusgen-status')"
        ".shadowRoot]; })()"
    )
    assert link[0] > 0 and link[1] > 0, link
    assert link[2] is False
