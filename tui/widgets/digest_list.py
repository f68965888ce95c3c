"""The digest list pane: "All digests", "New" (when something arrived since the last visit),
then every digest newest first with its counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.message import Message

from tui.core.display import list_date, short_title
from tui.core.model import Digest
from tui.core.query.groups import Source
from tui.core.query.rows import DigestRow, RowList
from tui.core.query.view import View
from tui.widgets.cells import fit
from tui.widgets.line_list import LineList

NEW = -1
"""A line showing the "New" row."""
HEADER = -2
"""A line showing group g's header is HEADER - g."""
NOTHING = -(10**9)
"""Past the last line."""


class DigestList(LineList):
    """Digests with unread/total counts; Enter or a click chooses one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = LineList.COMPONENT_CLASSES | {
        "digest-list--date",
        "digest-list--unread",
        "digest-list--read",
        "digest-list--count",
        "digest-list--chosen",
        "digest-list--source",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "collapse", "Collapse", show=False, id="digests.collapse"),
        Binding("right,l", "expand", "Expand", show=False, id="digests.expand"),
    ]
    WHY_NOT: ClassVar[dict[str, str]] = dict.fromkeys(
        ("collapse", "expand"), "Folding is for several folders: this library has one (Tab moves between the panes)")
    """What the screen says when a key of this pane that cannot apply now is pressed."""

    class Chosen(Message):
        """The user chose a digest (None: "All digests"; "New" when `new`; a source's header
        when `source`, its root)."""

        def __init__(self, digest: Digest | None, new: bool = False, source: str | None = None) -> None:
            super().__init__()
            self.digest = digest
            self.new = new
            self.source = source

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.rows: RowList = View().rows
        self.chosen = 0
        """The line whose items are shown."""
        self.filtering = False
        self.with_year = False
        self.new_row: DigestRow | None = None
        """The "New" row under "All digests" (None: not shown)."""
        self.groups: list[Source] = []
        """The sources, when the list groups by them (empty: it does not)."""
        self._group_of: Sequence[int] = ()
        self.collapsed: set[str] = set()
        """Roots of the groups folded to their header."""
        self._lines: list[int] | None = None
        """Grouped: what each line shows (a view row, NEW, or a header: HEADER - group)."""
        self._line_at: dict[int, int] = {}
        self._headers: dict[str, int] = {}
        """Grouped: each group's header line, by root."""
        self._laid_out: tuple[tuple[object, ...], list[int]] | None = None
        """What the last grouped lines were worked out for (rows' groups, folded roots, "New" shown, sources), and them."""
        self._group_counts: Callable[[], dict[str, tuple[int, int]]] | None = None
        self._counts: dict[str, tuple[int, int]] | None = None
        """Each group's (stories, unread), by root, worked out when a header is first drawn."""
        self._first_counts = True
        """Whether no header has been counted yet: the first frame draws them uncounted ("…"),
        and they are counted just after it (a pass over every digest's stories that can wait)."""
        self._counting_soon = False
        """The headers' counts are to be worked out after this frame (drawn uncounted until then)."""

    # -- lines -----------------------------------------------------------------------------

    @property
    def _skip(self) -> int:
        """Rows before the digests' own: "All digests", and "New" when shown."""
        return 2 if self.new_row is not None else 1

    def _what(self, line: int) -> int:
        """What a line shows: a view row (0: "All digests"), NEW, or HEADER - group."""
        if self._lines is not None:
            return self._lines[line] if 0 <= line < len(self._lines) else NOTHING
        if line == 1 and self.new_row is not None:
            return NEW
        return line if line == 0 else line - self._skip + 1

    def _row(self, line: int) -> DigestRow | None:
        """The row drawn at `line` (None: a header, or out of range)."""
        what = self._what(line)
        if what == NEW:
            return self.new_row
        return self.rows[what] if 0 <= what < len(self.rows) else None

    def line_of(self, view_index: int) -> int:
        """Where a row of the view (0: "All digests") is drawn (its group's header when folded)."""
        if self._lines is not None:
            return self._line_at.get(view_index, 0)
        return view_index if view_index == 0 else view_index + self._skip - 1

    def _layout(self) -> int:
        """Work out the lines (the same as last time when the rows' groups, the folded groups and
        the "New" row are: choosing a digest, marking an item); returns how many there are."""
        if not self.groups:
            self._lines = None
            return len(self.rows) + self._skip - 1
        key = (self._group_of, frozenset(self.collapsed), self.new_row is not None, [g.root for g in self.groups])
        last = self._laid_out
        if last is not None and last[0][0] is key[0] and last[0][1:] == key[1:] and self._lines is last[1]:
            return len(last[1])
        members: list[list[int]] = [[] for _ in self.groups]
        for index, group in enumerate(self._group_of, start=1):
            members[group].append(index)
        lines = [0, NEW] if self.new_row is not None else [0]
        at: dict[int, int] = {}
        for group, indexes in enumerate(members):
            if not indexes:
                continue
            header = len(lines)
            lines.append(HEADER - group)
            if self.groups[group].root in self.collapsed:
                at.update(dict.fromkeys(indexes, header))
                continue
            at.update(zip(indexes, range(len(lines), len(lines) + len(indexes))))
            lines.extend(indexes)
        self._lines, self._line_at = lines, at
        self._headers = {self.groups[HEADER - what].root: line for line, what in enumerate(lines) if what <= HEADER}
        self._laid_out = (key, lines)
        return len(lines)

    def show(self, rows: RowList, chosen: int, filtering: bool, with_year: bool = False,
             new_row: DigestRow | None = None, new_chosen: bool = False,
             groups: Sequence[Source] = (), group_of: Sequence[int] = (), source_chosen: str | None = None,
             group_counts: Callable[[], dict[str, tuple[int, int]]] | None = None) -> None:
        """Set the rows; the cursor stays on the same digest (or row) where it can. `with_year`:
        the digests come from more than one year, so dates show it. `new_row`: the "New" row's
        counts (None: no row); `new_chosen`: its items are the ones listed. `groups`: the
        sources to group by (`group_of`: each listed digest's); `source_chosen`: the root of
        the source whose header was chosen."""
        self.with_year = with_year
        was = self._what(self.cursor) if self.rows else 0
        current = self.rows[was].digest if 0 < was < len(self.rows) else None
        was_header = self.groups[HEADER - was].root if was <= HEADER and HEADER - was < len(self.groups) else None
        self.rows = rows
        self.new_row = new_row
        self.groups, self._group_of = list(groups), group_of
        self._group_counts = group_counts
        self._counts = None
        self.filtering = filtering
        count = self._layout()
        headers = self._headers if self._lines is not None else {}
        if new_chosen and new_row is not None:
            self.chosen = 1
        elif source_chosen is not None and source_chosen in headers and chosen == 0:
            self.chosen = headers[source_chosen]
        else:
            self.chosen = self.line_of(chosen)
        if was == NEW and new_row is not None:
            cursor = 1
        elif was_header is not None and was_header in headers:
            cursor = headers[was_header]
        else:
            index = rows.index_of(current)
            if index < 0 and current is not None:  # a reload made new digests: the same file, then
                index = next((at for at, digest in enumerate(rows.digests, start=1) if digest.path == current.path), -1)
            cursor = self.chosen if index < 0 else self.line_of(index)
        self.set_row_count(count, cursor)

    # -- drawing ---------------------------------------------------------------------------

    def _header_counts(self, group: int) -> tuple[int | None, int | None]:
        """(stories, unread) of a group, each story once (worked out when a header is first
        drawn; the very first time, just after the frame: None, None until then)."""
        if self._counts is None:
            if self._first_counts and self._group_counts is not None:
                self._first_counts = False
                self._counting_soon = True
                self.call_after_refresh(self._count_groups)
            if self._counting_soon:
                return None, None
            self._count_groups(redraw=False)
        assert self._counts is not None
        total, unread = self._counts.get(self.groups[group].root, (0, 0))
        return total, unread

    def _count_groups(self, redraw: bool = True) -> None:
        """Work out every group's counts (for the rows set last), and draw them."""
        self._counting_soon = False
        self._counts = self._group_counts() if self._group_counts is not None else {}
        if redraw:
            self.refresh()

    def render_row(self, index: int, width: int, style: Style) -> list[Segment]:
        what = self._what(index)
        mark = "▌" if index == self.chosen else " "
        mark_style = style + self.get_component_rich_style("digest-list--chosen")
        count_style = style + self.get_component_rich_style("digest-list--count")
        if what <= HEADER:
            group = HEADER - what
            if group >= len(self.groups):
                return []
            shown, unread = self._header_counts(group)
            count = f"{'…' if unread is None else unread}/{'…' if shown is None else shown} "
            fold = "▸ " if self.groups[group].root in self.collapsed else "▾ "
            body = fit(fold + self.groups[group].label, width - 1 - len(count))
            head_style = style + self.get_component_rich_style("digest-list--source")
            return [Segment(mark, mark_style), Segment(body, head_style), Segment(count, count_style)]
        row = self._row(index)
        if row is None:
            return []
        unread = row.unread if row.counted else None  # not yet counted: "…" (the app counts it in a worker)
        count = f"{'…' if unread is None else unread}/{row.stories if unread is not None else row.shown} "
        unread_style = style + self.get_component_rich_style("digest-list--read" if unread == 0 else "digest-list--unread")
        if row.digest is None:
            title = "New" if row is self.new_row else "All digests"
            body = fit(title, width - 1 - len(count))
            return [Segment(mark, mark_style), Segment(body, unread_style), Segment(count, count_style)]
        when = list_date(row.digest.date, row.digest.date_source, self.with_year)
        indent = "  " if self.groups else ""
        title_width = width - 2 - len(indent) - len(when) - len(count)  # (a space before the count)
        if title_width < 6:
            when = ""
            title_width = width - 2 - len(indent) - len(count)
        title = fit(short_title(row.digest.title), title_width) + " "
        date_style = style + self.get_component_rich_style("digest-list--date")
        return [Segment(mark, mark_style), Segment(indent + when, date_style), Segment(title, unread_style),
                Segment(count, count_style)]

    # -- keys ------------------------------------------------------------------------------

    def on_line_list_activated(self, event: LineList.Activated) -> None:
        event.stop()
        what = self._what(event.index)
        if what <= HEADER and HEADER - what < len(self.groups):
            self.post_message(self.Chosen(None, source=self.groups[HEADER - what].root))
            return
        row = self._row(event.index)
        if row is not None:
            self.post_message(self.Chosen(row.digest, new=row is self.new_row))

    def _group_here(self) -> int | None:
        """The group of the line under the cursor (its header, or one of its digests)."""
        what = self._what(self.cursor)
        if what <= HEADER:
            return HEADER - what if HEADER - what < len(self.groups) else None
        if what > 0 and self.groups and what - 1 < len(self._group_of):
            return self._group_of[what - 1]
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("collapse", "expand"):
            return bool(self.groups) or None
        return True

    def _fold(self, group: int, folded: bool) -> None:
        root = self.groups[group].root
        if (root in self.collapsed) == folded:
            return
        if folded:
            self.collapsed.add(root)
        else:
            self.collapsed.discard(root)
        chosen_view = self._what(self.chosen)
        count = self._layout()
        lines = self._lines or []
        header = lines.index(HEADER - group)
        if chosen_view > 0:
            self.chosen = self.line_of(chosen_view)
        elif chosen_view <= HEADER:
            self.chosen = lines.index(chosen_view)
        self.set_row_count(count, header)

    def action_collapse(self) -> None:
        """Fold the group under the cursor to its header."""
        group = self._group_here()
        if group is not None:
            self._fold(group, True)

    def action_expand(self) -> None:
        """Unfold the group under the cursor."""
        group = self._group_here()
        if group is not None:
            self._fold(group, False)

    def on_line_list_moved(self, event: LineList.Moved) -> None:
        event.stop()
