"""The item list pane: unread mark, number, headline, author and a repeat mark, by cells."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.message import Message

from tui.core import display
from tui.core.model import Item
from tui.core.session import Session
from tui.widgets.cells import cut, fit
from tui.widgets.line_list import LineList

AUTHOR_WIDTH = 18
NO_HEADLINE = "(no headline)"
"""Shown, dimmed, for an item whose headline is empty."""


NEAREST_SCAN = 2000
"""How far from the old cursor a vanished item's nearest neighbour is looked for."""


SAME_STORY_REACH = 500
"""How far below its old row the item list looks for the story the cursor was on."""


def _same_story(items: Sequence[Item], keep: Item, at: int) -> int:
    """Where the story the cursor was on is listed now (a new edition may list it at its own
    copy), looking from the top to a little below its old row; -1 when it is not there."""
    index_of_story = getattr(items, "index_of_story", None)  # (a search's list: without reading it that far)
    if index_of_story is not None:
        return int(index_of_story(keep, at + SAME_STORY_REACH))
    for index, item in enumerate(items[: at + SAME_STORY_REACH]):
        if item.key == keep.key:
            return index
    return -1


def _nearest(before: Sequence[Item], at: int, after: Sequence[Item], order: Callable[[Item], tuple[int, int]]) -> int:
    """Where the cursor goes when its item left the list: onto the nearest item after it (else
    before it) that is still listed; 0 when none is near. Both lists are in list order
    (`order`: an item's place in it), so whether an item is in `after` is a binary search
    (a search's list knows where an item would be without being read that far)."""
    if not before or not after or not 0 <= at < len(before):
        return 0
    starting_at = getattr(after, "starting_at", None)

    def place_in_after(item: Item) -> int:
        index = starting_at(item) if starting_at is not None else bisect_left(after, order(item), key=order)
        return index if index < len(after) and after[index] is item else -1

    for index in (*range(at + 1, min(len(before), at + 1 + NEAREST_SCAN)),
                  *range(at - 1, max(-1, at - 1 - NEAREST_SCAN), -1)):
        found = place_in_after(before[index])
        if found >= 0:
            return found
    return 0


class ItemList(LineList):
    """Items of the chosen digest (or all); highlighting one previews it, Enter reads it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = LineList.COMPONENT_CLASSES | {
        "item-list--unread",
        "item-list--read",
        "item-list--mark",
        "item-list--author",
        "item-list--repeat",
        "item-list--match",
        "item-list--meta",
    }

    class Highlighted(Message):
        """The cursor is on this item (None: the list is empty)."""

        def __init__(self, item: Item | None) -> None:
            super().__init__()
            self.item = item

    class Opened(Message):
        """Enter or a click on an item: read it."""

        def __init__(self, item: Item) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.items: Sequence[Item] = []
        self.session: Session | None = None
        """Whose read marks, author names and repeats the rows show."""
        self.needle = ""
        self.show_dates = True

    def _order(self, item: Item) -> tuple[int, int]:
        """An item's place in the library's list ((-1, …): not in the library shown)."""
        assert self.session is not None
        return self.session.library.number_of(item.digest), item.number

    @property
    def current(self) -> Item | None:
        """The item under the cursor."""
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    def show(self, items: Sequence[Item], session: Session, needle: str, show_dates: bool, keep: Item | None,
             refiltered: bool = False) -> None:
        """Set the items; the cursor stays on `keep` where it is still listed, else (when the
        list is the same one `refiltered`) on the nearest item that is, else on the first."""
        before, at = self.items, self.cursor
        self.items = items
        self.session = session
        self.needle = needle.casefold()
        self.show_dates = show_dates
        cursor = 0
        if keep is not None:
            try:
                cursor = items.index(keep)  # items compare by identity
            except ValueError:
                cursor = _same_story(items, keep, at)
                if cursor < 0:
                    cursor = _nearest(before, at, items, self._order) if refiltered else 0
        self.set_row_count(len(items), cursor)
        self._show_position()
        self.post_message(self.Highlighted(self.current))

    def _show_position(self) -> None:
        """`12 / 10,000` in the border: where the cursor is."""
        count = self.row_count
        self.border_subtitle = f"{self.cursor + 1:,} / {count:,}" if count else ""

    def _headline(self, text: str, width: int, style: Style) -> list[Segment]:
        shown = fit(text, width)
        if not self.needle:
            return [Segment(shown, style)]
        folded = shown.casefold()
        if len(folded) != len(shown):
            return [Segment(shown, style)]
        match_style = style + self.get_component_rich_style("item-list--match")
        out: list[Segment] = []
        start = 0
        while True:
            found = folded.find(self.needle, start)
            if found < 0:
                break
            out.append(Segment(shown[start:found], style))
            out.append(Segment(shown[found : found + len(self.needle)], match_style))
            start = found + len(self.needle)
        out.append(Segment(shown[start:], style))
        return out

    def render_row(self, index: int, width: int, style: Style) -> list[Segment]:
        if not self.show_vertical_scrollbar:
            width -= 1  # a blank column before the border, as the scrollbar leaves one: ↻ never touches it
        item = self.items[index]
        session = self.session
        assert session is not None
        unread = not session.is_read(item)
        mark = "● " if unread else "  "
        number = f"{item.number:>3} "
        meta = ""
        if self.show_dates and item.digest is not None:
            meta = display.list_date(item.digest.date, item.digest.date_source, session.library.spans_years)
        author = display.one_line(session.library.author_name(item))
        repeat = " ↻" if session.is_repeat(item) else "  "
        widest = min(AUTHOR_WIDTH, max(0, width // 4))
        author_width = min(widest, cell_len(author))
        author_text = (" " + fit(cut(author, author_width), author_width)) if author_width else ""
        # How much of the date shows is worked out for the widest author column, so that every
        # row shows as much of it (the headlines start in one column).
        room = width - len(mark) - len(number) - len(meta) - (widest + 1 if widest else 0) - 2
        if room < 16 and meta.count(" ") == 2:
            meta = meta.split(" ")[0] + " "  # narrow: the date without the time
            room += 6
        if room < 8 and meta:
            meta = ""
        head_width = width - len(mark) - len(number) - len(meta) - cell_len(author_text) - 2
        text_style = style + self.get_component_rich_style("item-list--unread" if unread else "item-list--read")
        if display.is_blank(item.headline):
            headline = [Segment(fit(NO_HEADLINE, max(1, head_width)), style + self.get_component_rich_style("item-list--meta"))]
        else:
            headline = self._headline(display.one_line(item.headline), max(1, head_width), text_style)
        return [
            Segment(mark, style + self.get_component_rich_style("item-list--mark")),
            Segment(number + meta, style + self.get_component_rich_style("item-list--meta")),
            *headline,
            Segment(author_text, style + self.get_component_rich_style("item-list--author")),
            Segment(repeat, style + self.get_component_rich_style("item-list--repeat")),
        ]

    def on_line_list_moved(self, event: LineList.Moved) -> None:
        event.stop()
        self._show_position()
        self.post_message(self.Highlighted(self.current))

    def on_line_list_activated(self, event: LineList.Activated) -> None:
        event.stop()
        item = self.current
        if item is not None:
            self.post_message(self.Opened(item))
