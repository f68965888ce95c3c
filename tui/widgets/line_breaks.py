"""Where a paragraph's lines break: Textual's word wrap, with two rules of CJK typesetting: a
line may break between any two CJK characters, and closing punctuation stays off the start of a
line and opening brackets off its end (kinsoku).

A run of CJK text has no spaces. The word wrap took all of it up to the next space as one word
and, when it fit on a line of its own, moved it there whole: `跑起了 3B` then ended a line left
mostly empty, `量化模型，…` beginning the next. Here each CJK character is a word of its own. And
where `。` or `，` would start a line, the break moves back a character or two (the character
before the punctuation goes down with it), and the rest of the paragraph is wrapped again from
there. Text without CJK is wrapped exactly as `Content.wrap` wraps it.
"""

from __future__ import annotations

import re

from rich._loop import loop_last
from rich.cells import cell_len, chop_cells
from textual.content import Content

NO_START = frozenset("、。，．：；？！）」』】〕〉》〗〙〟’”…‥・ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ％")
"""Characters that may not start a line (closing punctuation, small kana, iteration marks)."""
NO_END = frozenset("（「『【〔〈《〖〘〝‘“")
"""Characters that may not end a line (opening brackets and quotes)."""
_CJK = "\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3200-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
"""CJK ideographs, kana, bopomofo, their punctuation and fullwidth forms (Hangul is written with
spaces between words, and wraps at them)."""
_NEEDS_RULE = re.compile("[" + _CJK + re.escape("".join(sorted(NO_START | NO_END))) + "]")
_WORD = re.compile(rf"\s*(?:[{_CJK}]|[^\s{_CJK}]+)\s*")
"""A word as the wrap takes it, with the spaces after it: a run of other characters, or one CJK
character (a line may break before any)."""
WINDOW = 4000
"""Characters wrapped at a time (a paragraph is most often shorter: wrapped at once)."""
MOST_MOVED = 3
"""At most this many characters go down to the next line for one break (then it stays)."""


def wrap(content: Content, width: int) -> list[Content]:
    """The content's lines at `width` (cells), as `content.wrap(width)` gives them, breaks moved
    where CJK punctuation would start or end a line."""
    if _NEEDS_RULE.search(content.plain) is None:
        return content.wrap(width)
    lines: list[Content] = []
    for part in content.split("\n", allow_blank=True):
        plain = part.plain
        if "\t" in plain or _NEEDS_RULE.search(plain) is None:
            lines.extend(part.wrap(width) or [part])
            continue
        pieces = part.divide(line_breaks(plain, width))
        # (each line finished as Content.wrap finishes it)
        lines.extend(piece.rstrip().truncate(width).rstrip_end(width) for piece in pieces[:-1])
        lines.append(pieces[-1].truncate(width).rstrip_end(width))
    return lines


def line_breaks(text: str, width: int) -> list[int]:
    """Where the lines of one line of text break at `width` (offsets in `text`, as `divide_line`
    gives them), no line starting with a NO_START character or ending with a NO_END one when a
    character or a few going down avoid it. The text is wrapped a window at a time (a paragraph
    of 100,000 characters costs what its lines cost, not their square)."""
    width = max(1, width)
    far = window = max(WINDOW, width * 8)
    near = max(256, width * 16)
    """After a moved break: the next lines (the rest of the paragraph often moves again)."""
    found: list[int] = []
    start = 0
    length = len(text)
    while start < length:
        end = min(length, start + window)
        breaks = [start + at for at in divide_line(text[start:end], width)]  # (CJK: each character a word)
        if end < length:
            breaks = breaks[:-1]  # (the window's cut may have moved its last break)
            while breaks and text[breaks[-1]].isspace():
                breaks.pop()  # (the next window starts on a word, as the whole text's wrap would see it)
            if not breaks:
                window *= 2
                continue
        moved = False
        for at in breaks:
            line_start = found[-1] if found else 0
            better = _moved_back(text, line_start, at)
            found.append(better)
            if better != at:
                moved = True  # (the next line starts earlier: wrap again from there)
                break
        if not moved and end >= length:
            break
        start = found[-1]
        window = near if moved else far
    return found


def _moved_back(text: str, line_start: int, at: int) -> int:
    """A break at `at`, moved back while the next line would start with a NO_START character or
    this one end with a NO_END one, keeping at least one character on this line."""
    best = at
    for _ in range(MOST_MOVED):
        if best - 1 <= line_start or text[best - 1].isspace():
            break
        if text[best] in NO_START or text[best - 1] in NO_END:
            best -= 1
        else:
            return best
    return best if text[best] not in NO_START and text[best - 1] not in NO_END else at


def divide_line(text: str, width: int) -> list[int]:
    """Rich's `divide_line` (what `Content.wrap` uses: a word that fits on the next line goes there
    whole, one longer than a line is folded), a CJK character being a word of its own."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
        elif length > width:
            for last, line in loop_last(chop_cells(word, width=width)):
                if start:
                    breaks.append(start)
                if last:
                    offset = cell_len(line)
                else:
                    start += len(line)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks
