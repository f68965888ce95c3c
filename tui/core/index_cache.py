"""The index cache: what earlier runs parsed, reused while a file's mtime and size are unchanged.

One file in the user cache dir per set of folders (see cachefile.py for its frame), holding plain
tuples and strings: items are packed into a few strings per digest and unpacked only when used.
It holds no summaries.
"""

from __future__ import annotations

import os
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.core import cachefile
from tui.core.model import Digest, pack_items

SCHEMA = 3
Records = dict[str, tuple[Any, ...]]
MAGIC = b"BRIEFIDX"


def stem_of(path: str) -> str:
    """The file name without its extension."""
    name = path.rpartition(os.sep)[2]
    stem, dot, _ext = name.rpartition(".")
    return stem if dot and stem else name


def cache_file(cache_dir: Path, roots: list[str]) -> Path:
    """The cache file for this set of folders."""
    blob = "\0".join(sorted(roots)).encode("utf-8", "surrogatepass")
    digest = f"{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}"  # hashlib would load OpenSSL (11 ms)
    return cache_dir / f"index-{digest}.bin"


def encode(digest: Digest) -> tuple[Any, ...]:
    """A digest as a record of plain values."""
    packed = digest.packed if digest.packed is not None else pack_items(digest.items)
    return (
        digest.mtime_ns,
        digest.size,
        digest.title,
        digest.date.isoformat(),
        digest.date_source,
        tuple(digest.categories),
        tuple(digest.tags),
        tuple(digest.warnings),
        packed,
    )


def decode(path: str, record: tuple[Any, ...]) -> Digest:
    """A digest from its record (items stay packed). Raises on a malformed record."""
    mtime_ns, size, title, date, source, categories, tags, warnings, packed = record
    when = datetime.fromisoformat(date)
    if when.tzinfo is None:
        raise ValueError("naive date in cache")
    if type(packed) is not tuple or len(packed) != 5 or not all(type(p) is str for p in packed):
        raise ValueError("bad packed items")
    return Digest(
        path=path,
        stem=stem_of(path),
        title=str(title),
        date=when,
        date_source=str(source),
        categories=tuple(categories),
        tags=tuple(tags),
        warnings=tuple(warnings),
        mtime_ns=int(mtime_ns),
        size=int(size),
        packed=packed,
    )


def load(file: Path) -> tuple[Records, dict[str, Any]]:
    """(path → record, derived data) from the cache file; empty when missing, corrupt or foreign."""
    data = cachefile.read(file, MAGIC, SCHEMA)
    if not (isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], dict) and isinstance(data[1], dict)):
        return {}, {}
    return data[0], data[1]


def save(file: Path, records: Records, derived: dict[str, Any] | None = None) -> None:
    """Write the cache (records and data derived from all of them) atomically; failure is no error."""
    cachefile.write(file, MAGIC, SCHEMA, (records, derived or {}))
