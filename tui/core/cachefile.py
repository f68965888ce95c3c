"""Cache files: a magic, a schema number and a CRC-32 ahead of a marshal payload, written atomically.

A cache file is the user's own and only ever a copy of what the digests say: anything wrong with
it (missing, truncated, corrupt, foreign, another schema) reads as "no cache", and failing to
write one is not an error.
"""

from __future__ import annotations

import marshal
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

_NOTHING = object()


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


def write(file: Path, magic: bytes, schema: int, value: Any) -> None:
    """Store `value` (plain data) in `file` atomically; failing to write is not an error."""
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return
    header = magic + schema.to_bytes(4, "little") + zlib.crc32(payload).to_bytes(4, "little")
    write_raw(file, header + payload)


def write_raw(file: Path, data: bytes) -> bool:
    """Store `data` in `file` atomically (a temporary file, then a rename); failing is not an
    error (returns False)."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.stem}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
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
