"""Paragraphs of plain text on Textual's Line API: wrapped to the width once (and again on a
resize), and only the lines on screen drawn, so ten thousand paragraphs open at once.

Each paragraph has a marker (`•`, or none) in a column of its own and wraps under its own text,
never back to the margin. Text is data: drawn as it is, never read as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

MARKER_WIDTH = 2
"""The marker's column and the space after it."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph: its text (one line of it: no newlines), a marker before its first line
    (at most one cell), and how it is drawn (`bold`, `dim` or plain)."""

    text: str
    marker: str = ""
    look: str = ""


def wrapped(text: str, width: int, known: dict[str, list[str]] | None = None) -> list[str]:
    """`text` in lines of at most `width` cells: broken at spaces, a word longer than a line
    folded. `known`: lines already worked out for texts at this width (many paragraphs say the same).
    (Greedy, word by word: a fifth of what `Content.wrap` costs, for ten thousand reasons.)"""
    if cell_len(text) <= width:
        return [text]
    if known is not None:
        found = known.get(text)
        if found is not None:
            return found
    width = max(1, width)
    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        size = cell_len(word)
        if used and used + 1 + size <= width:
            line += " " + word
            used += 1 + size
            continue
        if used:
            lines.append(line)
        while size > width:  # (a word longer than a line: folded)
            cut = width if word.isascii() else _cells_fit(word, width)
            lines.append(word[:cut])
            word = word[cut:]
            size = cell_len(word)
        line, used = word, size
    if used or not lines:
        lines.append(line)
    if known is not None:
        known[text] = lines
    return lines


def _cells_fit(word: str, width: int) -> int:
    """How many of the word's first characters fit in `width` cells (at least one)."""
    used = 0
    for count, char in enumerate(word):
        used += cell_len(char)
        if used > width:
            return max(1, count)
    return len(word)


def laid_out(paragraphs: list[Paragraph], width: int) -> list[tuple[str, str, str]]:
    """Every line drawn at `width` cells: (what goes in the marker column, the text, its look)."""
    inner = max(1, width - MARKER_WIDTH)
    known: dict[str, list[str]] = {}
    out: list[tuple[str, str, str]] = []
    for paragraph in paragraphs:
        for number, line in enumerate(wrapped(paragraph.text, inner, known)):
            out.append((paragraph.marker if not number else "", line, paragraph.look))
    return out


_LOOKS = {"bold": Style(bold=True), "dim": Style(dim=True), "": Style()}


class TextLines(ScrollView, can_focus=True):
    """Paragraphs laid out to the widget's width, drawn line by line."""

    def __init__(self, paragraphs: list[Paragraph], *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.paragraphs = paragraphs
        self._lines: list[tuple[str, str, str]] = []
        self._width = -1
        """The width `_lines` were laid out for (-1: not yet)."""

    @property
    def lines(self) -> list[tuple[str, str, str]]:
        """The lines as drawn now: (marker column, text, look)."""
        return self._lines

    def _lay_out(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        self._width = width
        self._lines = laid_out(self.paragraphs, width)
        self.virtual_size = Size(width, len(self._lines))

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()

    def render_line(self, y: int) -> Strip:
        self._lay_out()
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = y + self.scroll_offset.y
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, base)
        marker, text, look = self._lines[index]
        style = base + _LOOKS.get(look, _LOOKS[""])
        segments = [Segment(marker.ljust(MARKER_WIDTH) if marker else " " * MARKER_WIDTH, base), Segment(text, style)]
        return Strip(segments).crop(0, width).adjust_cell_length(width, base)
