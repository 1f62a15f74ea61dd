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
