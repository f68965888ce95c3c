"""The reader's slow work, run in thread workers; each reports back by posting a message.

Each function takes the session and `post` (the screen's thread-safe `post_message`) and
never touches a widget.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from tui.core import collector
from tui.core.corpus.library import Library
from tui.core.model import Item
from tui.core.query.view import ViewBuilder
from tui.core.session import Session
from tui.messages import (
    CountsReady,
    DetailReady,
    FilesChanged,
    LibraryLoaded,
    LinkOpened,
    LoadProgress,
    MarksStored,
    NewFound,
    PartlyLoaded,
    Prepared,
    SearchReady,
    SourcesProgress,
    SourcesUpdated,
    WatchFailed,
)

if TYPE_CHECKING:
    from tui.core.sources import Result, Source

Post = Callable[[Message], object]


def check_files(session: Session, generation: int, reuse: Library | None, first_screen: threading.Event | None,
                post: Post, marks: bool = False) -> None:
    """Check every file (reusing `reuse`, the library read from the cache), parse what changed,
    then prepare the library for fast filtering. With `marks` (a reload), the store's read marks
    are read again first: another Brief may have made some."""
    if marks:
        session.retry_saving()  # (marks kept in memory after a failed write: the disk may have room again)
        stored = session.stored_marks()
        if stored is not None:
            post(MarksStored(stored))
    if reuse is not None:
        if first_screen is not None:
            first_screen.wait(timeout=2)  # the cache is on screen: let the first screen's detail have the CPU
        completed = session.complete_read()  # (the first screen had its own marks only)
        if session.count_deferred() or completed:
            post(CountsReady())

    def progress(done: int, total: int) -> None:
        post(LoadProgress(done, total))

    loaded = session.load_files(generation, progress, reuse, partial=lambda first: post(PartlyLoaded(first)))
    post(LibraryLoaded(loaded))
    # Every item is made now (hundreds of thousands of long-lived objects): with the collector
    # on, it walked the whole heap each time that grew by a quarter (~1.1 s of full collections
    # at 50,000 digests, each holding the UI thread up to ~0.3 s). Frozen after, later
    # collections skip it (else a full one walked the labels' folds, ~0.2 s, on a later keystroke).
    with collector.paused():
        session.prepare(loaded.library, loaded.builder)
    post(Prepared(loaded.library))
    post(NewFound(loaded.library, session.find_new(loaded.library)))
    with collector.paused():
        session.fold_labels(loaded.library, loaded.builder)


def load_search(session: Session, library: Library, builder: ViewBuilder, post: Post) -> None:
    """Read the search texts (summaries, folded); the reader filters again after. Then their
    postings, which later keystrokes use (nothing to redraw: the results are the same)."""
    with collector.paused():  # (a text for every item, lined up with the lists: long-lived, frozen after)
        session.load_search(library, builder)
    post(SearchReady(library))
    with collector.paused():
        session.index_search(library, builder)


def load_detail(session: Session, item: Item, post: Post) -> None:
    """Read an item's summary and where else its story appears."""
    post(DetailReady(session.detail(item)))


def open_link(browser: Callable[[str], bool], url: str, key: str | None, post: Post) -> None:
    """Hand `url` (already checked) to the browser; a browser that hangs blocks only this thread."""
    try:
        opened = browser(url)
        error = ""
    except Exception as exc:  # noqa: BLE001 - any failure is reported
        opened, error = False, str(exc)
    post(LinkOpened(url, key, bool(opened), error))


def watch_folders(paths: list[str], mode: str, stop: threading.Event, post: Post, first_screen: threading.Event) -> None:
    """Watch the library's folders until `stop`; each batch of digest changes is a FilesChanged.
    Starts once the first screen is complete (importing watchfiles then costs the start nothing:
    after the first frame only, it held the GIL while the detail's summary was being drawn)."""
    first_screen.wait(timeout=2)
    from tui.core.watching import watch

    reason = watch(paths, mode, stop, lambda count: post(FilesChanged(count)))
    if reason is not None:
        post(WatchFailed(reason))


def update_sources(started: Sequence[Source], config_file: Path, data_dir: Path, post: Post) -> None:
    """Fetch every subscribed repository (`U`); the watcher, or a check after, shows what arrived.
    config.toml is read again first: a source removed since the start is not cloned back."""
    from tui.core.config import load_config, unreadable_note
    from tui.core.sources import GIT_MISSING, git_binary, still_configured, update_all

    config = load_config(config_file)
    if config.unreadable:
        post(SourcesUpdated([], [unreadable_note(config_file)], False))
        return
    sources, gone = still_configured(started, config.sources)
    if not sources:
        post(SourcesUpdated(gone, [], False, sources))
        return
    if git_binary() is None:
        post(SourcesUpdated([], [GIT_MISSING], False))
        return

    def progress(result: Result, done: int, total: int) -> None:
        post(SourcesProgress(done, total, f"{result.source.name}: {result.message}"))

    results = update_all(sources, data_dir, on_progress=progress)
    post(SourcesUpdated([f"{r.source.name}: {r.message}" for r in results if r.ok] + gone,
                        [f"{r.source.name}: {r.message}" for r in results if not r.ok],
                        any(r.changed for r in results), sources))
