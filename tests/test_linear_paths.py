"""The scripting paths made linear give what the reference ways give, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.generate import make_corpus
from tui.cli import main
from tui.core.format.item_text import item_text, summary_text
from tui.core.query import folding

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def _json(capsys: pytest.CaptureFixture[str], folder: Path, *flags: str) -> str:
    assert main(["--items", "--json", *flags, str(folder)]) == 0
    return capsys.readouterr().out


@pytest.fixture(params=["samples", "generated"])
def corpus(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "samples":
        shutil.copytree(SAMPLE, tmp_path / "sample")
        return tmp_path / "sample"
    make_corpus(tmp_path / "generated", 120)
    return tmp_path / "generated"


def test_items_json_is_the_same_as_by_the_reference_ways(corpus: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _json(capsys, corpus)
    fast_unread = _json(capsys, corpus, "--unread")
    # The reference: every digest's keys scanned for the carriers, each summary read on its own.
    monkeypatch.setattr(folding, "carriers", lambda library, items: folding.scan_carriers(library, {i.key for i in items}))
    from tui.core.corpus.library import Library

    original = Library.summaries
    monkeypatch.setattr(Library, "summaries", lambda self, digest: list(original(self, digest)))
    assert _json(capsys, corpus) == fast
    assert _json(capsys, corpus, "--unread") == fast_unread
    assert fast.count('"headline"') > 20


@pytest.mark.parametrize("flags", [["--category", "人工智能"], ["--category", "类别03"], ["--unread"], ["--section", "动态"], []])
def test_authors_carried_for_the_printed_items_only_are_those_of_the_whole_library(
        corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, flags: list[str]) -> None:
    from tui import commands

    few = _json(capsys, corpus, *flags)
    monkeypatch.setattr(commands, "CARRY_ALL", -1)  # the reference: every item's author worked out at once
    assert _json(capsys, corpus, *flags) == few


LINES = st.lists(st.sampled_from(["", "  ", "[Head - Ann](https://e.com/a) tail", "**[Bold](https://e.com/b)** rest",
                                  "plain first line", "more text", "   indented", "- a list", "**wrapped**", "[broken(link"]),
                 min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_summary_text_is_item_texts_summary(content: list[str]) -> None:
    assert summary_text(content) == item_text(content).summary


def test_items_json_reads_kept_summaries_the_same_and_a_damaged_file_is_ignored(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from tui import commands
    from tui.core import paths

    monkeypatch.setattr(commands, "BULK_DIGESTS", 0)  # (the generated corpus is small: use the file anyway)
    make_corpus(tmp_path / "generated", 60)
    corpus = tmp_path / "generated"
    first = _json(capsys, corpus)
    kept = list(paths.cache_dir().glob("summaries-*.bin"))
    assert len(kept) == 1, "the summaries were kept"
    assert _json(capsys, corpus) == first  # read back from the file
    import json

    record = json.loads(first)[0]
    changed = Path(record["file"])
    text = changed.read_text(encoding="utf-8")
    assert record["summary"] and record["summary"] in text
    changed.write_text(text.replace(record["summary"], record["summary"] + " EDITED", 1), encoding="utf-8")
    again = _json(capsys, corpus)
    assert "EDITED" in again, "a changed file's summaries are cut again"
    monkeypatch.setattr(commands, "BULK_DIGESTS", 10**9)
    assert _json(capsys, corpus) == again  # the same as cut from the files
    monkeypatch.setattr(commands, "BULK_DIGESTS", 0)
    kept[0].write_bytes(kept[0].read_bytes()[:100] + b"garbage")
    assert _json(capsys, corpus) == again  # damaged: cut from the files again, and kept anew
    assert _json(capsys, corpus) == again and '"summary": "' in again


def _reference_write(library, items, read, summaries, out) -> None:  # type: ignore[no-untyped-def]
    """`--items --json` the plain way: a dict per item (`record`) written by `display.dumps`, every
    summary cut from its file, the carriers from a scan of every digest's keys."""
    from tui import items_json
    from tui.core import display

    carriers = folding.scan_carriers(library, {item.key for item in items})

    def summary(item):  # type: ignore[no-untyped-def]
        texts = library.summaries(item.digest)
        return texts[item.file_place] if item.file_place < len(texts) else ""

    out.write("[")
    lines = (display.dumps(items_json.record(library, item, read, summary(item), carriers)) for item in items)
    for index, line in enumerate(lines):
        out.write(("," if index else "") + "\n  " + line)
    out.write("\n]\n" if items else "]\n")


def test_items_json_writer_gives_what_a_dict_per_item_gives(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from tests.helpers import digest_text, write
    from tui import commands, items_json

    corpus = tmp_path / "mixed"
    make_corpus(corpus / "generated", 40)
    shutil.copytree(SAMPLE, corpus / "sample")
    hostile = "\u202eevil\x85 \u2028 \ufeff \U000e0041 \ue000 \"quoted\" back\\slash \x1b[31m"
    write(corpus, "odd/2026.02.01.08.md", digest_text(
        [f"[Head {hostile} - Ann {hostile}](https://example.com/h?q=\"1\")\nSummary {hostile}\n\n    code",
         "A story without a link\nNo source.", "[Again](https://example.com/1)\nrepeat"],
        front=f'title: "T {hostile}"\ndate: 2026-02-01T08:00:00+08:00\ncategories: ["c {hostile}"]\ntags: [t]'))
    write(corpus, "odd/2026.02.02.08.md", digest_text(["[Again, later - Bob](https://example.com/1)\nrepeat"]))
    if os.name == "posix":
        (corpus / "odd").joinpath(os.fsdecode(b"2026.02.03.08-\xff.md")).write_text(
            digest_text(["[Bytes](https://example.com/b)\nx"]), encoding="utf-8")
    every = ""
    for flags in ([], ["--unread"], ["--category", "人工智能"], ["--author", "Ann"]):  # (Ann: one item of three)
        for bulk in (0, 10**9):
            monkeypatch.setattr(commands, "BULK_DIGESTS", bulk)
            fast = _json(capsys, corpus, *flags)
            with monkeypatch.context() as patch:
                patch.setattr(items_json, "write", _reference_write)
                assert _json(capsys, corpus, *flags) == fast, (flags, bulk)
            every = every or fast
    assert [text for text in ("\\u202e", "\\u2028", '\\"quoted\\"', "\\u001b", "\\udcff", "\\ue000", "\\udb40\\udc41") if text not in every] == []


def test_items_from_the_stories_are_the_fold_of_every_item(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """`--items` with no filter or only read/unread lists the stories' newest copies
    (`commands.fold_all`): the same as folding every item by key, boilerplate left out, read
    stories left out by number."""
    from tests.helpers import digest_text, write
    from tui import commands

    corpus = tmp_path / "mixed"
    make_corpus(corpus / "generated", 60)
    shutil.copytree(SAMPLE, corpus / "sample")
    for n in range(12):  # (a folder with boilerplate: the subscribe link is no item)
        write(corpus, f"weekly/2026-01-{n + 1:02d}.md", digest_text(
            ["[Subscribe](https://e.com/subscribe)\nPromo.", f"[Story {n}](https://e.com/{n % 5})\nAbout {n}."],
            front=f"title: Issue {n}\ndate: 2026-01-{n + 1:02d}T08:00:00+00:00"))

    def plain(*flags: str) -> str:
        assert main(["--items", *flags, str(corpus)]) == 0
        return capsys.readouterr().out

    refs = [line.split("\t")[0] for line in plain().splitlines()]
    for ref in refs[::7]:  # some stories read
        main(["--open", ref, "--print", str(corpus)])
    capsys.readouterr()
    runs = [(plain(), plain("--unread"), _json(capsys, corpus, "--unread"))]
    with monkeypatch.context() as patch:
        patch.setattr(commands, "fold_all", lambda library, only=None: folding.fold_by_key(library.items()))
        patch.setattr(commands, "_by_story_only", lambda filters: False)
        runs.append((plain(), plain("--unread"), _json(capsys, corpus, "--unread")))
    assert runs[0] == runs[1]
    every, unread, _ = runs[0]
    assert 0 < len(unread.splitlines()) < len(every.splitlines()) and "Subscribe" not in every
