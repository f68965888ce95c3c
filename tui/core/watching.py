"""Watching the library's folders while the reader runs (watchfiles: the notify crate's events,
or polling where a filesystem gives none). Only digest files count: editors' and sync tools'
temporary files are ignored, and a burst of changes is one batch."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable

from tui.core.corpus.discovery import SUFFIXES

MODES = ("events", "poll", "off")
"""`watch` in config.toml: true (events), "poll", false (off)."""
DEBOUNCE_MS = 400
"""Changes this close together are one batch (a sync of 500 files is one update)."""

_TEMPORARY = re.compile(r"(?:^\.|~$|\.sw[a-p]$|\.part$|\.tmp$|\.crdownload$|^\.syncthing\.|^#.*#$)")


def is_digest_change(path: str) -> bool:
    """Whether a changed path is a digest file (not a hidden, temporary or partial one)."""
    name = os.path.basename(path)
    if _TEMPORARY.search(name):
        return False
    if any(part.startswith(".") for part in path.split(os.sep)[:-1] if part not in ("", ".", "..")):
        return False  # inside a hidden folder (.git, .obsidian), which the library skips too
    return name.lower().endswith(SUFFIXES)


def watched_folders(paths: Iterable[str]) -> list[str]:
    """The folders to watch for these library paths (a file given: its folder)."""
    found: list[str] = []
    for path in paths:
        folder = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
        if folder and os.path.isdir(folder) and folder not in found:
            found.append(folder)
    return found


def watch(paths: Iterable[str], mode: str, stop: threading.Event, changed: Callable[[int], object]) -> str | None:
    """[worker] Call `changed(count)` for each batch of digest changes under `paths` until `stop`
    is set; returns why watching could not start (None: it ran until stopped)."""
    folders = watched_folders(paths)
    if mode == "off" or not folders:
        return None
    import watchfiles  # (in the worker, after the first frame)

    def wanted(_change: object, path: str) -> bool:
        return is_digest_change(path)

    try:
        for batch in watchfiles.watch(*folders, watch_filter=wanted, debounce=DEBOUNCE_MS, step=50, stop_event=stop,
                                      force_polling=True if mode == "poll" else None, raise_interrupt=False,
                                      ignore_permission_denied=True):
            if batch:
                changed(len(batch))
    except (OSError, RuntimeError) as exc:
        return f"cannot watch the folders for new digests ({exc}); press r to reload"
    return None
