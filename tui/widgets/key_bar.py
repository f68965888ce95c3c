"""The key bar: one line of key hints made from the screen's live bindings, dimmed when unavailable.

It draws itself as one line of text (Textual's Footer mounts a widget per key and rebuilds them
all whenever the bindings change, which cost a fifth of the reader's start-up).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


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
        """(key, key as shown, description, enabled) for each shown binding, one per action."""
        found: list[tuple[str, str, str, bool]] = []
        actions: set[str] = set()
        palette = self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None
        last: tuple[str, str, str, bool] | None = None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if (not binding.show and key != palette) or binding.action in actions:
                continue
            actions.add(binding.action)
            hint = (binding.key, self.app.get_key_display(binding), binding.description, enabled)
            if key == palette:
                last = hint
            else:
                found.append(hint)
        if last is not None:
            found.append(last)
        return found

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
