"""Every test runs with its data, cache and config dirs in tmp, UTC, and no user config."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """XDG dirs in tmp, TZ=UTC, no BRIEF_* variables, no path overrides."""
    from tui.core import paths

    dirs = {kind: tmp_path / f"xdg-{kind}" for kind in ("data", "cache", "config")}
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs["data"]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs["cache"]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs["config"]))
    for kind in ("DATA", "CACHE", "CONFIG"):
        monkeypatch.delenv(f"BRIEF_{kind}_DIR", raising=False)
    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    for kind in ("data", "cache", "config"):
        paths.override(kind, None)
    yield dirs
    for kind in ("data", "cache", "config"):
        paths.override(kind, None)


@pytest.fixture
def sample_dir() -> Path:
    """The bundled sample digests."""
    return SAMPLE


def run_brief(*args: str, env_dirs: dict[str, Path] | None = None, cwd: Path | None = None, extra_env: dict[str, str] | None = None):
    """Run `python -m tui` in a new process; returns the CompletedProcess."""
    import subprocess

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, cwd=cwd or ROOT, timeout=60
    )
