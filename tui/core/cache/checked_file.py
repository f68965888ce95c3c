"""The checked-file format of every cache file: a magic, a schema number and CRC-32s ahead of marshal
payloads, written atomically.

A cache file is the user's own and only ever a copy of what the digests say: anything wrong with
it (missing, truncated, corrupt, foreign, another schema) reads as "no cache", and failing to
write one is not an error.
"""

from __future__ import annotations

import marshal
import os
import tempfile
import time
import zlib
from array import array
from pathlib import Path
from typing import Any, NamedTuple

_NOTHING = object()
STALE_AFTER = 3600.0
"""Seconds after which a temporary file of an unfinished write is a leftover (a Brief killed while
writing): the next write of that file removes it. (A write in progress is seconds old.)"""


def read(file: Path, magic: bytes, schema: int) -> Any:
    """The payload stored in `file`, or None when there is no usable one."""
    try:
        blob = file.read_bytes()
    except OSError:
        return None
    head = len(magic) + 8
    if len(blob) < head or not blob.startswith(magic):
        return None
    if int.from_bytes(blob[len(magic) : len(magic) + 4], "little") != schema:
        return None
    payload = memoryview(blob)[head:]
    if zlib.crc32(payload).to_bytes(4, "little") != blob[len(magic) + 4 : head]:
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


Place = tuple[int, int, int]
"""(offset, length, CRC-32) of a part of a file."""


def write_parts(file: Path, magic: bytes, schema: int, parts: list[bytes], tail: list[bytes] | None = None) -> bool:
    """A file of checked parts, written atomically: magic, schema, a (length, CRC-32) per part,
    the parts, then `tail` (which carries its own checks). False when it could not be written."""
    header = magic + b"".join(n.to_bytes(4, "little") for n in (
        schema, *(number for part in parts for number in (len(part), zlib.crc32(part)))))
    return write_raw(file, [header, *parts, *(tail or [])])


def open_parts(file: Path, magic: bytes, schema: int, count: int) -> tuple[int, list[Place], int] | None:
    """An open file of `count` checked parts: (fd, where each part is, where the tail starts), or
    None when it is missing, foreign or of another schema. Parts are checked when read."""
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    size = len(magic) + 4 + 8 * count
    try:
        head = os.pread(fd, size, 0)
    except OSError:
        head = b""
    if len(head) != size or not head.startswith(magic) or int.from_bytes(head[len(magic) : len(magic) + 4], "little") != schema:
        os.close(fd)
        return None
    places: list[Place] = []
    offset = size
    for at in range(len(magic) + 4, size, 8):
        length, crc = int.from_bytes(head[at : at + 4], "little"), int.from_bytes(head[at + 4 : at + 8], "little")
        places.append((offset, length, crc))
        offset += length
    return fd, places, offset


class Opened(NamedTuple):
    """A checked file opened and its first parts read (`read_first`)."""

    fd: int
    places: list[Place]
    tail: int
    """Where the tail starts."""
    parts: list[bytes | None]
    """The first parts' bytes (None: a part that failed its check)."""
    adler: list[int]
    """Each part's Adler-32 when asked for (else, and for a part that failed, 0)."""


def read_first(file: Path, magic: bytes, schema: int, count: int, first: int, adler: bool = False) -> Opened | None:
    """A file of `count` checked parts opened, with its `first` parts read and checked (and, with
    `adler`, their Adler-32s): os.pread and zlib let go of the GIL, another thread can do this meanwhile.
    None as `open_parts`; the caller owns the file descriptor."""
    opened = open_parts(file, magic, schema, count)
    if opened is None:
        return None
    fd, places, tail = opened
    parts = [read_part(fd, place) for place in places[:first]]
    return Opened(fd, places, tail, parts, [zlib.adler32(part) if part is not None and adler else 0 for part in parts])


def read_part(fd: int, place: Place) -> bytes | None:
    """A part's bytes, or None when they cannot be read or fail their check."""
    offset, length, crc = place
    try:
        blob = os.pread(fd, length, offset)
    except (OSError, TypeError, ValueError, OverflowError):
        return None
    return blob if len(blob) == length and zlib.crc32(blob) == crc else None


def read_array(fd: int, place: Place, typecode: str) -> array | None:
    """A part that holds an `array` of this type, read straight into one (no bytes object in
    between; os.preadv and zlib let go of the GIL), or None when it cannot be read or fails its check."""
    offset, length, crc = place
    found = array(typecode)
    if length % found.itemsize:
        return None
    try:
        if not hasattr(os, "preadv"):  # (not on every system)
            blob = os.pread(fd, length, offset)
            if len(blob) != length or zlib.crc32(blob) != crc:
                return None
            found.frombytes(blob)
            return found
        found = array(typecode, [0]) * (length // found.itemsize)
        if os.preadv(fd, [found], offset) != length:
            return None
    except (OSError, TypeError, ValueError, OverflowError, MemoryError):
        return None
    return found if zlib.crc32(found) == crc else None


def write(file: Path, magic: bytes, schema: int, value: Any) -> None:
    """Store `value` (plain data) in `file` atomically; failing to write is not an error."""
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return
    header = magic + schema.to_bytes(4, "little") + zlib.crc32(payload).to_bytes(4, "little")
    write_raw(file, [header, payload])


def _sweep(file: Path) -> None:
    """Remove the leftovers of earlier writes of `file` that never finished (older than
    `STALE_AFTER`): at 50,000 digests each is up to 25 MB."""
    cutoff = time.time() - STALE_AFTER
    for left in file.parent.glob(f".{file.stem}-*.tmp"):
        try:
            if left.stat().st_mtime < cutoff:
                left.unlink()
        except OSError:
            pass


def write_raw(file: Path, data: bytes | list[bytes]) -> bool:
    """Store `data` (or these pieces, one after another: no copy of them all joined is made) in
    `file` atomically (a temporary file, then a rename); failing is not an error (returns False)."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        _sweep(file)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.stem}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb", buffering=1 << 20) as handle:  # (many small pieces: few writes)
                handle.writelines([data] if isinstance(data, bytes) else data)
            os.replace(tmp, file)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except (OSError, ValueError):
        return False
    return True
