"""Parse files into index records, in several processes when there are many.

A record is what the index cache stores (tuples of strings), so results cross process
boundaries cheaply. Fewer than PARALLEL_MIN files, one CPU, or `BRIEF_WORKERS=1`: in-process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from tui.core.cache import index as index_cache
from tui.core.format import search_fold

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor  # (imported when there are many files to parse)

PARALLEL_MIN = 600
"""Below this many files to parse, starting worker processes costs more than it saves."""
CHUNK = 100
"""Files per unit of work: small enough that the workers finish close together and the first
results come soon (the first screen), large enough that handing them out costs little."""

Result = tuple[str, "tuple[object, ...] | None", bytes, str | None, bool]
"""(path, record or None, folded search texts (`search_fold.encode`: bytes cross cheaply), why it was
skipped, whether that lasts while the file is unchanged: true for what the content causes, false for errors reading it)."""


def index_one(path: str) -> Result:
    """Parse one file into its cache record; a bad file gives a reason instead."""
    from tui.core.format.parser import SkipFile, read_file

    try:
        parsed = read_file(path, summaries=False, packed=True)  # (items travel packed: no Item objects made)
    except SkipFile as exc:
        return path, None, b"", str(exc), True
    except OSError as exc:
        return path, None, b"", f"cannot read: {exc.strerror or exc}", False
    except RecursionError:
        return path, None, b"", "nested too deeply to read (lists or quotes over a thousand levels deep); skipped", True
    except Exception as exc:  # noqa: BLE001 - never let one file stop the rest
        return path, None, b"", f"could not be parsed ({type(exc).__name__}: {exc}); skipped", True
    return path, index_cache.encode(parsed.digest), search_fold.encode(parsed.search_texts), None, False


def index_chunk(paths: list[str]) -> list[Result]:
    """Parse a batch (the unit of work a worker process gets)."""
    return [index_one(path) for path in paths]


def _workers() -> int:
    wanted = os.environ.get("BRIEF_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return min(4, os.cpu_count() or 1)


def index_files(paths: list[str], progress: Callable[[int], None] | None = None) -> Iterator[Result]:
    """Results for `paths`, in order; `progress` gets how many are done so far."""
    workers = _workers()
    if len(paths) < PARALLEL_MIN or workers < 2:
        for done, path in enumerate(paths, start=1):
            yield index_one(path)
            if progress is not None and done % 200 == 0:
                progress(done)
        return
    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    finished = 0
    done = 0
    try:
        pool, starting = _start_pool(workers)
    except Exception:  # noqa: BLE001 - no worker processes here: parse in-process
        pool = None
    if pool is not None:
        try:
            mapped = pool.map(index_chunk, chunks[1:])  # (handed out at once, in order)
            # This process parses the first chunk while the workers start (spawned, each is an
            # interpreter and its imports first): the first results come at once.
            results = index_chunk(chunks[0])
            finished, done = 1, len(results)
            yield from results
            if progress is not None:
                progress(done)
            for probe in starting:
                probe.result(timeout=30)  # (workers that never start: the rest is parsed here)
            for results in mapped:
                finished += 1
                done += len(results)
                yield from results
                if progress is not None:
                    progress(done)
        except Exception:  # noqa: BLE001, S110 - a worker died: finish what is left in-process
            pass
        finally:
            pool.shutdown(wait=finished == len(chunks), cancel_futures=True)
    for chunk in chunks[finished:]:
        yield from index_chunk(chunk)
        finished += 1
        if progress is not None:
            progress(sum(len(c) for c in chunks[:finished]))


def _worker_start() -> None:
    """In a worker: nothing it prints may reach the terminal (the reader owns it), and the
    cyclic collector leaves alone what the imports made and collects young objects only
    seldom (a file's parse is freed by reference counting as it ends; the default thresholds
    spent ~6% of a worker's time walking the same young objects)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    import gc

    from tui.core import collector

    gc.freeze()
    gc.set_threshold(*collector.YOUNG_THRESHOLDS)


def _start_method() -> str:
    """`fork` where it is safe and cheaper: on Linux, in a process running no other thread (the
    command line's first run), with the parser imported first, so the workers start with it
    (spawning one costs an interpreter and its imports, ~0.1 s each of both cores' time). Beside
    other threads (the reader's), or on macOS (where forking breaks system libraries), `spawn`."""
    import sys
    import threading

    if sys.platform == "linux" and threading.active_count() == 1:
        from tui.core.format import parser  # noqa: F401 - (imported here so every worker has it)

        return "fork"
    return "spawn"


def _start_pool(workers: int) -> tuple[ProcessPoolExecutor, list[Future[int]]]:
    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    saved = sys.stderr
    try:
        # Under the reader, sys.stderr is Textual's capture; multiprocessing needs a real one.
        if sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        context = multiprocessing.get_context(_start_method())
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start)
        # One small task for each worker: spawned workers start as tasks come and find none idle,
        # so they start together (with one task, the second would start once the first is up).
        return pool, [pool.submit(int) for _ in range(workers)]
    finally:
        sys.stderr = saved
