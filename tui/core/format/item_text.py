"""An item's headline, link, author suffix and summary, from its content lines."""

from __future__ import annotations

import re
from typing import NamedTuple

SEPARATORS = (" - ", " – ", " — ")
"""An author suffix follows the last of these in the link text."""

_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SPACE_RE = re.compile(r"\s+")
_WRAP_RE = re.compile(r"\A(\*\*|__)")


class ItemText(NamedTuple):
    """What an item's text says."""

    headline: str
    author: str | None
    url: str | None
    summary: str


def _match_bracket(text: str, start: int, opening: str, closing: str) -> int:
    """Index of the bracket closing the one at `start`, or -1 (backslash escapes honoured)."""
    depth = 0
    index = start
    length = len(text)
    while index < length:
        ch = text[index]
        if ch == "\\":
            index += 2
            continue
        if ch == opening:
            depth += 1
        elif ch == closing:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


_SIMPLE_LINK_RE = re.compile(r"\[([^\[\]\\]*)\]\(([^()\s<>\\]*)\)")


def parse_link(text: str) -> tuple[str, str, int] | None:
    """`[label](destination "title")` at the start of `text`: label, destination, end index."""
    if not text.startswith("["):
        return None
    simple = _SIMPLE_LINK_RE.match(text)
    if simple is not None:
        return simple.group(1), simple.group(2), simple.end()
    close = _match_bracket(text, 0, "[", "]")
    if close < 0 or close + 1 >= len(text) or text[close + 1] != "(":
        return None
    label = text[1:close]
    pos = close + 2
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    if pos < len(text) and text[pos] == "<":
        end = text.find(">", pos)
        if end < 0:
            return None
        url = text[pos + 1 : end]
        finish = text.find(")", end)
    else:
        finish = _match_bracket("(" + text[pos:], 0, "(", ")")
        if finish < 0:
            return None
        inner = text[pos : pos + finish - 1]
        url = inner.split()[0] if inner.split() else ""
        finish = pos + finish - 1
    if finish < 0:
        return None
    return label, url, finish + 1


_NEEDS_CLEAN = re.compile(r"\\|[^\S ]|  ")


def clean(text: str) -> str:
    """Markdown escapes undone and whitespace folded: how a headline reads."""
    if _NEEDS_CLEAN.search(text) is None:
        return text.strip()
    return _SPACE_RE.sub(" ", _ESCAPE_RE.sub(r"\1", text)).strip()


def split_author(text: str) -> tuple[str, str | None]:
    """`Headline - Author` → (headline, author); the part after the last separator is the author."""
    position, width = -1, 0
    for separator in SEPARATORS:
        found = text.rfind(separator)
        if found > position:
            position, width = found, len(separator)
    if position <= 0:
        return text, None
    headline, author = text[:position].strip(), text[position + width :].strip()
    if not headline or not author:
        return text, None
    return headline, author


def _strip_wrap(line: str) -> str:
    line = line.strip()
    for mark in ("**", "__"):
        if line.startswith(mark) and line.endswith(mark) and len(line) > 4:
            return line[2:-2].strip()
    return line


def _join(lines: list[str]) -> str:
    """Lines joined, without blank lines at either end or trailing spaces, and without the one to
    three spaces every line starts with (`9. [..](..)` over a summary indented by four: a space
    more than the item's text, which CommonMark ignores; four would be code, and stay)."""
    start, stop = 0, len(lines)
    while start < stop and not lines[start].strip():
        start += 1
    while stop > start and not lines[stop - 1].strip():
        stop -= 1
    kept = lines[start:stop]
    if kept and kept[0][:1] == " ":
        cut = min(len(line) - len(line.lstrip(" ")) for line in kept if line.strip())
        if cut <= 3:
            kept = [line[cut:] for line in kept]
    return "\n".join(line.rstrip() for line in kept)


def _opening(content: list[str]) -> tuple[tuple[str, str, int] | None, str, str]:
    """An item's first paragraph read: (its link: label, url, end; None when it has none, the
    headline then being its first line; that first line; the summary)."""
    first_end = 0
    while first_end < len(content) and content[first_end].strip(" \t"):
        first_end += 1
    paragraph = "\n".join(content[:first_end]).strip()
    rest_lines = content[first_end:]
    wrap = _WRAP_RE.match(paragraph)
    target = paragraph[wrap.end() :] if wrap else paragraph
    link = parse_link(target)
    if link is not None:
        after = target[link[2] :]
        if wrap and after.startswith(wrap.group(1)):
            after = after[len(wrap.group(1)) :]
        return link, "", _join(([after.strip()] if after.strip() else []) + rest_lines)
    first_line, _, remainder = paragraph.partition("\n")
    return None, first_line, _join(remainder.split("\n") + rest_lines)


def summary_text(content: list[str]) -> str:
    """`item_text(content).summary` without reading the headline and author (summaries are
    cut out of files many at a time)."""
    return _opening(content)[2]


def item_text(content: list[str]) -> ItemText:
    """Read an item's content lines (marker and indentation already removed)."""
    link, first_line, summary = _opening(content)
    if link is not None:
        label, url, _end = link
        headline, author = split_author(clean(_strip_wrap(label)))
        return ItemText(headline or clean(label), author, url.strip() or None, summary)
    return ItemText(clean(_strip_wrap(first_line)), None, None, summary)
