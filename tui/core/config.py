"""The user's `config.toml`: folders to read, git sources, theme, key bindings.

`add_source` and `remove_source` edit the file as text, so its comments and layout stay; the
edit is checked by reading the result back (it must be the old settings plus or minus that one
entry) and written atomically (a temporary file, then a rename)."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.core.sources import Source


@dataclass(slots=True)
class Config:
    """Settings from `config.toml`; command-line paths win over `paths`."""

    paths: list[str] = field(default_factory=list)
    """Folders or files to read when none are given on the command line (`~` expanded)."""
    theme: str | None = None
    """A Textual theme name, remembered from the reader's theme picker."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id → keys, e.g. `open_link = "o,ctrl+o"`."""
    watch: str = "events"
    """`watch = true` (the default: file-system events), `"poll"` (a filesystem without events)
    or `false`: whether the reader watches its folders for new and changed digests."""
    sources: list[Source] = field(default_factory=list)
    """Git repositories of digests (`[sources]`: `name = "url"` or `name = { url = "…", branch = "…" }`),
    cloned into the data dir and read with `paths`; a broken entry is left out (see `problems`)."""
    problems: list[str] = field(default_factory=list)
    """What was wrong with the file (it is then partly or wholly ignored)."""
    paths_line: int | None = None
    """The line of `paths = …` in the file (None: not there), for the messages about its folders."""
    unreadable: bool = False
    """The file is there but could not be read as TOML: nothing of it is known (not even its
    sources), so nothing may be done that depends on what it says."""


def load_config(file: Path) -> Config:
    """Read the config file; a missing file is an empty config, a broken one says why."""
    config = Config()
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return config
    except OSError as exc:
        config.problems.append(f"{file}: cannot read ({exc.strerror or exc}); ignored")
        config.unreadable = True
        return config
    import tomllib  # only when there is a config file

    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        config.problems.append(f"{file}: not valid TOML ({exc}); ignored")
        config.unreadable = True
        return config
    paths = data.get("paths", [])
    if isinstance(paths, str):
        paths = [paths]
    config.paths_line = _top_line(text, "paths")
    if isinstance(paths, list):  # (an entry that is no string is named and skipped; the others are read)
        at = _at(file, config.paths_line)
        config.paths = [str(Path(p).expanduser()) for p in paths if isinstance(p, str)]
        config.problems.extend(f"{at}: `paths` entry {number} ({str(p)[:40]!r}) is no folder name "
                               '(a folder is written in quotes: "~/news"); skipped'
                               for number, p in enumerate(paths, 1) if not isinstance(p, str))
    else:
        config.problems.append(f"{_at(file, _top_line(text, 'paths'))}: `paths` must be a list of folders "
                               f'(paths = ["~/news"]), not {str(paths)[:40]!r}; ignored')
    watch = data.get("watch", True)
    if watch is True or watch == "events":
        config.watch = "events"
    elif watch is False or watch == "off":
        config.watch = "off"
    elif watch == "poll":
        config.watch = "poll"
    else:
        config.problems.append(f'{_at(file, _top_line(text, "watch"))}: `watch` must be true, false or "poll", '
                               f"not {watch!r}; watching with events")
    _read_sources(config, data.get("sources", {}), file, text)
    theme = data.get("theme")
    if isinstance(theme, str) and theme:
        config.theme = theme
    elif theme is not None:
        config.problems.append(f"{_at(file, _top_line(text, 'theme'))}: `theme` must be a theme's name (a string), "
                               f"not {theme!r}; the default is used")
    _unknown_keys(config, data, file, text)
    keymap = data.get("keymap", {})
    if isinstance(keymap, dict):
        from tui.core.keymap import check_keymap

        keymap = dict(_dotted(keymap))  # (`list.up = "k"` unquoted: TOML makes it a table `list`)
        wrong = [k for k, v in keymap.items() if not isinstance(v, str)]
        config.problems.extend(f"{file}: `[keymap]` {k}: keys must be a string like \"o,ctrl+o\"; ignored" for k in wrong)
        checked = check_keymap({str(k): v for k, v in keymap.items() if isinstance(v, str)}, str(file), text)
        config.keymap = checked.usable
        config.problems.extend(checked.problems)
    else:
        config.problems.append(f"{file}: `[keymap]` must be a table; ignored")
    return config


KNOWN = ("paths", "watch", "theme", "keymap", "sources")
"""The settings config.toml may hold: any other key is a mistake to tell (`[keymaps]`, `them =`)."""


def _unknown_keys(config: Config, data: dict[str, Any], file: Path, text: str) -> None:
    for key in data:
        if key in KNOWN:
            continue
        near = difflib.get_close_matches(key, KNOWN, n=1, cutoff=0.6)
        hint = f"did you mean {near[0]}?" if near else f"the settings are {', '.join(KNOWN)}"
        line = _top_line(text, key) or _table_line(text, key)
        config.problems.append(f"{_at(file, line)}: `{key}` is not a setting Brief knows ({hint}); ignored")


def _table_line(text: str, key: str) -> int | None:
    """The line of a `[key]` or `[key.sub]` header."""
    found = re.compile(rf"^[ \t]*\[\[?[ \t]*{_key(key)}[ \t]*[\].]", re.MULTILINE).search(text)
    return _line_number(text, found.start()) if found else None


def unreadable_note(file: Path, what: str = "its sources") -> str:
    """What a command that needs the file says when it could not be read (`Config.unreadable`)."""
    from tui.core import display

    return f"{display.shown_path(file)} could not be read, so {what} are not known: mend it first (`brief --check-config`)"


def theme_problem(file: Path, theme: str, known: Iterable[str]) -> str | None:
    """Why the configured theme is not used (None: it is one of `known`)."""
    names = sorted(known)
    if theme in names:
        return None
    near = difflib.get_close_matches(theme, names, n=3)
    hint = f"did you mean {', '.join(near)}?" if near else f"e.g. {', '.join(names[:4])}"
    return f"{file}: theme {theme!r} is not one of Textual's themes ({hint}); the default is used"


def missing_paths(file: Path, config: Config) -> list[str]:
    """A problem for each folder of `paths` that is not there."""
    return [f"{_at(file, config.paths_line)}: path {path} does not exist" for path in config.paths if not os.path.exists(path)]


def _at(file: Path, line: int | None) -> str:
    return f"{file}, line {line}" if line else str(file)


def _key(name: str) -> str:
    """`name` as a TOML key pattern: bare, or in either kind of quotes."""
    quoted = re.escape(name)
    return rf'(?:"{quoted}"|\'{quoted}\'|{quoted})'


def _line_number(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# (Patterns as text, compiled when config.toml is edited or a problem in it is placed, through
# `re`'s own cache: not on every start.)
_HEADER = r"(?m)^[ \t]*\["
_SOURCES_HEADER = r"(?m)^[ \t]*\[[ \t]*sources[ \t]*\][ \t]*(?:#.*)?$"


def _top_line(text: str, key: str) -> int | None:
    """The line of a top-level `key = …` (before the first table)."""
    head = re.compile(_HEADER).search(text)
    found = re.compile(rf"^[ \t]*{_key(key)}[ \t]*=", re.MULTILINE).search(text, 0, head.start() if head else len(text))
    return _line_number(text, found.start()) if found else None


def _sources_section(text: str) -> tuple[int, int] | None:
    """Where the `[sources]` table's lines are: (after its header, before the next header)."""
    header = re.compile(_SOURCES_HEADER).search(text)
    if header is None:
        return None
    after = text.find("\n", header.end())
    start = len(text) if after < 0 else after + 1
    following = re.compile(_HEADER).search(text, start)
    return start, following.start() if following else len(text)


def _entry_span(text: str, name: str) -> tuple[int, int] | None:
    """The characters of a source's entry, whole lines: `name = …` under `[sources]`, a
    `[sources.name]` table, or a top-level `sources.name = …`."""
    section = _sources_section(text)
    line = re.compile(rf"^[ \t]*{_key(name)}[ \t]*=.*(?:\n|\Z)", re.MULTILINE)
    if section is not None:
        found = line.search(text, *section)
        if found:
            return found.start(), found.end()
    table = re.compile(rf"^[ \t]*\[[ \t]*sources[ \t]*\.[ \t]*{_key(name)}[ \t]*\][ \t]*(?:#.*)?$", re.MULTILINE)
    found = table.search(text)
    if found:
        following = re.compile(_HEADER).search(text, found.end())
        return found.start(), following.start() if following else len(text)
    head = re.compile(_HEADER).search(text)
    dotted = re.compile(rf"^[ \t]*sources[ \t]*\.[ \t]*{_key(name)}[ \t]*=.*(?:\n|\Z)", re.MULTILINE)
    found = dotted.search(text, 0, head.start() if head else len(text))
    return (found.start(), found.end()) if found else None


def _read_sources(config: Config, table: Any, file: Path, text: str) -> None:
    """`[sources]` into `config.sources`; each broken entry is a problem naming its line, and skipped."""
    from tui.core.sources import Source, branch_problem, name_problem, url_problem  # (only with a config file)

    if not isinstance(table, dict):
        config.problems.append(f'{_at(file, _top_line(text, "sources"))}: `sources` must be a table '
                               '([sources] with name = "url" lines); ignored')
        return
    for name, value in table.items():
        span = _entry_span(text, name)
        at = _at(file, _line_number(text, span[0]) if span else None)
        url: Any = value
        branch: Any = None
        problem = name_problem(name)
        if problem is None and isinstance(value, dict):
            url, branch = value.get("url"), value.get("branch")
            unknown = sorted(set(value) - {"url", "branch"})
            if unknown:
                problem = f"unknown key `{unknown[0]}` (an entry has `url` and, if wanted, `branch`)"
            elif branch is not None and not isinstance(branch, str):
                problem = "`branch` must be a string"
            elif isinstance(branch, str):
                problem = branch_problem(branch)
        if problem is None and not isinstance(url, str):
            problem = 'must be a URL in quotes (name = "https://…") or { url = "…", branch = "…" }'
        if problem is None:
            problem = url_problem(url)
        if problem is not None:
            config.problems.append(f"{at}: `[sources]` {name}: {problem}; skipped")
            continue
        config.sources.append(Source(name, url, branch))


def _toml_string(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'


def _entry_line(source: Source) -> str:
    key = source.name if re.fullmatch(r"[A-Za-z0-9_-]+", source.name) else f'"{source.name}"'
    if source.branch:
        return f"{key} = {{ url = {_toml_string(source.url)}, branch = {_toml_string(source.branch)} }}"
    return f"{key} = {_toml_string(source.url)}"


def _without_empty_sources(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if not (key == "sources" and value == {})}


def _edited(file: Path, change: Any) -> str | None:
    """Read config.toml, let `change(text, data)` return (new text, the settings it must hold)
    or an error; write the new text when it reads back as those settings. Returns an error or None."""
    import tomllib

    try:
        text = file.read_text(encoding="utf-8") if file.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        return f"cannot read {file}: {exc}"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return f"{file} is not valid TOML ({exc}); mend it first (`brief --check-config`)"
    outcome = change(text, data)
    if isinstance(outcome, str):
        return outcome
    new_text, expected = outcome
    try:
        if _without_empty_sources(tomllib.loads(new_text)) != _without_empty_sources(expected):
            raise ValueError
    except (tomllib.TOMLDecodeError, ValueError):
        return f"could not edit {file} safely; change `[sources]` in it by hand"
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(file.name + ".tmp")
        tmp.write_text(new_text, encoding="utf-8")
        os.replace(tmp, file)
    except OSError as exc:
        return f"cannot write {file}: {exc.strerror or exc}"
    return None


def add_source(file: Path, source: Source) -> str | None:
    """Add `name = "url"` under `[sources]` (made at the end when there is none), keeping
    everything else in the file; returns an error or None."""

    def change(text: str, data: dict[str, Any]) -> str | tuple[str, dict[str, Any]]:
        table = data.get("sources", {})
        if not isinstance(table, dict):
            return f"`sources` in {file} is not a table; mend it first (`brief --check-config`)"
        if source.name in table:
            return f"there is a source named {source.name} in {file} already"
        line = _entry_line(source) + "\n"
        section = _sources_section(text)
        if section is None:
            new_text = text + ("\n" if text and not text.endswith("\n") else "") + ("\n" if text.strip() else "")
            new_text += "[sources]\n" + line
        else:
            start, end = section
            lines = text[start:end].splitlines(keepends=True)
            while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
                lines.pop()  # after the last entry, before the blank lines and comments that lead to the next table
            at = start + sum(map(len, lines))
            before = text[:at] + ("\n" if at and text[at - 1] != "\n" else "")
            new_text = before + line + text[at:]
        value: Any = {"url": source.url, "branch": source.branch} if source.branch else source.url
        return new_text, {**data, "sources": {**table, source.name: value}}

    return _edited(file, change)


def remove_source(file: Path, name: str) -> str | None:
    """Take a source's entry out of `[sources]`, keeping everything else; returns an error or None."""

    def change(text: str, data: dict[str, Any]) -> str | tuple[str, dict[str, Any]]:
        table = data.get("sources", {})
        if not isinstance(table, dict) or name not in table:
            return f"there is no source named {name} in {file}"
        span = _entry_span(text, name)
        if span is None:
            return f"could not find the entry of {name} in {file}; take it out by hand"
        rest = {key: value for key, value in table.items() if key != name}
        return text[:span[0]] + text[span[1]:], {**data, "sources": rest}

    return _edited(file, change)


_THEME_LINE = r"(?m)^\s*theme\s*=.*$"


def save_theme(file: Path, theme: str) -> str | None:
    """Remember the theme in config.toml, keeping everything else; returns an error or None."""
    safe = theme.replace("\\", "\\\\").replace('"', '\\"')
    line = f'theme = "{safe}"'
    import tomllib
    try:
        text = file.read_text(encoding="utf-8") if file.exists() else ""
        if re.search(_THEME_LINE, text.split("\n[", 1)[0]):
            head, sep, tail = text.partition("\n[")
            text = re.sub(_THEME_LINE, line, head, count=1) + sep + tail
        else:
            text = line + "\n" + text
        tomllib.loads(text)
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(file.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, file)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return f"could not save the theme in {file}: {exc}"
    return None


def _dotted(table: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """A table's entries, those of the tables in it under their dotted names (`list.up`)."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _dotted(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value
