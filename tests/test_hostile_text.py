"""Hostile text in content, settings and command-line options never becomes active content.

Incident text may come straight from an automated alert, so a site full of script tags,
event handlers, dangerous URLs, SVG payloads, entity tricks, Markdown link tricks and
Unicode direction overrides is built, and every output file is read back the way its
consumer reads it: HTML and feed content parsed as HTML, JSON as JSON, badges as XML, the
calendar line by line. None of it may arrive as markup or a live URL, and every payload
must still read as the literal text its author typed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from markupsafe import Markup
from sitefiles import INCIDENT_PATH, write_site

from statusgen.cli import cli
from statusgen.config import parse_settings
from statusgen.model import IncidentState
from statusgen.render.markdown import contain_bidi
from statusgen.validate import load_site

SETTINGS_BASE = b"title: T\nbase_url: https://status.example.com\n"

# --- URLs in settings and options --------------------------------------------------------

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example.com/",
    'https://status.example.com/"><script>alert(1)</script>',
    "https://status.example.com/' onmouseover='alert(1)",
    "https://status.example.com/\r\nBEGIN:VEVENT",
    "https://status.example.com/\u202egpj.exe",
    "https://status.example.com/a b",
    "http://[",
    "https://status.example.com/<svg/onload=alert(1)>",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_base_url_option_refuses_anything_but_a_plain_http_url(url: str) -> None:
    settings, problems = parse_settings(SETTINGS_BASE, base_url=url)
    assert settings is None
    # A space, a quote or a bracket in the path has a message of its own: it names each and
    # offers the address with them %-escaped, which no attribute or line can break out of.
    escapable = url.startswith("https://") and any(char in url for char in " \"'<>")
    said = "base_url may not have" if escapable else "base_url must be an absolute http(s) URL"
    assert [("--base-url/STATUSGEN_BASE_URL", said)] == [
        (p.path, p.message.split(", not")[0].split(":")[0][: len(said)]) for p in problems
    ]
    if escapable:
        assert not any(char in problems[0].hint.rpartition(": ")[2] for char in " \"'<>")


@pytest.mark.parametrize(
    ("key", "url"),
    [
        (key, url)
        for key in ("base_url", "support_url", "logo", "favicon")
        for url in HOSTILE_URLS
        # A host-relative URL is a fine logo: the browser keeps the page's scheme.
        if not (key in ("logo", "favicon") and url.startswith("//"))
    ],
)
def test_urls_in_settings_refuse_other_schemes_and_breaking_characters(key: str, url: str) -> None:
    quoted = url.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n")
    lines = [b"title: T", f'{key}: "{quoted}"'.encode()]
    if key != "base_url":
        lines.insert(1, b"base_url: https://status.example.com")
    settings, problems = parse_settings(b"\n".join(lines) + b"\n")
    assert settings is None
    assert [(2 if key == "base_url" else 3, key)] == [
        (p.line, p.message.split(" ")[0]) for p in problems
    ]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("base_url", "https://example.github.io/status/"),
        ("support_url", "mailto:support@example.com"),
        ("logo", "images/logo.svg"),
        ("favicon", "https://cdn.example.com/favicon.ico"),
    ],
)
def test_ordinary_urls_are_still_accepted(key: str, value: str) -> None:
    text = f"title: T\nbase_url: https://status.example.com\n{key}: {value}\n"
    if key == "base_url":
        text = f"title: T\nbase_url: {value}\n"
    settings, problems = parse_settings(text.encode())
    assert [] == problems
    assert settings is not None
    assert value == getattr(settings, key)


# --- a whole site of hostile text ------------------------------------------------------

# Each payload carries a marker ("xss1"...) so a test can tell which one got through.
PAYLOADS = [
    '<script>alert("xss1")</script>',
    "<img src=x onerror=alert('xss2')>",
    '<svg onload=alert("xss3")><script>alert(1)</script></svg>',
    '"><iframe src="javascript:alert(\'xss4\')"></iframe>',
    "javascript:alert('xss5')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzNicpPC9zY3JpcHQ+",
    "vbscript:msgbox('xss7')",
    "&lt;script&gt;alert('xss8')&lt;/script&gt; &amp;lt; &#60;b&#62;",
    "]]><script>alert('xss9')</script><![CDATA[",
    "<object data='x'></object><embed src='javascript:alert(\"xss10\")'>",
    "<math><mtext><style><img src=x onerror=alert('xss11')></style></mtext></math>",
    "{{ 'xss12' * 7 }} {% raw %}",
    "<a href='javascript:alert(\"xss13\")' onclick='x'>click</a>",
    "\u202exss14 txt.exe\u202c and \u2067unclosed xss15",
    'xss16" onmouseover="alert(1)" x="',
    "xss17\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT",
]
# Markdown that must not turn into a live link or image, in messages.
MARKDOWN_TRICKS = [
    "[xss20](javascript:alert(1))",
    "[xss21](JaVaScRiPt:alert(1))",
    "[xss22](data:text/html;base64,PHNjcmlwdD4=)",
    "![xss23](javascript:alert(1))",
    "[xss24](vbscript:msgbox(1))",
    "[xss25][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert('xss26')>",
    "[xss27](java&#115;cript:alert(1))",
    "[xss28](&#x6A;avascript:alert(1))",
    "[xss29](java\tscript:alert(1))",
    '[xss30](https://example.com "a\\" onmouseover=\\"alert(1)")',
]
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "srcset")
NOW = "2026-11-22T18:00:00Z"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text` (JSON strings are valid YAML)."""
    return json.dumps(text)


def hostile_site(root: Path) -> Path:
    """A valid site whose every piece of free text is a payload.

    Component c<n>, incident i<n> and maintenance m<n> carry PAYLOADS[n] as their name or
    title and description; each update message holds the payload and a Markdown trick.
    """
    joined = " ".join(PAYLOADS)
    components = [f"- name: {quoted(PAYLOADS[0])}\n  id: group\n  description: {quoted(joined)}"]
    components.append("  components:")
    for n, payload in enumerate(PAYLOADS):
        components.append(
            f"    - id: c{n}\n      name: {quoted(payload)}\n      description: {quoted(payload)}"
        )
    files: dict[str, str | bytes | None] = {
        "statusgen.yaml": (
            f"title: {quoted(joined)}\ndescription: {quoted(joined)}\n"
            "base_url: https://status.example.com/status/\ntimezone: Europe/Berlin\n"
        ),
        "content/components.yaml": "\n".join(components) + "\n",
        INCIDENT_PATH: None,
    }
    for n, payload in enumerate(PAYLOADS):
        trick = MARKDOWN_TRICKS[n % len(MARKDOWN_TRICKS)]
        # Half the incidents are still open, so the payloads are on the front page too.
        status = "investigating" if n % 2 else "resolved"
        ending = "" if n % 2 else f"## Resolved at 2026-11-20 15:{n:02d}\n{payload}\n"
        files[f"content/incidents/2026-11-20-i{n}.md"] = (
            f"---\ntitle: {quoted(payload)}\nstatus: {status}\n"
            f"components:\n  c{n}: major_outage\n---\n{payload}\n\n"
            f"## Investigating at 2026-11-20 14:{n:02d}\n{payload}\n\n{trick}\n\n{ending}"
        )
        files[f"content/incidents/2026-11-30-m{n}.md"] = (
            f"---\ntitle: {quoted(payload)}\ncomponents: [c{n}]\n"
            f"scheduled_for: 2026-11-30 02:{n:02d}\nscheduled_until: 2026-11-30 04:00\n---\n"
            f"{payload}\n\n## Scheduled at 2026-11-20 09:{n:02d}\n{payload}\n\n{trick}\n"
        )
    return write_site(root, files)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every output file of the hostile site, by path."""
    root = hostile_site(tmp_path_factory.mktemp("hostile"))
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--now", NOW, "-q"])
    assert 0 == result.exit_code, result.output
    public = root / "public"
    return {
        path.relative_to(public).as_posix(): path.read_bytes()
        for path in sorted(public.rglob("*"))
        if path.is_file()
    }


def normalised(text: str) -> str:
    """Text as a reader sees it: line endings and runs of white space made one space."""
    return " ".join(text.replace("\r\n", "\n").split())


def is_dangerous(url: str) -> bool:
    """Whether a browser would read the URL as javascript:, data: or vbscript:.

    Browsers strip leading and trailing control characters and spaces, and drop tabs and
    newlines anywhere (the WHATWG URL parser); a space inside makes it a relative path.
    """
    cleaned = url.strip("".join(map(chr, range(0x21))))
    cleaned = cleaned.replace("\t", "").replace("\n", "").replace("\r", "")
    return cleaned.lower().startswith(DANGEROUS_SCHEMES)


# The built-in theme's own scripts (times in the reader's zone, the history's search, the
# uptime bars' arrow keys): an empty element loading the theme's own fingerprinted file,
# which no content can change.
THEME_SCRIPT = re.compile(r"(/[^\s\"<>]*)?/assets/(localtime|search|bars)\.js\?v=[0-9a-f]{10}")


def is_theme_script(tag: Tag) -> bool:
    src = tag.get("src")
    return (
        tag.name == "script"
        and isinstance(src, str)
        and THEME_SCRIPT.fullmatch(src) is not None
        and not tag.get_text()
    )


def assert_inert_html(html: str, where: str) -> BeautifulSoup:
    """No script, handler, dangerous URL or embedded document in the HTML."""
    page = BeautifulSoup(html, "html.parser")
    for tag in page.find_all(True):
        if is_theme_script(tag):
            continue
        assert (
            tag.name
            not in ("script", "iframe", "object", "embed", "svg", "math", "style")[
                : 7 if tag.name != "style" or tag.find_parent("head") is None else 6
            ]
        ), f"{where}: <{tag.name}> {tag}"
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), f"{where}: {name} on {tag}"
            if name.lower() in URL_ATTRIBUTES:
                assert not is_dangerous(str(value)), f"{where}: {name}={value!r}"
    return page


def test_no_html_page_holds_active_content(built: dict[str, bytes]) -> None:
    pages = [path for path in built if path.endswith(".html")]
    assert len(pages) > 2 * len(PAYLOADS)
    for path in pages:
        assert_inert_html(built[path].decode(), path)


def test_html_pages_show_every_payload_as_typed(built: dict[str, bytes]) -> None:
    # As typed, plus the closing marks for a direction override it leaves open (see below).
    def shown(text: str) -> str:
        return normalised(contain_bidi(text))

    index = normalised(BeautifulSoup(built["index.html"], "html.parser").get_text())
    assert shown(" ".join(PAYLOADS)) in index  # the site title
    for n, payload in enumerate(PAYLOADS):
        page = BeautifulSoup(built[f"incidents/2026-11-20-i{n}/index.html"], "html.parser")
        title = page.find("h1")
        assert title is not None
        assert shown(payload) == normalised(title.get_text())
        text = normalised(page.get_text())
        # The message is Markdown, where an entity means the character: except for that
        # payload, the author's text (HTML included) is shown literally, not interpreted.
        if "&" not in payload:
            assert text.count(shown(payload)) >= 3, (n, text)  # title, summary, update
        component = BeautifulSoup(built[f"components/c{n}/index.html"], "html.parser")
        assert shown(payload) in normalised(component.get_text())


def unclosed_bidi(text: str) -> list[str]:
    """Direction overrides, embeddings and isolates `text` leaves open at its end (UAX #9)."""
    open_: list[str] = []
    for char in text:
        if char in "\u202a\u202b\u202d\u202e\u2066\u2067\u2068":
            open_.append(char)
        elif char == "\u202c" and open_ and open_[-1] not in "\u2066\u2067\u2068":
            open_.pop()
        elif char == "\u2069" and any(c in "\u2066\u2067\u2068" for c in open_):
            while open_.pop() not in "\u2066\u2067\u2068":
                pass
    return open_


def test_direction_overrides_cannot_reorder_the_text_around_them(
    built: dict[str, bytes],
) -> None:
    # Every text run and attribute closes what it opens, so the RLO in a title reverses the
    # title at most, never the status words, times or links printed after it.
    checked = 0
    for path in (p for p in built if p.endswith(".html")):
        page = BeautifulSoup(built[path], "html.parser")
        for text in page.find_all(string=True):
            assert [] == unclosed_bidi(str(text)), (path, str(text))
            checked += "\u202e" in text
        for tag in page.find_all(True):
            for value in tag.attrs.values():
                assert [] == unclosed_bidi(str(value)), (path, tag)
    assert checked > len(PAYLOADS)
    # The characters the author typed are all still there.
    page = BeautifulSoup(built["incidents/2026-11-20-i13/index.html"], "html.parser")
    h1 = page.find("h1")
    assert h1 is not None
    assert PAYLOADS[13] + "\u2069" == h1.get_text()


def test_a_theme_that_reworks_a_macros_output_cannot_leave_an_override_open(
    tmp_path: Path,
) -> None:
    # A macro's output is not looked over again when printed whole: every value printed
    # into it was contained already. What a theme makes of it, here with the title put
    # in by `replace`, is a new value, and contained as any printed value is.
    root = write_site(tmp_path / "site")
    path = root / INCIDENT_PATH
    title = "\u202eevil title \u2067unclosed"
    path.write_text(path.read_text().replace("title: Checkout errors", f"title: {quoted(title)}"))
    (root / "themes/templates").mkdir(parents=True)
    (root / "themes/templates/incident.html").write_text(
        '{% extends "builtin/incident.html" %}'
        "{% macro note() %}<p id=note>Seen: TITLE. Then the time.</p>{% endmacro %}"
        '{% block content %}{{ note()|replace("TITLE", event.title) }}{{ super() }}{% endblock %}'
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--now", NOW, "-q"])
    assert 0 == result.exit_code, result.output
    slug = Path(INCIDENT_PATH).stem
    page = BeautifulSoup((root / f"public/incidents/{slug}/index.html").read_bytes(), "html.parser")
    note = page.find(id="note")
    assert note is not None and "evil title" in note.get_text()
    # Closed where the reworked value ends (after the paragraph the theme wrote around
    # the title): nothing the page says after it is reversed.
    assert [] == unclosed_bidi(page.get_text())


# A component name, an incident title and a site title that each leave an override or
# an isolate open, with the mark that closes it.
NAME, TITLE, SITE_TITLE = "CDN\u202e", "Slow \u202eCDN", "Acme \u2067Status"
BIDI_VALUES = {NAME: "\u202c", TITLE: "\u202c", SITE_TITLE: "\u2069"}


def bidi_site(root: Path, language: str) -> dict[str, str]:
    """The HTML pages and badges of a site in `language` whose open incident's title and
    first component's name hold BIDI_VALUES, by path."""
    write_site(
        root,
        {
            "statusgen.yaml": (
                f"title: {quoted(SITE_TITLE)}\nbase_url: https://status.example.com/\n"
                f"language: {language}\ntimezone: UTC\nstart_date: 2026-11-01\n"
            ),
            "content/components.yaml": (
                f"- id: cdn\n  name: {quoted(NAME)}\n- id: api\n  name: API\n"
            ),
            INCIDENT_PATH: None,
            "content/incidents/2026-12-04-slow.md": (
                f"---\ntitle: {quoted(TITLE)}\nstatus: investigating\n"
                "components:\n  cdn: degraded_performance\n  api: degraded_performance\n---\n"
                "## Investigating at 2026-12-04 20:00 +00:00\nLooking.\n"
            ),
        },
    )
    result = CliRunner().invoke(
        cli, ["-C", str(root), "build", "--now", "2026-12-04T21:00:00Z", "-q"]
    )
    assert 0 == result.exit_code, result.output
    public = root / "public"
    return {
        path.relative_to(public).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(public.rglob("*"))
        if path.suffix in (".html", ".svg")
    }


@pytest.mark.parametrize("language", ["en", "ar", "ja"])
def test_a_value_printed_within_a_phrase_or_list_closes_its_override_where_it_ends(
    tmp_path: Path, language: str
) -> None:
    # A name in "Affects: A and B", in a bar's label or in a page's <title> is closed
    # right after it: the words after it ("and API", "· Acme Status") read as written.
    pages = bidi_site(tmp_path / "site", language)

    def after(text: str, value: str) -> list[str]:
        """What follows each time `value` is shown in `text` (its closing mark, fixed)."""
        assert value in text
        return [text[m.end()] for m in re.finditer(re.escape(value), text)]

    home = BeautifulSoup(pages["index.html"], "html.parser")
    affects = home.find("p", class_="affects")
    assert affects is not None
    assert ["\u202c"] == after(affects.get_text(), NAME)
    bars = [str(ol["aria-label"]) for ol in home.find_all("ol", class_="bars")]
    assert ["\u202c"] == after(bars[0], NAME)
    incident = BeautifulSoup(pages["incidents/2026-12-04-slow/index.html"], "html.parser")
    assert incident.title is not None
    title = incident.title.get_text()
    assert ["\u202c"] == after(title, TITLE)
    assert ["\u2069"] == after(title, SITE_TITLE)
    badge = ElementTree.fromstring(pages["components/cdn/badge.svg"])
    shown = badge.find("{http://www.w3.org/2000/svg}title")
    assert shown is not None and shown.text is not None
    assert ["\u202c"] == after(shown.text, NAME)
    assert ["\u202c"] == after(badge.attrib["aria-label"], NAME)
    # The search's results list names joined too ("A and B"), from its index.
    index = json.loads((tmp_path / "site/public/search.json").read_text(encoding="utf-8"))
    assert NAME + "\u202c" == index["components"]["cdn"]
    # Everywhere else too: the history, the component's page, the 404 page, the embed.
    for path, text in pages.items():
        for value, closer in BIDI_VALUES.items():
            assert {closer} >= set(after(text, value) if value in text else []), (path, value)


def feed_entries(data: bytes) -> list[feedparser.FeedParserDict]:
    # No sanitising: the test must see what statusgen wrote, not what a careful reader keeps.
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    assert not parsed.bozo, parsed.bozo_exception
    entries: list[feedparser.FeedParserDict] = parsed.entries
    return entries


def test_feeds_are_well_formed_and_their_html_inert(built: dict[str, bytes]) -> None:
    feeds = [p for p in built if p.endswith(("feed.xml", "atom.xml"))]
    assert len(feeds) == 2 + len(PAYLOADS)
    titles: set[str] = set()
    for path in feeds:
        for entry in feed_entries(built[path]):
            titles.add(normalised(entry.title))
            for content in entry.get("content", []) or [{"value": entry.get("summary", "")}]:
                assert_inert_html(content["value"], f"{path} {entry.id}")
    contents = " ".join(
        normalised(BeautifulSoup(entry.content[0]["value"], "html.parser").get_text())
        for entry in feed_entries(built["atom.xml"])
    )
    for payload in (p for p in PAYLOADS if "&" not in p):  # Markdown reads entities
        assert normalised(contain_bidi(payload)) in contents
    # The title is "[State] <title>", the title exactly as typed (closers added, see above).
    for payload in PAYLOADS:
        assert any(t.endswith("] " + normalised(contain_bidi(payload))) for t in titles), payload


ATOM = "{http://www.w3.org/2005/Atom}"


def shown_as_html(text: str, where: str) -> str:
    """What a reader that renders the field as HTML shows: inert, no element at all."""
    page = BeautifulSoup(text, "html.parser")
    assert [] == page.find_all(True), f"{where}: {text!r} became markup"
    return page.get_text()


def test_every_feed_text_field_reads_as_typed_even_rendered_as_html(
    built: dict[str, bytes],
) -> None:
    """Titles, descriptions and author names of every feed and entry: RSS leaves open
    whether they are HTML, so they must be inert and read as typed either way; Atom
    declares them text, so they must be exactly the typed text."""
    joined = normalised(contain_bidi(" ".join(PAYLOADS)))
    titles = {f"[{s.label}] {normalised(contain_bidi(p))}" for s in IncidentState for p in PAYLOADS}
    titles |= {
        t.replace(f"[{IncidentState.RESOLVED.label}]", f"[{s}]")
        for t in titles
        for s in ("Scheduled", "In progress", "Completed", "Verifying")
    }
    for path in [p for p in built if p.endswith(("feed.xml", "atom.xml"))]:
        root = ElementTree.fromstring(built[path])
        n = int(path.split("/")[1][1:]) if path.startswith("components/") else None
        component = "" if n is None else normalised(contain_bidi(PAYLOADS[n]))
        expected = {
            "title": joined if n is None else f"{joined}: {component}",
            "description": joined
            if n is None
            else f"Incidents and maintenance affecting {component}",
        }
        if path.endswith("atom.xml"):
            fields = {
                "title": root.find(f"{ATOM}title"),
                "description": root.find(f"{ATOM}subtitle"),
                "author": root.find(f"{ATOM}author/{ATOM}name"),
            }
            entries = root.findall(f"{ATOM}entry/{ATOM}title")
            expected["author"] = joined
            for name, element in fields.items():
                assert element is not None, f"{path}: no {name}"
                assert element.get("type", "text") == "text", f"{path}: {name}"
                assert expected[name] == normalised(element.text or ""), f"{path}: {name}"
            for element in entries:
                assert element.get("type", "text") == "text"
                assert normalised(element.text or "") in titles, f"{path}: {element.text!r}"
            continue
        channel = root.find("channel")
        assert channel is not None
        for name in ("title", "description"):
            text = channel.findtext(name) or ""
            assert expected[name] == normalised(shown_as_html(text, f"{path} {name}"))
        for item in channel.findall("item"):
            shown = normalised(shown_as_html(item.findtext("title") or "", f"{path} item"))
            assert shown in titles, f"{path}: {shown!r}"


def json_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in json_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in json_strings(item)]
    return []


def test_json_holds_the_payloads_exactly(built: dict[str, bytes]) -> None:
    paths = [p for p in built if p.endswith(".json")]
    strings: set[str] = set()
    for path in paths:
        strings.update(json_strings(json.loads(built[path])))
    summary = json.loads(built["api/v2/summary.json"])
    assert " ".join(PAYLOADS) == summary["page"]["name"]
    for payload in PAYLOADS:
        assert payload in strings
    names = {c["name"] for c in json.loads(built["api/v2/components.json"])["components"]}
    assert set(PAYLOADS) <= names
    incidents = json.loads(built["api/v2/incidents.json"])["incidents"]
    assert set(PAYLOADS) <= {i["name"] for i in incidents}
    # Messages are the Markdown as written: the JSON reader decides how to show it.
    bodies = {u["body"] for i in incidents for u in i["incident_updates"]}
    assert f"{PAYLOADS[0]}\n\n{MARKDOWN_TRICKS[0]}" in bodies


def test_badges_are_inert_svg_that_say_the_name(built: dict[str, bytes]) -> None:
    svg = "{http://www.w3.org/2000/svg}"
    for n, payload in enumerate(PAYLOADS):
        root = ElementTree.fromstring(built[f"components/c{n}/badge.svg"])
        for element in root.iter():
            assert element.tag.removeprefix(svg) not in ("script", "foreignObject", "a")
            assert not [a for a in element.attrib if a.lower().startswith("on")], element.attrib
            links = [v for k, v in element.attrib.items() if k.endswith(("href", "src"))]
            assert not [v for v in links if is_dangerous(v)]
        # XML reads a CR LF in the text as LF, as it does for any XML file. An override
        # the name opens is closed where the name ends, before the status words.
        payload = contain_bidi(payload).replace("\r\n", "\n")
        texts = [t.text for t in root.iter(f"{svg}text")]
        assert payload in texts
        title = root.find(f"{svg}title")
        assert title is not None
        status = "major outage" if n % 2 else "operational"  # odd incidents are still open
        assert f"{payload}: {status}" == title.text


def unfold(ics: str) -> list[str]:
    """The content lines of an iCalendar file (RFC 5545 §3.1): CRLF, then a space continues."""
    assert ics.endswith("\r\n")
    assert "\n" not in ics.replace("\r\n", ""), "a bare line break"
    assert "\r" not in ics.replace("\r\n", ""), "a bare carriage return"
    return ics[:-2].replace("\r\n ", "").split("\r\n")


def unescape_text(value: str) -> str:
    escapes = {"\\\\": "\\", "\\;": ";", "\\,": ",", "\\n": "\n", "\\N": "\n"}
    return re.sub(r"\\[\\;,nN]", lambda m: escapes[m[0]], value)


def test_calendar_text_cannot_inject_lines_or_events(built: dict[str, bytes]) -> None:
    lines = unfold(built["maintenance.ics"].decode())
    assert len(PAYLOADS) == lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT")
    assert 1 == lines.count("BEGIN:VCALENDAR")
    names = {line.split(":", 1)[0].split(";", 1)[0] for line in lines}
    assert "SUMMARY" in names
    assert {"BEGIN", "END", "SUMMARY", "DESCRIPTION"} <= names
    assert all(re.fullmatch(r"[A-Z][A-Z0-9-]*", name) for name in names), names
    summaries = [unescape_text(line[8:]) for line in lines if line.startswith("SUMMARY:")]
    calendar_name = [unescape_text(line[13:]) for line in lines if line.startswith("X-WR-CALNAME:")]
    # A line break in a title is an escaped newline in the text, as RFC 5545 writes it.
    assert sorted(contain_bidi(p).replace("\r\n", "\n") for p in PAYLOADS) == sorted(summaries)
    joined = contain_bidi(" ".join(PAYLOADS)).replace("\r\n", "\n")
    assert [f"{joined}: maintenance"] == calendar_name


def test_calendar_text_closes_the_direction_overrides_it_opens(built: dict[str, bytes]) -> None:
    # A calendar app shows SUMMARY and DESCRIPTION as one run each: an RLO left open in a
    # title would reverse the time or the reminder's words that the app prints after it.
    lines = unfold(built["maintenance.ics"].decode())
    texts = [
        unescape_text(line.split(":", 1)[1])
        for line in lines
        if line.split(":", 1)[0] in ("SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "X-WR-CALDESC")
    ]
    assert any("\u202e" in text for text in texts)
    assert [] == [(text, unclosed_bidi(text)) for text in texts if unclosed_bidi(text)]
    # Each part of a description closes its own: the link at its end reads as written.
    for text in texts:
        for part in (text.split("\n\n")[0], text.rsplit("\n\n", 1)[0]):
            assert [] == unclosed_bidi(part), (text, part)


def test_sitemap_and_host_files_are_well_formed(built: dict[str, bytes]) -> None:
    root = ElementTree.fromstring(built["sitemap.xml"])
    locations = [
        loc.text or "" for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert "https://status.example.com/status/" in locations
    assert all(loc.startswith("https://status.example.com/status/") for loc in locations)
    for path in ("robots.txt", "_headers"):
        assert "xss" not in built[path].decode()


# --- the authoring commands --------------------------------------------------------------

# Beside the payloads, text that means something in the incident file format itself.
FORMAT_TRICKS = [
    "---\ntitle: injected\nstatus: resolved\n---",
    "## Resolved at 2026-11-22 18:00",
    "status: resolved",
    "# heading\n\n## Identified at 2026-11-22 18:30\ninjected update",
]


def test_titles_and_messages_from_the_command_line_arrive_as_typed(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {INCIDENT_PATH: None})
    texts = [*PAYLOADS, *FORMAT_TRICKS]
    for text in texts:
        # "--" so a title starting with "-" is still a title.
        opened = CliRunner().invoke(
            cli,
            ["-C", str(root), "new", "incident", "--now", NOW, "-c", "api", "-m", text, "--", text],
        )
        assert 0 == opened.exit_code, opened.output
        slug = opened.output.split("content/incidents/")[1].split(".md")[0]
        later = "2026-11-22T18:50:00Z"
        update = ["update", slug, "--now", later, "--status", "identified", "-m", text]
        updated = CliRunner().invoke(cli, ["-C", str(root), *update])
        assert 0 == updated.exit_code, updated.output

    site = load_site(root)
    assert len(texts) == len(site.incidents)
    # A title is one line: its line breaks become spaces. Nothing else changes.
    assert sorted(normalised(t) for t in texts) == sorted(i.title for i in site.incidents)
    assert {IncidentState.IDENTIFIED} == {i.state for i in site.incidents}
    assert {2} == {len(i.updates) for i in site.incidents}

    # Built after the second update, so the page shows both.
    built = ["build", "--now", "2026-11-22T18:50:00Z", "-q"]
    result = CliRunner().invoke(cli, ["-C", str(root), *built])
    assert 0 == result.exit_code, result.output
    for incident in site.incidents:
        path = f"incidents/{incident.slug}/index.html"
        page = assert_inert_html((root / "public" / path).read_text(), path)
        title = page.find("h1")
        assert title is not None
        assert normalised(contain_bidi(incident.title)) == normalised(title.get_text())
        title.extract()
        body = normalised(page.body.get_text() if page.body else "")
        typed = next(t for t in texts if normalised(t) == incident.title)
        # Messages are Markdown: the format tricks are rules and headings there, and an entity
        # is its character; every other payload, HTML included, is shown as typed.
        if typed in PAYLOADS and "&" not in typed:
            assert body.count(normalised(contain_bidi(typed))) >= 2, body  # both updates


def test_references_to_characters_no_feed_can_carry_are_dropped_from_typed_messages(
    tmp_path: Path,
) -> None:
    """An alert's `&#1;`, given to `new -m` or `update -m`, made a file `build` could not
    publish; shown as typed in code, it is kept."""
    root = write_site(tmp_path / "site", {INCIDENT_PATH: None})
    message = "Disk &#1; full, &&#x1B;#x1B; `&#1;` kept"
    new = ["new", "incident", "--now", NOW, "-c", "api", "-m", message, "Disk"]
    opened = CliRunner().invoke(cli, ["-C", str(root), *new])
    assert 0 == opened.exit_code, opened.output
    slug = opened.output.split("content/incidents/")[1].split(".md")[0]
    update = ["update", slug, "--now", "2026-11-22T18:10:00Z", "-m", "More &#xFFFE;."]
    updated = CliRunner().invoke(cli, ["-C", str(root), *update])
    assert 0 == updated.exit_code, updated.output

    (incident,) = load_site(root).incidents
    assert ["Disk  full,  `&#1;` kept", "More ."] == [u.message for u in incident.updates]
    built = CliRunner().invoke(cli, ["-C", str(root), "build", "--now", NOW, "-q"])
    assert 0 == built.exit_code, built.output


def test_a_reference_dropped_at_a_line_end_leaves_no_blanks_there(tmp_path: Path) -> None:
    """Dropped at the end of a line, a reference left the blanks before it in the file
    (`ok &#x1F600; `): blanks at the end of a line, where the author typed none."""
    root = write_site(tmp_path / "site", {INCIDENT_PATH: None})
    new = ["new", "incident", "--now", NOW, "-c", "api", "-m", "Disk full", "Disk"]
    opened = CliRunner().invoke(cli, ["-C", str(root), *new])
    assert 0 == opened.exit_code, opened.output
    path = root / "content" / "incidents" / opened.output.split("content/incidents/")[1]
    path = path.with_name(path.name.split(".md")[0] + ".md")
    message = "Fixed &mdash; ok &#x1F600; &#0;\n\nDisks  &#1; \nswapped."
    update = ["update", path.stem, "--now", "2026-11-22T18:10:00Z", "-m", message]
    updated = CliRunner().invoke(cli, ["-C", str(root), *update])
    assert 0 == updated.exit_code, updated.output

    written = path.read_text(encoding="utf-8")
    assert written.endswith("\n\nFixed &mdash; ok &#x1F600;\n\nDisks\nswapped.\n"), written
    assert [] == [line for line in written.splitlines() if line != line.rstrip()]


@pytest.mark.parametrize(
    ("message", "written"),
    [
        ("&#1;Components: api=major_outage", "&#32;Components: api=major_outage"),
        ("`&#1;`&#1;`` x", "```` x\n````"),  # closed, as a fence typed so is
        ("&#1;## Resolved at 2026-11-30 11:00", "\\## Resolved at 2026-11-30 11:00"),
        ("&#1;<!-- x", "\\<!-- x"),
        ("&#1;<<<<<<< HEAD", "\\<<<<<<< HEAD"),
    ],
    ids=["components-line", "fence", "heading", "comment", "merge-marker"],
)
def test_text_left_by_a_dropped_reference_stays_text_of_the_message(
    tmp_path: Path, message: str, written: str
) -> None:
    """The reference was dropped after the escaping: what it had kept from the start of
    the line became a status change, an open fence, or a file refused at lines never
    written (a traceback for `new incident`)."""
    root = write_site(tmp_path / "site", {INCIDENT_PATH: None})
    new = ["new", "incident", "--now", NOW, "-c", "api", "-m", "Disk full", "Disk"]
    opened = CliRunner().invoke(cli, ["-C", str(root), *new])
    assert 0 == opened.exit_code, opened.output
    slug = opened.output.split("content/incidents/")[1].split(".md")[0]
    update = ["update", slug, "--now", "2026-11-22T18:10:00Z", "-m", message]
    updated = CliRunner().invoke(cli, ["-C", str(root), *update])
    assert 0 == updated.exit_code, updated.output
    new = ["new", "incident", "--now", NOW, "-c", "api", "-m", message, "Typed"]
    opened = CliRunner().invoke(cli, ["-C", str(root), *new])
    assert 0 == opened.exit_code, opened.output

    disk, typed = sorted(load_site(root).incidents, key=lambda incident: incident.title)
    assert ["Disk full", written] == [u.message for u in disk.updates]
    assert [written] == [u.message for u in typed.updates]
    assert () == disk.updates[-1].components
    at = ["--now", "2026-11-22T18:20:00Z"]  # the update shown
    built = CliRunner().invoke(cli, ["-C", str(root), "build", *at, "-q"])
    assert 0 == built.exit_code, built.output
    if not written.startswith("`"):
        page = (root / "public" / "incidents" / slug / "index.html").read_text()
        seen = " ".join(BeautifulSoup(page, "html.parser").get_text().split())
        # As typed, without the reference (nor the escape that keeps it text).
        assert message.removeprefix("&#1;") in seen


def test_a_reference_in_an_address_is_dropped_from_typed_messages(tmp_path: Path) -> None:
    """In an address a backslash escapes nothing: `update -m` kept `\\&#x1B;` there, and
    the file it wrote ended `build` in a traceback."""
    root = write_site(tmp_path / "site", {INCIDENT_PATH: None})
    new = ["new", "incident", "--now", NOW, "-c", "api", "-m", "Disk full", "Disk"]
    opened = CliRunner().invoke(cli, ["-C", str(root), *new])
    assert 0 == opened.exit_code, opened.output
    slug = opened.output.split("content/incidents/")[1].split(".md")[0]
    message = "See <http://a.example/\\&#x1B;> and https://b.example/q\\&#1;x, \\&#1; kept"
    update = ["update", slug, "--now", "2026-11-22T18:10:00Z", "-m", message]
    updated = CliRunner().invoke(cli, ["-C", str(root), *update])
    assert 0 == updated.exit_code, updated.output

    (incident,) = load_site(root).incidents
    kept = "See <http://a.example/\\> and https://b.example/q\\x, \\&#1; kept"
    assert kept == incident.updates[-1].message
    built = CliRunner().invoke(cli, ["-C", str(root), "build", "--now", NOW, "-q"])
    assert 0 == built.exit_code, built.output


# --- the terminal ------------------------------------------------------------------------

# What a terminal acts on instead of showing: a screen clear, a clipboard write (OSC 52),
# a carriage return that lets text overwrite the line, a direction override. Spelled with
# C1 controls (CSI, OSC, ST): ESC and BEL are refused by validation, as XML cannot hold them.
TERMINAL_TRICKS = "\x9b2J\x9d52;c;ZXZpbA==\x9c\rfake\u202e"


def test_terminal_output_shows_escape_sequences_instead_of_obeying_them(tmp_path: Path) -> None:
    trick = quoted(TERMINAL_TRICKS)
    root = write_site(
        tmp_path / "site",
        {
            "statusgen.yaml": f"title: {trick}\nbase_url: https://status.example.com/\n",
            "content/components.yaml": f"- id: api\n  name: {trick}\n",
            INCIDENT_PATH: f"---\ntitle: {trick}\nstatus: investigating\ncomponents: [api]\n"
            "---\n## Investigating at 2026-11-20 14:05\nLooking.\n",
        },
    )
    # color=True: the runner would otherwise strip escape sequences the way click does
    # for a pipe, hiding what a terminal would receive.
    status = CliRunner().invoke(cli, ["-C", str(root), "status", "--now", NOW], color=True)
    assert 0 == status.exit_code, status.output
    shown = "\\x9b2J\\x9d52;c;ZXZpbA==\\x9c\\x0dfake\\u202e"
    # The site title, the component row, the incident and the component it affects.
    assert 4 == status.output.count(shown)
    (root / "content/components.yaml").write_text(f"- id: api\n  name: x\n  {trick}: 1\n")
    check = CliRunner().invoke(cli, ["-C", str(root), "check"], color=True)
    assert 1 == check.exit_code
    assert shown in check.output
    # The C0 escape itself is refused where it is written, and shown, not sent, in the message.
    (root / "content/components.yaml").write_text('- id: api\n  name: "\\e[2J"\n')
    refused = CliRunner().invoke(cli, ["-C", str(root), "check"], color=True)
    assert 1 == refused.exit_code
    assert "content/components.yaml:2:9: character U+001B" in refused.output
    for output in (status.output, check.output, refused.output):
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", output), output


def test_authoring_errors_show_the_arguments_escape_sequences(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    component = "\x1b]52;c;ZXZpbA==\x07=major_outage"
    args = ["-C", str(root), "update", "checkout", "-c", component, "-m", "x", "--now", NOW]
    result = CliRunner().invoke(cli, args, color=True)
    assert 1 == result.exit_code
    assert "unknown component '\\x1b]52;c;ZXZpbA'" in result.output
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", result.output), result.output


class _Html:
    def __html__(self) -> str:
        return "<b>kept</b>"

    def __repr__(self) -> str:
        return "_Html()"


class _Text(str):
    pass


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert('x') & \"y\"</script>",
        "plain title",
        "",
        "\u202etxt.exe & <élan>",
        Markup("<em>safe & sound</em>"),
        _Text("<sub>class</sub>"),
        _Html(),
        42,
        None,
    ],
    ids=repr,
)
def test_pages_escape_each_printed_value_as_markupsafe_does(value: object) -> None:
    # Page templates escape what they print with a faster function of their own
    # (render/recording.py): it must give MarkupSafe's Markup, character for character.
    from markupsafe import escape

    from statusgen.render.recording import _escape

    ours = _escape(value)
    assert type(ours) is Markup
    assert str(escape(value)) == str(ours)
