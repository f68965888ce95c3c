"""The `[keymap]` of config.toml checked without Textual: every binding id Brief has, with its
scope and default keys, and what makes a key name one Textual can bind.

`tests/test_keymap.py` checks this table against the live bindings, so it cannot drift.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

BINDINGS: dict[str, tuple[str, str]] = {
    "quit": ("reader", "q"), "next_pane": ("reader", "tab"), "previous_pane": ("reader", "shift+tab"),
    "open_link": ("reader", "o"), "copy_link": ("reader", "y"), "toggle_read": ("reader", "m"),
    "mark_all_read": ("reader", "A"), "read_on": ("reader", "space"), "next_unread": ("reader", "n"),
    "previous_unread": ("reader", "p"), "unread_only": ("reader", "u"), "show_new": ("reader", "w"),
    "pick_category": ("reader", "c"),
    "pick_author": ("reader", "a"), "search": ("reader", "slash"), "view_document": ("reader", "v"),
    "clear_filters": ("reader", "x"), "back": ("reader", "escape"), "reload": ("reader", "r"), "update_sources": ("reader", "U"),
    "problems": ("reader", "exclamation_mark"), "help": ("reader", "question_mark"),
    "list.up": ("list", "up,k"), "list.down": ("list", "down,j"), "list.first": ("list", "home,g"),
    "list.last": ("list", "end,G"), "list.page_up": ("list", "pageup"), "list.page_down": ("list", "pagedown"),
    "list.select": ("list", "enter"), "digests.collapse": ("digests", "left,h"), "digests.expand": ("digests", "right,l"),
    "detail.down": ("detail", "down,j"), "detail.up": ("detail", "up,k"), "detail.page_up": ("detail", "b,pageup"),
    "detail.page_down": ("detail", "pagedown"), "detail.top": ("detail", "home,g"), "detail.bottom": ("detail", "end,G"),
    "document.close": ("document", "escape,v,q"), "document.down": ("document", "j,down"),
    "document.up": ("document", "k,up"), "document.page_down": ("document", "space,pagedown"),
    "document.page_up": ("document", "b,pageup"), "document.top": ("document", "g,home"),
    "document.bottom": ("document", "G,end"), "document.open_link": ("document", "o"),
    "document.help": ("document", "question_mark"),
    "help.close": ("help", "escape,q,question_mark"), "help.down": ("help", "j,down"), "help.up": ("help", "k,up"),
    "help.page_down": ("help", "space,pagedown"), "help.page_up": ("help", "b,pageup"), "help.top": ("help", "g,home"),
    "help.bottom": ("help", "G,end"),
    "picker.close": ("picker", "escape"), "picker.down": ("picker", "down"), "picker.up": ("picker", "up"),
    "picker.page_down": ("picker", "pagedown"), "picker.page_up": ("picker", "pageup"),
    "confirm.yes": ("confirm", "y"), "confirm.no": ("confirm", "n,escape"),
    "problems.close": ("problems", "escape,q,exclamation_mark"), "problems.down": ("problems", "j,down"),
    "problems.up": ("problems", "k,up"), "problems.page_down": ("problems", "space,pagedown"),
    "problems.page_up": ("problems", "b,pageup"), "problems.top": ("problems", "g,home"),
    "problems.bottom": ("problems", "G,end"),
}
"""Binding id → (scope, default keys). Keys clash within one scope and across the scopes that
are live at once (`_LIVE_WITH`)."""

_LIVE_WITH: dict[str, frozenset[str]] = {
    "reader": frozenset({"reader", "list", "digests", "detail"}),
    "list": frozenset({"list", "digests", "reader"}),
    "digests": frozenset({"digests", "list", "reader"}),
    "detail": frozenset({"detail", "reader"}),
}
"""Scopes whose keys are live together: the reader's own (and the app's) with those of the pane
that has the focus, which win (a reader key that a pane also has never reaches the reader: the
panes always hold the focus). The digest list is a list too. Each dialog's scope stands alone."""

RESERVED = {"ctrl+q": "Textual's quit", "ctrl+p": "the command palette's"}
"""Keys the app binds above every pane and dialog (Textual's priority bindings): given to a
binding, they would never reach it."""

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED_KEYS = frozenset({
    "backspace", "delete", "down", "end", "enter", "escape", "home", "insert", "left", "pagedown", "pageup",
    "return", "right", "space", "tab", "up", *(f"f{n}" for n in range(1, 25)),
})
"""Textual's names of keys that are not characters."""
_SHORT_NAMES = {"slash": "SOLIDUS", "backslash": "REVERSE SOLIDUS", "at": "COMMERCIAL AT", "minus": "HYPHEN-MINUS",
                "plus": "PLUS SIGN", "underscore": "LOW LINE"}


def _character_name(name: str) -> bool:
    """Whether `name` is Textual's name of a character (question_mark, full_stop, slash…)."""
    if name in _SHORT_NAMES:
        return True
    spaced = name.replace("_", " ").upper()
    for candidate in (spaced, spaced.replace(" MINUS", "-MINUS").replace("LESS THAN", "LESS-THAN")
                      .replace("GREATER THAN", "GREATER-THAN")):
        try:
            character = unicodedata.lookup(candidate)
        except KeyError:
            continue
        return character.isascii() and character.isprintable()  # a key on a keyboard, not 🍌 (BANANA)
    return False


def key_problem(key: str) -> str | None:
    """Why `key` cannot be bound (None: it can)."""
    parts = key.split("+")
    *modifiers, base = parts
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return f"{unknown[0]!r} is not a modifier (ctrl, shift, alt, meta, super, hyper)"
    if len(set(modifiers)) != len(modifiers):
        return "a modifier is given twice"
    if len(base) == 1 and base.isprintable() and not base.isspace():
        return None
    if base in NAMED_KEYS or _character_name(base):
        return None
    return f"{base!r} is not a key name (e.g. a, G, ctrl+o, f5, space, question_mark)"


@dataclass(slots=True)
class CheckedKeymap:
    """What of a `[keymap]` table is applied, and what is wrong with the rest."""

    usable: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _line_of(text: str, ident: str) -> int | None:
    pattern = re.compile(rf'^\s*(?:"{re.escape(ident)}"|\'{re.escape(ident)}\'|{re.escape(ident)})\s*=', re.MULTILINE)
    section = re.search(r"^\s*\[keymap\]\s*$", text, re.MULTILINE)
    found = pattern.search(text, section.end() if section else 0)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _clashes(entries: dict[str, list[str]]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """The entries that keep their keys, and those that ask for a key another binding keeps
    (ident → (the key, whose it is)); `entries` in the file's order."""
    order = {ident: place for place, ident in enumerate(entries)}
    usable: dict[str, str] = {}
    dropped: dict[str, tuple[str, str]] = {}
    for ident, keys in entries.items():
        scope, own = BINDINGS[ident]
        live = _LIVE_WITH.get(scope, frozenset({scope}))
        kept = own.split(",")
        for other, (other_scope, default) in BINDINGS.items():
            if other == ident or other_scope not in live:
                continue
            if other not in entries:
                theirs = default.split(",")
            elif order[other] < order[ident]:  # (decided: its keys if it got them, else its default)
                theirs = usable[other].split(",") if other in usable else default.split(",")
            else:  # (a later entry loses a key both ask for, so only its other keys count)
                theirs = [key for key in entries[other] if key not in keys]
            # A binding's own default key is never taken from another: the one that asks for it is.
            taken = [key for key in keys if key in theirs and key not in kept]
            if taken:
                dropped[ident] = (taken[0], other)
                break
        else:
            usable[ident] = ",".join(keys)
    return usable, dropped


def check_keymap(keymap: dict[str, str], where: str, text: str = "") -> CheckedKeymap:
    """Check each entry of `[keymap]` (`text`: the file, to name lines); every wrong entry is
    left out (its binding keeps its default keys) with a message naming its line."""
    checked = CheckedKeymap()
    entries: dict[str, list[str]] = {}
    for ident, value in keymap.items():
        line = _line_of(text, ident)
        at = f"{where}, line {line}" if line else where
        if ident not in BINDINGS:
            near = difflib.get_close_matches(ident, list(BINDINGS), n=3)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            checked.problems.append(f"{at}: `{ident}` is not a binding id{hint}; ignored")
            continue
        keys = [key.strip() for key in value.split(",")]
        bad = next(((key, key_problem(key)) for key in keys if not key or key_problem(key)), None)
        if bad is not None:
            key, why = bad
            checked.problems.append(f"{at}: `{ident} = \"{value}\"`: {why or 'an empty key'}; kept the default")
            continue
        reserved = next((key for key in keys if key in RESERVED), None)
        if reserved is not None:
            checked.problems.append(f"{at}: `{ident} = \"{value}\"`: {reserved} is {RESERVED[reserved]} key, above "
                                    "every other; kept the default")
            continue
        entries[ident] = keys
    # A key taken from another binding live at the same time that keeps it: one of the two would
    # lose it (in one scope, one binding; across a pane and the reader, the reader's). Of two
    # entries asking for one key, the first in the file has it (both were dropped). An entry
    # left out keeps its default keys, which may clash with an entry that counted on them being
    # freed: so again, without it, until none is left out.
    while entries:
        usable, dropped = _clashes(entries)
        for ident, (key, other) in dropped.items():
            line = _line_of(text, ident)
            at = f"{where}, line {line}" if line else where
            checked.problems.append(f"{at}: `{ident} = \"{keymap[ident]}\"`: {key} is already {other}'s key; "
                                    "kept the default")
        if not dropped:
            checked.usable = usable
            break
        entries = {ident: keys for ident, keys in entries.items() if ident not in dropped}
    return checked
