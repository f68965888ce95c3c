"""A summary's text on screen: Textual's Markdown with the search's matches highlighted."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.events import Mount
from textual.widget import Widget
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownBlock  # the blocks' base class (not exported by textual.widgets)

from tui.core.display import markdown_parser

MATCH_STYLE = "on $warning 50%"
"""How a match looks: the item list's match style."""


def _pattern(needle: str) -> re.Pattern[str]:
    return re.compile(re.escape(needle), re.IGNORECASE)


def highlighted(text: Text, needle: str) -> Text:
    """Plain text with every case-insensitive match of `needle` marked."""
    if needle:
        text.highlight_regex(_pattern(needle), style="reverse")
    return text


@cache
def _highlighting(base: type[MarkdownBlock]) -> type[MarkdownBlock]:
    """`base` whose content gets its matches of the Markdown's needle marked."""

    def set_content(self: MarkdownBlock, content: Content) -> None:
        needle = getattr(self._markdown, "needle", "")
        if needle:
            content = content.highlight_regex(_pattern(needle), style=MATCH_STYLE)
        base.set_content(self, content)

    return type(base.__name__, (base,), {"set_content": set_content})


class SummaryMarkdown(Markdown):
    """Markdown whose blocks mark the matches of `needle` (set it before `update`), read by
    `display.markdown_parser` (digest text is data).

    The text it is made with is parsed and its blocks composed at once, so they are drawn in the
    same frame as the rest of the detail: Textual's Markdown parses it in a thread once mounted
    and mounts the blocks after, a frame (and a screen update period) later. The same blocks,
    made by the same code (`_build_from_source`); `update` then works as Textual's."""

    needle: str = ""

    def __init__(self, markdown: str | None = None, **kwargs: Any) -> None:
        super().__init__(markdown, parser_factory=markdown_parser, **kwargs)
        self._composed = False

    def get_block_class(self, block_name: str) -> type[MarkdownBlock]:
        return _highlighting(super().get_block_class(block_name))

    def compose(self) -> ComposeResult:
        text = self._initial_markdown
        if not text:
            return  # (nothing yet: Textual's own mount, which posts the table of contents)
        self._initial_markdown = None
        self._markdown = text  # what `update` would have set (`source` and `append` read it)
        self._theme = self.app.theme
        lines = text.splitlines()
        self._last_parsed_line = len(lines) - (1 if lines and lines[-1] else 0)
        self._composed = True
        yield from self._build_from_source(text)

    async def _on_mount(self, event: Mount) -> None:  # type: ignore[override]  # (Widget's is not async; Markdown's is)
        """Composed: what Textual's Markdown does once its blocks are mounted, instead of its own
        mount handler (it would update with no text, and the blocks would go). Else its own."""
        if self._composed:
            event.prevent_default()
            Widget._on_mount(self, event)  # (the handler Markdown's would have been followed by)
            self.post_message(Markdown.TableOfContentsUpdated(self, self.table_of_contents).set_sender(self))
