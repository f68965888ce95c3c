"""The digests of an index head as a list made on demand: the first screen makes only those it
shows, and the rest are made at once, from the head's columns, when anything asks for more.

A warm start at 50,000 digests spent ~60 ms before its first frame unmarshalling the head's
columns and making a `Digest` of each. The head keeps the first digests' records apart
(`index.FIRST_ROWS`), made at once: `HeadDigests[n]` of one of those needs nothing more, and
everything else a list does (`len` aside: iterating, slicing, indexing further, sorting,
searching, adding) first makes them all, once (a lock: the reader's worker and the screen may both
ask), keeping the first ones as they are, so a digest is one object whatever asked for it. Once
made, it is a list like any other (`MadeDigests`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from itertools import compress, count, repeat
from operator import is_
from typing import Any

from tui.core.model import Digest

_MADE_ALL = ("__iter__", "__contains__", "__reversed__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__",
             "__add__", "__mul__", "__rmul__", "__iadd__", "__imul__", "__setitem__", "__delitem__", "__repr__",
             "__reduce_ex__", "append", "extend", "insert", "pop", "remove", "index", "count", "copy",
             "sort", "reverse", "clear")
"""The list's methods that need every digest made first (`__getitem__` and `__len__` do not)."""


class HeadDigests(list[Digest]):
    """`count` digests, the first of which are `first` (made already); `every(first)` makes them
    all, using those as they are."""

    def __init__(self, count: int, first: list[Digest], every: Callable[[list[Digest]], list[Digest]]) -> None:
        super().__init__()
        self._count = count
        self._first = first
        self._every: Callable[[list[Digest]], list[Digest]] | None = every
        self._lock = threading.Lock()
        self._on_made: Callable[[list[Digest]], None] | None = None

    def watch(self, on_made: Callable[[list[Digest]], None]) -> None:
        """Have `on_made` called with the digests made so far, and with the rest once they are
        made (before anyone else sees them): see `corpus.loading.cached_library`."""
        with self._lock:  # (once made, the list is a `MadeDigests`, whose own `watch` this is not)
            on_made(self._first)
            self._on_made = on_made

    complete = False
    """Whether every digest is made (then the list is a `MadeDigests`)."""

    def make_all(self) -> None:
        """Make every digest now (nothing, once made)."""
        if self._every is None:
            return
        with self._lock:
            every = self._every
            if every is None:
                return
            made = every(self._first)
            if self._on_made is not None and len(made) > len(self._first):
                self._on_made(made[len(self._first):])
            list.extend(self, made)
            self._every = None
            self._first = []
            self.__class__ = MadeDigests  # type: ignore[assignment]  # (list's own methods from now on: no Python call per index)

    def __len__(self) -> int:  # (no digest made)
        return list.__len__(self) if self._every is None else self._count

    def __bool__(self) -> bool:
        return len(self) > 0

    def __getitem__(self, at: Any) -> Any:  # (one of the first: nothing made)
        if self._every is not None:
            first = self._first  # (the same objects as the whole list's, should another thread make it meanwhile)
            if type(at) is int and 0 <= at < len(first):
                return first[at]
            self.make_all()
        return list.__getitem__(self, at)

    def __radd__(self, other: Any) -> Any:  # (`a_list + these`: a list's own `+` would see no digests yet)
        self.make_all()
        return other + list(self)

    __hash__ = None  # (as a list's)


class MadeDigests(list[Digest]):
    """A `HeadDigests` once made: an ordinary list (its class is switched to this one, so that
    indexing and the rest are the list's own C methods again)."""

    complete = True

    def make_all(self) -> None:
        """Nothing: made."""

    def watch(self, on_made: Callable[[list[Digest]], None]) -> None:
        on_made(list(self))


def place(digests: list[Digest], digest: Digest) -> int | None:
    """Where this very digest is in `digests` (by identity), None if it is not there: looked for
    among the first ones before making the rest, when `digests` is a `HeadDigests` not made yet."""
    if isinstance(digests, HeadDigests) and digests._every is not None:
        first = digests._first
        found = next(compress(count(), map(is_, first, repeat(digest))), None)
        if found is not None:
            return found
    return next(compress(count(), map(is_, digests, repeat(digest))), None)  # (a C loop)


def _made_first(name: str) -> Callable[..., Any]:
    method = getattr(list, name)

    def call(self: HeadDigests, *args: Any, **kwargs: Any) -> Any:
        if self._every is not None:
            self.make_all()
        return method(self, *args, **kwargs)

    call.__name__ = name
    return call


for _name in _MADE_ALL:
    setattr(HeadDigests, _name, _made_first(_name))
