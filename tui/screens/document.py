"""The whole digest as a document: its file rendered as Markdown (the intro, the essays, the parts
that are not items), scrolled to the item the reader was on. Links go through the link check.

The item you are in is named under the text (the one come from until the view scrolls, then
the first item starting on screen), and `o` opens its link (as `o` in the reader does); the
stories opened are marked read when the view closes (its result)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label

from tui.core import display
from tui.core.format import link_refs
from tui.core.format.decoding import SkipFile
from tui.core.format.links import refuse_reason
from tui.core.format.parser import Document, read_document
from tui.core.model import Digest, Item
from tui.core.summary_blocks import para_lines, summary_blocks
from tui.messages import LinkOpened
from tui.screens import reader_work
from tui.screens.pager import PagerKeys, pager_bindings
from tui.screens.palette import ScreenActions
from tui.widgets.document_text import DocumentText
from tui.widgets.key_bar import KeyBar
from tui.widgets.summary import SummaryView, SummaryVisual


class DocumentRead(Message):
    """The digest's file, read, made into paragraphs and laid out in a worker."""

    def __init__(self, document: Document | None, error: str, text: str = "", visual: SummaryVisual | None = None,
                 lines: list[int] | None = None) -> None:
        super().__init__()
        self.document = document
        self.error = error
        self.text = text
        """The body as shown (`display.for_display`)."""
        self.visual = visual
        """Its paragraphs, laid out (None: shown as plain text, too deeply nested to draw as Markdown)."""
        self.lines = lines or []
        """The line of the body each paragraph starts on."""


def _read(path: str, width: int, post: Callable[[Message], object]) -> None:
    try:
        document = read_document(path)
    except (OSError, SkipFile) as exc:
        post(DocumentRead(None, str(exc)))
        return
    body = link_refs.inline(document.body, link_refs.definitions(document.body))  # (a reference link shows its host too)
    text, as_markdown = display.for_display(body, limit=None)
    paras = summary_blocks(text, placed=True) if as_markdown else None
    visual = DocumentText.prepare(paras, width) if paras is not None else None
    post(DocumentRead(document, "", text, visual, para_lines(paras, text) if paras else None))


class DocumentActions(ScreenActions):
    """The document view's palette: its own actions (the reader's do not apply under it)."""

    TITLES: ClassVar[dict[str, str]] = {
        "document.close": "Back to the reader", "document.open_link": "Open the link of the item named",
        "document.top": "Top of the document", "document.bottom": "End of the document",
        "document.help": "Help: every key and its binding id",
    }


class DocumentScreen(PagerKeys, ModalScreen[list[str]]):
    """Scroll with the keys of a pager; Esc (or `v`, `q`) returns to the reader with the keys of
    the stories opened here (to be marked read)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v,q", "close", "Back", id="document.close"),
        Binding("o", "open_link", "Open link", id="document.open_link"),
        Binding("question_mark", "help", "Help", id="document.help"),
        *pager_bindings("document"),
    ]
    COMMANDS: ClassVar = {DocumentActions}

    def __init__(self, digest: Digest, item_place: int | None, browser: Callable[[str], bool]) -> None:
        super().__init__()
        self.digest = digest
        self.item_place = item_place
        """The item to scroll to (0-based, among the file's items: `Item.file_place`), if any."""
        self.browser = browser
        self._document: Document | None = None
        self._para_lines: list[int] = []
        """The body line each shown paragraph starts on."""
        self.top_item: Item | None = None
        """The item named under the view, the one `o` opens: the item come from until the view is
        scrolled, then the item at its top."""
        self._pinned: tuple[int, Item] | None = None
        """The item scrolled to on opening, and where the view was then."""
        self.opened: list[str] = []
        """The keys of the stories opened here."""

    def compose(self) -> ComposeResult:
        with Vertical(id="document"):
            yield Label(display.one_line(self.digest.title), id="document-title", markup=False)
            yield DocumentText("Reading the file…", id="document-body")
            yield Label("", id="document-item", markup=False)
            yield Label("j/k, Space/b scroll · o opens the item named above", id="document-keys", markup=False)
        yield KeyBar(id="document-bar")  # (its own keys: the reader's bar below would offer keys that do nothing here)

    @property
    def body(self) -> DocumentText:
        return self.query_one("#document-body", DocumentText)

    def on_mount(self) -> None:
        self.call_after_refresh(self._start_reading)  # (once laid out: the worker lays the lines out for its width)

    def _start_reading(self) -> None:
        self.run_worker(partial(_read, self.digest.path, self.body.layout_width, self.post_message), thread=True,
                        group="document", description="document")

    @on(DocumentRead)
    def _document_read(self, event: DocumentRead) -> None:
        body = self.body
        if event.document is None:
            body.show_error(f"Could not read the file: {display.one_line(event.error)}")
            return
        self._document, self._para_lines = event.document, event.lines
        starts = event.document.starts
        tail = max(0, bisect_right(event.lines, starts[-1]) - 1) if starts and event.lines else None
        body.show(event.text, event.visual, tail)
        if self.item_place is not None and 0 <= self.item_place < len(starts) and event.lines:
            body.scroll_to_para(max(0, bisect_right(event.lines, starts[self.item_place]) - 1))
            if self.item_place < len(event.document.items):
                # The item come from is the one named until the view is scrolled (it may not reach
                # the top: near the end of the file, or in a file that fits on the screen).
                self._pinned = (round(body.scroll_y), event.document.items[self.item_place])
        self._top_moved()

    @on(DocumentText.TopMoved)
    def _top_moved(self) -> None:
        if self._pinned is not None and self._pinned[0] != round(self.body.scroll_y):
            self._pinned = None
        item = self._pinned[1] if self._pinned is not None else self._item_at_top()
        if item is self.top_item:
            return
        self.top_item = item
        self._name_item()
        self.refresh_bindings()

    def _name_item(self) -> None:
        """The line under the text: the item `o` opens, and whether it was opened here."""
        item = self.top_item
        label = self.query_one("#document-item", Label)
        if item is None:
            label.update("")
            return
        where = f" · {display.one_line(item.section)}" if item.section else ""
        opened = " ✓ opened" if item.key in self.opened else ""
        label.update(f"▸ {item.number}/{len(self._document.items) if self._document else 0}{opened}{where} · "
                     f"{display.one_line(item.headline) or '(no headline)'}")

    def _item_at_top(self) -> Item | None:
        """The item being read at the top of the view: one that starts in its first rows (a
        quarter of it, at least 3: a heading over an item is no item of its own), else the item
        the top line belongs to (None: the prose before the first item). An item that only
        starts lower down is not named yet: `o` opened it while its neighbour above was read."""
        document, paras = self._document, self._para_lines
        body = self.body
        if document is None or not document.items or not paras:
            return None
        top = round(body.scroll_y)
        para = body.para_at(top)
        if para < 0:
            return None
        starts = document.starts
        first = bisect_left(starts, paras[para])  # (the first item starting in the top paragraph or below it)
        if first < len(starts):
            near = body.para_at(top + max(3, body.scrollable_content_region.height // 4) - 1)
            if max(0, bisect_right(paras, starts[first]) - 1) <= near:
                return document.items[first] if first < len(document.items) else None
        return document.items[first - 1] if 0 < first <= len(document.items) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_link":
            return self.top_item is not None and self.top_item.url is not None or None
        return True

    def on_key(self, event: events.Key) -> None:
        """`o` where it cannot apply says why (as in the reader)."""
        active = self.active_bindings.get(event.key)
        if active is None or active.enabled or active.node is not self or active.binding.action != "open_link":
            return
        event.stop()
        reason = "No item here: scroll to one" if self.top_item is None else "This item has no link"
        self.notify(reason, timeout=2, markup=False)

    def action_open_link(self) -> None:
        item = self.top_item
        if item is None or item.url is None:
            return
        reason = refuse_reason(item.url)
        if reason is not None:
            self.notify(f"Not opened: {reason}", severity="warning", markup=False)
            return
        self.run_worker(partial(reader_work.open_link, self.browser, item.url, item.key, self.post_message),
                        thread=True, group="browser", description="browser")

    @on(SummaryView.LinkClicked)
    def _link_clicked(self, event: SummaryView.LinkClicked) -> None:
        event.stop()
        reason = refuse_reason(event.href)
        if reason is not None:
            self.notify(f"Not opened: {reason}", severity="warning", markup=False)
            return
        self.run_worker(partial(reader_work.open_link, self.browser, event.href, None, self.post_message),
                        thread=True, group="browser", description="browser")

    @on(LinkOpened)
    def _link_opened(self, event: LinkOpened) -> None:
        if event.opened and event.key is not None and event.key not in self.opened:
            self.opened.append(event.key)
            self._name_item()  # (it says the item was opened: it is marked read on return)
        if not event.opened:
            reason = event.error or "no web browser could be started (set $BROWSER)"
            self.notify(f"Could not open the link: {display.one_line(reason)}", severity="error", markup=False)

    @property
    def pager_body(self) -> DocumentText:
        return self.body

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.active_bindings))

    def action_close(self) -> None:
        self.dismiss(self.opened)
