"""The reader's filter pickers (`c`, `a`) and what picking sets: a part of ReaderScreen."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tui.core.query.filters import Filters
from tui.core.session import SECTION_CHOICE, SOURCE_CHOICE, Choice, Session

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import App
    from textual.screen import Screen


class PickerActions:
    """Category/section and author pickers; ReaderScreen mixes this in."""

    if TYPE_CHECKING:  # (ReaderScreen has these)
        session: Session
        filters: Filters
        app: App[Any]
        options: Any

        def _dialog(self, screen: Screen[Any], answered: Callable[[Any], None] | None = None) -> None: ...

    def set_category(self, category: str | None) -> None:
        """Filter by a category or tag (None: any)."""
        self.filters = replace(self.filters, category=category)

    def set_section(self, section: str | None) -> None:
        """Filter by a section heading (None: any)."""
        self.filters = replace(self.filters, section=section)

    def set_source(self, root: str | None) -> None:
        """Filter by a source: a folder given (None: any)."""
        self.filters = replace(self.filters, source=root)

    def set_author(self, ident: str | None) -> None:
        """Filter by an author identity (None: any)."""
        self.filters = replace(self.filters, authors=frozenset({ident}) if ident else None)

    def _choices(self, kind: str) -> list[Choice]:
        """What a picker of this kind offers now, counted under the other filters."""
        session = self.session
        return session.author_choices(self.filters) if kind == "author" else session.category_choices(self.filters)

    def action_pick_category(self) -> None:
        from tui.screens.picker import PickerScreen

        title = "Category, tag, section or source" if self.session.groups.grouping else "Category, tag or section"
        picker = PickerScreen(title, self._choices("category"), self.filters.category,
                              blink=self.options.blink, loading=self.session.checking, kind="category")
        self._dialog(picker, self._picked_category)

    def action_pick_author(self) -> None:
        from tui.screens.picker import PickerScreen

        current = next(iter(self.filters.authors)) if self.filters.authors else None
        picker = PickerScreen("Author", self._choices("author"), current, blink=self.options.blink,
                              loading=self.session.checking, kind="author")
        self._dialog(picker, self._picked_author)

    def _refill_picker(self) -> None:
        """A picker open while the library was read gets the library's choices."""
        from tui.screens.picker import PickerScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.refill(self._choices(screen.kind), self.session.checking)

    def _picked_category(self, value: str | None) -> None:
        if value is not None and value.startswith(SECTION_CHOICE):
            self.set_section(value.removeprefix(SECTION_CHOICE))
        elif value is not None and value.startswith(SOURCE_CHOICE):
            self.set_source(value.removeprefix(SOURCE_CHOICE))
        elif value is not None:
            self.set_category(value)

    def _picked_author(self, value: str | None) -> None:
        if value is not None:
            self.set_author(value)
