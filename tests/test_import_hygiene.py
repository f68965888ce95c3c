"""The core and the non-interactive command line (sources' commands too) never import Textual; no module imports itself
round a circle, at module level or inside a function."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import sys, importlib, pkgutil, io, contextlib
sys.path.insert(0, {root!r})
import tui.core
for module in pkgutil.walk_packages(tui.core.__path__, "tui.core."):
    importlib.import_module(module.name)
import tui.cli, tui.commands, tui.source_commands
from tui.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    for argv in (["--list", {sample!r}], ["--items", "--json", {sample!r}], ["--open", "1", "--print", {sample!r}],
                 ["add", "/no/such/repo.git"], ["update"], ["sources"], ["sources", "--json"], ["remove", "x", "--yes"]):
        main(argv)
bad = sorted(name for name in sys.modules if name == "textual" or name.startswith("textual."))
core = sorted(name for name in sys.modules if name.startswith("tui.core."))
print(",".join(bad) or "clean", len(core))
"""


def test_core_and_cli_run_without_textual(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CACHE_HOME": str(tmp_path / "c"),
           "XDG_CONFIG_HOME": str(tmp_path / "f"), "PATH": ""}
    code = CHECK.format(root=str(ROOT), sample=str(ROOT / "sample_data"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    verdict, count = out.stdout.split()
    assert verdict == "clean"
    expected = len([p for p in (ROOT / "tui" / "core").rglob("*.py") if p.name != "__init__.py"])
    assert int(count) >= expected  # every module of every subpackage was imported


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every module name this module's code imports, wherever the import sits: in functions, and
    under `if TYPE_CHECKING:` too (a circle of types is still a circle of modules)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module if is_package else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from pkg import module`
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module → the modules of `package` it imports (a module also runs its parent packages)."""
    files = {_module_name(path, root): path for path in (root / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        targets = set()
        for target in _imports(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py"):
            while target and target not in files:
                target = target.rpartition(".")[0]
            while target:
                if target != name and not name.startswith(target + "."):
                    targets.add(target)
                target = target.rpartition(".")[0]
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles (strongly connected components of more than one module, or self-loops)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_no_import_circles_anywhere_in_tui() -> None:
    graph = import_graph(ROOT, "tui")
    assert "tui.core.session" in graph and "tui.core.query.view" in graph["tui.core.session"]
    assert cycles(graph) == []


def test_the_circle_finder_sees_imports_inside_functions(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text("def late():\n    from pkg import a\n    return a\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import d\n")
    (package / "d.py").write_text("from . import c\n")
    graph = import_graph(tmp_path, "pkg")
    assert cycles(graph) == [["pkg.a", "pkg.sub.b"], ["pkg.c", "pkg.d"]]
