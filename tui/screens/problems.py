"""The files that could not be read (or were read only in part), with the reasons; and what
was said at start (config.toml, folders, the state file), which a toast showed for 10 s only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from tui.core import display
from tui.core.display import shown_path
from tui.core.model import Problem
from tui.screens.pager import PagerKeys, pager_bindings
from tui.widgets.key_bar import KeyBar
from tui.widgets.text_lines import Paragraph, TextLines


def problem_paragraphs(problems: list[Problem], others: list[Problem], warnings: Sequence[str] = ()) -> list[Paragraph]:
    """The warnings of the start (config.toml, a folder missing…) under a heading; each file
    (bold, after a bullet) and its reason under it; then the files that are not digests (dim)
    under a heading of their own."""
    out: list[Paragraph] = []
    if warnings:
        out.append(Paragraph(f"At start ({len(warnings):,})", look="bold"))
        out.extend(Paragraph(display.one_line(warning), "•") for warning in warnings)
        if problems or others:
            out.append(Paragraph(""))
    for problem in problems:
        out.append(Paragraph(display.one_line(shown_path(problem.path)), "•", "bold"))
        out.append(Paragraph(display.one_line(problem.reason)))
    if others:
        if problems:
            out.append(Paragraph(""))
        out.append(Paragraph(f"No items: not digests, not listed ({len(others):,})", look="bold"))
        out.extend(Paragraph(display.one_line(shown_path(problem.path)), look="dim") for problem in others)
    return out


def problems_title(problems: int, others: int, warnings: int = 0) -> str:
    """The dialog's heading: the problems, and the files that are no digests when there are some
    (`0 problems` alone over a list of such files read as a contradiction), and the warnings."""
    head = f"{display.counted(problems, 'problem')} reading digests" if problems else "No problems reading digests"
    if others:
        head += "; 1 file is not a digest" if others == 1 else f"; {others:,} files are not digests"
    if warnings:
        head += f"; {display.counted(warnings, 'warning')} at start"
    return head


class ProblemsScreen(PagerKeys, ModalScreen[None]):
    """A scrollable list of `file: reason`, scrolled with the keys of a pager."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,exclamation_mark", "close", "Close", id="problems.close"),
        *pager_bindings("problems"),
    ]

    def __init__(self, problems: list[Problem], warnings: Sequence[str] = ()) -> None:
        super().__init__()
        self.problems = problems
        self.warnings = list(warnings)

    def compose(self) -> ComposeResult:
        with Vertical(id="problems"):
            problems = [problem for problem in self.problems if not problem.not_a_digest]
            others = [problem for problem in self.problems if problem.not_a_digest]
            yield Label(problems_title(len(problems), len(others), len(self.warnings)), id="problems-title")
            # (drawn line by line: ten thousand files open at once)
            shown = problem_paragraphs(problems, others, self.warnings)
            yield TextLines(shown or [Paragraph("No problems.", look="dim")], id="problems-body")
            yield Label("j/k, Space/b scroll · Esc closes", id="problems-keys")
        yield KeyBar(id="problems-bar")  # (its own keys, not the reader's)

    @property
    def pager_body(self) -> TextLines:
        return self.query_one("#problems-body", TextLines)

    def action_close(self) -> None:
        self.dismiss(None)
