"""A list on Textual's Line API: draws only the visible rows, so 100,000 rows cost nothing."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LineList(ScrollView, can_focus=True):
    """Rows drawn by `render_row`; a cursor kept visible; keys and mouse move it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("enter", "select", "Choose", id="list.select"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"line-list--cursor", "line-list--empty"}
    cursor_always_shown: ClassVar[bool] = False
    """Draw the cursor as focused even when the list is not (a picker's list: its box has the focus)."""

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """Index of the highlighted row."""

    class Moved(Message):
        """The cursor moved (any cause)."""

        def __init__(self, line_list: LineList, index: int) -> None:
            super().__init__()
            self.line_list = line_list
            self.index = index

    class Activated(Message):
        """Enter or a click on a row."""

        def __init__(self, line_list: LineList, index: int) -> None:
            super().__init__()
            self.line_list = line_list
            self.index = index

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(name=name, id=id, classes=classes)
        self._count = 0
        self.empty_text = ""
        """Shown when there are no rows."""

    # -- rows ------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows there are."""
        return self._count

    def set_row_count(self, count: int, cursor: int | None = None) -> None:
        """Say how many rows there are now; keep (or set) the cursor within them."""
        self._count = count
        self._set_height(count)
        target = self.cursor if cursor is None else cursor
        self.set_reactive(LineList.cursor, max(0, min(target, count - 1)))
        self._keep_visible()
        self.refresh()

    def render_row(self, index: int, width: int, style: Style) -> list[Segment]:
        """The segments of row `index`, at most `width` cells (subclasses draw their rows)."""
        raise NotImplementedError

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = y + self.scroll_offset.y
        if self._count == 0:
            lines = self.empty_text.split("\n")
            if 0 <= y < len(lines):
                style = base + self.get_component_rich_style("line-list--empty")
                return Strip([Segment(" " + lines[y], style)]).crop(0, width).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= self._count:
            return Strip.blank(width, base)
        segments = self.render_row(index, width, base)
        if index != self.cursor:
            return Strip(segments).adjust_cell_length(width, base)
        # The cursor bar goes over the row's own colours (each part of a row has a style of its
        # own, background included): the theme's block cursor, as Textual's own lists draw it.
        cursor = self.get_component_rich_style("line-list--cursor")
        active = self.has_focus or self.cursor_always_shown
        bar = Style(bgcolor=cursor.bgcolor, color=cursor.color if active else None, bold=cursor.bold)
        return Strip(Segment.apply_style(segments, post_style=bar)).adjust_cell_length(width, base + bar)

    # -- cursor ----------------------------------------------------------------------------

    def _keep_visible(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def watch_cursor(self, old: int, new: int) -> None:
        self._keep_visible()
        self.refresh()
        self.post_message(self.Moved(self, new))

    def move_to(self, index: int) -> None:
        """Put the cursor on row `index` (clamped)."""
        if self._count:
            self.cursor = max(0, min(index, self._count - 1))

    def _set_height(self, count: int) -> None:
        """Set the scrollable height without a layout of the whole screen where possible.

        Setting `virtual_size` asks for a screen layout (a full redraw, ~5 ms at 120×35); a list
        whose row count changes only needs its own rows and its scrollbar redrawn. Textual's own
        `_refresh_scrollbars` then says whether the scrollbar appears or goes (that does lay out).
        """
        size = Size(0, count)
        if size == self.virtual_size:
            return
        refresh_scrollbars = getattr(self, "_refresh_scrollbars", None)
        if refresh_scrollbars is None or not self.is_mounted or not self.container_size:
            self.virtual_size = size
            return
        self.set_reactive(ScrollView.virtual_size, size)
        refresh_scrollbars()
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            bar.window_virtual_size = count
            bar.window_size = self.scrollable_content_region.height
            bar.position = self.scroll_offset.y
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, self._count)
        self._keep_visible()

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self._count - 1)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_select(self) -> None:
        if self._count:
            self.post_message(self.Activated(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + round(self.scroll_offset.y)
        if 0 <= index < self._count:
            self.move_to(index)
            self.post_message(self.Activated(self, index))
