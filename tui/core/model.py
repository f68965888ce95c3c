"""The digest and item records shared by the parser, the cache, the library and the UI.

Records only: nothing here reads a file or imports the parser. A digest read from the index
cache gets its items from `Digest.source`, which the cache supplies (it falls back to reading
the file itself).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(slots=True, eq=False)
class Item:
    """One entry of a digest's top-level ordered list."""

    number: int
    """1-based position of the item in its digest."""
    headline: str
    """The link text without the author suffix (or the first line, without a link)."""
    author: str | None
    """The author suffix as written (`... - Name`), if any."""
    handle: str | None
    """The X/Twitter handle named by the link, if any (case as written)."""
    url: str | None
    """The link as written, if any."""
    key: str
    """Canonical story key (FORMAT.md §4); read state is kept per key."""
    digest: Digest | None = None
    """The digest that carries this item (set by the library)."""
    author_id: str | None = None
    """Author identity: `@handle` (lower case) or `name:<casefolded name>` (set by the library)."""
    folded: str | None = None
    """Casefolded headline, author and summary, for text search (set when search texts load)."""
    story: int = -1
    """Story number (see stories.py; -1 until the library numbers its items)."""
    section: str | None = None
    """The section headings above the item, joined by ` › ` (None: none)."""
    place: int = -1
    """0-based position of the item in its file (-1: `number - 1`); differs from the number
    when boilerplate items before it are not shown."""

    @property
    def file_place(self) -> int:
        """Where the item sits among its file's items (what summaries and search texts index)."""
        return self.place if self.place >= 0 else self.number - 1


_UNPACK = threading.Lock()
"""One thread at a time unpacks a digest's items, so each item exists once."""

SEP = "\x00"
"""Separates packed item fields (NUL never survives decoding: it becomes U+FFFD)."""
NONE = "\x01"
"""Stands for a missing author, handle or link in packed fields."""

Packed = tuple[str, str, str, str, str, str]
"""A digest's items as six SEP-joined strings: headlines, authors, handles, urls, keys, sections."""
Layout = tuple[int, bytes]
"""Where the items sit in the file: the body's first line, and (start, end, indent) per item as
array('I') bytes; lets a summary be cut out of the file without parsing it again."""
EMPTY: Packed = ("", "", "", "", "", "")


def stem_of(path: str) -> str:
    """The file name without its extension, as `pathlib.PurePath.stem` gives it (without making a Path)."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def packed_count(packed: Packed) -> int:
    """How many items packed fields hold."""
    return packed[4].count(SEP) + 1 if packed[4] or packed[0] else 0


@dataclass(slots=True, eq=False)
class Digest:
    """One Markdown file: an edition of a digest."""

    path: str
    """Absolute path of the file."""
    stem: str
    """The file name without its extension: the digest's id."""
    title: str
    date: datetime
    """Publication time, always timezone-aware."""
    date_source: str
    """Where the date came from: `front matter`, `file name` or `mtime`."""
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    """Problems met while reading this file (it was still read)."""
    mtime_ns: int = 0
    size: int = 0
    packed: Packed | None = None
    """Items as the index cache keeps them (headlines, authors, handles, urls, keys), unpacked on use."""
    source: tuple[Any, ...] | None = None
    """Reads the packed items (and layout) when first needed: a function and its arguments
    (a tuple: 10,000 of them cost a third of what as many `partial`s do), supplied by the index
    cache, which reads the file again when its copy fails (None: nothing to read)."""
    count: int = 0
    """How many items (known from the index without reading them)."""
    form: str = "main"
    """How the file lays its items out: `main` (a numbered list of linked headlines, read by the
    fast scanner) or the kinds of blocks that are items (`list`, `heading`, `enum`), joined by `+`."""
    layout: Layout | None = None
    """Where the items sit in the file (None: unknown, summaries need a full parse)."""
    _items: list[Item] | None = None
    hidden: frozenset[str] = frozenset()
    """Story keys not shown as items (boilerplate: carried by most digests of the folder); set
    before the items are first read. `count` is then the number shown."""
    _dropped: tuple[str, ...] = ()
    """The keys of the items `hidden` kept out when the items were unpacked."""

    @property
    def items(self) -> list[Item]:
        """The items, in the digest's order (unpacked from the cache on first use, by one thread)."""
        items = self._items
        if items is None:
            with _UNPACK:
                items = self._items
                if items is None:
                    packed = self.packed if self.packed is not None else self._fetch()
                    try:
                        items = unpack_items(self, packed) if packed else []
                    except ValueError:  # (the cache checks fields before handing them out)
                        items = []
                    if self.hidden:
                        self._dropped = tuple(item.key for item in items if item.key in self.hidden)
                        items = [item for item in items if item.key not in self.hidden]
                        for number, item in enumerate(items, start=1):
                            item.number = number
                    self._items = items
                    self.count = len(items)
                    self.packed = None  # after _items is set: readers see one or the other
                    self.source = None
        return items

    @items.setter
    def items(self, value: list[Item]) -> None:
        self._items = value
        self.count = len(value)
        self.packed = None
        self.source = None

    def _fetch(self) -> Packed | None:
        """The packed items from the source (caller holds _UNPACK)."""
        source, self.source = self.source, None
        found = source[0](*source[1:]) if source is not None else None
        packed = None
        if found is not None:
            packed, self.layout = found
        if packed is not None and not self.hidden:
            self.count = packed_count(packed)
        return packed

    def _packed_now(self) -> Packed | None:
        """The packed fields if the items are not unpacked yet (safe beside another thread)."""
        if self._items is not None:
            return None
        packed = self.packed
        if packed is None and self.source is not None:
            with _UNPACK:
                if self._items is not None:
                    return None
                packed = self.packed
                if packed is None:
                    packed = self.packed = self._fetch()
        return packed

    @property
    def item_count(self) -> int:
        """How many items, without reading or unpacking them."""
        items = self._items
        if items is not None:
            return len(items)
        packed = self.packed
        return packed_count(packed) if packed is not None and not self.hidden else self.count

    @property
    def unpacked(self) -> bool:
        """Whether the items have been read (`hide` can no longer change them)."""
        return self._items is not None

    def hide(self, keys: frozenset[str]) -> None:
        """Show no item with these keys (boilerplate); the count follows."""
        if keys == self.hidden or self._items is not None:
            return
        self.hidden = keys
        self.count = len(self.keys())

    def all_keys(self) -> list[str]:
        """The keys of every item of the file, those not shown included."""
        packed = self._packed_now()
        if packed is not None:
            return _keys_of(packed)
        return [item.key for item in self.items] + list(self._dropped)

    def keys(self) -> list[str]:
        """The items' story keys, without unpacking the rest."""
        packed = self._packed_now()
        if packed is not None:
            keys = _keys_of(packed)
            return [key for key in keys if key not in self.hidden] if self.hidden else keys
        return [item.key for item in self.items]

    def author_pairs(self) -> list[tuple[str | None, str | None]]:
        """(handle, author suffix) of each item, without unpacking the rest."""
        packed = self._packed_now()
        if packed is not None:
            if not packed[4] and not packed[0]:
                return []
            handles = [None if h == NONE else h for h in packed[2].split(SEP)]
            authors = [None if a == NONE else a for a in packed[1].split(SEP)]
            if self.hidden:
                return [pair for pair, key in zip(zip(handles, authors), _keys_of(packed)) if key not in self.hidden]
            return list(zip(handles, authors))
        return [(item.handle, item.author) for item in self.items]

    def sections(self) -> list[tuple[str, str | None]]:
        """(key, section) of each item, without unpacking the rest."""
        packed = self._packed_now()
        if packed is not None:
            if not packed[4] and not packed[0]:
                return []
            keys = _keys_of(packed)
            pairs = list(zip(keys, [None if s == NONE else s for s in packed[5].split(SEP)]))
            return [pair for pair in pairs if pair[0] not in self.hidden] if self.hidden else pairs
        return [(item.key, item.section) for item in self.items]

    def labels(self) -> tuple[str, ...]:
        """Categories then tags: what a category filter matches."""
        return self.categories + self.tags


def _keys_of(packed: Packed) -> list[str]:
    """Every item's key from packed fields (an empty key field means the URL is the key)."""
    if not packed[4] and not packed[0]:
        return []
    keys = packed[4].split(SEP)
    if not any(keys):
        return packed[3].split(SEP)  # (the usual case: every key is its link)
    if "" not in keys:
        return keys
    return [key or url for key, url in zip(keys, packed[3].split(SEP))]


def pack_items(items: list[Item]) -> Packed:
    """Item fields as five strings, for the index cache (a key equal to its URL is left empty)."""
    return (
        SEP.join(i.headline for i in items),
        SEP.join(i.author if i.author is not None else NONE for i in items),
        SEP.join(i.handle if i.handle is not None else NONE for i in items),
        SEP.join(i.url if i.url is not None else NONE for i in items),
        SEP.join("" if i.key == i.url else i.key for i in items),
        SEP.join(i.section if i.section is not None else NONE for i in items),
    )


def unpack_items(digest: Digest, packed: Packed) -> list[Item]:
    """Items from their packed fields."""
    headlines, authors, handles, urls, keys, sections = (field.split(SEP) for field in packed)
    if not (len(headlines) == len(authors) == len(handles) == len(urls) == len(keys) == len(sections)):
        raise ValueError("packed item fields disagree")
    if len(headlines) == 1 and not packed[0] and not packed[4]:
        return []
    return [
        Item(number, headline, None if author == NONE else author, None if handle == NONE else handle,
             None if url == NONE else url, key or url, digest, section=None if section == NONE else section,
             place=number - 1)
        for number, (headline, author, handle, url, key, section)
        in enumerate(zip(headlines, authors, handles, urls, keys, sections), start=1)
    ]


NO_ITEMS = "no items"
"""Why a file is not a digest: it holds no items (a README, a section page, an empty file)."""


@dataclass(slots=True)
class Problem:
    """A file that was skipped or read only in part, and why."""

    path: str
    reason: str

    @property
    def not_a_digest(self) -> bool:
        """A file with no items: not listed, and no warning either (the problems list names it)."""
        return self.reason == NO_ITEMS

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
