"""SVG status badges: valid XML, readable text, a colour per status."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from factories import NOW, component, incident, site
from sitefiles import COMPONENTS, run_build, write_site

from statusgen.i18n import load_language
from statusgen.model import ComponentStatus, IncidentState, Site
from statusgen.render.badges import COLOURS, badge_svg, render_badges, text_width
from statusgen.render.context import RenderContext, render_all
from statusgen.status import compute

SVG = "{http://www.w3.org/2000/svg}"


def render(s: Site) -> dict[str, bytes]:
    return render_all(render_badges(RenderContext(s, compute(s, NOW))))


def read(data: bytes) -> tuple[str, list[str], set[str]]:
    """The badge's title, its visible texts and its fill colours."""
    root = ElementTree.fromstring(data)
    title = root.find(f"{SVG}title")
    assert title is not None and title.text is not None
    texts = [t.text or "" for t in root.iter(f"{SVG}text") if t.get("aria-hidden") != "true"]
    fills = {r.get("fill", "") for r in root.iter(f"{SVG}rect")}
    return title.text, texts, fills


def test_overall_badge_says_status_and_the_overall_status() -> None:
    title, texts, fills = read(render(site())["badge.svg"])
    assert "status: operational" == title
    assert ["status", "operational"] == texts
    assert COLOURS["operational"] in fills


def test_badges_follow_the_computed_status() -> None:
    s = site(
        incidents=[
            incident(
                "down",
                NOW - timedelta(hours=1),
                IncidentState.IDENTIFIED,
                {"api": ComponentStatus.MAJOR_OUTAGE},
            )
        ]
    )
    files = render(s)
    assert ["status", "incident"] == read(files["badge.svg"])[1]
    _, texts, fills = read(files["components/api/badge.svg"])
    assert ["Api", "major outage"] == texts
    assert COLOURS["major_outage"] in fills
    assert ["Web", "operational"] == read(files["components/web/badge.svg"])[1]


def test_names_are_escaped() -> None:
    s = site(components=[component("ab", name='A & B <"main">')], groups=[])
    title, texts, _ = read(render(s)["components/ab/badge.svg"])
    assert 'A & B <"main">: operational' == title
    assert 'A & B <"main">' == texts[0]


def luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("status", sorted(COLOURS))
def test_every_status_has_its_own_colour_and_readable_text(status: str) -> None:
    root = ElementTree.fromstring(badge_svg("status", status.replace("_", " "), COLOURS[status]))
    label_bg, message_bg = (r.get("fill", "") for r in list(root.iter(f"{SVG}rect"))[1:3])
    assert COLOURS[status] == message_bg
    label_text, message_text = (
        t.get("fill", "") for t in root.iter(f"{SVG}text") if t.get("aria-hidden") != "true"
    )
    assert contrast(label_text, label_bg) >= 4.5
    assert contrast(message_text, message_bg) >= 4.5


def test_width_grows_with_the_text_and_is_deterministic() -> None:
    assert text_width("partial outage") > text_width("operational") > text_width("up")
    short = ElementTree.fromstring(badge_svg("status", "up", "#3fb950"))
    long = ElementTree.fromstring(badge_svg("status", "degraded performance", "#dfb317"))
    assert int(long.get("width", "0")) > int(short.get("width", "0"))
    assert render(site()) == render(site())


# Names and the width of their text in pixels as Chromium draws it in a badge: each name in
# an SVG <text> with the badge's font-family="Verdana,Geneva,DejaVu Sans,sans-serif" and
# font-size="11", its getComputedTextLength() in headless Chromium on Debian (DejaVu Sans),
# rounded up to the tenth of a pixel.
DRAWN_WIDTHS = {
    "ЖУРНАЛ ШЛЮЗА МОЩНЫХ ЮЖНЫХ СИСТЕМ": 261.5,
    "журнал шлюза мощных южных систем": 227.4,
    "Шлюз платежей Щукино": 145.2,
    "ΠΥΛΗ ΠΛΗΡΩΜΩΝ ΑΘΗΝΑΣ": 150.2,
    "Πύλη πληρωμών Αθήνας": 134.9,
    "ԜԤԚ ԜԤԚ ԜԤԚ ԜԤԚ": 123.6,
    "ԝԥԛ ԝԥԛ ԝԥԛ ԝԥԛ": 104.5,
}


def test_a_cyrillic_or_greek_name_fits_its_badge(tmp_path: Path) -> None:
    """The label box holds the name as drawn with its 5 px of padding each side: wide
    letters (Ж Ш Щ Ю, Ω, the Cyrillic Supplement's Ԝ) are not cut off at the left or run
    into the status."""
    ids = {name: f"c{number}" for number, name in enumerate(DRAWN_WIDTHS)}
    components = COMPONENTS + "".join(f"- id: {cid}\n  name: {name}\n" for name, cid in ids.items())
    write_site(tmp_path, {"content/components.yaml": components})
    assert 0 == run_build(tmp_path).exit_code
    for name, drawn in DRAWN_WIDTHS.items():
        badge = ElementTree.parse(tmp_path / "public" / "components" / ids[name] / "badge.svg")
        label_box = badge.find(f"{SVG}g/{SVG}rect[@fill='#555']")
        assert label_box is not None
        assert drawn + 10 <= float(label_box.get("width", "0")), name


def test_latin_badges_keep_their_widths() -> None:
    s = site(components=[component("api", name="Payments API v2")], groups=[])
    files = render(s)
    assert "118" == ElementTree.fromstring(files["badge.svg"]).get("width")
    assert "180" == ElementTree.fromstring(files["components/api/badge.svg"]).get("width")


def test_an_arabic_badge_reads_right_to_left_label_first(tmp_path: Path) -> None:
    """A right-to-left reader meets the name first, at the right, and the name is laid out
    right to left ("API الدفع v2" from "API" at its right edge, as the page's heading)."""
    arabic = load_language(tmp_path, "ar")
    root = ElementTree.fromstring(badge_svg("API الدفع v2", "يعمل", COLOURS["operational"], arabic))
    texts = root.find(f"{SVG}g[@text-anchor='middle']")
    assert texts is not None and "rtl" == texts.get("direction")
    label, message = [t for t in texts.iter(f"{SVG}text") if t.get("aria-hidden") != "true"]
    assert "API الدفع v2" == label.text
    assert float(label.get("x", 0)) > float(message.get("x", 0))
    boxes = {r.get("fill"): float(r.get("x", 0)) for r in root.iter(f"{SVG}rect")}
    assert boxes["#555"] > boxes[COLOURS["operational"]]


def test_a_left_to_right_badge_keeps_the_label_on_the_left() -> None:
    root = ElementTree.fromstring(badge_svg("API", "operational", COLOURS["operational"]))
    assert not any(g.get("direction") for g in root.iter(f"{SVG}g"))
    label, message = [t for t in root.iter(f"{SVG}text") if t.get("aria-hidden") != "true"]
    assert float(label.get("x", 0)) < float(message.get("x", 0))
