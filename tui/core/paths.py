"""Where Brief keeps things: data (read state), cache (index) and config, via platformdirs.

Each follows the XDG variables (through platformdirs), can be moved by a `BRIEF_*_DIR`
variable, and by a command-line flag (which calls `override`). `identity` tells whether a path
is still the file or folder it was (the state file, the library's folders).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "brief"
_overrides: dict[str, Path] = {}


def identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """A path's device and inode (None: nothing there): the same while it is the same file or
    folder, another once it was removed or replaced."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def override(kind: str, path: str | os.PathLike[str] | None) -> None:
    """Point `kind` (`data`, `cache` or `config`) at `path` for this process (None: undo)."""
    if path is None:
        _overrides.pop(kind, None)
    else:
        _overrides[kind] = Path(path).expanduser()


def _resolve(kind: str, default: str) -> Path:
    if kind in _overrides:
        return _overrides[kind]
    env = os.environ.get(f"BRIEF_{kind.upper()}_DIR")
    if env:
        return Path(env).expanduser()
    return Path(default)


def data_dir() -> Path:
    """Read state lives here (`state.db`)."""
    return _resolve("data", platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """The index cache lives here; deleting it only costs a re-scan."""
    return _resolve("cache", platformdirs.user_cache_dir(APP, appauthor=False))


def config_dir() -> Path:
    """`config.toml` lives here."""
    return _resolve("config", platformdirs.user_config_dir(APP, appauthor=False))


def config_file() -> Path:
    """The config file."""
    return config_dir() / "config.toml"
