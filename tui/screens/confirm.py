"""A yes/no question."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.widgets.key_bar import KeyBar


class ConfirmScreen(ModalScreen[bool]):
    """`y` answers yes; `n` or Esc answers no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.question, id="confirm-question", markup=False)  # (wraps: a Label is cut)
            yield Static("y: yes    n / Esc: no", id="confirm-keys", markup=False)
        yield KeyBar(id="confirm-bar")  # (its own keys, not the reader's)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
