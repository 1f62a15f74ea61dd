"""Settings and options that once ended in a traceback, a redirect loop or a raw line break."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sitefiles import write_site

from statusgen.cli import cli
from statusgen.config import BASE_URL_OVERRIDE, parse_settings

SETTINGS = b"title: T\nbase_url: https://status.example.com/\n"


@pytest.mark.parametrize(
    "url",
    [
        "https://status.example.com/x%0d%0aSet-Cookie:%20a=b/",  # a raw CR LF once decoded
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
    ("url", "dots", "meant"),
    [
        ("https://example.org/a/./b/", "'.'", "https://example.org/a/b/"),
        ("https://example.org/a/../b/", "'..'", "https://example.org/b/"),
        ("https://example.org/a/b/..", "'..'", "https://example.org/a/"),
        # The preview redirected / to itself forever.
        ("https://status.example.com/%2e%2e/", "'%2e%2e'", "https://status.example.com/"),
        ("https://status.example.com/%2E/status/", "'%2E'", "https://status.example.com/status/"),
    ],
)
@pytest.mark.parametrize("given", ["settings", "option", "environment"])
def test_a_base_url_with_a_dot_segment_is_refused_with_the_folder_meant(
    tmp_path: Path, url: str, dots: str, meant: str, given: str
) -> None:
    # Was "must be an absolute http(s) URL" with a generic example, naming neither the
    # segment nor the folder it stands for.
    settings = f"title: T\nbase_url: {url}\n" if given == "settings" else "title: T\n"
    root = write_site(tmp_path / "site", {"statusgen.yaml": settings})
    option = ["--base-url", url] if given == "option" else []
    env = {"STATUSGEN_BASE_URL": url} if given == "environment" else {}

    checked = CliRunner().invoke(cli, ["-C", str(root), "check", *option], env=env)

    said = f"has a {dots} segment in its path"
    assert said in checked.output
    assert f"write the folder meant: {meant}\n" in checked.output
    assert "absolute http(s) URL" not in checked.output
    assert (2 if given == "option" else 1) == checked.exit_code, checked.output
    if given == "settings":
        assert checked.output.startswith(f"statusgen.yaml:2:11: base_url {said}")
    # The folder offered is accepted.
    again = CliRunner().invoke(cli, ["-C", str(root), "check", "--base-url", meant])
    assert 0 == again.exit_code, again.output


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
    "host",
    [
        "status.example,com",
        "a..b",
        "-bad-.com",
        "bad-.example.com",
        "exa(mple).com",
        "status.example.com;x",
        "a_b.example.com",
        "exa%6dple.com",
        "a" * 64 + ".example.com",  # a label is at most 63 characters
        ("a" * 50 + ".") * 5 + "com",  # a name is at most 253 characters
        "999.1.1.1",  # a browser reads a name ending in a number as IPv4
        "1.2.3",
    ],
)
def test_a_base_url_whose_host_is_no_domain_name_is_refused(host: str) -> None:
    url = f"https://{host}/"
    for settings, problems in (
        parse_settings(SETTINGS, base_url=url),
        parse_settings(b"title: T\nbase_url: " + url.encode() + b"\n"),
    ):
        assert settings is None
        assert [f"base_url has a host that is not a domain name: {host!r}"] == [
            p.message for p in problems
        ]


def test_a_base_url_on_port_0_is_refused() -> None:
    settings, problems = parse_settings(SETTINGS, base_url="https://status.example.com:0/")
    assert settings is None
    assert ["base_url has port 0, which no browser can reach"] == [p.message for p in problems]


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://status.example.com./", "https://status.example.com./"),
        ("https://Status.Example.COM:8443/x", "https://status.example.com:8443/x/"),
        ("http://localhost:8000/", "http://localhost:8000/"),
        ("http://127.0.0.1:65535/", "http://127.0.0.1:65535/"),
        ("http://[::1]:8000/", "http://[::1]:8000/"),
        ("https://xn--strung-xxa.example.de/", "https://xn--strung-xxa.example.de/"),
        ("https://störung.example.de/", "https://xn--strung-xxa.example.de/"),
        # As browsers open it (UTS #46 non-transitional), not IDNA 2003's fass.de.
        ("https://faß.de/", "https://xn--fa-hia.de/"),
        ("https://☃.net/", "https://xn--n3h.net/"),  # a symbol IDNA 2008 alone would refuse
        ("https://a-b.1e100.net/", "https://a-b.1e100.net/"),
        ("https://" + "a" * 63 + ".example.com/", "https://" + "a" * 63 + ".example.com/"),
    ],
)
def test_a_base_url_on_any_host_a_browser_reaches_is_kept(url: str, kept: str) -> None:
    settings, problems = parse_settings(SETTINGS, base_url=url)
    assert [] == problems
    assert settings is not None
    assert kept == settings.base_url


SECRET = "s3cretPassw0rd"


@pytest.mark.parametrize(
    "url",
    [
        f"https://deploy:{SECRET}@status.example.com/",
        f"https://{SECRET}@status.example.com/",
        # Without "https://": refused for its scheme, it was repeated, password and all.
        f"deploy:{SECRET}@status.example.com/",
        f"{SECRET}@status.example.com/",
    ],
)
@pytest.mark.parametrize("given", ["settings", "option", "environment"])
def test_a_base_url_with_a_user_or_password_is_refused_without_repeating_it(
    tmp_path: Path, url: str, given: str
) -> None:
    settings = f"title: T\nbase_url: {url}\n" if given == "settings" else "title: T\n"
    root = write_site(tmp_path / "site", {"statusgen.yaml": settings})
    option = ["--base-url", url] if given == "option" else []
    env = {"STATUSGEN_BASE_URL": url} if given == "environment" else {}

    result = CliRunner().invoke(cli, ["-C", str(root), "build", *option], env=env)

    assert result.exit_code in (1, 2), result.output
    said = "holds a user name or password (before '@'), which would be published on every page"
    assert said in result.output
    assert SECRET not in result.output
    assert not (root / "public").exists()


@pytest.mark.parametrize(
    "url",
    [
        f"https://deploy:{SECRET}@help.example.com/",
        f"deploy:{SECRET}@help.example.com/",
        f"{SECRET}@help.example.com/",
    ],
)
def test_a_support_url_with_a_user_or_password_is_refused_without_repeating_it(
    tmp_path: Path, url: str
) -> None:
    settings = f"title: T\nbase_url: https://status.example.com/\nsupport_url: {url}\n"
    root = write_site(tmp_path / "site", {"statusgen.yaml": settings})

    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 1 == result.exit_code, result.output
    said = "statusgen.yaml:3:14: support_url holds a user name or password (before '@')"
    assert said in result.output
    assert SECRET not in result.output


def test_a_support_address_by_mail_is_no_login(tmp_path: Path) -> None:
    settings = (
        "title: T\nbase_url: https://status.example.com/\nsupport_url: mailto:help@example.com\n"
    )
    root = write_site(tmp_path / "site", {"statusgen.yaml": settings})

    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 0 == result.exit_code, result.output


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


@pytest.mark.parametrize(
    ("url", "meant"),
    [
        ("https://preview.example.net//", "https://preview.example.net/"),
        ("https://x.com//status/", "https://x.com/status/"),
        ("https://x.com///", "https://x.com/"),
        ("https://x.com/status//", "https://x.com/status/"),
    ],
)
@pytest.mark.parametrize("given", ["settings", "option", "environment"])
def test_a_base_url_with_an_empty_path_segment_is_refused_with_the_url_meant(
    tmp_path: Path, url: str, meant: str, given: str
) -> None:
    # Every page's links would start with '//' (//assets/style.css), which a browser reads
    # as another host: no stylesheet, no working link. `--base-url "$URL/"` with $URL
    # already ending in '/' is all it takes.
    settings = f"title: T\nbase_url: {url}\n" if given == "settings" else "title: T\n"
    root = write_site(tmp_path / "site", {"statusgen.yaml": settings})
    option = ["--base-url", url] if given == "option" else []
    env = {"STATUSGEN_BASE_URL": url} if given == "environment" else {}

    checked = CliRunner().invoke(cli, ["-C", str(root), "check", *option], env=env)
    built = CliRunner().invoke(cli, ["-C", str(root), "build", *option], env=env)

    said = (
        "has an empty segment in its path ('//'): every link of the pages would lead to "
        "another host"
    )
    if given == "option":
        assert (2, 2) == (checked.exit_code, built.exit_code), checked.output
        assert "Invalid value for '--base-url': " + said in checked.output
        assert f"write {meant}" in checked.output
    else:
        where = "statusgen.yaml:2:11" if given == "settings" else BASE_URL_OVERRIDE
        assert (1, 1) == (checked.exit_code, built.exit_code), checked.output
        assert [f"{where}: base_url {said}", f"    hint: write {meant}"] == (
            checked.output.splitlines()[:2]
        )
    assert not (root / "public").exists()


@pytest.mark.parametrize("given", ["settings", "option", "environment"])
def test_a_base_url_with_an_encoded_slash_is_refused_with_the_folders_written(
    tmp_path: Path, given: str
) -> None:
    # `serve` printed ".../a%2Fb/" and redirected there, then answered it 404 (a static
    # host reads %2F as '/' too): the pages are at .../a/b/.
    url = "http://127.0.0.1:18732/a%2Fb/"
    settings = f"title: T\nbase_url: {url}\n" if given == "settings" else "title: T\n"
    root = write_site(tmp_path / "site", {"statusgen.yaml": settings})
    option = ["--base-url", url] if given == "option" else []
    env = {"STATUSGEN_BASE_URL": url} if given == "environment" else {}

    checked = CliRunner().invoke(cli, ["-C", str(root), "check", *option], env=env)
    built = CliRunner().invoke(cli, ["-C", str(root), "build", *option], env=env)

    said = "has an encoded slash ('%2F') in its path: a web server reads it as '/'"
    hint = "write the folders with '/': http://127.0.0.1:18732/a/b/"
    if given == "option":
        served = CliRunner().invoke(cli, ["-C", str(root), "serve", "--port", "0", *option])
        codes = (checked.exit_code, built.exit_code, served.exit_code)
        assert (2, 2, 2) == codes, checked.output
        assert "Invalid value for '--base-url': " + said in checked.output
        assert hint in served.output
    else:
        where = "statusgen.yaml:2:11" if given == "settings" else BASE_URL_OVERRIDE
        assert (1, 1) == (checked.exit_code, built.exit_code), checked.output
        assert checked.output.startswith(f"{where}: base_url {said}"), checked.output
        assert f"    hint: {hint}" in checked.output
    assert not (root / "public").exists()


HUGE = "0x" + "f" * 4_000  # a number of some 4,800 decimal digits


@pytest.mark.parametrize(
    ("files", "said"),
    [
        (
            {
                "content/monitors.yaml": f"- id: m\n  component: api\n  type: heartbeat\n"
                f"  interval: {HUGE}\n"
            },
            "content/monitors.yaml:4:13: 'interval' must be between 1 and 10080, not 0xffff",
        ),
        (
            {"statusgen.yaml": SETTINGS.decode() + f"notify:\n  retries: {HUGE}\n"},
            "statusgen.yaml:4:12: retries must be between 0 and 5, not 0xffff",
        ),
    ],
    ids=["monitor interval", "notify retries"],
)
def test_every_whole_number_out_of_range_is_told_as_written_however_long(
    tmp_path: Path, files: dict[str, str], said: str
) -> None:
    # Told as its value, such a number ended `check` in a traceback: Python turns no more
    # than 4,300 digits into text.
    root = write_site(tmp_path / "site", {"statusgen.yaml": SETTINGS.decode(), **files})

    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 1 == result.exit_code, result.output
    assert f"{said}{'f' * 14}…" == result.output.splitlines()[0]
