"""The summary's Markdown composes the blocks of the text it is made with (so they are drawn in
the same frame as the rest of the detail): the same blocks, drawn the same, as Textual's own
update makes; an update afterwards replaces them as Textual's does."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets._markdown import MarkdownBlock

from tui.widgets.summary import SummaryMarkdown

TEXTS = [
    "质山一政把理了不关样式在料这想她地去她的管力点员程干革建化说我后会明公于气合又种代进一和做比 **实个国反二子机几** 军期到相应特物电化",
    "A robot summary with *emphasis*, `code`, ~~gone~~ and a [link](https://e.com/x).\n\nA second paragraph.",
    "# Heading\n\n- one\n- two **bold**\n\n> quoted\n\n```\ncode block\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "",
]


def _drawn(markdown: SummaryMarkdown) -> list[tuple[str, str, int, int]]:
    """Each block: its kind, its text with its styles, and where it is on screen."""
    return [(type(block).__name__, repr(block._content), block.region.y - markdown.region.y, block.region.height)
            for block in markdown.query(MarkdownBlock)]


class Both(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield SummaryMarkdown(self.text, id="composed")  # made with its text
        yield SummaryMarkdown(id="updated")  # made empty, then updated as Textual's Markdown is


@pytest.mark.parametrize("text", TEXTS)
async def test_composed_blocks_are_the_ones_update_makes(text: str) -> None:
    app = Both(text)
    async with app.run_test(size=(80, 60)) as pilot:
        composed = app.query_one("#composed", SummaryMarkdown)
        updated = app.query_one("#updated", SummaryMarkdown)
        await updated.update(text)
        await pilot.pause()
        assert composed._composed == bool(text)
        assert _drawn(composed) == _drawn(updated)
        assert composed.source == updated.source == text
        assert composed.region.height == updated.region.height
        await composed.update("Something **else**.")  # and it updates as Textual's does
        await updated.update("Something **else**.")
        await pilot.pause()
        assert _drawn(composed) == _drawn(updated)
        assert len(composed.query(MarkdownBlock)) == 1
