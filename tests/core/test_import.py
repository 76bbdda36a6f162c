"""`import zmq` loads only what it needs: the rest of the standard library is imported on use."""

from __future__ import annotations

import subprocess
import sys
from typing import Any, TypeVar

import pytest

import zmq

# Not needed to import zmq; each is imported where used (send_json, send_pyobj, tracked sends, ...).
LAZY = ("json", "pickle", "random", "typing", "re", "threading", "ctypes", "warnings", "importlib")


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys; {code}; print(' '.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(out.stdout.split())


@pytest.mark.skipif(
    zmq.backend.BACKEND != "cython",
    reason="a promise of the default (Cython) backend: the CFFI one loads cffi, and typing with it",
)
def test_import_zmq_loads_none_of_the_lazy_modules() -> None:
    before = _loaded_after("pass")
    after = _loaded_after("import zmq")
    assert "zmq" in after
    assert sorted(m for m in LAZY if m in after and m not in before) == []


@pytest.mark.parametrize(
    ("use", "module"),
    [
        ("s.send_json({'a': 1}); assert r.recv_json() == {'a': 1}", "json"),
        ("s.send_pyobj({1, 2}); assert r.recv_pyobj() == {1, 2}", "pickle"),
        ("t = s.send(b'x', copy=False, track=True); r.recv(); t.wait(5)", "threading"),
        ("s.bind_to_random_port('tcp://127.0.0.1', 40000, 40100)", "random"),
    ],
)
def test_lazy_modules_load_when_used(use: str, module: str) -> None:
    code = (
        "import zmq; ctx = zmq.Context(); s = ctx.socket(zmq.PAIR); r = ctx.socket(zmq.PAIR); "
        "s.bind('inproc://lazy'); r.connect('inproc://lazy'); s.copy_threshold = 0; "
        f"{use}; ctx.destroy(linger=0)"
    )
    assert module in _loaded_after(code)


T = TypeVar("T")


def test_sockets_and_contexts_are_generic_at_run_time() -> None:
    alias: Any = zmq.Socket[bytes]
    assert alias.__origin__ is zmq.Socket and alias.__args__ == (bytes,)
    assert zmq.Context[zmq.Socket[bytes]].__origin__ is zmq.Context

    class Mine(zmq.Socket[T]):  # a plugin's way (zmq.green): subclass of a parametrized Socket
        pass

    assert Mine.__mro__[1] is zmq.Socket
    assert Mine[int].__origin__ is Mine
    with zmq.Context() as ctx, Mine(ctx, zmq.PAIR) as s:
        s.linger = 0
        assert s.socket_type == zmq.PAIR


def test_version_parts_match_the_version() -> None:
    parts = zmq.pyzmq_version_info()
    assert ".".join(map(str, parts[:3])) == zmq.__version__[: len(".".join(map(str, parts[:3])))]
