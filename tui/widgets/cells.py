"""Cutting text by terminal cells (CJK and emoji are two cells wide), never by characters."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size


def fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` cells, with … where it was cut."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length <= width:
        return text + " " * (width - length)
    # A wide character that does not fit leaves a blank cell: the … goes right after the text
    # and the blank after it (`过去4小时全球…` then a space, never `过去4小时全球 …`).
    shown = set_cell_size(text, width - 1).rstrip(" ") + "…"
    return shown + " " * (width - cell_len(shown))


def cut(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, with … where it was cut; not padded."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"
