"""A mistake in a site's own template, as `build` and `check` report it: the template's
file and line and what went wrong, never a traceback, and never a page that shows the
machine's clock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sitefiles import INCIDENT_PATH, run_build, write_site

from statusgen.cli import cli
from statusgen.render import workers

NOTICE = "themes/templates/partials/notice.html"
OVERRIDE = "themes/templates/incident.html"
# The site's incident, still open at the build's "now": its `end` is None.
OPEN_INCIDENT = """\
---
title: Checkout errors
status: identified
components:
  checkout: partial_outage
---
## Investigating at 2026-11-20 14:05
We are looking into it.

## Identified at 2026-11-20 14:30
A bad deploy.
"""
# A template saved in Latin-1, not UTF-8: é is the byte 0xe9, at line 2, column 23.
LATIN_1 = b'{% extends "builtin/404.html" %}\n{% block content %}Caf\xe9{% endblock %}\n'


def reported(result: Result) -> list[str]:
    """The lines of a build that stopped on a user mistake: exit 1, no traceback."""
    assert 1 == result.exit_code, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.output.splitlines()


@pytest.mark.parametrize(
    ("expression", "said"),
    [
        ("{{ 1 / 0 }}", "(ZeroDivisionError)"),
        ('{{ "a" + 1 }}', "(TypeError)"),
        ("{{ time_tag(page.title) }}", "time_tag() needs a time, got str 'Example Status'"),
        ("{{ page.title|duration }}", "the duration filter needs a duration, got str"),
        ("{{ page.title|number }}", "the number filter needs a number, got str"),
        ("{{ url(1, 2, 3) }}", "(TypeError)"),
        # A message check cannot read off the call: said when a page prints it.
        (
            '{% set m = "As of %(time)s" %}{{ _(m, zone=1) }}',
            "names the value %(time)s, which this call of _() does not give",
        ),
        ('{% include "partials/banner.html" %}', "template 'partials/banner.html' not found"),
        (
            '{{ asset_url("logo.png") }}',
            "asset_url('logo.png'): no static file 'logo.png' in any theme folder",
        ),
    ],
)
def test_a_failing_expression_in_a_partial_is_reported_at_its_line(
    tmp_path: Path, expression: str, said: str
) -> None:
    root = write_site(tmp_path / "site", {NOTICE: f"<p>\n{expression}</p>\n"})

    lines = reported(run_build(root))

    assert lines[0].startswith(f"{NOTICE}:2: "), lines
    assert said in lines[0]
    assert lines[1].startswith("    hint: ")


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    ("expression", "said"),
    [
        ("{{ time_tag(event.end) }}", "time_tag() needs a time, got None"),
        ("{{ time_range(event.end, event.end) }}", "time_range() needs a start time, got None"),
        ("{{ event.end|datetime }}", "the datetime filter needs a time, got None"),
        # Babel formats None as today's date: the page would follow the machine's clock.
        ("{{ event.end|date }}", "the date filter needs a date or a time, got None"),
    ],
)
def test_an_open_incidents_end_in_an_override_is_reported_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str, expression: str, said: str
) -> None:
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)  # the pages go to workers with --jobs 2
    override = (
        '{% extends "builtin/incident.html" %}\n'
        "{% block content %}{{ super() }}\n"
        f"<p>{expression}</p>\n"
        "{% endblock %}\n"
    )
    root = write_site(tmp_path / "site", {INCIDENT_PATH: OPEN_INCIDENT, OVERRIDE: override})

    lines = reported(run_build(root, "--jobs", jobs))

    assert f"{OVERRIDE}:3: {said}" == lines[0]
    assert "`end`" in lines[1]
    assert "1 problem in 1 file" in lines


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    ("call", "macro"),
    [
        # An update where an event belongs: it has no `active`.
        ("state_label(event.latest)", "state_label"),
        ("update(none)", "update"),
        # Reached Python inside the macro (the markdown filter): a traceback before.
        ("update(event.latest, heading=none)", "update"),
        ("event_item(event.parent)", "event_item"),
    ],
)
def test_a_built_in_macro_given_what_it_cannot_take_is_reported_at_the_calling_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str, call: str, macro: str
) -> None:
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)  # the pages go to workers with --jobs 2
    override = (
        '{% extends "builtin/incident.html" %}\n'
        '{% from "partials/macros.html" import state_label, update, event_item %}\n'
        "{% block content %}{{ super() }}\n"
        f"<p>{{{{ {call} }}}}</p>\n"
        "{% endblock %}\n"
    )
    root = write_site(tmp_path / "site", {INCIDENT_PATH: OPEN_INCIDENT, OVERRIDE: override})

    lines = reported(run_build(root, "--jobs", jobs))

    assert lines[0].startswith(
        f"{OVERRIDE}:4: in the built-in macro {macro}() (partials/macros.html:"
    ), lines
    assert lines[1].startswith(f"    hint: check what this line gives {macro}()")
    assert "1 problem in 1 file" in lines


# An override around the built-in page: the built-in block it shows calls the macros.
AROUND = '{% extends "builtin/incident.html" %}\n{% block content %}{{ super() }}{% endblock %}\n'


@pytest.mark.parametrize("templates", [{}, {OVERRIDE: AROUND}], ids=["built-in", "override"])
def test_a_mistake_of_statusgens_own_in_a_built_in_template_keeps_its_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, templates: dict[str, str | bytes | None]
) -> None:
    """Only the site's templates are the user's: a failure whose innermost template is a
    built-in one, not in a macro a site's template called, is a bug to report, with its
    traceback."""

    def broken(*_: object) -> str:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("statusgen.render.html.time_tag", broken)
    root = write_site(tmp_path / "site", templates)

    result = run_build(root)

    assert isinstance(result.exception, ZeroDivisionError)


def check(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output.splitlines()


def test_check_reports_a_template_or_static_file_named_that_no_theme_holds(
    tmp_path: Path,
) -> None:
    notice = (
        "<p>\n"
        '{% include "partials/banner.html" %}\n'
        '{% from "partials/nope.html" import x %}{% import "gone.html" as gone %}\n'
        '<img src="{{ asset_url("logo.png") }}">\n'
        '{% include ["a.html", "b.html"] %}\n'
        "</p>\n"
    )
    page = '{% extends "builtin/base.htm" %}\n'
    root = write_site(tmp_path / "site", {NOTICE: notice, "themes/templates/404.html": page})

    code, lines = check(root)

    assert 1 == code
    assert [
        "themes/templates/404.html:1: template 'builtin/base.htm' not found",
        f"{NOTICE}:2: template 'partials/banner.html' not found",
        f"{NOTICE}:3: template 'gone.html' not found",
        f"{NOTICE}:3: template 'partials/nope.html' not found",
        f"{NOTICE}:4: asset_url('logo.png'): no static file 'logo.png' in any theme folder",
        f"{NOTICE}:5: template 'a.html' or 'b.html' not found",
    ] == [line for line in lines if not line.startswith(("    hint:", "6 problems"))]


def test_check_passes_templates_and_static_files_that_exist_or_may_be_missing(
    tmp_path: Path,
) -> None:
    notice = (
        '{% include "partials/banner.html" ignore missing %}\n'
        '{% include ["partials/banner.html", "partials/footer.html"] %}\n'
        '{% from "partials/macros.html" import status_label %}\n'
        '<link href="{{ asset_url("style.css") }}">{% include page.section ~ ".html" %}\n'
    )
    root = write_site(tmp_path / "site", {NOTICE: notice})

    assert 0 == check(root)[0]


@pytest.mark.parametrize(
    ("template", "hint"),
    [
        ("{{ page.title }", "check the brackets on this line: a value is written {{ value }}"),
        ("{% if page.title %}x", "close every block the template opens: {% if %} with"),
        ("{% iff page.title %}x{% endif %}", "did you mean 'if'? correct the tag's name"),
        ("{{ page.title x }}", "complete the expression on this line"),
        (
            '{{ _("As of %(time)s") }}',
            "give it by name after the message: _('As of %(time)s', time=…)",
        ),
        (
            "{% trans %}As of {{ page.title }}{% endtrans %}",
            "a {% trans %} block prints only plain names: give the value a name in the tag",
        ),
        (
            "{% trans n=3 %}{{ n }} thing{% pluralize m %}{{ n }} things{% endtrans %}",
            "the name after pluralize must be one of the block's values",
        ),
    ],
    ids=[
        "braces",
        "unclosed-block",
        "unknown-tag",
        "expression",
        "message-value-not-given",
        "trans-attribute",
        "pluralize-unknown",
    ],
)
def test_a_template_that_does_not_compile_gets_a_hint(
    tmp_path: Path, template: str, hint: str
) -> None:
    root = write_site(tmp_path / "site", {NOTICE: f"<p>\n{template}</p>\n"})

    checked = CliRunner().invoke(cli, ["-C", str(root), "check", "--format", "json"])

    assert 1 == checked.exit_code
    [found] = json.loads(checked.output)
    assert (NOTICE, 2) == (found["path"], found["line"])
    assert found["hint"].startswith(hint), found["hint"]
    assert found["hint"] in reported(run_build(root))[1]


def test_translated_messages_given_their_values_pass_check(tmp_path: Path) -> None:
    notice = (
        '{{ _("As of %(time)s", time=page.title) }} {{ _("100%% up") }}\n'
        "{% trans title=page.title %}As of {{ title }}{% endtrans %}\n"
        "{% trans n=3 %}{{ n }} thing{% pluralize n %}{{ n }} things{% endtrans %}\n"
    )
    root = write_site(tmp_path / "site", {NOTICE: notice})

    checked = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 0 == checked.exit_code, checked.output
    assert 0 == run_build(root).exit_code


@pytest.mark.parametrize(
    "templates",
    [
        {"themes/templates/404.html": LATIN_1},
        # Included by another: check looks the partial up by its name.
        {NOTICE: LATIN_1, "themes/templates/404.html": '{% include "partials/notice.html" %}\n'},
    ],
    ids=["override", "included"],
)
@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no-cache"])
def test_a_template_not_saved_as_utf8_is_told_as_a_content_file_is(
    tmp_path: Path, templates: dict[str, str | bytes | None], cache: list[str]
) -> None:
    root = write_site(tmp_path / "site", templates)
    path = next(p for p, data in templates.items() if data == LATIN_1)
    expected = [
        f"{path}:2:23: not valid UTF-8 (byte 0xe9)",
        "    hint: save the file as UTF-8",
    ]

    built = reported(run_build(root, *cache))
    code, checked = check(root)
    annotated = CliRunner().invoke(cli, ["-C", str(root), "check", "--format", "github"])

    assert expected == built[:2]
    assert (1, expected) == (code, checked[:2])
    assert [
        f"::error file={path},line=2,col=23,title=statusgen::not valid UTF-8 (byte 0xe9)"
        "%0Ahint: save the file as UTF-8"
    ] == annotated.output.splitlines()


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no-cache"])
def test_a_merge_conflict_left_in_a_template_is_reported_at_each_marker(
    tmp_path: Path, cache: list[str]
) -> None:
    # The built-in base includes the notice on every page: each visitor would see both
    # sides and git's markers.
    conflicted = "<<<<<<< HEAD\n<p>a</p>\n=======\n<p>b</p>\n>>>>>>> b\n"
    root = write_site(tmp_path / "site")
    assert 0 == run_build(root, *cache).exit_code
    before = (root / "public" / "index.html").read_bytes()
    (root / NOTICE).parent.mkdir(parents=True)
    (root / NOTICE).write_text(conflicted)
    expected = [f"{NOTICE}:{n}:1: unresolved merge conflict" for n in (1, 3, 5)]

    built = reported(run_build(root, *cache))
    code, checked = check(root)

    assert expected == [line for line in built if line.startswith(NOTICE)]
    assert (1, expected) == (code, [line for line in checked if line.startswith(NOTICE)])
    assert "    hint: resolve the merge: keep the side you want" in "\n".join(checked)
    assert before == (root / "public" / "index.html").read_bytes()


def test_a_misspelled_value_in_a_template_gets_a_did_you_mean(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {NOTICE: "<p>\n{{ setings.title }}</p>\n"})

    lines = reported(run_build(root))

    assert f"{NOTICE}:2: 'setings' is undefined" == lines[0]
    assert lines[1].startswith("    hint: did you mean 'settings'? docs/theme.md lists")


@pytest.mark.parametrize(
    ("templates", "expected"),
    [
        (
            {
                "themes/templates/base.html": '{% extends "base.html" %}{% block head %}'
                "{% endblock %}"
            },
            [
                "themes/templates/base.html:1: base.html extends itself",
                "    hint: to extend the built-in base.html, write "
                '{% extends "builtin/base.html" %}',
            ],
        ),
        (
            {
                "themes/templates/partials/footer.html": '{% include "partials/a.html" %}',
                "themes/templates/partials/a.html": 'a\n{% include "partials/b.html" %}',
                "themes/templates/partials/b.html": '{% include "partials/a.html" %}',
            },
            [
                "themes/templates/partials/a.html:2: partials/a.html includes itself "
                "(through partials/b.html)",
                "themes/templates/partials/b.html:1: partials/b.html includes itself "
                "(through partials/a.html)",
            ],
        ),
    ],
    ids=["extends", "includes"],
)
def test_a_template_that_loads_itself_is_reported_by_build_and_check(
    tmp_path: Path, templates: dict[str, str | bytes | None], expected: list[str]
) -> None:
    root = write_site(tmp_path / "site", templates)

    built = reported(run_build(root))
    code, checked = check(root)

    assert 1 == code
    for lines in (built, checked):
        said = [line for line in lines if line.startswith("themes/")]
        assert [e for e in expected if e.startswith("themes/")] == said
        assert all(e in lines for e in expected)


def test_a_partial_that_includes_itself_under_a_condition_passes(tmp_path: Path) -> None:
    tree = (
        "{% if depth is defined and depth < 2 %}{% with depth = depth + 1 %}"
        '{% include "partials/tree.html" %}{% endwith %}{% endif %}'
    )
    root = write_site(tmp_path / "site", {"themes/templates/partials/tree.html": tree})

    assert 0 == check(root)[0]


@pytest.mark.parametrize(
    ("expression", "said", "hint"),
    [
        ("{{ page.title|uppr }}", "No filter named 'uppr'", "did you mean 'upper'?"),
        ("{{ page.titel }}", "page has no attribute 'titel'", "did you mean 'title'?"),
        (
            "{{ components['api'].stauts }}",
            "a component view has no attribute 'stauts'",
            "did you mean 'status'?",
        ),
        (
            '{{ asset_url("assets/style.css") }}',
            "asset_url('assets/style.css'): no static file",
            "name the file as it is under themes/static/: asset_url('style.css')",
        ),
        (
            '{{ asset_url("/style.css") }}',
            "asset_url('/style.css'): no static file",
            "name the file as it is under themes/static/: asset_url('style.css')",
        ),
    ],
    ids=["filter", "page", "component", "assets-prefix", "leading-slash"],
)
def test_a_misspelled_name_gets_the_fix_in_its_hint(
    tmp_path: Path, expression: str, said: str, hint: str
) -> None:
    root = write_site(tmp_path / "site", {NOTICE: f"<p>\n{expression}</p>\n"})

    lines = reported(run_build(root))

    assert lines[0].startswith(f"{NOTICE}:2: {said}"), lines
    assert lines[1].startswith(f"    hint: {hint}"), lines
    assert "statusgen.render" not in lines[0]


def test_check_knows_statusgens_filters_and_suggests_them(tmp_path: Path) -> None:
    uses = (
        "{{ now|datetime }}{{ now|date }}{{ 3|number }}{{ 0.5|percent }}{{ ['a']|join_list }}"
        "{{ page.title|markdown }}{% if false %}{{ x|duration }}{% endif %}\n{{ now|datetim }}\n"
    )
    root = write_site(tmp_path / "site", {NOTICE: uses})

    code, lines = check(root)

    assert 1 == code
    assert f"{NOTICE}:2: No filter named 'datetim'." == lines[0]
    assert lines[1].startswith("    hint: did you mean 'datetime'?")


def test_build_reports_what_check_finds_with_the_mistake_it_stopped_on(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {
            NOTICE: "<p>\n{{ 1 / 0 }}</p>\n",
            "themes/templates/partials/unused.html": '{% include "partials/banner.html" %}\n',
            "themes/templates/partials/loop.html": '{% include "partials/loop.html" %}\n',
        },
    )

    said = [line for line in reported(run_build(root)) if line.startswith("themes/")]

    assert [
        "themes/templates/partials/loop.html:1: partials/loop.html includes itself",
        f"{NOTICE}:2: division by zero (ZeroDivisionError)",
        "themes/templates/partials/unused.html:1: template 'partials/banner.html' not found",
    ] == said


def test_build_stopped_by_the_content_reports_the_templates_mistakes_too(tmp_path: Path) -> None:
    # As check does: fixing the incident must not bring up the template's mistake next.
    root = write_site(
        tmp_path / "site",
        {
            INCIDENT_PATH: OPEN_INCIDENT.replace("status: identified", "status: investigting"),
            "themes/templates/404.html": '{% extends "builtin/404.html" %}\n'
            "{% block content %}{{ settings.title | uppr }}{% endblock %}\n",
        },
    )

    built = [line for line in reported(run_build(root)) if line and not line.startswith(" ")]
    checked = [line for line in check(root)[1] if not line.startswith(" ")]

    assert [
        f"{INCIDENT_PATH}:3:9: invalid status 'investigting'",
        "themes/templates/404.html:2: No filter named 'uppr'.",
        "2 problems in 2 files",
    ] == built
    assert built == checked


def test_build_reports_a_mistake_in_each_kind_of_page_at_once(tmp_path: Path) -> None:
    # Each shows only when its pages render: a build stopping at the first would make the
    # user fix them one build at a time.
    root = write_site(
        tmp_path / "site",
        {
            OVERRIDE: '{% extends "builtin/incident.html" %}\n'
            "{% block content %}{{ event.titel.text }}{% endblock %}\n",
            "themes/templates/component.html": '{% extends "builtin/component.html" %}\n'
            "{% block content %}{{ component.nmae.text }}{% endblock %}\n",
        },
    )

    said = [line for line in reported(run_build(root)) if line.startswith("themes/")]

    assert [
        "themes/templates/component.html:2: a component view has no attribute 'nmae'",
        f"{OVERRIDE}:2: an event has no attribute 'titel'",
    ] == said


def test_a_partial_that_includes_itself_in_a_loop_that_runs_is_reported_by_check(
    tmp_path: Path,
) -> None:
    # A loop over a list written out in the template runs as surely as the line outside it.
    notice = '<p>notice</p>\n{% for x in [1] %}{% include "partials/notice.html" %}{% endfor %}\n'
    root = write_site(tmp_path / "site", {NOTICE: notice})
    expected = f"{NOTICE}:2: partials/notice.html includes itself"

    code, checked = check(root)

    assert 1 == code
    assert expected == checked[0]
    assert expected == reported(run_build(root))[0]


@pytest.mark.parametrize(
    "notice",
    [
        # A tree drawn by a partial that includes itself for each branch ends with the tree.
        '{% for x in [] %}{% include "partials/notice.html" %}{% endfor %}',
        '{% for x in page.title if x == "?" %}{% include "partials/notice.html" %}{% endfor %}',
    ],
    ids=["empty-list", "filtered"],
)
def test_a_partial_that_includes_itself_in_a_loop_that_may_not_run_passes(
    tmp_path: Path, notice: str
) -> None:
    root = write_site(tmp_path / "site", {NOTICE: notice})

    assert 0 == check(root)[0]
    assert 0 == run_build(root).exit_code


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    ("templates", "expected"),
    [
        (
            {NOTICE: '<p>notice</p>\n{% set n = "partials/notice.html" %}{% include n %}\n'},
            [f"{NOTICE}:2: this line runs again and again without end, until"],
        ),
        (
            {NOTICE: "{% macro m(x) %}\n{{ m(x) }}\n{% endmacro %}\n{{ m(1) }}\n"},
            [f"{NOTICE}:2: this line runs again and again without end, until"],
        ),
        (
            {
                NOTICE: '{% set n = "partials/b.html" %}\n{% include n %}\n',
                "themes/templates/partials/b.html": 'b\n{% include "partials/notice.html" %}\n',
            },
            [
                "themes/templates/partials/b.html:2: this line runs again and again without "
                "end (through partials/notice.html:2), until",
                f"{NOTICE}:2: this line runs again and again without end "
                "(through partials/b.html:2), until",
            ],
        ),
    ],
    ids=["include-by-variable", "macro", "through-another"],
)
def test_a_loop_check_cannot_see_stops_the_build_at_its_lines(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    jobs: str,
    templates: dict[str, str | bytes | None],
    expected: list[str],
) -> None:
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)  # the pages go to workers with --jobs 2
    root = write_site(tmp_path / "site", templates)

    lines = reported(run_build(root, "--jobs", jobs))

    said = [line for line in lines if line.startswith("themes/")]
    assert len(expected) == len(said), lines
    assert all(line.startswith(e) for e, line in zip(expected, said, strict=True)), lines
    assert lines[1].startswith("    hint: a template that includes itself (by any name)")


@pytest.mark.parametrize(
    ("expression", "said"),
    [
        # component_names() is text already, joined: it was published "A, P, and I".
        (
            '{% from "partials/macros.html" import component_names %}'
            "{{ component_names(recent_events[0])|join_list }}",
            "the join_list filter needs a list of names, got Markup",
        ),
        ("{{ settings.title|join_list }}", "the join_list filter needs a list of names, got str"),
        ("{{ 5|join_list }}", "the join_list filter needs a list of names, got int 5"),
    ],
    ids=["macro-text", "title", "number"],
)
def test_join_list_refuses_what_is_not_a_list(tmp_path: Path, expression: str, said: str) -> None:
    # The site's incident ended two days before the build: recent_events holds it.
    root = write_site(tmp_path / "site", {NOTICE: f"<p>\n{expression}</p>\n"})

    lines = reported(run_build(root))

    assert lines[0].startswith(f"{NOTICE}:2: {said}"), lines
    assert lines[1].startswith("    hint: correct the expression on this line")


def test_join_list_joins_the_names_a_filter_gives(tmp_path: Path) -> None:
    notice = (
        '<p class="names">{{ components.values()|map(attribute="name")|join_list }}</p>\n'
        '<p class="one">{{ ["API"]|join_list }}</p>\n'
    )
    root = write_site(tmp_path / "site", {NOTICE: notice})

    assert 0 == run_build(root).exit_code
    page = (root / "public/index.html").read_text()
    assert '<p class="names">API, Checkout, and Dashboard</p>' in page
    assert '<p class="one">API</p>' in page


@pytest.mark.parametrize(
    "expression",
    [
        "{{ time_tag(page.titel) }}",
        "{{ time_range(page.titel, none) }}",
        "{{ page.titel|datetime }}",
        "{{ page.titel|date }}",
        "{{ page.titel|duration }}",
        "{{ page.titel|number }}",
        "{{ page.titel|percent }}",
        "{{ page.titel|join_list }}",
        "{{ days_ago(page.titel) }}",
        "{{ link(page.titel) }}",
    ],
)
def test_a_misspelled_name_given_to_statusgens_filters_and_functions_gets_a_did_you_mean(
    tmp_path: Path, expression: str
) -> None:
    root = write_site(tmp_path / "site", {NOTICE: f"<p>\n{expression}</p>\n"})

    lines = reported(run_build(root))

    assert f"{NOTICE}:2: page has no attribute 'titel'" == lines[0]
    assert lines[1].startswith("    hint: did you mean 'title'?"), lines


@pytest.mark.parametrize(
    ("template", "hint"),
    [
        (
            "<ul>\n{% endfor %}\n</ul>",
            "no {% for %} is open here for this {% endfor %} to close: remove it, or add",
        ),
        (
            "{% for c in components.values() %}\n{{ c.name }}{% endif %}",
            "the {% for %} opened above is still open here: close it with {% endfor %} "
            "before this {% endif %}",
        ),
        ("x\n{% elif page.title %}", "an {% elif %} belongs inside an {% if %} block"),
        ("{% for c in [1] %}\n{% endfro %}", "did you mean 'endfor'?"),
    ],
    ids=["stray-end", "wrong-end", "stray-elif", "misspelled-end"],
)
def test_an_end_tag_that_does_not_fit_gets_a_hint_that_fixes_it(
    tmp_path: Path, template: str, hint: str
) -> None:
    root = write_site(tmp_path / "site", {NOTICE: template})

    code, lines = check(root)

    assert 1 == code
    assert lines[0].startswith(f"{NOTICE}:2: "), lines
    assert lines[1].startswith(f"    hint: {hint}"), lines


@pytest.mark.parametrize(
    ("expression", "said", "hint"),
    [
        (
            '{% from "partials/macros.html" import status_lable %}{{ status_lable(1) }}',
            "partials/macros.html has no macro or value 'status_lable'",
            "did you mean 'status_label'?",
        ),
        (
            '{% import "partials/macros.html" as m %}{{ m.status_lable(1) }}',
            "partials/macros.html has no macro or value 'status_lable'",
            "did you mean 'status_label'?",
        ),
        (
            '{{ components["apii"].name }}',
            "no 'apii' among the keys here (api, checkout, dashboard)",
            "did you mean 'api'?",
        ),
    ],
    ids=["from-import", "import", "component-id"],
)
def test_a_misspelled_macro_or_key_gets_a_did_you_mean(
    tmp_path: Path, expression: str, said: str, hint: str
) -> None:
    root = write_site(tmp_path / "site", {NOTICE: f"<p>\n{expression}</p>\n"})

    lines = reported(run_build(root))

    assert f"{NOTICE}:2: {said}" == lines[0]
    assert lines[1].startswith(f"    hint: {hint}"), lines
    assert "jinja2" not in lines[0]


@pytest.mark.parametrize(
    "imported",
    [
        '{% from "partials/crumbs.html" import crumb %}\n{{ crumb() }}\n',
        '{% import "partials/crumbs.html" as crumbs %}\n{{ crumbs.crumb() }}\n',
    ],
    ids=["from-import", "import"],
)
def test_a_macro_imported_without_context_is_told_how_to_see_the_pages_values(
    tmp_path: Path, imported: str
) -> None:
    """Jinja imports a template without the page's values: `page` is undefined there,
    and the hint says why and what to do, not "did you mean 'page'?"."""
    crumbs = "{% macro crumb() %}\n<b>{{ page.title }}</b>{% endmacro %}\n"
    root = write_site(
        tmp_path / "site", {NOTICE: imported, "themes/templates/partials/crumbs.html": crumbs}
    )

    lines = reported(run_build(root))

    assert "themes/templates/partials/crumbs.html:2: 'page' is undefined" == lines[0]
    assert lines[1] == (
        "    hint: 'page' is a value of the page, which a template imported without context "
        "(as {% import %} and {% from %} import by default) does not see: import it with "
        'context ({% from "..." import ... with context %}) or pass page to its macro as '
        "an argument"
    )

    (root / NOTICE).write_text(imported.replace(" %}\n", " with context %}\n", 1))
    assert 0 == run_build(root).exit_code


@pytest.mark.parametrize(
    ("expression", "said", "hint"),
    [
        (
            "{{ page.nothing|default(none)|markdown }}",
            "the markdown filter needs Markdown text, got None",
            "a value that can be None",
        ),
        (
            '{{ "x"|markdown(below="h9") }}',
            "the markdown filter's `below` needs a heading from 'h1' to 'h5', got str 'h9'",
            "correct the expression on this line",
        ),
        (
            '{{ now|date("short") }}',
            "the date filter needs no arguments, got str 'short'",
            "write {{ value|date }}: it says the day as the site's `language` does",
        ),
        (
            '{{ now|datetime(format="short") }}',
            "the datetime filter needs no arguments, got format=str 'short'",
            "write {{ value|datetime }}",
        ),
        ("{{ url(5) }}", "url() needs a path of the site, got int 5", "correct the expression"),
        (
            "{{ absolute_url(none) }}",
            "absolute_url() needs a path of the site, got None",
            "a value that can be None",
        ),
        (
            "{{ asset_url(none) }}",
            "asset_url() needs the name of a static file, got None",
            "a value that can be None",
        ),
    ],
    ids=[
        "markdown-none",
        "markdown-below",
        "date-format",
        "datetime-format",
        "url",
        "abs",
        "asset",
    ],
)
def test_a_wrong_value_given_to_statusgens_filters_and_functions_says_what_it_needs(
    tmp_path: Path, expression: str, said: str, hint: str
) -> None:
    root = write_site(tmp_path / "site", {NOTICE: f"<p>\n{expression}</p>\n"})

    lines = reported(run_build(root))

    assert f"{NOTICE}:2: {said}" == lines[0]
    assert lines[1].startswith(f"    hint: {hint}"), lines


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no-cache"])
def test_a_template_saved_with_a_byte_order_mark_keeps_it_off_the_page(
    tmp_path: Path, cache: list[str]
) -> None:
    # Notepad's BOM, printed inside <head>, would end the head early on every page.
    partial = "themes/templates/partials/head_extra.html"
    meta = '<meta name="x-team" content="ops">\n'
    root = write_site(tmp_path / "site", {partial: "\ufeff" + meta})

    result = run_build(root, *cache)

    page = (root / "public" / "index.html").read_text(encoding="utf-8")
    assert 0 == result.exit_code, result.output
    assert "\ufeff" not in page
    assert meta + "</head>" in page


@pytest.mark.parametrize(
    "relpath", ["themes/templates/base.html", "themes/templates/partials/footer.html"]
)
def test_a_folder_where_a_template_override_belongs_is_reported(
    tmp_path: Path, relpath: str
) -> None:
    # Skipped, the built-in template would stand in for the override without a word.
    root = write_site(tmp_path / "site")
    (root / relpath).mkdir(parents=True)
    expected = [
        f"{relpath}: a folder is not a file statusgen can read",
        "    hint: only regular files are read; remove it or replace it with a file",
    ]

    built = reported(run_build(root))
    code, checked = check(root)

    assert expected == built[:2]
    assert (1, expected) == (code, checked[:2])


@pytest.mark.parametrize("relpath", ["themes/static/style.css", "themes/calm/static/style.css"])
def test_a_folder_where_a_static_override_belongs_is_reported(tmp_path: Path, relpath: str) -> None:
    # Its files would clash with the built-in file under assets/, and the build say only
    # that assets/style.css is written as a file and a folder, naming neither.
    root = write_site(tmp_path / "site")
    if "calm" in relpath:
        (root / "themes" / "calm" / "templates").mkdir(parents=True)
        settings = root / "statusgen.yaml"
        settings.write_text(settings.read_text() + "theme: calm\n")
    (root / relpath).mkdir(parents=True)
    (root / relpath / "main.css").write_text("body {}\n")
    expected = [
        f"{relpath}: a folder is not a file statusgen can read",
        "    hint: only regular files are read; remove it or replace it with a file",
    ]

    built = reported(run_build(root))
    code, checked = check(root)

    assert expected == built[:2]
    assert (1, expected) == (code, checked[:2])


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("partials/banner.html~", "left by an editor or file manager"),
        ("partials/banner.html.orig", "left by an editor or file manager"),
        ("partials/._banner.html", "left by an editor or file manager"),
        (".env", "a kind of file that holds secrets"),
    ],
)
@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no-cache"])
def test_an_include_of_a_file_the_warnings_leave_out_is_not_found(
    tmp_path: Path, name: str, why: str, cache: list[str]
) -> None:
    # Warned as "not read as a template", yet included, its text (a .env's token) would be
    # on every page, and serve, which ignores saves of leftovers, would show stale bytes.
    root = write_site(
        tmp_path / "site",
        {
            NOTICE: f'<p>\n{{% include "{name}" %}}</p>\n',
            f"themes/templates/{name}": "API_TOKEN=s3cr3t\n",
        },
    )
    expected = [
        f"{NOTICE}:2: template {name!r} not found",
        f"    hint: {name!r} is {why}",
    ]

    built = reported(run_build(root, *cache))
    code, checked = check(root)

    assert not (root / "public" / "index.html").exists()
    assert expected[0] in built
    assert built[built.index(expected[0]) + 1].startswith(expected[1])
    assert 1 == code
    assert checked[checked.index(expected[0]) + 1].startswith(expected[1])


@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
def test_a_template_saved_as_utf16_is_told_as_a_content_file_is(tmp_path: Path, bom: bool) -> None:
    text = "<footer>\n<p>Café</p>\n</footer>\n"
    data = text.encode("utf-16") if bom else text.encode("utf-16-le")
    path = "themes/templates/partials/footer.html"
    root = write_site(tmp_path / "site", {path: data})
    expected = [
        f"{path}:1:1: the file is UTF-16 text, not UTF-8 (a NUL byte every other byte)",
        "    hint: save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)",
    ]

    built = reported(run_build(root))
    code, checked = check(root)

    assert expected == built[:2]
    assert (1, expected) == (code, checked[:2])


@pytest.mark.parametrize(
    ("files", "call", "hint"),
    [
        ({"themes/static/logo.svg": "x"}, "Logo.svg", "did you mean 'logo.svg'?"),
        ({"themes/static/logo.svg": "x"}, "./logo.svg", "asset_url('logo.svg')"),
        ({"themes/static/logo.svg~": "x"}, "logo.svg~", "'logo.svg~' is left by an editor"),
        ({}, "../statusgen.yaml", "stays inside it"),
    ],
)
def test_an_asset_named_by_another_spelling_gets_a_hint_that_fixes_it(
    tmp_path: Path, files: dict[str, str | bytes | None], call: str, hint: str
) -> None:
    root = write_site(
        tmp_path / "site", {**files, NOTICE: f'<p>\n{{{{ asset_url("{call}") }}}}</p>\n'}
    )

    built = reported(run_build(root))
    code, checked = check(root)

    assert built[0].startswith(f"{NOTICE}:2: asset_url({call!r}): no static file"), built
    assert hint in built[1]
    assert "put it in themes/static/" not in built[1]
    assert 1 == code
    said = next(i for i, line in enumerate(checked) if line.startswith(f"{NOTICE}:2: "))
    assert hint in checked[said + 1]


def test_an_include_named_in_another_case_gets_a_did_you_mean(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site", {NOTICE: '<p>\n{% include "partials/Footer.html" %}</p>\n'}
    )

    built = reported(run_build(root))
    code, checked = check(root)

    assert f"{NOTICE}:2: template 'partials/Footer.html' not found" == built[0]
    assert built[1].startswith("    hint: did you mean 'partials/footer.html'? ")
    assert (1, built[1]) == (code, checked[1])


FOOTER = "themes/templates/partials/footer.html"


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("event", "incident pages"),
        ("events", "history pages"),
        ("component_history_url", "component pages"),
        ("component_older_active", "component pages"),
    ],
)
def test_a_value_of_some_pages_in_a_partial_every_page_shows_names_the_page(
    tmp_path: Path, name: str, kinds: str
) -> None:
    root = write_site(tmp_path / "site", {FOOTER: f"<footer>\n{{{{ {name} }}}}</footer>\n"})

    lines = reported(run_build(root))

    assert (
        f"{FOOTER}:2: '{name}' is undefined: {name} is a value of {kinds} only"
        " (rendering index.html)"
    ) == lines[0]
    assert f"{{% if {name} is defined %}}" in lines[1]


def test_an_attribute_of_a_value_that_is_none_names_the_value_and_the_page(
    tmp_path: Path,
) -> None:
    # A component without incidents: its last incident is None.
    footer = (
        "<footer>\n{% if component_events is defined %}"
        "{{ component_last_incident.title }}{% endif %}</footer>\n"
    )
    root = write_site(tmp_path / "site", {FOOTER: footer})

    lines = reported(run_build(root))

    assert lines[0].startswith(
        f"{FOOTER}:2: component_last_incident is None here, so it has no attribute 'title'"
        " (rendering components/"
    ), lines
    assert "{% if component_last_incident %}" in lines[1]


def test_an_attribute_of_a_values_attribute_that_is_none_names_both_and_the_page(
    tmp_path: Path,
) -> None:
    """`history.component` is a component's on its own history pages, None on the site's."""
    months = "themes/templates/partials/history_months.html"
    root = write_site(tmp_path / "site", {months: '<p>\n<a href="{{ history.component.url }}">'})

    lines = reported(run_build(root))

    assert (
        f"{months}:2: history.component is None here, so it has no attribute 'url'"
        " (rendering history/)"
    ) == lines[0]
    assert "{% if history.component %}{{ history.component.url }}{% endif %}" in lines[1]


MACROS = "themes/templates/partials/macros.html"


def older_macros() -> str:
    """The built-in partials/macros.html as an older statusgen shipped it: without
    event_cards(), and with an update() that takes no `base`."""
    from statusgen.layout import BUILTIN_THEME

    text = (BUILTIN_THEME / "templates/partials/macros.html").read_text("utf-8")
    start = text.index("{% macro event_cards(")
    text = text[:start] + text[text.index("{%- endmacro %}", start) + len("{%- endmacro %}") :]
    return text.replace('update(item, heading="h3", base=none)', 'update(item, heading="h3")')


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("extended", [False, True], ids=["not-overridden", "extended"])
def test_an_override_copied_from_an_older_statusgen_is_reported_at_the_override(
    tmp_path: Path, command: str, extended: bool
) -> None:
    """The built-in index.html and incident.html import from the site's copy of
    partials/macros.html: what they need and it lacks is the copy's to fix, not statusgen's
    files, and check says it before a build fails on it. An override that extends the
    built-in index.html runs its imports too."""
    files = {MACROS: older_macros()}
    if extended:
        files["themes/templates/index.html"] = '{% extends "builtin/index.html" %}\n'
    root = write_site(tmp_path / "site", files)

    lines = reported(CliRunner().invoke(cli, ["-C", str(root), command]))

    hint = (
        "    hint: take {} from the built-in statusgen/themes/default/templates/partials/"
        "macros.html (in the installed statusgen package), or remove the override to use the "
        "built-in one"
    )
    from statusgen.layout import BUILTIN_THEME

    incident = (BUILTIN_THEME / "templates/incident.html").read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(incident, 1) if "update(item, base=" in text)
    assert [
        f"{MACROS}: the built-in incident.html (line {line}) calls update(base=…), which this "
        "copy's update() does not take: it was copied from an older statusgen",
        hint.format("update()"),
        f"{MACROS}: the built-in index.html (line 2) imports 'event_cards', which this copy "
        "lacks: it was copied from an older statusgen",
        hint.format("'event_cards'"),
    ] == lines[:4]
    assert not any("statusgen/themes/default/templates/index.html" in line for line in lines)


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_override_that_extends_the_built_in_macros_has_their_names(
    tmp_path: Path, command: str
) -> None:
    """A partials/macros.html that extends the built-in one and adds a macro exports the
    built-in macros, with their arguments, as Jinja does: check passes as build does."""
    banner = '{% macro my_banner(text) %}<div class="banner">{{ text }}</div>{% endmacro %}\n'
    index = (
        '{% extends "builtin/index.html" %}\n{% from "partials/macros.html" import my_banner %}\n'
        '{% block content %}{{ my_banner("Hello") }}{{ super() }}{% endblock %}\n'
    )
    files = {
        MACROS: '{% extends "builtin/partials/macros.html" %}\n' + banner,
        "themes/templates/index.html": index,
    }
    root = write_site(tmp_path / "site", files)

    result = CliRunner().invoke(cli, ["-C", str(root), command])

    assert 0 == result.exit_code, result.output
    assert "older statusgen" not in result.output


def test_an_override_a_built_in_template_imports_as_a_module_is_checked_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`{% import "x" as m %}` and `m.name(key=…)`: what a built-in template reads from the
    site's copy of x is checked as with `{% from %}` (the shipped theme has no such import
    today: a built-in theme of the test's own stands in)."""
    from statusgen.render import theme

    builtin = tmp_path / "builtin"
    page = (
        '{% import "partials/links.html" as links %}\n<p>{{ links.feeds(atom=1) }}</p>\n'
        "<p>{{ links.kept }}{{ links.gone() }}</p>\n"
    )
    write_site(builtin, {"templates/index.html": page})
    monkeypatch.setattr(theme, "BUILTIN_THEME", builtin)
    links = "{% macro feeds() %}feeds{% endmacro %}\n{% set kept = 1 %}\n"
    root = write_site(tmp_path / "site", {"themes/templates/partials/links.html": links})

    found = [(d.path, d.line, d.message) for d in theme.stale_overrides(root)]

    assert [
        (
            "themes/templates/partials/links.html",
            0,
            "the built-in index.html (line 2) calls feeds(atom=…), which this copy's feeds() "
            "does not take: it was copied from an older statusgen",
        ),
        (
            "themes/templates/partials/links.html",
            0,
            "the built-in index.html (line 3) imports 'gone', which this copy lacks: it was "
            "copied from an older statusgen",
        ),
    ] == found


FOOTER = "themes/templates/partials/footer.html"
# partials/footer.html as 0.1.0 shipped it: feed links on every page.
OLDER_FOOTER = """\
<footer class="site-footer">
  <p><a href="{{ url('feed.xml') }}">RSS</a> · <a href="{{ url('atom.xml') }}">Atom</a>
    · Powered by statusgen</p>
</footer>
"""
TWO_PAGES = """\
title: Example Status
timezone: UTC
pages:
  public:
    base_url: https://status.example.com/
    output: public
  staff:
    base_url: https://staff.example.com/
    output: staff
    private: true
"""


def test_a_footer_copied_before_feeds_could_be_off_is_warned_of_at_its_feed_link(
    tmp_path: Path,
) -> None:
    """The private page publishes no feed.xml, yet an older copy of the footer links it on
    every page of it: check says so at the link, as the build gives no word."""
    root = write_site(tmp_path / "site", {"statusgen.yaml": TWO_PAGES, FOOTER: OLDER_FOOTER})

    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 0 == result.exit_code, result.output
    assert (
        f"{FOOTER}:2: warning: links the feeds (feed.xml) without testing `settings.feeds`, "
        "and page 'staff' publishes none (`private:` or `feeds: false`)"
    ) in result.output
    assert "hint: put the feed links inside `{% if settings.feeds %}…{% endif %}`" in (
        result.output
    )


@pytest.mark.parametrize(
    ("settings", "footer"),
    [
        # Every page has its feeds: the copy's links all lead somewhere.
        (TWO_PAGES.replace("    private: true\n", ""), OLDER_FOOTER),
        # The copy tells the pages apart, as the built-in footer does.
        (
            TWO_PAGES,
            OLDER_FOOTER.replace("<p><a", "<p>{% if settings.feeds %}<a").replace(
                "\n    · Powered", "{% endif %}\n    · Powered"
            ),
        ),
    ],
    ids=["feeds-everywhere", "guarded"],
)
def test_a_footer_whose_feed_links_lead_somewhere_passes_check(
    tmp_path: Path, settings: str, footer: str
) -> None:
    root = write_site(tmp_path / "site", {"statusgen.yaml": settings, FOOTER: footer})

    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 0 == result.exit_code, result.output
    assert "settings.feeds" not in result.output


BASE = "themes/templates/base.html"
BUILTIN_BASE = (
    Path(__file__).parent.parent / "statusgen" / "themes" / "default" / "templates" / "base.html"
).read_text()
# base.html as a release before `private:` shipped it: og: tags on every page meant to be
# found, and no robots line.
OLDER_BASE = BUILTIN_BASE.replace(
    "{% if page.canonical and not settings.private %}", "{% if page.canonical %}"
).replace(
    "{% if not page.canonical or settings.private %}\n"
    '<meta name="robots" content="noindex">\n{% endif %}\n',
    "",
)


def test_a_base_copied_before_private_pages_is_warned_of_at_its_og_tags(tmp_path: Path) -> None:
    """The private page of a site with such a copy was built with no noindex and six og:
    tags, and check said nothing: docs/audiences.md promises every private page noindex."""
    assert "settings.private" not in OLDER_BASE  # the copy this test is about
    root = write_site(tmp_path / "site", {"statusgen.yaml": TWO_PAGES, BASE: OLDER_BASE})
    line = OLDER_BASE.splitlines().index('<meta property="og:type" content="website">') + 1

    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 0 == result.exit_code, result.output
    assert (
        f"{BASE}:{line}: warning: never tests `settings.private`, and page 'staff' is private "
        '(`private: true`): its pages get no `<meta name="robots" content="noindex">`, so '
        "search engines may index them, and Open Graph tags (og:)"
    ) in result.output
    assert "hint: put the og: tags inside `{% if page.canonical and not settings.private %}" in (
        result.output
    )


@pytest.mark.parametrize(
    ("settings", "base"),
    [
        # No page is private: the copy's og: tags and missing noindex hide nothing.
        (TWO_PAGES.replace("    private: true\n", ""), OLDER_BASE),
        # The copy tells the private pages apart, as the built-in one does.
        (TWO_PAGES, BUILTIN_BASE),
        # It takes the built-in head as it is.
        (TWO_PAGES, '{% extends "builtin/base.html" %}'),
    ],
    ids=["none-private", "guarded", "extends"],
)
def test_a_base_whose_private_pages_keep_noindex_passes_check(
    tmp_path: Path, settings: str, base: str
) -> None:
    root = write_site(tmp_path / "site", {"statusgen.yaml": settings, BASE: base})

    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 0 == result.exit_code, result.output
    assert "settings.private" not in result.output
