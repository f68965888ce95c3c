"""Find digest files under the given paths: recursive, hidden folders skipped, loop-safe."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

SUFFIXES = (".md", ".markdown")


@dataclass(slots=True)
class Found:
    """Digest files found (with their stat), and what could not be searched."""

    files: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Absolute path → (mtime_ns, size)."""
    problems: list[tuple[str, str]] = field(default_factory=list)
    _by_inode: dict[tuple[int, int], str] = field(default_factory=dict)

    def add(self, path: str, info: os.stat_result, is_link: bool) -> None:
        """A digest file; one reached twice (a symlink to a file of the library) is kept once,
        under its own name rather than the link's."""
        ident = (info.st_dev, info.st_ino)
        known = self._by_inode.get(ident)
        if known is not None:
            if known == path or is_link or not os.path.islink(known):
                return
            del self.files[known]
        self._by_inode[ident] = path
        self.files.setdefault(path, (info.st_mtime_ns, info.st_size))


def _is_digest_name(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(SUFFIXES)


def _walk(folder: str, found: Found, seen: set[tuple[int, int]]) -> None:
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            info = os.stat(current)
        except OSError as exc:
            found.problems.append((current, f"cannot open folder: {exc.strerror or exc}"))
            continue
        ident = (info.st_dev, info.st_ino)
        if ident in seen:
            continue  # a symlink loop, or a folder reached twice
        seen.add(ident)
        try:
            entries = list(os.scandir(current))
        except OSError as exc:
            found.problems.append((current, f"cannot list folder: {exc.strerror or exc}"))
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir():
                    if not name.startswith("."):
                        subfolders.append(entry.path)
                elif _is_digest_name(name) and entry.is_file():
                    found.add(entry.path, entry.stat(), entry.is_symlink())
            except OSError as exc:  # (a symlink loop, a link to where one may not look)
                if _is_digest_name(name):  # (what has no digest's name would not be read anyway: `loop1 -> loop2`)
                    found.problems.append((entry.path, f"cannot read: {exc.strerror or exc}"))
        stack.extend(sorted(subfolders, reverse=True))


def discover(paths: list[str]) -> Found:
    """Every digest file under `paths` (files are taken as given, whatever their name).

    Paths must exist; the caller checks that first.
    """
    found = Found()
    seen: set[tuple[int, int]] = set()
    for path in paths:
        if os.path.isdir(path):
            _walk(os.path.abspath(path), found, seen)
        else:
            try:
                info = os.stat(path)
            except FileNotFoundError:  # (given, then moved or removed while the reader ran)
                found.problems.append((path, "is gone (moved or removed); read again when it is back"))
                continue
            except OSError as exc:
                found.problems.append((path, f"cannot read: {exc.strerror or exc}"))
                continue
            if not stat.S_ISREG(info.st_mode):  # a FIFO would block the read for good; a device is no digest
                found.problems.append((path, "not a regular file (a pipe, socket or device); skipped"))
                continue
            found.add(os.path.abspath(path), info, os.path.islink(path))
    return found
