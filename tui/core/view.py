"""What the reader shows for a set of filters: digest rows with counts, and the chosen items.

Built for 160,000 items per keystroke: digest-level filters (category) skip whole digests,
per-digest counts are cached until the read marks change, repeats are folded with dict
operations, and a search that extends the previous one only looks among its matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from itertools import groupby
from operator import attrgetter

from tui.core.filters import Filters, matcher
from tui.core.stories import FoldItems
from tui.core.library import Library
from tui.core.model import Digest, Item


class DigestRow:
    """One row of the digest list: a digest (None for "All digests") and its counts.

    The unread count is worked out when first asked for: only visible rows ever are.
    """

    __slots__ = ("digest", "shown", "_items", "_read", "_unread", "_cache", "_keys")

    def __init__(self, digest: Digest | None, shown: int, unread: int | None = None,
                 items: list[Item] | None = None, read: set[str] | None = None,
                 cache: dict[int, tuple[int, int]] | None = None,
                 keys: Callable[[], AbstractSet[str]] | None = None) -> None:
        self.digest = digest
        self.shown = shown
        """Items that pass the filters (each story once for "All digests")."""
        self._unread = unread
        self._items = items
        self._read = read
        self._cache = cache
        self._keys = keys
        """The row's story keys, when neither a digest nor items give them."""
        """Where a digest's whole count is kept once worked out (unfiltered rows only)."""

    @property
    def unread(self) -> int:
        """Of the items shown, how many stories are unread."""
        if self._unread is None:
            if self._keys is not None:
                found = self._keys()
                read = self._read or set()
                self._unread = len(found) - (len(found & read) if len(read) < len(found) else len(read & found))
            else:
                if self._items is None and self.digest is not None:
                    keys = set(self.digest.keys())
                else:
                    keys = {item.key for item in self._items or ()}
                self._unread = len(keys.difference(self._read or ()))
            if self._cache is not None and self.digest is not None:
                self._cache[id(self.digest)] = (self.shown, self._unread)
            self._items = self._read = self._cache = self._keys = None
        return self._unread

    def __repr__(self) -> str:
        return f"DigestRow({self.digest.stem if self.digest else 'All'}, shown={self.shown})"


@dataclass(slots=True)
class View:
    """The digest rows and the items of the chosen row."""

    rows: list[DigestRow] = field(default_factory=list)
    items: Sequence[Item] = field(default_factory=list)
    chosen: int = 0
    """Index into rows of the chosen digest (0: "All digests")."""


_digest_of = attrgetter("digest")


def fold_first(items: list[Item]) -> list[Item]:
    """Each story once, at its first (newest) place, in order."""
    keys = [item.key for item in items]
    first = dict(zip(reversed(keys), reversed(items)))
    return [first[key] for key in dict.fromkeys(keys)]


class ViewBuilder:
    """Builds views for one library, reusing what the last build worked out."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._counts: dict[int, tuple[int, int]] = {}
        self._counts_version = -1
        self._labels: dict[int, frozenset[str]] = {}
        self._last_filters: Filters | None = None
        self._last_matched: list[Item] | None = None
        self._folds: dict[str | None, tuple[list[Item], list[Item]]] = {}
        """Category (None: all) → (matched, folded): these do not depend on read marks."""
        self._last_view: tuple[Filters, int, Digest | None, View] | None = None
        self._changed: set[str] | None = set()
        """Keys whose marks changed since the counts were made (None: unknown, recount all)."""

    def marks_changed(self, keys: list[str] | None) -> None:
        """These keys were marked read or unread (None: anything may have changed)."""
        if keys is None or self._changed is None:
            self._changed = None
        else:
            self._changed.update(keys)

    def _narrow(self, candidates: list[Item], filters: Filters, read: set[str]) -> list[Item]:
        """The candidates that pass the item-level filters, cheapest test first."""
        library = self.library
        items = candidates
        if filters.authors is not None:
            library.assign_author_ids()
            wanted = filters.authors
            items = [item for item in items if item.author_id in wanted]
        if filters.unread_only:
            items = [item for item in items if item.key not in read]
        if filters.search:
            needle = filters.search.casefold()
            library.assign_author_ids()
            named = {i for i in library.authors.identities() if needle in library.authors.display(i).casefold()}
            if library.search.ready:
                items = [i for i in items if needle in i.folded or i.author_id in named]  # type: ignore[operator]
            else:
                test = matcher(library, Filters(search=filters.search), read)
                items = [item for item in items if test(item)]
        return items

    def _labels_of(self, digest: Digest) -> frozenset[str]:
        found = self._labels.get(id(digest))
        if found is None:
            found = self._labels[id(digest)] = frozenset(label.casefold() for label in digest.labels())
        return found

    def build(self, filters: Filters, read: set[str], read_version: int, chosen: Digest | None) -> View:
        """The view for `filters`. `read_version` must change whenever `read` does."""
        cached = self._last_view
        if cached is not None and cached[0] == filters and cached[1] == read_version and cached[2] is chosen:
            return cached[3]
        view = self._build(filters, read, read_version, chosen)
        self._last_view = (filters, read_version, chosen, view)
        return view

    def _build(self, filters: Filters, read: set[str], read_version: int, chosen: Digest | None) -> View:
        if read_version != self._counts_version:
            if self._changed is None:
                self._counts.clear()
            elif self._changed:
                carriers = self.library.carriers
                for key in self._changed:
                    for digest in carriers.get(key, ()):
                        self._counts.pop(id(digest), None)
            self._changed = set()
            self._counts_version = read_version
            self._last_filters = None
        library = self.library
        category = filters.category.casefold() if filters.category else None
        digests = [d for d in library.digests if category in self._labels_of(d)] if category else library.digests
        item_filters = replace(filters, category=None)
        rows: list[DigestRow] = []
        matched: list[Item]
        everything: list[Item] | None = None
        only_unread = item_filters == Filters(unread_only=True)
        all_row: DigestRow | None = None
        if not item_filters.active:
            for digest in digests:
                total = digest.item_count
                if total or not filters.active:
                    counts = self._counts.get(id(digest))
                    rows.append(DigestRow(digest, total, counts[1]) if counts else
                                DigestRow(digest, total, read=read, cache=self._counts))
            shown: list[Digest] = [row.digest for row in rows]  # type: ignore[misc]
            if filters.category is None and None not in self._folds:
                # The first screen: the library's fold (saved with the index), items made only for the rows drawn.
                stories = library.stories
                everything = FoldItems(library.digests, stories)
                matched = None  # type: ignore[assignment]
                all_row = DigestRow(None, len(stories), len(stories) if not read else None,
                                    keys=lambda: stories.key_set, read=read)
            else:
                matched, everything = self._base(filters.category, shown)
        else:
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
            matched = self._narrow(candidates, item_filters, read)
            if only_unread and candidates is base[0]:
                everything = [item for item in base[1] if item.key not in read]  # read is per key
            for digest, group in groupby(matched, key=_digest_of):
                found = list(group)
                rows.append(DigestRow(digest, len(found), items=found, read=read))
        self._last_filters = filters
        self._last_matched = matched
        if everything is None:
            everything = fold_first(matched)
        if all_row is None:
            all_row = DigestRow(None, len(everything), len({item.key for item in everything}.difference(read)))
        rows.insert(0, all_row)
        if chosen is not None:
            for index, row in enumerate(rows):
                if row.digest is chosen:
                    own = [item for item in matched if item.digest is chosen] if item_filters.active else chosen.items
                    return View(rows, list(own), index)
        return View(rows, everything, 0)  # type: ignore[arg-type]

    def prepare(self) -> None:
        """Unpack every item and fold them now (a worker calls this after the first screen)."""
        self._base(None, self.library.digests)
        self.library.assign_author_ids()

    def _base(self, category: str | None, digests: list[Digest]) -> tuple[list[Item], list[Item]]:
        """Every item of these digests (unpacked) and their fold, kept per category."""
        base = self._folds.get(category)
        if base is None:
            matched = [item for digest in digests for item in digest.items]
            base = self._folds[category] = (matched, fold_first(matched))
        return base


def build_view(library: Library, filters: Filters, read: set[str], chosen: Digest | None) -> View:
    """One view, without reuse (tests and one-off callers)."""
    return ViewBuilder(library).build(filters, read, 0, chosen)
