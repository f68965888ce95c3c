"""Messages the reader's workers post to the screen (workers never call a screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from tui.core.corpus.library import Library
from tui.core.query.filters import NewStories
from tui.core.session import Detail, Loaded

if TYPE_CHECKING:
    from tui.core.sources import Source


class LoadProgress(Message):
    """Files checked so far while the library loads (a burst collapses to the latest)."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LoadProgress)


class CountsReady(Message):
    """Counts left for later on the first frame have been worked out."""


class LibraryLoaded(Message):
    """Every file has been checked: a new library to show, or the one shown, confirmed."""

    def __init__(self, loaded: Loaded) -> None:
        super().__init__()
        self.loaded = loaded


class MarksStored(Message):
    """The store's read marks, read again on a reload (`Session.stored_marks`)."""

    def __init__(self, stored: tuple[int, set[str]]) -> None:
        super().__init__()
        self.stored = stored


class PartlyLoaded(Message):
    """A first run has read its first digests (newest first); the rest are still being read."""

    def __init__(self, loaded: Loaded) -> None:
        super().__init__()
        self.loaded = loaded


class Prepared(Message):
    """Every item of `library` is unpacked and numbered: repeats can be drawn."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library


class NewFound(Message):
    """The stories of `library` that arrived since the last visit (None: there was none)."""

    def __init__(self, library: Library, new: NewStories | None) -> None:
        super().__init__()
        self.library = library
        self.new = new


class SourcesProgress(Message):
    """One source updated (of `total`), with what became of it."""

    def __init__(self, done: int, total: int, line: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.line = line


class SourcesUpdated(Message):
    """Every source has been updated (or failed): one line per source, and whether any changed."""

    def __init__(self, lines: list[str], failed: list[str], changed: bool, still: list[Source] | None = None) -> None:
        super().__init__()
        self.lines = lines
        self.failed = failed
        self.changed = changed
        self.still = still
        """The reader's sources as config.toml lists them now (None: not read again): a source
        removed meanwhile is named once, then no more."""


class SearchReady(Message):
    """The search texts of `library` are in: searches are worked out again."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library


class DetailReady(Message):
    """An item's summary and repeats, read for the detail pane."""

    def __init__(self, detail: Detail) -> None:
        super().__init__()
        self.detail = detail


class LinkOpened(Message):
    """The browser was handed a link (or failed to start)."""

    def __init__(self, url: str, key: str | None, opened: bool, error: str) -> None:
        super().__init__()
        self.url = url
        self.key = key
        """The story to mark read (None: a link inside a summary)."""
        self.opened = opened
        self.error = error


class FilesChanged(Message):
    """Digest files under the library's folders changed (a batch collapses to the latest)."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FilesChanged)


class WatchFailed(Message):
    """Watching the folders could not start (or stopped): why."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
