"""A digest body as a tree of CommonMark blocks with their inline content, from pulldown-cmark
(`pyromark`) events: the fast parse every layout reads. `reference.py` builds the same tree from
markdown-it-py, which tests hold it to.

Inline content is a flat list of tokens, each a tuple whose first entry says what it is:

| token | meaning |
| --- | --- |
| `("t", text)` | text (entities decoded) |
| `("c", text)` | a code span |
| `("h", raw)` | inline HTML |
| `("b",)` | a soft or hard line break |
| `("s", True/False)`, `("e", True/False)`, `("x", True/False)` | strong, emphasis, strikethrough open / close |
| `("l", url, kind)`, `("/l",)` | a link (kind: `inline`, `reference`, `auto`, `bare`) and its end |
| `("i", url)`, `("/i",)` | an image and its end |
"""

from __future__ import annotations

import re
from itertools import count
from typing import Any

from tui.core.format.inline import Token, bare_links, plain, story_links, story_url


class Block:
    """One CommonMark block: its kind, where it sits in the body, its inline content (headings,
    paragraphs, table text) and its child blocks (documents, lists, list items, quotes)."""

    __slots__ = ("kind", "start", "end", "level", "ordered", "inline", "children", "_linked", "_text", "_links")

    def __init__(self, kind: str, start: int = 0, end: int = 0, level: int = 0, ordered: bool = False) -> None:
        self.kind = kind
        self.start = start
        """Offset of the block's first byte (UTF-8) in the body."""
        self.end = end
        self.level = level
        """A heading's level (1-6)."""
        self.ordered = ordered
        """A list: ordered (`1.`) rather than bullets."""
        self.inline: list[Token] = []
        self.children: list[Block] = []
        self._linked: bool | None = None
        self._text: str | None = None
        self._links: list[tuple[int, int, str]] | None = None

    def holds_link(self) -> bool:
        """Whether this block, or one inside it, holds a story link (worked out once)."""
        if self._linked is None:
            self._linked = bool(self.inline and self.story_links()) or any(c.holds_link() for c in self.children)
        return self._linked

    def story_links(self) -> list[tuple[int, int, str]]:
        """The story links of its inline content, as `inline.story_links` gives them (worked out once)."""
        found = self._links
        if found is None:
            found = self._links = story_links(self.inline) if self.inline else []
        return found

    def plain(self) -> str:
        """Its inline content as plain text, as `inline.plain` gives it (worked out once)."""
        text = self._text
        if text is None:
            text = self._text = plain(self.inline)
        return text

    def __repr__(self) -> str:  # (for test failures)
        inner = f" {self.inline!r}" if self.inline else ""
        kids = f" [{', '.join(map(repr, self.children))}]" if self.children else ""
        return f"{self.kind}{self.level or ''}{'#' if self.ordered else ''}{inner}{kids}"

    def walk(self) -> list[Block]:
        """This block and every block inside it, in document order."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found



_LINK_KINDS = {"Inline": "inline", "Reference": "reference", "Collapsed": "reference", "Shortcut": "reference",
               "Autolink": "auto", "Email": "email"}


_CONTAINERS = {"Paragraph": "p", "Heading": "h", "List": "list", "Item": "li", "BlockQuote": "quote",
               "CodeBlock": "code", "HtmlBlock": "html", "Table": "table"}
_SPANS = {"Strong": "s", "Emphasis": "e", "Strikethrough": "x"}
_INLINE_KINDS = frozenset({"p", "h", "table"})
"""Blocks whose inline content is their own (others get a paragraph made for it)."""
_RAW_KINDS = frozenset({"code", "html"})
_OPEN = {tag: (kind, True) for tag, kind in _SPANS.items()}
_CLOSE: dict[str, Token] = {tag: (kind, False) for tag, kind in _SPANS.items()}
_CLOSE.update(Link=("/l",), Image=("/i",))


def parse(text: str, ranges: bool = True) -> Block:
    """The block tree of a body (bare `http(s)://` URLs in text become links, see `inline.py`).

    Without `ranges` (indexing, where no summary is cut out of the source) a block's start and
    end are the numbers of its events: they keep the order, at half pulldown-cmark's cost.

    Each block's story links (`Block.story_links`) and whether it holds one (`holds_link`) are
    worked out as the events come: a link's end pairs with the last link opened in the same
    inline content, as `inline.story_links` pairs them; a story link marks every open block."""
    import pyromark

    stand_in = _del_stand_in(text) if "\x7f" in text else None
    if stand_in is not None:
        text = _AUTOLINK_OR_DEL.sub(lambda match: match.group() if len(match.group()) > 1 else stand_in, text)
    root = Block("doc")  # (its end is set once the events are read)
    stack: list[Block] = [root]
    top = root
    """The innermost open block (stack[-1])."""
    inline: list[Token] | None = None
    """Where inline content goes now (None: into a paragraph made when some comes)."""
    owner = root
    """The block `inline` belongs to (when it is not None)."""
    opened: list[int] = []
    """Where the links open in `inline` start (its indexes)."""
    raw = False
    """Inside a code or raw HTML block: text there is no inline content."""
    urls: list[tuple[Block, list[Block]]] = []
    """Blocks with `://` in their text (bare URLs may be in it), and the blocks open around them."""

    def into() -> list[Token]:
        """A paragraph for a tight list item's text (pulldown-cmark gives it none)."""
        nonlocal inline, owner
        block = Block("p", top.start, top.end)
        block._links = []
        top.children.append(block)
        owner = block
        inline = block.inline
        opened.clear()
        return inline

    event: Any
    value: Any
    data: Any
    options = pyromark.Options.ENABLE_TABLES
    stream: Any = (pyromark.events_with_range(text, options=options) if ranges
                   else zip(pyromark.events(text, options=options), count()))
    for event, span in stream:  # (span: a range, or the event's number)
        if type(event) is str:
            if event == "Rule":
                top.children.append(Block("hr", span["start"], span["end"]) if ranges else Block("hr", span, span))
                inline = None
            elif event == "SoftBreak" or event == "HardBreak":
                (inline if inline is not None else into()).append(_BREAK)
            continue
        name, value = event.popitem()  # (each event is a fresh one-entry dict)
        if name == "Text":
            if raw:
                continue
            tokens = inline if inline is not None else into()
            if value:
                if tokens and tokens[-1][0] == "t":  # (text pieces as one)
                    value = tokens[-1][1] + value
                    tokens[-1] = ("t", value)
                else:
                    tokens.append(("t", value))
                if "://" in value and not opened and (not urls or urls[-1][0] is not owner):  # (none in a link's text)
                    urls.append((owner, stack.copy()))
        elif name == "Start":
            if type(value) is str:
                tag = value
                data = None
            else:
                tag, data = value.popitem()
            kind = _CONTAINERS.get(tag)
            if kind is not None:
                block = Block(kind, span["start"], span["end"]) if ranges else Block(kind, span, span)
                if kind == "h":
                    block.level = int(data["level"][1:])
                elif kind == "list":
                    block.ordered = data is not None
                top.children.append(block)
                stack.append(block)
                top = block
                if kind in _INLINE_KINDS:
                    inline = block.inline
                    owner = block
                    block._links = []
                else:
                    inline = None
                opened.clear()
                raw = kind in _RAW_KINDS
            elif tag == "Link":
                tokens = inline if inline is not None else into()
                opened.append(len(tokens))
                tokens.append(("l", data["dest_url"], _LINK_KINDS.get(data["link_type"], "inline")))
            elif tag in _OPEN:
                (inline if inline is not None else into()).append(_OPEN[tag])
            elif tag == "Image":
                (inline if inline is not None else into()).append(("i", data["dest_url"]))
            elif tag == "TableCell" and top.inline:
                top.inline.append(_BREAK)
        elif name == "End":
            tag = value if type(value) is str else next(iter(value))
            if tag in _CONTAINERS:
                if top._linked is None:
                    top._linked = False  # (a story link inside would have marked it)
                stack.pop()
                top = stack[-1]
                inline = None
                raw = False
            elif tag == "Link":
                tokens = inline if inline is not None else into()
                if opened:
                    begin = opened.pop()
                    url = story_url(tokens, begin, len(tokens))
                    if url is not None:
                        links = owner._links
                        assert links is not None
                        links.append((begin, len(tokens), url))
                        owner._linked = True
                        for block in stack:
                            block._linked = True
                tokens.append(_END_LINK)
            else:
                token = _CLOSE.get(tag)
                if token is not None:
                    (inline if inline is not None else into()).append(token)
        elif name == "Code":
            (inline if inline is not None else into()).append(("c", value))
        elif name == "InlineHtml":
            (inline if inline is not None else into()).append(("h", value))
    # The body's length: in bytes (encoded after pulldown-cmark has been handed the text, which
    # keeps its UTF-8: a copy), or in events (the number after the last).
    root.end = len(text.encode("utf-8")) if ranges else (span + 1 if root.children else 0)
    if root._linked is None:
        root._linked = False
    for block, around in urls:
        tokens = block.inline
        made = bare_links(tokens)
        if made is not tokens and made != tokens:  # (a bare URL made a link: the indexes moved)
            tokens[:] = made
            block._links = found = story_links(tokens)
            if found:
                block._linked = True
                for outer in around:
                    outer._linked = True
    if stand_in is not None:
        _put_back_del(root, stand_in)
    return root


_AUTOLINK_OR_DEL = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\x00-\x20]*>|\x7f")
"""DEL, or an autolink (where both parsers take DEL, so it stays)."""
_STAND_INS = "\x01\x02\x03\x04\x05\x06\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"
"""ASCII controls that pulldown-cmark reads as CommonMark does, DEL's part everywhere else."""


def _del_stand_in(text: str) -> str | None:
    """A control character the text does not hold, to stand for DEL while pulldown-cmark reads
    it: pulldown-cmark lets DEL into a link target, where CommonMark (and markdown-it) end the
    target there (so there is no link); in an autolink both take it. None when the text holds
    them all (DEL is then left in)."""
    return next((char for char in _STAND_INS if char not in text), None)


def _put_back_del(root: Block, stand_in: str) -> None:
    """DEL again wherever its stand-in went (text, code, HTML, link targets): one byte for one,
    so the blocks' offsets hold."""
    for block in root.walk():
        tokens = block.inline
        for index, token in enumerate(tokens):
            if len(token) > 1 and type(token[1]) is str and stand_in in token[1]:
                tokens[index] = (token[0], token[1].replace(stand_in, "\x7f"), *token[2:])
        if tokens:
            block._links = story_links(tokens)  # (their urls as they are now)


_BREAK: Token = ("b",)
_END_LINK: Token = ("/l",)
