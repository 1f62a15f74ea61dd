"""An output's key tells apart every two lists of facts and read values: two outputs
whose facts differ never share a key, so an output is never kept for another's bytes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from statusgen.incremental.reuse import Reuse
from statusgen.render.context import Output


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
