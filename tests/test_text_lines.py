"""The problems list's paragraphs (widgets/text_lines.py): wrapped within the width, nothing lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.widgets.text_lines import Paragraph, laid_out, wrapped

WORDS = st.lists(st.text(alphabet=st.sampled_from("abcXYZ-/.,中文字、"), min_size=0, max_size=30), max_size=25)


@settings(max_examples=300, deadline=None)
@given(words=WORDS, width=st.integers(min_value=2, max_value=40))
def test_wrapped_lines_fit_and_keep_every_character(words: list[str], width: int) -> None:
    text = " ".join(words)
    lines = wrapped(text, width)
    assert all(cell_len(line) <= width for line in lines), lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    if all(cell_len(word) <= width for word in words) and "" not in words:
        assert " ".join(lines) == text, "broken at spaces only, each space kept once"


def test_a_line_breaks_between_words_and_folds_a_long_one() -> None:
    assert wrapped("one two three", 7) == ["one two", "three"]
    assert wrapped("a " + "x" * 10, 4) == ["a", "xxxx", "xxxx", "xx"]
    assert wrapped("中文中文中文", 5) == ["中文", "中文", "中文"]
    assert wrapped("short", 40) == ["short"]


def test_paragraphs_wrap_under_their_own_text_with_the_marker_on_the_first_line() -> None:
    lines = laid_out([Paragraph("alpha beta gamma", "•", "bold"), Paragraph("delta")], 8)
    assert lines == [("•", "alpha", "bold"), ("", "beta", "bold"), ("", "gamma", "bold"), ("", "delta", "")]
