"""The index cache: what earlier runs parsed, reused while a file's mtime and size are unchanged.

A JSON file in the user cache dir, one per set of folders, schema-versioned. It holds every
digest's metadata and items but no summaries. Anything wrong with it means "no cache".
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.core.model import Digest, Item

SCHEMA = 1
MAGIC = "brief-index"


def cache_file(cache_dir: Path, roots: list[str]) -> Path:
    """The cache file for this set of folders."""
    digest = hashlib.sha1("\0".join(sorted(roots)).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return cache_dir / f"index-{digest}.json"


def stem_of(path: str) -> str:
    """The file name without its extension."""
    return os.path.splitext(os.path.basename(path))[0]


def encode(digest: Digest) -> list[Any]:
    """A digest as a compact JSON-ready record."""
    return [
        digest.mtime_ns,
        digest.size,
        digest.title,
        digest.date.isoformat(),
        digest.date_source,
        list(digest.categories),
        list(digest.tags),
        list(digest.warnings),
        [[i.headline, i.author, i.handle, i.url, i.key] for i in digest.items],
    ]


def decode(path: str, record: list[Any]) -> Digest:
    """A digest from its record. Raises on a malformed record."""
    mtime_ns, size, title, date, source, categories, tags, warnings, items = record
    digest = Digest(
        path=path,
        stem=stem_of(path),
        title=str(title),
        date=datetime.fromisoformat(date),
        date_source=str(source),
        categories=tuple(categories),
        tags=tuple(tags),
        warnings=tuple(warnings),
        mtime_ns=int(mtime_ns),
        size=int(size),
    )
    if digest.date.tzinfo is None:
        raise ValueError("naive date in cache")
    digest.items = [
        Item(number, headline, author, handle, url, key, digest)
        for number, (headline, author, handle, url, key) in enumerate(items, start=1)
    ]
    return digest


def load(file: Path) -> dict[str, list[Any]]:
    """Path → record from the cache file; empty when it is missing, corrupt or foreign."""
    try:
        with open(file, "rb") as handle:
            data = json.loads(handle.read())
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("magic") != MAGIC or data.get("schema") != SCHEMA:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def save(file: Path, records: dict[str, list[Any]]) -> None:
    """Write the cache atomically; failing to write it is not an error."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".index-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps({"magic": MAGIC, "schema": SCHEMA, "files": records}, ensure_ascii=False, separators=(",", ":")))
            os.replace(tmp, file)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except (OSError, ValueError, UnicodeEncodeError):
        pass
