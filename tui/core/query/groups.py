"""Sources: the folders (or files) a library was given, each a group of the digest list when
there is more than one, and the source filter (`--source`, the picker, a group's header)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter, is_, itemgetter

from tui.core.model import Digest


def roots_of(paths: Iterable[str]) -> list[str]:
    """The folders (or files) a library was given, as absolute paths (how the state store
    keeps them and how a source is named in a filter)."""
    found: list[str] = []
    for path in paths:
        root = os.path.abspath(path)
        if root not in found:
            found.append(root)
    return found


def under(path: str, root: str) -> bool:
    """Whether a digest file is the root given, or inside it."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def root_of(path: str, roots: Sequence[str]) -> str | None:
    """The given folder (or file) a digest file was found under (the deepest, when one given
    folder holds another)."""
    best: str | None = None
    for root in roots:
        if under(path, root) and (best is None or len(root) > len(best)):
            best = root
    return best


@dataclass(frozen=True, slots=True)
class Source:
    """One source: where it is, and what the digest list calls it."""

    root: str
    label: str


def _labels(roots: Sequence[str], named: dict[str, str]) -> list[str]:
    """A name for each root: its given name, else its folder's name (with the folder above it
    when two share one)."""
    base = [named.get(root) or os.path.basename(root.rstrip(os.sep)) or root for root in roots]
    found = []
    for root, label in zip(roots, base):
        if root not in named and base.count(label) > 1:
            parent = os.path.basename(os.path.dirname(root.rstrip(os.sep)))
            label = f"{parent}/{label}" if parent else root
        found.append(label)
    return found


_path_of = attrgetter("path")


class Groups:
    """The sources of a library, and which one each digest comes from."""

    def __init__(self, paths: Iterable[str], named: dict[str, str] | None = None) -> None:
        roots = roots_of(paths)
        self.sources = [Source(root, label) for root, label in zip(roots, _labels(roots, named or {}))]
        self._roots = [source.root for source in self.sources]
        self._root_set = frozenset(self._roots)
        self._index: dict[str, int] = {}
        self._by_folder: dict[str, int] = {}
        """A digest's folder → the source of the digests in it (a given file aside, all of a
        folder's digests come from the same source: the deepest given folder it is in)."""
        self._indexes_of: tuple[Sequence[Digest], list[int]] | None = None
        """The last `indexes`: (those digests, their sources)."""

    @property
    def grouping(self) -> bool:
        """Whether the digest list groups by source (more than one)."""
        return len(self.sources) > 1

    def index_of(self, digest: Digest) -> int:
        """The source a digest comes from (by its place in `sources`)."""
        path = digest.path
        found = self._index.get(path)
        if found is None:
            # (a file given as a source, else its folder's)
            found = self._roots.index(path) if path in self._root_set else self._of_folder(os.path.dirname(path))
            self._index[path] = found
        return found

    def _of_folder(self, folder: str) -> int:
        """The source of the digests in a folder."""
        found = self._by_folder.get(folder)
        if found is None:
            root = root_of(os.path.join(folder, ""), self._roots)
            found = self._by_folder[folder] = self._roots.index(root) if root is not None else 0
        return found

    def indexes(self, digests: Sequence[Digest]) -> list[int]:
        """The source of each digest, in order (the same list as last time for the same digests:
        every refresh of the digest list asks, and most show the same ones; not to be changed)."""
        last = self._indexes_of
        if last is not None and len(last[1]) == len(digests) and (
                last[0] is digests or all(map(is_, last[0], digests))):  # (a library's lists are not changed in place)
            return last[1]
        if os.sep != "/" or os.altsep is not None:
            found = [self.index_of(digest) for digest in digests]
        else:  # (in C loops: a digest's folder is its path up to the last "/"; a source looked up once a folder)
            paths = list(map(_path_of, digests))
            heads = list(map(itemgetter(0), map(str.rpartition, paths, repeat("/"))))
            folders = dict(zip(heads, paths))  # (a path of each: its dirname is the folder's)
            sources = {head: self._of_folder(os.path.dirname(path)) for head, path in folders.items()}
            found = list(map(sources.__getitem__, heads))
            if not self._root_set.isdisjoint(paths):  # (files given as sources)
                for at, path in enumerate(paths):
                    if path in self._root_set:
                        found[at] = self._roots.index(path)
        self._indexes_of = (digests, found)
        return found

    def find(self, name: str) -> Source | None:
        """A source by its label (any case) or its path."""
        folded = name.casefold()
        for source in self.sources:
            if source.label.casefold() == folded:
                return source
        wanted = os.path.abspath(os.path.expanduser(name))
        return next((source for source in self.sources if source.root == wanted), None)

    def label(self, root: str) -> str:
        """What a source is called (its path when it is not one of these)."""
        return next((source.label for source in self.sources if source.root == root), root)
