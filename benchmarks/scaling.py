"""The scaling check: every command-line path and the reader's warm start at a small and a
large corpus (10× the digests). A path whose time grows faster than the data (over 12× for
10× the digests) is printed as a failure, in red.

    python benchmarks/scaling.py [--small 1000] [--large 10000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import corpus_of  # noqa: E402
from benchmarks.run import cli, env_for, startup  # noqa: E402

LIMIT = 12.0
"""10× the data may cost at most this many times the time."""
RED, PLAIN = "\033[31m", "\033[0m"

PATHS: list[tuple[str, list[str]]] = [
    ("--list", ["--list"]),
    ("--list --json", ["--list", "--json"]),
    ("--items", ["--items"]),
    ("--items --json", ["--items", "--json"]),
    ("--items --unread", ["--items", "--unread"]),
    ("--items --author", ["--items", "--json", "--author", "user007"]),
    ("--items --category", ["--items", "--category", "{category}"]),
    ("--items --search", ["--items", "--search", "模型"]),
    ("--items --digest", ["--items", "--digest", "{newest}"]),
    ("--items --since (a week)", ["--items", "--since", "1w"]),
    ("--items --since (everything)", ["--items", "--since", "1000w"]),
    ("--open --print", ["--open", "{newest}#3", "--print"]),
]
CAUGHT_UP: list[tuple[str, list[str]]] = [
    ("--items --unread (read up to a week ago)", ["--items", "--unread"]),
    ("--items --json --unread (read up to a week ago)", ["--items", "--json", "--unread"]),
    ("--list (read up to a week ago)", ["--list"]),
]
"""Paths measured again once every story first seen over a week before the newest digest is read."""

CATCH_UP = """
import sys
from datetime import timedelta
from tui.core import paths
from tui.core.session import Session
session = Session([sys.argv[1]], paths.cache_dir(), paths.data_dir())
session.load_now()
session.open_store()
digests = session.library.digests
week = digests[0].date - timedelta(days=7)
recent = {item.key for digest in digests if digest.date >= week for item in digest.items}
session.mark_read({item.key for digest in digests if digest.date < week for item in digest.items} - recent)
session.close()
"""


def measure(corpus: Path, tmp: Path) -> dict[str, float]:
    """Seconds of each path (warm: the index is made first), and of the reader's warm start."""
    subprocess.run([sys.executable, "-m", "tui", "--list", str(corpus)], capture_output=True, env=env_for(tmp), check=False)
    newest = sorted(corpus.rglob("*.md"))[-1].stem
    found: dict[str, float] = {}
    found["--items --json, its first run (cuts every summary out of its file once)"] = cli(
        ["--items", "--json", str(corpus)], tmp, runs=1)
    for name, args in PATHS:
        filled = [a.format(newest=newest, category="类别03") for a in args]
        found[name] = cli([*filled, str(corpus)], tmp, runs=3 if "--json" not in args else 1)
    found["reader warm start"] = statistics.median(startup("reader", corpus, tmp)["seconds"] for _ in range(3))
    subprocess.run([sys.executable, "-c", CATCH_UP, str(corpus)], env=env_for(tmp), check=True)
    for name, args in CAUGHT_UP:
        found[name] = cli([*args, str(corpus)], tmp, runs=3 if "--json" not in args else 1)
    from benchmarks.pty_start import measure as pty_measure

    pty = pty_measure(corpus, 3, tmp)  # (a real terminal, with the read marks of a reader who keeps up)
    found["reader warm start in a pty (read up to a week ago)"] = pty["pty_reader_s"]
    found["  bare Textual in a pty, beside it"] = pty["pty_bare_s"]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "tui")], check=False, capture_output=True)
    results = {}
    for size in (args.small, args.large):
        tmp = Path(tempfile.mkdtemp(prefix="brief-scaling-"))
        try:
            results[size] = measure(corpus_of(size), tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    factor = args.large / args.small
    limit = LIMIT * factor / 10
    print(f"\n| path | {args.small:,} digests | {args.large:,} digests | ratio (≤ {limit:.0f}×) |")
    print("| --- | --- | --- | --- |")
    failed = 0
    for name in results[args.small]:
        small, large = results[args.small][name], results[args.large][name]
        ratio = large / small if small else float("inf")
        bad = ratio > limit
        failed += bad
        mark = f"{RED}{ratio:.1f}× FAIL{PLAIN}" if bad and sys.stdout.isatty() else f"{ratio:.1f}×" + (" FAIL" if bad else "")
        print(f"| {name} | {small:.2f} s | {large:.2f} s | {mark} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
