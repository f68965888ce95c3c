"""Text is data: digest text, summaries and paths made safe and readable on a terminal or in JSON.

Nothing from a digest reaches the screen, a table or a JSON line without passing through here:
`one_line` and `block` turn controls into U+FFFD, `dumps` escapes what JSON would pass through,
`for_display` bounds a summary and shows each link's real host (`markdown_parser` is the
reference reading of it, for the tests), `shown_path` shortens paths.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from functools import cache
from typing import Any

from tui.core.format.links import display_host

REPLACEMENT = "\ufffd"
"""Shown instead of a character that could act on the terminal."""

# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, line/paragraph separators,
# zero-width space and BOM. (ZWJ/ZWNJ stay: emoji and scripts need them.)
# Also: lone surrogates (the bytes of a file name that is not UTF-8), Unicode tag characters and
# private-use code points (Co), which a terminal draws as nothing or as anything.
_HIDDEN = "\ud800-\udfff\ue000-\uf8ff\U000e0000-\U000e007f\U000f0000-\U0010ffff"
_UNSAFE_CHARS = ("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff"
                 + _HIDDEN + "]")


@cache
def _unsafe() -> re.Pattern[str]:
    """`_UNSAFE_CHARS`, compiled when some text needs it (1 ms: most text is printable)."""
    return re.compile(_UNSAFE_CHARS)


_LINE_BREAKS = re.compile("[\t\n\r]+")
_JSON_UNSAFE = "[\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff" + _HIDDEN + "]"


@cache
def _json_unsafe() -> re.Pattern[str]:
    """`_JSON_UNSAFE`, compiled when JSON is first written (not on the reader's start)."""
    return re.compile(_JSON_UNSAFE)


def one_line(text: str) -> str:
    """Text for a single line: tabs/newlines become spaces, controls become �."""
    if text.isprintable():
        return text  # the common case: nothing to replace (isprintable is False for every control)
    return _unsafe().sub(REPLACEMENT, _LINE_BREAKS.sub(" ", text))


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`1 item`, `2 items`, `1,234 files`: a count with its noun."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def is_blank(text: str) -> bool:
    """Whether text shows nothing (only spaces and invisible characters)."""
    return not any(char.isprintable() and not char.isspace() for char in text)


def block(text: str) -> str:
    """Multi-line text: newlines and tabs kept, every other control becomes �."""
    if text.isprintable():
        return text  # (the common case: no line break, no control)
    return _unsafe().sub(REPLACEMENT, text.replace("\r", ""))


def dumps(value: Any, **kwargs: Any) -> str:
    """JSON with non-ASCII kept readable but C1 controls, bidi overrides and separators escaped."""
    import json

    text = json.dumps(value, ensure_ascii=False, **kwargs)
    return _json_unsafe().sub(_json_escape, text)


def json_safe(text: str) -> str:
    """JSON text with what `dumps` escapes escaped (C1 controls, bidi overrides, separators…)."""
    return _json_unsafe().sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the BMP: a UTF-16 surrogate pair, as JSON writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


# -- summaries -----------------------------------------------------------------------------

MAX_SUMMARY_CHARS = 20_000
"""Longer summaries are cut (a digest summary is a few hundred characters)."""
MAX_INDENT = 48
"""Deeper indentation (lists nested past a dozen levels) is shown as plain text, not rendered."""

_INLINE_LINK = re.compile(
    r"\[((?:[^\[\]\n]|\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\])*)\]\(\s*<?([^()\s<>\x00-\x1f\x7f]+)>?(\s+\"[^\"\n]*\")?\s*\)")
"""An inline link: its text (brackets in it paired, two deep: `[Why Vec<T> is not Box<[T]>](…)`),
its target and title."""


def _with_host(match: re.Match[str]) -> str:
    label, url, title = match.group(1), match.group(2), match.group(3) or ""
    host = display_host(url)
    if host and host not in label.casefold():
        label = f"{label} ({host})"
    return f"[{label}]({url}{title})"


_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,9}|[A-Za-z][A-Za-z0-9]{1,31});")


def _safe_entity(match: re.Match[str]) -> str:
    """An HTML entity that the Markdown renderer would decode into a control (`&#x202E;`): �.
    Other entities are left for the renderer."""
    import html

    decoded = html.unescape(match.group())
    if decoded == match.group():
        return decoded  # (not an entity html knows)
    return REPLACEMENT if not decoded or _unsafe().search(decoded) else match.group()


def for_display(summary: str, limit: int | None = MAX_SUMMARY_CHARS) -> tuple[str, bool]:
    """(text, render as Markdown?). Link texts gain the real host where they do not show it.
    Text over `limit` characters is cut (None: a whole document, never cut).

    Text to render as Markdown keeps its control characters, for `markdown_parser` to read as
    the file has them and then turn into �: made � first, a control that ends a link target
    (so there is no link) would be a character that continues one. Plain text comes without."""
    text = _ENTITY.sub(_safe_entity, summary.replace("\r", ""))
    if limit is not None and len(text) > limit:
        text = text[:limit] + f"\n\n… (summary cut at {limit:,} characters)"
    deepest = max((len(line) - len(line.lstrip(" \t")) for line in text.split("\n")), default=0)
    if deepest > MAX_INDENT:
        return block(text), False
    return _INLINE_LINK.sub(_with_host, text), True


@cache
def _not_drawn() -> re.Pattern[str]:
    """Links never drawn as links (markdown-it's own check keeps `data:image/…` ones);
    compiled when a summary first holds a link."""
    return re.compile(r"\s*(?:javascript|vbscript|file|data):", re.IGNORECASE)


def markdown_parser() -> Any:
    """The reference reading of a summary or a document (markdown-it, Textual's "gfm-like"
    parser), which the tests hold `summary_blocks` to, reading what `for_display` gives:
    controls are read as CommonMark reads them, then every one in the text, code, link targets
    and image texts is made �; a `javascript:`, `vbscript:`, `file:` or `data:` link is text, not
    a link (it would look clickable but never open)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("gfm-like")
    parser.validateLink = drawn_as_link  # type: ignore[method-assign]
    parser.core.ruler.push("brief_safe_text", _safe_tokens)
    return parser


def drawn_as_link(url: str) -> bool:
    """Whether a link to `url` is drawn as one (not `javascript:`, `vbscript:`, `file:`, `data:`)."""
    return _not_drawn().match(url) is None


def _safe_tokens(state: Any) -> None:
    """Every control of the parsed tokens made � (the core rule `markdown_parser` adds last)."""
    for token in state.tokens:
        _safe_token(token)
        for child in token.children or ():
            _safe_token(child)
            for grandchild in child.children or ():  # (an image's text)
                _safe_token(grandchild)


def _safe_token(token: Any) -> None:
    if token.content:
        token.content = block(token.content)
    if token.info:
        token.info = block(token.info)
    for name, value in token.attrs.items():
        if isinstance(value, str):
            token.attrs[name] = block(value)


# -- digests -------------------------------------------------------------------------------

_LEADING_DATE = re.compile(r"\A\d{4}[.\-]\d{2}[.\-]\d{2}(?:[.\-T ]\d{2}(?::?\d{2})?)?\s+(?=\S)")


NO_DATE = "no date"
"""Shown in the lists for a digest dated by its file's mtime: it sorts after the dated ones (by
the number in its name), and a checkout's or a copy's mtime says nothing of when it was written."""


def list_date(when: datetime, source: str, with_year: bool) -> str:
    """A digest's date as the lists show it, with a space after: `2026-12-02 08:00 ` (with the
    year), `12-02 08:00 `, or `no date` padded to the same width."""
    if source == "mtime":
        return f"{NO_DATE:<{17 if with_year else 12}}"
    return when.astimezone().strftime("%Y-%m-%d %H:%M " if with_year else "%m-%d %H:%M ")


def short_title(title: str) -> str:
    """A title for a list: a leading date is dropped (a date column shows it)."""
    return _LEADING_DATE.sub("", one_line(title), count=1)


def digest_name(title: str, when: datetime) -> str:
    """A digest named in a sentence ("first seen in", "also in"): its title and its local date
    and time (editions of one source share a title)."""
    return f"{short_title(title)}, {when.astimezone():%Y-%m-%d %H:%M}"


# -- paths ---------------------------------------------------------------------------------

def shown_path(path: str | os.PathLike[str]) -> str:
    """`path` relative to the current folder when inside it, `~/…` when under home, else as is."""
    text = os.path.abspath(os.fspath(path))
    try:
        relative = os.path.relpath(text)
    except ValueError:
        relative = ".."
    if not relative.startswith(".."):
        return relative
    home = os.path.expanduser("~")
    if home not in ("", "/") and text.startswith(home + os.sep):
        return "~" + text[len(home):]
    return text
