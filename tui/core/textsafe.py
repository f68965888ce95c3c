"""Text is data: make digest text safe to put on a terminal or in JSON, and visible."""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
"""Shown instead of a character that could act on the terminal."""

# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, line/paragraph separators,
# zero-width space and BOM. (ZWJ/ZWNJ stay: emoji and scripts need them.)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]")
_LINE_BREAKS = re.compile("[\t\n\r]+")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]")


def one_line(text: str) -> str:
    """Text for a single line: tabs/newlines become spaces, controls become �."""
    if text.isprintable():
        return text  # the common case: nothing to replace (isprintable is False for every control)
    return _UNSAFE.sub(REPLACEMENT, _LINE_BREAKS.sub(" ", text))


def block(text: str) -> str:
    """Multi-line text: newlines and tabs kept, every other control becomes �."""
    return _UNSAFE.sub(REPLACEMENT, text.replace("\r", ""))


def dumps(value: Any, **kwargs: Any) -> str:
    """JSON with non-ASCII kept readable but C1 controls, bidi overrides and separators escaped."""
    import json

    text = json.dumps(value, ensure_ascii=False, **kwargs)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
