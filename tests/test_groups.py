"""Sources: more than one folder given is a digest list grouped by source, a source filter in
the picker and the palette, and `--source NAME`."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import digest_text, write
from tests.reader_helpers import loaded
from tui import cli
from tui.app import BriefApp
from tui.core.query.groups import Groups, root_of
from tui.screens.reader import ReaderScreen
from tui.widgets.digest_list import HEADER


def _library(tmp_path: Path) -> tuple[Path, Path]:
    ai, dev = tmp_path / "ai", tmp_path / "dev"
    write(ai, "2026.01.02.08.md", digest_text(["[Model - Ann](https://e.com/model)", "[Chip - Bo](https://e.com/chip)"],
                                              front="title: AI morning\ndate: 2026-01-02T08:00:00+00:00"))
    write(ai, "2026.01.01.08.md", digest_text(["[Chip - Bo](https://e.com/chip)"],
                                              front="title: AI before\ndate: 2026-01-01T08:00:00+00:00"))
    write(dev, "2026-01-03.md", digest_text(["[Parser - Cy](https://e.com/parser)", "[Chip - Bo](https://e.com/chip)"],
                                            front="title: Dev\ndate: 2026-01-03T08:00:00+00:00"))
    return ai, dev


def _items(*args: str) -> tuple[int, list[dict[str, object]], str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--items", "--json", *args])
    return code, json.loads(out.getvalue() or "[]"), err.getvalue()


def test_labels_and_roots(tmp_path: Path) -> None:
    groups = Groups([str(tmp_path / "a" / "news"), str(tmp_path / "b" / "news"), str(tmp_path / "dev")])
    assert [source.label for source in groups.sources] == ["a/news", "b/news", "dev"]
    assert groups.grouping and not Groups([str(tmp_path)]).grouping
    assert Groups([str(tmp_path), str(tmp_path)]).sources == Groups([str(tmp_path)]).sources  # given twice: one source
    roots = [str(tmp_path), str(tmp_path / "inner")]
    assert root_of(str(tmp_path / "inner" / "x.md"), roots) == str(tmp_path / "inner")  # the deepest
    assert root_of(str(tmp_path / "innerx.md"), roots) == str(tmp_path)
    assert root_of("/elsewhere/x.md", roots) is None
    named = Groups([str(tmp_path / "dev")], {str(tmp_path / "dev"): "Dev news"})
    assert named.find("dev NEWS") == named.sources[0] and named.find(str(tmp_path / "dev")) == named.sources[0]
    assert named.find("nothing") is None


def test_source_flag_by_name_or_path(tmp_path: Path) -> None:
    ai, dev = _library(tmp_path)
    code, items, err = _items("--source", "dev", str(ai), str(dev))
    assert code == 0 and err == ""
    assert [item["headline"] for item in items] == ["Parser", "Chip"]
    code, items, _ = _items("--source", str(ai), str(ai), str(dev))
    assert sorted(item["headline"] for item in items) == ["Chip", "Model"]
    assert [item["digest"] for item in items if item["headline"] == "Chip"] == ["2026.01.02.08"]  # once, newest copy there
    code, items, err = _items("--source", "nope", str(ai), str(dev))
    assert code == 0 and items == [] and "no source is named 'nope' (the sources: ai, dev)" in err


@contextlib.asynccontextmanager
async def _grouped(tmp_path: Path) -> AsyncIterator[tuple[Any, BriefApp, ReaderScreen, Path, Path]]:
    """A reader of `_library`'s two sources, loaded: (pilot, app, its screen, the two folders)."""
    ai, dev = _library(tmp_path)
    app = BriefApp([str(ai), str(dev)], blink=False, detail_delay=0)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        yield pilot, app, screen, ai, dev


async def test_the_digest_list_groups_by_source_and_folds(tmp_path: Path) -> None:
    async with _grouped(tmp_path) as (pilot, app, screen, ai, dev):
        digests = screen.digest_list
        lines = [digests.render_line(y).text for y in range(digests.row_count)]
        assert "▾ ai" in lines[1] and "AI morning" in lines[2] and "AI before" in lines[3]
        assert "▾ dev" in lines[4] and "Dev" in lines[5] and len(lines) == 6
        assert lines[1].rstrip().endswith("2/2") and lines[4].rstrip().endswith("2/2")  # its stories, each once
        await pilot.press("j", "enter")  # the "ai" header: its stories
        await pilot.pause()
        assert screen.filters.source == str(ai) and screen.chosen is None
        assert sorted(item.headline for item in screen.view.items) == ["Chip", "Model"]
        assert digests.chosen == 1 and "source: ai" in app.session.chips(screen.filters)
        await pilot.press("escape")  # back to the digests
        await pilot.pause()
        await pilot.press("h")  # fold "ai"
        await pilot.pause()
        assert digests.row_count == 2 and "▸ ai" in digests.render_line(1).text  # (only "ai" is listed under its filter)
        await pilot.press("l")
        await pilot.pause()
        assert digests.row_count == 4
        await pilot.press("escape")  # everything again
        await pilot.pause()
        assert screen.filters.source is None and digests.row_count == 6
        await pilot.press("j", "j", "h")  # on a digest of "ai": fold its group, the cursor on its header
        await pilot.pause()
        assert digests.row_count == 4 and digests.cursor == 1
        await pilot.press("j", "enter")  # "dev"'s header is now line 2
        await pilot.pause()
        assert screen.filters.source == str(dev)
        choices = app.session.category_choices()
        assert [(c.label, c.detail, c.count) for c in choices if c.detail == "source"] == [("ai", "source", 2), ("dev", "source", 2)]


async def test_one_folder_is_not_grouped(tmp_path: Path) -> None:
    ai, _ = _library(tmp_path)
    app = BriefApp([str(ai)], blink=False, detail_delay=0)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        digests = screen.digest_list
        assert digests.groups == [] and digests.row_count == 3
        assert all(what > HEADER for what in (digests._what(line) for line in range(3)))
        assert not [c for c in app.session.category_choices() if c.detail == "source"]


def test_a_sources_clone_keeps_its_name_beside_a_folder_of_the_same_name(tmp_path: Path) -> None:
    from tui.core.session import Session

    data = tmp_path / "data"
    clone, folder = data / "sources" / "repo", tmp_path / "x" / "repo"
    clone.mkdir(parents=True)
    folder.mkdir(parents=True)
    session = Session([str(folder), str(clone)], tmp_path / "cache", data)
    assert [source.label for source in session.groups.sources] == ["x/repo", "repo"]
    assert session.groups.find("repo") is not None and session.groups.find("repo").root == str(clone)


async def test_the_source_headers_are_counted_just_after_the_first_frame(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.widgets.digest_list import DigestList

    ai, dev = _library(tmp_path)
    drawn: list[str] = []
    render_row = DigestList.render_row

    def recording(self: DigestList, index: int, width: int, style: Any) -> Any:  # (a spy)
        segments = render_row(self, index, width, style)
        if self._what(index) <= HEADER:
            drawn.append("".join(segment.text for segment in segments).rstrip())
        return segments

    monkeypatch.setattr(DigestList, "render_row", recording)
    app = BriefApp([str(ai), str(dev)], blink=False, detail_delay=0)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert drawn[0].endswith("…/…") and "ai" in drawn[0]  # (the first frame: not counted yet)
        assert drawn[-2].endswith("2/2") and drawn[-1].endswith("2/2")  # (just after it: each story once)
        await pilot.press("j", "enter")  # a header chosen: counted at once from then on
        await pilot.pause()
        assert not any(line.endswith("…/…") for line in drawn[-2:])


def test_the_sources_of_digests_are_kept_for_the_same_digests_only(tmp_path: Path) -> None:
    from tui.core.corpus.loading import load_library

    ai, dev = _library(tmp_path)
    library = load_library([str(ai), str(dev)], tmp_path / "cache")
    groups = Groups([str(ai), str(dev)])
    digests = library.digests
    first = groups.indexes(digests)
    assert first == [groups.index_of(d) for d in digests] == [1, 0, 0]  # (newest first: dev's, then ai's two)
    assert groups.indexes(digests) is first  # (asked again for the same list: kept)
    assert groups.indexes(list(digests)) is first  # (the same digests in another list)
    assert groups.indexes(digests[::-1]) == [0, 0, 1]  # (others: worked out again)
    assert groups.indexes(digests[:2]) == [1, 0]


async def test_choosing_a_digest_keeps_a_folded_group_folded(tmp_path: Path) -> None:
    async with _grouped(tmp_path) as (pilot, _app, screen, _ai, _dev):
        digests = screen.digest_list
        await pilot.press("j", "h")  # fold "ai"
        await pilot.pause()
        assert digests.row_count == 4
        await pilot.press("j", "j", "enter")  # "dev"'s digest chosen: the same rows, laid out as before
        await pilot.pause()
        assert screen.chosen is not None and screen.chosen.title == "Dev"
        lines = [digests.render_line(y).text for y in range(digests.row_count)]
        assert "▸ ai" in lines[1] and "▾ dev" in lines[2] and "Dev" in lines[3] and len(lines) == 4
        assert digests.chosen == 3
        screen.digest_list.focus()
        await pilot.press("k", "k", "l")  # unfold "ai" again
        await pilot.pause()
        lines = [digests.render_line(y).text for y in range(digests.row_count)]
        assert "▾ ai" in lines[1] and "AI morning" in lines[2] and len(lines) == 6 and digests.chosen == 5


def test_the_sources_of_many_digests_at_once_are_each_ones_own(tmp_path: Path) -> None:
    """`indexes` (folders looked up once each) agrees with `index_of` digest by digest: nested
    sources (the deepest given folder), a file given as a source, digests deep in subfolders."""
    from types import SimpleNamespace

    outer, inner, single = tmp_path / "news", tmp_path / "news" / "ai", tmp_path / "other" / "one.md"
    given = [str(outer), str(inner), str(single)]
    paths = [inner / "2026" / "01" / "a.md", outer / "b.md", single, outer / "dev" / "c.md", inner / "d.md",
             tmp_path / "other" / "two.md", outer / "aix" / "e.md"]
    digests: Any = [SimpleNamespace(path=str(path)) for path in paths]
    expected = [Groups(given).index_of(digest) for digest in digests]
    assert Groups(given).indexes(digests) == expected
    assert expected == [1, 0, 2, 0, 1, 0, 0]  # ("other/two.md" is in no source given: the first)
