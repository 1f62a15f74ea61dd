"""Front matter of one-line `key: value` entries is read without the YAML parser's event
stream (yamlnodes._simple_mapping); it must give exactly the parser's nodes and problems.
Anything the shortcut does not take goes to the parser, so every text below must come out
the same either way."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from statusgen.load import yamlnodes
from statusgen.load.yamlnodes import _parsed, _simple_mapping, parse_yaml

# Values YAML reads as something other than text, or that look close to it.
_TRICKY = [
    "yes", "No", "on", "OFF", "true", "~", "null", "Null", "12:30", "1_000", "0x1F", "0o17",
    "0b101", "+12", "-1", ".inf", "-.inf", ".NaN", "1e3", "1.5e3", "3.", "2024-01-01",
    "2024-01-01 10:00", "2024-1-1", "2001-12-14t21:59:43.10-05:00", "=", "<<", "...", "---",
    "a: b", "a #b", "a#b", "a:b", "http://x.y/z?q=1#frag", "[a, b]", "[]", "[ ]", "[a,]",
    "[a,b]", "[ a , b ]", "[1, yes, ~]", "[a b]", "[é]", "[a=b, c/d, e.f, +g]", "[[a]]",
    "[a] x", "Café ☕ down", "x\\y", "'q'", '"q"', "-", "- x", "?", "? x", "|", ">", "%",
    "@x", "`x`", "!x", "&a", "*a", "{a: 1}", "x ", " x", "x:", "a\u00a0b", "a\u200eb",
    "a\tb", "Payments: EU down", "API (v2) slow, see #12", "100%", "50 % of calls", "x\r",
    "a\x85b", "a\u2028b", "\ufeffx", "x\x00", "a\x1bb", '"a: b"', '"yes"', "'12:30'", '""',
    "''", '"', "'", '"a" b', '"it\'s"', "'it''s'", '"say \\"hi\\""', '"tab\\there"', "'a\\b'",
    '"a # b"', "'[x]'", '"\u00e9"', '" x "',
]  # fmt: skip
_KEYS = ["title", "status", "impact", "components", "yes", "null", "on", "_x", "a1", "Ti-tle"]
_TEXT = st.text(alphabet=st.sampled_from(list("aZ09 :#-.[],'\"é\\!&*~=+/%@`|>?{}_\t\u00a0")))
_VALUE = st.one_of(st.sampled_from(_TRICKY), _TEXT)
_ENTRY = st.builds(lambda key, value: f"{key}: {value}", st.sampled_from(_KEYS), _VALUE)
_LINE = st.one_of(
    _ENTRY,
    _ENTRY,
    _ENTRY,
    st.builds(lambda key, value: f"{key}:{value}", st.sampled_from(_KEYS), _VALUE),
    st.sampled_from(["", "# a comment", "  title: indented", "- item", "title:"]),
)
_BLOCK_LINE = st.one_of(
    st.builds(lambda value: f"- {value}", _VALUE),
    st.builds(lambda key, value: f"{key}: {value}", st.sampled_from(_KEYS), _VALUE),
    st.sampled_from(["", "-", "- ", " - x", "a:", "- - x", "-x", "a: b: c"]),
)
# A key holding an indented block (with its indentation, sometimes none or uneven).
_BLOCK = st.builds(
    lambda key, indent, lines: f"{key}:" + "".join("\n" + " " * indent + line for line in lines),
    st.sampled_from(_KEYS),
    st.integers(0, 4),
    st.lists(_BLOCK_LINE, max_size=4),
)
_FRONT_MATTER = st.lists(st.one_of(_LINE, _BLOCK), min_size=1, max_size=5).map("\n".join)


def _same_either_way(text: str, first_line: int = 1) -> None:
    assert _parsed(text, "f.md", first_line) == parse_yaml(text, "f.md", first_line=first_line)


@pytest.mark.parametrize("value", _TRICKY)
def test_each_tricky_value_reads_the_same_with_and_without_the_parser(value: str) -> None:
    _same_either_way(f"status: resolved\ntitle: {value}\n", 3)
    _same_either_way(f"components: [api, {value}]\n")
    _same_either_way(f"components: [{value}]\nimpact: minor\n")


@settings(max_examples=600)
@given(_FRONT_MATTER, st.sampled_from(["\n", "", "\n\n", "\r\n"]), st.integers(1, 3))
@example("title: Checkout down\nstatus: resolved\ncomponents: [api, web]", "\n", 2)
@example("title: yes\nimpact: ~\ncomponents: []", "\n", 1)
@example("title: a\ntitle: b", "\n", 1)
@example("components:\n  api: major_outage\n  web: partial_outage\nimpact: minor", "\n", 2)
@example("components:\n  - api\n  - web\ntitle: x", "\n", 2)
@example("components:\n  api: a\n   web: b", "\n", 1)
@example("components:\n   - api\n  - web", "\n", 1)
@example("components:\n  api: a\n  api: b", "\n", 1)
@example("components:\n- api", "\n", 1)
@example("components:\n   api: x\n a b: c", "\n", 1)
@example("components:\n   - a\n x - b", "\n", 1)
@example("components:\n  api: a: b", "\n", 1)
@example("components:\n  api: x #c\n  - y", "\n", 1)
@example("components:\n  api: 'q'", "\n", 1)
@example("components:\n  - 'q'", "\n", 1)
@example("components:\ntitle: x", "\n", 1)
def test_front_matter_reads_the_same_with_and_without_the_parser(
    text: str, end: str, first_line: int
) -> None:
    _same_either_way(text + end, first_line)


@pytest.mark.parametrize(
    "text",
    [
        "title: Elevated error rates on Checkout\nstatus: resolved\nimpact: minor\n"
        "components: [checkout, api]\n",
        "title: Planned network maintenance in UK\nscheduled_for: 2022-01-03 09:05\n"
        "scheduled_until: 2022-01-03 12:05\ncomponents: [support-portal, recommendations]\n",
        "title: Löschen der Daten verzögert\nstatus: investigating\nimpact: major\n"
        "components: [api]\naudiences: [internal]\ndraft: true\n",
        'title: "Data exports: increased latency in India"\nstatus: resolved\ncomponents:\n'
        "  data-exports: partial_outage\n  webhooks: degraded_performance\n",
        "title: Partial outage of Android app\nstatus: resolved\ncomponents:\n  - android-app\n"
        "  - ios-app\n",
    ],
)
def test_front_matter_as_statusgen_writes_it_takes_the_shortcut(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The shortcut costs a third of what the parser does; the front matter that `new
    # incident`, `new maintenance` and the importers write must take it.
    def not_needed(*args: object) -> None:
        raise AssertionError("read by the parser")

    assert _simple_mapping(text, "f.md", 2) is not None
    expected = _parsed(text, "f.md", 2)
    monkeypatch.setattr(yamlnodes, "_parsed", not_needed)
    assert expected == parse_yaml(text, "f.md", first_line=2)
