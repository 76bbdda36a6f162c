"""Install subsets of the distributions into throwaway venvs and check what imports and what fails.

The wheels come from the wheelhouse that ``make test`` builds (PYZMQ_WHEELHOUSE); nothing is fetched
from an index, so these also prove the declared dependencies are complete.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WHEELHOUSE = Path(os.environ.get("PYZMQ_WHEELHOUSE", REPO / "build" / "wheelhouse"))
PLUGINS = {
    "zmq.asyncio": "pyzmq-asyncio",
    "zmq.eventloop": "pyzmq-tornado",
    "zmq.green": "pyzmq-green",
    "zmq.auth": "pyzmq-auth",
    "zmq.ssh": "pyzmq-ssh",
    "zmq.log": "pyzmq-log",
}
THIRD_PARTY = ["tornado", "gevent", "paramiko", "pexpect"]
# plugins that cannot import at all without their third-party library, and the extra that brings it
NEEDS_EXTRA = {"zmq.green": "pyzmq-green[gevent]"}

pytestmark = pytest.mark.skipif(
    not any(WHEELHOUSE.glob("pyzmq_core-*.whl")), reason=f"no wheels in {WHEELHOUSE}: run make test"
)


class Env:
    """A venv without pip of its own; the test runner's pip installs into it with --python."""

    def __init__(self, root: Path) -> None:
        venv.create(root, with_pip=False)
        self.python = str(root / "bin" / "python")
        # what a fresh venv already lists (PyPy's bundled cffi, greenlet ...): not ours to count
        self.preinstalled: set[str] = set()
        self.preinstalled = self.installed()

    def pip(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "pip", "--python", self.python, *args]
        return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=300)

    def install(self, *reqs: str) -> None:
        self.pip("install", "-q", "--no-index", "--find-links", str(WHEELHOUSE), *reqs)

    def run(self, code: str) -> str:
        # these venvs hold only what each test installs: the interpreter's default backend (a
        # PYZMQ_BACKEND=cffi of the test run would need cffi, which a CPython venv lacks)
        env = {k: v for k, v in os.environ.items() if k != "PYZMQ_BACKEND"}
        proc = subprocess.run(
            [self.python, "-c", textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd="/",
            env=env,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def import_error(self, module: str) -> str:
        """The message of the error importing module raises ('' if it imports)."""
        return self.run(f"""
            try:
                import {module}
            except ImportError as e:
                print(type(e).__name__, e)
        """).strip()

    def installed(self) -> set[str]:
        out = self.pip("list", "--format=freeze").stdout
        names = {line.split("==")[0].lower() for line in out.splitlines()}
        return names - self.preinstalled


EXCHANGE = """
    import zmq
    ctx = zmq.Context()
    a, b = ctx.socket(zmq.PUSH), ctx.socket(zmq.PULL)
    a.bind("tcp://127.0.0.1:0")
    b.connect(a.last_endpoint)
    a.send(b"over tcp")
    assert b.recv() == b"over tcp"
    ctx.destroy(linger=0)
    print(zmq.__file__)
"""


def test_core_only(tmp_path: Path) -> None:
    env = Env(tmp_path / "venv")
    env.install("pyzmq-core")
    assert env.installed() == {"pyzmq-core"}
    assert str(tmp_path) in env.run(EXCHANGE)
    for module, dist in PLUGINS.items():
        msg = env.import_error(module)
        assert msg.startswith("ModuleNotFoundError"), msg
        assert dist in msg and module in msg
    # a plain missing submodule is still the ordinary error
    assert "install" not in env.import_error("zmq.nonexistent")


def test_core_plus_asyncio_and_uninstall(tmp_path: Path) -> None:
    env = Env(tmp_path / "venv")
    env.install("pyzmq-asyncio")
    assert env.installed() == {"pyzmq-core", "pyzmq-asyncio"}
    assert env.import_error("zmq.asyncio") == ""
    assert "pyzmq-auth" in env.import_error("zmq.auth")
    init_file = env.run("import zmq; print(zmq.__file__)").strip()

    env.pip("uninstall", "-y", "pyzmq-asyncio")
    assert Path(init_file).is_file(), "uninstalling a plugin removed core's zmq/__init__.py"
    env.run(EXCHANGE)
    assert "pyzmq-asyncio" in env.import_error("zmq.asyncio")


def test_metapackage_without_extras(tmp_path: Path) -> None:
    env = Env(tmp_path / "venv")
    env.install("pyzmq")
    installed = env.installed()
    assert {"pyzmq", "pyzmq-core", *PLUGINS.values()} <= installed
    assert not installed & set(THIRD_PARTY), (
        "pyzmq without extras must not pull third-party libraries"
    )
    for module in PLUGINS:
        error = env.import_error(module)
        if module in NEEDS_EXTRA:
            assert error.startswith(("ImportError", "ModuleNotFoundError")), error
            assert NEEDS_EXTRA[module] in error, error
        else:
            assert error == "", module
    env.pip("check")
    env.run(EXCHANGE)


def test_plugin_in_another_path_entry_is_found(tmp_path: Path) -> None:
    """extend_path: a plugin installed outside site-packages (user site, --target) still joins zmq."""
    env = Env(tmp_path / "venv")
    env.install("pyzmq-core")
    extra = tmp_path / "extra"
    env.pip(
        "install",
        "-q",
        "--no-index",
        "--find-links",
        str(WHEELHOUSE),
        "--no-deps",
        "--target",
        str(extra),
        "pyzmq-log",
    )
    assert not (extra / "zmq" / "__init__.py").exists()
    out = env.run(f"""
        import sys
        sys.path.append({str(extra)!r})
        import zmq, zmq.log
        print(zmq.log.__file__)
    """)
    assert out.strip().startswith(str(extra))


def test_wheels_ship_only_their_subtree() -> None:
    import zipfile

    for wheel in WHEELHOUSE.glob("*.whl"):
        names = zipfile.ZipFile(wheel).namelist()
        has_init = "zmq/__init__.py" in names
        assert has_init == wheel.name.startswith("pyzmq_core-"), wheel.name
