"""Help, generated from the live bindings of the screen it was asked from (the reader, the document
view) at the moment it was asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.screens.pager import PagerKeys, pager_bindings
from tui.widgets.key_bar import KeyBar

GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("Moving", ("list.up", "list.down", "list.first", "list.last", "list.page_up", "list.page_down", "detail.down",
                "detail.up", "detail.page_up", "detail.page_down", "detail.top", "detail.bottom", "digests.collapse",
                "digests.expand", "next_pane", "previous_pane", "next_unread", "previous_unread", "back",
                "document.down", "document.up", "document.page_down", "document.page_up", "document.top",
                "document.bottom", "document.close")),
    ("Reading", ("list.select", "read_on", "open_link", "copy_link", "toggle_read", "mark_all_read", "view_document",
                 "document.open_link")),
    ("Filtering", ("unread_only", "show_new", "pick_category", "pick_author", "search", "clear_filters")),
    ("App", ("reload", "update_sources", "problems", "help", "document.help", "command_palette", "quit")),
]
"""What help lists, by what the keys do. A binding of Brief's own (it has an id) in none of them
is listed under "More"; one without an id (Textual's generic scrolling keys, which a reader
never uses) is left out."""


def bindings_table(bindings: dict[str, ActiveBinding], key_display: Callable[[Binding], str]) -> Table:
    """Key, what it does, and its binding id (for `[keymap]` in config.toml), grouped by what
    the keys do; dim: cannot apply right now."""
    keys: dict[str, list[str]] = {}
    described: dict[str, str] = {}
    enabled: dict[str, bool] = {}
    for _key, active in bindings.items():
        binding = active.binding
        ident = binding.id or binding.action
        if not binding.description:
            continue
        keys.setdefault(ident, [])
        shown = key_display(binding)
        if shown not in keys[ident]:
            keys[ident].append(shown)
        described.setdefault(ident, "Palette: every action" if ident == "command_palette" else binding.description)
        enabled[ident] = enabled.get(ident, False) or active.enabled
    table = Table(box=None, show_header=True, header_style="bold", expand=True, pad_edge=False)
    table.add_column("Key", no_wrap=True)
    table.add_column("Does", min_width=12)  # (where narrow, the binding ids fold rather than this go)
    table.add_column("Binding id", style="dim", overflow="fold")
    grouped = {ident for _group, idents in GROUPS for ident in idents}
    own = {active.binding.id for active in bindings.values() if active.binding.id}
    more = tuple(ident for ident in keys if ident in own and ident not in grouped)
    for group, idents in [*GROUPS, ("More", more)]:
        listed = [ident for ident in idents if ident in keys]
        if not listed:
            continue
        if table.row_count:
            table.add_row("", "", "")
        table.add_row(Text(group, style="bold underline"), "", "")
        for ident in listed:
            style = "" if enabled[ident] else "dim"
            table.add_row(Text(", ".join(keys[ident]), style="bold " + style), Text(described[ident], style=style),
                          Text(ident))
    return table


class HelpScreen(PagerKeys, ModalScreen[None]):
    """Every key that works where help was opened; dim ones cannot apply right now."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
        *pager_bindings("help"),
    ]

    def __init__(self, bindings: dict[str, ActiveBinding]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Label("Help: the keys that work here", id="help-title")
            with VerticalScroll(id="help-body", can_focus=False):
                yield Static(bindings_table(self.bindings, self.app.get_key_display))
            keys = 'Esc closes; j/k, Space/b scroll. Rebind any key in config.toml: [keymap] <binding id> = "keys".'
            yield Static(keys, id="help-keys", markup=False)  # (wraps where narrow: a Label is cut)
        yield KeyBar(id="help-bar")  # (its own keys: the reader's bar below would offer keys that do nothing here)

    @property
    def pager_body(self) -> VerticalScroll:
        return self.query_one("#help-body", VerticalScroll)

    def action_close(self) -> None:
        self.dismiss(None)
