"""A whole digest file's Markdown on the Line API: laid out as the detail's summary is (the
paragraphs of `tui.core.summary_blocks`, their lines made by `SummaryVisual`), and only the rows
on screen drawn. A 70 KB newsletter took ~2 s in Textual's Markdown widget, which mounts a
widget per block, the screen frozen meanwhile; a 2 MB file took ~5 s.

The lines can be laid out beforehand, in a worker, for the width the view has (`laid_out`); a
new width lays them out again. Links are drawn and clicked as the summary's are.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from tui.core.summary_blocks import Para
from tui.widgets import line_breaks
from tui.widgets.summary import SummaryView, SummaryVisual


class DocumentText(ScrollView, can_focus=False):
    """The document's lines (or a note while it is read); the screen's pager keys scroll it."""

    class TopMoved(Message):
        """Another line is at the top of the view (the screen names the item there)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = SummaryView.COMPONENT_CLASSES

    def __init__(self, note: str, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.source = ""
        """The text shown (`display.for_display`'s), once read."""
        self.loaded = False
        self._note = note
        self._visual: SummaryVisual | None = None
        self._plain: Content | None = None
        """Text too deeply nested to draw as Markdown, shown as it is."""
        self._lines: list[Content] = []
        self._width = -1
        self.tail_para: int | None = None
        """The paragraph the last item starts in: the view scrolls past the end until it is at
        the top (so that the last items can be named and opened too)."""

    @staticmethod
    def prepare(paras: list[Para], width: int) -> SummaryVisual:
        """[worker] The paragraphs laid out for `width` (what `show` takes)."""
        visual = SummaryVisual(paras, "")
        visual.laid_lines(max(1, width))
        return visual

    def show(self, text: str, visual: SummaryVisual | None, tail_para: int | None = None) -> None:
        """Show the document: its laid-out paragraphs, or (None) `text` as plain text."""
        self.source = text
        self.tail_para = tail_para
        self._visual = visual
        self._plain = None if visual is not None else Content(text)
        self.loaded = True
        self._width = -1
        self.laid_out()
        self.refresh()

    def show_error(self, message: str) -> None:
        """Say why there is no document (the note goes)."""
        self._note = message
        self._width = -1
        self.laid_out()
        self.refresh()

    def laid_out(self) -> list[Content]:
        """The lines at the view's width now."""
        width = max(1, self.scrollable_content_region.width)
        if width != self._width:
            if self._visual is not None:
                self._lines = self._visual.laid_lines(width)
            elif self._plain is not None:
                parts = self._plain.split("\n", allow_blank=True)
                self._lines = [line for part in parts for line in line_breaks.wrap(part, width) or [part]]
            else:
                self._lines = [Content(self._note).stylize("dim")]
            self._width = width
            self._set_height()
        return self._lines

    def _set_height(self) -> None:
        """The lines' height, or more: down to where the last item's paragraph reaches the top."""
        height = len(self._lines)
        if self.tail_para is not None and self._visual is not None:
            height = max(height, self._visual.first_line(self.tail_para, self._width)
                         + self.scrollable_content_region.height)
        self.virtual_size = Size(self._width, height)

    @property
    def layout_width(self) -> int:
        """The width the lines are laid out for (a worker prepares them for it)."""
        return max(1, self.scrollable_content_region.width)

    def on_resize(self, event: events.Resize) -> None:
        self.laid_out()
        self._set_height()  # (a height of its own: the end may reach lower)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.TopMoved())

    def para_at(self, line: int) -> int:
        """The paragraph line number `line` (at the width now) is part of; -1: none (not Markdown)."""
        if self._visual is None or not self._visual.paras:
            return -1
        self.laid_out()
        return self._visual.para_at(line, self._width)

    def scroll_to_para(self, para: int) -> None:
        """Put paragraph number `para` at the top, or as near as the text's own end allows (the
        last screen of text, not past it: what comes before the paragraph stays in sight)."""
        if self._visual is not None:
            self.laid_out()
            end = max(0, len(self._lines) - self.scrollable_content_region.height)
            self.scroll_to(y=min(self._visual.first_line(para, self._width), end), animate=False)

    def render_line(self, y: int) -> Strip:
        lines = self.laid_out()
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not 0 <= index < len(lines):
            return Strip.blank(width, self.rich_style)
        strips = Visual.to_strips(self, lines[index], width, 1, self.visual_style, pad=True)
        return strips[0] if strips else Strip.blank(width, self.rich_style)

    @property
    def shown(self) -> str:
        """The lines on screen and off it, as laid out now (for the tests and for copying)."""
        return "\n".join(line.plain for line in self.laid_out())

    def action_link(self, href: str) -> None:
        """A link clicked (the `@click` of its text): the screen checks and opens it."""
        self.post_message(SummaryView.LinkClicked(href))
