"""Read one digest file: decode it, split its front matter, find its items."""

from __future__ import annotations

import os
import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO

from tui.core.format import dates, layouts
from tui.core.format.decoding import MAX_FILE_SIZE, NO_ITEMS, SkipFile, decode, normal_text, split_lines, text_from
from tui.core.format.front_matter import split_front_matter
from tui.core.format.inline import plain
from tui.core.format.item_text import clean, item_text
from tui.core.format.layouts import main as layout_main
from tui.core.format.layouts import tree
from tui.core.format.links import headline_key, key_and_handle
from tui.core.format.list_scan import ItemSpan, item_lines
from tui.core.format.search_fold import fold, search_fold
from tui.core.model import NONE, SEP, Digest, Item, stem_of

__all__ = ["MAX_FILE_SIZE", "Parsed", "SkipFile", "decode", "parse_text", "read_file", "split_lines"]

_NO_DATE = datetime(1970, 1, 1, tzinfo=UTC)
"""A digest's date until `_date` gives it one."""

_NOTION_ID = re.compile(r" [0-9a-f]{32}\Z")
"""The page id a Notion export puts after each file's name (`Weekly digest 8f3a…5c.md`): no part of a title."""

MAX_HEADLINE = 1000
"""Longer headlines are cut: a headline is a line, not a document."""
MAX_AUTHOR = 200

@dataclass(slots=True)
class Parsed:
    """A digest as read from its file, with the summaries the library does not keep."""

    digest: Digest
    summaries: list[str] = field(default_factory=list)
    fast: bool = True
    """Whether the main layout's line scanner found the items (not the block reader)."""
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
    text: str, path: str, mtime_ns: int = 0, size: int = 0, warnings: list[str] | None = None, summaries: bool = True,
    packed: bool = False,
) -> Parsed:
    """Parse a digest's text. Never raises on bad content: problems become warnings.

    With `summaries=False` (indexing) each item's raw text is kept folded for search instead of
    its summary. A body that is plainly the main layout is read by the line scanner; any other by
    the block reader (`layouts/`). With `packed` (the indexer) the digest's items stay packed
    fields (`Digest.packed`), never made into Item objects.
    """
    warnings = list(warnings or [])
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    text = normal_text(text.removeprefix("\ufeff"))
    lines = text.split("\n")
    front = split_front_matter(lines)
    warnings.extend(front.warnings)
    body = lines[front.body_start :]
    stem = stem_of(path)
    data = front.data
    digest = Digest(path=path, stem=stem, title="", date=_NO_DATE, date_source="mtime", mtime_ns=mtime_ns, size=size)
    main = layout_main.spans(body)
    parsed = Parsed(digest, fast=main is not None)
    first_item: Callable[[], int]
    if main is not None:
        first_item = (lambda: main[0][0].start) if main[0] else (lambda: len(body))
        _read_main(parsed, body, main[0], summaries, packed)
        stray = _stray_blocks(body, main[0])
        if stray:
            warnings.append(_stray_note(stray, main[0]))
        numbers = array("I", [n for span in main[0] for n in (span.start, span.end, span.indent)])
        digest.layout = (front.body_start, numbers.tobytes())
        title_heading = _heading_text(body[main[1]]) if main[1] is not None else ""
    else:
        body_text = text_from(text, lines, front.body_start)
        title_heading = _read_blocks(parsed, body_text, summaries, packed)
        first_item = lambda: _first_item_line(body_text)  # noqa: E731 - (read again only when a timestamp line is found)

    title_value = data.get("title")
    title = clean(str(title_value)) if isinstance(title_value, (str, int, float)) else ""
    digest.title = (title or title_heading or _NOTION_ID.sub("", stem) or stem)[:300]
    _date(digest, data, body, title_heading, warnings, first_item)
    digest.categories = _scalar_list(data.get("categories"), "categories", warnings)
    digest.tags = _scalar_list(data.get("tags"), "tags", warnings)
    digest.warnings = tuple(warnings)
    return parsed


def _stray_blocks(body: list[str], spans: list[ItemSpan]) -> list[int]:
    """The items (indexes) an indented block follows that is no part of them: indented less than
    the item's text, CommonMark ends the item there and reads the block as code (a summary under
    `10.  [..](..)` indented by four spaces, where the item's text starts at the fifth column).
    Only the lines between items are looked at: most often blank ones."""
    found = []
    for index, span in enumerate(spans):
        stop = spans[index + 1].start if index + 1 < len(spans) else len(body)
        for line in body[span.end : stop]:
            if line.strip(" \t"):
                if len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" ")) >= 4:
                    found.append(index)
                break
    return found


def _stray_note(stray: list[int], spans: list[ItemSpan]) -> str:
    """The warning for `_stray_blocks`' items."""
    first = spans[stray[0]]
    where = f"item {stray[0] + 1}" if len(stray) == 1 else (
        f"items {', '.join(str(i + 1) for i in stray[:3])}{f' and {len(stray) - 3} more' if len(stray) > 3 else ''}")
    return (f"the indented text after {where} is read as code, not as {'its' if len(stray) == 1 else 'their'} summary: "
            f"CommonMark takes a summary only indented as far as its item's text (column {first.indent + 1}; "
            f"indent it by {first.indent} spaces, or write one space after the number); the reader's `v` shows it")


def _date(digest: Digest, data: dict[str, Any], body: list[str], title_heading: str, warnings: list[str],
          first_item: Callable[[], int]) -> None:
    """The header's date, else the file name's, a timestamp line's, the title heading's, the mtime."""
    if "date" in data:
        found = dates.from_value(data["date"])
        if found is not None:
            digest.date, digest.date_source = found, "front matter"
            return
        bad = f"`date` {str(data['date'])[:40]!r} is not a valid date"
    else:
        bad = ""
    readers: list[tuple[str, Callable[[], datetime | None]]] = [
        ("file name", lambda: dates.from_name(digest.stem)),
        ("timestamp line", lambda: dates.from_timestamp_line(body, first_item)),
        ("title heading", lambda: dates.from_title(title_heading) if title_heading else None),
    ]
    for source, reader in readers:
        when = reader()
        if when is not None:
            digest.date, digest.date_source = when, source
            if bad:
                warnings.append(f"{bad}; dated by the {source} instead")
            return
    digest.date, digest.date_source = dates.from_mtime(digest.mtime_ns), "mtime"
    if bad:
        warnings.append(f"{bad}, and nothing else in the file dates it: listed as `no date`")


def _first_item_line(body: str) -> int:
    """The body line the first item of a block-layout body starts on (past the end: none)."""
    items = layouts.read(body).items
    if not items:
        return body.count("\n") + 1
    return body.encode("utf-8", "surrogatepass").count(b"\n", 0, items[0].start)


def _heading_text(line: str) -> str:
    """A heading line's text as plain text."""
    root = tree.parse(line)
    return plain(root.children[0].inline) if root.children and root.children[0].kind == "h" else ""


_LINKS: dict[str, tuple[str, str | None]] = {}
"""The story key and X handle of links met before (a link often comes again in later digests)."""


def _item_fields(stem: str, headline: str, author: str | None, url: str | None) -> tuple[str, str | None, str | None, str]:
    """An item's headline and author (cut to their limits), handle and story key."""
    if len(headline) > MAX_HEADLINE:
        headline = headline[:MAX_HEADLINE] + "…"
    if author is not None and len(author) > MAX_AUTHOR:
        author = author[:MAX_AUTHOR] + "…"
    if not url:
        return headline, author, None, headline_key(stem, headline)
    known = _LINKS.get(url)
    if known is None:
        if len(_LINKS) >= 100_000:
            _LINKS.clear()
        known = _LINKS[url] = key_and_handle(url)
    return headline, author, known[1], known[0]


class _Items:
    """A digest's items as they are read: Item objects, or (indexing) the packed fields the index
    cache keeps, without making the objects (`model.pack_items` of them)."""

    def __init__(self, digest: Digest, packed: bool) -> None:
        self.digest = digest
        self.items: list[Item] | None = None if packed else []
        self.columns: tuple[list[str], ...] = ([], [], [], [], [], []) if packed else ()

    def add(self, headline: str, author: str | None, url: str | None,
            section: str | None = None) -> tuple[str, str | None, str | None]:
        """Add one; returns its headline, author and handle as kept."""
        headline, author, handle, key = _item_fields(self.digest.stem, headline, author, url)
        if self.items is not None:
            self.items.append(Item(len(self.items) + 1, headline, author, handle, url, key, self.digest, section=section))
        else:
            headlines, authors, handles, urls, keys, sections = self.columns
            headlines.append(headline)
            authors.append(author if author is not None else NONE)
            handles.append(handle if handle is not None else NONE)
            urls.append(url if url is not None else NONE)
            keys.append("" if key == url else key)
            sections.append(section if section is not None else NONE)
        return headline, author, handle

    def finish(self) -> None:
        if self.items is not None:
            self.digest.items = self.items
        else:
            headlines, authors, handles, urls, keys, sections = (SEP.join(column) for column in self.columns)
            self.digest.packed = (headlines, authors, handles, urls, keys, sections)
            self.digest.count = len(self.columns[0])


def _read_main(parsed: Parsed, body: list[str], spans: list[ItemSpan], summaries: bool, packed: bool) -> None:
    """The items the line scanner found (the main layout)."""
    items = _Items(parsed.digest, packed)
    for span in spans:
        if summaries:
            headline, author, url, summary = item_text(item_lines(body, span))
            items.add(headline, author, url)
            parsed.summaries.append(summary)
        else:
            head = span.start + 1
            while head < span.end and body[head].strip(" \t"):
                head += 1
            headline, author, url, summary = item_text(item_lines(body, span, head))
            headline, author, handle = items.add(headline, author, url)
            rest = "\n".join(body[head : span.end])
            parsed.search_texts.append(search_fold("\n".join((headline, author or "", handle or "", summary, rest))))
    items.finish()


def _read_blocks(parsed: Parsed, body: str, summaries: bool, packed: bool) -> str:
    """The items the block reader finds in the body; returns the title heading's text."""
    read = layouts.read(body, summaries=summaries)
    items = _Items(parsed.digest, packed)
    forms: list[str] = []
    if packed and not summaries:  # (the indexer's: the same, with less done for each item)
        _index_blocks(parsed, items, read.items, forms)
        parsed.digest.form = "+".join(forms) or "none"
        return read.title
    for found in read.items:
        headline, author, handle = items.add(found.headline, found.author, found.url, found.section)
        if found.form not in forms:
            forms.append(found.form)
        if summaries:
            parsed.summaries.append(found.summary)
        else:
            parsed.search_texts.append(fold(headline, author, handle, found.summary))
    items.finish()
    parsed.digest.form = "+".join(forms) or "none"
    return read.title


def _index_blocks(parsed: Parsed, items: _Items, found: list[layouts.LayoutItem], forms: list[str]) -> None:
    """`_read_blocks`' items as the indexer keeps them: packed fields and folded search texts
    (what `_Items.add` and `fold` give, item by item, without a call for each)."""
    stem = parsed.digest.stem
    add_headline, add_author, add_handle, add_url, add_key, add_section = (column.append for column in items.columns)
    add_text = parsed.search_texts.append
    known_links = _LINKS
    for item in found:
        headline, author, url = item.headline, item.author, item.url
        known = known_links.get(url) if url and len(headline) <= MAX_HEADLINE and (
            author is None or len(author) <= MAX_AUTHOR) else None
        if known is not None:  # (the usual: a link met before, nothing to cut)
            key, handle = known
        else:
            headline, author, handle, key = _item_fields(stem, headline, author, url)
        add_headline(headline)
        add_author(author if author is not None else NONE)
        add_handle(handle if handle is not None else NONE)
        add_url(url if url is not None else NONE)
        add_key("" if key == url else key)
        add_section(item.section if item.section is not None else NONE)
        if item.form not in forms:
            forms.append(item.form)
        add_text(fold(headline, author, handle, item.summary))
    items.finish()


def read_file(path: str, summaries: bool = True, packed: bool = False) -> Parsed:
    """Read and parse one file (`summaries`, `packed`: see `parse_text`). Raises SkipFile (with a
    reason: `NO_ITEMS` for a file that is not a digest) or OSError."""
    with open(path, "rb", buffering=0) as handle:
        stat = os.fstat(handle.fileno())
        if stat.st_size > MAX_FILE_SIZE:
            raise SkipFile(f"file is {stat.st_size / 1e6:.1f} MB, over the {MAX_FILE_SIZE // 2**20} MB limit; skipped")
        raw = _read_capped(handle, stat.st_size)
    if len(raw) > MAX_FILE_SIZE:
        raise SkipFile(f"file grew past the {MAX_FILE_SIZE // 2**20} MB limit while being read; skipped")
    if not raw.strip():
        raise SkipFile(NO_ITEMS)
    text, warnings = decode(raw)
    parsed = parse_text(text, path, stat.st_mtime_ns, stat.st_size, warnings, summaries, packed)
    if not parsed.digest.item_count:
        if warnings:  # (bytes that are not text as it should be: warned of, as FORMAT 1 asks)
            raise SkipFile(f"{warnings[0]}; no items in it")
        raise SkipFile(NO_ITEMS)  # (a README, a section page: not a digest)
    return parsed


def _read_capped(handle: BinaryIO, size: int) -> bytes:
    """The file's bytes, at most MAX_FILE_SIZE + 1 of them: `size` (what fstat said) and one
    more asked for at first, so a file that grew while being read is read on up to the limit.
    (A buffer as large as the limit is not made for each file: that cost more than the read.)"""
    limit = MAX_FILE_SIZE + 1
    want = min(size + 1, limit)
    chunks: list[bytes] = []
    got = 0
    while True:
        more = handle.read(want - got)
        if not more:
            break
        chunks.append(more)
        got += len(more)
        if got >= want:
            if want == limit:
                break
            want = limit  # more than fstat said: it grew
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


@dataclass(slots=True)
class Document:
    """A digest file as the document view shows it: its body, and the line each item starts on."""

    title: str
    body: str
    starts: list[int]
    """The body line of each item, in order."""
    items: list[Item]
    """The file's items as read now (what `o` opens: the file may have changed since the index)."""


def read_document(path: str) -> Document:
    """A digest's body and where its items start. Raises SkipFile or OSError."""
    parsed = read_file(path)
    with open(path, "rb") as handle:
        text, _warnings = decode(handle.read(MAX_FILE_SIZE + 1))
    lines = split_lines(text.removeprefix("\ufeff").replace("\x00", "\ufffd"))
    body = lines[split_front_matter(lines).body_start :]
    main = layout_main.spans(body)
    if main is not None:
        return Document(parsed.digest.title, "\n".join(body), [span.start for span in main[0]], parsed.digest.items)
    joined = "\n".join(body)
    source = joined.encode("utf-8", "surrogatepass")
    items = layouts.read(joined).items
    starts = [source.count(b"\n", 0, item.start) for item in items]
    # An enumerated item that goes on from the line above (`2、` after `1、`, one paragraph to
    # Markdown) is shown as a paragraph of its own, as it is read: a blank line before it.
    apart = {start for start, item in zip(starts, items) if item.form == "enum" and start > 0 and body[start - 1].strip()}
    if apart:
        shown: list[str] = []
        moved: dict[int, int] = {}
        for number, line in enumerate(body):
            if number in apart:
                shown.append("")
            moved[number] = len(shown)
            shown.append(line)
        body, starts = shown, [moved[start] for start in starts]
    return Document(parsed.digest.title, "\n".join(body), starts, parsed.digest.items)
