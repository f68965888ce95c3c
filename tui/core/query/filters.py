"""Filters over items: category or tag, author identity, text, unread."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from tui.core.corpus.library import Library
from tui.core.model import Digest, Item
from tui.core.query.groups import under


@dataclass(frozen=True, eq=False, slots=True)
class NewStories:
    """The stories that arrived after a time (see query/arrivals.py); compared by identity."""

    since: float
    keys: frozenset[str]
    paths: frozenset[str] = frozenset()
    """The files of the digests that carry them (each holds every copy of its new stories)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What the user narrowed to; every set field must match (AND)."""

    category: str | None = None
    """A category or tag name (case-insensitive)."""
    authors: frozenset[str] | None = None
    """Author identities (see AuthorBook.resolve); None means any author."""
    search: str = ""
    """Case-insensitive substring of headline, author or summary."""
    unread_only: bool = False
    section: str | None = None
    """A section name: an item's whole section chain or any heading in it (case-insensitive)."""
    new: NewStories | None = None
    """Only the stories that arrived after a time (the "New" row, `--new`, `--since`)."""
    source: str | None = None
    """Only the digests of one source: the folder (or file) given, as an absolute path."""

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return bool(self.category or self.authors is not None or self.search or self.unread_only or self.section
                    or self.new is not None or self.source is not None)


SECTION_SEPARATOR = " › "


_MARKS = frozenset(("So", "Sk", "Cf", "Mn", "Zs"))
"""What a heading's name may be decorated with at either end: emoji (and their variation
selectors and joiners), symbols, spaces. Not `+` or `#`: `C++` and `C#` are names."""


def section_fold(name: str) -> str:
    """A section name as a filter compares it: casefolded, without the emoji or symbols around it
    (`--section 今日头条` finds `🔥 今日头条`); each heading of a chain so."""
    folded = name.casefold()
    if SECTION_SEPARATOR in folded:
        return SECTION_SEPARATOR.join(map(section_fold, folded.split(SECTION_SEPARATOR)))
    if folded[:1].isalnum() and folded[-1:].isalnum():  # (most names: nothing around them)
        return folded
    start, end = 0, len(folded)
    while start < end and unicodedata.category(folded[start]) in _MARKS:
        start += 1
    while end > start and unicodedata.category(folded[end - 1]) in _MARKS:
        end -= 1
    return folded[start:end] if start < end else folded


def section_names(section: str | None) -> list[str]:
    """The chain and each heading in it: what a section filter matches (`section_fold`ed)."""
    if not section:
        return []
    folded = section_fold(section)
    return [folded, *folded.split(SECTION_SEPARATOR)] if SECTION_SEPARATOR in folded else [folded]


def in_section(item: Item, wanted: str) -> bool:
    """Whether an item lies in a section (`wanted` `section_fold`ed)."""
    return wanted in section_names(item.section)


def _label_match(digest: Digest, wanted: str) -> bool:
    return any(label.casefold() == wanted for label in digest.labels())


def matcher(library: Library, filters: Filters, read: set[str]) -> Callable[[Item], bool]:
    """A predicate for `filters`. Summaries are read lazily, only for items still in question."""
    category = filters.category.casefold() if filters.category else None
    authors = filters.authors
    author_id = library.author_id
    needle = filters.search.casefold()
    section = section_fold(filters.section) if filters.section else None
    new = filters.new.keys if filters.new is not None else None
    source = filters.source
    source_ok: dict[int, bool] = {}
    digest_ok: dict[int, bool] = {}

    def test(item: Item) -> bool:
        digest = item.digest
        if source is not None and digest is not None:
            inside = source_ok.get(id(digest))
            if inside is None:
                inside = source_ok[id(digest)] = under(digest.path, source)
            if not inside:
                return False
        if category is not None and digest is not None:
            ok = digest_ok.get(id(digest))
            if ok is None:
                ok = digest_ok[id(digest)] = _label_match(digest, category)
            if not ok:
                return False
        if authors is not None and author_id(item) not in authors:
            return False
        if filters.unread_only and item.key in read:
            return False
        if new is not None and item.key not in new:
            return False
        if section is not None and not in_section(item, section):
            return False
        if needle:
            if needle in library.author_name(item).casefold():
                return True
            if item.folded is not None:
                return needle in item.folded
            if needle in item.headline.casefold():
                return True
            return needle in library.summary(item).casefold()
        return True

    return test


def filter_items(library: Library, items: Iterable[Item], filters: Filters, read: set[str]) -> Iterator[Item]:
    """The items that pass every filter, in the order given."""
    test = matcher(library, filters, read)
    return (item for item in items if test(item))
