"""The detail pane: an item's headline, author, digest, labels, link, repeats and summary."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from tui.core import display
from tui.core.corpus.library import Library
from tui.core.display import digest_name, for_display
from tui.core.format.links import display_host, refuse_reason
from tui.core.model import Digest, Item
from tui.core.session import Detail
from tui.widgets.scrolling import scroll_lines, scroll_pages
from tui.widgets.summary import SummaryView

DATE_FROM = {"file name": "the file name", "timestamp line": "a timestamp line", "title heading": "the title heading"}
"""Where a date came from, when not from the header."""

COMPACT_BELOW = 14
"""With fewer rows than this, the head folds into three lines and the rest goes below the summary."""

SEPARATOR = "  ·  "


class Described:
    """The detail's text, made from data (never parsed as markup). (A plain class: each
    dataclass costs the reader's start ~0.5 ms to make.)"""

    __slots__ = ("foot", "head")

    def __init__(self, head: Text, foot: Text) -> None:
        self.head = head
        """Above the summary."""
        self.foot = foot
        """Below it (what a compact head leaves out; empty otherwise)."""


def _when(digest: Digest) -> str:
    when = digest.date.astimezone().strftime("%Y-%m-%d %H:%M")
    if digest.date_source == "mtime":  # (as the lists say: a copy's mtime says nothing of when it was written)
        return f"{display.NO_DATE} (the file was modified {when})"
    if digest.date_source in DATE_FROM:
        when += f" (date from {DATE_FROM[digest.date_source]})"
    return when


def _same_item(old: Item, new: Item) -> bool:
    """Whether two items are one place in one file (a reload makes new Item objects for it)."""
    return old is new or (old.file_place == new.file_place and old.digest is not None and new.digest is not None
                          and old.digest.path == new.digest.path)


def _link(text: Text, item: Item) -> None:
    refused = refuse_reason(item.url) if item.url else None
    if item.url and refused:
        text.append(display.one_line(item.url), style="dim")  # not drawn as a link: it will not open
        text.append(f"  ({display.one_line(refused)})", style="dim italic")
    elif item.url:
        host = display_host(item.url)
        text.append(f"{host}  " if host else "", style="bold")
        text.append(display.one_line(item.url), style="underline")
    else:
        text.append("no link", style="dim")
    text.append("\n")


def _repeats(text: Text, digest: Digest, first: Digest | None, others: list[Digest]) -> None:
    """Where else the story was: one style for both lines (title and date), the first-seen
    digest not named twice."""
    if first is not None and first is not digest:
        text.append(f"first seen in {digest_name(first.title, first.date)}\n", style="dim")
    rest = [d for d in others if d is not first]
    if rest:
        names = "; ".join(digest_name(d.title, d.date) for d in rest[:3])
        more = f" and {len(rest) - 3:,} more" if len(rest) > 3 else ""
        text.append(f"also in {names}{more}\n", style="dim")


def describe(item: Item, library: Library, read: bool, first: Digest | None, others: list[Digest],
             compact: bool = False) -> Described:
    """The head (and, when `compact`, the foot) of the detail view.

    `first` and `others` are where the story was first seen and the other digests carrying it
    (worked out off the UI thread: before the stories are numbered that is a pass over every digest).
    Compact: headline; author, date, number, read state and section; link (one line each, cut
    to the width). The digest's title, labels and repeats go below the summary."""
    digest = item.digest
    assert digest is not None
    head = Text(no_wrap=compact, overflow="ellipsis", end="")
    foot = Text(end="")
    if not display.is_blank(item.headline):
        head.append(display.one_line(item.headline), style="bold")
    else:
        head.append("(no headline)", style="dim")
    head.append("\n")
    author = library.author_name(item)
    handle = library.authors.handle(library.author_id(item))
    state = ("read", "dim") if read else ("unread", "bold")
    labels = [display.one_line(label) for label in digest.categories] + [f"#{display.one_line(t)}" for t in digest.tags]
    if compact:
        if author:
            head.append(display.one_line(author), style="italic")
            head.append(SEPARATOR, style="dim")
        head.append(f"{digest.date.astimezone():%Y-%m-%d %H:%M}  ·  #{item.number}  ·  ", style="dim")
        head.append(*state)
        if item.section:
            head.append(f"  ·  § {display.one_line(item.section)}", style="dim")
        head.append("\n")
        _link(head, item)
        foot.append(f"{display.one_line(digest.title)}  ·  {_when(digest)}\n", style="dim")
        if handle and handle != author:
            foot.append(f"{display.one_line(handle)}\n", style="dim")
        if labels:
            foot.append("  ".join(labels) + "\n", style="dim")
        _repeats(foot, digest, first, others)
        return Described(head, foot)
    if author:
        head.append(display.one_line(author), style="italic")
        if handle and handle != author:
            head.append(f"  {display.one_line(handle)}", style="dim")
        head.append("\n")
    head.append(f"{display.one_line(digest.title)}  ·  {_when(digest)}  ·  #{item.number}   ", style="dim")
    head.append(*state)
    head.append("\n")
    if item.section:
        head.append(f"§ {display.one_line(item.section)}\n", style="dim")
    if labels:
        head.append("  ".join(labels) + "\n", style="dim")
    _link(head, item)
    _repeats(head, digest, first, others)
    return Described(head, foot)


class DetailView(VerticalScroll, can_focus=True):
    """Scrollable detail of one item: a head, the summary (its Markdown drawn by one widget,
    `SummaryView`, links held back, the search's matches highlighted) and a foot. Nothing is
    mounted to show an item: the first screen is one frame, summary included."""

    class Drawn(Message):
        """What `show` was given is all in the widget tree: the head and the summary; it is
        drawn on the next refresh."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="detail.up"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="detail.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="detail.page_down"),
        Binding("home,g", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("end,G", "scroll_end", "Bottom", show=False, id="detail.bottom"),
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._shown: tuple[Detail, Library, bool, str] | None = None
        self._compact = False

    # Each key scrolls at once (`scrolling`): keys typed in a burst all count.
    def action_scroll_down(self) -> None:
        self._scroll(lines=1)

    def action_scroll_up(self) -> None:
        self._scroll(lines=-1)

    def action_page_down(self) -> None:
        self._scroll(pages=1)

    def action_page_up(self) -> None:
        self._scroll(pages=-1)

    def _scroll(self, lines: int = 0, pages: int = 0) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        if pages:
            scroll_pages(self, pages)
        else:
            scroll_lines(self, lines)

    def compose(self) -> ComposeResult:
        yield Static(id="detail-head")
        yield SummaryView(id="detail-body")
        yield Static(id="detail-foot")

    @property
    def at_end(self) -> bool:
        """Whether the last line is on screen (nothing left to scroll down to)."""
        return self.scroll_y >= self.max_scroll_y

    def clear(self, message: str = "") -> None:
        """Show nothing (or a short message)."""
        self._shown = None
        self.query_one("#detail-head", Static).update(Text(message, style="dim"))
        self.query_one("#detail-foot", Static).update("")
        self.query_one(SummaryView).show("", False)

    def show(self, detail: Detail, library: Library, read: bool, needle: str = "") -> None:
        """Show an item with its summary and repeats (see `describe`); `needle`: the search
        text, highlighted. All of it is drawn on the next refresh (`Drawn` says so). The same
        item shown again (a reload, new files arriving, a read mark, a search typed) keeps its
        scroll: only another item starts at the top."""
        again = self._shown is not None and _same_item(self._shown[0].item, detail.item)
        self._shown = (detail, library, read, needle)
        self._compact = self._is_short()
        self.set_class(self._compact, "-compact")
        self._draw_text()
        text, markdown = for_display(detail.summary)
        self.query_one(SummaryView).show(text, markdown, needle)
        self.post_message(self.Drawn())
        if not again:
            self.scroll_home(animate=False)

    def _is_short(self) -> bool:
        height = self.scrollable_content_region.height
        return 0 < height < COMPACT_BELOW

    def _draw_text(self) -> None:
        assert self._shown is not None
        detail, library, read, _needle = self._shown
        described = describe(detail.item, library, read, detail.first, detail.others, self._compact)
        self.query_one("#detail-head", Static).update(described.head)
        foot = described.foot
        if foot:
            foot = Text.assemble("\n", foot, end="")
        self.query_one("#detail-foot", Static).update(foot)

    def on_resize(self, event: events.Resize) -> None:
        if self._shown is not None and self._is_short() != self._compact:
            self._compact = not self._compact
            self.set_class(self._compact, "-compact")
            self._draw_text()
