"""Hostile text in content, settings and command-line options never becomes active content.

Incident text may come straight from an automated alert, so a site full of script tags,
event handlers, dangerous URLs, SVG payloads, entity tricks, Markdown link tricks and
Unicode direction overrides is built, and every output file is read back the way its
consumer reads it: HTML and feed content parsed as HTML, JSON as JSON, badges as XML, the
calendar line by line. None of it may arrive as markup or a live URL, and every payload
must still read as the literal text its author typed.
"""

from __future__ import annotations

import pytest

from statusgen.config import parse_settings

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
    assert [("--base-url/STATUSGEN_BASE_URL", "base_url must be an absolute http(s) URL")] == [
        (p.path, p.message.split(", not")[0]) for p in problems
    ]


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
