"""The keys of a pager (j/k, Space/b, g/G) for a modal screen that scrolls one body."""

from __future__ import annotations

from textual.binding import Binding
from textual.widget import Widget

from tui.widgets.scrolling import scroll_lines, scroll_pages


def pager_bindings(scope: str) -> list[Binding]:
    """The scrolling bindings, with ids `<scope>.down` … `<scope>.bottom` (for `[keymap]`)."""
    return [
        Binding("j,down", "scroll(1)", "Down", show=False, id=f"{scope}.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id=f"{scope}.up"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id=f"{scope}.page_down"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id=f"{scope}.page_up"),
        Binding("g,home", "edge(0)", "Top", show=False, id=f"{scope}.top"),
        Binding("G,end", "edge(1)", "Bottom", show=False, id=f"{scope}.bottom"),
    ]


class PagerKeys:
    """The actions behind `pager_bindings`, on the scrolling body the screen names."""

    @property
    def pager_body(self) -> Widget:
        raise NotImplementedError

    def action_scroll(self, step: int) -> None:
        scroll_lines(self.pager_body, step)

    def action_page(self, step: int) -> None:
        scroll_pages(self.pager_body, step)

    def action_edge(self, end: int) -> None:
        body = self.pager_body
        if end:
            body.scroll_end(animate=False)
        else:
            body.scroll_home(animate=False)
