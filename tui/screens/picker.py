"""A filterable picker: categories and tags, or authors, with item counts."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.core.session import Choice
from tui.widgets.choice_list import ChoiceList
from tui.widgets.key_bar import KeyBar
from tui.widgets.line_list import LineList


class PickerScreen(ModalScreen[str | None]):
    """Type to narrow, ↑↓ to move, Enter to pick, Esc to close."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_picker", "Close", id="picker.close"),
        Binding("down", "move(1)", "Down", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Up", show=False, id="picker.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="picker.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="picker.page_up"),
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
            yield ChoiceList(id="picker-options")
        yield KeyBar(id="picker-bar")  # (its own keys, not the reader's)

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    @property
    def options(self) -> ChoiceList:
        """The list of the choices shown."""
        return self.query_one("#picker-options", ChoiceList)

    def _fill(self, text: str) -> None:
        wanted = text.casefold().strip()
        shown = [c for c in self.choices if wanted in c.search] if wanted else self.choices
        empty = "reading the digests…" if self.loading and not self.choices else "nothing matches"
        self.options.show(shown, self.current, empty)

    @on(Input.Changed, "#picker-input")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-input")
    def _submitted(self) -> None:
        chosen = self.options.chosen
        if chosen is not None:
            self.dismiss(chosen.value)

    def on_line_list_activated(self, event: LineList.Activated) -> None:
        """A click on a choice picks it."""
        chosen = self.options.chosen
        if chosen is not None:
            self.dismiss(chosen.value)

    def action_move(self, step: int) -> None:
        options = self.options
        options.move_to(options.cursor + step)

    def action_page(self, step: int) -> None:
        options = self.options
        options.move_to(options.cursor + step * max(1, options.scrollable_content_region.height - 1))

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
