"""The index cache: what earlier runs parsed, reused while a file's mtime and size are unchanged.

One file in the user cache dir per set of folders: a header (magic, schema), a CRC-32 of the payload (corruption, not tampering: the cache is the user's own),
and a marshal payload of plain tuples and strings (no code, no pickle). Items are packed into a
few strings per digest and unpacked only when used. It holds no summaries. Anything wrong with
the file (missing, truncated, corrupt, foreign, another schema) means "no cache".
"""

from __future__ import annotations

import hashlib
import marshal
import zlib
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.core.model import Digest, pack_items

SCHEMA = 3
MAGIC = b"BRIEFIDX"
_HEADER = len(MAGIC) + 4 + 4


def stem_of(path: str) -> str:
    """The file name without its extension."""
    name = path.rpartition(os.sep)[2]
    stem, dot, _ext = name.rpartition(".")
    return stem if dot and stem else name


def cache_file(cache_dir: Path, roots: list[str]) -> Path:
    """The cache file for this set of folders."""
    digest = hashlib.sha1("\0".join(sorted(roots)).encode("utf-8", "surrogatepass")).hexdigest()[:16]
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


Records = dict[str, tuple[Any, ...]]


def load(file: Path) -> tuple[Records, dict[str, Any]]:
    """(path → record, derived data) from the cache file; empty when missing, corrupt or foreign."""
    empty: tuple[Records, dict[str, Any]] = ({}, {})
    try:
        with open(file, "rb") as handle:
            blob = handle.read()
    except OSError:
        return empty
    if len(blob) < _HEADER or not blob.startswith(MAGIC):
        return empty
    schema = int.from_bytes(blob[len(MAGIC) : len(MAGIC) + 4], "little")
    checksum = blob[len(MAGIC) + 4 : _HEADER]
    payload = memoryview(blob)[_HEADER:]
    if schema != SCHEMA or zlib.crc32(payload).to_bytes(4, "little") != checksum:
        return empty
    try:
        data = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return empty
    if not (isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], dict) and isinstance(data[1], dict)):
        return empty
    return data[0], data[1]


def save(file: Path, records: Records, derived: dict[str, Any] | None = None) -> None:
    """Write the cache (records and data derived from all of them) atomically; failure is no error."""
    try:
        payload = marshal.dumps((records, derived or {}))
        header = MAGIC + SCHEMA.to_bytes(4, "little") + zlib.crc32(payload).to_bytes(4, "little")
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".index-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(header)
                handle.write(payload)
            os.replace(tmp, file)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except (OSError, ValueError):
        pass
