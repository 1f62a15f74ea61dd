"""HTML comments in incident files: hidden as GitHub hides them, so that what an author
hid in one (a draft update, a note) is read nowhere and published nowhere."""

from __future__ import annotations

import pytest

from statusgen.load.comments import without_comments


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a <!-- x --> b", "a  b"),
        ("a  <!-- x -->\nb", "a\nb"),  # no hard line break left behind
        ("a <!-- x\n\ny -->b", "a\n\nb"),  # its lines stay, so lines keep their numbers
        ("x <!-->y <!--->z", "x y z"),  # whole comments too (CommonMark)
        ("`<!-- x -->` and ``a`<!--``", "`<!-- x -->` and ``a`<!--``"),  # code spans
        ("\\<!-- x -->", "\\<!-- x -->"),  # escaped, it is text
        ("```\n<!--\n```\n", "```\n<!--\n```\n"),  # a fenced code block
        ("para\n\n    <!-- x -->", "para\n\n    <!-- x -->"),  # an indented one
        ("para\n    <!-- x -->", "para\n"),  # more of the paragraph, not code
        ("<!--\n```\n-->\n## Resolved", "\n\n\n## Resolved"),  # a fence in it opens none
    ],
)
def test_comments_are_left_out_where_github_hides_them(text: str, shown: str) -> None:
    assert shown == without_comments(text).text
