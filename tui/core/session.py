"""The session: what the reader screen (and the command line) is handed. It holds the library,
the view builder, the read marks and the state store, the epochs that say what changed, and
shapes data for the screen (header chips, empty-list texts, picker choices, next unread).

Methods marked [worker] run in a thread and change nothing the UI thread reads; their result
is handed back (in a message) to a method the UI thread calls. Everything else is UI-thread only.

Every cache and lazy slot in Brief, and what clears it (the view builder's own are listed in
`query/view.py`; the files under the cache dir in `cache/__init__.py`):

| where | holds | filled by (thread) | cleared by |
| --- | --- | --- | --- |
| `Session.read` | every read key (the reader's start: the first screen's keys only, asked of the store, until `complete_read`) | `open_store`; `show_cached` (the first screen's); `complete_read` [worker, after the first frame; else whatever asks first]; marks (UI) | never: changed in place, with `invalidate(marks=keys)` (`complete_read`: `ViewBuilder.marks_completed`) |
| `Session.new` | the stories that arrived since the last visit (the "New" row) | `find_new` [worker], after each load | replaced by the next load's (`NewFound`) |
| `Session.builder` | `ViewBuilder` of the library shown | `show_cached` / `load_files` [worker] | `adopt` (a new library gets a new builder) |
| `Library` lazy slots: `_authors`, `_stories`, `_label_counts`, `_author_counts`, `_tags`; `Item.author_id`, `Item.story` | corpus facts | first use (either thread); `prepare` [worker] | never: a changed corpus is a new `Library` |
| `Library.summary_file` (`SummaryFile`) | every item's summary, as the summaries file keeps them | `--items --json` (its first `get`) | never (a new library starts without; the CLI process ends) |
| `Library.search` (`SearchTexts`), `Item.folded` | folded search texts | `load_search` [worker] | never (a new library starts without) |
| `SearchTexts.index` (`cache.search_index.SearchIndex`) | the search postings, block by block; the matches of its last 12 needles | `index_search` [worker], after the texts | never (a new library starts without; the file keeps unchanged blocks) |
| `Library._numbers` | each digest's place in the list | first use (`query.found.Whole`, [worker]) | `Library.index` |
| `Digest._items` / `packed` / `source` | a digest's items, unpacked once (a lock) | first use (either thread) | never |
| `Stories` lazy slots: keys, key set, key → number, oldest, author tokens | story facts | first use (a lock) | never |
| `AuthorBook._display`, `_by_name`, `_made` | names worked out | first use | `learn` (only while a library is made) |
| `format.summaries.summaries_of` | the summaries of the last 64 digests shown | `detail` [worker], `--items --json` | its LRU; keyed by path, mtime and size, so a changed file is read again |
| `cache.index.Blobs`, the stories file's keys reader | open cache files | `cached_library`, `load_library` | closed when read or when the library goes |
| `Index.digests` (`cache.head_digests.HeadDigests`) of a warm start | the digests past the head's first 512, made from its columns | first look past them (the check's worker: `load_library`; else either thread, a lock) | never: made once, then an ordinary list |
| `cache.prefetch.Prefetch` | the index head and stories' numbers read before the app starts | `tui.cli` (a thread) | taken once by `show_cached` (what is not taken is closed) |
| `View` rows' unread counts | counted when first drawn | UI; `count_deferred` [worker] | a new view (every epoch change builds one) |
| `format.parser._LINKS`, `format.inline._HTML_READS` | a link's story key and handle; an inline HTML tag as text reads it (pure functions of their keys) | parsing (any thread; each worker process its own) | emptied when they reach 100,000 / 10,000 entries |
| `Session._source_counter` (`query.source_counts.SourceCounts`) | the source headers' counts: each source's story numbers per category; the last counts | first header drawn (UI) | made again for another builder (library); its own table says the rest |
| `Groups._index`, `Groups._by_folder` | each digest's source; each folder's | first use (UI) | never: a new library or new sources make new `Groups` |
| `Groups._indexes_of` | the last listed digests' sources, in order (what the digest list groups by) | each refresh of the digest list (UI) | other digests asked for (compared one by one) |
| `DigestList._counts` (several sources) | each source header's stories and unread | just after the first frame that draws a header (drawn `…/…` in it); after that, when a header is first drawn | every `show` (new rows) |

Epochs: `marks_version` (read marks) and `search_version` (search texts arrived); another library
is another `builder`, whose views start anew. `invalidate` is the one place that moves them.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tui.core import display
from tui.core.cache.prefetch import Prefetch
from tui.core.corpus.changes import renamed
from tui.core.corpus.library import Library, natural_key
from tui.core.corpus.loading import Progress, cached_library, load_library
from tui.core.display import shown_path
from tui.core.format import RULES
from tui.core.format.links import canonical_key
from tui.core.model import Digest, Item
from tui.core.query import arrivals, folding
from tui.core.query.filters import SECTION_SEPARATOR, Filters, NewStories, matcher
from tui.core.query.groups import Groups
from tui.core.query.source_counts import SourceCounts
from tui.core.query.view import View, ViewBuilder
from tui.core.state import Opening, StateStore

FIRST_SCREEN = 64
"""How many digest rows a first screen shows at most, unless the app says (its height)."""
LABEL_FOLDS = 10_000_000
"""How many item references the builder's kept label folds may hold in all once the reader is
idle (~80 MB at most; `ViewBuilder.prepare` keeps 2,000,000 before the library is said to be ready)."""
SECTION_CHOICE = "section\x1f"
"""How a section's picker value starts (a category's is its name)."""
SOURCE_CHOICE = "source\x1f"
"""How a source's picker value starts (then its root)."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry of a picker: what is shown, what typing matches, and the value returned."""

    label: str
    detail: str
    count: int
    value: str
    search: str


class Loaded:
    """A library made by `load_files` [worker], for `adopt` [UI]. (Plain classes here and in
    `Detail`: each dataclass costs the reader's start ~0.5 ms to make.)"""

    __slots__ = ("builder", "fresh", "generation", "library")

    def __init__(self, library: Library, builder: ViewBuilder, generation: int, fresh: bool) -> None:
        self.library = library
        self.builder = builder
        """Its builder, holding the first view (built off the UI thread)."""
        self.generation = generation
        """Which check made it (a later check makes this one stale)."""
        self.fresh = fresh
        """False when nothing changed: `library` is the one already shown, now checked."""


class Detail:
    """What the detail pane shows beside the item itself [worker]."""

    __slots__ = ("first", "item", "others", "summary")

    def __init__(self, item: Item, summary: str, first: Digest | None, others: list[Digest]) -> None:
        self.item = item
        self.summary = summary
        self.first = first
        self.others = others


class Session:
    """The library, its view builder, the read marks and the state store."""

    def __init__(self, paths: list[str], cache_dir: Path | None, data_dir: Path | None) -> None:
        self.paths = paths
        self.cache_dir = cache_dir
        self.data_dir = data_dir
        self.library = Library()
        self.builder = ViewBuilder(self.library)
        """Builds the views of the library shown, reusing work between keystrokes."""
        self._source_counter: SourceCounts | None = None
        """The source headers' counts, for `builder` (made again for another)."""
        self._read: set[str] = set()
        self._read_rest: Callable[[], set[str]] | None = None
        """Makes every read key (the reader's start leaves it until after the first frame: `read`)."""
        self._read_known: frozenset[str] = frozenset()
        """While `_read_rest` waits: the keys whose marks `_read` holds already (the first screen's)."""
        self._read_lock = threading.Lock()
        self._first_digests = 0
        """How many digests `_read_known` covers (their rows were counted with the first screen's marks)."""
        self.store: StateStore | None = None
        self.messages: list[str] = []
        """What the user should be told about the state store."""
        self._told = 0
        """How many of the store's messages were told (`messages` at start, then `store_news`)."""
        self.marks_version = 0
        self.search_version = 0
        self.checking = False
        """Whether the files are being checked (the library may be only what the cache said)."""
        self.generation = 0
        """Counts the checks started; only the latest one's results are adopted."""
        self._cached: Library | None = None
        """The library read from the cache, reused by the next check."""
        clones = os.path.join(os.path.abspath(data_dir), "sources") + os.sep if data_dir is not None else None
        self.groups = Groups(paths, {os.path.abspath(path): os.path.basename(os.path.abspath(path)) for path in paths
                                     if clones and os.path.abspath(path).startswith(clones)})
        """The sources (each folder or file given), grouped in the digest list when more than one."""
        self.roots = [source.root for source in self.groups.sources]
        self.new: NewStories | None = None
        """The stories that arrived since the reader was last closed on these folders (None:
        never closed on them yet, or not worked out yet): the "New" row."""

    def __repr__(self) -> str:  # short: workers put their arguments' repr in their description
        return f"Session({self.library!r})"

    # -- opening and loading ---------------------------------------------------------------

    def open_store(self, opening: Opening | None = None) -> None:
        """Open the state store and read the marks (`opening`: already under way in a thread,
        for this data dir; when it was started `later`, the marks are made a set when first
        needed, and `show_cached` asks the store for the first screen's only)."""
        if self.data_dir is None:
            return
        if opening is not None and opening.data_dir == self.data_dir:
            self.store, make = opening.result_later()
        else:
            self.store = StateStore(self.data_dir)
            make = self.store.read_keys_later()
        if not self.store.keys_current(RULES):  # (once: a start then skips the look at every key)
            self.read = self._rekeyed(make())
            self.store.keys_moved(RULES)
        elif opening is not None and opening.later:
            self._read, self._read_rest, self._read_known = set(), make, frozenset()
        else:
            self.read = make()
        self.messages.extend(self.store.messages)
        self._told = len(self.store.messages)

    @property
    def read(self) -> set[str]:
        """Every read key (made now if the start left it for later: see `complete_read`)."""
        if self._read_rest is not None:
            self.complete_read()
        return self._read

    @read.setter
    def read(self, keys: set[str]) -> None:
        with self._read_lock:
            self._read, self._read_rest, self._read_known = keys, None, frozenset()

    def complete_read(self) -> bool:
        """[either thread] Make the set of every read key if the start left it for later (the
        reader's worker does, after the first frame); True when it was made now. It is the set
        the first view holds (filled in place), and rows made past the first screen's digests
        meanwhile are counted again (`ViewBuilder.marks_completed`)."""
        with self._read_lock:
            rest = self._read_rest
            if rest is None:
                return False
            self._read.update(rest())
            self._read_rest, self._read_known = None, frozenset()
            self.builder.marks_completed(self._first_digests)
        return True

    def _first_marks(self, library: Library, count: int) -> None:
        """Ask the store which stories of the first `count` digests are read (the first screen
        draws no others), leaving the rest of the marks for later."""
        digests = library.digests
        first = [digests[n] for n in range(min(count, len(digests)))]  # (indexing: the rest of a warm start's are not made)
        keys = frozenset(key for digest in first for key in digest.keys())  # noqa: SIM118 - a digest, not a dict
        store = self.store
        with self._read_lock:
            if self._read_rest is None or store is None:
                return
            self._read.update(store.read_among(keys))
            self._read_known = keys
            self._first_digests = len(first)

    def _rekeyed(self, keys: set[str]) -> set[str]:
        """Marks kept under the keys of an older Brief, under today's keys (FORMAT.md 4 dropped
        more query parameters since, X's media viewer tails and the case of X's handles); the store is moved to them
        too, where it can be written."""
        moved = {key: canonical_key(key) for key in keys if "://" in key and (
            "?" in key or "/photo/" in key or "/video/" in key or (key.startswith("https://x.com/") and not key.islower()))}
        moved = {old: new for old, new in moved.items() if new != old}
        if not moved:
            return keys
        store = self.store
        if store is not None and store.writable:
            store.mark_read(set(moved.values()))
            store.mark_unread(list(moved))
        return (keys - moved.keys()) | set(moved.values())

    def show_cached(self, prefetch: Prefetch | None = None, first_rows: int = FIRST_SCREEN) -> bool:
        """Take what the index cache holds as the first screen, without reading any digest file;
        the "All digests" unread count is left to `count_deferred`. False: nothing usable.
        `prefetch`: the cache's first parts, being read in a thread since before Textual was imported.
        `first_rows`: how many digest rows the first screen can show (their marks are asked of the
        store when the start left the rest for later)."""
        quick = cached_library(self.paths, self.cache_dir, prefetch)
        if quick is None or not quick.stories_ready:
            return False  # ("All digests" would have to be worked out first: leave it to the check)
        builder = ViewBuilder(quick)
        later = self._read_rest is not None
        if later:  # (the first screen's marks only: the rest after the first frame)
            self._first_marks(quick, first_rows)
        read = self._read if later else set(self.read)  # (later: the set `complete_read` fills in place)
        builder.build(Filters(), read, self.marks_version, None, defer_count=True, search_version=self.search_version,
                      marks_later=later)
        self.library, self.builder, self._cached = quick, builder, quick
        self.checking = True
        return True

    def begin_check(self) -> tuple[int, Library | None]:
        """Start checking the files: (this check's generation, the library it may reuse)."""
        self.generation += 1
        self.checking = True
        reuse, self._cached = self._cached, None
        return self.generation, reuse

    def count_deferred(self) -> bool:
        """[worker] Count the first frame's deferred "All digests" unread; True when it did."""
        first = self.builder.last_view()
        if first is None or first.rows[0].counted:
            return False
        first.rows[0].count()
        return True

    def load_files(self, generation: int, progress: Progress | None = None, reuse: Library | None = None,
                   first_view: bool = True, partial: Callable[[Loaded], object] | None = None) -> Loaded:
        """[worker] Check every file (reusing `reuse`, the library read from the cache) and parse
        what changed; a fresh library comes with its first view built (unless not `first_view`).
        `partial`: on a first run, the first digests read, with their first view, while the rest are read."""

        def early(first: Library) -> None:
            if partial is not None:
                builder = ViewBuilder(first)
                builder.build(Filters(), set(self.read), self.marks_version, None, search_version=self.search_version)
                partial(Loaded(first, builder, generation, fresh=True))

        library = load_library(self.paths, self.cache_dir, progress, reuse=reuse,
                               partial=early if partial is not None else None)
        if library is reuse and reuse is not None:
            return Loaded(library, self.builder if self.builder.library is library else ViewBuilder(library),
                          generation, fresh=False)
        builder = ViewBuilder(library)
        if first_view:
            builder.build(Filters(), set(self.read), self.marks_version, None, search_version=self.search_version)
        return Loaded(library, builder, generation, fresh=True)

    def load_now(self) -> None:
        """Load the library in this thread, without a view (the command line)."""
        generation, reuse = self.begin_check()
        self.adopt(self.load_files(generation, reuse=reuse, first_view=False))

    def show_partial(self, loaded: Loaded) -> bool:
        """Show the first digests a first run has read while the check goes on (it stays `checking`);
        False when that check is not the latest, or the library is in already."""
        if loaded.generation != self.generation or not self.checking:
            return False
        self.library, self.builder = loaded.library, loaded.builder
        return True

    def adopt(self, loaded: Loaded) -> bool:
        """Show a library `load_files` made; False when a later check has started since."""
        if loaded.generation != self.generation:
            return False
        self.checking = False
        if loaded.library is not self.library or loaded.builder is not self.builder:
            self.library, self.builder = loaded.library, loaded.builder
        return True

    def prepare(self, library: Library, builder: ViewBuilder) -> None:
        """[worker] After the first screen: keep the stories for the next start, then unpack and
        number every item and fold the most used labels, so later keys only filter."""
        library.save_stories()
        if builder.library is library:
            builder.prepare()

    def fold_labels(self, library: Library, builder: ViewBuilder) -> None:
        """[worker] Last: fold the rest of the most used labels too while the kept lists stay
        under `LABEL_FOLDS` item references (at 50,000 digests `prepare` keeps two labels'
        folds; each further one is ~310,000 references, ~2.5 MB, and ~30 ms saved on choosing it),
        and work out which stories the marks are (~50 ms at 95,000 marks, else the first
        category chosen pays it)."""
        if builder.library is library:
            builder.fold_labels(budget=LABEL_FOLDS)
            version = self.marks_version
            builder.read_ahead(set(self.read), version)  # (a copy: the UI may mark meanwhile, under a later version)

    @property
    def search_loaded(self) -> bool:
        """Whether the search texts are in (else a search reads summaries one by one)."""
        return self.library.search.ready

    def load_search(self, library: Library, builder: ViewBuilder) -> None:
        """[worker] Read every item's search text, and line them up for the builder."""
        library.search.load(library.digests)
        if builder.library is library:
            builder.prepare_search()

    def index_search(self, library: Library, builder: ViewBuilder) -> None:
        """[worker] After the search texts: their postings, so a keystroke looks up the items
        holding its characters instead of testing every text (the same results, sooner)."""
        library.assign_author_ids()
        library.search.build_index(library.digests, builder.second_text)
        if builder.library is library:
            builder.prepare_index()

    def find_new(self, library: Library, since: float | None = None, now: float | None = None) -> NewStories | None:
        """[worker] Record the digests first seen now, and the stories that arrived after `since`
        (None: since the reader was last closed on these folders; None when it never was)."""
        store = self.store
        if store is None:
            return None
        stamp = time.time() if now is None else now
        visits = store.visits()
        arrived = store.arrivals()
        unseen = any(digest.path not in arrived for digest in library.digests)
        fresh = arrivals.arrivals_of(library.digests, arrived, visits, self.roots, stamp,
                                     store.arrival_stamps() if unseen else None)
        if fresh:
            by_path = {digest.path: digest for digest in library.digests}
            store.add_arrivals(fresh, self.roots, stamp, {path: arrivals.stamp_of(by_path[path]) for path in fresh})
            arrived.update(fresh)
        elif any(root not in visits for root in self.roots):
            store.add_arrivals({}, self.roots, stamp)
        if since is None:
            since = arrivals.last_visit(visits, self.roots)
            if since is None:
                return None
        return arrivals.new_stories(library, arrived, since)

    def end_visit(self) -> None:
        """The reader closes: what arrived until now is not new next time."""
        if self.store is not None:
            self.store.end_visit(self.roots)

    def new_note(self) -> str:
        """`14 new since Mon 18:00` for the header ("" when nothing is new)."""
        new = self.new
        if new is None or not new.keys:
            return ""
        return f"{len(new.keys):,} new since {arrivals.since_text(new.since, time.time())}"

    def close(self) -> None:
        """Close the state store."""
        if self.store is not None:
            self.store.close()

    # -- epochs ----------------------------------------------------------------------------

    def invalidate(self, marks: Collection[str] | None = None, search: bool = False,
                   all_marks: bool = False) -> None:
        """Say what changed: these keys' marks (`all_marks`: any mark), or the search texts (they
        arrived). The one place epochs move."""
        if marks is not None or all_marks:
            self.marks_version += 1
            self.builder.marks_changed(None if all_marks else list(marks or ()), self.marks_version)
        if search:
            self.search_version += 1
            self.builder.search_changed()

    # -- read marks ------------------------------------------------------------------------

    def is_read(self, item: Item) -> bool:
        """Whether the item's story is read."""
        if self._read_rest is not None and item.key in self._read_known:
            return item.key in self._read  # (the first screen's: known before every mark is made)
        return item.key in self.read

    def mark_read(self, keys: Iterable[str]) -> str | None:
        """Mark stories read, in memory and in the store; returns what the store has to say (saving
        failed, or works again; a line each), if anything."""
        return self._set_marks(list(keys), read=True)

    def mark_unread(self, keys: Iterable[str]) -> str | None:
        """Mark stories unread; returns a warning when saving failed just now."""
        return self._set_marks(list(keys), read=False)

    def toggle_read(self, item: Item) -> str | None:
        """Read ↔ unread for one item's story."""
        return self.mark_unread([item.key]) if item.key in self.read else self.mark_read([item.key])

    def _set_marks(self, keys: list[str], read: bool) -> str | None:
        if read:
            self.read.update(keys)
        else:
            self.read.difference_update(keys)
        self.invalidate(marks=keys)
        store = self.store
        if store is None:
            return None
        (store.mark_read if read else store.mark_unread)(keys)
        news = self.store_news()
        return "\n".join(news) if news else None

    def store_news(self) -> list[str]:
        """What the state store said since it was last asked (saving failed, in a worker too, or
        works again): each thing told once, by whoever asks first (a mark, a reload)."""
        store = self.store
        if store is None:
            return []
        news = store.messages[self._told :]
        self._told += len(news)
        return news

    def retry_saving(self) -> None:
        """[worker] Marks kept in memory after a failed write: try to save them again (a reload)."""
        if self.store is not None:
            self.store.retry()

    def stored_marks(self) -> tuple[int, set[str]] | None:
        """[worker] The store's read keys as they are now (another Brief, `brief --open`, may
        have marked some), with the marks version they were read at; None when there is no
        store that keeps them, or this run's marks are not all in yet."""
        store = self.store
        if store is None or not store.writable or self._read_rest is not None:
            return None
        version = self.marks_version
        return version, store.read_keys()

    def adopt_marks(self, stored: tuple[int, set[str]]) -> int:
        """[UI] Take the store's marks (`stored_marks`) for this run's: returns how many keys
        changed. None is taken when a mark was made here since they were read (the next reload
        takes them)."""
        version, keys = stored
        if version != self.marks_version:
            return 0
        read = self.read
        added, gone = keys - read, read - keys
        if not added and not gone:
            return 0
        read |= added
        read -= gone
        self.invalidate(marks=[*added, *gone])
        return len(added) + len(gone)

    def unread_keys(self, items: Iterable[Item]) -> list[str]:
        """The keys of these items not read yet, each once, in order."""
        return list(dict.fromkeys(item.key for item in items if item.key not in self.read))

    # -- what the screen shows -------------------------------------------------------------

    def view(self, filters: Filters, chosen: Digest | None, keep: frozenset[str] = frozenset()) -> View:
        """The digest rows and items for these filters, with `chosen`'s items when it is listed;
        `keep`: keys just read that stay listed under "unread only" (see ViewBuilder.build)."""
        if self._read_rest is not None:  # (the first screen again, before every mark is made: it holds what it needs)
            built = self.builder.built(filters, self.marks_version, chosen, self.search_version, keep)
            if built is not None:
                return built
        return self.builder.build(filters, self.read, self.marks_version, chosen, search_version=self.search_version,
                                  keep=keep)

    def detail(self, item: Item) -> Detail:
        """[worker] The summary of an item and where else its story appears."""
        library = self.library
        found = None if library.numbered and item.story >= 0 else folding.carriers(library, [item])  # (once, for both)
        return Detail(item, library.summary(item), folding.first_seen(library, item, found),
                      folding.also_in(library, item, found))

    def find_again(self, digest: Digest | None, item: Item | None) -> tuple[Digest | None, Item | None]:
        """The digest and item of the library shown that are these ones (same file, same
        place), for a screen kept on them across a reload; None where they are gone."""
        digests = self.library.digests
        if digest is not None and not any(d is digest for d in digests):
            digest = next((d for d in digests if d.path == digest.path), None) or renamed([digest], digests).get(digest.path)
        if item is not None and item.digest is not None and not any(d is item.digest for d in digests):
            path, number = item.digest.path, item.number
            again = next((d for d in digests if d.path == path), None) or renamed([item.digest], digests).get(path)
            item = again.items[number - 1] if again is not None and number <= again.item_count else None
        return digest, item

    def is_repeat(self, item: Item) -> bool:
        """Whether an item's story appeared in an earlier digest (False until items are numbered:
        before that, finding out costs a pass over every digest)."""
        return self.library.numbered and folding.is_repeat(self.library, item)

    def chips(self, filters: Filters) -> list[str]:
        """The active filters, as the header shows them and the empty list names them."""
        parts = []
        if filters.source:
            parts.append(f"source: {self.groups.label(filters.source)}")
        if filters.category:  # (a tag is called one, as the picker marks it)
            kind = "tag" if filters.category in self.library.tags() else "category"
            parts.append(f"{kind}: {filters.category}")
        if filters.section:
            parts.append(f"section: {filters.section}")
        if filters.authors is not None:
            names = sorted(self.library.authors.display(a) for a in filters.authors)
            parts.append("author: " + (", ".join(names) or "?"))
        if filters.search:
            parts.append(f"/{filters.search}")
        if filters.unread_only:
            parts.append("unread only")
        if filters.new is not None:
            parts.append(f"new since {arrivals.since_text(filters.new.since, time.time())}")
        return parts

    def mark_all_question(self, count: int, filters: Filters, chosen: Digest | None) -> str:
        """The question before marking `count` unread items read: exactly which ones."""
        what = f"{count:,} unread item" + ("" if count == 1 else "s")
        where = "all digests" if chosen is None else f"“{display.one_line(chosen.title)}”"
        chips = [chip for chip in self.chips(filters) if chip != "unread only"]
        if chips:
            return f"Mark as read the {what} shown in {where}, those matching {', '.join(chips)}?"
        return f"Mark as read the {what} in {where}?"

    def no_digests_text(self, config_path: Path) -> str:
        """What the digest list says when it is empty."""
        if self.checking:
            return "Loading digests…"
        folders = "\n".join(shown_path(p) for p in self.paths)
        others = [problem.path for problem in self.library.problems if problem.not_a_digest]
        held = ""
        if others:  # (as the command line says it)
            names = "\n".join(shown_path(path) for path in others[:3]) + ("\n…" if len(others) > 3 else "")
            held = f"{display.counted(len(others), 'file')} hold{'s' if len(others) == 1 else ''} no items (! lists them):\n{names}\n\n"
        return (
            f"No digests (*.md, *.markdown) found in\n{folders}\n\n{held}"
            f"Run `brief FOLDER`, or list folders in\n{shown_path(config_path)}:\n"
            'paths = ["~/news"]'
        )

    def no_items_text(self, filters: Filters, config_path: Path) -> str:
        """What the item list says when it is empty."""
        if not self.library.digests:
            return self.no_digests_text(config_path)
        if filters.active:
            return "No items match " + ", ".join(self.chips(filters)) + "\nPress x to clear the filters."  # (no `.`: it would read as the search's)
        return "This digest has no items."

    def _under(self, filters: Filters) -> tuple[Counter[str], Counter[str], Counter[str]]:
        """Story counts per label, section heading and author among the items that pass
        `filters` (one pass over every item: for a picker opened with other filters active)."""
        test = matcher(self.library, filters, self.read)
        library = self.library
        labels: dict[str, set[str]] = {}
        sections: dict[str, set[str]] = {}
        authors: dict[str, set[str]] = {}
        library.assign_author_ids()
        for digest in library.digests:
            passing = [item for item in digest.items if test(item)]
            if not passing:
                continue
            for label in digest.labels():
                labels.setdefault(label, set()).update(item.key for item in passing)
            for item in passing:
                for name in item.section.split(SECTION_SEPARATOR) if item.section else ():
                    sections.setdefault(name, set()).add(item.key)
                if item.author_id:
                    authors.setdefault(item.author_id, set()).add(item.key)
        return tuple(Counter({name: len(keys) for name, keys in found.items()})  # type: ignore[return-value]
                     for found in (labels, sections, authors))

    def category_choices(self, filters: Filters | None = None) -> list[Choice]:
        """Categories and tags, then sections, with their story counts, most used first. A
        section's value starts with `SECTION_CHOICE` (the picker hands it back as it is).
        With `filters`, the counts are of the stories that also pass the other filters (0: the
        choice would list nothing)."""
        library = self.library
        label_counts, section_counts = library.label_counts(), library.section_counts()
        others = replace(filters, category=None, section=None) if filters is not None else Filters()
        if others.active:
            under = self._under(others)
            label_counts = Counter({label: under[0][label] for label in label_counts})
            section_counts = Counter({name: under[1][name] for name in section_counts})
        tags = library.tags()
        choices = [
            Choice(label, "tag" if label in tags else "", count, label, label.casefold())
            for label, count in sorted(label_counts.items(), key=lambda e: (-e[1], natural_key(e[0]), e[0]))
        ]
        choices.extend(
            Choice(name, "section", count, SECTION_CHOICE + name, name.casefold())
            for name, count in sorted(section_counts.items(), key=lambda e: (-e[1], natural_key(e[0]), e[0]))
        )
        if self.groups.grouping:
            counts = self._source_counts(replace(filters, source=None) if filters is not None else Filters())
            choices.extend(Choice(source.label, "source", counts.get(source.root, 0), SOURCE_CHOICE + source.root,
                                  source.label.casefold()) for source in self.groups.sources)
        return choices

    def _source_counts(self, filters: Filters) -> dict[str, int]:
        """Stories per source (root) among the items that pass `filters`."""
        return {root: total for root, (total, _unread) in self.source_counts(filters).items()}

    def source_counts(self, filters: Filters) -> dict[str, tuple[int, int]]:
        """(stories, unread stories) per source (root) among the items that pass `filters`, each
        story once per source: what a source's header shows and choosing it lists."""
        counter = self._source_counter
        if counter is None or counter.builder is not self.builder:
            counter = self._source_counter = SourceCounts(self.builder, self.groups)
        found = counter.counts(filters, self.read, self.marks_version)
        return found if found is not None else self.source_counts_by_items(filters)

    def source_counts_by_items(self, filters: Filters) -> dict[str, tuple[int, int]]:
        """`source_counts` worked out item by item, by key (before the stories are known; the
        reference the tests hold it to)."""
        library, groups = self.library, self.groups
        test = matcher(library, filters, self.read)
        keys: dict[str, set[str]] = {}
        for digest in library.digests:
            found_keys = keys.setdefault(groups.sources[groups.index_of(digest)].root, set())
            found_keys.update(item.key for item in digest.items if test(item))
        return {root: (len(found_keys), folding.unread_count(found_keys, self.read)) for root, found_keys in keys.items()
                if found_keys}

    def author_choices(self, filters: Filters | None = None) -> list[Choice]:
        """Authors (display name, @handle) with their story counts, most prolific first (with
        `filters`: counts of the stories that also pass the other filters)."""
        library = self.library
        authors = library.authors
        choices = []
        counts = library.author_counts()
        others = replace(filters, authors=None) if filters is not None else Filters()
        if others.active:
            under = self._under(others)[2]
            counts = Counter({ident: under[ident] for ident in counts})
        for ident, count in sorted(counts.items(), key=lambda e: (-e[1], natural_key(authors.display(e[0])), e[0])):  # (Writer 2 before 10)
            name = authors.display(ident)
            handle = authors.handle(ident) or ""
            search = " ".join([name, handle, *authors.aliases(ident)]).casefold()
            choices.append(Choice(name, handle if handle != name else "", count, ident, search))
        return choices

    def step_unread(self, view: View, cursor: int, chosen: Digest | None, filters: Filters,
                    step: int) -> tuple[Digest | None, int | None] | None:
        """Where the next (`step` 1) or previous (-1) unread item is, from `cursor` in `view`:
        (the digest to choose, the item's index in it, None: none unread there), or None when
        there is no unread item that way. Past the chosen digest's end, the next digest with
        unread items is chosen."""
        read = self.read
        items = view.items
        index = cursor + step
        while 0 <= index < len(items):
            if items[index].key not in read:
                return chosen, index
            index += step
        if chosen is None:
            return None
        rows = view.rows
        position = max(rows.index_of(chosen), 0) + step
        while 1 <= position < len(rows):
            if rows[position].unread:
                target = rows[position].digest
                unread = self._unread_positions(self.view(filters, target).items)
                return target, (unread[0] if step > 0 else unread[-1]) if unread else None
            position += step
        return None

    def _unread_positions(self, items: Sequence[Item]) -> list[int]:
        return [index for index, item in enumerate(items) if item.key not in self.read]
