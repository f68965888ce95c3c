"""Watching the library's folders while the reader runs (watchfiles: the notify crate's events,
or polling where a filesystem gives none). Only digest files count: editors' and sync tools'
temporary files are ignored, and a burst of changes is one batch."""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterable

from tui.core.corpus.discovery import SUFFIXES
from tui.core.paths import identity

MAX_RESTARTS = 20
RESTART_WINDOW = 60.0
"""Watching starts again after an event watchfiles cannot read, up to this many times a minute."""
DEBOUNCE_MS = 400
"""Changes this close together are one batch (a sync of 500 files is one update)."""

_TEMPORARY = re.compile(r"(?:^\.|~$|\.sw[a-p]$|\.part$|\.tmp$|\.crdownload$|^\.syncthing\.|^#.*#$)")


def is_digest_change(path: str) -> bool:
    """Whether a changed path is a digest file (not a hidden, temporary or partial one), or may
    be a folder of them (one that is there, or a name with no suffix that is gone)."""
    name = os.path.basename(path)
    if _TEMPORARY.search(name):
        return False
    if any(part.startswith(".") for part in path.split(os.sep)[:-1] if part not in ("", ".", "..")):
        return False  # inside a hidden folder (.git, .obsidian), which the library skips too
    if name.lower().endswith(SUFFIXES):
        return True
    # A folder moved in, out or renamed comes as one event for the folder, none for its files.
    if "." in name or name.isdigit():  # (another kind of file, or an editor's probe such as vim's 4913)
        return False
    return os.path.isdir(path) or not os.path.lexists(path)


def watched_folders(paths: Iterable[str]) -> list[str]:
    """The folders to watch for these library paths (a file given: its folder)."""
    found: list[str] = []
    for path in paths:
        folder = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
        if folder and os.path.isdir(folder) and folder not in found:
            found.append(folder)
    return found


CHECK_MS = 2000
"""How often the library's own folders are looked at (moved away, back, or replaced): a watch
sees what happens inside a folder, not to the folder itself."""


def _identities(paths: list[str]) -> list[tuple[int, int] | None]:
    return [identity(path) for path in paths]


def watch(paths: Iterable[str], mode: str, stop: threading.Event, changed: Callable[[int], object]) -> str | None:
    """[worker] Call `changed(count)` for each batch of digest changes under `paths` until `stop`
    is set; returns why watching could not start (None: it ran until stopped). A library folder
    moved away, brought back or replaced by another is a change too (`changed(1)`), and what is
    there then is watched."""
    given = [os.path.abspath(path) for path in paths]
    if mode == "off" or not given:
        return None
    import watchfiles  # (in the worker, after the first frame)

    failed: list[float] = []
    while not stop.is_set():
        folders = watched_folders(given)
        seen = _identities(given)
        if not folders:  # (every folder is gone: look for them to come back)
            if stop.wait(CHECK_MS / 1000):
                return None
            if _identities(given) != seen:
                changed(1)
            continue
        roots = {os.path.abspath(folder) for folder in folders}

        def wanted(_change: object, path: str, roots: set[str] = roots) -> bool:
            return os.path.abspath(path) not in roots and is_digest_change(path)  # (a watched folder's own event)

        try:
            for batch in watchfiles.watch(*folders, watch_filter=wanted, debounce=DEBOUNCE_MS, step=50,
                                          stop_event=stop, force_polling=True if mode == "poll" else None,
                                          raise_interrupt=False, ignore_permission_denied=True,
                                          rust_timeout=CHECK_MS, yield_on_timeout=True):
                if batch:
                    changed(len(batch))
                if _identities(given) != seen:
                    changed(1)  # (a folder of the library moved away, came back or was replaced)
                    break
            else:
                return None
        except OSError as exc:
            return f"cannot watch the folders for new digests ({exc.strerror or exc}); press r to reload"
        except RuntimeError as exc:
            # watchfiles gives up on one event it cannot convert (even a read of a file whose name
            # is not UTF-8): watch again, unless that keeps happening.
            now = time.monotonic()
            failed = [at for at in failed if now - at < RESTART_WINDOW] + [now]
            if len(failed) > MAX_RESTARTS:
                return f"cannot watch the folders for new digests ({exc}); press r to reload"
            stop.wait(0.2)
    return None
