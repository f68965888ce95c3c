"""Paths as a person wants to read them: relative to here, or under ~, else absolute."""

from __future__ import annotations

import os


def shown_path(path: str | os.PathLike[str]) -> str:
    """`path` relative to the current folder when inside it, `~/…` when under home, else as is."""
    text = os.path.abspath(os.fspath(path))
    try:
        relative = os.path.relpath(text)
    except ValueError:
        relative = ".."
    if not relative.startswith(".."):
        return relative
    home = os.path.expanduser("~")
    if home not in ("", "/") and text.startswith(home + os.sep):
        return "~" + text[len(home):]
    return text
