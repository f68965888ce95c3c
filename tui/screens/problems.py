"""The files that could not be read (or were read only in part), with the reasons."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.core import display
from tui.core.display import shown_path
from tui.core.model import Problem
from tui.screens.pager import PagerKeys, pager_bindings
from tui.widgets.key_bar import KeyBar


def problems_table(problems: list[Problem], others: list[Problem]) -> Table:
    """Each file and its reason; a long path or reason wraps under itself (indented), never
    back to the margin."""
    table = Table.grid(padding=(0, 1))
    table.add_column(width=1, no_wrap=True)
    table.add_column(overflow="fold")
    for problem in problems:
        table.add_row("•", Text(display.one_line(shown_path(problem.path)), style="bold", overflow="fold"))
        table.add_row("", Text(display.one_line(problem.reason), overflow="fold"))
    if others:
        if problems:
            table.add_row("", "")
        table.add_row("", Text(f"No items: not digests, not listed ({len(others)})", style="bold"))
        for problem in others:
            table.add_row("", Text(display.one_line(shown_path(problem.path)), style="dim", overflow="fold"))
    return table


def problems_title(problems: int, others: int) -> str:
    """The dialog's heading: the problems, and the files that are no digests when there are some
    (`0 problems` alone over a list of such files read as a contradiction)."""
    head = f"{display.counted(problems, 'problem')} reading digests" if problems else "No problems reading digests"
    if others:
        head += "; 1 file is not a digest" if others == 1 else f"; {others:,} files are not digests"
    return head


class ProblemsScreen(PagerKeys, ModalScreen[None]):
    """A scrollable list of `file: reason`, scrolled with the keys of a pager."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,exclamation_mark", "close", "Close", id="problems.close"),
        *pager_bindings("problems"),
    ]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="problems"):
            problems = [problem for problem in self.problems if not problem.not_a_digest]
            others = [problem for problem in self.problems if problem.not_a_digest]
            yield Label(problems_title(len(problems), len(others)), id="problems-title")
            with VerticalScroll(id="problems-body"):
                yield Static(problems_table(problems, others) if self.problems else Text("No problems.", style="dim"))
            yield Label("j/k, Space/b scroll · Esc closes", id="problems-keys")
        yield KeyBar(id="problems-bar")  # (its own keys, not the reader's)

    @property
    def pager_body(self) -> VerticalScroll:
        return self.query_one("#problems-body", VerticalScroll)

    def action_close(self) -> None:
        self.dismiss(None)
