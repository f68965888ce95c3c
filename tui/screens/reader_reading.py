"""The reader's reading actions (`o`, `y`, `m`, `A`, space, `n`, `p`, `w`, `u`): opening and copying
links, read marks, stepping through the unread, the new: a part of ReaderScreen."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from tui.core import display
from tui.core.format.links import refuse_reason
from tui.core.query.filters import Filters
from tui.core.session import Session
from tui.screens import reader_work

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from textual.app import App
    from textual.screen import Screen

    from tui.core.model import Digest, Item
    from tui.core.query.view import View
    from tui.widgets.detail import DetailView
    from tui.widgets.digest_list import DigestList
    from tui.widgets.item_list import ItemList


class ReadingActions:
    """Links, read marks and unread stepping; ReaderScreen mixes this in."""

    if TYPE_CHECKING:  # (ReaderScreen has these)
        session: Session
        filters: Filters
        chosen: Digest | None
        current: Item | None
        view: View
        app: App[Any]
        options: Any
        focused: Any

        @property
        def item_list(self) -> ItemList: ...
        @property
        def digest_list(self) -> DigestList: ...
        @property
        def detail(self) -> DetailView: ...

        def _dialog(self, screen: Screen[Any], answered: Callable[[Any], None] | None = None) -> None: ...
        def _marked(self, warning: str | None, keys: Iterable[str] = ()) -> None: ...
        def _item_now(self) -> Item | None: ...
        def _run(self, work: Callable[[], None], group: str, exclusive: bool = True) -> None: ...
        def notify(self, message: str, *, title: str = "", severity: Any = "information",
                   timeout: float | None = None, markup: bool = True) -> None: ...
        def post_message(self, message: Any) -> bool: ...

    def _open(self, url: str, key: str | None) -> None:
        self._run(partial(reader_work.open_link, self.options.browser, url, key, self.post_message), "browser",
                  exclusive=False)

    def action_open_link(self) -> None:
        item = self._item_now()
        if item is None:
            return
        reason = refuse_reason(item.url)
        if reason is not None or item.url is None:
            self.notify(f"Not opened: {reason}", severity="warning", markup=False)
            return
        self._open(item.url, item.key)

    def action_copy_link(self) -> None:
        item = self._item_now()
        if item is None or not item.url:
            return
        if refuse_reason(item.url) is not None and not item.url.isprintable():
            self.notify("This link holds control characters; not copied", severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(item.url)
        self.notify("Link copied", timeout=2, markup=False)

    def action_toggle_read(self) -> None:
        item = self._item_now()
        if item is not None:
            self._marked(self.session.toggle_read(item), [item.key])

    def action_mark_all_read(self) -> None:
        keys = self.session.unread_keys(self.view.items)
        if not keys:
            return
        question = self.session.mark_all_question(len(keys), self.filters, self.chosen)

        def answered(yes: bool | None) -> None:
            if yes:
                self._marked(self.session.mark_read(keys), keys)
                self.notify(f"Marked {display.counted(len(keys), 'item')} read", timeout=2, markup=False)

        from tui.screens.confirm import ConfirmScreen

        self._dialog(ConfirmScreen(question), answered)

    def _step_unread(self, step: int) -> None:
        found = self.session.step_unread(self.view, self.item_list.cursor, self.chosen, self.filters, step)
        if found is None:
            back = self.session.step_unread(self.view, self.item_list.cursor, self.chosen, self.filters, -step)
            if back is None:
                said = "No unread items here"
            elif step > 0:
                said = "No more unread items below (p: the ones above)"
            else:
                said = "No earlier unread items above (n: the ones below)"
            self.notify(said, timeout=2, markup=False)
            return
        digest, index = found
        if digest is not self.chosen:
            self.chosen = digest
            self.digest_list.move_to(self.digest_list.line_of(self.view.chosen))  # the digest cursor follows
        if index is not None:
            self.item_list.move_to(index)
        self.item_list.focus()

    def action_next_unread(self) -> None:
        self._step_unread(1)

    def action_read_on(self) -> None:
        """Space, as in newsboat and nom: the detail scrolls a page; at its end the item is
        marked read and the next unread item is shown."""
        detail = self.detail
        if self.current is not None and not detail.at_end:
            detail.scroll_page_down(animate=False)
            return
        item = self._item_now()
        if item is not None and not self.session.is_read(item):
            self._marked(self.session.mark_read([item.key]), [item.key])
        focused = self.focused
        self._step_unread(1)
        if focused is detail:
            detail.focus()  # reading on in the detail stays there

    def action_previous_unread(self) -> None:
        self._step_unread(-1)

    def action_show_new(self) -> None:
        """The stories that arrived since the last visit (the "New" row), or everything again."""
        if self.filters.new is not None:
            self.filters = replace(self.filters, new=None)
            return
        self.chosen = None
        self.filters = replace(self.filters, new=self.session.new)
        self.digest_list.move_to(1)

    def action_toggle_unread_only(self) -> None:
        self.filters = replace(self.filters, unread_only=not self.filters.unread_only)
