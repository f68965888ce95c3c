"""Find digest files under the given paths: recursive, hidden folders skipped, loop-safe."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

SUFFIXES = (".md", ".markdown")


@dataclass(slots=True)
class Found:
    """Digest files found (with their stat), and what could not be searched."""

    files: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Absolute path → (mtime_ns, size)."""
    problems: list[tuple[str, str]] = field(default_factory=list)


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
                    stat = entry.stat()
                    found.files.setdefault(entry.path, (stat.st_mtime_ns, stat.st_size))
            except OSError as exc:
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
                stat = os.stat(path)
            except OSError as exc:
                found.problems.append((path, f"cannot read: {exc.strerror or exc}"))
                continue
            found.files.setdefault(os.path.abspath(path), (stat.st_mtime_ns, stat.st_size))
    return found
