"""Folding repeats: each story once, at its first (newest) place, as lists made only as far as read."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING

from tui.core.model import Digest, Item

if TYPE_CHECKING:
    from tui.core.stories import Stories

story_of = attrgetter("story")


class LazyFold(Sequence[Item]):
    """Each story of `items` once, at its first place, worked out only as far as it is read
    (a list shows its first screen long before anyone scrolls to the end)."""

    __slots__ = ("_items", "_seen", "_done", "_next", "_length")

    def __init__(self, items: list[Item], stories: int, length: int) -> None:
        self._items = items
        self._seen = bytearray(stories)
        self._done: list[Item] = []
        self._next = 0
        self._length = length
        """How many distinct stories `items` hold."""

    def __len__(self) -> int:
        return self._length

    def _extend(self, count: int) -> None:
        items, seen, done = self._items, self._seen, self._done
        at = self._next
        while len(done) < count and at < len(items):
            item = items[at]
            at += 1
            if not seen[item.story]:
                seen[item.story] = 1
                done.append(item)
        self._next = at

    def __getitem__(self, index):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN204
        if isinstance(index, slice):
            start, stop, _step = index.indices(self._length)
            self._extend(stop)
            return self._done[index]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        self._extend(index + 1)
        return self._done[index]

    def __iter__(self) -> Iterator[Item]:
        self._extend(self._length)
        return iter(self._done)

    def index(self, item: Item, start: int = 0, stop: int | None = None) -> int:  # type: ignore[override]
        at = self._items.index(item)  # a C loop; ValueError when it is not among them at all
        while self._next <= at and len(self._done) < self._length:
            self._extend(len(self._done) + 256)  # fold only as far as the item
        return self._done.index(item, start, self._length if stop is None else stop)


def fold_stories(items: list[Item], stories: int) -> list[Item]:
    """Each story once, at its first (newest) place, in order; items carry story numbers < `stories`."""
    seen = bytearray(stories)
    out = []
    add = out.append
    for item in items:
        story = item.story
        if not seen[story]:
            seen[story] = 1
            add(item)
    return out


def fold_first(items: list[Item]) -> list[Item]:
    """Each story once, at its first (newest) place, in order."""
    keys = [item.key for item in items]
    first = dict(zip(reversed(keys), reversed(items)))
    return [first[key] for key in dict.fromkeys(keys)]


class FoldItems(Sequence[Item]):
    """The items of "All digests" (each story at its newest place); unpacked only when asked for."""

    __slots__ = ("_digests", "_stories", "_where")

    def __init__(self, digests: list[Digest], stories: Stories) -> None:
        self._digests = digests
        self._stories = stories
        self._where: dict[int, int] | None = None

    def __len__(self) -> int:
        return len(self._stories)

    def _item(self, index: int) -> Item:
        digest = self._digests[self._stories.digest_at[index]]
        return digest.items[self._stories.position_at[index]]

    def __getitem__(self, index):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN204
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return self._item(index)

    def __iter__(self) -> Iterator[Item]:
        digests = self._digests
        for number, position in zip(self._stories.digest_at, self._stories.position_at):
            yield digests[number].items[position]

    def index(self, item: Item, start: int = 0, stop: int | None = None) -> int:  # type: ignore[override]
        if self._where is None:
            self._where = {id(digest): number for number, digest in enumerate(self._digests)}
        number = self._where.get(id(item.digest))
        if number is None:
            raise ValueError("item not in this list")
        position = item.number - 1
        digest_at, position_at = self._stories.digest_at, self._stories.position_at
        at = start
        end = len(self) if stop is None else stop
        while True:
            at = digest_at.index(number, at, end)  # raises ValueError when not found
            if position_at[at] == position:
                return at
            at += 1
