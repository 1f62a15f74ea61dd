"""subscribe/: every way to follow the page, including the addresses the operator publishes."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner
from notifyhelpers import Site

from statusgen.build import build_site
from statusgen.cli import cli

NOW = datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc)


def subscribe_page(tmp_path: Path, notify: str = "") -> BeautifulSoup:
    site = Site(tmp_path, notify)
    build_site(site.root, now=NOW, use_cache=False)
    html = (site.root / "public" / "subscribe" / "index.html").read_text()
    return BeautifulSoup(html, "html.parser")


def links(page: BeautifulSoup) -> dict[str, str]:
    main = page.find("main") or page
    return {" ".join(a.get_text().split()): a["href"] for a in main.find_all("a")}


def test_lists_feeds_per_component_calendar_and_api(tmp_path: Path) -> None:
    found = links(subscribe_page(tmp_path))
    assert "/feed.xml" == found["RSS feed"]
    assert "/atom.xml" == found["Atom feed"]
    assert "/components/api/feed.xml" == found["API"]
    assert "/components/web/feed.xml" == found["Website"]
    assert "/maintenance.ics" == found["Scheduled maintenance (iCalendar)"]
    assert "/api/v2/summary.json" == found["Status API"]
    assert not any("e-mail" in text or "webhook" in text for text in found)


def test_lists_the_addresses_the_operator_publishes(tmp_path: Path) -> None:
    page = subscribe_page(
        tmp_path,
        "notify:\n  subscribe:\n    email: status-announce@lists.example.com\n"
        "    webhook: https://example.com/status-webhooks\n",
    )
    found = links(page)
    assert (
        "mailto:status-announce@lists.example.com"
        == (found["Get e-mail about incidents and maintenance"])
    )
    assert "https://example.com/status-webhooks" == found["Receive a webhook for every change"]


def test_every_page_links_to_it(tmp_path: Path) -> None:
    Site(tmp_path, "")
    build_site(tmp_path, now=NOW, use_cache=False)
    for page in ("index.html", "history/index.html", "components/api/index.html"):
        html = BeautifulSoup((tmp_path / "public" / page).read_text(), "html.parser")
        nav = html.find("nav", attrs={"aria-label": "Site"})
        assert "/subscribe/" == nav.find("a", string="Subscribe")["href"]
    sitemap = (tmp_path / "public" / "sitemap.xml").read_text()
    assert "https://status.example.com/subscribe/" in sitemap


def test_the_brackets_after_a_link_are_the_language_s(tmp_path: Path) -> None:
    """Japanese writes full-width brackets, as the rest of the page does."""
    page = subscribe_page(
        tmp_path,
        "language: ja\nnotify:\n  subscribe:\n    email: status@example.com\n",
    )
    main = page.find("main")
    assert main is not None
    items = [" ".join(li.get_text().split()) for li in main.find_all("li")]
    assert "API（RSS）" in items, items
    assert any(item.endswith("（status@example.com）") for item in items), items
    assert not any(" (" in item for item in items if "RSS" in item or "@" in item), items


def test_an_english_page_keeps_its_brackets(tmp_path: Path) -> None:
    page = subscribe_page(tmp_path, "notify:\n  subscribe:\n    email: status@example.com\n")
    main = page.find("main")
    assert main is not None
    items = [" ".join(li.get_text().split()) for li in main.find_all("li")]
    assert "API (RSS)" in items, items
    assert "Get e-mail about incidents and maintenance (status@example.com)" in items, items


def test_an_address_written_as_a_mailto_url_is_linked_once(tmp_path: Path) -> None:
    page = subscribe_page(
        tmp_path, "notify:\n  subscribe:\n    email: mailto:announce@example.com\n"
    )
    assert (
        "mailto:announce@example.com" == (links(page)["Get e-mail about incidents and maintenance"])
    )
    main = page.find("main")
    assert main is not None
    assert "(announce@example.com)" in " ".join(main.get_text().split())


def test_a_mailto_url_asking_a_subject_keeps_it_and_shows_the_address(tmp_path: Path) -> None:
    page = subscribe_page(
        tmp_path,
        "notify:\n  subscribe:\n    email: mailto:list-request@example.com?subject=subscribe\n",
    )
    assert (
        "mailto:list-request@example.com?subject=subscribe"
        == (links(page)["Get e-mail about incidents and maintenance"])
    )
    main = page.find("main")
    assert main is not None
    text = " ".join(main.get_text().split())
    assert "(list-request@example.com)" in text, text


def test_check_refuses_a_mailto_url_without_an_address_at_its_line(tmp_path: Path) -> None:
    Site(tmp_path, 'notify:\n  subscribe:\n    email: "mailto:announce"\n')
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "check"])
    assert 1 == result.exit_code, result.output
    assert (
        "statusgen.yaml:6:12: subscribe email's mailto: URL must name one address, not 'announce'"
        in result.output
    )


PAGES = """\
pages:
  public:
    base_url: https://status.example.com/
    output: public
    show: [web]
  internal:
    base_url: https://internal.example.com/
    output: internal
    private: true
"""

INTERNAL_ONLY = (
    PAGES + "notify:\n  channels:\n    - type: webhook\n      url_env: HOOK_URL\n"
    "      page: internal\n"
    "  subscribe:\n    email: oncall-internal@corp.example.com\n"
    "    webhook: https://example.com/status-webhooks\n"
)


def built(tmp_path: Path, notify: str, output: str = "public") -> BeautifulSoup:
    site = Site(tmp_path, notify)
    build_site(site.root, now=NOW, use_cache=False, page=output if "pages:" in notify else None)
    html = (site.root / output / "subscribe" / "index.html").read_text()
    return BeautifulSoup(html, "html.parser")


def test_a_private_page_s_addresses_stay_off_the_public_page(tmp_path: Path) -> None:
    """Each address is shown only on the pages a channel of its kind speaks for: the one
    webhook channel is the internal page's, and no channel sends e-mail."""
    public = built(tmp_path, INTERNAL_ONLY)
    assert "oncall-internal" not in str(public)
    assert "status-webhooks" not in str(public)
    assert not any("e-mail" in text or "webhook" in text for text in links(public))
    internal = links(built(tmp_path / "again", INTERNAL_ONLY, "internal"))
    assert "https://example.com/status-webhooks" == internal["Receive a webhook for every change"]
    assert not any("e-mail" in text for text in internal)


def test_check_warns_of_an_address_no_channel_of_its_kind_sends_to(tmp_path: Path) -> None:
    Site(tmp_path, INTERNAL_ONLY)
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "check", "--now", NOW.isoformat()])
    assert 0 == result.exit_code, result.output
    assert (
        "statusgen.yaml:19:12: warning: subscribe email is shown on no page: no email "
        "channel speaks for any page"
    ) in result.output
    assert "add a channel with 'type: email' and the 'page:'" in result.output
    assert "subscribe webhook" not in result.output


def test_a_sign_up_page_is_not_an_address_statusgen_should_send_to(tmp_path: Path) -> None:
    """A sign-up page URL is a list fed by something else (docs/notifications.md): a site
    without pages shows it with no warning; one with pages is told why it shows nowhere."""
    signup = "  subscribe:\n    email: https://lists.example.com/signup\n"
    Site(tmp_path, "notify:\n" + signup)
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "check", "--now", NOW.isoformat()])
    assert 0 == result.exit_code, result.output
    assert "warning" not in result.output
    shown = links(subscribe_page(tmp_path / "page", "notify:\n" + signup))
    assert any("https://lists.example.com/signup" == href for href in shown.values()), shown

    Site(tmp_path / "pages", PAGES + "notify:\n" + signup)
    result = CliRunner().invoke(
        cli, ["-C", str(tmp_path / "pages"), "check", "--now", NOW.isoformat()]
    )
    assert 0 == result.exit_code, result.output
    said = " ".join(result.output.split())
    assert (
        "warning: subscribe email's sign-up page is shown on no page: like an address, it is"
        " shown only on the pages an email channel speaks for"
    ) in said


def test_the_webhook_is_called_signed_only_when_its_channels_sign(tmp_path: Path) -> None:
    unsigned = "notify:\n  channels:\n    - type: webhook\n      url_env: HOOK_URL\n"
    subscribe = "  subscribe:\n    webhook: https://example.com/status-webhooks\n"
    text = " ".join(built(tmp_path, unsigned + subscribe).get_text().split())
    assert "(JSON in Statuspage's webhook format)" in text, text
    signed = unsigned + "      secret_env: HOOK_SECRET\n"
    text = " ".join(built(tmp_path / "signed", signed + subscribe).get_text().split())
    assert "(JSON in Statuspage's webhook format, signed)" in text, text


def test_check_warns_of_a_webhook_address_without_a_webhook_channel(tmp_path: Path) -> None:
    Site(tmp_path, "notify:\n  subscribe:\n    webhook: https://example.com/status-webhooks\n")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "check", "--now", NOW.isoformat()])
    assert 0 == result.exit_code, result.output
    assert (
        "statusgen.yaml:6:14: warning: subscribe webhook is shown on the subscribe page, "
        "but no webhook channel sends to it"
    ) in result.output
    text = " ".join(
        subscribe_page(
            tmp_path / "page",
            "notify:\n  subscribe:\n    webhook: https://example.com/status-webhooks\n",
        )
        .get_text()
        .split()
    )
    assert "signed" not in text, text
