"""A summary's text on screen: its Markdown drawn as one widget, the search's matches highlighted.

One widget, not a widget per block: the paragraphs (`tui.core.summary_blocks`) are laid out as
lines of text for the width given, each line starting with the marks of the lists and quotes it
is in (a bullet or a number on an item's first line, the quote bar on every line). Drawn in the
same frame as the rest of the detail, with nothing to mount; the look of each style name is the
stylesheet's where a colour comes in (`SummaryView > .summary--code` and the others in
`styles/brief.tcss`); bold, italic and strike are text styles.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import ClassVar

from rich.text import Text
from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.message import Message
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

from tui.core.summary_blocks import Para, summary_blocks
from tui.widgets import line_breaks

MATCH_STYLE = "on $warning 50%"
"""How a match looks: the item list's match style."""

_STYLE_CLASSES = {"strong": "bold", "em": "italic", "strike": "strike",
                  "code": ".summary--code", "code-block": ".summary--code", "image": ".summary--image",
                  "rule": ".summary--rule"}
"""How each style name looks: a text style, or a component class where a colour comes in (the
stylesheet gives those, from the theme)."""
_KIND_CLASSES = {"h1": ".summary--h1", "head": "bold"}
_MARK_CLASSES = {"bullet": ".summary--bullet", "quote": ".summary--quote"}


def _pattern(needle: str) -> re.Pattern[str]:
    return re.compile(re.escape(needle), re.IGNORECASE)


def highlighted(text: Text, needle: str) -> Text:
    """Plain text with every case-insensitive match of `needle` marked."""
    if needle:
        text.highlight_regex(_pattern(needle), style="reverse")
    return text


def _content(para: Para, needle: str) -> Content:
    """A paragraph's text with its styles, links and matches (not yet cut into lines)."""
    pieces: list[str] = []
    spans: list[Span] = []
    at = 0
    kind_class = _KIND_CLASSES.get(para.kind, ".summary--heading" if para.kind[0] == "h" else "")
    for text, styles, link in para.runs:
        end = at + len(text)
        pieces.append(text)
        spans.extend(Span(at, end, _STYLE_CLASSES[name]) for name in styles if name in _STYLE_CLASSES)
        if link is not None:
            spans.append(Span(at, end, Style.from_meta({"@click": f"link({link!r})"})))
        at = end
    if kind_class:
        spans.insert(0, Span(0, at, kind_class))
    content = Content("".join(pieces), spans=spans)
    return content.highlight_regex(_pattern(needle), style=MATCH_STYLE) if needle else content


def _prefix(para: Para, first: bool, depth: int | None = None) -> Content:
    marks = para.marks if depth is None else para.marks[:depth]
    parts = [(mark.first if first else mark.rest, _MARK_CLASSES[mark.style]) for mark in marks]
    return Content.assemble(*parts) if parts else Content("")


class SummaryVisual(Visual):
    """The paragraphs laid out as lines for a width (the last width's lines are kept)."""

    def __init__(self, paras: list[Para], needle: str) -> None:
        self.paras = paras
        self._contents = [_content(para, needle) for para in paras]
        self._laid: tuple[int, Content] | None = None
        self._rows: tuple[int, list[Content]] | None = None
        self._firsts: list[int] = []
        """The line each paragraph starts on, at the last width laid out."""

    def laid_lines(self, width: int) -> list[Content]:
        """Every line at `width` (the last width's are kept, with where each paragraph starts)."""
        if self._rows is not None and self._rows[0] == width:
            return self._rows[1]
        lines: list[Content] = []
        firsts: list[int] = []
        for para, content in zip(self.paras, self._contents):
            first, rest = _prefix(para, True), _prefix(para, False)
            if para.gap and lines:
                lines.append(_prefix(para, False, para.shared).rstrip())
            firsts.append(len(lines))
            room = max(1, width - first.cell_length)
            if para.kind == "rule":
                wrapped = [Content("─" * room).stylize(".summary--rule")]
            elif para.kind == "code":
                wrapped = [line for part in content.split("\n", allow_blank=True) for line in part.fold(room) or [part]]
            else:
                wrapped = line_breaks.wrap(content, room) or [Content("")]
            lines.extend((first if index == 0 else rest) + line for index, line in enumerate(wrapped))
        self._rows = (width, lines)
        self._firsts = firsts
        return lines

    def lines(self, width: int) -> Content:
        """Every line at `width`, as one text (a line each)."""
        if self._laid is not None and self._laid[0] == width:
            return self._laid[1]
        laid = Content("\n").join(self.laid_lines(width))
        self._laid = (width, laid)
        return laid

    def first_line(self, para: int, width: int) -> int:
        """The line paragraph number `para` starts on at `width`."""
        self.laid_lines(width)
        return self._firsts[para] if 0 <= para < len(self._firsts) else 0

    def para_at(self, line: int, width: int) -> int:
        """The paragraph line number `line` is part of at `width` (-1: none, no paragraphs)."""
        self.laid_lines(width)
        return bisect_right(self._firsts, line) - 1

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.lines(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.lines(width).get_height(rules, width) if self.paras else 0


class SummaryView(Static):
    """A summary: Markdown (see `tui.core.summary_blocks`) or plain text. A link clicked posts
    `LinkClicked` with its target as the file writes it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "summary--code", "summary--image", "summary--rule", "summary--h1", "summary--heading", "summary--bullet",
        "summary--quote",
    }

    class LinkClicked(Message):
        """A link of the summary was clicked."""

        def __init__(self, href: str) -> None:
            super().__init__()
            self.href = href

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.source = ""
        """What is shown, as given."""
        self._summary: SummaryVisual | None = None

    def show(self, text: str, markdown: bool, needle: str = "") -> None:
        """Show `text` (`for_display`'s), as Markdown or as plain text, with `needle` highlighted."""
        self.source = text
        self.display = bool(text)
        if markdown:
            self._summary = SummaryVisual(summary_blocks(text), needle)
            self.update(self._summary)
        else:
            self._summary = None
            self.update(highlighted(Text(text), needle))

    @property
    def shown(self) -> str:
        """The text on screen, a line for each line (for the tests and for copying)."""
        if self._summary is not None:
            return self._summary.lines(max(1, self.content_region.width or self.size.width or 80)).plain
        return self.source

    def action_link(self, href: str) -> None:
        self.post_message(self.LinkClicked(href))

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text of what is drawn (the lines laid out, not the Markdown)."""
        if self._summary is None:
            return super().get_selection(selection)
        return selection.extract(self.shown), "\n"


