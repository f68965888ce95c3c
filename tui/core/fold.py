"""The "All digests" list: each story once, at its newest place, as compact (digest, position) arrays.

Worked out from the digests' keys alone (no item is made), and kept in a small cache file tied
to the index it was made from, so a warm start lists every story without reading every digest.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core import cachefile
from tui.core.model import SEP, Digest, Item

MAGIC = b"BRIEFFLD"
SCHEMA = 1


@dataclass(slots=True)
class Fold:
    """Where each story of "All digests" is: digest index and item position, newest first."""

    digest_at: array
    """Index into the library's digests of each story's newest place."""
    position_at: array
    """Item position (0-based) in that digest."""
    joined_keys: str
    """The stories' keys in the same order, joined by SEP (split only when asked for)."""
    _keys: frozenset[str] | None = None

    def __len__(self) -> int:
        return len(self.digest_at)

    @property
    def keys(self) -> frozenset[str]:
        """Every story key."""
        if self._keys is None:
            self._keys = frozenset(self.joined_keys.split(SEP)) if self.joined_keys or len(self) else frozenset()
        return self._keys


def fold_keys(digests: list[Digest]) -> Fold:
    """The fold of `digests` (newest first), from their keys alone."""
    first: dict[str, tuple[int, int]] = {}
    for number, digest in enumerate(digests):
        for position, key in enumerate(digest.keys()):
            if key not in first:
                first[key] = (number, position)
    digest_at = array("I", [place[0] for place in first.values()])
    position_at = array("I", [place[1] for place in first.values()])
    fold = Fold(digest_at, position_at, SEP.join(first))
    fold._keys = frozenset(first)
    return fold


class FoldItems(Sequence[Item]):
    """The items a Fold names; a digest's items are unpacked only when one of them is asked for."""

    __slots__ = ("_digests", "_fold", "_where")

    def __init__(self, digests: list[Digest], fold: Fold) -> None:
        self._digests = digests
        self._fold = fold
        self._where: dict[int, int] | None = None

    def __len__(self) -> int:
        return len(self._fold)

    def _item(self, index: int) -> Item:
        digest = self._digests[self._fold.digest_at[index]]
        return digest.items[self._fold.position_at[index]]

    def __getitem__(self, index):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN204
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return self._item(index)

    def __iter__(self) -> Iterator[Item]:
        digests = self._digests
        for number, position in zip(self._fold.digest_at, self._fold.position_at):
            yield digests[number].items[position]

    def index(self, item: Item, start: int = 0, stop: int | None = None) -> int:  # type: ignore[override]
        if self._where is None:
            self._where = {id(digest): number for number, digest in enumerate(self._digests)}
        number = self._where.get(id(item.digest))
        if number is None:
            raise ValueError("item not in this list")
        position = item.number - 1
        digest_at, position_at = self._fold.digest_at, self._fold.position_at
        at = start
        end = len(self) if stop is None else stop
        while True:
            at = digest_at.index(number, at, end)  # raises ValueError when not found
            if position_at[at] == position:
                return at
            at += 1


def fold_file(index_file: Path) -> Path:
    """The fold file that goes with an index cache file."""
    return index_file.with_name(index_file.name.replace("index-", "fold-", 1))


def load(file: Path | None, stamp: int | None, digest_count: int) -> Fold | None:
    """The fold saved for the index with this stamp (and this many digests), or None."""
    if file is None or stamp is None:
        return None
    data: Any = cachefile.read(file, MAGIC, SCHEMA)
    try:
        saved_stamp, digests, joined, digest_bytes, position_bytes = data
        if saved_stamp != stamp or digests != digest_count or type(joined) is not str:
            return None
        digest_at, position_at = array("I"), array("I")
        digest_at.frombytes(digest_bytes)
        position_at.frombytes(position_bytes)
    except (TypeError, ValueError):
        return None
    if len(digest_at) != len(position_at) or (len(digest_at) and max(digest_at) >= digest_count):
        return None
    return Fold(digest_at, position_at, joined)


def save(file: Path | None, stamp: int | None, digest_count: int, fold: Fold) -> None:
    """Keep the fold for the index with this stamp (failing to write is not an error)."""
    if file is None or stamp is None:
        return
    cachefile.write(file, MAGIC, SCHEMA, (stamp, digest_count, fold.joined_keys, fold.digest_at.tobytes(), fold.position_at.tobytes()))
