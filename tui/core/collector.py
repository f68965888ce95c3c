"""The cyclic garbage collector's settings while long-lived objects are made by the hundred
thousand (a library loaded or indexed, every item of a command's output unpacked).

With Python's default thresholds the collector walks the old generation again each time it has
grown by a quarter: at 50,000 digests that was a third of `--items --json`'s 10 s and about 4 s
of a first index's 15 s. Young cycles (a file's parse tree) are still collected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLDS = (100_000, 50, 1000)
"""Thresholds while many long-lived objects are made: young generations collected every 100,000
allocations, the old one almost never."""

READER_THRESHOLDS = (700, 10, 1000)
"""The reader's, once its first frame is drawn: the young generations collected as by Python's
default, the old one 100 times less often. What lives long is frozen (`paused`, the start), so
the old objects made after it are few, but big (a search's matches, kept for the next letter):
with the default 10, a full collection came every few keystrokes of a search, 40–110 ms each
at 50,000 digests, holding the frame back."""


@contextmanager
def making_long_lived(freeze: bool = False) -> Iterator[None]:
    """Collect young objects only while the block runs (`freeze`: and skip every object made
    so far, until the block ends); the settings are put back after (the process may go on:
    the reader, a test)."""
    before = gc.get_threshold()
    if freeze:
        gc.freeze()
    gc.set_threshold(*YOUNG_THRESHOLDS)
    try:
        yield
    finally:
        if gc.get_threshold() == YOUNG_THRESHOLDS:  # (unless set meanwhile: the reader's first frame, `READER_THRESHOLDS`)
            gc.set_threshold(*before)
        if freeze:
            gc.unfreeze()


@contextmanager
def paused() -> Iterator[None]:
    """No collection at all while the block runs (a worker making every item of a library: the
    objects live on, so walking them finds nothing), then everything made so far frozen (later
    collections skip it). The UI thread's young objects wait meanwhile, a few seconds at most.
    The collector is turned back on only if it was on (the reader's start keeps it off until
    its first frame)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()
