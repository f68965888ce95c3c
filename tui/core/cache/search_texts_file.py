"""The search texts file's format: every digest's folded item texts (UTF-8, `search_fold.encode`),
one after another, then a head naming them, written as they come (a first run writes each
digest's texts while the rest are still being parsed: none are held for a write at the end).

    magic, schema (4 bytes) | the texts | head: marshal of (paths, mtimes, sizes, lengths, CRC-32
    of the texts) | the head's length and CRC-32 (4 bytes each)

Written to a temporary file and renamed into place; a missing, damaged, truncated or foreign
file, or one of another schema, reads as empty (the texts are then made again).
"""

from __future__ import annotations

import marshal
import os
import tempfile
import zlib
from pathlib import Path
from typing import BinaryIO

from tui.core.format import RULES

MAGIC = b"BRIEFSRC"
SCHEMA = 4
"""4: the texts as UTF-8 bytes, then the head (1: one marshalled dict of str; 2 and 3 were never released)."""
FILE_SCHEMA = SCHEMA * 1000 + RULES
"""The schema the file says: this format's and the reading rules' (`format.RULES`)."""

Entries = dict[str, tuple[int, int, bytes]]
"""Path → (mtime_ns, size, the digest's texts as `search_fold.encode` gives them)."""


class Writer:
    """Writes the file a digest at a time (`add`), then names them (`finish`). Failing to write
    is not an error: the file is then not made."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self._paths: list[str] = []
        self._mtimes: list[int] = []
        self._sizes: list[int] = []
        self._lengths: list[int] = []
        self._crc = 0
        self._tmp: str | None = None
        self._handle: BinaryIO | None = None
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.stem}-", suffix=".tmp")
            self._handle = os.fdopen(fd, "wb", buffering=1 << 20)
            self._handle.write(MAGIC + FILE_SCHEMA.to_bytes(4, "little"))
        except (OSError, ValueError):
            self.abandon()

    def add(self, path: str, mtime_ns: int, size: int, texts: bytes) -> None:
        """One digest's texts (`search_fold.encode`)."""
        if self._handle is None:
            return
        try:
            self._handle.write(texts)
        except (OSError, ValueError):
            self.abandon()
            return
        self._crc = zlib.crc32(texts, self._crc)
        self._paths.append(path)
        self._mtimes.append(mtime_ns)
        self._sizes.append(size)
        self._lengths.append(len(texts))

    def finish(self) -> bool:
        """Name what was added and put the file in place; False when it could not be written."""
        handle, tmp = self._handle, self._tmp
        if handle is None or tmp is None:
            return False
        head = marshal.dumps((self._paths, self._mtimes, self._sizes, self._lengths, self._crc))
        try:
            handle.write(head + len(head).to_bytes(4, "little") + zlib.crc32(head).to_bytes(4, "little"))
            handle.close()
            self._handle = None
            os.replace(tmp, self.file)
        except (OSError, ValueError):
            self.abandon()
            return False
        self._tmp = None
        return True

    def abandon(self) -> None:
        """Make no file (what was written so far is removed)."""
        handle, tmp = self._handle, self._tmp
        self._handle = self._tmp = None
        if handle is not None:
            try:
                handle.close()
            except (OSError, ValueError):
                pass
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def write(file: Path, entries: Entries) -> bool:
    """The file for these entries, at once."""
    writer = Writer(file)
    for path, (mtime_ns, size, texts) in entries.items():
        writer.add(path, mtime_ns, size, texts)
    return writer.finish()


_START = len(MAGIC) + 4
"""Where the texts start."""


def read(file: Path) -> Entries:
    """What was written; empty when the file is missing, damaged, foreign or of another schema."""
    try:
        data = file.read_bytes()
    except OSError:
        return {}
    if len(data) < _START + 8 or not data.startswith(MAGIC) or int.from_bytes(data[len(MAGIC) : _START], "little") != FILE_SCHEMA:
        return {}
    head_length = int.from_bytes(data[-8:-4], "little")
    head_at = len(data) - 8 - head_length
    if head_at < _START:
        return {}
    view = memoryview(data)
    head = view[head_at:-8]
    if zlib.crc32(head) != int.from_bytes(data[-4:], "little"):
        return {}
    try:
        paths, mtimes, sizes, lengths, crc = marshal.loads(head)
        if not len(paths) == len(mtimes) == len(sizes) == len(lengths) or sum(lengths) != head_at - _START:
            return {}
        if zlib.crc32(view[_START:head_at]) != crc:
            return {}
        entries: Entries = {}
        at = _START
        for path, mtime_ns, size, length in zip(paths, mtimes, sizes, lengths):
            entries[path] = (mtime_ns, size, data[at : at + length])
            at += length
    except (ValueError, EOFError, TypeError):
        return {}
    return entries
