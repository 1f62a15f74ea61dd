"""Text edits of incident files: only what changes changes, and untrusted text stays inert."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from statusgen.authoring.edit import (
    EditError,
    _without_trailing_lines,
    add_statuses,
    append_update,
    clean_title,
    incident_text,
    message_text,
    remove_key,
    set_alert_times,
    set_components,
    set_key,
    set_text,
    slugify,
    yaml_string,
)
from statusgen.load.yamlnodes import parse_yaml
from statusgen.model import Incident
from statusgen.validate import ComponentNames, parse_event

HAND_WRITTEN = """\
---
# Written by hand at 03:00.
title: 'Card payments failing'   # keep the quotes
status: "identified"  # was investigating
components:
  payments-api: partial_outage   # EU only
  checkout: degraded_performance
# components: [payments-api]
---
Summary paragraph.

## Investigating at 2026-11-20 14:05
Errors.

## Identified at 2026-11-20 14:31
Found it.



"""


def test_setting_the_status_keeps_quotes_comments_and_everything_else() -> None:
    edited = set_key(HAND_WRITTEN, "status", "monitoring")

    assert HAND_WRITTEN.replace('"identified"', '"monitoring"') == edited


def test_a_missing_key_is_added_just_before_the_closing_fence() -> None:
    text = "---\ntitle: Window\nscheduled_for: 2026-11-29 02:00\n---\nBody\n"

    assert (
        "---\ntitle: Window\nscheduled_for: 2026-11-29 02:00\nstatus: completed\n---\nBody\n"
        == (set_key(text, "status", "completed"))
    )


def test_an_empty_value_gets_the_word_after_a_space() -> None:
    assert "---\ntitle: X\nstatus: resolved\n---\n" == set_key(
        "---\ntitle: X\nstatus:\n---\n", "status", "resolved"
    )


# CRLF, and a lone CR (old Mac editors), which the files are read with too.
@pytest.mark.parametrize("nl", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_files_keep_their_line_breaks_and_byte_order_mark(nl: str) -> None:
    written = "\ufeff" + HAND_WRITTEN.replace("\n", nl)

    edited = append_update(
        set_key(written, "status", "resolved"), "Resolved at 2026-11-20 15:12", "Fixed.\nAll good."
    )

    assert edited.startswith(f"\ufeff---{nl}")
    assert not {"\r", "\n"} & set(edited.replace(nl, ""))
    assert edited.endswith(
        "Found it.\n\n## Resolved at 2026-11-20 15:12\n\nFixed.\nAll good.\n".replace("\n", nl)
    )
    assert (
        written.split("## Identified")[0].replace('"identified"', '"resolved"')
        == edited.split("## Identified")[0]
    )


def _heading_line(text: str, heading: str) -> int:
    return text.replace("\r\n", "\n").split("\n").index(heading) + 1


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_held_statuses_join_an_updates_components_line_or_get_their_own(nl: str) -> None:
    """Appended to the line the timeline reads (a blank line above it too), or on a new
    line right under the heading; every other byte, a byte order mark included, kept."""
    text = "\ufeff" + HAND_WRITTEN.replace(
        "## Identified at 2026-11-20 14:31\n",
        "## Identified at 2026-11-20 14:31\n\nComponents: checkout=degraded_performance \n",
    ).replace("\n", nl)
    held = {"payments-api": "partial_outage", "web": "operational"}

    joined = add_statuses(text, _heading_line(text, "## Identified at 2026-11-20 14:31"), held)
    added = add_statuses(text, _heading_line(text, "## Investigating at 2026-11-20 14:05"), held)

    assert (
        text.replace(
            "checkout=degraded_performance ",
            "checkout=degraded_performance, payments-api=partial_outage, web=operational ",
        )
        == joined
    )
    assert (
        text.replace(
            f"14:05{nl}Errors.",
            f"14:05{nl}Components: payments-api=partial_outage, web=operational{nl}Errors.",
        )
        == added
    )


def test_an_update_is_appended_after_exactly_one_blank_line() -> None:
    edited = append_update(HAND_WRITTEN, "Monitoring at 2026-11-20 15:00", "Watching.")

    assert (
        HAND_WRITTEN.rstrip("\n") + "\n\n## Monitoring at 2026-11-20 15:00\n\nWatching.\n" == edited
    )


def test_an_update_directly_follows_an_empty_body() -> None:
    text = (
        "---\ntitle: X\nscheduled_for: 2026-11-29 02:00\nscheduled_until: 2026-11-29 04:00\n---\n"
    )

    assert text + "## Scheduled at 2026-11-20 11:00\n\nPlanned.\n" == append_update(
        text, "Scheduled at 2026-11-20 11:00", "Planned."
    )


def test_component_statuses_are_edited_in_place_and_new_ones_appended() -> None:
    edited = set_components(
        HAND_WRITTEN, {"payments-api": "operational", "webhooks": "major_outage"}, {}
    )

    assert (
        HAND_WRITTEN.replace(
            "  payments-api: partial_outage   # EU only\n  checkout: degraded_performance\n",
            "  payments-api: operational   # EU only\n  checkout: degraded_performance\n"
            "  webhooks: major_outage\n",
        )
        == edited
    )


@pytest.mark.parametrize(
    ("components", "written"),
    [
        (
            "components: [api, checkout]  # both\n",
            "components:  # both\n  api: partial_outage\n  checkout: major_outage\n",
        ),
        (
            "components:\n  - api\n  # the hosted page\n  - checkout  # both\n",
            "components:\n  api: partial_outage\n  # the hosted page\n"
            "  checkout: major_outage  # both\n",
        ),
        (
            "components:\n- api\n- checkout  # both\n",
            "components:\n  api: partial_outage\n  checkout: major_outage  # both\n",
        ),
        (
            "components: {api: partial_outage, checkout: degraded_performance}  # both\n",
            "components:  # both\n  api: partial_outage\n  checkout: major_outage\n",
        ),
    ],
)
def test_a_component_list_becomes_a_mapping_when_one_gets_its_own_status(
    components: str, written: str
) -> None:
    text = f"---\ntitle: X\nstatus: identified\n{components}date: 2026-11-20 14:00\n---\nBody\n"
    current = {"api": "partial_outage", "checkout": "degraded_performance"}

    edited = set_components(text, {"checkout": "major_outage"}, current)

    assert (
        f"---\ntitle: X\nstatus: identified\n{written}date: 2026-11-20 14:00\n---\nBody\n"
    ) == edited


@pytest.mark.parametrize(
    ("components", "written"),
    [
        (
            "  - api   # the API only, not the website\n",
            "  api: degraded_performance   # the API only, not the website\n"
            "  website: major_outage\n",
        ),
        (
            "  - api # customer API\n  - website # marketing site\n",
            "  api: degraded_performance # customer API\n"
            "  website: major_outage # marketing site\n",
        ),
    ],
)
def test_each_comment_of_a_list_stays_with_its_component(components: str, written: str) -> None:
    text = f"---\ntitle: X\ncomponents:\n{components}---\n"

    edited = set_components(
        text, {"website": "major_outage"}, {"api": "degraded_performance", "website": "operational"}
    )

    assert f"---\ntitle: X\ncomponents:\n{written}---\n" == edited


@pytest.mark.parametrize(
    ("components", "written"),
    [
        # A new component goes after the block, inside the front matter.
        ("  api: >-\n    major_outage\n", "  api: >-\n    major_outage\n  website: major_outage\n"),
        (
            "  api: |-  # paged\n    major_outage\n\n",
            "  api: |-  # paged\n    major_outage\n  website: major_outage\n\n",
        ),
        ("- >-\n  api\n", "  api: partial_outage\n  website: major_outage\n"),
    ],
    ids=["folded", "literal", "list"],
)
def test_a_component_after_a_block_scalar_stays_in_the_front_matter(
    components: str, written: str
) -> None:
    text = f"---\ntitle: X\ncomponents:\n{components}---\nBody\n"

    edited = set_components(text, {"website": "major_outage"}, {"api": "partial_outage"})

    assert f"---\ntitle: X\ncomponents:\n{written}---\nBody\n" == edited


def test_components_are_added_when_the_file_had_none() -> None:
    text = "---\ntitle: X\nstatus: identified\n---\n"

    assert "---\ntitle: X\nstatus: identified\ncomponents:\n  api: major_outage\n---\n" == (
        set_components(text, {"api": "major_outage"}, {})
    )


@pytest.mark.parametrize(
    "text",
    ["title: X\n", "---\ntitle: X\n", "---\n- a list\n---\n", "---\ntitle: [\n---\n"],
)
def test_files_without_usable_front_matter_are_refused(text: str) -> None:
    with pytest.raises(EditError):
        set_key(text, "status", "resolved")


@pytest.mark.parametrize(
    "front_matter",
    ["title: X\nstatus: [investigating\nimpact: major\n", "title: X\n\tstatus: open\n"],
    ids=["unclosed", "tab-indent"],
)
def test_front_matter_the_loader_refuses_is_refused_at_its_place_in_its_words(
    front_matter: str,
) -> None:
    """The edits read YAML by the loader's rule: what `check` says of a file is what an
    edit says, at the file's line, with what to fix (never the parser's dump)."""
    _, (problem,) = parse_yaml(front_matter, "x.md", first_line=2)

    with pytest.raises(EditError) as refused:
        set_key(f"---\n{front_matter}---\nBody\n", "status", "resolved")

    said = refused.value
    assert (problem.line, problem.column, problem.message, problem.hint) == (
        said.line,
        said.column,
        str(said),
        said.hint,
    )


def test_a_message_cannot_start_an_update_or_swallow_the_next_one() -> None:
    message = (
        "Line one\r\n## Resolved at 2026-01-01 00:00\n  ## indented\n"
        "### smaller is fine\n```\n## in code\n"
    )

    assert (
        "Line one\n\\## Resolved at 2026-01-01 00:00\n  \\## indented\n"
        "### smaller is fine\n```\n## in code\n```"
    ) == message_text(message)


@pytest.mark.parametrize(
    ("message", "written"),
    [
        ("&#1;Components: api=major_outage", "&#32;Components: api=major_outage"),
        ("&#1;## Resolved at 2026-11-30 11:00 +00:00", "\\## Resolved at 2026-11-30 11:00 +00:00"),
        ("&#x1B;<!-- x", "\\<!-- x"),
        ("&#1;<<<<<<< HEAD", "\\<<<<<<< HEAD"),
        ("`&#1;`&#1;`` x", "```` x\n````"),
        ("Fine\n&&#1;#1;## x\n&#1;\n", "Fine\n\\## x"),
        ("&#1;", ""),
    ],
)
def test_a_dropped_reference_leaves_text_escaped_as_it_is_written(
    message: str, written: str
) -> None:
    # Dropped after the escaping, a reference left a line starting an update, a status
    # change, a comment, a merge marker or an open fence in its place.
    assert written == message_text(message)


def test_a_new_incident_is_written_in_canonical_form() -> None:
    text = incident_text(
        title="Card payments failing",
        status="investigating",
        impact="major",
        components={"api": "partial_outage"},
        heading="Investigating at 2026-11-20 14:05",
        message="We are looking into it.",
    )

    assert (
        "---\ntitle: Card payments failing\nstatus: investigating\nimpact: major\n"
        "components:\n  api: partial_outage\n---\n"
        "## Investigating at 2026-11-20 14:05\n\nWe are looking into it.\n"
    ) == text


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("Slow API", "Slow API"),
        ("API: 500 errors", '"API: 500 errors"'),
        ("yes", '"yes"'),
        ("2026", '"2026"'),
        ("2026-02-30", '"2026-02-30"'),  # shaped like a date that is none
        ("2026-11-22", '"2026-11-22"'),
        ("- starts like a list", '"- starts like a list"'),
        ('Say "hi" \\ there', '"Say \\"hi\\" \\\\ there"'),
        ("Zahlungen schlagen fehl", "Zahlungen schlagen fehl"),
    ],
)
def test_titles_are_plain_only_when_that_is_safe(title: str, written: str) -> None:
    assert written == yaml_string(title)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_title_reads_back_unchanged(title: str) -> None:
    clean = clean_title(title)

    assert {"title": clean} == yaml.safe_load(f"title: {yaml_string(clean)}\n")
    assert "\n" not in yaml_string(clean)


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text())
def test_untrusted_title_and_message_always_make_a_valid_one_update_incident(
    title: str, message: str
) -> None:
    text = incident_text(
        title=clean_title(title) or "Untitled",
        status="investigating",
        impact=None,
        components={},
        heading="Investigating at 2026-11-20 14:05",
        message=message,
    )

    event, diagnostics = parse_event(
        "content/incidents/x.md", text.encode(), "UTC", ComponentNames(frozenset())
    )
    assert [] == diagnostics
    assert isinstance(event, Incident)
    assert (clean_title(title) or "Untitled") == event.title
    assert 1 == len(event.updates)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Card payments failing!", "card-payments-failing"),
        ("Zahlungsausfälle bei Überweisungen", "zahlungsausfalle-bei-uberweisungen"),
        ("!!!", "incident"),
        ("a" * 80, "a" * 60),
        ("word " * 20, "word-word-word-word-word-word-word-word-word-word-word-word"),
    ],
)
def test_file_names_are_slugs_of_the_title(title: str, slug: str) -> None:
    assert slug == slugify(title, "incident")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "---\r\ntitle: X\r\nresolved_at: 2026-11-20 10:00  # old page\r\n"
            "status: resolved\r\n---\r\n",
            "---\r\ntitle: X\r\nstatus: resolved\r\n---\r\n",
        ),
        (
            "---\nresolved_at: >-\n  2026-11-20 10:00\nstatus: resolved\n---\n",
            "---\nstatus: resolved\n---\n",
        ),
        ("---\n{resolved_at: 1, status: resolved}\n---\n", "---\n{status: resolved}\n---\n"),
        ("---\n{title: X, resolved_at: 1}\n---\n", "---\n{title: X}\n---\n"),
        ("---\ntitle: X\n---\n", "---\ntitle: X\n---\n"),
    ],
)
def test_removing_a_key_takes_its_entry_and_nothing_else(text: str, expected: str) -> None:
    assert expected == remove_key(text, "resolved_at")


def test_a_title_set_in_a_flow_mapping_is_quoted_where_a_comma_would_end_it() -> None:
    text = "---\n{title: Old, status: identified}\n---\n"

    edited = set_text(text, "title", "Payments, checkout")

    assert '---\n{title: "Payments, checkout", status: identified}\n---\n' == edited
    assert "title: Payments, checkout\n" in set_text(
        "---\ntitle: Old\n---\n", "title", "Payments, checkout"
    )


def test_alert_times_that_cannot_take_an_edit_say_where_and_what_to_write() -> None:
    text = "---\ntitle: T\nalert:\n  source: generic\n  components_fired_at: [api]\n---\n"

    with pytest.raises(EditError) as refused:
        set_alert_times(text, "components_fired_at", {"api": "2026-11-22 19:00:00 +01:00"})

    assert (5, 24) == (refused.value.line, refused.value.column)
    assert "components_fired_at: {api: " in refused.value.hint


@pytest.mark.parametrize(
    "components",
    ['components:\n  - "no"\n  - api\n', 'components: ["no", api]\n', "components:\n  api: x\n"],
    ids=["block-list", "flow-list", "mapping"],
)
def test_ids_yaml_reads_as_no_text_are_written_quoted(components: str) -> None:
    text = f"---\ntitle: T\n{components}---\n"
    current = {"no": "partial_outage", "api": "partial_outage"}

    edited = set_components(text, {"no": "major_outage", "123": "major_outage"}, current)

    loaded = yaml.safe_load(edited.split("---\n")[1])["components"]
    assert {"no": "major_outage", "123": "major_outage"}.items() <= loaded.items()


# The pattern append_update used to trim the text's end with: every result must stay as it gave.
_OLD_TRAILING_LINES = re.compile(r"(?:(?:\r\n|\n|\r)[ \t]*)+\Z")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab #\t\r\n", max_size=12))
def test_trimming_the_end_keeps_what_the_old_pattern_kept(text: str) -> None:
    assert _without_trailing_lines(text) == _OLD_TRAILING_LINES.sub("", text)


def test_an_update_after_many_blank_lines_follows_one_blank_line() -> None:
    text = incident_text(
        title="API down",
        status="investigating",
        impact=None,
        components={},
        heading="Investigating at 2026-11-20 14:05",
        message="Errors.",
    )
    padded = text + "  \n\t\r\n" * 200

    edited = append_update(padded, "Resolved at 2026-11-20 15:00", "Fixed.")

    assert edited == append_update(text, "Resolved at 2026-11-20 15:00", "Fixed.")
    assert edited.endswith("Errors.\n\n## Resolved at 2026-11-20 15:00\n\nFixed.\n")
