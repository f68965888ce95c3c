"""The index head's digests made on demand (`HeadDigests`): the first screen's digests at once,
the rest when anything asks for more, one object per digest whatever asked."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tui.core.cache import index as index_cache
from tui.core.cache.head_digests import HeadDigests, place
from tui.core.corpus.loading import cached_library, load_library
from tui.core.model import Digest


def _digest(n: int) -> Digest:
    return Digest(f"/d/{n}.md", str(n), f"Digest {n}", datetime(2026, 1, 1, tzinfo=UTC), "front matter")


class _Every:
    """Makes the digests past the first, counting its calls."""

    def __init__(self, count: int) -> None:
        self.count, self.calls = count, 0

    def __call__(self, first: list[Digest]) -> list[Digest]:
        self.calls += 1
        return first + [_digest(n) for n in range(len(first), self.count)]


def _lazy(count: int = 6, first: int = 2) -> tuple[HeadDigests, _Every, list[Digest]]:
    made = [_digest(n) for n in range(first)]
    every = _Every(count)
    return HeadDigests(count, made, every), every, made


def test_the_first_digests_and_the_length_make_nothing_more() -> None:
    lazy, every, first = _lazy()
    assert len(lazy) == 6 and bool(lazy) and not lazy.complete
    assert lazy[0] is first[0] and lazy[1] is first[1]
    assert every.calls == 0 and not lazy.complete
    assert lazy[2].title == "Digest 2" and every.calls == 1 and lazy.complete  # (past the first: all made)
    assert lazy[0] is first[0]  # the first ones are kept as they are
    assert len(lazy) == 6 and every.calls == 1
    assert type(lazy).__getitem__ is list.__getitem__ and type(lazy).__len__ is list.__len__  # (an ordinary list now)
    lazy.make_all()
    assert every.calls == 1 and len(lazy) == 6


@pytest.mark.parametrize("use", [
    lambda d: [x.title for x in d],
    lambda d: [x.title for x in d[1:4]],
    lambda d: [d[-1].title],
    lambda d: [x.title for x in reversed(d)],
    lambda d: [x.title for x in sorted(d, key=lambda x: x.path)],
    lambda d: [x.title for x in [_digest(9)] + d],
    lambda d: [x.title for x in d + [_digest(9)]],
    lambda d: [x.title for x in [*d]],
    lambda d: [x.title for x in d.copy()],
    lambda d: [str(d.index(d[4])), str(d.count(d[3]))],
    lambda d: [str(sum(1 for _ in d))],
], ids=["iter", "slice", "negative", "reversed", "sorted", "plain+lazy", "lazy+plain", "star", "copy", "index", "genexpr"])
def test_everything_else_a_list_does_sees_every_digest(use: object) -> None:
    lazy, every, _first = _lazy()
    plain = [_digest(n) for n in range(6)]
    assert use(lazy) == use(plain)  # type: ignore[operator]
    assert every.calls == 1 and lazy.complete


def test_a_digest_is_found_in_the_first_ones_without_making_the_rest() -> None:
    lazy, every, first = _lazy()
    assert place(lazy, first[1]) == 1 and every.calls == 0
    assert first[0] in lazy and every.calls == 1  # (`in` makes them all)
    assert place(lazy, lazy[5]) == 5 and place(lazy, _digest(0)) is None  # by identity, not by equality
    assert place([first[0]], first[0]) == 0


def test_made_digests_are_shown_to_a_watcher_before_anyone_sees_them() -> None:
    lazy, _every, first = _lazy()
    seen: list[list[str]] = []
    lazy.watch(lambda made: seen.append([d.title for d in made]))
    assert seen == [["Digest 0", "Digest 1"]]
    list(lazy)
    assert seen == [["Digest 0", "Digest 1"], ["Digest 2", "Digest 3", "Digest 4", "Digest 5"]]
    lazy.watch(lambda made: seen.append([d.title for d in made]))  # (once made: every digest at once)
    assert len(seen[-1]) == 6


def test_many_threads_asking_at_once_make_them_once() -> None:
    lazy, every, _first = _lazy(count=2000)
    barrier = threading.Barrier(8)
    lengths: list[int] = []

    def ask() -> None:
        barrier.wait()
        lengths.append(len(list(lazy)))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert lengths == [2000] * 8 and every.calls == 1
    assert len({id(d) for d in lazy}) == 2000


@pytest.fixture
def weekly(tmp_path: Path) -> Path:
    """Twelve digests of one folder sharing a boilerplate link (hidden in every one of them)."""
    folder = tmp_path / "weekly"
    for n in range(12):
        write(folder, f"2026-01-{n + 1:02d}.md", digest_text(
            ["[Subscribe to us](https://e.com/subscribe)\nPromo.", f"[Story {n}](https://e.com/{n})", f"[More {n}](https://e.com/m{n})"],
            front=f"title: Issue {n}\ndate: 2026-01-{n + 1:02d}T08:00:00+00:00"))
    return folder


def test_a_warm_start_makes_only_the_first_digests(weekly: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_cache, "FIRST_ROWS", 3)
    cache = tmp_path / "cache"
    checked = load_library([str(weekly)], cache)
    checked.save_stories()
    quick = cached_library([str(weekly)], cache)
    assert quick is not None and isinstance(quick.digests, HeadDigests)
    assert len(quick.digests) == 12 and not quick.digests.complete
    assert [quick.digests[n].title for n in range(3)] == ["Issue 11", "Issue 10", "Issue 9"]
    assert [i.headline for i in quick.digests[0].items] == ["Story 11", "More 11"]  # boilerplate hidden in the first
    assert not quick.digests.complete and quick.spans_years is False
    assert not quick.digests.complete
    # Every digest, once asked for: as a checked load gives them, boilerplate hidden in the rest too.
    assert [(d.path, d.title, d.date, d.item_count, [i.key for i in d.items]) for d in quick.digests] == [
        (d.path, d.title, d.date, d.item_count, [i.key for i in d.items]) for d in checked.digests]
    assert quick.digests.complete
    assert [i.key for i in quick.items()] == [i.key for i in checked.items()]
    again = load_library([str(weekly)], cache, reuse=quick)
    assert again is quick and again.parsed == 0  # nothing changed: the warm library is kept


def test_a_damaged_rest_of_the_head_reads_the_files_again(weekly: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_cache, "FIRST_ROWS", 3)
    cache = tmp_path / "cache"
    load_library([str(weekly)], cache).save_stories()
    quick = cached_library([str(weekly)], cache)
    assert quick is not None and isinstance(quick.digests, HeadDigests)

    def broken(index: object, columns: object) -> list[Digest]:
        raise ValueError("columns of a Brief that wrote them wrongly")

    monkeypatch.setattr(index_cache, "_digests_of", broken)
    assert [d.title for d in quick.digests] == ["Issue 11", "Issue 10", "Issue 9"]  # (the first ones only)
    assert quick._cache is not None and quick._cache.broken
    monkeypatch.undo()
    fresh = load_library([str(weekly)], cache, reuse=quick)
    assert fresh is not quick and fresh.parsed == 12  # the cache is no good: every file read again
    assert [d.title for d in fresh.digests] == [f"Issue {n}" for n in range(11, -1, -1)]
