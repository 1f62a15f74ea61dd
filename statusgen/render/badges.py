"""Status badges in the flat style of shields.io: `badge.svg` for the page and
`components/<id>/badge.svg` for each component, to embed in READMEs and dashboards."""

from __future__ import annotations

from functools import partial
from html import escape

from statusgen import urls
from statusgen.i18n import ENGLISH, N_, Language
from statusgen.model import ComponentStatus
from statusgen.render.context import Output, Outputs, RenderContext
from statusgen.render.format import is_wide
from statusgen.render.markdown import contain_bidi
from statusgen.status import OverallStatus

# Background per status, close to shields.io's; the text colour is picked for contrast
# (WCAG AA, 4.5:1), so some badges have dark text where shields.io would use white.
COLOURS: dict[str, str] = {
    "operational": "#3fb950",
    "degraded_performance": "#dfb317",
    "partial_outage": "#fe7d37",
    "major_outage": "#e05d44",
    "under_maintenance": "#0969da",
    "incident": "#e05d44",
    "unknown": "#9f9f9f",
}
LABEL_COLOUR = "#555"

# Approximate advance widths of Verdana at 11px, the font shields.io measures with. The
# badge only needs a width that fits; an estimate from a fixed table keeps builds identical
# on every machine, whatever fonts it has.
_NARROW = set("fijlrtI!|.,:;'`() ")
_WIDE = set("mwMW@%")
_CAPITAL = 7.5
_DEFAULT = 6.8
_FULL_WIDTH = 11.0

# Greek and Cyrillic letters (U+0370 to U+04FF, and the Cyrillic Supplement's U+0500 to
# U+0525) from a table: Ж Ш Щ Ю are nearly four times as wide as І, and the one estimate
# they shared cut the first letters of a long Russian name off its badge. Each is measured:
# the letter alone in an SVG <text> with the badge's font-family and font-size, its
# getComputedTextLength() in headless Chromium on Debian (which draws them in DejaVu Sans),
# rounded up to the quarter pixel so that a name errs wide. U+0526 to U+052F are not in
# DejaVu Sans, so there was no letter to measure (Chromium drew a 6.6 px missing-glyph box);
# they keep the estimate, which is wider than that box. Width → the letters at most that wide.
_MEASURED: dict[float, str] = {
    3.25: "ʹͿΙΪϳІЇЈіїјӀӏ",
    3.75: "ΐίιϊ",
    4.5: "Ί",
    5.25: "ϝ",
    5.5: "ͺ",
    5.75: "ѕ",
    6: "έεζϯгзѓѯґҕҙӟӷԑ",
    6.25: "ͱͻͼͽΓνξϲсэєҁҫӭ",
    6.5: "ΰκςυχϋύϛϜвтчьҍғҭҷҹӌӡӵӻԁԇ",
    6.75: "ΡΤΥΫγδθλοπτόϙϩϭϮϷЃЎГРТУакоухяќўѫѳҎҐқҝҟҬҮүҰұҳӄӑӓӧөӫӮӯӰӱӲӳӶӽӿԟ",
    7: "ΕΞΣήημρσϐϑϡϧϫϱϵϸϼЀЁЅЕберѐёђѮҏҔһӖӗәӛԐԛ",
    7.25: "ͰͳͷΚβϏϚϻЗийлнпћѝџҘӃӞӣӥԓ",
    7.5: "άαφψϕϗϞϟϥϰцѣѵѷҋҒңӆӈӊӠӺԆԍ",
    7.75: "ΆΑΒΔΖΛΧϒϔϨϬϹϽϾϿЄАБВСХЧЬЭЯдҀҌҩҪҲҶҸҺӋӐӒӬӴӼӾԀԥ",
    8: "ЌКъҚҜҞԏԞ",
    8.25: "ͶΈΝЍИЙѥҽҿӢӤ",
    8.5: "ΗΠΩϤϪЏЛНПмѢѻҊҢӇԒ",
    8.75: "ΘΟΦΨϘϦϴЂЋДОЦыѧѪѲѴѶӅӉӎӘӚӦӨӪӹԌԎԚԤ",
    9: "Όҵԝ",
    9.25: "ΎΏωώϖϣЪѡѭѿҡ",
    9.5: "ͲΜϓϺМФфюѰҠ",
    9.75: "ΉϠЫѦѱҥҨӸԅԗ",
    10: "жљњѹҗӂӍӝԃԖԡ",
    10.25: "шҧԣ",
    10.5: "ϢщѠѤѺѾҴҼҾ",
    10.75: "ӔԄԉԋ",
    11: "ѸӕԕԙԜ",
    11.25: "ѩҤԂ",
    11.5: "ЊѬѽԘ",
    12: "ЖШЮҖҦӁӜԈԠԢ",
    12.25: "ЉЩԊ",
    13: "ѨѼԔ",
}
_LETTER_WIDTHS = {letter: width for width, letters in _MEASURED.items() for letter in letters}


def text_width(text: str) -> float:
    """Estimated width in pixels of `text` in 11px Verdana (CJK glyphs from a fallback
    font, a full em wide; Greek and Cyrillic letters as measured)."""
    width = 0.0
    for char in text:
        if char in _LETTER_WIDTHS:
            width += _LETTER_WIDTHS[char]
        elif is_wide(char):
            width += _FULL_WIDTH
        elif char in _NARROW:
            width += 3.9
        elif char in _WIDE:
            width += 10.5
        elif char.isupper() or char.isdigit():
            width += _CAPITAL
        else:
            width += _DEFAULT
    return width


def _text_colour(background: str) -> str:
    """Dark text on light backgrounds, white on dark (WCAG relative luminance)."""
    channels = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    contrast_white = 1.05 / (luminance + 0.05)
    contrast_dark = (luminance + 0.05) / 0.05  # against #000
    return "#fff" if contrast_white >= contrast_dark else "#111"


# The badge's words for each status (English message ids; badge.svg shows them translated).
BADGE_WORDS: dict[str, str] = {
    "operational": N_("operational"),
    "degraded_performance": N_("degraded performance"),
    "partial_outage": N_("partial outage"),
    "major_outage": N_("major outage"),
    "under_maintenance": N_("under maintenance"),
    "incident": N_("incident"),
    "unknown": N_("unknown"),
}
BADGE_LABEL = N_("status")


def status_words(status: str, language: Language = ENGLISH) -> str:
    """The badge's message: "operational", "partial outage", "under maintenance"."""
    return language.gettext(BADGE_WORDS.get(status, status.replace("_", " ")))


def badge_svg(label: str, message: str, colour: str, language: Language = ENGLISH) -> str:
    """A flat badge `label | message` with a <title> and aria-label for screen readers,
    which join the two as the language does (`état : opérationnel`)."""
    padding = 10
    # The width follows the two boxes' texts; the title is heard or hovered, never drawn.
    label_width = round(text_width(label)) + padding
    message_width = round(text_width(message)) + padding
    width = label_width + message_width
    # A component name's override closed where the name ends, before the status words
    # the title and aria-label join to it (the width is the name's as typed).
    label = contain_bidi(label)
    text = escape(language.labelled(label, message))
    # A right-to-left reader meets the label first at the right, as on the pages: the
    # boxes swap sides, and each text is laid out right to left ("API الدفع v2" reads
    # from "API" at its right edge, as the page's heading shows it).
    rtl = language.direction == "rtl"
    label_left = message_width if rtl else 0
    message_left = 0 if rtl else label_width
    label_x, message_x = label_left + label_width / 2, message_left + message_width / 2
    direction = ' direction="rtl"' if rtl else ""
    message_fill = _text_colour(colour)
    shadow = "#010101" if message_fill == "#fff" else "#fff"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" '
        f'role="img" aria-label="{text}">'
        f"<title>{text}</title>"
        '<linearGradient id="s" x2="0" y2="100%">'
        '<stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        '<g clip-path="url(#r)">'
        f'<rect{_x(label_left)} width="{label_width}" height="20" fill="{LABEL_COLOUR}"/>'
        f'<rect{_x(message_left)} width="{message_width}" height="20" fill="{colour}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        '<g text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" '
        f'font-size="11"{direction}>'
        f'<text x="{label_x:g}" y="15" fill="#010101" fill-opacity=".3" aria-hidden="true">'
        f"{escape(label)}</text>"
        f'<text x="{label_x:g}" y="14" fill="#fff">{escape(label)}</text>'
        f'<text x="{message_x:g}" y="15" fill="{shadow}" fill-opacity=".3" aria-hidden="true">'
        f"{escape(message)}</text>"
        f'<text x="{message_x:g}" y="14" fill="{message_fill}">{escape(message)}</text>'
        "</g></svg>\n"
    )


def _x(left: int) -> str:
    """A box's x attribute: none for the left edge, as the badge always wrote it."""
    return f' x="{left}"' if left else ""


def render_badges(context: RenderContext) -> Outputs:
    """badge.svg ("status | <overall>") and components/<id>/badge.svg ("<name> | <status>")."""
    overall: OverallStatus = context.status.overall
    language = context.language
    label = language.gettext(BADGE_LABEL)
    yield Output(urls.BADGE, partial(_svg, label, overall.value, language), (overall.value,))
    for component in context.site.components:
        status: ComponentStatus = context.status.components[component.id]
        yield Output(
            urls.component_badge(component.id),
            partial(_svg, context.standalone_name(component), status.value, language),
            (status.value,),
        )


def _svg(label: str, status: str, language: Language) -> bytes:
    words = status_words(status, language)
    return badge_svg(label, words, COLOURS[status], language).encode("utf-8")
