"""Whatever `check` accepts builds, quickly: the property that closes the class.

Hypothesis writes whole sites whose site title and description, component names,
incident titles and messages are drawn from all of Unicode (control characters,
noncharacters, surrogates, direction overrides included), with deep and long Markdown:
nested lists and quotes, runs of brackets, token soup. For each, if validation accepts
the site, the full build must succeed within BOUND seconds; if it refuses, the build must
refuse with diagnostics too, never a traceback.
"""

from __future__ import annotations

import json
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from statusgen.build import build_site
from statusgen.errors import StatusgenError
from statusgen.validate import check_site

NOW = datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc)
# Per site; unbounded Markdown took 37 s or crashed, a one-incident site builds in well
# under a second.
BOUND = 10.0

# Text from anywhere in Unicode, surrogates included (they reach the file as bytes that
# are not UTF-8), weighted towards the characters that broke builds before.
ANY_CHARACTER = st.characters(codec=None, categories=None) | st.characters(
    codec=None, categories=["Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"]
)
HOSTILE = st.sampled_from(
    ["\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b", "\ufffe", "\uffff",
     "\u202e", "\u2066", "\u2028", "\ud800", "<b>", "&amp;", "]]>", "{{ x }}", "\\"]
)  # fmt: skip
# Mostly text a site could hold, so that many sites pass `check` and get built.
ALLOWED_CHARACTER = st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"])
TEXT = st.one_of(
    st.text(ALLOWED_CHARACTER, max_size=30),
    st.lists(st.text(ANY_CHARACTER, max_size=8) | HOSTILE, max_size=6).map("".join),
)
# Around the bounds (32 levels) as often as far beyond them.
AROUND_BOUNDS = st.integers(1, 40)
DEPTH = AROUND_BOUNDS | st.integers(1, 25_000)
MARKERS = st.sampled_from(["- ", "* ", "1. ", "> ", "    ", "\t"])
MARKDOWN_TOKENS = st.sampled_from(
    ["[", "]", "(", ")", "![", "*", "**", "_", "`", "```", "~~~", "#", "## x", "<", ">", "&",
     "|", "---", "\n", "\n\n", "    ", "- ", "> ", "1. ", "[a](b)", "[a]: b", "\\[", "http://x"]
)  # fmt: skip


def markdown(text: st.SearchStrategy[str], depth: st.SearchStrategy[int]) -> st.SearchStrategy[str]:
    """A message: deep nesting, a long bracket run, token soup or plain text, or several."""
    piece = st.one_of(
        st.tuples(st.lists(MARKERS, min_size=1, max_size=3), depth).map(
            lambda t: "".join(t[0]) * t[1] + "x"
        ),
        st.tuples(st.sampled_from(["[", "[a ", "![", "[ ", "[\n"]), depth).map(
            lambda t: t[0] * t[1]
        ),
        st.lists(MARKDOWN_TOKENS | text, max_size=40).map("".join),
        text,
    )
    return st.lists(piece, min_size=1, max_size=3).map("\n".join)


def yaml_text(value: str, quoted: bool) -> str:
    # JSON strings are YAML double-quoted scalars; their escapes can spell any character.
    return json.dumps(value, ensure_ascii=False) if quoted else value


@st.composite
def sites(draw: st.DrawFn) -> dict[str, str]:
    # Half the sites hold only what a site may hold, at most a little past the Markdown
    # bounds, so that many pass `check` and are built; the rest hold anything at all.
    if draw(st.booleans()):
        text, depth, quoted = st.text(ALLOWED_CHARACTER, max_size=30), AROUND_BOUNDS, True
    else:
        text, depth, quoted = TEXT, DEPTH, draw(st.booleans())
    names = draw(st.lists(text, min_size=1, max_size=3))
    components = f"- id: g\n  name: {yaml_text(draw(text) or 'x', quoted)}\n  components:\n"
    components += "".join(
        f"    - id: c{n}\n      name: {yaml_text(name or 'x', quoted)}\n"
        f"      description: {yaml_text(draw(text) or 'x', quoted)}\n"
        for n, name in enumerate(names)
    )
    message = draw(markdown(text, depth))
    incident = (
        f"---\ntitle: {yaml_text(draw(text) or 'x', quoted)}\nstatus: investigating\n"
        f"components: [c0]\n---\n{draw(markdown(text, depth))}\n\n"
        f"## Investigating at 2026-11-20 14:05\n{message}\n"
    )
    return {
        "statusgen.yaml": f"title: {yaml_text(draw(text) or 'x', quoted)}\n"
        f"description: {yaml_text(draw(text) or 'x', quoted)}\n"
        "base_url: https://status.example.com/\n",
        "content/components.yaml": components,
        "content/incidents/2026-11-20-x.md": incident,
    }


def write(root: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))


def site_with(title: str, message: str) -> dict[str, str]:
    """A plain site whose incident has `title` (written as YAML escapes) and `message`."""
    return {
        "statusgen.yaml": "title: T\nbase_url: https://status.example.com/\n",
        "content/components.yaml": "- id: c0\n  name: API\n",
        "content/incidents/2026-11-20-x.md": (
            f"---\ntitle: {json.dumps(title)}\nstatus: investigating\ncomponents: [c0]\n---\n"
            f"## Investigating at 2026-11-20 14:05\n{message}\n"
        ),
    }


@settings(
    max_examples=25,
    deadline=None,  # the bound is asserted per site below, on the build's own clock
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=sites())
# The attacks of the report that started this test, each once.
@example(files=site_with("a\x01b\x0bc\x0cd\x1be\x00f", "fine"))
@example(files=site_with("\ufffe\uffff", "fine"))
@example(files=site_with("T", "- " * 500 + "x"))
@example(files=site_with("T", "[" * 20_000))
@example(files=site_with("<b>T</b>", "[a " * 5_000))
def test_whatever_check_accepts_builds_within_the_bound(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        write(root, files)
        site, diagnostics = check_site(root)
        event(
            "check passed" if site is not None else f"check refused: {diagnostics[0].message[:25]}"
        )
        started = time.perf_counter()
        try:
            build_site(root, now=NOW, output=Path(folder) / "out", use_cache=False)
        except StatusgenError as error:
            assert site is None, f"check passed, build refused: {error}"
            assert diagnostics, "build refused what check found nothing wrong with"
        else:
            assert site is not None, f"build succeeded where check refused: {diagnostics}"
            assert (Path(folder) / "out" / "feed.xml").is_file()
        assert time.perf_counter() - started < BOUND
