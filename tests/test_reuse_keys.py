"""An output's key tells apart every two lists of facts and read values: two outputs
whose facts differ never share a key, so an output is never kept for another's bytes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from statusgen.incremental.reuse import Reuse
from statusgen.render.context import EventPages, Output


class Values:
    """A recorder whose facts have fixed values."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        yield set()

    def value(self, name: str) -> str | None:
        return self.values.get(name)


def key(facts: tuple[str, ...], read: dict[str, str] | None = None) -> str | None:
    output = Output("index.html", lambda: b"", facts, Values(read or {}))
    return Reuse(salt="salt", enabled=True)._key(output, facts, sorted(read or {}))


# Each pair would join to the same text if the parts were only put side by side.
@pytest.mark.parametrize(
    ("one", "other"),
    [
        ((("a", "b"), None), (("a\0b",), None)),
        ((("a\0", "b"), None), (("a", "\0b"), None)),
        ((("a",), {"b": "c"}), (("a", "b=c"), None)),
        ((("1", "a"), None), (("1\0a",), None)),
        (((), {"a": "b\0c=d"}), ((), {"a": "b", "c": "d"})),
        ((("a",), None), (("a", ""), None)),
    ],
)
def test_different_facts_never_share_a_key(
    one: tuple[tuple[str, ...], dict[str, str] | None],
    other: tuple[tuple[str, ...], dict[str, str] | None],
) -> None:
    assert key(*one) != key(*other)


def test_the_same_facts_give_the_same_key() -> None:
    assert key(("a", "b"), {"c": "d"}) == key(("a", "b"), {"c": "d"})
    assert key(("a\0", "b")) == key(("a\0", "b"))


def history_page(read: dict[str, str]) -> Output:
    """A page of the history showing two events, whose facts must not be needed while
    its shape, its events and what it read stand."""

    def facts() -> tuple[str, ...]:
        raise AssertionError("the events' facts were worked out")

    return Output(
        "history/2/index.html",
        lambda: b"",
        facts,
        Values(read),
        shape=("history.html", "2 of 9"),
        events=("a", "b"),
    )


def next_build(first: Reuse, changed: frozenset[str] = frozenset()) -> Reuse:
    return Reuse(
        salt=first.salt,
        previous=first.keys,
        previous_reads=first.reads,
        previous_shapes=first.shapes,
        enabled=True,
        changed=changed,
    )


def test_a_page_of_events_that_read_a_global_is_kept_on_its_shape_and_that_value() -> None:
    # The history's pages read the filter links: their key holds the links' value, not
    # the facts of the 25 events each shows (800 pages at 10,000 incidents).
    first = Reuse(salt="salt", enabled=True)
    assert not first.kept(history_page({"component_links": "api,web"}))
    first.rendered(history_page({"component_links": "api,web"}), ["component_links"])

    assert next_build(first).kept(history_page({"component_links": "api,web"}))
    # Another value of what it read, an event changed, or another shape: rendered again.
    assert not next_build(first).kept(history_page({"component_links": "api"}))
    assert not next_build(first).kept(history_page({}))
    assert not next_build(first, frozenset({"b"})).kept(
        history_page({"component_links": "api,web"})
    )
    moved = history_page({"component_links": "api,web"})
    moved = Output(
        moved.path,
        moved.render,
        moved.facts,
        moved.recorder,
        ("history.html", "2 of 10"),
        moved.events,
    )
    assert not next_build(first).kept(moved)


def event_pages(slugs: tuple[str, ...], values: dict[str, str]) -> EventPages:
    """The pages of single events `slugs`, each at its event's address."""

    def facts(index: int) -> tuple[str, ...]:
        raise AssertionError("the events' facts were worked out")

    paths = tuple(f"incidents/{slug}/index.html" for slug in slugs)
    return EventPages(paths, slugs, ("incident.html",), lambda i: b"", facts, Values(values))


def rendered_pages(build: Reuse, pages: EventPages, read: dict[str, list[str]]) -> list[str]:
    """The paths `build` renders of `pages`, each noted as rendered with what it `read`."""
    todo = build.to_render([pages])
    for output in todo:
        build.rendered(output, read.get(output.events[0], []))
    return [output.path for output in todo]


def test_the_pages_of_events_are_rendered_exactly_where_an_event_or_a_value_read_changed() -> None:
    # The 10,000 pages of events of a large site are kept on their shape: rendered again
    # where the event changed, the page is new or moved, had no key or read another value.
    read = {"b": ["duration:b"], "c": ["duration:nothing"]}
    first = Reuse(salt="salt", enabled=True)
    every = ("a", "b", "c", "d", "e")
    assert 5 == len(rendered_pages(first, event_pages(every, {"duration:b": "1 hr"}), read))
    assert "c" not in {path.split("/")[1] for path in first.keys}  # it read no value: no key

    def next_build(before: Reuse, changed: frozenset[str] = frozenset()) -> Reuse:
        return Reuse(
            salt="salt",
            previous=before.keys,
            previous_reads=before.reads,
            previous_pages=before.pages,
            enabled=True,
            changed=changed,
        )

    same = next_build(first)
    assert ["incidents/c/index.html"] == rendered_pages(
        same, event_pages(every, {"duration:b": "1 hr"}), read
    )
    assert first.keys == same.keys
    assert first.reads == same.reads
    # The event d changed, b's duration reads otherwise, and n is new, before the others.
    later = next_build(same, frozenset({"d"}))
    assert [
        "incidents/n/index.html",
        "incidents/b/index.html",
        "incidents/c/index.html",
        "incidents/d/index.html",
    ] == rendered_pages(later, event_pages(("n", *every), {"duration:b": "2 hr"}), read)
    assert same.keys["incidents/a/index.html"] == later.keys["incidents/a/index.html"]
    assert same.keys["incidents/b/index.html"] != later.keys["incidents/b/index.html"]
    # A page the last build did not list in that shape is rendered, even with a key.
    gone = next_build(later)
    gone.previous_pages = ()
    assert 6 == len(rendered_pages(gone, event_pages(("n", *every), {"duration:b": "2 hr"}), read))
    assert not gone.keys.keys() - {
        f"incidents/{slug}/index.html" for slug in ("n", "a", "b", "d", "e")
    }
    # With the changed events unknown, every page is rendered.
    unknown = next_build(later, frozenset())
    unknown.changed = None
    assert 6 == len(rendered_pages(unknown, event_pages(("n", *every), {}), read))
