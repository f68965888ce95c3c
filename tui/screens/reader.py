"""The reader: digest list, item list and detail; owns the filters and the current selection."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from tui.core import textsafe
from tui.core.filters import Filters
from tui.core.links import refuse_reason
from tui.core.model import Digest, Item
from tui.core.pathshow import shown_path
from tui.core.view import View
from tui.widgets.detail import DetailView
from tui.widgets.digest_list import DigestList
from tui.widgets.item_list import ItemList
from tui.widgets.key_bar import KeyBar
from tui.widgets.search_box import SearchBox
from tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from textual.widgets import Markdown

    from tui.app import BriefApp

NARROW = 100
"""Below this many columns the panes stack."""


class ReaderScreen(Screen[None]):
    """Panes post messages up; this screen keeps the state and sets it on the panes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "next_pane", "Next pane", show=False, id="next_pane"),
        Binding("shift+tab", "previous_pane", "Previous pane", show=False, id="previous_pane"),
        Binding("o", "open_link", "Open link", id="open_link"),
        Binding("y", "copy_link", "Copy link", show=False, id="copy_link"),
        Binding("m", "toggle_read", "Mark", id="toggle_read"),
        Binding("A", "mark_all_read", "Mark all read", show=False, id="mark_all_read"),
        Binding("n", "next_unread", "Next unread", show=False, id="next_unread"),
        Binding("p", "previous_unread", "Previous unread", show=False, id="previous_unread"),
        Binding("u", "toggle_unread_only", "Unread only", id="unread_only"),
        Binding("c", "pick_category", "Category", id="pick_category"),
        Binding("a", "pick_author", "Author", id="pick_author"),
        Binding("slash", "search", "Search", id="search"),
        Binding("x", "clear_filters", "Clear", id="clear_filters"),
        Binding("escape", "back", "Back", show=False, id="back"),
        Binding("r", "reload", "Reload", show=False, id="reload"),
        Binding("exclamation_mark", "problems", "Problems", show=False, id="problems"),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    filters: reactive[Filters] = reactive(Filters, bindings=True, init=False)
    """What the user narrowed to."""
    chosen: reactive[Digest | None] = reactive(None, bindings=True, init=False)
    """The digest whose items are listed (None: all digests)."""
    current: reactive[Item | None] = reactive(None, bindings=True, init=False)
    """The highlighted item, shown in the detail pane."""

    def __init__(self) -> None:
        super().__init__()
        self.view = View()
        self._detail_timer: Timer | None = None

    @property
    def brief(self) -> BriefApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            yield DigestList(id="digests")
            with Vertical(id="right"):
                yield ItemList(id="items")
                yield DetailView(id="detail")
        yield KeyBar(id="keys")

    @property
    def digest_list(self) -> DigestList:
        return self.query_one("#digests", DigestList)

    @property
    def item_list(self) -> ItemList:
        return self.query_one("#items", ItemList)

    @property
    def detail(self) -> DetailView:
        return self.query_one("#detail", DetailView)

    @property
    def search_box(self) -> SearchBox:
        """The search box, made the first time it is needed (most starts never search)."""
        found = self._search_box_now()
        if found is None:
            found = SearchBox(self._search_typed, placeholder="search: headline, author, summary", id="search")
            found.cursor_blink = self.brief.blink
            self.query_one("#right").mount(found, before="#items")
        return found

    def _search_box_now(self) -> SearchBox | None:
        found = self.query("#search")
        return found.first(SearchBox) if found else None

    def on_mount(self) -> None:
        self.digest_list.border_title = "Digests"
        self.item_list.border_title = "Items"
        self.detail.border_title = "Detail"
        self.digest_list.focus()
        self.query_one("#detail", DetailView).clear("")
        self._apply_width(self.app.size.width)
        if self.brief.library.digests:
            self.loaded()  # the app read the index cache before the first frame

    def on_resize(self) -> None:
        self._apply_width(self.app.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < NARROW, "-narrow")

    # -- loading ---------------------------------------------------------------------------

    def loading(self, done: int, total: int) -> None:
        """Show index progress (the bar is made when files need parsing)."""
        from textual.widgets import ProgressBar

        found = self.query("#progress")
        if not found and done >= total:
            return
        bar = found.first(ProgressBar) if found else ProgressBar(id="progress", show_eta=False)
        if not found:
            self.mount(bar, after="#status")
        bar.display = True
        bar.update(total=max(total, 1), progress=done)

    def counts_ready(self) -> None:
        """Counts that were worked out in the background are at hand: draw them."""
        self.digest_list.refresh()
        self._update_status()
        self.refresh_bindings()

    def loaded(self) -> None:
        """The library is (re)loaded: redraw everything."""
        for bar in self.query("#progress"):
            bar.display = False
        if self.chosen is not None and self.chosen not in self.brief.library.digests:
            self.set_reactive(ReaderScreen.chosen, None)
        self.refresh_view()

    # -- state to panes --------------------------------------------------------------------

    def refresh_view(self) -> None:
        """Recompute the view from the state and set it on every pane."""
        app = self.brief
        self.view = app.builder.build(self.filters, app.read, app.read_version, self.chosen)
        chosen_row = self.view.rows[self.view.chosen]
        if chosen_row.digest is not self.chosen:
            self.set_reactive(ReaderScreen.chosen, chosen_row.digest)
        self.digest_list.empty_text = self._no_digests_text()
        self.digest_list.show(self.view.rows, self.view.chosen, self.filters.active)
        self.item_list.empty_text = self._no_items_text()
        self.item_list.show(self.view.items, app.library, app.read, self.filters.search, self.chosen is None, self.current)
        self._update_status()

    def _update_status(self) -> None:
        row = self.view.rows[self.view.chosen] if self.view.rows else None
        note = "loading…" if self.brief.library_loading else ""
        unread = (row.unread if row.counted else None) if row else 0
        self.query_one(StatusBar).show(self._chips(), row.shown if row else 0, unread, note)

    def _no_digests_text(self) -> str:
        if self.brief.library_loading:
            return "Loading digests…"
        folders = "\n".join(shown_path(p) for p in self.brief.paths)
        return (
            f"No digests (*.md, *.markdown) found in\n{folders}\n\n"
            f"Run `brief FOLDER`, or list folders in\n{shown_path(self.brief.config_path)}:\n"
            'paths = ["~/news"]'
        )

    def _no_items_text(self) -> str:
        if not self.brief.library.digests:
            return self._no_digests_text()
        if self.filters.active:
            return "No items match " + ", ".join(self._chips()) + ".\nPress x to clear the filters."
        return "This digest has no items."

    def _chips(self) -> list[str]:
        """The active filters, as the header shows them and the empty list names them."""
        parts = []
        if self.filters.category:
            parts.append(f"category: {self.filters.category}")
        if self.filters.authors is not None:
            names = sorted(self.brief.library.authors.display(a) for a in self.filters.authors)
            parts.append("author: " + (", ".join(names) or "?"))
        if self.filters.search:
            parts.append(f"/{self.filters.search}")
        if self.filters.unread_only:
            parts.append("unread only")
        return parts

    def watch_filters(self) -> None:
        self.refresh_view()

    def watch_chosen(self) -> None:
        self.refresh_view()

    def watch_current(self, item: Item | None) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        if item is None:
            self.detail.clear("")
            return
        delay = self.brief.detail_delay
        if delay <= 0:
            self._load_detail(item)
        else:
            # Moving fast through the list redraws only the list; the detail follows when it settles.
            self._detail_timer = self.set_timer(delay, lambda: self._load_detail(item))

    @work(thread=True, exclusive=True, group="detail")
    def _load_detail(self, item: Item) -> None:
        library = self.brief.library
        summary = library.summary(item)
        first, others = library.first_seen(item), library.also_in(item)
        self.app.call_from_thread(self._show_detail, item, summary, first, others)

    def _show_detail(self, item: Item, summary: str, first: Digest | None, others: list[Digest]) -> None:
        if item is self.current:
            self.detail.show(item, self.brief.library, item.key in self.brief.read, summary, first, others)

    def _redraw_marks(self) -> None:
        """Read marks changed: counts and marks everywhere, keeping the cursor."""
        self.refresh_view()
        if self.current is not None:
            self._load_detail(self.current)

    # -- messages from the panes -----------------------------------------------------------

    @on(DigestList.Chosen)
    def _digest_chosen(self, event: DigestList.Chosen) -> None:
        self.chosen = event.digest
        self.item_list.focus()

    @on(ItemList.Highlighted)
    def _item_highlighted(self, event: ItemList.Highlighted) -> None:
        self.current = event.item

    @on(ItemList.Opened)
    def _item_opened(self, event: ItemList.Opened) -> None:
        self.current = event.item
        self.brief.mark_read([event.item.key])
        self._redraw_marks()
        self.detail.focus()

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """A link inside a summary: checked like any other, opened off the UI thread."""
        event.stop()
        reason = refuse_reason(event.href)
        if reason is not None:
            self.notify(f"Not opened: {reason}", severity="warning", markup=False)
            return
        self.brief.open_in_browser(event.href, None)

    def _search_typed(self, text: str) -> None:
        """The search box's text changed (called within the keystroke: see SearchBox)."""
        self.filters = Filters(self.filters.category, self.filters.authors, text, self.filters.unread_only)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.set_class(bool(self.filters.search), "-searching")
        self.item_list.focus()

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_link", "copy_link"):
            return self.current is not None and self.current.url is not None or None
        if action == "toggle_read":
            return self.current is not None or None
        if action == "clear_filters":
            return self.filters.active or None
        if action == "problems":
            return bool(self.brief.library.problems)
        if action == "mark_all_read":
            row = self.view.rows[self.view.chosen] if self.view.rows else None
            if row is not None and not row.counted:
                return True  # not counted yet: the action itself counts
            return row is not None and row.unread > 0 or None
        return True

    def _panes(self) -> list:
        return [self.digest_list, self.item_list, self.detail]

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def _cycle(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        index = panes.index(focused) if focused in panes else -step
        panes[(index + step) % len(panes)].focus()

    def _item_now(self) -> Item | None:
        """The item under the item list's cursor. `current` follows it by a message, so keys
        that arrive together (j then o) would otherwise act on the row the cursor just left."""
        return self.item_list.current if self.item_list.row_count else self.current

    def action_open_link(self) -> None:
        item = self._item_now()
        if item is None:
            return
        reason = refuse_reason(item.url)
        if reason is not None:
            self.notify(f"Not opened: {reason}", severity="warning", markup=False)
            return
        assert item.url is not None
        self.brief.open_in_browser(item.url, item.key)

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
        if item is None:
            return
        if item.key in self.brief.read:
            self.brief.mark_unread([item.key])
        else:
            self.brief.mark_read([item.key])
        self._redraw_marks()

    def action_mark_all_read(self) -> None:
        keys = [item.key for item in self.view.items if item.key not in self.brief.read]
        if not keys:
            return
        where = "all digests" if self.chosen is None else textsafe.one_line(self.chosen.title)
        question = f"Mark {len(keys)} unread item(s) in {where} as read?"

        def answered(yes: bool | None) -> None:
            if yes:
                self.brief.mark_read(keys)
                self._redraw_marks()
                self.notify(f"Marked {len(keys)} item(s) read", timeout=2, markup=False)

        from tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question), answered)

    def _step_unread(self, step: int) -> None:
        read = self.brief.read
        items = self.view.items
        start = self.item_list.cursor
        index = start + step
        while 0 <= index < len(items):
            if items[index].key not in read:
                self.item_list.move_to(index)
                self.item_list.focus()
                return
            index += step
        if self.chosen is not None:
            rows = self.view.rows
            position = next((i for i, row in enumerate(rows) if row.digest is self.chosen), 0)
            position += step
            while 1 <= position < len(rows):
                if rows[position].unread:
                    target = rows[position].digest
                    self.chosen = target
                    unread = [i for i, item in enumerate(self.view.items) if item.key not in read]
                    if unread:
                        self.item_list.move_to(unread[0] if step > 0 else unread[-1])
                    self.item_list.focus()
                    return
                position += step
        self.notify("No more unread items" if step > 0 else "No earlier unread items", timeout=2, markup=False)

    def action_next_unread(self) -> None:
        self._step_unread(1)

    def action_previous_unread(self) -> None:
        self._step_unread(-1)

    def action_toggle_unread_only(self) -> None:
        f = self.filters
        self.filters = Filters(f.category, f.authors, f.search, not f.unread_only)

    def set_category(self, category: str | None) -> None:
        """Filter by a category or tag (None: any)."""
        f = self.filters
        self.filters = Filters(category, f.authors, f.search, f.unread_only)

    def set_author(self, ident: str | None) -> None:
        """Filter by an author identity (None: any)."""
        f = self.filters
        self.filters = Filters(f.category, frozenset({ident}) if ident else None, f.search, f.unread_only)

    def action_pick_category(self) -> None:
        from tui.screens.picker import Choice, PickerScreen

        counts = self.brief.library.label_counts()
        tags = {t for d in self.brief.library.digests for t in d.tags}
        choices = [
            Choice(label, "tag" if label in tags else "", count, label, label.casefold())
            for label, count in sorted(counts.items(), key=lambda e: (-e[1], e[0]))
        ]
        self.app.push_screen(PickerScreen("Category or tag", choices, self.filters.category), self._picked_category)

    def _picked_category(self, value: str | None) -> None:
        if value is not None:
            self.set_category(value)

    def action_pick_author(self) -> None:
        from tui.screens.picker import Choice, PickerScreen

        library = self.brief.library
        choices = []
        for ident, count in sorted(library.author_counts().items(), key=lambda e: (-e[1], library.authors.display(e[0]))):
            name = library.authors.display(ident)
            handle = library.authors.handle(ident) or ""
            search = " ".join([name, handle, *library.authors.aliases(ident)]).casefold()
            choices.append(Choice(name, handle if handle != name else "", count, ident, search))
        current = next(iter(self.filters.authors)) if self.filters.authors else None
        self.app.push_screen(PickerScreen("Author", choices, current), self._picked_author)

    def _picked_author(self, value: str | None) -> None:
        if value is not None:
            self.set_author(value)

    def action_search(self) -> None:
        if not self.brief.library.search.ready and not self.brief.library_loading:
            self.brief.load_search()
        self.add_class("-searching")
        self.search_box.focus()

    def action_clear_filters(self) -> None:
        box = self._search_box_now()
        if box is not None:
            box.clear_quietly()
        self.remove_class("-searching")
        self.filters = Filters()

    def action_back(self) -> None:
        box = self._search_box_now()
        if box is not None and box.has_focus:
            box.clear_quietly()
            self.remove_class("-searching")
            f = self.filters
            self.filters = Filters(f.category, f.authors, "", f.unread_only)
            self.item_list.focus()
        elif self.detail.has_focus or self.detail.has_focus_within:
            self.item_list.focus()
        elif self.item_list.has_focus:
            self.digest_list.focus()
        elif self.chosen is not None:
            self.chosen = None

    def action_reload(self) -> None:
        self.brief.load_library()

    def action_problems(self) -> None:
        from tui.screens.problems import ProblemsScreen

        self.app.push_screen(ProblemsScreen(self.brief.library.problems))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.active_bindings))
