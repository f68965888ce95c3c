"""The summaries file: every item's summary, per digest file, as `--items --json` writes it (JSON
text, escaped), kept for the bulk path that prints them all. Cutting 160,000 summaries out of
10,000 files again costs seconds; reading them back costs a fraction of that. The detail pane reads one file's summaries from the
file itself (see `format.summaries`) and never opens this one.
"""

from __future__ import annotations

from pathlib import Path

from tui.core.cache import checked_file
from tui.core.format import RULES
from tui.core.model import SEP, Digest

MAGIC = b"BRIEFSUM"
SCHEMA = 4
"""4: reference links written out inline (`format.link_refs`);
3: not compressed (reading 41 MB back at 10,000 digests costs 0.06 s; inflating 26 MB cost 0.26 s);
2: each summary kept as JSON text; 1 kept the summaries themselves."""
FILE_SCHEMA = SCHEMA * 1000 + RULES
"""The schema the file says: this format's and the reading rules' (`format.RULES`)."""


class SummaryFile:
    """Summaries by digest file (path → mtime, size, the summaries joined by SEP in UTF-8), read on first use."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self._stored: dict[str, tuple[int, int, bytes]] | None = None
        self._changed = False

    def _entries(self) -> dict[str, tuple[int, int, bytes]]:
        if self._stored is None:
            data = checked_file.read(self.file, MAGIC, FILE_SCHEMA) if self.file is not None else None
            self._stored = data if isinstance(data, dict) else {}
        return self._stored

    def get(self, digest: Digest) -> list[str] | None:
        """A digest's summaries by place in its file, when kept for this very file (same mtime and size)."""
        entry = self._entries().get(digest.path)
        if entry is None or entry[0] != digest.mtime_ns or entry[1] != digest.size:
            return None
        try:
            return entry[2].decode("utf-8", "surrogatepass").split(SEP)
        except (UnicodeDecodeError, AttributeError):
            return None

    def put(self, digest: Digest, summaries: list[str]) -> None:
        """Keep a digest's summaries (written by `save`)."""
        if any(SEP in summary for summary in summaries):
            return  # (they would not split back the same: read from the file each time)
        blob = SEP.join(summaries).encode("utf-8", "surrogatepass")
        self._entries()[digest.path] = (digest.mtime_ns, digest.size, blob)
        self._changed = True

    def save(self, paths: set[str]) -> None:
        """Write the file, keeping only these digest files' entries (failing is not an error)."""
        entries = self._entries()
        gone = entries.keys() - paths
        if self.file is None or not (self._changed or gone):
            return
        for path in gone:
            del entries[path]
        checked_file.write(self.file, MAGIC, FILE_SCHEMA, entries)
        self._changed = False
