"""Drafts (`draft: true`): checked like any file, published nowhere until the flag is removed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitefiles import address_column, address_place, write_site

from statusgen.cli import cli

NOW = "2026-11-22T19:15:00Z"
DRAFT_INCIDENT = "content/incidents/2026-11-22-zebracorn-outage.md"
DRAFT_MAINTENANCE = "content/incidents/2026-11-22-quasarwidget-window.md"
# Words that appear nowhere else, so any output file holding one leaked the draft.
MARKERS = ("zebracorn", "Zebracorn", "quasarwidget", "Quasarwidget", "flibbertigibbet")


def incident(draft: str = "draft: true\n") -> str:
    return (
        "---\n"
        "title: Zebracorn outage\n"
        "status: investigating\n"
        "impact: critical\n"
        f"{draft}"
        "components:\n"
        "  api: major_outage\n"
        "---\n"
        "## Investigating at 2026-11-22 19:00\n"
        "\n"
        "The flibbertigibbet is down.\n"
    )


MAINTENANCE = (
    "---\n"
    "title: Quasarwidget window\n"
    "scheduled_for: 2026-11-22 19:30\n"
    "scheduled_until: 2026-11-22 21:00\n"
    "components: [checkout]\n"
    "draft: true\n"
    "---\n"
)


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def build(root: Path, output: Path) -> dict[str, bytes]:
    code, text = run(root, "build", "--now", NOW, "--no-cache", "-q", "-o", str(output))
    assert 0 == code, text
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()
    }


def test_check_reports_a_draft_as_a_notice_not_an_error(tmp_path: Path) -> None:
    site = write_site(tmp_path, {DRAFT_INCIDENT: incident()})

    code, output = run(site, "check")

    assert 0 == code
    assert [
        f"{DRAFT_INCIDENT}:5:8: notice: a draft: checked, but `statusgen build` publishes "
        "nothing of it",
        "    hint: remove 'draft: true' to publish it",
        "No problems found: 3 components, 1 incident, 0 maintenance windows, "
        "1 draft (not published).",
    ] == output.splitlines()


def test_check_annotates_a_draft_as_a_github_notice(tmp_path: Path) -> None:
    site = write_site(tmp_path, {DRAFT_INCIDENT: incident()})

    code, output = run(site, "check", "--format", "github")

    assert 0 == code
    assert output.startswith(f"::notice file={DRAFT_INCIDENT},line=5,col=8,title=statusgen::")


def test_a_draft_with_a_mistake_is_an_error_like_any_file(tmp_path: Path) -> None:
    broken = incident().replace("major_outage", "major_outtage")
    code, output = run(write_site(tmp_path, {DRAFT_INCIDENT: broken}), "check")

    assert 1 == code
    assert "invalid status 'major_outtage'" in output


def test_draft_must_be_true_or_false(tmp_path: Path) -> None:
    code, output = run(write_site(tmp_path, {DRAFT_INCIDENT: incident("draft: maybe\n")}), "check")

    assert 1 == code
    assert f"{DRAFT_INCIDENT}:5:8: 'draft' must be true or false, not text" in output


@pytest.mark.parametrize("draft", ["draft:\n", "draft: # later\n", "draft: null\n"])
def test_an_empty_draft_is_an_error_not_a_published_incident(tmp_path: Path, draft: str) -> None:
    """Left empty, the flag meant to hide the incident must not be read as false."""
    site = write_site(tmp_path, {DRAFT_INCIDENT: incident(draft)})

    code, output = run(site, "check")
    built = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", NOW, "-q"])

    assert 1 == code
    assert f"{DRAFT_INCIDENT}:5:" in output
    assert "'draft' is empty" in output
    assert "write 'draft: true' or 'draft: false'" in output
    assert 1 == built.exit_code
    assert not (site / "public" / "incidents" / "2026-11-22-zebracorn-outage").exists()


def test_build_publishes_nothing_of_a_draft(tmp_path: Path) -> None:
    """Every output file is byte for byte what the site builds without the drafts."""
    without = build(write_site(tmp_path / "a"), tmp_path / "out-a")
    site = write_site(tmp_path / "b", {DRAFT_INCIDENT: incident(), DRAFT_MAINTENANCE: MAINTENANCE})
    with_drafts = build(site, tmp_path / "out-b")

    leaks = [
        name
        for name, data in with_drafts.items()
        if any(marker in name or marker.encode() in data for marker in MARKERS)
    ]
    assert [] == leaks
    assert sorted(without) == sorted(with_drafts)
    changed = [name for name in without if without[name] != with_drafts[name]]
    assert [] == changed


def test_removing_the_flag_publishes_it(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {DRAFT_INCIDENT: incident("draft: false\n")})
    files = build(site, tmp_path / "out")

    assert "incidents/2026-11-22-zebracorn-outage/index.html" in files
    status = json.loads(files["api/v2/status.json"])
    assert "none" != status["status"]["indicator"]


@pytest.mark.parametrize("command", [["status", "--json"], ["incidents", "--json"]])
def test_terminal_commands_see_the_draft_only_where_it_is_work_in_progress(
    tmp_path: Path, command: list[str]
) -> None:
    site = write_site(tmp_path, {DRAFT_INCIDENT: incident()})
    code, output = run(site, *command, "--now", NOW)
    assert 0 == code, output
    data = json.loads(output)
    if command[0] == "status":
        # The computed status ignores the draft's major outage.
        assert "zebracorn" not in output.lower()
    else:
        assert [("2026-11-22-zebracorn-outage", True)] == [(r["slug"], r["draft"]) for r in data]


def test_update_and_resolve_keep_a_draft_a_draft(tmp_path: Path) -> None:
    site = write_site(tmp_path, {DRAFT_INCIDENT: incident()})

    code, output = run(
        site, "update", "zebracorn", "--status", "identified", "-m", "Found it.", "--now", NOW
    )
    assert 0 == code, output
    # An author sent here by a hint must learn the page still shows nothing of it.
    unpublished = (
        f"warning: {DRAFT_INCIDENT} is a draft: {{}} is written, but no page, feed or API "
        "shows it; to publish it, remove `draft: true` from its front matter\n"
    )
    assert unpublished.format("this update") in output
    code, output = run(site, "resolve", "zebracorn", "--now", "2026-11-22T19:30:00Z")
    assert 0 == code, output
    assert unpublished.format("the resolution") in output

    text = (site / DRAFT_INCIDENT).read_text()
    assert "draft: true\n" in text
    assert "status: resolved\n" in text
    assert 0 == run(site, "check")[0]


def test_an_open_draft_refuses_a_second_incident_of_its_title_naming_it(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {DRAFT_INCIDENT: incident()})

    code, output = run(site, "new", "incident", "Zebracorn outage", "-m", "Down.", "--now", NOW)

    assert 1 == code
    assert f"{DRAFT_INCIDENT}: an open draft incident with this title" in output
    # Adding to it as the hint says publishes nothing: the hint says how to.
    assert (
        "hint: it is a draft, which no page shows: to publish it, remove `draft: true` from "
        "its front matter; add to it with `statusgen update 2026-11-22-zebracorn-outage -m"
    ) in output
    assert [] == list((site / "content/incidents").glob("*zebracorn-outage-2.md"))


def test_an_update_spreading_a_draft_to_another_page_says_it_is_shown_nowhere_yet(
    tmp_path: Path,
) -> None:
    settings = (
        "title: Example Status\n"
        "timezone: UTC\n"
        "pages:\n"
        "  public:\n"
        "    base_url: https://status.example.com/\n"
        "    output: public\n"
        "    show: [checkout]\n"
        "  staff:\n"
        "    base_url: https://staff.example.com/\n"
        "    output: staff\n"
        "    private: true\n"
    )
    site = write_site(tmp_path, {"statusgen.yaml": settings, DRAFT_INCIDENT: incident()})

    code, output = run(
        site, "update", "zebracorn", "-c", "checkout=degraded_performance", "-m", "Slow too.",
        "--now", NOW,
    )  # fmt: skip

    assert 0 == code, output
    assert f"warning: {DRAFT_INCIDENT} is a draft: this update is written" in output
    assert (
        "this update puts the incident on page 'public' too once it is published (it is a "
        "draft, which no page shows now): its title 'Zebracorn outage' and earlier updates "
        "will be shown there as written"
    ) in output
    assert "are shown there" not in output


def test_a_cached_rebuild_follows_the_flag_both_ways(tmp_path: Path) -> None:
    """Incremental builds reuse what they can; a draft flag added or removed still counts."""
    site = write_site(tmp_path / "site", {DRAFT_INCIDENT: incident("draft: false\n")})
    output = tmp_path / "out"
    page = output / "incidents" / "2026-11-22-zebracorn-outage" / "index.html"

    def cached_build() -> None:
        code, text = run(site, "build", "--now", NOW, "-q", "-o", str(output))
        assert 0 == code, text

    cached_build()
    assert page.is_file()
    (site / DRAFT_INCIDENT).write_text(incident())
    cached_build()
    assert not page.exists()
    leaks = [p for p in output.rglob("*") if p.is_file() and b"flibbertigibbet" in p.read_bytes()]
    assert [] == leaks
    (site / DRAFT_INCIDENT).write_text(incident("draft: false\n"))
    cached_build()
    assert page.is_file()


def test_a_template_is_given_no_draft_and_nothing_else_its_page_may_not_show(
    tmp_path: Path,
) -> None:
    """`site`, `settings` and `status` hold what the page shows: a theme printing all of
    them publishes no draft, no other page, no notify channel and no monitor's address;
    a template asking for the drafts stops the build at its line."""
    settings = (
        "title: Example Status\n"
        "timezone: UTC\n"
        "pages:\n"
        "  public:\n"
        "    base_url: https://status.example.com/\n"
        "    output: public\n"
        "  staff:\n"
        "    base_url: https://hush-hush.internal.example/\n"
        "    output: staff\n"
        "    private: true\n"
        "notify:\n"
        "  channels:\n"
        "    - type: slack\n"
        "      page: public\n"
        "      url_env: FLIBBERTIGIBBET_HOOK\n"
    )
    monitors = (
        "- {id: ping, component: api, type: http, url: 'https://zebracorn.internal/health'}\n"
    )
    everything = "<pre>{{ site }} {{ settings }} {{ status }}</pre>\n"
    site = write_site(
        tmp_path / "site",
        {
            "statusgen.yaml": settings,
            "content/monitors.yaml": monitors,
            DRAFT_INCIDENT: incident(),
            "themes/templates/partials/notice.html": everything,
        },
    )
    code, text = run(site, "build", "--now", NOW, "--no-cache", "-q")
    assert 0 == code, text
    published = b"".join(p.read_bytes() for p in (site / "public").rglob("*") if p.is_file())
    assert b"Example Status" in published  # what the page shows is there
    assert [] == [m for m in (*MARKERS, "hush-hush", "FLIBBERTIGIBBET") if m.encode() in published]

    (site / "themes/templates/partials/notice.html").write_text(
        "{% for d in site.drafts %}{{ d.title }}{% endfor %}\n"
    )
    code, text = run(site, "build", "--now", NOW, "--no-cache", "-q")
    assert 1 == code
    assert "themes/templates/partials/notice.html:1: site has no attribute 'drafts'" in text


@pytest.mark.parametrize("theme", ["themes", "themes/calm"])
def test_a_link_into_content_in_a_template_folder_is_refused_and_publishes_nothing(
    tmp_path: Path, theme: str
) -> None:
    """A template folder follows the static folders' rule: a link in it into content/
    would let `{% include %}` print a draft's file as it is."""
    settings = "title: Example Status\nbase_url: https://status.example.com\n"
    if theme != "themes":
        settings += "theme: calm\n"
    include = '{% include "partials/src/incidents/2026-11-22-zebracorn-outage.md" %}\n'
    site = write_site(
        tmp_path / "site",
        {
            "statusgen.yaml": settings,
            DRAFT_INCIDENT: incident(),
            f"{theme}/templates/partials/notice.html": include,
        },
    )
    link = site / theme / "templates/partials/src"
    link.symlink_to(os.path.relpath(site / "content", link.parent))
    expected = (
        f"{theme}/templates/partials/src: a symbolic link to content/, which a template "
        "folder may not publish"
    )
    for command in (["check"], ["build", "--now", NOW, "-q"]):
        code, text = run(site, *command)
        assert 1 == code
        assert expected in text
        assert "hint: copy the files to include into the folder instead" in text
    assert not (site / "public").exists()


@pytest.mark.parametrize(
    ("folder", "target"),
    [
        ("themes/templates/partials", "statusgen.yaml"),
        ("themes/templates/partials", ".env"),
        ("themes/static", "statusgen.yaml"),
        ("static", "statusgen.yaml"),
        ("static", ".statusgen-notify.json"),
    ],
)
def test_a_link_to_the_settings_or_a_file_outside_the_theme_is_refused_and_publishes_nothing(
    tmp_path: Path, folder: str, target: str
) -> None:
    """The settings name notify's recipients and private pages' addresses: no static or
    template folder may publish them through a link; and a link in a theme's folders may
    lead only into the theme's folders, so a secret by any name (`.env`) stays out."""
    settings = (
        "title: Example Status\nbase_url: https://status.example.com\n"
        "notify:\n  channels:\n    - type: email\n      to: [oncall-secret@example.com]\n"
        "      host: 127.0.0.1\n      from: st@example.com\n"
    )
    site = write_site(
        tmp_path / "site",
        {
            "statusgen.yaml": settings,
            ".env": "TOKEN=oncall-secret@example.com\n",
            ".statusgen-notify.json": '{"to": "oncall-secret@example.com"}\n',
            "themes/templates/partials/notice.html": '{% include "partials/cfg.txt" %}\n',
        },
    )
    link = site / folder / "cfg.txt"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(os.path.relpath(site / target, link.parent))
    for command in (["check"], ["build", "--now", NOW, "-q"]):
        code, text = run(site, *command)
        assert 1 == code
        assert f"{folder}/cfg.txt: a symbolic link to {target}" in text
    assert not (site / "public").exists()


def test_a_theme_linked_from_elsewhere_in_the_site_may_share_partials(tmp_path: Path) -> None:
    """A theme's folder may be a link to one elsewhere in the site, and a partial a link to
    another theme's: both stay within the theme's folders."""
    site = write_site(
        tmp_path / "site",
        {
            "statusgen.yaml": "title: Example Status\nbase_url: https://status.example.com\n"
            "theme: calm\n",
            "vendor/calm/templates/partials/notice.html": '{% include "partials/shared.html" %}',
            "themes/templates/partials/shared-source.html": "<p>Shared words</p>\n",
        },
    )
    (site / "themes/calm").symlink_to("../vendor/calm")
    (site / "vendor/calm/templates/partials/shared.html").symlink_to(
        "../../../../themes/templates/partials/shared-source.html"
    )
    code, text = run(site, "build", "--now", NOW, "-q")
    assert 0 == code, text
    assert "Shared words" in (site / "public/index.html").read_text()


LINKING = "content/incidents/2026-11-22-api-errors.md"


def linking(message: str) -> str:
    return (
        "---\n"
        "title: API errors\n"
        "status: resolved\n"
        "components:\n"
        "  api: partial_outage\n"
        "---\n"
        "## Investigating at 2026-11-22 18:00\n"
        f"{message}\n"
        "\n"
        "## Resolved at 2026-11-22 18:30\n"
        "Fixed.\n"
    )


@pytest.mark.parametrize(
    ("message", "told"),
    [
        (
            "Follow-up to [the earlier one](../2026-11-22-zebracorn-outage/).",
            "warning: this link leads to incidents/2026-11-22-zebracorn-outage/, the page of "
            "a draft, which is not published: it shows the draft's address and leads to the "
            "404 page",
        ),
        (
            "See [it][z].\n\n[z]: https://status.example.com/incidents/2026-11-22-zebracorn-outage/",
            "warning: this link leads to incidents/2026-11-22-zebracorn-outage/, the page of "
            "a draft, which is not published",
        ),
        (
            # The address on the line below the label, as the page still reads it.
            "See [the earlier one].\n\n[the earlier one]:\n  ../2026-11-22-zebracorn-outage/",
            "warning: this link leads to incidents/2026-11-22-zebracorn-outage/, the page of "
            "a draft, which is not published",
        ),
        (
            'See [z].\n\n[z]:\n  <../2026-11-22-zebracorn-outage/?x=a b> "title"',
            "warning: this link leads to incidents/2026-11-22-zebracorn-outage/, the page of "
            "a draft, which is not published",
        ),
        (
            "See [the outage](/incidents/2026-11-22-zebracorn-otage/#updates).",
            "warning: this link leads to incidents/2026-11-22-zebracorn-otage/, a page the site "
            "does not have: no incident or maintenance is named '2026-11-22-zebracorn-otage'",
        ),
        (
            "Caused by <https://status.example.com/incidents/2026-11-22-zebracorn-outage/>.",
            "warning: this link leads to incidents/2026-11-22-zebracorn-outage/, the page of "
            "a draft, which is not published",
        ),
        (
            "Caused by https://status.example.com/incidents/2026-11-22-zebracorn-outage/ again.",
            "warning: this link leads to incidents/2026-11-22-zebracorn-outage/, the page of "
            "a draft, which is not published",
        ),
        (
            "See https://STATUS.Example.com/incidents/2026-11-22-zebracorn-otage/ for more.",
            "warning: this link leads to incidents/2026-11-22-zebracorn-otage/, a page the site "
            "does not have",
        ),
        (
            "See [it](https://status.example.com:443/incidents/2026-11-22-zebracorn-otage/).",
            "warning: this link leads to incidents/2026-11-22-zebracorn-otage/, a page the site "
            "does not have",
        ),
        (
            "Caused by <http://status.example.com/incidents/2026-11-22-zebracorn-outage/>.",
            "warning: this link leads to incidents/2026-11-22-zebracorn-outage/, the page of "
            "a draft, which is not published",
        ),
        (
            "See [it](http://status.example.com:80/incidents/2026-11-22-zebracorn-otage/).",
            "warning: this link leads to incidents/2026-11-22-zebracorn-otage/, a page the site "
            "does not have",
        ),
    ],
    ids=[
        "relative",
        "definition",
        "definition-two-lines",
        "definition-two-lines-bracketed",
        "misspelt",
        "autolink",
        "bare",
        "host-case",
        "port",
        "http",
        "http-port",
    ],
)
def test_a_link_to_a_drafts_page_or_to_no_page_is_warned_of_at_its_line(
    tmp_path: Path, message: str, told: str
) -> None:
    site = write_site(tmp_path, {DRAFT_INCIDENT: incident(), LINKING: linking(message)})
    # A link's warning is at the line and column its address starts: a definition's, below
    # the text that uses it (on the label's line, or the line under it).
    index, column = address_place(message)
    line, column = 8 + index, 1 + column

    code, output = run(site, "check", "--now", NOW)
    built, text = run(site, "build", "--now", NOW, "--no-cache", "-q")

    assert 0 == code, output  # a warning: the site still builds
    assert f"{LINKING}:{line}:{column}: {told}" in output
    assert 0 == built, text
    assert f"{LINKING}:{line}:{column}: {told}" in text


@pytest.mark.parametrize(
    "message",
    [
        "Published again as [the outage](../2026-11-22-zebracorn-outage/).",
        "Written as `[the outage](../2026-11-22-zebracorn-otage/)` in code.",
        "Written as `https://status.example.com/incidents/2026-11-22-zebracorn-otage/` in code.",
        "Written as \\<https://status.example.com/incidents/2026-11-22-zebracorn-otage/>.",
        "See [the history](../../history/) and [elsewhere](https://example.org/incidents/x/).",
        "Published again as https://status.example.com/incidents/2026-11-22-zebracorn%2Doutage/.",
        "See www.status.example.com/incidents/x/ and http://status.example.com:443/incidents/x/.",
    ],
    ids=[
        "published",
        "code",
        "bare-in-code",
        "escaped-autolink",
        "other-pages",
        "percent-encoded",
        "other-hosts",
    ],
)
def test_a_link_to_a_published_page_or_none_is_no_warning(tmp_path: Path, message: str) -> None:
    draft = "" if "Published again" in message else "draft: true\n"
    site = write_site(tmp_path, {DRAFT_INCIDENT: incident(draft), LINKING: linking(message)})

    code, output = run(site, "check", "--now", NOW)

    assert 0 == code, output
    assert "this link leads to" not in output


def test_after_a_build_check_reads_only_the_edited_incidents_texts_for_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Which events have no text that may link to another event's page is kept with their
    parse results: at 10,000 incidents, reading each one's texts again cost every build
    and check 20 ms. The edited file's texts are read again, and its new link told."""
    files = {DRAFT_INCIDENT: incident()}
    for day in range(1, 21):
        files[f"content/incidents/2026-10-{day:02d}-slow-api.md"] = (
            "---\ntitle: Slow API\nstatus: resolved\n---\n"
            f"## Resolved at 2026-10-{day:02d} 10:00\n"
            "Slower than usual, see [the docs](https://docs.example.com/).\n"
        )
    site = write_site(tmp_path, files)
    code, output = run(site, "build", "--now", NOW, "-q")
    assert 0 == code, output
    edited = site / "content/incidents/2026-10-07-slow-api.md"
    with edited.open("a") as file:
        file.write("Follow-up: [the next one](../2026-11-22-zebracorn-outage/).\n")
    from statusgen import pagelinks

    read: list[str | bytes] = []
    may_link = pagelinks._may_link_to_an_event

    def counted(text: str | bytes) -> bool:
        read.append(text)
        return may_link(text)

    monkeypatch.setattr(pagelinks, "_may_link_to_an_event", counted)

    code, output = run(site, "check")

    assert 0 == code, output
    assert (
        "content/incidents/2026-10-07-slow-api.md:7:27: warning: this link leads to "
        "incidents/2026-11-22-zebracorn-outage/, the page of a draft"
    ) in output, output
    # The edited file's two lines of message, each read once; none of the others'.
    assert [
        "Slower than usual, see [the docs](https://docs.example.com/).\n"
        "Follow-up: [the next one](../2026-11-22-zebracorn-outage/).",
    ] == read


def test_a_bare_www_link_to_a_drafts_page_on_an_https_site_is_warned_of(tmp_path: Path) -> None:
    """A bare `www.…` address is linked as `http://`; a browser following it to a site
    served over https is sent on to the draft's page there."""
    message = "See www.example.com/incidents/2026-11-22-zebracorn-outage/ for more."
    site = write_site(
        tmp_path,
        {
            "statusgen.yaml": "title: Example Status\nbase_url: https://www.example.com/\n",
            DRAFT_INCIDENT: incident(),
            LINKING: linking(message),
        },
    )

    code, output = run(site, "check", "--now", NOW)

    assert 0 == code, output
    assert (
        f"{LINKING}:8:5: warning: this link leads to incidents/2026-11-22-zebracorn-outage/, "
        "the page of a draft, which is not published"
    ) in output


@pytest.mark.parametrize(
    "message",
    [
        "Follow-up to [the earlier one](../2026-11-22-zebracorn-outage/).",
        "Follow-up to https://status.example.com/incidents/2026-11-22-zebracorn-outage/ there.",
    ],
    ids=["link", "bare"],
)
def test_a_link_to_a_drafts_page_is_still_warned_of_when_its_file_comes_from_the_cache(
    tmp_path: Path, message: str
) -> None:
    """A rebuild reads an unchanged file's updates from the cache, packed until something
    reads them: the link in them is still followed, and still warned of."""
    site = write_site(tmp_path, {DRAFT_INCIDENT: incident(), LINKING: linking(message)})
    column = 1 + address_column(message)
    told = (
        f"{LINKING}:8:{column}: warning: this link leads to incidents/2026-11-22-zebracorn-outage/"
    )
    first, text = run(site, "build", "--now", NOW, "-q")
    assert 0 == first, text
    assert told in text
    draft = site / DRAFT_INCIDENT
    draft.write_text(draft.read_text() + "\nStill looking.\n")

    again, text = run(site, "build", "--now", NOW, "-q")

    assert 0 == again, text
    assert told in text
