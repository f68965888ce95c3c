"""Digest dates (FORMAT.md 2): from the header, the file name, a timestamp line near the top of
the body, a date in the title heading, or the file's mtime."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone

_NAME_DATE_RE = re.compile(
    r"(?<![0-9])(\d{4})([.\-_]?)(\d{2})\2(\d{2})(?:[.\-_T ](\d{2})(?:[.\-:]?(\d{2}))?)?(?![0-9])"
)
_COMPACT_RE = re.compile(r"(?<![0-9])(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z|[+-]\d{4})?(?![0-9])")
"""`briefing_20250924T102628+0000`, `…_20250825T112417Z`."""
_LOOSE_RE = re.compile(r"(?<![0-9])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![0-9])")
"""`2020-12-2-this-week…`, `日报 2025/6/5`: month and day not zero-padded."""
_TIMESTAMP_LINE = re.compile(
    r"\A\s*(?:>\s*)*(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)\s*\Z")
"""`> 2025-09-28T23:53:25Z`, `2025-06-08 08:00`, or a bare `2025-06-08` (midnight, local time)."""
_CJK_DATE_RE = re.compile(r"(?<![0-9])(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
"""`2025年6月6日` (a Chinese or Japanese date)."""
_MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")], start=1) for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WORD_DATE_RE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}}))(?![0-9])", re.IGNORECASE)
"""`March 7, 2024`, `Mar 7th 2024`, `7 March 2024` (English month names, any case)."""
TIMESTAMP_LINES = 8
"""How many non-blank lines at the top of the body may hold the timestamp line."""


def _aware(value: datetime) -> datetime:
    """A naive time is read as local time."""
    if value.tzinfo is None:
        return value.astimezone()
    return value


def _iso(text: str) -> datetime | None:
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def from_value(value: object) -> datetime | None:
    """A header `date` (string, date or datetime) as an aware datetime, or None."""
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return datetime.combine(value, time()).astimezone()
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    found = _iso(text)
    if found is not None:
        return _aware(found)
    loose = _LOOSE_RE.fullmatch(text[:10].strip()) if len(text) <= 10 else None
    if loose is not None:
        return _day(loose.group(1), loose.group(3), loose.group(4))
    head = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?", text)
    if head is not None:
        try:
            year, month, day, hour, minute, second = (int(part or 0) for part in head.groups())
            return datetime(year, month, day, hour, minute, second).astimezone()
        except ValueError:
            return None
    return None


def _day(year: str, month: str, day: str, hour: str | None = None, minute: str | None = None) -> datetime | None:
    try:
        value = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
    except ValueError:
        return None
    return value.astimezone() if 1970 <= value.year <= 2200 else None


def from_name(name: str) -> datetime | None:
    """A date in a file name: `2025.12.20.08`, `2025-12-20`, `20251220`, `…_20250924T102628+0000`,
    `2020-12-2-…`; local time unless the name gives an offset."""
    compact = _COMPACT_RE.search(name)
    if compact is not None:
        year, month, day, hour, minute, second, zone = compact.groups()
        try:
            value = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
        except ValueError:
            value = None
        if value is not None:
            if zone is None:
                return value.astimezone()
            offset = 0 if zone in ("Z", "z") else (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 60 + int(zone[3:5]))
            return value.replace(tzinfo=timezone(timedelta(minutes=offset)))
    for match in _NAME_DATE_RE.finditer(name):
        year, _sep, month, day, hour, minute = match.groups()
        found = _day(year, month, day, hour, minute)
        if found is not None:
            return found
    loose = _LOOSE_RE.search(name)
    return _day(loose.group(1), loose.group(3), loose.group(4)) if loose is not None else None


def from_timestamp_line(lines: list[str], before: Callable[[], int] | None = None) -> datetime | None:
    """A line near the top of the body that is only a timestamp (`> 2025-09-28T23:53:25Z`), before
    the line `before` gives (the first item's: a date inside an item is that item's; asked only
    when such a line is found)."""
    seen = 0
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        match = _TIMESTAMP_LINE.match(line)
        if match is not None:
            found = _iso(match.group(1).replace(" ", "T", 1))
            if found is not None:
                return _aware(found) if before is None or number < before() else None
        seen += 1
        if seen >= TIMESTAMP_LINES:
            break
    return None


def from_title(title: str) -> datetime | None:
    """A date inside a title heading (`Web Digest 2026-03-15`, `日报 2025/6/5`, `AI 日报（2025年6月6日）`,
    `Weekly — March 7, 2024`)."""
    found = from_name(title)
    if found is not None:
        return found
    cjk = _CJK_DATE_RE.search(title)
    if cjk is not None:
        return _day(*cjk.groups())
    words = _WORD_DATE_RE.search(title)
    if words is None:
        return None
    month = words.group("m1") or words.group("m2")
    return _day(words.group("y1") or words.group("y2"), str(_MONTHS[month.lower()]), words.group("d1") or words.group("d2"))


def from_mtime(mtime_ns: int) -> datetime:
    """The file's modification time, in local time."""
    return datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC).astimezone()

