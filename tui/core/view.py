"""What the reader shows for a set of filters: digest rows with counts, and the chosen items."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.core.filters import Filters, matcher
from tui.core.library import Library
from tui.core.model import Digest, Item


@dataclass(slots=True)
class DigestRow:
    """One row of the digest list: a digest (None for "All digests") and its counts."""

    digest: Digest | None
    shown: int
    """Items that pass the filters (each story once for "All digests")."""
    unread: int
    """Of those, how many stories are unread."""


@dataclass(slots=True)
class View:
    """The digest rows and the items of the chosen row."""

    rows: list[DigestRow] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    chosen: int = 0
    """Index into rows of the chosen digest (0: "All digests")."""


def build_view(library: Library, filters: Filters, read: set[str], chosen: Digest | None) -> View:
    """Filter every item once: digest rows (only digests with matches when filtering) and items.

    "All digests" lists every matching story once, at its newest digest; a digest lists its own
    matching items in order. A chosen digest that no longer matches falls back to "All digests".
    """
    test = matcher(library, filters, read) if filters.active else None
    rows: list[DigestRow] = []
    everything: list[Item] = []
    seen: set[str] = set()
    all_unread = 0
    chosen_items: list[Item] | None = None
    for digest in library.digests:
        matched = digest.items if test is None else [item for item in digest.items if test(item)]
        if not matched and test is not None:
            continue
        unread_keys = {item.key for item in matched if item.key not in read}
        rows.append(DigestRow(digest, len(matched), len(unread_keys)))
        if digest is chosen:
            chosen_items = matched
        for item in matched:
            if item.key not in seen:
                seen.add(item.key)
                everything.append(item)
                if item.key not in read:
                    all_unread += 1
    rows.insert(0, DigestRow(None, len(everything), all_unread))
    if chosen_items is not None:
        index = next(i for i, row in enumerate(rows) if row.digest is chosen)
        return View(rows, list(chosen_items), index)
    return View(rows, everything, 0)
