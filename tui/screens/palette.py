"""Command palette entries made from a screen's live bindings: the actions that have a key and
can apply now (the reader's palette adds its choices to them; a dialog's palette is only them)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from tui.widgets.key_bar import KeyBar

Entry = tuple[str, Callable[[], object], str]
"""(title, what choosing it does, help)."""


def action_entries(provider: Provider, titles: dict[str, str]) -> list[Entry]:
    """The actions of the provider's screen that have a key, can apply now and have a title in
    `titles` (binding id → title), each with its key: the screen's live bindings."""
    screen = provider.screen
    entries: list[Entry] = []
    seen: set[str] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        ident = binding.id or ""
        if not active.enabled or ident in seen or ident not in titles or not binding.description:
            continue
        seen.add(ident)
        shown = provider.app.get_key_display(binding)
        entries.append((titles[ident], partial(screen.run_action, binding.action), f"key {shown or key}"))
    return entries


class ScreenActions(Provider):
    """A dialog's actions from its live bindings (`TITLES`: binding id → title), for its palette."""

    TITLES: ClassVar[dict[str, str]] = {}

    def search_entries(self) -> list[Entry]:
        """The entries: the actions that can apply now, in the order of their titles."""
        order = list(self.TITLES.values())
        return sorted(action_entries(self, self.TITLES), key=lambda entry: order.index(entry[0]))

    async def discover(self) -> Hits:
        for title, callback, help_text in self.search_entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self.search_entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class Palette(CommandPalette):
    """Textual's command palette with a key bar of its own (the screen's under it offered keys
    that do nothing while it is open); the bar also keeps it off the last line."""

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield KeyBar(id="palette-bar")
