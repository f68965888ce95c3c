"""Digest dates: from front matter, from the file name, or from the file's mtime."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

_NAME_DATE_RE = re.compile(
    r"(?<![0-9])(\d{4})([.\-_]?)(\d{2})\2(\d{2})(?:[.\-_T ](\d{2})(?:[.\-:]?(\d{2}))?)?(?![0-9])"
)


def _aware(value: datetime) -> datetime:
    """A naive time is read as local time."""
    if value.tzinfo is None:
        return value.astimezone()
    return value


def from_value(value: object) -> datetime | None:
    """A front matter `date` (string, date or datetime) as an aware datetime, or None."""
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return datetime.combine(value, time()).astimezone()
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return datetime.combine(date.fromisoformat(text[:10]), time()).astimezone() if len(text) == 10 else None
    except ValueError:
        return None


def from_name(name: str) -> datetime | None:
    """A date in a file name: `2025.12.20.08`, `2025-12-20`, `20251220`; local time."""
    for match in _NAME_DATE_RE.finditer(name):
        year, _sep, month, day, hour, minute = match.groups()
        try:
            value = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
        except ValueError:
            continue
        if 1970 <= value.year <= 2200:
            return value.astimezone()
    return None


def from_mtime(mtime_ns: int) -> datetime:
    """The file's modification time, in local time."""
    return datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC).astimezone()
