"""The indexer's parse (items kept packed, no Item objects) against the parse everything else uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.generate import make_mixed_corpus
from tui.core.format import parser
from tui.core.format.decoding import SkipFile
from tui.core.format.parser import read_file
from tui.core.model import pack_items

ROOT = Path(__file__).resolve().parent.parent


def _files(tmp: Path) -> list[Path]:
    make_mixed_corpus(tmp / "mixed", 60)
    return sorted([*(ROOT / "tests" / "fixtures").rglob("*.md"), *(ROOT / "sample_data").rglob("*.md"),
                   *(tmp / "mixed").rglob("*.md")])


def test_packed_items_are_the_items_packed(tmp_path: Path) -> None:
    checked = 0
    for path in _files(tmp_path):
        try:
            plain = read_file(str(path), summaries=False)
        except SkipFile as exc:
            with pytest.raises(SkipFile, match=f"^{re.escape(str(exc))}$"):
                read_file(str(path), summaries=False, packed=True)
            continue
        if checked % 2:
            parser._LINKS.clear()  # (its links met for the first time, as a worker meets most)
        packed = read_file(str(path), summaries=False, packed=True)
        assert packed.digest._items is None, path  # (nothing unpacked on the way)
        assert packed.digest.packed == pack_items(plain.digest.items), path
        assert packed.digest.item_count == len(plain.digest.items)
        assert packed.search_texts == plain.search_texts
        assert (packed.digest.title, packed.digest.form, packed.digest.layout) == (
            plain.digest.title, plain.digest.form, plain.digest.layout)
        checked += 1
    assert checked > 60


def test_the_benchmark_corpora_are_read_whole(tmp_path: Path) -> None:
    """The generated digests are written as real ones are (`9.  [`, `10. [`): no file warns, and
    every item of the main layout has its summary (items 10 on, under `10.  [`, had none: code)."""
    from benchmarks.generate import make_corpus

    make_corpus(tmp_path / "main", 12)
    make_mixed_corpus(tmp_path / "mixed", 30)
    for path in sorted(tmp_path.rglob("*.md")):
        try:
            parsed = read_file(str(path))
        except SkipFile:
            continue  # (the mixed corpus's non-digests)
        assert not parsed.digest.warnings, (path, parsed.digest.warnings)
        if "/main/" in str(path):
            assert len(parsed.digest.items) >= 10 and all(parsed.summaries), path
