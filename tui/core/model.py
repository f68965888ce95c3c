"""The digest and item records shared by the parser, the library and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True, eq=False)
class Item:
    """One entry of a digest's top-level ordered list."""

    number: int
    """1-based position of the item in its digest."""
    headline: str
    """The link text without the author suffix (or the first line, without a link)."""
    author: str | None
    """The author suffix as written (`... - Name`), if any."""
    handle: str | None
    """The X/Twitter handle named by the link, if any (case as written)."""
    url: str | None
    """The link as written, if any."""
    key: str
    """Canonical story key (FORMAT.md §4); read state is kept per key."""
    digest: Digest | None = None
    """The digest that carries this item (set by the library)."""
    author_id: str | None = None
    """Author identity: `@handle` (lower case) or `name:<casefolded name>` (set by the library)."""

    @property
    def ref(self) -> str:
        """`STEM#N`, the reference `brief --open` takes."""
        stem = self.digest.stem if self.digest else "?"
        return f"{stem}#{self.number}"


@dataclass(slots=True, eq=False)
class Digest:
    """One Markdown file: an edition of a digest."""

    path: str
    """Absolute path of the file."""
    stem: str
    """The file name without its extension: the digest's id."""
    title: str
    date: datetime
    """Publication time, always timezone-aware."""
    date_source: str
    """Where the date came from: `front matter`, `file name` or `mtime`."""
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    items: list[Item] = field(default_factory=list)
    warnings: tuple[str, ...] = ()
    """Problems met while reading this file (it was still read)."""
    mtime_ns: int = 0
    size: int = 0

    def labels(self) -> tuple[str, ...]:
        """Categories then tags: what a category filter matches."""
        return self.categories + self.tags


@dataclass(slots=True)
class Problem:
    """A file that was skipped or read only in part, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
