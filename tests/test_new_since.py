"""New since your last visit: when each digest arrived, which stories are new, the "New" row,
`--items --new` and `--since`."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tests.reader_helpers import loaded, make_app
from tui import cli
from tui.core import paths
from tui.core.query.arrivals import parse_since, since_text
from tui.core.session import Session
from tui.core.state import StateStore
from tui.screens.reader import ReaderScreen


def _day(root: Path, stem: str, links: list[str], hour: int = 8) -> None:
    day = stem.split(".")
    write(root, f"{stem}.md", digest_text([f"[{link.title()} - Ann](https://e.com/{link})" for link in links],
                                          front=f"title: {stem}\ndate: {day[0]}-{day[1]}-{day[2]}T{hour:02d}:00:00+00:00"))


def _items(root: Path, *flags: str) -> tuple[int, list[dict[str, object]], str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--items", "--json", *flags, str(root)])
    return code, json.loads(out.getvalue() or "[]"), err.getvalue()


def _end_visit(root: Path, when: float | None = None) -> None:
    store = StateStore(paths.data_dir())
    store.end_visit([str(root.resolve())], when)
    store.close()


def test_a_story_repeated_in_a_new_edition_is_not_new(tmp_path: Path) -> None:
    root = tmp_path / "news"
    _day(root, "2026.01.01.08", ["old-a", "old-b"])
    code, items, err = _items(root, "--new")
    assert code == 0 and items == [] and "nothing is new yet" in err  # never closed on this folder
    _end_visit(root)
    time.sleep(0.01)
    _day(root, "2026.01.02.08", ["old-b", "fresh"])
    _day(root, "2026.01.02.12", ["fresh", "fresher"], hour=12)
    code, items, err = _items(root, "--new")
    assert code == 0 and err == ""
    assert sorted(item["headline"] for item in items) == ["Fresh", "Fresher"]  # old-b was seen before
    assert [item["digest"] for item in items if item["headline"] == "Fresh"] == ["2026.01.02.12"]  # once, at its newest
    _end_visit(root)
    assert _items(root, "--new")[1] == []  # a later visit: nothing new any more
    assert len(_items(root)[1]) == 4


def test_a_file_counts_from_when_it_was_first_seen_not_from_its_date(tmp_path: Path) -> None:
    root = tmp_path / "news"
    _day(root, "2026.01.01.08", ["a"])
    _items(root, "--new")  # the first look: the folder is known from now on
    _end_visit(root)
    _day(root, "2020.01.01.08", ["backfilled"])  # an old edition fetched today is new today
    code, items, _ = _items(root, "--new")
    assert code == 0 and [item["headline"] for item in items] == ["Backfilled"]


def test_since_on_a_first_look_goes_by_the_digests_own_dates(tmp_path: Path) -> None:
    root = tmp_path / "news"
    now = datetime.now(UTC)
    recent = now.strftime("%Y.%m.%d")
    _day(root, "2020.01.01.08", ["ancient"])
    _day(root, recent, ["recent"], hour=0)
    code, items, _ = _items(root, "--since", "2d")
    assert code == 0 and [item["headline"] for item in items] == ["Recent"]
    code, items, _ = _items(root, "--since", "2019-12-31T00:00")
    assert sorted(item["headline"] for item in items) == ["Ancient", "Recent"]



def test_since_on_a_first_look_leaves_out_issues_with_no_date_of_their_own(tmp_path: Path) -> None:
    """`issue-9.md`, just checked out, is dated by its mtime (now): it counted as arrived in the
    last two hours, though nothing says when it came out."""
    root = tmp_path / "news"
    _day(root, datetime.now(UTC).strftime("%Y.%m.%d"), ["recent"], hour=0)
    write(root, "issue-9.md", digest_text(["[Undated - Bob](https://e.com/undated)"], front="title: Issue 9"))
    code, items, _ = _items(root, "--since", "2d")
    assert code == 0 and [item["headline"] for item in items] == ["Recent"]
    write(root, "issue-10.md", digest_text(["[Later - Cy](https://e.com/later)"], front="title: Issue 10"))
    code, items, _ = _items(root, "--since", "2d")  # (the folder is known now: a file first seen counts from then)
    assert sorted(item["headline"] for item in items) == ["Later", "Recent"]


def test_since_with_nothing_since_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "news"
    _day(root, "2020.01.01.08", ["ancient"])
    capsys.readouterr()
    assert cli.main(["--items", "--since", "2d", str(root)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "brief: no story arrived since " in err
    assert cli.main(["--items", "--since", "2019-12-31T00:00", str(root)]) == 0
    assert "no story arrived" not in capsys.readouterr().err


@pytest.mark.parametrize("flags", [["--since", "soon"], ["--since", "8h", "--new"], ["--new"]])
def test_since_and_new_flags_are_checked(tmp_path: Path, flags: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "news"
    _day(root, "2026.01.01.08", ["a"])
    argv = [*flags, str(root)] if flags != ["--new"] else ["--list", "--new", str(root)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "brief: --" in err and ("since" in err or "goes with --items" in err)


def test_parse_since_and_since_text() -> None:
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC).timestamp()
    assert parse_since("8h", now) == now - 8 * 3600
    assert parse_since("30m", now) == now - 1800
    assert parse_since("1w", now) == now - 7 * 86400
    assert parse_since("2026-12-01T08:00+00:00", now) == datetime(2026, 12, 1, 8, tzinfo=UTC).timestamp()
    assert parse_since("2026-12-01", now) == datetime(2026, 12, 1, tzinfo=UTC).timestamp()  # (TZ=UTC)
    assert parse_since("-8h", now) == now - 8 * 3600  # (as journalctl takes it)
    for wrong in ("yesterday", "", "  ", "2026-13-01", "--8h", "8"):
        with pytest.raises(ValueError, match="neither a span"):
            parse_since(wrong, now)
    with pytest.raises(ValueError, match="'0001-01-01' is a date before or after any this clock can say"):
        parse_since("0001-01-01", now)  # (a date, but year 1 in local time is out of the clock's reach)
    assert since_text(now - 3600, now) == "today 11:00"
    assert since_text(datetime(2026, 11, 30, 18, tzinfo=UTC).timestamp(), now) == "Mon 18:00"
    assert since_text(datetime(2026, 10, 1, 18, tzinfo=UTC).timestamp(), now) == "Oct 01 18:00"
    assert since_text(datetime(2025, 10, 1, 18, tzinfo=UTC).timestamp(), now) == "2025-10-01 18:00"


def test_visits_are_read_and_kept_for_the_run_when_the_folder_is_read_only(tmp_path: Path) -> None:
    import os
    import subprocess

    if os.geteuid() != 0:
        pytest.skip("a read-only mount needs root (tests/test_state.py covers read-only stores otherwise)")
    data = tmp_path / "mnt"
    data.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(data)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        store = StateStore(data)
        store.end_visit(["/news"], 100.0)
        store.add_arrivals({"/news/a.md": 50.0}, ["/news"], 50.0)
        store.close()
        if subprocess.run(["mount", "-o", "remount,ro", str(data)], capture_output=True).returncode:
            pytest.skip("cannot remount read-only here")
        store = StateStore(data)
        assert not store.writable
        assert store.visits()["/news"] == (100.0, 100.0) and store.arrivals() == {"/news/a.md": 50.0}
        store.end_visit(["/news"], 200.0)
        store.add_arrivals({"/news/b.md": 150.0}, ["/news"], 150.0)
        assert store.visits()["/news"] == (100.0, 200.0), "kept for this run"
        assert store.arrivals() == {"/news/a.md": 50.0, "/news/b.md": 150.0}
        store.close()
        assert StateStore(data).visits()["/news"] == (100.0, 100.0), "and the file is as it was"
    finally:
        subprocess.run(["umount", "-l", str(data)], capture_output=True)


def test_an_older_state_file_gains_the_visit_tables_and_keeps_its_marks(tmp_path: Path) -> None:
    import sqlite3

    data = tmp_path / "data"
    data.mkdir()
    conn = sqlite3.connect(data / "state.db")
    conn.execute("CREATE TABLE read_marks (key TEXT PRIMARY KEY, read_at REAL NOT NULL) WITHOUT ROWID")
    conn.execute("INSERT INTO read_marks VALUES ('https://e.com/a', 1.0)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = StateStore(data)
    assert store.visits() == {}
    store.add_arrivals({"/news/a.md": 5.0}, ["/news"], 10.0)
    store.end_visit(["/news"], 20.0)
    store.close()
    store = StateStore(data)
    assert store.read_keys() == {"https://e.com/a"} and store.messages == []
    assert store.arrivals() == {"/news/a.md": 5.0} and store.visits() == {"/news": (10.0, 20.0)}
    conn = sqlite3.connect(data / "state.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1  # an older Brief still opens it
    conn.close()


async def test_the_new_row_lists_what_arrived_and_quitting_ends_the_visit(tmp_path: Path) -> None:
    root = tmp_path / "news"
    _day(root, "2026.01.01.08", ["seen-1", "seen-2"])
    session = Session([str(root)], paths.cache_dir(), paths.data_dir())
    session.load_now()
    session.open_store()
    assert session.find_new(session.library) is None  # first look: nothing to compare with
    session.close()
    _end_visit(root)
    time.sleep(0.01)
    _day(root, "2026.01.02.08", ["seen-2", "arrived"])
    app = make_app(root)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        for _ in range(50):
            if app.session.new is not None:
                break
            await pilot.pause(0.05)
        digests = screen.digest_list
        assert digests.new_row is not None and digests.new_row.shown == 1
        assert "1 new since today" in screen.query_one("#status").render().plain
        await pilot.press("j", "enter")  # the "New" row
        await pilot.pause()
        assert [item.headline for item in screen.view.items] == ["Arrived"]
        assert screen.chosen is None and digests.chosen == 1
        assert "new since today" in " ".join(app.session.chips(screen.filters))
        await pilot.press("escape", "escape")  # back to the digests, then everything again
        await pilot.pause()
        assert screen.filters.new is None and len(screen.view.items) == 3
        await pilot.press("w")  # the key does the same
        await pilot.pause()
        assert [item.headline for item in screen.view.items] == ["Arrived"] and digests.cursor == 1
        await pilot.press("w")
        await pilot.pause()
        assert screen.filters.new is None
    code, items, _ = _items(root, "--new")
    assert code == 0 and items == []  # quitting ended the visit


def test_since_long_ago_lists_every_story_as_items_does(tmp_path: Path) -> None:
    root = tmp_path / "news"
    _day(root, "2026.01.01.08", ["a", "b"])
    _day(root, "2026.01.02.08", ["b", "c"])
    _day(root, "2026.01.03.08", ["c", "d", "a"])
    everything = _items(root)[1]
    assert _items(root, "--since", "1000w")[1] == everything and len(everything) == 4
    assert _items(root, "--since", "1000w", "--author", "Ann")[1] == _items(root, "--author", "Ann")[1]


def test_a_file_moved_or_renamed_keeps_its_arrival(tmp_path: Path) -> None:
    import os

    root = tmp_path / "news"
    _day(root, "2026.01.01.08", ["a"])
    _day(root, "2026.01.02.08", ["b"])
    _items(root, "--new")  # first look: both recorded
    _end_visit(root)
    (root / "2026-01").mkdir()
    os.rename(root / "2026.01.01.08.md", root / "2026-01" / "renamed-2026.01.01.08.md")  # (mtime and size kept)
    os.rename(root / "2026.01.02.08.md", root / "2026.01.02.08-copy.md")
    _day(root, "2026.01.03.08", ["c"])
    code, items, _ = _items(root, "--new")
    assert code == 0 and [item["headline"] for item in items] == ["C"]


def test_closing_the_store_while_a_worker_reads_it_is_safe(tmp_path: Path) -> None:
    """Quitting while the arrivals are worked out closed the connection under a running query:
    the interpreter crashed (SIGSEGV). Run in a process of its own, so a crash is a failure."""
    import subprocess
    import sys

    script = f"""
import threading
from pathlib import Path
from tui.core.state import StateStore
for round in range(30):
    store = StateStore(Path({str(tmp_path)!r}) / "data")
    store.add_arrivals({{f"/news/{{n}}.md": float(n) for n in range(3000)}}, ["/news"], 1.0)
    def read():
        for _ in range(50):
            store.arrivals(); store.visits()
    worker = threading.Thread(target=read)
    worker.start()
    store.close()
    worker.join()
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0 and done.stdout.strip() == "ok", (done.returncode, done.stderr[-500:])


def test_since_a_time_still_to_come_says_so(tmp_path: Path) -> None:
    root = tmp_path / "news"
    _day(root, "2026.01.01.08", ["a"])
    code, items, err = _items(root, "--since", "2999-01-01")
    assert (code, items) == (0, [])
    assert err == "brief: --since 2999-01-01: that is still to come, so nothing has arrived since\n"
    code, items, err = _items(root, "--since", "8h")
    assert code == 0 and "still to come" not in err
    assert _items(root, "--since", "-1000w")[:2] == _items(root, "--since=1000w")[:2]  # (a value that starts with `-`)
    assert len(_items(root, "--since", "-1000w")[1]) == 1
