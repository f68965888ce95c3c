"""The whole digest as a document: its file rendered as Markdown (the intro, the essays, the parts
that are not items), scrolled to the item the reader was on. Links go through the link check."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label

from tui.core import display
from tui.core.format.decoding import SkipFile
from tui.core.format.links import refuse_reason
from tui.core.format.parser import Document, read_document
from tui.core.model import Digest
from tui.core.summary_blocks import para_lines, summary_blocks
from tui.messages import LinkOpened
from tui.screens import reader_work
from tui.screens.pager import PagerKeys, pager_bindings
from tui.widgets.document_text import DocumentText
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
    text, as_markdown = display.for_display(document.body, limit=None)
    paras = summary_blocks(text, placed=True) if as_markdown else None
    visual = DocumentText.prepare(paras, width) if paras is not None else None
    post(DocumentRead(document, "", text, visual, para_lines(paras, text) if paras else None))


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
            yield DocumentText("Reading the file…", id="document-body")
            yield Label("j/k, Space/b scroll · links open in the browser · Esc returns", id="document-keys",
                        markup=False)

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
        body.show(event.text, event.visual)
        starts = event.document.starts
        if self.item_number is not None and 0 < self.item_number <= len(starts) and event.lines:
            body.scroll_to_para(max(0, bisect_right(event.lines, starts[self.item_number - 1]) - 1))

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
        if not event.opened:
            reason = event.error or "no web browser could be started (set $BROWSER)"
            self.notify(f"Could not open the link: {display.one_line(reason)}", severity="error", markup=False)

    @property
    def pager_body(self) -> DocumentText:
        return self.body

    def action_close(self) -> None:
        self.dismiss(None)
