"""Throwaway venvs for the packaging tests (tests/packaging against `make test`'s wheelhouse,
tests/dist against `make wheels`'s dist/), and the one list of our distributions.

The list: a distribution per folder of packages/ (the folder name is its name; each plugin's
src/zmq/ holds exactly its one subpackage) plus the metapackage at the root. The Makefile and
scripts/build-dist.sh read the same folders; zmq/_plugins.py, which must work without the source
tree, is checked against it (tests/packaging/test_distributions.py).

On sys.path through pytest's `pythonpath` setting (pyproject.toml): `from venvs import Env`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import venv
from pathlib import Path
from typing import Any, ClassVar

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = REPO / "packages"
PLUGIN_DIRS = sorted(p for p in PACKAGES.glob("pyzmq-*") if p.name != "pyzmq-core")
PLUGINS = [p.name[len("pyzmq-") :] for p in PLUGIN_DIRS]
DISTRIBUTIONS = ["pyzmq", "pyzmq-core", *(p.name for p in PLUGIN_DIRS)]
# zmq.<subpackage> -> the plugin distribution that ships it
PLUGIN_MODULES = {
    f"zmq.{entry.stem}": d.name
    for d in PLUGIN_DIRS
    for entry in (d / "src" / "zmq").iterdir()
    if entry.name != "__pycache__"
}
THIRD_PARTY = {"tornado", "gevent", "paramiko", "pexpect"}
# The CFFI backend needs cffi, which CPython gets only with pyzmq-core[cffi] (PyPy ships it).
CFFI_BACKEND, CFFI_MODULE = "zmq.backend.cffi", "_cffi_backend"


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def run(cmd: list[str], timeout: float = 300, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run cmd; fail the test with its output if it fails (or takes longer than timeout)."""
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)  # type: ignore[call-overload]
    if proc.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, cmd))} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


class Env:
    """A fresh venv (no pip inside) of a given Python, installed into by that Python's pip.

    Subclasses say where our wheels come from (``wheels``): installs never take ours from an index.
    """

    wheels: ClassVar[Path]

    def __init__(self, root: Path, base_python: str = sys.executable) -> None:
        self.root = root
        self.base_python = base_python
        if self.base_python == sys.executable:
            venv.create(self.root, with_pip=False)
        else:
            run([self.base_python, "-m", "venv", "--without-pip", str(self.root)], timeout=120)
        self.python = str(self.root / "bin" / "python")
        # what a fresh venv already lists (PyPy's bundled cffi, greenlet ...) is not ours to count
        self.preinstalled: set[str] = set()
        self.preinstalled = set(self.installed())
        self.site = Path(
            run(
                [self.python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
            ).stdout.strip()
        )

    def pip(self, *args: str, timeout: float = 600, env: dict[str, str] | None = None) -> str:
        # the base interpreter's pip (pip drops old Pythons: .venv's may not run on 3.9)
        cmd = [self.base_python, "-m", "pip", "--python", self.python, *args]
        return run(cmd, timeout=timeout, env=env).stdout

    def install(self, *reqs: str, index: bool = False, env: dict[str, str] | None = None) -> dict:
        """pip install from self.wheels (plus the index when index=True); return pip's report."""
        report = self.root / "install-report.json"
        self.pip(
            "install",
            "-q",
            *([] if index else ["--no-index"]),
            "--find-links",
            str(self.wheels),
            "--report",
            str(report),
            *reqs,
            env=env,
        )
        return json.loads(report.read_text())

    def installed(self) -> dict[str, str]:
        """`pip list`: normalized name -> version."""
        out = self.pip("list", "--format=json", timeout=120)
        listed = {norm(d["name"]): d["version"] for d in json.loads(out)}
        return {k: v for k, v in listed.items() if k not in self.preinstalled}

    def check(self) -> None:
        self.pip("check", timeout=120)

    def python_run(self, *args: str, timeout: float = 120, **kwargs: Any) -> str:
        # these venvs hold only what each test installs: the interpreter's default backend (a
        # PYZMQ_BACKEND=cffi of the test run would need cffi, which a CPython venv lacks)
        kwargs.setdefault("env", {k: v for k, v in os.environ.items() if k != "PYZMQ_BACKEND"})
        return run([self.python, *args], timeout=timeout, cwd="/", **kwargs).stdout

    def import_error(self, module: str) -> str:
        """The error importing module raises in the venv, as 'Type message' ('' if it imports)."""
        code = f"""
try:
    import {module}
except ImportError as e:
    print(type(e).__name__, e)
"""
        return self.python_run("-c", code).strip()


# Importing every module each plugin ships, in the venv: a module either imports, or (its optional
# third-party library missing) fails with an ImportError whose `name` is that library.
IMPORT_ALL = textwrap.dedent("""
    import importlib, json, sys
    from importlib.metadata import distribution
    results = {}
    for dist_name in sys.argv[1:]:
        for f in distribution(dist_name).files:
            if f.suffix != ".py" or f.name == "__main__.py" or f.parts[0] != "zmq":
                continue
            mod = ".".join(f.with_suffix("").parts)
            mod = mod[: -len(".__init__")] if mod.endswith(".__init__") else mod
            try:
                importlib.import_module(mod)
                results[mod] = None
            except ImportError as e:
                results[mod] = e.name or repr(e)
    print(json.dumps(results))
""")


def import_all(env: Env, *dist_names: str) -> dict[str, str | None]:
    """Import every module of the named distributions in env: module -> None, or what was missing.

    The CFFI backend's modules lacking cffi count as imported: an optional backend, not a failure.
    """
    results: dict[str, str | None] = json.loads(env.python_run("-c", IMPORT_ALL, *dist_names))
    for module, missing in results.items():
        if module.startswith(CFFI_BACKEND) and missing == CFFI_MODULE:
            results[module] = None
    return results
