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
        gc.set_threshold(*before)
        if freeze:
            gc.unfreeze()
