"""Hostile input: bad files beside good ones, text that must stay data, links, state and cache."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import digest_text, write
from tui.core import display
from tui.core.corpus.loading import load_library
from tui.core.display import for_display
from tui.core.format.parser import parse_text, read_file
from tui.core.state import StateStore

ROOT = Path(__file__).resolve().parent.parent
GOOD = digest_text(["[Good one - Ann](https://example.com/1)\nFine.", "[Good two](https://example.com/2)\nAlso fine."],
                   front="title: Good\ndate: 2026-01-01T08:00:00+00:00")


def nested_yaml(depth: int) -> str:
    return "---\nx: " + "[" * depth + "]" * depth + "\n---\n1. [Item](https://example.com/n)\n"


BILLION_LAUGHS = "---\n" + "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
) + "\ntitle: bomb\n---\n1. [Item](https://example.com/b)\n"

BAD_FILES: dict[str, bytes] = {
    "noise.md": bytes(range(0x80, 0x100)) * 8,  # (bytes that are not UTF-8 and few controls: read, no items)
    "invalid-utf8.md": b"1. [Caf\xe9 \xff\xfe](https://example.com/u)\n",
    "utf16.md": "1. [UTF-16 item](https://example.com/16)\n".encode("utf-16"),
    "nul-bytes.md": b"1. [Nul\x00 item](https://example.com/nul)\n\n    Sum\x00mary\n",
    "image.md": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    "empty.md": b"",
    "front-only.md": b"---\ntitle: Only front matter\n---\n",
    "unterminated.md": b"---\ntitle: never closed\n\n1. [Still an item](https://example.com/open)\n",
    "yaml-syntax.md": b"---\ntitle: [unclosed\ncategories: {\n---\n1. [Item](https://example.com/y)\n",
    "yaml-python.md": b"---\nx: !!python/object/apply:os.system ['touch /tmp/brief-pwned']\n---\n1. [Item](https://example.com/p)\n",
    "yaml-bomb.md": BILLION_LAUGHS.encode(),
    "yaml-deep.md": nested_yaml(30_000).encode(),
    "date-type.md": b"---\ndate: [1, 2]\n---\n1. [Item](https://example.com/d1)\n",
    "date-impossible.md": b"---\ndate: 2025-02-30T25:61:00\n---\n1. [Item](https://example.com/d2)\n",
    "categories-number.md": b"---\ncategories: 42\n---\n1. [Item](https://example.com/c1)\n",
    "categories-mapping.md": b"---\ncategories: {a: 1}\n---\n1. [Item](https://example.com/c2)\n",
    "toml-broken.md": b"+++\ntitle = \n+++\n1. [Item](https://example.com/t)\n",
    "crlf-bom-mixed.md": b"\xef\xbb\xbf---\r\ntitle: Mixed\r\n---\n1. [One](https://example.com/m1)\r\n\r2. [Two](https://example.com/m2)\n",
}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    write(folder, "good.md", GOOD)
    for name, content in BAD_FILES.items():
        write(folder, name, content)
    big = folder / "huge.md"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    write(folder, "long-line.md", "1. [Long line](https://example.com/long)\n\n    " + "长" * (1024 * 1024 // 3) + "\n")
    many = "".join(f"{n}. [Item {n}](https://example.com/many/{n})\n" for n in range(1, 10_001))
    write(folder, "ten-thousand.md", many)
    deep = "1. [Deep](https://example.com/deep)\n\n" + "".join("    " + "  " * d + "- level\n" for d in range(400))
    write(folder, "deep-lists.md", deep)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    return folder


def test_bad_files_beside_good_ones(hostile: Path, isolated: dict[str, Path]) -> None:
    start = time.perf_counter()
    lib = load_library([str(hostile)], isolated["cache"])
    elapsed = time.perf_counter() - start
    assert elapsed < 30  # bounded: the bomb, the deep YAML and the 50 MB file are refused quickly
    stems = {d.stem for d in lib.digests}
    assert "good" in stems
    read_anyway = {"invalid-utf8", "utf16", "nul-bytes", "unterminated", "yaml-syntax", "yaml-python",
                   "yaml-bomb", "yaml-deep", "date-type", "date-impossible", "categories-number", "categories-mapping",
                   "toml-broken", "crlf-bom-mixed", "long-line", "ten-thousand", "deep-lists"}
    assert read_anyway <= stems
    reasons = {Path(p.path).name: p.reason for p in lib.problems}
    assert "not a text file" in reasons["image.md"]
    assert reasons["empty.md"] == "no items" and reasons["front-only.md"] == "no items"  # not digests (FORMAT 3b)
    assert reasons["noise.md"] == ("not valid UTF-8 (first bad byte at offset 0); bad bytes shown as �; no items in it"), (
        "bytes that are no text are warned of (FORMAT 1), though they give no items")
    assert "front-only" not in stems
    assert "over the 5 MB limit" in reasons["huge.md"]
    assert "UTF-8" in reasons["invalid-utf8.md"]
    assert "UTF-16" in reasons["utf16.md"]
    assert "NUL" in reasons["nul-bytes.md"]
    assert "never closed" in reasons["unterminated.md"]
    assert "not valid YAML" in reasons["yaml-syntax.md"] and "not valid YAML" in reasons["yaml-python.md"]
    assert "alias" in reasons["yaml-bomb.md"]
    assert "nests" in reasons["yaml-deep.md"]
    assert "not a valid date" in reasons["date-type.md"] and "not a valid date" in reasons["date-impossible.md"]
    assert "categories" in reasons["categories-number.md"] and "categories" in reasons["categories-mapping.md"]
    assert "not valid TOML" in reasons["toml-broken.md"]
    assert not os.path.exists("/tmp/brief-pwned")
    by_stem = {d.stem: d for d in lib.digests}
    assert len(by_stem["ten-thousand"].items) == 10_000
    assert [i.headline for i in by_stem["crlf-bom-mixed"].items] == ["One", "Two"]
    assert by_stem["crlf-bom-mixed"].title == "Mixed"
    assert by_stem["utf16"].items[0].headline == "UTF-16 item"
    assert "\x00" not in by_stem["nul-bytes"].items[0].headline


def test_a_file_nested_too_deeply_is_named_without_python_words(tmp_path: Path, isolated: dict[str, Path]) -> None:
    write(tmp_path, "deep.md", "---\ntitle: deep\n---\n\n1. " + "> " * 2000 + "x\n\n- [next](https://e.com/next)\n")
    write(tmp_path, "fine.md", digest_text(["[Fine](https://e.com/f)"]))
    # 600 quotes deep is read (which blocks hold a link is worked out as the events come, not by recursion)
    write(tmp_path, "deepish.md", "---\ntitle: deepish\n---\n\n1. " + "> " * 600 + "x\n\n- [next](https://e.com/next)\n")
    lib = load_library([str(tmp_path)], isolated["cache"])
    by_stem = {d.stem: d for d in lib.digests}
    assert sorted(by_stem) == ["deepish", "fine"]
    assert [(i.headline, i.url) for i in by_stem["deepish"].items] == [("x", None), ("next", "https://e.com/next")]
    (problem,) = [p for p in lib.problems if p.path.endswith("deep.md")]
    assert problem.reason.startswith("nested too deeply to read") and "Error" not in problem.reason


def test_cli_lists_bad_files_on_stderr_and_exits_0(hostile: Path) -> None:
    from tests.conftest import run_brief

    done = run_brief("--list", str(hostile))
    assert done.returncode == 0
    assert "Traceback" not in done.stderr
    assert "image.md: not a text file" in done.stderr
    assert "good.md" in done.stdout


def test_unreadable_file_is_reported(tmp_path: Path, isolated: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "good.md", GOOD)
    secret = write(tmp_path, "secret.md", GOOD)
    real_open = open

    def guarded(path, *args, **kwargs):
        if str(path) == str(secret):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded)
    monkeypatch.setenv("BRIEF_WORKERS", "1")
    lib = load_library([str(tmp_path)], isolated["cache"])
    assert [d.stem for d in lib.digests] == ["good"]
    assert any(p.reason == "cannot read: Permission denied" for p in lib.problems)


def test_file_deleted_or_rewritten_between_scan_and_read(tmp_path: Path, isolated: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.corpus import discovery as discover_module

    write(tmp_path, "good.md", GOOD)
    gone = write(tmp_path, "gone.md", GOOD)
    changed = write(tmp_path, "changed.md", GOOD)
    real = discover_module.discover

    def racing(paths: list[str]):
        found = real(paths)
        if gone.exists():
            gone.unlink()
            changed.write_text(digest_text(["[Rewritten](https://example.com/r)"], front="title: Rewritten"))
        return found

    monkeypatch.setattr("tui.core.corpus.loading.discover", racing)
    lib = load_library([str(tmp_path)], isolated["cache"])
    titles = {d.stem: d.title for d in lib.digests}
    assert titles["good"] == "Good" and titles["changed"] == "Rewritten"
    assert any(Path(p.path).name == "gone.md" and "No such file" in p.reason for p in lib.problems)
    again = load_library([str(tmp_path)], isolated["cache"])
    assert {d.stem: d.title for d in again.digests}["changed"] == "Rewritten"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_never_raise(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    path = write(folder, "x.md", data)
    try:
        parsed = read_file(str(path))
    except Exception as exc:  # noqa: BLE001
        from tui.core.format.parser import SkipFile

        assert isinstance(exc, SkipFile), repr(exc)
        return
    for number, item in enumerate(parsed.digest.items, start=1):
        assert item.number == number and item.key
        assert "\x00" not in item.headline


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_any_text_keeps_invariants(text: str) -> None:
    parsed = parse_text(text, "/x/2026-01-01.md")
    digest = parsed.digest
    assert digest.date.tzinfo is not None
    assert len(parsed.summaries) == len(digest.items)
    keys = [item.key for item in digest.items]
    assert all(keys)
    for item in digest.items:
        assert item.digest is digest
        if item.url is None:
            assert item.key.startswith("nolink:")


# --- text is data ---------------------------------------------------------------------------

HOSTILE_TEXT = [
    "[bold]x[/]", "[/]", "[link=https://evil.example]y[/link]", "[@click=app.quit]quit[/]",
    "\x1b[31mred\x1b[0m", "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "\x1b]52;c;aGVsbG8=\x07",
    "\x1b[?2004h", "\x07bell", "back\x08space", "carriage\rreturn", "\u202eevil\u202c", "zero\u200bwidth",
    "e\u0301\u0301", "宽字符🤗", "\x9b31m",
]
RAW_CONTROLS = ["\x1b", "\x07", "\x08", "\x9b", "\u202e", "\u200b"]


def test_one_line_neutralises_every_control() -> None:
    for text in HOSTILE_TEXT:
        shown = display.one_line(text)
        assert not any(ch in shown for ch in RAW_CONTROLS + ["\r", "\n"]), repr(text)
    assert display.one_line("[bold]x[/]") == "[bold]x[/]"
    assert display.one_line("e\u0301") == "e\u0301"  # combining marks are kept


def test_json_escapes_controls_and_bidi() -> None:
    out = display.dumps({"h": "a\x1b\x9b\u202eb"})
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    import json

    assert json.loads(out) == {"h": "a\x1b\x9b\u202eb"}


@pytest.fixture
def hostile_digest(tmp_path: Path) -> Path:
    items = [f"[{text} - {text}](https://example.com/h{n})\n{text} in the summary." for n, text in enumerate(HOSTILE_TEXT)]
    write(tmp_path, "h.md", digest_text(items, front='title: "[bold]T\\x1b[31m"\ncategories: ["[red]c[/]"]'))
    return tmp_path


def test_list_table_and_plain_output_hold_no_controls(hostile_digest: Path) -> None:
    from tests.conftest import run_brief

    for args in (["--list"], ["--items"], ["--items", "--json"]):
        done = run_brief(*args, str(hostile_digest))
        assert done.returncode == 0
        assert not any(ch in done.stdout for ch in RAW_CONTROLS), args
    done = run_brief("--items", str(hostile_digest))
    assert "[@click=app.quit]quit[/]" in done.stdout


async def test_reader_renders_hostile_text_literally(hostile_digest: Path) -> None:
    import html
    import re

    from tests.reader_helpers import loaded, make_app

    app = make_app(hostile_digest)
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        seen = []
        for _ in range(len(HOSTILE_TEXT)):
            await app.workers.wait_for_complete()
            await pilot.pause()
            svg = app.export_screenshot()
            seen.append(html.unescape(" ".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " "))
            await pilot.press("j")
        screen_text = "\n".join(seen)
        assert not any(ch in screen_text for ch in RAW_CONTROLS)
        assert "[@click=app.quit]quit[/]" in screen_text  # shown, not acted on
        assert "[bold]x[/]" in screen_text and "[link=https://evil.example]y[/link]" in screen_text
        assert app.is_running


# --- links ----------------------------------------------------------------------------------


def test_summary_links_show_their_real_host() -> None:
    text, markdown = for_display("See [https://good.example](https://evil.example/x) and [post](https://blog.example.org/p).")
    assert markdown
    assert "[https://good.example (evil.example)](https://evil.example/x)" in text
    assert "[post (blog.example.org)](https://blog.example.org/p)" in text
    same, _ = for_display("[example.com page](https://example.com/p)")
    assert same == "[example.com page](https://example.com/p)"
    bracketed, _ = for_display("* [Why `Vec<T>` is not `Box<[T]>`](https://example.org/vec) and [a [b [c]]](https://e.net/x)")
    assert "[Why `Vec<T>` is not `Box<[T]>` (example.org)](https://example.org/vec)" in bracketed, "brackets in the text"
    assert "[a [b [c]] (e.net)](https://e.net/x)" in bracketed
    hidden, _ = for_display("[https://good.example [1]](https://evil.example/x)")
    assert "(evil.example)" in hidden, "brackets do not hide where a link goes"


def test_huge_or_deep_summaries_are_bounded() -> None:
    text, markdown = for_display("x" * 100_000)
    assert len(text) < 21_000 and markdown
    deep = "\n".join("  " * d + "- level" for d in range(200))
    text, markdown = for_display(deep)
    assert not markdown


async def test_hanging_browser_never_freezes_the_reader(tmp_path: Path) -> None:
    import threading

    from tests.reader_helpers import loaded, make_app

    write(tmp_path, "d.md", GOOD)
    release = threading.Event()

    def hanging(url: str) -> bool:
        release.wait(10)
        return True

    app = make_app(tmp_path)
    app.browser = hanging
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "o")
        started = time.perf_counter()
        await pilot.press("j", "j")
        await pilot.pause()
        assert time.perf_counter() - started < 2
        assert app.screen.item_list.cursor == 1
        release.set()
        await app.workers.wait_for_complete()


# --- state and cache ------------------------------------------------------------------------

KILLED_WRITER = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from tui.core.state import StateStore
store = StateStore(Path({data!r}))
n = 0
while True:
    key = f"{{sys.argv[1]}}-{{n}}"
    store.mark_read([key])
    print(key, flush=True)
    n += 1
"""


def test_sigkill_while_marking_loses_no_committed_mark(tmp_path: Path) -> None:
    data = tmp_path / "data"
    script = tmp_path / "writer.py"
    script.write_text(KILLED_WRITER.format(root=str(ROOT), data=str(data)))
    committed: set[str] = set()
    for round_ in range(50):
        proc = subprocess.Popen([sys.executable, str(script), f"r{round_}"], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()  # at least one mark committed
        time.sleep(0.002 * (round_ % 10))
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read().split()
        proc.wait()
        committed.update([first, *rest])
    store = StateStore(data)
    assert store.messages == []
    assert committed <= store.read_keys()
    conn = sqlite3.connect(data / "state.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_truncated_state_is_moved_aside(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.mark_read([f"k{n}" for n in range(2000)])
    store.close()
    db = tmp_path / "state.db"
    for side in ("state.db-wal", "state.db-shm"):
        (tmp_path / side).unlink(missing_ok=True)
    blob = db.read_bytes()
    db.write_bytes(blob[: len(blob) // 3])
    store = StateStore(tmp_path)
    assert store.messages and "moved it to state.db.corrupt-" in store.messages[0]
    store.mark_read(["fresh"])
    assert StateStore(tmp_path).read_keys() == {"fresh"}


def test_unwritable_data_dir_keeps_marks_in_memory(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the data folder should be")
    store = StateStore(blocked / "brief")
    assert not store.writable
    assert "can't be saved" in store.messages[0]
    store.mark_read(["a"])
    assert store.read_keys() == {"a"} and store.is_read("a")


def test_full_disk_keeps_marks_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = StateStore(tmp_path)
    store.mark_read(["before"])

    class FullConnection:
        def __init__(self, real: sqlite3.Connection) -> None:
            self.real = real

        def execute(self, sql: str, *args: object):
            if sql.startswith("BEGIN"):
                raise sqlite3.OperationalError("database or disk is full")
            return self.real.execute(sql, *args)

        def close(self) -> None:
            self.real.close()

    store._conn = FullConnection(store._conn)  # type: ignore[assignment]
    store.mark_read(["after"])
    assert not store.writable and "disk is full" in store.messages[-1]
    assert {"before", "after"} <= store.read_keys()


class _FillingConnection:
    """A connection whose disk fills up and empties again (`full`)."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real
        self.full = True

    def execute(self, sql: str, *args: object):  # type: ignore[no-untyped-def]
        if self.full and sql.startswith("BEGIN"):
            raise sqlite3.OperationalError("database or disk is full")
        return self.real.execute(sql, *args)

    def executemany(self, sql: str, *args: object):  # type: ignore[no-untyped-def]
        return self.real.executemany(sql, *args)

    def close(self) -> None:
        self.real.close()


def test_marks_kept_after_a_failed_write_are_saved_once_writing_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core import state

    store = StateStore(tmp_path)
    store.mark_read(["before", "kept"])
    disk = _FillingConnection(store._conn)  # type: ignore[arg-type]
    store._conn = disk  # type: ignore[assignment]
    store.mark_read(["after"])
    store.mark_unread(["before"])
    store.mark_read(["again"])
    assert not store.writable and store.unsaved == 2
    assert len([m for m in store.messages if "can't be saved" in m]) == 1, "said once"
    assert not store.retry(), "the disk is still full"
    disk.full = False
    store.mark_read(["soon"])  # (within a minute of the failure: not tried yet)
    assert not store.writable
    monkeypatch.setattr(state, "RETRY_AFTER", 0.0)
    store.mark_read(["later"])  # (a minute on: tried, and it works)
    assert store.writable and store.unsaved == 0
    assert "saved again" in store.messages[-1] and "4 kept in memory" in store.messages[-1]
    assert StateStore(tmp_path).read_keys() == {"kept", "after", "again", "soon", "later"}, "the unmark is saved too"


@pytest.mark.parametrize("replaced_by", ["nothing", "a folder", "another state file"])
def test_a_state_file_removed_or_replaced_while_brief_runs_keeps_every_mark(tmp_path: Path, replaced_by: str) -> None:
    store = StateStore(tmp_path)
    store.mark_read(["a", "b"])
    for name in ("state.db", "state.db-wal", "state.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    if replaced_by == "a folder":
        (tmp_path / "state.db").mkdir()
    elif replaced_by == "another state file":
        other = StateStore(tmp_path)
        other.mark_read(["theirs"])
        other.close()
    store.mark_read(["c"])
    assert store.writable and store.unsaved == 0
    assert "was removed or replaced while Brief ran; the read marks it held (2) are in the file there now" in store.messages[-1]
    store.mark_unread(["b"])
    store.close()
    kept = {"a", "c", "theirs"} if replaced_by == "another state file" else {"a", "c"}
    assert StateStore(tmp_path).read_keys() == kept
    if replaced_by == "a folder":
        assert any(path.name.startswith("state.db.corrupt-") and path.is_dir() for path in tmp_path.iterdir()), "moved aside"


def test_quitting_saves_what_a_full_disk_kept_in_memory(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    disk = _FillingConnection(store._conn)  # type: ignore[arg-type]
    store._conn = disk  # type: ignore[assignment]
    store.mark_read(["a"])
    assert store.unsaved == 1
    disk.full = False
    store.close()
    assert store.unsaved == 0
    assert StateStore(tmp_path).read_keys() == {"a"}


async def test_the_reader_tells_a_failed_save_at_the_next_mark_and_saving_again_at_a_reload(
        tmp_path: Path, isolated: dict[str, Path]) -> None:
    from tests.reader_helpers import loaded, make_app, notes_after

    write(tmp_path / "news", "d.md", GOOD)
    app = make_app(tmp_path / "news")
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        store = app.session.store
        assert store is not None
        disk = _FillingConnection(store._conn)  # type: ignore[arg-type]
        store._conn = disk  # type: ignore[assignment]
        store._degrade("writing arrivals failed (database or disk is full)")  # (as a worker's write would fail)
        said = await notes_after(pilot, "tab", "m")
        assert len([m for m in said if "can't be saved" in m]) == 1, said
        assert not any("can't be saved" in note for note in await notes_after(pilot, "j", "m")), "said once"
        disk.full = False
        await pilot.press("r")
        for _ in range(50):
            await pilot.pause(0.05)
            if store.writable:
                break
        await pilot.pause(0.2)
        assert store.writable and store.unsaved == 0
        assert any("saved again" in n.message for n in app._notifications)
    assert len(StateStore(isolated["data"] / "brief").read_keys()) == 2


def test_read_only_database_keeps_its_marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = StateStore(tmp_path)
    store.mark_read(["old"])
    store.close()
    real = StateStore._connect

    def readonly(self: StateStore) -> sqlite3.Connection:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(StateStore, "_connect", readonly)
    store = StateStore(tmp_path)
    assert not store.writable and "can't be saved" in store.messages[0]
    assert store.read_keys() == {"old"}
    assert store.unsaved == 0  # (a mark the file holds is no mark lost)
    store.mark_read(["new", "old"])
    store.mark_read(["newer"])
    store.mark_unread(["newer"])
    assert store.unsaved == 1
    monkeypatch.setattr(StateStore, "_connect", real)


async def test_reader_says_marks_cannot_be_saved(tmp_path: Path, isolated: dict[str, Path]) -> None:
    from tests.reader_helpers import loaded, make_app

    write(tmp_path / "news", "d.md", GOOD)
    (isolated["data"]).mkdir(parents=True, exist_ok=True)
    (isolated["data"] / "brief").write_text("a file, not a folder")
    app = make_app(tmp_path / "news")
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert any("can't be saved" in n.message for n in app._notifications)
        await pilot.press("tab", "m")
        assert "https://example.com/1" in app.session.read


def test_cli_unexpected_error_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tui import cli

    def boom(*args: object, **kwargs: object) -> int:
        raise RuntimeError("simulated in \x1b[31mred\x1b[0m.md\nsecond line")

    monkeypatch.setattr("tui.commands.run", boom)
    write(tmp_path, "d.md", GOOD)
    code = cli.main(["--list", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 70
    assert err.startswith("brief: unexpected error: RuntimeError: simulated") and "Traceback" not in err
    assert "\x1b" not in err and err.count("\n") == 1, "a file name in the error is text: no escape reaches the terminal"


async def test_cold_index_in_worker_processes_under_the_reader(tmp_path: Path, isolated: dict[str, Path]) -> None:
    """Many new files: parsed in worker processes even with Textual owning the terminal."""
    from tests.reader_helpers import loaded, make_app
    from tui.core.cache import indexer

    folder = tmp_path / "many"
    for n in range(indexer.PARALLEL_MIN + 50):
        write(folder, f"2026-01-{n:04d}.md", digest_text([f"[Story {n}](https://example.com/{n})"], front=f"title: D{n}"))
    app = make_app(folder)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        assert app.is_running
        assert len(app.session.library.digests) == indexer.PARALLEL_MIN + 50
        assert app.session.library.parsed == indexer.PARALLEL_MIN + 50


def test_indexing_falls_back_when_workers_cannot_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.cache import indexer

    def broken(workers: int):
        raise ValueError("bad value(s) in fds_to_keep")

    monkeypatch.setattr(indexer, "_start_pool", broken)
    monkeypatch.setattr(indexer, "PARALLEL_MIN", 2)
    monkeypatch.setenv("BRIEF_WORKERS", "2")
    paths = [str(write(tmp_path, f"d{n}.md", GOOD)) for n in range(5)]
    results = list(indexer.index_files(paths))
    assert [r[0] for r in results] == paths and all(r[1] is not None for r in results)


def test_giant_headline_is_cut() -> None:
    parsed = parse_text("1. [" + "长" * 100_000 + " - " + "名" * 5000 + "](https://example.com/g)\n", "/x/g.md")
    item = parsed.digest.items[0]
    assert len(item.headline) <= 1001 and item.headline.endswith("…")
    assert item.author is not None and len(item.author) <= 201


def test_rich_tables_on_a_terminal_show_hostile_text_literally(hostile_digest: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from tui import cli, commands

    monkeypatch.setattr(commands, "_tty", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    for args in (["--list"], ["--items"]):
        assert cli.main([*args, str(hostile_digest)]) == 0
        out = capsys.readouterr().out
        assert not any(ch in out for ch in RAW_CONTROLS), args
    assert "[@click=app.quit]quit[/]" in out
    import re

    from rich.cells import cell_len

    stamp = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}|no date")  # (the hostile digest has no date of its own)
    rows = [line for line in out.splitlines() if stamp.search(line)]
    assert len(rows) == len(HOSTILE_TEXT)
    assert len({cell_len(line[: stamp.search(line).start()]) for line in rows}) == 1  # columns stay aligned


def test_summaries_cut_by_layout_equal_a_full_parse(hostile: Path, isolated: dict[str, Path]) -> None:
    from tui.core.format.parser import read_file
    from tui.core.format.summaries import cut_summaries

    sample = Path(__file__).resolve().parent.parent / "sample_data"
    write(hostile, "tabs-crlf.md", "---\r\ntitle: T\r\n---\r\n\r\n1. [A - X](https://e.com/a)\r\n\tSummary **one**\r\n\r\n"
          "   continued\r\n2. [B](https://e.com/b)\r\n    - nested\r\n      - deeper\r\n\r\n    last\r\n")
    write(hostile, "bom.md", "\ufeff1. [C](https://e.com/c)\n    Sum C\n10. [D](https://e.com/d)\n    Sum D\n")
    lib = load_library([str(hostile), str(sample)], isolated["cache"])
    again = load_library([str(hostile), str(sample)], isolated["cache"])  # from the cache: layouts from blobs
    assert again.parsed == 0
    checked = 0
    for digest in again.digests:
        digest.items  # noqa: B018 - reads the layout with the items
        assert (digest.layout is not None) == (digest.form == "main")  # (the block reader keeps no layout)
        if digest.layout is None:
            continue
        cut = cut_summaries(digest.path, digest.mtime_ns, digest.size, digest.layout)
        assert cut == read_file(digest.path).summaries, digest.path
        checked += 1
    assert checked >= 10 and len(lib.digests) >= 12
    first = next(d for d in again.digests if d.path.startswith(str(hostile)) and d.layout is not None)
    os.utime(first.path, ns=(1, 1))  # the file is no longer the one indexed: cut nothing
    assert cut_summaries(first.path, first.mtime_ns, first.size, first.layout) is None


@pytest.mark.parametrize("flags", [["--list"], ["--items"], ["--items", "--json"], ["--list", "--json"]])
def test_a_file_name_that_is_not_utf8_is_shown_with_replacements(tmp_path: Path, flags: list[str]) -> None:
    import os
    import subprocess
    import sys

    folder = tmp_path / "names"
    folder.mkdir()
    bad = os.fsencode(folder) + b"/2026.05.01.08 \xff\xfe\x9b.md"
    with open(bad, "wb") as handle:
        handle.write(b"---\ntitle: Bad name\ndate: 2026-05-01T08:00:00+00:00\n---\n\n1. [Story - Ann](https://e.com/s)\n")
    (folder / "2026.05.02.08.md").write_text("---\ntitle: Good\n---\n\n1. [Other - Bob](https://e.com/o)\n", encoding="utf-8")
    env = {**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "", "PYTHONIOENCODING": "utf-8:strict"}  # (strict as en_US.UTF-8 is, where it is installed)
    done = subprocess.run([sys.executable, "-m", "tui", *flags, str(folder)], capture_output=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    out.decode("utf-8")  # valid UTF-8: no raw bytes of the name
    assert b"\xff" not in out and b"\xc2\x9b" not in out and b"\x9b" not in out
    names = (b"Good", b"Bad name") if "--list" in flags else (b"Other", b"Story")
    assert all(name in out for name in names), "both files are read"
    if "--json" in flags:
        import json

        json.loads(out)


async def test_an_item_with_no_headline_shows_a_placeholder(tmp_path: Path, isolated: dict[str, Path]) -> None:
    from tests.reader_helpers import loaded, make_app
    from tui.screens.reader import ReaderScreen

    folder = tmp_path / "blank"
    folder.mkdir()
    (folder / "2026.01.01.08.md").write_text(
        "---\ntitle: T\ndate: 2026-01-01T08:00:00+00:00\n---\n\n1. [](https://e.com/x)\n2. [\u200b](https://e.com/y)\n"
        "3. [B - Ann](https://e.com/b)\n", encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        rows = ["".join(s.text for s in screen.item_list.render_line(y)) for y in range(3)]
        assert "(no headline)" in rows[0] and "(no headline)" in rows[1] and "(no headline)" not in rows[2]
        assert str(screen.detail.query_one("#detail-head").render()).startswith("(no headline)")


def test_a_fifo_given_as_a_path_is_skipped_with_a_message(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "2026.01.01.08.md").write_text("---\ntitle: Good\n---\n\n1. [A - Ann](https://e.com/a)\n", encoding="utf-8")
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CACHE_HOME": str(tmp_path / "c"),
           "XDG_CONFIG_HOME": str(tmp_path / "f")}
    done = subprocess.run([sys.executable, "-m", "tui", "--list", str(fifo), str(folder)], capture_output=True,
                          text=True, env=env, timeout=20, check=False)
    assert done.returncode == 0
    assert "Good" in done.stdout
    assert "not a regular file" in done.stderr and "pipe.md" in done.stderr


def test_a_symlink_to_a_digest_of_the_library_is_read_once(tmp_path: Path, isolated: dict[str, Path]) -> None:
    from tui.core.corpus.loading import load_library

    folder = tmp_path / "news"
    (folder / "a").mkdir(parents=True)
    real = folder / "a" / "2026.01.01.08.md"
    real.write_text("---\ntitle: Good\n---\n\n1. [A - Ann](https://e.com/a)\n", encoding="utf-8")
    (folder / "0-link.md").symlink_to(real)
    (folder / "z-link.md").symlink_to(real)
    library = load_library([str(folder)], isolated["cache"])
    assert [digest.path for digest in library.digests] == [str(real)]


async def test_a_summary_link_reaches_the_browser_as_written(tmp_path: Path, isolated: dict[str, Path]) -> None:
    from tests.reader_helpers import FakeBrowser, loaded, make_app
    from tui.widgets.summary import SummaryView

    folder = tmp_path / "links"
    folder.mkdir()
    (folder / "2026.01.01.08.md").write_text(
        "---\ntitle: T\ndate: 2026-01-01T08:00:00+00:00\n---\n\n1. [A - Ann](https://e.com/a)\n"
        "   See [the flag](https://example.com/%2D%2Dflag) and <https://example.com/%41%42>.\n", encoding="utf-8")
    browser = FakeBrowser()
    app = make_app(folder, browser)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        summary = app.screen.detail.query_one(SummaryView)
        actions = _clickable(summary)
        assert actions == ["link('https://example.com/%2D%2Dflag')", "link('https://example.com/%41%42')"]
        for action in actions:
            await summary.run_action(action)  # what a click on it runs
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert browser.urls == ["https://example.com/%2D%2Dflag", "https://example.com/%41%42"]


def test_entities_that_decode_to_controls_are_cleaned_before_rendering() -> None:
    from tui.core.display import REPLACEMENT, for_display

    text, _markdown = for_display("evil &#x202E;txt.exe &#8238; &#x1B;[31m &#xE0041; and &amp; &lt;b&gt; &copy;")
    assert "&#x202E;" not in text and "&#8238;" not in text and "&#x1B;" not in text and "&#xE0041;" not in text
    assert text.count(REPLACEMENT) == 4
    assert "&amp; &lt;b&gt; &copy;" in text, "harmless entities are left to the renderer"


def test_a_look_alike_host_is_shown_in_punycode_and_marked() -> None:
    from tui.core.format.links import display_host

    assert display_host("https://x.c\u03bfm/status/1") == "x.xn--cm-jbc (x.c\u03bfm) ⚠ mixed scripts"
    assert display_host("https://bücher.de/") == "xn--bcher-kva.de (bücher.de)"
    assert display_host("https://例子.测试/") == "xn--fsqu00a.xn--0zwm56d (例子.测试)"
    assert display_host("https://X.com/a") == "x.com"


def test_a_link_that_will_not_open_is_not_drawn_as_one() -> None:
    from datetime import datetime

    from tui.core.corpus.library import Library
    from tui.core.model import Digest, Item
    from tui.widgets.detail import describe

    digest = Digest(path="/x/a.md", stem="a", title="T", date=datetime(2026, 1, 1, tzinfo=UTC),
                    date_source="front matter")
    for url, clickable in [("javascript:alert(1)", False), ("file:///etc/passwd", False), ("https://e.com/a", True)]:
        item = Item(number=1, headline="H", author=None, handle=None, url=url, key=url, digest=digest)
        head = describe(item, Library(), False, None, []).head
        underlined = [span for span in head.spans if "underline" in str(span.style)]
        assert bool(underlined) is clickable, url
        if not clickable:
            assert "not opened" in head.plain


def _clickable(root) -> list[str]:
    """The links a summary or the document view draws as links (the `@click` actions of its text)."""
    from textual.style import Style
    from textual.widgets._markdown import MarkdownBlock

    from tui.widgets.document_text import DocumentText
    from tui.widgets.summary import SummaryView

    if isinstance(root, SummaryView):
        assert root._summary is not None
        contents = list(root._summary._contents)
    elif isinstance(root, DocumentText):
        assert root._visual is not None
        contents = list(root._visual._contents)
    else:
        contents = [block._content for block in root.query(MarkdownBlock)]
    found = []
    for content in contents:
        for span in content.spans:
            style = span.style
            if isinstance(style, Style) and "@click" in style.meta:
                found.append(style.meta["@click"])
    return found


async def test_summary_links_are_drawn_as_markdown_it_reads_the_file(tmp_path: Path) -> None:
    # a data: link must not look clickable any more than javascript: (markdown-it keeps data:image
    # links); a target with a control in it is no link, and the � it is shown as must not make one
    from tests.reader_helpers import document_loaded, loaded, make_app
    from tui.widgets.summary import SummaryView

    summary = ("[img](data:image/png;base64,AAAA) ![pic](data:image/gif;base64,R0lG) [js](javascript:alert(1))"
               " [esc](https://e.com/in\x1bside) [ok](https://e.com/ok)")
    write(tmp_path, "2026.01.01.08.md", digest_text([f"[Item - A](https://e.com/item)\n{summary}"]))
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = app.screen.detail.query_one(SummaryView)
        assert _clickable(shown) == ["link('https://e.com/in')", "link('https://e.com/ok')"]
        assert "\x1b" not in shown.shown and "\ufffd" in shown.shown
        await pilot.press("v")
        await document_loaded(pilot)
        document = app.screen.body
        assert _clickable(document) == ["link('https://e.com/item')", "link('https://e.com/in')", "link('https://e.com/ok')"]
    text, markdown = for_display("\n".join("  " * depth + "- \x1b[31m" for depth in range(60)))
    assert not markdown and "\x1b" not in text  # (too deep to render: plain text, made safe here)


def test_quitting_the_reader_with_marks_not_saved_says_so(tmp_path: Path, isolated: dict[str, Path],
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    # the notification is gone once the reader is: what was not saved is said on stderr at exit, as --open says it
    from tui import app as app_module

    write(tmp_path / "news", "d.md", GOOD)
    isolated["data"].mkdir(parents=True, exist_ok=True)
    (isolated["data"] / "brief").write_text("a file, not a folder")
    marked: list[bool] = []

    def run(self: app_module.BriefApp) -> None:  # (what a session of reading does to the store)
        self.session.open_store()
        if marked:
            self.session.mark_read(["https://example.com/1", "https://example.com/2"])

    monkeypatch.setattr(app_module.BriefApp, "run", run)
    assert app_module.run_reader([str(tmp_path / "news")], "paths", []) == 0  # nothing marked: nothing lost
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(app_module.BriefApp, "return_code", property(lambda self: 1))  # (it crashed: Textual said so)
    assert app_module.run_reader([str(tmp_path / "news")], "paths", []) == 1
    monkeypatch.setattr(app_module.BriefApp, "return_code", property(lambda self: None))
    marked.append(True)
    assert app_module.run_reader([str(tmp_path / "news")], "paths", []) == 1
    err = capsys.readouterr().err
    assert err.startswith("brief: 2 read marks of this session were not saved, and are lost: cannot create the data folder")
    assert "kept in memory" not in err, "nothing is kept once the reader is gone"


def test_names_with_controls_stay_out_of_terminal_tables_and_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # a digest's stem is its file name: in the --items table (its ref) and in a REF's error it is data too
    # (found in tmux: ESC and C1 reached the terminal in C.UTF-8, and surrogates crashed --items in en_US.UTF-8)
    import os

    from tui import cli, commands

    folder = tmp_path / "names"
    folder.mkdir()
    for name in (b"esc-\x1b[31m-one-2026-01-12.md", b"c1-\xc2\x9b-utf8-2026-01-11.md", b"c1-\x9b-raw-2026-01-10.md",
                 b"\xfe\xff-2026-01-09.md"):
        with open(os.fsencode(folder) + b"/" + name, "wb") as handle:
            handle.write(b"1.  [Untitled - U](https://e.com/" + str(len(name)).encode() + b")\n")
    monkeypatch.setattr(commands, "_tty", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    for args in (["--items"], ["--list"], ["--open", "c1#1", "--open", "esc#5", "--print"], ["--items", "--digest", "c1"]):
        cli.main([*args, str(folder)])
        out, err = capsys.readouterr()
        for text in (out, err):
            assert not any(ch in text for ch in [*RAW_CONTROLS, "\xc2\x9b"]), (args, text)
            assert not any("\ud800" <= ch <= "\udfff" for ch in text), (args, text)
    monkeypatch.setattr(commands, "_tty", lambda: False)  # (tab-separated: the references as a script reads them)
    cli.main(["--items", str(folder)])
    printed = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert "esc-�[31m-one-2026-01-12#1" in printed
    for ref in printed:  # (each reference --items prints, --open takes back: its controls shown as �)
        assert cli.main(["--open", ref, "--print", str(folder)]) == 0, ref
        assert capsys.readouterr().out.startswith("https://e.com/"), ref


def test_names_that_are_not_utf8_are_kept_in_the_state(tmp_path: Path) -> None:
    # a mark's key holds the file name of an item with no link; arrivals and visits hold paths:
    # SQLite takes no lone surrogates (UnicodeEncodeError), so they are kept as the bytes they are
    key, path, root = "nolink:\udcff\udcfe:Head", "/d/\udcff\udcfe.md", "/d\udc9b"
    store = StateStore(tmp_path)
    store.mark_read([key, "https://e.com/a"])
    store.add_arrivals({path: 5.0}, [root], 7.0)
    store.end_visit([root], 9.0)
    assert store.writable and store.unsaved == 0
    store.close()
    store = StateStore(tmp_path)
    assert store.read_keys() == {key, "https://e.com/a"} and store.is_read(key)
    assert store.arrivals() == {path: 5.0} and store.visits() == {root: (7.0, 9.0)}
    store.mark_unread([key])
    assert store.read_keys() == {"https://e.com/a"}
    store.close()


async def test_the_reader_starts_on_a_folder_with_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    import os

    from tests.reader_helpers import loaded, make_app

    folder = tmp_path / "names"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/\xff\xfe-2026-01-01.md", "wb") as handle:
        handle.write(b"1.  No link here\n\n    s\n\n2.  [Linked - A](https://e.com/l)\n")
    app = make_app(folder)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "m", "j", "m")  # (the item with no link: its key holds the name)
        await pilot.pause()
        assert len(app.session.read) == 2
        assert app.is_running
    assert app.return_code in (0, None)
