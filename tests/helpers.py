"""Build digest files for tests."""

from __future__ import annotations

from pathlib import Path


def digest_text(items: list[str], front: str | None = "title: Test\ndate: 2026-01-02T08:00:00+08:00", intro: str = "") -> str:
    """A digest in the main layout: YAML front matter, optional intro, numbered items."""
    parts = []
    if front is not None:
        parts.append(f"---\n{front}\n---\n")
    if intro:
        parts.append(intro + "\n")
    for number, item in enumerate(items, start=1):
        head, _, summary = item.partition("\n")
        block = f"{number}.  {head}\n"
        if summary:
            block += "\n" + "\n".join(("    " + line) if line else "" for line in summary.split("\n")) + "\n"
        parts.append(block)
    return "\n".join(parts)


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """Write a file (creating folders) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
