"""Choosing the backend: PYZMQ_BACKEND, the interpreter's default, and a clear error otherwise."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

import zmq
import zmq.backend
from zmq.backend.select import public_api, select_backend

HAS_CFFI = importlib.util.find_spec("_cffi_backend") is not None
PYPY = sys.implementation.name == "pypy"


def _in_child(code: str, backend: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYZMQ_BACKEND"}
    if backend is not None:
        env["PYZMQ_BACKEND"] = backend
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env, cwd="/"
    )


def test_default_is_cffi_on_pypy_and_cython_elsewhere() -> None:
    proc = _in_child("import zmq.backend; print(zmq.backend.BACKEND)", None)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ("cffi" if PYPY else "cython")


@pytest.mark.skipif(PYPY, reason="PyPy builds only the CFFI backend")
@pytest.mark.parametrize("name", ["cython", "zmq.backend.cython", "cffi"])
def test_environment_variable_selects_the_backend(name: str) -> None:
    if "cffi" in name and not HAS_CFFI:
        pytest.skip("cffi is not installed")
    code = (
        "import zmq, zmq.backend\n"
        "print(zmq.backend.BACKEND, zmq.Socket.__mro__[1].__module__)\n"
        "ctx = zmq.Context(); a, b = ctx.socket(zmq.PAIR), ctx.socket(zmq.PAIR)\n"
        "a.bind('inproc://x'); b.connect('inproc://x'); a.send(b'hi'); assert b.recv() == b'hi'\n"
        "a.close(); b.close(); ctx.term()\n"
    )
    proc = _in_child(code, name)
    assert proc.returncode == 0, proc.stderr
    short = name.rsplit(".", 1)[-1]
    backend, module = proc.stdout.split()
    assert backend == short and module.startswith(f"zmq.backend.{short}")


@pytest.mark.parametrize("name", ["nonesuch", "cython" if PYPY else "nonesuch2"])
def test_unavailable_backend_raises_import_error_naming_it(name: str) -> None:
    proc = _in_child("import zmq", name)
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError") and repr(name) in last, proc.stderr


def test_select_backend_gives_the_public_api() -> None:
    api = select_backend(zmq.backend.BACKEND)
    assert set(public_api) <= set(api)
    for name in public_api:
        assert api[name] is getattr(zmq.backend, name), name
    with pytest.raises(ImportError, match="'bogus'"):
        select_backend("bogus")
