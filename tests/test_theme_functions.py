"""What the functions and filters a site's templates call print (docs/theme.md): the
values a user sees on the built pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitefiles import BUILD_NOW, run_build, write_site

NOTICE = "themes/templates/partials/notice.html"


def built_notice(
    tmp_path: Path, notice: str, *args: str, settings: str = "", now: str = BUILD_NOW
) -> str:
    """The front page's text between the markers of a notice partial printing `notice`."""
    files: dict[str, str | bytes | None] = {NOTICE: f"[[{notice}]]\n"}
    if settings:
        files["statusgen.yaml"] = settings
    root = write_site(tmp_path / "site", files)
    result = run_build(root, *args, now=now)
    assert 0 == result.exit_code, result.output
    page = (root / "public/index.html").read_text()
    return page.split("[[", 1)[1].split("]]", 1)[0]


@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "relative"])
@pytest.mark.parametrize(
    "target",
    [
        "mailto:ops@example.com",
        "tel:+15550100",
        "HTTPS://cdn.example.com/logo.svg",
        "//cdn.example.com/logo.svg",
        "https://example.com/",
        "svn+ssh://example.com/repo",
    ],
)
def test_link_keeps_a_url_with_a_scheme_as_it_is(
    tmp_path: Path, target: str, relative: bool
) -> None:
    args = ("--relative",) if relative else ()

    assert target == built_notice(tmp_path, f"{{{{ link({target!r}) }}}}", *args)


def test_a_logo_url_in_capitals_is_published_as_it_is(tmp_path: Path) -> None:
    settings = (
        "title: Example Status\nbase_url: https://status.example.com\n"
        "logo: HTTPS://cdn.example.com/logo.svg\n"
    )
    root = write_site(tmp_path / "site", {"statusgen.yaml": settings})

    assert 0 == run_build(root).exit_code

    assert '<img src="HTTPS://cdn.example.com/logo.svg"' in (root / "public/index.html").read_text()


def test_link_makes_a_site_path_a_link_of_the_site(tmp_path: Path) -> None:
    assert "/history/" == built_notice(tmp_path, "{{ link('history/') }}")


def test_asset_url_percent_encodes_the_files_name(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {
            NOTICE: '[[{{ asset_url("Logo Final#2 é.svg") }}]]\n',
            "themes/static/Logo Final#2 é.svg": "<svg/>",
        },
    )

    assert 0 == run_build(root).exit_code

    page = (root / "public/index.html").read_text()
    shown = page.split("[[", 1)[1].split("]]", 1)[0]
    assert shown.startswith("/assets/Logo%20Final%232%20%C3%A9.svg?v="), shown
    assert "<svg/>" == (root / "public/assets/Logo Final#2 é.svg").read_text()


@pytest.mark.parametrize("base_url", ["https://example.org/status/", "https://example.org/"])
def test_absolute_url_of_a_link_of_the_site_names_its_folder_once(
    tmp_path: Path, base_url: str
) -> None:
    notice = (
        "{{ absolute_url(asset_url('logo.svg')) }}|{{ absolute_url(url('history/')) }}"
        "|{{ absolute_url('history/') }}"
    )
    root = write_site(
        tmp_path / "site",
        {
            NOTICE: f"[[{notice}]]\n",
            "themes/static/logo.svg": "<svg/>",
            "statusgen.yaml": f"title: Example Status\nbase_url: {base_url}\n",
        },
    )

    assert 0 == run_build(root).exit_code

    page = (root / "public/index.html").read_text()
    asset, history, path = page.split("[[", 1)[1].split("]]", 1)[0].split("|")
    assert asset.startswith(f"{base_url}assets/logo.svg?v="), asset
    assert f"{base_url}history/" == history
    assert f"{base_url}history/" == path


def test_documented_values_print_as_the_statuspage_api_names_them(tmp_path: Path) -> None:
    printed = (
        "{{ status.indicator }} {{ status.overall }} {{ components['api'].status }} "
        "{% for e in recent_events.events %}{{ e.impact }} {{ e.updates[0].state }}{% endfor %}"
    )

    assert "minor degraded_performance operational major investigating" == built_notice(
        tmp_path, printed
    )


def test_percent_shows_a_fraction_cut_not_rounded(tmp_path: Path) -> None:
    assert "99.95% 100% 0.00%" == built_notice(
        tmp_path, "{{ 0.99959|percent }} {{ 1|percent }} {{ 0|percent }}"
    )


@pytest.mark.parametrize(
    ("expression", "said"),
    [
        ("{{ 99.95|percent }}", "the percent filter needs a fraction from 0 to 1, got 99.95"),
        ("{{ 250|percent }}", "the percent filter needs a fraction from 0 to 1, got 250"),
        ("{{ -3|percent }}", "the percent filter needs a fraction from 0 to 1, got -3"),
        (
            "{{ components['api'].uptime|percent }}",
            "the percent filter needs a fraction from 0 to 1, got str '100%'",
        ),
    ],
)
def test_percent_given_what_is_not_a_fraction_stops_the_build(
    tmp_path: Path, expression: str, said: str
) -> None:
    root = write_site(tmp_path / "site", {NOTICE: f"<p>\n{expression}</p>\n"})

    result = run_build(root)

    assert 1 == result.exit_code, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert f"{NOTICE}:2: {said}" == lines[0]
    assert lines[1].startswith("    hint: give it a fraction (0.9995 shows as 99.95%)")


def test_date_gives_a_times_day_in_the_sites_timezone_as_datetime_does(tmp_path: Path) -> None:
    """23:55 UTC is already the next day in Berlin: `date` says the day `datetime` says."""
    settings = (
        "title: Example Status\nbase_url: https://status.example.com\ntimezone: Europe/Berlin\n"
    )
    notice = "{{ now|date }} / {{ now|datetime }}"

    shown = built_notice(tmp_path, notice, now="2026-10-15T23:55:00Z", settings=settings)

    assert "Oct 16, 2026 / Oct 16, 2026, 01:55 CEST" == shown


@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "relative"])
def test_url_and_link_keep_a_path_that_starts_with_the_sites_folder(
    tmp_path: Path, relative: bool
) -> None:
    # As a message's link is kept: `/a/b/history/` was given the folder again
    # (/a/b/a/b/history/, or a/b/history/index.html in a --relative build).
    links = ("url('/a/b/history/')", "link('/a/b/history/')", "url('/a/b')", "url('/a/bc/')")
    notice = "".join(f'<a href="{{{{ {call} }}}}">x</a>' for call in links)
    shown = built_notice(
        tmp_path,
        notice + "{{ absolute_url(url('/a/b/history/')) }}",
        *(["--relative"] if relative else []),
        settings="title: T\nbase_url: https://example.org/a/b/\n",
    )
    if relative:
        expected = ["history/index.html", "history/index.html", "index.html", "a/bc/index.html"]
    else:
        expected = ["/a/b/history/", "/a/b/history/", "/a/b", "/a/b/a/bc/"]
    assert expected == re.findall('href="([^"]*)"', shown)
    assert shown.endswith(">https://example.org/a/b/history/")
