"""The reader driven by keys and mouse: state after each key, with the browser patched."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tests.reader_helpers import FakeBrowser, document_loaded, document_opened, hold_file_check, loaded, make_app, notes_after
from tui.core import paths
from tui.core.state import StateStore
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen
from tui.screens.palette import Palette
from tui.screens.picker import PickerScreen
from tui.screens.problems import ProblemsScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.status_bar import StatusBar


def stored_read() -> set[str]:
    store = StateStore(paths.data_dir())
    try:
        return store.read_keys()
    finally:
        store.close()


@pytest.fixture
def news(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    write(root, "2026.01.01.08.md", digest_text(
        ["[Robot arm - Ann](https://x.com/ann/status/1)\nA robot summary.",
         "[Chip news - Bob](https://example.com/chip)\nChips.",
         "[Bad link - Eve](javascript:alert(1))\nNo.",
         "No link here\nJust text."],
        front="title: Morning\ndate: 2026-01-01T08:00:00+00:00\ncategories: [Robots]"))
    write(root, "2026.01.01.12.md", digest_text(
        ["[Robot arm again](https://x.com/ann/status/1)\nRepeat.", "[Model release - Cy](https://example.com/model)\nModels."],
        front="title: Noon\ndate: 2026-01-01T12:00:00+00:00\ncategories: [AI]"))
    return root


async def test_start_state(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.digest_list.has_focus and screen.digest_list.cursor == 0
        assert screen.chosen is None
        assert [i.headline for i in screen.item_list.items] == ["Robot arm again", "Model release", "Chip news", "Bad link", "No link here"]
        assert screen.current is screen.item_list.items[0]


async def test_enter_on_digest_shows_its_items_and_enter_on_item_reads_it(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("j", "j", "enter")
        assert screen.chosen is not None and screen.chosen.title == "Morning"
        assert screen.item_list.has_focus
        assert [i.number for i in screen.item_list.items] == [1, 2, 3, 4]
        await pilot.press("j", "enter")
        await pilot.pause()
        assert screen.current.headline == "Chip news"
        assert "https://example.com/chip" in stored_read()
        assert screen.detail.has_focus
        assert screen.view.rows[2].unread == 3


async def test_movement_keys(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        items = app.screen.item_list
        await pilot.press("tab")
        assert items.has_focus
        await pilot.press("G")
        assert items.cursor == 4
        await pilot.press("g")
        assert items.cursor == 0
        await pilot.press("end")
        assert items.cursor == 4
        await pilot.press("home", "down", "j")
        assert items.cursor == 2
        await pilot.press("up", "k")
        assert items.cursor == 0
        await pilot.press("pagedown")
        assert items.cursor == 4
        await pilot.press("pageup")
        assert items.cursor == 0
        await pilot.press("tab")
        assert app.screen.detail.has_focus
        await pilot.press("shift+tab", "shift+tab")
        assert app.screen.digest_list.has_focus


async def test_open_link_hands_url_to_browser_and_marks_read(news: Path) -> None:
    browser = FakeBrowser()
    app = make_app(news, browser)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "j", "o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.urls == ["https://example.com/model"]
        assert "https://example.com/model" in stored_read()


async def test_keys_that_arrive_together_act_on_the_row_under_the_cursor(news: Path) -> None:
    from textual import events

    browser = FakeBrowser()
    app = make_app(news, browser)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        assert app.screen.item_list.has_focus and app.screen.item_list.cursor == 0
        for key in ("j", "o"):  # queued at once, as a fast typist or a paste delivers them
            app.post_message(events.Key(key, key))
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        assert browser.urls == [app.screen.view.items[1].url]


async def _burst(pilot, *keys: str) -> None:
    """Keys queued at once, as a paste, `tmux send-keys a b c` or a fast typist delivers them."""
    from textual import events

    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    for _ in range(5):
        await pilot.pause(0.05)


async def test_keys_sent_together_each_go_to_the_pane_the_key_before_left_focused(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert screen.digest_list.has_focus
        await _burst(pilot, "tab", "j", "j", "j", "m")  # the focus moves, then three rows down, then mark
        assert screen.item_list.has_focus and screen.digest_list.cursor == 0
        assert screen.item_list.cursor == 3 and screen.current is screen.item_list.items[3]
        assert screen.session.is_read(screen.item_list.items[3])
        assert not any(screen.session.is_read(item) for item in screen.item_list.items[:3])


async def test_a_picker_opened_typed_into_and_picked_in_one_burst(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await _burst(pilot, "c", "r", "o", "b", "o", "enter", "tab", "j")  # the picker comes, then goes
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.filters.category == "Robots"
        assert screen.item_list.has_focus and screen.item_list.cursor == 1


async def test_enter_then_keys_sent_together_act_in_the_digest_just_chosen(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await _burst(pilot, "j", "j", "enter", "j", "m")  # the second digest (Morning), its second item
        assert screen.chosen is not None and screen.chosen.title == "Morning"
        assert screen.digest_list.cursor == 2 and screen.item_list.has_focus
        assert screen.item_list.cursor == 1 and screen.current.headline == "Chip news"
        assert screen.session.is_read(screen.current)


async def test_a_search_typed_in_one_burst_keeps_every_letter(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await _burst(pilot, "tab", "slash", "m", "o", "d", "模", "型")  # (m would mark, were it the list's)
        assert screen.filters.search == "mod模型"
        assert screen.search_box.has_focus
        assert not any(screen.session.is_read(item) for item in screen.session.library.items())


async def test_refused_link_is_not_opened(news: Path) -> None:
    browser = FakeBrowser()
    app = make_app(news, browser)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "j", "j", "j")
        assert app.screen.current.headline == "Bad link"
        await pilot.press("o")
        await pilot.pause()
        assert browser.urls == []
        assert any("javascript" in n.message for n in app._notifications)
        assert stored_read() == set()


async def test_browser_failure_is_reported_and_not_marked(news: Path) -> None:
    browser = FakeBrowser(works=False)
    app = make_app(news, browser)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.urls == ["https://x.com/ann/status/1"]
        assert any("Could not open" in n.message for n in app._notifications)
        assert stored_read() == set()


async def test_copy_link(news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(news)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "y")
        assert copied == ["https://x.com/ann/status/1"]


async def test_toggle_read_marks_the_key_everywhere(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("tab", "m")
        assert stored_read() == {"https://x.com/ann/status/1"}
        assert screen.view.rows[0].unread == 4
        assert all(row.unread == row.shown - 1 for row in screen.view.rows[1:])  # both digests carry it
        await pilot.press("m")
        assert stored_read() == set()


async def test_mark_all_read_asks_first(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert stored_read() == set()
        await pilot.press("A")
        await pilot.press("y")
        await pilot.pause()
        assert len(stored_read()) == 5
        assert app.screen.view.rows[0].unread == 0


async def test_next_and_previous_unread_cross_digests(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("j", "enter")  # Noon
        await pilot.press("m", "j", "m")  # read both Noon items
        await pilot.press("k")
        await pilot.press("n")
        assert screen.chosen.title == "Morning"
        assert screen.current.headline == "Chip news"  # Robot arm was read (same key)
        await pilot.press("p")
        assert screen.chosen.title == "Morning"
        assert screen.item_list.cursor == 1
        assert [n.message for n in app._notifications][-1] == "No earlier unread items above (n: the ones below)"
        await pilot.press("n", "n", "n")  # the last two items, then none below
        assert screen.item_list.cursor == 3
        assert [n.message for n in app._notifications][-1] == "No more unread items below (p: the ones above)"
        await pilot.press("m", "k", "m", "k", "m")  # now every item is read
        await pilot.press("n")
        assert [n.message for n in app._notifications][-1] == "No unread items here"


async def test_unread_only_toggle(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("tab", "m", "u")
        assert screen.filters.unread_only
        assert len(screen.item_list.items) == 4
        await pilot.press("u")
        assert not screen.filters.unread_only and len(screen.item_list.items) == 5


async def test_category_picker(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"robo", "enter")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.filters.category == "Robots"
        assert [row.digest.title for row in screen.view.rows[1:]] == ["Morning"]
        assert len(screen.item_list.items) == 4


async def test_a_picker_of_thousands_moves_by_pages_narrows_as_typed_and_picks_by_click() -> None:
    from textual.app import App

    from tui.core.session import Choice
    from tui.widgets.choice_list import ChoiceList

    choices = [Choice(f"Section {n}", "section", 5000 - n, f"s:{n}", f"section {n}") for n in range(5000)]
    picked: list[str | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(PickerScreen("Sections", choices, blink=False), picked.append)

    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        options = app.screen.query_one(ChoiceList)
        assert options.row_count == 5000 and options.cursor == 0
        page = options.scrollable_content_region.height - 1
        await pilot.press("pagedown", "pagedown", "down", "up", "up")
        assert options.cursor == 2 * page - 1
        assert options.scroll_offset.y > 0, "the cursor is kept on screen"
        await pilot.press(*"n 42")
        assert [choice.label for choice in options.choices] == [f"Section {n}" for n in (42, *range(420, 430),
                                                                                              *range(4200, 4300))]
        assert options.cursor == 0 and options.scroll_offset.y == 0
        await pilot.click(ChoiceList, offset=(5, 2))
        await pilot.pause()
        assert picked == ["s:421"]


async def test_author_picker_filters_by_identity(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"@ann", "enter")
        screen = app.screen
        assert screen.filters.authors == frozenset({"@ann"})
        assert [i.headline for i in screen.item_list.items] == ["Robot arm again"]  # learned name, one story


async def test_picker_escape_changes_nothing(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("a", "escape")
        assert isinstance(app.screen, ReaderScreen) and not app.screen.filters.active


async def test_search_live_and_escape(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("slash", *"CHIP")
        assert screen.filters.search == "CHIP"
        assert [i.headline for i in screen.item_list.items] == ["Chip news"]
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"models")
        assert [i.headline for i in screen.item_list.items] == ["Model release"]  # found in the summary
        await pilot.press("escape")
        assert screen.filters.search == "" and len(screen.item_list.items) == 5
        assert screen.item_list.has_focus


async def test_clear_filters(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("u", "slash", "r", "enter")
        assert screen.filters.active
        await pilot.press("x")
        assert not screen.filters.active
        assert len(screen.item_list.items) == 5


async def test_no_match_says_what_and_how(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"zzzz")
        assert list(app.screen.item_list.items) == []
        assert app.screen.item_list.empty_text == "No items match /zzzz\nPress x to clear the filters."


async def test_escape_steps_back(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("j", "enter", "enter")
        assert screen.detail.has_focus
        await pilot.press("escape")
        assert screen.item_list.has_focus
        await pilot.press("escape")
        assert screen.digest_list.has_focus
        await pilot.press("escape")
        assert screen.chosen is None


async def test_reload_finds_new_files(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        write(news, "2026.01.02.08.md", digest_text(["[Fresh](https://e.com/fresh)"], front="title: Fresh\ndate: 2026-01-02T08:00:00+00:00"))
        await pilot.press("r")
        await loaded(pilot)
        assert app.screen.view.rows[1].digest.title == "Fresh"


async def test_the_detail_follows_its_item_s_file_when_it_changes(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        screen = app.screen
        head = screen.detail.query_one("#detail-head")
        assert "Robot arm again" in str(head.render())
        write(news, "2026.01.01.12.md", digest_text(
            ["[Robot arm, edited](https://x.com/ann/status/1)\nRepeat, edited.", "[Model release - Cy](https://example.com/model)\nModels."],
            front="title: Noon\ndate: 2026-01-01T12:00:00+00:00\ncategories: [AI]"))
        await pilot.press("r")
        await loaded(pilot)
        assert screen.item_list.current.headline == "Robot arm, edited"
        assert "Robot arm, edited" in str(head.render())


async def test_reload_takes_the_read_marks_another_brief_made(news: Path) -> None:
    """`brief --open` in another shell, or a second reader, marks stories in the store: `r`
    takes them in (read and unread), and says so; a mark made here meanwhile is never undone."""
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert screen.view.rows[0].unread == 5
        await pilot.press("tab")
        here = screen.item_list.current.key
        await pilot.press("m")  # (read here)
        other = StateStore(paths.data_dir())
        other.mark_read(["https://example.com/chip"])
        other.mark_unread([here])  # (and unread again there)
        other.close()
        await pilot.press("r")
        await loaded(pilot)
        said = [n.message for n in app._notifications]
        assert said[-1] == "Reloaded: no changes (2 digests); 2 stories marked read or unread elsewhere, taken in"
        assert app.session.read == {"https://example.com/chip"}
        assert screen.view.rows[0].unread == 4
        chip = next(item for item in app.session.library.items() if item.key == "https://example.com/chip")
        assert app.session.is_read(chip)
        await pilot.press("r")
        await loaded(pilot)
        assert [n.message for n in app._notifications][-1] == "Reloaded: no changes (2 digests)"


def test_marks_made_here_since_the_store_was_read_are_kept(news: Path, tmp_path: Path) -> None:
    from tui.core.session import Session

    session = Session([str(news)], tmp_path / "cache", paths.data_dir())
    session.open_store()
    session.load_now()
    session.mark_read(["https://example.com/chip"])
    stored = session.stored_marks()
    assert stored is not None and stored[1] == {"https://example.com/chip"}
    session.mark_read(["https://example.com/model"])  # (after the store was read)
    assert session.adopt_marks((stored[0], set())) == 0
    assert session.read == {"https://example.com/chip", "https://example.com/model"}
    assert session.adopt_marks(session.stored_marks() or (0, set())) == 0  # (the same as the store: nothing to take)
    session.close()


@pytest.mark.parametrize(("width", "least"), [(64, 60), (70, 60), (120, 84)])
async def test_help_is_wide_enough_for_its_keys_and_ids(news: Path, width: int, least: int) -> None:
    """At least 60 columns (70% of the screen, up to 90): narrower, the binding ids were cut."""
    app = make_app(news)
    async with app.run_test(size=(width, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#help").region.width >= least


async def test_help_is_generated_from_live_bindings(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {active.binding.description for active in app.screen.bindings.values()}
        assert {"Open link", "Category", "Author", "Search", "Quit", "Help"} <= described
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_key_bar_follows_live_bindings_and_clicks_press_keys(news: Path) -> None:
    from tui.widgets.key_bar import KeyBar

    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        bar = app.screen.query_one(KeyBar)
        hints = {description: enabled for _key, _shown, description, enabled in bar.hints()}
        assert hints["Clear"] is False  # no filter yet: shown dimmed
        assert hints["Search"] is True and "Next pane" not in hints  # show=False stays out
        await pilot.press("u")
        await pilot.pause()
        hints = {description: enabled for _key, _shown, description, enabled in bar.hints()}
        assert hints["Clear"] is True
        assert "Clear" in str(bar.render())
        bar.render()
        start = next(start for start, _end, key, _on in bar._spans if key == "x")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert not app.screen.filters.active  # clicking "x Clear" pressed x


async def test_first_screen_comes_from_the_cache_then_files_are_checked(
    news: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.corpus.loading import load_library

    load_library([str(news)], paths.cache_dir()).save_stories()  # a previous run left a cache
    store = StateStore(paths.data_dir())
    store.mark_read(["https://example.com/chip"])  # and a mark
    store.close()
    write(news, "2026.01.02.08.md", digest_text(["[Fresh](https://e.com/fresh)"], front="title: Fresh\ndate: 2026-01-02T08:00:00+00:00"))
    checking = hold_file_check(monkeypatch)
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert app.session.checking and not app.session.library.parsed  # only what the cache said
        assert [row.digest.title for row in screen.view.rows[1:]] == ["Noon", "Morning"]  # before any file is read
        assert len(screen.item_list.items) == 5
        for _ in range(50):  # "All digests" unread is counted in the worker, after the first frame
            await pilot.pause(0.02)
            if screen.view.rows[0].counted:
                break
        assert screen.view.rows[0].unread == 4
        await pilot.press("j", "enter")  # keys work meanwhile
        assert screen.chosen is not None and screen.chosen.title == "Noon"
        assert "loading…" in str(screen.query_one(StatusBar).render())
        checking.set()
        await loaded(pilot)
        assert not app.session.checking
        assert "loading…" not in str(screen.query_one(StatusBar).render())
        assert [row.digest.title for row in screen.view.rows[1:]] == ["Fresh", "Noon", "Morning"]
        assert screen.chosen is not None and screen.chosen.title == "Noon"  # the choice survived the reload


async def test_progress_bar_only_while_files_are_parsed(news: Path) -> None:
    from textual.widgets import ProgressBar

    from tui.core.corpus.loading import load_library
    from tui.messages import LoadProgress

    load_library([str(news)], paths.cache_dir())  # a warm start: nothing to parse
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert not screen.query(ProgressBar)  # so no bar was ever made
        screen.post_message(LoadProgress(3, 10))
        await pilot.pause()
        bar = screen.query_one(ProgressBar)
        assert bar.display and bar.progress == 3 and bar.total == 10
        await pilot.press("r")  # a check that ends shows the library and hides the bar
        await loaded(pilot)
        assert not bar.display


async def test_warm_start_with_nothing_changed_clears_loading(news: Path) -> None:
    from tui.core.corpus.loading import load_library

    load_library([str(news)], paths.cache_dir()).save_stories()  # a previous run left a cache
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert not app.session.checking and app.session.library.parsed == 0
        assert "loading…" not in str(app.screen.query_one(StatusBar).render())
        assert "5 shown · 5 unread" in str(app.screen.query_one(StatusBar).render())


async def test_warm_start_beside_an_unreadable_file_counts_everything(news: Path) -> None:
    from tui.core.corpus.loading import load_library

    write(news, "broken.md", b"\x89PNG\r\n\x1a\n\x00\x00")  # never cached: read again at every start
    load_library([str(news)], paths.cache_dir()).save_stories()  # a previous run left a cache
    store = StateStore(paths.data_dir())
    store.mark_read(["https://example.com/chip"])
    store.close()
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert screen.view.rows[0].counted and screen.view.rows[0].unread == 4
        assert "…" not in str(screen.query_one(StatusBar).render())
        assert "All digests" in "".join(s.text for s in screen.digest_list.render_row(0, 40, screen.digest_list.rich_style))
        assert "4/5" in "".join(s.text for s in screen.digest_list.render_row(0, 40, screen.digest_list.rich_style))


async def test_quit(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0 or not app.is_running


async def test_click_chooses_a_digest(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.click("#digests", offset=(5, 3))
        await pilot.pause()
        assert screen.chosen is not None and screen.chosen.title == "Morning"


async def test_problems_notified_and_listed(news: Path) -> None:
    write(news, "broken.md", b"\x89PNG\r\n\x1a\n\x00\x00")
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert any("could not be read" in n.message for n in app._notifications)
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        assert "broken.md" in app.screen.problems[0].path
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_keymap_from_config_rebinds(news: Path, isolated: dict[str, Path]) -> None:
    config = isolated["config"] / "brief" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[keymap]\nopen_link = "O"\n')
    browser = FakeBrowser()
    app = make_app(news, browser)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "o")
        await pilot.press("O")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.urls == ["https://x.com/ann/status/1"]


async def test_theme_is_remembered_in_config(news: Path, isolated: dict[str, Path]) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        app.theme = "nord"
        await pilot.pause()
    config = isolated["config"] / "brief" / "config.toml"
    assert 'theme = "nord"' in config.read_text()
    again = make_app(news)
    async with again.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert again.theme == "nord"


async def _palette_pick(news: Path, typed: str) -> ReaderScreen:
    """Open the palette, type, take the best match: the reader screen after it."""
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*typed)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        return screen


async def test_palette_category_entry_filters(news: Path) -> None:
    assert (await _palette_pick(news, "Category: AI")).filters.category == "AI"


async def test_palette_finds_an_author_by_handle(news: Path) -> None:
    assert (await _palette_pick(news, "@ann")).filters.authors == frozenset({"@ann"})


async def test_marks_survive_a_restart(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "j", "enter")
    again = make_app(news)
    async with again.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert again.screen.view.rows[0].unread == 4


async def test_empty_folder_explains(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        text = app.screen.digest_list.empty_text
        assert "No digests (*.md, *.markdown) found in" in text and str(tmp_path) in text and "config.toml" in text
        assert "no items" not in text


async def test_a_folder_of_files_that_are_not_digests_says_which(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# About\n\nNothing here.\n")
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        text = app.screen.digest_list.empty_text
        assert f"1 file holds no items (! lists them):\n{tmp_path / 'README.md'}\n" in text


@pytest.mark.parametrize(("href", "opened"), [("javascript:alert(1)", False), ("file:///etc/passwd", False), ("https://example.com/in-summary", True)])
async def test_links_inside_summaries_are_checked(news: Path, href: str, opened: bool) -> None:
    from tui.widgets.summary import SummaryView

    browser = FakeBrowser()
    app = make_app(news, browser)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        summary = app.screen.detail.query_one(SummaryView)
        await summary.run_action(f"link({href!r})")  # what a click on a link of the summary runs
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.urls == ([href] if opened else [])
        assert stored_read() == set()


def test_uncounted_row_shows_an_ellipsis_until_counted() -> None:
    from rich.style import Style

    from tui.core.query.rows import DigestRow, RowList
    from tui.widgets.digest_list import DigestList

    row = DigestRow(None, 5, None, keys=lambda: frozenset({"a", "b", "c"}), read={"a"})
    assert not row.counted
    pane = DigestList()
    pane.rows = RowList(row, [], lambda index: row)
    pane.get_component_rich_style = lambda *names, partial=False: Style()  # type: ignore[method-assign]
    assert "".join(seg.text for seg in pane.render_row(0, 40, Style())).rstrip().endswith("…/5")
    assert row.unread == 2 and row.counted
    assert "".join(seg.text for seg in pane.render_row(0, 40, Style())).rstrip().endswith("2/5")


def test_short_title_drops_a_leading_date() -> None:
    from tui.core.display import short_title

    assert short_title("2025.12.20.08 过去4小时全球AI发生了什么？") == "过去4小时全球AI发生了什么？"
    assert short_title("2025-12-20 Morning") == "Morning"
    assert short_title("2025.12.20.08") == "2025.12.20.08"
    assert short_title("Developer tools digest") == "Developer tools digest"


async def test_list_scrollbar_follows_row_count_changes(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for n in range(60):
        label = "Rare" if n < 3 else "Common"
        write(root, f"2026.01.{n // 6 + 1:02d}.{n % 6 * 4:02d}.md", digest_text(
            [f"[Story {n}](https://e.com/{n})"], front=f"title: D{n}\ncategories: [{label}]"))
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        digests = screen.digest_list
        assert digests.row_count == 61 and digests.show_vertical_scrollbar
        assert digests.vertical_scrollbar.window_virtual_size == 61
        screen.set_category("Rare")
        await pilot.pause()
        assert digests.row_count == 4 and not digests.show_vertical_scrollbar
        screen.set_category("Common")
        await pilot.pause()
        assert digests.row_count == 58 and digests.show_vertical_scrollbar
        assert digests.vertical_scrollbar.window_virtual_size == 58
        await pilot.press("G")  # last row: the list scrolls, the thumb follows
        await pilot.pause()
        assert digests.cursor == 57 and digests.scroll_offset.y > 0
        assert digests.vertical_scrollbar.position == digests.scroll_offset.y


async def test_reload_keeps_the_chosen_digest_and_item(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("j", "j", "enter", "j")
        assert screen.chosen.title == "Morning" and screen.current.headline == "Chip news"
        write(news, "2026.01.02.08.md", digest_text(["[Fresh](https://e.com/fresh)"], front="title: Fresh\ndate: 2026-01-02T08:00:00+00:00"))
        await pilot.press("r")
        await loaded(pilot)
        assert screen.view.rows[1].digest.title == "Fresh"  # a new library (new digest objects)
        assert screen.chosen is not None and screen.chosen.title == "Morning"
        assert screen.current is not None and screen.current.headline == "Chip news"
        assert screen.item_list.cursor == 1


async def test_a_search_typed_while_files_are_checked_is_done_again_with_every_text(
    news: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checking = hold_file_check(monkeypatch)
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"chip")
        assert app.session.checking and not app.session.search_loaded  # (nothing to search in yet)
        checking.set()
        await loaded(pilot)
        assert app.session.search_loaded
        assert [i.headline for i in app.screen.item_list.items] == ["Chip news"]


async def test_lists_show_the_year_when_the_digests_span_years(tmp_path: Path) -> None:
    root = tmp_path / "years"
    write(root, "a.md", digest_text(["[Old](https://e.com/old)"], front="title: Old\ndate: 2025-12-31T16:00:00+00:00"))
    write(root, "b.md", digest_text(["[New](https://e.com/new)"], front="title: New\ndate: 2026-01-01T08:00:00+00:00"))
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        rows = ["".join(s.text for s in screen.digest_list.render_row(i, 60, screen.digest_list.rich_style)) for i in (1, 2)]
        assert "2026-01-01 08:00" in rows[0] and "2025-12-31 16:00" in rows[1]
        line = "".join(s.text for s in screen.item_list.render_row(1, 80, screen.item_list.rich_style))
        assert "2025-12-31" in line


async def test_sections_are_shown_and_picked_like_categories(tmp_path: Path) -> None:
    root = tmp_path / "sections"
    write(root, "2026-01-02.md", "# Weekly\n\n## Tools\n\n- [Hammer](https://e.com/h)\n- [Saw](https://e.com/s)\n\n"
          "## News\n\n- [Rain tomorrow](https://e.com/r)\n")
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert "§ Tools" in str(screen.detail.query_one("#detail-head").render())
        await pilot.press("c")
        picker = app.screen
        assert [(c.label, c.detail, c.count) for c in picker.choices] == [("Tools", "section", 2), ("News", "section", 1)]
        await pilot.press(*"tools", "enter")
        assert screen.filters.section == "Tools" and screen.filters.category is None
        assert [i.headline for i in screen.item_list.items] == ["Hammer", "Saw"]
        assert "section: Tools" in str(screen.query_one(StatusBar).render())


async def test_the_document_view_shows_the_prose_and_scrolls_to_the_item(tmp_path: Path) -> None:
    from tui.screens.document import DocumentScreen
    from tui.widgets.summary import SummaryView

    root = tmp_path / "doc"
    prose = "\n\n".join(f"Paragraph {n} of an essay that is not an item." for n in range(40))
    write(root, "2026-01-02.md", f"# Weekly\n\nAn intro with an [essay](https://e.com/essay).\n\n{prose}\n\n"
          "## Links\n\n- [First](https://e.com/1)\n- [Second](https://e.com/2)\n\n<div>raw html</div>\n\n"
          f"## After\n\n{prose}\n")
    browser = FakeBrowser()
    app = make_app(root, browser)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "j", "v")
        await document_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentScreen) and screen.item_place == 1
        view = screen.body
        assert view.loaded
        shown = view.shown
        assert "An intro with an" in shown and "Paragraph 39" in shown and "<div>" not in shown
        lines = shown.split("\n")
        top = view.scroll_offset.y
        assert lines[top] == "• Second (e.com)", "scrolled to the item's own line, past the prose"
        view.post_message(SummaryView.LinkClicked("javascript:alert(1)"))
        view.post_message(SummaryView.LinkClicked("https://e.com/essay"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.urls == ["https://e.com/essay"]  # only http(s) links reach the browser
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_the_document_view_offers_its_own_keys_help_and_palette(tmp_path: Path) -> None:
    """The bar at the bottom, help and the palette name the document view's keys, not the
    reader's (which do nothing there); `o` says on the named line that the item was opened."""
    from tui.screens.document import DocumentActions, DocumentScreen
    from tui.screens.help import HelpScreen, bindings_table
    from tui.widgets.key_bar import KeyBar

    root = tmp_path / "doc"
    write(root, "2026-01-02.md", "# Weekly\n\nAn intro.\n\n## Links\n\n- [First](https://e.com/1)\n- [Second](https://e.com/2)\n")
    browser = FakeBrowser()
    app = make_app(root, browser)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "v")
        await document_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        bars = list(screen.query(KeyBar))
        assert len(bars) == 1 and bars[0].region.y == 29, "its own bar, over the reader's"
        assert [(key, text) for key, _shown, text, _on in bars[0].hints()] == [
            ("escape", "Back"), ("o", "Open link"), ("question_mark", "Help")]
        titles = [title for title, _run, _help in DocumentActions(screen).search_entries()]
        assert titles == ["Back to the reader", "Open the link of the item named", "Top of the document",
                          "End of the document", "Help: every key and its binding id"]
        named = screen.query_one("#document-item")
        assert str(named.render()) == "▸ 1/2 · Links · First"
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.urls == ["https://e.com/1"]
        assert str(named.render()) == "▸ 1/2 ✓ opened · Links · First", "the named line says it was opened"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = bindings_table(app.screen.bindings, app.get_key_display)
        idents = [str(cell) for cell in table.columns[2]._cells]
        assert "document.open_link" in idents and "document.close" in idents and "toggle_read" not in idents
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen, "help closes back to the document"


async def test_the_document_view_scrolls_until_its_last_item_is_at_the_top(tmp_path: Path) -> None:
    """Items near the end of a file reach the top too (the view scrolls past the end until the
    last item's paragraph is there): each of them can be named and opened."""
    prose = "\n\n".join(f"Paragraph {n} of an essay." for n in range(30))
    links = "\n".join(f"- [Story {n}](https://e.com/{n})" for n in range(1, 9))
    write(tmp_path, "2026-01-01.md", f"# Weekly\n\n{prose}\n\n## Links\n\n{links}\n")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        screen = await document_opened(pilot, "tab")
        await pilot.press("G")
        await pilot.pause()
        assert screen.top_item is not None and screen.top_item.headline == "Story 8"
        named = []
        for _ in range(7):
            await pilot.press("k")
            await pilot.pause()
            named.append(screen.top_item.headline if screen.top_item else None)
        assert named == [f"Story {n}" for n in range(7, 0, -1)]


async def test_the_document_view_names_the_item_being_read_not_the_next_one_coming_up(tmp_path: Path) -> None:
    """Scrolling through a long first item, the second one's headline came up at the bottom and
    was named at once: `o` then opened it while the first was being read."""
    long = "\n\n".join("    " + " ".join(f"Word{n}" for n in range(60)) for _ in range(8))
    write(tmp_path, "2026-01-01.md", "---\ntitle: Span\ndate: 2026-01-01T08:00:00+00:00\n---\n\n"
          f"1. [First story - Ann](https://e.com/1)\n\n{long}\n\n2. [Second story - Bob](https://e.com/2)\n\n"
          "3. [Third story - Cy](https://e.com/3)\n")
    browser = FakeBrowser()
    app = make_app(tmp_path, browser)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = await document_opened(pilot, "tab")
        body = screen.body
        lines = body.shown.split("\n")
        second = next(n for n, line in enumerate(lines) if "Second story" in line)
        height = body.scrollable_content_region.height
        assert second > height, "the first item is longer than the view"
        while round(body.scroll_y) + height - 1 < second:  # until the second item's line is the last one shown
            await pilot.press("j")
            await pilot.pause()
        assert screen.top_item is not None and screen.top_item.headline == "First story", "being read: the first"
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.urls == ["https://e.com/1"]
        while round(body.scroll_y) + 2 < second:  # the second item near the top: it is the one being read
            await pilot.press("j")
            await pilot.pause()
        assert screen.top_item is not None and screen.top_item.headline == "Second story"


async def test_o_in_the_document_view_opens_the_item_at_the_top_and_marks_it_read(tmp_path: Path) -> None:
    """The item at the top of the view is named under it; `o` opens its link (as in the reader) and
    the story is read once the view closes. In a folder with boilerplate (an item in every digest,
    not shown), `v` still scrolls to the item under the cursor: the file's place, not the number."""
    from tui.screens.document import DocumentScreen

    root = tmp_path / "weekly"
    prose = "\n\n".join(f"Paragraph {n} of an essay." for n in range(30))
    for n in range(12):
        write(root, f"2026-01-{n + 1:02d}.md", f"# Issue {n}\n\n{prose}\n\n## Links\n\n"
              f"- [Subscribe](https://e.com/subscribe)\n- [First {n}](https://e.com/{n}/1)\n\n{prose}\n\n"
              f"## More\n\n- [Second {n}](https://e.com/{n}/2)\n\n{prose}\n")
    browser = FakeBrowser()
    app = make_app(root, browser)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await pilot.press("tab", "j")
        await pilot.pause()
        assert reader.current is not None and reader.current.headline == "Second 11" and reader.current.number == 2
        await pilot.press("v")
        await document_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        lines = screen.body.shown.split("\n")
        assert lines[screen.body.scroll_offset.y] == "• Second 11 (e.com)", "the second item shown is the third in the file"
        named = screen.query_one("#document-item")
        assert screen.top_item is not None and screen.top_item.headline == "Second 11"
        assert str(named.render()) == "▸ 3/3 · More · Second 11"
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.urls == ["https://e.com/11/2"]
        await pilot.press("k", "k")  # the heading above it at the top: the item on screen is named, not First
        await pilot.pause()
        assert screen.top_item is not None and screen.top_item.headline == "Second 11"
        await pilot.press("j", "j", "j", "j", "j")
        await pilot.pause()
        assert screen.top_item is not None and screen.top_item.headline == "Second 11", "the prose after an item is its"
        await pilot.press("g")
        await pilot.pause()
        assert screen.top_item is None and str(named.render()) == "", "the intro: no item"
        app.clear_notifications()
        await pilot.press("o")
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["No item here: scroll to one"]
        assert browser.urls == ["https://e.com/11/2"]
        assert not reader.session.is_read(reader.current)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is reader and reader.session.is_read(reader.current), "opened in the document: read"


async def test_files_with_no_items_are_named_but_not_warned_about(news: Path) -> None:
    write(news, "README.md", "# About this folder\n\nNothing to read here.\n")
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert not any("could not be read" in n.message for n in app._notifications)  # no items is no warning
        assert not any(d.stem == "README" for d in app.session.library.digests)
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        listed = app.screen.pager_body
        shown = "\n".join("".join(s.text for s in listed.render_line(y)) for y in range(listed.size.height))
        assert "No items" in shown and "README.md" in "".join(text for _marker, text, _look in listed.lines)  # (a long path folds)
        assert str(app.screen.query_one("#problems-title").render()) == "No problems reading digests; 1 file is not a digest"



async def test_the_problems_list_scrolls_with_the_pagers_keys(news: Path) -> None:
    for number in range(40):
        write(news, f"notes/README-{number:02}.md", "# About\n\nNothing here.\n")
    app = make_app(news)
    async with app.run_test(size=(80, 20)) as pilot:
        await loaded(pilot)
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        body = app.screen.pager_body
        assert body.max_scroll_y > 5 and body.scroll_y == 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert body.scroll_y == 2
        await pilot.press("G")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert body.scroll_y == 0


async def test_files_with_problems_are_one_warning_that_says_where_to_look(news: Path) -> None:
    """A file not read at all (bytes that are no text, no items) and one read in part (bytes
    that are not UTF-8 among its items): one note for both."""
    (news / "2026.01.01.16.md").write_bytes(b"\x00\xff\xfe\x89PNG\r\n\x1a\n" * 40)
    (news / "2026.01.01.20.md").write_bytes(digest_text(["[Fine - Ann](https://e.com/fine)\nText."]).encode() + b"\xff\n")
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        said = [n.message for n in app._notifications]
        assert "2 files could not be read, or not in full. Press ! to see which." in said
        assert [d.stem for d in app.session.library.digests][0] == "2026.01.01.20"


async def test_scrolling_keys_in_a_burst_each_count(tmp_path: Path) -> None:
    """Keys that one frame brings together (typed fast, held, typed ahead) each scroll: in the
    detail pane and in a pager (help)."""
    summary = "\n\n".join(f"Paragraph {n} of a long summary." for n in range(80))
    write(tmp_path, "2026.01.01.08.md", digest_text([f"[Long - A](https://e.com/long)\n{summary}"]))
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "tab")
        detail = app.screen.detail
        assert detail.has_focus and detail.max_scroll_y > 40
        for _ in range(5):  # (one frame's keys: no refresh between them)
            detail.action_scroll_down()
        await pilot.pause()
        assert detail.scroll_y == 5
        page = detail.scrollable_content_region.height - 1
        detail.action_page_down()
        detail.action_page_down()
        detail.action_scroll_up()
        await pilot.pause()
        assert detail.scroll_y == 5 + 2 * page - 1
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_screen = app.screen
        body = help_screen.pager_body
        assert body.max_scroll_y > 5
        for _ in range(4):
            help_screen.action_scroll(1)
        await pilot.pause()
        assert body.scroll_y == 4


async def test_w_after_a_visit_with_nothing_new_says_so(news: Path) -> None:
    first = make_app(news)
    async with first.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
    store = StateStore(paths.data_dir())
    assert store.visits()  # (the visit ended as the reader closed)
    store.close()
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert await notes_after(pilot, "w") == ["Nothing new since the last visit"]


async def test_a_key_that_cannot_apply_now_says_why(news: Path) -> None:
    """w with nothing new, ! with no problems, U with no sources, o on an item with no link: a
    note, not silence (each is dimmed or hidden in the footer and help meanwhile)."""
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)

        async def said(*keys: str) -> list[str]:
            app.clear_notifications()
            await pilot.press(*keys)
            await pilot.pause()
            return [n.message for n in app._notifications]

        assert await said("w") == ["No last visit yet: from the next one on, w shows what arrived since"]
        assert await said("exclamation_mark") == ["No problems: every file was read"]
        assert await said("U") == ["No sources to update (add one: brief add URL)"]
        assert await said("tab", "end", "o") == ["This item has no link"]
        assert isinstance(app.screen, ReaderScreen) and app.screen.current is not None
        assert await said("k", "o") == ["Not opened: javascript: links are not opened (only http and https)"]
        assert app.screen.check_action("open_link", ()) is None, "dimmed in the footer: it would be refused"
        assert app.screen.check_action("copy_link", ()) is True, "copying it is fine"
        assert await said("j") == []  # a key that applies says nothing
        await pilot.press("k", "v")
        await document_loaded(pilot)
        assert await said("o") == ["Not opened: javascript: links are not opened (only http and https)"], "in the document too"


async def test_an_empty_reader_dims_what_needs_an_item_or_a_digest_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    app = make_app(tmp_path / "empty")
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        for action in ("open_link", "toggle_read", "pick_category", "pick_author"):
            assert screen.check_action(action, ()) is None, action
        assert await notes_after(pilot, "o") == ["No item here"]
        assert await notes_after(pilot, "m") == ["No item here"]
        assert await notes_after(pilot, "c") == ["No digests listed: nothing to pick from"]
        assert await notes_after(pilot, "a") == ["No digests listed: nothing to pick from"]
        assert await notes_after(pilot, "x") == ["No filters to clear"]
        assert app.screen is screen, "no empty picker opened"


async def test_the_document_view_says_when_its_file_is_gone(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.current is not None
        Path(app.screen.current.digest.path).unlink()
        await pilot.press("v")
        from tui.screens.document import DocumentScreen

        for _ in range(200):
            await pilot.pause(0.01)
            if isinstance(app.screen, DocumentScreen) and "Could not" in app.screen.body.shown:
                break
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.body.shown.startswith("Could not read the file: ")


@pytest.mark.parametrize(("keys", "dialog", "expected"), [
    (["ctrl+p"], Palette, [("escape", "Exit the command palette")]),
    (["question_mark"], HelpScreen, [("escape", "Close")]),
    (["c"], PickerScreen, [("escape", "Close")]),
    (["exclamation_mark"], ProblemsScreen, [("escape", "Close")]),
    (["A"], ConfirmScreen, [("y", "Yes"), ("n", "No")]),
])
async def test_every_dialog_has_its_own_key_bar_over_the_readers(
        news: Path, keys: list[str], dialog: type, expected: list[tuple[str, str]]) -> None:
    """A dialog's bottom line names the dialog's keys: the reader's bar under it offered keys
    (`o`, `m`, `/`) that do nothing while the dialog is open."""
    from tui.widgets.key_bar import KeyBar

    write(news, "broken.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00")  # (a problem, for `!` to list)
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press(*keys)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, dialog)
        bars = list(screen.query(KeyBar))
        assert len(bars) == 1 and bars[0].region.y == 34, "its own bar, on the reader's line"
        assert [(key, text) for key, _shown, text, _on in bars[0].hints()] == expected
        assert "Open link" not in bars[0].render().plain


def test_the_problems_heading_names_files_that_are_no_digests() -> None:
    from tui.screens.problems import problems_title

    assert problems_title(2, 0) == "2 problems reading digests"
    assert problems_title(0, 1) == "No problems reading digests; 1 file is not a digest"
    assert problems_title(1, 3) == "1 problem reading digests; 3 files are not digests"
