"""A first run shows the newest digests while the rest are still being read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tui.core import paths
from tui.core.corpus import loading
from tui.core.corpus.library import Library


def _folder(root: Path, count: int) -> None:
    for n in range(count):
        day = f"2026.01.{n // 4 + 1:02d}.{(n % 4) * 6:02d}"
        write(root, f"{day}.md", digest_text(
            [f"[Story {n} - Ann](https://e.com/{n})", "[Subscribe - News](https://e.com/subscribe)"],
            front=f"title: {day}\ndate: 2026-01-{n // 4 + 1:02d}T{(n % 4) * 6:02d}:00:00+00:00"))


def test_the_first_digests_come_newest_first_and_leave_nothing_on_the_rest(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "PARTIAL_AFTER", 10)
    root = tmp_path / "news"
    _folder(root, 40)
    early: list[Library] = []
    library = loading.load_library([str(root)], paths.cache_dir(), partial=early.append)
    assert len(early) == 1
    first = early[0]
    assert len(first.digests) >= 10 and len(first.digests) < 40
    assert [d.stem for d in first.digests] == [d.stem for d in library.digests[: len(first.digests)]], "the newest"
    for digest in first.digests:  # the first screen reads items before boilerplate is known
        assert [item.headline for item in digest.items][-1] == "Subscribe"
    assert not {id(d) for d in first.digests} & {id(d) for d in library.digests}, "copies"
    assert all(len(d.items) == 1 for d in library.digests), "the library itself drops the boilerplate line"
    again: list[Library] = []
    loading.load_library([str(root)], paths.cache_dir(), partial=again.append)
    assert again == [], "with a cache there is no first screen to make"


async def test_the_reader_shows_them_while_the_check_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.reader_helpers import loaded, make_app
    from tui.screens.reader import ReaderScreen

    monkeypatch.setattr(loading, "PARTIAL_AFTER", 10)
    root = tmp_path / "news"
    _folder(root, 40)
    from tui.core.session import Session

    seen: list[tuple[int, bool]] = []
    original = Session.show_partial

    def spy(self: Session, first: object) -> bool:
        shown = original(self, first)  # type: ignore[arg-type]
        seen.append((len(self.library.digests), shown and self.checking))
        return shown

    monkeypatch.setattr(Session, "show_partial", spy)
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert seen and 10 <= seen[0][0] < 40 and seen[0][1], "shown while the check went on"
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert len(screen.view.rows) == 41 and not app.session.checking


@pytest.mark.parametrize(("names", "spans", "after"), [
    (["2024.12.{:02d}.08.md", "2026.01.{:02d}.08.md"], True, True),  # the first read are of one year, the rest are not
    (["2026.01.{:02d}.08.md", "2026.02.{:02d}.08.md"], False, False),
    (["issue-a{:02d}.md", "issue-b{:02d}.md"], True, False),  # no date in the names: the year shown until all are read
])
def test_the_first_digests_show_the_year_when_the_files_to_read_span_years(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: list[str], spans: bool, after: bool) -> None:
    monkeypatch.setattr(loading, "PARTIAL_AFTER", 10)
    root = tmp_path / "news"
    for half, pattern in enumerate(names):
        for n in range(1, 21):  # (no front matter: the date comes from the name, else the file's time)
            write(root, pattern.format(n), digest_text([f"[Story {half} {n}](https://e.com/{half}/{n})"], front=None))
    early: list[Library] = []
    library = loading.load_library([str(root)], paths.cache_dir(), partial=early.append)
    assert len(early) == 1 and len(early[0].digests) < 40
    assert len({d.date.year for d in early[0].digests}) == 1, "the first read are of one year"
    assert early[0].spans_years is spans
    assert library.spans_years is after


def test_the_first_digests_are_the_newest_of_every_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "PARTIAL_AFTER", 10)
    root = tmp_path / "news"
    for n in range(1, 41):  # two sources whose editions alternate days
        folder, day = "ai" if n % 2 else "web", f"2026-{1 + n // 21:02d}-{1 + n % 21:02d}"
        write(root / folder, f"{day}-{folder}.md",
              digest_text([f"[Story {n}](https://e.com/{n})"], front=f"title: {folder} {n}\ndate: {day}T08:00:00+00:00"))
    early: list[Library] = []
    library = loading.load_library([str(root)], paths.cache_dir(), partial=early.append)
    first = early[0]
    assert {d.path.split("/")[-2] for d in first.digests} == {"ai", "web"}
    assert [d.stem for d in first.digests] == [d.stem for d in library.digests[: len(first.digests)]], "the newest"


async def test_a_cursor_left_on_the_top_row_stays_there_when_the_rest_come_in(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.reader_helpers import loaded, make_app

    monkeypatch.setattr(loading, "PARTIAL_AFTER", 10)
    root = tmp_path / "news"
    for n in range(1, 41):  # names that do not follow the dates: the first read are the oldest
        write(root, f"issue-{n:02d}.md", digest_text(
            [f"[Story {n}](https://e.com/{n})"], front=f"title: Issue {n}\ndate: 2026-02-{41 - n:02d}T08:00:00+00:00"
            if n > 12 else f"title: Issue {n}\ndate: 2026-03-{n:02d}T08:00:00+00:00"))
    from tui.core.session import Session

    partial_top: list[str] = []
    original = Session.show_partial

    def spy(self: Session, first: object) -> bool:
        shown = original(self, first)  # type: ignore[arg-type]
        partial_top.append(self.library.digests[0].title)
        return shown

    monkeypatch.setattr(Session, "show_partial", spy)
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert partial_top and partial_top[0] != "Issue 12", "the first screen did not hold the newest"
        assert screen.item_list.cursor == 0 and screen.digest_list.cursor == 0
        assert screen.current is screen.view.items[0] and screen.current.digest.title == "Issue 12"


async def test_digests_that_arrived_while_closed_are_at_the_cursor_when_the_reader_starts(tmp_path: Path) -> None:
    """The first screen comes from the index cache (the old top story under the cursor); the
    check then found two newer digests and the cursor stayed on the old story: `3 / 3`."""
    from tests.reader_helpers import loaded, make_app

    root = tmp_path / "news"
    write(root, "2026.03.01.08.md", digest_text(["[Old story](https://e.com/old)"],
                                                front="title: Old\ndate: 2026-03-01T08:00:00+00:00"))
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert app.screen.current is not None and app.screen.current.headline == "Old story"
    for day in (2, 3):
        write(root, f"2026.03.0{day}.08.md", digest_text([f"[New story {day}](https://e.com/{day})"],
                                                         front=f"title: New {day}\ndate: 2026-03-0{day}T08:00:00+00:00"))
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert [item.headline for item in screen.view.items] == ["New story 3", "New story 2", "Old story"]
        assert screen.item_list.cursor == 0 and screen.current is screen.view.items[0]
