"""The library: every digest under the given paths, their items, repeats and authors."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.core import index_cache
from tui.core.authors import AuthorBook
from tui.core.discover import discover
from tui.core.stories import Stories, make_stories, stories_file
from tui.core.stories import load as load_stories
from tui.core.stories import save as save_stories
from tui.core.model import Digest, Item, Problem
from tui.core.summaries import summaries_of
from tui.core.search import SearchTexts, search_file

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) while loading."""


@dataclass(eq=False, repr=False)
class Library:
    """Digests newest first, with what the corpus says about their items."""

    def __repr__(self) -> str:  # short: workers put their arguments' repr in their description
        return f"Library({len(self.digests)} digests, {len(self.problems)} problems, verified={self.verified})"

    digests: list[Digest] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)
    parsed: int = 0
    """How many files were parsed (not taken from the cache) by this load."""
    search: SearchTexts = field(default_factory=lambda: SearchTexts(None))
    """Folded text of every item for text search, loaded on first use."""
    verified: bool = True
    """False while the digests are only what the index cache said (files not yet checked)."""
    _authors: AuthorBook | None = None
    _label_counts: Counter[str] | None = None
    _author_counts: Counter[str] | None = None
    _author_state: object = None
    """The author book as the index cache saved it, made into a book when first needed."""
    _assigned: bool = False
    _stories: Stories | None = None
    _numbered: bool = False
    """Whether every item carries its story number (repeats are then read from the stories)."""
    _cache: index_cache.Index | None = None
    """The index cache this library was read from (its item blobs are read from it)."""
    _stamp: int | None = None
    """The stamp of the index cache that holds exactly these digests (None: none does)."""
    _stories_file: Path | None = None

    def index(self) -> None:
        """Sort the digests newest first; repeats, authors and stories are worked out when asked for."""
        self.digests.sort(key=lambda d: (d.date.timestamp(), d.path), reverse=True)
        self._authors = None
        self._author_state = None
        self._label_counts = self._author_counts = None
        self._assigned = False
        self._stories = None
        self._numbered = False

    @property
    def stories(self) -> Stories:
        """Story numbers of every item and "All digests" (saved beside the index once made)."""
        if self._stories is None:
            self._stories = make_stories(self.digests)
            save_stories(self._stories_file, self._stamp, len(self.digests), self._stories)
        return self._stories

    @property
    def stories_ready(self) -> bool:
        """Whether the stories are at hand (asking for them then costs nothing)."""
        return self._stories is not None

    @property
    def carriers_ready(self) -> bool:
        """Whether repeats are known cheaply (drawing skips the marks until then)."""
        return self._numbered

    def all_carriers(self) -> dict[str, list[Digest]]:
        """Key → every digest carrying it, newest first, for every key (a pass over every
        digest, kept nowhere: the reader reads repeats from the stories instead)."""
        carriers: dict[str, list[Digest]] = {}
        for digest in self.digests:
            for key in digest.keys():
                found = carriers.get(key)
                if found is None:
                    carriers[key] = [digest]
                elif found[-1] is not digest:
                    found.append(digest)
        return carriers

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

    def items(self) -> Iterator[Item]:
        """Every item, newest digest first, in digest order."""
        for digest in self.digests:
            yield from digest.items

    def carriers_for(self, keys: set[str]) -> dict[str, list[Digest]]:
        """Key → digests carrying it (newest first), for these keys only: cheap for a few keys."""
        if self._stories is not None:
            return self._carriers_by_story(keys, self._stories)
        found: dict[str, list[Digest]] = {}
        for digest in self.digests:
            for key in keys.intersection(digest.keys()):
                found.setdefault(key, []).append(digest)
        return found

    def carriers_of_items(self, items: list[Item]) -> dict[str, list[Digest]]:
        """Key → digests carrying it (newest first), for these items' keys: by the items' places
        in the stories, without a key → story table."""
        if len(items) > 5000:
            return self.carriers_for({item.key for item in items})
        stories = self.stories
        where = {id(digest): number for number, digest in enumerate(self.digests)}
        key_of: dict[int, str] = {}
        for item in items:
            number = where.get(id(item.digest))
            if number is None:
                return self.carriers_for({item.key for item in items})
            key_of[stories.story_of[stories.starts[number] + item.number - 1]] = item.key
        return self._carriers_by_numbers(key_of, stories)

    def _carriers_by_story(self, keys: set[str], stories: Stories) -> dict[str, list[Digest]]:
        numbers = stories.numbers(keys)
        return self._carriers_by_numbers({number: stories.keys[number] for number in numbers}, stories)

    def _carriers_by_numbers(self, key_of: dict[int, str], stories: Stories) -> dict[str, list[Digest]]:
        numbers = set(key_of)
        found: dict[str, list[Digest]] = {}
        story_of, starts = stories.story_of, stories.starts
        for index, digest in enumerate(self.digests):
            for number in numbers.intersection(story_of[starts[index] : starts[index + 1]]):
                found.setdefault(key_of[number], []).append(digest)
        return found

    def _carriers_of(self, item: Item) -> list[Digest]:
        """The digests carrying an item's key, newest first (by story number once items have one)."""
        if self._numbered and item.story >= 0 and self._stories is not None:
            return [self.digests[number] for number in self._stories.carriers(item.story)]
        return self.carriers_for({item.key}).get(item.key, [])

    def first_seen(self, item: Item, carriers: dict[str, list[Digest]] | None = None) -> Digest | None:
        """The earliest digest carrying this item's key."""
        if carriers is None and self._numbered and item.story >= 0 and self._stories is not None:
            return self.digests[self._stories.oldest[item.story]]
        found = carriers.get(item.key) if carriers is not None else self._carriers_of(item)
        return found[-1] if found else item.digest

    def also_in(self, item: Item, carriers: dict[str, list[Digest]] | None = None) -> list[Digest]:
        """The other digests carrying this item's key, newest first."""
        found = carriers.get(item.key, []) if carriers is not None else self._carriers_of(item)
        return [d for d in found if d is not item.digest]

    def digests_carrying(self, keys: list[str]) -> list[Digest]:
        """Every digest carrying any of these keys (for recounting after marks change)."""
        if self._stories is not None:
            stories = self._stories
            return [self.digests[n] for story in stories.numbers(set(keys)) for n in stories.carriers(story)]
        return [d for found in self.carriers_for(set(keys)).values() for d in found]

    def is_repeat(self, item: Item) -> bool:
        """Whether the key appeared in an earlier digest."""
        return self.first_seen(item) is not item.digest

    def author_id(self, item: Item) -> str | None:
        """The item's author identity (`@handle` or `name:…`), or None."""
        ident = item.author_id
        if ident is None and (item.handle or item.author):
            ident = item.author_id = self.authors.ident_for(item)
        return ident

    def author_tokens(self, idents: frozenset[str] | set[str]) -> set[str]:
        """The author tokens (see stories.author_token) an item by one of `idents` may carry."""
        tokens = {"h:" + ident[1:] for ident in idents if ident.startswith("@")}
        tokens.update("n:" + name.casefold() for ident in idents for name in self.authors.aliases(ident))
        tokens.update("n:" + ident[5:] for ident in idents if ident.startswith("name:"))
        return tokens

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
        stories.oldest  # noqa: B018 - "first seen" for every story, worked out here
        self._numbered = True
        return len(stories)

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
        count = len(digest.items)  # first: reading the items also reads their layout from the cache
        return list(summaries_of(digest.path, digest.mtime_ns, digest.size, count, digest.layout))

    def summary(self, item: Item) -> str:
        """One item's summary, read lazily."""
        if item.digest is None:
            return ""
        found = self.summaries(item.digest)
        return found[item.number - 1] if item.number <= len(found) else ""

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


def _cache_paths(cache_dir: Path | None, roots: list[str]) -> tuple[Path | None, Path | None]:
    if cache_dir is None:
        return None, None
    index_file = index_cache.cache_file(cache_dir, roots)
    return index_file, stories_file(index_file)


def cached_library(paths: list[str], cache_dir: Path | None) -> Library | None:
    """The library as the index cache last saw it, without looking at the files (None: no cache).

    For a fast first screen: `load_library(..., reuse=this)` then checks every file.
    """
    roots = [os.path.abspath(p) for p in paths]
    index_file, derived_file = _cache_paths(cache_dir, roots)
    if index_file is None:
        return None
    index = index_cache.load(index_file)
    if index.stamp is None:
        return None
    library = Library(digests=index.digests, roots=roots, verified=False)
    library._cache = index
    library._stamp = index.stamp
    library._stories_file = derived_file
    library.search = SearchTexts(search_file(index_file))
    for digest in library.digests:
        for warning in digest.warnings:
            library.problems.append(Problem(digest.path, warning))
    library.problems.extend(Problem(path, bad[2]) for path, bad in _unreadable(index).items())
    library.problems.sort(key=lambda problem: problem.path)
    _restore_derived(library, index, derived_file)
    return library


def _unreadable(index: index_cache.Index) -> dict[str, tuple[int, int, str]]:
    """The files the cache remembers as unreadable: path → (mtime_ns, size, reason)."""
    found = index.derived.get("unreadable")
    if not isinstance(found, dict):
        return {}
    return {path: bad for path, bad in found.items()
            if isinstance(bad, tuple) and len(bad) == 3 and isinstance(bad[2], str)}


def _restore_derived(library: Library, index: index_cache.Index, derived_file: Path | None) -> None:
    """Take the author book and the stories saved with this index (they match its digests)."""
    if "authors" in index.derived:
        library._author_state = index.derived["authors"]
    library._stories = load_stories(derived_file, index.stamp, len(library.digests))
    if library._stories is not None:
        library._stories._digests = library.digests


def load_library(
    paths: list[str], cache_dir: Path | None = None, progress: Progress | None = None, reuse: Library | None = None
) -> Library:
    """Load every digest under `paths`, reusing the index cache where files are unchanged.

    One bad file never stops the rest: it is listed in `problems`. With `reuse` (from
    `cached_library`), unchanged digests are the same objects, and when no file changed at all
    `reuse` itself comes back, checked.
    """
    roots = [os.path.abspath(p) for p in paths]
    found = discover(roots)
    index_file, derived_file = _cache_paths(cache_dir, roots)
    if reuse is not None and reuse.roots == roots and reuse._cache is not None:
        old = reuse._cache
    else:
        reuse = None
        old = index_cache.load(index_file)
    cached = {digest.path: digest for digest in old.digests}
    known_bad = _unreadable(old)
    digests: list[Digest] = []
    to_parse: list[str] = []
    unreadable: dict[str, tuple[int, int, str]] = {}
    """Files the content of which could not be read, by mtime and size (not read again unchanged)."""
    for path, (mtime_ns, size) in sorted(found.files.items()):
        digest = cached.get(path)
        bad = known_bad.get(path)
        if digest is not None and digest.mtime_ns == mtime_ns and digest.size == size:
            digests.append(digest)
        elif bad is not None and bad[0] == mtime_ns and bad[1] == size:
            unreadable[path] = bad
        else:
            to_parse.append(path)
    problems = [Problem(path, reason) for path, reason in found.problems]
    problems.extend(Problem(path, bad[2]) for path, bad in unreadable.items())
    if reuse is not None and not to_parse and len(digests) == len(cached):
        for digest in reuse.digests:
            problems.extend(Problem(digest.path, warning) for warning in digest.warnings)
        problems.sort(key=lambda problem: problem.path)
        reuse.problems = problems
        reuse.verified = True
        return reuse
    library = Library(roots=roots, digests=digests, problems=problems)
    library.search = SearchTexts(search_file(index_file) if index_file else None)
    total = len(found.files)
    reused = len(digests)
    if progress is not None:
        progress(reused, total)

    def parsing(done: int) -> None:
        if progress is not None:
            progress(reused + done, total)

    from tui.core.indexer import index_files

    fresh: index_cache.Records = {}
    for path, record, texts, problem, lasting in index_files(to_parse, parsing):
        if record is None:
            library.problems.append(Problem(path, problem or "could not be read"))
            if lasting:
                unreadable[path] = (*found.files[path], problem or "could not be read")
            continue
        digest = index_cache.decode(path, record)
        library.digests.append(digest)
        fresh[path] = record
        library.search.add_blob(digest, texts)
        library.parsed += 1
    for digest in library.digests:
        for warning in digest.warnings:
            library.problems.append(Problem(digest.path, warning))
    library.problems.sort(key=lambda problem: problem.path)
    if progress is not None:
        progress(total, total)
    library.index()
    library._cache = old
    unchanged = not library.parsed and [d.path for d in library.digests] == [d.path for d in old.digests]
    if unchanged:
        library._stamp = old.stamp
        _restore_derived(library, old, derived_file)
    if index_file is not None and (not unchanged or "authors" not in old.derived or unreadable != known_bad):
        derived = {"authors": library.authors.to_state(), "unreadable": unreadable}
        stamp = index_cache.save(index_file, library.digests, fresh, old, derived)
        library._stamp = stamp
        if unchanged and library._stories is not None:  # the same digests: their stories go with the new stamp
            save_stories(derived_file, stamp, len(library.digests), library._stories)
        if library.parsed == len(library.digests):
            library.search.save()  # every digest was parsed: the search texts are complete
    library._stories_file = derived_file
    library.search.forget()  # a search reads them back from the file when it needs them
    return library
