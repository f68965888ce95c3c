"""The source headers' counts (several sources): the same as counting item by item, for every
kind of filter and search path, kept while neither the filters nor the marks change."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tui.core.query import source_counts
from tui.core.query.filters import Filters
from tui.core.query.source_counts import SourceCounts
from tui.core.session import Session


def _sources(tmp_path: Path) -> list[Path]:
    """Three sources; stories repeated within one and across them; two categories; one digest
    with sections (link bullets under headings)."""
    ai, dev, web = tmp_path / "ai", tmp_path / "dev", tmp_path / "web"
    for day in range(1, 7):
        write(ai, f"2026.01.0{day}.08.md", digest_text(
            [f"[Model {day} - Ann](https://e.com/model{day})", "[Chip - Bo](https://e.com/chip)",
             f"[Agent {day % 3} - Cy](https://e.com/agent{day % 3})"],
            front=f"title: AI {day}\ndate: 2026-01-0{day}T08:00:00+00:00\ncategories: [{'AI' if day % 2 else 'Hardware'}]"))
        write(dev, f"2026-01-0{day}.md", digest_text(
            [f"[Parser {day} - Di](https://e.com/parser{day})", "[Chip - Bo](https://e.com/chip)"],
            front=f"title: Dev {day}\ndate: 2026-01-0{day}T09:00:00+00:00\ncategories: [AI]"))
    write(web, "2026-01-05.md", "# Web digest\n\n## Research\n\n- [Paper one](https://e.com/p1)\n"
          "- [Model 2 again](https://e.com/model2)\n\n## Tools\n\n- [Tool](https://e.com/tool)\n")
    return [ai, dev, web]


FILTERS = [
    Filters(), Filters(category="AI"), Filters(category="hardware"), Filters(search="model"), Filters(search="chip"),
    Filters(unread_only=True), Filters(section="Research"), Filters(category="AI", search="agent"),
    Filters(category="AI", unread_only=True), Filters(search="nothing like it"),
]


def _session(tmp_path: Path) -> Session:
    session = Session([str(p) for p in _sources(tmp_path)], tmp_path / "cache", tmp_path / "data")
    session.open_store()
    session.load_now()
    return session


def _check_all(session: Session) -> None:
    chosen = session.library.digests[3]
    for filters in FILTERS:
        for digest in (None, chosen):  # (the screen builds the view, then the headers are counted)
            session.view(filters, digest)
            assert session.source_counts(filters) == session.source_counts_by_items(filters), (filters, digest)


def test_the_counts_are_those_counted_item_by_item_on_every_path(tmp_path: Path) -> None:
    session = _session(tmp_path)
    library, builder = session.library, session.builder
    _check_all(session)  # before the items are numbered
    session.prepare(library, builder)
    assert library.numbered
    _check_all(session)
    session.mark_read([item.key for item in library.digests[0].items] + ["https://e.com/chip"])
    _check_all(session)  # (with read marks: the unread counts)
    session.load_search(library, builder)
    _check_all(session)  # the search texts in
    session.index_search(library, builder)
    _check_all(session)  # the postings in: a search is read from them
    counts = session.source_counts(Filters(search="chip"))
    assert {root.rsplit("/", 1)[-1]: count for root, count in counts.items()} == {"ai": (1, 0), "dev": (1, 0)}
    session.view(Filters(), None)
    totals = {root.rsplit("/", 1)[-1]: count for root, count in session.source_counts(Filters()).items()}
    assert totals == {"ai": (10, 9), "dev": (7, 5), "web": (3, 3)}  # (each story once per source; the newest digest and "chip" read)


def test_the_counts_are_kept_until_the_filters_or_the_marks_change(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    session = _session(tmp_path)
    session.prepare(session.library, session.builder)
    made: list[int] = []
    of_digests = SourceCounts._of_digests

    def counting(self: SourceCounts, digests: object) -> list[set[int]]:  # (a spy)
        made.append(1)
        return of_digests(self, digests)  # type: ignore[arg-type]

    monkeypatch.setattr(SourceCounts, "_of_digests", counting)
    first = session.source_counts(Filters())
    for digest in session.library.digests[:5]:  # choosing digests: the same counts, not worked out again
        session.view(Filters(), digest)
        assert session.source_counts(Filters()) is first
    assert len(made) == 1
    ai = next(root for root in first if root.endswith("/ai"))
    session.mark_read(["https://e.com/model1"])
    after = session.source_counts(Filters())
    assert after[ai] == (first[ai][0], first[ai][1] - 1) and len(made) == 1  # (the stories kept; unread again)
    for category in ["AI", "Hardware", "ai"]:
        session.source_counts(Filters(category=category))
    assert len(made) == 3  # (a category's once, whatever its case)


def test_only_a_few_categories_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = _session(tmp_path)
    monkeypatch.setattr(source_counts, "KEPT_CATEGORIES", 2)
    assert session.library.stories is not None  # (worked out: what the counts are made from)
    counter = SourceCounts(session.builder, session.groups)
    for category in ["AI", "Hardware", None, "AI"]:
        assert counter.counts(Filters(category=category), set(), 0) is not None
    assert list(counter._stories) == [None, "ai"]
