"""An item found in a body, before its link, headline and author are read (`fields.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.format.inline import Token
from tui.core.format.layouts.tree import Block


@dataclass(slots=True, eq=False)
class Found:
    """A block that is an item, before its link, headline and author are read."""

    kind: str
    """`li` (a list item), `enum` (an enumerated paragraph and its block) or `heading`."""
    blocks: list[Block]
    """The item's blocks: the list item; the paragraph and what follows it; the heading and its body."""
    sections: list[str]
    """The names of the section headings above it, outermost first."""
    ordered: bool = False
    """A list item of an ordered list (its leading link may carry an author suffix)."""
    numbered_heading: bool = False
    """A heading whose text starts with a number (`### 2. [..](..)`)."""
    only_under_numbered: str | None = None
    """The text of the numbered section heading it is the only item under."""
    start: int = 0
    """Where the item starts in the body (bytes)."""
    _parts: list[Block] | None = None

    def lead_block(self) -> Block | None:
        """The block of the item's first inline content: the heading, or the first paragraph
        (None: a list item that starts with no paragraph). It is `parts()[0]` when there is one."""
        first = self.blocks[0]
        if first.kind == "h" or first.kind == "p":
            return first
        for block in first.children:
            if block.kind == "p":
                return block
            break
        return None

    @property
    def lead(self) -> list[Token]:
        """The item's first inline content: the heading's text, or the first paragraph's."""
        block = self.lead_block()
        return block.inline if block is not None else []

    def parts(self) -> list[Block]:
        """The item's paragraphs, headings and tables, in order (worked out once)."""
        found = self._parts
        if found is None:
            found = self._parts = []
            for top in self.blocks:
                if top.kind in _TEXT_KINDS:
                    found.append(top)
                if top.children:
                    _text_blocks(top, found)
        return found

    def texts(self) -> list[str]:
        """The plain text of the item's paragraphs and headings, in order."""
        return [block.plain() for block in self.parts()]


_TEXT_KINDS = frozenset({"p", "h", "table"})
"""Blocks with inline content of their own."""


def _text_blocks(block: Block, found: list[Block]) -> None:
    """Add the paragraphs, headings and tables inside a block, in order (as `Block.walk` meets them)."""
    for child in block.children:
        if child.kind in _TEXT_KINDS:
            found.append(child)
        if child.children:
            _text_blocks(child, found)


def holds_story_link(blocks: list[Block]) -> bool:
    """Whether any of these blocks (and what is inside them) holds a story link."""
    return any(block.holds_link() for block in blocks)
