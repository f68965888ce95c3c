"""The Brief app, kept thin: config, theme, keymap and the browser; it opens the session and
pushes the reader screen, which does the rest."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable
from typing import ClassVar

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.core import collector, display
from tui.core import paths as dirs
from tui.core.cache.prefetch import Prefetch
from tui.core.config import Config, load_config, save_theme, theme_problem
from tui.core.resources import styles_dir
from tui.core.session import Session
from tui.core.state import Opening
from tui.key_order import KeysInOrder
from tui.screens.reader import ReaderOptions, ReaderScreen

TINY_WIDTH, TINY_HEIGHT = 60, 20
"""Below this many columns or rows a dialog takes the whole screen, without its key hints."""


class BriefApp(KeysInOrder):
    """A terminal reader for folders of Markdown news digests (keys sent together act in turn: see key_order)."""

    TITLE = "Brief"
    CSS_PATH: ClassVar = [str(styles_dir() / "brief.tcss")]
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(
        self,
        paths: list[str],
        notes: Iterable[str] = (),
        info: Iterable[str] = (),
        config: Config | None = None,
        browser: Callable[[str], bool] | None = None,
        blink: bool = True,
        detail_delay: float = 0.08,
        with_sources: bool = False,
        opening: Opening | None = None,
        prefetch: Prefetch | None = None,
    ) -> None:
        gc.freeze()  # everything imported so far lives as long as the app: later collections skip it
        super().__init__()
        self.notes = list(notes)
        """Warnings shown at start (10 s)."""
        self.info = list(info)
        """What is worth a glance at start (5 s)."""
        self.config = config if config is not None else load_config(dirs.config_file())
        self.config_path = dirs.config_file()
        self.session = Session(paths, dirs.cache_dir(), dirs.data_dir())
        """The library, the view, the read marks and the state store: what the reader is handed."""
        self.options = ReaderOptions(browser or _system_browser, self.config_path, blink, detail_delay,
                                     watch=self.config.watch, sources=self.config.sources if with_sources else [],
                                     data_dir=dirs.data_dir())
        """What the reader is handed besides the session."""
        self._theme_ready = False
        self._opening = opening
        """The state store, being opened in a thread since before Textual was imported (None: opened on mount)."""
        self._prefetch = prefetch
        """The index cache's first parts, being read in a thread likewise (None: read on mount)."""

    def on_ready(self) -> None:
        gc.freeze()  # what the start made lives as long as the app: later collections skip it
        gc.set_threshold(*collector.READER_THRESHOLDS)
        gc.enable()  # (off from the reader's imports, or the mount, until the first frame)
        self.options.first_frame.set()
        screen = self.screen
        if not isinstance(screen, ReaderScreen) or screen.current is None:
            self.options.first_screen.set()  # (no item to show: the first frame is the first screen)

    def on_resize(self, event: events.Resize | None = None) -> None:
        # Dialogs take the whole screen on a tiny terminal (styles: `App.-tiny`). The event's
        # size: this runs before Textual's own handler has taken it as the app's.
        size = event.size if event is not None else self.size
        self.set_class(size.width < TINY_WIDTH or size.height < TINY_HEIGHT, "-tiny")

    def action_command_palette(self) -> None:
        """The palette, with its own key bar (`screens.palette.Palette`)."""
        from tui.screens.palette import Palette

        if self.use_command_palette and not self.screen.has_class("--textual-command-palette"):  # (`CommandPalette.is_open`)
            self.push_screen(Palette(id="--command-palette"))

    def on_mount(self) -> None:
        self.on_resize()
        if self.config.theme:
            problem = theme_problem(self.config_path, self.config.theme, self.available_themes)
            if problem is None:
                self.theme = self.config.theme
            else:
                self.notes.append(problem)  # (shown with the other warnings once the reader is up)
        self._theme_ready = True
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        self.session.open_store(self._opening)
        self._opening = None
        # What the index cache holds is the first screen (a head of ~2 MB at 10,000 digests, read
        # before the first frame so it is drawn once); the reader's worker then checks every file.
        gc.disable()  # tens of thousands of long-lived objects: no point in collecting until the first frame (on_ready)
        self.session.show_cached(self._prefetch, first_rows=max(self.size.height, 1))
        self._prefetch = None
        gc.freeze()  # nor in walking them again on every later collection
        self.call_later(self._open_reader)

    def _open_reader(self) -> None:
        self.options.warnings = list(dict.fromkeys([*self.notes, *self.config.problems, *self.session.messages]))
        self.push_screen(self.make_reader())
        for note in self.info:
            self.notify(display.one_line(note), timeout=5, markup=False)  # (the sample data): read at a glance
        for note in self.options.warnings:  # (once each; `!` lists them after the toasts go)
            self.notify(display.one_line(note), severity="warning", timeout=10, markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's palette entries but its "Keys" panel (Help lists every key, grouped)."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command

    def make_reader(self) -> ReaderScreen:
        """The reader screen for this app's session."""
        return ReaderScreen(self.session, self.options)

    def watch_theme(self, theme: str) -> None:
        if self._theme_ready and theme != self.config.theme:
            self.config.theme = theme
            error = save_theme(self.config_path, theme)
            if error:
                self.notify(error, severity="warning", markup=False)

    def on_unmount(self) -> None:
        gc.enable()  # (were there no first frame)
        self.session.end_visit()  # what arrived until now is not "New" next time
        self.session.close()


def _system_browser(url: str) -> bool:
    """The user's browser (webbrowser is imported only when a link is opened)."""
    import webbrowser

    return webbrowser.open(url)


def run_reader(paths: list[str], source: str, notes: list[str], opening: Opening | None = None,
               prefetch: Prefetch | None = None) -> int:
    """Run the reader until the user quits; returns the exit status (`opening`: the state
    store, already being opened; `prefetch`: the index cache's head, already being read)."""
    info = ["No folders given or configured: showing the sample digests. Run `brief FOLDER`."] if source == "sample" else []
    # (Folders given: the sources are not read.)
    app = BriefApp(paths, notes, info, with_sources=source == "config", opening=opening, prefetch=prefetch)
    app.run()
    store = app.session.store
    if store is not None and store.unsaved:  # (said in the reader too, but its notification is gone now)
        were, are = ("was", "is") if store.unsaved == 1 else ("were", "are")
        print(f"brief: {display.counted(store.unsaved, 'read mark')} of this session {were} not saved, and {are} lost"
              + (f": {display.one_line(store.failure)}" if store.failure else ""), file=sys.stderr)
        return 1
    return app.return_code or 0  # (1 when it crashed: Textual printed why)
