"""The reader's command palette entries (`ReaderScreen.COMMANDS`): its main actions, and
`Category: …` / `Author: …` to filter directly. Scoped to the screen the palette was opened from.
"""

from __future__ import annotations

import asyncio
import re
from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.core import display
from tui.core.query.filters import Filters
from tui.core.session import SECTION_CHOICE, SOURCE_CHOICE, Session
from tui.screens.palette import Entry, action_entries


class Reader(Protocol):
    """What the palette asks of the reader screen."""

    session: Session
    filters: Filters

    def set_category(self, category: str | None) -> None: ...
    def set_author(self, ident: str | None) -> None: ...
    def set_section(self, section: str | None) -> None: ...
    def set_source(self, root: str | None) -> None: ...


PALETTE_ACTIONS = {
    "open_link": "Open the link", "copy_link": "Copy the link", "toggle_read": "Mark read / unread",
    "mark_all_read": "Mark all shown read", "read_on": "Read on (scroll, then the next unread)",
    "next_unread": "Next unread item", "previous_unread": "Previous unread item", "view_document": "Document: the whole digest",
    "unread_only": "Unread only (toggle)", "show_new": "New since the last visit (toggle)",
    "pick_category": "Pick a category or section", "pick_author": "Pick an author",
    "search": "Search", "clear_filters": "Clear filters", "reload": "Reload folders",
    "update_sources": "Update the subscribed sources (git)", "problems": "Show problems",
    "help": "Help: every key and its binding id", "next_pane": "Next pane",
}
"""Binding id → the palette's title for it."""

class ReaderCommands(Provider):
    """`Category: X`, `Author: Y`, and the reader's main actions."""

    def _entries(self) -> list[Entry]:
        return self._actions() + self._choices()

    def _choices(self) -> list[Entry]:
        """The library's categories, sections, sources and authors (reads the session only: made
        in a thread while the palette opens; ~0.25 s at 27,000 authors)."""
        reader = cast(Reader, self.screen)  # only ReaderScreen lists this provider
        session = reader.session
        filters = reader.filters  # (counted as the pickers count them: stories that pass the other filters)
        entries: list[Entry] = []
        for choice in session.category_choices(filters):
            if choice.value.startswith(SOURCE_CHOICE):
                entries.append((f"Source: {display.one_line(choice.label)}",
                                partial(reader.set_source, choice.value.removeprefix(SOURCE_CHOICE)),
                                display.counted(choice.count, "story", "stories")))
            elif choice.value.startswith(SECTION_CHOICE):
                entries.append((f"Section: {display.one_line(choice.label)}", partial(reader.set_section, choice.label),
                                display.counted(choice.count, "story", "stories")))
            else:
                entries.append((f"Category: {display.one_line(choice.label)}",
                                partial(reader.set_category, choice.value), display.counted(choice.count, "story", "stories")))
        for choice in session.author_choices(filters):
            handle = f"  {display.one_line(choice.detail)}" if choice.detail else ""  # (typing the handle finds it too)
            entries.append((f"Author: {display.one_line(choice.label)}{handle}", partial(reader.set_author, choice.value),
                            display.counted(choice.count, "story", "stories")))
        return entries

    def _actions(self) -> list[Entry]:
        """Every action of the reader that has a key and can apply now, with its key (moving
        keys of the lists and the detail are left to the keys)."""
        return action_entries(self, PALETTE_ACTIONS)

    async def discover(self) -> Hits:
        for title, callback, help_text in self._lowered()[0][:5]:
            yield DiscoveryHit(title, callback, help=help_text)

    async def startup(self) -> None:
        """The entries, made once while the palette is open (the screen does not change under
        it): the first letter typed then costs what the others do, and the palette opens at once."""
        actions = self._actions()
        self._made = _indexed(actions + await asyncio.to_thread(self._choices))

    def _lowered(self) -> tuple[list[Entry], list[str], list[str]]:
        if self._made is None:
            self._made = _indexed(self._entries())
        return self._made

    _made: tuple[list[Entry], list[str], list[str]] | None = None

    async def search(self, query: str) -> Hits:
        """The best `MAX_HITS` entries for `query`. Textual's fuzzy matcher tries every way the
        letters can fall in a title (~30 µs each; 0.9 s for `a` over 27,000 authors), so it only
        orders a short list: the titles holding the query, the name's start first, then, when they
        are few, titles holding its letters in order."""
        entries, titles, names = self._lowered()
        wanted = query.lower().strip()
        if not wanted:
            return
        found = [index for index, title in enumerate(titles) if wanted in title]
        if len(found) > MAX_HITS:
            found.sort(key=lambda index: _place(names[index], wanted, len(titles[index])))
            found = found[:MAX_HITS]
        elif len(found) < MAX_HITS:
            letters = re.compile(".*?".join(map(re.escape, wanted)), re.DOTALL)
            held = set(found)
            for index, title in enumerate(titles):
                if index not in held and letters.search(title) is not None:
                    found.append(index)
                    if len(found) == MAX_HITS:
                        break
        matcher = self.matcher(query)
        for index in found:
            title, callback, help_text = entries[index]
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


def _indexed(entries: list[Entry]) -> tuple[list[Entry], list[str], list[str]]:
    """The entries, their titles in lower case, and the same without the `Kind: ` before the name."""
    titles = [title.lower() for title, _callback, _help in entries]
    return entries, titles, [title.partition(": ")[2] or title for title in titles]


MAX_HITS = 50
"""The palette's entries for one query, at most (a screenful or two; a longer query narrows)."""


def _place(name: str, wanted: str, length: int) -> tuple[int, int, int]:
    """How well a title holding `wanted` fits it: in the name, at its start or a word's, short."""
    at = name.find(wanted)
    if at < 0:
        return (2, 0, length)
    return (0 if at == 0 or not name[at - 1].isalnum() else 1, at, length)
