"""The Arabic example site in a real browser: right to left, mirrored, and axe-clean."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import factories as f
import pytest
import test_conformance_browser as conformance
from browser import Page, static_server
from examplesite import EXAMPLE_NOW, node_module_file
from factories import NOW
from test_i18n import PAYOUT, site_in

from statusgen.build import build_site, render_site

pytestmark = pytest.mark.browser
page = conformance.page  # the same module-wide browser tab fixture
violations = conformance.violations

PAGES = ["", PAYOUT.removesuffix("index.html"), "history/", "components/payouts/", "embed.html"]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = site_in(tmp_path_factory.mktemp("ar"), "ar")
    output = root / "public"
    build_site(root, now=EXAMPLE_NOW, base_url="https://status.example.com/", output=output)
    with static_server(Path(output)) as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
def test_arabic_pages_have_no_axe_violations(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    page.evaluate(node_module_file("axe-core/axe.min.js").read_text(encoding="utf-8"))
    found = []
    for width in (1280, 320):
        page.set_width(width)
        found += [(width, v["id"], v["help"], v["nodes"]) for v in violations(page)]
    page.set_width(1280)
    assert [] == found


def test_arabic_layout_runs_right_to_left(page: Page, site_url: str) -> None:
    page.set_width(1280)
    page.goto(site_url + PAYOUT.removesuffix("index.html"))
    assert "rtl" == page.evaluate("getComputedStyle(document.body).direction")
    # The timeline's line and the incident cards' impact stripe sit on the start edge,
    # which is the right one in Arabic.
    update = "getComputedStyle(document.querySelector('.update'))"
    assert ["2px", "0px"] == page.evaluate(f"[{update}.borderRightWidth, {update}.borderLeftWidth]")
    # The title's words start at the right: nearer to the right edge of the page's column
    # than to its left one.
    assert page.evaluate(
        "(() => { const r = document.createRange();"
        " r.selectNodeContents(document.querySelector('h1'));"
        " const h = r.getBoundingClientRect();"
        " const m = document.querySelector('main').getBoundingClientRect();"
        " return m.right - h.right < h.left - m.left; })()"
    )


@pytest.mark.parametrize(
    ("zone", "expected_note", "expected_time"),
    [
        # A reader in New York sees New York times, in the page's language.
        # (The zone's name is the browser's own wording: only the clock time is checked.)
        ("America/New_York", "America/New_York", "14:15"),
        # A reader in the site's own zone keeps the page as written.
        ("Europe/Berlin", "Europe/Berlin", "22 نوفمبر 2026، 20:15 CET"),
    ],
)
def test_times_move_to_the_readers_time_zone(
    page: Page, site_url: str, zone: str, expected_note: str, expected_time: str
) -> None:
    page.call("Emulation.setTimezoneOverride", timezoneId=zone)
    try:
        page.goto(site_url)
        note = page.evaluate("document.querySelector('.tz-note').textContent")
        shown = page.evaluate("document.querySelector('.banner time').textContent")
    finally:
        page.call("Emulation.setTimezoneOverride", timezoneId="")
    assert expected_note in note
    assert expected_time in shown


def test_a_readers_zone_named_by_its_offset_keeps_its_sign_before_the_digits(
    page: Page, site_url: str
) -> None:
    # The browser names Sao Paulo's zone "غرينتش-3" in Arabic, its sign bare: drawn in the
    # right-to-left line after the digits ("3-") unless marked left-to-right, as the
    # page's own offsets are. The zone in the note is isolated as the page's own is.
    page.call("Emulation.setTimezoneOverride", timezoneId="America/Sao_Paulo")
    try:
        page.goto(site_url)
        shown = page.evaluate("document.querySelector('.banner time').textContent")
        sides = page.evaluate(
            "(() => { const n = document.querySelector('.banner time').firstChild;"
            " const i = n.data.lastIndexOf('-');"
            " const x = (a, b) => { const r = document.createRange(); r.setStart(n, a);"
            " r.setEnd(n, b); return r.getBoundingClientRect().left; };"
            " return [x(i, i + 1), x(i + 1, i + 2)]; })()"
        )
        zone = page.evaluate("document.querySelector('.tz-note bdi').textContent")
    finally:
        page.call("Emulation.setTimezoneOverride", timezoneId="")
    assert "\u200e-3" in shown, shown
    sign, digit = sides
    assert sign < digit, shown
    assert "America/Sao_Paulo" == zone


@pytest.mark.parametrize("end", ["first", "last"])
def test_uptime_tooltips_at_either_end_sit_over_their_bar(
    page: Page, site_url: str, end: str
) -> None:
    # The days nearest the edges anchor their tooltip to the bar instead of centring it,
    # so it stays on screen; in Arabic that must hold on the mirrored side too.
    page.set_width(1200)
    page.goto(site_url)
    bar = page.evaluate(
        f"(() => {{ const li = document.querySelector('.bars li:{end}-child');"
        " li.scrollIntoView({block: 'center'});"
        " const r = li.getBoundingClientRect();"
        " return [r.left, r.right, r.top + r.height / 2]; })()"
    )
    left, right, middle = bar
    page.call("Input.dispatchMouseEvent", type="mouseMoved", x=(left + right) / 2, y=middle)
    tip = page.evaluate(
        f"(() => {{ const r = document.querySelector('.bars li:{end}-child .tip')"
        ".getBoundingClientRect(); return [r.left, r.right, r.width]; })()"
    )
    page.call("Input.dispatchMouseEvent", type="mouseMoved", x=0, y=0)
    assert tip[2] > 20, "the tooltip did not show on hover"
    # Anchored: the tooltip covers its bar and shares one of the bar's edges.
    assert tip[0] <= left + 1
    assert right - 1 <= tip[1]
    assert min(abs(tip[0] - left), abs(tip[1] - right)) <= 1


# Each range on the page (a <time>, " – ", a <time>) with the characters of either end
# drawn on the wrong side of its dash: in a right-to-left line the start is right of it.
MISPLACED = """[...document.querySelectorAll('main time + time')].map((end) => {
  const start = end.previousElementSibling;
  const dash = start.nextSibling;
  const centres = (node) => [...node.data].map((c, i) => {
    const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
    const box = r.getBoundingClientRect(); return [c, box.left + box.width / 2];
  }).filter(([c, x]) => /[^\\s\\u200e\\u2068\\u2069]/.test(c));
  const [, middle] = centres(dash).find(([c]) => c === '\u2013');
  return [start.parentNode.textContent,
    centres(start.firstChild).filter(([, x]) => x < middle).map(([c]) => c).join('')
    + ' | ' + centres(end.firstChild).filter(([, x]) => x > middle).map(([c]) => c).join('')];
})"""


@pytest.fixture(scope="module")
def riyadh_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Arabic site in a zone CLDR names by an offset (+03, marked left-to-right), with
    windows across midnight and within one day, upcoming (the front page) and past (the
    history)."""
    riyadh = ZoneInfo("Asia/Riyadh")
    windows = [
        f.maintenance(slug, datetime(*start, tzinfo=riyadh), datetime(*end, tzinfo=riyadh))
        for slug, start, end in (
            ("night", (2026, 12, 12, 23), (2026, 12, 13, 1)),
            ("day", (2026, 12, 20, 10), (2026, 12, 20, 12)),
            ("past", (2026, 11, 10, 23), (2026, 11, 11, 1)),
        )
    ]
    root = tmp_path_factory.mktemp("riyadh")
    site = f.site(maintenances=windows, language="ar", timezone="Asia/Riyadh")
    for path, data in render_site(dataclasses.replace(site, root=str(root)), NOW).items():
        assert data is not None
        (root / "public" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "public" / path).write_bytes(data)
    with static_server(root / "public") as url:
        yield url


@pytest.mark.parametrize(
    ("scripts", "zone"),
    [
        (False, ""),  # the page as written, in the site's zone
        (True, "UTC"),  # moved to a reader's zone with a Latin name, which each end then says
    ],
)
def test_each_end_of_a_range_reads_as_one_unit_right_to_left(
    page: Page, riyadh_url: str, scripts: bool, zone: str
) -> None:
    # Unisolated, "… 23:00 +03 – 13 ديسمبر …" draws the end's "13" before the dash
    # and the start's "+03" after it: the zone, the dash and the day make one
    # left-to-right run inside the right-to-left line.
    page.call("Emulation.setScriptExecutionDisabled", value=not scripts)
    page.call("Emulation.setTimezoneOverride", timezoneId=zone)
    try:
        page.goto(riyadh_url)
        front = page.evaluate(MISPLACED)
        page.goto(riyadh_url + "history/")
        history = page.evaluate(MISPLACED)
        found = []
        if scripts:
            # The search's results, which the script writes, as the list beside them.
            page.wait_for("!document.querySelector('form.history-search').hidden")
            page.evaluate(
                "(() => { const i = document.getElementById('history-q'); i.value = "
                + json.dumps("past")
                + "; i.dispatchEvent(new Event('input')); })()"
            )
            page.wait_for("document.querySelector('#history-search-results time') !== null")
            found = page.evaluate(MISPLACED.replace("main time", "#history-search-results time"))
    finally:
        page.call("Emulation.setScriptExecutionDisabled", value=False)
        page.call("Emulation.setTimezoneOverride", timezoneId="")
    assert len(front) >= 2 and history and (found or not scripts), (front, history, found)
    assert [] == [(text, wrong) for text, wrong in front + history + found if wrong != " | "]


PO_HEADER = """msgid ""
msgstr ""
"Language: th\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"""


@pytest.mark.parametrize("language", ["th", "fa"])
def test_times_in_the_readers_zone_keep_the_gregorian_year(
    page: Page, tmp_path: Path, language: str
) -> None:
    # Thai and Persian browsers count years in another calendar (2569, 1405) by default;
    # the page writes 2026, and the times the script rewrites must say the same year.
    root = site_in(tmp_path, language, {f"{language}.po": PO_HEADER.replace("th", language)})
    output = root / "public"
    build_site(root, now=EXAMPLE_NOW, base_url="https://status.example.com/", output=output)
    page.call("Emulation.setTimezoneOverride", timezoneId="America/New_York")
    try:
        with static_server(output) as url:
            page.goto(url)
            note = page.evaluate("document.querySelector('.tz-note').textContent")
            shown = page.evaluate(
                "[...document.querySelectorAll('main time:not([data-time-only])')]"
                ".map((t) => t.textContent)"
            )
    finally:
        page.call("Emulation.setTimezoneOverride", timezoneId="")
    assert "America/New_York" in note
    assert shown
    assert [] == [text for text in shown if "2026" not in text]


def test_times_in_the_readers_zone_keep_the_languages_hour(page: Page, tmp_path: Path) -> None:
    # Japanese writes the hour unpadded ("2:40"): a time moved to the reader's zone must
    # read "7:10", not "07:10", on the page, in the search results and on the chart.
    root = site_in(tmp_path, "ja")
    output = root / "public"
    build_site(root, now=EXAMPLE_NOW, base_url="https://status.example.com/", output=output)
    page.call("Emulation.setTimezoneOverride", timezoneId="Asia/Kolkata")
    try:
        with static_server(output) as url:
            page.goto(url)
            note = page.evaluate("document.querySelector('.tz-note').textContent")
            shown = page.evaluate(
                "[...document.querySelectorAll('main time')].map((t) => t.textContent)"
            )
    finally:
        page.call("Emulation.setTimezoneOverride", timezoneId="")
    assert "Kolkata" in note or "Calcutta" in note  # as the browser names it
    clocks = [m for text in shown for m in re.findall(r"(?<!\d)(\d{1,2}):\d\d", text)]
    assert [] == [hour for hour in clocks if len(hour) == 2 and hour.startswith("0")], shown
    assert [hour for hour in clocks if len(hour) == 1], shown


# An update an Arabic team wrote, as its tester typed it: code, an English list item, and
# a table wider than a phone.
ARABIC_MESSAGE = (
    """أعدنا تشغيل الخدمة بالأمر التالي:

```
$ sudo systemctl restart payments-api --with-a-long-option-that-does-not-fit-a-phone
-- 42 rows
```

شغّلنا الأمر `--dry-run` ثم `$HOME` والقيمة `-1`.

1. الخطوة الأولى: إعادة تشغيل `nginx`.
2. Second step: drain **node-7** (10.0.0.7).

| المنطقة | الخادم | الحالة | الأخطاء في الدقيقة | ملاحظات |
|---|---|---|---|---|
| eu-west-1 | db-3.eu-west-1.internal.example.com | متوقف عن العمل | 12345 | """
    + ("توقف الخادم الرئيسي عن الاستجابة وانتقلت الطلبات إلى الخادم الاحتياطي " * 2)
    + "|\n"
)


@pytest.fixture(scope="module")
def message_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Arabic site whose incident's update holds ARABIC_MESSAGE (incidents/payments/)."""
    root = tmp_path_factory.mktemp("message")
    incident = f.incident(
        "payments", NOW - timedelta(days=2), duration=timedelta(hours=7), message=ARABIC_MESSAGE
    )
    site = f.site(incidents=[incident], language="ar", timezone="Asia/Riyadh")
    for path, data in render_site(dataclasses.replace(site, root=str(root)), NOW).items():
        assert data is not None
        (root / "public" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "public" / path).write_bytes(data)
    with static_server(root / "public") as url:
        yield url


# Where each character of the text of the elements `selector` finds is drawn: its left
# edge, its line's top.
CHARACTERS = """((selector) => [...document.querySelectorAll(selector)].map((element) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
      const box = r.getBoundingClientRect();
      if (box.width) found.push([node.data[i], Math.round(box.left), Math.round(box.top)]);
    }
  }
  return [element.textContent, found];
}))"""


def test_code_in_an_arabic_message_reads_left_to_right(page: Page, message_url: str) -> None:
    # Laid out in the message's direction, `$ sudo systemctl …` read `… systemctl $` and
    # `--dry-run` read `dry-run--`; a long line showed its end first on a phone.
    page.set_width(360)
    page.goto(message_url + "incidents/payments/")
    found = page.evaluate(CHARACTERS + "('.prose pre, .prose p code')")
    assert ["$ sudo", "--dry-run", "$HOME", "-1"] == [
        text.split(" systemctl")[0] for text, _ in found if not text.startswith("nginx")
    ]
    for text, characters in found:
        first_line = [left for _, left, top in characters if top == characters[0][2]]
        assert sorted(first_line) == first_line, text  # each line's letters left to right
    # The code block shows the start of its lines, at its left edge.
    assert page.evaluate(
        "(() => { const pre = document.querySelector('.prose pre');"
        " const r = document.createRange(); r.setStart(pre.firstChild.firstChild, 0);"
        " r.setEnd(pre.firstChild.firstChild, 1);"
        " return r.getBoundingClientRect().left - pre.getBoundingClientRect().left < 20; })()"
    )


def test_an_english_item_in_an_arabic_message_ends_with_its_full_stop_on_the_right(
    page: Page, message_url: str
) -> None:
    page.set_width(1280)
    page.goto(message_url + "incidents/payments/")
    [(text, characters)] = page.evaluate(CHARACTERS + "('.prose li + li')")
    assert text.startswith("Second step")
    assert "." == max(characters, key=lambda c: c[1])[0]
    assert "S" == min(characters, key=lambda c: c[1])[0]


def test_a_table_on_a_phone_scrolls_rather_than_squeezing_its_words(
    page: Page, message_url: str
) -> None:
    # In a 431 px box the notes column was squeezed to one word a line.
    page.set_width(360)
    page.goto(message_url + "incidents/payments/")
    table = "document.querySelector('.prose table')"
    assert page.evaluate(f"{table}.scrollWidth > {table}.clientWidth")
    [(_, characters)] = page.evaluate(CHARACTERS + "('.prose td:last-child')")
    first_line = [c for c, _, top in characters if top == characters[0][2]]
    assert 2 <= len("".join(first_line).split()), "".join(first_line)


def test_a_printed_table_breaks_between_words(page: Page, message_url: str) -> None:
    # Printed, each column may break anywhere; automatic layout then squeezed the short
    # ones and split their words ("متو / قف") though the page had room for them.
    page.set_width(700)
    page.set_print(True)
    try:
        page.goto(message_url + "incidents/payments/")
        split = page.evaluate(
            "[...document.querySelectorAll('.prose td, .prose th')].flatMap((cell) => {"
            " const node = cell.firstChild; const out = [];"
            " for (const m of node.data.matchAll(/[^\\s-]+/g)) {"
            "  const r = document.createRange(); r.setStart(node, m.index);"
            "  r.setEnd(node, m.index + m[0].length);"
            "  const tops = new Set([...r.getClientRects()].map((b) => Math.round(b.top)));"
            "  if (tops.size > 1) out.push(m[0]); }"
            " return out; })"
        )
        width = page.evaluate("document.querySelector('.prose table').offsetWidth")
    finally:
        page.set_print(False)
    assert 700 >= width
    assert [] == split  # a line may end after a hyphen, never inside a word


def test_a_percentage_keeps_its_sign_on_one_side_right_to_left(
    page: Page, message_url: str
) -> None:
    # After Arabic words the sign was drawn left of the digits ("نسبة التوفر %99.96"), at
    # a line's start right of them ("98.83% خلال 90 يومًا").
    page.set_width(1280)
    page.goto(message_url + "components/api/")
    found = page.evaluate(CHARACTERS + "('.facts dd, .uptime-text')")
    signs = []
    for text, characters in found:
        for i, (c, left, _) in enumerate(characters):
            if c == "%" and i and characters[i - 1][0].isdigit():
                signs.append((text, left > characters[i - 1][1]))
    assert len(signs) >= 2, found
    assert [] == [text for text, right in signs if not right]
