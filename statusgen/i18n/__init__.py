"""Words and formats for people: message catalogs and CLDR rules for the site's `language`.

Every human-readable word a build writes goes through a `Language`: its gettext
catalog for the words, Babel's CLDR data for dates, times, durations, numbers and
percentages. Machine-readable outputs (JSON, ISO times, RSS dates) never ask it.

Catalogs, first match wins for each message:
  1. the site's `translations/<language>.po`   (override any message, or add a language)
  2. the built-in `statusgen/i18n/catalogs/<language>/LC_MESSAGES/statusgen.mo`
  3. the English message id itself
`<language>` is tried from the most to the least specific form of the tag: `pt-BR`
looks for pt_BR, then pt; `zh-CN` for zh_Hans_CN, zh_CN, zh_Hans, zh.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property, lru_cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError

# Babel's formats (babel.dates, .numbers, .units) are imported where a text is formatted,
# not here: a rebuild that formats nothing new (Language.kept) never needs them, and
# importing them cost it 5-6 ms.
from markupsafe import Markup, escape

from statusgen.amounts import basis_points, duration_parts
from statusgen.errors import Diagnostic, Severity, StatusgenError, fail
from statusgen.layout import (
    BUILTIN_CATALOGS,
    BUILTIN_THEME,
    CATALOG_SUFFIX,
    SETTINGS_FILE,
    TEMPLATES_DIR,
    TRANSLATIONS_DIR,
    Misnamed,
    catalog_file,
    misnamed,
    theme_folder,
    theme_names,
)

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message
    from babel.support import Translations

DOMAIN = "statusgen"
CATALOGS = BUILTIN_CATALOGS
# The template of every message statusgen shows (python -m statusgen.i18n.extract writes it).
TEMPLATE = CATALOGS / f"{DOMAIN}.pot"
# The languages statusgen ships complete catalogs for (English is the message ids).
SHIPPED = ("en", "de", "fr", "es", "pt_BR", "it", "nl", "pl", "ja", "zh_Hans", "ar")
# Counts below this stand for their CLDR plural categories (Language.plural_texts): every
# category an integer reaches in a shipped language does so far below it.
PLURAL_PROBE = 1000


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; translated where it is shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural message for extraction where it is defined, as N_ a plain one."""
    return singular, plural


# Words that reach the templates and renderers as values (model and status labels) rather
# than as literal text: listed here so extraction finds them. tests/test_i18n.py checks
# that every label of the model is among them.
VALUE_MESSAGES = (
    # ComponentStatus.label
    N_("Operational"),
    N_("Degraded performance"),
    N_("Partial outage"),
    N_("Major outage"),
    N_("Under maintenance"),
    # IncidentState.label
    N_("Investigating"),
    N_("Identified"),
    N_("Monitoring"),
    N_("Resolved"),
    N_("Postmortem"),
    # MaintenanceState.label
    N_("Scheduled"),
    N_("In progress"),
    N_("Verifying"),
    N_("Completed"),
    # status.STATE_LABELS: a window called off (status.shown_state)
    N_("Cancelled"),
    # status.OVERALL_LABELS
    N_("All systems operational"),
    N_("Maintenance in progress"),
    N_("Status unknown"),
    # render.format.IMPACT_LABELS
    N_("No impact"),
    N_("Minor impact"),
    N_("Major impact"),
    N_("Critical impact"),
    N_("Maintenance"),
)
# The plural messages among those values, (singular, plural) as ngettext takes them.
VALUE_PLURALS = (
    # status.OVERALL_LABELS[INCIDENT] and status.ONGOING_INCIDENTS, by the incidents open
    # Translators: the home page's heading by the number of incidents open, which it does
    # not show; the embedded widget, which does not know it, says the form for many.
    N_plural("Ongoing incident", "Ongoing incidents"),
)


def formatted(*ids: str) -> bool:
    """Whether a message's translation has values filled in with %: its msgid writes a %
    (a value, `%(name)s`, or `%%`, as a `{% trans %}` block writes a percent sign). Any
    other translation is shown as written, each % a percent sign, as gettext's tools read
    a message without a format directive."""
    return any("%" in message for message in ids)


# What makes a msgid markup: a tag (`<a href=…>`, `</p>`, `<!-- -->`) or an entity
# (`&amp;`, `&#8212;`). A bare `<` or `&` is text ("R&D", "< 200 ms"), and so is its
# translation: a quote there would end the attribute it is printed in.
_MARKUP = re.compile(r"<[a-zA-Z/!][^<>]*>|&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);")


def translated_markup(translation: str, *ids: str) -> Markup:
    """A translation as a page prints it: markup as written when its msgid is markup (holds
    a tag or an entity, as `<a href="%(support)s">`), else text, escaped as Jinja escapes
    a value (`&`, `<`, `>`, `"` and `'`). A translator cannot know where a message is
    printed: a text may be an attribute's value, single- or double-quoted."""
    if any(_MARKUP.search(message) for message in ids):
        return Markup(translation)
    return escape(translation)


def tag_locale(tag: str) -> Locale | None:
    """The CLDR locale a language tag or catalog name stands for (`pt-BR`, `zh_Hant`, any
    case), None when CLDR has none."""
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


def tag_named(name: str) -> str | None:
    """The language tag of the language `name` names, in English (`German`) or, for the
    languages statusgen ships, in itself (`Deutsch`): `de`; None when it names none."""
    wanted = name.strip().casefold()
    for code in SHIPPED:
        locale = Locale.parse(code)
        said = (locale.get_display_name(lang) for lang in (code, "en"))
        if wanted in {n.casefold() for n in said if n} | {str(locale.language_name).casefold()}:
            return code.replace("_", "-")
    for code, english in Locale("en").languages.items():
        if str(english).casefold() == wanted:
            return str(code).replace("_", "-")
    return None


def shortest_tag(tag: str) -> str | None:
    """`tag` with its three-letter language code (`ger`, `deu`: ISO 639-2) written as the
    two-letter code CLDR replaces it by (`de`; `ger-CH`: `de-CH`), which BCP 47 asks for and
    browsers and screen readers read; None when it begins with no such code."""
    from babel.core import get_global

    language, dash, rest = tag.partition("-")
    if len(language) != 3:
        return None
    meant = get_global("language_aliases").get(language.lower())
    # Only a bare two-letter replacement: one with a region (`swc`: sw_CD) or a script
    # says more than the code written did.
    if not isinstance(meant, str) or len(meant) != 2:
        return None
    return f"{meant}{dash}{rest}"


def locale_name_tag(name: str) -> str | None:
    """The language tag a system locale name stands for, as `locale`, `LANG` and Poedit
    write one (`de_DE`, `pt_br`, `en_US.UTF-8`, `de_DE@euro`): `de-DE`, `pt-BR`, `en-US`,
    its three-letter language written short (`ger_CH`: `de-CH`, as shortest_tag); None
    when it is no such name."""
    from babel.core import parse_locale

    if not any(mark in name for mark in "_.@"):
        return None
    try:
        # The encoding and the modifier say nothing a page's language does.
        language, territory, script, variant, *_ = parse_locale(name)
    except ValueError:
        return None
    parts = [language, script and script.title(), territory and territory.upper(), variant]
    tag = "-".join(part for part in parts if part)
    return shortest_tag(tag) or tag


def catalog_names(tag: str) -> list[str]:
    """Catalog names for a language tag, most specific first: "pt-BR" → pt_BR, pt."""
    names: list[str] = []
    parts = tag.replace("-", "_").split("_")
    locale = tag_locale(tag)
    if locale is not None:
        lang, script, territory = locale.language, locale.script, locale.territory
        for pieces in (
            (lang, script, territory),
            (lang, territory),
            (lang, script),
            (lang,),
        ):
            if all(pieces):
                names.append("_".join(pieces))  # type: ignore[arg-type]
    # The tag as written, then its language alone, for a language Babel does not know.
    for name in ("_".join(parts), parts[0].lower()):
        if name not in names:
            names.append(name)
    return names


def babel_locale(tag: str) -> Locale:
    """The CLDR locale for a tag; English rules when CLDR has no data for it."""
    for name in catalog_names(tag):
        try:
            return Locale.parse(name)
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse("en")


# CLDR's minimumGroupingDigits, where it is not 1: a number gets its first group separator
# only with this many digits before the last group (`1234` but `12 345` in Polish, as
# browsers' Intl.NumberFormat writes them). Babel does not read it (its locale data has no
# such key, and babel.numbers groups every number of four digits or more), so it is kept
# here, from CLDR's `<numbers><minimumGroupingDigits>` in common/main/<locale>.xml
# (cldr-json's cldr-numbers-full/main/<locale>/numbers.json gives each locale's value
# resolved; these are CLDR 48's and 49's, the latter Babel 2.19's data). A locale not
# listed takes its parent's value (cldr_lineage): es-419 and pt-AO set 1 again under es
# and pt-PT. Bump statusgen.incremental.inputs.FORMAT when a value here changes.
_MIN_GROUPING_DIGITS = {
    "bg": 2,
    "es": 2,
    "es_419": 1,
    "et": 2,
    "hu": 2,
    "it": 2,
    "lv": 2,
    "pl": 2,
    "pt_PT": 2,
    "pt_AO": 1,
    "ru_UA": 2,
    "sl": 2,
}


def cldr_lineage(locale: Locale) -> Iterator[str]:
    """The CLDR names a locale inherits its data from, itself first: es_MX, es_419, es
    (CLDR's parent locales, then each name without its last part, as Babel loads them)."""
    from babel.core import get_global

    parents = get_global("parent_exceptions")
    name: str | None = str(locale)
    while name:
        yield name
        name = parents.get(name) or name.rpartition("_")[0]


def builtin_catalog(tag: str) -> Path | None:
    """The shipped .mo for the tag; a language shipped only for one country (pt_BR) also
    serves its other tags ("pt", "pt-PT")."""
    names = catalog_names(tag)
    for name in names:
        path = CATALOGS / name / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.is_file():
            return path
    language, script = names[-1], babel_locale(tag).script
    for shipped in SHIPPED:
        path = CATALOGS / shipped / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if shipped.split("_")[0] != language or not path.is_file():
            continue
        # Never across scripts: Traditional Chinese readers get no Simplified catalog.
        if script and Locale.parse(shipped).script not in (None, script):
            continue
        return path
    return None


def site_catalog_files(tag: str) -> list[str]:
    """The relative paths a site's own catalog for the tag is looked for at, in order:
    `translations/pt_BR.po`, `translations/pt-BR.po`, `translations/pt.po`."""
    spelled = (s for name in catalog_names(tag) for s in (name, name.replace("_", "-")))
    return [catalog_file(name) for name in dict.fromkeys(spelled)]


def misnamed_catalogs(root: Path, tags: Iterable[str]) -> list[Misnamed]:
    """The site's files named nearly as a catalog the languages `tags` read (`DE.po` or
    `de.po.txt` for de: layout.misnamed), measured against every language's names at once:
    a catalog one page's language reads is never another's misspelled, nor is one named
    for another language (`zh-Hant.po` beside zh-Hans), which is no mistake unread."""
    files = dict.fromkeys(relpath for tag in tags for relpath in site_catalog_files(tag))
    found = misnamed(root, list(files), distinct=_other_languages)
    said = {twin.found for twin in found}
    for tag in tags:
        for relpath in regional_catalogs(root, tag):
            if relpath not in files and relpath not in said:
                said.add(relpath)
                expected = catalog_file(tag)
                found.append(Misnamed(relpath, expected, os.path.lexists(root / expected)))
    return found


def regional_catalogs(root: Path, tag: str) -> list[str]:
    """The site's catalogs for another region of the tag's language (`translations/de_DE.po`,
    as Poedit names it, for `de`), sorted, when the tag reads none of its own. A catalog
    for one region is never read for another or for the language alone: `de_DE` may be
    meant for a `de-DE` page only, so the translator is told the name to use."""
    wanted = tag_locale(tag)
    if wanted is None or site_catalog(root, tag) is not None:
        return []
    try:
        listed = sorted(os.listdir(root / TRANSLATIONS_DIR))
    except OSError:  # no translations folder
        return []
    found: list[str] = []
    for entry in listed:
        name = entry.removesuffix(CATALOG_SUFFIX)
        locale = tag_locale(name) if name != entry else None
        if (
            locale is not None
            and locale.territory
            and locale.territory != wanted.territory
            and locale.language == wanted.language
            and _likely_script(locale) == _likely_script(wanted)
        ):
            found.append(catalog_file(name))
    return found


def _likely_script(locale: Locale) -> str | None:
    """The script a locale is written in, as CLDR's likely subtags give it where the locale
    names none: `zh_TW` is Traditional Chinese, whose catalog never serves `zh-Hans`."""
    from babel.core import get_global

    if locale.script:
        return str(locale.script)
    likely = get_global("likely_subtags")
    for key in (f"{locale.language}_{locale.territory}", locale.language):
        full = tag_locale(likely[key]) if key in likely else None
        if full is not None:
            return full.script
    return None


def _other_languages(name: str, catalog: str) -> bool:
    """Whether the catalog names `name` and `catalog` are two languages CLDR tells apart by
    language, script or region (`zh-hant`, `zh_hans`): however alike, neither is a typo."""
    found, wanted = tag_locale(name), tag_locale(catalog)
    if found is None or wanted is None:
        return False
    parts = ("language", "script", "territory")
    return any(getattr(found, p) != getattr(wanted, p) for p in parts)


def site_catalog(root: Path, tag: str) -> Path | None:
    """The site's own `translations/<name>.po` for the tag, if it has one: whatever is
    there, which reading it judges (a link to nothing is no catalog left out). One named
    nearly so (`DE.po`) is not: validation reports it (layout.misnamed)."""
    from statusgen.load.files import link_to_nothing

    for relpath in site_catalog_files(tag):
        path = root / relpath
        if os.path.lexists(path) or link_to_nothing(path, root) is not None:
            return path
    return None


def _catalog_bytes(
    path: Path,
    relpath: str,
    read: Callable[[Path], bytes] | None = None,
    *,
    outputs: Collection[str] = (),
) -> bytes:
    """The catalog's bytes, through `read` when given (a build's: context.RenderContext);
    refused when a link leads out of the site or into the output folders `outputs`."""
    from statusgen.load.files import InputError, read_input, refuse_outside

    try:
        # The site is where `relpath` starts: a translation may not link out of it.
        site = path.parents[len(Path(relpath).parts) - 1]
        refuse_outside(path, site, outputs=outputs)
        return read_input(path, site=site) if read is None else read(path)
    except InputError as error:
        raise StatusgenError([error.diagnostic(relpath)]) from None
    except OSError as exc:
        raise fail(relpath, f"cannot read the catalog: {exc}") from exc


def _site_translations(data: bytes, relpath: str, tag: str) -> Translations:
    from babel.messages.mofile import write_mo
    from babel.support import Translations

    from statusgen.i18n.pocheck import CheckedPlural, plural_forms_line
    from statusgen.load.text import unified

    catalog, problems = _read_catalog(data, relpath, tag)
    errors = [d for d in problems if d.severity is Severity.ERROR]
    if errors or catalog is None:
        raise StatusgenError(errors)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    translations = Translations(buffer, domain=DOMAIN)
    line = plural_forms_line(unified(data))
    if line is not None:
        # The site's own rule, tried on some counts only: a page's count is tried as asked.
        checked = CheckedPlural(
            translations.plural, catalog.num_plurals, relpath, line, babel_locale(tag)
        )
        translations.plural = checked
    return translations


def _read_catalog(
    data: bytes,
    relpath: str,
    tag: str,
    *,
    theme: Mapping[str, bool] | None = None,
    readers: Sequence[str] = (),
) -> tuple[Catalog | None, list[Diagnostic]]:
    """A site's .po file as a catalog (None when it cannot be read), and its problems.

    Babel reads a line with an unclosed quote as if it were closed, dropping the string's
    last character, and takes any translation: both are checked here, so that a mistake
    is reported at its line by `check` rather than shown on the pages or failing a build.
    With `theme` (the messages of the site's own templates), a translation of a text no
    page shows is a warning: a msgid statusgen changed since it was copied, or misspelled,
    would otherwise stop applying without a word; so is a plain msgstr for a text pages
    show only as a plural message, which gettext never looks up, and plural forms for one
    pages show as a plain message, whose form for 1 gettext shows for any number. A build's
    loading leaves these to `check`. `readers` are the tags of every page that reads the
    catalog (`tag` alone by default), whose header hints name them all."""
    # Babel's catalog modules only where a site has a catalog: an English site's build
    # never loads them (4 ms of every build).
    from babel.messages.plurals import get_plural

    from statusgen.i18n.pocheck import (
        FORMAT_HINT,
        context_problem,
        extra_form_problems,
        header_problems,
        language_problem,
        placeholder_problems,
        plain_plural_problem,
        plural_for_plain_problem,
        plural_forms_problem,
        po_lines,
        read_catalog,
        undecodable_line,
    )
    from statusgen.load.conflicts import conflict_markers
    from statusgen.load.text import unified

    # Read as every input is (a byte order mark, lone CR line endings), by the check and by
    # Babel alike: else line 1 is one .po cannot read, or the whole file one line.
    data = unified(data)
    # A merge left in the file is said alone, at its markers, as in every file git keeps:
    # read as .po, each marker line would be unreadable and the second side's messages
    # "translated a second time". Latin-1 never fails, and the markers are ASCII.
    conflicts = conflict_markers(relpath, data.decode("latin-1"))
    if conflicts:
        return None, conflicts
    locale = babel_locale(tag)
    # A header field Babel or gettext cannot read raised from deep inside them, the pages'
    # plural rule only when a build made them: said at its line before either reads it.
    header = header_problems(
        data, relpath, locale, [babel_locale(reader) for reader in readers or (tag,)]
    )
    if header:
        return None, header + po_lines(data, relpath)[0]
    try:
        catalog, unread = read_catalog(data, locale)
    except UnicodeDecodeError as exc:
        # Not text in its encoding (a UTF-16 file, as Notepad saves "Unicode"): said once.
        # Its lines read byte by byte would each be one .po cannot read.
        return None, [undecodable_line(data, exc.encoding, relpath)]
    problems, msgstr_lines = po_lines(data, relpath)
    language = language_problem(data, relpath, tag)
    if language is not None:
        problems.append(language)
    extra = extra_form_problems(data, msgstr_lines, relpath, get_plural(locale).num_plurals)
    problems += extra
    # A line reported above is not reported twice, nor Babel's own words for an extra
    # plural form, which it says at the message's msgid, said above at the form's line.
    said = {d.line for d in problems}
    said |= {
        at for at, forms in msgstr_lines.items() if any(d.line in forms.values() for d in extra)
    }
    for line, words in unread:
        if line not in said:
            said.add(line)
            problems.append(Diagnostic(relpath, line, 0, words, FORMAT_HINT))
    # Each text a page shows, and whether only as a plural message: a theme may show one of
    # statusgen's texts without a count, or the other way round.
    shown: dict[str, bool] | None = None
    # Whether statusgen has a translation of a message to fall back on: read, for the
    # warnings that say so, as the pages would (a theme's own message has none).
    builtin = builtin_catalog(tag) is not None
    if theme is not None:
        shown = dict(_template_messages())
        for text, plural in theme.items():
            shown[text] = shown.get(text, True) and plural
    incomplete: list[Message] = []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = tuple(message.id) if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        msgid_line = message.lineno or 0
        lines = msgstr_lines.get(msgid_line, {})
        shipped = builtin and (shown is None or ids[0] in _template_messages())
        # gettext looks a message up by its msgid alone, a plural one's too. An entry left
        # untranslated (msgstr "", as a catalog started from an older template holds) is
        # skipped, whatever its msgid: it changes no page.
        if shown is None or not any(strings):
            pass
        elif message.context is not None:
            problems.append(context_problem(data, relpath, msgid_line, message.context))
        elif ids[0] not in shown:
            problems.append(_not_shown(ids[0], relpath, msgid_line))
        elif len(ids) == 1 and shown[ids[0]]:
            line = lines.get(0, msgid_line)
            problems.append(
                plain_plural_problem(
                    catalog.num_plurals, relpath, line, _template(), shipped=shipped
                )
            )
        elif len(ids) > 1 and not shown[ids[0]]:
            problems.append(plural_for_plain_problem(relpath, msgid_line, _template()))
        if len(ids) > 1 and any(strings):
            last = max(lines.values(), default=msgid_line)
            problem = plural_forms_problem(
                strings, catalog.num_plurals, relpath, last, shipped=shipped
            )
            if problem is not None:
                # Babel would fill a missing form with the English msgid: the message is
                # left to statusgen's own catalog, which has every form.
                problems.append(problem)
                incomplete.append(message)
        for index, string in enumerate(strings):
            if string:
                problems += placeholder_problems(
                    ids, str(string), relpath, lines.get(index, msgid_line)
                )
    if any(d.severity is Severity.ERROR for d in problems):
        return None, problems
    for message in incomplete:
        catalog.delete(message.id, message.context)
    return catalog, problems


@lru_cache(maxsize=1)
def _template_messages() -> dict[str, bool]:
    """The msgid of every message statusgen shows (its template's), and whether it is a
    plural one: read only to check a site's own catalog, so that an English site's build
    never pays for it."""
    from babel.messages.pofile import read_po

    with TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    return {m.id[0] if isinstance(m.id, (tuple, list)) else m.id: m.pluralizable for m in template}


def _template() -> str:
    """statusgen's template, named as in the source repository and in any installed
    statusgen."""
    return TEMPLATE.relative_to(Path(__file__).resolve().parents[2]).as_posix()


def _not_shown(msgid: str, relpath: str, line: int) -> Diagnostic:
    template = _template()
    return Diagnostic(
        relpath,
        line,
        0,
        f"neither statusgen nor the site's templates show the text {msgid!r}: "
        "this translation has no effect",
        f"compare the msgid with {template}, whose msgids are what statusgen shows "
        "(a newer statusgen may have changed the text), or delete the entry",
        Severity.WARNING,
    )


def theme_messages(root: Path) -> dict[str, bool]:
    """The texts the site's own templates translate (`{% trans %}`, `_()`, `ngettext`), in
    its overrides and in each of its themes, each with whether only as a plural message
    (`ngettext`, `{% pluralize %}`): a site's catalog may translate them too. A template
    that cannot be read or parsed gives none (rendering says what is wrong)."""
    texts: dict[str, bool] = {}
    for _, _, _, pieces, plural in _theme_message_places(root):
        for piece in pieces:
            texts[piece] = texts.get(piece, True) and plural
    return texts


def _theme_message_places(
    root: Path,
) -> Iterator[tuple[str, str, int, tuple[str, ...], bool]]:
    """Each message of the site's own templates: the template (relative to the site), its
    name (relative to its templates/ folder, as the built-in theme names it), its line, its
    msgid (and msgid_plural), and whether it is a plural message."""
    from jinja2.ext import GETTEXT_FUNCTIONS, babel_extract

    from statusgen.load.files import InputError, list_files, read_input
    from statusgen.render.theme import message_options

    # Read as pages read them: a {% trans %} block's msgid depends on the options.
    options = message_options()
    folders = [theme_folder(root), *(theme_folder(root, name) for name in theme_names(root))]
    for folder in folders:
        templates = folder / TEMPLATES_DIR
        if not templates.is_dir():
            continue
        shown = templates.relative_to(root).as_posix()
        for path in list_files(templates, root, shown).files.values():
            try:
                data = read_input(path, site=root)
                found = list(babel_extract(io.BytesIO(data), GETTEXT_FUNCTIONS, [], options))
            except (InputError, OSError, UnicodeDecodeError):
                continue
            relpath = path.relative_to(root).as_posix()
            for line, function, message, _ in found:
                pieces = message if isinstance(message, tuple) else (message,)
                plural = function in ("ngettext", "npgettext")
                name = path.relative_to(templates).as_posix()
                yield relpath, name, line, tuple(filter(None, pieces)), plural


def untranslated_theme_messages(root: Path, tag: str, own: Catalog | None) -> list[Diagnostic]:
    """A warning at each message of the site's own templates that statusgen does not have
    (its template's msgids) and no catalog of the language `tag` translates (the site's
    `own`, statusgen's): its pages show it in English. An override copied from an older
    statusgen keeps a message statusgen has since renamed, and nothing else would say so.
    One of statusgen's own messages is no mistake: a language statusgen ships no catalog
    for shows the ones its site's catalog leaves out in English, as documented, and a
    theme copied unchanged would otherwise warn of each. None for English."""
    from babel.messages.mofile import read_mo

    builtin = builtin_catalog(tag)
    if catalog_names(tag)[-1] == "en" or (builtin is None and own is None):
        return []  # English, or no catalog at all (check_language says so)
    catalogs = [] if own is None else [own]
    if builtin is not None:
        with builtin.open("rb") as handle:
            catalogs.append(read_mo(handle))
    known = set(_template_messages())
    for catalog in catalogs:
        for message in catalog:
            strings = (
                message.string if isinstance(message.string, (tuple, list)) else [message.string]
            )
            if message.id and any(strings):
                known.add(message.id[0] if isinstance(message.id, (tuple, list)) else message.id)
    name = catalog_names(tag)[0].replace("_", "-")
    return [
        Diagnostic(
            relpath,
            line,
            0,
            f"no catalog for '{tag}' translates the message {pieces[0]!r}, which is none of "
            f"statusgen's: the '{tag}' pages show it in English",
            _untranslated_hint(template, catalog_file(name)),
            Severity.WARNING,
        )
        for relpath, template, line, pieces, _ in _theme_message_places(root)
        if pieces and pieces[0] not in known
    ]


def _untranslated_hint(template: str, catalog: str) -> str:
    """What to do about a message of the site's template `template` (its name under
    templates/) that nothing translates: compare a copy of a built-in template with the
    file it was copied from, named as it lies in the installed package (where the theme
    docs say to copy overrides from), or translate the message."""
    builtin = BUILTIN_THEME / TEMPLATES_DIR / template
    if not builtin.is_file():  # the site's own template: its messages are its own
        return f"translate it in {catalog}"
    shown = builtin.relative_to(BUILTIN_THEME.parents[2]).as_posix()
    return (
        f"if the template is a copy of the built-in {shown} (in the installed statusgen "
        "package), compare it with that file and take its msgids: one copied from an older "
        f"statusgen may keep a message since renamed; or translate it in {catalog}"
    )


class _Memo(dict[tuple[str, object], Any]):
    """Language's memo, noting the key of each text of a kept kind it is given (`added`):
    a preview's language lives on from build to build with tens of thousands of texts,
    and going through them all after every rebuild to find the few new ones cost it
    9-14 ms at 10,000 incidents (KeptTexts.to_save)."""

    def __init__(self) -> None:
        super().__init__()
        self.added: list[tuple[str, object]] = []

    def __setitem__(self, key: tuple[str, object], value: Any) -> None:
        if key[0] in _KEPT_KINDS and key not in self:
            self.added.append(key)
        super().__setitem__(key, value)


@dataclass(frozen=True)
class Language:
    """The words and formats of one language, for one build."""

    tag: str  # as written in statusgen.yaml
    translations: NullTranslations = field(default_factory=NullTranslations, compare=False)
    # Formatted dates and times by (kind, value): one update's time shows on its incident,
    # history, component and front pages, and CLDR formatting costs more than the lookup.
    # Also what the formats read off the locale ("locale", name): see `kept`.
    _memo: _Memo = field(default_factory=_Memo, compare=False, repr=False)

    @cached_property
    def locale(self) -> Locale:
        return babel_locale(self.tag)

    @property
    def direction(self) -> str:
        """ "rtl" for Arabic, Hebrew and the like, else "ltr" (HTML's dir attribute)."""
        return self._of_locale(
            "direction",
            lambda: "rtl" if self.locale.character_order == "right-to-left" else "ltr",
        )

    # --- kept between builds ---------------------------------------------------------------

    def kept(self) -> dict[tuple[str, object], object]:
        """The texts this language formatted (and what it read off the locale to do so)
        that follow from the language and Babel's CLDR data alone: kept by the cache
        between builds (`remember`), so that a rebuild formatting nothing new never loads
        the CLDR data (9 ms for English, the first time a format asks) nor formats again.
        Times joined to dates are left out (one per moment shown, and quick to join), as
        are numbers (keyed by type) and words (the catalogs change apart from Babel)."""
        return {key: value for key, value in self._memo.items() if key[0] in _KEPT_KINDS}

    def remember(self, kept: Mapping[tuple[str, object], object]) -> None:
        """Take what `kept` gave in an earlier build with the same Babel, where this
        language has formatted nothing yet."""
        memo = self._memo
        for key, value in kept.items():
            if key[0] in _KEPT_KINDS:
                memo.setdefault(key, value)  # not `added`: it came from the cache

    def kept_since_made(self) -> list[tuple[str, object]]:
        """The keys of what `kept` holds that this language formatted itself, rather than
        took from an earlier build (`remember`), in the order it formatted them."""
        return self._memo.added

    def _of_locale(self, name: str, read: Callable[[], _V]) -> _V:
        """What `read()` reads off the locale, read once (and kept between builds)."""
        key = ("locale", name)
        found = self._memo.get(key, _NOT_READ)
        if found is _NOT_READ:
            found = self._memo[key] = read()
        value: _V = found
        return value

    # --- words -------------------------------------------------------------------------

    def gettext(self, message: str) -> str:
        # A plural message's singular ("Ongoing incident", which a theme copied before it
        # became one passes to `_()`) reads its form for 1: the standard library's
        # gettext looks a plain message up that way when it finds none.
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def fill(self, message: str, values: Mapping[str, object]) -> str:
        """The translation of `message`, its values filled in (`formatted`)."""
        text = self.gettext(message)
        return text % values if formatted(message) else text

    def clauses(self, parts: Sequence[str]) -> str:
        """The parts of one label joined as the language separates clauses: `A; B` in
        English, `A؛ B` in Arabic, `A、B` in Japanese (a day bar's uptime, its events and
        what the checks saw; a chart's summary)."""
        text = parts[0] if parts else ""
        for part in parts[1:]:
            # Translators: joins two parts of one label, e.g. a day's uptime and the title
            # of an incident that day; the punctuation your language separates clauses with.
            text = self.gettext("%(first)s; %(second)s") % {"first": text, "second": part}
        return text

    def labelled(self, label: str, value: str) -> str:
        """A label and its value as one line: `Status: Investigating` in English,
        `État : Investigation` in French, `状態：調査中` in Japanese (notifications, the
        calendar's newest update, a badge's title)."""
        # Translators: a label and its value on one line; the punctuation your language puts
        # after a label (French `Statut : …`, Japanese `状態：…`).
        return self.gettext("%(label)s: %(value)s") % {"label": label, "value": value}

    def sentence(self, text: str) -> str:
        """`text` ended as a sentence: `A.` in English, `A。` in Japanese."""
        # Translators: ends a sentence put together from other messages (a chart's summary).
        return self.gettext("%(sentence)s.") % {"sentence": text}

    def plural_categories(self, below: int) -> tuple[str, ...]:
        """The CLDR plural category ("one", "few", "other"…) of each number below `below`."""
        return self._of_locale(
            f"plural below {below}", lambda: tuple(map(self.locale.plural_form, range(below)))
        )

    def plural_texts(self, singular: str, plural: str) -> dict[str, str]:
        """The translation of a plural message for each CLDR plural category of the language
        that a count reaches, and for "other" always, for a script that picks by category
        (Intl.PluralRules) and falls back to "other" (a browser without it)."""
        # The catalog's Plural-Forms need not split numbers as CLDR does: pt-PT reads the
        # pt-BR catalog, whose `n > 1` makes 0 singular where CLDR puts it in "other" with
        # 2, 5 and 22. So no single number speaks for a category: each takes the text the
        # catalog gives most of its numbers (the smallest number's text on a tie).
        categories = self.plural_categories(PLURAL_PROBE)
        texts = (self.ngettext(singular, plural, n) for n in range(PLURAL_PROBE))
        best: dict[str, tuple[int, str]] = {}
        counted = Counter(zip(categories, texts, strict=True))
        # In the order first met, so from the smallest number up.
        for (category, text), count in counted.items():
            if count > best.get(category, (0, ""))[0]:
                best[category] = (count, text)
        if "other" not in best:
            # Polish counts whole numbers as "one", "few" and "many" alone ("other" is
            # for 1.5): the text the catalog gives most numbers, its plural ("5 wyników").
            most = Counter[str]()
            for (_, text), count in counted.items():
                most[text] += count
            best["other"] = (0, most.most_common(1)[0][0])
        return {category: text for category, (_, text) in best.items()}

    # --- CLDR formats --------------------------------------------------------------------

    def date(self, day: dt.date) -> str:
        """`Nov 22, 2026` (en), `22. Nov. 2026` (de): CLDR's yMMMd."""
        key = ("date", day)
        text = self._memo.get(key)
        if text is None:
            text = self._memo[key] = self._skeleton("yMMMd", day)
        return text

    def day_month(self, day: dt.date) -> str:
        """`Nov 22`, `22. Nov.`, `11月22日`: CLDR's MMMd, for a chart's axis."""
        key = ("day_month", day)
        text = self._memo.get(key)
        if text is None:
            text = self._memo[key] = self._skeleton("MMMd", day)
        return text

    def month(self, day: dt.date) -> str:
        """`November 2026`, `novembre 2026`, `2026年11月`: CLDR's yMMMM, standalone."""
        # By month, not by day: every event of a history page asks, and the day is not shown.
        key = ("month", (day.year, day.month))
        text = self._memo.get(key)
        if text is None:
            text = self._memo[key] = self._skeleton("yMMMM", day)
        return text

    def time(self, local: dt.datetime) -> str:
        """`19:41`: a 24-hour clock in every language, as status pages write times."""
        # By hour and minute, all "Hm" shows: one text for each minute of the day.
        key = ("time", (local.hour, local.minute))
        text = self._memo.get(key)
        if text is None:
            text = self._memo[key] = self._skeleton("Hm", local)
        return text

    def zone(self, local: dt.datetime) -> str:
        """The zone's short name in the language (`MEZ` in German) when CLDR has one, else
        the zone database's abbreviation (`CET`, `UTC`; for a zone that has none, its
        offset, `+03`, signed as the language signs numbers)."""
        key = ("zone", (local.tzinfo, local.tzname()))
        name = self._memo.get(key)
        if name is None:
            from babel import dates as cldr_dates

            name = cldr_dates.format_time(local, "z", locale=self.locale)
            # Without a short name CLDR gives an offset, or (es-419, es-MX) the long name,
            # which would follow every time on the page ("14:40 hora estándar de Europa
            # central"): both mean it has no short name for the zone in the language.
            if (
                name[:1] in "+-"
                or name.startswith(("GMT", "UTC+", "UTC-"))
                or name == cldr_dates.format_time(local, "zzzz", locale=self.locale)
            ):
                name = local.tzname() or name
            if name[:1] in "+-":
                # The database names Riyadh's zone "+03": in a right-to-left line the sign
                # would be drawn after the digits ("03+"). CLDR's signs carry what keeps
                # them in place (Arabic's U+200E, a left-to-right mark), as Babel writes
                # every number; plain "+" and "-" in the languages that need none.
                from babel import numbers as cldr_numbers

                if name[0] == "+":
                    name = cldr_numbers.get_plus_sign_symbol(self.locale) + name[1:]
                else:
                    name = cldr_numbers.get_minus_sign_symbol(self.locale) + name[1:]
            self._memo[key] = name
        return name

    def _skeleton(self, skeleton: str, moment: dt.date | dt.datetime) -> str:
        """Babel's format_skeleton, its pattern looked up once: a skeleton the language
        lacks ("yMMMd" in English) is matched to the nearest on every call, 0.1-0.3 ms
        each, for every day of every uptime bar."""
        from babel import dates as cldr_dates

        if moment is None:  # Babel would format the machine's clock: a build has only --now
            raise TypeError(f"no date to format as {skeleton!r}: got None")
        pattern = self._skeleton_pattern(skeleton)
        return cldr_dates.format_datetime(moment, pattern, locale=self.locale)

    def _skeleton_pattern(self, skeleton: str) -> Any:
        """The language's pattern for a CLDR skeleton, or the nearest one's, looked up once."""
        key = ("skeleton", skeleton)
        pattern = self._memo.get(key)
        if pattern is None:
            from babel import dates as cldr_dates

            known = self.locale.datetime_skeletons
            if skeleton not in known:
                skeleton = cldr_dates.match_skeleton(skeleton, known) or skeleton
            pattern = self._memo[key] = known[skeleton]
        return pattern

    def join_date_time(self, day: str, time: str) -> str:
        """A date and a time joined by the language's pattern (`{1}, {0}` in English)."""
        return self.date_time_pattern.replace("{1}", day).replace("{0}", time)

    @property
    def date_time_pattern(self) -> str:
        """The pattern join_date_time fills, `{1}` the date and `{0}` the time: its, and
        the search script's."""
        # Looked up once: every time shown on every page is joined with it.
        return self._of_locale(
            "date_time", lambda: str(self.locale.datetime_formats.get("medium", "{1} {0}"))
        )

    def datetime(self, moment: dt.datetime, tz: ZoneInfo) -> str:
        """`Nov 22, 2026, 19:41 CET`: in the site's zone, which is named."""
        # With the offset: two datetimes of one zone compare by their wall time, so the two
        # 02:30 of the night the clocks go back would be one key.
        key = ("datetime", (moment, moment.utcoffset(), tz.key))
        text = self._memo.get(key)
        if text is None:
            local = moment.astimezone(tz)
            text = self._memo[key] = self.join_date_time(
                self.date(local.date()), f"{self.time(local)} {self.zone(local)}"
            )
        return text

    def duration(self, span: timedelta) -> str:
        """`52 min`, `1 hr, 4 min`, `3 days, 2 hr`: at most two CLDR units."""
        if span.total_seconds() < 60:
            return self.gettext("less than a minute")
        days, hours, minutes = duration_parts(span)
        # By the units it shows (a day or more shows no minutes): every incident's page
        # and feed entry asks, and open incidents' pages check it on every build.
        key = ("duration", (days, hours, 0 if days else minutes))
        text: str | None = self._memo.get(key)
        if text is not None:
            return text
        if days:
            parts = [self._unit(days, "duration-day", "long")]
            if hours:
                parts.append(self._unit(hours, "duration-hour"))
        else:
            parts = [self._unit(hours, "duration-hour")] if hours else []
            if minutes:
                parts.append(self._unit(minutes, "duration-minute"))
        text = self._memo[key] = self._units_list(parts)
        return text

    def days_ago(self, days: int) -> str:
        """`90 days ago`, `vor 90 Tagen`, `90 日前`: CLDR's relative day; `today`, `heute`,
        `今日` for 0, which a count would put in the future ("in 0 days")."""
        key = ("days_ago", days)
        text = self._memo.get(key)
        if text is None:
            today = self._today() if days == 0 else None
            text = self._memo[key] = today or self._days_count(days)
        return text

    def _days_count(self, days: int) -> str:
        from babel import dates as cldr_dates

        text = cldr_dates.format_timedelta(
            -timedelta(days=days),
            granularity="day",
            threshold=math.inf,
            add_direction=True,
            format="long",
            locale=self.locale,
        )
        # Babel writes the count's bare digits ("vor 3650 Tagen"): as the language writes
        # numbers, as everywhere else on the page ("vor 3.650 Tagen").
        return str(text).replace(str(days), self.number(days), 1)

    def _today(self) -> str | None:
        """CLDR's word for the day of now (`today`, `heute`): its relative day 0; None
        where the locale's data lacks it (the count is said then)."""
        from babel import localedata

        fields = localedata.load(str(self.locale)).get("date_fields", {})
        today = fields.get("day", {}).get("relative", {}).get(0)
        return str(today) if today else None

    def _unit(self, value: int, unit: str, length: Literal["short", "long"] = "short") -> str:
        from babel import units as cldr_units

        text: str = cldr_units.format_unit(value, unit, length=length, locale=self.locale)
        # Babel groups the count as `number` would without CLDR's minimumGroupingDigits
        # ("1 234 dni" in Polish): written as `number` writes it, as everywhere on the page.
        from babel import numbers as cldr_numbers

        grouped = str(cldr_numbers.format_decimal(value, locale=self.locale))
        return text.replace(grouped, self.number(value), 1)

    def _units_list(self, parts: list[str]) -> str:
        if len(parts) == 1:
            return parts[0]
        patterns = self.locale.list_patterns
        for style in ("unit-short", "unit", "standard"):
            found = patterns.get(style)
            if found is None:
                continue
            for key in ("2", "end"):
                if key in found:
                    return str(found[key]).replace("{0}", parts[0]).replace("{1}", parts[1])
        return " ".join(parts)

    def join(self, items: Sequence[str]) -> str:
        """`A, B, and C`, `A, B und C`, `A、B、C`: CLDR's list of names, for readers.
        Markup items give markup, with the pattern's own text escaped."""
        if len(items) < 2:
            return items[0] if items else ""
        start, middle, end, two = self.list_patterns
        markup = any(isinstance(item, Markup) for item in items)

        def fill(pattern: str, first: str, second: str) -> str:
            if markup:
                return Markup(escape(pattern)).format(first, second)
            return pattern.format(first, second)

        if len(items) == 2:
            return fill(two, items[0], items[1])
        text = fill(start, items[0], items[1])
        for item in items[2:-1]:
            text = fill(middle, text, item)
        return fill(end, text, items[-1])

    @property
    def list_patterns(self) -> tuple[str, str, str, str]:
        """CLDR's standard list patterns (start, middle, end, two), read once: `join`'s,
        and the search script's."""

        def read() -> tuple[str, str, str, str]:
            found = self.locale.list_patterns["standard"]
            return (str(found["start"]), str(found["middle"]), str(found["end"]), str(found["2"]))

        return self._of_locale("list", read)

    @property
    def date_fields(self) -> tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]:
        """`date`'s CLDR pattern for a script to fill: its text with `%(field)s` where a
        field goes (`%(d)s. %(MMM)s %(y)s`), and each field's texts as Babel writes them:
        31 days, 12 months, none for a year (its digits, padded to the field's length),
        one for any other field (an era). The search script writes its results' dates so,
        as the history list beside them does."""
        return self._of_locale("date_fields", lambda: self._pattern_fields("yMMMd"))

    @property
    def month_fields(self) -> tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]:
        """`month`'s CLDR pattern for a script to fill, as date_fields gives `date`'s
        (`%(LLLL)s %(y)s`): the search script finds an event by its month's heading in
        the history ("November 2026")."""
        return self._of_locale("month_fields", lambda: self._pattern_fields("yMMMM"))

    def _pattern_fields(self, skeleton: str) -> tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]:
        """The pattern of `skeleton` with `%(field)s` for each field, and each field's texts
        (date_fields)."""
        from babel import dates as cldr_dates

        # The pattern's text with `%(field)s` for each field (Babel's DateTimePattern).
        text = str(cldr_dates.parse_pattern(self._skeleton_pattern(skeleton)).format)
        fields: list[tuple[str, tuple[str, ...]]] = []
        for name in dict.fromkeys(re.findall(r"%\((\w+)\)s", text)):
            days: Sequence[dt.date]
            if name[0] == "d":
                days = [dt.date(2000, 1, day) for day in range(1, 32)]
            elif name[0] in "ML":
                days = [dt.date(2000, month, 1) for month in range(1, 13)]
            elif name[0] == "y":
                days = []
            else:
                days = [dt.date(2000, 1, 1)]
            texts = (cldr_dates.format_datetime(d, name, locale=self.locale) for d in days)
            fields.append((name, tuple(map(str, texts))))
        return text, tuple(fields)

    @property
    def time_pattern(self) -> str:
        """`time`'s CLDR pattern for a script to fill: its text with `%(field)s` where the
        hour and the minute go (`%(HH)s:%(mm)s`, `%(H)s.%(mm)s`), each in Latin digits
        padded to the field's length, as Babel writes them."""

        def read() -> str:
            from babel import dates as cldr_dates

            return str(cldr_dates.parse_pattern(self._skeleton_pattern("Hm")).format)

        return self._of_locale("time_pattern", read)

    @property
    def hour_digits(self) -> str:
        """How `time` writes the hour, as a browser's Intl.DateTimeFormat names it:
        `2-digit` where the language's pattern pads it (`07:10`), `numeric` where it does
        not (Japanese `7:10`), so a script writing times in the reader's zone keeps it."""
        return "2-digit" if "%(HH)s" in self.time_pattern else "numeric"

    def zone_names(self, tz: ZoneInfo) -> dict[str, str | list[str | int]]:
        """`zone`'s name for each offset from UTC the zone has had since 1970, by minutes
        east as text (`{"60": "MEZ", "120": "MESZ"}`): for a script that knows a moment's
        offset in the zone but not the name the pages give it (a browser names Berlin's
        winter `GMT+1` in English where the pages say `CET`). An offset the zone has had
        under more than one name (Istanbul's +03:00 was EEST, then `+03`) gives its names
        in turn, each but the last followed by the moment, in seconds since 1970, from
        which the next one names it: `["EEST", 1473195600, "+03"]`."""
        key = ("zone_names", tz.key)
        names: dict[str, str | list[str | int]] | None = self._memo.get(key)
        if names is None:
            # Each offset's names in turn, with the moments between them.
            runs: dict[str, list[str | int]] = {}

            def state(utc: dt.datetime) -> tuple[str, str]:
                local = utc.astimezone(tz)
                offset = local.utcoffset() or timedelta(0)
                return str(int(offset.total_seconds()) // 60), self.zone(local)

            def end(low: dt.datetime, high: dt.datetime) -> int:
                # The second at which the state at `low` gave way, before `high`: zones
                # change on whole seconds.
                was = state(low)
                while high - low > timedelta(seconds=1):
                    middle = low + (high - low) / 2
                    low, high = (middle, high) if state(middle) == was else (low, middle)
                return int(high.timestamp())

            # Between which two samples each offset was last left.
            left: dict[str, tuple[dt.datetime, dt.datetime]] = {}
            last: tuple[dt.datetime, tuple[str, str]] | None = None
            # Twice a month, at noon UTC: no zone keeps an offset for less than a month.
            for year in range(1970, 2041):
                for month in range(1, 13):
                    for day in (1, 16):
                        utc = dt.datetime(year, month, day, 12, tzinfo=dt.timezone.utc)
                        offset, name = now = state(utc)
                        if last is not None and last[1] != now:
                            left[last[1][0]] = (last[0], utc)
                        run = runs.setdefault(offset, [name])
                        if run[-1] != name:
                            run += [end(*left[offset]), name]
                        last = (utc, now)
            names = {offset: str(run[0]) if len(run) == 1 else run for offset, run in runs.items()}
            self._memo[key] = names
        return names

    @property
    def number_grouping(self) -> tuple[str, int, int, int]:
        """How `number` groups the digits of a whole number, for a script to do the same:
        the separator, the size of the last group and of the others, and the fewest
        digits before the last group that get a separator (`,`, 3, 3, 1 in English; 3, 2
        in Hindi; `1234` but `12 345` in Polish, 2). Digits stay the ones `number` writes."""

        def read() -> tuple[str, int, int]:
            from babel import numbers as cldr_numbers

            primary, secondary = self.locale.decimal_formats[None].grouping
            return str(cldr_numbers.get_group_symbol(self.locale)), primary, secondary

        # The minimum apart, under a name of its own: what a build kept of the locale
        # before it was read (Language.kept) still says what the others are.
        return (*self._of_locale("number_grouping", read), self.min_grouping)

    @property
    def min_grouping(self) -> int:
        """CLDR's minimumGroupingDigits for the language (_MIN_GROUPING_DIGITS)."""

        def read() -> int:
            for name in cldr_lineage(self.locale):
                if name in _MIN_GROUPING_DIGITS:
                    return _MIN_GROUPING_DIGITS[name]
            return 1

        return self._of_locale("min_grouping", read)

    def percent(self, fraction: float | None) -> str:
        """`99.95%`, `99,95 %`: cut rather than rounded, so a bad day never shows as 100%.
        On a right-to-left page it starts with a left-to-right mark (U+200E)."""
        if fraction is None:
            return self.gettext("No data")
        cut = 1.0 if fraction >= 1 else basis_points(fraction) / 10_000
        key = ("percent", cut)
        text = self._memo.get(key)
        if text is None:
            parts = self._percent_parts
            if parts is not None and cut < 1:
                # As Babel writes it (below 100 %, no group separator): each component's
                # 90 days of uptime, 1,400 distinct values at 50 components, 7 µs each
                # through Babel.
                points = round(cut * 10_000)
                before, sign, after = parts
                text = f"{before}{points // 100}{sign}{points % 100:02d}{after}"
            else:
                text = self._babel_percent(cut)
            # After Arabic letters the digits count as Arabic ones and the bare sign is
            # drawn on their left ("نسبة التوفر %99.96"), at a line's start on their right:
            # a left-to-right mark keeps it on the right everywhere, as CLDR's plus sign
            # carries one (a zone named by its offset, `+03`). A percentage Babel marked
            # itself (Arabic digits' sign, U+061C) stays as written.
            if self.direction == "rtl" and not any(m in text for m in "\u200e\u200f\u061c"):
                text = "\u200e" + text
            self._memo[key] = text
        return text

    def _babel_percent(self, cut: float) -> str:
        from babel import numbers as cldr_numbers

        pattern = cldr_numbers.parse_pattern(self._percent_pattern)
        pattern.frac_prec = (0, 0) if cut == 1 else (2, 2)
        return str(pattern.apply(cut, self.locale))

    @property
    def _percent_parts(self) -> tuple[str, str, str] | None:
        """What Babel writes before a percentage below 100 %, between its whole and its
        hundredths, and after it, read off one it wrote; None when that one is not of
        the shape the digits alone would vary in."""

        def read() -> tuple[str, str, str] | None:
            found = re.fullmatch(r"(\D*)12(\D+)34(\D*)", self._babel_percent(0.1234))
            return None if found is None else (found[1], found[2], found[3])

        return self._of_locale("percent_parts", read)

    @cached_property
    def _percent_pattern(self) -> str:
        return str(self.locale.percent_formats[None].pattern)

    def number(self, value: int) -> str:
        """`1,234`, `1.234`, `1 234`: CLDR's grouping for the language."""
        key = ("number", (type(value), value))  # 1 and 1.0 are equal keys, not equal texts
        text = self._memo.get(key)
        if text is None:
            if type(value) is int and 0 <= value < self._plain_below:
                # Too few digits for a separator, in a pattern that adds nothing around
                # them: as Python writes it (each history page's number and count, 800
                # of them at 10,000 incidents, 20 µs each through Babel).
                text = str(value)
            else:
                from babel import numbers as cldr_numbers

                # Babel groups every number of four digits or more: CLDR's
                # minimumGroupingDigits leaves `1234` whole in Polish (min_grouping).
                grouped = abs(value) >= self._grouped_from
                text = str(
                    cldr_numbers.format_decimal(value, locale=self.locale, group_separator=grouped)
                )
            self._memo[key] = text
        return text

    @property
    def _grouped_from(self) -> int:
        """The smallest whole number written with a group separator (if the language's
        pattern groups at all): 1000 in English, 10000 where CLDR's minimumGroupingDigits
        is 2."""
        smallest: int = 10 ** min(self.number_grouping[1] + self.min_grouping - 1, 18)
        return smallest

    @property
    def _plain_below(self) -> int:
        """Whole numbers below this read as their plain digits in the language: its
        decimal pattern puts nothing before or after a positive number, pads none, and
        writes its first group separator from this number on (0 where any of that is not
        so)."""

        def read() -> int:
            pattern = self.locale.decimal_formats[None]
            plain = (
                not pattern.prefix[0]
                and not pattern.suffix[0]
                and pattern.int_prec[0] <= 1
                and pattern.exp_prec is None
            )
            return min(self._grouped_from, 10**9) if plain else 0

        return self._of_locale("plain_below", read)


# What Language.kept keeps: the kinds of its memo's keys. The cache holds them for one
# statusgen version and cache format: bump statusgen.incremental.inputs.FORMAT when what
# one of them writes for the same value changes.
_KEPT_KINDS = frozenset(
    {"date", "day_month", "month", "time", "zone", "duration", "percent", "days_ago", "locale"}
)
_NOT_READ = object()
_V = TypeVar("_V")

ENGLISH = Language("en")


Kept = Mapping[tuple[str, object], object]  # what Language.kept gives


class KeptTexts:
    """The texts the site's languages kept in earlier builds (Language.kept), by language
    tag, as the cache gave them; and the languages of this build that took them."""

    def __init__(self, saved: Mapping[str, Kept]) -> None:
        self.saved = saved
        self._languages: list[Language] = []

    def lend(self, language: Language) -> Language:
        """`language`, given the texts kept for its tag; to_save() asks it what it added."""
        language.remember(self.saved.get(language.tag, {}))
        self._languages.append(language)
        return language

    def to_save(self) -> dict[str, Kept] | None:
        """The kept texts of every tag, when a language of this build formatted any that
        were not saved; None when the saved ones stand."""
        texts, fresh = dict(self.saved), False
        for language in self._languages:
            saved = self.saved.get(language.tag, {})
            if any(key not in saved for key in language.kept_since_made()):
                texts[language.tag], fresh = language.kept(), True
        return texts if fresh else None


def load_language(root: Path, tag: str, read: Callable[[Path], bytes] | None = None) -> Language:
    """The site's language: its own catalog over the built-in one over English (read
    through `read` when given: the bytes the build fingerprinted).

    The same object while the catalogs are the same bytes: a long-running process
    (serve) keeps what its builds formatted (dates, durations, percentages), which a
    rebuild at 10,000 incidents would otherwise format again (about 15 ms)."""
    own = site_catalog(root, tag)
    if own is None:
        return _language(tag, None, b"")
    relpath = own.relative_to(root).as_posix()
    return _language(tag, relpath, _catalog_bytes(own, relpath, read))


@lru_cache(maxsize=8)
def _language(tag: str, relpath: str | None, catalog: bytes) -> Language:
    """load_language's Language for the site catalog `catalog` at `relpath` (None: the
    site has none)."""
    translations: NullTranslations = NullTranslations()
    builtin = builtin_catalog(tag)
    if builtin is None and relpath is None:
        # No catalog at all: the pages are English, and say so (lang="en", dir="ltr"), their
        # dates and numbers too. English words marked as Hebrew would be read aloud by a
        # screen reader as Hebrew, and laid out right to left.
        return _language("en", None, b"")
    if builtin is not None:
        # The standard library reads a compiled catalog as Babel's Translations does (one
        # domain); Babel's would import its date and number formats (7 ms), which a
        # rebuild that formats nothing new never uses.
        with builtin.open("rb") as handle:
            translations = GNUTranslations(handle)
    if relpath is not None:
        site = _site_translations(catalog, relpath, tag)
        site.add_fallback(translations)
        translations = site
    return Language(tag, translations)


def check_language(
    root: Path,
    tag: str,
    line: int = 0,
    column: int = 0,
    *,
    outputs: Collection[str] = (),
    others: Collection[str] = (),
) -> list[Diagnostic]:
    """What `check` and `build` say about a language written at `line`:`column` of the
    settings: a broken catalog of the site's own is an error; a language with no catalog
    at all (its pages would be in English), or one CLDR has no locale for (its dates and
    numbers would follow another), a warning; so is another region's catalog that one of
    the other pages' languages `others` reads, and this one does not. The catalog may not
    be a link into the output folders `outputs` (load/files.refuse_outside)."""
    diagnostics = _other_regions_catalogs(root, tag, line, column, others)
    own = site_catalog(root, tag)
    if own is None and builtin_catalog(tag) is None:
        name = catalog_names(tag)[0].replace("_", "-")
        # A catalog for a region of the language sits there unread (translations/uk_UA.po).
        regional = regional_catalogs(root, tag)
        add = (
            f"rename {regional[0]} to {catalog_file(tag)}"
            if regional
            else f"add {catalog_file(name)}"
        )
        return [
            Diagnostic(
                SETTINGS_FILE,
                line,
                column,
                f"statusgen ships no translation for language '{tag}': pages will be in English",
                f"{add} (see docs/languages.md), or use one of "
                + ", ".join(n.replace("_", "-") for n in SHIPPED),
                Severity.WARNING,
            )
        ]
    if tag_locale(tag) is None:
        fallback = str(babel_locale(tag)).replace("_", "-")
        diagnostics.append(
            Diagnostic(
                SETTINGS_FILE,
                line,
                column,
                f"CLDR has no locale '{tag}': dates and numbers will be written as for "
                f"'{fallback}'",
                "check the language and region (de-AT, pt-BR, zh-Hant); see docs/languages.md",
                Severity.WARNING,
            )
        )
    catalog: Catalog | None = None
    if own is not None:
        try:
            relpath = own.relative_to(root).as_posix()
            theme = theme_messages(root)
            data = _catalog_bytes(own, relpath, outputs=outputs)
            # Every page language that reads this file, sorted: a mistake in its header is
            # one, with one hint, whichever of them is checked first.
            readers = sorted({t for t in (*others, tag) if site_catalog(root, t) == own})
            catalog, problems = _read_catalog(data, relpath, tag, theme=theme, readers=readers)
            diagnostics += problems
        except StatusgenError as error:
            diagnostics += error.diagnostics
        if catalog is None:
            return diagnostics  # what the pages would show is said once it can be read
        if builtin_catalog(tag) is None:
            sparse = _sparse_catalog(relpath, tag, catalog)
            diagnostics += [] if sparse is None else [sparse]
    return diagnostics + untranslated_theme_messages(root, tag, catalog)


def _other_regions_catalogs(
    root: Path, tag: str, line: int, column: int, others: Collection[str]
) -> list[Diagnostic]:
    """A warning for each catalog of another region of the language (`translations/pt_BR.po`
    for `pt`) that a page in that region reads: never read for this language (as
    misnamed_catalogs says of one no page reads), its translations are not on these pages."""
    readers = {
        path.relative_to(root).as_posix(): other
        for other in others
        if (path := site_catalog(root, other)) is not None
    }
    return [
        Diagnostic(
            SETTINGS_FILE,
            line,
            column,
            f"the '{tag}' pages do not read {relpath}, the catalog of the '{readers[relpath]}' "
            f"pages: statusgen reads the file {catalog_file(tag)} for '{tag}'",
            f"copy the translations the '{tag}' pages should show into {catalog_file(tag)} "
            "(see docs/languages.md)",
            Severity.WARNING,
        )
        for relpath in regional_catalogs(root, tag)
        if relpath in readers
    ]


def _sparse_catalog(relpath: str, tag: str, catalog: Catalog) -> Diagnostic | None:
    """A warning when the site's catalog for a language statusgen ships none for leaves
    most of statusgen's messages untranslated: the pages still say they are in that
    language (and its direction), so a screen reader reads their English in its voice."""
    shown = _template_messages()
    translated = {
        message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        for message in catalog
        if message.id
        and not message.fuzzy
        and any(message.string if isinstance(message.string, (tuple, list)) else [message.string])
    }
    count, total = len(translated & shown.keys()), len(shown)
    # Half is where the page stops being mostly in its language.
    if 2 * count >= total:
        return None
    direction = ' dir="rtl"' if babel_locale(tag).character_order == "right-to-left" else ""
    return Diagnostic(
        relpath,
        1,
        1,
        f"{relpath} translates {count} of statusgen's {total} messages: the other "
        f'{total - count} are shown in English on pages marked lang="{tag}"{direction}, '
        f"which screen readers read in a '{tag}' voice",
        f"translate them ({_template()} lists every message; docs/languages.md), "
        "or remove the catalog so the pages say they are English",
        Severity.WARNING,
    )


class _Count(int):
    """A template's count, written as the language writes numbers by `%(num)s`, and still
    the number for a conversion of a number (`%(num)d`, as Jinja's docs write it): the
    language's `1.234` is no number to Python."""

    _text: str

    def __new__(cls, value: int, text: str) -> _Count:
        count = super().__new__(cls, value)
        count._text = text
        return count

    def __str__(self) -> str:
        return self._text


def template_functions(language: Language) -> dict[str, Callable[..., Markup]]:
    """`_`, `gettext` and `ngettext` for templates, as Jinja's i18n extension calls them
    with `newstyle` gettext: values given by name fill `%(name)s`, escaped, and the
    translation is markup where its msgid is, else escaped text (translated_markup).
    Jinja's own wrappers ask the template context for autoescaping on every call;
    statusgen's environment always escapes, and a page makes thousands."""

    # A message without values is the same markup every time: a page asks for dozens.
    plain: dict[str, Markup] = {}

    def gettext(message: str, /, **values: object) -> Markup:
        if values and formatted(message):
            return _filled(translated_markup(language.gettext(message), message), values, message)
        found = plain.get(message)
        if found is None:
            found = translated_markup(language.gettext(message), message)
            if formatted(message):
                # A `{% trans %}` block's %% with no values: a percent sign.
                found = _filled(found, values, message)
            plain[message] = found
        return found

    def ngettext(singular: str, plural: str, num: int, /, **values: object) -> Markup:
        # The count a message is chosen by is shown as the language writes numbers
        # ("over 2,527 days", "über 2.527 Tage"): Jinja passes it as a value too, under
        # the name `{% pluralize %}` gives it, as the same object.
        shown = _Count(num, language.number(num)) if type(num) is int else num
        values = {name: shown if value is num else value for name, value in values.items()}
        values.setdefault("num", shown)
        text = translated_markup(language.ngettext(singular, plural, num), singular, plural)
        return _filled(text, values, singular) if formatted(singular, plural) else text

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def _filled(text: Markup, values: Mapping[str, object], message: str) -> Markup:
    """`text` with `values` filled in; a value the message names and the template's call
    does not give (`_("As of %(time)s")` alone) is the template's mistake, said at its line
    with the way to give it."""
    try:
        return text % values
    except KeyError as exc:
        # A site catalog naming a value its msgid lacks never gets here: check refuses it.
        from statusgen.render.theme import value_not_given

        raise value_not_given(message, exc.args[0]) from None


def shipped_catalogs() -> Iterator[tuple[str, Path]]:
    """(name, .po path) of every catalog statusgen ships."""
    for name in SHIPPED:
        if name != "en":
            yield name, CATALOGS / name / "LC_MESSAGES" / f"{DOMAIN}.po"
