"""Keystrokes with several sources: each of a corpus's year folders given as a source, so the
digest list is grouped and each source's header counts its stories and unread ones.

    python benchmarks/sources.py --digests 10000

Measures, in a real headless reader once its background work is done, a keystroke (or a filter
chosen) to both lists redrawn: choosing a digest (Enter), marking an item read (`m`), choosing a
category, the unread-only filter. Prints a table and one JSON line. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import corpus_of  # noqa: E402
from benchmarks.run import env_for, pct, settled  # noqa: E402

ROUNDS = 8


async def keystrokes(sources: list[Path], tmp: Path) -> dict[str, list[float]]:
    """Each kind of keystroke, ROUNDS times: to both lists redrawn (the later one's end)."""
    for key, value in env_for(tmp).items():
        os.environ[key] = value
    from tui.app import BriefApp
    from tui.widgets.digest_list import DigestList
    from tui.widgets.item_list import ItemList

    drawn: dict[str, list[float]] = {"items": [], "digests": []}
    """When each list finished drawing (its lines for one refresh), each time."""
    for name, cls in (("items", ItemList), ("digests", DigestList)):
        original = cls.render_lines

        def render_lines(self: Any, crop: Any, _original: Any = original, _name: str = name) -> Any:
            lines = _original(self, crop)
            drawn[_name].append(time.perf_counter())
            return lines

        cls.render_lines = render_lines  # type: ignore[method-assign]
    app = BriefApp([str(source) for source in sources], blink=False)
    samples: dict[str, list[float]] = {"enter": [], "mark": [], "category": [], "unread_only": []}
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await settled(app, pilot)
        labels = [label for label, _ in app.session.library.label_counts().most_common(ROUNDS)]

        async def measure(kind: str, change: Callable[[], Awaitable[None]]) -> None:
            await pilot.pause(0.2)  # let the detail pane settle first
            for lines in drawn.values():
                lines.clear()
            start = time.perf_counter()
            await change()
            await pilot.pause(0.2)
            firsts = [next((t for t in lines if t >= start), None) for lines in drawn.values()]
            if all(first is not None for first in firsts):
                samples[kind].append(max(first for first in firsts if first is not None) - start)

        screen.digest_list.focus()
        await pilot.press("down", "down")
        for _ in range(ROUNDS):
            await pilot.press("down")

            async def enter() -> None:
                await pilot.press("enter")  # the next digest chosen

            await measure("enter", enter)
            screen.digest_list.focus()
        screen.item_list.focus()
        for _ in range(ROUNDS):
            async def mark() -> None:
                await pilot.press("m", "down")

            await measure("mark", mark)
        for label in labels:
            async def choose(label: str = label) -> None:
                screen.set_category(label)

            await measure("category", choose)
        screen.set_category(None)
        for _ in range(ROUNDS // 2):
            for _twice in range(2):  # on, then off
                async def unread_only() -> None:
                    await pilot.press("u")

                await measure("unread_only", unread_only)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--digests", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, help="an existing corpus (default: the benchmark's own, made once)")
    args = parser.parse_args()
    corpus = corpus_of(args.digests, args.corpus)
    sources = sorted(path for path in corpus.iterdir() if path.is_dir())
    tmp = Path(tempfile.mkdtemp(prefix="brief-sources-"))
    try:
        samples = asyncio.run(keystrokes(sources, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results: dict[str, float] = {"digests": args.digests, "sources": len(sources)}
    for kind, values in samples.items():
        results[f"{kind}_p50_ms"] = pct(values, 0.5) * 1000
        results[f"{kind}_p95_ms"] = pct(values, 0.95) * 1000
        results[f"{kind}_n"] = len(values)
    print(f"\n{args.digests} digests in {len(sources)} sources\n")
    print("| keystroke | p50 | p95 | n |\n| --- | --- | --- | --- |")
    for kind in samples:
        print(f"| {kind} | {results[f'{kind}_p50_ms']:.0f} ms | {results[f'{kind}_p95_ms']:.0f} ms | {results[f'{kind}_n']:.0f} |")
    print()
    print(json.dumps({key: round(value, 4) for key, value in results.items()}))


if __name__ == "__main__":
    main()
