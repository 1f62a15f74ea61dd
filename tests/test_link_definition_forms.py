"""A link definition whose address is on the line below its label is followed by the link
scanners (check's warnings, the calendar's and notifications' absolute addresses) exactly
where the page renders it as a link: the two must never disagree on a draft's address."""

from __future__ import annotations

import re

import pytest

from statusgen.render.markdown import (
    absolute_address,
    absolute_links,
    link_addresses,
    render_markdown,
)

# The text around the definition, the definition's two lines, and the line below them.
FORMS = [
    ("[a]:", "../x/", ""),
    ("[a]:", "../x/", "---"),  # a rule below: the page still links
    ("[a]:", "../x/", "==="),
    ("[a]:", "../x/", "-"),
    ("[a]: ", "../x/", "--- "),
    (" [a]:", "../x/", "   ---"),
    ("[a]:", '../x/ "T"', "==="),
    ("[a]:", "../x/", '"T"'),  # a title on a line of its own
    ("[a]:", "../x/", "# h"),
    ("[a]:", "    ../x/", "---"),
    ("[a]:", "\t../x/", ""),  # a tab is a space to the page (4 columns)
    ("[a]:", " \t../x/", "==="),
    ("[a]:", "\t\t../x/", ""),
    ("[a]:\t", "../x/", ""),
    ("[a]:", "../x/\t'T'", ""),
    ("[a]:", "---", ""),  # the label underlined: a heading, no link
    ("[a]:", "===", ""),
    ("[a]:", "```", ""),
    ("> [a]:", "> ../x/", "> ---"),
    ("> [a]:", "> \t../x/", ""),
    ("> [a]:", "> > ../x/", ""),  # a deeper quote opens: no address of the definition
    ("> [a]:", ">>../x/", ""),
    ("> > [a]:", "> ../x/", ""),  # a lazy line of the same quote
    ("- [a]:", "  ../x/", "  ---"),
    ("- [a]:", "  \t../x/", ""),
]


@pytest.mark.parametrize(("opener", "address", "below"), FORMS)
@pytest.mark.parametrize("before", ["See [it][a].\n\n", "See [it][a].\n"])
def test_the_scanners_read_a_two_line_definition_where_the_page_links(
    before: str, opener: str, address: str, below: str
) -> None:
    quote = re.match(r"(?:> ?)*", opener)[0]  # type: ignore[index]
    markdown = quote + before.replace("\n", "\n" + quote)
    markdown = markdown[: len(markdown) - len(quote)]
    markdown += "\n".join(line for line in (opener, address, below) if line) + "\n"
    linked = [h for h in re.findall(r'href="([^"]*)"', render_markdown(markdown)) if "x/" in h]
    scanned = [a for _, a in link_addresses(markdown) if "x/" in a]
    assert bool(linked) == bool(scanned), markdown
    absolute = absolute_links(markdown, "https://s.example.com/incidents/i/")
    assert ("https://s.example.com/incidents/x/" in absolute) == bool(linked), absolute


PAGE = "https://s.example.com/incidents/i/"


@pytest.mark.parametrize(
    ("markdown", "absolute"),
    [
        (
            "We rolled back [the deploy][d].\n[d]: https://ci.example/run/42\nThe API is back.",
            "We rolled back [the deploy][d].\n[d]: https://ci.example/run/42\nThe API is back.",
        ),
        (
            "See [it][a].\n[a]: ../x/\nMore [here](../y/).",
            "See [it][a].\n[a]: https://s.example.com/incidents/x/\n"
            "More [here](https://s.example.com/incidents/y/).",
        ),
        (  # the definition's address on the line below its label
            "See [it][a].\n[a]:\n../x/\nThen more.",
            "See [it][a].\n[a]:\nhttps://s.example.com/incidents/x/\nThen more.",
        ),
        (
            "> Back [there](../y/).\n> [a]: ../x/\n> See [it][a].",
            "> Back [there](https://s.example.com/incidents/y/).\n"
            "> [a]: https://s.example.com/incidents/x/\n> See [it][a].",
        ),
        (
            "- One [it][a].\n  [a]: ../x/\n  Two.",
            "- One [it][a].\n  [a]: https://s.example.com/incidents/x/\n  Two.",
        ),
    ],
)
def test_a_definition_under_a_paragraph_line_keeps_its_place(markdown: str, absolute: str) -> None:
    # A chat, the calendar and the webhook show the lines in the order they were written.
    assert absolute == absolute_links(markdown, PAGE)
    linked = {h for h in re.findall(r'href="([^"]*)"', render_markdown(markdown, base=PAGE))}
    scanned = {absolute_address(address, PAGE) for _, address in link_addresses(markdown)}
    assert linked == scanned, markdown


def test_a_link_does_not_run_across_a_definition_in_its_paragraph() -> None:
    # The page reads the lines above a definition and those below it apart: no link.
    markdown = "See [the\n[a]: ../x/\nlog](../y/)."
    assert "../y/" in absolute_links(markdown, PAGE)
    assert [address for _, address in link_addresses(markdown)] == ["../x/"]
    assert 'y/"' not in render_markdown(markdown, base=PAGE)
