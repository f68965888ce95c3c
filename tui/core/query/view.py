"""What the reader shows for a set of filters: digest rows with counts, and the chosen items.

Built for 800,000 items per keystroke: digest-level filters (category) skip whole digests,
per-digest counts are cached until the read marks change, repeats are folded by story number.
A search over the whole list (no other filter) is counted on the search postings' bitmaps and
made only as far as it is read (`found.py`); with a category it is read from the postings too;
before the postings are in, or with other filters, it scans every text in one C loop, and a
search that extends the previous one only looks among its matches.

What a `ViewBuilder` keeps (one builder per library: a new library gets a new builder, so
nothing here outlives its corpus). Filled on the UI thread by `build`, or by `prepare` and
`prepare_search` in the reader's worker; cleared only as said:

| slot | holds | key | cleared by |
| --- | --- | --- | --- |
| `_folds` | every item of a label's digests and their fold | category (None: all) | never (corpus) |
| `_by_label`, `_listed`, `_labels` | a label's digests (every label's at once, by `index_labels` [worker]); those with items; a digest's casefolded labels | label / digest | never (corpus) |
| `_fold_numbers` | the story numbers of a label's fold, an array (by `fold_labels` [worker], else on first use) | category | never (corpus) |
| `_read_flags_of` | a byte per story, 1 when read | read version | a new read version (brought up to date from the keys marked since, when every step is known); `marks_completed` |
| `_texts`, `_shapes` | a base list's search texts; it as a shape for the C-loop search | category | never (made only once the search texts are loaded) |
| `_counts` | an unfiltered digest row's (shown, unread, stories) | digest | `marks_changed(keys)`: the digests carrying those keys; `marks_changed(None)`: all; `marks_completed`: all past the first screen's |
| `_read_numbers` | the story numbers of the read keys (`_marks_since`: the keys marked since, to bring them up to date) | read version | a new read version (made from the last and the keys marked since, when every step is known); `marks_completed` |
| `_last_filters`, `_last_matched`, `_last_searched` | the last item-level match, which a longer search narrows (and the source headers count); a search read from the postings | filters | a new read version; `search_changed` |
| `_last_view` | the last view | (filters, read version, search version, chosen) | any part of its key changing; `search_changed` |
| `_frames` | a base list's digest starts and story numbers | category | never (corpus) |
| `_gathers` | a `gatherer` of a base list's story numbers, or of its fold's | (category, fold or not) | never (corpus; made again if the numbers are) |
| `_positions_of` | the last listed digests' rows by id (`RowList.index_of`) | the digests list (the same object, as long) | another list asked for |
| `_last_unread` | the last "unread only" over a whole list (`_unread_hits`) | (category, its list, the read flags but for the kept keys') | a new one worked out (it is used only while its key is the same: compared, never stale) |
| `_whole` (`found.Whole`) | the whole list as the search postings cut it | — | never (made once the postings and story numbers are both in: `prepare_index` [worker]) |
| `_searched` | the last 12 needles' `found.Searched` (counts; what was read of them) | needle | `search_changed` |
| `_masks` | which postings positions a label's list holds | category | never (corpus) |
| `_read_guards` | per postings block, the read stories' guards | read version | a new read version (brought up to date from the keys marked since, when every step is known); `marks_completed` |
| `_display` | every author's name as shown, casefolded (a search's second texts) | — | never (corpus) |

Rows (`rows.py`) count their unread stories when first drawn and keep the count; a view is
rebuilt whenever the read version changes, so a row never shows a stale count.
"""

from __future__ import annotations

import threading
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import accumulate, compress, groupby, repeat
from operator import attrgetter, contains, itemgetter, sub
from typing import TYPE_CHECKING

from tui.core.corpus.library import Library
from tui.core.model import Digest, Item
from tui.core.query.filters import Filters, in_section, matcher, section_fold
from tui.core.query.folding import FoldItems, LazyFold, digests_carrying, fold_by_key, fold_stories, story_of, unread_count
from tui.core.query.rows import DigestRow, RowList, no_rows, positions

if TYPE_CHECKING:
    from tui.core.query.found import ReadGuards, Searched, Whole

_digest_of = attrgetter("digest")

Shape = tuple[list[Item], list[str], list[Digest], list[int], list[int]]
"""Every item of some digests, in order: (items, their search texts, the digests, where each
digest's items start (one more entry than digests), the items' story numbers)."""


class View:
    """The digest rows and the items of the chosen row. (A plain class: a dataclass costs the
    reader's start ~0.5 ms to make.)"""

    __slots__ = ("chosen", "items", "rows")

    def __init__(self, rows: RowList | None = None, items: Sequence[Item] | None = None, chosen: int = 0) -> None:
        self.rows = rows if rows is not None else RowList(DigestRow(None, 0, 0), [], no_rows)
        self.items: Sequence[Item] = items if items is not None else []
        self.chosen = chosen
        """Index into rows of the chosen digest (0: "All digests")."""


AUTHOR_PREFILTER_MIN = 2000
"""With more candidates than this, an author filter first keeps the digests that name the author."""
RECENT_SEARCHES = 12
"""How many needles' whole-list matches are kept (typing back to one of them costs nothing)."""
MAX_MARKED_SINCE = 10_000
"""Keys marked since the read story numbers were made, past which the read flags are made anew."""


_UNREAD = bytes.maketrans(b"\x00\x01", b"\x01\x00")
"""Read flags (1: read) to hits (1: unread)."""

Gather = Callable[[bytes | bytearray], Sequence[int]]
"""The flag of a flags table for each of some numbers, in their order (`bytes()` of it: a byte each)."""


def gatherer(numbers: Sequence[int]) -> Gather:
    """`numbers` as a `Gather`: `operator.itemgetter` over all of them is one C loop (~1.7 ms
    for 160,000 numbers here, with `bytes()` of its tuple, where a `map` of `flags.__getitem__`
    took ~6.4 ms); it holds a tuple of the numbers (8 bytes each). Fewer than two numbers: the
    map (itemgetter of one gives no tuple)."""
    if len(numbers) < 2:
        return lambda flags: list(map(flags.__getitem__, numbers))
    return itemgetter(*numbers)


def _runs_of_hits(items: list[Item], digests: list[Digest], bounds: list[int],
                  hits: bytes) -> tuple[list[Item], list[Digest], list[int]]:
    """(matched items, digests with matches, matches per digest) from one byte per item of a
    whole list (1: matched), in C loops; every item matched: the list itself, no copy."""
    if 0 in hits:
        matched = list(compress(items, hits))
        counts = list(map(hits.count, repeat(1), bounds, bounds[1:]))  # matches per digest, in C too
    else:
        matched, counts = items, list(map(sub, bounds[1:], bounds))
    return matched, list(compress(digests, counts)), list(filter(None, counts))


def _from_hits(items: list[Item], digests: list[Digest], bounds: list[int], stories: list[int],
               hits: bytes) -> tuple[list[Item], list[Digest], list[int], set[int]]:
    """`_runs_of_hits`, and the matched story numbers."""
    return *_runs_of_hits(items, digests, bounds, hits), set(compress(stories, hits))


class ViewBuilder:
    """Builds views for one library, reusing what the last build worked out."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._counts: dict[int, tuple[int, int, int]] = {}
        self._counts_version = -1
        self._labels: dict[int, frozenset[str]] = {}
        self._last_filters: Filters | None = None
        self._last_matched: list[Item] | None = None
        self._last_searched: Searched | None = None
        """What the last build's search found over the whole list, when it was read from the postings."""
        self._folds: dict[str | None, tuple[list[Item], list[Item]]] = {}
        """Category (None: all) → (matched, folded): these do not depend on read marks."""
        self._last_view: tuple[Filters, int, int, Digest | None, View, frozenset[str]] | None = None
        self._texts: dict[str | None, list[str]] = {}
        """Category → search texts of its base list (see _texts_of)."""
        self._by_label: dict[str, list[Digest]] = {}
        self._labels_indexed = False
        """Whether `_by_label` holds every label (`index_labels`): a label not in it is on no digest."""
        self._listed: dict[str | None, list[Digest]] = {}
        self._fold_numbers: dict[str | None, array[int]] = {}
        self._gathers: dict[tuple[str | None, bool], tuple[Sequence[int], Gather]] = {}
        """(category, of its fold) → (the story numbers, their `gatherer`): of a base list's items or its fold."""
        self._positions_of: tuple[Sequence[Digest], dict[int, int]] | None = None
        """The last `_positions`: (the digests, where each is)."""
        self._last_unread: tuple[str | None, list[Item], bytes, tuple[list[Item], list[Digest], list[int], int]] | None = None
        """The last `_unread_hits`: (category, its list, the flags it was worked out from, what it showed)."""
        self._read_flags_of: tuple[int, bytearray] | None = None
        self._shapes: dict[str | None, Shape] = {}
        """Category → its whole list as a shape."""
        self._frames: dict[str | None, tuple[list[Item], list[int], list[int]]] = {}
        """Category → (its whole list, where each digest's items start in it, their story numbers)."""
        self._masks: dict[str, bytes] = {}
        """Category → which positions of the postings' digests layout hold an item of its list (one byte each)."""
        self._display: dict[str, str] | None = None
        """Author identity → its name as shown, casefolded."""
        self._whole: Whole | None = None
        """The whole list as the search postings cut it (None: no postings, or not numbered yet)."""
        self._searched: dict[str, Searched] = {}
        """Needle → what it finds over the whole list, the newest last."""
        self._read_guards: tuple[int, ReadGuards] | None = None
        """(read version, `Whole.read_guards` of the read stories)."""
        self._whole_lock = threading.Lock()
        self._read_numbers: tuple[int, set[int]] | None = None
        self._marks_since: tuple[int, int, frozenset[str]] | None = None
        """(from, to, keys): the keys whose marks changed from the read version `_read_numbers`
        was made for to the version `to`, each step said (None: not known; made anew then)."""
        self._read_numbers_lock = threading.Lock()
        self._changed: set[str] | None = set()
        """Keys whose marks changed since the counts were made (None: unknown, recount all)."""

    def marks_changed(self, keys: list[str] | None, read_version: int | None = None) -> None:
        """These keys were marked read or unread (None: anything may have changed), making
        `read_version` (None: not said; the read numbers are then made anew)."""
        if keys is None or self._changed is None:
            self._changed = None
        else:
            self._changed.update(keys)
        since = self._marks_since
        if since is not None and keys is not None and read_version is not None and since[1] == read_version - 1:
            self._marks_since = (since[0], read_version, since[2].union(keys))
        else:
            self._marks_since = None

    def marks_completed(self, first: int) -> None:
        """[either thread] Every read mark is in now: the last view was built while the set it
        holds had the first `first` digests' marks only (see `Session.complete_read`). Rows made
        past those, and their kept counts, are counted again when next drawn."""
        last = self._last_view
        if last is not None:
            last[4].rows.forget_after(first)
        self._read_numbers = self._read_flags_of = self._read_guards = None
        self._marks_since = None
        digests = self.library.digests
        kept = {id(digests[n]) for n in range(min(first, len(digests)))}
        for key in list(self._counts):  # (a copy: the UI thread may add counts meanwhile)
            if key not in kept:
                self._counts.pop(key, None)

    def search_changed(self) -> None:
        """The search texts arrived: searches are worked out again (counts are kept)."""
        self._last_view = None
        self._last_filters = None
        self._last_matched = None
        self._last_searched = None
        self._searched = {}

    @property
    def _story_count(self) -> int:
        return len(self.library.stories)

    def _digests_of(self, category: str) -> list[Digest]:
        """The digests carrying a (casefolded) label, newest first (kept per label)."""
        found = self._by_label.get(category)
        if found is None:
            found = self._by_label[category] = ([] if self._labels_indexed else
                                                [d for d in self.library.digests if category in self._labels_of(d)])
        return found

    def index_labels(self) -> None:
        """[worker] Every label's digests, in one pass over the digests: choosing a category then
        scans none of them (~12 ms a label at 50,000 digests)."""
        by_label: dict[str, list[Digest]] = {}
        for digest in self.library.digests:
            for label in self._labels_of(digest):
                by_label.setdefault(label, []).append(digest)
        for label, digests in by_label.items():
            self._by_label.setdefault(label, digests)  # (one the UI made meanwhile is the same list)
        self._labels_indexed = True

    def _listed_of(self, category: str | None, digests: list[Digest]) -> list[Digest]:
        """Of these digests, those with items (kept per label)."""
        found = self._listed.get(category)
        if found is None:
            found = self._listed[category] = [d for d in digests if d.item_count]
        return found

    def _fold_numbers_of(self, category: str | None, fold: list[Item]) -> array[int]:
        """The story numbers of a label's fold, in an array (kept per label: 4 bytes a story)."""
        found = self._fold_numbers.get(category)
        if found is None:
            found = self._fold_numbers[category] = array("i", map(story_of, fold))
        return found

    def read_flags(self, read: set[str], read_version: int) -> bytearray:
        """A byte per story, 1 for a read one (kept while the marks do not change; after a mark,
        the last flags brought up to date from the keys marked since, `_flags_since`)."""
        kept = self._read_flags_of
        if kept is not None and kept[0] == read_version:
            return kept[1]
        with self._read_numbers_lock:  # (the worker's `read_ahead` and the UI thread)
            flags = self._flags_since(read, read_version)
        if flags is None:
            numbers = self.read_stories(read, read_version)
            kept = self._read_flags_of
            if kept is not None and kept[0] == read_version:  # (brought up to date with the numbers)
                return kept[1]
            flags = bytearray(self._story_count)
            deque(map(flags.__setitem__, numbers, repeat(1)), maxlen=0)  # (a C loop)
            self._read_flags_of = (read_version, flags)
        return flags

    def _flags_since(self, read: set[str], read_version: int) -> bytearray | None:
        """[under the lock] The kept read flags at `read_version`, from the keys marked since
        `_marks_since` began: each of their stories' flags set as its key is now (kept). Setting
        a flag again is harmless, so flags made at any version since then come up to date so.
        None when the steps are not known, or too many keys changed (a pass over every read
        story costs less then)."""
        kept = self._read_flags_of
        since = self._marks_since
        if (kept is None or since is None or since[1] != read_version or not since[0] <= kept[0] <= read_version
                or len(since[2]) > MAX_MARKED_SINCE):
            return None
        if kept[0] == read_version:
            return kept[1]
        flags = bytearray(kept[1])  # (a copy: a flag per story, ~0.1 ms for 500,000)
        for key, number in self.library.stories.numbers_of(since[2]).items():
            flags[number] = key in read
        self._read_flags_of = (read_version, flags)
        return flags

    def read_ahead(self, read: set[str], read_version: int) -> None:
        """[worker] Work out the read flags for these marks now (a category's count needs them)."""
        if self.library.numbered:
            self.read_flags(read, read_version)

    def _fold_row(self, category: str | None, fold: list[Item], read: set[str], read_version: int) -> DigestRow:
        """The "All digests" row of a label's fold (each story once): its read stories looked up
        in the read flags, in C loops (~4 ms for 140,000 stories, where a set of them cost 11–18 ms)."""
        numbers = self._fold_numbers_of(category, fold)
        if not read or not numbers:
            return DigestRow(None, len(numbers), len(numbers))
        flags = self.read_flags(read, read_version)
        if category is None and len(numbers) == len(flags):  # (the whole list's fold: every story once)
            seen = flags.count(1)
        else:
            seen = self._gather(category, numbers, True)(flags).count(1)
        return DigestRow(None, len(numbers), len(numbers) - seen)

    def _texts_of(self, category: str | None, items: list[Item]) -> list[str] | None:
        """The search texts of a base list, in its order (kept per category once search texts load)."""
        if not self.library.search.ready:
            return None
        found = self._texts.get(category)
        if found is None or len(found) != len(items):
            found = self._texts[category] = [item.folded or "" for item in items]
        return found

    def prepare_search(self) -> None:
        """Line the search texts up with the whole list now (a worker calls this once they load)."""
        library = self.library
        if not library.search.ready:
            return
        items = self._base(None, library.digests)[0]
        texts = self._texts_of(None, items)
        if texts is not None and self.library.numbered:
            self._shape(None, library.digests, items, texts)

    def _frame(self, category: str | None, digests: list[Digest], items: list[Item]) -> tuple[list[int], list[int]]:
        """Where each digest's items start in a label's whole list, and the items' story numbers (kept per label)."""
        frame = self._frames.get(category)
        if frame is None or frame[0] is not items:
            frame = self._frames[category] = (items, [0, *accumulate(d.item_count for d in digests)],
                                               list(map(story_of, items)))
        return frame[1], frame[2]

    def _shape(self, category: str | None, digests: list[Digest], items: list[Item], texts: list[str]) -> Shape:
        """A label's whole list as a shape (kept per label)."""
        shape = self._shapes.get(category)
        if shape is None or shape[0] is not items or shape[1] is not texts:
            shape = self._shapes[category] = (items, texts, digests, *self._frame(category, digests, items))
        return shape

    def _positions(self, digests: Sequence[Digest]) -> dict[int, int]:
        """`rows.positions` of a view's digests, kept for the last list asked for: choosing a digest
        makes a view of the same list again (a dict of 50,000 digests cost ~7 ms each time)."""
        last = self._positions_of
        if last is not None and last[0] is digests and len(last[1]) == len(digests):
            return last[1]
        found = positions(digests)
        self._positions_of = (digests, found)
        return found

    def _gather(self, category: str | None, numbers: Sequence[int], fold: bool) -> Gather:
        """The `gatherer` of a label's story numbers (its base list's, or its fold's), kept per label."""
        found = self._gathers.get((category, fold))
        if found is None or found[0] is not numbers:
            found = self._gathers[(category, fold)] = (numbers, gatherer(numbers))
        return found[1]

    def _unread_hits(self, category: str | None, digests: list[Digest], base: tuple[list[Item], list[Item]],
                     read: set[str], read_version: int,
                     keep: frozenset[str]) -> tuple[list[Item], list[Digest], list[int], int, int] | None:
        """"Unread only" over a label's whole list (`base`: its items and their fold), in C loops:
        each item's story looked up in the read flags, `keep`'s stories shown though read.
        (matched items, digests with some, how many each, stories shown, unread stories); None
        when the items do not line up with their digests.

        What is shown is kept with the flags it was worked out from (read, but for `keep`'s):
        while they are the same (the filter toggled off and on again; an item marked read or
        unread under it, which `keep` holds) only the counts are worked out again, and no new
        list is made (a list of every item also costs the collector ~10 ms the next times it
        walks the young objects)."""
        items, fold = base
        bounds, stories = self._frame(category, digests, items)
        if bounds[-1] != len(items):
            return None
        read_flags = flags = self.read_flags(read, read_version)
        if keep:
            flags = bytearray(read_flags)
            deque(map(flags.__setitem__, self.library.stories.numbers(set(keep)), repeat(0)), maxlen=0)
        last = self._last_unread
        if last is not None and last[0] == category and last[1] is items and last[2] == flags:
            matched, listed, sizes, shown = last[3]
        else:
            hits = bytes(self._gather(category, stories, False)(flags)).translate(_UNREAD)
            matched, listed, sizes = _runs_of_hits(items, digests, bounds, hits)
            if category is None:  # (the whole list holds every story)
                shown = flags.count(0)
            else:  # (each of its stories once)
                shown = self._gather(category, self._fold_numbers_of(category, fold), True)(flags).count(0)
            self._last_unread = (category, items, bytes(flags), (matched, listed, sizes, shown))
        if not keep:
            unread = shown
        elif category is None:
            unread = read_flags.count(0)
        else:
            unread = self._gather(category, self._fold_numbers_of(category, fold), True)(read_flags).count(0)
        return matched, listed, sizes, shown, unread

    def _names(self) -> dict[str, str]:
        """Every author identity → its name as shown, casefolded."""
        display = self._display
        if display is None:
            authors = self.library.authors
            display = self._display = {ident: authors.display(ident).casefold() for ident in authors.identities()}
        return display

    def _named(self, needle: str) -> set[str]:
        """The author identities whose name as shown holds `needle` (casefolded)."""
        return {ident for ident, name in self._names().items() if needle in name}

    def _search_shape(self, shape: Shape, needle: str) -> tuple[list[Item], list[Digest], list[int], set[int]] | None:
        """A search done with C loops over a shape (every item of some digests, in order, with
        their texts and story numbers): (matched items, digests with matches, matches per digest,
        matched story numbers). None when authors' names match the needle (then items are
        tested one by one)."""
        if self._named(needle):
            return None
        items, texts, digests, bounds, stories = shape
        if bounds[-1] != len(items) or len(texts) != len(items):
            return None
        hits = bytes(map(contains, texts, repeat(needle)))  # the scan: one C loop over every text
        return _from_hits(items, digests, bounds, stories, hits)

    def _indexed(self, category: str | None, digests: list[Digest], items: list[Item],
                 needle: str) -> tuple[list[Item], list[Digest], list[int], set[int]] | None:
        """`_search_shape` of a label's list from the search postings, authors' names included
        (None: no postings yet)."""
        whole = self._whole
        if whole is None or category is None:
            return None
        searched = self._searched_for(whole, needle)
        blocks = whole.index.blocks
        guarded = b"".join([block.layouts[0].expand(one) for block, (one, _other) in zip(blocks, searched.bits)])
        hits = bytes(compress(guarded, self._mask(category, digests)))
        bounds, stories = self._frame(category, digests, items)
        if bounds[-1] != len(items) or len(hits) != len(items):
            return None
        return _from_hits(items, digests, bounds, stories, hits)

    def _searched_for(self, whole: Whole, needle: str) -> Searched:
        """What a search finds over the whole list (the last few kept)."""
        found = self._searched.get(needle)
        if found is None:
            found = self._searched[needle] = whole.searched(needle)
            while len(self._searched) > RECENT_SEARCHES:
                del self._searched[next(iter(self._searched))]
        return found

    def _mask(self, category: str, digests: list[Digest]) -> bytes:
        """Which positions of the postings' digests layout, all blocks joined, hold an item of a
        label's list (kept per label)."""
        found = self._masks.get(category)
        whole = self._whole
        if found is None and whole is not None:
            wanted = {id(digest) for digest in digests}
            parts = []
            for block, (first, end) in zip(whole.index.blocks, whole.ranges):
                for digest, size in zip(whole.digests[first:end], block.digest_sizes):
                    parts.append(b"\x00" + (b"\x01" if id(digest) in wanted else b"\x00") * size)
            found = self._masks[category] = b"".join(parts)
        return found or b""

    def second_text(self, item: Item) -> str:
        """What else a search finds an item by: its author's name as shown (casefolded), when
        its own text does not hold it (a copy naming no one carries the story's author)."""
        name = self._names().get(item.author_id or "", "")
        return name if name and name not in (item.folded or "") else ""

    def prepare_index(self) -> None:
        """[worker] Line the search postings up with the whole list, once both they and the
        story numbers are at hand (`prepare` and the search worker both call this)."""
        library = self.library
        index = library.search.index
        if index is None or not library.numbered or self._whole is not None:
            return
        with self._whole_lock:
            if self._whole is None:
                from tui.core.query.found import Whole  # (with the postings: not on the way to the first frame)

                try:
                    self._whole = Whole(library, index)
                except ValueError:
                    pass

    def _whole_view(self, needle: str, read: set[str], read_version: int, chosen: Digest | None) -> View:
        """The view of a search over the whole list, from the postings: counted at once, rows
        and items made as they are read."""
        whole = self._whole
        assert whole is not None
        searched = self._searched_for(whole, needle)
        unread = searched.stories
        if read:
            kept = self._read_guards
            if kept is None or kept[0] != read_version:
                since = self._marks_since
                if (kept is not None and since is not None and since[1] == read_version and since[0] <= kept[0]
                        and len(since[2]) <= MAX_MARKED_SINCE):
                    # The last guards, with the stories of the keys marked since set as they are now
                    # (as `_flags_since` brings the flags up to date: no pass over every read story).
                    kept[1].set({number: key in read for key, number in self.library.stories.numbers_of(since[2]).items()})
                    guards = kept[1]
                else:
                    guards = whole.read_guards(self.read_stories(read, read_version))
                kept = self._read_guards = (read_version, guards)
            unread -= searched.read_count(kept[1], self.read_flags(read, read_version))
        listed = searched.listed

        def make(index: int) -> DigestRow:
            own = searched.matches_in(listed[index])
            return DigestRow(listed[index], len(own), items=own, read=read)

        rows = RowList(DigestRow(None, searched.stories, unread), listed, make)
        if chosen is not None:
            index = rows.index_of(chosen)
            if index > 0:
                return View(rows, searched.matches_in(chosen), index)
        return View(rows, searched.fold(), 0)

    def _narrow(
        self, candidates: list[Item], filters: Filters, read: set[str], texts: list[str] | None = None,
        base_digests: list[Digest] | None = None, keep: frozenset[str] = frozenset(),
    ) -> list[Item]:
        """The candidates that pass the item-level filters, cheapest test first.

        `texts`, when given, are the candidates' search texts in the same order; `base_digests`,
        when given, are the digests whose items, all of them in order, the candidates are; `keep`:
        keys that pass "unread only" though read (see `build`)."""
        library = self.library
        items = candidates
        if (filters.authors is not None or filters.unread_only or filters.section or filters.new is not None
                or filters.source is not None):
            texts = None  # they no longer line up
        if filters.authors is not None:
            library.assign_author_ids()
            wanted = filters.authors
            if base_digests is not None and library.stories_ready and len(candidates) > AUTHOR_PREFILTER_MIN:
                # Only the items of digests that name the author: a few hundred digests of thousands.
                digests, stories = library.digests, library.stories
                places = set(stories.digests_by(library.author_tokens(wanted)))
                places.update(n for story in stories.numbers(set(library.carried_keys(wanted)))  # copies naming no one
                              for n in stories.carriers(story))
                if base_digests is digests:  # (every digest: those few, in list order, without a pass over the rest)
                    items = [item for n in sorted(places) for item in digests[n].items]
                else:
                    naming = {id(digests[n]) for n in places}
                    items = [item for digest in base_digests if id(digest) in naming for item in digest.items]
            items = [item for item in items if item.author_id in wanted]
        if filters.section:
            wanted_section = section_fold(filters.section)
            items = [item for item in items if in_section(item, wanted_section)]
        if filters.new is not None:
            new = filters.new.keys
            items = [item for item in items if item.key in new]
        if filters.source is not None:
            inside = matcher(library, Filters(source=filters.source), read)
            items = [item for item in items if inside(item)]
        if filters.unread_only:
            items = [item for item in items if item.key not in read or item.key in keep]
        if filters.search:
            needle = filters.search.casefold()
            library.assign_author_ids()
            named = {i for i in library.authors.identities() if needle in library.authors.display(i).casefold()}
            if library.search.ready and texts is not None and not named:
                return list(compress(items, map(contains, texts, repeat(needle))))  # a C loop over every text
            if library.search.ready:
                items = [i for i in items if needle in i.folded or i.author_id in named]  # type: ignore[operator]  # every item has its text once they are ready
            else:
                test = matcher(library, Filters(search=filters.search), read)
                items = [item for item in items if test(item)]
        return items

    def _labels_of(self, digest: Digest) -> frozenset[str]:
        found = self._labels.get(id(digest))
        if found is None:
            found = self._labels[id(digest)] = frozenset(label.casefold() for label in digest.labels())
        return found

    def last_view(self) -> View | None:
        """The view last built (None: none yet)."""
        return self._last_view[4] if self._last_view is not None else None

    def built(self, filters: Filters, read_version: int, chosen: Digest | None, search_version: int = 0,
              keep: frozenset[str] = frozenset()) -> View | None:
        """The last view if it is the one `build` would give for these (else None)."""
        cached = self._last_view
        if (cached is not None and cached[0] == filters and cached[1] == read_version and cached[2] == search_version
                and cached[3] is chosen and cached[5] == keep):
            return cached[4]
        return None

    def build(self, filters: Filters, read: set[str], read_version: int, chosen: Digest | None,
              defer_count: bool = False, search_version: int = 0, keep: frozenset[str] = frozenset(),
              marks_later: bool = False) -> View:
        """The view for `filters`. `read_version` must change whenever `read` does, and
        `search_version` whenever the search texts do.

        `keep`: keys read while this view was on screen; they stay listed under "unread only"
        (shown read, counted read) until the reader's view is refreshed, so what was just read
        does not vanish from under the cursor.

        `defer_count`: leave the "All digests" unread count to be worked out when first asked
        for (the first frame; the caller has it counted in a worker right after). `marks_later`:
        `read` holds the first screen's marks only, and the rest are added to it before that
        count (`Session.complete_read`): an empty `read` is then no sign that nothing is read."""
        cached = self.built(filters, read_version, chosen, search_version, keep)
        if cached is not None:
            return cached
        view = self._build(filters, read, read_version, chosen, defer_count, keep if filters.unread_only else frozenset(),
                           marks_later)
        self._last_view = (filters, read_version, search_version, chosen, view, keep)
        return view

    def _build(self, filters: Filters, read: set[str], read_version: int, chosen: Digest | None,
               defer_count: bool = False, keep: frozenset[str] = frozenset(), marks_later: bool = False) -> View:
        if read_version != self._counts_version:
            if self._changed is None:
                self._counts.clear()
            elif self._changed:
                for digest in digests_carrying(self.library, self._changed):
                    self._counts.pop(id(digest), None)
            self._changed = set()
            self._counts_version = read_version
            self._last_filters = None
        library = self.library
        category = filters.category.casefold() if filters.category else None
        digests = self._digests_of(category) if category else library.digests
        item_filters = replace(filters, category=None)
        matched: list[Item] | None
        everything: Sequence[Item] | None = None
        only_unread = item_filters == Filters(unread_only=True)
        all_row: DigestRow | None = None
        make: Callable[[int], DigestRow]
        if not item_filters.active:
            listed: Sequence[Digest] = self._listed_of(category, digests) if filters.active else digests
            counts = self._counts

            def make(index: int, listed: Sequence[Digest] = listed) -> DigestRow:
                digest = listed[index]
                known = counts.get(id(digest))
                if known is not None:
                    return DigestRow(digest, digest.item_count, known[1], stories=known[2])
                return DigestRow(digest, digest.item_count, read=read, cache=counts)

            if filters.category is None and None not in self._folds:
                # The first screen: the library's stories (saved with the index), items made only for the rows drawn.
                stories = library.stories
                everything = FoldItems(library.digests, stories)
                matched = None  # (only the rows drawn are made)
                all_row = DigestRow(None, len(stories), len(stories) if not read and not marks_later else None,
                                    keys=lambda: stories.key_set, read=read)
                if not defer_count:
                    all_row.count()
            else:
                matched, everything = self._base(filters.category, listed)
                if self.library.numbered and read:
                    all_row = self._fold_row(filters.category, everything, read, read_version)
        else:
            if (self._whole is not None and filters.category is None and self.library.numbered
                    and item_filters == Filters(search=filters.search)):
                self._last_filters = filters
                self._last_matched = None  # (nothing to narrow: the postings start from the last needles)
                self._last_searched = self._searched_for(self._whole, filters.search.casefold())
                return self._whole_view(filters.search.casefold(), read, read_version, chosen)
            base = self._base(filters.category, digests)
            candidates = base[0]
            last = self._last_filters
            if (
                last is not None
                and self._last_matched is not None
                and replace(last, search="") == replace(filters, search="")
                and filters.search.casefold().startswith(last.search.casefold())
            ):
                candidates = self._last_matched  # the new search extends the last one
            texts = self._texts_of(filters.category, candidates) if candidates is base[0] else None
            quick = None
            only_search = item_filters == Filters(search=filters.search)
            if self.library.numbered and only_search:  # from the postings, over the whole list
                quick = self._indexed(filters.category, digests, base[0], filters.search.casefold())
            if quick is None and self.library.numbered and texts is not None and only_search:
                # A first search over a whole list: counted with C loops, without touching items.
                shape = self._shape(filters.category, digests, candidates, texts)
                quick = self._search_shape(shape, filters.search.casefold())
            unread_hits = None
            if quick is None and self.library.numbered and only_unread and candidates is base[0]:
                unread_hits = self._unread_hits(filters.category, digests, base, read, read_version, keep)
            if unread_hits is not None:
                matched, listed, sizes, shown, unread = unread_hits
                everything = LazyFold(matched, self._story_count, shown)
                all_row = DigestRow(None, shown, unread)
            elif quick is not None:
                matched, listed, sizes, found = quick
                everything = LazyFold(matched, self._story_count, len(found))
                all_row = self._all_row(found, read, read_version)
            else:
                matched = self._narrow(candidates, item_filters, read, texts,
                                       digests if candidates is base[0] else None, keep)
                if only_unread and candidates is base[0]:
                    everything = [item for item in base[1] if item.key not in read or item.key in keep]  # read is per key
                runs = Counter(map(_digest_of, matched))  # matched is in digest order: one run per digest
                listed = list(runs)
                sizes = list(runs.values())
            starts = [0, *accumulate(sizes)]

            def make(index: int, listed: Sequence[Digest] = listed) -> DigestRow:
                return DigestRow(listed[index], sizes[index], items=matched, read=read,
                                 span=(starts[index], starts[index + 1]))

        self._last_filters = filters
        self._last_matched = matched
        self._last_searched = None
        if everything is None and self.library.numbered:
            assert matched is not None  # (made by every branch that leaves `everything` unset)
            found = set(map(story_of, matched))
            everything = LazyFold(matched, self._story_count, len(found))
            all_row = self._all_row(found, read, read_version)
        if everything is None:
            assert matched is not None
            everything = self._fold(matched)
        if all_row is None:  # everything holds each story once: count the read ones
            unread = len(everything) - sum(1 for i in everything if i.key in read) if read else len(everything)
            all_row = DigestRow(None, len(everything), unread)
        rows = RowList(all_row, listed, make, self._positions)
        if chosen is not None:
            index = rows.index_of(chosen)
            if index > 0:
                own = [item for item in matched or () if item.digest is chosen] if item_filters.active else chosen.items
                return View(rows, list(own), index)
        return View(rows, everything, 0)

    def runs(self, filters: Filters, read_version: int) -> Iterator[tuple[Digest, Iterable[Item]]] | None:
        """The items that pass `filters`, digest by digest in list order, as the last build worked
        them out (None: it was built for other filters or marks, or without item filters)."""
        last = self._last_view
        if last is None or last[0] != filters or last[1] != read_version or self._last_filters != filters:
            return None
        if self._last_matched is not None:
            return groupby(self._last_matched, key=_digest_of)  # (matched is in digest order)
        searched = self._last_searched
        if searched is not None:
            return ((digest, searched.matches_in(digest)) for digest in searched.listed)
        return None

    def listed_digests(self, category: str | None) -> Sequence[Digest]:
        """The digests a category (casefolded; None: every digest) lists, in order."""
        return self._listed_of(category, self._digests_of(category)) if category else self.library.digests

    def fold_labels(self, labels: int = 40, budget: int = 2_000_000) -> None:
        """Unpack and fold the most used labels' items while every kept list stays under
        `budget` item references (~8 bytes each), all of them included, with their story numbers
        (a worker's)."""
        library = self.library
        used = Counter(label for digest in library.digests for label in digest.labels())
        kept = sum(len(matched) + len(fold) for matched, fold in list(self._folds.values()))
        for label, _uses in used.most_common(labels):
            base = self._folds.get(label)
            if base is None:
                digests = self._digests_of(label.casefold())
                size = sum(d.item_count for d in digests) * 2
                if kept + size > budget:
                    break
                kept += size
                base = self._base(label, digests)
            if library.numbered:
                self._fold_numbers_of(label, base[1])  # (its count, once marks are read)

    def prepare(self, labels: int = 40, budget: int = 2_000_000) -> None:
        """Unpack every item and fold them now, and the same for the most used labels while the
        kept lists stay under `budget` item references (a worker calls this after the first
        screen, so choosing a category later costs little)."""
        library = self.library
        library.number_stories()  # unpacks every item
        everything = self._base(None, library.digests)
        library.assign_author_ids()
        self.index_labels()
        self.fold_labels(labels, budget)
        if self.library.numbered:
            library.stories.share_keys(everything[1])  # the key → story table, from the items' own keys
            stories = self._frame(None, library.digests, everything[0])[1]  # ("unread only", a search's C loops)
            self._gather(None, stories, False)
        library.stories.numbers(set())  # (made now rather than on a keystroke)
        library.label_counts()  # what the pickers list
        library.section_counts()
        library.author_counts()
        self.prepare_index()  # (when the search postings came first)

    def _all_row(self, stories: set[int], read: set[str], read_version: int) -> DigestRow:
        """The "All digests" row for a list holding these stories."""
        unread = unread_count(stories, self.read_stories(read, read_version)) if read else len(stories)
        return DigestRow(None, len(stories), unread)

    def read_stories(self, read: set[str], read_version: int) -> set[int]:
        """The story numbers of the read keys (kept while the marks do not change; from the last
        ones and the keys marked since, when every step since is known: a mark costs a copy of the
        set, not a lookup of every read key)."""
        with self._read_numbers_lock:  # (the worker's `read_ahead` and the UI thread)
            cached = self._read_numbers
            if cached is not None and cached[0] == read_version:
                return cached[1]
            since = self._marks_since
            stories = self.library.stories
            if cached is not None and since is not None and since[0] == cached[0] and since[1] == read_version:
                self._flags_since(read, read_version)  # (the flags come along: the steps are forgotten below)
                numbers = set(cached[1])
                for key, number in stories.numbers_of(since[2]).items():
                    if key in read:
                        numbers.add(number)
                    else:
                        numbers.discard(number)
            else:
                numbers = stories.numbers(read)
            self._read_numbers = (read_version, numbers)
            self._marks_since = (read_version, read_version, frozenset())
            return numbers

    def _fold(self, items: list[Item]) -> list[Item]:
        """Each story once: by story numbers once the library has given them, else by key."""
        if self.library.numbered:
            return fold_stories(items, self._story_count)
        return fold_by_key(items)

    def _base(self, category: str | None, digests: Sequence[Digest]) -> tuple[list[Item], list[Item]]:
        """Every item of these digests (unpacked) and their fold, kept per category."""
        base = self._folds.get(category)
        if base is None:
            matched = [item for digest in digests for item in digest.items]
            base = self._folds[category] = (matched, self._fold(matched))
        return base
