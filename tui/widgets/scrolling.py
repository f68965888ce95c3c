"""Scrolling by keys: each key counts, however fast they come.

Textual's own line and page scrolling waits for the next frame, and starts from where the widget
is drawn: keys that one frame brings together (a burst, a held key, typed-ahead keys) then count
as one. These scroll at once, from where the last key put the widget, without animation (as a
pager does).
"""

from __future__ import annotations

from textual.widget import Widget


def scroll_lines(widget: Widget, lines: int) -> None:
    """Scroll by whole lines (negative: up)."""
    widget.scroll_to(y=widget.scroll_target_y + lines, animate=False, immediate=True)


def scroll_pages(widget: Widget, pages: int) -> None:
    """Scroll by pages: the height shown, less a line kept in view."""
    scroll_lines(widget, pages * max(1, widget.scrollable_content_region.height - 1))
