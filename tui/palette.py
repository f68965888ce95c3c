"""Command palette entries: filter by category or author directly, and the reader's actions."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.core import textsafe

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen


class FilterCommands(Provider):
    """`Category: X`, `Author: Y`, and the reader's main actions."""

    def _reader(self) -> ReaderScreen | None:
        from tui.screens.reader import ReaderScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    def _entries(self) -> list[tuple[str, object, str]]:
        reader = self._reader()
        if reader is None:
            return []
        library = reader.brief.library
        entries: list[tuple[str, object, str]] = [
            ("Unread only (toggle)", reader.action_toggle_unread_only, "show only unread items"),
            ("Clear filters", reader.action_clear_filters, "show every item"),
            ("Reload folders", reader.action_reload, "read the digest folders again"),
            ("Show problems", reader.action_problems, f"{len(library.problems)} file(s) not read in full"),
            ("Keys (help)", reader.action_help, "every key and its binding id"),
        ]
        for label, count in sorted(library.label_counts().items(), key=lambda e: (-e[1], e[0])):
            entries.append((f"Category: {textsafe.one_line(label)}", partial(reader.set_category, label), f"{count} items"))
        for ident, count in sorted(library.author_counts().items(), key=lambda e: -e[1]):
            name = textsafe.one_line(library.authors.display(ident))
            handle = library.authors.handle(ident)
            help_text = f"{count} items" + (f" · {handle}" if handle and handle != name else "")
            entries.append((f"Author: {name}", partial(reader.set_author, ident), help_text))
        return entries

    async def discover(self) -> Hits:
        for title, callback, help_text in self._entries()[:5]:
            yield DiscoveryHit(title, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)  # type: ignore[arg-type]
