"""A summary's Markdown as the detail pane draws it: the paragraphs read from pulldown-cmark's
events (`tui.core.summary_blocks`), held to markdown-it's reading of the same text, and the one
widget that lays them out (`tui.widgets.summary`)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from tests.helpers import digest_text, write
from tests.reader_helpers import FakeBrowser, loaded, make_app
from tui.core.display import REPLACEMENT, drawn_as_link, for_display, markdown_parser
from tui.core.format.inline import cut_bare_url
from tui.core.summary_blocks import Para, summary_blocks
from tui.widgets.summary import SummaryView


def shape(text: str) -> list[tuple[str, bool, list[str], str]]:
    """Each paragraph: kind, blank line above, the marks before its first line, its text."""
    return [(p.kind, p.gap, [m.first for m in p.marks], p.plain) for p in summary_blocks(text)]


def links(paras: list[Para]) -> list[tuple[str, str]]:
    return [(run[0], run[2]) for p in paras for run in p.runs if run[2] is not None]


def test_paragraphs_headings_and_inline_styles() -> None:
    paras = summary_blocks("# Title **now**\n\nA **bold** *em* ~~gone~~ `code` text\nsoft break.\n\nSecond.")
    assert [(p.kind, p.gap, p.plain) for p in paras] == [
        ("h1", False, "Title now"), ("p", True, "A bold em gone code text soft break."), ("p", True, "Second.")]
    styled = {run[0]: run[1] for run in paras[1].runs}
    assert styled["bold"] == ("strong",) and styled["em"] == ("em",) and styled["gone"] == ("strike",)
    assert styled["code"] == ("code",)


def test_tight_lists_have_no_blank_lines_and_nest_with_their_marks() -> None:
    assert shape("Intro\n\n- one\n- two\n  - deeper\n    - deepest\n- three\n\nAfter") == [
        ("p", False, [], "Intro"),
        ("p", True, ["• "], "one"),
        ("p", False, ["• "], "two"),
        ("p", False, ["  ", "◦ "], "deeper"),
        ("p", False, ["  ", "  ", "▪ "], "deepest"),
        ("p", False, ["• "], "three"),
        ("p", True, [], "After"),
    ]


def test_loose_and_ordered_lists() -> None:
    assert shape("3. three\n\n4. four\n\n   more of four") == [
        ("p", False, ["3. "], "three"), ("p", True, ["4. "], "four"), ("p", True, ["   "], "more of four")]


def test_a_quote_has_its_bar_on_every_line_and_between_its_paragraphs() -> None:
    paras = summary_blocks("Before\n\n> one\n>\n> two\n\nAfter")
    assert [(p.plain, [m.rest for m in p.marks], p.shared) for p in paras] == [
        ("Before", [], 0), ("one", ["▌ "], 0), ("two", ["▌ "], 1), ("After", [], 0)]


def test_code_blocks_tables_and_rules() -> None:
    paras = summary_blocks("```py\nx = 1\n  y = 2\n```\n\n| name | n |\n|---|---|\n| 模型 | 1 |\n| a | 22 |\n\n---\n")
    assert [(p.kind, p.plain) for p in paras] == [
        ("code", "x = 1\n  y = 2"), ("head", "name │ n"), ("row", "模型 │ 1"), ("row", "a    │ 22"), ("rule", "")]
    assert [p.gap for p in paras[1:4]] == [True, False, False]


def test_a_long_cell_does_not_pad_its_column_past_a_pane() -> None:
    long = "a cell far longer than any column should be padded to " * 2
    paras = summary_blocks(f"| k | v |\n|---|---|\n| 1 | {long} |\n| 2 | short |")
    assert [p.plain for p in paras[1:]] == [f"1 │ {long.strip()}", "2 │ short"]
    assert paras[0].plain == "k │ v"  # (the last column is never padded)
    widths = summary_blocks("| key | v |\n|---|---|\n| " + "x" * 40 + " | 1 |\n| y | 2 |")
    assert widths[2].plain == "y" + " " * 31 + " │ 2"  # padded up to 32 cells, not to 40


def test_a_link_cell_with_its_host_after_it_still_lines_up() -> None:
    """`alpha (alpha.example.com)` is 25 cells: past the old bound of 24, its column did not line up."""
    from tui.core.display import for_display

    text, _markdown = for_display("| site | note |\n|---|---|\n| [alpha](https://alpha.example.com/) | first |\n"
                                  "| [beta](https://docs.beta.example.org/) | second |\n")
    rows = [p.plain for p in summary_blocks(text)]
    assert rows == ["site                         │ note", "alpha (alpha.example.com)    │ first",
                    "beta (docs.beta.example.org) │ second"]


def test_html_tags_never_show_but_their_text_does() -> None:
    assert shape("A <b>bold</b> word<br>next <!-- hidden --> Vec<T>\n\n<div>\n<p>Block <i>text</i> &amp; more</p>\n</div>") == [
        ("p", False, [], "A bold word\nnext  Vec<T>"), ("p", True, [], "Block text & more")]
    assert summary_blocks("<!-- only a comment -->") == []


def test_links_images_and_bare_urls() -> None:
    paras = summary_blocks("[a](https://e.com/a) ![pic](https://e.com/p.png) [js](javascript:alert(1)) "
                           "[d](data:text/html,x) see https://e.com/bare。之后 and `https://e.com/code`")
    assert links(paras) == [("a", "https://e.com/a"), ("[image: pic]", "https://e.com/p.png"),
                            ("https://e.com/bare", "https://e.com/bare")]
    assert "[js](javascript:alert(1))" in paras[0].plain and "[d](data:text/html,x)" in paras[0].plain  # (as written: never a link)
    assert "。之后" in paras[0].plain


def test_controls_are_made_safe_and_never_continue_a_link() -> None:
    paras = summary_blocks("[esc](https://e.com/in\x1bside) \x1b[31mred [del](https://e.com/a\x7fb) \u202eevil")
    text = "".join(p.plain for p in paras)
    assert "\x1b" not in text and "\x7f" not in text and "\u202e" not in text and REPLACEMENT in text
    assert links(paras) == [("https://e.com/in", "https://e.com/in"), ("https://e.com/a", "https://e.com/a")]


# -- held to markdown-it ---------------------------------------------------------------------

FIXTURES = [
    "A **robot** summary with *emphasis*, `code` and a [link](https://e.com/x).\n\nA second paragraph.",
    "# Heading\n\n- one\n- two **bold**\n  - nested [n](https://e.com/n)\n\n> quoted\n> on\n\n1. first\n2. second",
    "质山一政把理了不关样式 **实个国反二子机几** 军期到相应特物电化 https://e.com/cjk，然后",
    "Line one  \nline two\nline three\n\n***\n\nend with <https://e.com/auto> and [ref][r]\n\n[r]: https://e.com/ref",
    "- [video] [Talk - Ann](https://youtu.be/x)\n- [Post](https://e.com/p \"title\") by *Bob*\n",
]


def _markdown_it_reading(text: str) -> tuple[str, list[str]]:
    """The text (spaces left out) and the link targets markdown-it reads (the document view's
    parser), a bare URL cut where the layouts cut it: at the first CJK character (FORMAT.md 3b;
    markdown-it's linkify runs on)."""
    words: list[str] = []
    hrefs: list[str] = []
    for token in markdown_parser().parse(text):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.extend(child.content.split())
            elif child.type == "link_open":
                href = child.attrs["href"]
                hrefs.append(cut_bare_url(unquote(href)) if child.markup == "linkify" else href)
    return "".join(words), hrefs


def _our_reading(text: str) -> tuple[str, list[str]]:
    paras = summary_blocks(text)
    words = "".join(word for p in paras if p.kind != "rule" for word in p.plain.split())
    hrefs: list[str] = []
    for p in paras:
        last = None
        for run in p.runs:
            if run[2] is not None and run[2] != last:
                hrefs.append(run[2])
            last = run[2]
    return words, hrefs


@pytest.mark.parametrize("text", FIXTURES)
def test_the_words_and_links_are_the_ones_markdown_it_reads(text: str) -> None:
    shown, _markdown = for_display(text)
    assert _our_reading(shown) == _markdown_it_reading(shown)


_PIECES = st.sampled_from(["word", "字", " ", "\n", "\n\n", "**", "*", "_", "`", "~~", "- ", "1. ", "> ", "# ", "[", "]",
                           "(", ")", "https://e.com/a", "<b>", "</b>", "<br>", "<!--", "-->", "|", "---", "```", "  ",
                           "\x1b", "\x7f", "\u202e", "&amp;", "&#x1b;", "javascript:x", "![", "\t"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_no_text_makes_it_raise_or_draw_a_control_or_an_unsafe_link(text: str) -> None:
    shown, markdown = for_display(text)
    if not markdown:
        return
    for para in summary_blocks(shown):
        for piece, _styles, href in para.runs:
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", piece)
            assert href is None or (drawn_as_link(href) and REPLACEMENT not in href)


# -- the widget ------------------------------------------------------------------------------

class Shown(App[None]):
    CSS = "SummaryView { width: 40; }"

    def __init__(self, text: str, needle: str = "") -> None:
        super().__init__()
        self.text, self.needle = text, needle

    def compose(self) -> ComposeResult:
        yield SummaryView(id="summary")

    def on_mount(self) -> None:
        self.query_one(SummaryView).show(self.text, True, self.needle)


async def test_lines_wrap_under_their_marks() -> None:
    app = Shown("- an item whose text is long enough to wrap twice at forty columns wide\n\n> a quote that wraps past forty columns too")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(SummaryView)
        assert view.shown.split("\n") == [
            "• an item whose text is long enough to",
            "  wrap twice at forty columns wide",
            "",
            "▌ a quote that wraps past forty columns",
            "▌ too",
        ]
        assert view.size.height == 5


async def test_matches_of_the_search_are_marked() -> None:
    app = Shown("A model, another Model and modelling.", needle="model")
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        view = app.query_one(SummaryView)
        cells = list(view.render_line(0))
        plain = cells[0].style.bgcolor if cells else None
        marked = "".join(segment.text for segment in cells if segment.style and segment.style.bgcolor != plain)
        assert marked == "modelModelmodel"


async def test_a_click_on_a_summary_link_opens_it(tmp_path: Path) -> None:
    write(tmp_path, "2026.01.01.08.md", digest_text(["[Item - A](https://e.com/item)\nRead [the paper](https://e.com/paper) now."]))
    browser = FakeBrowser()
    app = make_app(tmp_path, browser)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        view = app.screen.query_one(SummaryView)
        line = view.shown.split("\n")[0]
        await pilot.click(SummaryView, offset=(line.index("paper"), 0))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.urls == ["https://e.com/paper"]


async def test_text_selected_with_the_mouse_is_the_text_drawn() -> None:
    app = Shown("- an item whose text is long enough to wrap twice at forty columns wide")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.mouse_down(SummaryView, offset=(2, 0))
        await pilot.hover(SummaryView, offset=(6, 1))
        await pilot.mouse_up(SummaryView, offset=(6, 1))
        await pilot.pause()
        selected = app.screen.get_selected_text()
        assert selected is not None and selected.startswith("an item whose text is long enough to\n  wra")
        view = app.query_one(SummaryView)
        assert "an item" in "".join(segment.text for segment in view.render_line(0))  # drawn, selection and all


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.integers(min_value=1, max_value=120), st.sampled_from(["", "word", "字", "*"]))
@example("- " + "word " * 30, 24, "")
@example("1. > " + "word " * 30, 30, "word")
@example("- a\n  - " + "long words " * 20, 40, "")
def test_any_summary_lays_out_at_any_width(text: str, width: int, needle: str) -> None:
    from tui.widgets.summary import SummaryVisual

    shown, markdown = for_display(text)
    if not markdown:
        return
    laid = SummaryVisual(summary_blocks(shown), needle).lines(width)
    lines = laid.plain.split("\n")
    if width >= 24:  # (wide enough for the marks of a dozen nested lists and quotes)
        assert all(len(line) <= width for line in lines if line.isascii())
