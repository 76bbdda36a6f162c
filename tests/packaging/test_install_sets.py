"""Install subsets of the distributions into throwaway venvs and check what imports and what fails.

The wheels come from the wheelhouse that ``make test`` builds (PYZMQ_WHEELHOUSE); nothing is fetched
from an index, so these also prove the declared dependencies are complete.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
import venvs
from venvs import PLUGIN_MODULES, THIRD_PARTY

WHEELHOUSE = Path(os.environ.get("PYZMQ_WHEELHOUSE", venvs.REPO / "build" / "wheelhouse"))
# plugins that cannot import at all without their third-party library, and the extra that brings it
NEEDS_EXTRA = {"zmq.green": "pyzmq-green[gevent]"}

pytestmark = pytest.mark.skipif(
    not any(WHEELHOUSE.glob("pyzmq_core-*.whl")), reason=f"no wheels in {WHEELHOUSE}: run make test"
)


class Env(venvs.Env):
    """A fresh venv that takes our distributions from `make test`'s wheelhouse."""

    wheels = WHEELHOUSE

    def run(self, code: str) -> str:
        return self.python_run("-c", textwrap.dedent(code))


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
    assert set(env.installed()) == {"pyzmq-core"}
    assert str(tmp_path) in env.run(EXCHANGE)
    for module, dist in PLUGIN_MODULES.items():
        msg = env.import_error(module)
        assert msg.startswith("ModuleNotFoundError"), msg
        assert dist in msg and module in msg
    # a plain missing submodule is still the ordinary error
    assert "install" not in env.import_error("zmq.nonexistent")


def test_core_plus_asyncio_and_uninstall(tmp_path: Path) -> None:
    env = Env(tmp_path / "venv")
    env.install("pyzmq-asyncio")
    assert set(env.installed()) == {"pyzmq-core", "pyzmq-asyncio"}
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
    installed = set(env.installed())
    assert {"pyzmq", "pyzmq-core", *PLUGIN_MODULES.values()} <= installed
    assert not installed & set(THIRD_PARTY), (
        "pyzmq without extras must not pull third-party libraries"
    )
    for module in PLUGIN_MODULES:
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
