"""Read one digest file: decode it, split its front matter, find its items."""

from __future__ import annotations

import os
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.format import dates
from tui.core.format.decoding import MAX_FILE_SIZE, SkipFile, decode, split_lines
from tui.core.format.front_matter import split_front_matter
from tui.core.format.item_text import clean, item_text
from tui.core.format.links import canonical_key, headline_key, x_handle
from tui.core.format.list_scan import item_lines, item_spans
from tui.core.format.search_fold import search_fold
from tui.core.model import Digest, Item

__all__ = ["MAX_FILE_SIZE", "Parsed", "SkipFile", "decode", "parse_text", "read_file", "split_lines"]

MAX_HEADLINE = 1000
"""Longer headlines are cut: a headline is a line, not a document."""
MAX_AUTHOR = 200

_TITLE_RE = re.compile(r" {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*\Z")


@dataclass(slots=True)
class Parsed:
    """A digest as read from its file, with the summaries the library does not keep."""

    digest: Digest
    summaries: list[str] = field(default_factory=list)
    fast: bool = True
    """Whether the fast scanner (not markdown-it-py) found the items."""
    search_texts: list[str] = field(default_factory=list)
    """Folded raw text of each item, when parsed for indexing (then `summaries` is empty)."""


def _scalar_list(value: Any, name: str, warnings: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        warnings.append(f"`{name}` should be a list of names, not {type(value).__name__}; ignored")
        return ()
    out: list[str] = []
    for entry in value:
        if isinstance(entry, (str, int, float)) and not isinstance(entry, bool):
            text = clean(str(entry))
            if text and text not in out:
                out.append(text[:200])
        else:
            warnings.append(f"`{name}` holds a {type(entry).__name__}; that entry ignored")
    return tuple(out)


def parse_text(
    text: str, path: str, mtime_ns: int = 0, size: int = 0, warnings: list[str] | None = None, summaries: bool = True
) -> Parsed:
    """Parse a digest's text. Never raises on bad content: problems become warnings.

    With `summaries=False` (indexing) only each item's first paragraph is read closely, and the
    item's raw text is kept folded for search instead of its summary.
    """
    want_summaries = summaries
    warnings = list(warnings or [])
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    lines = split_lines(text.removeprefix("\ufeff"))
    front = split_front_matter(lines)
    warnings.extend(front.warnings)
    body = lines[front.body_start :]
    spans, fast = item_spans(body)
    stem = Path(path).stem
    data = front.data

    title_value = data.get("title")
    title = clean(str(title_value)) if isinstance(title_value, (str, int, float)) else ""
    if not title:
        inside = {line for span in spans for line in range(span.start, span.end)}
        for index, line in enumerate(body):
            if index not in inside and line.startswith(("#", " ")):
                match = _TITLE_RE.match(line)
                if match:
                    title = clean(match.group(1))
                    break
    title = (title or stem)[:300]

    date = None
    date_source = "front matter"
    if "date" in data:
        date = dates.from_value(data["date"])
        if date is None:
            warnings.append(f"`date` {str(data['date'])[:40]!r} is not a valid date; dated by file name or mtime")
    if date is None:
        date, date_source = dates.from_name(stem), "file name"
    if date is None:
        date, date_source = dates.from_mtime(mtime_ns), "mtime"

    if not spans:
        warnings.append("no numbered items found")
    categories = _scalar_list(data.get("categories"), "categories", warnings)
    tags = _scalar_list(data.get("tags"), "tags", warnings)
    digest = Digest(
        path=path,
        stem=stem,
        title=title,
        date=date,
        date_source=date_source,
        categories=categories,
        tags=tags,
        warnings=tuple(warnings),
        mtime_ns=mtime_ns,
        size=size,
    )
    summary_list: list[str] = []
    search_texts: list[str] = []
    items: list[Item] = []
    for number, span in enumerate(spans, start=1):
        if want_summaries:
            text_parts = item_text(item_lines(body, span))
        else:
            head = span.start + 1
            while head < span.end and body[head].strip(" \t"):
                head += 1
            text_parts = item_text(item_lines(body, span, head))
        headline, author, url, summary = text_parts
        if len(headline) > MAX_HEADLINE:
            headline = headline[:MAX_HEADLINE] + "…"
        if author is not None and len(author) > MAX_AUTHOR:
            author = author[:MAX_AUTHOR] + "…"
        handle = x_handle(url)
        if not want_summaries:
            rest = "\n".join(body[head : span.end])
            search_texts.append(search_fold("\n".join((headline, author or "", handle or "", summary, rest))))
        key = canonical_key(url) if url else headline_key(stem, headline)
        item = Item(number, headline, author, handle, url, key, digest)
        items.append(item)
        if want_summaries:
            summary_list.append(summary)
    digest.items = items
    digest.layout = (front.body_start, array("I", [n for span in spans for n in (span.start, span.end, span.indent)]).tobytes())
    return Parsed(digest, summary_list, fast, search_texts)


def read_file(path: str, summaries: bool = True) -> Parsed:
    """Read and parse one file. Raises SkipFile (with a reason) or OSError."""
    with open(path, "rb") as handle:
        stat = os.fstat(handle.fileno())
        if stat.st_size > MAX_FILE_SIZE:
            raise SkipFile(f"file is {stat.st_size / 1e6:.1f} MB, over the {MAX_FILE_SIZE // 2**20} MB limit; skipped")
        raw = handle.read(MAX_FILE_SIZE + 1)
    if len(raw) > MAX_FILE_SIZE:
        raise SkipFile(f"file grew past the {MAX_FILE_SIZE // 2**20} MB limit while being read; skipped")
    if not raw.strip():
        raise SkipFile("file is empty")
    text, warnings = decode(raw)
    return parse_text(text, path, stat.st_mtime_ns, stat.st_size, warnings, summaries)
