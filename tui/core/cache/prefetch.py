"""The reader's first reads of the cache, done in a thread while Textual is imported.

A warm start shows what the index cache holds. Reading its head and the stories' numbers (straight
into arrays), and checking their CRC-32s, is file reading and zlib, both of which let go of the
GIL: at 50,000 digests ~21 MB and ~25 ms, taken off the start when another thread does it beside
the imports.
The library is then made from those bytes (`corpus.loading.cached_library`).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from tui.core.cache import index, names, stories_file
from tui.core.cache.checked_file import Opened
from tui.core.cache.stories_file import Numbers


class Prefetch:
    """The index head of a set of folders, and its stories file's numbers part, being read."""

    def __init__(self, cache_dir: Path, roots: list[str]) -> None:
        self.index_file = names.index_file(cache_dir, [os.path.abspath(root) for root in roots])
        self._found: tuple[Opened, Numbers | None] | None = None
        self._taken = False
        self._thread = threading.Thread(target=self._read, name="brief-prefetch", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            head = index.read_head(self.index_file)
            if head is not None:
                self._found = (head, stories_file.read_numbers(names.stories_file(self.index_file)))
        except Exception:  # noqa: BLE001 - the start reads them again itself, where errors are handled
            self._found = None

    def take(self, index_file: Path) -> tuple[Opened, Numbers | None] | None:
        """The head and the numbers read for this index file (their file descriptors are the
        caller's), once; None: another file, nothing read, or taken already."""
        self._thread.join()
        found, self._found = self._found, None
        if found is None or self._taken or index_file != self.index_file:
            if found is not None:
                close(found)
            return None
        self._taken = True
        return found


def close(found: tuple[Opened | None, Numbers | None]) -> None:
    """Close the files of what was read and not used."""
    for opened in found:
        if opened is not None:
            try:
                os.close(opened.fd)
            except OSError:
                pass
