"""The stories file: the story numbers of an index (tied to it by the index head's stamp), and a
second part with the story keys and author tokens, read only when first needed.

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
SCHEMA = 4

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


def _array(blob: bytes) -> array:
    found = array("I")
    found.frombytes(blob)  # (a value of another type raises TypeError: "not our file")
    return found


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


def load(file: Path | None, stamp: int | None, digest_count: int) -> Saved | None:
    """The numbers saved for the index with this stamp (and this many digests), or None."""
    opened = checked_file.open_parts(file, MAGIC, SCHEMA, 2) if file is not None and stamp is not None else None
    if opened is None:
        return None
    fd, (numbers_place, keys_place), _tail = opened
    try:
        blob = checked_file.read_part(fd, numbers_place)
        if blob is None:
            raise ValueError("corrupt")
        saved_stamp, digests, digest_bytes, position_bytes, story_bytes, start_bytes, oldest_bytes = marshal.loads(blob)
        if saved_stamp != stamp or digests != digest_count:
            raise ValueError("another index")
        saved = Saved(_array(digest_bytes), _array(position_bytes), _array(story_bytes), _array(start_bytes),
                      _array(oldest_bytes), _keys_reader(fd, keys_place))
        if (len(saved.digest_at) != len(saved.position_at) or len(saved.starts) != digest_count + 1
                or saved.starts[-1] != len(saved.story_of) or len(saved.oldest_at) != len(saved.digest_at)):
            raise ValueError("numbers that disagree")  # (the CRC and the stamp vouch for the rest)
    except (ValueError, EOFError, TypeError):
        os.close(fd)
        return None
    return saved


def save(file: Path | None, stamp: int | None, digest_count: int,
         numbers: tuple[array, array, array, array, array], joined_keys: str, by_author: dict[str, bytes]) -> None:
    """Keep the stories for the index with this stamp, atomically (failing to write is not an error).

    `numbers` is (digest_at, position_at, story_of, starts, oldest_at)."""
    if file is None or stamp is None:
        return
    digest_at, position_at, story_of, starts, oldest_at = numbers
    head = marshal.dumps((stamp, digest_count, digest_at.tobytes(), position_at.tobytes(),
                          story_of.tobytes(), starts.tobytes(), oldest_at.tobytes()))
    keys = marshal.dumps((joined_keys.encode("utf-8", "surrogatepass"), marshal.dumps(by_author)))
    checked_file.write_parts(file, MAGIC, SCHEMA, [head, keys])
