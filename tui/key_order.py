"""Keys that arrive together are handled one after another, each on the screen the one before it left.

Textual hands a key to the widget focused *when the key arrives* and moves on to the next one at
once. A key's effects come later: a focus change (`Widget.focus` is deferred), a message the pane
posts up to the screen (Enter on a digest chooses it, and the screen then focuses the items).
Keys that arrive in one burst (a paste into the terminal, `tmux send-keys Tab j j m`, a fast
typist's `/模型`) would all go to the pane that was focused before the first of them, and act on
a cursor the screen has not heard of yet: `Tab j` moved the digests instead of the items, and
`/模型` lost its letters to the list behind the search box.

So the app holds a key that arrives while the one before it is still being handled, and lets
it go once every queue on the screen (the app's, the screen's and each widget's) has emptied
or a short wait is over. A key that arrives on its own is handled at once, as before.
"""

from __future__ import annotations

import asyncio
from collections import deque

from textual import events
from textual.app import App, ModeError, ScreenError
from textual.message import Message

SETTLE_ROUNDS = 12
"""At most this many rounds of "every queue has handled what it held" before the next key (a
key's chain: the key, the pane's message, its bubbling up, the screen's handler, the focus)."""
SETTLE_WAIT = 0.5
"""Seconds a held key waits at most for the one before it (a handler awaiting something long)."""


class NextKeyDue(Message):
    """The key before is handled: let the next one go (handled in the app's own task)."""


class KeysInOrder(App[None]):
    """An App whose keys are handled in the order they came, each after the last one's effects."""

    def __init__(self) -> None:
        super().__init__()
        self._held_keys: deque[events.Key] = deque()
        self._settling: asyncio.Task[None] | None = None
        """Waiting for the last key's effects (None: no key is being handled)."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._settling is not None or self._held_keys:
                self._held_keys.append(event)
                return
            await self._handle_key(event)
            return
        await super().on_event(event)

    async def _handle_key(self, event: events.Key) -> None:
        await super().on_event(event)
        self._settling = asyncio.create_task(self._settle())

    async def _settle(self) -> None:
        """Wait until every queue on the screen is empty (or the wait is over), then release."""
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + SETTLE_WAIT
            for _ in range(SETTLE_ROUNDS):
                if not await self._one_round(deadline - loop.time()):
                    break
        finally:
            self.post_message(NextKeyDue())

    async def _one_round(self, timeout: float) -> bool:
        """Let every node on the screen handle what it holds now; True while any still holds more."""
        if timeout <= 0:
            return False
        try:
            nodes = [self, *self.screen.walk_children(with_self=True)]
        except (ScreenError, ModeError):  # (no screen: starting or closing)
            return False
        waiting = 0
        done = asyncio.Event()

        def handled() -> None:
            nonlocal waiting
            waiting -= 1
            if waiting == 0:
                done.set()

        for node in nodes:
            if node.call_later(handled):
                waiting += 1
        if waiting:
            try:
                await asyncio.wait_for(done.wait(), timeout)
            except TimeoutError:
                return False
        return any(node.message_queue_size for node in nodes)

    async def on_next_key_due(self, message: NextKeyDue) -> None:
        message.stop()
        self._settling = None
        if self._held_keys:
            await self._handle_key(self._held_keys.popleft())
