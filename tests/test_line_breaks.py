"""Line breaks in the detail and the document view: CJK punctuation never starts a line (kinsoku)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.content import Content

from tui.widgets import line_breaks
from tui.widgets.line_breaks import NO_END, NO_START, wrap

HAN = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天"
TEXT = "今天天气很好，我们去公园散步。公园里有很多人，他们在跑步、打球、聊天。（这是括号里的话）“引号”结束。"


def lines_of(text: str, width: int) -> list[str]:
    return [line.plain for line in wrap(Content(text), width)]


def keeps_the_rules(lines: list[str], width: int) -> None:
    assert all(cell_len(line) <= width for line in lines), lines
    assert not [line for line in lines[1:] if line[:1] in NO_START], lines
    assert not [line for line in lines[:-1] if line[-1:] in NO_END], lines


def test_a_full_stop_goes_up_with_the_character_before_it() -> None:
    plain = [line.plain for line in Content(TEXT).wrap(12)]
    assert plain[:2] == ["今天天气很好", "，我们去公园"], "the word wrap alone starts a line with the comma"
    assert plain[-1] == "束。"
    lines = lines_of(TEXT, 12)
    assert lines[:3] == ["今天天气很", "好，我们去公", "园散步。公园"]
    assert lines[-1] == "结束。"
    assert "".join(lines) == TEXT
    keeps_the_rules(lines, 12)


def test_an_opening_bracket_goes_down_to_the_next_line() -> None:
    assert [line.plain for line in Content("一二三四（五六）").wrap(10)] == ["一二三四（", "五六）"]
    assert lines_of("一二三四（五六）", 10) == ["一二三四", "（五六）"]


def test_every_width_keeps_the_rules_and_the_text() -> None:
    for width in range(4, 40):
        lines = lines_of(TEXT, width)
        assert "".join(lines) == TEXT
        keeps_the_rules(lines, width)


def test_text_without_cjk_punctuation_is_wrapped_as_textual_wraps_it() -> None:
    text = "A headline, then a summary: words (and more words) wrapped at spaces. " * 3
    for width in (7, 20, 33):
        assert lines_of(text, width) == [line.plain for line in Content(text).wrap(width)]


def test_a_long_paragraph_is_wrapped_a_window_at_a_time_with_the_same_rules(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(line_breaks, "WINDOW", 64)
    text = (TEXT + "abc def ") * 40
    lines = lines_of(text, 23)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    keeps_the_rules(lines, 23)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=HAN + "，。、（）「」“”！ ab\n", max_size=300), st.integers(min_value=2, max_value=40))
def test_any_text_keeps_its_characters_fits_and_changes_only_where_the_rule_asks(text: str, width: int) -> None:
    lines = lines_of(text, width)
    reference = [line.plain for line in Content(text).wrap(width)]
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
    broken = any(line[:1] in NO_START for line in reference[1:]) or any(line[-1:] in NO_END for line in reference[:-1])
    if not broken and not re.search(f"[{line_breaks._CJK}]", text):  # (CJK text may break between any two characters)
        assert lines == reference


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=HAN + " abc", max_size=300), st.integers(min_value=2, max_value=40))
def test_a_line_takes_every_word_that_fits_a_cjk_character_being_one(text: str, width: int) -> None:
    """`跑起了 3B 量化模型，…`: the run after the space went down whole, the line above left short."""
    breaks = line_breaks.line_breaks(text, width)
    for before, at in zip([0, *breaks], breaks):
        word = line_breaks._WORD.match(text, at)
        assert word is not None
        taken = text[before:at + len(word.group().rstrip())].rstrip()
        assert cell_len(taken) > width, (text[before:at], word.group())


def test_mixed_cjk_and_latin_fills_its_lines() -> None:
    text = "一位开发者在一台旧笔记本上跑起了 3B 量化模型，速度虽慢但足够日常问答使用"
    assert [line.plain for line in Content(text).wrap(40)][0] == "一位开发者在一台旧笔记本上跑起了 3B", "the word wrap alone"
    assert lines_of(text, 40) == ["一位开发者在一台旧笔记本上跑起了 3B 量化", "模型，速度虽慢但足够日常问答使用"]


def test_the_detail_lays_a_cjk_summary_out_with_the_rule() -> None:
    from tui.core.summary_blocks import summary_blocks
    from tui.widgets.summary import SummaryVisual

    visual = SummaryVisual(summary_blocks(TEXT), "")
    lines = [line.plain for line in visual.laid_lines(12)]
    assert lines[:3] == ["今天天气很", "好，我们去公", "园散步。公园"]
    keeps_the_rules(lines, 12)
