"""The static checks are part of the test command: ruff, mypy and the import contracts
(pyproject.toml holds the rule set, the mypy settings and the contracts)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    return subprocess.run(list(command), cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)


def tool(name: str) -> str:
    """A console script of this Python's environment (the venv the test command made)."""
    found = Path(sys.executable).with_name(name)
    if found.exists():
        return str(found)
    located = shutil.which(name)
    if located is None:
        pytest.fail(f"{name} is not installed: install the test extras (pip install -e '.[test]')")
    return located


def test_ruff() -> None:
    out = run(tool("ruff"), "check", "--no-cache", "tui", "tests", "benchmarks")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy() -> None:
    out = run(sys.executable, "-m", "mypy")
    assert out.returncode == 0, out.stdout + out.stderr


def test_import_contracts() -> None:
    out = run(tool("lint-imports"), "--no-cache")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "broken" in out.stdout and " 0 broken" in out.stdout
