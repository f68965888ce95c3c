"""The index cache: what earlier runs parsed, reused while a file's mtime and size are unchanged.

One file in the user cache dir per set of folders. A head comes first, in two parts each checked
by its own CRC-32: the first digests' records with data derived from all of them (what a warm
start's first screen needs), then every digest's fields as columns, in the order the reader lists them;
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
from collections.abc import Callable
from datetime import datetime
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

from tui.core.cache import checked_file
from tui.core.cache.head_digests import HeadDigests
from tui.core.format import RULES
from tui.core.model import EMPTY, SEP, Digest, Layout, Packed, pack_items, packed_count, stem_of

SCHEMA = 6
FILE_SCHEMA = SCHEMA * 1000 + RULES
"""The schema the file says: this format's and the reading rules' (`format.RULES`)."""
MAGIC = b"BRIEFIX5"
COLUMNS = ("path", "stem", "mtime_ns", "size", "title", "date", "date_source", "categories", "tags",
           "warnings", "count", "form", "offset", "length", "crc")
"""The head keeps one list per field (fewer, smaller objects to load than a tuple per digest)."""
FIRST_ROWS = 512
"""The head's first part keeps this many digests' records (a tuple each, in `COLUMNS` order): a
warm start's first screen is made from them without unmarshalling the columns (`head_digests`)."""
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
        self.derived: dict[str, Any] = derived if derived is not None else {}
        self.blobs = blobs
        self.stamp = stamp
        """The head's CRC-32s and Adler-32s: names this content (derived caches are tied to it)."""
        self.listed = 0
        """How many of `digests` are listed (the rest, after them, are files whose every item is boilerplate)."""
        self.warned: list[tuple[str, str]] = []
        """(path, warning) of every listed digest read with warnings."""
        self.years = 0
        """How many years the listed digests' dates span (0: unknown)."""
        self.broken = False
        """The head's columns could not be read after all (its digests are then the first ones only)."""

    def make_all(self) -> bool:
        """Make every digest of the head now (see `head_digests`); False when the columns could
        not be read (the cache is then no good)."""
        if isinstance(self.digests, HeadDigests):
            self.digests.make_all()
        return not self.broken

    @property
    def places(self) -> dict[str, tuple[int, int, int]]:
        """Path → (offset, length, CRC-32) of its item blob."""
        if self._places is None:
            self.make_all()
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
    """The cache file opened and its head's two parts read and checked (what `load` takes; a
    thread may read them beforehand: see `prefetch`)."""
    return checked_file.read_first(file, MAGIC, FILE_SCHEMA, 2, 2, adler=True)


def _stamp(first: bytes, rest: bytes, crcs: tuple[int, int] | None = None, adlers: tuple[int, int] | None = None) -> int:
    """What names a head's content: its parts' CRC-32s (`crcs` when known) and Adler-32s."""
    crc_first, crc_rest = crcs if crcs is not None else (zlib.crc32(first), zlib.crc32(rest))
    adler_first, adler_rest = adlers if adlers is not None else (zlib.adler32(first), zlib.adler32(rest))
    return (crc_first << 32 | adler_first) ^ (adler_rest << 32 | crc_rest)


def _row_digest(blobs: Blobs, row: tuple[Any, ...]) -> Digest:
    """A digest from a record of the head's first part (raises on a malformed one)."""
    path, stem, mtime_ns, size, title, date, source, categories, tags, warnings, count, form, offset, length, crc = row
    when = datetime.fromisoformat(date)
    if when.tzinfo is None:
        raise ValueError("naive date in cache")
    return Digest(path, stem, title, when, source, categories, tags, warnings, mtime_ns, size, None,
                  (_items_of, blobs, path, offset, length, crc), count, form)


def _columns_reader(index: Index, rest: bytes, count: int) -> Callable[[list[Digest]], list[Digest]]:
    """Makes every digest from the head's columns (`rest`), the first ones as given."""
    kept = [rest]

    def every(first: list[Digest]) -> list[Digest]:
        blob = kept.pop()
        try:
            columns = marshal.loads(blob)
            if not isinstance(columns, tuple) or len(columns) != len(COLUMNS):
                raise ValueError("bad head")
            if {len(column) for column in columns} != {count}:
                raise ValueError("columns of another length")
            made = _digests_of(index, columns)
        except (ValueError, EOFError, TypeError):
            index.broken = True  # (the CRC makes this rare: a Brief that wrote it wrongly)
            return list(first)
        made[: len(first)] = first
        return made

    return every


def _digests_of(index: Index, columns: tuple[Any, ...]) -> list[Digest]:
    paths, stems, mtimes, sizes, titles, dates, sources, categories, tags, warnings, counts, forms, offsets, lengths, checks = (
        columns)
    # C loops (map) rather than a Python loop: 10,000 digests in a few milliseconds
    when = list(map(datetime.fromisoformat, dates))
    if None in map(attrgetter("tzinfo"), when):
        raise ValueError("naive date in cache")
    readers = list(zip(repeat(_items_of), repeat(index.blobs), paths, offsets, lengths, checks))  # (see Digest.source)
    digests = list(map(Digest, paths, stems, titles, when, sources, categories, tags, warnings, mtimes,
                       sizes, repeat(None), readers, counts, forms))
    index.place_columns = (paths, offsets, lengths, checks)
    return digests


def load(file: Path | None, opened: checked_file.Opened | None = None, lazy: bool = False) -> Index:
    """The cache's digests and derived data; empty when the file is missing, corrupt or foreign.
    `opened`: the file's head, already read (by `read_head`). `lazy`: the digests past the
    first `FIRST_ROWS` are made when first asked for (`head_digests`), else now."""
    if opened is None:
        opened = read_head(file) if file is not None else None
    if opened is None:
        return Index()
    fd, places, tail, (first, rest), adlers = opened
    try:
        if first is None or rest is None:
            raise ValueError("corrupt head")
        count, listed, rows, derived, warned, years = marshal.loads(first)
        if (type(count) is not int or type(listed) is not int or not 0 <= listed <= count or type(rows) is not tuple
                or len(rows) > count or not isinstance(derived, dict) or type(warned) is not tuple or type(years) is not int):
            raise ValueError("bad head")
        if len(rows) < min(count, FIRST_ROWS) or any(type(row) is not tuple or len(row) != len(COLUMNS) for row in rows):
            raise ValueError("bad first rows")
        blobs = Blobs(fd, tail)
        made = [_row_digest(blobs, row) for row in rows]
    except (ValueError, EOFError, TypeError):
        os.close(fd)
        return Index()
    index = Index(derived=derived, blobs=blobs,
                  stamp=_stamp(first, rest, (places[0][2], places[1][2]), (adlers[0], adlers[1])))
    index.listed, index.years = listed, years
    index.warned = [(str(path), str(warning)) for path, warning in warned]
    index.digests = HeadDigests(count, made, _columns_reader(index, rest, count))
    if not lazy and not index.make_all():
        return Index()  # a malformed entry: trust none of it (the CRC makes this rare)
    return index


def save(file: Path, digests: list[Digest], fresh: Records, old: Index, derived: dict[str, Any],
         listed: int | None = None) -> int | None:
    """Write the cache for `digests` (in list order: the first `listed` are listed, default all)
    atomically; returns its stamp (None: not written).

    Items come from `fresh` records (just parsed), else from the old cache's blobs, else from
    the digest itself.
    """
    listed = len(digests) if listed is None else listed
    rows: list[tuple[Any, ...]] = []
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
        if len(rows) < FIRST_ROWS:
            rows.append(row)
        chunks.append(blob)
        offset += len(blob)
    shown = digests[:listed]
    warned = tuple((digest.path, warning) for digest in shown for warning in digest.warnings)
    years = len({digest.date.year for digest in shown})
    try:
        first = marshal.dumps((len(digests), listed, tuple(rows), derived, warned, years))
        rest = marshal.dumps(columns)
    except ValueError:
        return None
    if not checked_file.write_parts(file, MAGIC, FILE_SCHEMA, [first, rest], chunks):
        return None
    return _stamp(first, rest)
