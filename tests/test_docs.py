"""The documentation: the short README's commands, and the MkDocs site built from docs/."""

from __future__ import annotations

import gzip
import re
import shlex
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

import statusgen

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def code_after(marker: str) -> str:
    """The first shell block after the README line holding `marker`."""
    after = README.split(marker, 1)[1]
    match = re.search(r"```sh\n(.*?)```", after, re.S)
    assert match is not None
    return match.group(1).strip()


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    command = code_after("The test command")
    assert command.startswith("python3 -m venv .venv && ") and command.endswith("pytest")
    assert command in (ROOT / ".ci" / "run").read_text().splitlines()


def test_the_readme_stays_short() -> None:
    assert len(README.encode()) < 6_000


def test_every_readme_link_reaches_a_file() -> None:
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    local = [link for link in links if "://" not in link]
    assert local
    assert [] == [link for link in local if not (ROOT / link).exists()]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs-site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    # --strict: a broken link, a missing anchor or a page left out of the nav fails it.
    assert 0 == result.returncode, result.stderr
    return out


def test_every_docs_page_is_in_the_navigation(site: Path) -> None:
    index = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    linked = {str(a["href"]).strip("/") for a in index.select("a[href]")}
    pages = {p.stem for p in (ROOT / "docs").glob("*.md") if p.stem != "index"}
    assert pages, "docs/ has pages"
    assert set() == pages - linked


def test_the_docs_site_loads_nothing_from_other_hosts(site: Path) -> None:
    external = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for tag in soup.select("script[src], link[href], img[src]"):
            url = str(tag.get("src") or tag.get("href"))
            if tag.name == "link" and "stylesheet" not in (tag.get("rel") or []):
                continue
            if re.match(r"^(https?:)?//", url):
                external.append(f"{page.relative_to(site)}: {url}")
    assert [] == external


def shell_commands(page: str) -> list[list[str]]:
    """The `statusgen` commands of a docs page's first shell block, as argument lists
    (continued lines joined, comments dropped)."""
    text = (ROOT / "docs" / page).read_text()
    match = re.search(r"```sh\n(.*?)```", text, re.S)
    assert match is not None
    joined = match.group(1).replace("\\\n", " ")
    commands = [shlex.split(line, comments=True) for line in joined.splitlines()]
    return [command for command in commands if command]


def test_the_authoring_examples_run_on_the_example_site(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from sitefiles import copy_example

    from statusgen.cli import cli

    site = copy_example(tmp_path / "site")
    commands = shell_commands("authoring.md")
    assert len(commands) >= 5
    # The day the examples' file names are dated.
    env = {"SOURCE_DATE_EPOCH": "1795334400"}  # 2026-11-22T08:00:00Z
    for command in commands:
        assert "statusgen" == command[0]
        result = CliRunner().invoke(cli, ["-C", str(site), *command[1:]], env=env)
        assert 0 == result.exit_code, f"{shlex.join(command)}\n{result.output}"
    assert (site / "content/incidents/2026-11-22-card-payments-failing.md").is_file()


def test_the_authoring_sample_file_is_what_the_examples_write(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from sitefiles import copy_example

    from statusgen.cli import cli

    site = copy_example(tmp_path / "site")
    opened, identified, _, resolved = shell_commands("authoring.md")[:4]
    assert ("new", "identified", "resolve") == (opened[1], identified[4], resolved[1])
    # 19:41, 19:58 and 20:30 in Berlin, as the sample's headings say.
    for command, epoch in ((opened, 1795372860), (identified, 1795373880), (resolved, 1795375800)):
        env = {"SOURCE_DATE_EPOCH": str(epoch)}
        result = CliRunner().invoke(cli, ["-C", str(site), *command[1:]], env=env)
        assert 0 == result.exit_code, result.output
    text = (ROOT / "docs" / "authoring.md").read_text()
    sample = re.search(r"```markdown\n(.*?)```", text, re.S)
    assert sample is not None
    written = site / "content/incidents/2026-11-22-card-payments-failing.md"
    assert sample.group(1) == written.read_text()


def test_the_authoring_guide_dates_a_new_file_in_the_writers_zone_as_new_does(
    tmp_path: Path,
) -> None:
    """docs/authoring.md's example of a file named for another day than its pages give
    it: `new` names it so, and the pages date it so."""
    from click.testing import CliRunner
    from sitefiles import INCIDENT_PATH, run_build, write_site

    from statusgen.cli import cli

    text = " ".join((ROOT / "docs" / "authoring.md").read_text().split())
    example = re.search(
        r"with `timezone: (\S+)` and `input_timezone: (\S+)`, an incident opened at (\d\d:\d\d)"
        r" on (\w+ \d+) .*? is `(\d{4}-\d\d-\d\d)-….md` while its pages date it (\w+ \d+, \d{4})",
        text,
    )
    assert example is not None, "docs/authoring.md: New file names: the example of two zones"
    shown, written, clock, day, named, paged = example.groups()
    settings = f"title: S\nbase_url: https://s.example\ntimezone: {shown}\n"
    root = write_site(
        tmp_path / "site",
        {"statusgen.yaml": settings + f"input_timezone: {written}\n", INCIDENT_PATH: None},
    )
    opened = f"{named} {clock}"
    assert day == f"{datetime.strptime(named, '%Y-%m-%d'):%b} {int(named[8:])}"
    now = datetime.strptime(opened, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(written))
    result = CliRunner().invoke(
        cli,
        ["-C", str(root), "new", "incident", "Zone day", "-c", "api", "-m", "x"],
        env={"SOURCE_DATE_EPOCH": str(int(now.timestamp()))},
    )
    assert 0 == result.exit_code, result.output
    assert [f"{named}-zone-day.md"] == [p.name for p in (root / "content/incidents").iterdir()]
    assert 0 == run_build(root, now=now.isoformat()).exit_code
    html = (root / "public/incidents" / f"{named}-zone-day" / "index.html").read_text()
    assert f"{paged}, " in html


def test_the_development_lint_command_is_what_the_test_workflow_runs() -> None:
    text = (ROOT / "docs" / "development.md").read_text()
    block = text.split("Lint and types, as the test workflow runs them:", 1)[1]
    match = re.search(r"```sh\n(.*?)```", block, re.S)
    assert match is not None
    documented = [c.strip().removeprefix(".venv/bin/") for c in match.group(1).split(" && ")]
    workflow = (ROOT / ".github" / "workflows" / "test.yml").read_text()
    runs = re.findall(r"- run: ((?:ruff|mypy)\b.*)", workflow)
    assert runs == documented


def test_the_theme_page_names_every_built_in_template_and_page_section(tmp_path: Path) -> None:
    """theme.md lists the templates an override can replace and the `page.section` values
    a template can test: every one a build has, read off the built site."""
    from sitefiles import run_build, write_site

    from statusgen.layout import BUILTIN_THEME, TEMPLATES_DIR

    text = (ROOT / "docs" / "theme.md").read_text()
    templates = BUILTIN_THEME / TEMPLATES_DIR
    names = [p.relative_to(templates).as_posix() for p in sorted(templates.rglob("*.html"))]
    notice = '<meta name="section" content="{{ page.section }}">\n'
    root = write_site(tmp_path / "site", {"themes/templates/partials/notice.html": notice})
    assert 0 == run_build(root).exit_code
    sections = {
        str(tag["content"])
        for page in sorted((root / "public").rglob("*.html"))
        for tag in BeautifulSoup(page.read_bytes(), "html.parser").select("meta[name=section]")
    }
    listed = re.search(r"`page\.section` \(([^)]*)\)", text)
    assert listed is not None

    assert [] == [name for name in names if f"`{name}`" not in text]
    assert {"status", "subscribe"} <= sections
    assert [] == sorted(s for s in sections if f"`{s}`" not in listed.group(1))


# The views whose fields the built-in templates read, as the templates name them: a
# field read there is one a theme's author copying them needs to find in theme.md.
_VIEW_FIELD = re.compile(
    r"\b(?:component\.history|component\.measured|component|measured|monitor|history|event)"
    r"\.([a-z_]+)"
)


def test_the_theme_page_names_every_value_the_built_in_templates_read() -> None:
    from jinja2 import Environment, meta

    from statusgen.layout import BUILTIN_THEME, TEMPLATES_DIR
    from statusgen.render.html import FILTER_NAMES

    text = (ROOT / "docs" / "theme.md").read_text()
    env = Environment(extensions=["jinja2.ext.i18n"])
    env.filters.update(dict.fromkeys(FILTER_NAMES, str))
    sources = [p.read_text() for p in sorted((BUILTIN_THEME / TEMPLATES_DIR).rglob("*.html"))]
    macros = {name for source in sources for name in re.findall(r"\{%-? macro (\w+)", source)}
    names = set().union(*(meta.find_undeclared_variables(env.parse(s)) for s in sources))
    names -= macros | {"gettext", "ngettext", "_trans"}
    fields = {field for source in sources for field in _VIEW_FIELD.findall(source)}

    assert [] == sorted(name for name in names if f"`{name}" not in text)
    assert [] == sorted(field for field in fields if not re.search(rf"`(\w+\.)?{field}\b", text))


def test_the_theme_page_says_to_translate_each_label_the_built_in_templates_translate() -> None:
    """A label the built-in templates pass to `_()` is English: printed as it is, a German
    page's footer said "Ongoing incident" (`status.overall_label`). theme.md must say so
    where it lists it, as it does for `state_label`."""
    from statusgen.layout import BUILTIN_THEME, TEMPLATES_DIR

    text = (ROOT / "docs" / "theme.md").read_text()
    sources = [p.read_text() for p in sorted((BUILTIN_THEME / TEMPLATES_DIR).rglob("*.html"))]
    labels = {name for s in sources for name in re.findall(r"_\((?:\w+\.)+(\w+_label)\)", s)}

    assert {"state_label"} <= labels
    assert [] == sorted(
        name for name in labels if not re.search(rf"`(?:\w+\.)?{name}` \([^`]*`_\(\)`", text)
    )


def test_the_gh_pages_branch_recipe_works_in_a_repository_without_that_branch(
    tmp_path: Path,
) -> None:
    # A new user has no gh-pages branch: the recipe's first step must make one, with the
    # git at hand (--orphan for `git worktree add` came with git 2.42).
    text = (ROOT / "docs" / "deploying.md").read_text()
    section = text.split("## A branch (`gh-pages`)", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match is not None
    lines = [line for line in match.group(1).splitlines() if line and not line.startswith("#")]
    version = subprocess.run(["git", "--version"], capture_output=True, text=True, check=True)
    major, minor = map(int, re.findall(r"\d+", version.stdout)[:2])
    orphans = [line for line in lines if "--orphan" in line]
    assert 2 == len(orphans), "no command makes the branch, for git 2.42 and older"
    new, older = orphans
    site = tmp_path / "site"
    site.mkdir()
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=site, check=True)
    (site / "statusgen.yaml").write_text("title: Status\n")
    subprocess.run([*git, "add", "."], cwd=site, check=True)
    subprocess.run([*git, "commit", "-qm", "Site"], cwd=site, check=True)

    command = new if (major, minor) >= (2, 42) else older
    ran = subprocess.run(["bash", "-ec", command], cwd=site, capture_output=True, text=True)

    assert 0 == ran.returncode, ran.stderr
    pages = tmp_path / "gh-pages"
    assert [".git"] == sorted(p.name for p in pages.iterdir())  # nothing of main's
    (pages / "index.html").write_text("<p>Up</p>\n")
    subprocess.run([*git, "add", "-A"], cwd=pages, check=True)
    subprocess.run([*git, "commit", "-qm", "Status update"], cwd=pages, check=True)
    log = subprocess.run(
        ["git", "log", "--format=%s", "gh-pages"], cwd=site, capture_output=True, text=True
    )
    assert ["Status update"] == log.stdout.split("\n")[:1]


def test_the_search_guide_gives_search_js_its_measured_size() -> None:
    """Each size docs/search.md gives the theme's search.js is what it weighs gzipped."""
    script = ROOT / "statusgen" / "themes" / "default" / "static" / "search.js"
    measured = f"{len(gzip.compress(script.read_bytes(), 9)) / 1024:.1f}"
    text = " ".join((ROOT / "docs" / "search.md").read_text().split())
    said = re.findall(r"`search\.js` \(about ([\d.]+) KB gzipped\)|, script ([\d.]+) KB \|", text)
    assert [measured, measured] == ["".join(found) for found in said]


def test_the_notification_limits_give_each_cut_its_length() -> None:
    """Each length docs/notifications.md gives a message's part is the one it is cut at."""
    from statusgen.notify import messages

    text = " ".join((ROOT / "docs" / "notifications.md").read_text().split())
    limits = text.split("Every payload also stays within", 1)[1].split("A cut falls", 1)[0]
    assert f"Slack: header {messages.SLACK_HEADER}," in limits
    assert f"Discord: title {messages.DISCORD_TITLE}," in limits
    assert f"e-mail: `Subject:` {messages.EMAIL_SUBJECT} characters" in limits


def test_the_ingest_guide_shows_what_a_broken_payload_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The guide showed a hint and no count: a reader following it saw other lines.
    from click.testing import CliRunner
    from sitefiles import copy_example

    from statusgen.cli import cli

    text = (ROOT / "docs" / "ingest.md").read_text()
    shown = re.search(r"```\n\$ echo '\{x' > alert.json\n\$ (statusgen .*?)\n(.*?)```", text, re.S)
    assert shown is not None
    site = copy_example(tmp_path / "site")
    (site / "alert.json").write_text("{x\n")
    monkeypatch.chdir(site)
    result = CliRunner().invoke(cli, shlex.split(shown.group(1))[1:])

    assert 1 == result.exit_code
    assert shown.group(2) == result.output


def test_the_status_example_is_what_the_example_site_prints(tmp_path: Path) -> None:
    # The example showed another site ("Example Payments"), which no reader could run.
    from click.testing import CliRunner
    from sitefiles import copy_example

    from statusgen.cli import cli

    text = (ROOT / "docs" / "status-command.md").read_text()
    shown = re.search(r"```console\n\$ (statusgen status .*?)\n(.*?)```", text, re.S)
    assert shown is not None
    site = copy_example(tmp_path / "site")
    words = shlex.split(shown.group(1))[1:]
    result = CliRunner().invoke(cli, ["-C", str(site), *words], env={"NO_COLOR": "1"})

    assert 0 == result.exit_code, result.output
    assert shown.group(2) == result.output


def test_the_content_page_describes_every_setting_init_writes(tmp_path: Path) -> None:
    # init's statusgen.yaml sends readers to content.md, which left `start_date` out.
    from click.testing import CliRunner

    from statusgen.cli import cli

    result = CliRunner().invoke(cli, ["init", str(tmp_path / "site")])
    assert 0 == result.exit_code, result.output
    written = (tmp_path / "site" / "statusgen.yaml").read_text()
    assert "docs/content.md" in written
    # The keys at the start of a line, those init leaves commented out included.
    keys = set(re.findall(r"^(?:# )?([a-z_]+):", written, re.M))
    assert {"title", "start_date", "input_timezone", "ingest", "notify"} <= keys
    text = (ROOT / "docs" / "content.md").read_text()
    settings = text.split("## `statusgen.yaml`", 1)[1].split("\n## ", 1)[0]
    described = {key for key in keys if f"`{key}" in settings}  # `start_date`, `notify:`
    assert set() == keys - described


def test_the_canonical_update_heading_is_what_new_writes(tmp_path: Path) -> None:
    # content.md gave a heading without its offset as the one statusgen writes.
    from click.testing import CliRunner
    from sitefiles import copy_example

    from statusgen.cli import cli

    site = copy_example(tmp_path / "site")
    now = ["--now", "2026-11-20 14:05"]  # in the example site's zone, Europe/Berlin
    result = CliRunner().invoke(cli, ["-C", str(site), "new", "incident", "X", "-m", "y", *now])
    assert 0 == result.exit_code, result.output
    written = next((site / "content/incidents").glob("2026-11-20-*.md")).read_text()
    heading = re.search(r"^## Investigating at .*$", written, re.M)
    assert heading is not None
    text = (ROOT / "docs" / "content.md").read_text()
    canonical = text.split("The canonical form", 1)[1]
    block = re.search(r"```markdown\n(.*?)```", canonical, re.S)
    assert block is not None
    assert heading[0] == block.group(1).splitlines()[0]


def test_the_theme_page_gives_each_page_the_title_it_is_built_with(
    example_site: Path, tmp_path: Path
) -> None:
    # The table said a component page's <title> is "its name": it is `API · <title>`.
    from click.testing import CliRunner

    from statusgen.cli import cli

    out = tmp_path / "out"
    built = CliRunner().invoke(cli, ["-C", str(example_site), "build", "-o", str(out)])
    assert 0 == built.exit_code, built.output
    text = (ROOT / "docs" / "theme.md").read_text()
    table = text.split("## What a link to a page shows", 1)[1].split("\n## ", 1)[0]
    site_title = "Larchpay Status"
    for page in ("components/api", "history", "history/impact/major", "subscribe"):
        soup = BeautifulSoup((out / page / "index.html").read_text(), "html.parser")
        assert soup.title is not None
        title = soup.title.get_text().replace(site_title, "<title>")
        assert f"`{title}`" in table, page


def test_the_docs_index_links_every_page() -> None:
    # "What is where" left out six pages that the README lists.
    text = (ROOT / "docs" / "index.md").read_text()
    where = text.split("## What is where", 1)[1]
    linked = set(re.findall(r"\]\(([\w-]+)\.md(?:#[^)]*)?\)", where))
    pages = {p.stem for p in (ROOT / "docs").glob("*.md") if p.stem != "index"}
    assert set() == pages - linked


def test_the_alerts_form_table_names_every_action_and_field_of_the_workflow() -> None:
    # The table named open, update and resolve; the workflow init writes also records a
    # heartbeat (monitor, result, latency) and, by dispatch, ingests a webhook body.
    import yaml

    workflow = (ROOT / "statusgen/authoring/templates/incident.yml").read_text()
    triggers = yaml.safe_load(workflow)[True]  # YAML 1.1 reads the key `on` as true
    inputs = triggers["workflow_dispatch"]["inputs"]
    handled = set(re.findall(r"^\s+([a-z]+)\)$", workflow, re.M))  # the `case` branches
    actions = {*inputs["action"]["options"], *handled}
    assert {"open", "update", "resolve", "record", "ingest"} <= actions
    text = (ROOT / "docs" / "alerts.md").read_text()
    rows = dict(re.findall(r"^\| (`[^|]+`) \| [^|]+ \| ([^\n]+) \|$", text, re.M))
    fields = {name for names in rows for name in re.findall(r"`(\w+)`", names)}
    assert set() == set(inputs) - fields
    assert {"source", "payload"} <= fields  # ingest's, by dispatch only
    action_row = rows["`action`"]
    assert set() == {a for a in actions if f"`{a}`" not in action_row}
    # The monitors guide sent readers to the README for this endpoint, which omits it.
    monitors = (ROOT / "docs" / "monitors.md").read_text()
    assert "see [Opening incidents from alerts](alerts.md)" in monitors


def test_the_pull_request_check_workflow_checks_as_the_deploy_workflow_does() -> None:
    # content.md promised annotations on the pull request, and init's workflows check only
    # on a push to main: the page gives the workflow that does, with deploy.yml's pins.
    import yaml

    text = (ROOT / "docs" / "content.md").read_text()
    section = text.split("## `statusgen check`", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block is not None
    workflow = yaml.safe_load(block[1])
    deploy = (ROOT / "statusgen/authoring/templates/deploy.yml").read_text()
    steps = workflow["jobs"]["check"]["steps"]

    assert "pull_request" == workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"contents": "read"} == workflow["permissions"]
    assert "statusgen check --format github" == steps[-1]["run"]
    for step in steps:
        if "uses" in step:
            assert f"uses: {step['uses']}" in deploy
    # deploy.yml's STATUSGEN_VERSION, as init writes it.
    installed = f'python -m pip install "statusgen=={statusgen.__version__}"'
    assert installed in [step.get("run") for step in steps]


def test_the_theme_pages_og_image_example_keeps_private_pages_undescribed(
    tmp_path: Path,
) -> None:
    # theme.md's og:image line, put in partials/head_extra.html as it suggests, gave a
    # private page an Open Graph tag, which the same page says it never has.
    from click.testing import CliRunner
    from sitefiles import write_site

    from statusgen.cli import cli

    text = (ROOT / "docs" / "theme.md").read_text()
    example = re.search(r"`([^`]*og:image[^`]*)`", text)
    assert example is not None
    settings = (
        "title: Example Status\ntimezone: UTC\npages:\n"
        "  public:\n    base_url: https://status.example.com/\n    output: out/public\n"
        "  staff:\n    base_url: https://staff.example.com/\n    output: out/staff\n"
        "    private: true\n"
    )
    root = write_site(
        tmp_path / "site",
        {
            "statusgen.yaml": settings,
            "themes/templates/partials/head_extra.html": example[1],
            "themes/static/card.png": b"PNG",
        },
    )
    built = CliRunner().invoke(cli, ["-C", str(root), "build"])
    assert 0 == built.exit_code, built.output
    public = (root / "out" / "public" / "index.html").read_text()
    assert 'property="og:image" content="https://status.example.com/assets/card.png?v=' in public
    staff = (root / "out" / "staff" / "index.html").read_text()
    assert [] == re.findall(r'<meta property="og:[^>]*>', staff)
