"""What changed between two loads of a library: new, removed and rewritten digests, in words."""

from __future__ import annotations

from collections.abc import Sequence

from tui.core import display
from tui.core.model import Digest


def change_note(before: Sequence[Digest], after: Sequence[Digest], name_new: bool = True) -> str:
    """`2 new digests: 2026.11.22.08 Morning …, 1 removed, 1 changed` (without the name of the
    newest new one unless `name_new`); empty when nothing changed."""
    old = {digest.path: digest for digest in before}
    paths = {digest.path for digest in after}
    new = [digest for digest in after if digest.path not in old]  # newest first, as the library lists them
    removed = [old[path] for path in old if path not in paths]
    changed = [digest for digest in after if digest.path in old and old[digest.path].mtime_ns != digest.mtime_ns]
    parts = []
    if new:
        first = f": {new[0].stem} {display.short_title(new[0].title)}" + (" …" if len(new) > 1 else "") if name_new else ""
        parts.append(display.counted(len(new), "new digest") + first)
    for what, digests in (("removed", removed), ("changed", changed)):
        if digests:  # (one named: which it was; more, only how many)
            parts.append(f"{len(digests):,} {what}" + (f" ({display.one_line(digests[0].stem)})" if len(digests) == 1 else ""))
    return ", ".join(parts)
