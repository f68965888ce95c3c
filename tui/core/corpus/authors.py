"""Author identity: handles from links, display names learned from the corpus."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from tui.core.model import Item


class AuthorBook:
    """Who wrote what: identities (`@handle` or `name:<casefolded>`) and their display names."""

    def __init__(self) -> None:
        self._names: dict[str, Counter[str]] = defaultdict(Counter)
        """Identity → the author suffixes written for it, counted."""
        self._spellings: dict[str, Counter[str]] = defaultdict(Counter)
        """Handle identity → the handle as written in links."""
        self._display: dict[str, str] = {}
        self._by_name: dict[str, set[str]] | None = None
        self._made: dict[str, str] = {}
        """Handle (or NUL + author suffix) → identity already given out."""

    def learn(self, pairs: Iterable[tuple[str | None, str | None]]) -> None:
        """Learn names from (handle, author suffix) pairs, newest item first.

        Identities are given to items later, by `ident_for`, from what was learned here.
        """
        # Each distinct pair once, with how often it comes, in the order it first comes: the
        # counts, and the order names are first met in (ties of `display`), are as pair by pair.
        counted = Counter(pairs)
        names = self._names
        spellings = self._spellings
        idents: dict[str, str] = {}
        by_name: dict[str, set[str]] = defaultdict(set)
        loose: list[tuple[str, int]] = []
        for (handle, author), times in counted.items():
            if handle:
                ident = idents.get(handle)
                if ident is None:
                    ident = idents[handle] = "@" + handle.lower()
                spellings[ident][handle] += times
                if author:
                    names[ident][author] += times
                    by_name[author.casefold()].add(ident)
            elif author:
                loose.append((author, times))
        for author, times in loose:  # (each author once: the pairs were distinct)
            folded = author.casefold()
            handles = by_name.get(folded)
            ident = next(iter(handles)) if handles and len(handles) == 1 else "name:" + folded
            names[ident][author] += times
        self._display.clear()
        self._by_name = None
        self._made.clear()

    def ident_for(self, item: Item) -> str | None:
        """The identity of an item's author, from the learned tables (without relearning).

        The same identity is the same string object (160,000 items share a few hundred)."""
        if item.handle:
            ident = self._made.get(item.handle)
            if ident is None:
                ident = self._made[item.handle] = "@" + item.handle.lower()
            return ident
        if not item.author:
            return None
        made = self._made.get("\0" + item.author)
        if made is not None:
            return made
        ident = self._ident_for_name(item.author)
        self._made["\0" + item.author] = ident
        return ident

    def _ident_for_name(self, author: str) -> str:
        if self._by_name is None:
            by_name: dict[str, set[str]] = defaultdict(set)
            for ident, names in self._names.items():
                if ident.startswith("@"):
                    for name in names:
                        by_name[name.casefold()].add(ident)
            self._by_name = dict(by_name)
        folded = author.casefold()
        handles = self._by_name.get(folded)
        return next(iter(handles)) if handles and len(handles) == 1 else "name:" + folded

    def to_state(self) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
        """The learned tables, as plain dicts (kept in the index cache)."""
        return ({k: dict(v) for k, v in self._names.items()}, {k: dict(v) for k, v in self._spellings.items()})

    @classmethod
    def from_state(cls, state: object) -> AuthorBook:
        """A book from `to_state()` output. Raises ValueError when it is not that."""
        book = cls()
        try:
            if not isinstance(state, tuple) or len(state) != 2:
                raise TypeError("not a pair")
            names, spellings = state
            for target, table in ((book._names, names), (book._spellings, spellings)):
                for ident, counts in table.items():
                    target[str(ident)] = Counter({str(k): int(v) for k, v in counts.items()})
        except (TypeError, ValueError, AttributeError) as exc:
            raise ValueError("not an author book") from exc
        return book

    def display(self, ident: str | None) -> str:
        """How an identity is shown: its most used name (ties: the oldest), else `@Handle`."""
        if ident is None:
            return ""
        shown = self._display.get(ident)
        if shown is None:
            names = self._names.get(ident)
            if names:  # (counted newest item first: the last of the most used is the oldest)
                shown = max(reversed(list(names.items())), key=lambda entry: entry[1])[0]
            elif ident.startswith("@"):
                spellings = self._spellings.get(ident)
                shown = "@" + (spellings.most_common(1)[0][0] if spellings else ident[1:])
            else:
                shown = ident.removeprefix("name:")
            self._display[ident] = shown
        return shown

    def handle(self, ident: str | None) -> str | None:
        """`@Handle` for a handle identity, else None."""
        if not ident or not ident.startswith("@"):
            return None
        spellings = self._spellings.get(ident)
        return "@" + (spellings.most_common(1)[0][0] if spellings else ident[1:])

    def aliases(self, ident: str) -> list[str]:
        """Every name written for this identity, most used first."""
        names = self._names.get(ident)
        return [name for name, _ in names.most_common()] if names else []

    def identities(self) -> list[str]:
        """Every identity known."""
        return list(self._names.keys() | self._spellings.keys())

    def resolve(self, query: str) -> set[str]:
        """Identities a user's `--author` text means: a display name, any alias, or `@handle`;
        when none is that, the names that start with it or have it as a word."""
        wanted = query.strip().casefold()
        if not wanted:
            return set()
        found: set[str] = set()
        near: set[str] = set()
        for ident in self.identities():
            names = [self.display(ident).casefold(), *(n.casefold() for n in self.aliases(ident))]
            by_handle = ident.startswith("@") and wanted in (ident, ident[1:])
            if by_handle or wanted in names:
                found.add(ident)
            elif any(name.startswith(wanted) or wanted in name.split() for name in names):
                near.add(ident)  # `小鹿` for `小鹿 🦌`, `ann` for `Ann Lee`: what the picker would offer first
        return found or near
