"""Summaries, read from the digest files on demand (the index keeps none): cut out of the file
by the layout the index kept when the file is unchanged, else parsed again; a reference link in
one is written out inline from the file's definitions (`link_refs`)."""

from __future__ import annotations

import os
from functools import lru_cache

from tui.core.format import link_refs
from tui.core.model import Layout


@lru_cache(maxsize=64)
def summaries_of(path: str, mtime_ns: int, size: int, count: int, layout: Layout | None = None,
                 wanted: frozenset[int] | None = None) -> tuple[str, ...]:
    """The summaries of a digest's items: cut out of the file by the layout when the file is the
    one indexed (same mtime and size), else by parsing it again. With `wanted` (places in the
    file), only those are cut (the others are ""): a filtered `--items --json` prints one or two
    items of most digests it reads."""
    found: list[str] | None = cut_summaries(path, mtime_ns, size, layout, wanted) if layout is not None else None
    if found is None:
        from tui.core.format.decoding import decode
        from tui.core.format.parser import SkipFile, read_file

        try:
            found = read_file(path).summaries
            if any(link_refs.may_use(summary) for summary in found):  # (their definitions are elsewhere in the file)
                with open(path, "rb") as handle:
                    defined = link_refs.definitions(decode(handle.read())[0])
                found = [link_refs.inline(summary, defined) for summary in found]
        except (OSError, SkipFile):
            return ("",) * count
    return tuple(found[:count] + [""] * (count - len(found)))


def cut_summaries(path: str, mtime_ns: int, size: int, layout: Layout,
                  wanted: frozenset[int] | None = None) -> list[str] | None:
    """Summaries by the layout the index kept (only the `wanted` places, when given; the others
    are ""), or None when the file changed or cannot be read."""
    from array import array

    from tui.core.format.decoding import MAX_FILE_SIZE, SkipFile, decode, split_lines
    from tui.core.format.item_text import summary_text
    from tui.core.format.list_scan import ItemSpan, item_lines

    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_mtime_ns != mtime_ns or stat.st_size != size or size > MAX_FILE_SIZE:
                return None
            raw = handle.read(MAX_FILE_SIZE + 1)
        text, _warnings = decode(raw)
    except (OSError, SkipFile):
        return None
    body_start, packed_spans = layout
    body = split_lines(text.removeprefix("\ufeff"))[body_start:]
    numbers = array("I")
    numbers.frombytes(packed_spans)
    summaries = []
    for at in range(0, len(numbers), 3):
        start, end, indent = numbers[at : at + 3]
        if not start < end <= len(body):
            return None
        if wanted is not None and at // 3 not in wanted:
            summaries.append("")
            continue
        summaries.append(summary_text(item_lines(body, ItemSpan(start, end, 0, ".", indent))))
    if any(link_refs.may_use(summary) for summary in summaries):  # (their definitions are elsewhere in the file)
        defined = link_refs.definitions(text)
        summaries = [link_refs.inline(summary, defined) for summary in summaries]
    return summaries
