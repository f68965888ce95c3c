"""The header bar: the app name, the active filters as chips, and counts."""

from __future__ import annotations

from rich.cells import cell_len, chop_cells
from rich.text import Text
from textual.widget import Widget

from tui.core import display


class StatusBar(Widget):
    """`Brief  [category: X] [author: Y] [/text] [unread]   12 shown · 9 unread`."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._chips: list[str] = []
        self._counts = ""
        self._note = ""

    def show(self, chips: list[str], shown: int, unread: int | None, note: str = "") -> None:
        """Set the chips and counts (unread None: not counted yet); drawn at the bar's current width."""
        self._chips = [display.one_line(chip) for chip in chips]
        self._counts = f"{shown:,} shown · {'…' if unread is None else f'{unread:,}'} unread "
        self._note = f"{display.one_line(note)}   " if note else ""
        self.refresh()

    def render(self) -> Text:
        """The counts always show; the filters before the note (`1 new since 08:00`), which goes
        first when they do not fit; then the longest chip is shortened (with …) first, so each
        filter keeps a part of its name, and only when none can, the last ones go."""
        width = self.size.width
        counts = self._note + self._counts
        if self._chips and _chips_width(self._chips) > width - cell_len(counts) - 2 - _BRAND:
            counts = self._counts
        chips = _fitted(self._chips, width - cell_len(counts) - 2 - _BRAND)
        head = Text(no_wrap=True, overflow="crop", end="")
        head.append(" Brief ", style="bold reverse")
        for chip in chips:
            head.append("  ")
            head.append(f" {chip} ", style="reverse")
        if len(chips) < len(self._chips):
            head.append(" …")
        text = Text(no_wrap=True, overflow="crop", end="")
        text.append_text(head)
        text.append(" " * max(2, width - head.cell_len - cell_len(counts)))
        text.append(counts, style="bold")
        return text


_BRAND = len(" Brief ")
_SHORTEST = 3
"""A chip is never cut shorter than this many cells (`s…` says nothing)."""


def _chips_width(chips: list[str]) -> int:
    return sum(cell_len(chip) + 4 for chip in chips)  # ("  " between, a space inside either end)


def _fitted(chips: list[str], room: int) -> list[str]:
    """The chips in `room` cells: the longest cut first (a `…` at its end), down to the next
    longest, and so on, then, when every one is as short as it goes, the last ones left out
    (with room kept for ` …`)."""
    chips = list(chips)
    dropped = 0
    while chips and _chips_width(chips) + dropped > room:
        longest = max(range(len(chips)), key=lambda n: cell_len(chips[n]))
        length = cell_len(chips[longest])
        if length <= _SHORTEST:
            chips.pop()
            dropped = 2
            continue
        second = max((cell_len(chip) for n, chip in enumerate(chips) if n != longest), default=0)
        target = max(_SHORTEST, length - (_chips_width(chips) + dropped - room), second)  # (down to the next longest)
        chips[longest] = _cut(chips[longest], min(target, length - 1))
    return chips


def _cut(chip: str, cells: int) -> str:
    """`chip` in at most `cells` cells, ending in `…` (CJK counted two wide)."""
    return chop_cells(chip.removesuffix("…"), cells - 1)[0] + "…"
