"""What is new: when each digest arrived, and the stories that arrived after a time.

A digest *arrives* when Brief first sees its file. On the first look at a folder (Brief has no
record of it) the archive as found counts as having arrived at each digest's own date, so
`--since 8h` means something from the first run on (a digest with no date of its own, dated by
its file's mtime, as ever before); later, a file first seen counts from the
moment it was seen (a daily file dated midnight and fetched at noon arrived at noon).

A story is new after a time when every digest carrying it arrived after that time: a story first
seen before your last visit and repeated in a new edition is not new.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from tui.core.corpus.library import Library
from tui.core.model import Digest
from tui.core.query.filters import NewStories
from tui.core.query.groups import root_of


def stamp_of(digest: Digest) -> str:
    """What a file keeps when it is moved or renamed: its mtime and size."""
    return f"{digest.mtime_ns}:{digest.size}"


def arrivals_of(digests: Iterable[Digest], stored: dict[str, float], known_roots: Iterable[str],
                roots: Sequence[str], now: float, stamps: dict[str, float] | None = None) -> dict[str, float]:
    """When each digest not in `stored` arrives: when a file with its stamp did (it was moved or
    renamed: see `stamp_of`), else now, or its own date (at the latest now; 0 when it has none)
    when its folder is not in `known_roots` (the first look at it)."""
    known = set(known_roots)
    stamps = stamps or {}
    found: dict[str, float] = {}
    for digest in digests:
        if digest.path in stored:
            continue
        moved = stamps.get(stamp_of(digest))
        if moved is not None:
            found[digest.path] = moved
            continue
        root = root_of(digest.path, roots)
        if root is not None and root in known:
            found[digest.path] = now
        elif digest.date_source == "mtime":  # (no date of its own: a checkout's or a copy's mtime is not when it came out)
            found[digest.path] = 0.0
        else:
            try:
                found[digest.path] = min(now, digest.date.timestamp())
            except (OverflowError, OSError, ValueError):
                found[digest.path] = now
    return found


def last_visit(visits: dict[str, tuple[float, float | None]], roots: Sequence[str]) -> float | None:
    """When the reader was last closed on these folders (the earliest of them, so nothing that
    arrived in one of them since is missed; None: never)."""
    times = [visits[root][1] for root in roots if root in visits and visits[root][1] is not None]
    return min(times) if times else None  # type: ignore[type-var]


def new_stories(library: Library, arrival: dict[str, float], since: float) -> NewStories:
    """The stories every carrier of which arrived after `since`."""
    digests = library.digests
    fresh = [number for number, digest in enumerate(digests) if arrival.get(digest.path, since) > since]
    if not fresh:
        return NewStories(since, frozenset())
    stories = library.stories
    candidates: set[int] = set()
    for number in fresh:
        candidates.update(stories.of_digest(number))
    is_fresh = set(fresh)
    for number in range(len(digests)):
        if not candidates:
            break
        if number not in is_fresh:
            candidates.difference_update(stories.of_digest(number))
    keys = stories.keys
    carrying = frozenset(digests[number].path for number in fresh if not candidates.isdisjoint(stories.of_digest(number)))
    return NewStories(since, frozenset(keys[story] for story in candidates), carrying)


_SPAN = r"(?i)^\s*-?(\d+(?:\.\d+)?)\s*(m|min|h|d|w)\s*$"
"""`8h`, `-8h` (as journalctl writes it: eight hours ago too), `30 min`, `1.5d`."""
"""(`--since`'s: compiled when used, through `re`'s cache.)"""
_UNITS = {"m": 60.0, "min": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}


def parse_since(text: str, now: float) -> float:
    """`8h` (or `-8h`), `30m`, `2d`, `1w`, or a date or time (`2026-11-20`, `2026-11-20T08:00`, local time
    unless it says otherwise) → a POSIX time. Raises ValueError with what it expects."""
    span = re.match(_SPAN, text)
    if span:
        return now - float(span.group(1)) * _UNITS[span.group(2).lower()]
    wrong = f"{text!r} is neither a span like 8h, 30m, 2d, 1w nor a date like 2026-11-20T08:00"
    if not text.strip():
        raise ValueError(wrong)
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(wrong) from None
    try:
        if when.tzinfo is None:
            when = when.astimezone()  # (local time)
        return when.timestamp()
    except (ValueError, OverflowError, OSError):  # (year 1 in local time, say)
        raise ValueError(f"{text!r} is a date before or after any this clock can say") from None


def since_text(since: float, now: float) -> str:
    """A short local time for "new since …": `today 18:00`, `Mon 18:00` this week, else the date."""
    when = datetime.fromtimestamp(since).astimezone()
    today = datetime.fromtimestamp(now).astimezone()
    if when.date() == today.date():
        return when.strftime("today %H:%M")
    if timedelta(0) <= today - when < timedelta(days=6):
        return when.strftime("%a %H:%M")
    if when.year == today.year:
        return when.strftime("%b %d %H:%M")
    return when.strftime("%Y-%m-%d %H:%M")
