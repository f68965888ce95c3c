"""The index cache: what earlier runs parsed, reused while a file's mtime and size are unchanged.

One file in the user cache dir per set of folders. A small head (digest records in the order the
reader lists them, plus data derived from all of them) comes first, checked by its own CRC-32;
each digest's items follow as a separate marshal blob with its own CRC-32, read only when that
digest's items are first needed. A start-up therefore reads the head alone. Summaries are not kept.
Anything wrong with the file reads as "no cache" (or, for one blob, as "read that file again").
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
import zlib
from datetime import datetime
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

from tui.core.cache import checked_file
from tui.core.format import RULES
from tui.core.model import EMPTY, SEP, Digest, Layout, Packed, pack_items, packed_count, stem_of

SCHEMA = 5
FILE_SCHEMA = SCHEMA * 1000 + RULES
"""The schema the file says: this format's and the reading rules' (`format.RULES`)."""
MAGIC = b"BRIEFIX5"
COLUMNS = ("path", "stem", "mtime_ns", "size", "title", "date", "date_source", "categories", "tags",
           "warnings", "count", "form", "offset", "length", "crc")
"""The head keeps one list per field (fewer, smaller objects to load than a tuple per digest)."""
Record = tuple[Any, ...]
"""(mtime_ns, size, title, date ISO, date source, categories, tags, warnings, items blob, its CRC-32,
form): the items blob is the marshalled (packed items, layout) the cache file keeps, made where the
file was parsed (a worker), so the parent neither marshals it nor unpickles the strings in it."""
Records = dict[str, Record]


def encode(digest: Digest) -> Record:
    """A freshly parsed digest as a record of plain values."""
    packed = digest.packed if digest.packed is not None else pack_items(digest.items)
    blob = marshal.dumps((packed, digest.layout))
    return (
        digest.mtime_ns,
        digest.size,
        digest.title,
        digest.date.isoformat(),
        digest.date_source,
        tuple(digest.categories),
        tuple(digest.tags),
        tuple(digest.warnings),
        blob,
        zlib.crc32(blob),
        digest.form,
    )


def _check_packed(packed: object) -> Packed:
    """Packed item fields as the model unpacks them: six strings with as many entries each."""
    if type(packed) is not tuple or len(packed) != 6 or not all(type(p) is str for p in packed):
        raise ValueError("bad packed items")
    if len({field.count(SEP) for field in packed}) != 1:
        raise ValueError("packed item fields disagree")
    return packed


def _check_layout(layout: object) -> Layout | None:
    if layout is None:
        return None
    if (type(layout) is not tuple or len(layout) != 2 or type(layout[0]) is not int or type(layout[1]) is not bytes
            or len(layout[1]) % 12):
        raise ValueError("bad layout")
    return layout


def decode(path: str, record: Record) -> Digest:
    """A digest from a fresh record (items stay packed). Raises on a malformed record."""
    mtime_ns, size, title, date, source, categories, tags, warnings, blob, _crc, form = record
    digest = _digest(path, (mtime_ns, size, title, date, source, categories, tags, warnings))
    digest.form = str(form)
    if type(blob) is not bytes:
        raise ValueError("bad items blob")
    packed, layout = marshal.loads(blob)
    digest.packed = _check_packed(packed)
    digest.layout = _check_layout(layout)
    digest.count = packed_count(digest.packed)
    return digest


def _digest(path: str, head: tuple[Any, ...]) -> Digest:
    mtime_ns, size, title, date, source, categories, tags, warnings = head
    when = datetime.fromisoformat(date)
    if when.tzinfo is None:
        raise ValueError("naive date in cache")
    return Digest(path, stem_of(path), str(title), when, str(source), tuple(categories), tuple(tags),
                  tuple(warnings), int(mtime_ns), int(size))


def _stamp(head: bytes, crc: int | None = None) -> int:
    """The head's CRC-32 (`crc` when known) and Adler-32."""
    return (zlib.crc32(head) if crc is None else crc) << 32 | zlib.adler32(head)


class Blobs:
    """Reads digests' item blobs from an open cache file (it stays valid if the file is replaced)."""

    def __init__(self, fd: int, base: int) -> None:
        self._fd = fd
        self._base = base
        self._lock = threading.Lock()

    def raw(self, offset: int, length: int, crc: int) -> bytes | None:
        """One blob's bytes, or None when they cannot be read or fail their check."""
        with self._lock:
            if self._fd < 0:
                return None
            return checked_file.read_part(self._fd, (self._base + offset, length, crc))

    def packed(self, offset: int, length: int, crc: int) -> tuple[Packed, Layout | None] | None:
        """One digest's packed items and layout, or None (the caller then reads the digest's file)."""
        blob = self.raw(offset, length, crc)
        if blob is None:
            return None
        try:
            packed, layout = marshal.loads(blob)
            return _check_packed(packed), _check_layout(layout)
        except (ValueError, EOFError, TypeError):
            return None

    def close(self) -> None:
        with self._lock:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001, S110 - nothing to do at interpreter exit
            pass


class Index:
    """What a cache file holds: digests (items unread) in list order, and derived data. (A
    plain class: a dataclass costs the reader's start ~0.5 ms to make.)"""

    def __init__(self, derived: dict[str, Any] | None = None, blobs: Blobs | None = None, stamp: int | None = None) -> None:
        self.digests: list[Digest] = []
        self.place_columns: tuple[list[str], list[int], list[int], list[int]] | None = None
        """Paths, offsets, lengths and CRC-32s of the item blobs (made into `places` when needed)."""
        self._places: dict[str, tuple[int, int, int]] | None = None
        self.counts: list[int] = []
        """Each digest's count of items shown (the head's column: a look at it costs no attribute lookups)."""
        self.derived: dict[str, Any] = derived if derived is not None else {}
        self.blobs = blobs
        self.stamp = stamp
        """The head's CRC-32 and Adler-32: names this content (derived caches are tied to it)."""

    @property
    def places(self) -> dict[str, tuple[int, int, int]]:
        """Path → (offset, length, CRC-32) of its item blob."""
        if self._places is None:
            paths, offsets, lengths, checks = self.place_columns or ([], [], [], [])
            self._places = dict(zip(paths, zip(offsets, lengths, checks)))
        return self._places


def reparse(path: str) -> tuple[Packed, Layout | None]:
    """A digest's packed items and layout read from its file again (the cache could not give
    them); no items when the file cannot be read any more."""
    from tui.core.format.parser import SkipFile, read_file  # only when a blob fails

    try:
        digest = read_file(path, summaries=False).digest
    except (OSError, SkipFile):
        return EMPTY, None
    except Exception:  # noqa: BLE001 - a file that changed into something unreadable shows no items
        return EMPTY, None
    return pack_items(digest.items), digest.layout


def _items_of(blobs: Blobs, path: str, offset: int, length: int, crc: int) -> tuple[Packed, Layout | None]:
    """A digest's items from its blob, else from its file (what `Digest.source` calls)."""
    found = blobs.packed(offset, length, crc)
    return found if found is not None else reparse(path)


def read_head(file: Path) -> checked_file.Opened | None:
    """The cache file opened and its head read and checked (what `load` takes; a thread may
    read it beforehand: see `prefetch`)."""
    return checked_file.read_first(file, MAGIC, FILE_SCHEMA, 1, 1, adler=True)


def load(file: Path | None, opened: checked_file.Opened | None = None) -> Index:
    """The cache's digests and derived data; empty when the file is missing, corrupt or foreign.
    `opened`: the file's head, already read (by `read_head`)."""
    if opened is None:
        opened = read_head(file) if file is not None else None
    if opened is None:
        return Index()
    fd, (place,), tail, (head,), (adler,) = opened
    try:
        if head is None:
            raise ValueError("corrupt head")
        columns, derived = marshal.loads(head)
        if not isinstance(columns, tuple) or len(columns) != len(COLUMNS) or not isinstance(derived, dict):
            raise ValueError("bad head")
        if len({len(column) for column in columns}) > 1:
            raise ValueError("columns of different lengths")
    except (ValueError, EOFError, TypeError):
        os.close(fd)
        return Index()
    blobs = Blobs(fd, tail)
    index = Index(derived=derived, blobs=blobs, stamp=place[2] << 32 | adler)  # (as `_stamp`: read_part checked the CRC)
    paths, stems, mtimes, sizes, titles, dates, sources, categories, tags, warnings, counts, forms, offsets, lengths, checks = (
        columns)
    try:  # C loops (map) rather than a Python loop: 10,000 digests in a few milliseconds
        when = list(map(datetime.fromisoformat, dates))
        if None in map(attrgetter("tzinfo"), when):
            raise ValueError("naive date in cache")
        readers = list(zip(repeat(_items_of), repeat(blobs), paths, offsets, lengths, checks))  # (see Digest.source)
        index.digests = list(map(Digest, paths, stems, titles, when, sources, categories, tags, warnings, mtimes,
                                 sizes, repeat(None), readers, counts, forms))
        index.place_columns = (paths, offsets, lengths, checks)
        index.counts = counts
    except (TypeError, ValueError):
        return Index()  # a malformed entry: trust none of it (the CRC makes this rare)
    return index


def save(file: Path, digests: list[Digest], fresh: Records, old: Index, derived: dict[str, Any]) -> int | None:
    """Write the cache for `digests` (in list order) atomically; returns its stamp (None: not written).

    Items come from `fresh` records (just parsed), else from the old cache's blobs, else from
    the digest itself.
    """
    columns: tuple[list[Any], ...] = tuple([] for _ in COLUMNS)
    chunks: list[bytes] = []
    offset = 0
    intern = sys.intern  # repeated labels and sources become one object each: a smaller, faster head
    for digest in digests:
        record = fresh.get(digest.path)
        blob: bytes | None = None
        crc = 0
        if record is not None:
            blob, crc = record[8], record[9]
        elif digest.path in old.places and old.blobs is not None:
            blob = old.blobs.raw(*old.places[digest.path])
            crc = old.places[digest.path][2]
        if blob is None:
            packed = digest._packed_now()
            if packed is None:
                packed = pack_items(digest.items)
            blob = marshal.dumps((packed, digest.layout))
            crc = zlib.crc32(blob)
        row = (digest.path, digest.stem, digest.mtime_ns, digest.size, digest.title, digest.date.isoformat(),
               intern(digest.date_source), tuple(intern(c) for c in digest.categories),
               tuple(intern(t) for t in digest.tags), tuple(digest.warnings), digest.item_count, intern(digest.form),
               offset, len(blob), crc)
        for column, value in zip(columns, row):
            column.append(value)
        chunks.append(blob)
        offset += len(blob)
    try:
        head_blob = marshal.dumps((columns, derived))
    except ValueError:
        return None
    if not checked_file.write_parts(file, MAGIC, FILE_SCHEMA, [head_blob], chunks):
        return None
    return _stamp(head_blob)
