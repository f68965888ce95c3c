"""The header bar: the app name, the active filters as chips, and counts."""

from __future__ import annotations

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
        counts = f"{shown} shown · {'…' if unread is None else unread} unread "
        self._counts = (f"{display.one_line(note)}   " if note else "") + counts
        self.refresh()

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" Brief ", style="bold reverse")
        for chip in self._chips:
            text.append("  ")
            text.append(f" {chip} ", style="reverse")
        gap = max(2, self.size.width - text.cell_len - len(self._counts))
        text.append(" " * gap)
        text.append(self._counts, style="bold")
        return text
