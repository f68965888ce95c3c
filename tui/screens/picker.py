"""A filterable picker: categories and tags, or authors, with item counts."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.core import display
from tui.core.session import Choice


class PickerScreen(ModalScreen[str | None]):
    """Type to narrow, ↑↓ to move, Enter to pick, Esc to close."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_picker", "Close", id="picker.close"),
        Binding("down", "move(1)", "Down", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Up", show=False, id="picker.up"),
    ]

    def __init__(self, title: str, choices: list[Choice], current: str | None = None, blink: bool = True,
                 loading: bool = False, kind: str = "") -> None:
        super().__init__()
        self.kind = kind
        """What it picks (the reader refills it by this)."""
        self.title_text = title
        self.choices = choices
        self.current = current
        self.blink = blink
        self.loading = loading
        """The library is still being read: an empty list says so (the reader refills it)."""

    def refill(self, choices: list[Choice], loading: bool) -> None:
        """New choices (the library arrived, or changed): shown at once, the typed text kept."""
        self.choices = choices
        self.loading = loading
        if self.is_mounted:
            self._fill(self.query_one(Input).value)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(self.title_text, id="picker-title")
            box = Input(placeholder="type to filter", id="picker-input")
            box.cursor_blink = self.blink
            yield box
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, text: str) -> None:
        wanted = text.casefold().strip()
        options = self.query_one(OptionList)
        options.clear_options()
        shown = [c for c in self.choices if not wanted or wanted in c.search]
        width = max((len(str(c.count)) for c in shown), default=1)
        for choice in shown:
            line = Text()
            line.append(f"{choice.count:>{width}}  ", style="dim")
            line.append(display.one_line(choice.label), style="bold" if choice.value == self.current else "")
            if choice.detail:
                line.append(f"  {display.one_line(choice.detail)}", style="dim")
            if not choice.count:
                line.stylize("dim")  # (with the other filters it would list nothing)
            options.add_option(Option(line, id=choice.value))
        if shown:
            options.highlighted = 0
        else:
            empty = "reading the digests…" if self.loading and not self.choices else "nothing matches"
            options.add_option(Option(Text(empty, style="dim"), disabled=True))

    @on(Input.Changed, "#picker-input")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-input")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if not option.disabled:
                self.dismiss(option.id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if not event.option.disabled:
            self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
