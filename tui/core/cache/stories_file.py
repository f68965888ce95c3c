"""The stories file: the story numbers of an index (tied to it by the index head's stamp), each
array a part of its own (read straight into an array), and a last part with the story keys and
author tokens, read only when first needed.

This module knows the bytes; `corpus.stories.Stories` knows what they mean.
"""

from __future__ import annotations

import marshal
import os
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from tui.core.cache import checked_file

MAGIC = b"BRIEFSTO"
SCHEMA = 5

KeysPart = tuple[bytes, bytes]
"""(story keys joined by SEP, UTF-8; author token → digest numbers, marshalled)."""


class Saved(NamedTuple):
    """The numbers part as read, and a reader for the keys part."""

    digest_at: array
    position_at: array
    story_of: array
    starts: array
    oldest_at: array
    """Story → index of the oldest digest carrying it (where the scan for its carriers ends)."""
    read_keys: Callable[[], KeysPart | None]
    """Reads the keys part once, then closes the file (None: it could not be read)."""


def _keys_reader(fd: int, place: checked_file.Place) -> Callable[[], KeysPart | None]:
    def read() -> KeysPart | None:
        try:
            blob = checked_file.read_part(fd, place)
            if blob is None:
                return None
            joined, by_author = marshal.loads(blob)
            return (joined, by_author) if type(joined) is bytes and type(by_author) is bytes else None
        except (ValueError, EOFError, TypeError):
            return None
        finally:
            try:
                os.close(fd)
            except OSError:
                pass
    return read


PARTS = 7
"""(stamp, digest count); digest_at, position_at, story_of, starts, oldest_at (each an array('I')'s
bytes); the keys part."""


class Numbers(NamedTuple):
    """The stories file opened and its numbers read (`read_numbers`)."""

    fd: int
    keys_place: checked_file.Place
    stamp: object
    digest_count: object
    arrays: list[array | None]


def read_numbers(file: Path) -> Numbers | None:
    """The stories file opened and its numbers read and checked, each straight into an array
    (what `load` takes; a thread may read them beforehand: see `prefetch`). None: no such file,
    or a foreign one."""
    opened = checked_file.open_parts(file, MAGIC, SCHEMA, PARTS)
    if opened is None:
        return None
    fd, places, _tail = opened
    meta = checked_file.read_part(fd, places[0])
    try:
        stamp, digest_count = marshal.loads(meta) if meta is not None else (None, None)
    except (ValueError, EOFError, TypeError):
        stamp = digest_count = None
    arrays = [checked_file.read_array(fd, place, "I") for place in places[1:6]] if stamp is not None else []
    return Numbers(fd, places[6], stamp, digest_count, arrays)


def load(file: Path | None, stamp: int | None, digest_count: int, numbers: Numbers | None = None) -> Saved | None:
    """The numbers saved for the index with this stamp (and this many digests), or None.
    `numbers`: the file's numbers, already read (by `read_numbers`)."""
    if numbers is None:
        numbers = read_numbers(file) if file is not None and stamp is not None else None
    if numbers is None:
        return None
    found = [array_ for array_ in numbers.arrays if array_ is not None]
    if stamp is None or numbers.stamp != stamp or numbers.digest_count != digest_count or len(found) != 5:
        os.close(numbers.fd)  # (another index's, or damaged)
        return None
    digest_at, position_at, story_of, starts, oldest_at = found
    if (len(digest_at) != len(position_at) or len(starts) != digest_count + 1 or starts[-1] != len(story_of)
            or len(oldest_at) != len(digest_at)):
        os.close(numbers.fd)  # (numbers that disagree: the CRCs and the stamp vouch for the rest)
        return None
    return Saved(digest_at, position_at, story_of, starts, oldest_at, _keys_reader(numbers.fd, numbers.keys_place))


def save(file: Path | None, stamp: int | None, digest_count: int,
         numbers: tuple[array, array, array, array, array], joined_keys: str, by_author: dict[str, bytes]) -> None:
    """Keep the stories for the index with this stamp, atomically (failing to write is not an error).

    `numbers` is (digest_at, position_at, story_of, starts, oldest_at)."""
    if file is None or stamp is None:
        return
    head = marshal.dumps((stamp, digest_count))
    keys = marshal.dumps((joined_keys.encode("utf-8", "surrogatepass"), marshal.dumps(by_author)))
    checked_file.write_parts(file, MAGIC, SCHEMA, [head, *(found.tobytes() for found in numbers), keys])
