"""Each story once, which digests carry a story, and how many are unread: one place for each.

| question | the reference | variants kept for speed (tests compare them with the reference) |
| --- | --- | --- |
| each story once, at its first (newest) place | `fold_by_key` | `fold_stories` (by story number, eager), `LazyFold` (by story number, made only as far as it is read), `FoldItems` ("All digests" read straight from the stories, items unpacked only for rows drawn), `found.SearchFold` (a search's matches from the postings, block by block as read) |
| which digests carry a story | `scan_carriers` (a pass over every digest's keys) | `carriers` (by story numbers when the stories are at hand: the items' own numbers, or their places in the stories, without a key table), `digests_carrying` (by keys, for recounting after marks change) |
| first seen, also in, repeat | `first_seen`, `also_in`, `is_repeat`, on `carriers` | once items are numbered: the stories' oldest digest per story |
| how many are unread | `unread_count` (keys or story numbers alike) | |
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from operator import attrgetter
from typing import TypeVar, overload

from tui.core.cache import head_digests
from tui.core.corpus.library import Library
from tui.core.corpus.stories import Stories
from tui.core.model import Digest, Item

story_of = attrgetter("story")
T = TypeVar("T")

FEW = 8
"""Up to this many numbered items, each story's carriers are looked up on its own."""


# -- how many are unread ---------------------------------------------------------------------

def unread_count(ids: AbstractSet[T], read: AbstractSet[T]) -> int:
    """How many of `ids` (story keys, or story numbers) are not in `read` (the same kind)."""
    if not read:
        return len(ids)
    return len(ids) - len(ids & read)  # (CPython walks the smaller set)


# -- each story once -------------------------------------------------------------------------

def fold_by_key(items: Iterable[Item]) -> list[Item]:
    """Each story once, at its first (newest) place, in order: the reference fold, by key."""
    items = list(items)
    keys = [item.key for item in items]
    first = dict(zip(reversed(keys), reversed(items)))
    return [first[key] for key in dict.fromkeys(keys)]


def fold_stories(items: list[Item], stories: int) -> list[Item]:
    """`fold_by_key` by story number: items carry story numbers < `stories`."""
    seen = bytearray(stories)
    out: list[Item] = []
    add = out.append
    for item in items:
        story = item.story
        if not seen[story]:
            seen[story] = 1
            add(item)
    return out


class LazyFold(Sequence[Item]):
    """`fold_stories`, worked out only as far as it is read (a list shows its first screen long
    before anyone scrolls to the end)."""

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

    @overload
    def __getitem__(self, index: int) -> Item: ...
    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...
    def __getitem__(self, index: int | slice) -> Item | list[Item]:
        if isinstance(index, slice):
            _start, stop, _step = index.indices(self._length)
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

    def index(self, item: Item, start: int = 0, stop: int | None = None) -> int:
        at = self._items.index(item)  # a C loop; ValueError when it is not among them at all
        while self._next <= at and len(self._done) < self._length:
            self._extend(len(self._done) + 256)  # fold only as far as the item
        return self._done.index(item, start, self._length if stop is None else stop)


class FoldItems(Sequence[Item]):
    """The items of "All digests" (each story at its newest place), from the stories alone;
    a digest is unpacked only when one of its items is asked for."""

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

    @overload
    def __getitem__(self, index: int) -> Item: ...
    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...
    def __getitem__(self, index: int | slice) -> Item | list[Item]:
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return self._item(index)

    def __iter__(self) -> Iterator[Item]:
        digests = self._digests
        for number, position in zip(self._stories.digest_at, self._stories.position_at):
            yield digests[number].items[position]

    def index(self, item: Item, start: int = 0, stop: int | None = None) -> int:
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


# -- which digests carry a story ---------------------------------------------------------------

Carriers = dict[str, list[Digest]]
"""Story key → every digest carrying it, newest first."""


def scan_carriers(library: Library, keys: Collection[str] | None = None) -> Carriers:
    """The reference: a pass over every digest's keys (for these keys; None: every key)."""
    wanted = None if keys is None else set(keys)
    found: Carriers = {}
    for digest in library.digests:
        own = digest.keys()
        for key in (own if wanted is None else wanted.intersection(own)):
            carrying = found.get(key)
            if carrying is None:
                found[key] = [digest]
            elif carrying[-1] is not digest:
                carrying.append(digest)
    return found


def carriers(library: Library, items: Collection[Item]) -> Carriers:
    """The carriers of these items' keys: by story numbers when the stories are at hand (the
    items' own numbers, else their places in the stories: no key table), else `scan_carriers`."""
    if not library.stories_ready:
        return scan_carriers(library, {item.key for item in items})
    stories = library.stories
    if library.numbered and len(items) <= FEW and all(item.story >= 0 for item in items):
        return {item.key: [library.digests[n] for n in stories.carriers(item.story)] for item in items}
    key_of = _numbers_of(library, stories, items)
    if key_of is None:
        return scan_carriers(library, {item.key for item in items})
    if len(key_of) <= FEW:  # (the detail's one item: a C scan of the story array, not a pass over the digests)
        return {key: [library.digests[n] for n in stories.carriers(story)] for story, key in key_of.items()}
    numbers = set(key_of)
    found: Carriers = {}
    story_of, starts = stories.story_of, stories.starts
    for index, digest in enumerate(library.digests):
        for number in numbers.intersection(story_of[starts[index] : starts[index + 1]]):
            found.setdefault(key_of[number], []).append(digest)
    return found


def _numbers_of(library: Library, stories: Stories, items: Collection[Item]) -> dict[int, str] | None:
    """Story number → key for these items (None: an item is not in the library's digests)."""
    if library.numbered and all(item.story >= 0 for item in items):
        return {item.story: item.key for item in items}
    digests = library.digests
    if len(items) <= FEW:  # (the detail's one item: its digest is found by a scan, most often at the top)
        where = {id(item.digest): None if item.digest is None else head_digests.place(digests, item.digest)
                 for item in items}
    else:
        where = {id(digest): number for number, digest in enumerate(digests)}
    key_of: dict[int, str] = {}
    for item in items:
        number = where.get(id(item.digest))
        if number is None or item.number > stories.starts[number + 1] - stories.starts[number]:
            return None
        key_of[stories.story_of[stories.starts[number] + item.number - 1]] = item.key
    return key_of


def digests_carrying(library: Library, keys: Collection[str]) -> list[Digest]:
    """Every digest carrying any of these keys (for recounting after marks change)."""
    if library.stories_ready:
        stories = library.stories
        return [library.digests[n] for story in stories.numbers(set(keys)) for n in stories.carriers(story)]
    return [digest for found in scan_carriers(library, keys).values() for digest in found]


def first_seen(library: Library, item: Item, found: Carriers | None = None) -> Digest | None:
    """The earliest digest carrying this item's key (`found`: carriers worked out already)."""
    if found is None and library.numbered and item.story >= 0:
        return library.digests[library.stories.oldest()[item.story]]
    carrying = (found if found is not None else carriers(library, [item])).get(item.key)
    return carrying[-1] if carrying else item.digest


def also_in(library: Library, item: Item, found: Carriers | None = None) -> list[Digest]:
    """The other digests carrying this item's key, newest first."""
    carrying = (found if found is not None else carriers(library, [item])).get(item.key, [])
    return [digest for digest in carrying if digest is not item.digest]


def is_repeat(library: Library, item: Item) -> bool:
    """Whether the key appeared in an earlier digest."""
    return first_seen(library, item) is not item.digest
