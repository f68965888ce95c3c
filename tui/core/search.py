"""Text search over headline, author and summary, kept as casefolded text per item.

Summaries are not held for display; only this folded copy is, and only once a search needs it.
It is written beside the index cache when files are parsed, and read back (or rebuilt for any
file that changed) on first use.
"""

from __future__ import annotations

import marshal
import os
import tempfile
import zlib
from pathlib import Path

from tui.core.model import SEP, Digest

MAGIC = b"BRIEFSRC"
SCHEMA = 1


def search_fold(raw: str) -> str:
    """An item's raw Markdown as search reads it: casefolded, bold marks gone, whitespace folded."""
    return " ".join(raw.replace("**", "").replace("__", "").replace(SEP, " ").casefold().split())


def fold(headline: str, author: str | None, handle: str | None, summary: str) -> str:
    """What a search looks in, for one item (from its parsed parts)."""
    return search_fold("\n".join((headline, author or "", handle or "", summary)))


def search_file(index_file: Path) -> Path:
    """The search text file that goes with an index cache file."""
    return index_file.with_name(index_file.name.replace("index-", "search-", 1))


class SearchTexts:
    """Folded text per item of every digest, loaded and completed on first use."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self._blobs: dict[str, tuple[int, int, str]] = {}
        self._split: dict[int, list[str]] = {}
        self.ready = False

    def add_blob(self, digest: Digest, blob: str) -> None:
        """Record a freshly parsed digest's folded item texts (joined by SEP)."""
        self._blobs[digest.path] = (digest.mtime_ns, digest.size, blob)

    def load(self, digests: list[Digest]) -> None:
        """Make sure every digest has its texts: from the file, else by parsing it again."""
        stored: dict[str, tuple[int, int, str]] = {}
        if self.file is not None:
            stored = _read(self.file)
        changed = False
        for digest in digests:
            entry = self._blobs.get(digest.path) or stored.get(digest.path)
            if entry is None or entry[0] != digest.mtime_ns or entry[1] != digest.size:
                from tui.core.library import _summaries

                summaries = list(_summaries(digest.path, digest.mtime_ns, digest.size, len(digest.items)))
                texts = [fold(i.headline, i.author, i.handle, s) for i, s in zip(digest.items, summaries)]
                entry = (digest.mtime_ns, digest.size, SEP.join(texts))
                changed = True
            self._blobs[digest.path] = entry
        for digest in digests:
            for item, text in zip(digest.items, self.texts(digest)):
                item.folded = text
        self.ready = True
        if changed or len(stored) != len(self._blobs):
            self.save()

    def save(self) -> None:
        """Write the texts next to the index cache; failing is not an error."""
        if self.file is None or not self._blobs:
            return
        try:
            payload = marshal.dumps(self._blobs)
            header = MAGIC + SCHEMA.to_bytes(4, "little") + zlib.crc32(payload).to_bytes(4, "little")
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.file.parent, prefix=".search-", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(header + payload)
            os.replace(tmp, self.file)
        except (OSError, ValueError):
            pass

    def texts(self, digest: Digest) -> list[str]:
        """The folded texts of a digest's items, in order."""
        found = self._split.get(id(digest))
        if found is None:
            entry = self._blobs.get(digest.path)
            found = entry[2].split(SEP) if entry and entry[2] else []
            if len(found) != len(digest.items):
                found = [fold(i.headline, i.author, i.handle, "") for i in digest.items]
            self._split[id(digest)] = found
        return found


def _read(file: Path) -> dict[str, tuple[int, int, str]]:
    try:
        blob = file.read_bytes()
    except OSError:
        return {}
    head = len(MAGIC) + 8
    if len(blob) < head or not blob.startswith(MAGIC) or int.from_bytes(blob[8:12], "little") != SCHEMA:
        return {}
    payload = memoryview(blob)[head:]
    if zlib.crc32(payload).to_bytes(4, "little") != blob[12:16]:
        return {}
    try:
        data = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}
