"""The incremental view builder agrees with a plain recomputation after any filter and mark."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from benchmarks.generate import make_corpus
from tui.core.corpus.library import Library
from tui.core.corpus.loading import load_library
from tui.core.model import Digest
from tui.core.query.filters import Filters, matcher
from tui.core.query.folding import fold_by_key
from tui.core.query.view import ViewBuilder


def reference(lib: Library, filters: Filters, read: set[str], chosen: Digest | None):
    test = matcher(lib, filters, read)
    rows = []
    matched_all = []
    for digest in lib.digests:
        matched = [i for i in digest.items if test(i)] if filters.active else list(digest.items)
        if filters.active and not matched:
            continue
        rows.append((digest, len(matched), len({i.key for i in matched} - read)))  # items as listed; unread stories (rule 7)
        matched_all.extend(matched)
    everything = list(fold_by_key(matched_all))
    head = (None, len(everything), len({i.key for i in everything} - read))
    rows.insert(0, head)
    for index, row in enumerate(rows):
        if chosen is not None and row[0] is chosen:
            return rows, [i for i in matched_all if i.digest is chosen], index
    return rows, everything, 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"), 60, seed=3)


@pytest.fixture
def library(corpus: Path, tmp_path: Path) -> Library:
    """A library of its own for each test: numbering its items (prepare) is for good."""
    lib = load_library([str(corpus)], tmp_path / "cache")
    lib.search.load(lib.digests)
    return lib


def test_labels_are_folded_later_within_a_budget(library: Library) -> None:
    """The reader's worker folds the most used labels' items once the library is ready (choosing
    one then only filters), within a budget of item references."""
    builder = ViewBuilder(library)
    builder.prepare(budget=0)
    assert set(builder._folds) == {None}
    whole = sum(len(part) for part in builder._folds[None])
    builder.fold_labels(budget=whole + 1)  # (no label's lists fit)
    assert set(builder._folds) == {None}
    builder.fold_labels(budget=10**9)
    labels = {label for digest in library.digests for label in digest.labels()}
    assert set(builder._folds) == {None} | labels
    for label in labels:
        matched, fold = builder._folds[label]
        assert fold == fold_by_key(matched)
        assert list(builder._fold_numbers[label]) == [item.story for item in fold]  # (for its count, once marks are read)
    read = {item.key for item in list(library.items())[::3]}
    builder.read_ahead(read, 7)  # (the worker, once idle: which stories are read)
    assert builder._read_flags_of is not None and builder._read_flags_of[0] == 7
    for label in sorted(labels)[:4]:
        rows, _items, _chosen = reference(library, Filters(category=label), read, None)
        head = builder.build(Filters(category=label), read, 7, None).rows[0]
        assert (head.shown, head.unread) == rows[0][1:]


@pytest.mark.parametrize("seed", range(9))
def test_builder_matches_reference_through_random_steps(library: Library, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    if seed % 2:  # half the runs narrow authors by the stories' author tokens first
        import tui.core.query.view

        library.save_stories()  # the stories at hand, as after a warm start
        monkeypatch.setattr(tui.core.query.view, "AUTHOR_PREFILTER_MIN", 0)
    rng = random.Random(seed)
    builder = ViewBuilder(library)
    if seed % 3 == 0:  # a third as after the background preparation: story numbers, lazy folds
        builder.prepare()
    elif seed == 4:  # as after it with no label folded at first, every label folded later (`fold_labels`)
        builder.prepare(budget=0)
        builder.fold_labels(budget=10**9)
    read: set[str] = set()
    version = 0
    labels = sorted(library.label_counts())
    authors = sorted(library.author_counts())
    texts = [item.headline for item in library.items()]
    filters = Filters()
    chosen = None
    for _step in range(60):
        action = rng.randrange(7)
        if action == 0:
            filters = Filters(rng.choice([None, *labels]), filters.authors, filters.search, filters.unread_only)
        elif action == 1:
            pick = rng.choice([None, rng.choice(authors)])
            filters = Filters(filters.category, frozenset({pick}) if pick else None, filters.search, filters.unread_only)
        elif action == 2:  # type a search one character at a time, or clear it
            if filters.search and rng.random() < 0.3:
                search = ""
            else:
                source = rng.choice(texts).casefold()
                search = filters.search + source[len(filters.search) : len(filters.search) + 1] if filters.search else source[:1]
            filters = Filters(filters.category, filters.authors, search, filters.unread_only)
        elif action == 3:
            filters = Filters(filters.category, filters.authors, filters.search, not filters.unread_only)
        elif action == 4:
            keys = [item.key for item in rng.sample(list(library.items()), 5)]
            if rng.random() < 0.7:
                read.update(keys)
            else:
                read.difference_update(keys)
            version += 1
            # Half the runs say the version each mark makes: the read numbers are then brought up
            # to date from the last ones and the keys marked since, not made anew.
            builder.marks_changed(keys, version if seed % 2 == 0 else None)
        elif action == 5:
            chosen = rng.choice([None, *library.digests[:20]])
        else:
            filters = Filters()
        view = builder.build(filters, read, version, chosen)
        rows, items, index = reference(library, filters, read, chosen)
        assert [(r.digest, r.shown, r.unread) for r in view.rows] == rows, (filters, chosen)
        assert [id(i) for i in view.items] == [id(i) for i in items]
        assert view.chosen == index


def test_items_are_unpacked_once_when_threads_race(tmp_path: Path) -> None:
    import threading

    folder = make_corpus(tmp_path / "corpus", 40, seed=5)
    load_library([str(folder)], tmp_path / "cache")
    lib = load_library([str(folder)], tmp_path / "cache")  # warm: every digest still packed
    seen: list[list[int]] = []
    start = threading.Barrier(4)

    def unpack() -> None:
        start.wait()
        seen.append([id(digest.items) for digest in lib.digests] + [len(digest.keys()) for digest in lib.digests])

    threads = [threading.Thread(target=unpack) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4 and all(ids == seen[0] for ids in seen)


def test_stories_agree_with_the_items(library: Library, tmp_path: Path) -> None:
    from tui.core.corpus.stories import author_token, make_stories
    from tui.core.query import folding
    from tui.core.query.folding import FoldItems

    stories = make_stories(library.digests)
    everything = list(fold_by_key(library.items()))
    assert list(FoldItems(library.digests, stories)) == everything
    assert stories.keys == [item.key for item in everything]
    for number, digest in enumerate(library.digests):
        assert [stories.keys[s] for s in stories.of_digest(number)] == [item.key for item in digest.items]
    folded = FoldItems(library.digests, stories)
    for item in everything[::7]:
        assert folded[folded.index(item)] is item
    for token in {t for item in library.items() for t in author_token(item.handle, item.author)}:
        expected = [n for n, d in enumerate(library.digests)
                    if any(token in author_token(i.handle, i.author) for i in d.items)]
        assert stories.digests_by({token}) == expected
    read = {item.key for item in everything[::3]} | {"not-a-story"}
    assert stories.numbers(read) == {stories.keys.index(k) for k in read if k != "not-a-story"}
    unnumbered = Library(digests=library.digests)
    every = folding.scan_carriers(unnumbered)  # the reference
    some = list(library.items())[::5]
    assert folding.carriers(unnumbered, some) == {item.key: every[item.key] for item in some}  # no stories: a scan
    fresh = Library(digests=library.digests)
    fresh._stories = stories
    for item in library.items():  # by the items' places in the stories (one item: the stories' own scan)
        assert folding.first_seen(fresh, item) is folding.first_seen(unnumbered, item, every)
        assert folding.also_in(fresh, item) == folding.also_in(unnumbered, item, every)
    numbered = Library(digests=library.digests)
    numbered._stories = make_stories(library.digests)
    assert numbered.number_stories() == len(stories) and numbered.numbered
    carriers = every
    for item in library.items():
        assert folding.first_seen(numbered, item) is folding.first_seen(unnumbered, item, carriers)
        assert folding.also_in(numbered, item) == folding.also_in(unnumbered, item, carriers)
        assert folding.is_repeat(numbered, item) == (folding.first_seen(unnumbered, item, carriers) is not item.digest)
    changed = [item.key for item in everything[::9]]
    assert sorted(id(d) for d in folding.digests_carrying(numbered, changed)) == sorted(
        id(d) for key in changed for d in carriers[key])
    assert sorted(id(d) for d in folding.digests_carrying(unnumbered, changed)) == sorted(
        id(d) for key in changed for d in carriers[key])
    some = list(library.items())[::11]
    for library_ in (fresh, numbered):
        assert folding.carriers(library_, some) == {item.key: carriers[item.key] for item in some}
    assert list(folding.LazyFold(list(library.items()), len(stories), len(everything))) == everything
    assert folding.fold_stories(list(library.items()), len(stories)) == everything


def test_every_labels_digests_listed_at_once_are_those_a_scan_finds(library: Library) -> None:
    """`index_labels` (the background preparation's) lists each label's digests, newest first,
    as a scan of every digest does; a label on no digest has none."""
    builder = ViewBuilder(library)
    scanned = {label.casefold(): [d for d in library.digests if label.casefold() in {x.casefold() for x in d.labels()}]
               for label in library.label_counts()}
    builder.index_labels()
    assert {label: builder._digests_of(label) for label in scanned} == scanned
    assert builder._digests_of("no such label") == []
    view = builder.build(Filters(category="no such label"), set(), 0, None)
    assert len(view.rows) == 1 and view.rows[0].shown == 0


@pytest.mark.parametrize("prepared", [False, True])
def test_unread_only_keeps_what_was_just_read_listed_and_counted_read(library: Library, prepared: bool) -> None:
    """"Unread only" with keys read while the view was shown (`keep`): they stay listed (shown)
    but count as read, over the whole list and a label's, whether its rows are counted item by
    item or from the story numbers' read flags (after the background preparation)."""
    builder = ViewBuilder(library)
    if prepared:
        builder.prepare()
    items = list(library.items())
    read = {item.key for item in items[::4]}
    keep = frozenset(item.key for item in items[::12])  # (read ones, every third of them)
    label = sorted(library.label_counts())[0]
    for version, category in enumerate([None, label, None, label], start=1):
        filters = Filters(category=category, unread_only=True)
        view = builder.build(filters, read, version, None, keep=keep)
        listed, _items, _index = reference(library, filters, read - keep, None)
        shown_as_unread, _, _ = reference(library, filters, read, None)
        assert [(r.digest, r.shown) for r in view.rows] == [(digest, shown) for digest, shown, _unread in listed]
        assert view.rows[0].unread == shown_as_unread[0][1]  # (the kept ones count as read)
        assert [r.unread for r in view.rows[1:]] == [  # each digest's: its kept items read
            len({i.key for i in digest.items if i.key not in read or i.key in keep} - read) for digest in view.rows.digests]
        assert [id(i) for i in view.items] == [id(i) for i in _items]


@pytest.mark.parametrize("numbers", [[], [3], [0, 5, 5, 2], list(range(40))[::-1]])
def test_gatherer_gives_a_flag_for_each_number_in_order(numbers: list[int]) -> None:
    from tui.core.query.view import gatherer

    flags = bytearray(i % 3 == 0 for i in range(41))
    assert bytes(gatherer(numbers)(flags)) == bytes(flags[n] for n in numbers)
    assert list(gatherer(numbers)(bytes(flags))) == [flags[n] for n in numbers]


def test_unread_only_again_after_the_marks_are_completed_counts_them(library: Library) -> None:
    """The last "unread only" is kept for toggling the filter off and on again; the rest of the
    read marks arriving (`marks_completed`, the same read version) is no toggle: they count."""
    builder = ViewBuilder(library)
    builder.prepare()
    items = list(library.items())
    read = {item.key for item in items[::7]}  # (the first screen's marks)
    label = sorted(library.label_counts())[0]
    for category in (None, label):
        only = Filters(category=category, unread_only=True)
        first = builder.build(only, read, 1, None)
        assert [(r.digest, r.shown, r.unread) for r in first.rows] == reference(library, only, read, None)[0]
        builder.build(Filters(category=category), read, 1, None)
        again = builder.build(only, read, 1, None)  # (toggled back: the kept one, the same list)
        assert [(r.digest, r.shown, r.unread) for r in again.rows] == reference(library, only, read, None)[0]
    read.update(item.key for item in items[::5])  # (the rest of the marks, read in place)
    builder.marks_completed(0)
    for category in (label, None):  # (the label's first: its "unread only" is the one kept)
        builder.build(Filters(category=category), read, 1, None)
        only = Filters(category=category, unread_only=True)
        view = builder.build(only, read, 1, None)
        rows, listed, _index = reference(library, only, read, None)
        assert [(r.digest, r.shown, r.unread) for r in view.rows] == rows
        assert [id(i) for i in view.items] == [id(i) for i in listed]


def test_unread_only_with_nothing_read_lists_every_item(library: Library) -> None:
    builder = ViewBuilder(library)
    builder.prepare()
    only = Filters(unread_only=True)
    view = builder.build(only, set(), 1, None)
    rows, listed, _index = reference(library, only, set(), None)
    assert [(r.digest, r.shown, r.unread) for r in view.rows] == rows
    assert [id(i) for i in view.items] == [id(i) for i in listed]


@pytest.mark.parametrize("bound", [10_000, 4])
def test_read_flags_follow_each_mark_without_a_pass_over_every_read_story(
        library: Library, bound: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a mark whose keys are said, the read flags ("All digests", "unread only") are the
    last ones with those keys' stories set, not made again from every read story; past the bound
    on keys marked since, or after a step not said, they are made anew. Either way they are the
    flags of the marks, and the counts the reference's."""
    import tui.core.query.view

    monkeypatch.setattr(tui.core.query.view, "MAX_MARKED_SINCE", bound)
    builder = ViewBuilder(library)
    builder.prepare()
    items = list(library.items())
    read = {item.key for item in items[::2]}
    version = 1
    builder.build(Filters(), read, version, None)
    stories = library.stories
    real = builder.read_stories
    passes: list[int] = []

    def read_stories(keys: set[str], read_version: int) -> set[int]:
        passes.append(read_version)  # (the read story numbers asked for: the flags made from them)
        return real(keys, read_version)

    monkeypatch.setattr(builder, "read_stories", read_stories)
    rng = random.Random(bound)
    for step in range(24):
        keys = [item.key for item in rng.sample(items, 3)]
        if step % 3:
            read.update(keys)
        else:
            read.difference_update(keys)
        version += 1
        builder.marks_changed(keys, version if step != 20 else None)
        only = Filters(unread_only=step % 2 == 1)
        view = builder.build(only, read, version, None)
        assert [(r.digest, r.shown, r.unread) for r in view.rows] == reference(library, only, read, None)[0]
        fresh = bytearray(len(stories.keys))
        for number in stories.numbers(read):
            fresh[number] = 1
        assert builder.read_flags(read, version) == fresh
    if bound > 100:
        assert passes == [22]  # (only after the step not said)
    else:
        assert len(passes) > 4  # (every few marks: more keys than the bound since the numbers were made)


def test_the_pickers_sort_names_with_numbers_as_people_do(tmp_path: Path) -> None:
    """With equal counts the author picker listed Author10, Author11, Author12 before Author2."""
    from tests.helpers import digest_text, write
    from tui.core.session import Session

    root = tmp_path / "news"
    write(root, "2026.01.01.08.md", digest_text([f"[Story {n} - Author{n}](https://e.com/{n})" for n in (10, 2, 1, 12, 11)],
                                                front="title: Day\ndate: 2026-01-01T08:00:00+00:00\n"
                                                      "categories: [Part 10, Part 9]"))
    session = Session([str(root)], tmp_path / "cache", tmp_path / "data")
    session.library = load_library([str(root)], tmp_path / "cache")
    assert [c.label for c in session.author_choices()] == ["Author1", "Author2", "Author10", "Author11", "Author12"]
    assert [c.label for c in session.category_choices()] == ["Part 9", "Part 10"]
    assert session.chips(Filters(category="Part 9")) == ["category: Part 9"]
    write(root, "2026.01.02.08.md", digest_text(["[Tagged - Ann](https://e.com/t)"],
                                                front="title: Day\ndate: 2026-01-02T08:00:00+00:00\ntags: [智能体]"))
    session.library = load_library([str(root)], tmp_path / "cache")
    assert session.chips(Filters(category="智能体")) == ["tag: 智能体"], "the top bar called a tag a category"
