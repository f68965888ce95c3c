"""What `brief --items --json` writes: one JSON object per item, as `record` gives it and
`display.dumps` would write it, but made without a dict or an encoder call per item: a digest's
own fields are encoded once, an item's fields one string each, and the summaries come already
encoded (see `Library.json_summaries`). `record` + `display.dumps` stay the reference the tests
compare this with, byte for byte."""

from __future__ import annotations

import json.encoder
from collections.abc import Callable
from typing import IO, Any

from tui.core import display
from tui.core.corpus.library import Library
from tui.core.model import Digest, Item
from tui.core.query import folding

_encode_string: Callable[[str], str] = json.encoder.encode_basestring  # (the C one where there is one)
_encode = json.JSONEncoder(ensure_ascii=False).encode


def record(library: Library, item: Item, read: set[str], summary: str,
           carriers: folding.Carriers | None = None) -> dict[str, Any]:
    """An item as `--items --json` prints it (`carriers`: worked out for many items at once)."""
    digest = item.digest
    assert digest is not None
    first = folding.first_seen(library, item, carriers)
    return {
        "digest": digest.stem,
        "file": digest.path,
        "digest_title": digest.title,
        "date": digest.date.isoformat(),
        "date_from": digest.date_source,
        "number": item.number,
        "headline": item.headline,
        "author": library.author_name(item) or None,
        "author_id": library.author_id(item),
        "url": item.url,
        "key": item.key,
        "categories": list(digest.categories),
        "tags": list(digest.tags),
        "read": item.key in read,
        "first_seen": first.stem if first else digest.stem,
        "also_in": [d.stem for d in folding.also_in(library, item, carriers)],
        "section": item.section,
        "summary": summary,
    }


def _text(value: str | None) -> str:
    """A string (or None) as JSON, not escaped yet."""
    return "null" if value is None else _encode_string(value)


class _Own:
    """A digest's own fields, encoded and escaped once: the text before an item's number, the
    text between its key and its read mark, and the digest's stem."""

    __slots__ = ("head", "middle", "stem")

    def __init__(self, digest: Digest) -> None:
        self.head = display.json_safe(
            f'{{"digest": {_encode_string(digest.stem)}, "file": {_encode_string(digest.path)}, '
            f'"digest_title": {_encode_string(digest.title)}, "date": {_encode_string(digest.date.isoformat())}, '
            f'"date_from": {_encode_string(digest.date_source)}, "number": ')
        self.middle = display.json_safe(
            f', "categories": {_encode(list(digest.categories))}, "tags": {_encode(list(digest.tags))}, "read": ')
        self.stem = display.json_safe(_encode_string(digest.stem))


def write(library: Library, items: list[Item], read: set[str],
          summaries: Callable[[Digest, frozenset[int]], list[str]], out: IO[str], chunk: int = 1024) -> None:
    """Write the items as a JSON array, one object a line. `summaries`: a digest's summaries by
    place in its file, each already JSON (`Library.json_summaries`), given the places printed."""
    carriers = folding.carriers(library, items)  # every printed item's carriers in one pass over the stories
    places: dict[int, set[int]] = {}
    for item in items:
        places.setdefault(id(item.digest), set()).add(item.file_place)
    owns: dict[int, _Own] = {}
    stems: dict[int, str] = {}  # (the same digests' stems, looked up without a call)

    def own(digest: Digest) -> _Own:
        found = owns.get(id(digest))
        if found is None:
            found = owns[id(digest)] = _Own(digest)
            stems[id(digest)] = found.stem
        return found

    author_name, author_id, safe = library.author_name, library.author_id, display.json_safe
    lines: list[str] = []
    read_from: Digest | None = None
    texts: list[str] = []
    written = False
    mine: _Own | None = None
    out.write("[")
    for item in items:
        digest = item.digest
        assert digest is not None
        if digest is not read_from:  # items come digest by digest: each digest's summaries are read once
            read_from, texts, mine = digest, summaries(digest, frozenset(places[id(digest)])), own(digest)
        assert mine is not None
        carrying = carriers.get(item.key)
        if carrying:
            oldest = carrying[-1]
            first = stems.get(id(oldest)) or own(oldest).stem
            also = ", ".join([stems.get(id(other)) or own(other).stem for other in carrying if other is not digest])
        else:
            first, also = mine.stem, ""
        place = item.file_place
        lines.append("".join((
            mine.head, str(item.number), safe(
                f', "headline": {_encode_string(item.headline)}, "author": {_text(author_name(item) or None)}, '
                f'"author_id": {_text(author_id(item))}, "url": {_text(item.url)}, "key": {_encode_string(item.key)}'),
            mine.middle, "true" if item.key in read else "false", ', "first_seen": ', first, ', "also_in": [', also,
            '], "section": ', "null" if item.section is None else safe(_encode_string(item.section)),
            ', "summary": ', texts[place] if place < len(texts) else '""', "}",
        )))
        if len(lines) >= chunk:
            out.write(("," if written else "") + "\n  " + ",\n  ".join(lines))
            written, lines = True, []
    if lines:
        out.write(("," if written else "") + "\n  " + ",\n  ".join(lines))
    out.write("\n]\n" if items else "]\n")
