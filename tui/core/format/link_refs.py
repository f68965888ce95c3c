"""Reference-style links (`[text][label]`, `[text][]`, `[label]`) written out as inline links.

A summary is cut out of its file, and the definitions (`[label]: https://…`) are elsewhere in it,
usually at the end: alone, the summary showed `[6045][is6045]` as written. Written out inline,
the summary is Markdown that stands on its own (the detail draws the link and its host, and
`--items --json` prints it), and the document view shows a reference link's host as it does an
inline one's. Only links on one line are written out; a label is matched as CommonMark matches
it (case and runs of spaces aside). Lines are never added or removed: the document view places
items by line."""

from __future__ import annotations

import re

_DEFINITION = re.compile(
    r"^ {0,3}\[((?:[^\[\]\\\n]|\\.){1,999})\]:[ \t]*(?:<([^<>\n]*)>|([^\s<>]+))"
    r"(?:[ \t]+(\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$",
    re.MULTILINE,
)
"""A link reference definition on one line: label, target (`<…>` or bare) and an optional title."""

_TEXT = r"((?:[^\[\]\n]|\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\])*)"
"""A link's text: brackets in it paired, two deep (as `display` reads inline links)."""

_USE = re.compile(rf"(?<![\\\]])\[{_TEXT}\](?:\[((?:[^\[\]\\\n]|\\.)*)\]|(?![(\[:]))")
"""`[text][label]`, `[text][]` or a shortcut `[label]` (not followed by `(`, `[` or `:`)."""


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def definitions(text: str) -> dict[str, tuple[str, str]]:
    """The link reference definitions of a file's text: label → (target, title as written, with
    its quotes, or ""). The first definition of a label wins, as in CommonMark."""
    if "]:" not in text:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for match in _DEFINITION.finditer(text):
        target = match.group(2) if match.group(2) is not None else match.group(3)
        found.setdefault(_label(match.group(1)), (target, match.group(4) or ""))
    return found


def may_use(text: str) -> bool:
    """Whether `text` may hold a reference link (a cheap test before `inline`)."""
    return "[" in text and "]" in text


def inline(text: str, defined: dict[str, tuple[str, str]]) -> str:
    """`text` with each reference link to a label of `defined` written as an inline link; a
    definition line itself is left as it is (CommonMark shows it as nothing)."""
    if not defined or not may_use(text):
        return text

    def written(match: re.Match[str]) -> str:
        link_text, label = match.group(1), match.group(2)
        found = defined.get(_label(label if label else link_text))
        if found is None:
            return match.group()
        target, title = found
        target = f"<{target}>" if not target or any(c in target for c in " ()") else target
        return f"[{link_text}]({target}{' ' + title if title else ''})"

    return _USE.sub(written, text)
