"""An image in an incident's message that a screen reader cannot describe is warned of."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sitefiles import write_site

from statusgen.cli import cli

NOW = "2026-11-22T18:00:00Z"
PATH = "content/incidents/2026-11-21-charts.md"
TEXT = (
    "---\ntitle: Charts\nstatus: resolved\ncomponents:\n  api: degraded_performance\n---\n"
    "Intro. ![](https://example.com/chart.png)\n"  # line 7
    "\n"
    "![Error rate chart](https://example.com/described.png) and ![ ](<latency chart.png>)\n"
    "\n"
    "    ![](https://example.com/in-code.png)\n"
    "\n"
    "A [link with no text to an image](https://example.com/chart.png).\n"
    "\n"
    "## Resolved at 2026-11-21 10:00\n"
    "[![](https://example.com/badge.svg)](https://example.com/)\n"  # line 16
)
SAID = "warning: image without alt text: screen readers skip it"


def warned(tmp_path: Path, text: str, command: str) -> tuple[Any, list[str]]:
    """`check`, or `build`, of a site whose incident holds `text`: its result, which must
    succeed, and its lines about images without text."""
    root = write_site(tmp_path, {PATH: text})
    args = ["build", "--now", NOW] if command == "build" else ["check"]
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    assert 0 == result.exit_code, result.output
    return result, [line for line in result.output.splitlines() if SAID in line]


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_image_without_alt_text_is_a_warning_at_its_line(tmp_path: Path, command: str) -> None:
    # `![](chart.png)` was published as <img alt="">, which screen readers pass over, and
    # check said nothing.
    result, said = warned(tmp_path, TEXT, command)

    assert [
        f"{PATH}:7:8: {SAID}, and what it shows with it",
        f"{PATH}:9:60: {SAID}, and what it shows with it",
        f"{PATH}:16:2: {SAID}, and what it shows with it",
    ] == said, result.output
    assert (
        "describe it between the brackets: ![Error rate chart](https://example.com/chart.png)"
        in (result.output)
    )


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_image_by_reference_without_alt_text_is_a_warning_at_its_line(
    tmp_path: Path, command: str
) -> None:
    # `![][lat]` was published as <img alt=""> as `![](…)` is, and check said nothing.
    text = (
        TEXT.split("Intro.")[0]
        + "Latency: ![][lat], described: ![lat][lat] and ![Latency chart][ref].\n"  # line 7
        + "`![][lat]` in code, and ![] [LAT] again.\n"
        + "\n[lat]: https://example.com/lat.png\n[ref]: https://example.com/ref.png\n"
        + "\n## Resolved at 2026-11-21 10:00\nDone.\n"
    )
    result, said = warned(tmp_path, text, command)

    assert [
        f"{PATH}:7:10: {SAID}, and what it shows with it",
        f"{PATH}:8:25: {SAID}, and what it shows with it",
    ] == said, result.output
    assert "describe it between the brackets: ![Error rate chart][lat]" in result.output


@pytest.mark.parametrize("again", ["[chart]", "\n[CHART]"])
def test_an_image_by_a_label_defined_twice_shows_the_first_and_is_warned_of(
    tmp_path: Path, again: str
) -> None:
    # The page showed the last definition's address, where GitHub and the API's Markdown
    # show the first, and the image without text there was not warned of.
    text = (
        TEXT.split("Intro.")[0]
        + "X ![][chart]\n"  # line 7
        + f"\n[chart]: https://e.example/one\n{again}: https://e.example/two\n"
        + "\n## Resolved at 2026-11-21 10:00\nDone.\n"
    )
    result, said = warned(tmp_path, text, "build")

    assert [f"{PATH}:7:3: {SAID}, and what it shows with it"] == said, result.output
    page = (tmp_path / "public" / "incidents" / "2026-11-21-charts" / "index.html").read_text()
    assert 'src="https://e.example/one"' in page
    assert "e.example/two" not in page


def test_described_images_are_not_warned_about(tmp_path: Path) -> None:
    text = (
        TEXT.split("Intro.")[0]
        + "![Error rate chart](https://example.com/chart.png)\n\n"
        + "## Resolved at 2026-11-21 10:00\nDone.\n"
    )
    root = write_site(tmp_path, {PATH: text})

    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    assert 0 == result.exit_code, result.output
    assert "alt text" not in result.output


@pytest.mark.parametrize(
    "image",
    [
        '![](https://e.example/x.png "title only")',
        "![](https://e.example/x.png 'title only')",
        '![](<latency chart.png> "title only")',
        "![](<latency chart.png>)",
    ],
)
def test_the_hint_for_an_image_without_alt_text_keeps_it_as_written(
    tmp_path: Path, image: str
) -> None:
    # The hint dropped the image's title (and a `<…>` around its address): copied into the
    # file, it lost the tooltip the author had written.
    text = TEXT.split("Intro.")[0] + f"Chart: {image}\n\n## Resolved at 2026-11-21 10:00\nDone.\n"
    root = write_site(tmp_path, {PATH: text})

    result = CliRunner().invoke(cli, ["-C", str(root), "check"])

    described = image.replace("![]", "![Error rate chart]")
    assert f"describe it between the brackets: {described}\n" in result.output, result.output
    (root / PATH).write_text(text.replace(image, described))
    again = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert "alt text" not in again.output, again.output
