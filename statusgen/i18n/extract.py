"""Maintainers' tool: collect every message of the built-in theme and the renderers, and
bring the shipped catalogs in line with them.

    python -m statusgen.i18n.extract          # rewrite statusgen.pot, merge into each .po,
                                              # compile each .mo
Translators then fill the new empty entries of each .po and run it again; the tests fail
while any shipped catalog lacks a message or leaves one empty.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from statusgen.i18n import CATALOGS, DOMAIN, SHIPPED, TEMPLATE, babel_locale
from statusgen.render.theme import message_options

PACKAGE = Path(__file__).resolve().parent.parent
# The functions that take a message: gettext's names, our N_ markers, and Jinja's, and
# Language.plural_texts (a plural message for a script to pick from).
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "plural_texts": (1, 2),
    "N_": None,
    "N_plural": (1, 2),
}
# Python modules that write words for people (pages, notifications, the sentences the
# authoring commands write in the site's language), and the built-in theme's templates.
METHOD_MAP = [
    ("i18n/__init__.py", "python"),
    ("authoring/events.py", "python"),
    ("render/**.py", "python"),
    ("notify/**.py", "python"),
    ("probe/words.py", "python"),
    ("themes/default/templates/**.html", "jinja2"),
]
_FIXED_DATE = datetime(2026, 12, 1, tzinfo=timezone.utc)
# The templates read as pages read them, or a {% trans %} block's msgid would not be the
# one pages look up.
_OPTIONS = {"themes/default/templates/**.html": message_options()}


def extract_messages() -> Catalog:
    """Every message statusgen shows, as a catalog template (msgstr empty)."""
    template = Catalog(project="statusgen", domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE,
        method_map=METHOD_MAP,
        options_map=_OPTIONS,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def compile_catalog(po: Path) -> bytes:
    """The .mo bytes of a .po file."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=babel_locale(po.parent.parent.name))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update_catalogs() -> None:
    """Write statusgen.pot, merge it into every shipped .po (English: a new message's
    msgstr is its msgid), and compile each .mo next to its .po."""
    template = extract_messages()
    # Dated as the catalogs are: a run that finds no new message changes no file.
    template.creation_date = _FIXED_DATE
    with TEMPLATE.open("wb") as handle:
        write_po(handle, template, width=100, sort_output=True, include_lineno=False)
    for name in SHIPPED:
        po = CATALOGS / name / "LC_MESSAGES" / f"{DOMAIN}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        if po.is_file():
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=babel_locale(name))
        else:
            catalog = Catalog(locale=babel_locale(name), domain=DOMAIN, project="statusgen")
        catalog.update(template, no_fuzzy_matching=True)
        if name == "en":
            # A new message reads as its id; one already worded keeps its wording: a
            # singular says "over the last hour", never "over the last 1 hour".
            for message in catalog:
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if message.id and not any(strings):
                    message.string = message.id
        catalog.obsolete.clear()
        # Headers that stay put from run to run, so a catalog's diff shows only its messages.
        catalog.header_comment = f"# statusgen's messages in {catalog.locale_identifier}."
        catalog.project, catalog.version = "statusgen", "1"
        catalog.msgid_bugs_address = catalog.last_translator = ""
        catalog.language_team = ""
        catalog.creation_date = catalog.revision_date = _FIXED_DATE
        catalog.fuzzy = False
        with po.open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True, include_lineno=False)
        po.with_suffix(".mo").write_bytes(compile_catalog(po))


if __name__ == "__main__":
    update_catalogs()
