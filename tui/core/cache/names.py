"""The name of every file under the cache dir (see the inventory in this package's docstring)."""

from __future__ import annotations

import zlib
from pathlib import Path

CRASH_LOG = "crash.log"


def index_file(cache_dir: Path, roots: list[str]) -> Path:
    """The index cache file for this set of folders."""
    blob = "\0".join(sorted(roots)).encode("utf-8", "surrogatepass")
    digest = f"{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}"  # hashlib would load OpenSSL (11 ms)
    return cache_dir / f"index-{digest}.bin"


def stories_file(index: Path) -> Path:
    """The stories file that goes with an index cache file."""
    return index.with_name(index.name.replace("index-", "stories-", 1))


def search_file(index: Path) -> Path:
    """The search texts file that goes with an index cache file."""
    return index.with_name(index.name.replace("index-", "search-", 1))


def postings_file(search: Path) -> Path:
    """The search postings file that goes with a search texts file."""
    return search.with_name(search.name.replace("search-", "postings-", 1))


def summaries_file(index: Path) -> Path:
    """The summaries file that goes with an index cache file."""
    return index.with_name(index.name.replace("index-", "summaries-", 1))


def crash_log(cache_dir: Path) -> Path:
    """Where the traceback of an unexpected error is written."""
    return cache_dir / CRASH_LOG
