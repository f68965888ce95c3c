"""The first run's caches: what the workers hand back is what the cache files keep."""

from __future__ import annotations

import marshal
import os
import sys
import threading
import zlib
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tui.core.cache import checked_file, indexer, names, search_texts_file
from tui.core.corpus.loading import load_library
from tui.core.format.parser import read_file
from tui.core.format.search_fold import fold


def _folder(root: Path, count: int) -> Path:
    for n in range(count):
        write(root, f"2026.01.{n % 28 + 1:02d}.{n:04d}.md", digest_text(
            [f"[Story {n} 中文 - Ann](https://e.com/{n})", f"[Other **{n}** - Bo](https://x.com/bo/status/{n})"],
            front=f"title: Day {n}"))
    return root


def _folded(library: object) -> list[str | None]:
    library.search.load(library.digests)  # type: ignore[attr-defined]
    return [item.folded for item in library.items()]  # type: ignore[attr-defined]


def test_a_first_run_keeps_every_items_search_text_as_utf8(tmp_path: Path, isolated: dict[str, Path]) -> None:
    root = _folder(tmp_path / "news", 6)
    library = load_library([str(root)], isolated["cache"])
    assert library.search.file is not None
    stored = search_texts_file.read(library.search.file)
    assert sorted(stored) == sorted(d.path for d in library.digests)
    assert all(type(entry[2]) is bytes for entry in stored.values())
    again = load_library([str(root)], isolated["cache"])
    assert again.parsed == 0
    texts = _folded(again)
    assert texts == [text for d in again.digests for text in read_file(d.path, summaries=False).search_texts]
    assert "story 0 中文" in " ".join(t or "" for t in texts)


@pytest.mark.parametrize("damage", ["older schema", "damaged texts"])
def test_search_texts_of_another_schema_or_damaged_are_made_again(tmp_path: Path, isolated: dict[str, Path],
                                                               damage: str) -> None:
    root = _folder(tmp_path / "news", 4)
    first = load_library([str(root)], isolated["cache"])
    made_again = [fold(i.headline, i.author, i.handle, first.summaries(i.digest)[i.file_place]) for i in first.items()]
    file = names.search_file(names.index_file(isolated["cache"], [str(root)]))
    stored = search_texts_file.read(file)
    if damage == "older schema":  # (schema 1 kept each digest's texts as a str)
        old = {path: (m, s, blob.decode("utf-8")) for path, (m, s, blob) in stored.items()}
        checked_file.write(file, search_texts_file.MAGIC, 1, old)
    else:
        blob = bytearray(file.read_bytes())
        blob[-5] ^= 0xFF  # inside the last digest's texts
        file.write_bytes(bytes(blob))
    again = load_library([str(root)], isolated["cache"])
    texts = _folded(again)
    assert texts == made_again  # made again from the files
    rewritten = search_texts_file.read(file)
    assert sorted(rewritten) == sorted(stored) and all(type(entry[2]) is bytes for entry in rewritten.values())


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_hand_back_the_items_blob_the_cache_file_keeps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               method: str) -> None:
    paths = [str(p) for p in sorted(_folder(tmp_path / "news", 5).rglob("*.md"))]
    monkeypatch.setattr(indexer, "PARALLEL_MIN", 2)
    monkeypatch.setattr(indexer, "CHUNK", 2)
    monkeypatch.setenv("BRIEF_WORKERS", "2")
    monkeypatch.setattr(indexer, "_start_method", lambda: method)
    started: list[ProcessPoolExecutor] = []
    real_start = indexer._start_pool

    def start(workers: int) -> tuple[ProcessPoolExecutor, list[Future[int]]]:
        pool, starting = real_start(workers)
        started.append(pool)
        assert len(starting) == workers  # (one small task each: spawned workers start together)
        return pool, starting

    here: list[str] = []
    real_one = indexer.index_one

    def one(path: str) -> indexer.Result:
        here.append(path)  # (in this process: a forked worker's calls are counted in its own copy)
        return real_one(path)

    monkeypatch.setattr(indexer, "_start_pool", start)
    monkeypatch.setattr(indexer, "index_one", one)
    parallel = list(indexer.index_files(paths))
    assert len(started) == 1 and started[0]._mp_context.get_start_method() == method
    assert here == paths[:2]  # this process parsed the first chunk while the workers started; they, the rest
    monkeypatch.setattr(indexer, "index_one", real_one)
    monkeypatch.setenv("BRIEF_WORKERS", "1")
    assert parallel == list(indexer.index_files(paths))
    for path, record, texts, problem, _lasting in parallel:
        assert record is not None and problem is None and type(texts) is bytes
        blob, crc = record[8], record[9]
        packed, layout = marshal.loads(blob)
        assert zlib.crc32(blob) == crc and len(packed) == 6 and (layout is None or type(layout) is tuple)
        assert "Story" in packed[0] and path.endswith(".md")


def _learned_pair_by_pair(pairs: list[tuple[str | None, str | None]]) -> tuple[dict[str, dict[str, int]], ...]:
    """What the author book learned before it counted distinct pairs (the reference)."""
    names: dict[str, dict[str, int]] = {}
    spellings: dict[str, dict[str, int]] = {}
    by_name: dict[str, set[str]] = {}
    loose: list[str] = []
    for handle, author in pairs:
        if handle:
            ident = "@" + handle.lower()
            spellings.setdefault(ident, {}).setdefault(handle, 0)
            spellings[ident][handle] += 1
            if author:
                names.setdefault(ident, {}).setdefault(author, 0)
                names[ident][author] += 1
                by_name.setdefault(author.casefold(), set()).add(ident)
        elif author:
            loose.append(author)
    for author in loose:
        handles = by_name.get(author.casefold())
        ident = next(iter(handles)) if handles and len(handles) == 1 else "name:" + author.casefold()
        names.setdefault(ident, {}).setdefault(author, 0)
        names[ident][author] += 1
    return names, spellings


def test_the_author_book_counts_distinct_pairs_as_it_counted_each() -> None:
    import random

    from tui.core.corpus.authors import AuthorBook

    rng = random.Random(7)
    handles = [None, "", "Ann", "ann", "ANN", "bo", "Cy"]
    authors = [None, "", "Ann", "ann lee", "Ann Lee", "Bo", "宝玉", "Cy", "cy"]
    for _ in range(200):
        pairs = [(rng.choice(handles), rng.choice(authors)) for _ in range(rng.randrange(1, 40))]
        book = AuthorBook()
        book.learn(iter(pairs))
        names, spellings = book.to_state()
        expected_names, expected_spellings = _learned_pair_by_pair(pairs)
        assert list(names.items()) == list(expected_names.items())  # (dict order too: ties go by it)
        assert {k: list(v.items()) for k, v in names.items()} == {k: list(v.items()) for k, v in expected_names.items()}
        assert {k: list(v.items()) for k, v in spellings.items()} == {
            k: list(v.items()) for k, v in expected_spellings.items()}


def test_the_search_texts_file_reads_back_what_was_written_or_nothing(tmp_path: Path) -> None:
    file = tmp_path / "search.bin"
    entries = {f"/n/{n}.md": (n, 10 * n, f"text {n} 中文\x00second".encode()) for n in range(50)}
    entries["/n/empty.md"] = (1, 2, b"")
    search_texts_file.write(file, entries)
    assert search_texts_file.read(file) == entries
    whole = file.read_bytes()
    for broken in (whole[:-1], whole[: len(whole) // 2], whole + b"x", b"", whole[:20]):
        file.write_bytes(broken)
        assert search_texts_file.read(file) == {}
    assert search_texts_file.read(tmp_path / "missing.bin") == {}


def test_a_file_is_read_whole_and_one_that_grew_past_the_limit_is_skipped(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from tui.core.format import parser
    from tui.core.format.decoding import SkipFile

    text = digest_text([f"[Story {n} - Ann](https://e.com/{n})" for n in range(40)])
    path = write(tmp_path, "2026.01.01.md", text)
    assert len(parser.read_file(str(path)).digest.items) == 40
    with open(path, "rb", buffering=0) as handle:
        assert parser._read_capped(handle, 10) == text.encode()  # (fstat said less: it grew, read on)
        handle.seek(0)
        monkeypatch.setattr(parser, "MAX_FILE_SIZE", 100)
        assert len(parser._read_capped(handle, 10)) == 101  # (never more than the limit and one byte)
    real = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((*real(fd)[:6], 10, *real(fd)[7:])))
    with pytest.raises(SkipFile, match="grew past"):
        parser.read_file(str(path))


def test_a_first_run_writes_the_search_texts_while_it_parses(tmp_path: Path, isolated: dict[str, Path],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = _folder(tmp_path / "news", 6)
    added: list[str] = []
    real_add = search_texts_file.Writer.add
    monkeypatch.setattr(search_texts_file.Writer, "add", lambda self, path, *rest: added.append(path) or real_add(self, path, *rest))
    library = load_library([str(root)], isolated["cache"])
    assert sorted(added) == sorted(d.path for d in library.digests)
    assert library.search._blobs == {}, "none held for a write at the end"
    assert library.search.file is not None
    assert sorted(search_texts_file.read(library.search.file)) == sorted(added)
    assert not [p for p in library.search.file.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_first_run_that_fails_leaves_no_search_texts(tmp_path: Path, isolated: dict[str, Path],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.cache import index as index_cache

    root = _folder(tmp_path / "news", 6)
    calls = []

    def failing(path: str, record: object) -> object:
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(path, record)

    real = index_cache.decode
    monkeypatch.setattr(index_cache, "decode", failing)
    with pytest.raises(KeyboardInterrupt):
        load_library([str(root)], isolated["cache"])
    file = names.search_file(names.index_file(isolated["cache"], [str(root)]))
    assert not file.exists()
    assert not [p for p in file.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("fails", ["to start", "while writing"])
def test_search_texts_that_cannot_be_written_are_no_error(tmp_path: Path, isolated: dict[str, Path],
                                                          monkeypatch: pytest.MonkeyPatch, fails: str) -> None:
    import tempfile

    root = _folder(tmp_path / "news", 6)
    if fails == "to start":
        def refused(*args: object, **kwargs: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(tempfile, "mkstemp", refused)
        library = load_library([str(root)], isolated["cache"])
    else:
        real_add = search_texts_file.Writer.add

        def full(self: search_texts_file.Writer, path: str, *rest: object) -> None:
            if self._paths and self._handle is not None:
                self._handle.close()  # (the next write fails)
            real_add(self, path, *rest)  # type: ignore[arg-type]

        monkeypatch.setattr(search_texts_file.Writer, "add", full)
        library = load_library([str(root)], isolated["cache"])
    assert len(library.digests) == 6 and library.problems == []
    file = names.search_file(names.index_file(isolated["cache"], [str(root)]))
    assert not file.exists()
    assert not file.parent.exists() or not [p for p in file.parent.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    again = load_library([str(root)], isolated["cache"])
    assert len(_folded(again)) == 12  # (made from the files when a search needs them)


def test_workers_are_forked_only_in_a_process_running_no_other_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert indexer._start_method() == "fork"  # (the command line's first run)
    monkeypatch.setattr(threading, "active_count", lambda: 3)
    assert indexer._start_method() == "spawn"  # (the reader: its threads may hold locks a fork would copy)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert indexer._start_method() == "spawn"


def test_indexing_finishes_in_process_when_a_worker_dies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [str(p) for p in sorted(_folder(tmp_path / "news", 9).rglob("*.md"))]
    monkeypatch.setattr(indexer, "PARALLEL_MIN", 2)
    monkeypatch.setattr(indexer, "CHUNK", 2)
    monkeypatch.setenv("BRIEF_WORKERS", "2")
    monkeypatch.setattr(indexer, "_start_method", lambda: "fork")  # (the workers get the dying stand-in)
    parent = os.getpid()
    real_one = indexer.index_one

    here: list[str] = []

    def dying(path: str) -> indexer.Result:
        if os.getpid() != parent:
            if path == paths[5]:
                os._exit(3)  # a worker killed mid-way (out of memory, a crash in a library)
        else:
            here.append(path)
        return real_one(path)

    monkeypatch.setattr(indexer, "index_one", dying)
    results = list(indexer.index_files(paths))
    assert [result[0] for result in results] == paths  # every file once, in order
    assert paths[5] in here and here[:2] == paths[:2]  # the dead worker's chunk was parsed here
    assert all(result[1] is not None and result[3] is None for result in results)
