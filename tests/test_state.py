"""Read state: SQLite in the data dir, shared by processes, corrupt files moved aside."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.state import StateStore

ROOT = Path(__file__).resolve().parent.parent


def test_marks_persist_and_unmark(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.mark_read(["a", "b"], when=100.0)
    store.mark_read(["a"], when=200.0)
    store.close()
    again = StateStore(tmp_path)
    assert again.read_keys() == {"a", "b"}
    assert again.is_read("a") and not again.is_read("c")
    row = sqlite3.connect(tmp_path / "state.db").execute("SELECT read_at FROM read_marks WHERE key='a'").fetchone()
    assert row[0] == 100.0  # the first read time is kept
    again.mark_unread(["a"])
    assert StateStore(tmp_path).read_keys() == {"b"}
    assert again.messages == []


def test_wal_mode_and_schema_version(tmp_path: Path) -> None:
    StateStore(tmp_path).mark_read(["k"])
    conn = sqlite3.connect(tmp_path / "state.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


def test_state_lives_in_xdg_data_home(isolated: dict[str, Path]) -> None:
    from tui.core import paths

    assert paths.data_dir() == isolated["data"] / "brief"
    assert paths.cache_dir() == isolated["cache"] / "brief"
    assert paths.config_file() == isolated["config"] / "brief" / "config.toml"


WRITER = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from tui.core.state import StateStore
store = StateStore(Path({data!r}))
prefix = sys.argv[1]
for n in range(200):
    store.mark_read([f"{{prefix}}-{{n}}"])
assert store.writable and not store.messages, store.messages
store.close()
"""


def test_two_processes_marking_at_once_lose_nothing(tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT), data=str(tmp_path / "data")))
    procs = [subprocess.Popen([sys.executable, str(script), prefix]) for prefix in ("one", "two")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    keys = StateStore(tmp_path / "data").read_keys()
    assert len(keys) == 400
    assert {f"one-{n}" for n in range(200)} <= keys and {f"two-{n}" for n in range(200)} <= keys


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not a database at all, just text" * 100, "not a readable state database"),
        (b"SQLite format 3\x00" + b"\x00" * 50, "not a readable state database"),
    ],
)
def test_unreadable_state_is_moved_aside(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "state.db").write_bytes(content)
    os.utime(tmp_path / "state.db", (1_000_000_000, 1_000_000_000))
    store = StateStore(tmp_path)
    assert store.writable
    assert len(store.messages) == 1 and reason in store.messages[0] and "moved it to state.db.corrupt-" in store.messages[0]
    aside = list(tmp_path.glob("state.db.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    store.mark_read(["x"])
    assert StateStore(tmp_path).read_keys() == {"x"}


def test_future_schema_is_moved_aside(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "state.db")
    conn.execute("CREATE TABLE read_marks (key TEXT PRIMARY KEY, read_at REAL)")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    store = StateStore(tmp_path)
    assert "newer Brief" in store.messages[0]
    assert list(tmp_path.glob("state.db.corrupt-*"))


def test_foreign_sqlite_database_is_moved_aside(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "state.db")
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    conn.close()
    store = StateStore(tmp_path)
    assert "not Brief's" in store.messages[0]
    assert store.read_keys() == set()


def test_marks_under_old_keys_are_moved_to_todays_keys(tmp_path: Path) -> None:
    from tui.core.session import Session

    store = StateStore(tmp_path)
    store.mark_read(["https://x.com/ann/status/1?s=20", "https://e.com/a?utm_source=x&id=3", "https://e.com/plain",
                     "https://x.com/bo/status/2/photo/1", "https://x.com/Cy/status/3"])
    store.close()
    session = Session([], None, tmp_path)
    session.open_store()
    assert session.read == {"https://x.com/ann/status/1", "https://e.com/a?id=3", "https://e.com/plain", "https://x.com/bo/status/2",
                            "https://x.com/cy/status/3"}
    session.close()
    again = StateStore(tmp_path)
    assert again.read_keys() == session.read  # moved in the store as well, once
    again.close()


def test_an_empty_state_file_is_an_empty_database_not_a_corrupt_one(tmp_path: Path) -> None:
    (tmp_path / "state.db").write_bytes(b"")  # what a full disk leaves behind
    os.utime(tmp_path / "state.db", (1_000_000_000, 1_000_000_000))
    for _run in range(3):
        store = StateStore(tmp_path)
        assert store.writable and store.messages == []
        store.close()
    assert not list(tmp_path.glob("state.db.corrupt-*")), "nothing moved aside, ever"
    store = StateStore(tmp_path)
    store.mark_read(["x"])
    assert StateStore(tmp_path).read_keys() == {"x"}


def test_a_full_disk_at_start_keeps_the_database_and_its_marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    store = StateStore(tmp_path)
    store.mark_read(["old-1", "old-2"])
    store.close()
    real_connect = sqlite3.connect

    class Full:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def execute(self, sql: str, *args: object) -> object:
            if sql.startswith(("PRAGMA journal_mode", "BEGIN")):
                raise sqlite3.OperationalError("database or disk is full")
            return self.conn.execute(sql, *args)

        def close(self) -> None:
            self.conn.close()

    def full_connect(*args: object, **kwargs: object) -> object:
        conn = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        return conn if kwargs.get("uri") else Full(conn)

    monkeypatch.setattr(sqlite3, "connect", full_connect)
    for _run in range(3):
        store = StateStore(tmp_path)
        assert not store.writable and "can't be saved" in store.messages[-1] and "full" in store.messages[-1]
        assert store.read_keys() == {"old-1", "old-2"}, "the marks are shown"
        store.mark_read(["new"])
        assert "new" in store.read_keys(), "new marks kept for the run"
        store.close()
    monkeypatch.undo()
    assert not list(tmp_path.glob("state.db.corrupt-*")), "a full disk is not a corrupt file"
    assert StateStore(tmp_path).read_keys() == {"old-1", "old-2"}, "after space is freed the marks are all there"


def test_a_folder_named_state_db_is_moved_aside(tmp_path: Path) -> None:
    (tmp_path / "state.db").mkdir()
    (tmp_path / "state.db" / "something").write_text("x")
    store = StateStore(tmp_path)
    assert store.writable, store.messages
    assert any("moved it to state.db.corrupt-" in m for m in store.messages)
    store.mark_read(["x"])
    store.close()
    assert StateStore(tmp_path).read_keys() == {"x"}
    assert (next(tmp_path.glob("state.db.corrupt-*")) / "something").read_text() == "x", "kept, not deleted"


def test_a_damaged_database_is_noticed_and_its_readable_marks_recovered(tmp_path: Path) -> None:
    import random

    store = StateStore(tmp_path)
    keys = [f"https://example.com/story/{n:05d}/" + "x" * 60 for n in range(3000)]
    store.mark_read(keys)
    store.close()
    conn = sqlite3.connect(tmp_path / "state.db")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    db = tmp_path / "state.db"
    blob = bytearray(db.read_bytes())
    page = 4096
    rng = random.Random(3)
    for at in range(page * 20 + 200, page * 20 + 1800):  # one page in the middle, the header kept
        blob[at] = rng.randrange(256)
    db.write_bytes(bytes(blob))
    damaged = sqlite3.connect(db)
    assert damaged.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    damaged.close()
    store = StateStore(tmp_path)
    assert store.writable
    assert any("it is damaged; moved it to state.db.corrupt-" in m for m in store.messages), store.messages
    recovered = [m for m in store.messages if "recovered" in m]
    assert recovered
    read = store.read_keys()
    assert 2000 < len(read) < 3000 and read <= set(keys)
    store.mark_read(["new"])
    store.close()
    assert "new" in StateStore(tmp_path).read_keys()
    assert list(tmp_path.glob("state.db.corrupt-*")), "the damaged file is kept"


@pytest.fixture
def small_mount(tmp_path: Path):
    """A 256 KB tmpfs of our own (root only: skipped elsewhere), unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the simulated full-disk and read-only tests cover the rest")
    where = tmp_path / "mnt"
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)], capture_output=True, check=False)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def _fill(folder: Path) -> None:
    try:
        with open(folder / "filler", "wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
    except OSError:
        pass


def test_a_real_full_disk_keeps_the_database_and_its_marks(small_mount: Path) -> None:
    store = StateStore(small_mount)
    store.mark_read(["old-1", "old-2"])
    store.close()
    _fill(small_mount)
    for _run in range(3):
        store = StateStore(small_mount)
        assert store.read_keys() >= {"old-1", "old-2"}
        store.mark_read([f"new-{_run}" + "x" * 2000 for _ in range(1)] + [f"n{n}-{_run}" + "y" * 500 for n in range(400)])
        assert not store.writable and any("can't be saved" in m for m in store.messages)
        store.close()
    assert not list(small_mount.glob("state.db.corrupt-*")), "a full disk is not a corrupt file"
    (small_mount / "filler").unlink()
    assert {"old-1", "old-2"} <= StateStore(small_mount).read_keys(), "after space is freed the marks are there"


def test_a_real_read_only_folder_shows_its_marks(small_mount: Path) -> None:
    store = StateStore(small_mount)
    store.mark_read(["old-1", "old-2"])
    store.close()
    done = subprocess.run(["mount", "-o", "remount,ro", str(small_mount)], capture_output=True, check=False)
    if done.returncode:
        pytest.skip("cannot remount read-only here")
    store = StateStore(small_mount)
    assert store.read_keys() == {"old-1", "old-2"}
    assert not store.writable and any("can't be saved" in m for m in store.messages)
    assert not any("could not move it aside" in m or "not a readable" in m for m in store.messages), store.messages
    store.mark_read(["new"])
    assert "new" in store.read_keys()
    store.close()


def test_marks_are_moved_to_todays_keys_once_then_starts_skip_the_look(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The look at every key for an older Brief's (~50 ms at 100,000 marks) is made once: the
    file then says its marks are under today's keys, and later starts read them as they are."""
    from tui.core.format import RULES
    from tui.core.session import Session

    store = StateStore(tmp_path)
    store.mark_read(["https://x.com/ann/status/1?s=20", "https://e.com/plain"])  # (as an older Brief left them)
    assert not store.keys_current(RULES)
    store.close()
    first = Session([], None, tmp_path)
    first.open_store()
    assert first.read == {"https://x.com/ann/status/1", "https://e.com/plain"}
    assert first.store is not None and first.store.keys_current(RULES) and not first.store.keys_current(RULES + 1)
    first.close()

    def no_look(self: Session, keys: set[str]) -> set[str]:
        raise AssertionError("every key looked at again")

    monkeypatch.setattr(Session, "_rekeyed", no_look)
    again = Session([], None, tmp_path)
    again.open_store()
    assert again.read == first.read
    again.close()


def test_read_keys_reads_text_blob_and_odd_keys_alike(tmp_path: Path) -> None:
    """Text keys are read joined in one go; a key holding NUL (no item's does) or a file name
    that is not UTF-8 (kept as a BLOB) still comes back as it went in."""
    odd = ["https://e.com/a", "", "with\x00nul", "/d/caf\udce9.md#1", "日本語のキー"]
    store = StateStore(tmp_path)
    store.mark_read(odd)
    assert store.read_keys() == set(odd)
    store.mark_unread(["with\x00nul"])
    assert store.read_keys() == set(odd) - {"with\x00nul"}
    store.close()
    assert StateStore(tmp_path).read_keys() == set(odd) - {"with\x00nul"}


@pytest.mark.parametrize("later", [False, True])
def test_a_store_opened_in_a_thread_is_the_store_opened_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, later: bool) -> None:
    """The reader's start opens the store in a thread while Textual is imported: the session
    takes that store and its marks; a thread that failed is opened again where it is asked for."""
    from tui.core.session import Session
    from tui.core.state import Opening

    store = StateStore(tmp_path)
    store.mark_read(["https://e.com/a", "https://x.com/ann/status/1?s=20"])
    store.close()
    session = Session([], None, tmp_path)
    opening = Opening(tmp_path, later=later)
    session.open_store(opening)
    assert session.read == {"https://e.com/a", "https://x.com/ann/status/1"}, "moved to today's keys as well"
    assert session.store is opening.result()[0]
    session.close()
    other = Session([], None, tmp_path / "elsewhere")
    other.open_store(Opening(tmp_path, later=later))  # (another data dir: not that one)
    assert other.read == set() and other.store is not None and other.store.path.parent == tmp_path / "elsewhere"
    other.close()

    real = StateStore.__init__
    calls: list[int] = []

    def fails_once(self: StateStore, data_dir: Path) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")
        real(self, data_dir)

    monkeypatch.setattr(StateStore, "__init__", fails_once)
    again = Session([], None, tmp_path)
    again.open_store(Opening(tmp_path, later=later))
    assert again.read == {"https://e.com/a", "https://x.com/ann/status/1"} and len(calls) == 2
    again.close()


def test_the_reader_start_opens_the_store_beside_the_imports(monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.app
    import tui.cli
    from tui.core import paths
    from tui.core.cache import names
    from tui.core.cache.prefetch import Prefetch
    from tui.core.state import Opening

    handed: list[object] = []
    monkeypatch.setattr(tui.app, "run_reader",
                        lambda paths, source, notes, opening, prefetch: handed.extend((opening, prefetch)) or 0)
    monkeypatch.setattr(tui.cli, "_on_a_terminal", lambda: True)  # (as on a terminal: the tests run without one)
    assert tui.cli._run_reader(["news"], "args", []) == 0
    opening, prefetch = handed
    assert isinstance(opening, Opening) and opening.data_dir == paths.data_dir()
    opening.result()[0].close()
    assert isinstance(prefetch, Prefetch)  # (and the index cache's head is read for the folders given)
    assert prefetch.index_file == names.index_file(paths.cache_dir(), [os.path.abspath("news")])


def test_the_store_says_which_of_some_keys_are_read(tmp_path: Path) -> None:
    """The reader's first screen asks the store about its own keys only (more than one query's
    worth of them here), text, BLOB and odd keys alike; the marks made a set later are the same."""
    odd = ["https://e.com/a", "", "/d/caf\udce9.md#1", "日本語のキー"]
    many = [f"https://e.com/{n}" for n in range(1200)]
    store = StateStore(tmp_path)
    store.mark_read(odd + many[::2])
    asked = odd + many + ["https://e.com/never", "/d/other\udce9.md#2"]
    assert store.read_among(asked) == set(odd) | set(many[::2])
    assert store.read_among([]) == set()
    later = store.read_keys_later()
    store.mark_read(["https://e.com/after"])  # (the marks were read when asked: the set is made of those)
    made = later()
    assert made == set(odd) | set(many[::2]) and later() is made
    store.close()


@pytest.fixture
def eighty(tmp_path: Path) -> Path:
    from tests.helpers import digest_text, write

    root = tmp_path / "news"
    for n in range(80):
        write(root, f"2026-01-{n // 6 + 1:02d}-{n % 6:02d}.md", digest_text(
            [f"[Story {n} a](https://e.com/{n}/a)", f"[Story {n} b](https://e.com/{n}/b)"],
            front=f"title: Digest {n}\ndate: 2026-01-{n // 6 + 1:02d}T{(n % 6) * 4:02d}:00:00+00:00"))
    return root


def test_the_reader_start_leaves_the_marks_past_its_first_screen_for_later(eighty: Path, tmp_path: Path) -> None:
    """The reader's start makes the set of every read mark only after its first frame (~20 ms
    at 100,000 marks): the first screen's marks are asked of the store, and everything past it
    sees every mark, made when first needed, rows counted before then counted again."""
    from tui.core.corpus.loading import load_library
    from tui.core.format import RULES
    from tui.core.query.filters import Filters
    from tui.core.session import Session
    from tui.core.state import Opening

    cache, data = tmp_path / "cache", tmp_path / "data"
    load_library([str(eighty)], cache).save_stories()  # (a warm start: the index cache is there)
    store = StateStore(data)
    store.mark_read(["https://e.com/79/a", "https://e.com/76/b", "https://e.com/20/a"])  # (digests 0, 3 and 59 of the list)
    store.keys_moved(RULES)  # (as a store this Brief wrote: its keys are today's)
    store.close()

    session = Session([str(eighty)], cache, data)
    session.open_store(Opening(data, later=True))
    assert session.show_cached(first_rows=5)
    view = session.view(Filters(), None)
    digests = session.library.digests
    newest, third, far = digests[0], digests[3], digests[59]
    assert (newest.title, third.title, far.title) == ("Digest 79", "Digest 76", "Digest 20")
    assert session.is_read(newest.items[0]) and not session.is_read(newest.items[1]) and session.is_read(third.items[1])
    assert [view.rows[n].unread for n in (1, 2, 4)] == [1, 2, 1]
    assert session._read_rest is not None, "the first screen needed no other marks"
    early = view.rows[60].unread  # (a row past the first screen, drawn before every mark is in)
    assert early == 2
    assert session.complete_read() and not session.complete_read()
    assert view.rows[60].unread == 1, "counted again with every mark"
    assert session.count_deferred() and view.rows[0].unread == 80 * 2 - 3
    assert session.is_read(far.items[0])
    session.close()

    again = Session([str(eighty)], cache, data)  # anything else asking for the marks makes them at once
    again.open_store(Opening(data, later=True))
    assert again.show_cached(first_rows=5)
    assert again.mark_read(["https://e.com/1/a"]) is None
    assert {"https://e.com/79/a", "https://e.com/20/a", "https://e.com/1/a"} <= again.read and again._read_rest is None
    again.close()
    assert StateStore(data).read_keys() == {"https://e.com/79/a", "https://e.com/76/b", "https://e.com/20/a", "https://e.com/1/a"}

    far_only = tmp_path / "far-only"  # no mark on the first screen: no sign that nothing is read
    store = StateStore(far_only)
    store.mark_read(["https://e.com/20/a"])
    store.keys_moved(RULES)
    store.close()
    third = Session([str(eighty)], cache, far_only)
    third.open_store(Opening(far_only, later=True))
    assert third.show_cached(first_rows=5)
    head = third.view(Filters(), None).rows[0]
    assert not head.counted and third._read_rest is not None
    assert third.complete_read() and third.count_deferred() and head.unread == 80 * 2 - 1
    third.close()
