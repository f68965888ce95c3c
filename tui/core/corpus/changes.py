"""What changed between two loads of a library: new, removed and rewritten digests, in words."""

from __future__ import annotations

from collections.abc import Sequence

from tui.core import display
from tui.core.model import Digest


def renamed(before: Sequence[Digest], after: Sequence[Digest]) -> dict[str, Digest]:
    """The digests of `after` that are one of `before` moved or renamed, by the old path: a path
    gone and a new one of the same size and modification time (`mv` keeps both), each the only
    one of its kind."""
    paths = {digest.path for digest in after}
    old = {digest.path for digest in before}
    gone: dict[tuple[int, int], list[Digest]] = {}
    for digest in before:
        if digest.path not in paths:
            gone.setdefault((digest.mtime_ns, digest.size), []).append(digest)
    if not gone:
        return {}
    arrived: dict[tuple[int, int], list[Digest]] = {}
    for digest in after:
        if digest.path not in old and (digest.mtime_ns, digest.size) in gone:
            arrived.setdefault((digest.mtime_ns, digest.size), []).append(digest)
    return {gone[stamp][0].path: found[0] for stamp, found in arrived.items() if len(found) == 1 and len(gone[stamp]) == 1}


def change_note(before: Sequence[Digest], after: Sequence[Digest], name_new: bool = True) -> str:
    """`2 new digests: 2026.11.22.08 Morning …, 1 removed, 1 changed, 1 renamed` (without the name
    of the newest new one unless `name_new`); empty when nothing changed."""
    moved = renamed(before, after)
    moved_to = {id(digest) for digest in moved.values()}
    old = {digest.path: digest for digest in before}
    paths = {digest.path for digest in after}
    new = [digest for digest in after if digest.path not in old and id(digest) not in moved_to]  # newest first
    removed = [old[path] for path in old if path not in paths and path not in moved]
    changed = [digest for digest in after if digest.path in old and old[digest.path].mtime_ns != digest.mtime_ns]
    parts = []
    if new:
        first = f": {new[0].stem} {display.short_title(new[0].title)}" + (" …" if len(new) > 1 else "") if name_new else ""
        parts.append(display.counted(len(new), "new digest") + first)
    for what, digests in (("removed", removed), ("changed", changed)):
        if digests:  # (one named: which it was; more, only how many)
            parts.append(f"{len(digests):,} {what}" + (f" ({display.one_line(digests[0].stem)})" if len(digests) == 1 else ""))
    if moved:
        was, now = next(iter(moved.items()))
        shown = f" ({display.one_line(old[was].stem)} → {display.one_line(now.stem)})" if len(moved) == 1 else ""
        parts.append(f"{len(moved):,} renamed or moved{shown}")
    return ", ".join(parts)
