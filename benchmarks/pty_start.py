"""Warm start in a real terminal: the reader and a bare Textual app, each run under a pseudo-
terminal of 120×35, timed from spawn until known texts are drawn: for the reader, the first
item's link and the first words of its summary in the detail pane (so the first screen is
complete: both lists and the detail, summary included; a summary drawn a frame after the head
would be caught); for the bare app, its one label. Five interleaved pairs; medians.

Both run with bytecode written and read, as an install does (the environment's
PYTHONDONTWRITEBYTECODE would have the reader compile every module of its own at each start).

    python benchmarks/pty_start.py [--digests 10000] [--pairs 5] [--corpus PATH]

The corpus is benchmarks/generate.py's (made if missing); the index cache is made first.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import corpus_of  # noqa: E402
from benchmarks.run import env_for  # noqa: E402

COLUMNS, LINES = 120, 35
_ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|[()][0-9A-Za-z]|[=>78DEHMNOZc])")

BARE = """
from textual.app import App, ComposeResult
from textual.widgets import Label

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("bare-textual-is-drawn")

Bare().run()
"""


def drawn_after(argv: list[str], needles: list[str], env: dict[str, str], timeout: float = 30.0) -> float:
    """Seconds from spawn until every one of `needles` is in what the program drew (escape
    sequences left out)."""
    import fcntl
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
                             close_fds=True, cwd=ROOT)  # (`-m tui` finds the package in its cwd first: this tree's)
    os.close(slave)
    seen = b""
    wanted = [needle.encode() for needle in needles]
    found = float("nan")
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            drawn = _ESCAPES.sub(b"", seen)
            if all(needle in drawn for needle in wanted):
                found = time.perf_counter() - start
                break
    finally:
        try:
            os.killpg(child.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        os.close(master)
    return found


def first_detail(corpus: Path, env: dict[str, str]) -> list[str]:
    """What the detail pane shows at start: the first item's link (its first 40 characters) and
    the first words of its summary (the leading run of word characters, up to 8 of them; left out
    when shorter than 4: a summary that starts with Markdown syntax)."""
    listed = subprocess.run([sys.executable, "-m", "tui", "--list", "--json", str(corpus)], capture_output=True,
                            text=True, env=env, check=True, cwd=ROOT)
    newest = json.loads(listed.stdout)[0]["digest"]
    items = subprocess.run([sys.executable, "-m", "tui", "--items", "--json", "--digest", newest, str(corpus)],
                           capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    first = json.loads(items.stdout)[0]
    words = re.match(r"\w*", first.get("summary") or "")
    start = words.group()[:8] if words else ""
    return [first["url"][:40], *([start] if len(start) >= 4 else [])]


def measure(corpus: Path, pairs: int, tmp: Path) -> dict[str, float]:
    env = {**env_for(tmp), "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES)}
    env.pop("TEXTUAL", None)
    subprocess.run([sys.executable, "-m", "tui", "--list", str(corpus)], capture_output=True, env=env, check=False, cwd=ROOT)
    needles = first_detail(corpus, env)
    bare_file = tmp / "bare.py"
    bare_file.write_text(BARE, encoding="utf-8")
    bare, reader = [], []
    for _ in range(pairs):  # interleaved: both see the same machine
        bare.append(drawn_after([sys.executable, str(bare_file)], ["bare-textual-is-drawn"], env))
        reader.append(drawn_after([sys.executable, "-m", "tui", str(corpus)], needles, env))
    return {"pty_bare_s": statistics.median(bare), "pty_reader_s": statistics.median(reader),
            "pty_ratio": statistics.median(reader) / statistics.median(bare),
            "pty_bare_all": bare, "pty_reader_all": reader}  # type: ignore[dict-item]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--digests", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, help="a corpus of your own (e.g. the mixed-layout one) instead")
    args = parser.parse_args()
    corpus = corpus_of(args.digests, args.corpus)
    tmp = Path(tempfile.mkdtemp(prefix="brief-pty-"))
    try:
        found = measure(corpus, args.pairs, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"warm start in a pty ({COLUMNS}×{LINES}), {corpus}, to the first item's detail and summary: "
          f"{found['pty_reader_s']:.3f} s; bare Textual {found['pty_bare_s']:.3f} s; {found['pty_ratio']:.2f}× (target ≤ 1.5×)")
    print(json.dumps({k: (round(v, 4) if isinstance(v, float) else [round(x, 4) for x in v]) for k, v in found.items()}))


if __name__ == "__main__":
    main()
