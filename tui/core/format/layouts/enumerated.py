"""Enumerated paragraphs as items (FORMAT.md 3b rule 4): a paragraph starting `1、`, `2、`… with
what follows it up to the next one, a heading or `---`, is an item when that block holds a
story link; lists inside it belong to its summary."""

from __future__ import annotations

import re
from typing import Any

from tui.core.format.inline import plain
from tui.core.format.layouts.found import Found, holds_story_link
from tui.core.format.layouts.tree import Block

_MARK = re.compile(r"\A\s*\d{1,4}、")


def starts(block: Any) -> bool:
    """Whether a block is a paragraph that starts `N、`."""
    if not isinstance(block, Block) or block.kind != "p" or not block.inline:
        return False
    first = block.inline[0]
    if first[0] == "t":
        return _MARK.match(first[1]) is not None
    return first[0] in ("s", "e") and _MARK.match(plain(block.inline[:3])) is not None  # (`**1、**…`)


def block_end(parts: list[Any], start: int) -> int:
    """Where the block of the enumerated paragraph at `start` ends: at the next one, a heading
    (a section part) or a thematic break."""
    index = start + 1
    while index < len(parts):
        part = parts[index]
        if not isinstance(part, Block) or part.kind in ("hr", "h") or starts(part):
            break
        index += 1
    return index


def in_block(blocks: list[Block], index: int) -> bool:
    """Whether the block at `index` belongs to the block of an enumerated paragraph before it
    (`block_end`, read backwards: no heading nor thematic break between them)."""
    for back in range(index - 1, -1, -1):
        block = blocks[back]
        if block.kind in ("h", "hr"):
            return False
        if starts(block):
            return True
    return False


def find(group: list[Block], chain: list[str]) -> list[Found]:
    """The enumerated paragraph's block as an item, when it holds a story link."""
    if not holds_story_link(group):
        return []
    return [Found("enum", group, list(chain), start=group[0].start)]
