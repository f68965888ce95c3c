"""A summary's Markdown as the blocks the detail pane draws: pulldown-cmark's events (`pyromark`,
the parse the layouts read, imported in ~3 ms) folded into a flat list of paragraphs, each with
its styled runs of text and the marks of the lists and quotes it sits in.

Text is data: every piece of text, code and link target has its controls made � (`display.block`);
a link is drawn as one only when it would open (`display.drawn_as_link`); raw HTML tags never show
(their text does, a line tag reads as a line break); bare `http(s)://` URLs are links, ending
where the layouts end them (`inline.bare_links`). Nothing here knows how it looks: the widget
(`tui.widgets.summary`) gives each style name its look, from the stylesheet.
"""

from __future__ import annotations

import re
from typing import Any

from tui.core.display import REPLACEMENT, block, drawn_as_link

Run = tuple[str, tuple[str, ...], str | None]
"""A piece of text: (text, its style names, the link it opens or None)."""

BULLETS = ("• ", "◦ ", "▪ ")
"""Unordered list marks by depth (the deepest repeats)."""
QUOTE = "▌ "
"""The bar a quote's lines start with."""


class Mark:
    """What one container (a list item or a quote) puts before a paragraph's lines."""

    __slots__ = ("first", "rest", "style")

    def __init__(self, first: str, rest: str, style: str) -> None:
        self.first = first
        """Before its first line."""
        self.rest = rest
        """Before every other line (and before the blank line above it, trimmed)."""
        self.style = style
        """`bullet` or `quote`."""


class Para:
    """One drawn paragraph: a heading, a paragraph of text, a code block, a table row or a rule.
    (Plain classes, not dataclasses: making a dataclass costs the reader's start ~0.5 ms.)"""

    __slots__ = ("at", "gap", "kind", "marks", "runs", "shared")

    def __init__(self, kind: str, runs: list[Run], marks: list[Mark], gap: bool, shared: int = 0, at: int = -1) -> None:
        self.kind = kind
        """`p`, `h1`…`h6`, `code`, `row`, `head` (a table's header row) or `rule`."""
        self.runs = runs
        self.marks = marks
        """Outermost first."""
        self.gap = gap
        """A blank line above it (not between the items of a tight list)."""
        self.shared = shared
        """How many of its marks' containers the paragraph above is in too (the blank line
        between them has their marks: a quote's bar goes on between its paragraphs)."""
        self.at = at
        """Where in the text its first content is, a UTF-8 byte offset (-1: not asked for)."""

    def __repr__(self) -> str:  # (for test failures)
        return f"Para({self.kind!r}, {self.plain!r}, gap={self.gap})"

    @property
    def plain(self) -> str:
        return "".join(run[0] for run in self.runs)


_SPANS = {"Strong": "strong", "Emphasis": "em", "Strikethrough": "strike"}
_DEL = "\x7f"
_STAND_IN = "\x01"
"""pulldown-cmark lets DEL into a link target, where CommonMark ends the target (so there is no
link): read as another control that it treats as CommonMark does (both are shown as �)."""
_SPACES = re.compile(r"\s+")
_TAG = r"(?s)<!--.*?(?:-->|\Z)|<[^<>]*>"
"""(Compiled when a summary first holds HTML, through `re`'s cache.)"""


class _Item:
    __slots__ = ("mark", "used")

    def __init__(self, mark: str) -> None:
        self.mark = mark
        self.used = False


class _List:
    __slots__ = ("depth", "number", "tight")

    def __init__(self, number: int | None, depth: int) -> None:
        self.number = number
        self.depth = depth
        self.tight = True
        """Until its first item's text comes in a paragraph of its own (pulldown-cmark gives a
        tight list's items none)."""


def summary_blocks(text: str, placed: bool = False) -> list[Para]:
    """The paragraphs of a summary's Markdown, in order (`for_display`'s text). With `placed`
    (a whole document), each knows where it is (`Para.at`: the document view scrolls to an
    item's paragraph)."""
    import pyromark

    options = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
    text = text.replace(_DEL, _STAND_IN)
    reader = _Reader()
    if not placed:
        return reader.read(pyromark.events(text, options=options))

    def events() -> Any:
        for event, span in pyromark.events_with_range(text, options=options):
            reader.here = span["start"]
            yield event

    return reader.read(events())


def para_lines(paras: list[Para], text: str) -> list[int]:
    """The line of `text` (0-based) each of `summary_blocks(text, placed=True)` starts on."""
    from bisect import bisect_left

    breaks = [match.start() for match in re.finditer(b"\n", text.encode("utf-8", "surrogatepass"))]
    return [bisect_left(breaks, para.at) if para.at >= 0 else 0 for para in paras]


class _Reader:
    """One pass over the events (see `summary_blocks`)."""

    def __init__(self) -> None:
        self.paras: list[Para] = []
        self.containers: list[_Item | str] = []
        """Open list items and quotes (`"quote"`), outermost first."""
        self.lists: list[_List] = []
        self.para: Para | None = None
        """The paragraph inline content goes into (None: one is made when some comes)."""
        self.styles: list[str] = []
        self.links: list[str | None] = []
        self.written: list[str] = []
        """Per open link, what closes it when it is shown as the text it is written as (a
        `javascript:`, `vbscript:`, `file:` or `data:` link: `](javascript:…)`; "" for others)."""
        self.image: list[Run] | None = None
        """An image's text, while inside one (shown as `[image: text]`)."""
        self.image_href: str | None = None
        self.raw: list[str] | None = None
        """A code or HTML block's text, while inside one."""
        self.raw_kind = ""
        self.last_lists: tuple[_List, ...] = ()
        """The lists the last paragraph was in (no blank line between paragraphs of one tight list)."""
        self.last_containers: tuple[_Item | str, ...] = ()
        self.row: list[Run] | None = None
        self.cells = 0
        self.table_from = 0
        self.here = -1
        """Where the event read now starts (`summary_blocks(placed=True)`; -1: not asked for)."""

    # -- paragraphs --------------------------------------------------------------------------

    def open(self, kind: str) -> Para:
        lists = tuple(self.lists)
        common = 0
        while common < min(len(lists), len(self.last_lists)) and lists[common] is self.last_lists[common]:
            common += 1
        gap = bool(self.paras) and not (common and self.last_lists[common - 1].tight)
        shared = 0
        while (shared < min(len(self.containers), len(self.last_containers))
               and self.containers[shared] is self.last_containers[shared]):
            shared += 1
        marks = []
        for container in self.containers:
            if container == "quote":
                marks.append(Mark(QUOTE, QUOTE, "quote"))
            elif isinstance(container, _Item):
                first = container.mark if not container.used else " " * len(container.mark)
                marks.append(Mark(first, " " * len(container.mark), "bullet"))
                container.used = True
        para = Para(kind, [], marks, gap, shared, self.here)
        self.paras.append(para)
        self.last_lists = lists
        self.last_containers = tuple(self.containers)
        return para

    def inline(self) -> Para:
        """The paragraph inline content goes into now (a tight list item's text has none of its own)."""
        if self.para is None:
            self.para = self.open("p")
        return self.para

    def add(self, text: str, extra: tuple[str, ...] = (), folded: bool = True) -> None:
        if not text:
            return
        text = block(_SPACES.sub(" ", text) if folded else text)
        if self.image is not None:
            self.image.append((text, (), None))
            return
        runs = self.row if self.row is not None else self.inline().runs
        runs.append((text, (*self.styles, *extra), self.links[-1] if self.links else None))

    def close(self) -> None:
        para = self.para
        self.para = None
        if para is None:
            return
        if not para.plain.strip():
            self._drop(para)
            return
        if any("://" in run[0] and run[2] is None for run in para.runs):
            para.runs = [piece for run in para.runs for piece in _linked(run)]
        for at in range(1, len(para.runs)):  # (no line starts with the space after a line break)
            if para.runs[at - 1][0].endswith("\n"):
                shown, styles, link = para.runs[at]
                para.runs[at] = (shown.lstrip(" "), styles, link)

    def _drop(self, para: Para) -> None:
        """An empty paragraph (an image-less `<br>`, a comment) is not drawn."""
        if self.paras and self.paras[-1] is para:
            self.paras.pop()

    # -- events ------------------------------------------------------------------------------

    def read(self, events: Any) -> list[Para]:
        for event in events:
            if type(event) is str:
                self.simple(event)
                continue
            [(name, value)] = event.items()
            if name == "Text":
                if self.raw is not None:
                    self.raw.append(value)
                else:
                    self.add(value)
            elif name == "Start":
                self.start(value)
            elif name == "End":
                self.end(value if type(value) is str else next(iter(value)))
            elif name == "Code":
                self.add(value, ("code",), folded=False)
            elif name == "InlineHtml":
                self.inline_html(value)
            elif name == "Html" and self.raw is not None:
                self.raw.append(value)
        self.close()
        return self.paras

    def simple(self, event: str) -> None:
        if event == "Rule":
            self.close()
            self.open("rule")
        elif event == "SoftBreak":
            self.add(" ")
        elif event == "HardBreak":
            self.add("\n", folded=False)

    def start(self, value: Any) -> None:
        data: Any = None
        if type(value) is str:
            tag = value
        else:
            [(tag, data)] = value.items()
        if tag in _SPANS:
            self.styles.append(_SPANS[tag])
        elif tag == "Link":
            url = block(data["dest_url"])
            drawn = drawn_as_link(url)
            self.links.append(url if drawn and REPLACEMENT not in url else None)
            auto = data["link_type"] in ("Autolink", "Email")
            self.written.append("" if drawn else (">" if auto else f"]({url})"))
            if not drawn:
                self.add("<" if auto else "[")  # (its target in sight, as written: never a link)
        elif tag == "Image":
            url = block(data["dest_url"])
            self.image = []
            self.image_href = url if drawn_as_link(url) and REPLACEMENT not in url else None
        elif tag == "Paragraph":
            if self.containers and isinstance(self.containers[-1], _Item) and not self.containers[-1].used:
                self.lists[-1].tight = False
            self.close()
            self.para = self.open("p")
        elif tag == "Heading":
            self.close()
            self.para = self.open(f"h{int(data['level'][1:])}")
        elif tag in ("CodeBlock", "HtmlBlock"):
            self.close()
            self.raw, self.raw_kind = [], tag
        elif tag == "List":
            self.close()
            self.lists.append(_List(data, len([c for c in self.containers if isinstance(c, _Item)])))
        elif tag == "Item":
            self.close()
            current = self.lists[-1]
            if current.number is None:
                mark = BULLETS[min(current.depth, len(BULLETS) - 1)]
            else:
                mark = f"{current.number}. "
                current.number += 1
            self.containers.append(_Item(mark))
        elif tag == "BlockQuote":
            self.close()
            self.containers.append("quote")
        elif tag == "Table":
            self.close()
            self.table_from = len(self.paras)
        elif tag in ("TableHead", "TableRow"):
            self.close()
            self.row, self.cells = [], 0
        elif tag == "TableCell":
            if self.row is not None and self.cells:
                self.row.append(_CELL_RULE)
            self.cells += 1

    def end(self, tag: str) -> None:
        if tag in _SPANS:
            if self.styles:
                self.styles.pop()
        elif tag == "Link":
            if self.links:
                self.links.pop()
            if self.written:
                self.add(self.written.pop(), folded=False)
        elif tag == "Image":
            alt = "".join(run[0] for run in self.image or ())
            self.image = None
            self.add(f"[image{': ' + ' '.join(alt.split()) if alt.strip() else ''}]", ("image",))
            if self.image_href is not None and self.para is not None and self.para.runs:
                shown, styles, _link = self.para.runs[-1]
                self.para.runs[-1] = (shown, styles, self.image_href)
        elif tag in ("Paragraph", "Heading"):
            self.close()
        elif tag in ("CodeBlock", "HtmlBlock"):
            self._raw_block()
        elif tag == "List":
            self.close()
            if self.lists:
                self.lists.pop()
        elif tag == "Item" or tag == "BlockQuote":
            self.close()
            if self.containers:
                self.containers.pop()
        elif tag == "Table":
            _align(self.paras[self.table_from :])
        elif tag in ("TableHead", "TableRow"):
            row, self.row = self.row or [], None
            if any(run[0].strip() for run in row if run[1] != ("rule",)):
                para = self.open("head" if tag == "TableHead" else "row")
                para.runs = row
                if self.paras[-2:-1] and self.paras[-2].kind in ("head", "row"):
                    para.gap = False

    def inline_html(self, raw: str) -> None:
        from tui.core.format.inline import html_text, is_line_tag  # (when a summary holds HTML: not on every start)

        shown = html_text(raw)
        if shown is not None:
            self.add(shown)
        elif is_line_tag(raw):
            self.add("\n", folded=False)

    def _raw_block(self) -> None:
        raw, self.raw = "".join(self.raw or ()), None
        if self.raw_kind == "CodeBlock":
            text = raw.rstrip("\n")
            if text.strip():
                self.open("code").runs.append((block(text), ("code-block",), None))
            return
        text = _html_block_text(raw)
        if text:
            para = self.open("p")
            para.runs.append((block(text), (), None))
            if "://" in text:
                para.runs = [piece for run in para.runs for piece in _linked(run)]


_CELL_RULE: Run = (" │ ", ("rule",), None)


ALIGN_AT_MOST = 32
"""A table's columns are padded to line up to this many cells at most: a longer cell is left to
wrap in the pane, and the cells beside it are not padded to its width. (24 was too few for a link
cell: `alpha (alpha.example.com)`, its host shown after it, is 25.)"""


def _align(rows: list[Para]) -> None:
    """A table's cells padded to their column's width (in cells: CJK is two wide), up to
    `ALIGN_AT_MOST`."""
    from rich.cells import cell_len

    split: list[list[list[Run]]] = []
    for row in rows:
        cells: list[list[Run]] = [[]]
        for run in row.runs:
            if run == _CELL_RULE:
                cells.append([])
            else:
                cells[-1].append(run)
        split.append(cells)
    widths: dict[int, int] = {}
    for cells in split:
        for column, cell in enumerate(cells):
            widths[column] = min(ALIGN_AT_MOST, max(widths.get(column, 0), sum(cell_len(run[0]) for run in cell)))
    for row, cells in zip(rows, split):
        runs: list[Run] = []
        for column, cell in enumerate(cells):
            if column:
                runs.append(_CELL_RULE)
            runs.extend(cell)
            room = widths[column] - sum(cell_len(run[0]) for run in cell)
            if room > 0 and column < len(cells) - 1:
                runs.append((" " * room, (), None))
        row.runs = runs


def _html_block_text(raw: str) -> str:
    """An HTML block's text: tags gone (a line tag is a line break), entities decoded, each
    line's spaces folded."""

    from tui.core.format.inline import html_text, is_line_tag

    def tag(match: re.Match[str]) -> str:
        found = match.group()
        shown = html_text(found)
        if shown is not None:
            return shown
        return "\n" if is_line_tag(found) else ""

    import html

    text = html.unescape(re.sub(_TAG, tag, raw))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _linked(run: Run) -> list[Run]:
    """A run of text outside links with its bare `http(s)://` URLs made links."""
    text, styles, href = run
    if href is not None or "://" not in text or "code" in styles or "code-block" in styles:
        return [run]
    from tui.core.format.inline import bare_links  # (when a summary holds a bare URL)

    pieces: list[Run] = []
    link: str | None = None
    for token in bare_links([("t", text)]):
        if token[0] == "l":
            link = token[1] if drawn_as_link(token[1]) else None
        elif token[0] == "/l":
            link = None
        elif token[0] == "t" and link is not None and REPLACEMENT in token[1]:
            # A control ended the URL where it was (linkify would stop there): it is shown as �,
            # which must not continue it.
            url, _sep, after = token[1].partition(REPLACEMENT)
            pieces.append((url, styles, url if len(url) > len("https://") else None))
            pieces.append((REPLACEMENT + after, styles, None))
        elif token[0] == "t":
            pieces.append((token[1], styles, link))
    return pieces
