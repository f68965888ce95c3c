"""A summary made safe to render: controls gone, size and nesting bounded, link hosts shown."""

from __future__ import annotations

import re

from tui.core import textsafe
from tui.core.links import display_host

MAX_CHARS = 20_000
"""Longer summaries are cut (a digest summary is a few hundred characters)."""
MAX_INDENT = 48
"""Deeper indentation (lists nested past a dozen levels) is shown as plain text, not rendered."""

_INLINE_LINK = re.compile(r"\[([^\[\]\n]*)\]\(\s*<?([^()\s<>]+)>?(\s+\"[^\"\n]*\")?\s*\)")


def _with_host(match: re.Match[str]) -> str:
    label, url, title = match.group(1), match.group(2), match.group(3) or ""
    host = display_host(url)
    if host and host not in label.casefold():
        label = f"{label} ({host})"
    return f"[{label}]({url}{title})"


def for_display(summary: str) -> tuple[str, bool]:
    """(text, render as Markdown?). Link texts gain the real host where they do not show it."""
    text = textsafe.block(summary)
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS] + f"\n\n… (summary cut at {MAX_CHARS:,} characters)"
    deepest = max((len(line) - len(line.lstrip(" \t")) for line in text.split("\n")), default=0)
    if deepest > MAX_INDENT:
        return text, False
    return _INLINE_LINK.sub(_with_host, text), True
