"""The user's `config.toml`: folders to read, theme, key bindings."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path


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
    problems: list[str] = field(default_factory=list)
    """What was wrong with the file (it is then partly or wholly ignored)."""


def load_config(file: Path) -> Config:
    """Read the config file; a missing file is an empty config, a broken one says why."""
    config = Config()
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return config
    except OSError as exc:
        config.problems.append(f"{file}: cannot read ({exc.strerror or exc}); ignored")
        return config
    import tomllib  # only when there is a config file

    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        config.problems.append(f"{file}: not valid TOML ({exc}); ignored")
        return config
    paths = data.get("paths", [])
    if isinstance(paths, str):
        paths = [paths]
    if isinstance(paths, list) and all(isinstance(p, str) for p in paths):
        config.paths = [str(Path(p).expanduser()) for p in paths]
    else:
        config.problems.append(f"{file}: `paths` must be a list of strings; ignored")
    watch = data.get("watch", True)
    if watch is True or watch == "events":
        config.watch = "events"
    elif watch is False or watch == "off":
        config.watch = "off"
    elif watch == "poll":
        config.watch = "poll"
    else:
        config.problems.append(f'{file}: `watch` must be true, false or "poll", not {watch!r}; watching with events')
    theme = data.get("theme")
    if isinstance(theme, str) and theme:
        config.theme = theme
    keymap = data.get("keymap", {})
    if isinstance(keymap, dict):
        from tui.core.keymap import check_keymap

        wrong = [k for k, v in keymap.items() if not isinstance(v, str)]
        config.problems.extend(f"{file}: `[keymap]` {k}: keys must be a string like \"o,ctrl+o\"; ignored" for k in wrong)
        checked = check_keymap({str(k): v for k, v in keymap.items() if isinstance(v, str)}, str(file), text)
        config.keymap = checked.usable
        config.problems.extend(checked.problems)
    else:
        config.problems.append(f"{file}: `[keymap]` must be a table; ignored")
    return config


_THEME_LINE = re.compile(r"^\s*theme\s*=.*$", re.MULTILINE)


def save_theme(file: Path, theme: str) -> str | None:
    """Remember the theme in config.toml, keeping everything else; returns an error or None."""
    safe = theme.replace("\\", "\\\\").replace('"', '\\"')
    line = f'theme = "{safe}"'
    import tomllib
    try:
        text = file.read_text(encoding="utf-8") if file.exists() else ""
        if _THEME_LINE.search(text.split("\n[", 1)[0]):
            head, sep, tail = text.partition("\n[")
            text = _THEME_LINE.sub(line, head, count=1) + sep + tail
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
