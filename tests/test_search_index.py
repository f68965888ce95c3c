"""The search postings (cache/search_index.py, query/found.py) find exactly what testing every
text finds, follow the files when they change, and are made again when their file is damaged."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from benchmarks.generate import make_corpus
from tests.helpers import digest_text, write
from tests.reader_helpers import loaded, make_app
from tests.test_view import reference
from tui.core.cache import names, search_blocks, search_index
from tui.core.cache.search_index import SearchIndex, index_of
from tui.core.cache.search_texts import POSTINGS_SCHEMA
from tui.core.corpus.loading import load_library
from tui.core.format.search_fold import search_fold
from tui.core.query.filters import Filters
from tui.core.query.view import ViewBuilder
from tui.widgets.item_list import NEAREST_SCAN, SAME_STORY_REACH, _nearest, _same_story

ALPHABET = ("的一是在不了有和人这中大为上个国我以要他时来用们生" "abcABCßẞſK İı ?-[]\\^.*+()&;:,，。" "\U0001f600\U0001d49c"
            + "".join(chr(c) for c in range(0x4E00, 0x4E00 + 4000, 13)))
"""CJK (common and rare), Latin with case folding traps (ß, ẞ, ſ, the Kelvin sign, dotted İ),
punctuation that means something to a regular expression, characters outside the BMP."""



def _scan(sources: list[search_index.Source], needle: str) -> list[list[bool]]:
    """The reference: the plain substring test on every text (or second text), block by block."""
    return [[needle in own or bool(extra) and needle in extra for own, extra in zip(texts, extras)]
            for _made_of, _sizes, texts, extras, _keys in sources]


def _found(index: SearchIndex, needle: str) -> list[list[bool]]:
    """What the postings find, read back from both layouts (they must agree)."""
    out = []
    for block, (one, other) in zip(index.blocks, index.find(needle)):
        by_digest, by_story = block.layouts
        in_digests = by_digest.expand(one)
        in_stories = by_story.expand(other)
        items = [bool(in_digests[by_digest.place[at]]) for at in range(block.size)]
        assert items == [bool(in_stories[by_story.place[at]]) for at in range(block.size)]
        out.append(items)
    return out


def _sources(draw_blocks: list[list[tuple[str, str, int]]], sizes: list[list[int]]) -> list[search_index.Source]:
    sources: list[search_index.Source] = []
    for number, (items, digest_sizes) in enumerate(zip(draw_blocks, sizes)):
        texts = [search_fold(raw) for raw, _extra, _key in items]
        extras = [extra.casefold() for _raw, extra, _key in items]
        keys = [f"k{key}" for _raw, _extra, key in items]
        sources.append((f"block {number}", digest_sizes, texts, extras, keys))
    return sources


@st.composite
def corpora(draw: st.DrawFn) -> tuple[list[search_index.Source], list[str]]:
    """A few blocks of random texts (second texts, repeated story keys), and needles: pieces of
    the texts (some across two neighbouring texts), single characters, anything."""
    letters = ALPHABET[: draw(st.sampled_from([4, 12, 60, len(ALPHABET)]))]  # (few letters: many near misses)
    text = st.text(alphabet=st.sampled_from(letters), max_size=40)
    blocks, sizes = [], []
    for _ in range(draw(st.integers(1, 3))):
        digest_sizes = draw(st.lists(st.integers(0, 6), min_size=1, max_size=6))
        items = [(draw(text), draw(st.sampled_from(["", "", "作者一", "Ann", letters[:3]])), draw(st.integers(0, 8)))
                 for _ in range(sum(digest_sizes))]
        blocks.append(items)
        sizes.append(digest_sizes)
    sources = _sources(blocks, sizes)
    every = [t for _made_of, _sizes, texts, extras, _keys in sources for t in (*texts, *filter(None, extras))]
    needles = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.integers(0, 3))
        if kind == 0 and every:
            at = draw(st.integers(0, len(every) - 1))
            joined = every[at] + "\x00" + (every[at + 1] if at + 1 < len(every) else "")  # (pieces across two texts too)
            start = draw(st.integers(0, len(joined)))
            needles.append(joined[start : start + draw(st.integers(1, 4))].replace("\x00", draw(st.sampled_from(["", "\x00"]))))
        elif kind == 1:
            needles.append(draw(st.sampled_from(letters)))
        else:
            needles.append(draw(st.text(alphabet=st.sampled_from(letters), min_size=1, max_size=3)))
    return sources, [needle.casefold() for needle in needles if needle]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
@example(([("block 0", [2], ["", "一是的一"], ["", ""], ["k0", "k0"]),  # (an author's name holds the needle; a block has none)
           ("block 1", [2, 6], [""] * 8, ["", "", *["作者一"] * 5, "的一是"], ["k0"] * 8)], ["的一是"]))
def test_the_postings_find_exactly_what_testing_every_text_finds(corpus: tuple[list[search_index.Source], list[str]]) -> None:
    sources, needles = corpus
    chunk, search_blocks.CHUNK = search_blocks.CHUNK, 5  # (texts coded a few at a time)
    try:
        index = index_of(sources, None, 1)
    finally:
        search_blocks.CHUNK = chunk
    for needle in needles:  # (in a row: a longer needle starts from one it contains)
        assert _found(index, needle) == _scan(sources, needle), needle
    for needle in reversed(needles):  # (and back: each one as it was)
        assert _found(index, needle) == _scan(sources, needle), needle


def test_no_needle_is_found_across_a_text_and_its_second_text() -> None:
    """Where every item's text ends as its second text begins, the pair across them is common
    yet held by none (a pair's exact bitmap keeps the two apart)."""
    texts = ["xab", "yab", "zab", "ab"] * 40
    extras = ["cd", "cd", "", "cd"] * 40
    sources = [("block", [len(texts)], texts, extras, [f"k{n}" for n in range(len(texts))])]
    index = index_of(sources, None, 1)
    for needle in ("bc", "abc", "bcd", "ab", "cd", "b", "c", "dx"):
        assert _found(index, needle) == _scan(sources, needle), needle
    assert "ab" in index.blocks[0].common and "cd" in index.blocks[0].common


def test_typing_and_deleting_letters_over_many_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Longer texts, 60 blocks: needles typed letter by letter, deleted, typed again."""
    monkeypatch.setattr(search_blocks, "CHUNK", 33)
    rng = random.Random(5)
    common = ALPHABET[:40]
    sources = []
    for number in range(60):
        sizes = [rng.randint(0, 20) for _ in range(rng.randint(1, 8))]
        texts = [search_fold("".join(rng.choice(common if rng.random() < 0.9 else ALPHABET) for _ in range(rng.randint(0, 120))))
                 for _ in range(sum(sizes))]
        extras = [rng.choice(["", "", "作者二"]) for _ in texts]
        keys = [f"k{rng.randint(0, 30)}" for _ in texts]
        sources.append((f"block {number}", sizes, texts, extras, keys))
    index = index_of(sources, None, 1)
    every = [t for _made_of, _sizes, texts, _extras, _keys in sources for t in texts if len(t) > 6]
    for _ in range(40):
        word = rng.choice(every)[rng.randrange(5) :][:5]
        for end in [*range(1, len(word) + 1), *range(len(word) - 1, 0, -1)]:
            assert _found(index, word[:end]) == _scan(sources, word[:end]), word[:end]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "corpus", 40, seed=11)


def _indexed(corpus: Path, cache: Path) -> tuple[ViewBuilder, object]:
    library = load_library([str(corpus)], cache)
    builder = ViewBuilder(library)
    builder.prepare()
    library.search.load(library.digests)
    library.assign_author_ids()
    library.search.build_index(library.digests, builder.second_text)
    builder.prepare_index()
    assert builder._whole is not None
    return builder, library


@pytest.mark.parametrize("block", [1, 3, 256])
def test_a_search_view_from_the_postings_matches_the_reference(corpus: Path, tmp_path: Path, block: int,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows, counts (unread too) and items of "All digests" and of a chosen digest, and the
    place of every item, with stories spread over many blocks."""
    from tui.core.query.found import Whole

    monkeypatch.setattr(search_blocks, "BLOCK", block)
    builder, library = _indexed(corpus, tmp_path / "cache")
    made: list[int] = []
    real = Whole.read_guards
    monkeypatch.setattr(Whole, "read_guards", lambda whole, stories: made.append(len(stories)) or real(whole, stories))
    said = block != 3  # (each mark's read version said: the guards are brought up to date, not made anew)
    rng = random.Random(block)
    sources = [item.headline for item in library.items()] + [library.author_name(item) for item in library.items()]
    read: set[str] = set()
    version = 0
    for _ in range(120):
        source = rng.choice(sources).casefold()
        at = rng.randrange(max(1, len(source)))
        needle = source[at : at + rng.randint(1, 4)] or "a"
        if rng.random() < 0.3:
            keys = [item.key for item in rng.sample(list(library.items()), 15)]
            if rng.random() < 0.75:
                read.update(keys)
            else:
                read.difference_update(keys)
            version += 1
            builder.marks_changed(keys, version if said else None)
        chosen = rng.choice([None, None, *library.digests[:8]])
        filters = Filters(search=needle)
        view = builder.build(filters, read, version, chosen)
        rows, items, index = reference(library, filters, read, chosen)
        assert [(row.digest, row.shown, row.unread) for row in view.rows] == rows, needle
        assert [id(item) for item in view.items] == [id(item) for item in items], needle
        assert view.chosen == index
        for item in list(view.items)[::3]:
            assert view.items[view.items.index(item)] is item
        listed = list(view.items)
        for keep in rng.sample(list(library.items()), 5):  # (where the story the cursor was on is listed now)
            at = rng.randrange(max(1, len(listed)))
            plain = next((index for index, item in enumerate(listed[: at + 3]) if item.key == keep.key), -1)
            assert _same_story(view.items, keep, at - SAME_STORY_REACH + 3) == plain
    assert (len(made) == 1) == said, made  # (the first marks' guards, and no more when each step is said)


@pytest.mark.parametrize("seed", range(4))
def test_every_filter_with_a_search_matches_the_reference_with_postings(corpus: Path, tmp_path: Path, seed: int,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A search with a category (from the postings too), an author, unread only, marks, chosen digests."""
    monkeypatch.setattr(search_blocks, "BLOCK", 5)
    builder, library = _indexed(corpus, tmp_path / "cache")
    rng = random.Random(seed)
    labels = sorted(library.label_counts())
    authors = sorted(library.author_counts())
    headlines = [item.headline.casefold() for item in library.items()]
    filters, chosen, read, version = Filters(), None, set(), 0
    for _ in range(60):
        action = rng.randrange(6)
        if action == 0:
            filters = Filters(rng.choice([None, *labels]), filters.authors, filters.search, filters.unread_only)
        elif action == 1:
            pick = rng.choice([None, None, rng.choice(authors)])
            filters = Filters(filters.category, frozenset({pick}) if pick else None, filters.search, filters.unread_only)
        elif action == 2:
            source = rng.choice(headlines)
            search = filters.search + source[len(filters.search) : len(filters.search) + 1] if filters.search else source[:1]
            filters = Filters(filters.category, filters.authors, "" if rng.random() < 0.2 else search, filters.unread_only)
        elif action == 3:
            filters = Filters(filters.category, filters.authors, filters.search, not filters.unread_only)
        elif action == 4:
            keys = [item.key for item in rng.sample(list(library.items()), 8)]
            read.update(keys)
            version += 1
            builder.marks_changed(keys)
        else:
            chosen = rng.choice([None, *library.digests[:10]])
        view = builder.build(filters, read, version, chosen)
        rows, items, index = reference(library, filters, read, chosen)
        assert [(row.digest, row.shown, row.unread) for row in view.rows] == rows, (filters, chosen)
        assert [id(item) for item in view.items] == [id(item) for item in items], (filters, chosen)
        assert view.chosen == index


def test_the_postings_follow_a_changed_digest(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = search_index.build_block
    monkeypatch.setattr(search_blocks, "BLOCK", 5)
    cache = tmp_path / "cache"
    builder, library = _indexed(corpus, cache)
    file = names.postings_file(library.search.file)
    first = search_index.read(file, POSTINGS_SCHEMA)
    assert len(first) == len(builder._whole.index.blocks)
    newest = Path(library.digests[0].path)
    newest.write_text(newest.read_text(encoding="utf-8").replace("1.  [", "1.  [独一无二的标题 ", 1), encoding="utf-8")
    os.utime(newest, ns=(library.digests[0].mtime_ns + 10**9,) * 2)
    made = []
    monkeypatch.setattr(search_index, "build_block", lambda *args: made.append(args) or real(*args))
    builder, library = _indexed(corpus, cache)
    assert len(made) == 1, "only the block of the changed digest is made again"
    view = builder.build(Filters(search="独一无二"), set(), 0, None)
    assert [item.headline[:4] for item in view.items] == ["独一无二"]
    again = search_index.read(file, POSTINGS_SCHEMA)
    assert len(set(again) - set(first)) == 1 and len(again) == len(first), "the file has the new block"


def test_a_damaged_postings_block_is_made_again(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_blocks, "BLOCK", 5)
    cache = tmp_path / "cache"
    schema = POSTINGS_SCHEMA
    _builder, library = _indexed(corpus, cache)
    file = names.postings_file(library.search.file)
    blocks = search_index.read(file, schema)
    assert len(blocks) == 8
    blob = bytearray(file.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    file.write_bytes(bytes(blob))
    assert len(search_index.read(file, schema)) == 7  # (the damaged one reads as missing)
    search_index._LAST.clear()  # (as in the next run: this one keeps the postings it made)
    builder, library = _indexed(corpus, cache)
    view = builder.build(Filters(search="的"), set(), 0, None)
    assert [id(i) for i in view.items] == [id(i) for i in reference(library, Filters(search="的"), set(), None)[1]]
    assert set(search_index.read(file, schema)) == set(blocks), "made again, and written"
    file.write_bytes(b"BRIEFPST" + bytes(40))  # (a header that says nothing)
    assert search_index.read(file, schema) == {}
    search_index._LAST.clear()
    builder, library = _indexed(corpus, cache)
    assert set(search_index.read(file, schema)) == set(blocks)


async def test_a_search_follows_a_digest_changed_while_it_is_shown(tmp_path: Path) -> None:
    news = tmp_path / "news"
    write(news, "2026.01.01.08.md", digest_text(["[Robot arm - Ann](https://x.com/ann/status/1)\nA robot summary.",
                                                  "[Chip news - Bob](https://example.com/chip)\nChips."],
                                                 front="title: Morning\ndate: 2026-01-01T08:00:00+00:00"))
    app = make_app(news)
    async with app.run_test(size=(120, 35)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("slash", *"robot")
        await loaded(pilot)
        assert app.session.builder._whole is not None  # (the postings, in use)
        assert [i.headline for i in screen.item_list.items] == ["Robot arm"]
        write(news, "2026.01.02.08.md", digest_text(["[Robots again - Cy](https://example.com/robots)\nMore."],
                                                     front="title: Next\ndate: 2026-01-02T08:00:00+00:00"))
        await pilot.press("enter", "r")  # (leave the box, reload as the watcher would)
        await loaded(pilot)
        assert app.session.builder._whole is not None and app.session.builder._whole.library is app.session.library
        assert [i.headline for i in screen.item_list.items] == ["Robots again", "Robot arm"]


def _nearest_reference(before: list, at: int, after: list) -> int:
    """The nearest item still listed, by a pass over every item of `after`."""
    where = {id(item): index for index, item in enumerate(after)}
    for index in [*range(at + 1, min(len(before), at + 1 + NEAREST_SCAN)), *range(at - 1, max(-1, at - 1 - NEAREST_SCAN), -1)]:
        if id(before[index]) in where:
            return where[id(before[index])]
    return 0


class _Item:
    def __init__(self, place: int) -> None:
        self.place = place


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_nearest_item_is_found_by_binary_search(data: st.DataObject) -> None:
    every = [_Item(n) for n in range(data.draw(st.integers(1, 3000)))]
    before = sorted(data.draw(st.sets(st.sampled_from(every), min_size=1)), key=lambda item: item.place)
    after = sorted(data.draw(st.sets(st.sampled_from(every))), key=lambda item: item.place)
    at = data.draw(st.integers(0, len(before) - 1))
    got = _nearest(before, at, after, lambda item: (0, item.place))  # type: ignore[arg-type, return-value]
    assert got == _nearest_reference(before, at, after)
