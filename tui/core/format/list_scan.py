"""Find the items of a digest: the entries of its top-level ordered lists, as CommonMark says.

A fast line scanner handles the usual layout; on anything it is not sure of (lazy continuation
lines, tabs, block quotes, fences, HTML or bullet lists outside items, indented markers) it hands
the body to markdown-it-py, the reference. A differential test keeps the two in agreement.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_MARKER_RE = re.compile(r"([0-9]{1,9})([.)])( *)(.*)\Z", re.DOTALL)
_HEADING_RE = re.compile(r"#{1,6}(?:[ \t]|\Z)")
_BREAK_RE = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})\Z")
_SETEXT_RE = re.compile(r"=+[ \t]*\Z")
_ENUMERATED_RE = re.compile(r"\d{1,4}[、．]|[・•]")
"""What starts an enumerated paragraph (`layouts.enumerated`)."""
_BAIL_FIRST = frozenset(">`~<[|")
_BULLETS = frozenset("-+*")


class ItemSpan(NamedTuple):
    """Where one item sits in the body's lines."""

    start: int
    """Line of the item's marker."""
    end: int
    """One past the item's last non-blank line."""
    marker: int
    """The number written in the marker."""
    delimiter: str
    """`.` or `)`."""
    indent: int
    """Column where the item's content starts."""


class _Bail(Exception):
    """The scanner is not sure: use markdown-it-py."""


def _is_blank(line: str) -> bool:
    return not line.strip(" \t")


def _scan(lines: list[str], outside: list[tuple[int, str]] | None = None, title_only: bool = False) -> list[ItemSpan]:
    """The items of the top-level ordered lists. `outside`, when given, gets (line, what) for
    each heading (`#`, `##`…), setext underline (`setext`) and `1、` paragraph (`enum`) outside them.
    With `title_only` it bails at the first of those that is not one `#`/`##` heading before
    the first item (the main layout's fast path takes no other)."""
    spans: list[ItemSpan] = []
    in_item = False
    width = 0
    start = marker = 0
    delim = "."
    last = 0
    prev_blank = True
    para_open = False

    def close() -> None:
        spans.append(ItemSpan(start, last + 1, marker, delim, width))

    for index, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped or (stripped[0] == "\t" and not stripped.strip(" \t")):
            prev_blank = True
            para_open = False
            continue
        indent = len(line) - len(stripped)
        if stripped[0] == "\t":
            raise _Bail
        if in_item and indent >= width:
            last = index
            prev_blank = False
            continue
        match = _MARKER_RE.match(stripped) if indent <= 3 else None
        if match is not None:
            spaces, rest = len(match.group(3)), match.group(4)
            if spaces == 0 and rest and rest[0] != "\t":
                match = None  # "1.5 million": not a marker
            elif indent or spaces == 0 or spaces >= 5 or _is_blank(rest) or rest[0] == "\t":
                raise _Bail
        if match is not None:
            number = int(match.group(1))
            if in_item or not para_open or number == 1:
                if in_item:
                    close()
                in_item = True
                start = last = index
                marker, delim = number, match.group(2)
                width = len(match.group(1)) + 1 + len(match.group(3))
                prev_blank = False
                para_open = False
                continue
        if in_item:
            if not prev_blank:
                raise _Bail  # a lazy continuation line, or something that may end the item
            close()
            in_item = False
        prev_blank = False
        if indent >= 4:
            continue  # paragraph continuation or indented code: neither starts a list
        first = stripped[0]
        if first in _BAIL_FIRST or (first in _BULLETS and (len(stripped) == 1 or stripped[1] in " \t")):
            raise _Bail
        heading = _HEADING_RE.match(stripped)
        if heading or _BREAK_RE.match(stripped) or (para_open and _SETEXT_RE.match(stripped)):
            if outside is not None:
                what = stripped[: heading.end()].rstrip() if heading else "setext" if para_open and first in "-=" else None
                if what is not None:
                    outside.append((index, what))
                    if title_only and (spans or len(outside) > 1 or what not in ("#", "##")):
                        raise _Bail
            para_open = False
        else:
            if outside is not None and not para_open and (first.isdigit() or first in "・•") and _ENUMERATED_RE.match(stripped):
                outside.append((index, "enum"))
                if title_only:
                    raise _Bail
            para_open = True
    if in_item:
        close()
    return spans


_MD = None


def reference_spans(lines: list[str]) -> list[ItemSpan]:
    """The items markdown-it-py (CommonMark) finds: the reference the scanner must agree with."""
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        _MD = MarkdownIt("commonmark").disable(["inline", "text_join"], ignoreInvalid=True)
    tokens = _MD.parse("\n".join(lines))
    spans: list[ItemSpan] = []
    depth = 0
    for token in tokens:
        if token.type == "ordered_list_open" and token.level == 0:
            depth = 1
        elif token.type == "ordered_list_close" and token.level == 0:
            depth = 0
        elif depth and token.type == "list_item_open" and token.level == 1 and token.map:
            begin, stop = token.map
            while stop > begin + 1 and _is_blank(lines[stop - 1]):
                stop -= 1
            line = lines[begin].expandtabs(4)
            body = line.lstrip(" ")
            numbers = re.match(r"[0-9]+[.)]", body)
            width = len(line) - len(body) + (numbers.end() if numbers else 2)
            after = line[width:]
            spaces = len(after) - len(after.lstrip(" "))
            width += 1 if spaces >= 5 or _is_blank(after) else spaces
            marker = int(token.info) if token.info.isdigit() else len(spans) + 1
            spans.append(ItemSpan(begin, stop, marker, token.markup or ".", width))
    return spans


def item_spans(lines: list[str]) -> tuple[list[ItemSpan], bool]:
    """The items of a body, and whether the fast scanner (not markdown-it-py) found them."""
    try:
        return _scan(lines), True
    except _Bail:
        return reference_spans(lines), False


def item_lines(lines: list[str], span: ItemSpan, end: int | None = None) -> list[str]:
    """An item's content lines (up to `end`, if given) with the marker and indentation taken off."""
    width = span.indent
    first = lines[span.start]
    out = [(first.expandtabs(4) if "\t" in first else first)[width:]]
    for line in lines[span.start + 1 : span.end if end is None else end]:
        if "\t" in line[: width + 1]:
            line = line.expandtabs(4)
        if line[:width].strip(" ") == "":
            out.append(line[width:])
        else:
            out.append(line.lstrip(" \t"))
    return out
