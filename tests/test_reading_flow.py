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
