"""The Brief app: loads the library in a worker, keeps read state, opens links off the UI thread."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from tui.core import paths as dirs
from tui.core import textsafe
from tui.core.config import Config, load_config, save_theme
from tui.core.filters import Filters
from tui.core.library import Library, cached_library, load_library
from tui.core.view import ViewBuilder
from tui.core.resources import styles_dir
from tui.core.state import StateStore
from tui.palette import FilterCommands
from tui.screens.reader import ReaderScreen


class BriefApp(App[None]):
    """A terminal reader for folders of Markdown news digests."""

    TITLE = "Brief"
    CSS_PATH: ClassVar = [str(styles_dir() / "brief.tcss")]
    COMMANDS: ClassVar = App.COMMANDS | {FilterCommands}
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(
        self,
        paths: list[str],
        notes: Iterable[str] = (),
        config: Config | None = None,
        browser: Callable[[str], bool] | None = None,
        blink: bool = True,
        detail_delay: float = 0.08,
    ) -> None:
        gc.freeze()  # everything imported so far lives as long as the app: later collections skip it
        super().__init__()
        self.paths = paths
        self.notes = list(notes)
        self.config = config if config is not None else load_config(dirs.config_file())
        self.config_path = dirs.config_file()
        self.browser = browser or _system_browser
        """Hands a URL to the browser; returns False when none could be started."""
        self.library = Library()
        self.builder = ViewBuilder(self.library)
        """Builds the reader's views for the loaded library, reusing work between keystrokes."""
        self.read_version = 0
        """Goes up whenever `read` changes."""
        self.library_loading = True
        self.store: StateStore | None = None
        self.read: set[str] = set()
        self._theme_ready = False
        self._first_frame = threading.Event()
        """Set once the first frame is on screen."""
        self.detail_delay = detail_delay
        """Seconds the detail pane waits for the cursor to settle (0: at once, for tests)."""
        self.blink = blink
        """Whether text cursors blink (tests turn it off for stable snapshots)."""

    def on_ready(self) -> None:
        self._first_frame.set()

    def on_mount(self) -> None:
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self._theme_ready = True
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        self.store = StateStore(dirs.data_dir())
        self.read = self.store.read_keys()
        # What the index cache holds is the first screen (a head of ~2 MB at 10,000 digests, read
        # before the first frame so it is drawn once); the worker then checks every file.
        gc.disable()  # tens of thousands of long-lived objects: no point in collecting meanwhile
        try:
            quick = cached_library(self.paths, dirs.cache_dir())
            if quick is not None and not quick.stories_ready:
                quick = None  # "All digests" would have to be worked out first: leave it to the worker
            if quick is not None:
                builder = ViewBuilder(quick)
                # "All digests" unread is left to the worker (a copy of the marks goes with it).
                builder.build(Filters(), set(self.read), self.read_version, None, defer_count=True)
                self.library, self.builder = quick, builder
        finally:
            gc.enable()
        gc.freeze()  # nor in walking them again on every later collection
        self.push_screen(ReaderScreen())
        for note in [*self.notes, *self.config.problems, *self.store.messages]:
            self.notify(textsafe.one_line(note), severity="warning", timeout=10, markup=False)
        self.load_library(quick)

    @property
    def reader(self) -> ReaderScreen | None:
        """The reader screen, wherever it is in the stack."""
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    # -- library ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_library(self, quick: Library | None = None) -> None:
        """Check every file (reusing `quick`, the library read from the cache) and index what changed.

        Runs in a thread; the screen shows progress while files are parsed.
        """
        self.library_loading = True
        reader = self.reader
        if quick is not None:
            self._first_frame.wait(timeout=2)  # the cache is on screen: let the first frame have the CPU
            first = self.builder.last_view()
            if first is not None and not first.rows[0].counted:
                first.rows[0].unread  # noqa: B018 - "All digests" unread: every story against the marks
                self.call_from_thread(self._counts_ready)

        def progress(done: int, total: int) -> None:
            if reader is not None:
                self.call_from_thread(reader.loading, done, total)

        library = load_library(self.paths, dirs.cache_dir(), progress, reuse=quick)
        if library is not quick:
            self._first_view(library)
        else:
            self.call_from_thread(self._verified, library)
        library.stories  # noqa: B018 - saved for the next start if they were not
        builder = self.builder
        if builder.library is library:  # (a reload may have replaced both meanwhile)
            builder.prepare()  # every item unpacked and numbered (repeats come from the stories)
        gc.freeze()  # a big, long-lived heap: keep the collector from walking it on every keystroke
        self.call_from_thread(self._repeats_ready, library)

    def _first_view(self, library: Library) -> None:
        """Build the first view off the UI thread, then hand the library to the screen."""
        builder = ViewBuilder(library)
        builder.build(Filters(), set(self.read), self.read_version, None)
        self.call_from_thread(self._loaded, library, builder)

    def _counts_ready(self) -> None:
        if self.reader is not None:
            self.reader.counts_ready()

    def _repeats_ready(self, library: Library) -> None:
        if library is self.library and self.reader is not None:
            self.reader.item_list.refresh()

    def _loaded(self, library: Library, builder: ViewBuilder) -> None:
        self.library = library
        self.builder = builder  # it already holds the first view, built off the UI thread
        self.library_loading = not library.verified
        if self.reader is not None:
            self.reader.loaded()
        if library.verified:
            self._verified(library)

    def _verified(self, library: Library) -> None:
        """Every file has been checked: say what could not be read."""
        if library is not self.library:
            return
        self.library_loading = False
        if self.reader is not None:
            self.reader.counts_ready()  # the status bar drops its "loading…"
        if library.problems:
            count = len({problem.path for problem in library.problems})
            self.notify(f"{count} file(s) could not be read in full. Press ! to see which.", severity="warning", timeout=8, markup=False)

    # -- read state ------------------------------------------------------------------------

    def mark_read(self, keys: list[str]) -> None:
        """Mark keys read, in memory and in the state store."""
        self._set_marks(keys, read=True)

    def mark_unread(self, keys: list[str]) -> None:
        """Mark keys unread."""
        self._set_marks(keys, read=False)

    def _set_marks(self, keys: list[str], read: bool) -> None:
        if read:
            self.read.update(keys)
        else:
            self.read.difference_update(keys)
        self._marks_changed(keys)
        if self.store is not None:
            was = self.store.writable
            (self.store.mark_read if read else self.store.mark_unread)(keys)
            self._store_warning(was)

    def _marks_changed(self, keys: list[str]) -> None:
        self.read_version += 1
        self.builder.marks_changed(keys)

    @work(thread=True, exclusive=True, group="search")
    def load_search(self) -> None:
        """Read the search texts (summaries, folded) in a thread; the reader re-filters after."""
        library = self.library
        library.search.load(library.digests)
        if self.builder.library is library:
            self.builder.prepare_search()
        self.call_from_thread(self._search_ready, library)

    def _search_ready(self, library: Library) -> None:
        if library is self.library and self.reader is not None:
            self.builder.marks_changed(None)
            self.read_version += 1
            self.reader.refresh_view()

    def _store_warning(self, was_writable: bool) -> None:
        if self.store is not None and was_writable and not self.store.writable:
            self.notify(textsafe.one_line(self.store.messages[-1]), severity="error", timeout=10, markup=False)

    # -- links -----------------------------------------------------------------------------

    @work(thread=True, group="browser")
    def open_in_browser(self, url: str, key: str | None) -> None:
        """Hand `url` (already checked) to the browser in a thread; a hung browser blocks nothing.

        `key` is the story to mark read once the browser has it (None: a link inside a summary).
        """
        try:
            opened = self.browser(url)
            error = ""
        except Exception as exc:  # noqa: BLE001 - any failure is reported
            opened, error = False, str(exc)
        self.call_from_thread(self._opened, url, key, opened, error)

    def _opened(self, url: str, key: str | None, opened: bool, error: str) -> None:
        if opened and key is None:
            return
        if opened and key is not None:
            self.mark_read([key])
            if self.reader is not None:
                self.reader._redraw_marks()
        else:
            reason = error or "no web browser could be started (set $BROWSER)"
            self.notify(f"Could not open the link: {textsafe.one_line(reason)}", severity="error", timeout=8, markup=False)

    # -- theme -----------------------------------------------------------------------------

    def watch_theme(self, theme: str) -> None:
        if self._theme_ready and theme != self.config.theme:
            self.config.theme = theme
            error = save_theme(self.config_path, theme)
            if error:
                self.notify(error, severity="warning", markup=False)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()


def _system_browser(url: str) -> bool:
    """The user's browser (webbrowser is imported only when a link is opened)."""
    import webbrowser

    return webbrowser.open(url)


def run_reader(paths: list[str], source: str, notes: list[str]) -> int:
    """Run the reader until the user quits; returns the exit status."""
    if source == "sample":
        notes = [*notes, "No folders given or configured: showing the sample digests. Run `brief FOLDER`."]
    BriefApp(paths, notes).run()
    return 0

