"""Making a library: from what the index cache holds (a first screen without reading any file),
and from the files themselves (every file checked by mtime and size, what changed parsed again).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path

from tui.core import collector
from tui.core.cache import index as index_cache
from tui.core.cache import names, search_texts_file, stories_file
from tui.core.cache import prefetch as prefetch_module
from tui.core.cache.head_digests import HeadDigests
from tui.core.cache.prefetch import Prefetch
from tui.core.cache.search_texts import SearchTexts
from tui.core.cache.summaries_file import SummaryFile
from tui.core.corpus import boilerplate
from tui.core.corpus import stories as stories_module
from tui.core.corpus.discovery import discover
from tui.core.corpus.library import Library
from tui.core.model import Digest, Problem

_WARNED = attrgetter("warnings")

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) while loading."""


def _cache_paths(cache_dir: Path | None, roots: list[str]) -> tuple[Path | None, Path | None]:
    if cache_dir is None:
        return None, None
    index_file = names.index_file(cache_dir, roots)
    return index_file, names.stories_file(index_file)


def cached_library(paths: list[str], cache_dir: Path | None, prefetch: Prefetch | None = None) -> Library | None:
    """The library as the index cache last saw it, without looking at the files (None: no cache).

    For a fast first screen: `load_library(..., reuse=this)` then checks every file. `prefetch`:
    the cache's first parts, being read in a thread.
    """
    roots = [os.path.abspath(p) for p in paths]
    index_file, derived_file = _cache_paths(cache_dir, roots)
    if index_file is None:
        return None
    head, numbers = (prefetch.take(index_file) if prefetch is not None else None) or (None, None)
    index = index_cache.load(index_file, head, lazy=True)  # (the first screen's digests: the rest when asked for)
    if index.stamp is None:
        prefetch_module.close((None, numbers))
        return None
    sets = boilerplate.saved(index.derived)
    if sets and isinstance(index.digests, HeadDigests):
        index.digests.watch(lambda made: boilerplate.mark_saved(made, sets))
    listed, emptied = (boilerplate.split_emptied(index.digests, attrgetter("count")) if index.listed < len(index.digests)
                       else (index.digests, []))  # (the head's counts: items shown)
    library = Library(digests=listed, roots=roots, emptied=emptied)
    library._years = index.years or None
    library._cache = index
    library._stamp = index.stamp
    library._stories_file = derived_file
    library.search = SearchTexts(names.search_file(index_file))
    library.summary_file = SummaryFile(names.summaries_file(index_file))
    library.problems.extend(Problem(path, warning) for path, warning in index.warned)
    library.problems.extend(Problem(path, bad[2]) for path, bad in _unreadable(index).items())
    library.problems.extend(boilerplate.emptied_problems(emptied))
    library.problems.sort(key=lambda problem: problem.path)
    _restore_derived(library, index, derived_file, numbers)
    return library


def _unreadable(index: index_cache.Index) -> dict[str, tuple[int, int, str]]:
    """The files the cache remembers as unreadable: path → (mtime_ns, size, reason)."""
    found = index.derived.get("unreadable")
    if not isinstance(found, dict):
        return {}
    return {path: bad for path, bad in found.items()
            if isinstance(bad, tuple) and len(bad) == 3 and isinstance(bad[2], str)}


def _restore_derived(library: Library, index: index_cache.Index, derived_file: Path | None,
                     numbers: stories_file.Numbers | None = None) -> None:
    """Take the author book and the stories saved with this index (they match its digests);
    `numbers`: the stories file's numbers, already read."""
    if "authors" in index.derived:
        library._author_state = index.derived["authors"]
    library._stories = stories_module.load(derived_file, index.stamp, library.digests, numbers)
    library._stories_saved = True


PARTIAL_AFTER = 250
"""On a first run (nothing cached), the digests parsed once this many are read are handed to
`partial`, so the reader shows them while the rest are read."""


def _years_named(paths: list[str]) -> int:
    """How many years the names of these files give, of the newest and oldest named (2 when a
    name gives no date: until every file is read, the year is shown rather than left out)."""
    from tui.core.format.dates import from_name  # (a first run's: the date rules are not on a warm start)

    named = [from_name(os.path.basename(path)) for path in (paths[0], paths[-1])] if paths else []
    if not named or any(date is None for date in named):
        return 2
    return len({date.year for date in named if date is not None})


def load_library(
    paths: list[str], cache_dir: Path | None = None, progress: Progress | None = None, reuse: Library | None = None,
    partial: Callable[[Library], None] | None = None,
) -> Library:
    """Load every digest under `paths`, reusing the index cache where files are unchanged.

    One bad file never stops the rest: it is listed in `problems`. With `reuse` (from
    `cached_library`), unchanged digests are the same objects, and when no file changed at all
    `reuse` itself comes back, checked. With nothing cached, files are parsed newest name first
    and `partial` gets a library of the first `PARTIAL_AFTER` once they are read. Only young
    objects are collected meanwhile (`collector`).
    """
    with collector.making_long_lived():
        return _load_library(paths, cache_dir, progress, reuse, partial)


def _load_library(
    paths: list[str], cache_dir: Path | None, progress: Progress | None, reuse: Library | None,
    partial: Callable[[Library], None] | None,
) -> Library:
    roots = [os.path.abspath(p) for p in paths]
    found = discover(roots)
    index_file, derived_file = _cache_paths(cache_dir, roots)
    if reuse is not None and reuse.roots == roots and reuse._cache is not None and reuse._cache.make_all():
        old = reuse._cache  # (every digest made now, if the first screen made only its own)
    else:
        reuse = None
        old = index_cache.load(index_file)
        boilerplate.mark_saved(old.digests, boilerplate.saved(old.derived))
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
        for digest in filter(_WARNED, reuse.digests):
            problems.extend(Problem(digest.path, warning) for warning in digest.warnings)
        problems.extend(boilerplate.emptied_problems(reuse.emptied))
        problems.sort(key=lambda problem: problem.path)
        reuse.problems = problems
        return reuse
    library = Library(roots=roots, digests=digests, problems=problems)
    library.search = SearchTexts(names.search_file(index_file) if index_file else None)
    library.summary_file = SummaryFile(names.summaries_file(index_file) if index_file else None)
    total = len(found.files)
    reused = len(digests)
    if progress is not None:
        progress(reused, total)

    def parsing(done: int) -> None:
        if progress is not None:
            progress(reused + done, total)

    from tui.core.cache.indexer import index_files  # (the parser is imported only when files changed)

    fresh: index_cache.Records = {}
    early = partial if partial is not None and not reused and len(to_parse) > 2 * PARTIAL_AFTER else None
    if early is not None:
        # Names hold dates in most archives (`2026-06-13-…`, `2026.06.13.08`): the newest names
        # first, of every folder at once (by path, only the last folder's would come first).
        # (~1 µs a name; the full library that follows is in date order whatever the names.)
        to_parse.sort(key=os.path.basename, reverse=True)
    writer = (search_texts_file.Writer(library.search.file)
              if library.search.file is not None and not reused and to_parse else None)
    """A first run: every digest is parsed, so the search texts are complete; each digest's are
    written as it comes (none are held for the end)."""
    try:
        for path, record, texts, problem, lasting in index_files(to_parse, parsing):
            if early is not None and library.parsed >= PARTIAL_AFTER:
                # Copies: what the first screen works out on its items (authors, boilerplate not yet
                # known) must not stick to the digests of the library that follows.
                first = Library(roots=roots, digests=[copy.copy(digest) for digest in library.digests])
                first.index()
                first.years_hint = _years_named(to_parse)
                early(first)
                early = None
            if record is None:
                library.problems.append(Problem(path, problem or "could not be read"))
                if lasting:
                    unreadable[path] = (*found.files[path], problem or "could not be read")
                continue
            digest = index_cache.decode(path, record)
            library.digests.append(digest)
            fresh[path] = record
            if writer is not None:
                writer.add(path, digest.mtime_ns, digest.size, texts)
            else:
                library.search.add_blob(digest, texts)
            library.parsed += 1
        if writer is not None and library.parsed:
            writer.finish()
    finally:
        if writer is not None:
            writer.abandon()  # (nothing to do once finished)
    for digest in filter(_WARNED, library.digests):
        for warning in digest.warnings:
            library.problems.append(Problem(digest.path, warning))
    library.problems.sort(key=lambda problem: problem.path)
    if progress is not None:
        progress(total, total)
    library.index()
    library._cache = old
    before = boilerplate.saved(old.derived)
    gone = {os.path.dirname(d.path) for d in old.digests if d.path not in found.files}
    touched = {os.path.dirname(path) for path in fresh} | gone
    sets = boilerplate.work_out(library.digests, touched, before)
    boilerplate.apply(library.digests, sets)
    kept = library.digests  # (every file read: the index keeps them all, the emptied last)
    library.digests, library.emptied = boilerplate.split_emptied(kept)
    if library.emptied:
        kept = library.digests + library.emptied
        library.problems.extend(boilerplate.emptied_problems(library.emptied))
        library.problems.sort(key=lambda problem: problem.path)
    unchanged = not library.parsed and [d.path for d in kept] == [d.path for d in old.digests]
    if unchanged:
        library._stamp = old.stamp
        _restore_derived(library, old, derived_file)
    if index_file is not None and (not unchanged or "authors" not in old.derived or unreadable != known_bad):
        derived = {"authors": library.authors.to_state(), "unreadable": unreadable,
                   "boilerplate": boilerplate.to_saved(sets)}
        stamp = index_cache.save(index_file, kept, fresh, old, derived, listed=len(library.digests))
        library._stamp = stamp
        if unchanged and library._stories is not None:  # the same digests: their stories go with the new stamp
            stories_module.save(derived_file, stamp, library._stories)
    library._stories_file = derived_file
    library.search.forget()  # a search reads them back from the file when it needs them
    return library
