"""The reading flow: the cursor bar, a view that stays put, the detail pane and its keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tests.reader_helpers import loaded, make_app
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
