"""The whole digest as a document: its file rendered as Markdown (the intro, the essays, the parts
that are not items), scrolled to the item the reader was on. Links go through the link check."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label, Static

from tui.core import display
from tui.core.format.decoding import SkipFile
from tui.core.format.links import as_written, refuse_reason
from tui.core.format.parser import Document, read_document
from tui.core.model import Digest
from tui.messages import LinkOpened
from tui.screens import reader_work
from tui.screens.pager import PagerKeys, pager_bindings

if TYPE_CHECKING:
    from textual.widgets import Markdown


class DocumentRead(Message):
    """The digest's file, read in a worker."""

    def __init__(self, document: Document | None, error: str) -> None:
        super().__init__()
        self.document = document
        self.error = error


def _read(path: str, post: Callable[[Message], object]) -> None:
    try:
        post(DocumentRead(read_document(path), ""))
    except (OSError, SkipFile) as exc:
        post(DocumentRead(None, str(exc)))


class DocumentScreen(PagerKeys, ModalScreen[None]):
    """Scroll with the keys of a pager; Esc (or `v`, `q`) returns to the reader."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v,q", "close", "Back", id="document.close"),
        *pager_bindings("document"),
    ]

    def __init__(self, digest: Digest, item_number: int | None, browser: Callable[[str], bool]) -> None:
        super().__init__()
        self.digest = digest
        self.item_number = item_number
        """The item to scroll to (1-based), if any."""
        self.browser = browser

    def compose(self) -> ComposeResult:
        with Vertical(id="document"):
            yield Label(display.one_line(self.digest.title), id="document-title", markup=False)
            yield VerticalScroll(Static(Text("Reading the file…", style="dim")), id="document-body")
            yield Label("j/k, Space/b scroll · links open in the browser · Esc returns", id="document-keys",
                        markup=False)

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#document-body", VerticalScroll)

    def on_mount(self) -> None:
        self.run_worker(partial(_read, self.digest.path, self.post_message), thread=True, group="document",
                        description="document")

    @on(DocumentRead)
    def _document_read(self, event: DocumentRead) -> None:
        body = self.body
        body.remove_children()
        if event.document is None:
            body.mount(Static(Text(f"Could not read the file: {display.one_line(event.error)}", style="dim")))
            return
        from textual.widgets import Markdown

        text, as_markdown = display.for_display(event.document.body, limit=None)
        widget: Widget = (Markdown(text, id="document-text", open_links=False, parser_factory=display.markdown_parser)
                          if as_markdown else Static(Text(text)))
        body.mount(widget)
        starts = event.document.starts
        if self.item_number is not None and 0 < self.item_number <= len(starts) and isinstance(widget, Markdown):
            line = starts[self.item_number - 1]
            self.call_after_refresh(self._scroll_to_line, widget, line, 40)

    def _scroll_to_line(self, markdown: Markdown, line: int, tries: int) -> None:
        """Scroll to the block holding `line`, once the Markdown has made its blocks and they are
        laid out (that takes a few frames for a long document)."""
        from textual.widgets._markdown import MarkdownBlock

        best: Widget | None = None
        for block in markdown.query(MarkdownBlock):
            start, end = block.source_range
            if start <= line < max(end, start + 1):
                best = block  # (later matches are nested deeper)
        if best is not None and best.region.height:
            self.body.scroll_to_widget(best, animate=False, top=True)
        elif tries:
            self.set_timer(0.05, lambda: self._scroll_to_line(markdown, line, tries - 1))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        href = as_written(event.markdown.source, event.href)
        reason = refuse_reason(href)
        if reason is not None:
            self.notify(f"Not opened: {reason}", severity="warning", markup=False)
            return
        self.run_worker(partial(reader_work.open_link, self.browser, href, None, self.post_message),
                        thread=True, group="browser", description="browser")

    @on(LinkOpened)
    def _link_opened(self, event: LinkOpened) -> None:
        if not event.opened:
            reason = event.error or "no web browser could be started (set $BROWSER)"
            self.notify(f"Could not open the link: {display.one_line(reason)}", severity="error", markup=False)

    @property
    def pager_body(self) -> VerticalScroll:
        return self.body

    def action_close(self) -> None:
        self.dismiss(None)
