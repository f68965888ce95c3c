"""Building and driving the reader in tests."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual.pilot import Pilot

from tui.app import BriefApp

if TYPE_CHECKING:
    from tui.screens.document import DocumentScreen


class FakeBrowser:
    """Records the URLs handed to it; answers as told."""

    def __init__(self, works: bool = True) -> None:
        self.urls: list[str] = []
        self.works = works

    def __call__(self, url: str) -> bool:
        self.urls.append(url)
        return self.works


def make_app(path: Path | str, browser: FakeBrowser | None = None) -> BriefApp:
    """A reader on `path` with a fake browser and no cursor blink."""
    return BriefApp([str(path)], browser=browser or FakeBrowser(), blink=False, detail_delay=0)


async def loaded(pilot: Pilot) -> None:
    """Wait until the library is loaded and the screen settled."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause(0.02)
        session = app.session
        if session.generation and not session.checking:  # the file check started, and ended
            break
    await workers_done(pilot)
    await pilot.pause()


async def workers_done(pilot: Pilot) -> None:
    """Wait for every worker: one cancelled meanwhile (the detail's, replaced by a newer one of
    its exclusive group once the full library arrived) is no failure, the newer one is waited for."""
    from textual.worker import WorkerCancelled

    for _ in range(50):
        try:
            await pilot.app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            await pilot.pause()
    raise AssertionError("workers kept being cancelled")


def hold_file_check(monkeypatch) -> threading.Event:
    """Keep the reader's file check waiting until the returned event is set (the first screen
    then shows only what the index cache holds)."""
    import tui.core.session

    checking = threading.Event()
    original = tui.core.session.load_library

    def held(*args, **kwargs):
        checking.wait(5)
        return original(*args, **kwargs)

    monkeypatch.setattr(tui.core.session, "load_library", held)
    return checking


async def document_loaded(pilot: Pilot) -> None:
    """Wait until the document view is open and its file read and laid out (a worker does it,
    started once the view has its size)."""
    from tui.screens.document import DocumentScreen

    app = pilot.app
    for _ in range(500):
        await pilot.pause(0.01)
        screen = app.screen
        if isinstance(screen, DocumentScreen) and screen.body.loaded:
            break
    await pilot.pause()


async def document_opened(pilot: Pilot, *before: str) -> DocumentScreen:
    """Press the keys `before`, then v: the document view, once its file is read."""
    from tui.screens.document import DocumentScreen

    await pilot.press(*before, "v")
    await document_loaded(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DocumentScreen)
    return screen


async def notes_after(pilot: Pilot, *keys: str) -> list[str]:
    """The notes the keys bring (those before them cleared)."""
    app = pilot.app
    app.clear_notifications()
    await pilot.press(*keys)
    await pilot.pause()
    return [note.message for note in app._notifications]
