"""FORMAT.md sections 1-3: front matter, dates, items, headlines, authors, summaries."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tui.core.format.parser import SkipFile, decode, parse_text, read_file


def parse(text: str, name: str = "/d/2026.01.02.08.md"):
    return parse_text(text, name, mtime_ns=1_700_000_000 * 10**9)


def test_main_layout_items_headlines_authors_urls() -> None:
    text = digest_text([
        "[Peter Diamandis：AI将引发通缩 - Peter H. Diamandis, MD](https://x.com/PeterDiamandis/status/1)\nSummary one.",
        "[Reachy Mini趋势 - clem 🤗](https://x.com/ClementDelangue/status/2)\nSummary two.",
        "[动态生成UI - 宝玉](https://x.com/dotey/status/3)\nSummary three.",
        "[lower case name - sarah guo](https://x.com/saranormous/status/4)\nFour.",
    ])
    parsed = parse(text)
    items = parsed.digest.items
    assert [i.number for i in items] == [1, 2, 3, 4]
    assert [i.headline for i in items] == ["Peter Diamandis：AI将引发通缩", "Reachy Mini趋势", "动态生成UI", "lower case name"]
    assert [i.author for i in items] == ["Peter H. Diamandis, MD", "clem 🤗", "宝玉", "sarah guo"]
    assert [i.handle for i in items] == ["PeterDiamandis", "ClementDelangue", "dotey", "saranormous"]
    assert items[0].url == "https://x.com/PeterDiamandis/status/1"
    assert parsed.summaries == ["Summary one.", "Summary two.", "Summary three.", "Four."]
    assert parsed.fast


@pytest.mark.parametrize(
    ("label", "headline", "author"),
    [
        ("A - B - C", "A - B", "C"),
        ("Title – En Dash", "Title", "En Dash"),
        ("Title — Em Dash", "Title", "Em Dash"),
        ("A - B — C", "A - B", "C"),
        ("GPT-5-mini beats", "GPT-5-mini beats", None),
        ("No author -", "No author -", None),
        ("- only author", "- only author", None),
        (r"Escaped \[brackets\] - X", "Escaped [brackets]", "X"),
    ],
)
def test_author_is_after_the_last_separator(label: str, headline: str, author: str | None) -> None:
    item = parse(digest_text([f"[{label}](https://example.com/a)"])).digest.items[0]
    assert (item.headline, item.author) == (headline, author)


def test_bold_wrapped_link_and_link_with_title_and_parens() -> None:
    parsed = parse(digest_text([
        "**[Bold headline - Ann](https://example.com/x)**\nS.",
        '[Paren (nested) headline](https://en.wikipedia.org/wiki/Foo_(bar) "title")',
        "[Angle](<https://example.com/with space>)",
    ]))
    items = parsed.digest.items
    assert (items[0].headline, items[0].author, items[0].url) == ("Bold headline", "Ann", "https://example.com/x")
    assert parsed.summaries[0] == "S."
    assert items[1].url == "https://en.wikipedia.org/wiki/Foo_(bar)"
    assert items[1].headline == "Paren (nested) headline"
    assert items[2].url == "https://example.com/with space"


def test_item_without_link_keeps_first_line_and_has_no_url() -> None:
    parsed = parse(digest_text(["A rumour without a source\nMore about it."]))
    item = parsed.digest.items[0]
    assert item.headline == "A rumour without a source"
    assert item.url is None and item.author is None and item.handle is None
    assert item.key == "nolink:2026.01.02.08:A rumour without a source"
    assert parsed.summaries[0] == "More about it."


def test_summary_keeps_paragraphs_nested_lists_and_code() -> None:
    text = (
        "1.  [H - A](https://example.com/h)\n\n"
        "    First paragraph with **bold**.\n\n"
        "    - point one\n"
        "    - point two\n"
        "      continued\n\n"
        "        indented code in the summary\n\n"
        "    Last paragraph.\n"
    )
    parsed = parse(text)
    assert parsed.summaries[0] == (
        "First paragraph with **bold**.\n\n- point one\n- point two\n  continued\n\n"
        "    indented code in the summary\n\nLast paragraph."
    )


def test_a_summary_indented_a_space_past_its_item_loses_the_space() -> None:
    parsed = parse("9. [H - A](https://example.com/h)\n\n    One space more than the item's text.\n\n      - a list\n")
    assert parsed.summaries[0] == "One space more than the item's text.\n\n  - a list"


def test_text_indented_less_than_its_item_is_code_between_items_and_said_so() -> None:
    """`10.  [..](..)` puts the item's text at column 6: a summary indented by four spaces is, to
    CommonMark, an indented code block between the items (no part of item 10); it is said, not lost."""
    text = "".join(f"{i}.  [Item {i} - A](https://example.com/{i})\n\n    Summary {i}.\n\n" for i in range(1, 13))
    parsed = parse(text)
    assert len(parsed.summaries) == 12
    assert parsed.summaries[8] == "Summary 9." and parsed.summaries[9:] == ["", "", ""]
    assert [w for w in parsed.digest.warnings if "indented" in w] == [
        "the indented text after items 10, 11, 12 is read as code, not as their summary: CommonMark takes a summary "
        "only indented as far as its item's text (column 6; indent it by 5 spaces, or write one space after the "
        "number); the reader's `v` shows it"]
    one = parse("".join(f"{i}. [Item {i}](https://example.com/{i})\n\n    Summary {i}.\n\n" for i in range(1, 13)))
    assert one.summaries[9:] == ["Summary 10.", "Summary 11.", "Summary 12."] and not one.digest.warnings
    last = parse("1.  [Item](https://example.com/1)\n\n10.  [Ten](https://example.com/10)\n\n    Lost.\n")
    assert [w for w in last.digest.warnings if "after item 2 " in w], "the last item too"


def test_intro_is_not_an_item_and_title_falls_back_to_heading() -> None:
    text = "# Morning digest\n\nIntro text, with 2024. as a year.\n\n1. [One](https://example.com/1)\n2. [Two](https://example.com/2)\n"
    parsed = parse(text)
    assert parsed.digest.title == "Morning digest"
    assert [i.headline for i in parsed.digest.items] == ["One", "Two"]


def test_title_falls_back_to_file_name() -> None:
    assert parse("1. [One](https://e.com/1)\n", "/x/my-digest.md").digest.title == "my-digest"


def test_paren_delimiter_and_crlf_and_bom() -> None:
    text = "\ufeff---\r\ntitle: CRLF\r\n---\r\n1) [One - A](https://e.com/1)\r\n\r\n   S1\r\n2) [Two](https://e.com/2)\r"
    parsed = parse(text)
    assert parsed.digest.title == "CRLF"
    assert [i.headline for i in parsed.digest.items] == ["One", "Two"]
    assert parsed.summaries[0] == "S1"


def test_bom_bytes_are_decoded_like_plain_utf8() -> None:
    text, warnings = decode("\ufeff---\ntitle: T\n---\n".encode())
    assert text.startswith("---") and warnings == []


def test_invalid_utf8_is_replaced_with_a_warning() -> None:
    text, warnings = decode(b"1. [Caf\xe9](https://e.com)\n")
    assert "\ufffd" in text
    assert warnings and "UTF-8" in warnings[0]


def test_utf16_file_is_read_with_a_warning() -> None:
    text, warnings = decode("1. [Hi](https://e.com)\n".encode("utf-16"))
    assert text.startswith("1. [Hi]")
    assert "UTF-16" in warnings[0]


def test_binary_file_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "image.md", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(SkipFile, match="not a text file"):
        read_file(str(path))


def test_empty_file_is_not_a_digest(tmp_path: Path) -> None:
    with pytest.raises(SkipFile, match="^no items$"):
        read_file(str(write(tmp_path, "empty.md", "")))


def test_oversized_file_is_skipped_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    with open(path, "wb") as handle:
        handle.truncate(6 * 1024 * 1024)
    with pytest.raises(SkipFile, match="over the 5 MB limit"):
        read_file(str(path))


# --- front matter --------------------------------------------------------------------------


def test_yaml_front_matter_fields() -> None:
    parsed = parse(digest_text(["[x](https://e.com/x)"], front='title: "T"\ndate: 2025-12-20T08:00:07+08:00\ncategories: ["人工智能", "大模型"]\ntags: tagged\nextra: kept'))
    d = parsed.digest
    assert d.title == "T"
    assert d.date == datetime(2025, 12, 20, 8, 0, 7, tzinfo=timezone(timedelta(hours=8)))
    assert d.date.utcoffset() == timedelta(hours=8)
    assert d.date_source == "front matter"
    assert d.categories == ("人工智能", "大模型")
    assert d.tags == ("tagged",)
    assert d.warnings == ()


def test_toml_front_matter() -> None:
    text = '+++\ntitle = "Hugo"\ndate = 2026-11-21T08:00:06+08:00\ncategories = ["a"]\ntags = ["b"]\n+++\n\n1. [x](https://e.com/x)\n'
    d = parse(text).digest
    assert (d.title, d.categories, d.tags) == ("Hugo", ("a",), ("b",))
    assert d.date.isoformat() == "2026-11-21T08:00:06+08:00"


def test_bare_date_and_string_date() -> None:
    d = parse(digest_text(["[x](https://e.com)"], front="date: 2026-03-04")).digest
    assert (d.date.year, d.date.month, d.date.day, d.date.hour) == (2026, 3, 4, 0)
    d = parse(digest_text(["[x](https://e.com)"], front="date: '2026-03-04 10:30'")).digest
    assert (d.date.hour, d.date.minute) == (10, 30)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("/d/2025.12.20.08.md", datetime(2025, 12, 20, 8)),
        ("/d/2025-12-20.md", datetime(2025, 12, 20)),
        ("/d/20251220.md", datetime(2025, 12, 20)),
        ("/d/digest-2025.12.20.16.md", datetime(2025, 12, 20, 16)),
    ],
)
def test_date_from_file_name(name: str, expected: datetime) -> None:
    d = parse("1. [x](https://e.com)\n", name).digest
    assert d.date_source == "file name"
    assert d.date.replace(tzinfo=None) == expected


def test_date_falls_back_to_mtime() -> None:
    d = parse("1. [x](https://e.com)\n", "/d/undated.md").digest
    assert d.date_source == "mtime"
    assert d.date.timestamp() == 1_700_000_000


def test_impossible_date_warns_and_uses_file_name() -> None:
    d = parse(digest_text(["[x](https://e.com)"], front="title: Kept\ndate: 2025-13-45"), "/d/2025-12-01.md").digest
    assert d.title == "Kept"
    assert d.date_source == "file name"
    assert list(d.warnings) == ["`date` '2025-13-45' is not a valid date; dated by the file name instead"]  # (not "… or mtime")
    d = parse(digest_text(["[x](https://e.com)"], front="title: Kept\ndate: 2025-13-45"), "/d/issue-9.md").digest
    assert d.date_source == "mtime"
    assert list(d.warnings) == ["`date` '2025-13-45' is not a valid date, and nothing else in the file dates it: "
                                "listed as `no date`"]


@pytest.mark.parametrize("front", ["categories: 42", "categories: {a: 1}"])
def test_bad_categories_are_ignored_with_a_warning(front: str) -> None:
    d = parse(digest_text(["[x](https://e.com)"], front=front)).digest
    assert d.categories == ()
    assert any("categories" in w for w in d.warnings)


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("title: [unclosed", "not valid YAML"),
        ("!!python/object/apply:os.system ['echo hi']", "not valid YAML"),
        ("- a list", "not a mapping"),
        ("x: " + "[" * 500 + "]" * 500, "nests"),
    ],
)
def test_broken_yaml_means_no_front_matter_and_a_warning(front: str, reason: str) -> None:
    d = parse(digest_text(["[x](https://e.com)"], front=front)).digest
    assert d.title == "2026.01.02.08"
    assert len(d.items) == 1
    assert any(reason in w for w in d.warnings)


def test_broken_toml_is_a_warning() -> None:
    d = parse('+++\ntitle = \n+++\n1. [x](https://e.com)\n').digest
    assert any("not valid TOML" in w for w in d.warnings)
    assert len(d.items) == 1


def test_unterminated_front_matter_is_read_as_body() -> None:
    d = parse("---\ntitle: x\n\n1. [x](https://e.com)\n").digest
    assert len(d.items) == 1
    assert any("never closed" in w for w in d.warnings)


def test_a_file_with_no_items_is_not_a_digest(tmp_path: Path) -> None:
    d = parse("---\ntitle: Only\n---\n").digest
    assert d.title == "Only" and d.items == [] and d.warnings == ()  # no items is not a warning (FORMAT 3b)
    with pytest.raises(SkipFile, match="^no items$"):
        read_file(str(write(tmp_path, "only.md", "---\ntitle: Only\n---\n\nSome prose, no items.\n")))


def test_pelican_header() -> None:
    parsed = parse("Title: This Week 7\nDate: 2021-3-4 18:46\nCategory: Weekly News\nTags: gadgets, weekly\n\n"
                   "Intro.\n\n- [Item](https://e.com/i)\n")
    digest = parsed.digest
    assert digest.title == "This Week 7" and digest.categories == ("Weekly News",) and digest.tags == ("gadgets", "weekly")
    assert (digest.date.year, digest.date.month, digest.date.day, digest.date.hour) == (2021, 3, 4, 18)
    assert digest.date_source == "front matter" and [i.headline for i in digest.items] == ["Item"]


def test_a_notion_exports_page_id_is_no_part_of_the_title() -> None:
    body = "# Models\n\n- [Llama](https://e.com/l)\n\n# Tools\n\n- [Uv](https://e.com/u)\n"
    digest = parse(body, "/d/Weekly AI Digest 2024-05-03 8f3a2b1c4d5e6f7a8b9c0d1e2f3a4b5c.md").digest
    assert digest.title == "Weekly AI Digest 2024-05-03" and digest.stem.endswith("4b5c")
    assert digest.date.date().isoformat() == "2024-05-03"


def test_a_pelican_value_goes_on_on_indented_lines() -> None:
    parsed = parse("Title: This Week in Rust 541\nDate: 2024-03-20\nSummary: Hello and welcome,\n    with a summary\n\tthat goes on.\n"
                   "Category: Rust\n\n* [Rust 1.77.0](https://e.com/r)\n", "/d/this-week-in-rust-541.md")
    digest = parsed.digest
    assert (digest.title, digest.date_source, digest.categories) == ("This Week in Rust 541", "front matter", ("Rust",))
    assert [i.headline for i in digest.items] == ["Rust 1.77.0"]
    # An indented first line is no header.
    assert parse("    Title: x\n\n* [a](https://e.com/a)\n", "/d/n.md").digest.title == "n"


def test_dates_from_names_timestamp_lines_and_title_headings() -> None:
    from tui.core.format import dates

    assert dates.from_name("briefing_20250924T102628+0000").isoformat() == "2025-09-24T10:26:28+00:00"
    assert dates.from_name("x_20250825T112417Z").isoformat() == "2025-08-25T11:24:17+00:00"
    assert dates.from_name("2020-12-2-this-week").date().isoformat() == "2020-12-02"
    assert dates.from_name("WebDigest-20260315").date().isoformat() == "2026-03-15"
    assert dates.from_name("issue-359") is None
    assert dates.from_timestamp_line(["", "> 2025-09-28T23:53:25.958420Z", "text"]).isoformat().startswith("2025-09-28T23:53:25")
    digest = parse("# 日报 2025/6/5\n\n- [x](https://e.com/x)\n", "/d/notes.md").digest
    assert digest.date_source == "title heading" and digest.date.date().isoformat() == "2025-06-05"
    from tui.core.corpus.library import natural_key

    assert sorted(["issue-10", "issue-9", "issue-100"], key=natural_key) == ["issue-9", "issue-10", "issue-100"]


@pytest.mark.parametrize(("body", "source", "day"), [
    ("# AI 日报（2025年6月6日）\n\n- [x](https://e.com/x)\n", "title heading", "2025-06-06"),
    ("# Weekly Digest — March 7, 2024\n\n- [x](https://e.com/x)\n", "title heading", "2024-03-07"),
    ("# Issue 12 · 7th Sept 2024\n\n- [x](https://e.com/x)\n", "title heading", "2024-09-07"),
    ("# Digest\n\n> 2025-06-08\n\n- [x](https://e.com/x)\n", "timestamp line", "2025-06-08"),
    # a timestamp line inside the first item is that item's, not the digest's (FORMAT 2: before the first item)
    ("### [Title one](https://e.com/1)\n> 2024-12-19 22:10\n\n### [Two](https://e.com/2)\n> 2024-12-18 10:00\n", "mtime", None),
    ("1. [a](https://e.com/a)\n\n   > 2024-12-19 22:10\n", "mtime", None),
    ("> 2024-12-19 22:10\n\n1. [a](https://e.com/a)\n", "timestamp line", "2024-12-19"),
    # not dates: a month with no day, a word that starts like one, a month 13
    ("# Best of March 2024\n\n- [x](https://e.com/x)\n", "mtime", None),
    ("# Maybe 12 2024\n\n- [x](https://e.com/x)\n", "mtime", None),
    ("# 2025年13月1日\n\n- [x](https://e.com/x)\n", "mtime", None),
])
def test_dates_in_words_and_bare_dates_near_the_top(body: str, source: str, day: str | None) -> None:
    digest = parse(body, "/d/notes.md").digest
    assert digest.date_source == source
    if day is not None:
        assert digest.date.date().isoformat() == day


def test_an_unclosed_front_matter_does_not_swallow_the_first_items() -> None:
    from tui.core.format.parser import parse_text

    text = ("---\ntitle: h17\n\n1. [First - Ann](https://e.com/1)\n   S.\n2. [Second](https://e.com/2)\n\n---\n\n"
            "3. [Third](https://e.com/3)\n")
    parsed = parse_text(text, "/x/2026.01.01.08.md")
    assert [item.headline for item in parsed.digest.items] == ["First", "Second", "Third"]
    assert any("not closed before the body" in warning for warning in parsed.digest.warnings)
    yaml_lists = parse_text("---\ntitle: T\ntags:\n  - a\n  - b\n---\n\n1. [X](https://e.com/x)\n", "/x/2026.01.01.08.md")
    assert yaml_lists.digest.tags == ("a", "b") and yaml_lists.digest.title == "T", "YAML lists are still front matter"


def test_an_alias_bomb_in_one_key_costs_only_that_key() -> None:
    from tui.core.format.parser import parse_text

    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join(["*" + chr(97 + i)] * 9) + "]\n" for i in range(8))
    text = ("---\ntitle: Bombed\ndate: 2026-02-03T08:00:00+00:00\n" + bomb
            + "categories: [*i,*i,*i,*i,*i,*i,*i,*i,*i]\ntags: [kept]\n---\n\n1. [X - Ann](https://e.com/x)\n")
    digest = parse_text(text, "/x/2026.01.01.08.md").digest
    assert (digest.title, digest.date_source, digest.tags) == ("Bombed", "front matter", ("kept",))
    assert digest.categories == ()
    assert any("`categories`" in warning and "the other keys read" in warning for warning in digest.warnings)
