"""The library: every digest under the given paths, their items, repeats and authors."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tui.core import index_cache
from tui.core.authors import AuthorBook
from tui.core.discover import discover
from tui.core.model import Digest, Item, Problem
from tui.core.search import SearchTexts, search_file

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) while loading."""


@dataclass(eq=False)
class Library:
    """Digests newest first, with what the corpus says about their items."""

    digests: list[Digest] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)
    parsed: int = 0
    """How many files were parsed (not taken from the cache) by this load."""
    search: SearchTexts = field(default_factory=lambda: SearchTexts(None))
    """Folded text of every item for text search, loaded on first use."""
    _carriers: dict[str, list[Digest]] | None = None
    _authors: AuthorBook | None = None
    _assigned: bool = False

    def index(self) -> None:
        """Sort the digests newest first; repeats and authors are worked out when first asked for."""
        self.digests.sort(key=lambda d: (d.date.timestamp(), d.path), reverse=True)
        self._carriers = None
        self._authors = None
        self._assigned = False

    @property
    def carriers_ready(self) -> bool:
        """Whether repeats have been worked out (drawing can skip the marks until then)."""
        return self._carriers is not None

    @property
    def carriers(self) -> dict[str, list[Digest]]:
        """Key → every digest carrying it, newest first."""
        if self._carriers is None:
            carriers: dict[str, list[Digest]] = {}
            for digest in self.digests:
                for key in digest.keys():
                    found = carriers.get(key)
                    if found is None:
                        carriers[key] = [digest]
                    elif found[-1] is not digest:
                        found.append(digest)
            self._carriers = carriers
        return self._carriers

    @property
    def authors(self) -> AuthorBook:
        """Author identities and names learned from every item."""
        if self._authors is None:
            book = AuthorBook()
            book.learn(pair for digest in self.digests for pair in digest.author_pairs())
            self._authors = book
        return self._authors

    def items(self) -> Iterator[Item]:
        """Every item, newest digest first, in digest order."""
        for digest in self.digests:
            yield from digest.items

    def carriers_for(self, keys: set[str]) -> dict[str, list[Digest]]:
        """Key → digests carrying it (newest first), for these keys only: cheap for a few keys."""
        if self._carriers is not None:
            return {key: self._carriers.get(key, []) for key in keys}
        found: dict[str, list[Digest]] = {}
        for digest in self.digests:
            for key in keys.intersection(digest.keys()):
                found.setdefault(key, []).append(digest)
        return found

    def first_seen(self, item: Item, carriers: dict[str, list[Digest]] | None = None) -> Digest | None:
        """The earliest digest carrying this item's key."""
        found = (carriers if carriers is not None else self.carriers).get(item.key)
        return found[-1] if found else item.digest

    def also_in(self, item: Item, carriers: dict[str, list[Digest]] | None = None) -> list[Digest]:
        """The other digests carrying this item's key, newest first."""
        return [d for d in (carriers if carriers is not None else self.carriers).get(item.key, ()) if d is not item.digest]

    def is_repeat(self, item: Item) -> bool:
        """Whether the key appeared in an earlier digest."""
        return self.first_seen(item) is not item.digest

    def author_id(self, item: Item) -> str | None:
        """The item's author identity (`@handle` or `name:…`), or None."""
        ident = item.author_id
        if ident is None and (item.handle or item.author):
            ident = item.author_id = self.authors.ident_for(item)
        return ident

    def assign_author_ids(self) -> None:
        """Give every item its author identity now (filters then read `item.author_id` directly)."""
        if self._assigned:
            return
        for item in self.items():
            self.author_id(item)
        self._assigned = True

    def author_name(self, item: Item) -> str:
        """The item's author as shown: learned display name, `@handle`, or empty."""
        return self.authors.display(self.author_id(item)) if (item.author or item.handle) else ""

    def summaries(self, digest: Digest) -> list[str]:
        """The summaries of a digest's items, read from its file now (the library keeps none)."""
        return list(_summaries(digest.path, digest.mtime_ns, digest.size, len(digest.items)))

    def summary(self, item: Item) -> str:
        """One item's summary, read lazily."""
        if item.digest is None:
            return ""
        found = self.summaries(item.digest)
        return found[item.number - 1] if item.number <= len(found) else ""

    def label_counts(self) -> Counter[str]:
        """Categories and tags → how many distinct stories carry them."""
        keys: dict[str, set[str]] = {}
        for digest in self.digests:
            labels = digest.labels()
            if labels:
                stories = [item.key for item in digest.items]
                for label in labels:
                    keys.setdefault(label, set()).update(stories)
        return Counter({label: len(found) for label, found in keys.items()})

    def author_counts(self) -> Counter[str]:
        """Author identities → how many distinct stories they wrote."""
        seen: dict[str, set[str]] = {}
        for item in self.items():
            ident = self.author_id(item)
            if ident:
                seen.setdefault(ident, set()).add(item.key)
        return Counter({ident: len(keys) for ident, keys in seen.items()})


@lru_cache(maxsize=64)
def _summaries(path: str, mtime_ns: int, size: int, count: int) -> tuple[str, ...]:
    from tui.core.parser import SkipFile, read_file

    try:
        parsed = read_file(path)
    except (OSError, SkipFile):
        return ("",) * count
    found = parsed.summaries
    return tuple(found[:count] + [""] * (count - len(found)))


def load_library(paths: list[str], cache_dir: Path | None = None, progress: Progress | None = None) -> Library:
    """Load every digest under `paths`, reusing the index cache where files are unchanged.

    One bad file never stops the rest: it is listed in `problems`.
    """
    roots = [os.path.abspath(p) for p in paths]
    found = discover(roots)
    library = Library(roots=roots)
    library.problems.extend(Problem(path, reason) for path, reason in found.problems)
    cache_path = index_cache.cache_file(cache_dir, roots) if cache_dir else None
    library.search = SearchTexts(search_file(cache_path) if cache_path else None)
    cached, derived = index_cache.load(cache_path) if cache_path else ({}, {})
    records: dict[str, tuple[Any, ...]] = {}
    total = len(found.files)
    to_parse: list[str] = []
    for path, (mtime_ns, size) in sorted(found.files.items()):
        record = cached.get(path)
        if isinstance(record, tuple) and len(record) == 9 and record[0] == mtime_ns and record[1] == size:
            try:
                records[path] = record
                library.digests.append(index_cache.decode(path, record))
                continue
            except Exception:  # noqa: BLE001 - a bad cache entry is a cache miss
                del records[path]
        to_parse.append(path)
    reused = len(library.digests)
    if progress is not None:
        progress(reused, total)

    def parsing(done: int) -> None:
        if progress is not None:
            progress(reused + done, total)

    from tui.core.indexer import index_files

    for path, record, texts, problem in index_files(to_parse, parsing):
        if record is None:
            library.problems.append(Problem(path, problem or "could not be read"))
            continue
        digest = index_cache.decode(path, record)
        library.digests.append(digest)
        records[path] = record
        library.search.add_blob(digest, texts)
        library.parsed += 1
    for digest in library.digests:
        for warning in digest.warnings:
            library.problems.append(Problem(digest.path, warning))
    library.problems.sort(key=lambda problem: problem.path)
    if progress is not None:
        progress(total, total)
    library.index()
    unchanged = not library.parsed and records.keys() == cached.keys()
    if unchanged and "authors" in derived:
        try:
            library._authors = AuthorBook.from_state(derived["authors"])
        except ValueError:
            unchanged = False
    if cache_path is not None and not unchanged:
        index_cache.save(cache_path, records, {"authors": library.authors.to_state()})
        if library.parsed == len(library.digests):
            library.search.save()  # every digest was parsed: the search texts are complete
    library.search.forget()  # a search reads them back from the file when it needs them
    return library
