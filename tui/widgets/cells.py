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
    return set_cell_size(text, width - 1) + "…"


def cut(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, with … where it was cut; not padded."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"
