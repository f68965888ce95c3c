"""The search texts file: every item's folded text (headline, author, summary), per digest file.

Summaries are not held for display; only this folded copy is, and only once a search needs it.
It is written beside the index cache when files are parsed, and read back (or rebuilt for any
file that changed) on first use. The search itself is in `query/`. A digest's texts are kept as
UTF-8 bytes (`search_fold.encode`, as the indexer's workers send them): written and read back
without re-encoding (the file's format: `search_texts_file.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tui.core.cache import names, search_blocks, search_index, search_texts_file
from tui.core.format import RULES
from tui.core.format.search_fold import decode, encode, fold
from tui.core.format.summaries import summaries_of
from tui.core.model import SEP, Digest, Item

TEXTS = 1
"""How the texts are made (`search_fold`): what the postings are made from, however the file stores them."""
POSTINGS_SCHEMA = (search_index.SCHEMA * 1000 + TEXTS) * 1000 + RULES
"""The postings file's schema: its own format's, that of the texts it is made from, and the
reading rules' the texts were read by (`format.RULES`)."""


class SearchTexts:
    """Folded text per item of every digest, loaded and completed on first use."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self._blobs: dict[str, tuple[int, int, bytes]] = {}
        self._split: dict[int, list[str]] = {}
        self._stored: dict[str, tuple[int, int, bytes]] | None = None
        """The file's texts as `holding` read them, for the `load` after it."""
        self.ready = False
        self.index: search_index.SearchIndex | None = None
        """The postings of every item's text, in list order (None: not made yet; then a search
        tests every text)."""

    def build_index(self, digests: list[Digest], extra: Callable[[Item], str]) -> None:
        """[worker] Make the postings once the texts are loaded (from the postings file where
        its blocks are unchanged; the file is written again when anything changed). `extra`:
        an item's second text, which a search also finds it by (its author's name as shown)."""
        if not self.ready or self.index is not None:
            return
        sizes = [len(digest.items) for digest in digests]
        sources: list[search_index.Source] = []
        for first, end in search_blocks.groups(sizes):
            group = digests[first:end]
            items = [item for digest in group for item in digest.items]
            made_of = "\x00".join(f"{d.path}\x00{d.mtime_ns}\x00{d.size}\x00{','.join(str(i.file_place) for i in d.items)}"
                                  for d in group)
            sources.append((made_of, sizes[first:end], [item.folded or "" for item in items], list(map(extra, items)),
                            [item.key for item in items]))
        postings = names.postings_file(self.file) if self.file is not None else None
        self.index = search_index.index_of(sources, postings, POSTINGS_SCHEMA)

    def add_blob(self, digest: Digest, blob: bytes) -> None:
        """Record a freshly parsed digest's folded item texts (joined by SEP, in UTF-8: `encode`)."""
        self._blobs[digest.path] = (digest.mtime_ns, digest.size, blob)

    def holding(self, digests: list[Digest], needle: str) -> list[Digest]:
        """Those of `digests` whose stored texts may hold `needle` (a folded needle, found in no
        text of the others), and those whose stored texts are missing or out of date; no item
        is unpacked. Then `load(found, every=False)` gives only those their texts (the
        command line's search: only the digests it may print are unpacked)."""
        if self._stored is None:
            self._stored = search_texts_file.read(self.file) if self.file is not None else {}
        stored = self._stored
        wanted = encode([needle])  # (UTF-8 in UTF-8: a substring of the bytes is one of the text)
        found = []
        for digest in digests:
            entry = self._blobs.get(digest.path) or stored.get(digest.path)
            if entry is None or entry[0] != digest.mtime_ns or entry[1] != digest.size or wanted in entry[2]:
                found.append(digest)
        return found

    def load(self, digests: list[Digest], every: bool = True) -> None:
        """Make sure every digest has its texts: from the file, else by parsing it again.
        `every`: these are all of the library's digests (else only these get their texts, the
        file keeps the others', and the search is not `ready`)."""
        stored: dict[str, tuple[int, int, bytes]] = self._stored if self._stored is not None else (
            search_texts_file.read(self.file) if self.file is not None else {})
        self._stored = None
        changed = False
        for digest in digests:
            entry = self._blobs.get(digest.path) or stored.get(digest.path)
            if entry is None or entry[0] != digest.mtime_ns or entry[1] != digest.size:
                items = digest.items
                count = max((item.file_place for item in items), default=-1) + 1
                summaries = list(summaries_of(digest.path, digest.mtime_ns, digest.size, count, digest.layout))
                texts = [""] * count  # (by place in the file: items not shown keep an empty text)
                for item in items:
                    texts[item.file_place] = fold(item.headline, item.author, item.handle, summaries[item.file_place])
                entry = (digest.mtime_ns, digest.size, encode(texts))
                changed = True
            self._blobs[digest.path] = entry
        for digest in digests:
            for item, text in zip(digest.items, self.texts(digest)):
                item.folded = text
        if every:
            self.ready = True
            if changed or len(stored) != len(self._blobs):
                self.save()
        elif changed:
            self._blobs = {**stored, **self._blobs}  # (the others' texts kept as the file had them)
            self.save()
        self.forget()  # each item holds its folded text now

    def save(self) -> None:
        """Write the texts next to the index cache; failing is not an error."""
        if self.file is not None and self._blobs:
            search_texts_file.write(self.file, self._blobs)

    def forget(self) -> None:
        """Drop the texts held for writing (the items keep theirs once loaded)."""
        self._blobs = {}
        self._split = {}

    def texts(self, digest: Digest) -> list[str]:
        """The folded texts of a digest's items, in order (kept by place in the file)."""
        found = self._split.get(id(digest))
        if found is None:
            entry = self._blobs.get(digest.path)
            by_place = decode(entry[2]).split(SEP) if entry and entry[2] else []
            items = digest.items
            if all(item.file_place < len(by_place) for item in items):
                found = [by_place[item.file_place] for item in items]
            else:
                found = [fold(i.headline, i.author, i.handle, "") for i in items]
            self._split[id(digest)] = found
        return found
