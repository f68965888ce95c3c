"""Cutting text by terminal cells."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.widgets.cells import cut, fit


@pytest.mark.parametrize(("text", "width", "shown"), [
    ("过去4小时全球AI发生了什么", 7, "过去4… "),  # 小 does not fit in the one cell left: … right after the text
    ("过去4小时全球AI发生了什么", 8, "过去4小…"),
    ("Packaging data files", 10, "Packaging…"),  # (the space before the cut goes too)
    ("short", 8, "short   "),
    ("x", 0, ""),
])
def test_fit_cuts_by_cells_with_the_ellipsis_against_the_text(text: str, width: int, shown: str) -> None:
    assert fit(text, width) == shown
    assert cell_len(fit(text, width)) == width


def test_cut_does_not_pad() -> None:
    assert cut("过去4小时", 6) == "过去4…"
    assert cut("abc", 6) == "abc"
