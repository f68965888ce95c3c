"""The digest list pane: "All digests", then every digest newest first with its counts."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.message import Message

from tui.core.display import short_title
from tui.core.model import Digest
from tui.core.query.rows import RowList
from tui.core.query.view import View
from tui.widgets.cells import fit
from tui.widgets.line_list import LineList


class DigestList(LineList):
    """Digests with unread/total counts; Enter or a click chooses one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = LineList.COMPONENT_CLASSES | {
        "digest-list--date",
        "digest-list--unread",
        "digest-list--read",
        "digest-list--count",
        "digest-list--chosen",
    }

    class Chosen(Message):
        """The user chose a digest (None: "All digests")."""

        def __init__(self, digest: Digest | None) -> None:
            super().__init__()
            self.digest = digest

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.rows: RowList = View().rows
        self.chosen = 0
        """Index of the row whose items are shown."""
        self.filtering = False
        self.with_year = False

    def show(self, rows: RowList, chosen: int, filtering: bool, with_year: bool = False) -> None:
        """Set the rows; the cursor stays on the same digest where it can. `with_year`: the
        digests come from more than one year, so dates show it."""
        self.with_year = with_year
        current = self.rows[self.cursor].digest if self.rows and self.cursor < len(self.rows) else None
        self.rows = rows
        self.chosen = chosen
        self.filtering = filtering
        cursor = rows.index_of(current)
        if cursor < 0:
            cursor = chosen
        self.set_row_count(len(rows), cursor)

    def render_row(self, index: int, width: int, style: Style) -> list[Segment]:
        row = self.rows[index]
        unread = row.unread if row.counted else None  # not yet counted: "…" (the app counts it in a worker)
        count = f"{'…' if unread is None else unread}/{row.shown} "
        unread_style = style + self.get_component_rich_style("digest-list--read" if unread == 0 else "digest-list--unread")
        count_style = style + self.get_component_rich_style("digest-list--count")
        mark = "▌" if index == self.chosen else " "
        mark_style = style + self.get_component_rich_style("digest-list--chosen")
        if row.digest is None:
            title = "All digests"
            body = fit(title, width - 1 - len(count))
            return [Segment(mark, mark_style), Segment(body, unread_style), Segment(count, count_style)]
        when = row.digest.date.astimezone().strftime("%Y-%m-%d %H:%M " if self.with_year else "%m-%d %H:%M ")
        title_width = width - 2 - len(when) - len(count)  # (a space before the count)
        if title_width < 6:
            when = ""
            title_width = width - 2 - len(count)
        title = fit(short_title(row.digest.title), title_width) + " "
        date_style = style + self.get_component_rich_style("digest-list--date")
        return [Segment(mark, mark_style), Segment(when, date_style), Segment(title, unread_style), Segment(count, count_style)]

    def on_line_list_activated(self, event: LineList.Activated) -> None:
        event.stop()
        if 0 <= event.index < len(self.rows):
            self.post_message(self.Chosen(self.rows[event.index].digest))

    def on_line_list_moved(self, event: LineList.Moved) -> None:
        event.stop()
