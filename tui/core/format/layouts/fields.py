"""An item's link, headline and author (FORMAT.md 3b, "Link, headline, author, section")."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from tui.core.format.inline import (
    Token,
    cut_headline,
    image_alt,
    is_story_url,
    only_image,
    plain,
    story_links,
    without_number,
)
from tui.core.format.item_text import split_author
from tui.core.format.layouts.found import Found
from tui.core.format.layouts.tree import Block

SOURCE_WORDS = frozenset({"消息来源", "来源", "原文", "阅读原文", "source", "via", "link"})
"""A link whose whole text is one of these (any case) is the item's link."""
_LONGEST_SOURCE_WORD = max(map(len, SOURCE_WORDS))

_TAG = re.compile(r"\[[^\[\]]*\]")
_NUMBER = re.compile(r"\A(?:\d{1,4}\s*(?:[.)．](?!\d)|、)|[・•])")
_ENDS = frozenset(".。!！?？;；")
_ENDS_AFTER_SPACE = frozenset("-–—:：|｜([（【「《")
_SENTENCE = re.compile(r"[。！？]|[.!?](?=\s|\Z)")
_COLON = re.compile(r"：|: ")
_OPENING = "(（[【「《"
_CLOSING = ")）]】」》"
MAX_LEAD = 40


class Fields(NamedTuple):
    """What an item's text says."""

    headline: str
    author: str | None
    """The author suffix of a leading link (ordered-list items and numbered headings only)."""
    url: str | None
    drop: str
    """What of the item's text its summary leaves out: `paragraph` (the first paragraph is only
    the headline), `line` (the first line is only the headline's leading link) or nothing."""


def _skippable(text: str) -> bool:
    """Text that may stand before a leading link: spaces, a number, emoji, `[video]`-style tags."""
    first = text[:1]
    if first and not first.isspace():  # (the common case: words, decided at once, without a copy)
        if not (first.isdigit() or first in "[・•" or _emoji(first)):
            return False
    else:
        text = text.strip()
        if not text:
            return True
        first = text[0]
        if not (first.isdigit() or first in "[・•" or _emoji(first)):
            return False
    rest = _NUMBER.sub("", text, count=1)
    after = rest.lstrip()[:1]
    if not after:
        return True  # (`2. `: a number alone)
    if after != "[" and not _emoji(after):  # (`1、一家…`: words after the number, which no tag removal takes)
        return False
    rest = _TAG.sub("", rest)
    return all(ch.isspace() or _emoji(ch) for ch in rest)


def _emoji(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk", "Cf", "Mn") or char in "\ufe0f\u200d"


def leading_link(tokens: list[Token]) -> tuple[int, int] | None:
    """(start, end) indexes of the link the tokens start with, after an optional number, bold,
    emoji and `[tag]` / `**[tag]**` tags, in any order; None when they start otherwise."""
    for index, token in enumerate(tokens):
        kind = token[0]
        if kind == "l":
            end = _link_end(tokens, index)
            if end is None or only_image(tokens, index, end):
                return None
            return index, end
        if kind in ("s", "e", "b"):
            continue
        if kind == "t" and _skippable(token[1]):
            continue
        return None
    return None


def _link_end(tokens: list[Token], begin: int) -> int | None:
    """The index of the end of the link at `begin` (links inside it paired off), None if none."""
    depth = 0
    for index in range(begin + 1, len(tokens)):
        kind = tokens[index][0]
        if kind == "l":
            depth += 1
        elif kind == "/l":
            if not depth:
                return index
            depth -= 1
    return None


def _ends_sentence(tokens: list[Token], after: int) -> bool:
    """Whether what follows a leading link ends its sentence (FORMAT.md 3b)."""
    if after + 1 >= len(tokens) or tokens[after + 1][0] == "b":
        return True  # (nothing follows on its line)
    following = tokens[after + 1]
    if following[0] == "t":  # (the common case, decided by the text's first character, as below)
        line = following[1].replace("**", "").replace("__", "").partition("\n")[0].lstrip()
        if line:
            return line[0] in _ENDS or line[0] in _ENDS_AFTER_SPACE
    rest: list[Token] = []
    for token in tokens[after + 1 :]:
        if token[0] == "b":
            break
        rest.append(token)
    text = plain(rest, lines=True)
    if not text or text[0] in _ENDS:
        return True
    text = text.lstrip(" \t")
    return not text or text[0] in _ENDS or text[0] in _ENDS_AFTER_SPACE or text[0] == "\n"


def _bracketed(name: str) -> bool:
    return len(name) >= 2 and name[0] in _OPENING and name[-1] in _CLOSING


def _bold_lead(tokens: list[Token]) -> str | None:
    """The bold text the tokens start with (after an optional number)."""
    index = 0
    if tokens and tokens[0][0] == "t" and not tokens[0][1].strip(" \t0123456789.)、．０１２３４５６７８９・•"):
        index = 1
    if index >= len(tokens) or tokens[index] != ("s", True):
        return None
    try:
        close = tokens.index(("s", False), index)
    except ValueError:
        return None
    lead = without_number(plain(tokens[index + 1 : close])).rstrip(":：").strip()
    return lead or None


def first_sentence(text: str) -> str:
    """Up to and including the first `。！？`, or `.!?` before a space or the end (a `.` that
    ends an abbreviation, `U.S.`, `e.g.`, `Dr.`, `vs.`, ends no sentence)."""
    end = _sentence_end(text, len(text))
    return text[:end] if end is not None else text


def _sentence_end(text: str, stop: int) -> int | None:
    """Where the first sentence ends, looking before `stop` (None: not there)."""
    for match in _SENTENCE.finditer(text, 0, stop):
        if match.group() == "." and _abbreviation(text, match.start()):
            continue
        return match.end()
    return None


_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "v", "inc", "ltd", "co", "corp", "approx",
    "fig", "al", "gov", "sen", "rep", "dept", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
})
"""Words shortened with a `.` in English headlines (`Dr. Li`, `Nvidia vs. AMD`, `Apple Inc. posts`), any case."""
_CAPITAL_ABBREVIATIONS = frozenset({"No", "Nos"})
"""Shortened only when capitalised (`No. 1`; `the answer is no.` ends a sentence)."""
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]\Z")
"""`U.S`, `e.g`, `J` (before their last `.`): letters one by one."""


def _abbreviation(text: str, dot: int) -> bool:
    """Whether the `.` at `dot` ends an abbreviation rather than a sentence."""
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(（[“\"'":
        start -= 1
    word = text[start:dot]
    return bool(word) and (word.casefold() in _ABBREVIATIONS or word in _CAPITAL_ABBREVIATIONS
                           or _INITIALS.match(word) is not None)


def read(found: Found, drop_wanted: bool = True) -> Fields:
    """The link, headline and author of a found item (and what its summary leaves out, unless
    `drop_wanted` is false: indexing, where the summary is not cut out)."""
    block = found.lead_block()
    lead = block.inline if block is not None else []
    may_suffix = found.ordered or found.numbered_heading
    url: str | None = None
    leading = leading_link(lead)
    if leading is not None:
        candidate = lead[leading[0]][1].strip()
        if is_story_url(candidate) or (may_suffix and candidate and not candidate.startswith("#")):
            url = candidate
        else:
            leading = None
    if url is None:
        url = _link_of(found)
    headline = ""
    author: str | None = None
    drop = ""
    whole = False
    """The headline is an ordered-list item's leading link: the main layout's (FORMAT.md 3), kept
    whole as the line scanner keeps it, not cut at 80 characters."""
    if leading is not None and _ends_sentence(lead, leading[1]):
        text = plain(lead[leading[0] + 1 : leading[1]])
        if may_suffix:
            head, suffix = split_author(text)
            if suffix is not None and not _bracketed(suffix):
                text, author = head, suffix
        headline = text
        whole = found.ordered and bool(text.strip())
        if drop_wanted:
            drop = _drop_after_link(lead[leading[1] + 1 :])
    if not headline and leading is not None and leading[0] > 0 and found.kind != "heading":
        # The sentence goes on after the leading link: what stands before the link (tags, a
        # `**[产品]**` label, emoji, a number, a task box) is no part of the headline.
        rest = lead[leading[0] :]
        text = without_number(plain(rest))
        headline = _lead_of(text, rest) or first_sentence(without_number(plain(_source_links_out(rest))))
        if drop_wanted and text.strip() == headline.strip():
            drop = "paragraph"  # (the paragraph, but for what stood before the link, is the headline)
    if not headline and found.kind == "heading":
        headline = found.blocks[0].plain()
    first: Block | None = None
    if not headline:
        first, first_text = _first_text(found)
        headline = (_lead_of(first_text, first.inline) if first is not None else None) or ""
    if not headline and found.only_under_numbered:
        headline = found.only_under_numbered
    if not headline:
        headline = first_sentence(_without_source_links(first)) if first is not None else ""
        lead_text = block.plain() if block is not None and drop_wanted else ""
        if drop_wanted and without_number(lead_text).strip() == without_number(headline).strip():
            drop = "paragraph"  # (the whole first paragraph is the headline)
    if not headline:
        headline = image_alt(lead)  # (an item that is only an image, or an image link: its alt text)
    headline = without_number(headline).strip()
    return Fields(headline if whole else cut_headline(headline), author, url, drop)


def _drop_after_link(rest: list[Token]) -> str:
    """What the summary leaves out when the headline is a leading link and `rest` follows it."""
    if not plain(rest).strip(" *"):
        return "paragraph"
    if rest and rest[0] == ("b",) or (len(rest) > 1 and rest[0] in (("s", False), ("e", False)) and rest[1] == ("b",)):
        return "line"
    return ""


def _source_links_out(tokens: list[Token]) -> list[Token]:
    """The tokens without their story links whose whole text is a source word (`[来源](…)`,
    `[Source](…)`): such a link names where the story is, it is no part of its sentence."""
    cut = [(begin, end) for begin, end, _url in story_links(tokens) if _is_source_word(tokens, begin, end)]
    if not cut:
        return tokens
    kept: list[Token] = []
    at = 0
    for begin, end in sorted(cut):
        if begin >= at:
            kept.extend(tokens[at:begin])
            at = end + 1
    kept.extend(tokens[at:])
    return kept


def _without_source_links(block: Block) -> str:
    """A block's plain text, its source-word links left out (`_source_links_out`)."""
    tokens = block.inline
    if not any(_is_source_word(tokens, begin, end) for begin, end, _url in block.story_links()):
        return block.plain()
    return _SPACE_BEFORE_STOP.sub("", plain(_source_links_out(tokens)))


_SPACE_BEFORE_STOP = re.compile(r" (?=[。！？；，、])")
"""A space a link left out leaves before CJK punctuation (`正确 [来源](…)。`)."""


def _is_source_word(tokens: list[Token], begin: int, end: int) -> bool:
    """Whether the link between these token indexes has a source word for its whole text."""
    if end == begin + 2 and tokens[begin + 1][0] == "t":
        text = tokens[begin + 1][1]
        if "**" not in text and "__" not in text:  # (then its plain text is it with its spaces folded: no source word has any)
            text = text.strip()  # (casefolding makes nothing shorter: a longer text is no source word)
            return len(text) <= _LONGEST_SOURCE_WORD and text.casefold() in SOURCE_WORDS
    return plain(tokens[begin + 1 : end]).strip().casefold() in SOURCE_WORDS


def _link_of(found: Found) -> str | None:
    """The first story link whose whole text is a source word, else the first story link."""
    first: str | None = None
    for block in found.parts():
        tokens = block.inline
        for begin, end, url in block.story_links():
            if first is None:
                first = url
            if _is_source_word(tokens, begin, end):
                return url
    return first


def _first_text(found: Found) -> tuple[Block | None, str]:
    """The item's first paragraph or heading with text, and that text without a number (its
    bold lead, or what stands before an early colon, is the headline: `_lead_of`; else its
    first sentence)."""
    for block in found.parts():
        text = without_number(block.plain())
        if text:
            return block, text
    return None, ""


def _lead_of(text: str, tokens: list[Token]) -> str | None:
    """The bold lead these tokens start with, or the text before the first `：`/`: ` within the
    first sentence, when at most 40 characters (`text`: their plain text, without a number)."""
    bold = _bold_lead(tokens)
    if bold is not None and len(bold) <= MAX_LEAD:
        return bold
    colon = _COLON.search(text, 0, MAX_LEAD + 2)  # (the first colon; only one this early counts)
    if colon is None or not 0 < colon.start() <= MAX_LEAD or _sentence_end(text, colon.end()) is not None:
        return None  # (no colon, a late one, or one after the first sentence's end)
    return text[: colon.start()].strip()
