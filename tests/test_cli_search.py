"""`brief --items --search`: narrowed to the digests whose stored texts hold the needle, with the
same output as testing every item's text."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from tests.helpers import digest_text, write
from tui import commands
from tui.cli import main
from tui.core import model

WORDS = ["alpha", "beta", "gamma", "模型", "推理", "delta", "机器人", "omega", "quartz", "zinc"]
AUTHORS = ["Zed Quill", "Mary Ann", "宝玉", "Ann Lee"]


def brief_json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    code = main(["--items", "--json", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def unpacked_during(monkeypatch: pytest.MonkeyPatch, run: object) -> list[str]:
    """The files whose items were unpacked while `run()` ran."""
    seen: list[str] = []
    real = model.unpack_items

    def counting(digest: model.Digest, packed: model.Packed) -> list[model.Item]:
        seen.append(Path(digest.path).name)
        return real(digest, packed)

    monkeypatch.setattr(model, "unpack_items", counting)
    run()  # type: ignore[operator]
    monkeypatch.setattr(model, "unpack_items", real)
    return seen


def write_library(root: Path, seed: int, count: int = 24) -> None:
    rng = random.Random(seed)
    stories = [f"https://example.com/{n}" for n in range(40)]
    for number in range(count):
        lines = []
        for url in rng.sample(stories, 5):
            head = " ".join(rng.sample(WORDS, 2))
            author = rng.choice([*AUTHORS, None, None])
            link = f"[{head}{' - ' + author if author else ''}]({url})"
            lines.append(f"{link}\n{' '.join(rng.sample(WORDS, 3))} {rng.randint(0, 99)}.")
        write(root, f"2026.01.{1 + number // 6:02d}.{4 * (number % 6):02d}.md", digest_text(
            lines, front=f"title: T{number}\ndate: 2026-01-{1 + number // 6:02d}T{4 * (number % 6):02d}:00:00+00:00"))


def test_only_digests_holding_the_needle_are_unpacked(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "news"
    for number in range(6):
        summary = "a rare zeppelin today" if number == 2 else "nothing to see"
        write(root, f"2026.01.0{number + 1}.08.md", digest_text(
            [f"[Story {number} - Ann](https://example.com/{number})\n{summary}.", f"[Other {number}](https://example.com/o{number})\nx."],
            front=f"title: D{number}\ndate: 2026-01-0{number + 1}T08:00:00+00:00"))
    assert main(["--list", str(root)]) == 0  # the index and the search texts are made
    capsys.readouterr()
    found: list[list[dict[str, object]]] = []
    unpacked = unpacked_during(monkeypatch, lambda: found.append(brief_json(capsys, "--search", "ZEPPELIN", str(root))))
    assert [item["headline"] for item in found[0]] == ["Story 2"]
    assert unpacked == ["2026.01.03.08.md"]
    unpacked = unpacked_during(monkeypatch, lambda: found.append(brief_json(capsys, "--search", "nothing here", str(root))))
    assert found[1] == [] and unpacked == []


def test_a_file_changed_since_its_texts_were_stored_is_searched(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = tmp_path / "news"
    path = write(root, "2026.01.01.08.md", digest_text(["[Old](https://example.com/1)\nplain."]))
    write(root, "2026.01.02.08.md", digest_text(["[Two](https://example.com/2)\nplain."]))
    assert main(["--list", str(root)]) == 0
    path.write_text(digest_text(["[New words](https://example.com/1)\nnow a zeppelin."]), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    capsys.readouterr()
    assert [item["headline"] for item in brief_json(capsys, "--search", "zeppelin", str(root))] == ["New words"]
    assert [item["headline"] for item in brief_json(capsys, "--search", "zeppelin", str(root))] == ["New words"]


@pytest.mark.parametrize("seed", range(4))
def test_narrowed_search_gives_what_testing_every_text_gives(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    root = tmp_path / "news"
    write_library(root, seed)
    assert main(["--list", str(root)]) == 0
    capsys.readouterr()
    needles = [*WORDS, *AUTHORS, "ann", "zed", "a", "ta 1", "alpha  beta", "ALPHA", "zzz", "模"]
    for needle in needles:
        for extra in ([], ["--unread"], ["--category", "none"]):
            narrowed = brief_json(capsys, "--search", needle, *extra, str(root))
            with monkeypatch.context() as patch:
                patch.setattr(commands, "_narrows", lambda library, needle: False)
                every = brief_json(capsys, "--search", needle, *extra, str(root))
            assert narrowed == every, (needle, extra)
            if not extra and needle in ("alpha", "模型"):
                assert narrowed  # (the library holds these words)
