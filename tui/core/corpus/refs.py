"""References to items from the shell: `STEM#N`, `N`, a path suffix, or a URL/key."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable

from tui.core import display
from tui.core.corpus.library import Library
from tui.core.format.links import canonical_key
from tui.core.model import Digest, Item


class RefError(Exception):
    """The reference names no item, or more than one; the message says which."""


def find_digest(library: Library, ref: str) -> Digest:
    """A digest by stem, unique stem prefix, or path suffix (`cn/2025-08/2025-08-10`)."""
    if not library.digests:
        raise RefError("no digests were found")
    ref = ref.strip()
    if "/" in ref or os.sep in ref:
        suffix = ref.replace(os.sep, "/").rstrip("/")
        for ext in (".md", ".markdown"):
            if suffix.lower().endswith(ext):
                suffix = suffix[: -len(ext)]
        matches = [
            d for d in library.digests
            if os.path.splitext(d.path.replace(os.sep, "/"))[0].endswith("/" + suffix.lstrip("/"))
        ]
    else:
        matches = [d for d in library.digests if d.stem == ref]
        if not matches:  # (the name as `--items` prints it: a tab or newline in it as a space, a control as �)
            matches = [d for d in library.digests if not d.stem.isprintable() and display.one_line(d.stem) == ref]
        if not matches:
            matches = [d for d in library.digests if d.stem.startswith(ref)]
    if not matches:
        raise RefError(f"no digest named {ref!r}")
    if len(matches) > 1:
        names = ", ".join(sorted({display.shown_path(d.path) for d in matches})[:4])  # (as --list and the problems show them)
        more = "" if len(matches) <= 4 else f" and {len(matches) - 4} more"
        raise RefError(f"{ref!r} matches {len(matches)} digests ({names}{more}); give more of the name or a path suffix")
    return matches[0]


def ref_names(library: Library) -> Callable[[Digest], str]:
    """Each digest's name in a `NAME#N` reference that `find_digest` takes back to it: its stem,
    or, where other digests share the stem (the same file name in two folders, `index.md` page
    bundles), the shortest path suffix that is its own (`dupB/2026-12-01`)."""
    counts = Counter(digest.stem for digest in library.digests)
    shared: dict[str, list[Digest]] = {}
    for digest in library.digests:
        if counts[digest.stem] > 1:
            shared.setdefault(digest.stem, []).append(digest)
    names: dict[int, str] = {}
    for digests in shared.values():
        paths = [os.path.splitext(d.path.replace(os.sep, "/"))[0].split("/") for d in digests]
        left = list(zip(digests, paths))
        depth = 2
        while left:
            # A suffix names one digest when no other's path ends with it: none of the same
            # stem has the same last `depth` parts (a digest of another stem never ends so).
            taken = Counter("/".join(path[-depth:]) for path in paths)
            rest = []
            for digest, path in left:
                suffix = "/".join(path[-depth:])
                if taken[suffix] == 1:
                    names[id(digest)] = suffix
                elif depth >= len(path):
                    names[id(digest)] = digest.path
                else:
                    rest.append((digest, path))
            left = rest
            depth += 1
    return lambda digest: names.get(id(digest), digest.stem)


def find_item(library: Library, ref: str) -> Item:
    """The item a reference names. Raises RefError with the reason."""
    text = ref.strip()
    if not text:
        raise RefError("empty reference")
    if text.isdigit():
        if not library.digests:
            raise RefError("no digests were found")
        return _nth(library.digests[0], int(text))
    stem, hash_, number = text.rpartition("#")
    if hash_ and number.isdigit() and stem and "://" not in text:
        return _nth(find_digest(library, stem), int(number))
    key = canonical_key(text)
    for item in library.items():
        if item.key == key or item.key == text or item.url == text:
            return item
    if "://" in text or ":" in text:
        raise RefError("no item has that link or key")
    raise RefError("not a reference: use STEM#N, N, or an item's URL")


def _nth(digest: Digest, number: int) -> Item:
    if 1 <= number <= len(digest.items):
        return digest.items[number - 1]
    if not digest.items:
        raise RefError(f"digest {digest.stem} has no items")
    raise RefError(f"digest {digest.stem} has items 1-{len(digest.items)}, not {number}")
