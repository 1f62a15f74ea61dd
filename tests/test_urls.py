"""Addresses and files of the site's pages, each spelled in statusgen/urls.py alone."""

from __future__ import annotations

from statusgen import urls


def test_the_files_of_many_events_pages_are_each_pages_file() -> None:
    # Made in one pass for every event of a large site: each must be the file that
    # serves the event's address, whatever the slug holds.
    slugs = ["2026-11-20-payment-errors", "a", "x{0}y", "{}", "b-c-1"]
    assert tuple(urls.page_file(urls.incident(slug)) for slug in slugs) == urls.incident_files(
        slugs
    )
    assert ("incidents/a/index.html",) == urls.incident_files(["a"])


def test_a_base_url_copied_from_a_components_history_page_is_the_sites_folder() -> None:
    # Its pages lie under the component's, and their path ends as the site history's do.
    for page in ("components/api/history/", "components/api/history/page/2/"):
        assert "/status/" == urls.site_root("/status/" + page)
    assert "/status/" == urls.site_root("/status/history/page/2/")
