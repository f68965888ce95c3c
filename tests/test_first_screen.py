"""The first screen: complete (the lists and the highlighted item's detail, its summary
included) in the first frame drawn, and before the background work starts, so that work does
not hold the GIL while the first screen is drawn."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tests.reader_helpers import loaded, make_app
from tui.core import paths
from tui.screens.reader import ReaderScreen
from tui.widgets.summary import SummaryView


@pytest.fixture
def news(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    write(root, "2026.01.01.08.md", digest_text(
        ["[Robot arm - Ann](https://x.com/ann/status/1)\nA **robot** summary.", "[Chip news - Bob](https://example.com/chip)\nChips."],
        front="title: Morning\ndate: 2026-01-01T08:00:00+00:00"))
    return root


async def test_background_work_waits_for_the_summary_of_the_first_screen(news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.core.session
    import tui.core.watching
    from tui.core.corpus.loading import load_library

    load_library([str(news)], paths.cache_dir()).save_stories()  # a warm start: the first screen from the cache
    app = make_app(news)
    summary_when_set: list[str] = []

    class Recorded(threading.Event):
        def set(self) -> None:
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            summary_when_set.append(screen.detail.query_one(SummaryView).shown)
            super().set()

    app.options.first_screen = Recorded()
    seen_by: dict[str, bool] = {}
    load = tui.core.session.load_library

    def checking(*args: object, **kwargs: object) -> object:
        seen_by["check"] = app.options.first_screen.is_set()
        return load(*args, **kwargs)

    def watching(paths: list[str], mode: str, stop: threading.Event, changed: object) -> None:
        seen_by["watch"] = app.options.first_screen.is_set()
        stop.wait(5)

    monkeypatch.setattr(tui.core.session, "load_library", checking)
    monkeypatch.setattr(tui.core.watching, "watch", watching)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        for _ in range(100):
            if "watch" in seen_by:
                break
            await pilot.pause(0.02)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.current is not None and screen.current.headline == "Robot arm"
        assert summary_when_set and "robot summary" in summary_when_set[0]  # set once the summary was there
        assert seen_by == {"check": True, "watch": True}  # both started after it


def _record_frames(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, bool, bool]]:
    """(head drawn, summary drawn, written) for every frame of the reader the compositor made:
    written unless Textual threw it away (a frame made within a batch update is never shown)."""
    from textual.app import App
    from textual.widgets import Static

    frames: list[tuple[bool, bool, bool]] = []
    display = App._display

    def recorded(self: App[object], screen: object, renderable: object) -> None:
        if isinstance(screen, ReaderScreen) and renderable is not None:
            head = str(screen.detail.query_one("#detail-head", Static).render())
            frames.append(("Robot arm" in head, "robot summary" in screen.detail.query_one(SummaryView).shown,
                           not self._batch_count))
        display(self, screen, renderable)

    monkeypatch.setattr(App, "_display", recorded)
    return frames


async def test_the_head_is_never_drawn_without_its_first_summary(news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frames = _record_frames(monkeypatch)
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
    assert (True, True, True) in frames
    assert not any(head and not summary for head, summary, _written in frames)


async def test_a_warm_start_draws_the_whole_first_screen_in_its_first_frame(news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From the index cache: the first frame of the reader is written, not made within Textual's
    start-up batch and thrown away, and it holds the lists and the first item's detail, summary
    included (worked out before the first frame, not by a worker a frame later)."""
    from tui.core.corpus.loading import load_library

    load_library([str(news)], paths.cache_dir()).save_stories()
    frames = _record_frames(monkeypatch)
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
    assert frames and frames[0] == (True, True, True)


async def test_a_detail_that_never_comes_does_not_hold_the_file_check(news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.screens.reader
    import tui.screens.reader_work
    from tui.core.corpus.loading import load_library

    load_library([str(news)], paths.cache_dir()).save_stories()
    monkeypatch.setattr(tui.screens.reader, "FIRST_SCREEN_WAIT", 0.1)
    monkeypatch.setattr(tui.screens.reader_work, "load_detail", lambda *args: None)  # no DetailReady, ever
    monkeypatch.setattr(ReaderScreen, "_show_detail", lambda *args: None)  # (nor the first one, worked out at once)
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)  # (the check starts FIRST_SCREEN_WAIT after the mount, with no first screen)
        assert app.session.generation == 1 and not app.session.checking
        assert not app.options.first_screen.is_set()


def test_the_reader_is_imported_without_collections(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import tui.app
    import tui.cli

    seen: list[bool] = []
    monkeypatch.setattr(tui.app, "run_reader", lambda *args: seen.append(gc.isenabled()) or 0)
    monkeypatch.setattr(tui.cli, "_on_a_terminal", lambda: True)  # (as on a terminal: the tests run without one)
    try:
        assert tui.cli._run_reader([], "sample", []) == 0
    finally:
        gc.enable()
    assert seen == [False]  # (the app turns collection back on at its first frame)


async def test_collection_is_on_again_from_the_first_frame(news: Path) -> None:
    import gc

    from tui.core import collector

    gc.disable()  # as the command line leaves it
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # (Python's default)
    app = make_app(news)
    try:
        async with app.run_test(size=(120, 35)) as pilot:
            await loaded(pilot)
            await app.workers.wait_for_complete()  # (the background preparation pauses the collector, then frees it)
            assert gc.isenabled()
            assert gc.get_threshold() == collector.READER_THRESHOLDS  # (the old generation walked seldom)
    finally:
        gc.enable()
        gc.set_threshold(*before)


def _styles_now(screen: ReaderScreen) -> list[str]:
    return [f"{widget.styles.background} {widget.styles.color} {widget.styles.border}" for widget in screen.walk_children()]


async def test_the_first_frame_is_styled_once_and_as_a_restyle_would_style_it(news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's first resume of the screen does not style every widget again (they were styled
    as they were mounted, with the theme set); nothing is left stale by that, first time or later."""
    from textual.css.stylesheet import Stylesheet

    from tui.core.config import Config

    styled: list[str] = []
    apply = Stylesheet.apply

    def counted(self: Stylesheet, node: object, *args: object, **kwargs: object) -> None:
        if not app.options.first_frame.is_set():
            styled.append(type(node).__name__)
        apply(self, node, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Stylesheet, "apply", counted)
    app = make_app(news)
    app.config = Config(theme="nord")  # (a theme remembered in config.toml: set before the screen is pushed)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and app.theme == "nord"
        assert styled.count("ItemList") == 1  # styled when mounted, not again when the screen was first shown
        first = _styles_now(screen)
        screen.update_node_styles(animate=False)
        assert _styles_now(screen) == first
        await pilot.press("question_mark")  # a dialog on top: the theme changes under it
        app.theme = "gruvbox"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        after = _styles_now(screen)
        screen.update_node_styles(animate=False)
        assert _styles_now(screen) == after != first


async def test_a_warm_start_draws_its_read_marks_before_making_the_set_of_every_mark(
        news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the command line starts the reader (the marks read in a thread, made a set later): the
    first frame shows the first screen's marks, asked of the store; the worker makes the rest
    after it, and the counts are every mark's."""
    from textual.app import App

    from tests.reader_helpers import FakeBrowser
    from tui.app import BriefApp
    from tui.core.corpus.loading import load_library
    from tui.core.format import RULES
    from tui.core.state import Opening, StateStore

    load_library([str(news)], paths.cache_dir()).save_stories()
    store = StateStore(paths.data_dir())
    store.mark_read(["https://x.com/ann/status/1"])
    store.keys_moved(RULES)
    store.close()
    app = BriefApp([str(news)], browser=FakeBrowser(), blink=False, detail_delay=0,
                   opening=Opening(paths.data_dir(), later=True))
    at_frames: list[tuple[bool, bool]] = []
    display = App._display

    def recorded(self: App[object], screen: object, renderable: object) -> None:
        if isinstance(screen, ReaderScreen) and renderable is not None and not self._batch_count and screen.current:
            at_frames.append((app.session._read_rest is not None, app.session.is_read(screen.current)))
        display(self, screen, renderable)

    monkeypatch.setattr(App, "_display", recorded)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert at_frames[0] == (True, True), "the first frame: its own marks, the set of every mark not made yet"
        assert app.session._read_rest is None and screen.view.rows[0].unread == 1
        assert screen.current is not None and app.session.is_read(screen.current)
