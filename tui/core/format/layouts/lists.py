"""List items as items (FORMAT.md 3b rules 2 and 3): the outermost list item holding a story
link is one item, an ordered-list item is one even without a link, and a list of bold-label
fields under a heading is that heading's body, not items."""

from __future__ import annotations

import re

from tui.core.format.inline import plain
from tui.core.format.layouts.found import Found
from tui.core.format.layouts.tree import Block

_LABEL_COLON = re.compile(r"\A\s*[:：]")


def _holds_link(block: Block) -> bool:
    return block.holds_link()


def find(block: Block, chain: list[str]) -> list[Found]:
    """The items of a list: each outermost list item with a story link (an ordered one even
    without), looking into the lists of items that are not items."""
    found: list[Found] = []
    for item in block.children:
        if item.kind != "li":
            continue
        if _holds_link(item) or block.ordered:
            found.append(Found("li", [item], list(chain), ordered=block.ordered, start=item.start))
        else:
            for inner in item.children:
                if inner.kind == "list":
                    found.extend(find(inner, chain))
    return found


def _bold_label(item: Block) -> bool:
    """Whether a list item starts with a bold label and a colon (`**时间**：…`, `**时间：**…`)."""
    first = next((block for block in item.children if block.kind == "p"), None)
    if first is None or not first.inline:
        return False
    tokens = first.inline
    if tokens[0] != ("s", True):
        return False
    try:
        close = tokens.index(("s", False))
    except ValueError:
        return False
    label = plain(tokens[1:close])
    if label.endswith((":", "：")):
        return bool(label[:-1].strip())
    return bool(label) and _LABEL_COLON.match(plain(tokens[close + 1 :]) or "") is not None


def is_fields(block: Block) -> bool:
    """A bullet list of bold-label fields (`- **时间**：…`) of which at most one holds a story link."""
    items = [item for item in block.children if item.kind == "li"]
    if block.ordered or not items or not all(_bold_label(item) for item in items):
        return False
    return sum(1 for item in items if _holds_link(item)) <= 1
