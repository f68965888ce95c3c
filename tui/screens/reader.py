"""The reader: digest list, item list and detail. A coordinator: it owns the filters and the
selection as reactives, sets them on the panes, starts the workers and handles their messages;
the session shapes the data.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from tui.core import display
from tui.core.corpus.changes import change_note
from tui.core.format.links import refuse_reason
from tui.core.model import Digest, Item
from tui.core.query.filters import Filters
from tui.core.query.folding import unread_count
from tui.core.query.rows import DigestRow
from tui.core.query.view import View
from tui.core.session import Detail, Session
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
from tui.screens import reader_work
from tui.screens.reader_commands import ReaderCommands
from tui.screens.reader_pickers import PickerActions
from tui.screens.reader_reading import ReadingActions
from tui.widgets.detail import DetailView
from tui.widgets.digest_list import DigestList
from tui.widgets.item_list import ItemList
from tui.widgets.key_bar import KeyBar
from tui.widgets.search_box import SearchBox
from tui.widgets.status_bar import StatusBar
from tui.widgets.summary import SummaryView

if TYPE_CHECKING:
    from tui.core.sources import Source

NARROW = 100
"""Below this many columns the panes stack."""
SHORT = 30
"""Below this many rows (and stacked) the digest list gives rows to the detail."""
TINY = 20
"""Below this many rows (and stacked) the digest list keeps two rows, the items and the detail share the rest."""
STREAK_QUIET = 1.0
"""Seconds without a change in the watched folders before what changed is told, in one note."""
FIRST_SCREEN_WAIT = 2.0
"""Seconds the file check and the watcher wait for the first screen at most."""


@dataclass(slots=True)
class ReaderOptions:
    """What the app hands the reader besides the session."""

    browser: Callable[[str], bool]
    """Hands a URL to the browser; returns False when none could be started."""
    config_path: Path
    blink: bool = True
    """Whether text cursors blink (tests turn it off for stable snapshots)."""
    detail_delay: float = 0.08
    """Seconds the detail pane waits for the cursor to settle (0: at once, for tests)."""
    first_frame: threading.Event = field(default_factory=threading.Event)
    """Set once the first frame is on screen."""
    first_screen: threading.Event = field(default_factory=threading.Event)
    """Set once the first screen is complete: the lists and the highlighted item's detail, its
    summary included (the file check and the watcher wait for it, so the first screen has the
    CPU to itself)."""
    watch: str = "events"
    """How the folders are watched for new digests: `events`, `poll` or `off` (config `watch`)."""
    sources: list[Source] = field(default_factory=list)
    """The subscribed git repositories read (`U` updates them; empty: none, or folders given)."""
    data_dir: Path | None = None
    """Where the sources' clones live."""
    warnings: list[str] = field(default_factory=list)
    """What was wrong at start (config.toml, a folder, the state file): toasts, and in `!`."""


def _narrowed(old: Filters, new: Filters) -> bool:
    """Whether the filters now ask for something new (another search text, category, section,
    author, source or "New"): the cursor then starts on the first item found, as in newsboat. A
    filter cleared or "unread only" toggled keeps it on its item (what was found, in its place)."""
    return bool(new.search and new.search != old.search) or any(
        getattr(new, name) is not None and getattr(new, name) != getattr(old, name)
        for name in ("category", "section", "authors", "source", "new"))


class ReaderScreen(ReadingActions, PickerActions, Screen[None]):
    """Panes post messages up; this screen keeps the state and sets it on the panes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "next_pane", "Next pane", show=False, id="next_pane"),
        Binding("shift+tab", "previous_pane", "Previous pane", show=False, id="previous_pane"),
        Binding("o", "open_link", "Open link", id="open_link"),
        Binding("y", "copy_link", "Copy link", show=False, id="copy_link"),
        Binding("m", "toggle_read", "Mark", id="toggle_read"),
        Binding("A", "mark_all_read", "Mark all read", show=False, id="mark_all_read"),
        Binding("space", "read_on", "Read on", show=False, id="read_on"),
        Binding("n", "next_unread", "Next unread", show=False, id="next_unread"),
        Binding("p", "previous_unread", "Previous unread", show=False, id="previous_unread"),
        Binding("u", "toggle_unread_only", "Unread only", id="unread_only"),
        Binding("w", "show_new", "What's new", show=False, id="show_new"),
        Binding("c", "pick_category", "Category", id="pick_category"),
        Binding("a", "pick_author", "Author", id="pick_author"),
        Binding("slash", "search", "Search", id="search"),
        Binding("v", "view_document", "Document", show=False, id="view_document"),
        Binding("x", "clear_filters", "Clear", id="clear_filters"),
        Binding("escape", "back", "Back", show=False, id="back"),
        Binding("r", "reload", "Reload", show=False, id="reload"),
        Binding("U", "update_sources", "Update sources", show=False, id="update_sources"),
        Binding("exclamation_mark", "problems", "Problems", show=False, id="problems"),
        Binding("question_mark", "help", "Help", id="help"),
    ]
    COMMANDS: ClassVar = {ReaderCommands}

    filters: reactive[Filters] = reactive(Filters, bindings=True, init=False)
    """What the user narrowed to."""
    chosen: reactive[Digest | None] = reactive(None, bindings=True, init=False)
    """The digest whose items are listed (None: all digests)."""
    current: reactive[Item | None] = reactive(None, bindings=True, init=False)
    """The highlighted item, shown in the detail pane."""

    def __init__(self, session: Session, options: ReaderOptions) -> None:
        super().__init__()
        self.session = session
        self.options = options
        self.view = View()
        """What the panes show now (made by the session from the filters and the choice)."""
        self._detail_timer: Timer | None = None
        self._listed_for: tuple[Digest | None] | None = None
        """Whose items the item list shows (a new filter on the same digest keeps the place near)."""
        self._reloading = False
        """`r` was pressed: say what changed when the library arrives."""
        self._marks_taken = 0
        """Read marks another Brief made, taken in by the reload under way (its note says so)."""
        self._watch_reload = False
        """The folders changed on their own: say what arrived when the library does."""
        self._changed_again = False
        """They changed again while a check was under way: check once more after it."""
        self._stop_watching = threading.Event()
        self.watcher: threading.Thread | None = None
        """The thread watching the folders (None: `watch = false`)."""
        self._updating: str | None = None
        """`U` is fetching the sources: what the top bar says meanwhile (None: not)."""
        self._streak_before: list[Digest] | None = None
        """The digests before the watched folders began to change (None: they are not changing)."""
        self._streak_timer: Timer | None = None
        self._problem_paths: frozenset[str] = frozenset()
        """The files with problems last told of."""
        self._background_started = False
        """The file check and the watcher have been started (once the first screen is drawn)."""
        self._resumed = False
        """The screen has been shown once (see `on_screen_resume`)."""
        self._partial_shown = False
        """A first run's first digests are shown; the rest are still being read."""
        self._started = False
        """The check of every file begun at start has come back (see `_library_loaded`)."""
        self._kept: frozenset[str] = frozenset()
        """Keys read while this view is on screen: under "unread only" they stay listed (dimmed)
        until the view is refreshed (another digest or filter, or `r`), as newsboat and nom do."""

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            yield DigestList(id="digests")
            with Vertical(id="right"):
                yield ItemList(id="items")
                yield DetailView(id="detail")
        yield KeyBar(id="keys")

    @property
    def digest_list(self) -> DigestList:
        return self.query_one("#digests", DigestList)

    @property
    def item_list(self) -> ItemList:
        return self.query_one("#items", ItemList)

    @property
    def detail(self) -> DetailView:
        return self.query_one("#detail", DetailView)

    @property
    def search_box(self) -> SearchBox:
        """The search box, made the first time it is needed (most starts never search)."""
        found = self._search_box_now()
        if found is None:
            hint = "search: headline, author, summary · Enter keeps it, Esc clears it"  # (the keys: the bar shows none here)
            found = SearchBox(self._search_typed, placeholder=hint, id="search")
            found.cursor_blink = self.options.blink
            self.query_one("#right").mount(found, before="#items")
        return found

    def _search_box_now(self) -> SearchBox | None:
        found = self.query("#search")
        return found.first(SearchBox) if found else None

    def on_mount(self) -> None:
        self.digest_list.border_title = "Digests"
        self.item_list.border_title = "Items"
        self.detail.border_title = "Detail"
        self.digest_list.focus()
        self.detail.clear("")
        self._apply_size()
        if self.session.library.digests:
            self._show_library()  # the session read the index cache before the first frame
        if self.current is None:
            self._start_background()  # (no detail to wait for)
        else:
            # The file check's and the watcher's threads start once the first screen is drawn:
            # started here, each start waited for the new thread to get the GIL (~5 ms) before
            # the first frame. (A detail that never comes does not hold them for long.)
            self.set_timer(FIRST_SCREEN_WAIT, self._start_background)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time the screen is shown (pushed just now), Textual's own handler (run after
        this one) need not style every widget again: each was styled as it was mounted, a moment
        ago, with the theme already set (~10 ms of the first frame at 120×35). Later resumes (a
        dialog closed, the theme perhaps changed in the palette) restyle as Textual does."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def _start_background(self) -> None:
        """Start the file check (unless one began meanwhile: `r`) and the watcher; once."""
        if self._background_started:
            return
        self._background_started = True
        if not self.session.generation:
            self._check_files()
        self._watch()

    def _watch(self) -> None:
        """New, changed and removed digests come in while reading (see tui.core.watching)."""
        if self.options.watch == "off":
            return
        self._stop_watching = threading.Event()
        # A thread of its own, not a worker: it runs as long as the screen (a worker that never
        # ends would keep "wait for the workers" waiting for ever).
        self.watcher = threading.Thread(
            target=reader_work.watch_folders, name="brief-watch", daemon=True,
            args=(list(self.session.paths), self.options.watch, self._stop_watching, self.post_message,
                  self.options.first_screen))
        self.watcher.start()

    def on_unmount(self) -> None:
        self._stop_watching.set()

    @on(FilesChanged)
    def _files_changed(self) -> None:
        """Digest files changed on disk: read them again (after the check under way, if any)."""
        if self.session.checking:
            self._changed_again = True
            return
        self._watch_reload = True
        self._check_files()

    @on(WatchFailed)
    def _watch_failed(self, event: WatchFailed) -> None:
        self.notify(display.one_line(event.reason), severity="warning", timeout=8, markup=False)

    def on_resize(self) -> None:
        self._apply_size()

    def _apply_size(self) -> None:
        size = self.app.size
        self.set_class(size.width < NARROW, "-narrow")
        self.set_class(size.height < SHORT, "-short")
        self.set_class(size.height < TINY, "-tiny")

    # -- workers and what they report ------------------------------------------------------

    def _run(self, work: Callable[[], None], group: str, exclusive: bool = True) -> None:
        self.run_worker(work, group=group, description=group, thread=True, exclusive=exclusive)

    def _check_files(self) -> None:
        """Check every file in a worker (the library shown stays usable meanwhile)."""
        generation, reuse = self.session.begin_check()
        first_screen = self.options.first_screen if reuse is not None else None
        self._run(partial(reader_work.check_files, self.session, generation, reuse, first_screen, self.post_message,
                          marks=self._reloading), "load")
        self._update_status()

    @on(LoadProgress)
    def _load_progress(self, event: LoadProgress) -> None:
        """Show index progress (the bar is made when files need parsing)."""
        from textual.widgets import ProgressBar  # (most starts parse nothing)

        found = self.query("#progress")
        if not found and event.done >= event.total:
            return
        bar = found.first(ProgressBar) if found else ProgressBar(id="progress", show_eta=False)
        if not found:
            self.mount(bar, after="#status")
        bar.display = True
        bar.update(total=max(event.total, 1), progress=event.done)

    @on(CountsReady)
    def _counts_ready(self) -> None:
        """Counts that were worked out in the background are at hand: draw them."""
        self.digest_list.refresh()
        self._update_status()
        self.refresh_bindings()

    @on(MarksStored)
    def _marks_stored(self, event: MarksStored) -> None:
        """A reload read the store's marks again: those another Brief made are taken (said in
        the reload's note)."""
        taken = self.session.adopt_marks(event.stored)
        if taken:
            self._marks_taken = taken
            self.refresh_view()

    @on(LibraryLoaded)
    def _library_loaded(self, event: LibraryLoaded) -> None:
        before = self.session.library.digests
        if not self.session.adopt(event.loaded):
            return  # a later check has started
        note = change_note(before, self.session.library.digests, name_new=not self._reloading)
        if self._reloading:
            listed = display.counted(len(self.session.library.digests), "digest")
            taken, self._marks_taken = self._marks_taken, 0
            marks = f"; {display.counted(taken, 'story', 'stories')} marked read or unread elsewhere, taken in" if taken else ""
            self.notify(f"Reloaded: {note or f'no changes ({listed})'}{marks}", timeout=4, markup=False)
            self._tell_store(self.session.store_news())  # (saving works again, or failed in the background)
        elif self._watch_reload:
            # Files that keep arriving (a sync tool, a script) are one note, once they settle.
            if self._streak_before is None:
                self._streak_before = before
            if self._streak_timer is not None:
                self._streak_timer.stop()
            self._streak_timer = self.set_timer(STREAK_QUIET, self._streak_note)
        self._reloading = self._watch_reload = False
        # After a first run's first digests, or the index cache's library at start, a cursor still
        # on the top row (and a detail not scrolled) stays there: the top is the newest, and the
        # files read since may be newer than what was there (it stayed on the old top story, with
        # the new ones above it: `3 / 31`).
        untouched = self.item_list.cursor == 0 and self.detail.scroll_y == 0
        top = (self._partial_shown or not self._started) and untouched
        self._partial_shown, self._started = False, True
        if self._changed_again:
            self._changed_again = False
            self.call_later(self._files_changed)
        self._show_library(top=top)
        self._counts_ready()  # the status bar drops its "loading…"
        self._refill_picker()
        problems = [problem for problem in self.session.library.problems if not problem.not_a_digest]
        known, self._problem_paths = self._problem_paths, frozenset(problem.path for problem in problems)
        if problems and not self._problem_paths <= known:  # (said again only when another file has one)
            count = len(self._problem_paths)
            self.notify(f"{display.counted(count, 'file')} could not be read, or not in full. Press ! to see which.",
                        severity="warning", timeout=8, markup=False)

    @on(PartlyLoaded)
    def _partly_loaded(self, event: PartlyLoaded) -> None:
        """A first run's newest digests, shown while the rest are read (the progress bar stays)."""
        if self.session.show_partial(event.loaded):
            self._partial_shown = True
            self._show_library(done=False)

    def _streak_note(self) -> None:
        """The watched folders settled: what arrived, changed and went since they began to change."""
        self._streak_timer = None
        before, self._streak_before = self._streak_before, None
        note = change_note(before or [], self.session.library.digests, name_new=True)
        if note:
            self.notify(note, timeout=6, markup=False)

    def _show_library(self, done: bool = True, top: bool = False) -> None:
        """Another library is shown: redraw everything, on the same digest and item where they
        are still there (a reload makes new ones of both), or on the top item (`top`)."""
        for bar in self.query("#progress") if done else ():
            bar.display = False
        chosen, current = self.session.find_again(self.chosen, None if top else self._item_now())
        if chosen is not self.chosen:
            self.set_reactive(ReaderScreen.chosen, chosen)
        shown = self.current
        if current is not shown:
            self.set_reactive(ReaderScreen.current, current)
        self.refresh_view(top=top)
        if shown is not None and current is not shown and self.current is current:
            # (its file changed: a new item of the same place, maybe other text; or it is gone, and
            # nothing is listed: the detail is cleared, not left showing what is no longer there)
            self._show_detail_soon(current)
        if self.filters.search and not self.session.search_loaded:
            self._load_search()  # a search typed while the files were checked: now with every text

    @on(Prepared)
    def _prepared(self, event: Prepared) -> None:
        if event.library is self.session.library:
            self.item_list.refresh()  # repeat marks can be drawn now

    @on(NewFound)
    def _new_found(self, event: NewFound) -> None:
        """What arrived since the last visit is known (again, after each load): the "New" row."""
        if event.library is not self.session.library:
            return
        self.session.new = event.new
        if self.filters.new is not None:
            self.filters = replace(self.filters, new=event.new)  # (what arrived meanwhile joins it)
        else:
            self.refresh_view()

    @on(SearchReady)
    def _search_ready(self, event: SearchReady) -> None:
        if event.library is self.session.library:
            self.session.invalidate(search=True)
            self.refresh_view()

    @on(DetailReady)
    def _detail_ready(self, event: DetailReady) -> None:
        if event.detail.item is self.current:
            self._show_detail(event.detail)

    def _show_detail(self, detail: Detail) -> None:
        self.detail.show(detail, self.session.library, self.session.is_read(detail.item), self.filters.search)

    @on(DetailView.Drawn)
    def _detail_drawn(self) -> None:
        if not self.options.first_screen.is_set():
            self.call_after_refresh(self._first_screen_drawn)  # the first screen is complete, summary too

    def _first_screen_drawn(self) -> None:
        self.options.first_screen.set()
        self._start_background()

    @on(LinkOpened)
    def _link_opened(self, event: LinkOpened) -> None:
        if event.opened:
            if event.key is not None:
                self._marked(self.session.mark_read([event.key]), [event.key])
            return
        reason = event.error or "no web browser could be started (set $BROWSER)"
        self.notify(f"Could not open the link: {display.one_line(reason)}", severity="error", timeout=8, markup=False)

    # -- state to panes --------------------------------------------------------------------

    def refresh_view(self, top: bool = False) -> None:
        """Recompute the view from the state and set it on every pane (the item cursor stays on
        its item where it is still listed, else near it; `top`: on the first row)."""
        session = self.session
        self.view = session.view(self.filters, self.chosen, self._kept)
        chosen_row = self.view.rows[self.view.chosen]
        if chosen_row.digest is not self.chosen:
            self.set_reactive(ReaderScreen.chosen, chosen_row.digest)
        self.digest_list.empty_text = session.no_digests_text(self.options.config_path)
        new = session.new
        new_row = None
        if new is not None and new.keys:
            new_row = DigestRow(None, len(new.keys), unread_count(new.keys, session.read))
        groups = session.groups
        grouped = groups.grouping and len(session.library.digests) > 0
        self.digest_list.show(self.view.rows, self.view.chosen, self.filters.active, session.library.spans_years,
                              new_row, self.chosen is None and self.filters.new is not None and self.filters.source is None,
                              groups.sources if grouped else (), groups.indexes(self.view.rows.digests) if grouped else (),
                              self.filters.source if self.chosen is None else None,
                              partial(session.source_counts, self.filters) if grouped else None)
        self.item_list.empty_text = session.no_items_text(self.filters, self.options.config_path)
        refiltered = self._listed_for == (self.chosen,)
        self._listed_for = (self.chosen,)
        keep = None if top else self._item_now()
        self.item_list.show(self.view.items, session, self.filters.search, self.chosen is None, keep, refiltered)
        if self.item_list.current is not self.current:
            # (its Highlighted says so a moment later: the detail is loaded now, before the first
            # frame when it comes from the index cache, see `_load_detail`)
            self.current = self.item_list.current
        self._update_status()

    def _update_status(self) -> None:
        row = self.view.rows[self.view.chosen] if self.view.rows else None
        note = ("loading…" if self.session.checking else self._updating if self._updating is not None
                else "" if self.filters.new is not None else self.session.new_note())
        unread = (row.unread if row.counted else None) if row else 0
        self.query_one(StatusBar).show(self.session.chips(self.filters), row.shown if row else 0, unread, note)

    def watch_filters(self, old: Filters, new: Filters) -> None:
        self._kept = frozenset()
        self.refresh_view(top=_narrowed(old, new))
        if old.search != new.search:
            self._show_detail_soon(self.current)  # its matches highlighted, once typing settles

    def watch_chosen(self) -> None:
        self._kept = frozenset()
        self.refresh_view()

    def watch_current(self, item: Item | None) -> None:
        self._show_detail_soon(item)

    def _show_detail_soon(self, item: Item | None) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        if item is None:
            self.detail.clear("")
            return
        delay = self.options.detail_delay
        if delay <= 0 or not self.options.first_screen.is_set():  # (the first detail: at once)
            self._load_detail(item)
        else:
            # Moving fast through the list redraws only the list; the detail follows when it settles.
            self._detail_timer = self.set_timer(delay, lambda: self._load_detail(item))

    def _load_detail(self, item: Item) -> None:
        if not self.options.first_frame.is_set() and self.session.library.stories_ready:
            # Before the first frame, from the index cache: worked out here (a few milliseconds
            # with the stories at hand) so that the first frame drawn is the whole first screen.
            # A worker would have it ready a frame later: the screen would be drawn twice.
            self._show_detail(self.session.detail(item))
            return
        self._run(partial(reader_work.load_detail, self.session, item, self.post_message), "detail")

    def _marked(self, warning: str | None, keys: Iterable[str] = ()) -> None:
        """Read marks changed (of `keys`, where known): counts and marks everywhere, keeping the
        cursor and, under "unread only", the items just read."""
        if self.filters.unread_only:
            self._kept = self._kept.union(keys)
        self._tell_store(warning.split("\n") if warning else [])
        self.refresh_view()
        if self.current is not None:
            self._load_detail(self.current)

    def _tell_store(self, notes: list[str]) -> None:
        """What the state store said (`Session.store_news`): a failed save as an error, saving
        again as news, anything else (a file moved aside) as a warning."""
        for note in notes:
            severity = "error" if "can't" in note else "information" if "saved again" in note else "warning"
            self.notify(display.one_line(note), severity=severity, timeout=10, markup=False)

    # -- messages from the panes -----------------------------------------------------------

    @on(DigestList.Chosen)
    def _digest_chosen(self, event: DigestList.Chosen) -> None:
        if event.new:
            self.filters = replace(self.filters, new=self.session.new, source=None)
        elif event.source is not None:
            self.filters = replace(self.filters, source=event.source, new=None)
        elif event.digest is None and (self.filters.new is not None or self.filters.source is not None):
            self.filters = replace(self.filters, new=None, source=None)  # "All digests": everything again
        self.chosen = event.digest
        self.item_list.focus()

    @on(ItemList.Highlighted)
    def _item_highlighted(self, event: ItemList.Highlighted) -> None:
        self.current = event.item

    @on(ItemList.Opened)
    def _item_opened(self, event: ItemList.Opened) -> None:
        self.current = event.item
        self._marked(self.session.mark_read([event.item.key]), [event.item.key])
        self.detail.focus()

    @on(SummaryView.LinkClicked)
    def _summary_link_clicked(self, event: SummaryView.LinkClicked) -> None:
        """A link inside a summary: checked like any other, opened off the UI thread."""
        event.stop()
        href = event.href
        reason = refuse_reason(href)
        if reason is not None:
            self.notify(f"Not opened: {reason}", severity="warning", markup=False)
            return
        self._open(href, None)

    def _search_typed(self, text: str) -> None:
        """The search box's text changed (called within the keystroke: see SearchBox)."""
        self.filters = replace(self.filters, search=text)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.set_class(bool(self.filters.search), "-searching")
        self.item_list.focus()

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "view_document":
            return self.current is not None or self.chosen is not None or None
        if action == "open_link":  # (a link that would be refused is dimmed: `o` then says why)
            return self.current is not None and self.current.url is not None and refuse_reason(self.current.url) is None or None
        if action == "copy_link":
            return self.current is not None and self.current.url is not None or None
        if action == "toggle_read":
            return self.current is not None or None
        if action in ("pick_category", "pick_author"):  # (while files are read, a picker opened fills as they come)
            return bool(self.session.library.digests) or self.session.checking or None
        if action == "update_sources":
            return bool(self.options.sources) and self.options.data_dir is not None and self._updating is None or None
        if action == "show_new":
            return self.filters.new is not None or (self.session.new is not None and bool(self.session.new.keys)) or None
        if action == "clear_filters":
            return self.filters.active or None
        if action == "problems":
            return bool(self.session.library.problems or self.options.warnings) or None
        if action == "mark_all_read":
            row = self.view.rows[self.view.chosen] if self.view.rows else None
            if row is not None and not row.counted:
                return True  # not counted yet: the action itself counts
            return row is not None and row.unread > 0 or None
        return True

    def _why_not(self, action: str) -> str | None:
        """What to say when the key of an action that cannot apply now is pressed (None: nothing,
        the key's own pane or nothing at all has a use for it)."""
        if action == "show_new":
            if self.session.new is None:  # (never closed on these folders: no last visit to count from)
                return "No last visit yet: from the next one on, w shows what arrived since"
            return "Nothing new since the last visit"
        if action == "problems":
            return "No problems: every file was read"
        if action == "update_sources":
            if self._updating is not None:
                return "The sources are being updated"
            return "No sources to update (add one: brief add URL)"
        if action in ("open_link", "copy_link", "toggle_read", "view_document"):
            item = self._item_now()
            if item is None:
                return "No item here"
            if action in ("toggle_read", "view_document"):
                return None
            if item.url is None:
                return "This item has no link"
            reason = refuse_reason(item.url)
            return f"Not opened: {reason}" if reason is not None and action == "open_link" else None
        if action in ("pick_category", "pick_author"):
            return "No digests listed: nothing to pick from"
        if action == "clear_filters":
            return "No filters to clear"
        if action == "mark_all_read":
            return "Nothing unread here"
        return None

    def on_key(self, event: events.Key) -> None:
        """A key whose action cannot apply now (dimmed or hidden in the footer and help) says why,
        as newsboat and nom do, rather than doing nothing."""
        active = self.active_bindings.get(event.key)  # (with the [keymap]'s keys; ~0.1 ms)
        if active is None or active.enabled:
            return
        if active.node is self:
            reason = self._why_not(active.binding.action)
        else:  # (a pane's own key: the pane says why, in its WHY_NOT)
            reason = getattr(active.node, "WHY_NOT", {}).get(active.binding.action)
        if reason is not None:
            event.stop()
            self.notify(reason, timeout=2, markup=False)

    def _dialog(self, screen: Screen[Any], answered: Callable[[Any], None] | None = None) -> None:
        """Open a dialog over the reader; the toasts go (they would cover it)."""
        self.app.clear_notifications()
        self.app.push_screen(screen, answered)

    def _panes(self) -> list[Widget]:
        return [self.digest_list, self.item_list, self.detail]

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def _cycle(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        index = panes.index(focused) if focused in panes else -step
        panes[(index + step) % len(panes)].focus()

    def _item_now(self) -> Item | None:
        """The item under the item list's cursor. `current` follows it by a message, so keys
        that arrive together (j then o) would otherwise act on the row the cursor just left."""
        return self.item_list.current if self.item_list.row_count else self.current

    def _load_search(self) -> None:
        session = self.session
        self._run(partial(reader_work.load_search, session, session.library, session.builder, self.post_message), "search")

    def action_search(self) -> None:
        if not self.session.search_loaded and not self.session.checking:
            self._load_search()
        self.add_class("-searching")
        self.search_box.focus()

    def action_clear_filters(self) -> None:
        box = self._search_box_now()
        if box is not None:
            box.clear_quietly()
        self.remove_class("-searching")
        self.filters = Filters()

    def action_back(self) -> None:
        box = self._search_box_now()
        if box is not None and box.has_focus:
            self._end_search(box)
        elif self.detail.has_focus or self.detail.has_focus_within:
            self.item_list.focus()
        elif self.item_list.has_focus and box is not None and not self.digest_list.display:
            self._end_search(box)  # (a tiny terminal's search hides the digest list: Esc ends the search)
        elif self.item_list.has_focus:
            self.digest_list.focus()
        elif self.chosen is not None:
            self.chosen = None
        elif self.filters.new is not None or self.filters.source is not None:
            self.filters = replace(self.filters, new=None, source=None)
        elif self.filters.active:  # (the last step back: nothing narrowed, as in nom and lazygit)
            self.action_clear_filters()
            self.notify("Filters cleared (x clears them from anywhere)", timeout=2, markup=False)

    def _end_search(self, box: SearchBox) -> None:
        box.clear_quietly()
        self.remove_class("-searching")
        self.filters = replace(self.filters, search="")
        self.item_list.focus()

    def action_view_document(self) -> None:
        """The whole digest of the item under the cursor (or the chosen digest), scrolled to the item."""
        from tui.screens.document import DocumentScreen

        item = self._item_now()
        digest = item.digest if item is not None and item.digest is not None else self.chosen
        if digest is None:
            return
        place = item.file_place if item is not None and item.digest is digest else None

        def closed(opened: list[str] | None) -> None:
            if opened:
                self._marked(self.session.mark_read(opened), opened)

        self._dialog(DocumentScreen(digest, place, self.options.browser), closed)

    def action_reload(self) -> None:
        self._kept = frozenset()
        self._reloading = True
        self._check_files()

    def action_update_sources(self) -> None:
        """Fetch the subscribed repositories in a worker; what arrives comes in as new digests."""
        if not self.options.sources or self.options.data_dir is None or self._updating is not None:
            return
        self._updating = f"updating {display.counted(len(self.options.sources), 'source')}…"
        self._update_status()
        self.refresh_bindings()
        self._run(partial(reader_work.update_sources, list(self.options.sources), self.options.config_path,
                          self.options.data_dir, self.post_message), "sources", exclusive=False)

    @on(SourcesProgress)
    def _sources_progress(self, event: SourcesProgress) -> None:
        self._updating = f"updating sources {event.done}/{event.total}…"
        self._update_status()

    @on(SourcesUpdated)
    def _sources_updated(self, event: SourcesUpdated) -> None:
        if event.still is not None:
            self.options.sources = event.still  # (one removed meanwhile is named once; with none left, U is dimmed)
        self._updating = None
        self._update_status()
        self.refresh_bindings()
        for line in event.failed:
            self.notify(display.one_line(line), severity="error", timeout=10, markup=False)
        if not event.failed:
            self.notify(display.one_line("; ".join(event.lines) or "Sources: nothing to update"), timeout=5, markup=False)
        if event.changed:
            self._files_changed()  # (the watcher may be off, or slower): what arrived is listed, with a note

    def action_problems(self) -> None:
        from tui.screens.problems import ProblemsScreen

        self._dialog(ProblemsScreen(self.session.library.problems, self.options.warnings))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self._dialog(HelpScreen(self.active_bindings))
