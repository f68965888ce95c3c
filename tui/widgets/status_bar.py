"""The header bar: the app name, the active filters as chips, and counts."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from tui.core import display


class StatusBar(Widget):
    """`Brief  [category: X] [author: Y] [/text] [unread]   12 shown · 9 unread`."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._chips: list[str] = []
        self._counts = ""

    def show(self, chips: list[str], shown: int, unread: int | None, note: str = "") -> None:
        """Set the chips and counts (unread None: not counted yet); drawn at the bar's current width."""
        self._chips = [display.one_line(chip) for chip in chips]
        counts = f"{shown:,} shown · {'…' if unread is None else f'{unread:,}'} unread "
        self._counts = (f"{display.one_line(note)}   " if note else "") + counts
        self.refresh()

    def render(self) -> Text:
        """The chips are cut (with …) before the counts are: the counts always show."""
        head = Text(no_wrap=True, overflow="ellipsis", end="")
        head.append(" Brief ", style="bold reverse")
        for chip in self._chips:
            head.append("  ")
            head.append(f" {chip} ", style="reverse")
        room = max(0, self.size.width - cell_len(self._counts) - 2)
        if head.cell_len > room:
            head.truncate(max(0, room - 1))
            head.append("…")
        text = Text(no_wrap=True, overflow="crop", end="")
        text.append_text(head)
        text.append(" " * max(2, self.size.width - head.cell_len - cell_len(self._counts)))
        text.append(self._counts, style="bold")
        return text
