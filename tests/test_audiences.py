"""Several pages from one repository: what each audience sees, and nothing more."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from sitefiles import address_column, pin_clock

from statusgen.cli import cli

NOW = "2026-11-22T19:15:00Z"

SETTINGS = """\
title: Acme Status
timezone: UTC
pages:
  public:
    base_url: https://status.example.com/
    output: out/public
    show: [core]
  partners:
    title: Acme Partner Status
    base_url: https://partners.status.example.com/
    output: out/partners
    show: [core, partner-api]
  internal:
    title: Acme Internal Status
    base_url: https://internal.status.example.com/
    output: out/internal
    private: true
"""

COMPONENTS = """\
- id: core
  name: Core services
  components:
    - id: api
      name: Public API
    - id: dashboard
      name: Dashboard
- id: partner-api
  name: Reseller Gateway
- id: billing-db
  name: Ledger Database
"""

INCIDENTS = {
    # Affects only what partners see: exists on the partner page alone (and internal,
    # which shows everything).
    "2026-11-20-gateway-timeouts": """\
---
title: Gateway timeouts for resellers
status: resolved
components: {partner-api: major_outage}
---
## Investigating at 2026-11-20 10:00
Reseller Gateway calls time out.

## Resolved at 2026-11-20 11:00
Fixed.
""",
    # Names its audience: only the internal page, although it affects the public API.
    "2026-11-21-ledger-migration": """\
---
title: Ledger migration rehearsal
status: identified
components: {api: degraded_performance, billing-db: partial_outage}
audiences: [internal]
---
## Identified at 2026-11-21 09:00
Internal rehearsal of the ledger migration.
""",
    # Affects the public API and the gateway: on both pages, each listing only its own.
    "2026-11-22-slow-requests": """\
---
title: Slow requests
status: investigating
components: {api: degraded_performance, partner-api: partial_outage}
---
## Investigating at 2026-11-22 18:00
Components: api=degraded_performance, partner-api=partial_outage
Requests are slow.
""",
}

# Words that belong to the partner and internal audiences only.
SECRETS = [
    "gateway-timeouts",
    "Gateway timeouts",
    "Reseller Gateway",
    "partner-api",
    "ledger-migration",
    "Ledger migration",
    "Ledger Database",
    "billing-db",
    "Internal rehearsal",
]


def write_site(root: Path, settings: str = SETTINGS) -> Path:
    (root / "content" / "incidents").mkdir(parents=True)
    (root / "statusgen.yaml").write_text(settings, encoding="utf-8")
    (root / "content" / "components.yaml").write_text(COMPONENTS, encoding="utf-8")
    for slug, text in INCIDENTS.items():
        (root / "content" / "incidents" / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(tmp_path_factory.mktemp("site"))
    code, output = run(root, "build", "--now", NOW, "--no-cache", "-q")
    assert 0 == code, output
    return root / "out"


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def html(folder: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((folder / path).read_text(encoding="utf-8"), "html.parser")


def test_build_writes_every_page_into_its_own_folder(built: Path) -> None:
    assert ["internal", "partners", "public"] == sorted(p.name for p in built.iterdir())
    assert "Acme Partner Status" == html(built / "partners", "index.html").title.get_text()
    assert "Acme Status" == html(built / "public", "index.html").title.get_text()


def test_nothing_of_other_audiences_leaks_into_any_public_file(built: Path) -> None:
    public = files(built / "public")
    assert len(public) > 20
    leaks = [
        (path, secret)
        for path, data in public.items()
        for secret in SECRETS
        if secret.encode() in data or secret.replace("-", "_").encode() in data
    ]
    assert [] == leaks


def test_the_partner_page_has_its_incident_and_not_the_internal_one(built: Path) -> None:
    partners = files(built / "partners")
    assert "incidents/2026-11-20-gateway-timeouts/index.html" in partners
    assert b"Gateway timeouts for resellers" in partners["feed.xml"]
    assert not any(b"Ledger" in data for data in partners.values())
    assert b"https://partners.status.example.com/" in partners["sitemap.xml"]


def test_an_incident_lists_only_the_components_a_page_shows(built: Path) -> None:
    path = "incidents/2026-11-22-slow-requests/index.html"
    public = [a.get_text() for a in html(built / "public", path).select(".affected a")]
    partners = [a.get_text() for a in html(built / "partners", path).select(".affected a")]
    assert ["Public API"] == public
    assert ["Public API", "Reseller Gateway"] == partners


def test_status_follows_only_what_the_page_shows(built: Path) -> None:
    import json

    public = json.loads((built / "public" / "api/v2/summary.json").read_text())
    assert ["Core services", "Public API", "Dashboard"] == [c["name"] for c in public["components"]]
    assert ["Slow requests"] == [i["name"] for i in public["incidents"]]


def test_a_page_numbers_the_components_it_shows_from_one_as_it_lists_them(
    tmp_path: Path,
) -> None:
    """Statuspage numbers `position` 1..n within each parent; a page that leaves out the
    public API and the gateway must not leave their places empty."""
    settings = SETTINGS.replace("show: [core]\n", "show: [dashboard, billing-db]\n", 1)
    root = write_site(tmp_path / "site", settings)
    code, output = run(root, "build", "--now", NOW, "--no-cache", "-q", "--page", "public")
    assert 0 == code, output
    public = tmp_path / "site/out/public"

    listed = [("Core services", 1), ("Dashboard", 1), ("Ledger Database", 2)]
    for name in ("components.json", "summary.json"):
        data = json.loads((public / "api/v2" / name).read_text())
        assert listed == [(c["name"], c["position"]) for c in data["components"]], name
    shown = html(public, "index.html").select(".group h3, .component-name")
    assert [name for name, _ in listed] == [n.get_text(strip=True) for n in shown]


def test_a_private_page_is_noindex_and_publishes_no_feeds(built: Path) -> None:
    internal = files(built / "internal")
    assert set() == {"feed.xml", "atom.xml", "maintenance.ics", "sitemap.xml"} & set(internal)
    assert not any(p.endswith("feed.xml") for p in internal)
    pages = [p for p in internal if p.endswith(".html")]
    assert pages
    for path in pages:
        robots = html(built / "internal", path).find("meta", attrs={"name": "robots"})
        assert robots is not None and "noindex" == robots["content"], path
        assert b"feed.xml" not in internal[path], path
    assert "Disallow: /" in internal["robots.txt"].decode()
    assert "X-Robots-Tag: noindex" in internal["_headers"].decode()
    # The internal page sees everything, the rehearsal included.
    assert "incidents/2026-11-21-ledger-migration/index.html" in internal


def test_a_private_page_can_ask_for_feeds(tmp_path: Path) -> None:
    root = write_site(tmp_path, SETTINGS.replace("private: true", "private: true\n    feeds: true"))
    code, output = run(root, "build", "--now", NOW, "--page", "internal", "-q")
    assert 0 == code, output
    assert (root / "out/internal/feed.xml").is_file()
    assert not (root / "out/public").exists()  # --page builds only that page


UNIGNORED = (
    "statusgen.yaml:16:13: warning: page 'internal' is private, but git does not ignore its "
    "output folder out/internal/: `git add -A` would commit what it keeps to its readers"
)


def test_a_private_pages_folder_git_would_commit_is_warned_of_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `git add -A` staged the internal page's runbooks without a word from check or build.
    if shutil.which("git") is None:
        pytest.skip("needs git")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)  # no excludesFile of the user's
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = write_site(tmp_path / "site")
    outside = run(root, "check")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("/out/public/\n/out/partners/\n")

    checked = run(root, "check")
    code, output = run(root, "build", "--now", NOW)
    (root / ".gitignore").write_text("/out/internal/\n", encoding="utf-8")
    ignored = run(root, "check")

    assert (0, "No problems found") == (outside[0], outside[1][:17]), outside
    assert 0 == checked[0], checked
    assert [UNIGNORED, "    hint: add '/out/internal/' to .gitignore"] == checked[1].splitlines()[
        :2
    ]
    assert 0 == code, output
    assert 1 == output.count(UNIGNORED), output
    assert UNIGNORED not in ignored[1], ignored


@pytest.mark.parametrize("written", ["./out/internal/", "out/internal/", "out//internal"])
def test_a_private_pages_folder_is_named_once_normalised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str
) -> None:
    # `output: ./out/internal/` was named `./out/internal//`.
    if shutil.which("git") is None:
        pytest.skip("needs git")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = write_site(
        tmp_path / "site", SETTINGS.replace("output: out/internal", f"output: {written}")
    )
    subprocess.run(["git", "init", "-q", str(root)], check=True)

    code, output = run(root, "check")

    assert 0 == code, output
    assert [UNIGNORED, "    hint: add '/out/internal/' to .gitignore"] == output.splitlines()[:2]


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_private_page_built_for_another_host_is_warned_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    # A deploy workflow's STATUSGEN_BASE_URL meant for the public page publishes the
    # internal-only incidents at the public host: built, as asked, but not silently.
    root = write_site(tmp_path)
    moved = "https://org.github.io/st/"
    if how == "environment":
        monkeypatch.setenv("STATUSGEN_BASE_URL", moved)
    option = ["--base-url", moved] if how == "option" else []
    args = ["build", "--now", NOW, "-o", str(root / "_site"), "--page", "internal", *option]

    code, output = run(root, *args)

    assert 0 == code, output
    assert "Internal rehearsal" in (root / "_site/index.html").read_text()
    assert (
        "statusgen.yaml:14: warning: page 'internal' is private, but --base-url/"
        "STATUSGEN_BASE_URL builds it for https://org.github.io/st/ instead of its base_url"
        " https://internal.status.example.com/: what only its audience may read would be"
        " published at org.github.io"
    ) in output.splitlines()
    assert (
        "    hint: build page 'internal' without --base-url and with STATUSGEN_BASE_URL"
        " unset, so that it keeps https://internal.status.example.com/, or give an address"
        " at internal.status.example.com"
    ) in output.splitlines()


@pytest.mark.parametrize(
    ("page", "moved"),
    [
        ("internal", "https://internal.status.example.com/v2/"),  # its own host
        # Its own host fully qualified: warned of as "another host" where it was `host.`.
        ("internal", "https://internal.status.example.com./"),
        ("internal", "https://Internal.Status.Example.COM./"),
        ("public", "https://org.github.io/st/"),  # no private page
    ],
)
def test_a_page_built_for_another_address_it_may_have_is_not_warned_of(
    tmp_path: Path, page: str, moved: str
) -> None:
    root = write_site(tmp_path)
    args = ["build", "--now", NOW, "-o", str(root / "_site"), "--page", page, "--base-url", moved]

    code, output = run(root, *args)

    assert 0 == code, output
    assert "warning" not in output


def test_a_pages_base_url_is_published_as_a_browser_sends_it(tmp_path: Path, built: Path) -> None:
    # A respelled address (host case, the scheme's own port) is the same page: the same
    # feed GUIDs, calendar UIDs and page id.
    respelled = SETTINGS.replace("https://status.example.com/", "https://Status.Example.com:443/")
    root = write_site(tmp_path, respelled)
    code, output = run(root, "build", "--now", NOW, "--no-cache", "-q", "--page", "public")
    assert 0 == code, output
    assert files(built / "public") == files(root / "out/public")


def test_a_public_page_stays_indexable(built: Path) -> None:
    index = html(built / "public", "index.html")
    assert index.find("meta", attrs={"name": "robots"}) is None
    assert "Allow: /" in (built / "public/robots.txt").read_text()


@pytest.mark.parametrize("command", ["build", "status", "serve"])
def test_an_unknown_page_is_a_mistake_of_the_command_line(tmp_path: Path, command: str) -> None:
    # A process of its own: a serve that went on serving would otherwise never return.
    serving = ["--port", "0"] if command == "serve" else []
    statusgen = [sys.executable, "-m", "statusgen", "-C", str(write_site(tmp_path))]
    ran = subprocess.run(
        [*statusgen, command, "--page", "partner", *serving],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert 2 == ran.returncode, ran.stderr
    error = ran.stderr.splitlines()[-1]
    assert "'--page'" in error
    assert "there is no page 'partner'; did you mean 'partners'?" in error
    assert error.endswith("pages: public, partners, internal")
    assert "Serving" not in ran.stderr
    assert not (tmp_path / "out").exists()


def test_a_page_option_with_an_invisible_character_names_it(tmp_path: Path) -> None:
    # Copied from a chat message: "did you mean 'public'?" repeated what was typed.
    code, output = run(write_site(tmp_path), "build", "--now", NOW, "--page", "public\u200b")

    assert 2 == code
    assert (
        "page 'public\u200b' ends with a ZERO WIDTH SPACE (U+200B), which shows nothing; "
        "delete it: write 'public'"
    ) in output
    assert "did you mean" not in output


def test_a_page_on_a_site_without_pages_is_a_mistake_of_the_command_line(
    tmp_path: Path,
) -> None:
    root = write_site(
        tmp_path, SETTINGS[: SETTINGS.index("pages:")] + "base_url: https://x.example/\n"
    )

    code, output = run(root, "build", "--now", NOW, "--page", "public")

    assert 2 == code
    assert "there is no page 'public'; this site defines no pages" in output


def test_one_output_folder_for_several_pages_is_refused(tmp_path: Path) -> None:
    code, output = run(write_site(tmp_path), "build", "--now", NOW, "-o", str(tmp_path / "x"))
    assert 2 == code
    assert "--page" in output


def test_check_refuses_one_base_url_for_several_pages_as_build_does(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    for command in ("build", "check"):
        code, output = run(root, command, "--now", NOW, "--base-url", "https://x.example/")
        assert 2 == code, (command, output)
        assert "one page's" in output
        assert "pages: public, partners, internal" in output


@pytest.mark.parametrize("folder", ["out/public", "out/public/internal", "out"])
def test_a_page_built_into_another_pages_folder_is_refused(tmp_path: Path, folder: str) -> None:
    # The private page would replace the public site, or be published inside it.
    root = write_site(tmp_path / "site")
    assert 0 == run(root, "build", "--now", NOW, "-q", "--page", "public")[0]
    before = files(root / "out/public")

    code, output = run(
        root, "build", "--now", NOW, "-q", "--page", "internal", "-o", str(root / folder)
    )

    assert 2 == code, output
    assert "page 'public' (out/public)" in output
    assert before == files(root / "out/public")


@pytest.mark.parametrize(
    ("partners", "offered"),
    [("out/partners", "public-internal"), ("public-internal", "public-internal-2")],
    ids=["free", "taken"],
)
def test_a_refused_output_folder_is_offered_one_no_page_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, partners: str, offered: str
) -> None:
    # The public page builds into public/: offering it to the internal page sends the
    # private site where the public one is, which is refused in turn.
    settings = SETTINGS.replace("output: out/public", "output: public").replace(
        "output: out/partners", f"output: {partners}"
    )
    root = write_site(tmp_path / "site", settings)
    (root / "static").mkdir()
    monkeypatch.chdir(root)

    code, output = run(root, "build", "--now", NOW, "-q", "--page", "internal", "-o", "static/x")

    assert 1 == code, output
    assert output.startswith(
        "-o/--output: the output folder 'static/x' is inside static/\n"
        f"    hint: pass -o a folder of its own, such as {offered}\n"
    ), output
    code, output = run(root, "build", "--now", NOW, "-q", "--page", "internal", "-o", offered)
    assert 0 == code, output

    (root / "statusgen.yaml").write_text(
        settings.replace("output: out/internal", "output: static/internal")
    )
    code, output = run(root, "check")
    assert 1 == code, output
    assert output.startswith(
        "statusgen.yaml:16:13: the output folder 'static/internal' is inside static/\n"
        f"    hint: set `output:` to a folder of its own, such as `{offered}`\n"
    ), output
    (root / "statusgen.yaml").write_text(
        settings.replace("output: out/internal", f"output: {offered}")
    )
    code, output = run(root, "check")
    assert 0 == code, output


@pytest.mark.parametrize("folder", ["shared/internal", "static/internal"])
def test_a_private_site_is_not_built_into_a_static_folder_kept_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    # static/ a link to shared/: the internal site built into shared/ went out with the
    # public page at its next build, internal-only incidents and all.
    root = write_site(tmp_path / "site")
    (root / "shared").mkdir()
    (root / "static").symlink_to("shared")
    monkeypatch.chdir(root)

    code, output = run(root, "build", "--now", NOW, "-q", "--page", "internal", "-o", folder)

    assert 1 == code, output
    assert output.startswith(
        "-o/--output: the output folder 'shared/internal' is inside static/\n"
    ), output
    assert [] == os.listdir(root / "shared")
    code, output = run(root, "build", "--now", NOW, "-q", "--page", "public")
    assert 0 == code, output
    published = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in (root / "out/public").rglob("*")
        if path.is_file()
    )
    assert "Internal rehearsal" not in published


def test_an_unknown_audience_is_reported_beside_the_files_other_mistakes(
    tmp_path: Path,
) -> None:
    # One run names every mistake: fixing the status must not bring another to light.
    root = write_site(tmp_path)
    migration = root / "content/incidents/2026-11-21-ledger-migration.md"
    migration.write_text(
        migration.read_text()
        .replace("audiences: [internal]", "audiences: [intern]")
        .replace("status: identified", "status: identifed")
    )

    code, output = run(root, "check")

    assert 1 == code
    assert [
        "content/incidents/2026-11-21-ledger-migration.md:3:9: invalid status 'identifed'",
        "content/incidents/2026-11-21-ledger-migration.md:5:13: audiences names 'intern', "
        "which is not a page",
    ] == problems(output)


def test_a_page_showing_a_group_inside_a_group_is_told_of_the_nesting(tmp_path: Path) -> None:
    """`show:` naming a group written inside a group (or one of its components) is pointed
    at the nesting, the error to fix, not offered the other ids as if it were a typo."""
    root = write_site(tmp_path, SETTINGS.replace("show: [core]", "show: [core, edge, cdn]"))
    nested = COMPONENTS.replace(
        "      name: Dashboard\n",
        "      name: Dashboard\n    - id: edge\n      name: Edge\n"
        "      components: [{id: cdn, name: CDN}]\n",
    )
    (root / "content/components.yaml").write_text(nested, encoding="utf-8")

    code, output = run(root, "check")

    fix = (
        "groups do not nest (content/components.yaml:10): move 'edge' to the top level of"
        " the file, or list its components in 'core' without it"
    )
    assert 1 == code
    assert (
        "statusgen.yaml:7:18: page 'public' shows 'edge', which is no group or component\n"
        f"    hint: 'edge' is a group inside group 'core': {fix}\n"
        "statusgen.yaml:7:24: page 'public' shows 'cdn', which is no group or component\n"
        f"    hint: 'cdn' is inside group 'edge', which is inside 'core': {fix}\n"
    ) in output


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("show: [core]", "show: [cor]"),
            "statusgen.yaml:7:12: page 'public' shows 'cor', which is no group or component",
        ),
        (
            ("audiences: [internal]", "audiences: [intern]"),
            "content/incidents/2026-11-21-ledger-migration.md:5:13: audiences names 'intern', "
            "which is not a page",
        ),
        (
            ("output: out/partners", "output: out/public"),
            "statusgen.yaml:11:13: pages 'public' and 'partners' have the same output "
            "'out/public'\n    hint: give each page its own output (page 'public' has it on "
            "line 6)",
        ),
        (
            ("output: out/partners", "output: ./out/public/"),
            "statusgen.yaml:11:13: pages 'public' and 'partners' have the same output 'out/public'",
        ),
        (
            ("output: out/partners", "output: out/public/partners"),
            "statusgen.yaml:11:13: the output of page 'partners' and that of page 'public' "
            "(line 6) lie one inside the other",
        ),
        (
            ("output: out/internal", "output: out"),
            "statusgen.yaml:16:13: the output of page 'internal' and that of page 'public' "
            "(line 6) lie one inside the other",
        ),
        (
            # One address as a browser reads it: host case and the default port aside.
            ("https://partners.status.example.com/", "https://Status.Example.com:443/"),
            "statusgen.yaml:10:15: pages 'public' and 'partners' have the same base_url "
            "'https://status.example.com/'",
        ),
        (
            ("https://partners.status.example.com/", "HTTPS://STATUS.example.com"),
            "statusgen.yaml:10:15: pages 'public' and 'partners' have the same base_url "
            "'https://status.example.com/'",
        ),
        (
            ("    private: true", "    privat: true"),
            "statusgen.yaml:17:5: unknown key 'privat' in page 'internal'",
        ),
        (
            # A site-wide key under a page, and a page's key at the top: each told where.
            ("    private: true", "    private: true\n    history_days: 30"),
            "statusgen.yaml:18:5: unknown key 'history_days' in page 'internal': "
            "'history_days' is site-wide\n"
            "    hint: move it to the top level of statusgen.yaml, where it applies to every page",
        ),
        (
            ("timezone: UTC", "timezone: UTC\nfeeds: false"),
            "statusgen.yaml:3:1: unknown key 'feeds': 'feeds' is a setting of a page, not of "
            "the site\n    hint: move it under a page in 'pages:' (one entry per audience, "
            "docs/audiences.md), or remove it",
        ),
    ],
)
def test_check_validates_page_definitions(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    root = write_site(tmp_path)
    for relpath in ("statusgen.yaml", "content/incidents/2026-11-21-ledger-migration.md"):
        path = root / relpath
        path.write_text(path.read_text().replace(*change))
    code, output = run(root, "check")
    assert 1 == code
    assert expected in output


# The internal page's output, spelled so that only where it really is tells that it lies
# in the public page's folder ({site}: the site's folder, as written in statusgen.yaml).
@pytest.mark.parametrize(
    ("public", "internal", "expected"),
    [
        (
            "out/public",
            "{site}/out/public/internal",
            "statusgen.yaml:16:13: the output of page 'internal' and that of page 'public' "
            "(line 6) lie one inside the other",
        ),
        (
            "out/public",
            "../site/out/public/internal",
            "statusgen.yaml:16:13: the output of page 'internal' and that of page 'public' "
            "(line 6) lie one inside the other",
        ),
        (
            "{site}/out/internal",
            "out/internal",
            "statusgen.yaml:16:13: pages 'public' and 'internal' have the same output "
            "'out/internal'",
        ),
        (
            # published/ is a link to out/public: the same folder under another name.
            "out/public",
            "published/internal",
            "statusgen.yaml:16:13: the output of page 'internal' and that of page 'public' "
            "(line 6) lie one inside the other",
        ),
    ],
)
def test_an_output_inside_another_pages_however_spelled_is_refused(
    tmp_path: Path, public: str, internal: str, expected: str
) -> None:
    site = tmp_path / "site"
    settings = SETTINGS.replace("output: out/public", f"output: {public}").replace(
        "output: out/internal", f"output: {internal}"
    )
    root = write_site(site, settings.replace("{site}", site.as_posix()))
    (root / "out/public").mkdir(parents=True)
    (root / "published").symlink_to("out/public")

    code, output = run(root, "check")
    assert 1 == code
    assert [expected] == problems(output)

    code, output = run(root, "build", "--now", NOW, "-q")

    assert 1 == code
    assert expected in output
    # Nothing of the private page reached the public folder.
    assert {} == files(root / "out/public")


def problems(output: str) -> list[str]:
    """The problems `check` printed, without their hints and the summary."""
    return [line for line in output.splitlines()[:-1] if not line.startswith(" ")]


@pytest.mark.parametrize(
    ("flags", "hint"),
    [
        ((), "page 'internal' was renamed 'staff'? write audiences: [staff]"),
        # No cache folder, so no record of the folder each page was built into.
        (("--no-cache",), "pages: public, partners, staff"),
    ],
)
def test_an_audience_naming_a_page_renamed_since_the_last_build_offers_its_new_name(
    tmp_path: Path, flags: tuple[str, ...], hint: str
) -> None:
    root = write_site(tmp_path)
    assert 0 == run(root, "build", "--now", NOW, "-q", *flags)[0]
    # Renamed, built into the same folder: its events still name it by the old name.
    (root / "statusgen.yaml").write_text(SETTINGS.replace("  internal:", "  staff:"))

    code, output = run(root, "check", "--now", NOW)

    assert 1 == code
    assert (
        "content/incidents/2026-11-21-ledger-migration.md:5:13: audiences names 'internal', "
        f"which is not a page\n    hint: {hint}\n"
    ) in output


def test_every_mistake_in_the_pages_is_reported_in_one_run(tmp_path: Path) -> None:
    settings = (
        SETTINGS.replace("show: [core]", "show: [cor]")
        .replace("https://partners.status.example.com/", "https://status.example.com/")
        .replace("title: Acme Partner Status", "titel: Acme Partner Status")
    )
    root = write_site(tmp_path, settings)
    migration = root / "content/incidents/2026-11-21-ledger-migration.md"
    migration.write_text(migration.read_text().replace("[internal]", "[intern]"))

    code, output = run(root, "check")

    assert 1 == code
    assert [
        "content/incidents/2026-11-21-ledger-migration.md:5:13: audiences names 'intern', "
        "which is not a page",
        "statusgen.yaml:7:12: page 'public' shows 'cor', which is no group or component",
        "statusgen.yaml:9:5: unknown key 'titel' in page 'partners'",
        "statusgen.yaml:10:15: pages 'public' and 'partners' have the same base_url "
        "'https://status.example.com/'",
    ] == problems(output)


def test_an_unknown_audience_of_a_draft_is_reported_while_it_is_a_draft(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    migration = root / "content/incidents/2026-11-21-ledger-migration.md"
    migration.write_text(
        migration.read_text().replace(
            "audiences: [internal]\n", "audiences: [intern]\ndraft: true\n"
        )
    )

    code, output = run(root, "check")

    assert 1 == code
    assert [
        "content/incidents/2026-11-21-ledger-migration.md:5:13: audiences names 'intern', "
        "which is not a page",
        "    hint: did you mean 'internal'? pages: public, partners, internal",
    ] == output.splitlines()[:2]


@pytest.mark.parametrize(
    ("written", "column", "listed"),
    [
        ("audiences: public, internal", 12, "public, internal"),
        ("audiences: [public internal]", 13, "public internal"),
        ("audiences: [internal, public partners]", 23, "public partners"),
    ],
)
def test_audiences_typed_without_list_commas_asks_for_a_list_not_one_page(
    tmp_path: Path, written: str, column: int, listed: str
) -> None:
    # "did you mean 'internal'?" for the whole value, followed, would keep the incident
    # off the pages its author named first.
    root = write_site(tmp_path)
    migration = root / "content/incidents/2026-11-21-ledger-migration.md"
    migration.write_text(migration.read_text().replace("audiences: [internal]", written))

    code, output = run(root, "check")

    assert 1 == code
    assert [
        f"content/incidents/2026-11-21-ledger-migration.md:5:{column}: this is one value "
        f"'{listed}', not 2 pages",
        f"    hint: write a list: [{listed.replace(',', '').replace(' ', ', ')}]",
    ] == output.splitlines()[:2]
    assert "did you mean" not in output


def test_an_audience_in_a_block_list_is_reported_on_its_own_line(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    migration = root / "content/incidents/2026-11-21-ledger-migration.md"
    migration.write_text(
        migration.read_text().replace(
            "audiences: [internal]", "audiences:\n  - internal\n  - partner"
        )
    )

    code, output = run(root, "check")

    assert 1 == code
    assert [
        "content/incidents/2026-11-21-ledger-migration.md:7:5: audiences names 'partner', "
        "which is not a page",
        "    hint: did you mean 'partners'? pages: public, partners, internal",
    ] == output.splitlines()[:2]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            (SETTINGS[SETTINGS.index("pages:") :], "pages: {}\n"),
            [
                "statusgen.yaml:3:8: pages defines no page",
                "    hint: add one, e.g. 'public:' with 'base_url:' and 'output:' below it, "
                "or remove 'pages:' to build a single page",
            ],
        ),
        (
            # Every page commented out: no more "no pages" than `pages: {}`.
            (SETTINGS[SETTINGS.index("pages:") :], "pages:\n#  public:\n#    output: out\n"),
            [
                "statusgen.yaml:3:7: 'pages' is empty",
                "    hint: add one, e.g. 'public:' with 'base_url:' and 'output:' below it, "
                "or remove 'pages:' to build a single page",
            ],
        ),
        (
            # Offered the site's own ids to choose from, not ones it has not.
            ("show: [core]", "show: []"),
            [
                "statusgen.yaml:7:11: show names no group or component",
                "    hint: write the ids of the groups and components it shows (core, api, "
                "dashboard, partner-api, billing-db), or remove 'show:' to show everything",
            ],
        ),
        (
            ("show: [core]", "show:"),
            [
                "statusgen.yaml:7:10: 'show' is empty",
                "    hint: write the ids of the groups and components it shows (core, api, "
                "dashboard, partner-api, billing-db), or remove 'show:' to show everything",
            ],
        ),
        (
            # One id written without brackets: the list to write is the author's own.
            ("show: [core]", "show: core"),
            [
                "statusgen.yaml:7:11: show must be a list of group and component ids, not text",
                "    hint: write a list: 'show: [core]', or remove 'show:' to show everything",
            ],
        ),
        (
            ("show: [core]", "show: core, partner-api"),
            [
                "statusgen.yaml:7:11: show must be a list of group and component ids, not text",
                "    hint: write a list: 'show: [core, partner-api]', or remove 'show:' to "
                "show everything",
            ],
        ),
    ],
)
def test_an_empty_pages_or_show_is_told_as_empty(
    tmp_path: Path, change: tuple[str, str], expected: list[str]
) -> None:
    root = write_site(tmp_path, SETTINGS.replace(*change))
    code, output = run(root, "check")
    built, _ = run(root, "build", "--now", NOW, "--no-cache", "-q")
    assert (1, expected) == (code, output.splitlines()[:2])
    assert (1, False) == (built, (root / "out").exists())


def test_a_page_setting_left_level_with_its_page_is_told_to_indent_it(tmp_path: Path) -> None:
    # `base_url:` under `public:` but not indented: read as a page named base_url, and
    # told to be a mapping of settings, which sent the author to change the wrong line.
    unindented = "  public:\n  base_url: https://status.example.com/\n  output: out/public\n"
    root = write_site(
        tmp_path, SETTINGS.replace(SETTINGS[SETTINGS.index("  public:") :], unindented)
    )

    code, output = run(root, "check")

    assert 1 == code
    assert [
        "statusgen.yaml:5:13: page 'base_url' must be a mapping of settings, not text",
        "    hint: 'base_url' is a setting of a page: indent it under the page above it "
        "('public:'), by two more spaces than that page's name",
    ] == [
        line
        for line in output.splitlines()
        if line.startswith("statusgen.yaml:5:") or "'base_url' is" in line
    ]


def test_an_empty_private_is_an_error_not_a_public_page(tmp_path: Path) -> None:
    """`private:` left empty must not publish the staff page to search engines."""
    root = write_site(tmp_path, SETTINGS.replace("private: true", "private:"))

    code, output = run(root, "check")
    built, _ = run(root, "build", "--now", NOW, "--no-cache", "-q")

    assert 1 == code
    assert [
        "statusgen.yaml:17:13: 'private' is empty",
        "    hint: write 'private: true' or 'private: false'",
    ] == output.splitlines()[:2]
    assert 1 == built
    assert not (root / "out" / "internal").exists()


@pytest.mark.parametrize(("written", "column"), [("audiences:", 11), ("audiences: []", 12)])
def test_an_empty_audiences_is_an_error_not_every_page(
    tmp_path: Path, written: str, column: int
) -> None:
    """An incident kept to staff whose `audiences:` was emptied must not reach customers."""
    root = write_site(tmp_path)
    migration = root / "content/incidents/2026-11-21-ledger-migration.md"
    migration.write_text(migration.read_text().replace("audiences: [internal]", written))

    code, output = run(root, "check")
    built, _ = run(root, "build", "--now", NOW, "--no-cache", "-q")

    assert 1 == code
    assert [
        f"content/incidents/2026-11-21-ledger-migration.md:5:{column}: audiences names no page",
        "    hint: name the pages it appears on, e.g. 'audiences: [internal]', or remove "
        "'audiences:' to show it on every page that shows its components",
    ] == output.splitlines()[:2]
    assert 1 == built
    assert not (root / "out" / "public").exists()


def test_the_pages_are_checked_in_full_past_their_first_mistake(tmp_path: Path) -> None:
    """A page without base_url, or with a name that cannot be used, still has its other
    settings checked: one run names every mistake."""
    settings = (
        SETTINGS.replace("    base_url: https://partners.status.example.com/\n", "")
        .replace("output: out/partners", "output: out/public")
        .replace("  internal:", "  Bad Name:")
        .replace("https://internal.status.example.com/", "internal.status.example.com")
    )
    code, output = run(write_site(tmp_path, settings), "check")

    assert 1 == code
    assert [
        "statusgen.yaml:9:5: page 'partners' missing required key 'base_url'",
        "statusgen.yaml:10:13: pages 'public' and 'partners' have the same output 'out/public'",
        "statusgen.yaml:12:3: page name 'Bad Name' cannot be used",
        "statusgen.yaml:14:15: base_url must be an absolute http(s) URL, not "
        "'internal.status.example.com'",
    ] == [line for line in problems(output) if "audiences names" not in line]


def test_a_missing_base_url_is_offered_one_named_for_its_page(tmp_path: Path) -> None:
    """Not the host of another audience: one built from the page's own name."""
    settings = SETTINGS.replace("    base_url: https://internal.status.example.com/\n", "")
    code, output = run(write_site(tmp_path, settings), "check")

    assert 1 == code
    assert [
        "statusgen.yaml:14:5: page 'internal' missing required key 'base_url'",
        "    hint: write e.g. 'base_url: https://internal.example.com/'",
    ] == output.splitlines()[:2]


def test_a_page_name_that_cannot_be_used_is_offered_the_one_to_write(tmp_path: Path) -> None:
    """`audiences: [internal]` already names the page as it must be written: it is not
    also told to name the refused 'Internal', which check would refuse again."""
    root = write_site(tmp_path, SETTINGS.replace("  internal:", "  Internal:"))

    code, output = run(root, "check")

    assert 1 == code
    assert [
        "statusgen.yaml:13:3: page name 'Internal' cannot be used",
        "    hint: write it 'internal': lowercase letters, digits, '-' and '_'",
    ] == output.splitlines()[:2]
    assert "audiences" not in output


def test_a_missing_base_url_is_offered_a_host_check_accepts(tmp_path: Path) -> None:
    """'_' may be in a page's name but not in a host: the example host writes it '-'."""
    settings = SETTINGS.replace("    base_url: https://internal.status.example.com/\n", "")
    root = write_site(tmp_path, settings.replace("  internal:", "  staff_only:"))

    code, output = run(root, "check")

    assert 1 == code
    assert (
        "statusgen.yaml:14:5: page 'staff_only' missing required key 'base_url'\n"
        "    hint: write e.g. 'base_url: https://staff-only.example.com/'\n"
    ) in output


@pytest.mark.parametrize(("written", "meant"), [("Über", "uber"), ("ÉQUIPE", "equipe")])
def test_a_page_name_with_accents_keeps_its_letters_in_the_hint(
    tmp_path: Path, written: str, meant: str
) -> None:
    root = write_site(tmp_path, SETTINGS.replace("  internal:", f"  {written}:"))

    code, output = run(root, "check")

    assert 1 == code
    assert (
        f"statusgen.yaml:13:3: page name '{written}' cannot be used\n"
        f"    hint: write it '{meant}': lowercase letters, digits, '-' and '_'\n"
    ) in output


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        (
            '"[core]"',
            "    hint: write a list: 'show: [core]', or remove 'show:' to show everything",
        ),
        (
            '"core; partner-api"',
            "    hint: write a list: 'show: [core, partner-api]', or remove 'show:' to "
            "show everything",
        ),
    ],
)
def test_show_written_as_text_is_offered_the_list_of_its_ids(
    tmp_path: Path, show: str, expected: str
) -> None:
    root = write_site(tmp_path, SETTINGS.replace("show: [core]", f"show: {show}"))

    code, output = run(root, "check")

    assert 1 == code
    assert [
        "statusgen.yaml:7:11: show must be a list of group and component ids, not text",
        expected,
    ] == output.splitlines()[:2]


def test_an_empty_item_in_show_is_told_to_be_removed(tmp_path: Path) -> None:
    root = write_site(tmp_path, SETTINGS.replace("show: [core]", 'show: [core, ""]'))

    code, output = run(root, "check")

    assert 1 == code
    assert [
        "statusgen.yaml:7:18: show has an empty item",
        "    hint: remove it, or write a group or component id there",
    ] == output.splitlines()[:2]


def test_a_group_of_only_retired_components_is_not_called_empty(tmp_path: Path) -> None:
    root = write_site(tmp_path, SETTINGS.replace("show: [core]", "show: [legacy]"))
    (root / "content/components.yaml").write_text(
        COMPONENTS
        + "- id: legacy\n  name: Legacy\n  components:\n"
        + "    - id: old-a\n      name: Old A\n      retired: true\n"
        + "    - id: old-b\n      name: Old B\n      retired: true\n"
    )

    code, output = run(root, "check")

    assert 0 == code, output
    assert (
        "statusgen.yaml:7:11: warning: page 'public' shows no component: "
        "the components of group 'legacy' are all retired"
    ) == output.splitlines()[0]


@pytest.mark.parametrize(
    ("show", "why"),
    [
        ("[later]", "group 'later' has no components"),
        ("[retired-db]", "component 'retired-db' is retired"),
        (
            "[later, retired-db]",
            "group 'later' has no components, component 'retired-db' is retired",
        ),
    ],
)
def test_a_page_that_shows_no_component_is_warned_about(
    tmp_path: Path, show: str, why: str
) -> None:
    """Such a page would be published reading "Status unknown", with nothing listed."""
    root = write_site(tmp_path, SETTINGS.replace("show: [core]", f"show: {show}"))
    components = root / "content/components.yaml"
    components.write_text(
        COMPONENTS
        + "- id: later\n  name: Coming later\n  components: []\n"
        + "- id: retired-db\n  name: Old database\n  retired: true\n"
    )

    code, output = run(root, "check")

    assert 0 == code, output
    assert [
        f"statusgen.yaml:7:11: warning: page 'public' shows no component: {why}",
        "    hint: name a group or component with components to show, e.g. 'show: [core]', or "
        "remove 'show:' to show everything",
    ] == output.splitlines()[:2]


def test_check_accepts_the_pages(tmp_path: Path) -> None:
    code, output = run(write_site(tmp_path), "check")
    assert 0 == code, output


DEPLOY = Path(__file__).resolve().parents[1] / "docs" / "deploy"


def test_nginx_recipe_guards_every_location_of_the_shared_snippet() -> None:
    server = (DEPLOY / "private-nginx.conf").read_text()
    body = server[server.index("server {") :]
    # Set at server level, before the snippet: every location inherits it...
    assert body.index("auth_basic ") < body.index("include snippets/statusgen.conf;")
    assert "auth_basic_user_file " in body
    # ...unless the snippet switches it off or a location of its own sets it.
    assert "auth_basic" not in (DEPLOY / "nginx.conf").read_text()


def test_caddy_recipe_guards_every_path() -> None:
    caddy = (DEPLOY / "private-Caddyfile").read_text()
    assert "\tbasic_auth * {" in caddy
    assert "header X-Robots-Tag noindex" in caddy


def test_check_warns_about_a_page_language_without_a_catalog(tmp_path: Path) -> None:
    root = write_site(
        tmp_path, SETTINGS.replace("    show: [core]\n", "    show: [core]\n    language: eo\n")
    )
    code, output = run(root, "check")
    assert 0 == code, output
    assert "no translation for language 'eo'" in output


def test_editing_a_partner_incident_leaves_the_public_page_alone(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    assert 0 == run(root, "build", "--now", NOW, "-q")[0]
    before = files(root / "out/public")
    path = root / "content/incidents/2026-11-20-gateway-timeouts.md"
    path.write_text(path.read_text().replace("Fixed.", "Fixed for good."))
    code, output = run(root, "build", "--now", NOW)
    assert 0 == code, output
    assert "Built page 'public' " in output
    assert "MB, 0 changed) into " + str(root / "out/public") in output
    assert before == files(root / "out/public")
    assert (
        "Fixed for good."
        in (root / "out/partners/incidents/2026-11-20-gateway-timeouts/index.html").read_text()
    )


@pytest.mark.parametrize(
    ("page", "title"), [(None, "Acme Status"), ("partners", "Acme Partner Status")]
)
def test_the_preview_builds_the_first_page_or_the_one_asked_for(
    tmp_path: Path, page: str | None, title: str
) -> None:
    from datetime import datetime, timezone

    from statusgen.serve.preview import site_builder

    root = write_site(tmp_path / "site")
    moment = datetime(2026, 11, 22, 19, 15, tzinfo=timezone.utc)
    build = site_builder(root, now=lambda: moment, base_url=None, page=page)
    build(tmp_path / "preview", None)
    assert title == html(tmp_path / "preview", "index.html").title.get_text()


def test_status_shows_what_a_page_shows(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    code, public = run(root, "status", "--now", NOW, "--page", "public")
    assert 0 == code, public
    code, everything = run(root, "status", "--now", NOW)
    assert 0 == code, everything
    assert "Reseller Gateway" not in public and "Ledger" not in public
    assert "Reseller Gateway" in everything and "Ledger migration" in everything


def test_the_documented_pages_are_valid_settings() -> None:
    from statusgen.config import parse_settings

    docs = (Path(__file__).resolve().parents[1] / "docs" / "audiences.md").read_text()
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    settings, diagnostics = parse_settings(example.encode())
    assert [] == diagnostics
    assert settings is not None
    assert ["public", "partners", "internal"] == [p.name for p in settings.pages]
    assert [False, False, True] == [p.private for p in settings.pages]


def test_the_documented_event_naming_its_pages_is_on_those_alone(tmp_path: Path) -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "audiences.md").read_text()
    example = docs.split("An event can name its pages instead", 1)[1]
    event = example.split("```markdown\n", 1)[1].split("```", 1)[0]
    root = write_site(tmp_path)
    (root / "content" / "incidents" / "2026-12-03-ledger-rehearsal.md").write_text(event)

    code, output = run(root, "check", "--now", "2026-12-03T10:00:00Z")
    assert 0 == code, output
    code, output = run(root, "build", "--now", "2026-12-03T10:00:00Z", "-q")
    assert 0 == code, output

    for page, shown in (("public", False), ("partners", False), ("internal", True)):
        written = root / "out" / page / "incidents" / "2026-12-03-ledger-rehearsal" / "index.html"
        assert shown == written.is_file(), page


# --- audiences with --relative and the site's static/ folder ----------------------------------


def local_targets(folder: Path, page: Path) -> list[tuple[str, Path]]:
    """Every link of an HTML page into the site, as the file a file:// browser opens."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = []
    for tag in soup.find_all(["a", "link", "script", "img"]):
        target = tag.get("href") or tag.get("src")
        if not isinstance(target, str) or not target or ":" in target.split("/")[0]:
            continue
        if target.startswith(("#", "//")):
            continue
        found.append((target, (page.parent / target.split("#")[0].split("?")[0]).resolve()))
    return found


def test_a_page_built_relative_links_only_to_its_own_files(tmp_path: Path) -> None:
    # The partner page under a path prefix, where root-relative links would be wrong twice.
    settings = SETTINGS.replace(
        "https://partners.status.example.com/", "https://status.example.com/partners/"
    )
    root = write_site(tmp_path, settings)
    code, output = run(root, "build", "--now", NOW, "--page", "partners", "--relative", "-q")
    assert 0 == code, output
    folder = (root / "out" / "partners").resolve()
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) > 5
    checked = 0
    for page in pages:
        for target, file in local_targets(folder, page):
            assert not target.startswith("/"), f"{page}: {target}"
            assert file.is_relative_to(folder), f"{page}: {target} leaves the page's folder"
            assert file.is_file(), f"{page}: {target} names no file"
            checked += 1
    assert checked > 50
    # The partner page's own words, not the public page's.
    assert "Reseller Gateway" in (folder / "index.html").read_text(encoding="utf-8")
    assert not (root / "out" / "public").exists()


def test_the_static_folder_reaches_every_pages_output(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    (root / "static").mkdir()
    (root / "static" / "security.txt").write_text("Contact: mailto:sec@example.com\n")
    code, output = run(root, "build", "--now", NOW, "--no-cache", "-q")
    assert 0 == code, output
    for name in ("public", "partners", "internal"):
        copied = root / "out" / name / "security.txt"
        assert "Contact: mailto:sec@example.com\n" == copied.read_text(), name


def test_a_cached_build_after_a_show_change_equals_a_clean_one(tmp_path: Path) -> None:
    """The search index's rows list the components a page shows: kept from the build
    before a change of `show:`, they named the components it showed then (and, shown no
    more, leaked them)."""
    root = write_site(tmp_path / "site")
    assert 0 == run(root, "build", "--now", NOW, "-q")[0]
    for step, show in enumerate(("[core, partner-api]", "[core]")):
        settings = SETTINGS.replace("show: [core]\n", f"show: {show}\n", 1)
        (root / "statusgen.yaml").write_text(settings)
        code, output = run(root, "build", "--now", NOW, "-q")
        assert 0 == code, output
        clean = tmp_path / f"clean-{step}"
        code, output = run(
            root, "build", "--now", NOW, "--no-cache", "--page", "public", "-o", str(clean)
        )
        assert 0 == code, output
        assert files(clean) == files(root / "out/public")
    assert b"partner-api" not in (root / "out/public/search.json").read_bytes()


# Its front matter gives the final statuses; until 10:00 its updates name only the
# ledger, which the public page does not show.
SPREADING = """\
---
title: Replica lag on the ledger
status: identified
components: {billing-db: major_outage, api: partial_outage}
---
## Investigating at 2026-11-26 09:00
Components: billing-db=major_outage

Replica lagging.

## Identified at 2026-11-26 10:00
Components: api=partial_outage

Public API now affected.
"""


def test_an_incident_reaches_a_page_once_an_update_names_what_it_shows(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    (root / "content/incidents/2026-11-26-replica-lag.md").write_text(SPREADING)
    public = root / "out/public"

    assert 0 == run(root, "build", "--now", "2026-11-26T09:30:00Z", "-q")[0]
    shown = files(public)
    leaks = [path for path, data in shown.items() if b"Replica lag" in data]
    assert [] == leaks
    code, output = run(root, "status", "--page", "public", "--now", "2026-11-26T09:30:00Z")
    assert (0, False) == (code, "Replica lag" in output)
    assert b"Replica lag" in (root / "out/internal/index.html").read_bytes()

    assert 0 == run(root, "build", "--now", "2026-11-26T10:30:00Z", "-q")[0]
    shown = files(public)
    assert "incidents/2026-11-26-replica-lag/index.html" in shown
    assert b"Replica lag" in shown["feed.xml"]
    summary = json.loads(shown["api/v2/summary.json"])
    assert ["Replica lag on the ledger", "Slow requests"] == [
        i["name"] for i in summary["incidents"]
    ]
    code, output = run(root, "status", "--page", "public", "--now", "2026-11-26T10:30:00Z")
    assert (0, True) == (code, "Replica lag" in output)


# Its first update names nothing: the components come with the second.
def unnamed_at_first(components: str, named: str) -> str:
    return f"""\
---
title: Errors at the edge
status: identified
components: {{{components}}}
---
## Investigating at 2026-11-26 09:00
We are looking into reports of errors.

## Identified at 2026-11-26 10:00
Components: {named}

Found it.
"""


def test_an_incident_whose_first_update_names_nothing_shows_where_it_will(
    tmp_path: Path,
) -> None:
    """Before its updates name a component it is on the pages of those it names first: on
    the public page an ongoing incident, not "All systems operational"; never on a page
    that does not show them."""
    root = write_site(tmp_path / "site")
    incidents = root / "content/incidents"
    (incidents / "2026-11-26-edge-errors.md").write_text(
        unnamed_at_first("api: major_outage", "api=major_outage")
    )
    (incidents / "2026-11-26-ledger-errors.md").write_text(
        unnamed_at_first("billing-db: major_outage", "billing-db=major_outage").replace(
            "Errors at the edge", "Ledger write errors"
        )
    )
    code, output = run(root, "build", "--now", "2026-11-26T09:30:00Z", "-q")
    assert 0 == code, output

    for page in ("public", "partners", "internal"):
        unresolved = json.loads(
            (root / "out" / page / "api/v2/incidents/unresolved.json").read_text()
        )
        names = [i["name"] for i in unresolved["incidents"]]
        assert "Errors at the edge" in names, page
        assert ("Ledger write errors" in names) == (page == "internal"), page
    # Another page's incident is not there by any file.
    assert [] == [p for p, data in files(root / "out/public").items() if b"Ledger write" in data]
    code, output = run(root, "status", "--page", "public", "--now", "2026-11-26T09:30:00Z")
    assert (0, True, False) == (code, "Errors at the edge" in output, "Ledger write" in output)


UNNAMED_WINDOW = """\
---
title: Gateway upgrade
scheduled_for: 2026-11-30 02:00 Z
scheduled_until: 2026-11-30 06:00 Z
components: [partner-api]
---
## Scheduled at 2026-11-24 10:00 Z
We will upgrade the gateway.

## In progress at 2026-11-30 02:00 Z
Components: partner-api=under_maintenance

Started.
"""


def test_an_upcoming_window_whose_statuses_come_with_its_start_is_on_its_pages(
    tmp_path: Path,
) -> None:
    """Its front matter names the gateway, which the partner page shows (and the public
    one does not): announced, it is upcoming there, and in its calendar."""
    root = write_site(tmp_path / "site")
    (root / "content/incidents/2026-11-30-gateway-upgrade.md").write_text(UNNAMED_WINDOW)
    code, output = run(root, "build", "--now", "2026-11-26T12:00:00Z", "-q")
    assert 0 == code, output

    partners = root / "out/partners"
    upcoming = json.loads((partners / "api/v2/scheduled-maintenances/upcoming.json").read_text())
    assert ["Gateway upgrade"] == [m["name"] for m in upcoming["scheduled_maintenances"]]
    assert b"Gateway upgrade" in (partners / "maintenance.ics").read_bytes()
    assert b"Gateway upgrade" in (partners / "index.html").read_bytes()
    assert b"Gateway upgrade" in (root / "out/internal/index.html").read_bytes()
    assert [] == [p for p, data in files(root / "out/public").items() if b"Gateway upgr" in data]


ROLLING_WINDOW = """\
---
title: Rolling upgrade
scheduled_for: 2026-11-30 02:00 Z
scheduled_until: 2026-11-30 04:00 Z
components:
  billing-db: operational
  api: under_maintenance
---
## Scheduled at 2026-11-24 10:00 Z
The ledger database first, then the API.

## In progress at 2026-11-30 02:00 Z
Components: billing-db=under_maintenance

The database first.

## In progress at 2026-11-30 03:00 Z
Components: billing-db=operational, api=under_maintenance

Now the API.
"""


def test_an_upcoming_window_is_on_the_pages_of_what_a_later_update_sets(
    tmp_path: Path,
) -> None:
    """Its first step sets only the ledger database, which the public page does not show;
    its second takes down the API, which it does: announced, the window is upcoming on the
    public page too, naming the API, in its calendar and its status. In progress, it is
    where what it affects by then puts it."""
    root = write_site(tmp_path / "site")
    (root / "content/incidents/2026-11-30-rolling-upgrade.md").write_text(ROLLING_WINDOW)
    code, output = run(root, "build", "--now", "2026-11-26T12:00:00Z", "-q")
    assert 0 == code, output

    public = root / "out/public"
    upcoming = json.loads((public / "api/v2/scheduled-maintenances/upcoming.json").read_text())
    assert [("Rolling upgrade", ["Public API"])] == [
        (m["name"], [c["name"] for c in m["components"]])
        for m in upcoming["scheduled_maintenances"]
    ]
    assert b"Rolling upgrade" in (public / "maintenance.ics").read_bytes()
    assert b"Rolling upgrade" in (public / "index.html").read_bytes()
    code, output = run(root, "status", "--page", "public", "--now", "2026-11-26T12:00:00Z")
    assert (0, True) == (code, "Rolling upgrade" in output), output

    def on_public(now: str) -> bool:
        code, output = run(root, "status", "--page", "public", "--now", now)
        assert 0 == code, output
        return "Rolling upgrade" in output

    assert (False, True) == (on_public("2026-11-30T02:30:00Z"), on_public("2026-11-30T03:30:00Z"))


QUIET_PAGE = """\
title: Acme Status
timezone: UTC
pages:
  public:
    base_url: https://status.example.com/
    output: out/public
    show: [dashboard]
  internal:
    base_url: https://internal.status.example.com/
    output: out/internal
"""


def test_a_page_without_events_is_dated_when_the_sites_record_began(tmp_path: Path) -> None:
    """No start_date, and the public page shows none of the incidents: its dates stay put
    from one rebuild to the next, on the day the site's record began (not at the time of
    an incident it does not show), and a cached build equals a clean one."""
    root = write_site(tmp_path / "site", QUIET_PAGE)
    public = root / "out/public"

    def dates(now: str, *options: str) -> list[str]:
        code, output = run(root, "build", "--now", now, "-q", *options)
        assert 0 == code, output
        status = json.loads((public / "status.json").read_text())
        summary = json.loads((public / "api/v2/summary.json").read_text())
        feed = ElementTree.parse(public / "feed.xml")
        return [
            status["page"]["updated_at"],
            summary["page"]["updated_at"],
            summary["components"][0]["created_at"],
            feed.findtext("channel/lastBuildDate"),
        ]

    expected = ["2026-11-20T00:00:00.000Z"] * 3 + ["Fri, 20 Nov 2026 00:00:00 +0000"]
    assert expected == dates(NOW)
    assert expected == dates("2026-11-23T08:00:00Z")
    told = [p for p, data in files(public).items() if b"T10:00" in data or b" 10:00" in data]
    assert [] == told

    # The partners' incident moves a day back: so does the record, on a cached build too.
    gateway = root / "content/incidents/2026-11-20-gateway-timeouts.md"
    gateway.write_text(gateway.read_text().replace("2026-11-20 10:00", "2026-11-19 10:00"))
    assert "2026-11-19T00:00:00.000Z" == dates(NOW)[0]
    cached = files(public)
    dates(NOW, "--no-cache")
    assert cached == files(public)


# The dashboard is watched from a day of its own; the public page's one incident comes two
# days after the site's record began, and the quiet page shows none of the incidents.
PAGES_OF_THEIR_OWN = """\
title: Acme Status
timezone: UTC
pages:
  public:
    base_url: https://status.example.com/
    output: out/public
    show: [core]
  quiet:
    base_url: https://quiet.status.example.com/
    output: out/quiet
    show: [dashboard, billing-db]
  partners:
    base_url: https://partners.status.example.com/
    output: out/partners
    show: [partner-api]
  internal:
    base_url: https://internal.status.example.com/
    output: out/internal
"""


def test_each_page_counts_its_components_from_the_sites_record_start(tmp_path: Path) -> None:
    """No start_date: a page counts each component from the day the whole site's record
    begins (unless the component has its own), as the site built as one page does, whether
    the page has events of its own or none and a component with its own start_date."""
    one_page = write_site(
        tmp_path / "one",
        "title: Acme Status\ntimezone: UTC\nbase_url: https://status.example.com/\n",
    )
    ledger = one_page / "content/incidents/2026-11-21-ledger-migration.md"
    ledger.write_text(ledger.read_text().replace("audiences: [internal]\n", ""))
    root = write_site(tmp_path / "site", PAGES_OF_THEIR_OWN)
    for site in (one_page, root):
        components = site / "content/components.yaml"
        components.write_text(
            components.read_text().replace(
                "name: Dashboard\n", "name: Dashboard\n      start_date: 2026-11-21\n"
            )
        )

    def uptime_days(site: Path, *page: str) -> dict[str, int]:
        code, output = run(site, "status", "--json", "--now", NOW, *page)
        assert 0 == code, output
        return {c["id"]: c["uptime_days"] for c in json.loads(output)["components"]}

    whole = uptime_days(one_page)
    assert 3 == whole["api"] and 2 == whole["dashboard"]  # from 20 and 21 November
    for page in ("public", "quiet", "partners", "internal"):
        counted = uptime_days(root, "--page", page)
        assert {cid: whole[cid] for cid in counted} == counted, page
    code, output = run(root, "build", "--now", NOW, "-q")
    assert 0 == code, output
    text = html(root / "out/quiet", "components/billing-db/index.html").get_text(" ")
    assert "uptime over 3 days" in " ".join(text.split())
    # The public page's dates still come from its own incident.
    status = json.loads((root / "out/public/status.json").read_text())
    assert "2026-11-22T18:00:00.000Z" == status["page"]["updated_at"]

    # An earlier incident on the partners' page moves every page's record back, on a
    # cached build as on a clean one.
    (root / "content/incidents/2026-11-18-gateway-errors.md").write_text(
        INCIDENTS["2026-11-20-gateway-timeouts"].replace("2026-11-20", "2026-11-18")
    )
    code, output = run(root, "build", "--now", NOW, "-q")
    assert 0 == code, output
    cached = files(root / "out")
    code, output = run(root, "build", "--now", NOW, "-q", "--no-cache")
    assert 0 == code, output
    assert cached == files(root / "out")
    assert 5 == uptime_days(root, "--page", "public")["api"]
    assert 5 == uptime_days(root, "--page", "quiet")["billing-db"]


def test_a_start_date_after_another_pages_incident_moves_every_pages_record_back(
    tmp_path: Path,
) -> None:
    """start_date on 22 November, and incidents on the 20th and 21st that the public page
    does not show: the site's record begins on the 20th, and so does every page's, as on
    the site built as one page (not on the start date or the page's own first incident)."""
    start = "start_date: 2026-11-22\n"
    one_page = write_site(
        tmp_path / "one",
        f"title: Acme Status\ntimezone: UTC\n{start}base_url: https://status.example.com/\n",
    )
    ledger = one_page / "content/incidents/2026-11-21-ledger-migration.md"
    ledger.write_text(ledger.read_text().replace("audiences: [internal]\n", ""))
    root = write_site(tmp_path / "site", PAGES_OF_THEIR_OWN.replace("pages:\n", start + "pages:\n"))

    def uptime_days(site: Path, *page: str) -> dict[str, int]:
        code, output = run(site, "status", "--json", "--now", NOW, *page)
        assert 0 == code, output
        return {c["id"]: c["uptime_days"] for c in json.loads(output)["components"]}

    whole = uptime_days(one_page)
    assert 3 == whole["api"]  # from 20 November, the partners' incident
    for page in ("public", "quiet", "partners", "internal"):
        counted = uptime_days(root, "--page", page)
        assert {cid: whole[cid] for cid in counted} == counted, page
    code, output = run(root, "build", "--now", NOW, "-q")
    assert 0 == code, output
    page = html(root / "out/public", "components/api/index.html")
    assert "uptime over 3 days" in " ".join(page.get_text(" ").split())
    assert "Nov 20, 2026: no data" not in str(page)
    assert "Nov 19, 2026: no data" in str(page)


def test_each_page_counts_what_the_monitors_of_its_components_measured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The partner gateway's heartbeat says down: the partner page (which shows the
    gateway) reads a major outage and shows the check; the public page knows neither."""
    import json

    root = write_site(tmp_path / "site")
    (root / "content/monitors.yaml").write_text(
        "- id: gateway-beat\n  component: partner-api\n  type: heartbeat\n  interval: 60\n"
    )
    reported = datetime.fromisoformat(NOW)  # as the page is built: a run 2 days old is refused
    pin_clock(monkeypatch, reported)
    code, output = run(root, "record", "gateway-beat", "--down", "--at", "2026-11-22T19:10:00Z")
    assert 0 == code, output
    code, output = run(root, "build", "--now", NOW, "-q")
    assert 0 == code, output

    def status(page: str, component: str) -> str | None:
        api = json.loads((root / "out" / page / "api/v2/components.json").read_text())
        return next((c["status"] for c in api["components"] if c["name"] == component), None)

    assert "major_outage" == status("partners", "Reseller Gateway")
    assert "gateway-beat" in (root / "out/partners/components/partner-api/index.html").read_text()
    assert status("public", "Reseller Gateway") is None
    assert not any(b"gateway-beat" in data for data in files(root / "out/public").values())


LEAKY_IMPACT = """\
---
title: Slow API
status: investigating
components: {api: degraded_performance, billing-db: major_outage}
---
## Investigating at 2026-11-22 18:00
Components: api=degraded_performance, billing-db=major_outage
The API is slow.
"""


def test_a_derived_impact_counts_only_the_components_a_page_shows(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    incidents = root / "content" / "incidents"
    for path in incidents.glob("*.md"):
        path.unlink()
    (incidents / "2026-11-22-slow-api.md").write_text(LEAKY_IMPACT, encoding="utf-8")

    code, output = run(root, "build", "--now", NOW, "-q")
    assert 0 == code, output

    public = root / "out" / "public"
    (incident,) = json.loads((public / "api/v2/incidents.json").read_text())["incidents"]
    (summary,) = json.loads((public / "api/v2/summary.json").read_text())["incidents"]
    assert ("minor", "minor") == (incident["impact"], summary["impact"])
    listed = {
        impact: "Slow API" in (public / f"history/impact/{impact}/index.html").read_text()
        for impact in ("minor", "critical")
    }
    assert {"minor": True, "critical": False} == listed
    code, output = run(root, "status", "--page", "public", "--json", "--now", NOW)
    assert ["minor"] == [i["impact"] for i in json.loads(output)["open_incidents"]]
    # The internal page shows the ledger too: its outage is the incident's impact there.
    internal = root / "out" / "internal"
    (incident,) = json.loads((internal / "api/v2/incidents.json").read_text())["incidents"]
    assert "critical" == incident["impact"]


# The ledger, which only the internal page shows, goes down and comes back while the API
# is slow; the second update changes nothing the public page shows, the third its state.
LEDGER_ALONG = """\
---
title: Slow API
status: identified
components: {api: degraded_performance, billing-db: operational}
---
## Investigating at 2026-11-22 18:00
Components: api=degraded_performance

Requests are slow.

## Investigating at 2026-11-22 18:10
Components: billing-db=major_outage

The ledger is down too.

## Identified at 2026-11-22 18:40
Components: billing-db=operational

Found the cause.
"""


def test_an_update_of_only_components_a_page_hides_is_not_on_it(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    (root / "content/incidents/2026-11-22-slow-api.md").write_text(LEDGER_ALONG)

    code, output = run(root, "build", "--now", NOW, "-q")

    assert 0 == code, output
    public = root / "out" / "public"
    page = (public / "incidents/2026-11-22-slow-api/index.html").read_text()
    (incident,) = [
        i
        for i in json.loads((public / "api/v2/incidents.json").read_text())["incidents"]
        if i["name"] == "Slow API"
    ]
    assert ["Found the cause.", "Requests are slow."] == [
        u["body"] for u in incident["incident_updates"]
    ]
    assert (True, True, False) == tuple(
        text in page for text in ("Requests are slow.", "Found the cause.", "The ledger is down")
    )
    # A change of state is news to every page showing the incident: it is identified there.
    assert "identified" == incident["status"]
    internal = (root / "out/internal/incidents/2026-11-22-slow-api/index.html").read_text()
    assert "The ledger is down too." in internal


LEDGER_IN_WINDOW = """\
---
title: Platform upgrade
scheduled_for: 2026-11-22 18:00
scheduled_until: 2026-11-22 22:00
components: {api: under_maintenance, billing-db: major_outage}
---
## Scheduled at 2026-11-20 10:00
Upgrade of the platform.

## In progress at 2026-11-22 18:00
Components: api=under_maintenance

Started.

## In progress at 2026-11-22 18:30
Components: billing-db=major_outage

The ledger is down for the upgrade.
"""


def test_a_windows_update_of_only_components_a_page_hides_is_not_on_it(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    (root / "content/incidents/2026-11-22-upgrade.md").write_text(LEDGER_IN_WINDOW)

    code, output = run(root, "build", "--now", NOW, "-q")

    assert 0 == code, output
    public = root / "out" / "public"
    leaked = sorted(
        p.relative_to(public).as_posix()
        for p in public.rglob("*")
        if p.is_file() and b"The ledger is down" in p.read_bytes()
    )
    assert [] == leaked
    # The window itself, announced and begun, is on the public page as before.
    page = (public / "incidents/2026-11-22-upgrade/index.html").read_text()
    assert (True, True) == ("Upgrade of the platform." in page, "Started." in page)
    assert (
        "2026-11-22T18:00:00.000Z"
        == json.loads((public / "status.json").read_text())["page"]["updated_at"]
    )
    internal = (root / "out/internal/incidents/2026-11-22-upgrade/index.html").read_text()
    assert "The ledger is down for the upgrade." in internal


OVERRUN_WINDOW = """\
---
title: Platform upgrade
scheduled_for: 2026-11-22 18:00
scheduled_until: 2026-11-22 19:00
components: {api: under_maintenance, billing-db: major_outage}
---
## Scheduled at 2026-11-20 10:00
Upgrade of the platform.

## In progress at 2026-11-22 18:00
Started.

## In progress at 2026-11-22 19:10
Components: billing-db=major_outage

The ledger failed to come back; the API stays read-only.

## Completed at 2026-11-22 20:00
All done.
"""


def test_a_window_held_open_past_its_end_by_a_hidden_components_update_stays_open(
    tmp_path: Path,
) -> None:
    # The update after the window's end says the work runs on: left off the public
    # page, the page would call the window completed while the API is still read-only.
    root = write_site(tmp_path)
    (root / "content/incidents/2026-11-22-upgrade.md").write_text(OVERRUN_WINDOW)

    code, output = run(root, "build", "--now", NOW, "-q")

    assert 0 == code, output
    summary = json.loads((root / "out/public/api/v2/summary.json").read_text())
    windows = [(m["name"], m["status"]) for m in summary["scheduled_maintenances"]]
    assert [("Platform upgrade", "in_progress")] == windows


# --- each page's own static files ------------------------------------------------------------


def with_static(settings: str, page: str, folder: str) -> str:
    """`settings` with `static: folder` under the page `page`."""
    output = f"    output: out/{page}\n"
    return settings.replace(output, f"{output}    static: {folder}\n")


def test_each_page_publishes_its_own_static_folder_after_the_shared_one(tmp_path: Path) -> None:
    settings = with_static(with_static(SETTINGS, "public", "static-public"), "internal", "own")
    root = write_site(tmp_path, settings)
    for relpath, text in {
        "static/security.txt": "Contact: mailto:sec@example.com\n",
        "static/logo.txt": "shared\n",
        "static-public/CNAME": "status.example.com\n",
        "own/CNAME": "internal.status.example.com\n",
        "own/logo.txt": "internal\n",
    }.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text)
    code, output = run(root, "build", "--now", NOW, "-q")
    assert 0 == code, output
    assert "" == output

    out = root / "out"
    assert "status.example.com\n" == (out / "public" / "CNAME").read_text()
    assert "internal.status.example.com\n" == (out / "internal" / "CNAME").read_text()
    assert not (out / "partners" / "CNAME").exists()
    assert ["shared\n", "shared\n", "internal\n"] == [
        (out / name / "logo.txt").read_text() for name in ("public", "partners", "internal")
    ]
    for name in ("public", "partners", "internal"):
        assert (out / name / "security.txt").is_file(), name
    # A change to a page's own files reaches the next (cached) build.
    (root / "own" / "CNAME").write_text("status-internal.example.com\n")
    code, output = run(root, "build", "--now", NOW, "-q", "--page", "internal")
    assert 0 == code
    assert not (out / "internal" / "CNAME").exists()
    assert "own/CNAME:1: warning: names 'status-internal.example.com'" in output


SHARED_RULES = "/*\n  Content-Security-Policy: default-src 'self'\n"
OWN_RULES = "/*\n  X-Frame-Options: DENY\n"


def test_a_pages_own_header_rules_are_added_to_the_shared_ones(tmp_path: Path) -> None:
    # Replacing static/_headers, as a page's CNAME replaces static/'s, silently dropped the
    # site-wide CSP and HSTS from the page that adds a rule of its own.
    root = write_site(tmp_path, with_static(SETTINGS, "internal", "own"))
    for relpath, text in {"static/_headers": SHARED_RULES, "own/_headers": OWN_RULES}.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text)
    code, output = run(root, "build", "--now", NOW, "-q")
    assert (0, "") == (code, output)

    published = (root / "out" / "internal" / "_headers").read_text()
    assert published.endswith(
        "\n# The site's own rules, from static/_headers.\n"
        + SHARED_RULES
        + "\n# The site's own rules, from own/_headers.\n"
        + OWN_RULES
    )
    assert (root / "out" / "public" / "_headers").read_text().endswith("\n" + SHARED_RULES)
    # An edit to either file reaches the next (cached) build, as a clean build has it.
    for relpath, old, new in [
        ("static/_headers", "'self'", "'none'"),
        ("own/_headers", "DENY", "SAMEORIGIN"),
    ]:
        (root / relpath).write_text((root / relpath).read_text().replace(old, new))
        assert 0 == run(root, "build", "--now", NOW, "-q", "--page", "internal")[0]
        cached = (root / "out" / "internal" / "_headers").read_text()
        assert new in cached
        assert 0 == run(root, "build", "--now", NOW, "-q", "--page", "internal", "--no-cache")[0]
        assert cached == (root / "out" / "internal" / "_headers").read_text(), relpath


def test_a_private_page_may_let_its_intranet_read_it_without_a_warning(tmp_path: Path) -> None:
    # As audiences.md shows: the private page sends no Access-Control-Allow-Origin of its
    # own, so the one of its own folder is the only one sent. In static/, every page's,
    # it would be joined to the public pages' "*".
    intranet = "/status.json\n  Access-Control-Allow-Origin: https://intranet.example.com\n"
    root = write_site(tmp_path, with_static(SETTINGS, "internal", "own"))
    (root / "own").mkdir()
    (root / "own" / "_headers").write_text(intranet)
    code, output = run(root, "check")
    assert 0 == code
    assert "warning" not in output
    code, output = run(root, "build", "--now", NOW, "-q", "--page", "internal")
    assert (0, "") == (code, output)
    assert (root / "out" / "internal" / "_headers").read_text().endswith(intranet)

    (root / "static").mkdir(exist_ok=True)
    (root / "own" / "_headers").rename(root / "static" / "_headers")
    code, output = run(root, "check")
    warned = [line.split(": warning: ")[0] for line in output.splitlines() if "warning:" in line]
    # Joined to the "*" of public and partners, and left out of internal's.
    assert ["static/_headers:2:3"] * 3 == warned
    assert "left out of the _headers of page 'internal'" in output


WIDGETS = "https://widgets.example.net"
SHARED_ORIGINS = (
    f"/*\n  Access-Control-Allow-Origin: {WIDGETS}\n  Strict-Transport-Security: max-age=600\n"
    f"\n/status.json\n  Access-Control-Allow-Origin: {WIDGETS}\n"
)


def test_a_shared_origin_rule_is_left_out_of_a_private_page_with_a_warning(
    tmp_path: Path,
) -> None:
    # static/ is every page's: its rule for the public page's widgets let that website read
    # the private page too, and only the public pages were warned of.
    intranet = "/status.json\n  Access-Control-Allow-Origin: https://intranet.example.com\n"
    root = write_site(tmp_path, with_static(SETTINGS, "internal", "own"))
    for relpath, text in {"static/_headers": SHARED_ORIGINS, "own/_headers": intranet}.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text)
    left_out = [
        f"static/_headers:{line}:3: warning: Access-Control-Allow-Origin for {path} is left"
        " out of the _headers of page 'internal'"
        for line, path in [(2, "/*"), (6, "/status.json")]
    ]

    for command in (["check"], ["build", "--now", NOW, "-q"]):
        code, output = run(root, *command)
        assert 0 == code, output
        shown = [
            line for line in output.splitlines() if "warning:" in line and "'internal'" in line
        ]
        assert left_out == [line.partition(": it is private")[0] for line in shown], output
        assert "put the rule in own/_headers, the page's own static folder" in output

    published = (root / "out" / "internal" / "_headers").read_text()
    assert WIDGETS not in published
    assert "/*\n  Strict-Transport-Security: max-age=600\n" in published
    assert published.endswith(intranet)
    assert f"/status.json\n  Access-Control-Allow-Origin: {WIDGETS}\n" in (
        (root / "out" / "public" / "_headers").read_text()
    )


@pytest.mark.parametrize("colon", [" :", "\t:", "  :"])
def test_a_shared_origin_written_with_space_before_its_colon_is_left_out_too(
    tmp_path: Path, colon: str
) -> None:
    # Both hosts trim a header's name: `Name : value` sends Name. Read as no header, the
    # line went into the private page's _headers, letting that website read it, unwarned.
    rule = f"/status.json\n  Access-Control-Allow-Origin{colon} {WIDGETS}\n"
    root = write_site(tmp_path)
    (root / "static").mkdir()
    (root / "static" / "_headers").write_text(rule)
    for command in (["check"], ["build", "--now", NOW, "-q"]):
        code, output = run(root, *command)
        assert 0 == code, output
        shown = [line.partition(": it is private")[0] for line in output.splitlines()]
        assert (
            "static/_headers:2:3: warning: Access-Control-Allow-Origin for /status.json is"
            " left out of the _headers of page 'internal'"
        ) in shown, output
        assert "is sent as '*, " in output
    assert WIDGETS not in (root / "out" / "internal" / "_headers").read_text()
    assert (root / "out" / "public" / "_headers").read_text().endswith(rule)


def test_a_shared_origin_rule_is_kept_when_every_page_is_private(tmp_path: Path) -> None:
    # As audiences.md says: static/_headers is then the private pages' own to allow with.
    settings = SETTINGS.replace("    show: [core]\n", "    show: [core]\n    private: true\n")
    settings = settings.replace(
        "    show: [core, partner-api]\n", "    show: [core, partner-api]\n    private: true\n"
    )
    root = write_site(tmp_path, settings)
    (root / "static").mkdir()
    (root / "static" / "_headers").write_text(SHARED_ORIGINS)

    code, output = run(root, "build", "--now", NOW, "-q")

    assert (0, "") == (code, output)
    for name in ("public", "partners", "internal"):
        assert (root / "out" / name / "_headers").read_text().endswith(SHARED_ORIGINS), name


def test_a_shared_cname_is_published_only_with_the_page_of_its_host(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    (root / "static").mkdir()
    (root / "static" / "CNAME").write_text("status.example.com\n")
    warnings = [
        "static/CNAME:1: warning: names 'status.example.com', not "
        f"'{name}.status.example.com', the host of page '{name}': not published with it"
        for name in ("internal", "partners")
    ]

    check_code, check_output = run(root, "check")
    code, output = run(root, "build", "--now", NOW, "-q")

    assert 0 == check_code
    assert warnings == [line for line in check_output.splitlines() if "warning:" in line]
    assert "'static:' under that page in statusgen.yaml" in check_output
    assert 0 == code
    assert sorted(warnings) == sorted(line for line in output.splitlines() if "warning:" in line)
    assert "status.example.com\n" == (root / "out" / "public" / "CNAME").read_text()
    assert not (root / "out" / "partners" / "CNAME").exists()
    assert not (root / "out" / "internal" / "CNAME").exists()


def test_each_pages_build_with_nothing_to_do_says_its_warnings_again(tmp_path: Path) -> None:
    # Each page keeps its own record: the CNAME is left out of two of them, and the
    # warnings of a build that finds every page in place are those of the build before.
    root = write_site(tmp_path)
    (root / "static").mkdir()
    (root / "static" / "CNAME").write_text("status.example.com\n")

    first, again = (run(root, "build", "--now", NOW, "-q") for _ in range(2))

    assert (0, 0) == (first[0], again[0])
    assert 2 == first[1].count("static/CNAME:1: warning:"), first[1]
    assert first == again


def site_with_static(tmp_path: Path, files: dict[str, str]) -> Path:
    """The site with page 'public' publishing static-public/ too, and `files` written."""
    root = write_site(tmp_path, with_static(SETTINGS, "public", "static-public"))
    for relpath, text in files.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text)
    return root


def test_a_path_both_static_folders_claim_names_each_file(tmp_path: Path) -> None:
    """The page's file replaces the shared one: renaming it alone would only let the
    other take the path, so both are named at once."""
    root = site_with_static(
        tmp_path, {"static/index.html": "shared\n", "static-public/index.html": "own\n"}
    )
    says = "would replace the file statusgen writes at index.html on page 'public'"
    expected = [
        f"static-public/index.html: {says} (as would static/index.html)",
        f"static/index.html: {says} (as would static-public/index.html)",
    ]

    check_code, check_output = run(root, "check")
    code, output = run(root, "build", "--now", NOW, "-q", "--page", "public")

    assert 1 == check_code
    assert set(expected) <= set(check_output.splitlines())
    assert 1 == code
    assert expected == [line for line in output.splitlines() if "would replace" in line]
    assert "2 problems in 2 files" in output


def test_a_file_where_another_static_folder_has_a_folder_names_both(tmp_path: Path) -> None:
    root = site_with_static(
        tmp_path, {"static/images/diagram.png": "png\n", "static-public/images": "text\n"}
    )
    expected = (
        "static-public/images: would be published at images, "
        "where static/images/diagram.png needs a folder"
    )

    check_code, check_output = run(root, "check")
    code, output = run(root, "build", "--now", NOW, "-q", "--page", "public")

    assert 1 == check_code
    assert expected in check_output.splitlines()
    assert 1 == code
    assert expected == output.splitlines()[0]
    assert "rename static-public/images, or the folder static/images" in output
    assert "1 problem in 1 file" in output


def test_a_pages_cname_left_out_names_the_shared_one_it_replaces(tmp_path: Path) -> None:
    root = site_with_static(
        tmp_path,
        {"static/CNAME": "status.example.com\n", "static-public/CNAME": "status.example.org\n"},
    )

    code, output = run(root, "build", "--now", NOW, "-q", "--page", "public")

    assert 0 == code
    assert (
        "static-public/CNAME:1: warning: names 'status.example.org', not 'status.example.com', "
        "the host of page 'public': not published with it, nor static/CNAME, which it replaces"
    ) in output.splitlines()
    assert "or remove it to publish static/CNAME in its place" in output
    assert not (root / "out" / "public" / "CNAME").exists()


@pytest.mark.parametrize(
    ("settings", "fix"),
    [
        (SETTINGS, "and give page 'public' one too if it needs a CNAME"),
        (
            with_static(SETTINGS, "public", "static-public"),
            "and write status.example.com into static-public/CNAME if page 'public' needs one",
        ),
    ],
)
def test_a_shared_cname_for_another_host_says_where_the_pages_own_goes(
    tmp_path: Path, settings: str, fix: str
) -> None:
    root = write_site(tmp_path, settings)
    for folder in ("static", "static-public"):
        if folder == "static" or folder in settings:  # the page's own folder, without a CNAME
            (root / folder).mkdir(exist_ok=True)
    (root / "static" / "CNAME").write_text("internal.status.example.com\n")

    code, output = run(root, "build", "--now", NOW, "-q", "--page", "public")

    assert 0 == code
    lines = output.splitlines()
    warning = next(i for i, line in enumerate(lines) if line.startswith("static/CNAME:1:"))
    assert (
        "    hint: every page publishes static/: move static/CNAME into a folder of its own "
        "for the page it names ('static:' under that page in statusgen.yaml, e.g. "
        f"'static: static-public'), {fix}"
    ) == lines[warning + 1]


def test_a_pages_cname_over_a_shared_one_for_another_host_says_to_write_the_host(
    tmp_path: Path,
) -> None:
    # Removing the page's CNAME would not publish static/CNAME: it names another host too.
    root = site_with_static(
        tmp_path,
        {"static/CNAME": "status.example.net\n", "static-public/CNAME": "status.example.org\n"},
    )

    code, output = run(root, "build", "--now", NOW, "-q", "--page", "public")

    assert 0 == code
    lines = output.splitlines()
    warning = next(i for i, line in enumerate(lines) if line.startswith("static-public/CNAME:1:"))
    hint = lines[warning + 1]
    assert "write status.example.com into it" in hint
    assert "remove" not in hint
    assert "static/CNAME names 'status.example.net'" in hint
    assert not (root / "out" / "public" / "CNAME").exists()


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        (
            "static/internal",
            "statusgen.yaml:17:13: static 'static/internal' is inside static/, whose files "
            "every page publishes",
        ),
        ("../elsewhere", "statusgen.yaml:17:13: static must name a folder inside the site"),
        # Not "create ~/static-pub/": the shell's home folder, which is outside the site.
        (
            "~/static-pub",
            "statusgen.yaml:17:13: static must name a folder inside the site, not "
            "'~/static-pub' (a leading ~ is the home folder)",
        ),
        ("content", "statusgen.yaml:17:13: static 'content' would publish the site's content/"),
        ("nowhere", "statusgen.yaml:17:13: static 'nowhere' of page 'internal' is no folder"),
        (
            "out/internal/files",
            "statusgen.yaml:17:13: static 'out/internal/files' of page 'internal' and an "
            "output folder lie one inside the other",
        ),
    ],
)
def test_check_reports_a_page_static_folder_it_cannot_publish(
    tmp_path: Path, folder: str, expected: str
) -> None:
    root = write_site(tmp_path, with_static(SETTINGS, "internal", folder))
    code, output = run(root, "check")
    assert 1 == code
    assert expected in output


def test_a_page_static_folder_linked_to_nothing_is_named_once(tmp_path: Path) -> None:
    # Not "create static-public/": the folder is there, as a link to one that is gone (a
    # shared disk not mounted), and the page would go out without its CNAME.
    root = site_with_static(tmp_path, {})
    (root / "static-public").symlink_to("shared/static-public")
    for command in (["check"], ["build", "--now", NOW, "--page", "public"]):
        code, output = run(root, *command)
        assert 1 == code, output
        assert output.startswith(
            "statusgen.yaml:7:13: static 'static-public' of page 'public' is a symbolic link "
            "to shared/static-public, which does not exist\n"
            "    hint: point the link at the folder it stands for, or remove it\n"
            "1 problem in 1 file"
        ), output


LEAKED = "2026-11-21-ledger-migration"  # internal-only: never on the public page


@pytest.mark.parametrize(
    ("static", "folder", "expected"),
    [
        (
            "static-public",
            "static-public/preview",
            "-o/--output: the output folder 'static-public/preview' is inside static-public/, "
            "the static folder of page 'public'",
        ),
        (
            "static-public",
            "static-public",
            "the output folder 'static-public' is inside static-public/, the static folder "
            "of page 'public'",
        ),
        (
            "assets/public",
            "assets",
            "-o/--output: the output folder 'assets' holds assets/public/, the static folder "
            "of page 'public'",
        ),
    ],
)
def test_a_page_built_into_another_pages_static_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, static: str, folder: str, expected: str
) -> None:
    # Every file of a page's static folder is published with that page: the private
    # page's site built there would go out with the public one.
    root = site_with_static(tmp_path, {f"{static}/verify.html": "verify\n"})
    (root / "statusgen.yaml").write_text(with_static(SETTINGS, "public", static))
    monkeypatch.chdir(root)

    code, output = run(root, "build", "--now", NOW, "-q", "--page", "internal", "-o", folder)

    assert 1 == code, output
    assert expected in output
    assert ["verify.html"] == sorted(p.name for p in (root / static).iterdir())
    code, output = run(root, "build", "--now", NOW, "-q", "--page", "public")
    assert 0 == code, output
    published = [p for p in (root / "out/public").rglob("*") if p.is_file()]
    assert not [p for p in published if LEAKED in p.read_text(errors="replace")]


def test_a_static_folder_reached_through_a_link_as_output_names_the_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site_with_static(tmp_path, {"static-public/verify.html": "verify\n"})
    (root / "preview").symlink_to("static-public")
    monkeypatch.chdir(root)

    code, output = run(root, "build", "--now", NOW, "-q", "--page", "internal", "-o", "preview")

    assert 1 == code, output
    assert (
        "preview: a symbolic link to static-public, inside static-public/, the static folder "
        "of page 'public'"
    ) in output
    assert ["verify.html"] == sorted(p.name for p in (root / "static-public").iterdir())


def test_a_pages_output_inside_another_pages_static_folder_is_refused(tmp_path: Path) -> None:
    settings = with_static(SETTINGS, "public", "static-public").replace(
        "output: out/internal", "output: static-public/internal"
    )
    root = site_with_static(tmp_path, {"static-public/verify.html": "verify\n"})
    (root / "statusgen.yaml").write_text(settings)
    expected = (
        "static 'static-public' of page 'public' and an output folder lie one inside the other"
    )

    check_code, check_output = run(root, "check")
    code, output = run(root, "build", "--now", NOW, "-q")

    assert (1, 1) == (check_code, code)
    assert 1 == check_output.count(expected), check_output
    assert expected in output
    assert not (root / "static-public" / "internal").exists()
    assert not (root / "out").exists()


@pytest.mark.parametrize(
    ("link", "target", "expected"),
    [
        # The page's own folder, a link: reported at its `static:`, with how to fix it.
        (
            "static-public",
            "content",
            "statusgen.yaml:7:13: static 'static-public' of page 'public' is a symbolic link "
            "to content/, which a static folder may not publish\n"
            "    hint: make static-public/ a folder of its own, not a link,",
        ),
        (
            "static-public",
            "content/incidents",
            "static 'static-public' of page 'public' is a symbolic link to content/incidents "
            "(in content/), which",
        ),
        (
            "static-public",
            ".",
            "static 'static-public' of page 'public' is a symbolic link to the site's folder "
            "(holding content/), which",
        ),
        # The site-wide folder, a link: reported at it.
        ("static", "content", "static: a symbolic link to content/, which a static folder"),
        # A link inside a static folder, to a folder or a file: reported at the link.
        (
            "static/incidents",
            "content/incidents",
            "static/incidents: a symbolic link to content/incidents (in content/), which a "
            "static folder may not publish\n"
            "    hint: copy the files to publish into the folder instead;",
        ),
        ("static-public/all", "content", "static-public/all: a symbolic link to content/,"),
        (
            "static-public/rehearsal.md",
            f"content/incidents/{LEAKED}.md",
            f"static-public/rehearsal.md: a symbolic link to content/incidents/{LEAKED}.md "
            "(in content/)",
        ),
        # Another page's output: the private page published on the public one.
        ("static/internal", "out/internal", "static/internal: a symbolic link to out/internal/,"),
    ],
    ids=[
        "page-folder-to-content",
        "page-folder-to-incidents",
        "page-folder-to-site",
        "static-to-content",
        "link-in-static",
        "link-in-page-folder",
        "file-link",
        "link-to-private-output",
    ],
)
def test_a_static_folder_linking_into_content_is_refused_and_publishes_nothing(
    tmp_path: Path, link: str, target: str, expected: str
) -> None:
    root = write_site(tmp_path, with_static(SETTINGS, "public", "static-public"))
    for folder in ("static", "static-public"):
        if not link.startswith(f"{folder}/") and link != folder:
            (root / folder).mkdir()
    if "/" in link:
        (root / link).parent.mkdir(exist_ok=True)
    (root / link).symlink_to(os.path.relpath(root / target, (root / link).parent))

    code, output = run(root, "check")
    assert 1 == code
    assert expected in output
    assert 1 == output.count(expected.split("\n")[0])  # said once, where it is
    code, output = run(root, "build", "--now", NOW, "-q")
    assert 1 == code
    assert expected in output
    published = [p for p in (root / "out").rglob("*") if p.suffix in (".md", ".yaml")]
    assert [] == published
    public = root / "out" / "public"
    assert not public.exists() or LEAKED not in "".join(
        p.read_text(errors="replace") for p in public.rglob("*") if p.is_file()
    )


def test_a_static_folder_may_be_a_link_to_a_folder_of_the_site_kept_for_it(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path, with_static(SETTINGS, "public", "static-public"))
    (root / "domains" / "public").mkdir(parents=True)
    (root / "domains" / "public" / "CNAME").write_text("status.example.com\n")
    (root / "static-public").symlink_to(Path("domains") / "public")
    (root / "static").mkdir()
    (root / "static" / "shared").symlink_to(Path("..") / "domains")

    assert 0 == run(root, "check")[0]
    code, output = run(root, "build", "--now", NOW, "-q", "--page", "public")
    assert 0 == code, output
    assert "status.example.com\n" == (root / "out/public/CNAME").read_text()
    assert (root / "out/public/shared/public/CNAME").is_file()


@pytest.mark.parametrize(
    ("key", "folder", "published"),
    [
        # The name the hints offer a page named `a`: static-{name}.
        ("static", "static-a", "out/internal/runbook.txt"),
        ("static", "statics", "out/internal/runbook.txt"),
        ("output", "statics/internal", "statics/internal/index.html"),
    ],
)
def test_a_folder_the_settings_name_is_no_misspelling_of_static(
    tmp_path: Path, key: str, folder: str, published: str
) -> None:
    # `static: static-a` was reported as static/ misspelled ("rename it to static"), and
    # check failed on the folder the settings name, until it was renamed static-public.
    if key == "static":
        root = write_site(tmp_path, with_static(SETTINGS, "internal", folder))
        (root / folder).mkdir()
        (root / folder / "runbook.txt").write_text("call the on-call\n")
    else:
        root = write_site(tmp_path, SETTINGS.replace("output: out/internal", f"output: {folder}"))
    assert (0, "") == run(root, "build", "--now", NOW, "-q")
    assert (root / published).is_file()

    code, output = run(root, "check")
    assert 0 == code, output
    assert "not read" not in output
    # A folder no setting names is still told, beside it.
    (root / "statc").mkdir()
    code, output = run(root, "check")
    assert 1 == code
    assert output.startswith("statc: not read: statusgen reads the folder static\n"), output


def test_a_misspelled_static_key_is_told_what_was_meant(tmp_path: Path) -> None:
    root = write_site(tmp_path, SETTINGS.replace("    private: true", "    statics: own"))
    code, output = run(root, "check")
    assert 1 == code
    assert "statusgen.yaml:17:5: unknown key 'statics' in page 'internal'" in output
    assert "did you mean 'static'?" in output


def test_a_pages_cache_copied_from_another_page_is_not_taken_as_its_own(tmp_path: Path) -> None:
    # The copied record names the other page's folder, which is as its build left it: the
    # page must be built in full into its own folder, not found in place in that one.
    root = write_site(tmp_path / "site")
    assert 0 == run(root, "build", "--now", NOW, "-q")[0]
    path = root / "content/incidents/2026-11-22-slow-requests.md"
    path.write_text(path.read_text().replace("Requests are slow.", "Requests are slower."))
    assert 0 == run(root, "build", "--now", NOW, "-q", "--page", "public")[0]
    pages = root / ".statusgen-cache" / "pages"
    shutil.rmtree(pages / "internal")
    shutil.copytree(pages / "public", pages / "internal", symlinks=True)

    for _ in range(2):
        code, output = run(root, "build", "--now", NOW, "--page", "internal")
        assert 0 == code, output
        assert " into " + str(root / "out/internal") + " in " in output
    clean = tmp_path / "clean"
    code, output = run(
        root, "build", "--now", NOW, "--no-cache", "--page", "internal", "-o", str(clean)
    )
    assert 0 == code, output
    assert files(clean) == files(root / "out/internal")


# An internal page that shows what the others do not: a database only staff see.
STAFF_SETTINGS = SETTINGS.replace(
    "    private: true\n", "    private: true\n    show: [core, billing-db]\n"
)
DB_DOWN = """\
---
title: Database down
status: investigating
components:
  billing-db: major_outage
audiences: [public]
---
## Investigating at 2026-11-22 18:00
The database is down.
"""


def warnings_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": warning: " in line]


def test_audiences_naming_no_page_that_shows_the_component_is_warned_about(
    tmp_path: Path,
) -> None:
    """`audiences:` wins over the components: an outage of the database kept to the public
    page, which does not show it, is on no page at all, and check says so where it is."""
    root = write_site(tmp_path)
    (root / "content/incidents/2026-11-22-db-down.md").write_text(DB_DOWN, encoding="utf-8")

    code, output = run(root, "check")

    assert 0 == code, output
    assert [
        "content/incidents/2026-11-22-db-down.md:6:13: warning: audiences names page 'public',"
        " which shows no component 'billing-db' this incident names: audiences wins, so the "
        "incident is left off page 'internal', which shows it, and what it says of it is on "
        "no page"
    ] == warnings_of(output)
    assert "hint: add page 'internal' to audiences: ([public, internal])" in output


def test_audiences_naming_a_page_that_shows_the_component_is_not_warned_about(
    tmp_path: Path,
) -> None:
    """The rehearsal kept to staff, whose page shows what it names, is what audiences is for."""
    code, output = run(write_site(tmp_path), "check")
    assert 0 == code, output
    assert [] == warnings_of(output)


def test_update_naming_a_component_its_audiences_do_not_show_is_warned_about(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path)
    path = root / "content/incidents/2026-11-22-api-slow.md"
    path.write_text(
        DB_DOWN.replace("billing-db: major_outage", "api: degraded_performance"),
        encoding="utf-8",
    )

    code, output = run(
        root,
        "update",
        "2026-11-22-api-slow",
        "-c",
        "billing-db=major_outage",
        "-m",
        "The database died too.",
        "--now",
        NOW,
    )

    assert 0 == code, output
    assert "billing-db=major_outage" in path.read_text()
    assert (
        "warning: content/incidents/2026-11-22-api-slow.md: audiences names page 'public', "
        "which shows no component 'billing-db' this incident names"
    ) in output


def test_an_open_incident_on_a_component_no_page_shows_is_warned_about(tmp_path: Path) -> None:
    """Every page has a `show:` and none names the database: its outage is on no page."""
    root = write_site(tmp_path, STAFF_SETTINGS.replace("show: [core, billing-db]", "show: [core]"))
    path = root / "content/incidents/2026-11-22-db-down.md"
    path.write_text(DB_DOWN.replace("audiences: [public]\n", ""), encoding="utf-8")

    code, output = run(root, "check")

    assert 0 == code, output
    said = (
        "warning: component 'billing-db' is on no page's show:; an open incident naming it is"
        " shown nowhere"
    )
    assert [f"content/incidents/2026-11-22-db-down.md:5:3: {said}"] == [
        line for line in warnings_of(output) if "2026-11-22-db-down" in line
    ]
    # Resolved, it names a component the site keeps: nothing to say.
    path.write_text(
        DB_DOWN.replace("audiences: [public]\n", "").replace("investigating\n", "resolved\n")
        + "\n## Resolved at 2026-11-22 18:30\nBack.\n",
        encoding="utf-8",
    )
    code, output = run(root, "check")
    assert 0 == code, output
    assert "2026-11-22-db-down" not in output

    path.unlink()
    code, output = run(
        root,
        "new",
        "incident",
        "Database down",
        "-c",
        "billing-db=major_outage",
        "-m",
        "Down.",
        "--now",
        NOW,
    )
    assert 0 == code, output
    assert said.replace("warning: ", "") in output


def test_a_window_to_come_on_a_component_no_page_shows_is_warned_about_until_it_ends(
    tmp_path: Path,
) -> None:
    """A window whose state follows the clock: check warns by its clock, not after."""
    root = write_site(tmp_path, STAFF_SETTINGS.replace("show: [core, billing-db]", "show: [core]"))
    code, output = run(
        root,
        "new",
        "maintenance",
        "Database upgrade",
        "--start",
        "2026-11-25 10:00",
        "--end",
        "2026-11-25 11:00",
        "-c",
        "billing-db",
        "--now",
        NOW,
    )
    assert 0 == code, output
    said = "component 'billing-db' is on no page's show:; a maintenance not completed naming it"
    assert said in output

    code, output = run(root, "check", "--now", NOW)
    assert 0 == code, output
    assert said in output
    code, output = run(root, "check", "--now", "2026-11-26T10:00:00Z")
    assert 0 == code, output
    assert said not in output
    # A build warns as check does, by its own clock, once for all its pages.
    code, output = run(root, "build", "-q", "--now", NOW)
    assert 0 == code, output
    assert 1 == output.count(said)
    code, output = run(root, "build", "-q", "--now", "2026-11-26T10:00:00Z")
    assert 0 == code, output
    assert said not in output


def test_a_component_no_page_shows_is_no_warning_when_nothing_open_names_it(
    tmp_path: Path,
) -> None:
    """A site may keep a component on no page: only an open event naming it is news."""
    root = write_site(tmp_path, STAFF_SETTINGS.replace("show: [core, billing-db]", "show: [core]"))
    (root / "content/incidents/2026-11-21-ledger-migration.md").unlink()
    code, output = run(root, "check")
    assert 0 == code, output
    assert "billing-db' is on no page" not in output


def test_audiences_on_a_component_points_to_the_pages_show(tmp_path: Path) -> None:
    """A component is kept to some pages by their `show:`, not by the incidents' key."""
    root = write_site(tmp_path)
    (root / "content/components.yaml").write_text(
        COMPONENTS + "- id: sso\n  name: BigCo SSO\n  audiences: [partners]\n", encoding="utf-8"
    )

    code, output = run(root, "check")

    assert 1 == code
    assert "content/components.yaml:14:3: unknown key 'audiences' in component" in output
    assert "in the 'show:' of each page under 'pages:' in statusgen.yaml" in output
    assert "known keys" not in output


@pytest.mark.parametrize(
    ("written", "meant"), [("deutsch", "de"), ("German", "de"), ("Français", "fr")]
)
def test_a_pages_language_written_as_its_name_is_offered_its_code(
    tmp_path: Path, written: str, meant: str
) -> None:
    root = write_site(
        tmp_path,
        SETTINGS.replace("    private: true\n", f"    private: true\n    language: {written}\n"),
    )

    code, output = run(root, "check")

    assert 1 == code
    assert f"statusgen.yaml:18:15: '{written}' is not a language tag" in output
    assert f"hint: did you mean '{meant}'?" in output


@pytest.mark.parametrize(
    ("written", "meant"),
    [("ger", "de"), ("deu", "de"), ("fre", "fr"), ("fra", "fr"), ("ger-CH", "de-CH")],
)
def test_a_three_letter_language_code_is_offered_the_two_letter_one(
    tmp_path: Path, written: str, meant: str
) -> None:
    # Published as `<html lang="ger">`, which browsers and screen readers do not read as
    # German: refused on the site and on a page alike, before anything is published.
    page = SETTINGS.replace("    private: true\n", f"    private: true\n    language: {written}\n")
    for index, settings in enumerate((f"language: {written}\n" + SETTINGS, page)):
        root = write_site(tmp_path / str(index), settings)

        code, output = run(root, "check")
        built, _ = run(root, "build", "--now", NOW, "-q")

        where = "1:11" if index == 0 else "18:15"
        assert 1 == code
        assert f"statusgen.yaml:{where}: '{written}' is a three-letter code" in output
        assert f"hint: did you mean '{meant}'?" in output
        assert 1 == built
        assert not (root / "out").exists()


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("de_DE", "de-DE"),
        ("pt_br", "pt-BR"),
        ("en_US.UTF-8", "en-US"),
        ("de_DE@euro", "de-DE"),
        ("ger_CH", "de-CH"),
    ],
)
def test_a_system_locale_name_is_offered_the_language_tag(
    tmp_path: Path, written: str, meant: str
) -> None:
    # Copied from `locale` or a catalog's name, as a translator would: the tag it stands
    # for is named, as a three-letter code's is, on the site and on a page alike.
    page = SETTINGS.replace("    private: true\n", f"    private: true\n    language: {written}\n")
    for index, settings in enumerate((f"language: {written}\n" + SETTINGS, page)):
        root = write_site(tmp_path / str(index), settings)

        code, output = run(root, "check")

        where = "1:11" if index == 0 else "18:15"
        assert 1 == code
        assert f"statusgen.yaml:{where}: '{written}' is not a language tag" in output
        assert f"hint: did you mean '{meant}'? write a language tag" in output


@pytest.mark.parametrize("written", ["de", "pt-BR", "fil", "yue", "haw"])
def test_a_language_tag_without_a_shorter_code_is_accepted(tmp_path: Path, written: str) -> None:
    code, output = run(write_site(tmp_path, f"language: {written}\n" + SETTINGS), "check")

    assert 0 == code, output


RUNBOOK = "internal runbook: rotate the ledger password"


@pytest.mark.parametrize(
    ("folders", "links", "expected"),
    [
        # The private page's folder a link into static/: its files went out on every page.
        (
            {"internal": "internal-files", "public": None},
            {"internal-files": "static/internal"},
            "static 'internal-files' of page 'internal' lies inside static/ through a link, "
            "whose files every page publishes",
        ),
        # The private page's folder inside the public page's own.
        (
            {"internal": "static-public/internal", "public": "static-public"},
            {},
            "static 'static-public/internal' of page 'internal' lies inside static-public/, "
            "the static folder of page 'public'",
        ),
        # A link in static/ to the private page's folder.
        (
            {"internal": "static-internal", "public": None},
            {"static/shared": "static-internal"},
            "static/shared: a symbolic link to static-internal/, which a static folder may not "
            "publish",
        ),
        # A link in the public page's folder to the private page's.
        (
            {"internal": "static-internal", "public": "static-public"},
            {"static-public/ops": "static-internal"},
            "static-public/ops: a symbolic link to static-internal/, which a static folder "
            "may not publish",
        ),
    ],
    ids=[
        "page-folder-link-into-static",
        "nested-in-public-folder",
        "link-in-static",
        "link-in-public-folder",
    ],
)
def test_a_private_pages_own_files_are_never_published_on_another_page(
    tmp_path: Path, folders: dict[str, str | None], links: dict[str, str], expected: str
) -> None:
    settings = SETTINGS
    for page, folder in folders.items():
        if folder is not None:
            settings = with_static(settings, page, folder)
    root = write_site(tmp_path, settings)
    (root / "static").mkdir()
    real = "static/internal" if "internal-files" in links else folders["internal"]
    assert real is not None
    (root / real).mkdir(parents=True, exist_ok=True)
    (root / real / "runbook.txt").write_text(RUNBOOK)
    if folders["public"] is not None:
        (root / folders["public"]).mkdir(exist_ok=True)
    for link, target in links.items():
        (root / link).symlink_to(os.path.relpath(root / target, (root / link).parent))

    code, output = run(root, "check")
    assert 1 == code, output
    assert expected in output
    code, output = run(root, "build", "--now", NOW, "-q", "--page", "public")
    assert 1 == code, output
    assert expected in output
    # The partners' page, publishing static/ alone, has nothing of it either.
    run(root, "build", "--now", NOW, "-q", "--page", "partners")
    for page in ("public", "partners"):
        public = root / "out" / page
        assert not public.exists() or RUNBOOK not in "".join(
            p.read_text(errors="replace") for p in public.rglob("*") if p.is_file()
        )


def test_a_public_pages_folder_may_hold_no_private_pages_folder(tmp_path: Path) -> None:
    # Said at both `static:` lines: either may be the one to move.
    settings = with_static(SETTINGS, "public", "static-public")
    root = write_site(tmp_path, with_static(settings, "internal", "static-public/internal"))
    (root / "static-public" / "internal").mkdir(parents=True)
    code, output = run(root, "check")
    assert 1 == code
    assert (
        "static 'static-public' of page 'public' holds static-public/internal/, the static "
        "folder of page 'internal'"
    ) in output


SLOW = "content/incidents/2026-11-22-slow-requests.md"


def linked_from(root: Path, relpath: str, message: str) -> Path:
    """The site with `message` added to the first update of the incident `relpath`."""
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    marker = "\n## Resolved" if "## Resolved" in text else None
    if marker is None:
        path.write_text(f"{text}{message}\n", encoding="utf-8")
    else:
        path.write_text(text.replace(marker, f"{message}\n{marker}", 1), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("message", "told"),
    [
        (
            "Follow-up of [the timeouts](../2026-11-20-gateway-timeouts/).",
            "incidents/2026-11-20-gateway-timeouts/, but page 'public' does not show",
        ),
        (
            "See [the timeouts](https://status.example.com/incidents/2026-11-20-gateway-timeouts/).",
            "incidents/2026-11-20-gateway-timeouts/, but page 'public' does not show",
        ),
        (
            "See [the rehearsal](/incidents/2026-11-21-ledger-migration/).",
            "incidents/2026-11-21-ledger-migration/, but pages 'partners' and 'public' do not show",
        ),
        (
            "Caused by <https://status.example.com/incidents/2026-11-20-gateway-timeouts/>.",
            "incidents/2026-11-20-gateway-timeouts/, but page 'public' does not show",
        ),
        (
            "Caused by https://status.example.com/incidents/2026-11-20-gateway-timeouts/ too.",
            "incidents/2026-11-20-gateway-timeouts/, but page 'public' does not show",
        ),
        (
            "See https://Status.EXAMPLE.com/incidents/2026-11-20-gateway-timeouts/ too.",
            "incidents/2026-11-20-gateway-timeouts/, but page 'public' does not show",
        ),
        (
            "See [it](https://status.example.com:443/incidents/2026-11-20-gateway-timeouts/).",
            "incidents/2026-11-20-gateway-timeouts/, but page 'public' does not show",
        ),
    ],
    ids=[
        "relative-to-other-components",
        "page-base-url",
        "audiences",
        "autolink",
        "bare",
        "host-case",
        "port",
    ],
)
def test_a_link_to_an_incident_a_page_does_not_show_is_warned_of_naming_it(
    tmp_path: Path, message: str, told: str
) -> None:
    """On the pages that show the linking incident and not the linked one, the link
    publishes the other audience's incident address and leads to the 404 page."""
    root = linked_from(write_site(tmp_path), SLOW, message)

    code, output = run(root, "check")
    built, text = run(root, "build", "--now", NOW, "--no-cache", "-q")

    said = (
        f"{SLOW}:9:{1 + address_column(message)}: warning: this link leads to {told} that "
        "incident: the link "
        "publishes its address there and leads to the 404 page"
    )
    assert 0 == code, output  # a warning: each page still builds
    assert said in output
    assert "hint: remove the link, or make the linked incident shown on" in output
    assert 0 == built, text
    assert said in text


@pytest.mark.parametrize(
    ("relpath", "message"),
    [
        # Internal shows every incident; partners show the slow requests too.
        (
            "content/incidents/2026-11-21-ledger-migration.md",
            "See [the timeouts](../2026-11-20-gateway-timeouts/).",
        ),
        (
            "content/incidents/2026-11-20-gateway-timeouts.md",
            "See [the slow requests](../2026-11-22-slow-requests/).",
        ),
    ],
    ids=["internal-only", "partners-and-internal"],
)
def test_a_link_to_an_incident_every_page_of_the_link_shows_is_no_warning(
    tmp_path: Path, relpath: str, message: str
) -> None:
    root = linked_from(write_site(tmp_path), relpath, message)

    code, output = run(root, "check")

    assert 0 == code, output
    assert "this link leads to" not in output


def test_a_windows_step_on_hidden_components_alone_dates_nothing_on_the_page(
    tmp_path: Path,
) -> None:
    """The window's first step sets only the ledger database, which the public page does
    not show; the API goes under maintenance at the second. On the public page the first
    step changes nothing (as an incident's would not), and the API's maintenance begins at
    03:00 in every output, as the internal page has it: not when the hidden step began."""
    root = tmp_path / "site"
    (root / "content/incidents").mkdir(parents=True)
    (root / "statusgen.yaml").write_text(QUIET_PAGE.replace("[dashboard]", "[core]"))
    (root / "content/components.yaml").write_text(COMPONENTS)
    (root / "content/incidents/2026-11-30-rolling-upgrade.md").write_text(ROLLING_WINDOW)
    code, output = run(root, "build", "--now", "2026-11-30T03:30:00Z", "--no-cache", "-q")
    assert 0 == code, output

    def api_began(page: str) -> tuple[object, str]:
        out = root / "out" / page / "api/v2"
        windows = json.loads((out / "scheduled-maintenances.json").read_text())
        (window,) = windows["scheduled_maintenances"]
        (hidden_step,) = [
            u for u in window["incident_updates"] if u["created_at"].startswith("2026-11-30T02")
        ]
        listed = json.loads((out / "components.json").read_text())["components"]
        (api,) = [c for c in listed if c["name"] == "Public API"]
        return hidden_step["affected_components"], api["updated_at"]

    public_step, public_at = api_began("public")
    assert (None, "2026-11-30T03:00:00.000Z") == (public_step, public_at)
    assert public_at == api_began("internal")[1]


# Components beside the settings' own: shards with ids alike, and two groups' components of
# one name with a retired one.
_SHARDS = "".join(f"- id: db-{n}\n  name: Shard {n}\n" for n in ("00", "01", "10")) + "".join(
    f"- id: db-{n}\n  name: Shard {n}\n"
    for n in [*(f"1{m}" for m in range(1, 10)), *(f"{m}1" for m in range(2, 10))]
)
_REGIONS = (
    "".join(
        f"- id: {g}\n  name: {name}\n  components:\n    - id: {g}-web\n      name: Web\n"
        for g, name in (("eu", "Europe"), ("us", "US"))
    )
    + "- id: old\n  name: Legacy\n  retired: true\n"
)


@pytest.mark.parametrize(
    ("more", "written", "offered"),
    [
        # As the page shows them: a group's name and a component's, answered with the id.
        (_SHARDS, "Core Services", "did you mean 'core'? "),
        (_SHARDS, "public api", "did you mean 'api'? "),
        # Equally close to several ids: each of them, not the first in the file.
        (_SHARDS, "db-0", "did you mean 'db-00' or 'db-01' or 'db-10'? "),
        # Equally close to a score of them: any one would be a guess.
        (_SHARDS, "db-1", ""),
        # A component as it stands alone beside another Web: that one, not its group.
        (_REGIONS, "Europe - Web", "did you mean 'eu-web'? "),
        # A retired component's name, which show: may name (to keep it on past incidents).
        (_REGIONS, "Legacy", "did you mean 'old'? "),
    ],
)
def test_a_page_showing_a_name_or_an_id_alike_several_is_offered_as_c_is(
    tmp_path: Path, more: str, written: str, offered: str
) -> None:
    root = write_site(tmp_path, SETTINGS.replace("show: [core]", f"show: ['{written}']"))
    (root / "content/components.yaml").write_text(COMPONENTS + more, encoding="utf-8")

    code, output = run(root, "check")

    assert 1 == code
    known = "core, api, dashboard," if more is _SHARDS else "core, eu, us, api, dashboard,"
    assert (
        f"statusgen.yaml:7:12: page 'public' shows '{written}', which is no group or component\n"
        f"    hint: {offered}known ids: {known}"
    ) in output
