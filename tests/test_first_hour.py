"""The small things a new user meets in the first hour, each as a user would notice it."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sitefiles import hinted_command, init_site

from statusgen.cli import cli

NOW = "2026-11-22T18:41:00Z"  # 19:41 in Berlin


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = init_site(tmp_path / "site")
    settings = root / "statusgen.yaml"
    settings.write_text(settings.read_text().replace("timezone: UTC", "timezone: Europe/Berlin"))
    return root


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


# --- a tab in YAML is named the same way wherever it is ---------------------------------


@pytest.mark.parametrize(
    ("relpath", "text", "line"),
    [
        ("content/incidents/2026-11-22-x.md", "---\ntitle: X\n\tstatus: resolved\n---\n", 3),
        ("content/incidents/2026-11-22-x.md", "---\ntitle: X\ncomponents:\n\tapi: down\n---\n", 4),
        ("content/components.yaml", "- id: api\n\tname: API\n", 2),
        ("statusgen.yaml", "title: X\n\tbase_url: https://status.example.com/\n", 2),
    ],
    ids=["front-matter", "front-matter-nested", "components", "settings"],
)
def test_a_tab_in_yaml_is_named_with_its_line(
    site: Path, relpath: str, text: str, line: int
) -> None:
    (site / relpath).write_text(text)
    result = run(site, "check")
    assert 1 == result.exit_code
    assert (
        f"{relpath}:{line}:1: invalid YAML: a tab character here; YAML indents with spaces only"
        in result.output
    )
    assert "hint: replace the tab with spaces" in result.output


# --- a second `new incident` with the same name the same day ------------------------------


def test_a_second_new_incident_of_the_same_name_is_refused_with_a_hint(site: Path) -> None:
    first = run(site, "new", "incident", "Checkout errors", "-m", "Looking.", "--now", NOW)
    assert 0 == first.exit_code, first.output
    before = sorted(p.name for p in (site / "content" / "incidents").iterdir())
    second = run(site, "new", "incident", "Checkout errors", "-m", "Looking.", "--now", NOW)
    assert 1 == second.exit_code
    assert "an open incident with this title was opened the same day" in second.output
    assert "statusgen update 2026-11-22-checkout-errors" in second.output
    assert "--again" in second.output
    assert before == sorted(p.name for p in (site / "content" / "incidents").iterdir())


def test_again_opens_a_second_incident_of_the_same_name(site: Path) -> None:
    for _ in range(2):
        result = run(site, "new", "incident", "Checkout errors", "-m", "x", "--again", "--now", NOW)
        assert 0 == result.exit_code, result.output
    assert (site / "content/incidents/2026-11-22-checkout-errors-2.md").is_file()


def test_the_same_name_after_the_first_is_resolved_is_a_new_incident(site: Path) -> None:
    assert 0 == run(site, "new", "incident", "Checkout errors", "-m", "x", "--now", NOW).exit_code
    assert 0 == run(site, "resolve", "checkout-errors", "--now", NOW).exit_code
    again = run(site, "new", "incident", "Checkout errors", "-m", "Again.", "--now", NOW)
    assert 0 == again.exit_code, again.output
    assert (site / "content/incidents/2026-11-22-checkout-errors-2.md").is_file()


# --- --help ---------------------------------------------------------------------------------

COMMANDS = [
    [],
    ["init"],
    ["build"],
    ["check"],
    ["status"],
    ["serve"],
    ["new"],
    ["new", "incident"],
    ["new", "maintenance"],
    ["update"],
    ["resolve"],
    ["incidents"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "statusgen")
def test_every_help_shows_examples(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert 0 == result.exit_code
    assert 1 == result.output.count("Examples:")
    examples = result.output.split("Examples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert examples and all(line.strip().startswith(("statusgen", "cd ")) for line in examples)


def test_new_incident_help_lists_the_component_statuses() -> None:
    text = " ".join(CliRunner().invoke(cli, ["new", "incident", "--help"]).output.split())
    for status in (
        "operational",
        "degraded_performance",
        "partial_outage",
        "major_outage",
        "under_maintenance",
    ):
        assert status in text


def test_help_on_a_narrow_terminal_wraps_only_between_words() -> None:
    # Click broke a word longer than the line: `api=pa rtial_outage`, `degrad ed_performance`.
    result = CliRunner().invoke(cli, ["new", "incident", "--help"], terminal_width=40)

    assert 0 == result.exit_code, result.output
    words = result.output.split()
    for whole in ("api=partial_outage).", "degraded_performance,", "website=major_outage)."):
        assert whole in words, result.output


# --- a command by another name ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (["list"], ["incidents"]),
        (["ls", "--all"], ["incidents", "--all"]),
        (["show"], ["incidents"]),
        # Words the command meant takes none of are left out: `incidents login` is refused.
        (["show", "login"], ["incidents"]),
        (["ls", "login", "--all"], ["incidents", "--all"]),
        (["close", "t2"], ["resolve", "t2"]),
        # Not click's nearest spelling, `resolve`: the opposite of what was asked.
        (["reopen", "t2"], ["update", "t2", "--status", "investigating"]),
        (["reopen", "t2", "-m", "x"], ["update", "t2", "-m", "x", "--status", "investigating"]),
        (["open", "Login down", "-m", "x"], ["new", "incident", "Login down", "-m", "x"]),
        (["create", "Outage"], ["new", "incident", "Outage"]),
        (["add", "Outage"], ["new", "incident", "Outage"]),
        # What the synonym stands for, typed after it as well, is not said twice.
        (["create", "incident", "Outage"], ["new", "incident", "Outage"]),
        (
            ["open", "maintenance", "DB", "--start", "tomorrow 02:00", "--end", "tomorrow 03:00"],
            ["new", "maintenance", "DB", "--start", "tomorrow 02:00", "--end", "tomorrow 03:00"],
        ),
        (["add", "new", "incident", "Outage"], ["new", "incident", "Outage"]),
        (["close", "resolve", "t2"], ["resolve", "t2"]),
        (["list", "incidents", "--all"], ["incidents", "--all"]),
        (["help"], ["--help"]),
        (["help", "build"], ["build", "--help"]),
        (["help", "build", "--help"], ["build", "--help"]),
        (["help", "--help"], ["--help"]),
        (["help", "help"], ["--help"]),
        (["version"], ["--version"]),
        (["version", "--version"], ["--version"]),
        (["-V"], ["--version"]),
        (["-v"], ["--version"]),
        # Click offered `ingest` or `init` for `lint`, and nothing for the others.
        (["lint"], ["check"]),
        (["validate"], ["check"]),
        (["preview"], ["serve"]),
        (["publish"], ["build"]),
        (["deploy"], ["build"]),
        (["edit", "t2", "-m", "x"], ["update", "t2", "-m", "x"]),
    ],
    ids=lambda words: " ".join(words),
)
def test_a_command_another_tool_names_so_is_told_statusgens(
    typed: list[str], meant: list[str]
) -> None:
    result = CliRunner().invoke(cli, typed)

    assert 2 == result.exit_code, result.output
    assert meant == hinted_command(result.output)
    assert "ingest" not in result.output  # the nearest spelling of `list`, not what it means


@pytest.mark.parametrize("typed", ["lint", "validate", "publish", "deploy"])
def test_the_line_offered_for_another_tools_command_runs(site: Path, typed: str) -> None:
    result = run(site, typed)

    assert 2 == result.exit_code, result.output
    assert "Did you mean" not in result.output  # no nearest spelling besides the synonym
    done = CliRunner().invoke(cli, [*hinted_command(result.output), "--now", NOW])
    assert 0 == done.exit_code, done.output


@pytest.mark.parametrize("typed", ["publish", "deploy"])
def test_publish_is_told_that_build_writes_a_folder_to_host(site: Path, typed: str) -> None:
    result = run(site, typed)

    assert 2 == result.exit_code, result.output
    assert "docs/deploying.md" in result.output


def test_start_is_offered_both_things_it_may_mean_never_status(site: Path) -> None:
    # "Did you mean 'status'?": a newcomer who typed `start` meant to start something.
    result = run(site, "start")

    assert 2 == result.exit_code, result.output
    assert "'status'" not in result.output
    (hint,) = [line for line in result.output.splitlines() if "hint:" in line]
    offered = [shlex.split(line)[1:] for line in re.findall(r"`([^`]+)`", hint)]
    assert [["-C", str(site), "new", "incident", "--help"], ["-C", str(site), "serve"]] == offered
    assert 0 == CliRunner().invoke(cli, offered[0]).exit_code
    # `serve` runs until stopped: its line is checked to parse, with --help to end it.
    assert 0 == CliRunner().invoke(cli, [*offered[1], "--help"]).exit_code


def open_incident(root: Path, title: str) -> str:
    """The slug of a new incident `title`, opened at the clock a command without --now reads."""
    opened = run(root, "new", "incident", title, "-m", "Looking.")
    assert 0 == opened.exit_code, opened.output
    return opened.output.split("content/incidents/", 1)[1].split(".md", 1)[0]


@pytest.mark.parametrize(
    "typed", [["resolve", "-m", "Fixed."], ["close", "-m", "Fixed."]], ids=" ".join
)
def test_resolve_without_a_slug_offers_the_one_open(site: Path, typed: list[str]) -> None:
    # "Missing argument 'SLUG'." and nothing more: the newcomer had to find `incidents`.
    slug = open_incident(site, "Login down")

    result = run(site, *typed)

    assert 2 == result.exit_code, result.output
    assert ["-C", str(site), "resolve", slug, "-m", "Fixed."] == hinted_command(result.output)
    done = CliRunner().invoke(cli, hinted_command(result.output))
    assert 0 == done.exit_code, done.output
    assert [] == json.loads(run(site, "incidents", "--json").output)


@pytest.mark.parametrize("typed", [["update"], ["resolve"], ["edit"]])
def test_a_missing_slug_is_answered_with_the_open_slugs(site: Path, typed: list[str]) -> None:
    slugs = [open_incident(site, "Login down"), open_incident(site, "Checkout errors")]

    result = run(site, *typed)

    assert 2 == result.exit_code, result.output
    assert f"give one of the open slugs: {', '.join(slugs)}" in result.output


def test_a_missing_slug_with_nothing_open_says_so(site: Path) -> None:
    result = run(site, "resolve")

    assert 2 == result.exit_code, result.output
    assert "hint: nothing is open;" in result.output
    listed = CliRunner().invoke(cli, hinted_command(result.output))
    assert 0 == listed.exit_code, listed.output


@pytest.mark.parametrize("typed", [["show", "login"], ["list", "all", "--json"]])
def test_a_synonym_of_incidents_with_words_after_it_offers_a_line_taken(
    site: Path, typed: list[str]
) -> None:
    # `show login` offered `incidents login`, refused: "unexpected extra argument".
    result = run(site, *typed)

    assert 2 == result.exit_code, result.output
    offered = hinted_command(result.output)
    assert "login" not in offered
    done = CliRunner().invoke(cli, [*offered, "--now", NOW])
    assert 0 == done.exit_code, done.output


def test_reopen_offers_the_update_that_reopens_the_incident(site: Path) -> None:
    opened = run(site, "new", "incident", "Checkout errors", "-m", "Looking.", "--now", NOW)
    assert 0 == opened.exit_code, opened.output
    slug = opened.output.split("content/incidents/", 1)[1].split(".md", 1)[0]
    assert 0 == run(site, "resolve", slug, "-m", "Fixed.", "--now", NOW).exit_code

    result = run(site, "reopen", slug, "-m", "Errors are back.")
    assert 2 == result.exit_code, result.output
    done = CliRunner().invoke(cli, [*hinted_command(result.output), "--now", NOW])

    assert 0 == done.exit_code, done.output
    shown = json.loads(run(site, "incidents", "--json", "--now", NOW).output)
    assert ["investigating"] == [i["state"] for i in shown if i["slug"] == slug]


def test_the_command_a_synonym_names_is_offered_with_dash_c_as_given(site: Path) -> None:
    result = run(site, "close", "card")

    assert 2 == result.exit_code
    assert ["-C", str(site), "resolve", "card"] == hinted_command(result.output)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (["list", "-C", "SITE"], ["incidents"]),
        (["create", "-C", "SITE", "Outage", "-m", "x"], ["new", "incident", "Outage", "-m", "x"]),
    ],
    ids=lambda words: " ".join(words),
)
def test_dash_c_after_a_synonym_is_offered_before_the_command(
    site: Path, typed: list[str], meant: list[str]
) -> None:
    # `list -C site` offered `incidents -C site`, refused again for the -C left behind.
    result = CliRunner().invoke(cli, [str(site) if w == "SITE" else w for w in typed])
    assert 2 == result.exit_code, result.output
    assert ["-C", str(site), *meant] == hinted_command(result.output)

    done = CliRunner().invoke(cli, [*hinted_command(result.output), "--now", NOW])

    assert 0 == done.exit_code, done.output


def test_the_kind_typed_after_a_synonym_of_new_is_the_kind_offered(site: Path) -> None:
    # `open maintenance DB …` offered `new incident maintenance DB …`: an incident.
    typed = ["open", "maintenance", "DB", "--start", "tomorrow 02:00", "--end", "tomorrow 03:00"]
    result = run(site, *typed)
    assert 2 == result.exit_code, result.output

    done = CliRunner().invoke(cli, [*hinted_command(result.output), "--now", NOW])

    assert 0 == done.exit_code, done.output
    (written,) = (site / "content" / "incidents").glob("*-db.md")
    assert "title: DB\n" in written.read_text()
    assert "scheduled_for:" in written.read_text()


def test_a_mistyped_command_still_gets_the_nearest_spelling() -> None:
    result = CliRunner().invoke(cli, ["biuld"])

    assert 2 == result.exit_code
    assert "'build'" in result.output
    assert "hint:" not in result.output


@pytest.mark.parametrize(
    "typed",
    [["Outage", "-m", "x"], ["Login down", "-c", "api"]],
    ids=["one-word", "words"],
)
def test_a_title_straight_after_new_is_told_to_name_the_kind_first(
    site: Path, typed: list[str]
) -> None:
    result = run(site, "new", *typed)

    assert 2 == result.exit_code, result.output
    assert ["-C", str(site), "new", "incident", *typed] == hinted_command(result.output)
    assert "new maintenance" in result.output

    # The command offered works.
    done = CliRunner().invoke(cli, [*hinted_command(result.output), "-m", "x", "--now", NOW])
    assert 0 == done.exit_code, done.output


def test_a_mistyped_kind_after_new_gets_its_spelling_not_a_title_hint(site: Path) -> None:
    result = run(site, "new", "incidnet", "Outage")

    assert 2 == result.exit_code
    assert "'incident'" in result.output
    assert "hint:" not in result.output


# The window a hint gives `new maintenance` when its line left out --start and --end.
EXAMPLE_WINDOW = ["--start", "tomorrow 02:00", "--end", "tomorrow 04:00"]


@pytest.mark.parametrize(
    ("kind", "meant"),
    [("inc", "incident"), ("i", "incident"), ("Inc", "incident"), ("maint", "maintenance")],
)
def test_a_shortened_kind_after_new_is_offered_whole(site: Path, kind: str, meant: str) -> None:
    # `new inc "Login down"` offered `new incident inc 'Login down'`, refused again for
    # the word left over.
    typed = ["Login down", "-c", "api", "-m", "x"]
    result = run(site, "new", kind, *typed)

    assert 2 == result.exit_code, result.output
    assert f"No such command '{kind}'" in result.output  # suggested, never taken
    window = EXAMPLE_WINDOW if meant == "maintenance" else []
    assert ["-C", str(site), "new", meant, *typed, *window] == hinted_command(result.output)
    if meant == "incident":
        done = CliRunner().invoke(cli, [*hinted_command(result.output), "--now", NOW])
        assert 0 == done.exit_code, done.output


@pytest.mark.parametrize("option", ["-c", "-m", "--now"])
def test_a_shortened_kind_with_an_option_last_is_offered_whole(site: Path, option: str) -> None:
    # `new inc 'Login down' -c`: an option given last, its value not yet typed, took the
    # hint away; "No such command 'inc'." alone. The line offered leaves it out: typed,
    # the option is then refused with its own hint.
    result = run(site, "new", "inc", "Login down", option)

    assert 2 == result.exit_code, result.output
    assert "No such command 'inc'" in result.output
    assert ["-C", str(site), "new", "incident", "Login down"] == hinted_command(result.output)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (["new-incident", "Outage", "-m", "x"], ["new", "incident", "Outage", "-m", "x"]),
        (["new_incident", "Outage"], ["new", "incident", "Outage"]),
        (["New-Maintenance", "DB"], ["new", "maintenance", "DB", *EXAMPLE_WINDOW]),
        (["import-cstate", "old"], ["import", "cstate", "old"]),
        (["newincident", "Login down"], ["new", "incident", "Login down"]),
        (["NewMaintenance", "DB"], ["new", "maintenance", "DB", *EXAMPLE_WINDOW]),
        # The kind said otherwise, as `window DB` is answered: `new-window` got no hint.
        (["new-window", "DB"], ["new", "maintenance", "DB", *EXAMPLE_WINDOW]),
        (["new_outage", "Login down"], ["new", "incident", "Login down"]),
    ],
    ids=lambda words: " ".join(words),
)
def test_a_command_and_its_kind_joined_in_one_word_are_offered_as_two(
    typed: list[str], meant: list[str]
) -> None:
    # `new-incident` got click's nearest spelling, "Did you mean 'incidents'?".
    result = CliRunner().invoke(cli, typed)

    assert 2 == result.exit_code, result.output
    assert meant == hinted_command(result.output)
    assert "'incidents'" not in result.output


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (["new", "maint", "DB"], ["new", "maintenance", "DB", *EXAMPLE_WINDOW]),
        (["maintenance", "DB"], ["new", "maintenance", "DB", *EXAMPLE_WINDOW]),
        (
            ["Maintenance", "DB", "-m", "x"],
            ["new", "maintenance", "DB", "-m", "x", *EXAMPLE_WINDOW],
        ),
        (["incident", "Login down", "-c", "api"], ["new", "incident", "Login down", "-c", "api"]),
        # The kind misspelt, shortened or said otherwise: `maint DB` offered `init`, which
        # makes a new site, `incdent` offered `incidents`, and the others nothing.
        (["maint", "DB"], ["new", "maintenance", "DB", *EXAMPLE_WINDOW]),
        (["maintainance", "DB"], ["new", "maintenance", "DB", *EXAMPLE_WINDOW]),
        (["mainteance", "DB"], ["new", "maintenance", "DB", *EXAMPLE_WINDOW]),
        (["window", "DB"], ["new", "maintenance", "DB", *EXAMPLE_WINDOW]),
        (["incdent", "X", "-c", "api"], ["new", "incident", "X", "-c", "api"]),
        # Said otherwise after `new`: no hint, where the same words without it got one.
        (["new", "window", "DB"], ["new", "maintenance", "DB", *EXAMPLE_WINDOW]),
        (["new", "outage", "DB"], ["new", "incident", "DB"]),
        (
            ["new", "maint", "-m", "x", "--", "-T"],
            ["new", "maintenance", "-m", "x", *EXAMPLE_WINDOW, "--", "-T"],
        ),
    ],
    ids=lambda words: " ".join(words),
)
def test_the_command_line_offered_runs_as_it_stands(
    site: Path, typed: list[str], meant: list[str]
) -> None:
    # `new maint DB` offered `new maintenance DB`, refused for --start missing; `incident
    # "Login down"` got click's "Did you mean 'incidents'?", a command that takes no title;
    # `maintenance DB` got no hint at all.
    result = run(site, *typed)

    assert 2 == result.exit_code, result.output
    assert ["-C", str(site), *meant] == hinted_command(result.output)
    assert "'incidents'" not in result.output
    assert "init" not in result.output
    offered = hinted_command(result.output)  # -C site new <kind> …
    done = CliRunner().invoke(cli, [*offered[:4], "-m", "x", "--now", NOW, *offered[4:]])
    assert 0 == done.exit_code, done.output


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        (["maint"], "maintenance"),
        (["mainteance"], "maintenance"),
        (["window"], "maintenance"),
        # `incident` and `incdent` said "Did you mean one of: 'incidents', 'init'?".
        (["incident"], "incident"),
        (["incdent"], "incident"),
        (["outage"], "incident"),
        # Joined (`new-incident`) or shortened after `new` (`new inc`), a kind without
        # its title got no hint at all.
        (["new-incident"], "incident"),
        (["new_maintenance"], "maintenance"),
        (["newincident"], "incident"),
        (["new-window"], "maintenance"),
        (["new", "inc"], "incident"),
        (["new", "maint"], "maintenance"),
    ],
    ids=lambda words: " ".join(words) if isinstance(words, list) else words,
)
def test_a_kind_without_its_title_is_answered_with_its_help_never_init(
    site: Path, typed: list[str], kind: str
) -> None:
    # `statusgen maint` said "Did you mean 'init'?": following it makes a new site.
    result = run(site, *typed)

    assert 2 == result.exit_code, result.output
    assert "init" not in result.output
    assert f"hint: for `new {kind}`, see `" in result.output
    assert f"new {kind} --help`" in result.output
    help_shown = CliRunner().invoke(cli, ["new", kind, "--help"])
    assert 0 == help_shown.exit_code, help_shown.output


def test_a_bare_incident_is_also_offered_the_list_of_incidents(site: Path) -> None:
    # `statusgen incident` may well mean `incidents`: both are offered, `init` never.
    result = run(site, "incident")

    assert ["-C", str(site), "incidents"] == hinted_command(result.output)
    assert 0 == CliRunner().invoke(cli, hinted_command(result.output)).exit_code


@pytest.mark.parametrize(
    ("typed", "listed"),
    [
        (["incident", "list"], ["incidents"]),
        (["incident", "ls"], ["incidents"]),
        (["incident", "show"], ["incidents"]),
        (["incident", "status"], ["incidents"]),
        (["incident", "open"], ["incidents"]),
        (["incident", "all"], ["incidents", "--all"]),
        (["maintenance", "list"], ["incidents"]),
        (["Incident", "LIST"], ["incidents"]),
    ],
    ids=lambda words: " ".join(words),
)
def test_a_list_word_after_a_kind_offers_the_list_never_new(
    site: Path, typed: list[str], listed: list[str]
) -> None:
    # `incident list` offered `new incident list`: following it published an incident
    # titled "list"; `maintenance list` a maintenance window so titled.
    before = sorted(p.name for p in (site / "content" / "incidents").iterdir())
    result = run(site, *typed)

    assert 2 == result.exit_code, result.output
    assert " new incident list" not in result.output
    assert "maintenance list" not in result.output
    assert ["-C", str(site), *listed] == hinted_command(result.output)
    assert f"see `cli -C {site} new {typed[0].casefold()} --help`" in result.output
    shown = CliRunner().invoke(cli, [*hinted_command(result.output), "--now", NOW])
    assert 0 == shown.exit_code, shown.output
    assert before == sorted(p.name for p in (site / "content" / "incidents").iterdir())


@pytest.mark.parametrize(
    ("verb", "meant"),
    [
        (["update"], ["update"]),
        (["close"], ["resolve"]),
        (["resolve"], ["resolve"]),
        (["reopen"], ["update"]),
    ],
    ids=lambda words: " ".join(words),
)
def test_a_verb_after_a_kind_offers_the_verb_on_the_slug(
    site: Path, verb: list[str], meant: list[str]
) -> None:
    # `incident update login` got "for `new incident`, see …", though `close login`
    # alone was answered with `resolve login`.
    opened = run(site, "new", "incident", "Login down", "-m", "Looking.", "--now", NOW)
    assert 0 == opened.exit_code, opened.output
    slug = opened.output.split("content/incidents/", 1)[1].split(".md", 1)[0]

    result = run(site, "incident", *verb, slug)

    assert 2 == result.exit_code, result.output
    offered = hinted_command(result.output)
    assert ["-C", str(site), *meant, slug] == offered[:4]
    done = CliRunner().invoke(cli, [*offered, "-m", "Done.", "--now", NOW])
    assert 0 == done.exit_code, done.output


def test_a_verb_after_a_kind_without_a_slug_never_offers_new(site: Path) -> None:
    result = run(site, "incident", "update")

    assert 2 == result.exit_code, result.output
    assert "new incident update" not in result.output
    assert ["-C", str(site), "update", "--help"] == hinted_command(result.output)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (["incidents", "list"], ["incidents"]),
        (["incidents", "all", "--json"], ["incidents", "--json", "--all"]),
        (["incidents", "new"], ["new", "incident", "--help"]),
    ],
    ids=lambda words: " ".join(words),
)
def test_a_word_after_incidents_is_answered_with_the_line_meant(
    site: Path, typed: list[str], meant: list[str]
) -> None:
    # Click's bare "Got unexpected extra argument (list)" said nothing more.
    result = run(site, *typed)

    assert 2 == result.exit_code, result.output
    assert f"Got unexpected extra argument ({typed[1]})" in result.output
    assert ["-C", str(site), *meant] == hinted_command(result.output)
    done = CliRunner().invoke(cli, [*hinted_command(result.output), "--now", NOW])
    assert 0 == done.exit_code, done.output


def test_import_joined_to_its_kind_without_a_file_is_answered_with_its_help(site: Path) -> None:
    result = run(site, "import-cstate")

    assert 2 == result.exit_code, result.output
    assert ["-C", str(site), "import", "cstate", "--help"] == hinted_command(result.output)


@pytest.mark.parametrize(("typed", "kind"), [("window", "maintenance"), ("outage", "incident")])
def test_new_with_a_word_for_a_kind_is_not_offered_it_as_a_title(
    site: Path, typed: str, kind: str
) -> None:
    # `new window` was told "the kind comes first": `new incident window`, an incident
    # titled "window".
    result = run(site, "new", typed)

    assert 2 == result.exit_code, result.output
    assert "kind comes first" not in result.output
    assert f"hint: for `new {kind}`, see `" in result.output
    assert ["-C", str(site), "new", kind, "--help"] == hinted_command(result.output)


def test_new_said_twice_is_offered_once(site: Path) -> None:
    # `new new incident x` offered `new incident new incident x`, refused again for the
    # words left over.
    result = run(site, "new", "new", "incident", "Login down", "-m", "x")

    assert 2 == result.exit_code, result.output
    assert ["-C", str(site), "new", "incident", "Login down", "-m", "x"] == hinted_command(
        result.output
    )
    done = CliRunner().invoke(cli, [*hinted_command(result.output), "--now", NOW])
    assert 0 == done.exit_code, done.output


@pytest.mark.parametrize(
    "typed",
    [
        ["new", "Login", "down"],  # `new incident Login down`: a word left over
        ["new", "inc", "--bogus"],  # `new incident --bogus`: no title, an unknown option
        ["new", "new", "x"],
        ["newincident", "x", "--bogus"],
    ],
    ids=" ".join,
)
def test_no_command_line_is_offered_that_would_be_refused_again(typed: list[str]) -> None:
    result = CliRunner().invoke(cli, typed)

    assert 2 == result.exit_code, result.output
    assert "hint:" not in result.output
    assert "'incidents'" not in result.output


# --- incidents ------------------------------------------------------------------------------


def test_incidents_shows_tomorrows_maintenance(site: Path) -> None:
    planned = run(
        site,
        "new",
        "maintenance",
        "Database upgrade",
        "--start",
        "tomorrow 2am",
        "--end",
        "tomorrow 4am",
        "-m",
        "x",
        "--now",
        NOW,
    )
    assert 0 == planned.exit_code, planned.output
    listed = run(site, "incidents", "--now", NOW).output
    assert "2026-11-23-database-upgrade  scheduled  in 6h 19m" in listed


def test_incidents_all_lists_resolved_ones(site: Path) -> None:
    assert "slow-api-responses" not in run(site, "incidents", "--now", NOW).output
    listed = run(site, "incidents", "--all", "--now", NOW)
    assert 0 == listed.exit_code
    assert "slow-api-responses" in listed.output
    assert "resolved" in listed.output
    rows = json.loads(run(site, "incidents", "--all", "--json", "--now", NOW).output)
    assert ["resolved"] == [r["state"] for r in rows]


# --- build names its output folder the same way every run ----------------------------------


def test_build_prints_the_output_folder_the_same_way_on_every_run(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site)
    lines = [CliRunner().invoke(cli, ["build", "--now", NOW]).output for _ in range(3)]
    assert all(" into public in " in line for line in lines), lines


# --- --now reads what --start reads ---------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "now"),
    [
        ("2026-11-22T18:00:00Z", "2026-11-22T19:00:00+01:00"),
        ("2026-11-22 19:00", "2026-11-22T19:00:00+01:00"),  # no offset: the site's timezone
        ("2026-11-22T19:00", "2026-11-22T19:00:00+01:00"),
    ],
)
def test_now_reads_times_as_start_does(site: Path, when: str, now: str) -> None:
    result = run(site, "status", "--json", "--now", when)
    assert 0 == result.exit_code, result.output
    assert now == json.loads(result.stdout)["now"]


def test_now_reads_friendly_times(site: Path) -> None:
    result = run(site, "build", "--quiet", "--now", "yesterday 14:30")
    assert 0 == result.exit_code, result.output


def test_a_build_far_in_the_past_is_a_usage_error(site: Path) -> None:
    result = run(site, "build", "--quiet", "--now", "99999999h ago")
    assert 2 == result.exit_code, result.output
    assert "'99999999h ago' is outside the years 1970 to 9998" in result.output


def test_a_maintenance_window_far_ahead_is_refused_before_anything_is_written(
    site: Path,
) -> None:
    when = "in 99999999h"
    result = run(
        site, "new", "maintenance", "X", "--start", when, "--end", when, "-c", "api", "-m", "x",
        "--now", NOW,
    )  # fmt: skip
    assert 1 == result.exit_code, result.output
    assert f"--start {when}: 'in 99999999h' is outside the years 1970 to 9998" in result.output
    assert f"--end {when}: 'in 99999999h' is outside the years 1970 to 9998" in result.output
    assert "Nothing was written." in result.output


@pytest.mark.parametrize(
    ("start", "scheduled_for"),
    [
        ("tomorrow 2am", "2026-11-23 02:00"),
        ("tomorrow 2:30pm", "2026-11-23 14:30"),
        ("tomorrow 12am", "2026-11-23 00:00"),
        ("tomorrow 02:00", "2026-11-23 02:00"),
        # Refused with only the list of forms, while "tomorrow 2pm" and "2026-11-23 14:00" ran.
        ("2026-11-23 2pm", "2026-11-23 14:00"),
        ("next monday 2am", "2026-11-23 02:00"),  # NOW is a Sunday
        ("tonight 11pm", "2026-11-22 23:00"),
    ],
)
def test_maintenance_start_reads_am_and_pm(site: Path, start: str, scheduled_for: str) -> None:
    result = run(
        site, "new", "maintenance", "Upgrade", "--start", start, "--end", "in 2d", "-m", "x",
        "--now", NOW,
    )  # fmt: skip
    assert 0 == result.exit_code, result.output
    (written,) = (site / "content/incidents").glob("*-upgrade.md")
    text = written.read_text()
    assert f"scheduled_for: {scheduled_for}" in text


# --- a default favicon ------------------------------------------------------------------------


def icon_links(root: Path, page: str = "index.html") -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((root / "public" / page).read_text(), "html.parser")
    return [str(link["href"]) for link in soup.select('link[rel="icon"]')]


def test_a_site_without_favicon_links_the_default_icon(site: Path) -> None:
    assert 0 == run(site, "build", "-q", "--now", NOW).exit_code
    [href] = icon_links(site)
    assert href.startswith("/assets/favicon.svg?v=")
    assert (site / "public" / "assets" / "favicon.svg").read_bytes().startswith(b"<svg")


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], "/assets/favicon.svg?v="),
        (["--base-url", "https://org.example.net/status/"], "/status/assets/favicon.svg?v="),
        (["--relative"], "assets/favicon.svg?v="),
    ],
)
def test_the_embed_links_the_icon_too(site: Path, options: list[str], expected: str) -> None:
    # An <iframe> loads the embed on its own: without a link the browser asks for
    # /favicon.ico on the status host.
    assert 0 == run(site, "build", "-q", "--now", NOW, *options).exit_code
    [href] = icon_links(site, "embed.html")
    assert href.startswith(expected)


def test_a_sites_own_favicon_replaces_the_default(site: Path) -> None:
    settings = site / "statusgen.yaml"
    settings.write_text(settings.read_text() + "favicon: https://example.com/icon.png\n")
    assert 0 == run(site, "build", "-q", "--now", NOW).exit_code
    assert ["https://example.com/icon.png"] == icon_links(site)


def test_a_duplicate_is_refused_before_the_editor_opens(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statusgen import cli as cli_module

    assert 0 == run(site, "new", "incident", "Checkout errors", "-m", "x", "--now", NOW).exit_code
    opened: list[str] = []
    monkeypatch.setattr(cli_module, "interactive", lambda: True)
    monkeypatch.setattr(cli_module.click, "edit", lambda *a, **k: opened.append("editor"))
    again = run(site, "new", "incident", "Checkout errors", "--now", NOW)
    assert 1 == again.exit_code
    assert "an open incident with this title was opened the same day" in again.output
    assert [] == opened


def test_a_title_that_merely_starts_alike_is_not_a_duplicate(site: Path) -> None:
    # "Errors 2" is published as ...-errors-2, the name a second "Errors" would get.
    assert 0 == run(site, "new", "incident", "Errors 2", "-m", "x", "--now", NOW).exit_code
    again = run(site, "new", "incident", "Errors", "-m", "x", "--now", NOW)
    assert 0 == again.exit_code, again.output


# --- what other tools call an option or a command -------------------------------------------


@pytest.mark.parametrize("typed", ["--component=api:major_outage", "-capi:major_outage"])
def test_a_component_status_after_a_colon_is_offered_after_equals(site: Path, typed: str) -> None:
    # "unknown component 'api:major_outage'", and the known ids listed, api among them.
    result = run(site, "new", "incident", "API slow", typed, "-m", "Looking.", "--now", NOW)

    assert 1 == result.exit_code, result.output
    assert "hint: a status follows '=': write -c api=major_outage" in result.output
    done = run(
        site, "new", "incident", "API slow", "-c", "api=major_outage", "-m", "x", "--now", NOW
    )
    assert 0 == done.exit_code, done.output


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["new", "incident", "API slow", "--severity", "major"], "--severity is --impact here"),
        (["new", "incident", "API slow", "--severity=major"], "--severity is --impact here"),
        (
            ["new", "incident", "--title", "API slow"],
            "the title is the first argument, not an option",
        ),
        (
            ["new", "incident", "--title=API slow", "-c", "api"],
            "the title is the first argument, not an option",
        ),
    ],
    ids=lambda words: " ".join(words) if isinstance(words, list) else words,
)
def test_an_option_named_as_other_tools_name_it_is_offered_as_statusgen_names_it(
    site: Path, typed: list[str], said: str
) -> None:
    # Click said "No such option" and nothing more: `--severity`, `--title` are how
    # Statuspage and issue trackers name them.
    result = run(site, *typed, "-m", "Looking.")

    assert 2 == result.exit_code, result.output
    assert f"hint: {said}: `" in result.output
    offered = hinted_command(result.output)
    assert "API slow" in offered
    done = CliRunner().invoke(cli, [*offered, "--now", NOW])
    assert 0 == done.exit_code, done.output


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["identified"], "'identified' is a state: give it with --status"),
        (["-s", "identified"], "-s is --status here"),
        (["--state", "identified"], "--state is --status here"),
    ],
    ids=["a word after the slug", "-s", "--state"],
)
def test_a_state_given_as_other_tools_give_it_is_offered_with_status(
    site: Path, typed: list[str], said: str
) -> None:
    # `update SLUG identified` was told to quote a title or message, and `-s identified`
    # had "No such option" alone: both mean the state, as --state does.
    opened = run(site, "new", "incident", "Login down", "-m", "Looking.", "--now", NOW)
    assert 0 == opened.exit_code, opened.output
    slug = opened.output.split("content/incidents/", 1)[1].split(".md", 1)[0]

    result = run(site, "update", slug, *typed, "-m", "A bad deploy.")

    assert 2 == result.exit_code, result.output
    assert f"hint: {said}: `" in result.output
    offered = hinted_command(result.output)
    assert ["--status", "identified"] == offered[offered.index("--status") :][:2]
    done = CliRunner().invoke(cli, [*offered, "--now", NOW])
    assert 0 == done.exit_code, done.output
    text = (site / "content" / "incidents" / f"{slug}.md").read_text(encoding="utf-8")
    assert "## Identified at " in text


@pytest.mark.parametrize("verb", ["remove", "delete"])
def test_removing_an_incident_names_its_file_never_resolve(site: Path, verb: str) -> None:
    # "Did you mean 'resolve'?": following it published a resolution of the incident.
    opened = run(site, "new", "incident", "Login down", "-m", "Looking.", "--now", NOW)
    assert 0 == opened.exit_code, opened.output
    slug = opened.output.split("content/incidents/", 1)[1].split(".md", 1)[0]

    result = run(site, verb, slug)

    assert 2 == result.exit_code, result.output
    assert "resolve" not in result.output
    assert "delete its file" in result.output
    assert f"{site / 'content' / 'incidents' / slug}.md" in result.output


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("title: My Status: Prod", 'title: "My Status: Prod"'),
        ("title: My Status: Prod  # the name", 'title: "My Status: Prod"  # the name'),
        ('title: Say "hi": now', 'title: "Say \\"hi\\": now"'),
    ],
)
def test_a_colon_in_a_settings_value_is_answered_with_the_line_quoted(
    site: Path, written: str, meant: str
) -> None:
    # "mapping values are not allowed in this context", with a rule about quoting: the
    # line to write is plain, so it is offered whole.
    settings = site / "statusgen.yaml"
    lines = settings.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = written + "\n"
    settings.write_text("".join(lines))

    result = run(site, "check")

    assert 1 == result.exit_code, result.output
    assert f"statusgen.yaml:{at + 1}:8: invalid YAML: " in result.output
    assert f"hint: put it in quotes: '{meant}'" in result.output
    lines[at] = meant + "\n"
    settings.write_text("".join(lines))
    fixed = run(site, "check")
    assert 0 == fixed.exit_code, fixed.output


def test_a_base_url_without_its_scheme_is_offered_with_it(site: Path) -> None:
    # The hint gave https://status.example.com/, an example to adapt, not the line to write.
    settings = site / "statusgen.yaml"
    text = settings.read_text()
    written = next(line for line in text.splitlines() if line.startswith("base_url:"))
    at = text.splitlines().index(written) + 1
    settings.write_text(text.replace(written, "base_url: status.mycompany.com"))

    result = run(site, "check")

    assert 1 == result.exit_code, result.output
    assert f"statusgen.yaml:{at}:" in result.output
    meant = "base_url: https://status.mycompany.com/"
    assert f"hint: write it with https:// before it: {meant}\n" in result.output
    settings.write_text(text.replace(written, meant))
    fixed = run(site, "check")
    assert 0 == fixed.exit_code, fixed.output


@pytest.mark.parametrize("fence", ["```", "~~~"])
@pytest.mark.parametrize("where", ["first", "last"])
def test_a_code_fence_pasted_from_the_docs_is_named_as_such(
    site: Path, where: str, fence: str
) -> None:
    # A generic "check indentation, and quote text …": the fence was not named. A tilde
    # fence was told to have no ':' after its key, and to write `~~~yaml: value`.
    settings = site / "statusgen.yaml"
    text = settings.read_text()
    if where == "first":
        settings.write_text(f"{fence}yaml\n" + text)
        at = 1
    else:
        settings.write_text(text + f"{fence}\n")
        at = len(text.splitlines()) + 1

    result = run(site, "check")

    assert 1 == result.exit_code, result.output
    assert f"statusgen.yaml:{at}:1: invalid YAML: " in result.output
    assert "is a Markdown code fence, from the docs page" in result.output
    # Alone in the file: only it is to go (the last one is the closing fence itself).
    assert f"hint: delete line {at}\n" in result.output


@pytest.mark.parametrize(("opening", "closing"), [("~~~~", "```"), ("```yaml", "```")])
def test_a_pasted_examples_closing_fence_is_named_as_it_is_written(
    site: Path, opening: str, closing: str
) -> None:
    # The hint named the opening's first three characters as the closing mark, `~~~` for
    # a `~~~~` closed by backquotes, "if it came along", when it was there to be named.
    settings = site / "statusgen.yaml"
    text = settings.read_text()
    settings.write_text(f"{opening}\n{text}{closing}\n")
    last = len(text.splitlines()) + 2

    result = run(site, "check")

    assert 1 == result.exit_code, result.output
    assert f"statusgen.yaml:1:1: invalid YAML: {opening!r} is a Markdown code fence" in (
        result.output
    )
    assert f"hint: delete line 1 and line {last}, the {closing} closing the example\n" in (
        result.output
    )


# --- a hint's line carries the values over as statusgen takes them --------------------------


@pytest.mark.parametrize(
    ("typed", "impact"),
    [
        (["--priority", "P1"], "critical"),
        (["--severity", "sev1"], "critical"),
        (["--severity=high"], "major"),
        (["--priority", "P2"], "major"),
        (["--severity", "warning"], "minor"),
        (["--priority", "P3"], "minor"),
        (["--priority", "P4"], "none"),
        (["--severity", "info"], "none"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else value,
)
def test_a_priority_or_severity_is_offered_as_the_impact_it_means(
    site: Path, typed: list[str], impact: str
) -> None:
    # `--impact P1` was offered, and refused: 'P1' is not one of none, minor, ...
    result = run(site, "new", "incident", "Foo", *typed, "-c", "api", "-m", "x", "--now", NOW)

    assert 2 == result.exit_code, result.output
    offered = hinted_command(result.output)
    assert ["--impact", impact] == offered[offered.index("--impact") :][:2]
    done = CliRunner().invoke(cli, offered)
    assert 0 == done.exit_code, done.output


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            ["new", "incident", "Pri test", "--priority", "P1", "-c", "api"],
            "--priority is --impact here (--impact critical), and give the first update with",
        ),
        (
            ["new", "incident", "Pri test", "--severity", "high", "-c", "api"],
            "--severity is --impact here (--impact major), and give the first update with",
        ),
        (
            ["new", "incident", "--title", "Pri test", "-c", "api"],
            "the title is the first argument, not an option, and give the first update with",
        ),
    ],
    ids=lambda words: " ".join(words) if isinstance(words, list) else words,
)
def test_an_option_named_as_other_tools_name_it_without_a_message_offers_no_line(
    site: Path, typed: list[str], said: str
) -> None:
    # The line offered had no -m, and was refused: "give the first update with -m MESSAGE".
    result = run(site, *typed, "--now", NOW)

    assert 2 == result.exit_code, result.output
    assert f"hint: {said} -m MESSAGE\n" in result.output
    assert "`" not in result.output.split("hint:", 1)[1]
    assert [] == list((site / "content" / "incidents").glob("*pri-test*"))


def test_a_severity_meaning_no_impact_lists_the_impacts_and_offers_no_line(site: Path) -> None:
    result = run(site, "new", "incident", "Foo", "--severity", "bogus", "-m", "x", "--now", NOW)

    assert 2 == result.exit_code, result.output
    assert (
        "hint: --severity is --impact here, which takes one of none, minor, major, critical"
        in result.output
    )
    assert "`" not in result.output.split("hint:", 1)[1]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("api:down", "api=major_outage"), ("api:degraded", "api=degraded_performance")],
)
def test_a_status_word_after_a_colon_is_offered_as_the_status_it_means(
    site: Path, typed: str, meant: str
) -> None:
    # `-c api=down` was offered, and refused: 'down' is not one of operational, ...
    result = run(site, "new", "incident", "Foo", "-c", typed, "-m", "x", "--now", NOW)

    assert 1 == result.exit_code, result.output
    assert f"hint: a status follows '=': write -c {meant}" in result.output
    done = run(site, "new", "incident", "Foo", "-c", meant, "-m", "x", "--now", NOW)
    assert 0 == done.exit_code, done.output


@pytest.mark.parametrize(
    "typed",
    [
        ["-m", "-c", "api=operational"],
        ["-c", "api=operational", "-m", "Fixed"],
        ["--component=api=operational"],
    ],
    ids=" ".join,
)
def test_resolve_with_dash_c_says_why_and_offers_the_line_that_resolves(
    site: Path, typed: list[str]
) -> None:
    # "unexpected extra argument" with `resolve SLUG -m "We are looking."`, or a bare
    # "No such option '-c'".
    slug = run(site, "new", "incident", "Login", "-c", "api=major_outage", "-m", "x", "--now", NOW)
    assert 0 == slug.exit_code, slug.output
    later = "2026-11-22T19:00:00Z"

    result = run(site, "resolve", "login", *typed, "--now", later)

    assert 2 == result.exit_code, result.output
    assert "resolve takes no -c: a resolved incident no longer affects its components" in (
        result.output
    )
    offered = hinted_command(result.output)
    assert ["login", "--now", later] == [w for w in offered if w in ("login", "--now", later)]
    done = CliRunner().invoke(cli, offered)
    assert 0 == done.exit_code, done.output
    assert "Resolved" in done.output


def test_resolve_with_a_component_still_down_says_to_open_an_incident_for_it(site: Path) -> None:
    result = run(site, "resolve", "login", "-c", "api:down", "-m", "Fixed")

    assert 2 == result.exit_code, result.output
    assert "open a new incident with -c api=major_outage" in result.output


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("api=major_outage, website: down", "api=major_outage, website=major_outage"),
        ("API: major outage, Website=degraded", "api=major_outage, website=degraded_performance"),
        ("api - down, website=operational", "api=major_outage, website=operational"),
    ],
)
def test_a_components_line_nearly_right_is_offered_corrected_item_by_item(
    site: Path, written: str, meant: str
) -> None:
    # `write it as 'Components: api=major_outage, checkout=operational'`: no component of
    # this site, and the author's own changes dropped.
    statuses = dict(change.split("=") for change in meant.split(", "))
    front = "".join(f"  {cid}: {status}\n" for cid, status in statuses.items())
    incident = site / "content" / "incidents" / "2026-11-22-x.md"
    text = (
        f"---\ntitle: X\nstatus: investigating\ncomponents:\n{front}---\n"
        "## Investigating at 2026-11-22 10:00\nComponents: {line}\n\nLooking.\n"
    )
    incident.write_text(text.replace("{line}", written))

    result = run(site, "check", "--now", NOW)

    assert 1 == result.exit_code, result.output
    assert f"hint: write it as 'Components: {meant}'" in result.output
    assert "checkout" not in result.output
    incident.write_text(text.replace("{line}", meant))
    fixed = run(site, "check", "--now", NOW)
    assert "2026-11-22-x.md" not in fixed.output, fixed.output
