"""The key bar: one line of key hints made from the screen's live bindings, dimmed when unavailable.

It draws itself as one line of text (Textual's Footer mounts a widget per key and rebuilds them
all whenever the bindings change, which cost a fifth of the reader's start-up).
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

LAST = ("help", "quit")
"""Actions always shown, at the end of the bar."""
DROP_FIRST = ("command_palette", "clear_filters", "pick_author", "pick_category", "select", "unread_only", "search",
              "toggle_read", "open_link")
"""When the bar is too narrow, hints go in this order (then the rest, from the right)."""


def fitted(hints: list[tuple[str, str, str, bool]], actions: list[str], width: int) -> list[int]:
    """Indexes of the hints that fit in `width` cells, in their order: those of `LAST` moved to
    the end and kept, the others dropped least important first."""
    order = [i for i, action in enumerate(actions) if action not in LAST] + [
        i for i, action in enumerate(actions) if action in LAST]

    def cells(index: int) -> int:
        _key, shown, description, _enabled = hints[index]
        return cell_len(f" {shown} ") + (cell_len(description) + 1 if description else 0)

    def rank(index: int) -> int:
        action = actions[index]
        return DROP_FIRST.index(action) if action in DROP_FIRST else len(DROP_FIRST) + order.index(index)

    kept = list(order)
    droppable = sorted((i for i in order if actions[i] not in LAST), key=lambda i: (rank(i), -order.index(i)))
    while droppable and sum(map(cells, kept)) > width:
        kept.remove(droppable.pop(0))
    return kept


class KeyBar(Widget, can_focus=False):
    """Key hints for the active bindings that ask to be shown; click one to press it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description", "key-bar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .key-bar--disabled {
        text-style: dim;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str, bool]] = []
        """(start cell, end cell, key, enabled) of each hint as last drawn."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def hints(self) -> list[tuple[str, str, str, bool]]:
        """(key, key as shown, description, enabled) for each shown binding, one per action,
        those that fit the bar's width."""
        found, actions = self._all_hints()
        return [found[i] for i in fitted(found, actions, self.size.width or 10_000)]

    def _all_hints(self) -> tuple[list[tuple[str, str, str, bool]], list[str]]:
        found: list[tuple[str, str, str, bool]] = []
        names: list[str] = []
        actions: set[str] = set()
        palette = self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None
        last: tuple[str, str, str, bool] | None = None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if (not binding.show and key != palette) or binding.action in actions:
                continue
            actions.add(binding.action)
            description = "Palette" if key == palette else binding.description  # (Textual's own says "palette")
            hint = (binding.key, self.app.get_key_display(binding), description, enabled)
            if key == palette:
                last = hint
            else:
                found.append(hint)
                names.append(binding.action)
        if last is not None:
            found.append(last)
            names.append("command_palette")
        return found, names

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        disabled = self.get_component_rich_style("key-bar--disabled")
        text = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str, bool]] = []
        for key, shown, description, enabled in self.hints():
            start = text.cell_len
            extra = Text.assemble((f" {shown} ", key_style), (f"{description} " if description else "", description_style))
            if not enabled:
                extra.stylize(disabled)
            text.append_text(extra)
            spans.append((start, text.cell_len, key, enabled))
        self._spans = spans
        return text

    def key_at(self, x: int) -> tuple[str, bool] | None:
        """The key of the hint drawn at cell `x` and whether it is enabled, or None."""
        for start, end, key, enabled in self._spans:
            if start <= x < end:
                return key, enabled
        return None

    def on_click(self, event: events.Click) -> None:
        found = self.key_at(event.x)
        if found is None:
            return
        key, enabled = found
        if enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()
