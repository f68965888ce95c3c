"""The reader's command palette entries (`ReaderScreen.COMMANDS`): its main actions, and
`Category: …` / `Author: …` to filter directly. Scoped to the screen the palette was opened from.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.core import display
from tui.core.session import SECTION_CHOICE, Session


class Reader(Protocol):
    """What the palette asks of the reader screen."""

    session: Session

    def action_toggle_unread_only(self) -> None: ...
    def action_clear_filters(self) -> None: ...
    def action_reload(self) -> None: ...
    def action_problems(self) -> None: ...
    def action_help(self) -> None: ...
    def set_category(self, category: str | None) -> None: ...
    def set_author(self, ident: str | None) -> None: ...
    def set_section(self, section: str | None) -> None: ...


Entry = tuple[str, Callable[[], object], str]
"""(title, what choosing it does, help)."""


class ReaderCommands(Provider):
    """`Category: X`, `Author: Y`, and the reader's main actions."""

    def _entries(self) -> list[Entry]:
        reader = cast(Reader, self.screen)  # only ReaderScreen lists this provider
        session = reader.session
        entries: list[Entry] = [
            ("Unread only (toggle)", reader.action_toggle_unread_only, "show only unread items"),
            ("Clear filters", reader.action_clear_filters, "show every item"),
            ("Reload folders", reader.action_reload, "read the digest folders again"),
            ("Show problems", reader.action_problems, f"{len(session.library.problems)} file(s) not read in full"),
            ("Keys (help)", reader.action_help, "every key and its binding id"),
        ]
        for choice in session.category_choices():
            if choice.value.startswith(SECTION_CHOICE):
                entries.append((f"Section: {display.one_line(choice.label)}", partial(reader.set_section, choice.label),
                                f"{choice.count} items"))
            else:
                entries.append((f"Category: {display.one_line(choice.label)}",
                                partial(reader.set_category, choice.value), f"{choice.count} items"))
        for choice in session.author_choices():
            detail = f" · {display.one_line(choice.detail)}" if choice.detail else ""
            entries.append((f"Author: {display.one_line(choice.label)}", partial(reader.set_author, choice.value),
                            f"{choice.count} items{detail}"))
        return entries

    async def discover(self) -> Hits:
        for title, callback, help_text in self._entries()[:5]:
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
