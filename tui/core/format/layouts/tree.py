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

from typing import Any

from tui.core.format.layouts.inline import Token, bare_links, merge_text, story_links


class Block:
    """One CommonMark block: its kind, where it sits in the body, its inline content (headings,
    paragraphs, table text) and its child blocks (documents, lists, list items, quotes)."""

    __slots__ = ("kind", "start", "end", "level", "ordered", "inline", "children", "_linked")

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

    def holds_link(self) -> bool:
        """Whether this block, or one inside it, holds a story link (worked out once)."""
        if self._linked is None:
            self._linked = bool(self.inline and story_links(self.inline)) or any(c.holds_link() for c in self.children)
        return self._linked

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


def parse(text: str, ranges: bool = True) -> Block:
    """The block tree of a body (bare `http(s)://` URLs in text become links, see `inline.py`).

    Without `ranges` (indexing, where no summary is cut out of the source) a block's start and
    end are the numbers of its events: they keep the order, at half pulldown-cmark's cost."""
    import pyromark

    root = Block("doc", 0, len(text.encode("utf-8")))
    stack: list[Block] = [root]
    implicit: list[Block] = []
    """The paragraphs made for a tight list item's text (pulldown-cmark gives it none)."""
    inline: list[Token] | None = None
    """Where inline content goes now (None: into a paragraph made when some comes)."""
    raw = False
    """Inside a code or raw HTML block: text there is no inline content."""

    def into() -> list[Token]:
        nonlocal inline
        top = stack[-1]
        block = Block("p", top.start, top.end)
        implicit.append(block)
        top.children.append(block)
        inline = block.inline
        return inline

    event: Any
    span: Any
    options = pyromark.Options.ENABLE_TABLES
    stream = (pyromark.events_with_range(text, options=options) if ranges
              else ((event, {"start": n, "end": n}) for n, event in enumerate(pyromark.events(text, options=options))))
    for event, span in stream:
        if type(event) is str:
            if event == "Rule":
                stack[-1].children.append(Block("hr", span["start"], span["end"]))
                inline = None
            elif event in ("SoftBreak", "HardBreak"):
                (inline if inline is not None else into()).append(("b",))
            continue
        text_value = event.get("Text")
        if text_value is not None:
            if not raw:
                (inline if inline is not None else into()).append(("t", text_value))
            continue
        ((name, value),) = event.items()
        if name == "Start" or name == "End":
            tag = value if type(value) is str else next(iter(value))
            if tag in _SPANS:
                (inline if inline is not None else into()).append((_SPANS[tag], name == "Start"))
            elif tag == "Link":
                if name == "Start":
                    link: Any = value[tag]
                    token: Token = ("l", link["dest_url"], _LINK_KINDS.get(link["link_type"], "inline"))
                else:
                    token = ("/l",)
                (inline if inline is not None else into()).append(token)
            elif tag == "Image":
                (inline if inline is not None else into()).append(("i", value[tag]["dest_url"]) if name == "Start" else ("/i",))
            elif tag == "TableCell":
                if name == "Start" and stack[-1].inline:
                    stack[-1].inline.append(("b",))
            elif tag in _CONTAINERS:
                if name == "Start":
                    data: Any = None if type(value) is str else value[tag]
                    block = Block(_CONTAINERS[tag], span["start"], span["end"])
                    if tag == "Heading":
                        block.level = int(data["level"][1:])
                    elif tag == "List":
                        block.ordered = data is not None
                    stack[-1].children.append(block)
                    stack.append(block)
                    kind = block.kind
                    inline = block.inline if kind in ("p", "h", "table") else None
                    raw = kind in ("code", "html")
                else:
                    closed = stack.pop()
                    if closed.kind in ("p", "h", "table"):
                        _finish(closed)
                    inline = None
                    raw = False
        elif name == "Code":
            (inline if inline is not None else into()).append(("c", value))
        elif name == "InlineHtml":
            (inline if inline is not None else into()).append(("h", value))
    for block in implicit:
        _finish(block)
    return root


def _finish(block: Block) -> None:
    """Merge adjacent text tokens and turn bare URLs in text (outside links) into links."""
    block.inline = bare_links(merge_text(block.inline))
