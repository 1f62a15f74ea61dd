"""Site settings: statusgen.yaml validated into model.Settings."""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from datetime import date
from urllib.parse import SplitResult, unquote, urlsplit

from statusgen.errors import Diagnostic
from statusgen.layout import SETTINGS_FILE
from statusgen.load.fields import Fields, did_you_mean
from statusgen.load.text import decode
from statusgen.load.yamlnodes import Mapping, Scalar, parse_yaml, type_name
from statusgen.model import Settings

KEYS = (
    "title",
    "base_url",
    "description",
    "language",
    "timezone",
    "input_timezone",
    "start_date",
    "theme",
    "output",
    "history_days",
    "support_url",
    "logo",
    "favicon",
    "ingest",  # read by statusgen/ingest/rules.py, checked with the components
)
# Where an override of base_url comes from, named in its diagnostics.
BASE_URL_OVERRIDE = "--base-url/STATUSGEN_BASE_URL"
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_MAX_HISTORY_DAYS = 3650


def parse_settings(
    data: bytes, *, base_url: str | None = None, path: str = SETTINGS_FILE
) -> tuple[Settings | None, list[Diagnostic]]:
    """Validate statusgen.yaml's bytes into Settings; None and every problem when it is wrong.

    `base_url`, when given, replaces the file's value (a preview deploy builds for another host).
    """
    diagnostics: list[Diagnostic] = []
    text, problem = decode(path, data)
    if text is None:
        return None, [problem] if problem else []
    root, diagnostics = parse_yaml(text, path)
    if root is None and diagnostics:
        return None, diagnostics
    if not isinstance(root, Mapping):
        found = "empty" if root is None else type_name(root)
        diagnostics.append(
            Diagnostic(
                path,
                root.line if root else 1,
                root.column if root else 0,
                f"{path} must be a mapping of settings, not {found}",
                "write 'title: My status page' and 'base_url: https://status.example.com/'",
            )
        )
        return None, diagnostics

    fields = Fields(path, root, diagnostics)
    fields.check_keys(KEYS)
    title = fields.text("title", required=True)
    if base_url is None:
        base_url = _base_url(fields)
    else:
        base_url = _check_url(base_url, BASE_URL_OVERRIDE, diagnostics)
    settings: dict[str, object] = {}
    for key in ("description", "theme", "output"):
        value = fields.text(key)
        if value is not None:
            settings[key] = value
    for key in ("logo", "favicon"):
        path_node = fields.scalar(key)
        if path_node is None:
            continue
        parts = _split(path_node.text)
        if parts is not None and parts.scheme in ("", "http", "https") and path_node.text.strip():
            settings[key] = path_node.text.strip()
        else:
            fields.report(
                path_node,
                f"{key} must be a path in the site or an http(s) URL, not {path_node.text!r}",
                f"e.g. '{key}: images/{key}.svg' or 'https://example.com/{key}.svg'",
            )
    language = fields.scalar("language")
    if language is not None:
        if _LANGUAGE.fullmatch(language.text):
            settings["language"] = language.text
        else:
            fields.report(
                language,
                f"'{language.text}' is not a language tag",
                "use a code like en, de or pt-BR",
            )
    for key in ("timezone", "input_timezone"):
        zone = fields.scalar(key)
        if zone is None:
            continue
        if _timezone_exists(zone.text):
            settings[key] = zone.text
        else:
            fields.report(
                zone,
                f"unknown timezone '{zone.text}'",
                f"{did_you_mean(zone.text, sorted(zoneinfo.available_timezones()))}"
                "use an IANA name like Europe/Berlin or America/New_York",
            )
    start = fields.scalar("start_date")
    if start is not None:
        try:
            settings["start_date"] = date.fromisoformat(start.text.strip())
        except ValueError:
            fields.report(start, f"'{start.text}' is not a valid date", "write it as YYYY-MM-DD")
    history_days = fields.integer("history_days")
    if history_days is not None:
        if 1 <= history_days <= _MAX_HISTORY_DAYS:
            settings["history_days"] = history_days
        else:
            node = root.get("history_days")
            assert isinstance(node, Scalar)
            # The value as written, shortened: a number of thousands of digits (0x..., 1:2:3
            # sexagesimal) cannot even be turned back into decimal text.
            shown = node.text if len(node.text) <= 24 else node.text[:20] + "…"
            fields.report(
                node, f"history_days must be between 1 and {_MAX_HISTORY_DAYS}, not {shown}"
            )
    support = fields.scalar("support_url")
    if support is not None:
        parts = _split(support.text)
        scheme = parts.scheme if parts else ""
        if scheme in ("http", "https", "mailto") and len(support.text) > len(scheme) + 3:
            settings["support_url"] = support.text
        else:
            fields.report(
                support,
                f"support_url must be an http(s) or mailto: URL, not {support.text!r}",
                "e.g. https://example.com/support or mailto:support@example.com",
            )
    if diagnostics or title is None or base_url is None:
        return None, diagnostics
    return Settings(title=title, base_url=base_url, **settings), diagnostics  # type: ignore[arg-type]


def _base_url(fields: Fields) -> str | None:
    node = fields.scalar("base_url", required=True)
    if node is None:
        return None
    url = _check_url(node.text, "", [])
    if url is None:
        fields.report(node, *_url_problem(node.text))
    return url


def _check_url(url: str, source: str, diagnostics: list[Diagnostic]) -> str | None:
    """The URL ending in "/", or None after reporting why it is not an absolute http(s) URL."""
    parts = _split(url.strip())
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
        or not _plain_when_decoded(parts)
    ):
        diagnostics.append(Diagnostic(source, 0, 0, *_url_problem(url)))
        return None
    url = url.strip()
    return url if url.endswith("/") else url + "/"


# Never part of a URL as written in a settings file, and able to break out of the places
# URLs are copied to (an HTML attribute, a calendar line, a _headers rule).
_NOT_IN_URLS = frozenset("\"'<>\\^`{|}")


def _split(url: str) -> SplitResult | None:
    """The URL's parts, or None when it holds a space, quote, control character or bracket
    mismatch (urlsplit raises for "http://[", and quietly drops tabs and newlines)."""
    stripped = url.strip()
    for char in stripped:
        if char in _NOT_IN_URLS or unicodedata.category(char)[0] in "CZ":
            return None
    try:
        return urlsplit(stripped)
    except ValueError:
        return None


def _plain_when_decoded(parts: SplitResult) -> bool:
    """Whether the URL stays harmless once its %-escapes are decoded, as servers, the
    preview and the terminal see it: no control or formatting character (%0d%0a would
    print a raw line break), no backslash, and no `.` or `..` path segment (%2e%2e/ made
    the preview redirect its front page to itself forever)."""
    decoded = unquote(f"{parts.netloc}{parts.path}")
    if "\\" in decoded or any(unicodedata.category(c) in _HIDDEN for c in decoded):
        return False
    return not any(segment in (".", "..") for segment in unquote(parts.path).split("/"))


# Control, formatting and line/paragraph separator characters.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _url_problem(url: str) -> tuple[str, str]:
    return (
        f"base_url must be an absolute http(s) URL, not {url!r}",
        "e.g. https://status.example.com/ or https://example.github.io/status/",
    )


def _timezone_exists(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # "Europe" names a folder of the zone database: reading it fails with OSError.
        return False
    return True
