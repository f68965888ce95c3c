"""The digest list's rows: a digest and its counts, made only when a row is drawn."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from typing import overload

from tui.core.model import Digest, Item
from tui.core.query.folding import unread_count


class DigestRow:
    """One row of the digest list: a digest (None for "All digests") and its counts.

    The unread count is worked out when first asked for: only visible rows ever are.
    """

    __slots__ = ("digest", "shown", "_items", "_read", "_unread", "_stories", "_cache", "_keys", "_span")

    def __init__(self, digest: Digest | None, shown: int, unread: int | None = None,
                 items: list[Item] | None = None, read: set[str] | None = None,
                 cache: dict[int, tuple[int, int, int]] | None = None,
                 keys: Callable[[], AbstractSet[str]] | None = None, span: tuple[int, int] | None = None,
                 stories: int | None = None) -> None:
        self.digest = digest
        self._span = span
        """The row's items are items[start:end] (None: all of `items`)."""
        self.shown = shown
        """Items that pass the filters (each story once for "All digests")."""
        self._unread = unread
        self._stories = stories
        self._items = items
        self._read = read
        self._cache = cache
        """Where a digest's whole counts (shown, unread, stories) are kept once worked out (unfiltered rows only)."""
        self._keys = keys
        """The row's story keys, when neither a digest nor items give them."""

    @property
    def counted(self) -> bool:
        """Whether `unread` is at hand (else asking for it compares every story with the marks)."""
        return self._unread is not None or self._keys is None

    @property
    def unread(self) -> int:
        """Of the stories shown, how many are unread (counted on first use: see `count`): a story
        listed twice in one digest (FORMAT 3b rule 7) is one unread story, and both copies are
        read together; "All digests" lists each story once."""
        return self._unread if self._unread is not None else self.count()

    @property
    def stories(self) -> int:
        """Of the items shown, how many stories they are: the digest list's total, beside `unread`
        (`15/15` before anything is read in a digest of 16 items that lists one story twice, as
        FORMAT 3b rule 7 counts it once; `shown` stays the items listed)."""
        if self._stories is None:
            if self.digest is not None and self._unread is None:
                self.count()
            if self._stories is None:
                self._stories = self.shown  # ("All digests" and "New" list each story once)
        return self._stories

    def count(self) -> int:
        """Count the unread stories now (a worker does this for the first frame's "All digests")."""
        if self._unread is None:
            read = self._read or set()
            if self._keys is not None:
                keys: AbstractSet[str] = self._keys()
                self._unread = unread_count(keys, read)
            else:
                if self._items is None and self.digest is not None:
                    listed = self.digest.keys()
                else:
                    items: Sequence[Item] = self._items or ()
                    if self._span is not None:
                        items = items[self._span[0] : self._span[1]]
                    listed = [item.key for item in items]
                own = set(listed)
                self._unread = unread_count(own, read)
                self._stories = len(own)
            if self._cache is not None and self.digest is not None:
                self._cache[id(self.digest)] = (self.shown, self._unread, self.stories)
            self._items = self._read = self._cache = self._keys = None
        return self._unread

    def __repr__(self) -> str:
        return f"DigestRow({self.digest.stem if self.digest else 'All'}, shown={self.shown})"


class RowList(Sequence[DigestRow]):
    """The digest list's rows: "All digests", then one per listed digest, each made when first
    asked for (a one-letter search can match 10,000 digests; only the visible rows are drawn)."""

    __slots__ = ("head", "digests", "_make", "_rows", "_where", "_positions")

    def __init__(self, head: DigestRow, digests: Sequence[Digest], make: Callable[[int], DigestRow],
                 positions: Callable[[Sequence[Digest]], dict[int, int]] | None = None) -> None:
        self.head = head
        self.digests = digests
        """The listed digests, in order (row i + 1 is digests[i])."""
        self._make = make
        self._rows: dict[int, DigestRow] = {}
        self._where: dict[int, int] | None = None
        self._positions = positions
        """Where each of these digests is (`positions`), worked out by whoever keeps it for lists made again."""

    def __len__(self) -> int:
        return 1 + len(self.digests)

    @overload
    def __getitem__(self, index: int) -> DigestRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[DigestRow]: ...
    def __getitem__(self, index: int | slice) -> DigestRow | list[DigestRow]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if index == 0:
            return self.head
        if not 0 < index < len(self):
            raise IndexError(index)
        row = self._rows.get(index)
        if row is None:
            row = self._rows[index] = self._make(index - 1)
        return row

    def forget_after(self, count: int) -> None:
        """Drop the rows made past the first `count` digests (made again when next asked for)."""
        for index in [index for index in list(self._rows) if index > count]:  # (a copy: the UI thread may add rows)
            self._rows.pop(index, None)

    def index_of(self, digest: Digest | None) -> int:
        """The row of `digest` (0 for None, -1 when it is not listed)."""
        if digest is None:
            return 0
        position = getattr(self.digests, "position", None)  # (a lazy list knows without being made)
        if position is not None:
            return int(position(digest))
        if self._where is None:
            self._where = self._positions(self.digests) if self._positions is not None else positions(self.digests)
        return self._where.get(id(digest), -1)


def positions(digests: Sequence[Digest]) -> dict[int, int]:
    """Each digest's row (by id): the first digest is row 1."""
    return {id(d): number for number, d in enumerate(digests, start=1)}


def no_rows(_index: int) -> DigestRow:
    """The row maker of a list with no digests."""
    raise IndexError(_index)
