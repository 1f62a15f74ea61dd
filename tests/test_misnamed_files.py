"""Site files and folders named nearly right: reported with the name to use, never skipped
without a word (a site built without its incidents would forget every outage)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sitefiles import INCIDENT, INCIDENT_PATH, SETTINGS, run_build, write_site

from statusgen.cli import cli

MONITORS = "- id: api-health\n  component: api\n  type: heartbeat\n"
GERMAN = SETTINGS + "language: de\n"
# An override of one message of the shipped German catalog.
OVERRIDE = (
    'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "Major outage"\nmsgstr "Echte Störung"\n'
)


def check(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output.splitlines()


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"content/monitors.yml": MONITORS},
            [
                "content/monitors.yml: not read: statusgen reads the file content/monitors.yaml",
                "    hint: rename it to content/monitors.yaml",
            ],
        ),
        (
            {"content/monitors.yaml.txt": MONITORS},
            [
                "content/monitors.yaml.txt: not read: statusgen reads the file "
                "content/monitors.yaml",
                "    hint: rename it to content/monitors.yaml",
            ],
        ),
        (
            {"content/Monitors.yaml": MONITORS},
            [
                "content/Monitors.yaml: not read: statusgen reads the file content/monitors.yaml",
                "    hint: rename it to content/monitors.yaml",
            ],
        ),
        (
            {"content/incident/2026-12-01-late.md": INCIDENT},
            [
                "content/incident: not read: statusgen reads the folder content/incidents",
                "    hint: move what it holds into content/incidents, which is read, and remove it",
            ],
        ),
        (
            {"content/incident/2026-11-20-checkout-errors.md": INCIDENT, INCIDENT_PATH: None},
            [
                "content/incident: not read: statusgen reads the folder content/incidents",
                "    hint: rename it to content/incidents",
            ],
        ),
    ],
)
def test_a_misnamed_file_or_folder_is_an_error_naming_the_name_to_use(
    tmp_path: Path, files: dict[str, str | None], expected: list[str]
) -> None:
    root = write_site(tmp_path, files)

    code, output = check(root)
    built = run_build(root, "-q")

    assert (1, expected) == (code, output[:2])
    assert 1 == built.exit_code
    assert expected[0] in built.output


@pytest.mark.parametrize("name", ["DE.po", "de.PO", "de.po.txt"])
def test_a_misnamed_catalog_is_an_error_naming_the_name_to_use(tmp_path: Path, name: str) -> None:
    # Read on a disk that ignores case (a Mac), skipped on one that does not (CI): the
    # pages would be in the shipped German there without a word. Added after a build,
    # whose cache must not let it through either.
    root = write_site(tmp_path, {"statusgen.yaml": GERMAN})
    assert 0 == run_build(root).exit_code
    write_site(root, {"statusgen.yaml": GERMAN, f"translations/{name}": OVERRIDE})

    code, output = check(root)
    built = run_build(root, "-q")

    assert (1, 1) == (code, built.exit_code), output
    assert [
        f"translations/{name}: not read: statusgen reads the file translations/de.po",
        "    hint: rename it to translations/de.po",
    ] == output[:2]
    assert output[0] in built.output


@pytest.mark.parametrize("name", ["de_DE.po", "de-DE.po"])
def test_a_regional_catalog_for_a_bare_language_names_the_file_to_use(
    tmp_path: Path, name: str
) -> None:
    # Poedit names a German catalog de_DE.po: for `language: de` it was never read, and the
    # pages showed the shipped German with "No problems found".
    root = write_site(tmp_path, {"statusgen.yaml": GERMAN})
    assert 0 == run_build(root).exit_code
    write_site(root, {"statusgen.yaml": GERMAN, f"translations/{name}": OVERRIDE})

    code, output = check(root)
    built = run_build(root, "-q")

    assert (1, 1) == (code, built.exit_code), output
    assert [
        f"translations/{name}: not read: statusgen reads the file translations/de.po",
        "    hint: rename it to translations/de.po",
    ] == output[:2]
    assert output[0] in built.output


def test_a_regional_catalog_of_a_language_statusgen_does_not_ship_is_named(
    tmp_path: Path,
) -> None:
    ukrainian = 'msgid ""\nmsgstr ""\n"Language: uk_UA\\n"\n\nmsgid "Major outage"\nmsgstr "Збій"\n'
    root = write_site(
        tmp_path,
        {"statusgen.yaml": SETTINGS + "language: uk\n", "translations/uk_UA.po": ukrainian},
    )

    code, output = check(root)

    assert 1 == code, output
    assert "    hint: rename translations/uk_UA.po to translations/uk.po" in "\n".join(output)
    assert [
        "translations/uk_UA.po: not read: statusgen reads the file translations/uk.po",
        "    hint: rename it to translations/uk.po",
    ] == output[2:4]


@pytest.mark.parametrize(
    ("languages", "regional", "meant"),
    [(("de", "de-DE"), "de_DE.po", "de.po"), (("pt", "pt-BR"), "pt_BR.po", "pt.po")],
)
def test_a_regional_catalog_read_for_another_page_is_a_warning_for_the_language_alone(
    tmp_path: Path, languages: tuple[str, str], regional: str, meant: str
) -> None:
    """de_DE.po is read for a de-DE page, never for a de one: that page shows statusgen's
    German, and check says so, naming the file it reads, as it does for a de page alone."""
    bare, region = languages
    page = "  {}: {{base_url: https://{}.example.com/, output: public-{}, language: {}}}\n"
    first = page.format("bare", "bare", "bare", bare)
    settings = SETTINGS + "pages:\n" + first + page.format("region", "region", "region", region)
    where = f"statusgen.yaml:5:{first.index('language: ') + 11}"
    catalog = OVERRIDE.replace("Language: de", f"Language: {regional.removesuffix('.po')}")
    root = write_site(tmp_path, {"statusgen.yaml": settings, f"translations/{regional}": catalog})

    code, output = check(root)
    built = run_build(root, "-q")

    assert (0, 0) == (code, built.exit_code), output
    assert [
        f"{where}: warning: the '{bare}' pages do not read translations/{regional}, "
        f"the catalog of the '{region}' pages: statusgen reads the file translations/{meant} "
        f"for '{bare}'",
        f"    hint: copy the translations the '{bare}' pages should show into "
        f"translations/{meant} (see docs/languages.md)",
    ] == output[:2]
    assert 1 == built.output.count(output[0])
    # With its own catalog the page has its translations: nothing to say.
    write_site(
        root, {f"translations/{meant}": OVERRIDE.replace("Language: de", f"Language: {bare}")}
    )
    code, output = check(root)
    assert 0 == code, output
    assert not any("warning" in line for line in output), output


def test_a_catalog_of_another_script_stays_quiet(tmp_path: Path) -> None:
    """zh_TW.po is Traditional Chinese, not zh-Hans's."""
    root = write_site(
        tmp_path / "zh",
        {
            "statusgen.yaml": SETTINGS + "language: zh-Hans\n",
            "translations/zh_TW.po": chinese("Hant", "由 statusgen 提供"),
        },
    )
    code, output = check(root)
    assert 0 == code, output


def test_other_files_beside_the_catalog_stay_quiet(tmp_path: Path) -> None:
    """Poedit's compiled catalog, a backup, another language's catalog: not misspellings."""
    root = write_site(
        tmp_path,
        {
            "statusgen.yaml": GERMAN,
            "translations/de.po": OVERRIDE,
            "translations/de.mo": "",
            "translations/de.po.bak": OVERRIDE,
            "translations/fr.po": OVERRIDE,
            "translations/README.txt": "Our words.\n",
        },
    )
    code, output = check(root)
    assert 0 == code, output


def chinese(script: str, footer: str) -> str:
    """A site's catalog for Chinese in `script` (Hans, Hant), changing the footer's words."""
    return (
        f'msgid ""\nmsgstr ""\n"Language: zh_{script}\\n"\n\n'
        f'msgid "Powered by statusgen"\nmsgstr "{footer}"\n'
    )


TWO_SCRIPTS = (
    SETTINGS
    + "language: zh-Hans\n"
    + "pages:\n"
    + "  cn: {base_url: https://status.example.cn/, output: public-cn}\n"
    + "  tw: {base_url: https://status.example.tw/, output: public-tw, language: zh-Hant}\n"
)


def test_each_pages_catalog_is_read_beside_the_others(tmp_path: Path) -> None:
    # zh-Hans and zh-Hant differ in one letter, as a typo would: each is a language a page
    # reads, never the other's catalog misspelled.
    root = write_site(
        tmp_path,
        {
            "statusgen.yaml": TWO_SCRIPTS,
            "translations/zh-Hans.po": chinese("Hans", "由我们生成"),
            "translations/zh-Hant.po": chinese("Hant", "由我們生成"),
        },
    )

    code, output = check(root)
    built = run_build(root, "-q")

    assert (0, 0) == (code, built.exit_code), [*output, built.output]
    assert "由我们生成" in (root / "public-cn/index.html").read_text(encoding="utf-8")
    assert "由我們生成" in (root / "public-tw/index.html").read_text(encoding="utf-8")


def test_another_languages_catalog_beside_the_sites_stays_quiet(tmp_path: Path) -> None:
    # docs/languages.md: a zh-TW page reads zh-Hant.po; on a zh-Hans site it is read by
    # no page, as fr.po on a German one, and is no zh-Hans.po misspelled.
    root = write_site(
        tmp_path,
        {
            "statusgen.yaml": SETTINGS + "language: zh-Hans\n",
            "translations/zh-Hans.po": chinese("Hans", "由我们生成"),
            "translations/zh-Hant.po": chinese("Hant", "由我們生成"),
        },
    )
    code, output = check(root)
    assert 0 == code, output


def test_a_catalog_in_another_case_is_misnamed_for_its_own_language(tmp_path: Path) -> None:
    # The same language in another case is still the misspelling a Mac reads.
    root = write_site(
        tmp_path,
        {
            "statusgen.yaml": TWO_SCRIPTS,
            "translations/zh-Hans.po": chinese("Hans", "由我们生成"),
            "translations/ZH-HANT.po": chinese("Hant", "由我們生成"),
        },
    )
    code, output = check(root)
    assert 1 == code
    assert [
        "translations/ZH-HANT.po: not read: statusgen reads the file translations/zh_Hant.po"
    ] == [line for line in output if "not read" in line]


def test_a_misnamed_components_file_is_named_where_the_file_is_missing(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    (root / "content/components.yaml").rename(root / "content/components.yml")

    code, output = check(root)

    assert 1 == code
    assert [
        "content/components.yaml: file not found",
        "    hint: did you mean content/components.yml? rename it to content/components.yaml",
        "content/components.yml: not read: statusgen reads the file content/components.yaml",
        "    hint: rename it to content/components.yaml",
    ] == output[:4]


@pytest.mark.parametrize("inside", ["", "content/incidents"])
def test_a_misnamed_settings_file_is_named_where_no_site_is_found(
    tmp_path: Path, inside: str
) -> None:
    root = write_site(tmp_path / "site")
    (root / "statusgen.yaml").rename(root / "statusgen.yml")
    shown = "statusgen.yml" if not inside else str(root / "statusgen.yml")

    code, output = check(root / inside)

    assert 1 == code
    assert [
        "Error: not a statusgen site (no statusgen.yaml here or in any parent folder)",
        f"  hint: {shown} is there: rename it to statusgen.yaml",
    ] == output


def test_other_files_and_folders_beside_the_content_stay_quiet(tmp_path: Path) -> None:
    """An archive folder, notes, a backup: not misspellings of what a build reads."""
    # The archive kept as text: an incident file anywhere in content/ but
    # content/incidents/ is one the build would skip, reported as such (test_unread_files).
    root = write_site(
        tmp_path,
        {
            "content/incidents-old/2025-01-01-old.txt": INCIDENT,
            "content/README.md": "Notes.\n",
            "content/components.yaml.bak": "[]\n",
            "content/contacts.yaml": "[]\n",
            "contact/team.yaml": "[]\n",
            "statusgen.yaml~": "title: old\n",
        },
    )
    code, output = check(root)
    assert 0 == code, output


@pytest.mark.parametrize(
    "relpath", ["content/monitors.yml", "content/incident/2026-11-20-checkout.md"]
)
def test_a_build_after_a_build_reports_the_misnamed_file(tmp_path: Path, relpath: str) -> None:
    # The site was built before: its cache finds every file it reads unchanged, and must
    # not let the new, misnamed one through with "0 changed".
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root).exit_code
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MONITORS if relpath.endswith(".yml") else INCIDENT)
    result = run_build(root)
    assert 1 == result.exit_code, result.output
    assert f"{relpath.partition('/2026')[0]}" in result.output
    assert "not read" in result.output


@pytest.mark.parametrize("name", ["statusgen.yml", "Content"])
def test_a_build_after_a_build_reports_a_misnamed_file_at_the_root(
    tmp_path: Path, name: str
) -> None:
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root).exit_code
    if name == "Content":
        (root / name).mkdir()
        (root / name / "components.yaml").write_text("- name: API\n")
    else:
        (root / name).write_text((root / "statusgen.yaml").read_text())
    result = run_build(root)
    assert 1 == result.exit_code, result.output
    assert f"{name}: not read" in result.output


@pytest.mark.parametrize(
    ("relpath", "expected"),
    [
        ("themes/templates/Base.html", "themes/templates/base.html"),
        ("themes/templates/partials/Footer.html", "themes/templates/partials/footer.html"),
        ("themes/static/Style.css", "themes/static/style.css"),
    ],
)
def test_a_theme_override_in_another_case_is_an_error_naming_the_name_to_use(
    tmp_path: Path, relpath: str, expected: str
) -> None:
    # Used on a disk that ignores case (a Mac), skipped on Linux (CI): the built-in file
    # would be published without a word. Added after a build, whose cache must see it.
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root).exit_code
    write_site(root, {relpath: "<p>custom</p>\n"})

    code, output = check(root)
    built = run_build(root, "-q")

    assert (1, 1) == (code, built.exit_code), output
    assert [
        f"{relpath}: not read: statusgen reads the file {expected}",
        f"    hint: rename it to {expected}",
    ] == output[:2]
    assert output[0] in built.output


@pytest.mark.parametrize(
    ("relpath", "expected"),
    [
        ("themes/templates/Partials/footer.html", "themes/templates/partials"),
        ("themes/Templates/base.html", "themes/templates"),
        ("themes/Static/style.css", "themes/static"),
        ("themes/calm/Templates/base.html", "themes/calm/templates"),
        # A static folder is published whole: one holding only the site's own files is
        # skipped on Linux all the same.
        ("themes/Static/fonts/inter.woff2", "themes/static"),
        ("Static/favicon.ico", "static"),
    ],
)
def test_a_theme_folder_in_another_case_is_an_error_naming_the_name_to_use(
    tmp_path: Path, relpath: str, expected: str
) -> None:
    # As an override named in another case: used on a Mac, skipped on Linux. Added after a
    # build, whose cache must see it.
    root = write_site(tmp_path / "site")
    if "calm" in relpath:
        write_site(root, {"themes/calm/templates/index.html": '{% extends "builtin/index.html" %}'})
        settings = root / "statusgen.yaml"
        settings.write_text(settings.read_text() + "theme: calm\n")
    assert 0 == run_build(root).exit_code
    (root / relpath).parent.mkdir(parents=True)
    (root / relpath).write_text("<p>custom</p>\n")
    found = relpath[: len(expected)]
    # The theme's own templates/ is there too: what the other holds belongs in it.
    fix = "move what it holds into {}, which is read, and remove it" if "calm" in relpath else ""

    code, output = check(root)
    built = run_build(root, "-q")

    assert (1, 1) == (code, built.exit_code), output
    assert [
        f"{found}: not read: statusgen reads the folder {expected}",
        f"    hint: {(fix or 'rename it to {}').format(expected)}",
    ] == output[:2]
    assert output[0] in built.output


def test_a_themes_own_files_named_nearly_as_built_in_ones_stay_quiet(tmp_path: Path) -> None:
    """A partial or a stylesheet of the site's own is no misspelling of a built-in one."""
    root = write_site(
        tmp_path,
        {
            "themes/templates/partials/footers.html": "<p>a</p>\n",
            "themes/templates/bases.html": "<p>a</p>\n",
            "themes/static/styles.css": "body{}\n",
        },
    )
    code, output = check(root)
    assert 0 == code, output


OWN_BANNER = {
    "themes/templates/Partials/banner.html": '<p class="banner">Hello</p>\n',
    "themes/templates/index.html": (
        '{% extends "builtin/index.html" %}\n'
        '{% block content %}{% include "Partials/banner.html" %}{{ super() }}{% endblock %}\n'
    ),
}


def test_a_theme_folder_of_the_site_s_own_in_another_case_is_read_as_named(
    tmp_path: Path,
) -> None:
    # Partials/ holds no override of a built-in file: it is the site's own folder, and
    # its templates are included by the name they have.
    root = write_site(tmp_path / "site", OWN_BANNER)
    output = tmp_path / "out"

    code, said = check(root)
    built = run_build(root, "-q", "-o", str(output))

    assert (0, 0) == (code, built.exit_code), said
    assert '<p class="banner">Hello</p>' in (output / "index.html").read_text()


def test_an_override_in_a_folder_of_the_site_s_own_is_named_by_itself(tmp_path: Path) -> None:
    # Renaming the folder would break the site's own include of Partials/banner.html:
    # the override it holds is named, with where it belongs.
    root = write_site(
        tmp_path / "site",
        {**OWN_BANNER, "themes/templates/Partials/footer.html": "<p>custom</p>\n"},
    )

    code, output = check(root)

    assert 1 == code
    assert [
        "themes/templates/Partials/footer.html: not read: statusgen reads the file "
        "themes/templates/partials/footer.html",
        "    hint: rename it to themes/templates/partials/footer.html",
    ] == output[:2]


@pytest.mark.parametrize(
    ("name", "told"),
    [
        ("2026-11-10-Fraud_Slow.md", "rename it to 2026-11-10-fraud-slow.md"),
        ("2026-11-10-Ärger im Büro.md", "rename it to 2026-11-10-arger-im-buro.md"),
        ("2026-11-10-збій-мережі.md", "rename it to 2026-11-10-zbii-merezhi.md"),
        ("2026-11-10-Διακοπή.md", "rename it to 2026-11-10-diakopi.md"),
        ("障害.md", "e.g. 2026-11-20-payment-errors.md"),
    ],
    ids=["capitals-underscore", "accents-spaces", "cyrillic", "greek", "no-latin-letters"],
)
def test_an_incident_file_name_that_is_no_address_is_offered_its_corrected_name(
    tmp_path: Path, name: str, told: str
) -> None:
    # The hint gave the same example whatever the name, unlike those for page names and
    # ids, which offer the name made from the one written.
    root = write_site(tmp_path, {f"content/incidents/{name}": INCIDENT})

    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 1 == result.exit_code
    assert f"hint: use lowercase letters, digits and '-': {told}" in result.output


def test_a_misnamed_incident_is_never_offered_a_name_another_file_has(tmp_path: Path) -> None:
    # "rename it to 2026-11-20-checkout-errors.md" was offered while that file existed:
    # followed, the rename replaces the other incident. The parse result is kept by the
    # file's content alone, so the clash is found after the cache, by a build that uses it.
    root = write_site(tmp_path)
    incident = root / INCIDENT_PATH
    copy = incident.with_name("2026-11-20-Checkout-Errors.md")
    copy.write_bytes(incident.read_bytes())
    incident.unlink()
    alone = run_build(root)
    incident.write_bytes(copy.read_bytes())

    status, said = check(root)
    cached = run_build(root)
    uncached = run_build(root, "--no-cache")

    assert "rename it to 2026-11-20-checkout-errors.md" in alone.output  # free: offered
    assert 1 == status
    clash = (
        "it clashes with content/incidents/2026-11-20-checkout-errors.md, the name it "
        "would take, which is another file's"
    )
    assert clash in " ".join(said)
    assert "rename it to" not in " ".join(said)
    assert clash in " ".join(cached.output.split())
    assert uncached.output == cached.output


def test_an_incident_saved_with_md_twice_is_offered_its_own_name(tmp_path: Path) -> None:
    # x.md.md was offered x-md.md: renamed so, the incident would get a page address no one
    # meant. With x.md there already it is a second copy of that incident, told as one.
    root = write_site(tmp_path)
    incident = root / INCIDENT_PATH
    doubled = incident.with_name(incident.name + ".md")
    incident.rename(doubled)

    alone = CliRunner().invoke(cli, ["-C", str(root), "check"])
    doubled.with_name(incident.name).write_bytes(doubled.read_bytes())
    status, said = check(root)

    assert f"hint: its name ends in .md twice: rename it to {incident.name}" in alone.output
    assert 1 == status
    assert (
        f"{INCIDENT_PATH} is there already: merge what this copy adds into it, then delete the copy"
    ) in " ".join(said)


@pytest.mark.parametrize(
    ("mark", "who"),
    [
        (" (1)", "Windows"),
        (" - Copy", "Windows"),
        (" - Copy (2)", "Windows"),
        (" copy", "macOS"),
        (" copy 2", "macOS"),
        ("(1)", "a browser"),
    ],
)
def test_a_copy_a_file_manager_names_is_told_as_a_copy(tmp_path: Path, mark: str, who: str) -> None:
    # `x (1).md` was offered x-1.md, and macOS's `x copy.md` x-copy.md: renamed so, the
    # incident is shown twice. It is a copy, told as an editor's `x.md~` or a merge tool's
    # `x.md.orig` is.
    root = write_site(tmp_path)
    incident = root / INCIDENT_PATH
    copy = incident.with_name(f"{incident.stem}{mark}.md")
    copy.write_bytes(incident.read_bytes())

    status, said = check(root)
    incident.unlink()
    alone = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 1 == status
    assert f"remove it if it is a copy of {INCIDENT_PATH}, as {who} names one" in " ".join(said)
    assert "-1.md" not in " ".join(said)
    assert "-copy" not in " ".join(said)
    assert (
        f"hint: remove it if it is a copy of {incident.name}, as {who} names one; "
        f"else rename it to {incident.name}"
    ) in alone.output


def test_a_copy_with_its_suffix_in_capitals_is_told_as_a_copy(tmp_path: Path) -> None:
    # `x (2).MD` was told to be renamed to `x (2).md`, a copy read as the incident again.
    root = write_site(tmp_path)
    incident = root / INCIDENT_PATH
    incident.with_name(f"{incident.stem} (2).MD").write_bytes(incident.read_bytes())

    status, said = check(root)

    assert 1 == status
    assert (
        f"hint: remove it if it is a copy of {incident.name}, as Windows names one"
    ) in "\n".join(said)
    assert f"{incident.stem} (2).md" not in "\n".join(said)
