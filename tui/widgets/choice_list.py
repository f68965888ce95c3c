"""A picker's choices: count, label and kind, on the Line API (only the rows on screen are drawn,
so 30,000 sections open as fast as 30: Textual's OptionList measured every option first, ~100 µs
each, and again on every letter typed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from tui.core import display
from tui.core.session import Choice
from tui.widgets.cells import cut
from tui.widgets.line_list import LineList


class ChoiceList(LineList, can_focus=False):
    """The choices that match what is typed; the cursor moves by the picker's keys (the typing
    box keeps the focus), Enter or a click picks."""

    COMPONENT_CLASSES: ClassVar[set[str]] = LineList.COMPONENT_CLASSES | {
        "choice-list--count",
        "choice-list--detail",
        "choice-list--current",
        "choice-list--none",
    }
    cursor_always_shown = True

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.choices: Sequence[Choice] = []
        self.current_value: str | None = None
        """The value picked now (drawn bold)."""
        self._count_width = 1

    def show(self, choices: Sequence[Choice], current_value: str | None, empty_text: str) -> None:
        """Show these choices, the cursor on the first."""
        self.choices = choices
        self.current_value = current_value
        self.empty_text = empty_text
        self._count_width = len(str(max((choice.count for choice in choices), default=0)))
        self.set_row_count(len(choices), 0)
        self.scroll_to(y=0, animate=False, immediate=True)

    @property
    def chosen(self) -> Choice | None:
        """The choice under the cursor."""
        return self.choices[self.cursor] if 0 <= self.cursor < len(self.choices) else None

    def render_row(self, index: int, width: int, style: Style) -> list[Segment]:
        choice = self.choices[index]
        # A choice that would list nothing under the other filters is dimmed, all of it.
        dim = self.get_component_rich_style("choice-list--none") if not choice.count else Style()
        count = f" {choice.count:>{self._count_width}}  "
        detail = f"  {display.one_line(choice.detail)}" if choice.detail else ""
        label = cut(display.one_line(choice.label), max(1, width - len(count) - cell_len(detail)))
        current = self.get_component_rich_style("choice-list--current") if choice.value == self.current_value else Style()
        return [
            Segment(count, style + self.get_component_rich_style("choice-list--count") + dim),
            Segment(label, style + current + dim),
            Segment(detail, style + self.get_component_rich_style("choice-list--detail") + dim),
        ]
