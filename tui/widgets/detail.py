"""The detail pane: an item's headline, author, digest, labels, link, repeats and summary."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.core import display
from tui.core.corpus.library import Library
from tui.core.display import for_display
from tui.core.format.links import display_host
from tui.core.model import Digest, Item
from tui.core.session import Detail

DATE_FROM = {"file name": "the file name", "timestamp line": "a timestamp line", "title heading": "the title heading",
             "mtime": "the file's modification time"}
"""Where a date came from, when not from the header."""


def describe(item: Item, library: Library, read: bool, first: Digest | None, others: list[Digest]) -> Text:
    """The head of the detail view, as Rich Text built from data (never parsed as markup).

    `first` and `others` are where the story was first seen and the other digests carrying it
    (worked out off the UI thread: before the stories are numbered that is a pass over every digest)."""
    digest = item.digest
    assert digest is not None
    text = Text()
    text.append(display.one_line(item.headline), style="bold")
    text.append("\n")
    author = library.author_name(item)
    handle = library.authors.handle(library.author_id(item))
    if author:
        text.append(display.one_line(author), style="italic")
        if handle and handle != author:
            text.append(f"  {display.one_line(handle)}", style="dim")
        text.append("\n")
    when = digest.date.astimezone().strftime("%Y-%m-%d %H:%M")
    if digest.date_source in DATE_FROM:
        when += f" (date from {DATE_FROM[digest.date_source]})"
    text.append(f"{display.one_line(digest.title)}  ·  {when}  ·  #{item.number}", style="dim")
    text.append("   read" if read else "   unread", style="dim" if read else "bold")
    text.append("\n")
    if item.section:
        text.append(f"§ {display.one_line(item.section)}\n", style="dim")
    labels = [display.one_line(label) for label in digest.categories] + [f"#{display.one_line(t)}" for t in digest.tags]
    if labels:
        text.append("  ".join(labels), style="dim")
        text.append("\n")
    if item.url:
        host = display_host(item.url)
        text.append(f"{host}  " if host else "", style="bold")
        text.append(display.one_line(item.url), style="underline")
        text.append("\n")
    else:
        text.append("no link\n", style="dim")
    if first is not None and first is not digest:
        text.append(f"first seen in {display.one_line(first.title)}\n", style="dim")
    if others:
        names = ", ".join(display.one_line(d.stem) for d in others[:4])
        more = f" and {len(others) - 4} more" if len(others) > 4 else ""
        text.append(f"also in {names}{more}\n", style="dim")
    return text


class DetailView(VerticalScroll, can_focus=True):
    """Scrollable detail of one item; the summary is rendered Markdown with links held back.

    The Markdown widget (and markdown-it) is only brought in when the first summary is shown,
    so the lists are on screen before it.
    """

    def compose(self) -> ComposeResult:
        yield Static(id="detail-head")

    def _show_markdown(self, text: str) -> None:
        from textual.widgets import Markdown

        for plain in self.query("#detail-plain"):
            plain.remove()
        found = self.query(Markdown)
        if found:
            found.first().update(text)
        else:
            self.mount(Markdown(text, id="detail-body", open_links=False))

    def _show_plain(self, text: str) -> None:
        for body in self.query("#detail-body"):
            body.remove()
        found = self.query("#detail-plain")
        if found:
            found.first(Static).update(Text(text))
        else:
            self.mount(Static(Text(text), id="detail-plain"))

    def clear(self, message: str = "") -> None:
        """Show nothing (or a short message)."""
        self.query_one("#detail-head", Static).update(Text(message, style="dim"))
        for body in self.query("#detail-body, #detail-plain"):
            body.remove()

    def show(self, detail: Detail, library: Library, read: bool) -> None:
        """Show an item with its summary and repeats (see `describe`)."""
        head = describe(detail.item, library, read, detail.first, detail.others)
        self.query_one("#detail-head", Static).update(head)
        text, markdown = for_display(detail.summary)
        if markdown:
            self._show_markdown(text)
        else:
            self._show_plain(text)
        self.scroll_home(animate=False)
