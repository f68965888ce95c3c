"""A search over the whole list, counted on the postings' bitmaps (`cache.search_index`).

How many digests hold a match, how many stories, and how many of those are unread: a few
big-integer operations per block of 512 digests (a story whose copies lie in more than one
block is counted once by a correction over such stories only). The digests listed, each one's
matches and the items of "All digests" (each story once, at its newest match) are made only as
far as they are read: a one-letter search finds a third of 800,000 items, and a screen shows 30.

| what | holds | made | cleared |
| --- | --- | --- | --- |
| `Whole` | each block's digests; each story group's story; where a story's groups are | once [worker] | never (corpus) |
| `Searched` | one needle's bitmaps and counts; what of it was read | per needle | the builder's last few |
| `ReadGuards` | the read stories' guards, per block | per read version (brought up to date after a mark) | the builder's one |
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate, compress
from typing import TypeVar, overload

from tui.core.cache.search_blocks import groups
from tui.core.cache.search_index import SearchIndex
from tui.core.corpus.library import Library
from tui.core.model import Digest, Item

_ONES = re.compile("1")
T = TypeVar("T")


class Whole:
    """The library's whole list as the postings cut it into blocks, with the story of every
    story group (each block's copies of one story key) and where each story's groups are."""

    def __init__(self, library: Library, index: SearchIndex) -> None:
        digests = library.digests
        sizes = [digest.item_count for digest in digests]
        self.ranges = groups(sizes)
        blocks = index.blocks
        if len(self.ranges) != len(blocks) or any(
                list(block.digest_sizes) != sizes[first:end] for block, (first, end) in zip(blocks, self.ranges)):
            raise ValueError("the postings are of other digests")
        self.library = library
        self.index = index
        self.digests = digests
        self.place: dict[int, tuple[int, int]] = {}
        """A digest → (its block, its number in the block)."""
        self.guards: list[array] = []
        """Per block, where each digest's guard is in the digests layout."""
        stories = len(library.stories)
        first_block = array("i", [-1]) * stories
        first_guard = array("I", [0]) * stories
        spread: dict[int, list[tuple[int, int]]] = {}
        for number, (block, (first, end)) in enumerate(zip(blocks, self.ranges)):
            for at, digest in enumerate(digests[first:end]):
                self.place[id(digest)] = (number, at)
            self.guards.append(array("I", accumulate((size + 1 for size in block.digest_sizes[:-1]), initial=0))
                               if block.digest_sizes else array("I"))
            items = [item for digest in digests[first:end] for item in digest.items]
            order = block.story_order
            guard = slot = 0
            for size in block.story_sizes:
                story = items[order[slot]].story
                if first_block[story] < 0:
                    first_block[story], first_guard[story] = number, guard
                else:
                    spread.setdefault(story, [(first_block[story], first_guard[story])]).append((number, guard))
                guard += size + 1
                slot += size
        self.first_block = first_block
        self.first_guard = first_guard
        self.spread = spread
        """A story whose copies lie in more than one block → (block, guard in the stories layout) of each."""
        for block in blocks:
            block.to_story  # noqa: B018 - (made here, in the worker, rather than on a keystroke)
            block.bits("")
        library.number_of(None)  # (the same: the places an item list orders by)
        widths = [block.layouts[1].width for block in blocks]
        masks = [0] * len(blocks)
        for entries in spread.values():
            for number, guard in entries:
                masks[number] |= 1 << (widths[number] - 1 - guard)
        self.spread_guards = masks
        """Per block, the guards (stories layout) of the stories also in another block."""
        self._spread_at: list[dict[int, int]] = [{} for _ in blocks]
        """Per block, a spread story's guard (as a bit number, from the lowest) → the story."""
        for story, entries in spread.items():
            for number, guard in entries:
                self._spread_at[number][widths[number] - 1 - guard] = story

    def read_guards(self, read: set[int]) -> ReadGuards:
        """Per block, the guards (stories layout) of the read stories (`read`: story numbers)."""
        return ReadGuards(self, read)

    def searched(self, needle: str) -> Searched:
        """What a search for `needle` (casefolded) finds."""
        return Searched(self, self.index.find(needle))


class ReadGuards:
    """Per block, the guards (stories layout) of the read stories, as bits (`bits`), from rows
    of "0" and "1" kept to be brought up to date after a mark (`set`: only the blocks of the
    stories marked are read again)."""

    def __init__(self, whole: Whole, read: set[int]) -> None:
        self.whole = whole
        self._rows = [bytearray(b"0" * block.layouts[1].width) for block in whole.index.blocks]
        self.bits: list[int] = []
        self._mark(dict.fromkeys(read, True))
        self.bits = [int(row, 2) if row else 0 for row in self._rows]

    def _mark(self, stories: dict[int, bool]) -> set[int]:
        """Each story's guards set (True: read) or cleared; returns the blocks changed."""
        whole = self.whole
        rows, first_block, first_guard, spread = self._rows, whole.first_block, whole.first_guard, whole.spread
        changed: set[int] = set()
        for story, read in stories.items():
            if not 0 <= story < len(first_block) or first_block[story] < 0:
                continue
            for number, guard in spread.get(story, ((first_block[story], first_guard[story]),)):
                rows[number][guard] = 49 if read else 48
                changed.add(number)
        return changed

    def set(self, stories: dict[int, bool]) -> None:
        """These stories are read (True) or not now."""
        for number in self._mark(stories):
            self.bits[number] = int(self._rows[number], 2)


class Searched:
    """One needle's matches over the whole list: counts at once, the rest as far as read."""

    def __init__(self, whole: Whole, bits: list[tuple[int, int]]) -> None:
        self.whole = whole
        self.bits = bits
        blocks = whole.index.blocks
        self.digest_flags = [block.layouts[0].flags(one) for block, (one, _other) in zip(blocks, bits)]
        story_flags = [block.layouts[1].flags(other) for block, (_one, other) in zip(blocks, bits)]
        self.story_flags = story_flags
        self.starts = list(accumulate((flags.bit_count() for flags in self.digest_flags), initial=0))
        """How many listed digests come before each block."""
        twice: dict[int, int] = {}
        """A story matched in more than one block → how many blocks more."""
        first: dict[int, int] = {}
        """A story whose copies lie in more than one block → the first block it matched in."""
        new = [flags.bit_count() for flags in story_flags]
        """Per block, how many stories first match there."""
        if whole.spread:
            for number, flags in enumerate(story_flags):
                shared = flags & whole.spread_guards[number]
                if shared:
                    at = whole._spread_at[number]
                    for match in _ONES.finditer(bin(shared)[:1:-1]):
                        story = at[match.start()]
                        if story in first:
                            twice[story] = twice.get(story, 0) + 1
                            new[number] -= 1
                        else:
                            first[story] = number
        self.twice = twice
        self.first = first
        self.fold_starts = list(accumulate(new, initial=0))
        """Where each block's part of the fold starts."""
        self.stories = self.fold_starts[-1]
        """How many distinct stories hold a match."""
        self.listed = Listed(self)
        self._expanded: dict[int, bytes] = {}
        self._fold: SearchFold | None = None

    def read_count(self, read_guards: ReadGuards, read: bytearray) -> int:
        """How many of the matched stories are read (`read`: a flag per story, 1 when read;
        `read_guards`: `Whole.read_guards` of the same)."""
        count = sum((flags & guards).bit_count() for flags, guards in zip(self.story_flags, read_guards.bits))
        return count - sum(more for story, more in self.twice.items() if read[story])

    def matches_in(self, digest: Digest) -> list[Item]:
        """A digest's items that match, in order."""
        place = self.whole.place.get(id(digest))
        if place is None:
            return []
        number, at = place
        expanded = self._expanded.get(number)
        if expanded is None:
            expanded = self._expanded[number] = self.whole.index.blocks[number].layouts[0].expand(self.bits[number][0])
        start = self.whole.guards[number][at] + 1
        return list(compress(digest.items, expanded[start : start + digest.item_count]))

    def fold(self) -> SearchFold:
        """Every story that matches once, at its newest match, in list order."""
        if self._fold is None:
            self._fold = SearchFold(self)
        return self._fold


class _ByBlock(Sequence[T]):
    """A sequence made block by block as it is read: `_part(number)` makes one block's part,
    `_starts()` says where each part starts (one more entry than parts)."""

    __slots__ = ()

    def _part(self, number: int) -> list[T]:
        raise NotImplementedError

    def _starts(self) -> Sequence[int]:
        raise NotImplementedError

    def __len__(self) -> int:
        return self._starts()[-1]

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        starts = self._starts()
        number = bisect_right(starts, index) - 1
        return self._part(number)[index - starts[number]]

    def __iter__(self) -> Iterator[T]:
        for number in range(len(self._starts()) - 1):
            yield from self._part(number)


class Listed(_ByBlock[Digest]):
    """The digests holding a match, in order, made block by block as they are read."""

    __slots__ = ("_searched", "_blocks")

    def __init__(self, searched: Searched) -> None:
        self._searched = searched
        self._blocks: dict[int, list[Digest]] = {}

    def _starts(self) -> Sequence[int]:
        return self._searched.starts

    def _part(self, number: int) -> list[Digest]:
        found = self._blocks.get(number)
        if found is None:
            searched = self._searched
            whole = searched.whole
            first, end = whole.ranges[number]
            flags = searched.digest_flags[number]
            width = whole.index.blocks[number].layouts[0].width
            found = self._blocks[number] = [
                digest for digest, guard in zip(whole.digests[first:end], whole.guards[number])
                if flags >> (width - 1 - guard) & 1]
        return found

    def in_block(self, number: int) -> list[Digest]:
        """The listed digests of one block."""
        return self._part(number)

    def position(self, digest: Digest) -> int:
        """The digest's row in the digest list (1 for the first listed; -1: not listed)."""
        searched = self._searched
        place = searched.whole.place.get(id(digest))
        if place is None:
            return -1
        number, at = place
        found = self._part(number)
        for index, listed in enumerate(found):
            if listed is digest:
                return 1 + searched.starts[number] + index
        return -1


class SearchFold(_ByBlock[Item]):
    """`fold_stories` of a search's matches (each story once, at its newest match), block by
    block: a block's part is made only when one of its items is read (its length is known)."""

    __slots__ = ("_searched", "_parts")

    def __init__(self, searched: Searched) -> None:
        self._searched = searched
        self._parts: dict[int, list[Item]] = {}

    def __len__(self) -> int:
        return self._searched.stories

    def _starts(self) -> Sequence[int]:
        return self._searched.fold_starts

    def _part(self, number: int) -> list[Item]:
        found = self._parts.get(number)
        if found is None:
            searched = self._searched
            first = searched.first
            seen: set[int] = set()
            found = []
            for digest in searched.listed.in_block(number):
                for item in searched.matches_in(digest):
                    story = item.story
                    if story not in seen and first.get(story, number) == number:
                        seen.add(story)
                        found.append(item)
            self._parts[number] = found
        return found

    def index(self, item: Item, start: int = 0, stop: int | None = None) -> int:
        place = self._searched.whole.place.get(id(item.digest))
        if place is None:
            raise ValueError("item not in this list")
        number = place[0]
        at = self._searched.fold_starts[number] + self._part(number).index(item)  # (ValueError: not in it)
        if not start <= at < (len(self) if stop is None else stop):
            raise ValueError("item not in this range")
        return at

    def starting_at(self, item: Item) -> int:
        """Where an item is, or would be, in this list (the first place at or after its own)."""
        place = self._searched.whole.place.get(id(item.digest))
        if place is None:
            return 0
        number, at = place
        part = self._part(number)
        whole = self._searched.whole
        key = (at, item.number)
        low = bisect_left(part, key, key=lambda found: (whole.place[id(found.digest)][1], found.number))
        return self._searched.fold_starts[number] + low

    def index_of_story(self, item: Item, stop: int) -> int:
        """Where this list holds the story `item` is a copy of (at its newest match), if before
        `stop`; -1 when it is not there (each copy's place is looked up, not the list read)."""
        library = self._searched.whole.library
        if item.story < 0 or not library.numbered:
            return -1
        for number in library.stories.carriers(item.story):
            for copy in library.digests[number].items:
                if copy.key == item.key:
                    try:
                        at = self.index(copy)
                    except ValueError:
                        continue
                    return at if at < stop else -1
        return -1
