"""Every command-line example in the README and in `brief --help` gives output on the bundled samples."""

from __future__ import annotations

import re
import shlex
import shutil
import webbrowser
from pathlib import Path

import pytest

from tui.cli import EXAMPLES, main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
MODES = ("--list", "--items", "--open")


def _examples() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"`(brief --[^`]+)`", readme)
    found += [line.strip().split("  ")[0] for line in EXAMPLES.splitlines() if line.startswith("  brief --")]
    found += [f"brief --items {flag}" for flag in re.findall(r"`(--author @[^`]+)`", readme)]
    usable = []
    for command in found:
        if any(mark in command for mark in ("[", "...", "REF", "STEM", "NAME", "TEXT", "PATH")):
            continue  # a synopsis, not an example
        if command.split()[-1:] and command.split()[-1] in ("--author", "--category", "--section", "--search", "--digest", "--open"):
            continue  # a figure's label in the performance table
        if any(mode in command.split() for mode in MODES):
            usable.append(command)
    return sorted(set(usable))


def test_the_examples_are_found() -> None:
    examples = _examples()
    assert len(examples) >= 12
    assert "brief --items --category 机器人 --search 数据" in examples
    assert 'brief --items --section "Hacker News"' in examples


@pytest.mark.parametrize("command", _examples())
def test_each_example_gives_output_on_the_samples(command: str, tmp_path: Path, monkeypatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    sample = tmp_path / "sample"
    shutil.copytree(SAMPLE, sample)
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    if "--new" in command or "--since" in command:
        _visited_then_arrived(sample)
    argv = [part.replace("~/news", str(sample)) for part in shlex.split(command)[1:]]
    if str(sample) not in argv:
        argv.append(str(sample))
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip() or opened, f"{command} printed nothing and opened nothing ({err.strip()})"
    assert "brief:" not in err, err


def _visited_then_arrived(sample: Path) -> None:
    """The reader was closed on the samples an hour ago, and a digest has arrived since."""
    import time

    from tui.core import paths
    from tui.core.state import StateStore

    store = StateStore(paths.data_dir())
    store.end_visit([str(sample.resolve())], time.time() - 3600)
    store.close()
    (sample / "2026.12.02.08.md").write_text(
        "---\ntitle: Arrived\ndate: 2026-12-02T08:00:00+00:00\n---\n\n1. [A story that just arrived - Ann](https://e.com/arrived)\n",
        encoding="utf-8")
