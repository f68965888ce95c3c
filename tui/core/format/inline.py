"""Inline content (see `tree.py` for the tokens): bare URLs, story links, and plain text.

FORMAT.md 3b: a story link is an `http(s)` link (inline, reference, autolink or a bare URL in
text), not an image nor a link holding only an image, not an in-page `#anchor`; a bare URL ends
where linkify ends it, or earlier at the first CJK character or full-width punctuation.
Headlines are plain text: inline Markdown and HTML rendered, whitespace folded, no stray `**`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

Token = tuple[Any, ...]
"""One inline token (the table in `tree.py` says which)."""

_LINKIFY: Any = None

_CJK = ("[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31bf\u31f0-\u31ff"
        "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]")
"""Where a bare URL stops at the latest: Han, kana, Hangul, Bopomofo, CJK and full-width punctuation."""


@cache
def _cjk_stop() -> re.Pattern[str]:
    """`_CJK` compiled when first needed (3.5 ms: not on the way to the reader's first frame)."""
    return re.compile(_CJK)

HTML_ELEMENTS = frozenset("""
a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col
colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1
h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu
meta meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp
script search section select slot small source span strong style sub summary sup table tbody td template
textarea tfoot th thead time title tr track u ul var video wbr center font big strike tt marquee nobr
""".split())  # noqa: SIM905 - a word list reads better so
"""Tag names that are HTML (dropped from text); anything else that looks like a tag (`Vec<T>`) is text."""

_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_LINE_TAGS = frozenset({"br", "p", "div", "li", "tr", "hr"})
_IMG_TAG = re.compile(r"<img(?=[\s/>])", re.IGNORECASE)


def _linkify() -> Any:
    global _LINKIFY
    if _LINKIFY is None:
        from linkify_it import LinkifyIt

        _LINKIFY = LinkifyIt(options={"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
    return _LINKIFY


def cut_bare_url(url: str) -> str:
    """A bare URL as far as it goes: up to the first CJK character or full-width punctuation."""
    stop = _cjk_stop().search(url)
    return url[: stop.start()] if stop else url


def merge_text(tokens: list[Token]) -> list[Token]:
    """Adjacent text tokens as one, empty ones dropped."""
    merged: list[Token] = []
    for token in tokens:
        if token[0] == "t":
            if not token[1]:
                continue
            if merged and merged[-1][0] == "t":
                merged[-1] = ("t", merged[-1][1] + token[1])
                continue
        merged.append(token)
    return merged


def bare_links(tokens: list[Token]) -> list[Token]:
    """Text outside links with `http(s)://` URLs in it, the URLs made links (kind `bare`)."""
    if not any(token[0] == "t" and "://" in token[1] for token in tokens):
        return tokens
    out: list[Token] = []
    depth = 0
    for token in tokens:
        kind = token[0]
        if kind in ("l", "i"):
            depth += 1
        elif kind in ("/l", "/i"):
            depth -= 1
        if kind != "t" or depth or "://" not in token[1]:
            out.append(token)
            continue
        out.extend(_split_urls(token[1]))
    return out


def _split_urls(text: str) -> Iterator[Token]:
    matches = _linkify().match(text) or []
    at = 0
    for match in matches:
        if match.schema.lower() not in ("http:", "https:") or match.index < at:
            continue
        url = cut_bare_url(match.raw)
        if not url.lower().startswith(("http://", "https://")) or len(url) <= len(match.schema) + 2:
            continue
        if match.index > at:
            yield ("t", text[at : match.index])
        yield ("l", url, "bare")
        yield ("t", url)
        yield ("/l",)
        at = match.index + len(url)
    if at < len(text):
        yield ("t", text[at:])


# -- links -----------------------------------------------------------------------------------

def is_story_url(url: str) -> bool:
    """An `http(s)` link to somewhere (not an in-page anchor, not empty)."""
    url = url.strip()
    return url.lower().startswith(("http://", "https://")) and len(url) > 8


def only_image(tokens: list[Token], begin: int, end: int) -> bool:
    """Whether the link between these indexes holds nothing but images (and spaces)."""
    depth = 0
    seen_image = False
    for token in tokens[begin + 1 : end]:
        kind = token[0]
        if kind == "i":
            depth += 1
            seen_image = True
        elif kind == "/i":
            depth -= 1
        elif kind == "h" and depth == 0 and _IMG_TAG.match(token[1]) is not None:
            seen_image = True  # (an HTML `<img>` is an image too)
        elif depth == 0 and kind in ("t", "c") and token[1].strip():
            return False
    return seen_image


def story_links(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """(index of the link token, index of its end, url) of each story link among these tokens
    (`is_story_url`, not `only_image`), in the order the links end (an inner link first)."""
    found: list[tuple[int, int, str]] = []
    stack: list[int] = []
    for index, token in enumerate(tokens):
        kind = token[0]
        if kind == "l":
            stack.append(index)
        elif kind == "/l" and stack:
            begin = stack.pop()
            url = story_url(tokens, begin, index)
            if url is not None:
                found.append((begin, index, url))
    return found


def story_url(tokens: list[Token], begin: int, end: int) -> str | None:
    """The url of the link between these indexes (its token and its end) when it is a story
    link (`is_story_url`, not `only_image`), else None."""
    url = tokens[begin][1].strip()
    if len(url) > 8 and url[:8].lower().startswith(("http://", "https://")) and (
            (end == begin + 2 and tokens[begin + 1][0] not in ("i", "h")) or not only_image(tokens, begin, end)):
        return url
    return None


# -- plain text --------------------------------------------------------------------------------

def html_text(raw: str) -> str | None:
    """What inline HTML reads as: None for a real tag (dropped; a line tag reads as a line
    break, see `plain`), the raw text for what only looks like one (`<T>`)."""
    if raw.startswith("<!--"):
        return None
    match = _TAG_NAME.match(raw)
    if match is not None and match.group(1).lower() in HTML_ELEMENTS:
        return None
    return raw


def is_line_tag(raw: str) -> bool:
    """Whether inline HTML is a tag that reads as a line break (`<br>`, `<p>`, `</div>`…)."""
    match = _TAG_NAME.match(raw)
    return match is not None and match.group(1).lower() in _LINE_TAGS


def plain(tokens: list[Token], lines: bool = False) -> str:
    """The tokens as plain text: links as their text, images and HTML tags dropped, stray `**`
    and `__` gone. With `lines`, line breaks (and `<br>`) stay as newlines; else spaces."""
    if lines:
        return _plain(tokens, lines)
    if len(tokens) == 1 and tokens[0][0] == "t":  # (the common case: one run of text)
        return " ".join(tokens[0][1].replace("**", "").replace("__", "").split())
    # The next most common: text, code, breaks and links, with no `**` or `__` anywhere.
    texts: list[str] = []
    for token in tokens:
        kind = token[0]
        if kind == "t" or kind == "c":
            texts.append(token[1])
        elif kind == "b":
            texts.append(" ")
        elif kind not in _MARKS:
            break
    else:
        text = "".join(texts)
        if "**" not in text and "__" not in text:  # (then no piece held one either: nothing to take out)
            return " ".join(text.split())
    return _plain(tokens, lines)


_MARKS = frozenset({"l", "/l", "s", "e", "x"})
"""Tokens that add no text of their own."""


_HTML_READS: dict[str, tuple[str | None, bool]] = {}
"""Inline HTML met before, as `_html_read` reads it (the same tags come again and again)."""


def _html_read(raw: str) -> tuple[str | None, bool]:
    """What inline HTML reads as (`html_text`), and whether a tag it is reads as a line break."""
    shown = html_text(raw)
    return shown, shown is None and is_line_tag(raw)


def _plain(tokens: list[Token], lines: bool) -> str:
    """`plain`, token by token."""
    parts: list[str] = []
    image = 0
    for token in tokens:
        kind = token[0]
        if kind == "t":  # (the most common token first)
            if not image:
                parts.append(token[1].replace("**", "").replace("__", ""))
        elif kind == "i":
            image += 1
        elif kind == "/i":
            image -= 1
        elif image:
            continue
        elif kind == "c":
            parts.append(token[1])
        elif kind == "b":
            parts.append("\n" if lines else " ")
        elif kind == "h":
            read = _HTML_READS.get(token[1])
            if read is None:
                if len(_HTML_READS) >= 10_000:
                    _HTML_READS.clear()
                read = _HTML_READS[token[1]] = _html_read(token[1])
            shown, line = read
            if shown is not None:
                parts.append(shown)
            elif line:
                parts.append("\n" if lines else " ")
    text = "".join(parts)
    if lines:
        return "\n".join(" ".join(line.split()) for line in text.split("\n"))
    return " ".join(text.split())


def image_alt(tokens: list[Token]) -> str:
    """The alt text of the first image among the tokens, as plain text ("" when none)."""
    for start, token in enumerate(tokens):
        if token[0] == "i":
            depth, inside = 0, []
            for later in tokens[start:]:
                depth += later[0] == "i"
                depth -= later[0] == "/i"
                if later[0] in ("t", "c"):
                    inside.append(later[1])
                if not depth:
                    break
            return " ".join("".join(inside).replace("**", "").replace("__", "").split())
    return ""


_LEADING_NUMBER = re.compile(r"\A\s*\d{1,4}\s*(?:[.)．](?!\d)|、)\s*")
"""A list-style number (`1.`, `1)`, `1、`): not the start of a version or a date (`3.13.0 is out`,
`2025.06.02`, `1.5x faster`), which a digit right after the dot continues."""


_LEADING_MARK = re.compile(r"\A\s*(?:\d{1,4}\s*(?:[.)．](?!\d)|、)|[・•])\s*")
"""A list-style number or a `・`/`•` bullet written as text."""


def without_number(text: str) -> str:
    """Text without a leading `1.`, `1)`, `1、`, `１．` or `・` bullet."""
    first = text[:1]
    if not (first.isdigit() or first.isspace() or first in "・•"):  # (most text: no number; `\d`, `\s` are these tests)
        return text
    return _LEADING_MARK.sub("", text, count=1)


def starts_numbered(text: str) -> bool:
    """Whether text starts with `2.`, `2)` or `2、`."""
    first = text[:1]
    return (first.isdigit() or first.isspace()) and _LEADING_NUMBER.match(text) is not None


MAX_HEADLINE = 80


def cut_headline(text: str) -> str:
    """A headline of at most 80 characters: over that, the first 79 (backing up to a space when
    a word of a spaced script was cut; CJK is cut anywhere), then `…`."""
    if len(text) <= MAX_HEADLINE:
        return text
    cut = text[: MAX_HEADLINE - 1]
    following = text[MAX_HEADLINE - 1]
    if not following.isspace() and _spaced(cut[-1]) and _spaced(following) and " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip() + "…"


def _spaced(char: str) -> bool:
    """A letter or digit of a script that puts spaces between words."""
    return char.isalnum() and _cjk_stop().match(char) is None
