"""The main layout's fast path: when a body is plainly a numbered list of linked headlines
(FORMAT.md 3), the line scanner's items are taken as they are; otherwise (None) the block
reader decides. A test holds the two to the same items on every main-layout body.

Plainly the main layout: the scanner is sure of the body; every item's first line is one link
whose text and target read the same as plain text and as Markdown; no heading but at most
one title heading before the first item; no setext underline and no `1、` paragraph outside
the items.
"""

from __future__ import annotations

import re

from tui.core.format.item_text import clean, parse_link, split_author
from tui.core.format.list_scan import ItemSpan, _Bail, _scan

_NOT_PLAIN = re.compile(r"[*_`<>&\\\[\]!~]|://")
"""Link text that Markdown might read otherwise than as plain text."""
_ENTITY = re.compile(r"&[#A-Za-z0-9]+;|\\")
_ODD_IN_TARGET = re.compile(r"[\s\x00-\x1f\x7f]")
"""What CommonMark may read otherwise than `parse_link` (Python's whitespace) in a link target: an
ASCII control ends it (so there is no link), a no-break or other Unicode space is part of it, a
space must be followed by a quoted title."""
_OPENING = "(（[【「《"
_CLOSING = (")", "）", "]", "】", "」", "》")


def spans(body: list[str]) -> tuple[list[ItemSpan], int | None] | None:
    """(the items, the line of the title heading or None) when the body is plainly the main
    layout; None when the block reader must decide."""
    outside: list[tuple[int, str]] = []
    try:
        found = _scan(body, outside, title_only=True)
    except _Bail:
        return None
    if not found:
        return None
    title: int | None = None
    for index, what in outside:
        if what in ("#", "##") and title is None and index < found[0].start:
            title = index
        else:
            return None  # a second heading, one after the first item, a setext heading, a `1、` paragraph
    for span in found:
        if not _plain_lead(body, span):
            return None
    return found, title


_SIMPLE_LEAD = re.compile(r"(\*\*)?\[([^\[\]\\*_`<>&!~\n]+)\]\(([^()\s<>\\&\x00-\x1f\x7f]+)\)(\*\*)?")
"""The usual first line: one link, its text and target nothing Markdown would read otherwise."""


def _plain_lead(body: list[str], span: ItemSpan) -> bool:
    """Whether an item's first line is one link that reads the same as plain text."""
    first = body[span.start][span.indent :].strip()
    simple = _SIMPLE_LEAD.fullmatch(first)
    if simple is not None and bool(simple.group(1)) == bool(simple.group(4)) and "://" not in simple.group(2):
        label = simple.group(2)
        if simple.group(1) and span.end > span.start + 1 and body[span.start + 1].strip():
            return False  # (the bold would run on into the next line)
        return label.strip() != "" and not (label.rstrip().endswith(_CLOSING) and _bracketed_author(label))
    wrapped = first.startswith("**")
    target = first[2:] if wrapped else first
    link = parse_link(target)
    if link is None:
        return False
    label, url, end = link
    if target[end:].strip() != ("**" if wrapped else "") or _ODD_IN_TARGET.search(target, len(label) + 3, end - 1):
        return False
    if wrapped and span.end > span.start + 1 and body[span.start + 1].strip():
        return False  # (the bold would run on into the next line)
    url = url.strip()
    if not url or " " in url or _ENTITY.search(url) or _NOT_PLAIN.search(label) is not None or not label.strip():
        return False
    return not (label.rstrip().endswith(_CLOSING) and _bracketed_author(label))


def _bracketed_author(label: str) -> bool:
    """A bracketed "name" after the separator is no author: the block reader says so."""
    _headline, author = split_author(clean(label))
    return author is not None and author[0] in _OPENING and author[-1] in _CLOSING
