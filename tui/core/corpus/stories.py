"""Stories: each distinct key once, where it first (newest) appears, which digests carry it, and
which digests name each author; worked out from the digests' packed fields, never from items.

Kept in a small cache file tied to the index it was made from (by the index head's stamp), so a
warm start lists "All digests" and counts unread stories without reading every digest.
"""

from __future__ import annotations

import marshal
import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from tui.core.cache import stories_file
from tui.core.model import SEP, Digest, Item


def author_token(handle: str | None, author: str | None) -> list[str]:
    """What an item's author is looked up by: `h:<handle lower>` and `n:<name casefolded>`."""
    found = []
    if handle:
        found.append("h:" + handle.lower())
    if author:
        found.append("n:" + author.casefold())
    return found


class Stories:
    """Story numbers (0 = newest story) for every item, and the fold of "All digests"."""

    def __init__(self, digest_at: array, position_at: array, joined_keys: str | bytes | None, story_of: array,
                 starts: array, by_author: dict[str, bytes] | bytes | None, digests: list[Digest] | None = None) -> None:
        self.digest_at = digest_at
        """Story → index of the newest digest carrying it."""
        self.position_at = position_at
        """Story → item position (0-based) in that digest."""
        self._joined: str | bytes | None = joined_keys
        """Story keys in story order, joined by SEP (UTF-8 bytes until first used; None once
        the keys are taken from the items)."""
        self.story_of = story_of
        """Every item's story number, digest after digest."""
        self.starts = starts
        """Where each digest's items begin in `story_of` (one more entry than digests)."""
        self._by_author = by_author
        """Author token → digest numbers (array('I') bytes), or that dict marshalled, until first used."""
        self._oldest: array | None = None
        self._rest: Callable[[], tuple[bytes, bytes] | None] | None = None
        """Reads the keys part of the stories file (None: nothing left to read)."""
        self._digests = digests
        """The digests these stories number (to work keys and tokens out again if the file fails)."""
        self._keys: list[str] | None = None
        self._key_set: frozenset[str] | None = None
        self._numbers: dict[str, int] | None = None
        self._lock = threading.RLock()
        """The reader's worker and the UI thread may both ask for keys first."""

    def __len__(self) -> int:
        return len(self.digest_at)

    def _read_rest(self) -> None:
        """Read the keys part now (caller holds the lock); if the file fails, work keys and tokens
        out from the digests."""
        rest, self._rest = self._rest, None
        found = rest() if rest is not None else None
        if found is not None:
            self._joined, self._by_author = found
        elif self._digests is not None:
            again = make_stories(self._digests)
            self._joined, self._by_author, self._keys = again._joined, again._by_author, again._keys
        else:
            self._joined, self._by_author = b"", {}

    @property
    def joined_keys(self) -> str:
        """Story keys in story order, joined by SEP."""
        with self._lock:
            if self._rest is not None:
                self._read_rest()
            if isinstance(self._joined, bytes):
                self._joined = self._joined.decode("utf-8", "surrogatepass")
            if self._joined is None:  # the keys were taken from the items
                return SEP.join(self._keys or ())
            return self._joined

    def share_keys(self, fold: Sequence[Item]) -> None:
        """Take the key strings from the items of "All digests" (in story order) instead of
        keeping copies: the items hold them anyway."""
        keys = [item.key for item in fold]
        if len(keys) != len(self) or any(item.story != story for story, item in enumerate(fold)):
            return
        with self._lock:
            if self._rest is not None:
                self._read_rest()  # for the author tokens
            self._keys = keys
            self._numbers = {key: story for story, key in enumerate(keys)}
            self._key_set = None
            self._joined = None

    @property
    def by_author(self) -> dict[str, bytes]:
        """Author token → digest numbers (array('I') bytes) naming that author."""
        with self._lock:
            if self._rest is not None:
                self._read_rest()
            if isinstance(self._by_author, bytes):
                try:
                    found = marshal.loads(self._by_author)  # noqa: S302 - our own cache file, CRC-checked
                except (ValueError, EOFError, TypeError):
                    found = None
                self._by_author = found if isinstance(found, dict) else {}
            return self._by_author if self._by_author is not None else {}

    @property
    def keys(self) -> list[str]:
        """Story keys in story order."""
        with self._lock:
            if self._keys is None:
                joined = self.joined_keys
                self._keys = joined.split(SEP) if len(self) else []
            return self._keys

    @property
    def key_set(self) -> frozenset[str]:
        """Every story key."""
        with self._lock:
            if self._key_set is None:
                self._key_set = frozenset(self.keys)
            return self._key_set

    def _key_numbers(self) -> dict[str, int]:
        """Key → story number (made once)."""
        with self._lock:
            if self._numbers is None:
                self._numbers = dict(zip(self.keys, range(len(self))))
            return self._numbers

    def numbers(self, keys: set[str]) -> set[int]:
        """The story numbers of these keys (keys of no story are left out)."""
        found = self._key_numbers()
        return {found[key] for key in keys if key in found}

    def numbers_of(self, keys: Iterable[str]) -> dict[str, int]:
        """Each of these keys' story number (keys of no story are left out)."""
        found = self._key_numbers()
        return {key: found[key] for key in keys if key in found}

    def unread_numbers(self, read: set[str]) -> set[int]:
        """The numbers of the stories whose keys are not in `read` (one pass over the keys: no
        key table, cheaper than `numbers(read)` when most are read)."""
        return {story for story, key in enumerate(self.keys) if key not in read}

    def oldest(self) -> array:
        """Story → index of the oldest digest carrying it (where it was first seen; worked out
        on the first call, in one pass over every item's story)."""
        if self._oldest is None:
            oldest = array("I", self.digest_at)
            starts = self.starts
            for number in range(len(starts) - 1):  # newest first: the last writer is the oldest
                for story in self.story_of[starts[number] : starts[number + 1]]:
                    oldest[story] = number
            self._oldest = oldest
        return self._oldest

    def carriers(self, story: int) -> list[int]:
        """The digests (by index, newest first) carrying a story."""
        story_of, starts = self.story_of, self.starts
        found: list[int] = []
        at = starts[self.digest_at[story]]  # nothing newer carries it
        end = starts[self._oldest[story] + 1] if self._oldest is not None else len(story_of)
        while True:
            try:
                at = story_of.index(story, at, end)
            except ValueError:
                return found
            number = bisect_right(starts, at) - 1
            if not found or found[-1] != number:
                found.append(number)
            at += 1

    def of_digest(self, number: int) -> array:
        """The story numbers of one digest's items."""
        return self.story_of[self.starts[number] : self.starts[number + 1]]

    def digests_by(self, tokens: set[str]) -> list[int]:
        """Numbers of the digests that name any of these author tokens, in list order."""
        found: set[int] = set()
        for token in tokens:
            blob = self.by_author.get(token)
            if blob:
                numbers = array("I")
                numbers.frombytes(blob)
                found.update(numbers)
        return sorted(found)


def make_stories(digests: list[Digest]) -> Stories:
    """Work the stories out from the digests' keys and author fields (newest digest first)."""
    first: dict[str, int] = {}
    digest_at: list[int] = []
    position_at: list[int] = []
    story_of = array("I")
    starts = array("I", [0])
    by_author: dict[str, list[int]] = {}
    for number, digest in enumerate(digests):
        own = []
        for position, key in enumerate(digest.keys()):
            story = first.get(key)
            if story is None:
                story = first[key] = len(digest_at)
                digest_at.append(number)
                position_at.append(position)
            own.append(story)
        story_of.extend(own)
        starts.append(len(story_of))
        tokens = {token for handle, author in digest.author_pairs() for token in author_token(handle, author)}
        for token in tokens:
            by_author.setdefault(token, []).append(number)
    stories = Stories(array("I", digest_at), array("I", position_at), SEP.join(first), story_of, starts,
                      {token: array("I", numbers).tobytes() for token, numbers in by_author.items()})
    stories._keys = list(first)
    return stories


def from_saved(saved: stories_file.Saved, digests: list[Digest]) -> Stories:
    """Stories from the numbers the stories file kept for these digests (keys read on first use)."""
    stories = Stories(saved.digest_at, saved.position_at, None, saved.story_of, saved.starts, None, digests)
    stories._oldest = saved.oldest_at
    stories._rest = saved.read_keys
    return stories


def load(file: Path | None, stamp: int | None, digests: list[Digest],
         numbers: stories_file.Numbers | None = None) -> Stories | None:
    """The stories saved for the index with this stamp, numbering these digests, or None
    (`numbers`: the file's numbers, already read)."""
    saved = stories_file.load(file, stamp, len(digests), numbers)
    return from_saved(saved, digests) if saved is not None else None


def save(file: Path | None, stamp: int | None, stories: Stories) -> None:
    """Keep the stories for the index with this stamp (failing to write is not an error)."""
    stories_file.save(file, stamp, len(stories.starts) - 1,
                      (stories.digest_at, stories.position_at, stories.story_of, stories.starts, stories.oldest()),
                      stories.joined_keys, stories.by_author)
