"""The files that could not be read (or were read only in part), with the reasons."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.core import display
from tui.core.display import shown_path
from tui.core.model import Problem


class ProblemsScreen(ModalScreen[None]):
    """A scrollable list of `file: reason`."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,exclamation_mark", "close", "Close", id="problems.close")]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="problems"):
            problems = [problem for problem in self.problems if not problem.not_a_digest]
            others = [problem for problem in self.problems if problem.not_a_digest]
            yield Label(f"{len(problems)} problem(s) reading digests", id="problems-title")
            with VerticalScroll():
                text = Text()
                for problem in problems:
                    text.append(display.one_line(shown_path(problem.path)), style="bold")
                    text.append("\n  " + display.one_line(problem.reason) + "\n")
                if others:
                    gap = "\n" if problems else ""
                    text.append(f"{gap}No items: not digests, not listed ({len(others)})\n", style="bold")
                    for problem in others:
                        text.append("  " + display.one_line(shown_path(problem.path)) + "\n", style="dim")
                yield Static(text or Text("No problems.", style="dim"))
            yield Label("Esc closes", id="problems-keys")

    def action_close(self) -> None:
        self.dismiss(None)
