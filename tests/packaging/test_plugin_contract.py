"""Plugins use the core only through public names (zmq.integration and the public API).

The plugins are separately versioned distributions: a private core name they used could change in
any core release and break them. This reads their sources (not the installed code, so it runs
without building anything) and fails on an import of a private module or name from core or from
another plugin, or on a private attribute of core's used on any object.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGES = Path(__file__).resolve().parents[2] / "packages"
CORE = PACKAGES / "pyzmq-core" / "src"
PLUGINS = sorted(p for p in PACKAGES.iterdir() if p.name != "pyzmq-core")

#: pyzmq's own subclassing convention, documented in zmq.integration: the class a Context (or
#: FuturePoller) subclass makes sockets of.
CONVENTIONS = {"_socket_class"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _core_private_names() -> set[str]:
    """Every private name core defines: functions, classes, attributes, module globals."""
    names: set[str] = set()
    for path in CORE.rglob("*"):
        if path.suffix in (".py", ".pyi", ".pyx", ".pxi", ".pxd"):
            names.update(re.findall(r"\b(_[A-Za-z0-9]\w*)\b", path.read_text()))
    return {n for n in names if _private(n)}


def _plugin_sources(plugin: Path) -> Iterator[tuple[str, Path]]:
    src = plugin / "src"
    for path in sorted(src.rglob("*.py")):
        yield _module_name(path, src), path


def _own_subtrees(plugin: Path) -> set[str]:
    """The top modules a plugin ships (zmq.asyncio, zmq.eventloop, ...)."""
    return {".".join(module.split(".")[:2]) for module, _ in _plugin_sources(plugin)}


def _defined_names(tree: ast.AST) -> set[str]:
    """Names a module defines itself (functions, classes, assignments, self.x attributes)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.alias) and node.asname:
            names.add(node.asname)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def _violations(plugin: Path) -> list[str]:
    own = _own_subtrees(plugin)
    core_private = _core_private_names()
    trees = {path: ast.parse(path.read_text(), str(path)) for _, path in _plugin_sources(plugin)}
    plugin_defined = set().union(*(_defined_names(tree) for tree in trees.values()))
    found = []
    for path, tree in trees.items():
        where = path.relative_to(plugin.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                module = node.module
                if not module.startswith("zmq") or ".".join(module.split(".")[:2]) in own:
                    continue
                if any(_private(part) for part in module.split(".")):
                    found.append(f"{where}:{node.lineno}: imports private module {module}")
                for alias in node.names:
                    if _private(alias.name):
                        found.append(f"{where}:{node.lineno}: imports {module}.{alias.name}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if any(_private(part) for part in alias.name.split(".")):
                        found.append(f"{where}:{node.lineno}: imports private module {alias.name}")
            elif isinstance(node, ast.Attribute) and _private(node.attr):
                name = node.attr
                if name in core_private and name not in plugin_defined | CONVENTIONS:
                    found.append(f"{where}:{node.lineno}: uses core's private .{name}")
    return found


@pytest.mark.parametrize("plugin", PLUGINS, ids=lambda p: p.name)
def test_plugin_uses_only_public_core_names(plugin: Path) -> None:
    assert _violations(plugin) == []


def test_the_check_catches_private_use(tmp_path: Path) -> None:
    """The checker itself: a plugin written the way ours once were is caught on every line."""
    src = tmp_path / "pyzmq-bad" / "src" / "zmq" / "bad"
    src.mkdir(parents=True)
    (src / "__init__.py").write_text(
        "from zmq.backend.cython._zmq import NOT_READY\n"
        "from zmq._future import FutureSocket\n"
        "from zmq.eventloop import _missing_tornado\n"
        "def f(sock):\n"
        "    return sock._try_recv(True, False)\n"
    )
    found = _violations(tmp_path / "pyzmq-bad")
    assert len(found) == 4, found
