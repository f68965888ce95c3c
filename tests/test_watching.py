"""The reader watches its folders: new, changed and removed digests come in on their own."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tests.reader_helpers import loaded, make_app
from tui.core import paths
from tui.core.watching import is_digest_change, watch, watched_folders
from tui.screens.reader import ReaderScreen


@pytest.mark.parametrize(("name", "counts"), [
    ("2026.01.01.08.md", True), ("news/weekly.markdown", True), (".2026.md.swp", False), ("2026.md~", False),
    (".syncthing.2026.md.tmp", False), ("2026.md.part", False), (".hidden.md", False), ("notes.txt", False),
    (".git/objects/x.md", False), ("#2026.md#", False),
])
def test_which_changes_count(name: str, counts: bool) -> None:
    assert is_digest_change(f"/library/{name}") is counts


def test_a_folder_that_comes_or_goes_counts(tmp_path: Path) -> None:
    (tmp_path / "incoming").mkdir()
    assert is_digest_change(str(tmp_path / "incoming"))  # moved in
    assert is_digest_change(str(tmp_path / "gone-away"))  # moved out (no longer there)
    (tmp_path / "4913").write_text("")
    assert not is_digest_change(str(tmp_path / "4913")) and not is_digest_change(str(tmp_path / "notes.txt"))


def test_a_burst_of_files_is_one_batch_and_temporary_files_are_none(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    batches: list[int] = []
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=([str(folder)], "poll", stop, batches.append), daemon=True)
    watcher.start()
    time.sleep(0.8)
    for n in range(200):
        (folder / f"2026.01.{n:03d}.md").write_text(f"1. [Story {n}](https://e.com/{n})\n", encoding="utf-8")
    (folder / ".2026.md.swp").write_text("x", encoding="utf-8")
    deadline = time.monotonic() + 10
    while not batches and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.5)
    stop.set()
    watcher.join(5)
    assert not watcher.is_alive(), "stopping is prompt"
    assert sum(batches) == 200 and len(batches) <= 3, batches
    assert watched_folders([str(folder), str(folder / "2026.01.000.md")]) == [str(folder)]


async def _wait_for(predicate, pilot, seconds: float = 8.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        await pilot.pause(0.1)
    return predicate()


@pytest.mark.parametrize("mode", ["events", "poll"])
async def test_a_new_digest_appears_while_reading_and_the_place_is_kept(tmp_path: Path, mode: str) -> None:
    if mode == "poll":
        config = paths.config_file()
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text('watch = "poll"\n', encoding="utf-8")
    root = tmp_path / "news"
    write(root, "2026.01.01.08.md", digest_text([f"[Morning {n} - Ann](https://e.com/m{n})" for n in range(5)],
                                                front="title: Morning\ndate: 2026-01-01T08:00:00+00:00"))
    write(root, "2026.01.01.12.md", digest_text(["[Noon - Bob](https://e.com/noon)"],
                                                front="title: Noon\ndate: 2026-01-01T12:00:00+00:00"))
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert app.options.watch == mode
        await pilot.press("j", "j", "enter", "j", "j")  # Morning, its third item
        await pilot.pause()
        chosen, current = screen.chosen, screen.current
        assert chosen is not None and current is not None and current.headline == "Morning 2"
        await asyncio.sleep(0.5)
        write(root, "2026.01.02.08.md", digest_text(["[Fresh - Cy](https://e.com/fresh)"],
                                                    front="title: Fresh\ndate: 2026-01-02T08:00:00+00:00"))
        assert await _wait_for(lambda: any(r.digest is not None and r.digest.title == "Fresh" for r in screen.view.rows[1:]),
                               pilot), "the new digest is listed without a key"
        assert await _wait_for(lambda: any("1 new digest: 2026.01.02.08 Fresh" in n.message for n in app._notifications), pilot)
        assert screen.chosen is not None and screen.chosen.title == "Morning"
        assert screen.current is not None and screen.current.headline == "Morning 2" and screen.item_list.cursor == 2
        (root / "2026.01.01.12.md").unlink()
        assert await _wait_for(lambda: all(r.digest is None or r.digest.title != "Noon" for r in screen.view.rows), pilot)
        assert screen.item_list.cursor == 2, "the place is kept"


async def test_a_library_folder_moved_away_and_back_is_noticed_and_the_detail_follows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A watch sees inside its folders, not the folders themselves: `mv news news.gone` and back."""
    from tui.core import watching

    monkeypatch.setattr(watching, "CHECK_MS", 300)
    root = tmp_path / "news"
    write(root, "2026.01.01.08.md", digest_text(["[A - Ann](https://e.com/a)", "[B - Bob](https://e.com/b)"]))
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.current is not None
        await asyncio.sleep(0.5)
        root.rename(tmp_path / "news.gone")
        assert await _wait_for(lambda: not screen.item_list.items, pilot), "the folder's digests are gone from the lists"
        assert screen.current is None and screen.detail._shown is None, "the detail shows nothing that is gone"
        assert [p.reason for p in app.session.library.problems] == ["is gone (moved or removed); read again when it is back"]
        (tmp_path / "news.gone").rename(root)
        assert await _wait_for(lambda: len(screen.item_list.items) == 2, pilot), "and back when the folder is"
        assert await _wait_for(lambda: screen.detail._shown is not None, pilot)


async def test_watch_false_turns_it_off(tmp_path: Path) -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("watch = false\n", encoding="utf-8")
    root = tmp_path / "news"
    write(root, "2026.01.01.08.md", digest_text(["[A - Ann](https://e.com/a)"]))
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert app.options.watch == "off"
        assert app.screen.watcher is None


def test_watching_goes_on_past_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "news"
    folder.mkdir()
    bad = os.fsencode(folder) + b"/2026.05.01.08 \xff\xfe.md"
    with open(bad, "wb") as handle:
        handle.write(b"1. [Story](https://e.com/s)\n")
    batches: list[int] = []
    reasons: list[str | None] = []
    stop = threading.Event()
    watcher = threading.Thread(target=lambda: reasons.append(watch([str(folder)], "events", stop, batches.append)),
                               daemon=True)
    watcher.start()
    time.sleep(0.5)
    with open(bad, "rb") as handle:  # reading it is an event watchfiles cannot turn into a path
        handle.read()
    time.sleep(0.8)
    (folder / "2026.05.02.08.md").write_text("1. [New](https://e.com/n)\n", encoding="utf-8")
    deadline = time.monotonic() + 8
    while not batches and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    watcher.join(5)
    assert batches, "the new digest was still seen"
    assert reasons == [None], "and watching did not give up"


async def test_live_updates_keep_the_cursors_and_tell_a_stream_of_files_once(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "news"
    for day in range(1, 6):
        write(root, f"2026.01.0{day}.08.md", digest_text([f"[Day {day} - Ann](https://e.com/d{day})",
                                                           "[Shared - Bob](https://e.com/shared)"],
                                                          front=f"title: Day {day}\ndate: 2026-01-0{day}T08:00:00+00:00"))
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("j", "j", "j")  # the digest cursor on "Day 3", not chosen: "All digests" stays chosen
        await pilot.pause()
        assert screen.digest_list.rows[screen.digest_list.cursor].digest.title == "Day 3"
        screen.item_list.move_to(2)  # the item cursor on "Day 4"
        await pilot.pause()
        assert screen.current is not None and screen.current.headline == "Day 4"
        await asyncio.sleep(0.3)
        for wave in range(3):  # three waves, 0.3 s apart: one note once they settle
            write(root, f"2026.02.0{wave + 1}.08.md", digest_text(
                [f"[Wave {wave} - Cy](https://e.com/w{wave})"] + (["[Day 4 - Ann](https://e.com/d4)"] if wave == 2 else []),
                front=f"title: Wave {wave}\ndate: 2026-02-0{wave + 1}T08:00:00+00:00"))
            await asyncio.sleep(0.3)
        assert await _wait_for(lambda: any(r.digest is not None and r.digest.title == "Wave 2" for r in screen.view.rows[1:]),
                               pilot)
        assert await _wait_for(lambda: any("new digest" in n.message for n in app._notifications), pilot)
        await pilot.pause(1.5)
        notes = [n.message for n in app._notifications if "new digest" in n.message]
        assert notes == ["3 new digests: 2026.02.03.08 Wave 2 …"], notes  # one note for the three waves
        digests = screen.digest_list
        assert digests.rows[digests.cursor].digest.title == "Day 3", "the digest cursor stayed on its digest"
        assert screen.current is not None and screen.current.headline == "Day 4", "the item cursor on its story"
        assert screen.current.digest is not None and screen.current.digest.title == "Wave 2"  # (now listed at its new copy)
        moved = tmp_path / "incoming"
        write(moved, "2026.03.01.08.md", digest_text(["[Moved in - Di](https://e.com/moved)"],
                                                     front="title: Moved\ndate: 2026-03-01T08:00:00+00:00"))
        shutil.move(str(moved), str(root / "incoming"))  # a folder moved in: one event, for the folder
        assert await _wait_for(lambda: any(r.digest is not None and r.digest.title == "Moved" for r in screen.view.rows[1:]),
                               pilot), "a folder moved in is read"
