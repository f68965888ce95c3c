"""The core and the non-interactive command line never import Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import sys, importlib, pkgutil, io, contextlib
sys.path.insert(0, {root!r})
import tui.core
for module in pkgutil.iter_modules(tui.core.__path__):
    importlib.import_module("tui.core." + module.name)
import tui.cli, tui.commands
from tui.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    for argv in (["--list", {sample!r}], ["--items", "--json", {sample!r}], ["--open", "1", "--print", {sample!r}]):
        main(argv)
bad = sorted(name for name in sys.modules if name == "textual" or name.startswith("textual."))
print(",".join(bad) or "clean")
"""


def test_core_and_cli_run_without_textual(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CACHE_HOME": str(tmp_path / "c"), "XDG_CONFIG_HOME": str(tmp_path / "f"), "PATH": ""}
    code = CHECK.format(root=str(ROOT), sample=str(ROOT / "sample_data"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "clean"
