"""One rule for the characters text may hold, applied where files are read, so `check`
refuses exactly what the build could not write (feeds and the sitemap are XML)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sitefiles import INCIDENT, INCIDENT_PATH, write_site

from statusgen.cli import cli

NOW = "2026-11-22T18:00:00Z"
# Each is outside XML 1.0's characters: feedgen (lxml) refuses to write it.
FORBIDDEN = ["\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x1f", "\ufffe", "\uffff"]
# (file, its text with X where the character goes, where the diagnostic points)
PLACES = [
    ("statusgen.yaml", "title: aXb\nbase_url: https://status.example.com\n", "1:9"),
    ("content/components.yaml", "- id: api\n  name: APIX\n", "2:12"),
    (INCIDENT_PATH, INCIDENT.replace("Checkout errors", "CheckoutX errors"), "2:16"),
    (INCIDENT_PATH, INCIDENT.replace("We are looking", "We X are looking"), "10:4"),
    (INCIDENT_PATH, INCIDENT.replace("Some payments", "SomeX payments"), "7:5"),
]


@pytest.mark.parametrize("char", FORBIDDEN, ids=[f"U+{ord(c):04X}" for c in FORBIDDEN])
@pytest.mark.parametrize(("relpath", "text", "where"), PLACES, ids=[p[2] for p in PLACES])
def test_check_and_build_refuse_the_same_characters_at_their_place(
    tmp_path: Path, char: str, relpath: str, text: str, where: str
) -> None:
    root = write_site(tmp_path / "site", {relpath: text.replace("X", char)})
    for command in (["check"], ["build", "--now", NOW]):
        result = CliRunner().invoke(cli, ["-C", str(root), *command])
        assert 1 == result.exit_code, result.output
        assert f"{relpath}:{where}: character U+{ord(char):04X}" in result.output
    assert not (root / "public").exists()


@pytest.mark.parametrize("escape", ["\\x01", "\\e", "\\0", "\\uFFFE", "\\v"])
def test_a_yaml_escape_cannot_smuggle_the_character_in(tmp_path: Path, escape: str) -> None:
    root = write_site(tmp_path / "site", {"content/components.yaml": f'- name: "A{escape}"\n'})
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 1 == result.exit_code
    assert "content/components.yaml:1:9: character U+" in result.output


@pytest.mark.parametrize("char", FORBIDDEN)
def test_the_authoring_commands_drop_the_character_so_the_site_still_builds(
    tmp_path: Path, char: str
) -> None:
    root = write_site(tmp_path / "site")
    for args in (
        ["update", "checkout", "-m", f"Paged{char} again"],
        ["new", "incident", f"Disk{char} full", "-m", f"Paged{char}", "-c", "api"],
    ):
        result = CliRunner().invoke(cli, ["-C", str(root), *args, "--now", NOW])
        assert 0 == result.exit_code, result.output
    assert "Paged again" in (root / INCIDENT_PATH).read_text()
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--now", NOW])
    assert 0 == result.exit_code, result.output


@pytest.mark.parametrize("char", ["\t", "\x7f", "\x85", "\u2028", "\U0001f600", "\ufdd0"])
def test_characters_xml_can_hold_still_build(tmp_path: Path, char: str) -> None:
    # As a YAML escape: YAML itself refuses some of them raw (DEL, a line separator).
    components = f'- id: checkout\n  name: "A\\U{ord(char):08X}B"\n'
    root = write_site(tmp_path / "site", {"content/components.yaml": components})
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--now", NOW])
    assert 0 == result.exit_code, result.output


def test_check_lists_every_character_in_one_run(tmp_path: Path) -> None:
    text = (
        INCIDENT.replace("Checkout errors", "Checkout\x01 errors")
        .replace("Some payments", "Some\x0c payments")
        .replace("We are looking", "We\x02 are looking")
        .replace("All good", "All\x08 good")
    )
    root = write_site(tmp_path / "site", {INCIDENT_PATH: text})
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 1 == result.exit_code
    for where, code in [("2:16", "0001"), ("7:5", "000C"), ("10:3", "0002"), ("13:4", "0008")]:
        assert f"{INCIDENT_PATH}:{where}: character U+{code}" in result.output


def test_a_file_full_of_them_is_reported_in_a_bounded_list(tmp_path: Path) -> None:
    noise = ("\x01" * 50 + "\n") * 40
    root = write_site(tmp_path / "site", {INCIDENT_PATH: INCIDENT + noise})
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert 1 == result.exit_code
    listed = result.output.count(f"{INCIDENT_PATH}:")
    assert 20 <= listed <= 25, result.output
    # The first line's first few are named, then one line says how many more there are.
    assert f"{INCIDENT_PATH}:14:2: character U+0001" in result.output
    assert f"{INCIDENT_PATH}:14:4: character" not in result.output
    assert f"{50 * 40 - 20} more" in result.output
