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
from tui.core.format.list_scan import ItemSpan, _Bail, _scan, item_lines

_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|\Z)")
_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*\Z")
_ENUMERATED = re.compile(r" {0,3}\d{1,4}、")
_NOT_PLAIN = re.compile(r"[*_`<>&\\\[\]!~]|://")
"""Link text that Markdown might read otherwise than as plain text."""
_ENTITY = re.compile(r"&[#A-Za-z0-9]+;|\\")


def spans(body: list[str]) -> tuple[list[ItemSpan], int | None] | None:
    """(the items, the line of the title heading or None) when the body is plainly the main
    layout; None when the block reader must decide."""
    try:
        found = _scan(body)
    except _Bail:
        return None
    if not found:
        return None
    inside = bytearray(len(body))
    for span in found:
        inside[span.start : span.end] = b"\x01" * (span.end - span.start)
    title: int | None = None
    previous = ""
    for index, line in enumerate(body):
        if inside[index]:
            previous = line
            continue
        heading = _HEADING.match(line)
        if heading is not None:
            if title is not None or index > found[0].start or len(heading.group(1)) > 2:
                return None
            title = index
        elif (_UNDERLINE.match(line) and previous.strip()) or _ENUMERATED.match(line):
            return None
        previous = line
    for span in found:
        if not _plain_lead(item_lines(body, span, _first_paragraph_end(body, span))):
            return None
    return found, title


def _first_paragraph_end(body: list[str], span: ItemSpan) -> int:
    end = span.start + 1
    while end < span.end and body[end].strip(" \t"):
        end += 1
    return end


def _plain_lead(lines: list[str]) -> bool:
    """Whether an item's first line is one link that reads the same as plain text."""
    first = lines[0].strip() if lines else ""
    wrapped = first.startswith("**")
    target = first[2:] if wrapped else first
    link = parse_link(target)
    if link is None:
        return False
    label, url, end = link
    if target[end:].strip() != ("**" if wrapped else ""):
        return False
    if wrapped and len(lines) > 1 and "".join(lines[1:]).strip():
        return False  # (the bold would run on into the next lines)
    url = url.strip()
    _headline, author = split_author(clean(label))
    if author is not None and author[0] in "(（[【「《" and author[-1] in ")）]】」》":
        return False  # (a bracketed "name" is no author: the block reader says so)
    return bool(url) and " " not in url and not _ENTITY.search(url) and _NOT_PLAIN.search(label) is None and bool(label.strip())
