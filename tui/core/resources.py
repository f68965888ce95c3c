"""Files shipped with Brief (sample digests, styles): inside the wheel, or in the checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def shipped(name: str) -> Path:
    """`tui/<name>` in an installed wheel, else the checkout's top-level `<name>` folder."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def sample_data() -> Path:
    """The bundled sample digests."""
    return shipped("sample_data")


def styles_dir() -> Path:
    """The TCSS files."""
    return shipped("styles")
