"""Help, generated from the live bindings of the reader at the moment it was asked for."""

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


def bindings_table(bindings: dict[str, ActiveBinding], key_display: Callable[[Binding], str]) -> Table:
    """Key, what it does, and its binding id (for `[keymap]` in config.toml), grouped by action."""
    grouped: dict[tuple[str, str], list[str]] = {}
    enabled: dict[tuple[str, str], bool] = {}
    for _key, active in bindings.items():
        binding = active.binding
        if not binding.description:
            continue
        ident = (binding.id or binding.action, binding.description)
        grouped.setdefault(ident, [])
        shown = key_display(binding)
        if shown not in grouped[ident]:
            grouped[ident].append(shown)
        enabled[ident] = enabled.get(ident, False) or active.enabled
    table = Table(box=None, show_header=True, header_style="bold", expand=True, pad_edge=False)
    table.add_column("Keys", no_wrap=True)
    table.add_column("Does")
    table.add_column("Binding id", style="dim", no_wrap=True)
    for (binding_id, description), keys in sorted(grouped.items(), key=lambda entry: entry[0][1].casefold()):
        style = "" if enabled[(binding_id, description)] else "dim"
        table.add_row(Text(", ".join(keys), style="bold " + style), Text(description, style=style), Text(binding_id))
    return table


class HelpScreen(ModalScreen[None]):
    """Every key that works where help was opened; dim ones cannot apply right now."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def __init__(self, bindings: dict[str, ActiveBinding]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Label("Keys", id="help-title")
            with VerticalScroll():
                yield Static(bindings_table(self.bindings, self.app.get_key_display))
            keys = 'Rebind any key in config.toml: [keymap] <binding id> = "keys".  Esc closes.'
            yield Label(keys, id="help-keys", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
