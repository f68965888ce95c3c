"""Boilerplate (FORMAT.md 3b rule 6): a story key carried by more than half of the digests of a
folder that holds at least 10 digests (a promo, the newsletter's own subscribe link) is no item.

Worked out when files of a folder change, kept in the index cache's derived data (the index head
then holds each digest's count of items shown), and applied to the digests as their `hidden` keys.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import chain
from operator import attrgetter
from typing import Any

from tui.core.model import NO_ITEMS, Digest, Problem

MIN_DIGESTS = 10
"""A folder needs at least this many digests before anything in it is boilerplate."""

Sets = dict[str, frozenset[str]]
"""Folder → the keys that are boilerplate there."""


def folder_of(digest: Digest) -> str:
    return os.path.dirname(digest.path)


def saved(derived: dict[str, Any]) -> Sets:
    """The boilerplate an index cache was saved with."""
    found = derived.get("boilerplate")
    if not isinstance(found, dict):
        return {}
    return {str(folder): frozenset(map(str, keys)) for folder, keys in found.items()
            if isinstance(keys, (tuple, list)) and keys}


def to_saved(sets: Sets) -> dict[str, tuple[str, ...]]:
    """Boilerplate as the index cache keeps it."""
    return {folder: tuple(sorted(keys)) for folder, keys in sets.items() if keys}


def mark_saved(digests: Iterable[Digest], sets: Sets) -> None:
    """Digests read from the index cache: hide what was boilerplate when it was saved (their
    counts in the head are already the items shown)."""
    if not sets:
        return
    for digest in digests:
        keys = sets.get(folder_of(digest))
        if keys:
            digest.hidden = keys


def work_out(digests: list[Digest], touched: set[str], before: Sets) -> Sets:
    """The boilerplate of every folder: worked out again for the folders whose files changed
    (`touched`), else as it was."""
    if not touched and not before:
        return {}  # (nothing changed, and nothing was boilerplate)
    by_folder: dict[str, list[Digest]] = {}
    for digest in digests:
        by_folder.setdefault(folder_of(digest), []).append(digest)
    sets: Sets = {}
    for folder, members in by_folder.items():
        if folder not in touched:
            if folder in before:
                sets[folder] = before[folder]
            continue
        if len(members) < MIN_DIGESTS:
            continue
        carried = Counter(chain.from_iterable(set(digest.all_keys()) for digest in members))  # (counted in C)
        half = len(members) / 2
        found = frozenset(key for key, count in carried.items() if count > half)
        if found != before.get(folder, frozenset()) and any(digest.unpacked for digest in members):
            found = before.get(folder, frozenset())  # (items on screen already: the change waits for the next load)
        if found:
            sets[folder] = found
    return sets


def apply(digests: Iterable[Digest], sets: Sets) -> None:
    """Hide each folder's boilerplate in its digests (recounting those whose hidden keys change)."""
    empty: frozenset[str] = frozenset()
    if not sets:  # (no boilerplate anywhere: only digests that hid some show it again)
        for digest in digests:
            if digest.hidden:
                digest.hide(empty)
        return
    for digest in digests:
        digest.hide(sets.get(folder_of(digest), empty))


def split_emptied(digests: list[Digest], shown: Callable[[Digest], int] = attrgetter("item_count"),
                  ) -> tuple[list[Digest], list[Digest]]:
    """(digests with an item shown, those whose every item is boilerplate), each in its order:
    a file left with no items is no digest (FORMAT.md 3b), though it counts among its folder's.
    `shown`: a digest's count of items shown (from an index head, its `count`: a third of the cost)."""
    if all(map(shown, digests)):
        return digests, []
    return [d for d in digests if shown(d)], [d for d in digests if not shown(d)]


def emptied_problems(emptied: list[Digest]) -> list[Problem]:
    """The problems list's entries for them: under "no items", as files that are not digests."""
    return [Problem(digest.path, NO_ITEMS) for digest in emptied]
