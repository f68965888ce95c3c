"""Every digest layout (FORMAT.md 3b) on the project's own fixtures, the tricky cases one by one,
the fast parse against markdown-it-py, and the main layout's fast path against the block reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.helpers import digest_text, write
from tui.core.corpus.loading import load_library
from tui.core.format import inline, layouts
from tui.core.format.decoding import SkipFile
from tui.core.format.inline import story_links
from tui.core.format.layouts import reference, tree
from tui.core.format.parser import parse_text, read_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "layouts"
EXPECTED = sorted(FIXTURES.rglob("*.expected.json"))


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory):
    return load_library([str(FIXTURES)], tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.parent.name + "/" + p.name.split(".expected")[0])
def test_each_layout_gives_its_items(library, expected_file: Path) -> None:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    path = str(expected_file.with_name(expected_file.name.removesuffix(".expected.json")))
    digest = next(d for d in library.digests if d.path == path)
    got = [{"headline": i.headline, "url": i.url, "section": i.section, "author": library.author_name(i) or None}
           for i in digest.items]
    assert got == expected["items"]
    assert digest.title == expected["title"]
    if expected["date"] is None:
        assert digest.date_source == "mtime"
    elif "T" in expected["date"]:
        assert digest.date.isoformat() == expected["date"]
    else:
        assert digest.date.date().isoformat() == expected["date"] and digest.date_source != "mtime"


def test_files_with_no_items_are_not_digests(library) -> None:
    assert not any(d.stem == "_index" for d in library.digests)
    assert any(p.path.endswith("_index.md") and p.reason == "no items" for p in library.problems)


def test_undated_numbered_issues_sort_naturally(library) -> None:
    stems = [d.stem for d in library.digests if d.stem.startswith("issue-")]
    assert stems == ["issue-12", "issue-3"]  # newest (highest) first, by the number, not as text


def test_repeats_across_layouts_are_one_story(library) -> None:
    digest = next(d for d in library.digests if d.stem == "2026-02-03")
    first, last = digest.items[0], digest.items[-1]
    assert last.url.endswith("?s=20") and first.key == last.key  # x.com status: every query parameter leaves the key


def items_of(body: str) -> list[tuple[str, str | None, str | None]]:
    return [(i.headline, i.url, i.author) for i in parse_text(body, "/d/2026-01-01.md").digest.items]


@pytest.mark.parametrize(("body", "expected"), [
    # a heading that is a link over bullets is a section
    ("### [RFCs](https://e.com/rfcs)\n- [One](https://e.com/1)\n", [("One", "https://e.com/1", None)]),
    # 1、[词](url)继续… takes the sentence
    ("1、[奔驰](https://e.com/b)宣布推出新车。后面还有。\n", [("奔驰宣布推出新车。", "https://e.com/b", None)]),
    # ` - ` in a non-ordered item's link text is not an author
    ("- [Sprocket - A tiny calculator](https://e.com/s)\n", [("Sprocket - A tiny calculator", "https://e.com/s", None)]),
    # a bracketed suffix is not an author, even on an ordered item's leading link
    ("1. [查看演示 - （AI资讯）](https://e.com/v)\n", [("查看演示 - （AI资讯）", "https://e.com/v", None)]),
    # an image-only link is no story link
    ("- [![banner](https://i.com/b.png)](https://e.com/d)\n- [Real](https://e.com/r)\n", [("Real", "https://e.com/r", None)]),
    # an ordered item that is only an image link (no story link, so no URL) is headlined by its alt text
    ("1. [![Acme logo](https://i.com/a.png)](https://e.com/a)\n2. [Real](https://e.com/r)\n",
     [("Acme logo", None, None), ("Real", "https://e.com/r", None)]),
    # a link inside an HTML comment is nothing
    ("<!--\n- [Hidden](https://e.com/h)\n-->\n\n- [Shown](https://e.com/s)\n", [("Shown", "https://e.com/s", None)]),
    # a link inside code is nothing
    ("- `https://e.com/code` only\n- [Yes](https://e.com/y)\n", [("Yes", "https://e.com/y", None)]),
    # the main layout: an author suffix on an ordered item's leading link
    ("1. [Headline - Ann](https://e.com/a)\n\n   Summary.\n", [("Headline", "https://e.com/a", "Ann")]),
    # an ordered item with no link is an item (no URL); a bullet without one is not
    ("1. Just words here\n\n- plain bullet\n", [("Just words here", None, None)]),
    # a bare URL ends at the first CJK character
    ("1、打开 https://e.com/x来启用。\n", [("打开 https://e.com/x来启用。", "https://e.com/x", None)]),
    # an in-page anchor is no story link
    ("- [Jump](#top)\n- [Out](https://e.com/o)\n", [("Out", "https://e.com/o", None)]),
    # a source word link is the item's link even when another link comes first
    ("- 工具上线：详见[主页](https://e.com/home)。 [来源](https://x.com/dev/status/1)\n", [("工具上线", "https://x.com/dev/status/1", None)]),
    # the lead before a colon counts only within the first sentence and the first 40 characters
    ("- 短句。然后：更多 [x](https://e.com/a)\n", [("短句。", "https://e.com/a", None)]),
    ("- Short one. Then: more [x](https://e.com/b)\n", [("Short one.", "https://e.com/b", None)]),
    ("- " + "长" * 41 + "：后文 [x](https://e.com/c)\n", [("长" * 41 + "：后文 x", "https://e.com/c", None)]),
    ("- " + "长" * 40 + "：后文 [x](https://e.com/d)\n", [("长" * 40, "https://e.com/d", None)]),
    # HTML tags never show in a headline; what only looks like a tag does
    ("- **Result<T, E>** rules <br/> and more [x](https://e.com/x)\n", [("Result<T, E>", "https://e.com/x", None)]),
    # a version or a decimal at the start of a headline is no list number
    ("- [3.13.0b1 is out](https://e.com/a)\n- [1.5x faster](https://e.com/b)\n- [2024.1 release](https://e.com/c)\n"
     "- [3. Third](https://e.com/d)\n", [("3.13.0b1 is out", "https://e.com/a", None), ("1.5x faster", "https://e.com/b", None),
                                         ("2024.1 release", "https://e.com/c", None), ("Third", "https://e.com/d", None)]),
    ("1.  [0.1 + 0.2 != 0.3 explained - Jane Doe](https://e.com/f)\n", [("0.1 + 0.2 != 0.3 explained", "https://e.com/f", "Jane Doe")]),
    # a heading that starts with a version is no numbered heading: no author suffix is taken from it
    ("### [2.0 released - Jane](https://e.com/r)\n\nNotes.\n", [("2.0 released - Jane", "https://e.com/r", None)]),
    ("### [2. Released - Jane](https://e.com/r)\n\nNotes.\n", [("Released", "https://e.com/r", "Jane")]),
    # a link whose only content is an HTML image is no story link either
    ('- [<img src="https://i.com/logo.png" alt="logo">](https://e.com/sponsor)\n- [Real](https://e.com/r)\n',
     [("Real", "https://e.com/r", None)]),
    ('- [<span>Text</span>](https://e.com/span)\n', [("Text", "https://e.com/span", None)]),
    # what stands before a leading link (tags, a label, emoji, a task box) is no part of a headline the sentence goes on from
    ("- **[产品]** [Name](https://e.com/n) 是一款工具。\n- [video] [series] [Talk](https://e.com/t) by someone\n"
     "- 🔥 [Hot](https://e.com/h) news today\n- [ ] [How Figma works](https://e.com/f) #toread\n",
     [("Name 是一款工具。", "https://e.com/n", None), ("Talk by someone", "https://e.com/t", None),
      ("Hot news today", "https://e.com/h", None), ("How Figma works #toread", "https://e.com/f", None)]),
    # a source-word link is no part of the sentence it ends
    ("- Mistral 发布 Magistral 推理模型 [Source](https://e.com/s)\n- 文字说明正确 [来源](https://e.com/t)。后面\n"
     "- [Name](https://e.com/n) 是一款工具 [来源](https://e.com/src)\n",
     [("Mistral 发布 Magistral 推理模型", "https://e.com/s", None), ("文字说明正确。", "https://e.com/t", None),
      ("Name 是一款工具", "https://e.com/n", None)]),
    # an abbreviation's full stop ends no sentence; the answer "no." does
    ("- The U.S. Commerce Department [adds 140 firms](https://e.com/u) to its list. More.\n"
     "- Nvidia vs. AMD: [MLPerf](https://e.com/m) results are in. More.\n- Dr. Li's [World Labs](https://e.com/w) shows worlds. More.\n"
     "- e.g. this is [an abbreviation](https://e.com/e) test. More.\n- The answer is [no](https://e.com/n) for now, said no. One. Two.\n",
     [("The U.S. Commerce Department adds 140 firms to its list.", "https://e.com/u", None),
      ("Nvidia vs. AMD", "https://e.com/m", None), ("Dr. Li's World Labs shows worlds.", "https://e.com/w", None),
      ("e.g. this is an abbreviation test.", "https://e.com/e", None), ("The answer is no for now, said no.", "https://e.com/n", None)]),
])
def test_tricky_cases(body: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert items_of(body) == expected


def sections_of(body: str) -> list[tuple[str, str | None, str | None]]:
    return [(i.headline, i.url, i.section) for i in parse_text(body, "/d/2026-01-01.md").digest.items]


def test_a_section_named_by_a_version_or_a_date_keeps_its_number() -> None:
    body = "# Notes\n\n## 2025.06.02\n- [a](https://e.com/a)\n\n## 1.5 Release notes\n- [b](https://e.com/b)\n\n## 3. 综合更新\n- [c](https://e.com/c)\n"
    assert sections_of(body) == [("a", "https://e.com/a", "2025.06.02"), ("b", "https://e.com/b", "1.5 Release notes"),
                                 ("c", "https://e.com/c", "综合更新")]


def test_a_list_of_fields_is_a_body_only_under_a_heading_that_is_an_item() -> None:
    # Under a heading with no other items, the fields are its body: the heading is the item.
    item = "# T\n\n## 发布会\n\n- **时间**：2024年5月1日\n- **依据**：官方公告 [原文](https://e.com/a)\n"
    assert sections_of(item) == [("发布会", "https://e.com/a", None)]
    # Under a section (other items under it), a bullet of fields with its own link is an item,
    # in its place; a bullet without one is none.
    section = ("# T\n\n## AI Twitter Recap\n\n- **Performance**: [@alex](https://x.com/alex/status/1) says it is faster.\n"
               "- **Vision**: it reads charts well.\n\nAlso:\n\n- [DeepSeek-Coder-V2](https://x.com/ds/status/2)\n\n"
               "## Reddit\n\n- [Llama rumors](https://e.com/l)\n")
    assert sections_of(section) == [("Performance", "https://x.com/alex/status/1", "AI Twitter Recap"),
                                    ("DeepSeek-Coder-V2", "https://x.com/ds/status/2", "AI Twitter Recap"),
                                    ("Llama rumors", "https://e.com/l", "Reddit")]


def test_enumerated_lines_with_no_blank_line_between_are_an_item_each(tmp_path: Path) -> None:
    from tui.core.format.parser import read_document

    body = ("# 早报\n\n1、[Meta](https://e.com/meta)发布新模型。\n2、[Cloudflare](https://e.com/cf)宣布降价，\n价格减半。\n"
            "3、苹果更新系统，详见 https://e.com/apple 。\n\n4、[独立段落](https://e.com/four)。\n\n- 它的列表\n")
    assert items_of(body) == [("Meta发布新模型。", "https://e.com/meta", None), ("Cloudflare宣布降价， 价格减半。", "https://e.com/cf", None),
                              ("苹果更新系统，详见 https://e.com/apple 。", "https://e.com/apple", None),
                              ("独立段落", "https://e.com/four", None)]
    read = layouts.read(body)
    source = body.encode("utf-8")
    assert [source[item.start : item.start + 4].decode("utf-8") for item in read.items] == ["1、", "2、", "3、", "4、"]
    assert [item.summary for item in read.items] == ["", "", "", "4、[独立段落](https://e.com/four)。\n\n- 它的列表"]
    # The document view shows each as a paragraph of its own (a blank line before it), on which it scrolls to it.
    path = write(tmp_path, "2026-01-01.md", body)
    document = read_document(str(path))
    lines = document.body.split("\n")
    assert document.starts == [2, 4, 7, 9]
    assert [lines[start][:2] for start in document.starts] == ["1、", "2、", "3、", "4、"]
    assert lines[3] == lines[6] == "" and lines[5] == "价格减半。"
    # A mark inside a link's text that runs over two lines starts no item.
    assert items_of("1、[一个\n2、链接](https://e.com/l)继续。\n") == [("一个 2、链接继续。", "https://e.com/l", None)]


def test_japanese_numbers_and_bullets_written_as_text_are_enumerated_items() -> None:
    body = ("# ニュース\n\n## 注目\n\n１．[OpenAI、新モデルを発表](https://e.com/o3)\n推論性能が向上。\n\n２．[Google、Gemini 2.0を公開](https://e.com/g)\n\n"
            "## その他\n\n・[楽天、新サービス](https://e.com/r)\n・[ソニー、新型センサー](https://e.com/s)\n• [Bullet one](https://e.com/b) is here.\n"
            "・リンクのない行\n")
    assert sections_of(body) == [("OpenAI、新モデルを発表", "https://e.com/o3", "注目"), ("Google、Gemini 2.0を公開", "https://e.com/g", "注目"),
                                 ("楽天、新サービス", "https://e.com/r", "その他"), ("ソニー、新型センサー", "https://e.com/s", "その他"),
                                 ("Bullet one is here.", "https://e.com/b", "その他")]
    # In a file of the main layout, such lines outside the list send it to the block reader.
    main = "1. [Main one](https://e.com/m)\n\n・[Text bullet](https://e.com/t)\n"
    assert not parse_text(main, "/d/2026-01-01.md").fast
    assert [i.headline for i in parse_text(main, "/d/2026-01-01.md").digest.items] == ["Main one", "Text bullet"]


def test_a_long_headline_is_cut_at_a_word() -> None:
    words = "Cranks can now be chained end to end without a coupling between them so one long drive shaft fits."
    (headline, _url, _author), = items_of(f"- {words} [x](https://e.com/x)\n")
    assert headline.endswith("…") and len(headline) <= 80 and headline[:-1] == words[: len(headline) - 1]
    assert words[len(headline) - 1] == " "  # backed up to a space


def test_a_long_linked_headline_of_an_ordered_list_is_kept_whole_whoever_reads_the_file() -> None:
    """The main layout keeps a leading link's text whole (FORMAT.md 3); so does the block reader,
    which reads the same list when another layout shares the file (a bullet section below)."""
    words = " ".join(["An extraordinarily long headline"] * 8)
    main = f"1.  [{words} - Long Author](https://e.com/long)\n\n    Summary.\n"
    mixed = main + "\n## Section\n\n- [bullet](https://e.com/b)\n"
    assert parse_text(main, "/d/2026-01-01.md").fast and not parse_text(mixed, "/d/2026-01-02.md").fast
    assert items_of(main)[0] == items_of(mixed)[0] == (words, "https://e.com/long", "Long Author")


def test_the_document_keeps_its_prose_out_of_the_items() -> None:
    body = "# Title\n\nIntro with [a link](https://e.com/intro).\n\n## Section\n\n- [Item](https://e.com/i)\n"
    read = layouts.read(body)
    assert [(i.headline, i.section) for i in read.items] == [("Item", "Section")]
    assert read.title == "Title"


def test_summaries_keep_markdown_without_the_headline() -> None:
    parsed = parse_text("## S\n\n- [Link](https://e.com/l)\n\n  More **text**.\n\n### 1. [Head](https://e.com/h)\n\nBody.\n",
                        "/d/x.md")
    assert parsed.summaries == ["More **text**.", "Body."]


def test_boilerplate_is_worked_out_across_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main
    from tui.core.corpus.loading import cached_library

    folder = tmp_path / "weekly"
    for n in range(12):
        write(folder, f"2026-01-{n + 1:02d}.md", digest_text(
            ["[Subscribe to us](https://e.com/subscribe?utm_source=issue)\nPromo.", f"[Story {n}](https://e.com/{n})\nAbout {n}."],
            front=f"title: Issue {n}\ndate: 2026-01-{n + 1:02d}T08:00:00+00:00"))
    library = load_library([str(folder)], tmp_path / "cache")
    assert {d.stem: [(i.number, i.headline) for i in d.items] for d in library.digests} == {
        f"2026-01-{n + 1:02d}": [(1, f"Story {n}")] for n in range(12)}  # the subscribe link, in every digest, is no item
    story = library.digests[0].items[0]
    assert library.summary(story) == "About 11."  # (summaries and search texts by place in the file)
    library.search.load(library.digests)
    assert story.folded is not None and "about 11" in story.folded and "promo" not in story.folded
    library.save_stories()
    quick = cached_library([str(folder)], tmp_path / "cache")  # a warm start: counts from the cache head
    assert quick is not None and [d.item_count for d in quick.digests] == [1] * 12
    assert [[i.headline for i in d.items] for d in quick.digests][0] == ["Story 11"]
    again = load_library([str(folder)], tmp_path / "cache")
    assert again.parsed == 0 and [len(d.items) for d in again.digests] == [1] * 12
    assert main(["--list", "--json", str(folder)]) == 0
    assert {row["items"] for row in json.loads(capsys.readouterr().out)} == {1}
    for n in range(12, 30):  # the link in fewer than half of the digests: an item again
        write(folder, f"2026-02-{n - 11:02d}.md", digest_text([f"[Story {n}](https://e.com/{n})"],
              front=f"title: Issue {n}\ndate: 2026-02-{n - 11:02d}T08:00:00+00:00"))
    grown = load_library([str(folder)], tmp_path / "cache")
    assert grown.parsed == 18 and sum(d.item_count for d in grown.digests) == 12 * 2 + 18
    write(tmp_path, "small/2026-02-01.md", digest_text(["[Story](https://e.com/x)", "[Subscribe to us](https://e.com/subscribe)"]))
    small = load_library([str(tmp_path / "small")], tmp_path / "cache")
    assert [len(d.items) for d in small.digests] == [2]  # (a folder of fewer than 10 digests has no boilerplate)


def test_a_digest_whose_every_item_is_boilerplate_is_no_digest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """FORMAT.md 3b: a file with no items is not listed. One left with none once its folder's
    boilerplate is taken out is no digest either: not listed (cold, warm, unchanged), named under
    "no items", still counted among its folder's digests, and not parsed again at each start."""
    from tui.cli import main
    from tui.core.corpus.loading import cached_library

    folder = tmp_path / "weekly"
    promo = "[Subscribe to us](https://e.com/subscribe)\nPromo."
    for n in range(11):
        write(folder, f"2026-01-{n + 1:02d}.md", digest_text([promo, f"[Story {n}](https://e.com/{n})"],
              front=f"title: Issue {n}\ndate: 2026-01-{n + 1:02d}T08:00:00+00:00"))
    only_promo = write(folder, "2026-01-20.md", digest_text([promo], front="title: Promo only\ndate: 2026-01-20T08:00:00+00:00"))
    cache = tmp_path / "cache"
    for library in (load_library([str(folder)], cache), cached_library([str(folder)], cache),
                    load_library([str(folder)], cache)):
        assert library is not None
        assert len(library.digests) == 11 and "Promo only" not in [d.title for d in library.digests]
        assert [d.path for d in library.emptied] == [str(only_promo)]
        assert [(p.path, p.not_a_digest) for p in library.problems] == [(str(only_promo), True)]
        assert all([i.headline for i in d.items] == [d.title.replace("Issue", "Story")] for d in library.digests)
    quick = cached_library([str(folder)], cache)
    assert quick is not None
    again = load_library([str(folder)], cache, reuse=quick)
    assert again is quick and again.parsed == 0 and len(again.problems) == 1, "nothing changed: the same library"
    assert main(["--list", "--json", str(folder)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 11 and "Promo only" not in {row["title"] for row in listed}
    write(folder, "2026-01-20.md", digest_text([promo, "[News at last](https://e.com/last)"],
          front="title: Promo only\ndate: 2026-01-20T08:00:00+00:00"))
    changed = load_library([str(folder)], cache)
    assert changed.parsed == 1 and changed.emptied == [] and changed.problems == []
    assert [i.headline for i in changed.digests[0].items] == ["News at last"]


def test_a_file_of_every_layout_at_once_reads_each(tmp_path: Path) -> None:
    body = ("# Mixed\n\n## Numbered\n\n### 1. [Alpha](https://e.com/a)\n\nText.\n\n---\n\n## Bullets\n\n"
            "- [Beta](https://e.com/b)\n\n## 列表\n\n1、[伽马](https://e.com/g)（英文）\n")
    path = write(tmp_path, "mixed.md", body)
    digest = read_file(str(path)).digest
    assert [(i.headline, i.section) for i in digest.items] == [("Alpha", "Numbered"), ("Beta", "Bullets"), ("伽马", "列表")]
    assert digest.form == "heading+list+enum"


# -- the fast parse and the reference -------------------------------------------------------------

def _files() -> list[Path]:
    sample = Path(__file__).resolve().parent.parent / "sample_data"
    return sorted([*FIXTURES.rglob("*.md"), *sample.rglob("*.md")])


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_pulldown_cmark_tree_agrees_with_markdown_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert reference.comparable(tree.parse(text)) == reference.comparable(reference.parse(text))
    _assert_links_as_worked_out_again(tree.parse(text))
    _assert_links_as_worked_out_again(tree.parse(text, ranges=False))


def _assert_links_as_worked_out_again(root: tree.Block) -> None:
    """The story links the parse worked out as the events came, and which blocks hold one, are
    what `inline.story_links` and a walk of the blocks give afterwards."""
    def holds(block: tree.Block) -> bool:
        return bool(story_links(block.inline)) or any(holds(child) for child in block.children)

    for block in root.walk():
        assert block.story_links() == story_links(block.inline), block
        assert block.holds_link() == holds(block), block


@pytest.mark.parametrize("text", [
    "[B](https://e.com/b\x7fx)", "[B](\x7fhttps://e.com/b)", "[B][1]\n\n[1]: https://e.com/r\x7fx",
    "a\x7fb `c\x7f` <span title=\"\x7f\">d</span> [e\x7f](https://e.com/e \"t\x7f\")", "\x01[B](https://e.com/\x7f)",
 "[C](<https://e.com/c\x7f d>)",
])
def test_del_in_a_link_target_is_no_link_as_in_markdown_it(text: str) -> None:
    # pulldown-cmark lets DEL into a link target; CommonMark (markdown-it) ends the target there
    assert reference.comparable(tree.parse(text)) == reference.comparable(reference.parse(text))
    _assert_links_as_worked_out_again(tree.parse(text))
    every = "".join(map(chr, [*range(1, 7), *range(14, 27)]))  # (no control left to stand for DEL: read as it is)
    assert tree.parse(f"[B](https://e.com/b\x7fx) {every}").children[0].inline[-1] == ("t", " " + every)


WORDS = st.sampled_from(["alpha", "beta", "新闻", "发布", "模型", "Ann", "2.0", "“引号”", "（英文）", "：", "。", "!", ","])
INLINE = st.one_of(
    WORDS,
    st.builds(lambda w, n: f"[{w}](https://e.com/{n})", WORDS, st.integers(0, 99)),
    st.builds(lambda w: f"**{w}**", WORDS),
    st.builds(lambda w: f"*{w}*", WORDS),
    st.builds(lambda w: f"`{w}`", WORDS),
    st.builds(lambda n: f" https://bare.example.com/{n} ", st.integers(0, 99)),
    st.builds(lambda n: f"<https://auto.example.com/{n}>", st.integers(0, 99)),
    st.just("<br/>"), st.just("![i](https://i.com/i.png)"),
)
LINE = st.lists(INLINE, min_size=1, max_size=6).map(" ".join)
BLOCK = st.one_of(
    LINE,
    st.builds(lambda level, line: "#" * level + " " + line, st.integers(1, 4), LINE),
    st.builds(lambda n, line: f"{n}. {line}", st.integers(1, 9), LINE),
    st.builds(lambda line: f"- {line}", LINE),
    st.builds(lambda line, inner: f"- {line}\n  - {inner}", LINE, LINE),
    st.builds(lambda n, line: f"{n}、{line}", st.integers(1, 9), LINE),
    st.builds(lambda line: f"> {line}", LINE),
    st.just("---"), st.just("```\ncode https://c.com\n```"), st.just("<div>\n\n#### In a div\n\n</div>"),
)
DOCUMENT = st.one_of(st.lists(BLOCK, min_size=1, max_size=12).map("\n\n".join),
                     st.lists(BLOCK, min_size=1, max_size=12).map("\n".join))  # (no blank lines: blocks run on, `2、` lines follow `1、`)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_generated_documents_parse_the_same_and_read_to_plain_headlines(text: str) -> None:
    assert reference.comparable(tree.parse(text)) == reference.comparable(reference.parse(text))
    _assert_links_as_worked_out_again(tree.parse(text))
    _assert_links_as_worked_out_again(tree.parse(text, ranges=False))
    read = layouts.read(text)
    for item in read.items:
        assert "**" not in item.headline and "<br" not in item.headline and "\n" not in item.headline
        assert len(item.headline) <= 80
    # The index's reading (no summaries, no byte offsets) finds the same items as the detail's.
    indexed = layouts.read(text, summaries=False)
    assert [(i.headline, i.url, i.author, i.section) for i in indexed.items] == [
        (i.headline, i.url, i.author, i.section) for i in read.items]


PIECE = st.sampled_from(["a", "*", "_", "**b", "c_", " ", "\n", "新闻 ", "x  y", ""])
TOKEN = st.one_of(
    st.builds(lambda t: ("t", t), st.lists(PIECE, max_size=3).map("".join)),
    st.builds(lambda t: ("c", t), st.lists(PIECE, max_size=2).map("".join)),
    st.sampled_from([("b",), ("l", "https://e.com/", "inline"), ("/l",), ("s", True), ("s", False), ("e", True),
                     ("e", False), ("x", True), ("i", "https://e.com/i.png"), ("/i",), ("h", "<br/>"), ("h", "<b>")]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(TOKEN, max_size=8))
def test_plain_text_shortcuts_read_as_token_by_token(tokens: list) -> None:
    assert inline.plain(tokens) == inline._plain(tokens, False)
    assert inline.plain(tokens, lines=True) == inline._plain(tokens, True)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_no_text_makes_the_layout_reader_raise(text: str) -> None:
    _assert_links_as_worked_out_again(tree.parse(text))
    for item in layouts.read(text).items:
        assert "\n" not in item.headline


HEADLINE = st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs"], exclude_characters="\u3000"),
                   min_size=1, max_size=30).filter(lambda t: t.strip() == t and t)
LONG_HEADLINE = st.builds(" ".join, st.lists(HEADLINE, min_size=4, max_size=8))  # (past 80 characters: kept whole, as the main layout keeps it)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(HEADLINE, LONG_HEADLINE), st.one_of(st.none(), HEADLINE), st.integers(1, 10**6), st.booleans()),
                min_size=1, max_size=8))
def test_the_main_layout_fast_path_agrees_with_the_block_reader(entries: list) -> None:
    parts = []
    for headline, author, number, has_summary in entries:
        suffix = f" - {author}" if author else ""
        parts.append(f"[{headline}{suffix}](https://x.com/h{number % 97}/status/{number})" + ("\nSummary **text**." if has_summary else ""))
    text = digest_text(parts)
    parsed = parse_text(text, "/d/2026.01.02.08.md")
    assert parsed.fast
    body = text.split("---\n", 2)[2]
    read = layouts.read(body)
    assert [(i.headline, i.author, i.url) for i in parsed.digest.items] == [(i.headline, i.author, i.url) for i in read.items]
    fast_summaries = parse_text(text, "/d/2026.01.02.08.md").summaries
    assert fast_summaries == [i.summary for i in read.items]


def test_skip_file_reason_for_a_readme(tmp_path: Path) -> None:
    path = write(tmp_path, "README.md", "# Project\n\nSee `docs/` and README.md for more.\n")
    with pytest.raises(SkipFile, match="^no items$"):
        read_file(str(path))


def test_sections_filter_like_categories(library, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main
    from tui.core.query.filters import Filters, matcher
    from tui.core.query.view import ViewBuilder

    builder = ViewBuilder(library)
    for filters in (Filters(section="Media"), Filters(section="news from the community"),
                    Filters(section="Media", search="a"), Filters(section="动态", unread_only=True)):
        view = builder.build(filters, set(), 0, None)
        test = matcher(library, filters, set())
        assert [i.headline for i in view.items] == [i.headline for d in library.digests for i in d.items if test(i)]
    assert [i.headline for i in builder.build(Filters(section="Proposals"), set(), 0, None).items] == [
        "Allow nested hinges", "RFC 3: Hinges"]
    assert library.section_counts()["Media"] == 4
    assert main(["--items", "--json", "--section", "Proposals", str(FIXTURES)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["section"] for r in records] == ["News from the Community › Proposals"] * 2


def test_a_section_is_found_without_the_emoji_around_its_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main
    from tui.core.query.filters import Filters, matcher, section_fold
    from tui.core.query.view import ViewBuilder

    assert section_fold("🔥 今日头条") == "今日头条" and section_fold("⭐️ Top Stories ⭐️") == "top stories"
    assert section_fold("C++") == "c++" and section_fold("C#") == "c#" and section_fold("🔥") == "🔥"
    assert section_fold("📰 News › 🤖 AI") == "news › ai"
    write(tmp_path, "d/2026-01-01.md", "# Daily\n\n## 🔥 今日头条\n\n- [甲](https://e.com/1) 发布。\n\n"
          "## ⭐️ C++\n\n- [乙](https://e.com/2) 更新。\n\n## C\n\n- [丙](https://e.com/3) 上线。\n")
    library = load_library([str(tmp_path / "d")], tmp_path / "cache")
    builder = ViewBuilder(library)
    for wanted, headlines in (("今日头条", ["甲 发布。"]), ("🔥 今日头条", ["甲 发布。"]), ("c++", ["乙 更新。"]), ("C", ["丙 上线。"])):
        filters = Filters(section=wanted)
        assert [i.headline for i in builder.build(filters, set(), 0, None).items] == headlines, wanted
        test = matcher(library, filters, set())
        assert [i.headline for d in library.digests for i in d.items if test(i)] == headlines, wanted
    assert main(["--items", "--section", "今日头条", str(tmp_path / "d")]) == 0
    out, err = capsys.readouterr()
    assert "甲 发布。" in out and err == ""


# -- the indexer's shortcuts give what the full reading gives ---------------------------------------

FIELDS_LIST = st.builds(lambda a, b: f"- **时间**：{a}\n- **地点**：{b}", LINE, LINE)
ENUMERATED_WITH_LIST = st.builds(lambda a, b: f"1、{a}\n\n1. {b}", LINE, LINE)
"""(A list after an enumerated paragraph belongs to its block: no item of its own.)"""
SHORTCUT_DOCUMENT = st.lists(st.one_of(BLOCK, FIELDS_LIST, ENUMERATED_WITH_LIST), min_size=1, max_size=12).map("\n\n".join)


def _title_read_twice(root: tree.Block) -> tuple[list, tree.Block | None]:
    """The title rule as written (FORMAT.md 3b): read the body with the candidate set aside; it is
    the title when no item lies outside its section, else read the body again with it."""
    from tui.core.format.layouts import blocks

    content = blocks._without_footer(root.children)
    candidate = blocks._title_candidate(content)
    if candidate is not None:
        aside = blocks._find(content, candidate)
        if blocks._is_title(candidate, content, aside):
            return aside, candidate
    return blocks._find(content, None), None


def _ends_sentence_by_text(tokens: list, after: int) -> bool:
    """`fields._ends_sentence` as the rule reads: the plain text of the rest of the line."""
    from tui.core.format.inline import plain
    from tui.core.format.layouts import fields

    rest = []
    for token in tokens[after + 1 :]:
        if token[0] == "b":
            break
        rest.append(token)
    text = plain(rest, lines=True)
    if not text or text[0] in fields._ENDS:
        return True
    text = text.lstrip(" \t")
    return not text or text[0] in fields._ENDS or text[0] in fields._ENDS_AFTER_SPACE or text[0] == "\n"


def _shape(found: list) -> list:
    return [(f.kind, f.start, f.sections, [b.start for b in f.blocks]) for f in found]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(st.sampled_from(["", "# Title\n\n", "## Part\n\n", "Intro [a](https://e.com/a)\n\n", "1、前言 text\n\n"]),
                 SHORTCUT_DOCUMENT, st.sampled_from(["", "\n\n## Later\n\n1、后记 [b](https://e.com/b)\n\n1. one\n"]))
       .map("".join))
@example("###  https://bare.example.com/0 \n\n## Later\n\n1、后记 [b](https://e.com/b)\n\n1. one\n")  # (a heading before the
# candidate, the candidate set aside, takes what follows as its section: its link is no item outside)
def test_the_indexers_shortcuts_read_as_the_full_rules(text: str) -> None:
    from tui.core.format.layouts import blocks, fields

    # the title: one reading when an item surely lies outside the candidate's section
    found, title = blocks.find_with_title(tree.parse(text))
    again, title_again = _title_read_twice(tree.parse(text))
    assert _shape(found) == _shape(again)
    assert (title.start if title else None) == (title_again.start if title_again else None)
    # a leading link's sentence end, decided from the next token's first character
    for block in tree.parse(text).walk():
        for _begin, end, _url in block.story_links():
            assert fields._ends_sentence(block.inline, end) == _ends_sentence_by_text(block.inline, end), block.inline
    # indexing (no summaries cut out) reads the same headline, author, link and section
    full = [(i.headline, i.author, i.url, i.section, i.form) for i in layouts.read(text).items]
    assert [(i.headline, i.author, i.url, i.section, i.form) for i in layouts.read(text, summaries=False).items] == full
