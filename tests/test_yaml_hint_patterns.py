"""The patterns yamlnodes reads a line with, to place and explain a YAML mistake, must
read every line as the earlier ones did: only their time on long runs of spaces changed."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from statusgen.load.yamlnodes import _BEFORE_VALUE, _opens_block

# As written before: a key's spaces before its colon matched by a part of their own.
_OLD_BEFORE_VALUE = re.compile(r"[ \t]*(?:-[ \t]+)*(?:[^\s#:][^#:]*?[ \t]*:[ \t]+)?")
_OLD_OPENS_BLOCK = re.compile(
    r"(?P<key>[^\s#][^#]*?[ \t]*:[ \t]+)?(?:[!&][^ \t]*[ \t]+)*[|>][-+0-9]*(?:[ \t]+#.*)?"
)
_LINES = st.text(alphabet="ab -:#|>!&+2\t\u00a0", max_size=14)


@settings(max_examples=3000, deadline=None)
@given(_LINES)
def test_a_line_s_value_starts_where_it_did(line: str) -> None:
    old, new = _OLD_BEFORE_VALUE.match(line), _BEFORE_VALUE.match(line)
    assert old is not None and new is not None
    assert old.end() == new.end()


@settings(max_examples=3000, deadline=None)
@given(_LINES)
def test_a_line_opens_a_block_scalar_as_it_did(line: str) -> None:
    old = _OLD_OPENS_BLOCK.fullmatch(line)
    assert (None if old is None else bool(old["key"])) == _opens_block(line)
