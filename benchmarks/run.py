"""Brief's benchmark: cold index, warm start, filter latency, memory and CLI at N digests.

    python benchmarks/run.py --digests 10000

Makes (once) a seeded synthetic corpus, then measures each figure beside its baseline in the
same run, and prints a table and one JSON line. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import corpus_of, make_mixed_corpus  # noqa: E402


def env_for(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode compiled once, as an install does
    env.update(
        XDG_DATA_HOME=str(tmp / "data"),
        XDG_CACHE_HOME=str(tmp / "cache"),
        XDG_CONFIG_HOME=str(tmp / "config"),
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    return env


def baseline_read_front_matter(corpus: Path) -> float:
    """Read every file and load its front matter (YAML, libyaml) only."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.perf_counter()
    for path in corpus.rglob("*.md"):
        text = path.read_bytes().decode("utf-8")
        if text.startswith("---\n"):
            end = text.find("\n---", 4)
            yaml.load(text[4:end], Loader=loader)  # noqa: S506
    return time.perf_counter() - start


def baseline_read_and_parse(corpus: Path) -> float:
    """Read every file and give it one fast CommonMark parse (pulldown-cmark's events) only."""
    import pyromark

    start = time.perf_counter()
    for path in corpus.rglob("*.md"):
        tuple(pyromark.events(path.read_bytes().decode("utf-8")))
    return time.perf_counter() - start


def mixed(files: int, tmp: Path) -> dict[str, float]:
    """The mixed-layout corpus: cold index beside read + one fast parse, warm start beside bare Textual."""
    corpus = Path(tempfile.gettempdir()) / f"brief-mixed-{files}"
    if not corpus.exists():
        print(f"making {files} mixed-layout digests in {corpus} …", file=sys.stderr)
        make_mixed_corpus(corpus, files)
    baseline_read_and_parse(corpus)  # warm the page cache first
    found: dict[str, float] = {"mixed_files": files}
    found["mixed_cold_s"], found["mixed_baseline_s"] = cold_beside(corpus, tmp, baseline_read_and_parse)
    found["mixed_cold_ratio"] = found["mixed_cold_s"] / found["mixed_baseline_s"]
    subprocess.run([sys.executable, "-m", "tui", "--list", str(corpus)], capture_output=True, env=env_for(tmp), check=False)
    bare, reader = [], []
    for _ in range(5):
        bare.append(startup("bare", corpus, tmp)["seconds"])
        reader.append(startup("reader", corpus, tmp)["seconds"])
    found["mixed_bare_s"] = statistics.median(bare)
    found["mixed_warm_s"] = statistics.median(reader)
    found["mixed_warm_ratio"] = found["mixed_warm_s"] / found["mixed_bare_s"]
    from benchmarks.pty_start import measure as pty_measure

    pty = pty_measure(corpus, 5, tmp)  # a real terminal, as for the main corpus
    found.update(mixed_pty_bare_s=pty["pty_bare_s"], mixed_pty_reader_s=pty["pty_reader_s"], mixed_pty_ratio=pty["pty_ratio"])
    return found


COLD_RUNS = 3
"""Cold indexes measured, each beside a run of its baseline (this machine's speed drifts by tens
of percent within minutes: one pair would say more about the minute than about the code)."""


def cold_beside(corpus: Path, tmp: Path, baseline: Callable[[Path], float]) -> tuple[float, float]:
    """The cold index and its baseline, COLD_RUNS of each interleaved: their medians."""
    colds, bases = [], []
    for _ in range(COLD_RUNS):
        bases.append(baseline(corpus))
        colds.append(cold_index(corpus, tmp))
    return statistics.median(colds), statistics.median(bases)


def cold_index(corpus: Path, tmp: Path) -> float:
    """Parse everything into an empty cache, in a fresh process (as a first run would)."""
    cache = tmp / "cold-cache"
    shutil.rmtree(cache, ignore_errors=True)
    code = (
        "import time,sys; t=time.perf_counter(); from tui.core.corpus.loading import load_library; from pathlib import Path;"
        f"lib=load_library([{str(corpus)!r}], Path({str(cache)!r})); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env_for(tmp), check=True)
    return float(out.stdout.strip())


def startup(mode: str, corpus: Path, tmp: Path) -> dict[str, float]:
    start = time.time()
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "startup.py"), mode, str(corpus), repr(start)],
        capture_output=True, text=True, env=env_for(tmp), check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def cli(args: list[str], tmp: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, env=env_for(tmp), check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


SEARCH_KINDS = ("search_first", "search_later", "search_delete", "search_clear")
"""The typed search's figures: the first letter, the later ones, deleting one, clearing the box."""
SEARCH_WORDS = 12


async def settled(app: Any, pilot: Any) -> Any:
    """Wait until a headless reader has loaded and its background work is done; its screen."""
    from tui.screens.reader import ReaderScreen

    while not app.session.generation or app.session.checking:
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()  # steady state: the background preparation is done
    await pilot.pause(0.5)
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def filter_latency(corpus: Path, tmp: Path) -> dict[str, list[float]]:
    """Keystroke (or filter chosen) to the item list's first redrawn line, in a real headless reader."""
    for key, value in env_for(tmp).items():
        os.environ[key] = value
    from itertools import repeat
    from operator import contains

    from tui.app import BriefApp
    from tui.widgets.item_list import ItemList

    drawn: list[float] = []
    original = ItemList.render_line

    def render_line(self: ItemList, y: int):  # noqa: ANN202
        drawn.append(time.perf_counter())
        return original(self, y)

    ItemList.render_line = render_line  # type: ignore[method-assign]
    app = BriefApp([str(corpus)], blink=False)
    samples: dict[str, list[float]] = {"category": [], "author": [], "unread_only": [], **{kind: [] for kind in SEARCH_KINDS},
                                       "scan": [], "search_ready_s": [], "postings_ready_s": [], "mark": [],
                                       "mark_caught_up": [], "mark_searching": []}
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await settled(app, pilot)
        library = app.session.library
        labels = [label for label, _ in library.label_counts().most_common(12)]
        authors = [ident for ident, _ in library.author_counts().most_common(12)]

        async def measure(kind: str, change) -> None:  # noqa: ANN001
            await pilot.pause(0.2)  # let the detail pane settle first
            drawn.clear()
            start = time.perf_counter()
            await change()
            await pilot.pause(0.2)
            after = [t for t in drawn if t >= start]
            if after:
                samples[kind].append(after[0] - start)

        for label in labels:
            async def choose(label: str = label) -> None:
                screen.set_category(label)
            await measure("category", choose)
        screen.set_category(None)
        for ident in authors:
            async def choose_author(ident: str = ident) -> None:
                screen.set_author(ident)
            await measure("author", choose_author)
        screen.set_author(None)
        for _ in range(12):  # on, then off, six times
            async def unread_only() -> None:
                await pilot.press("u")
            await measure("unread_only", unread_only)
        asked = time.perf_counter()
        await pilot.press("slash")
        while not library.search.ready:
            await pilot.pause(0.05)
        samples["search_ready_s"].append(time.perf_counter() - asked)
        while app.session.builder._whole is None:  # the postings, lined up with the list (steady state)
            await pilot.pause(0.05)
        samples["postings_ready_s"].append(time.perf_counter() - asked)
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        items = list(library.items())
        texts = [item.folded or "" for item in items]
        headlines = [item.headline for item in items[:: max(1, len(items) // SEARCH_WORDS)][:SEARCH_WORDS]]
        for number, headline in enumerate(headlines):
            word = headline[2:7]
            for at, char in enumerate(word):
                async def type_char(char: str = char) -> None:
                    await pilot.press(char)
                await measure("search_first" if at == 0 else "search_later", type_char)
            start = time.perf_counter()
            bytes(map(contains, texts, repeat(word[:1].casefold())))  # the baseline: a first letter tested against every text
            samples["scan"].append(time.perf_counter() - start)
            if number % 2:  # half the words cleared at once (ctrl+u), half letter by letter
                async def clear_all() -> None:
                    await pilot.press("ctrl+u")
                await measure("search_clear", clear_all)
                continue
            for at in range(len(word)):
                async def delete() -> None:
                    await pilot.press("backspace")
                await measure("search_delete" if at < len(word) - 1 else "search_clear", delete)
        # `m` with hardly a story read, then once most are (a reader of years of digests: every
        # story but the newest fifth's), in the whole list and under a one-letter search.
        async def mark() -> None:
            await pilot.press("m")

        screen.filters = replace(screen.filters, search="")
        await pilot.pause(0.5)
        screen.item_list.focus()
        for _ in range(12):  # read, unread, read… the item under the cursor
            await measure("mark", mark)
        keys = {item.key for digest in library.digests[len(library.digests) // 5 :] for item in digest.items}
        app.session.mark_read(keys)
        screen.refresh_view()
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        for kind, needle in (("mark_caught_up", ""), ("mark_searching", headlines[0][2:3])):
            screen.filters = replace(screen.filters, search=needle)
            await pilot.pause(0.5)
            screen.item_list.focus()
            for _ in range(12):
                await measure(kind, mark)
    return samples


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--digests", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, help="where the corpus is (made if missing)")
    parser.add_argument("--skip-filters", action="store_true", help="skip the filter latency run")
    parser.add_argument("--mixed", type=int, default=5_000, help="files in the mixed-layout corpus (0: skip it)")
    args = parser.parse_args()
    corpus = corpus_of(args.digests, args.corpus)
    tmp = Path(tempfile.mkdtemp(prefix="brief-bench-"))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "tui")], check=False, capture_output=True)
    try:
        results: dict[str, float] = {"digests": args.digests}
        baseline_read_front_matter(corpus)  # warm the page cache first
        results["cold_index_s"], results["baseline_s"] = cold_beside(corpus, tmp, baseline_read_front_matter)
        results["cold_ratio"] = results["cold_index_s"] / results["baseline_s"]
        subprocess.run([sys.executable, "-m", "tui", "--list", str(corpus)], capture_output=True, env=env_for(tmp), check=False)
        bare, reader = [], []
        for _ in range(5):  # interleaved, so both see the same machine
            bare.append(startup("bare", corpus, tmp)["seconds"])
            reader.append(startup("reader", corpus, tmp))
        results["bare_start_s"] = statistics.median(bare)
        results["warm_start_s"] = statistics.median(r["seconds"] for r in reader)
        results["warm_ratio"] = results["warm_start_s"] / results["bare_start_s"]
        loaded = startup("loaded", corpus, tmp)
        results["loaded_s"] = loaded["seconds"]
        results["peak_rss_mb"] = loaded["rss_mb"]
        first = sorted(corpus.rglob("*.md"))[-1].stem
        results["cli_list_s"] = cli(["--list", str(corpus)], tmp)
        results["cli_items_author_s"] = cli(["--items", "--json", "--author", "user007", str(corpus)], tmp)
        results["cli_open_print_s"] = cli(["--open", f"{first}#3", "--print", str(corpus)], tmp)
        from benchmarks.pty_start import measure as pty_measure

        pty = pty_measure(corpus, 5, tmp)  # a real terminal: spawn to the first item's detail drawn
        results.update({key: value for key, value in pty.items() if isinstance(value, float)})
        if args.mixed:
            results.update(mixed(args.mixed, tmp))
        if not args.skip_filters:
            samples = asyncio.run(filter_latency(corpus, tmp))
            for kind, values in samples.items():
                if kind.endswith("_s"):
                    results[kind] = values[0]
                    continue
                results[f"{kind}_p50_ms"] = pct(values, 0.5) * 1000
                results[f"{kind}_p95_ms"] = pct(values, 0.95) * 1000
                results[f"{kind}_n"] = len(values)
            searched = startup("searched", corpus, tmp)  # a fresh reader: the postings are read from the cache now
            results["searched_s"] = searched["seconds"]
            results["searched_rss_mb"] = searched["rss_mb"]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows = [
        ("cold index", f"{results['cold_index_s']:.2f} s", f"baseline {results['baseline_s']:.2f} s, {results['cold_ratio']:.1f}×", "≤ 3 s, ≤ 5×"),
        ("warm start to filled lists", f"{results['warm_start_s']:.2f} s", f"bare Textual {results['bare_start_s']:.2f} s, {results['warm_ratio']:.2f}×", "≤ 1.5×"),
        ("warm start in a pty, to the first detail", f"{results['pty_reader_s']:.2f} s", f"bare Textual {results['pty_bare_s']:.2f} s, {results['pty_ratio']:.2f}×", "≤ 1.5×"),
        ("peak RSS (reader, loaded)", f"{results['peak_rss_mb']:.0f} MB", f"every item unpacked after {results['loaded_s']:.2f} s", "≤ 300 MB"),
        ("brief --list", f"{results['cli_list_s']:.2f} s", "warm", "≤ 0.3 s"),
        ("brief --items --json --author", f"{results['cli_items_author_s']:.2f} s", "warm", "≤ 0.3 s"),
        ("brief --open REF --print", f"{results['cli_open_print_s']:.2f} s", "warm", "≤ 0.3 s"),
    ]
    if "mixed_cold_s" in results:
        rows.append((f"mixed layouts: cold index, {results['mixed_files']:.0f} files", f"{results['mixed_cold_s']:.2f} s",
                     f"read + one fast parse {results['mixed_baseline_s']:.2f} s, {results['mixed_cold_ratio']:.1f}×",
                     "≤ 5 s, ≤ 3×"))
        rows.append(("mixed layouts: warm start", f"{results['mixed_warm_s']:.2f} s",
                     f"bare Textual {results['mixed_bare_s']:.2f} s, {results['mixed_warm_ratio']:.2f}×", "≤ 1.5×"))
        rows.append(("mixed layouts: warm start in a pty, to the first detail", f"{results['mixed_pty_reader_s']:.2f} s",
                     f"bare Textual {results['mixed_pty_bare_s']:.2f} s, {results['mixed_pty_ratio']:.2f}×", "≤ 1.5×"))
    for kind in ("category", "author", "unread_only"):
        if f"{kind}_p50_ms" in results:
            rows.append((f"{kind.replace('_', '-')} filter latency", f"p50 {results[f'{kind}_p50_ms']:.0f} ms", f"p95 {results[f'{kind}_p95_ms']:.0f} ms", "p50 ≤ 16, p95 ≤ 50 ms"))
    if results.get("mark_n"):
        fresh = f"hardly a story read: p50 {results['mark_p50_ms']:.0f} ms"
        for kind, name in (("mark_caught_up", "m, four fifths of the stories read"),
                           ("mark_searching", "m under a one-letter search, the same")):
            rows.append((name, f"p50 {results[f'{kind}_p50_ms']:.0f}, p95 {results[f'{kind}_p95_ms']:.0f} ms", fresh,
                         "no slower than with hardly a story read"))
    if "search_first_p50_ms" in results:
        scan = f"scanning every text: p50 {results['scan_p50_ms']:.0f} ms"
        names = {"search_first": "first letter", "search_later": "later letters", "search_delete": "deleting a letter",
                 "search_clear": "clearing it (backspace, ctrl+u)"}
        for kind, name in names.items():
            rows.append((f"search typed: {name}", f"p50 {results[f'{kind}_p50_ms']:.0f}, p95 {results[f'{kind}_p95_ms']:.0f} ms",
                         f"n = {results[f'{kind}_n']:.0f}" + (f"; {scan}" if kind == "search_first" else ""),
                         "p95 ≤ 50 ms"))
        rows.append(("search ready after `/`", f"{results['search_ready_s']:.2f} s texts, {results['postings_ready_s']:.2f} s postings",
                     f"postings made (no cache); from the cache: {results['searched_s']:.2f} s after start", "—"))
        rows.append(("peak RSS, search texts and postings in", f"{results['searched_rss_mb']:.0f} MB",
                     f"without: {results['peak_rss_mb']:.0f} MB", "—"))
    print(f"\n{args.digests} digests, {args.digests * 16} items\n")
    print("| figure | measured | beside | target |\n| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print(json.dumps({k: round(v, 4) for k, v in results.items()}))


if __name__ == "__main__":
    main()
