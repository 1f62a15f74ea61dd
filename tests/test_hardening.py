"""Settings and options that once ended in a traceback, a redirect loop or a raw line break."""

from __future__ import annotations

import pytest

from statusgen.config import BASE_URL_OVERRIDE, parse_settings

SETTINGS = b"title: T\nbase_url: https://status.example.com/\n"


@pytest.mark.parametrize(
    "url",
    [
        "https://status.example.com/x%0d%0aSet-Cookie:%20a=b/",  # a raw CR LF once decoded
        "https://status.example.com/%2e%2e/",  # the preview redirected / to itself forever
        "https://status.example.com/%2E/status/",
        "https://status.example.com/a%5c..%5cb/",  # a backslash, which some servers split on
        "https://status.example.com/%e2%80%ae/",  # a direction override
        "https://status.example.com/%00/",
        "https://status.example.com:99999/",  # no port a browser can reach
        "https://status.example.com:https/",
    ],
)
def test_base_url_escapes_that_decode_to_trouble_are_refused(url: str) -> None:
    for settings, problems in (
        parse_settings(SETTINGS, base_url=url),
        parse_settings(b"title: T\nbase_url: " + url.encode() + b"\n"),
    ):
        assert settings is None
        assert ["base_url must be an absolute http(s) URL"] == [
            p.message.split(", not")[0] for p in problems
        ]
    assert BASE_URL_OVERRIDE == parse_settings(SETTINGS, base_url=url)[1][0].path


@pytest.mark.parametrize(
    "url",
    ["https://status.example.com/my%20status/", "https://status.example.com/st%C3%A4tus/"],
)
def test_base_url_with_ordinary_escapes_is_kept(url: str) -> None:
    settings, problems = parse_settings(SETTINGS, base_url=url)
    assert [] == problems
    assert settings is not None
    assert url == settings.base_url


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("9" * 4_000, "9" * 20 + "…"),
        ("0x" + "f" * 4_000, "0x" + "f" * 18 + "…"),  # no longer has a decimal text at all
        ("0b" + "1" * 20_000, "0b" + "1" * 18 + "…"),
        ("1:" * 3_000 + "1", "1:" * 10 + "…"),
        ("0", "0"),
        ("3651", "3651"),
    ],
)
def test_history_days_out_of_range_is_the_range_message_however_long(
    written: str, shown: str
) -> None:
    settings, problems = parse_settings(SETTINGS + f"history_days: {written}\n".encode())
    assert settings is None
    assert [f"statusgen.yaml:3:15: history_days must be between 1 and 3650, not {shown}"] == [
        f"{p.location()}: {p.message}" for p in problems
    ]
