"""The digest list pane: "All digests", "New" (when something arrived since the last visit),
then every digest newest first with its counts."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.message import Message

from tui.core.display import short_title
from tui.core.model import Digest
from tui.core.query.rows import DigestRow, RowList
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
        """The user chose a digest (None: "All digests", or "New" when `new`)."""

        def __init__(self, digest: Digest | None, new: bool = False) -> None:
            super().__init__()
            self.digest = digest
            self.new = new

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.rows: RowList = View().rows
        self.chosen = 0
        """Index of the row whose items are shown."""
        self.filtering = False
        self.with_year = False
        self.new_row: DigestRow | None = None
        """The "New" row under "All digests" (None: not shown)."""

    @property
    def _skip(self) -> int:
        """Rows before the digests' own: "All digests", and "New" when shown."""
        return 2 if self.new_row is not None else 1

    def _row(self, index: int) -> DigestRow | None:
        """The row drawn at `index` (None: out of range)."""
        if index == 1 and self.new_row is not None:
            return self.new_row
        at = index if index == 0 else index - self._skip + 1
        return self.rows[at] if 0 <= at < len(self.rows) else None

    def line_of(self, view_index: int) -> int:
        """Where a row of the view (0: "All digests") is drawn."""
        return view_index if view_index == 0 else view_index + self._skip - 1

    def show(self, rows: RowList, chosen: int, filtering: bool, with_year: bool = False,
             new_row: DigestRow | None = None, new_chosen: bool = False) -> None:
        """Set the rows; the cursor stays on the same digest where it can. `with_year`: the
        digests come from more than one year, so dates show it. `new_row`: the "New" row's
        counts (None: no row); `new_chosen`: its items are the ones listed."""
        self.with_year = with_year
        on_new = self.new_row is not None and self.cursor == 1
        row = self._row(self.cursor) if self.rows else None
        current = row.digest if row is not None else None
        self.rows = rows
        self.new_row = new_row
        self.chosen = 1 if new_chosen and new_row is not None else self.line_of(chosen)
        self.filtering = filtering
        if on_new and new_row is not None:
            cursor = 1
        else:
            cursor = rows.index_of(current)
            cursor = self.chosen if cursor < 0 else self.line_of(cursor)
        self.set_row_count(len(rows) + self._skip - 1, cursor)

    def render_row(self, index: int, width: int, style: Style) -> list[Segment]:
        row = self._row(index)
        if row is None:
            return []
        unread = row.unread if row.counted else None  # not yet counted: "…" (the app counts it in a worker)
        count = f"{'…' if unread is None else unread}/{row.shown} "
        unread_style = style + self.get_component_rich_style("digest-list--read" if unread == 0 else "digest-list--unread")
        count_style = style + self.get_component_rich_style("digest-list--count")
        mark = "▌" if index == self.chosen else " "
        mark_style = style + self.get_component_rich_style("digest-list--chosen")
        if row.digest is None:
            title = "New" if row is self.new_row else "All digests"
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
        row = self._row(event.index)
        if row is not None:
            self.post_message(self.Chosen(row.digest, new=row is self.new_row))

    def on_line_list_moved(self, event: LineList.Moved) -> None:
        event.stop()
