"""Every digest layout (FORMAT.md 3 and 3b), behind one seam: `find` gives a body's items,
`content` an item's headline, link, author, section and summary.

The body is parsed once into CommonMark blocks (`tree.py`, pulldown-cmark through pyromark;
`reference.py` builds the same tree with markdown-it-py for the tests). `blocks.py` decides
which blocks are items, asking each family of blocks that can be one: `lists.py` (list items,
bold-label fields), `enumerated.py` (`1、` paragraphs) and headings (in `blocks.py`, where the
sections are); `fields.py` reads an item's link, headline and author. The main layout's fast
line scanner (`format/list_scan.py`) stays the first try: `parser.py` takes its answer when the
body is plainly the main layout and asks this package otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.format.layouts import blocks, fields
from tui.core.format.layouts.found import Found
from tui.core.format.layouts.tree import Block, parse


@dataclass(slots=True)
class LayoutItem:
    """One item as a layout gives it."""

    headline: str
    author: str | None
    url: str | None
    section: str | None
    summary: str
    """The item's Markdown, without what its headline was taken from where that stands alone."""
    form: str
    """The kind of block it is: `list`, `heading` or `enum`."""
    start: int
    """Where the item starts in the body (a UTF-8 byte offset)."""


@dataclass(slots=True)
class Layout:
    """A body read: its items and its title heading's text (empty when it has none)."""

    items: list[LayoutItem]
    title: str


def find(body: str, root: Block | None = None) -> list[Found]:
    """The blocks of a body that are items."""
    return blocks.find(root if root is not None else parse(body))


def content(found: Found, source: bytes | None) -> LayoutItem:
    """An item's headline, link, author, section and summary (`source`: the body's UTF-8;
    None: the summary is the plain text of the item's blocks)."""
    read = fields.read(found, drop_wanted=source is not None)
    section = " › ".join(filter(None, found.sections)) or None
    form = "list" if found.kind == "li" else found.kind
    summary = _summary(found, source, read.drop) if source is not None else " ".join(found.texts())
    return LayoutItem(read.headline, read.author, read.url, section, summary, form, found.start)


def read(body: str, summaries: bool = True) -> Layout:
    """Every item of a body, and its title heading's text. Without `summaries` (indexing), an
    item's summary is the plain text of its blocks (what a search looks in) and its start the
    number of its first parse event."""
    root = parse(body, ranges=summaries)
    source = body.encode("utf-8", "surrogatepass") if summaries else None
    found, title = blocks.find_with_title(root, source)
    return Layout([content(item, source) for item in found], title.plain() if title else "")


_MARKER = re.compile(r"\A[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|\Z)")


def _summary(found: Found, source: bytes, drop: str) -> str:
    """The item's Markdown: a list item's content, an enumerated paragraph's block, a heading's
    body; without the first paragraph when that is only the headline (or the first line, when
    that is only the headline's link)."""
    first = found.blocks[0]
    if found.kind == "heading":
        parts = found.blocks[1:]
        drop = ""  # (the heading itself is what the headline was taken from)
    elif found.kind == "li":
        parts = first.children
    else:
        parts = found.blocks
    if parts and drop == "paragraph":
        parts = parts[1:]
    if not parts:
        return ""
    text = source[parts[0].start : parts[-1].end].decode("utf-8", "replace")
    if found.kind == "li" and parts[0] is first.children[0]:
        text = _MARKER.sub("", text, count=1)
    text = _dedent(text)
    if drop == "line":
        text = text.partition("\n")[2]
    return _dedent(text).strip("\n")


def _dedent(text: str) -> str:
    """Lines after the first lose the indentation they share."""
    lines = text.split("\n")
    widths = [len(line) - len(line.lstrip(" ")) for line in lines[1:] if line.strip()]
    cut = min(widths, default=0)
    return "\n".join([lines[0].lstrip(" ") if cut else lines[0], *(line[cut:] for line in lines[1:])])
