"""The search field: hands each edit to the reader within the keystroke, so the list redraws in
the same frame as the typed character (an Input.Changed message arrives a frame or two later)."""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Size
from textual.widgets import Input


class SearchBox(Input):
    """An Input that calls `on_text(value)` as soon as its value changes."""

    def __init__(self, on_text: Callable[[str], None], *, placeholder: str = "", id: str | None = None) -> None:  # noqa: A002
        super().__init__(placeholder=placeholder, id=id)
        self._on_text = on_text
        self._quiet = False

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual size to the text's width on every edit, which lays out the whole
        # screen; a one-line box scrolls within itself, so set it quietly first.
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
        if not self._quiet:
            self._on_text(value)

    def clear_quietly(self) -> None:
        """Empty the field without reporting it (the caller sets the filters itself)."""
        self._quiet = True
        try:
            with self.prevent(Input.Changed):
                self.value = ""
        finally:
            self._quiet = False
