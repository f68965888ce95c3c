"""FORMAT.md section 4 and the library: keys, repeats, author identity, discovery, index cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tui.core.cache import index as index_cache
from tui.core.cache.names import index_file
from tui.core.corpus.loading import load_library
from tui.core.format.links import canonical_key, key_and_handle, refuse_reason, x_handle
from tui.core.query import folding
from tui.core.query.filters import Filters, filter_items
from tui.core.query.folding import fold_by_key


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("http://www.Example.COM/a/b/?utm_source=x&id=3&utm_medium=y#frag", "https://example.com/a/b?id=3"),
        ("https://twitter.com/dotey/status/1", "https://x.com/dotey/status/1"),
        ("https://mobile.twitter.com/dotey/status/1/", "https://x.com/dotey/status/1"),
        ("https://www.x.com/dotey/status/1?utm_campaign=z", "https://x.com/dotey/status/1"),
        # X's media viewer: the same post
        ("https://x.com/sama/status/19/photo/1", "https://x.com/sama/status/19"),
        ("https://twitter.com/sama/status/19/video/2?s=20", "https://x.com/sama/status/19"),
        ("https://x.com/sama/status/19/photo/1/more", "https://x.com/sama/status/19/photo/1/more"),
        ("https://e.com/sama/status/19/photo/1", "https://e.com/sama/status/19/photo/1"),
        # X's handles have no case: one post
        ("https://x.com/Sama/status/19", "https://x.com/sama/status/19"),
        ("https://twitter.com/SAMA/status/19/photo/1?s=20", "https://x.com/sama/status/19"),
        ("https://x.com/Sama", "https://x.com/Sama"),  # (not a status link: kept as written)
        ("https://e.com/Sama/status/19", "https://e.com/Sama/status/19"),
        ("https://example.com/", "https://example.com"),
        ("https://example.com:8443/p", "https://example.com:8443/p"),
        ("https://example.com/Case/Kept", "https://example.com/Case/Kept"),
        ("javascript:alert(1)", "javascript:alert(1)"),
    ],
)
def test_canonical_key(url: str, key: str) -> None:
    assert canonical_key(url) == key


@pytest.mark.parametrize(
    ("url", "handle"),
    [
        ("https://x.com/dotey/status/2002080595665371575", "dotey"),
        ("https://twitter.com/Dotey/status/1", "Dotey"),
        ("https://mobile.twitter.com/a_b/status/1", "a_b"),
        ("https://www.x.com/abc/status/1", "abc"),
        ("https://x.com/abc", None),
        ("https://x.com/i/status/1", None),
        ("https://example.com/abc/status/1", None),
        (None, None),
    ],
)
def test_handle_forms(url: str | None, handle: str | None) -> None:
    assert x_handle(url) == handle


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("javascript:alert(1)", "javascript"),
        ("file:///etc/passwd", "file"),
        ("data:text/html,hi", "data"),
        ("vbscript:x", "vbscript"),
        ("//evil.example/x", "no scheme"),
        ("/just/a/path", "no scheme"),
        ("https://e.com/a b", "whitespace"),
        ("https://e.com/\x1b[31m", "control"),
        ("https://e.com/" + "a" * 3000, "characters long"),
        ("https://", "no host"),
        (None, "no link"),
    ],
)
def test_refused_links(url: str | None, fragment: str) -> None:
    reason = refuse_reason(url)
    assert reason is not None and fragment in reason


def test_http_and_https_pass() -> None:
    assert refuse_reason("https://x.com/a/status/1") is None
    assert refuse_reason("HTTP://Example.com/") is None


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    write(root, "a/2026.01.01.08.md", digest_text(
        ["[Old story - 宝玉](https://x.com/dotey/status/1)", "[Other - Ann](https://blog.example.com/p)"],
        front="title: First\ndate: 2026-01-01T08:00:00+08:00\ncategories: [AI]"))
    write(root, "a/2026.01.01.12.md", digest_text(
        ["[Old story again](https://twitter.com/dotey/status/1?utm_source=x)", "[New thing](https://x.com/nobody/status/9)",
         "[Post by name - 宝玉](https://example.org/post)"],
        front="title: Second\ndate: 2026-01-01T12:00:00+08:00\ncategories: [AI, Robots]\ntags: [hot]"))
    write(root, "b/2026.01.01.16.md", digest_text(
        ["[Old story yet again - 宝玉](https://x.com/dotey/status/1)", "[Second by ann - ANN](https://e.com/2)"],
        front="title: Third\ndate: 2026-01-01T16:00:00+08:00\ncategories: [robots]"))
    write(root, ".hidden/2026.01.02.md", digest_text(["[Hidden](https://e.com/h)"]))
    write(root, "notes.txt", "not a digest")
    return root


def test_digests_newest_first_and_repeats(corpus: Path, isolated: dict[str, Path]) -> None:
    lib = load_library([str(corpus)], isolated["cache"])
    assert [d.title for d in lib.digests] == ["Third", "Second", "First"]
    third, second, first = lib.digests
    story = third.items[0]
    assert story.key == "https://x.com/dotey/status/1"
    assert folding.first_seen(lib, story) is first
    assert [d.stem for d in folding.also_in(lib, story)] == ["2026.01.01.12", "2026.01.01.08"]
    assert folding.is_repeat(lib, story) and folding.is_repeat(lib, second.items[0])
    assert not folding.is_repeat(lib, first.items[0])
    assert not folding.is_repeat(lib, second.items[1])
    assert lib.problems == []


def test_author_identity_learned_from_corpus(corpus: Path, isolated: dict[str, Path]) -> None:
    lib = load_library([str(corpus)], isolated["cache"])
    third, second, first = lib.digests
    no_suffix = second.items[0]
    assert no_suffix.author is None and lib.author_id(no_suffix) == "@dotey"
    assert lib.author_name(no_suffix) == "宝玉"
    assert lib.author_name(second.items[1]) == "@nobody"
    # a suffix name with a non-X link joins the handle that name belongs to
    assert lib.author_id(second.items[2]) == "@dotey"
    # names without a handle are one identity whatever the case
    assert lib.author_id(third.items[1]) == lib.author_id(first.items[1]) == "name:ann"
    assert lib.authors.resolve("宝玉") == {"@dotey"}
    assert lib.authors.resolve("@DOTEY") == {"@dotey"}
    assert lib.authors.resolve("ann") == {"name:ann"}
    assert lib.authors.resolve("nobody at all") == set()


def test_filters_and_fold(corpus: Path, isolated: dict[str, Path]) -> None:
    lib = load_library([str(corpus)], isolated["cache"])
    everything = list(fold_by_key(lib.items()))
    assert len(everything) == 5  # 7 items, the dotey story three times
    robots = list(filter_items(lib, lib.items(), Filters(category="ROBOTS"), set()))
    assert {i.digest.title for i in robots} == {"Second", "Third"}
    hot = list(filter_items(lib, lib.items(), Filters(category="hot"), set()))
    assert {i.digest.title for i in hot} == {"Second"}
    by_dotey = list(fold_by_key(filter_items(lib, lib.items(), Filters(authors=frozenset({"@dotey"})), set())))
    assert [i.headline for i in by_dotey] == ["Old story yet again", "Post by name"]
    read = {"https://x.com/dotey/status/1"}
    unread = list(filter_items(lib, lib.items(), Filters(unread_only=True), read))
    assert all(i.key not in read for i in unread) and len(unread) == 4
    found = list(filter_items(lib, lib.items(), Filters(search="SECOND BY"), set()))
    assert [i.headline for i in found] == ["Second by ann"]


def test_search_reaches_summaries_and_cjk(tmp_path: Path, isolated: dict[str, Path]) -> None:
    write(tmp_path, "d.md", digest_text(["[Head](https://e.com/1)\n中文摘要里有**机器人**。", "[Other](https://e.com/2)\nplain"]))
    lib = load_library([str(tmp_path)], isolated["cache"])
    assert [i.headline for i in filter_items(lib, lib.items(), Filters(search="机器人"), set())] == ["Head"]


def test_label_and_author_counts(corpus: Path, isolated: dict[str, Path]) -> None:
    lib = load_library([str(corpus)], isolated["cache"])
    counts = lib.label_counts()
    assert counts["AI"] == 4 and counts["Robots"] == 3 and counts["robots"] == 2 and counts["hot"] == 3
    assert lib.author_counts()["@dotey"] == 2


def test_cache_is_reused_and_refreshed(corpus: Path, isolated: dict[str, Path]) -> None:
    first = load_library([str(corpus)], isolated["cache"])
    assert first.parsed == 3
    again = load_library([str(corpus)], isolated["cache"])
    assert again.parsed == 0
    assert [d.title for d in again.digests] == [d.title for d in first.digests]
    assert [i.key for i in again.items()] == [i.key for i in first.items()]
    assert again.summary(again.digests[0].items[0]) == ""
    changed = corpus / "a/2026.01.01.08.md"
    changed.write_text(digest_text(["[Changed](https://e.com/c)"], front="title: First v2\ndate: 2026-01-01T08:00:00+08:00"))
    os.utime(changed, ns=(10**18, 10**18))
    third = load_library([str(corpus)], isolated["cache"])
    assert third.parsed == 1
    assert "First v2" in [d.title for d in third.digests]


def test_a_cache_made_by_other_reading_rules_is_read_again(corpus: Path, isolated: dict[str, Path],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """An upgraded Brief that reads files otherwise (`format.RULES`) parses every file again once,
    instead of showing what the older one read (and its cached "could not be parsed")."""
    from tui.core import format as format_package
    from tui.core.cache import search_texts, search_texts_file, summaries_file

    assert load_library([str(corpus)], isolated["cache"]).parsed == 3
    assert load_library([str(corpus)], isolated["cache"]).parsed == 0
    monkeypatch.setattr(index_cache, "FILE_SCHEMA", index_cache.FILE_SCHEMA + 1)  # (as the next rules would give)
    assert load_library([str(corpus)], isolated["cache"]).parsed == 3
    assert load_library([str(corpus)], isolated["cache"]).parsed == 0
    # Every cache made by reading files says the rules it was made by.
    rules = format_package.RULES
    assert index_cache.SCHEMA * 1000 + rules == index_cache.FILE_SCHEMA - 1
    assert search_texts_file.SCHEMA * 1000 + rules == search_texts_file.FILE_SCHEMA
    assert summaries_file.SCHEMA * 1000 + rules == summaries_file.FILE_SCHEMA
    assert rules == search_texts.POSTINGS_SCHEMA % 1000


def _valid_cache(first: object, rest: object = (), blobs: bytes = b"") -> bytes:
    """A cache file's bytes: a head of these two parts (each with a good CRC), then item blobs."""
    import marshal
    import zlib

    parts = [marshal.dumps(first), marshal.dumps(rest)]
    header = index_cache.MAGIC + index_cache.FILE_SCHEMA.to_bytes(4, "little") + b"".join(
        len(part).to_bytes(4, "little") + zlib.crc32(part).to_bytes(4, "little") for part in parts)
    return header + b"".join(parts) + blobs


def _head_of(blob: bytes) -> tuple[object, object, bytes]:
    """(first part, columns, item blobs) of a cache file's bytes."""
    import marshal

    at = len(index_cache.MAGIC) + 4
    lengths = [int.from_bytes(blob[at + 8 * n : at + 8 * n + 4], "little") for n in range(2)]
    start = at + 16
    first = marshal.loads(blob[start : start + lengths[0]])
    rest = marshal.loads(blob[start + lengths[0] : start + sum(lengths)])
    return first, rest, blob[start + sum(lengths) :]


_NO_COLUMNS = tuple([] for _ in index_cache.COLUMNS)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not a cache",
        index_cache.MAGIC + (99).to_bytes(4, "little") + bytes(16) + b"x",
        index_cache.MAGIC + index_cache.FILE_SCHEMA.to_bytes(4, "little") + (15).to_bytes(4, "little") + bytes(12) + b"corrupt payload",
        "truncated",
        "flipped",
        _valid_cache([1, 2, 3]),
        _valid_cache((1, 1, (), {}, (), 1), _NO_COLUMNS),  # a digest, and no record of it
        _valid_cache((1, 1, (("/nowhere.md",),), {}, (), 1), _NO_COLUMNS),  # a record of another shape
        _valid_cache((2, 3, (), {}, (), 1), _NO_COLUMNS),  # more listed than there are
        _valid_cache((0, 0, (), {}, (), 0), tuple([["/nowhere.md"]] * 13 + [[]])),  # columns that disagree
        _valid_cache((0, 0, (), {}, (), 0), tuple([1] * 14)),
        _valid_cache((0, 0, (), {"authors": "garbage"}, (), 0), _NO_COLUMNS),
    ],
)
def test_corrupt_or_foreign_cache_is_rebuilt_silently(corpus: Path, isolated: dict[str, Path], content: object) -> None:
    cache = index_file(isolated["cache"], [str(corpus)])
    if isinstance(content, str):
        load_library([str(corpus)], isolated["cache"])
        blob = cache.read_bytes()
        head_end = len(blob) - len(_head_of(blob)[2])
        middle = (len(index_cache.MAGIC) + 20 + head_end) // 2  # inside the head
        content = blob[:middle] if content == "truncated" else blob[:middle] + bytes([blob[middle] ^ 0xFF]) + blob[middle + 1 :]
        for path in corpus.rglob("*.md"):
            os.utime(path)  # the same files, so only the cache decides
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(content)
    lib = load_library([str(corpus)], isolated["cache"])
    assert lib.parsed == 3 and lib.problems == [] and len(lib.digests) == 3
    assert cache.read_bytes().startswith(index_cache.MAGIC)
    assert load_library([str(corpus)], isolated["cache"]).parsed == 0


@pytest.mark.parametrize("where", ["first rows", "columns"])
def test_cache_entry_with_bad_shape_is_a_miss(corpus: Path, isolated: dict[str, Path], where: str) -> None:
    """A date that is no date, in the records of the first screen or in the columns (read when the
    rest of the digests are first needed): the files are read again, the reader's start included."""
    from tui.core.corpus.loading import cached_library

    load_library([str(corpus)], isolated["cache"]).save_stories()
    cache = index_file(isolated["cache"], [str(corpus)])
    first, columns, blobs = _head_of(cache.read_bytes())
    assert isinstance(first, tuple) and isinstance(columns, tuple)
    dates = index_cache.COLUMNS.index("date")
    if where == "columns":
        columns = tuple(["not a date"] * len(column) if number == dates else column for number, column in enumerate(columns))
    else:
        rows = tuple(tuple("not a date" if n == dates else value for n, value in enumerate(row)) for row in first[2])
        first = (*first[:2], rows, *first[3:])
    cache.write_bytes(_valid_cache(first, columns, blobs))
    quick = cached_library([str(corpus)], isolated["cache"])
    if where == "columns":
        assert quick is not None and len(quick.digests) == 3  # (the first screen's records are good)
        lib = load_library([str(corpus)], isolated["cache"], reuse=quick)
    else:
        assert quick is None
        lib = load_library([str(corpus)], isolated["cache"])
    assert lib.parsed == 3 and len(lib.digests) == 3


def test_damaged_item_blob_reads_that_file_again(corpus: Path, isolated: dict[str, Path]) -> None:
    first = load_library([str(corpus)], isolated["cache"])
    expected = {d.path: [(i.headline, i.key) for i in d.items] for d in first.digests}
    cache = index_file(isolated["cache"], [str(corpus)])
    blob = cache.read_bytes()
    blob = blob[:-3] + bytes([blob[-3] ^ 0xFF]) + blob[-2:]  # inside the last digest's items
    cache.write_bytes(blob)
    again = load_library([str(corpus)], isolated["cache"])
    assert again.parsed == 0  # the head is fine: the cache is used
    assert {d.path: [(i.headline, i.key) for i in d.items] for d in again.digests} == expected


def test_cached_library_matches_a_checked_load(corpus: Path, isolated: dict[str, Path]) -> None:
    from tui.core.corpus.loading import cached_library

    assert cached_library([str(corpus)], isolated["cache"]) is None  # no cache yet
    checked = load_library([str(corpus)], isolated["cache"])
    checked.save_stories()  # a previous run left a cache
    quick = cached_library([str(corpus)], isolated["cache"])
    assert quick is not None and quick.stories_ready  # (unchecked until a load: see Session.checking)
    assert [d.path for d in quick.digests] == [d.path for d in checked.digests]
    assert [i.key for i in quick.items()] == [i.key for i in checked.items()]
    assert len(quick.stories) == len(checked.stories) and quick.stories.keys == checked.stories.keys
    assert quick.stories.story_of == checked.stories.story_of and quick.stories.by_author == checked.stories.by_author
    same = load_library([str(corpus)], isolated["cache"], reuse=quick)
    assert same is quick  # nothing changed: the quick library is the answer
    write(corpus, "a/2026.01.03.08.md", digest_text(["[New](https://e.com/new)"], front="title: New\ndate: 2026-01-03T08:00:00+08:00"))
    quick = cached_library([str(corpus)], isolated["cache"])
    assert quick is not None and "New" not in [d.title for d in quick.digests]
    fresh = load_library([str(corpus)], isolated["cache"], reuse=quick)
    assert fresh is not quick and fresh.parsed == 1
    assert fresh.digests[0].title == "New"
    assert set(quick.digests) <= set(fresh.digests)  # unchanged digests are the same objects
    assert not fresh.stories_ready  # the saved stories were for the old set of digests


def test_cache_holds_no_summaries(tmp_path: Path, isolated: dict[str, Path]) -> None:
    write(tmp_path, "d.md", digest_text(["[Head](https://e.com/1)\nSECRET SUMMARY TEXT"]))
    lib = load_library([str(tmp_path)], isolated["cache"])
    cache = index_file(isolated["cache"], [str(tmp_path)])
    assert b"SECRET SUMMARY" not in cache.read_bytes()
    assert lib.summary(lib.digests[0].items[0]) == "SECRET SUMMARY TEXT"


def test_bad_files_do_not_stop_the_rest(tmp_path: Path, isolated: dict[str, Path]) -> None:
    write(tmp_path, "good.md", digest_text(["[Good](https://e.com/g)"]))
    write(tmp_path, "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path, "empty.md", "")
    write(tmp_path, "badyaml.md", "---\ntitle: [oops\n---\n1. [Still read](https://e.com/s)\n")
    write(tmp_path, "latin1.md", "1. [Caf\xe9](https://e.com/c)\n".encode("latin-1"))
    lib = load_library([str(tmp_path)], isolated["cache"])
    assert sorted(d.stem for d in lib.digests) == ["badyaml", "good", "latin1"]
    reasons = {Path(p.path).name: p.reason for p in lib.problems}
    assert "not a text file" in reasons["binary.md"]
    assert reasons["empty.md"] == "no items"
    assert "not valid YAML" in reasons["badyaml.md"]
    assert "UTF-8" in reasons["latin1.md"]


def test_problems_are_reported_again_from_the_cache(tmp_path: Path, isolated: dict[str, Path]) -> None:
    write(tmp_path, "badyaml.md", "---\ntitle: [oops\n---\n1. [Still read](https://e.com/s)\n")
    load_library([str(tmp_path)], isolated["cache"])
    lib = load_library([str(tmp_path)], isolated["cache"])
    assert lib.parsed == 0
    assert any("not valid YAML" in p.reason for p in lib.problems)


def test_discovery_suffixes_hidden_and_symlink_loop(tmp_path: Path, isolated: dict[str, Path]) -> None:
    write(tmp_path, "x/UPPER.MD", digest_text(["[U](https://e.com/u)"]))
    write(tmp_path, "x/long.markdown", digest_text(["[L](https://e.com/l)"]))
    write(tmp_path, ".git/ignored.md", digest_text(["[I](https://e.com/i)"]))
    (tmp_path / "x" / "loop").symlink_to(tmp_path, target_is_directory=True)
    lib = load_library([str(tmp_path)], isolated["cache"])
    assert sorted(d.stem for d in lib.digests) == ["UPPER", "long"]
    (tmp_path / "x" / "loop1").symlink_to(tmp_path / "x" / "loop2")  # (links to each other: ELOOP)
    (tmp_path / "x" / "loop2").symlink_to(tmp_path / "x" / "loop1")
    (tmp_path / "x" / "ring.md").symlink_to(tmp_path / "x" / "ring.md")
    lib = load_library([str(tmp_path)], isolated["cache"])
    assert sorted(d.stem for d in lib.digests) == ["UPPER", "long"]
    assert [(Path(p.path).name, p.reason.split(":")[0]) for p in lib.problems] == [("ring.md", "cannot read")], \
        "a loop with no digest's name is nothing to read, and nothing to report"


def test_explicit_file_is_read_whatever_its_name(tmp_path: Path, isolated: dict[str, Path]) -> None:
    path = write(tmp_path, "digest.txt", digest_text(["[T](https://e.com/t)"]))
    lib = load_library([str(path)], isolated["cache"])
    assert [d.stem for d in lib.digests] == ["digest"]


def test_sample_data_shows_every_required_case(sample_dir: Path, isolated: dict[str, Path]) -> None:
    lib = load_library([str(sample_dir)], isolated["cache"])
    assert len(lib.digests) >= 8 and lib.problems == []
    days = {d.date.date() for d in lib.digests}
    assert len(days) >= 3
    items = list(lib.items())
    resolved = [i for i in items if i.author is None and i.handle and not lib.author_name(i).startswith("@")]
    unresolved = [i for i in items if i.author is None and i.handle and lib.author_name(i).startswith("@")]
    assert resolved and unresolved
    assert any(i.url is None for i in items)
    assert any(d.tags for d in lib.digests)
    consecutive = any(
        {i.key for i in newer.items} & {i.key for i in older.items}
        for newer, older in zip(lib.digests, lib.digests[1:])
    )
    assert consecutive
    toml = [p for p in sample_dir.rglob("*.md") if p.read_text(encoding="utf-8").startswith("+++")]
    assert toml
    summaries = [s for d in lib.digests for s in lib.summaries(d)]
    assert any("\n\n" in s for s in summaries)
    assert any("\n- " in s or "\n1. " in s for s in summaries)
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in d.title) for d in lib.digests)
    assert any(d.title.isascii() for d in lib.digests)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tui.core.format.links import _canonical_parsed  # noqa: E402

URLS = st.builds(
    lambda scheme, host, path, query, frag: f"{scheme}://{host}{path}{query}{frag}",
    st.sampled_from(["http", "https", "HTTPS", "ftp"]),
    st.sampled_from(["x.com", "WWW.Example.com", "mobile.twitter.com", "www.com", "a.b.c", "host:8080", "u@h.com", "h.com."]),
    st.sampled_from(["", "/", "/a/", "/a/b", "//x", "/%20/", "/A B"]),
    st.sampled_from(["", "?", "?utm_source=x", "?a=1&utm_x=2&b", "?&&", "?UTM_Z=1"]),
    st.sampled_from(["", "#", "#frag", "#a b"]),
)


@settings(max_examples=400, deadline=None)
@given(URLS)
def test_fast_canonical_key_matches_urlsplit(url: str) -> None:
    assert canonical_key(url) == _canonical_parsed(url.strip())


X_URLS = st.builds(
    lambda scheme, host, handle, status, number, tail: f"{scheme}://{host}/{handle}/{status}/{number}{tail}",
    st.sampled_from(["https", "http", "HTTPS"]),
    st.sampled_from(["x.com", "X.com", "twitter.com", "www.x.com", "mobile.twitter.com", "x.co", "e.com"]),
    st.sampled_from(["dotey", "Dotey", "SAMA", "i", "I", "a_b", "_9", "123", "abcdefghijklmnop", "é"]),
    st.sampled_from(["status", "statuses", "Status"]),
    st.sampled_from(["1", "2002080595665371575", "12a", ""]),
    st.sampled_from(["", "/", "?s=20", "#x", "/photo/1", " ", "\n"]),
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(X_URLS, URLS))
def test_key_and_handle_at_once_are_the_key_and_the_handle(url: str) -> None:
    assert key_and_handle(url) == (canonical_key(url), x_handle(url))


def test_warm_load_knows_authors_like_a_cold_one(corpus: Path, isolated: dict[str, Path]) -> None:
    cold = load_library([str(corpus)], isolated["cache"])
    warm = load_library([str(corpus)], isolated["cache"])
    assert warm.parsed == 0 and warm._author_state is not None  # the learned names came from the cache
    assert [(warm.author_id(i), warm.author_name(i)) for i in warm.items()] == [
        (cold.author_id(i), cold.author_name(i)) for i in cold.items()
    ]
    assert warm.authors.resolve("宝玉") == {"@dotey"}


def test_stories_keys_are_read_when_needed_and_worked_out_again_if_damaged(corpus: Path, isolated: dict[str, Path]) -> None:
    from tui.core.cache.names import stories_file
    from tui.core.corpus.loading import cached_library

    checked = load_library([str(corpus)], isolated["cache"])
    checked.save_stories()
    expected_keys, expected_tokens = checked.stories.keys, checked.stories.by_author
    quick = cached_library([str(corpus)], isolated["cache"])
    assert quick is not None and quick.stories_ready
    assert quick.stories._rest is not None  # numbers read; keys and author tokens not yet
    assert quick.stories.keys == expected_keys and quick.stories.by_author == expected_tokens
    file = stories_file(index_file(isolated["cache"], [str(corpus)]))
    blob = file.read_bytes()
    file.write_bytes(blob[:-5] + bytes([blob[-5] ^ 0xFF]) + blob[-4:])  # inside the keys part
    damaged = cached_library([str(corpus)], isolated["cache"])
    assert damaged is not None and damaged.stories_ready  # the numbers part is still good
    assert damaged.stories.keys == expected_keys and damaged.stories.by_author == expected_tokens


def test_the_stories_file_keeps_where_each_story_was_first_seen(corpus: Path, isolated: dict[str, Path]) -> None:
    """The oldest digest of each story is kept, so a story's carriers are found without a scan to
    the end of every item's story (the first screen's detail is worked out before its first frame)."""
    from tui.core.corpus.loading import cached_library

    checked = load_library([str(corpus)], isolated["cache"])
    checked.save_stories()
    quick = cached_library([str(corpus)], isolated["cache"])
    assert quick is not None and quick.stories_ready and quick.stories._oldest is not None
    fresh = load_library([str(corpus)], isolated["cache"] / "elsewhere").stories
    assert list(quick.stories._oldest) == list(fresh.oldest())
    assert [quick.stories.carriers(n) for n in range(len(fresh))] == [fresh.carriers(n) for n in range(len(fresh))]
    assert any(len(fresh.carriers(n)) > 1 for n in range(len(fresh)))  # (a story in two digests: the test can fail)


def test_unreadable_files_are_not_read_again_until_they_change(
    corpus: Path, isolated: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.cache import indexer
    from tui.core.corpus.loading import cached_library

    broken = write(corpus, "broken.md", b"\x89PNG\r\n\x1a\n\x00\x00")
    first = load_library([str(corpus)], isolated["cache"])
    first.save_stories()  # a previous run left a cache
    assert [p.reason for p in first.problems if p.path == str(broken)] == ["not a text file (binary data)"]
    read: list[str] = []
    original = indexer.index_one
    monkeypatch.setattr(indexer, "index_one", lambda path: read.append(path) or original(path))
    quick = cached_library([str(corpus)], isolated["cache"])
    assert quick is not None and quick.stories_ready and str(broken) in {p.path for p in quick.problems}
    again = load_library([str(corpus)], isolated["cache"], reuse=quick)
    assert again is quick and read == []  # nothing changed, the bad file included: nothing read
    assert [p.reason for p in again.problems if p.path == str(broken)] == ["not a text file (binary data)"]
    broken.write_text(digest_text(["[Fixed](https://e.com/fixed)"], front="title: Fixed"))
    os.utime(broken, ns=(10**18, 10**18))
    fixed = load_library([str(corpus)], isolated["cache"])
    assert read == [str(broken)] and "Fixed" in [d.title for d in fixed.digests]
    assert str(broken) not in {p.path for p in fixed.problems}


def test_files_that_could_not_be_opened_are_read_again(
    tmp_path: Path, isolated: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.cache import indexer

    write(tmp_path, "good.md", digest_text(["[Good](https://e.com/g)"]))
    locked = write(tmp_path, "locked.md", digest_text(["[Locked](https://e.com/l)"]))
    original = indexer.index_one

    def denied(path: str):
        if path == str(locked):
            return path, None, "", "cannot read: Permission denied", False
        return original(path)

    monkeypatch.setattr(indexer, "index_one", denied)
    assert "cannot read" in " ".join(p.reason for p in load_library([str(tmp_path)], isolated["cache"]).problems)
    monkeypatch.setattr(indexer, "index_one", original)  # permission given back, file unchanged
    again = load_library([str(tmp_path)], isolated["cache"])
    assert str(locked) in [d.path for d in again.digests] and again.problems == []


def test_an_item_that_names_its_author_shows_that_name(tmp_path: Path, isolated: dict[str, Path]) -> None:
    from tests.helpers import digest_text, write
    from tui.core.corpus.loading import load_library

    root = tmp_path / "names"
    write(root, "2026.01.01.08.md", digest_text(
        ["[真的 - 林未来](https://x.com/lin_weilai/status/1)", "[也是真的 - 林未来](https://x.com/lin_weilai/status/2)",
         "[Bare](https://x.com/lin_weilai/status/3)"], front="title: Old\ndate: 2026-01-01T08:00:00+00:00"))
    write(root, "2026.01.02.08.md", digest_text(
        [f"[Fake {n} - IMPOSTOR](https://x.com/lin_weilai/status/{10 + n})" for n in range(2)],
        front="title: New\ndate: 2026-01-02T08:00:00+00:00"))
    lib = load_library([str(root)], isolated["cache"])
    shown = {item.headline: lib.author_name(item) for d in lib.digests for item in d.items}
    assert shown["真的"] == "林未来" and shown["Fake 0"] == "IMPOSTOR"
    assert shown["Bare"] == "林未来", "two names used twice each: the oldest wins, not the last one read"


def test_loading_collects_young_objects_only_and_puts_the_collector_back(corpus: Path, tmp_path: Path) -> None:
    import gc

    from tui.core import collector

    seen: list[tuple[int, ...]] = []
    before = gc.get_threshold()
    load_library([str(corpus)], tmp_path / "cache", progress=lambda done, total: seen.append(gc.get_threshold()))
    assert seen and set(seen) == {collector.YOUNG_THRESHOLDS}
    assert gc.get_threshold() == before


def test_a_prefetched_cache_head_gives_the_same_library(corpus: Path, isolated: dict[str, Path]) -> None:
    """The reader's start reads the index head and the stories' numbers in a thread (`Prefetch`):
    the library made from them is the one read without, and it is taken only for its own folders."""
    from tui.core.cache.prefetch import Prefetch
    from tui.core.corpus.loading import cached_library

    assert cached_library([str(corpus)], isolated["cache"], Prefetch(isolated["cache"], [str(corpus)])) is None
    checked = load_library([str(corpus)], isolated["cache"])
    checked.save_stories()
    plain = cached_library([str(corpus)], isolated["cache"])
    prefetch = Prefetch(isolated["cache"], [str(corpus)])
    quick = cached_library([str(corpus)], isolated["cache"], prefetch)
    assert plain is not None and quick is not None and quick.stories_ready
    assert quick._stamp == plain._stamp
    assert [(d.path, d.title, d.date, d.count) for d in quick.digests] == [(d.path, d.title, d.date, d.count) for d in plain.digests]
    assert [i.key for i in quick.items()] == [i.key for i in plain.items()]
    assert quick.stories.story_of == plain.stories.story_of and quick.stories.keys == plain.stories.keys
    assert list(quick.stories.oldest()) == list(plain.stories.oldest())
    assert prefetch.take(prefetch.index_file) is None  # (taken once)
    other = Prefetch(isolated["cache"], [str(corpus / "a")])
    assert other.take(prefetch.index_file) is None  # another set of folders: read as without one
    assert cached_library([str(corpus)], isolated["cache"], other) is not None


@pytest.mark.parametrize("preadv", [True, False])
def test_a_damaged_stories_array_reads_as_no_stories(corpus: Path, isolated: dict[str, Path],
                                                       monkeypatch: pytest.MonkeyPatch, preadv: bool) -> None:
    from tui.core.cache import checked_file, stories_file
    from tui.core.cache.names import stories_file as stories_name
    from tui.core.corpus.loading import cached_library

    if not preadv:
        monkeypatch.delattr(os, "preadv", raising=False)  # (read through a bytes object instead)
    checked = load_library([str(corpus)], isolated["cache"])
    checked.save_stories()
    good = cached_library([str(corpus)], isolated["cache"])
    assert good is not None and good.stories_ready and good.stories.story_of == checked.stories.story_of
    file = stories_name(index_file(isolated["cache"], [str(corpus)]))
    opened = checked_file.open_parts(file, stories_file.MAGIC, stories_file.SCHEMA, stories_file.PARTS)
    assert opened is not None
    os.close(opened[0])
    offset, length, _crc = opened[1][3]  # story_of
    assert length and length % 4 == 0
    blob = bytearray(file.read_bytes())
    blob[offset + length - 1] ^= 0xFF
    file.write_bytes(bytes(blob))
    damaged = cached_library([str(corpus)], isolated["cache"])
    assert damaged is not None and not damaged.stories_ready  # (the reader then works them out: see show_cached)
    assert [d.path for d in damaged.digests] == [d.path for d in checked.digests]
    assert damaged.stories.story_of == checked.stories.story_of  # worked out again from the digests


def test_leftovers_of_unfinished_cache_writes_are_swept(corpus: Path, isolated: dict[str, Path]) -> None:
    """A Brief killed while writing a cache file leaves its temporary file (up to 25 MB at 50,000
    digests): the next write of that file removes those older than an hour, not one being written."""
    from tui.core.cache.names import stories_file

    load_library([str(corpus)], isolated["cache"])
    index = index_file(isolated["cache"], [str(corpus)])
    old = index.parent / f".{index.stem}-dead1234.tmp"
    recent = index.parent / f".{index.stem}-busy5678.tmp"
    other = index.parent / f".{stories_file(index).stem}-dead9999.tmp"
    for left in (old, recent, other):
        left.write_bytes(b"half a cache")
    os.utime(old, (1_000_000, 1_000_000))
    os.utime(other, (1_000_000, 1_000_000))
    write(corpus, "a/2026.01.05.08.md", digest_text(["[Fresh](https://e.com/fresh)"]))
    assert load_library([str(corpus)], isolated["cache"]).parsed == 1  # (the index is written again)
    assert not old.exists() and recent.exists()
    assert other.exists()  # (another file's: swept when that one is written)
