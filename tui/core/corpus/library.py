"""The library: every digest under the given paths, with what the corpus says about their items
(stories, authors, labels). `loading.py` makes one; `query/` asks questions of it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.core import display
from tui.core.cache.index import Index
from tui.core.cache.search_texts import SearchTexts
from tui.core.cache.summaries_file import SummaryFile
from tui.core.corpus import stories as stories_module
from tui.core.corpus.authors import AuthorBook
from tui.core.corpus.stories import Stories, make_stories
from tui.core.format.summaries import summaries_of
from tui.core.model import Digest, Item, Problem

_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[object, ...]:
    """A file name as people sort it: `issue-9` before `issue-10`."""
    return tuple(int(part) if part.isdigit() else part.casefold() for part in _DIGITS.split(name))


def _newest_first(digest: Digest) -> tuple[object, ...]:
    if digest.date_source == "mtime":
        return (0, natural_key(digest.stem), digest.path)
    return (1, digest.date.timestamp(), digest.path)


@dataclass(eq=False, repr=False)
class Library:
    """Digests newest first, with what the corpus says about their items.

    Lazy slots (each filled once, on first use, by whichever thread asks first; a new library
    replaces them all, see `index`): `_authors` (from `_author_state` when the cache kept it),
    `_stories` (from the stories file or worked out from packed fields), `_label_counts`,
    `_author_counts`, `_section_counts`, `_tags`, every item's `author_id` and `_carried_keys` (`assign_author_ids`) and `story`
    (`number_stories`). `search` holds the search texts; summaries are read from the files
    (`format.summaries`, an LRU of 64 digests)."""

    def __repr__(self) -> str:  # short: workers put their arguments' repr in their description
        return f"Library({len(self.digests)} digests, {len(self.problems)} problems)"

    digests: list[Digest] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    emptied: list[Digest] = field(default_factory=list)
    """Files read whose every item is boilerplate (`corpus.boilerplate`): no items, so not
    digests (not listed; the problems name them under "no items"), kept in the index cache."""
    roots: list[str] = field(default_factory=list)
    parsed: int = 0
    """How many files were parsed (not taken from the cache) by this load."""
    search: SearchTexts = field(default_factory=lambda: SearchTexts(None))
    """Folded text of every item for text search, loaded on first use."""
    summary_file: SummaryFile = field(default_factory=lambda: SummaryFile(None))
    """Every item's summary kept for printing them all (`--items --json`), read on first use."""
    _authors: AuthorBook | None = None
    _label_counts: Counter[str] | None = None
    _author_counts: Counter[str] | None = None
    _section_counts: Counter[str] | None = None
    _years: int | None = None
    _tags: frozenset[str] | None = None
    years_hint: int = 0
    """For a library of the first files read while the rest are still read: how many years the
    files to read span, as their names tell (0: this is every digest)."""
    _author_state: object = None
    """The author book as the index cache saved it, made into a book when first needed."""
    _assigned: bool = False
    _carried_keys: dict[str, list[str]] = field(default_factory=dict)
    """Author identity → keys of its stories that have a copy naming no author (see assign_author_ids)."""
    _stories: Stories | None = None
    _stories_saved: bool = True
    """False while the stories were worked out in this run and not yet written."""
    _numbered: bool = False
    """Whether every item carries its story number (repeats are then read from the stories)."""
    _cache: Index | None = None
    """The index cache this library was read from (its item blobs are read from it)."""
    _stamp: int | None = None
    """The stamp of the index cache that holds exactly these digests (None: none does)."""
    _stories_file: Path | None = None
    _numbers: dict[int, int] | None = None
    """A digest (by id) → its place in `digests` (see `number_of`)."""

    def index(self) -> None:
        """Sort the digests newest first (files with no date of their own last, by the number in
        their name: `issue-10` above `issue-9`); repeats, authors and stories are worked out when asked for."""
        self.digests.sort(key=_newest_first, reverse=True)
        self._authors = None
        self._author_state = None
        self._label_counts = self._author_counts = self._section_counts = None
        self._years = None
        self._tags = None
        self._assigned = False
        self._carried_keys = {}
        self._stories = None
        self._numbered = False
        self._numbers = None

    # -- stories ---------------------------------------------------------------------------

    @property
    def stories(self) -> Stories:
        """Story numbers of every item and "All digests" (worked out on first use, in memory;
        `save_stories` keeps them for the next start)."""
        if self._stories is None:
            self._stories = make_stories(self.digests)
            self._stories_saved = False
        return self._stories

    @property
    def stories_ready(self) -> bool:
        """Whether the stories are at hand (asking for them then costs nothing)."""
        return self._stories is not None

    def save_stories(self) -> None:
        """Work the stories out if they are not at hand, and write them beside the index if they
        were worked out in this run (the next start reads them instead)."""
        stories = self.stories
        if not self._stories_saved:
            stories_module.save(self._stories_file, self._stamp, stories)
            self._stories_saved = True

    @property
    def numbered(self) -> bool:
        """Whether every item carries its story number (`number_stories` has run and matched)."""
        return self._numbered

    def number_stories(self) -> int | None:
        """Give every item its story number; returns how many stories there are (None: the
        stories do not match the items, e.g. a damaged cache entry was read again; then fold by key)."""
        stories = self.stories
        story_of, starts = stories.story_of, stories.starts
        for number, digest in enumerate(self.digests):
            items = digest.items
            if len(items) != starts[number + 1] - starts[number]:
                return None
            for item, story in zip(items, story_of[starts[number] : starts[number + 1]]):
                item.story = story
        stories.oldest()  # "first seen" for every story, worked out here rather than on a keystroke
        self._numbered = True
        return len(stories)

    def number_of(self, digest: Digest | None) -> int:
        """A digest's place in the list, newest first (-1: not one of this library's)."""
        numbers = self._numbers
        if numbers is None:
            numbers = self._numbers = {id(d): number for number, d in enumerate(self.digests)}
        return numbers.get(id(digest), -1)

    # -- items and authors -----------------------------------------------------------------

    def items(self) -> Iterator[Item]:
        """Every item, newest digest first, in digest order."""
        for digest in self.digests:
            yield from digest.items

    @property
    def authors(self) -> AuthorBook:
        """Author identities and names learned from every item."""
        if self._authors is None and self._author_state is not None:
            state, self._author_state = self._author_state, None
            try:
                self._authors = AuthorBook.from_state(state)
            except ValueError:
                self._authors = None
        if self._authors is None:
            book = AuthorBook()
            book.learn(pair for digest in self.digests for pair in digest.author_pairs())
            self._authors = book
        return self._authors

    def author_id(self, item: Item) -> str | None:
        """The item's author identity (`@handle` or `name:…`), or None."""
        ident = item.author_id
        if ident is None and (item.handle or item.author):
            ident = item.author_id = self.authors.ident_for(item)
        return ident

    def assign_author_ids(self, within: list[Digest] | None = None) -> None:
        """Give every item its author identity now (filters then read `item.author_id` directly).

        A copy of a story that names no author carries the author another copy names (the
        newest that does): a story is by its best-known author in every digest, so an author
        filter keeps its newest copy, as the All view shows it. `within`: only these digests'
        items, for stories every copy of which they hold (the new ones)."""
        if self._assigned:
            return
        known: dict[str, str] = {}
        bare: list[Item] = []
        items = self.items() if within is None else (item for digest in within for item in digest.items)
        for item in items:
            ident = self.author_id(item)
            if ident is None:
                bare.append(item)
            elif item.key not in known:
                known[item.key] = ident
        keys: dict[str, list[str]] = {}
        for item in bare:
            ident = known.get(item.key)
            if ident is not None:
                item.author_id = ident
                keys.setdefault(ident, []).append(item.key)
        if within is None:
            self._carried_keys = keys
            self._assigned = True

    def carried_keys(self, idents: frozenset[str] | set[str]) -> set[str]:
        """Keys of stories by these authors with a copy that names no author (empty until
        `assign_author_ids`): the digests carrying them do not name the author."""
        return {key for ident in idents for key in self._carried_keys.get(ident, ())}

    def author_name(self, item: Item) -> str:
        """The item's author as shown: the name its own text gives; else the name learned for
        its identity (`@handle`'s most used name), or empty (a copy that names none shows the
        story's author once `assign_author_ids` has run). One digest cannot rename another's items."""
        if item.author:
            return item.author
        ident = self.author_id(item)
        return self.authors.display(ident) if ident else ""

    def author_tokens(self, idents: frozenset[str] | set[str]) -> set[str]:
        """The author tokens (see stories.author_token) an item by one of `idents` may carry."""
        tokens = {"h:" + ident[1:] for ident in idents if ident.startswith("@")}
        tokens.update("n:" + name.casefold() for ident in idents for name in self.authors.aliases(ident))
        tokens.update("n:" + ident[5:] for ident in idents if ident.startswith("name:"))
        return tokens

    # -- summaries and counts --------------------------------------------------------------

    def summaries(self, digest: Digest) -> list[str]:
        """The summaries of every item of a digest's file, by place in the file, read from the
        file now (the library keeps none)."""
        items = digest.items  # first: reading the items also reads their layout from the cache
        count = max((item.file_place for item in items), default=-1) + 1
        return list(summaries_of(digest.path, digest.mtime_ns, digest.size, count, digest.layout))

    def json_summaries(self, digest: Digest, keep: bool = False, wanted: frozenset[int] | None = None) -> list[str]:
        """A digest's summaries as `summaries` gives them, each as JSON text (escaped as
        `display.dumps` escapes): from the summaries file where it keeps them for this file, else
        cut from the file (and kept when `keep`: the bulk path, which calls `summary_file.save`
        after). With `wanted` (places in the file, not with `keep`), only those are cut; the
        others are `""`."""
        items = digest.items
        count = max((item.file_place for item in items), default=-1) + 1
        found = self.summary_file.get(digest) if keep else None
        if found is not None and len(found) == count:
            return found
        cut = summaries_of(digest.path, digest.mtime_ns, digest.size, count, digest.layout, None if keep else wanted)
        from json.encoder import encode_basestring as encode_string  # (the command line's: not on the reader's start)

        found = [display.json_safe(encode_string(summary)) if summary else '""' for summary in cut]
        if keep:
            self.summary_file.put(digest, found)
        return found

    def summary(self, item: Item) -> str:
        """One item's summary, read lazily."""
        if item.digest is None:
            return ""
        found = self.summaries(item.digest)
        place = item.file_place
        return found[place] if place < len(found) else ""

    def label_counts(self) -> Counter[str]:
        """Categories and tags → how many distinct stories carry them (worked out once)."""
        if self._label_counts is None:
            keys: dict[str, set[str]] = {}
            for digest in self.digests:
                labels = digest.labels()
                if labels:
                    stories = digest.keys()
                    for label in labels:
                        keys.setdefault(label, set()).update(stories)
            self._label_counts = Counter({label: len(found) for label, found in keys.items()})
        return Counter(self._label_counts)

    def section_counts(self) -> Counter[str]:
        """Section headings (each heading of every section chain) → how many distinct stories
        lie under them (worked out once)."""
        if self._section_counts is None:
            keys: dict[str, set[str]] = {}
            for digest in self.digests:
                if digest.form == "main":
                    continue  # (the main layout has no sections)
                for key, section in digest.sections():
                    for name in section.split(" › ") if section else ():
                        keys.setdefault(name, set()).add(key)
            self._section_counts = Counter({name: len(found) for name, found in keys.items()})
        return Counter(self._section_counts)

    def author_counts(self) -> Counter[str]:
        """Author identities → how many distinct stories they wrote (worked out once)."""
        if self._author_counts is None:
            seen: dict[str, set[str]] = {}
            for item in self.items():
                ident = self.author_id(item)
                if ident:
                    seen.setdefault(ident, set()).add(item.key)
            self._author_counts = Counter({ident: len(keys) for ident, keys in seen.items()})
        return Counter(self._author_counts)

    @property
    def spans_years(self) -> bool:
        """Whether the digests come from more than one year (lists then show the year); a
        library of the first files read only (a first run) asks `years_hint` as well."""
        if self._years is None:
            digests = self.digests
            self._years = max(len({digest.date.year for digest in digests}), self.years_hint)
        return self._years > 1

    def tags(self) -> frozenset[str]:
        """Every tag (not category) any digest carries (worked out once)."""
        if self._tags is None:
            self._tags = frozenset(tag for digest in self.digests for tag in digest.tags)
        return self._tags
