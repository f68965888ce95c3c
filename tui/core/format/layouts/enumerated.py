"""Enumerated paragraphs as items (FORMAT.md 3b rule 4): a paragraph starting `1、`, `2、`… (or
Japanese `１．` numbers, `・` bullets) with
what follows it up to the next one, a heading or `---`, is an item when that block holds a
story link; lists inside it belong to its summary. Lines that go on `2、`, `3、`… with no blank
line between them (one paragraph to Markdown) are as many paragraphs (`split_runs`)."""

from __future__ import annotations

import re
from typing import Any

from tui.core.format.inline import plain
from tui.core.format.layouts.found import Found, holds_story_link
from tui.core.format.layouts.tree import Block

_MARK = re.compile(r"\A\s*(?:\d{1,4}[、．]|[・•])")
"""`1、`, a Japanese `１．` (full-width; an ASCII `1.` starts a Markdown list) or a `・`/`•` bullet."""


def starts(block: Any) -> bool:
    """Whether a block is a paragraph that starts `N、`."""
    if not isinstance(block, Block) or block.kind != "p" or not block.inline:
        return False
    first = block.inline[0]
    if first[0] == "t":
        return _MARK.match(first[1]) is not None
    return first[0] in ("s", "e") and _MARK.match(plain(block.inline[:3])) is not None  # (`**1、**…`)


def split_runs(children: list[Block], source: bytes | None) -> list[Block]:
    """The body's blocks, each enumerated paragraph whose lines go on with more marks (`1、…`
    then `2、…` on the next line) cut into one paragraph per mark. With `source` (the body's
    UTF-8, the blocks' offsets being in it) each piece gets the bytes of its own lines; without,
    the paragraph's numbers (they only keep the order)."""
    runs = [index for index, block in enumerate(children) if block.kind == "p" and starts(block) and _BREAK in block.inline]
    if not runs:
        return children  # (the common case)
    out = list(children)
    for index in reversed(runs):
        out[index : index + 1] = _pieces(children[index], source)
    return out


_BREAK = ("b",)


def _cuts(tokens: list[Any]) -> list[int]:
    """The line breaks (outside links, images and spans) that a mark follows."""
    cuts: list[int] = []
    depth = 0
    for index, token in enumerate(tokens):
        kind = token[0]
        if kind in ("l", "i"):
            depth += 1
        elif kind in ("/l", "/i"):
            depth -= 1
        elif kind in ("s", "e", "x"):
            depth += 1 if token[1] else -1
        elif kind == "b" and depth == 0 and index + 1 < len(tokens):
            following = tokens[index + 1]
            if following[0] == "t" and _MARK.match(following[1]) is not None:
                cuts.append(index)
            elif following[0] in ("s", "e") and _MARK.match(plain(tokens[index + 1 : index + 4])) is not None:
                cuts.append(index)  # (`**2、**…`)
    return cuts


def _pieces(block: Block, source: bytes | None) -> list[Block]:
    cuts = _cuts(block.inline)
    if not cuts:
        return [block]
    bounds = [-1, *cuts, len(block.inline)]
    pieces: list[Block] = []
    for begin, end in zip(bounds, bounds[1:]):
        piece = Block("p", block.start, block.end)
        piece.inline = block.inline[begin + 1 : end]
        pieces.append(piece)
    if source is not None:
        _place(pieces, source, block.start, block.end)
    return pieces


def _place(pieces: list[Block], source: bytes, start: int, end: int) -> None:
    """Each piece's bytes: from the line its mark starts (after the piece before) to the line
    break before the next piece's (a mark not found where the tokens put it: an empty piece at
    the paragraph's end, so the pieces stay as many, in order)."""
    at = start
    starts = [start]
    for piece in pieces[1:]:
        mark = _MARK.match(plain(piece.inline[:3]))
        found = -1
        if mark is not None:
            line = re.compile(rb"\n[ \t>]*(?:[*_]{1,3})?" + re.escape(mark.group().strip().encode("utf-8")))
            hit = line.search(source, at, end)
            found = hit.start() + 1 if hit is not None else -1
        at = found if found >= 0 else end
        starts.append(at)
    for index, piece in enumerate(pieces):
        piece.start = starts[index]
        piece.end = max(starts[index], starts[index + 1] - 1) if index + 1 < len(pieces) else end


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
