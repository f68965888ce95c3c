"""A summary's text on screen: Textual's Markdown with the search's matches highlighted."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from rich.text import Text
from textual.content import Content
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
    `display.markdown_parser` (digest text is data)."""

    needle: str = ""

    def __init__(self, markdown: str | None = None, **kwargs: Any) -> None:
        super().__init__(markdown, parser_factory=markdown_parser, **kwargs)

    def get_block_class(self, block_name: str) -> type[MarkdownBlock]:
        return _highlighting(super().get_block_class(block_name))
