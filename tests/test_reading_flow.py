"""The reading flow: the cursor bar, a view that stays put, the detail pane and its keys."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tests.reader_helpers import document_loaded, loaded, make_app
from tui.screens.reader import ReaderScreen
from tui.widgets.line_list import LineList


@pytest.fixture
def news(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    write(root, "2026.01.01.08.md", digest_text(
        [f"[Story {n} - Ann](https://example.com/{n})\n" + "\n".join(f"Line {k} of story {n}." for k in range(30))
         for n in range(1, 6)],
        front="title: Morning\ndate: 2026-01-01T08:00:00+00:00"))
    write(root, "2026.01.01.12.md", digest_text(
        ["[Noon one - Bob](https://example.com/n1)\nOne.", "[Noon two - Bob](https://example.com/n2)\nTwo."],
        front="title: Noon\ndate: 2026-01-01T12:00:00+00:00"))
    return root


def backgrounds(line_list: LineList, y: int) -> set[object]:
    """The background colours of every cell of row `y` as drawn."""
    return {segment.style.bgcolor for segment in line_list.render_line(y) if segment.style is not None}


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord"])
async def test_the_cursor_row_has_a_bar_of_its_own_in_both_lists(news: Path, theme: str) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        app.theme = theme
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        for line_list in (screen.digest_list, screen.item_list):
            line_list.focus()
            await pilot.press("j")
            await pilot.pause()
            row = line_list.cursor - round(line_list.scroll_offset.y)
            bar = backgrounds(line_list, row)
            assert len(bar) == 1, "the bar is one colour across the row"
            assert bar.isdisjoint(backgrounds(line_list, row + 1)), "the cursor row stands out from the next"
            screen.detail.focus()  # unfocused: still a bar, a dimmer one
            await pilot.pause()
            blurred = backgrounds(line_list, row)
            assert len(blurred) == 1 and blurred != bar
            assert blurred.isdisjoint(backgrounds(line_list, row + 1))


async def test_unread_only_keeps_what_you_just_read_until_the_view_changes(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("u", "tab", "j", "j")
        await pilot.pause()
        before = screen.item_list.current
        assert before is not None and screen.item_list.cursor == 2
        await pilot.press("enter")  # read it
        await pilot.pause()
        assert app.session.is_read(before)
        assert screen.item_list.current is before and screen.item_list.cursor == 2, "it stays, the cursor too"
        assert screen.current is before
        await pilot.press("tab", "tab", "j", "m", "o")  # mark another read, open a third: all stay
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.item_list.cursor == 3
        assert len(screen.item_list.items) == 7
        await pilot.press("u", "u")  # the view is made again: now the read ones go
        await pilot.pause()
        assert len(screen.item_list.items) == 5
        assert before not in screen.item_list.items


async def test_unread_only_in_one_digest_keeps_the_digest_when_all_of_it_is_read(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("u", "j", "enter")  # Noon, the newest digest: two items
        await pilot.pause()
        noon = screen.chosen
        assert noon is not None and noon.title == "Noon"
        await pilot.press("m", "j", "m")
        await pilot.pause()
        assert screen.chosen is noon, "the digest stays chosen though nothing in it is unread"
        assert [item.headline for item in screen.item_list.items] == ["Noon one", "Noon two"]
        assert screen.item_list.cursor == 1


@pytest.mark.parametrize("width", [60, 80, 120])
async def test_the_key_bar_keeps_help_and_quit_and_drops_the_least_important_first(news: Path, width: int) -> None:
    from rich.cells import cell_len

    from tui.widgets.key_bar import KeyBar

    app = make_app(news)
    async with app.run_test(size=(width, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        await pilot.pause()
        shown = app.screen.query_one(KeyBar).render().plain
        assert cell_len(shown) <= width
        assert shown.rstrip().endswith("? Help  q Quit")
        if width >= 80:
            assert "o Open link" in shown and "m Mark" in shown
        if width >= 120:
            assert "a Author" in shown and "x Clear" in shown
        else:
            assert "a Author" not in shown, "the author picker's hint goes before open and mark"


async def test_space_reads_on_through_the_detail_then_to_the_next_unread(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("j", "j", "enter")  # the Morning digest: five long stories
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        first = screen.current
        assert first is not None and first.headline == "Story 1"
        detail = screen.detail
        assert detail.has_class("-compact"), "80×24: the head folds into three lines"
        assert not detail.at_end
        pages = 0
        while not detail.at_end:
            await pilot.press("space")
            await pilot.pause()
            pages += 1
            assert screen.current is first and pages < 20
        assert not app.session.is_read(first)
        await pilot.press("space")  # at the end: read, and on to the next unread
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.is_read(first)
        assert screen.current is not None and screen.current.headline == "Story 2"
        assert detail.scroll_y == 0


async def test_a_reload_or_a_read_mark_keeps_the_detail_where_it_was_scrolled(news: Path) -> None:
    """`r` (or new files arriving, which reload the same way) showed the item again from its top."""
    app = make_app(news)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("j", "j", "enter", "enter")  # the Morning digest's first long story, the detail focused
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.detail.has_focus and screen.current is not None and screen.current.headline == "Story 1"
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert screen.detail.scroll_y == 3
        await pilot.press("r")
        for _ in range(40):
            await pilot.pause(0.05)
            if not screen._reloading:
                break
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        assert screen.current is not None and screen.current.headline == "Story 1"
        assert screen.detail.scroll_y == 3, "the reload kept the place"
        was_read = app.session.is_read(screen.current)
        await pilot.press("m")
        await pilot.pause(0.2)
        assert app.session.is_read(screen.current) is not was_read and screen.detail.scroll_y == 3
        screen.item_list.focus()
        await pilot.press("j")
        await pilot.pause(0.3)
        assert screen.current.headline == "Story 2" and screen.detail.scroll_y == 0, "another item: from its top"


async def test_vim_keys_scroll_the_detail_when_it_has_focus(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("j", "j", "enter", "enter")  # the Morning digest, then its first item: the detail has focus
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.detail.has_focus
        item = screen.current
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert screen.detail.scroll_y == 3 and screen.current is item
        await pilot.press("k")
        await pilot.pause()
        assert screen.detail.scroll_y == 2
        await pilot.press("G")
        await pilot.pause()
        assert screen.detail.at_end
        await pilot.press("b")
        await pilot.pause()
        assert not screen.detail.at_end


async def test_search_matches_are_marked_in_the_detail_summary(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("slash", *"of story 3", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        assert screen.current is not None and screen.current.headline == "Story 3"
        paragraph = screen.detail.query_one("#detail-body")
        cells = [segment for y in range(paragraph.size.height) for segment in paragraph.render_line(y)]
        marked = "".join(segment.text for segment in cells if segment.style and segment.style.bgcolor
                         and segment.style.bgcolor != cells[0].style.bgcolor)
        assert marked.casefold().count("of story 3") >= 1
        assert "Line" not in marked


async def test_the_mark_all_question_says_exactly_what_and_is_shown_whole(news: Path) -> None:
    from textual.widgets import Static

    from tui.screens.confirm import ConfirmScreen

    app = make_app(news)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"noon", "enter", "A")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert dialog.question == "Mark as read the 2 unread items shown in all digests, those matching /noon?"
        question = dialog.query_one("#confirm-question", Static)
        assert question.size.height >= 2, "a long question wraps, it is not cut"
        await pilot.press("y")
        await pilot.pause()
        assert app.session.unread_keys(item for d in app.session.library.digests for item in d.items)
        await pilot.press("x")
        app.screen.digest_list.focus()
        await pilot.press("j", "enter", "A")  # Noon, nothing filtered: all read already
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        app.screen.digest_list.focus()
        await pilot.press("j", "enter", "A")
        await pilot.pause()
        assert app.screen.question == "Mark as read the 5 unread items in “Morning”?"


def test_the_question_counts_with_thousands_separators(news: Path, tmp_path: Path) -> None:
    from tui.core.query.filters import Filters
    from tui.core.session import Session

    session = Session([str(news)], tmp_path / "cache", tmp_path / "data")
    try:
        assert session.mark_all_question(12345, Filters(unread_only=True), None) == \
            "Mark as read the 12,345 unread items in all digests?"
        assert session.mark_all_question(1, Filters(category="AI"), None) == \
            "Mark as read the 1 unread item shown in all digests, those matching category: AI?"
    finally:
        session.close()


async def test_a_warm_start_on_an_empty_folder_says_what_was_searched(tmp_path: Path) -> None:
    empty = tmp_path / "nothing here"
    empty.mkdir()
    for _run in ("cold", "warm"):
        app = make_app(empty)
        async with app.run_test(size=(120, 35)) as pilot:
            await loaded(pilot)
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            lines = ["".join(segment.text for segment in screen.item_list.render_line(y)) for y in range(3)]
            assert lines[0].strip() == "No digests (*.md, *.markdown) found in"
            assert "nothing here" in lines[1]


def option_lines(picker: object) -> list[tuple[str, bool]]:
    """(text, dimmed) of each row of a picker's list, as drawn (the empty list: its message)."""
    from tui.widgets.choice_list import ChoiceList

    options = picker.query_one(ChoiceList)  # type: ignore[attr-defined]
    if not options.row_count:
        return [(options.empty_text, True)]
    found = []
    muted = options.get_component_rich_style("choice-list--none").color
    for index in range(options.row_count):
        segments = [segment for segment in options.render_row(index, 60, options.rich_style) if segment.text.strip()]
        found.append(("  ".join(segment.text.strip() for segment in segments),
                      all(segment.style is not None and segment.style.color == muted for segment in segments)))
    return found


async def test_a_picker_opened_during_a_cold_index_fills_when_the_library_arrives(news: Path, monkeypatch) -> None:
    from tests.reader_helpers import hold_file_check
    from tui.screens.picker import PickerScreen

    checking = hold_file_check(monkeypatch)
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert [text for text, _dim in option_lines(picker)] == ["reading the digests…"]
        checking.set()
        await loaded(pilot)
        assert app.screen is picker
        assert [text.split()[-1] for text, _dim in option_lines(picker)] == ["Ann", "Bob"]


async def test_picker_counts_follow_the_other_filters_and_dim_what_gives_nothing(news: Path) -> None:
    from tui.screens.picker import PickerScreen

    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert option_lines(app.screen) == [("5  Ann", False), ("2  Bob", False)]
        await pilot.press("escape", "slash", *"noon", "enter", "a")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert option_lines(picker) == [("2  Bob", False), ("0  Ann", True)]


@pytest.mark.parametrize("width", [120, 200])
async def test_digest_titles_keep_a_space_before_the_count_and_the_pane_grows(tmp_path: Path, width: int) -> None:
    root = tmp_path / "long"
    write(root, "2026-01-01.md", digest_text(["[A - B](https://e.com/a)"], front="title: A rather long title for a digest "
                                             "of developer tools news\ndate: 2026-01-01T08:00:00+00:00"))
    app = make_app(root)
    async with app.run_test(size=(width, 30)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        row = "".join(segment.text for segment in screen.digest_list.render_line(1)).rstrip()
        assert row.endswith(" 1/1")
        assert screen.digest_list.outer_size.width == (40 if width == 120 else 60)


async def test_reload_says_what_changed(news: Path) -> None:
    import os

    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("r")
        await loaded(pilot)
        assert app._notifications and list(app._notifications)[-1].message == "Reloaded: no changes (2 digests)"
        write(news, "2026.01.02.08.md", digest_text(["[New - C](https://e.com/new)"], front="title: New\ndate: 2026-01-02T08:00:00+00:00"))
        write(news, "2026.01.03.08.md", digest_text(["[Newer - C](https://e.com/newer)"], front="title: Newer\ndate: 2026-01-03T08:00:00+00:00"))
        (news / "2026.01.01.12.md").unlink()
        morning = news / "2026.01.01.08.md"
        morning.write_text(morning.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        os.utime(morning, ns=(morning.stat().st_atime_ns, morning.stat().st_mtime_ns + 10**9))
        await pilot.press("r")
        await loaded(pilot)
        assert list(app._notifications)[-1].message == "Reloaded: 2 new digests, 1 removed (2026.01.01.12), 1 changed (2026.01.01.08)"


async def test_a_renamed_digest_keeps_the_choice_and_is_said_renamed(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("j", "j", "enter", "j")  # Morning, its second item
        assert screen.chosen is not None and screen.chosen.title == "Morning" and screen.item_list.cursor == 1
        (news / "2026.01.01.08.md").rename(news / "2026.01.01.08-morning.md")
        await pilot.press("r")
        await loaded(pilot)
        assert list(app._notifications)[-1].message == "Reloaded: 1 renamed or moved (2026.01.01.08 → 2026.01.01.08-morning)"
        assert screen.chosen is not None and screen.chosen.path.endswith("2026.01.01.08-morning.md")
        assert screen.item_list.cursor == 1 and screen.current is not None and screen.current.digest is screen.chosen


async def test_every_action_with_a_key_is_in_the_palette_and_runs(news: Path) -> None:
    from tui.screens.reader_commands import PALETTE_ACTIONS, ReaderCommands

    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        await pilot.pause()
        screen = app.screen
        provider = ReaderCommands(screen)
        titles = [title for title, _run, _help in provider._actions()]
        enabled = {a.binding.id for a in screen.active_bindings.values() if a.enabled and a.binding.id in PALETTE_ACTIONS}
        assert {PALETTE_ACTIONS[i] for i in enabled} == set(titles)
        assert "Search" in titles and "Open the link" in titles and "Mark all shown read" in titles
        assert "Show problems" not in titles, "no problems: the entry cannot apply, so it is not there"
        assert [c.title for c in app.get_system_commands(screen)].count("Keys") == 0
        await pilot.press("ctrl+p", *"Unread only", "enter")
        await pilot.pause(0.3)
        assert screen.filters.unread_only


async def test_help_is_grouped_and_leaves_out_generic_scrolling(news: Path) -> None:
    from tui.screens.help import HelpScreen, bindings_table

    app = make_app(news)
    async with app.run_test(size=(120, 50)) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        await pilot.pause()
        table = bindings_table(app.screen.active_bindings, app.get_key_display)
        does = [str(cell) for cell in table.columns[1]._cells]
        heads = [str(cell) for cell in table.columns[0]._cells]
        assert [h for h in heads if h in ("Moving", "Reading", "Filtering", "App")] == ["Moving", "Reading", "Filtering", "App"]
        assert not {"Scroll Left", "Scroll Right", "Page Left", "Page Right", "Copy selected text"} & set(does)
        assert "Read on" in does and "Open link" in does
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_help_lists_every_key_of_brief_s_own_wherever_the_focus_is(news: Path) -> None:
    from tui.screens.help import bindings_table

    app = make_app(news)
    async with app.run_test(size=(120, 50)) as pilot:
        await loaded(pilot)
        for pane in range(3):  # digests, items, detail
            bindings = app.screen.active_bindings
            table = bindings_table(bindings, app.get_key_display)
            listed = {str(cell) for cell in table.columns[2]._cells}
            own = {active.binding.id for active in bindings.values() if active.binding.id and active.binding.description}
            assert own <= listed, f"pane {pane}: not in help: {sorted(own - listed)}"
            assert {"show_new", "update_sources"} <= own
            if pane == 0:
                assert {"digests.collapse", "digests.expand"} <= listed
            await pilot.press("tab")
            await pilot.pause()


@pytest.mark.parametrize("width", [50, 56, 64, 120])
async def test_every_item_row_shows_as_much_of_the_date_whatever_its_author(tmp_path: Path, width: int) -> None:
    """Narrow, the time goes (then the date) from every row at once: the headlines start in one
    column, whether a row names a long author, a short one or none."""
    write(tmp_path, "2026.01.01.08.md", digest_text(
        ["[First story with a long enough headline - Someone With A Long Name](https://e.com/1)\nA.",
         "[Second story with a long enough headline](https://e.com/2)\nB.",
         "[Third story with a long enough headline - Al](https://e.com/3)\nC."],
        front="title: Morning\ndate: 2026-01-01T08:00:00+00:00"))
    app = make_app(tmp_path)
    async with app.run_test(size=(width, 30)) as pilot:
        await loaded(pilot)
        rows = ["".join(segment.text for segment in app.screen.item_list.render_line(y)) for y in range(3)]
        starts = {row.index(word) for row, word in zip(rows, ("First", "Second", "Third"))}
        assert len(starts) == 1, rows


async def test_all_digests_rows_show_the_time_and_the_border_the_position(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        row = "".join(segment.text for segment in screen.item_list.render_line(0))
        assert "01-01 12:00 Noon one" in row
        assert screen.item_list.border_subtitle == "1 / 7"
        await pilot.press("tab", "j", "j")
        await pilot.pause()
        assert screen.item_list.border_subtitle == "3 / 7"


async def test_problem_paths_wrap_under_themselves(tmp_path: Path) -> None:
    from tui.core.model import Problem
    from tui.screens.problems import problem_paragraphs
    from tui.widgets.text_lines import laid_out

    long = "/very/" + "long-folder-name/" * 8 + "broken.md"
    reason = "front matter is not valid YAML: something about a colon"
    lines = laid_out(problem_paragraphs([Problem(long, reason), Problem("/b.md", reason)], []), 40)
    drawn = [f"{marker:2}{text}" for marker, text, _look in lines]
    assert len(drawn) > 5 and drawn[0].startswith("• /very/") and all(len(line) <= 40 for line in drawn)
    assert [line for line in drawn if line.startswith("•")] == [drawn[0], "• /b.md"]
    assert all(line.startswith("  ") for line in drawn if not line.startswith("•")), drawn
    assert "".join(text for _marker, text, look in lines if look == "bold")[: len(long)] == long, "the path, all of it, in order"
    assert " ".join(text for _marker, text, look in lines if not look).count(reason) == 2, "each reason, all of it"


async def test_ten_thousand_problems_open_at_once(news: Path) -> None:
    """The problems list draws only the lines on screen: ten thousand files (each its own reason)
    are laid out once, and every one is there."""
    from tui.core.model import Problem
    from tui.screens.problems import ProblemsScreen

    app = make_app(news)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        problems = [Problem(f"/news/{n:05}.md", f"the indented text after item {n} is read as code, not as its summary: "
                            "it is indented less than the item's text (column 5), as CommonMark reads it; v shows it")
                    for n in range(10_000)]
        app.push_screen(ProblemsScreen(problems))
        await pilot.pause()
        body = app.screen.pager_body
        assert len(body.lines) >= 30_000 and body.max_scroll_y > 29_000
        await pilot.press("G")
        await pilot.pause()
        last = "".join(s.text for s in body.render_line(body.size.height - 1))
        assert "v shows it" in last
        assert sum(marker == "•" for marker, _text, _look in body.lines) == 10_000


async def test_a_repeated_story_keeps_its_author_and_date_under_an_author_filter(tmp_path: Path) -> None:
    root = tmp_path / "copies"
    write(root, "2026.03.01.08.md", digest_text(["[Chip story - Ann](https://example.com/chip)\nFirst."],
                                                front="title: Old\ndate: 2026-03-01T08:00:00+00:00"))
    write(root, "2026.03.02.08.md", digest_text(["[Chip story](https://example.com/chip)\nAgain.", "[Other - Bob](https://e.com/o)"],
                                                front="title: New\ndate: 2026-03-02T08:00:00+00:00"))
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        chip = next(item for item in screen.item_list.items if item.headline == "Chip story")
        assert chip.digest is not None and chip.digest.title == "New"
        assert app.session.library.author_name(chip) == "Ann"
        row = "".join(s.text for y in range(2) for s in screen.item_list.render_line(y))
        assert "Ann" in row
        screen.set_author(app.session.library.author_id(chip))
        await pilot.pause()
        [shown] = screen.item_list.items
        assert shown is chip, "the same copy, so the same date, as in the All view"


async def test_dialogs_are_not_covered_by_toasts(news: Path) -> None:
    from tui.screens.picker import PickerScreen

    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        app.notify("something happened", timeout=30)
        await pilot.pause()
        assert app._notifications
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert not list(app._notifications), "the toasts went when the picker came"


async def test_the_sample_data_note_is_brief(tmp_path: Path) -> None:
    from tui.app import BriefApp

    (tmp_path / "news").mkdir()
    app = BriefApp([str(tmp_path / "news")], ["a path was skipped"], ["showing the sample digests"], blink=False,
                   detail_delay=0)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        timeouts = {n.message: (n.timeout, n.severity) for n in app._notifications}
        assert timeouts["showing the sample digests"] == (5, "information")
        assert timeouts["a path was skipped"] == (10, "warning")


async def test_next_unread_into_another_digest_moves_the_digest_cursor_too(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("j", "enter", "n", "n")  # Noon's two items, then on into Morning
        await pilot.pause()
        assert screen.chosen is not None and screen.chosen.title == "Morning"
        assert screen.digest_list.cursor == screen.digest_list.chosen == screen.view.chosen


async def test_unread_only_on_a_read_item_keeps_the_place(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("tab", "j", "j", "j", "m")  # the fourth story, read
        await pilot.pause()
        read = screen.item_list.current
        assert read is not None and screen.item_list.cursor == 3
        after = screen.item_list.items[4]
        await pilot.press("u")
        await pilot.pause()
        assert read not in screen.item_list.items
        assert screen.item_list.current is after, "the cursor goes to the next item, not to row 1"


async def test_help_scrolls_to_its_last_line_at_80x24(news: Path) -> None:
    from textual.containers import VerticalScroll

    from tui.screens.help import HelpScreen

    app = make_app(news)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body", VerticalScroll)
        assert body.max_scroll_y > 0
        await pilot.press("j")
        await pilot.pause()
        assert body.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        table_height = body.query_one("Static").size.height
        assert body.scroll_y + body.scrollable_content_region.height >= table_height, "the last row (q Quit) is reachable"
        keys = app.screen.query_one("#help-keys")
        assert keys.size.height >= 2, "the footer wraps instead of being cut"


async def test_the_top_bar_keeps_its_counts_at_80_columns(news: Path) -> None:
    from tui.widgets.status_bar import StatusBar

    app = make_app(news)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.set_category("a-rather-long-category-name")
        screen.set_section("and a long section name too")
        await pilot.press("u")
        await pilot.pause()
        shown = screen.query_one(StatusBar).render().plain
        assert len(shown) <= 80 and shown.rstrip().endswith("0 shown · 0 unread") and "…" in shown



@pytest.mark.parametrize("width", [60, 80, 140])
async def test_every_filter_keeps_a_part_of_its_name_before_the_note_does(news: Path, width: int) -> None:
    """At 80 columns a long section hid the search (and `……` showed, doubled) while
    `1 new since …` kept its room; at 60 the bar read `s……`."""
    from rich.cells import cell_len

    from tui.widgets.status_bar import StatusBar

    app = make_app(news)
    async with app.run_test(size=(width, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        bar = screen.query_one(StatusBar)
        bar.show(["section: 🔥 重磅 TOP 10 and a long tail", "/模型", "unread only"], 3, 2, "1 new since today 22:55")
        await pilot.pause()
        shown = bar.render().plain
        assert cell_len(shown) <= width and shown.rstrip().endswith("3 shown · 2 unread") and "……" not in shown
        assert " sec" in shown and " /" in shown and " un" in shown, shown
        assert ("1 new since" in shown) == (width >= 140), "the note goes before the filters do"


async def test_a_story_listed_twice_in_a_digest_is_one_unread_story(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """FORMAT 3b rule 7 (counted once, read together, both listed) and 4 (a digest's unread count
    counts its unread keys)."""
    from tui.cli import main
    from tui.widgets.status_bar import StatusBar

    root = tmp_path / "twice"
    write(root, "2026.01.01.08.md", digest_text(["[Same - Ann](https://e.com/s)", "[Other - Bob](https://e.com/o)",
                                                 "[Same again](https://e.com/s)"]))
    assert main(["--list", str(root)]) == 0
    assert capsys.readouterr().out.split("\t")[2:4] == ["3", "2"], "3 items, 2 unread stories: nothing is read yet"
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        row = screen.view.rows[1]
        assert (row.shown, row.unread, row.stories) == (3, 2, 2)

        def digest_line() -> str:
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            return next(pane for line in lines for pane in line.split("│")[1:2] if " Test " in pane).rstrip()

        assert digest_line().endswith(" 2/2"), "the total counts the story once too: all unread reads as all unread"
        await pilot.press("tab", "enter")  # read "Same": both of its places are read
        await pilot.pause()
        assert (screen.view.rows[1].shown, screen.view.rows[1].unread, screen.view.rows[1].stories) == (3, 1, 2)
        assert digest_line().endswith(" 1/2")
        screen.digest_list.focus()
        await pilot.press("j", "enter")  # the digest itself: its three items listed, repeats included
        await pilot.pause()
        assert len(screen.item_list.items) == 3
        assert digest_line().endswith(" 1/2")
        assert screen.query_one(StatusBar).render().plain.rstrip().endswith("3 shown · 1 unread")


async def test_a_tiny_terminal_keeps_the_detail_head_and_gives_help_the_whole_screen(news: Path) -> None:
    from tui.screens.help import HelpScreen

    app = make_app(news)
    async with app.run_test(size=(60, 16)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert screen.detail.scrollable_content_region.height >= 3, "headline, byline and link"
        assert screen.item_list.scrollable_content_region.height >= 3
        assert screen.digest_list.scrollable_content_region.height == 2
    app = make_app(news)
    async with app.run_test(size=(40, 12)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#help").region.width == 40
        shown = [strip.text for strip in app.screen._compositor.render_strips()]
        row = next(line for line in shown if "list.down" in line)
        assert "Down" in row, f"the Does column is kept: {row!r}"


async def test_the_document_view_takes_a_tiny_screen_and_gives_it_back_when_the_terminal_grows(news: Path) -> None:
    from tui.screens.document import DocumentScreen

    app = make_app(news)
    async with app.run_test(size=(60, 16)) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "v")
        await document_loaded(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.query_one("#document").region.width == 60, "the whole width, over the top bar too"
        assert not app.screen.query_one("#document-keys").display
        await pilot.press("escape")
        await pilot.resize_terminal(120, 35)
        await pilot.pause(0.2)
        assert not app.has_class("-tiny"), "grown past 60x20: dialogs are dialogs again"
        await pilot.press("v")
        await document_loaded(pilot)
        assert app.screen.query_one("#document").region.width < 120


async def test_a_search_on_a_tiny_terminal_leaves_rows_for_what_it_finds(news: Path) -> None:
    app = make_app(news)
    async with app.run_test(size=(40, 12)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("slash", *"story", "enter")
        await pilot.pause()
        found = screen.item_list.row_count
        assert found >= 2
        assert screen.item_list.scrollable_content_region.height >= 2, "rows for the items found"
        assert not screen.digest_list.display
        await pilot.press("escape")  # (the digest list is hidden: Esc ends the search)
        await pilot.pause()
        assert screen.filters.search == "" and screen.digest_list.display and screen.item_list.has_focus


async def test_a_digest_dated_only_by_its_mtime_says_no_date_in_the_lists(tmp_path: Path) -> None:
    from tests.helpers import digest_text, write

    root = tmp_path / "news"
    write(root, "2026.01.01.08.md", digest_text(["[Dated - Ann](https://e.com/1)"], front="title: Dated\ndate: 2026-01-01T08:00:00+00:00"))
    write(root, "issue-3.md", digest_text(["[Undated - Bob](https://e.com/2)"], front="title: Issue three"))
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        rows = ["".join(segment.text for segment in screen.digest_list.render_line(y)) for y in range(3)]
        assert "01-01 08:00 Dated" in rows[1]
        assert "no date" in rows[2] and "Issue three" in rows[2], "after the dated ones, without the file's time"
        items = ["".join(segment.text for segment in screen.item_list.render_line(y)) for y in range(2)]
        assert "no date" in items[1] and "Undated" in items[1]
        assert screen.item_list.items[1].digest.date_source == "mtime"
        screen.item_list.focus()
        await pilot.press("j")  # the detail says so too, and what the mtime is (it said "dated by the mtime")
        await pilot.pause(0.3)
        head = screen.detail.query_one("#detail-head")
        shown = "".join(segment.text for y in range(head.size.height) for segment in head.render_line(y))
        assert screen.current is not None and screen.current.headline == "Undated"
        assert "no date (the file was modified 20" in shown, shown


async def test_a_new_search_or_filter_starts_on_the_first_item_found_and_clearing_it_keeps_the_item(tmp_path: Path) -> None:
    """As in newsboat: what is found is read from the top. A search cleared (or unread only
    toggled) leaves the cursor on its item, now among the rest."""
    root = tmp_path / "news"
    write(root, "2026.01.01.08.md", digest_text([f"[Story {n} about {'rust' if n % 2 else 'go'} - Ann](https://e.com/{n})"
                                                for n in range(1, 9)], front="title: Day\ndate: 2026-01-01T08:00:00+00:00"))
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("tab", *"jjjj")  # on Story 5 (about rust)
        await pilot.pause()
        assert screen.current is not None and screen.current.headline == "Story 5 about rust"
        await pilot.press("slash", *"rust")
        await pilot.pause()
        assert [i.headline for i in screen.item_list.items][:2] == ["Story 1 about rust", "Story 3 about rust"]
        assert screen.item_list.cursor == 0 and screen.current.headline == "Story 1 about rust", "the first found"
        await pilot.press("enter", "j", "j")  # on Story 5 among the found
        await pilot.pause()
        assert screen.current.headline == "Story 5 about rust"
        await pilot.press("u")  # unread only: the same item, in its place
        await pilot.pause()
        assert screen.current.headline == "Story 5 about rust"
        await pilot.press("u", "x")  # every filter cleared: still on it, among all eight
        await pilot.pause()
        assert screen.item_list.row_count == 8 and screen.current.headline == "Story 5 about rust"


async def test_the_palette_orders_a_short_list_of_the_best_entries(tmp_path: Path) -> None:
    """Textual's fuzzy matcher scores every way a query's letters fall in a title (0.9 s for `a`
    over 27,000 authors): the palette hands it the best `MAX_HITS` only, names first."""
    from tui.screens.reader_commands import MAX_HITS, ReaderCommands

    root = tmp_path / "news"
    write(root, "2026.01.01.08.md", digest_text([f"[Story {n} - Writer {n:03}](https://e.com/{n})" for n in range(1, 121)]
                                                + ["[Lee's story - Ann Lee](https://e.com/ann)"],
                                                front="title: Day\ndate: 2026-01-01T08:00:00+00:00"))
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        provider = ReaderCommands(app.screen)

        async def titles(query: str) -> list[str]:
            hits = [hit async for hit in provider.search(query)]
            hits.sort(key=lambda hit: -hit.score)
            return [str(hit.text) for hit in hits]

        assert len(await titles("writer")) == MAX_HITS
        assert (await titles("ann lee"))[0] == "Author: Ann Lee"
        assert "Author: Writer 007" in await titles("writer 007")
        assert "Author: Ann Lee" in await titles("anle"), "the letters in order still find it"
        assert await titles("zzzq") == []
        await pilot.press("ctrl+p", *"ann lee")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.filters.authors == frozenset({"name:ann lee"})


async def test_h_and_l_with_one_folder_say_what_they_are_for(news: Path) -> None:
    """Help lists h/l (fold a folder); with one folder they did nothing at all, with no word."""
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.digest_list.has_focus
        cursor = screen.digest_list.cursor
        for key in ("h", "l"):
            app.clear_notifications()
            await pilot.press(key)
            await pilot.pause()
            assert [n.message for n in app._notifications] == [
                "Folding is for several folders: this library has one (Tab moves between the panes)"]
        assert screen.digest_list.cursor == cursor and screen.digest_list.has_focus


async def test_the_palette_counts_choices_as_the_pickers_do_under_a_filter(tmp_path: Path) -> None:
    """Under a filter the pickers counted the stories that pass the other filters, and the
    palette the whole library's, called "items": two numbers for one author."""
    from tui.screens.reader_commands import ReaderCommands

    root = tmp_path / "news"
    write(root, "2026.01.01.08.md", digest_text(["[One - Ann](https://e.com/1)", "[Two - Ann](https://e.com/2)",
                                                 "[Three - Bob](https://e.com/3)"],
                                                front="title: A\ndate: 2026-01-01T08:00:00+00:00\ncategories: [Robots]"))
    write(root, "2026.01.02.08.md", digest_text(["[Four - Ann](https://e.com/4)", "[One again - Ann](https://e.com/1)"],
                                                front="title: B\ndate: 2026-01-02T08:00:00+00:00\ncategories: [Space]"))
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)

        def palette() -> dict[str, str]:
            return {title: help_text for title, _callback, help_text in ReaderCommands(screen)._choices()}

        def picker(kind: str) -> dict[str, int]:
            return {choice.label: choice.count for choice in screen._choices(kind)}

        assert palette()["Author: Ann"] == "3 stories" and picker("author")["Ann"] == 3  # (one repeated: one story)
        screen.set_category("Robots")
        await pilot.pause()
        assert picker("author") == {"Ann": 2, "Bob": 1}
        assert palette()["Author: Ann"] == "2 stories" and palette()["Author: Bob"] == "1 story"
        screen.set_category(None)
        screen.set_author("name:bob")
        await pilot.pause()
        assert picker("category") == {"Robots": 1, "Space": 0}
        assert palette()["Category: Robots"] == "1 story" and palette()["Category: Space"] == "0 stories"


async def test_esc_steps_back_to_all_digests_and_then_clears_the_filters(news: Path) -> None:
    """Esc stopped at "All digests" with a category still on: only `x` undid it."""
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.filters = replace(screen.filters, unread_only=True, search="story")
        await pilot.press("j", "enter", "enter")  # a digest, then an item: the detail has focus
        await pilot.pause()
        assert screen.detail.has_focus and screen.chosen is not None
        for focused in ("item_list", "digest_list"):
            await pilot.press("escape")
            await pilot.pause()
            assert getattr(screen, focused).has_focus and screen.filters.active
        await pilot.press("escape")
        await pilot.pause()
        assert screen.chosen is None and screen.filters.active, "first back to All digests"
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.filters.active
        assert "Filters cleared (x clears them from anywhere)" in [n.message for n in app._notifications]
