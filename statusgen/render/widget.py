"""What other sites embed: the <statusgen-status> element and the shields.io endpoint.

(`embed.html`, the page for an <iframe>, is a theme template and comes from html.py.)
"""

from __future__ import annotations

import json
import re
from importlib.resources import files

from statusgen import urls
from statusgen.render.badges import COLOURS, status_words
from statusgen.render.context import Output, Outputs, RenderContext
from statusgen.status import ONGOING_INCIDENTS, OVERALL_LABELS, OverallStatus

# Markers in widget.js that the build replaces; each is valid JavaScript on its own
# (`/*LABELS*/ {}`), so the source file stays runnable and lintable as it is.
LABELS_MARKER = "/*LABELS*/ {}"
SITE_MARKER = '/*SITE*/ ""'
FALLBACK_MARKER = '/*FALLBACK*/ "Status"'
LANG_MARKER = '/*LANG*/ "en"'
DIR_MARKER = '/*DIR*/ "ltr"'
MANY_MARKER = '/*MANY*/ "Ongoing incidents"'
# The key of LABELS for more than one incident open (no status is spelled so).
MANY_KEY = "incidents"


def widget_js(context: RenderContext) -> bytes:
    """widget.js with the page's status labels, their language and base URL written in."""
    source = _without_notes(files("statusgen.render").joinpath("widget.js").read_text("utf-8"))
    language = context.language
    _ = language.gettext
    labels = {status.value: _(label) for status, label in OVERALL_LABELS.items()}
    # The pill learns only that more than one incident is open (status.json's description),
    # not how many: it says so in the language's general plural form (CLDR's "other").
    singular = OVERALL_LABELS[OverallStatus.INCIDENT]
    labels[OverallStatus.INCIDENT.value] = language.ngettext(singular, ONGOING_INCIDENTS, 1)
    labels[MANY_KEY] = language.plural_texts(singular, ONGOING_INCIDENTS)["other"]
    markers = (LABELS_MARKER, SITE_MARKER, FALLBACK_MARKER, LANG_MARKER, DIR_MARKER, MANY_MARKER)
    for marker in markers:
        if source.count(marker) != 1:
            raise AssertionError(f"widget.js must hold {marker!r} exactly once")
    # json.dumps of plain strings is a valid JavaScript literal; "</" cannot close a script
    # here because the file is served on its own, never inlined into HTML. The labels stay
    # \uXXXX escapes: gzip packs those tighter than UTF-8 for Japanese and Chinese.
    source = source.replace(LABELS_MARKER, json.dumps(labels, sort_keys=True))
    source = source.replace(SITE_MARKER, json.dumps(context.base_url))
    source = source.replace(FALLBACK_MARKER, json.dumps(_("Status"), ensure_ascii=False))
    source = source.replace(LANG_MARKER, json.dumps(language.tag))
    source = source.replace(DIR_MARKER, json.dumps(language.direction))
    source = source.replace(MANY_MARKER, json.dumps(ONGOING_INCIDENTS))
    return source.encode("utf-8")


# The comments inside the code are notes for whoever maintains widget.js; every page that
# embeds the pill downloads the file, and they weigh about a quarter of it gzipped, which
# pushed a Japanese or Arabic widget.js over the 3 KB the docs promise. The usage comment
# above the code stays, for whoever opens the file from a site. A line that starts with
# `//` is always a comment here: widget.js has no string that spans lines.
_BODY = "(() => {"
_NOTE = re.compile(r"^[ \t]*//.*\n", re.MULTILINE)


def _without_notes(source: str) -> str:
    """widget.js without the comment lines inside its code (its usage comment kept)."""
    usage, body, code = source.partition(_BODY)
    if not body:
        raise AssertionError(f"widget.js must start its code with {_BODY!r}")
    return usage + body + _NOTE.sub("", code)


def shields_endpoint(context: RenderContext) -> dict[str, object]:
    """shields.io's endpoint-badge JSON, with the colour of badge.svg and its English words:
    JSON is for machines and never changes with the site's language."""
    overall = context.status.overall.value
    return {
        "schemaVersion": 1,
        "label": "status",
        "message": status_words(overall),
        "color": COLOURS[overall],
        # shields.io will not cache for less than 300 s; say so rather than be ignored.
        "cacheSeconds": 300,
    }


def render_widget(context: RenderContext) -> Outputs:
    """widget.js (the custom element) and shields.json (shields.io's endpoint-badge schema)."""
    # widget.js follows only the settings (its base URL); shields.json the overall status.
    yield Output(urls.WIDGET, lambda: widget_js(context), ())
    yield Output(urls.SHIELDS, lambda: _shields(context), (context.status.overall.value,))


def _shields(context: RenderContext) -> bytes:
    data = json.dumps(shields_endpoint(context), sort_keys=True, indent=2) + "\n"
    return data.encode("utf-8")
