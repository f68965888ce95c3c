"""The header bar: the app name, the active filters as chips, and counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.core import textsafe


class StatusBar(Static):
    """`Brief  [category: X] [author: Y] [/text] [unread]   12 shown · 9 unread`."""

    def show(self, chips: list[str], shown: int, unread: int, note: str = "") -> None:
        """Redraw with these chips and counts."""
        text = Text()
        text.append(" Brief ", style="bold reverse")
        for chip in chips:
            text.append("  ")
            text.append(f" {textsafe.one_line(chip)} ", style="reverse")
        counts = f"{shown} shown · {unread} unread "
        if note:
            counts = f"{textsafe.one_line(note)}   " + counts
        width = self.size.width or 80
        gap = max(2, width - text.cell_len - len(counts))
        text.append(" " * gap)
        text.append(counts, style="bold")
        self.update(text)
