"""Screens locked by snapshots: fixed size, UTC, tmp dirs, no cursor blink, sample data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tests.reader_helpers import document_loaded, loaded, make_app

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
WIDE = (120, 35)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from tmp so paths on screen are short and the same on every machine."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def copy_of_sample(tmp_path: Path) -> Path:
    """The sample digests at a path that does not depend on the checkout."""
    import shutil

    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target)
    return Path("sample")


def test_start_screen(snap_compare, copy_of_sample: Path) -> None:
    assert snap_compare(make_app(copy_of_sample), terminal_size=WIDE, run_before=loaded)


def test_item_detail(snap_compare, copy_of_sample: Path) -> None:
    assert snap_compare(make_app(copy_of_sample), press=["tab", "j", "j", "j", "enter"], terminal_size=WIDE, run_before=loaded)


def test_category_filter(snap_compare, copy_of_sample: Path) -> None:
    assert snap_compare(make_app(copy_of_sample), press=["c", *"机器人", "enter"], terminal_size=WIDE, run_before=loaded)


def test_author_picker_open(snap_compare, copy_of_sample: Path) -> None:
    assert snap_compare(make_app(copy_of_sample), press=["a"], terminal_size=WIDE, run_before=loaded)


def test_search_with_matches(snap_compare, copy_of_sample: Path) -> None:
    assert snap_compare(make_app(copy_of_sample), press=["slash", *"model"], terminal_size=WIDE, run_before=loaded)


def test_help_screen(snap_compare, copy_of_sample: Path) -> None:
    assert snap_compare(make_app(copy_of_sample), press=["tab", "question_mark"], terminal_size=WIDE, run_before=loaded)


def test_empty_folder(snap_compare, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert snap_compare(make_app("empty"), terminal_size=WIDE, run_before=loaded)


def test_small_terminal(snap_compare, copy_of_sample: Path) -> None:
    assert snap_compare(make_app(copy_of_sample), press=["tab", "j"], terminal_size=(80, 24), run_before=loaded)


def test_broken_file_problems(snap_compare, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    write(folder, "2026.01.01.08.md", digest_text(["[Good item - Ann](https://e.com/1)\nFine."], front="title: Good digest\ndate: 2026-01-01T08:00:00+00:00"))
    write(folder, "broken.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    bad = write(folder, "badyaml.md", "---\ntitle: [oops\n---\n1. [Still read](https://e.com/s)\n")
    os.utime(bad, (1_767_225_600, 1_767_225_600))  # dated by mtime: keep it fixed
    assert snap_compare(make_app("mixed"), press=["exclamation_mark"], terminal_size=WIDE, run_before=loaded)


async def _document_open(pilot) -> None:
    """The web weekly's document view on its fourth item, once the file is read and laid out."""
    await loaded(pilot)
    for key in ("end", "enter", "j", "j", "j", "v"):  # (the digest list's last row: the web weekly)
        await pilot.press(key)
        await pilot.pause()
    await document_loaded(pilot)


def test_document_view(snap_compare, copy_of_sample: Path) -> None:
    assert snap_compare(make_app(copy_of_sample), terminal_size=WIDE, run_before=_document_open)
