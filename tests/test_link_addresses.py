"""A link's or an image's address is published as CommonMark's reference renderer writes
it (commonmark.js normalizeURI): characters outside a URI percent-encoded, escapes already
written kept, on the pages and in the feeds, whichever converter wrote the message."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sitefiles
from click.testing import CliRunner

from statusgen.cli import cli
from statusgen.render.markdown import (
    clean,
    convert_markdown,
    library_markdown,
    link_addresses,
    render_markdown,
    unescape_markdown,
)


@pytest.mark.parametrize(
    ("source", "address"),
    [
        (
            "[the runbook](<https://docs.example.com/run book/>)",
            "https://docs.example.com/run%20book/",
        ),
        ("[notes](<../release notes/>)", "../release%20notes/"),
        ("[a](https://example.com/a%20b)", "https://example.com/a%20b"),  # already encoded
        ("[a](https://example.com/100%)", "https://example.com/100%25"),  # a `%` alone
        ("[a](https://example.com/stätus)", "https://example.com/st%C3%A4tus"),
        ("[a](https://example.com/?q=a&b=c;d#e)", "https://example.com/?q=a&b=c;d#e"),
        ("![graph](<latency graph.png>)", "latency%20graph.png"),
        ("<https://example.com/ü>", "https://example.com/%C3%BC"),
    ],
)
def test_an_address_is_percent_encoded_as_commonmark_writes_it(source: str, address: str) -> None:
    (written,) = re.findall(r' (?:href|src)="([^"]*)"', render_markdown(source))
    assert address == html.unescape(written)


# The host is no part of what is percent-encoded: `%5B` and `%C3%BC` there make an address
# no browser opens. An IP literal keeps its brackets, a name outside ASCII is written in
# IDNA, as browsers request it (and as base_url is written).
@pytest.mark.parametrize(
    ("source", "address"),
    [
        ("[router](http://[2001:db8::1]:8080/status)", "http://[2001:db8::1]:8080/status"),
        ("<http://[2001:db8::1]:8080/>", "http://[2001:db8::1]:8080/"),
        ("[a](https://ops@[::1]/ä)", "https://ops@[::1]/%C3%A4"),
        ("[shop](https://bücher.example/ä)", "https://xn--bcher-kva.example/%C3%A4"),
        ("<https://bücher.example:8443/>", "https://xn--bcher-kva.example:8443/"),
        ("See https://bücher.example/x now.", "https://xn--bcher-kva.example/x"),
    ],
    ids=["ipv6-link", "ipv6-autolink", "ipv6-login", "idn-link", "idn-autolink", "idn-bare"],
)
def test_an_address_keeps_its_host_as_a_browser_opens_it(source: str, address: str) -> None:
    (written,) = re.findall(r' (?:href|src)="([^"]*)"', render_markdown(source))
    assert address == html.unescape(written)
    assert clean(library_markdown(source)) == clean(convert_markdown(source))


@pytest.mark.parametrize(
    "source", ["See [docs](https://example.com/100%) now.", "See https://example.com/ü now."]
)
def test_both_converters_publish_the_same_address(source: str) -> None:
    assert clean(library_markdown(source)) == clean(convert_markdown(source))


def test_a_space_in_an_address_is_encoded_on_the_page_and_in_the_feeds(tmp_path: Path) -> None:
    incident = sitefiles.INCIDENT.replace(
        "We are looking into it.",
        "See [the runbook](<https://docs.example.com/run book/>) and [notes](<../release notes/>).",
    )
    root = sitefiles.write_site(tmp_path, {sitefiles.INCIDENT_PATH: incident})
    assert 0 == sitefiles.run_build(root, "-q").exit_code
    public = root / "public"
    for path in ("incidents/2026-11-20-checkout-errors/index.html", "feed.xml", "atom.xml"):
        text = html.unescape(html.unescape((public / path).read_text(encoding="utf-8")))
        hrefs = re.findall(r'href="([^"]*book[^"]*|[^"]*notes/)"', text)
        assert hrefs, path
        assert [] == [h for h in hrefs if " " in h], path
        assert any(h.endswith("run%20book/") for h in hrefs), path
        assert any(h.endswith("release%20notes/") for h in hrefs), path


# A quote opens a title only after a space (CommonMark 6.3, as on GitHub): the quotes of
# a Kibana or Grafana address are its own, the whole address linked.
_QUOTED = {
    "[k](https://kibana.example/app#/?_g=(time:(from:'now-1h')))": (
        "https://kibana.example/app#/?_g=(time:(from:'now-1h'))",
        None,
    ),
    "[q](https://grafana.example/d/x?var=('a','b'))": (
        "https://grafana.example/d/x?var=('a','b')",
        None,
    ),
    '[q](https://example.com/?q="a") now': ("https://example.com/?q=%22a%22", None),
    "[q](https://example.com/x?v=('a') 'Board')": ("https://example.com/x?v=('a')", "Board"),
    "[q](https://example.com/x \"The ('a') board\")": ("https://example.com/x", "The ('a') board"),
    "![g](https://example.com/g.png?v=('a'))": ("https://example.com/g.png?v=('a')", None),
}


# A title in parentheses after a space is a title too (CommonMark 6.3), never more of the
# address; parentheses glued to the address are the address's own.
_PARENTHESISED = {
    "[t3](https://e.example/3 (t))": ("https://e.example/3", "t"),
    "[t](<https://e.example/run book> (Runbook))": ("https://e.example/run%20book", "Runbook"),
    '[t](https://e.example/3 (say "hi", it\'s \\) done))': (
        "https://e.example/3",
        'say "hi", it\'s ) done',
    ),
    "![g](https://e.example/g.png (Error rate))": ("https://e.example/g.png", "Error rate"),
    "[t](https://e.example/(x))": ("https://e.example/(x)", None),
}


_READINGS = {**_QUOTED, **_PARENTHESISED}


@pytest.mark.parametrize(("source", "expected"), _READINGS.items(), ids=range(len(_READINGS)))
def test_a_links_address_and_title_are_read_as_commonmark_reads_them(
    source: str, expected: tuple[str, str | None]
) -> None:
    """A quote glued to an address is the address's own (_QUOTED); a title in parentheses
    after a space is the link's title (_PARENTHESISED); both converters agree."""
    converted = render_markdown(source)
    (written,) = re.findall(r' (?:href|src)="([^"]*)"', converted)
    title = re.search(r' title="([^"]*)"', converted)
    assert expected == (html.unescape(written), title and html.unescape(title[1]))
    assert clean(library_markdown(source)) == clean(convert_markdown(source))


def test_a_quoted_address_is_linked_whole_on_the_page_in_the_feeds_and_in_search(
    tmp_path: Path,
) -> None:
    address = "https://kibana.example/app#/?_g=(time:(from:'now-1h'))"
    incident = sitefiles.INCIDENT.replace(
        "We are looking into it.", f"See [the logs]({address}) now."
    )
    root = sitefiles.write_site(tmp_path, {sitefiles.INCIDENT_PATH: incident})
    assert 0 == sitefiles.run_build(root, "-q").exit_code
    public = root / "public"
    for path in ("incidents/2026-11-20-checkout-errors/index.html", "feed.xml", "atom.xml"):
        text = html.unescape(html.unescape((public / path).read_text(encoding="utf-8")))
        assert f'href="{address}"' in text, path
        assert "now-1h" not in text.replace(address, ""), path
    assert "See the logs now." in (public / "search.json").read_text(encoding="utf-8")
    checked = CliRunner().invoke(cli, ["-C", str(root), "check", "--now", sitefiles.BUILD_NOW])
    assert (0, "") == (checked.exit_code, checked.stderr), checked.output


# A browser reads a backslash in a web address as a "/" (WHATWG URL), so the text
# `https://status.example.com\@evil.example/` names status.example.com; written `%5C`, the
# backslash would make status.example.com a login and evil.example the host of the link.
_BACKSLASHED = [
    "See https://status.example.com\\@evil.example/login now.",
    # An autolink holds no backslash escapes (CommonMark): its backslash is as typed.
    "<https://status.example.com\\@evil.example/login>",
    "<https://status.example.com:8443\\@evil.example/>",
    # A backslash escape works in a link's address.
    "[sign in](https:\\\\\\\\status.example.com\\\\@evil.example/)",
    "[sign in](//status.example.com\\\\@evil.example/)",
    "![logo](https://status.example.com\\\\@evil.example/logo.png)",
]


@pytest.mark.parametrize("source", _BACKSLASHED)
def test_a_backslash_after_the_host_keeps_the_host_a_browser_reads(source: str) -> None:
    (written,) = re.findall(r' (?:href|src)="([^"]*)"', render_markdown(source))
    address = urlsplit(html.unescape(written), scheme="https")
    assert "status.example.com" == address.hostname
    assert address.path.startswith("/@evil.example/")
    assert clean(library_markdown(source)) == clean(convert_markdown(source))


def test_an_autolink_with_a_backslash_after_its_host_links_that_host_and_shows_as_typed() -> None:
    # As its bare form: CommonMark reads no backslash escapes in an autolink.
    written = "https://status.example.com\\@evil.example/login"
    for source in (f"<{written}>", written):
        page = render_markdown(f"Sign in at {source} now")
        ((href, text),) = re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', page)
        assert "https://status.example.com/@evil.example/login" == html.unescape(href)
        assert written == html.unescape(text)
        assert (0, written) in link_addresses(source)


@pytest.mark.parametrize(
    ("source", "address", "after"),
    [
        ("Logs at <https://example.com/C:\\Logs\\>", "https://example.com/C:\\Logs\\", ""),
        ("<https://example.com/a\\&b\\> ok", "https://example.com/a\\&b\\", " ok"),
        # As on GitHub, the first `>` ends it, a backslash before it or not.
        ("<https://example.com/a\\>b>", "https://example.com/a\\", "b&gt;"),
    ],
)
def test_an_autolink_ending_in_a_backslash_is_linked_as_typed(
    source: str, address: str, after: str
) -> None:
    """The library read `\\>` as an escaped `>`: no autolink, and the page showed the text
    with its last backslash lost."""
    page = render_markdown(source)
    ((href, text, tail),) = re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>([^<]*)', page)
    assert address.replace("\\", "%5C") == html.unescape(href)
    assert address == html.unescape(text)
    assert after == tail
    assert [(0, address)] == link_addresses(source)
    assert source.split("<")[1].split(">")[0] in unescape_markdown(source)


def test_a_backslash_in_the_path_is_still_written_as_github_writes_it() -> None:
    (written,) = re.findall(r' href="([^"]*)"', render_markdown("https://example.com/a\\b"))
    assert "https://example.com/a%5Cb" == written


def test_a_backslash_after_the_host_keeps_the_host_on_the_page_and_in_the_feeds(
    tmp_path: Path,
) -> None:
    incident = sitefiles.INCIDENT.replace(
        "We are looking into it.",
        "Please sign in again at https://status.example.com\\@evil.example/login",
    )
    root = sitefiles.write_site(tmp_path, {sitefiles.INCIDENT_PATH: incident})
    assert 0 == sitefiles.run_build(root, "-q").exit_code
    public = root / "public"
    for path in ("incidents/2026-11-20-checkout-errors/index.html", "feed.xml", "atom.xml"):
        text = html.unescape(html.unescape((public / path).read_text(encoding="utf-8")))
        hrefs = re.findall(r'href="([^"]*evil[^"]*)"', text)
        assert hrefs, path
        assert {"status.example.com"} == {urlsplit(h).hostname for h in hrefs}, path
