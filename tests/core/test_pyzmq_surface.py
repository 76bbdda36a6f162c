"""The rest of pyzmq 26/27's public surface: names, signatures and behaviour that code written for
pyzmq relies on (issue 20). Differences kept on purpose are in docs/howto/differences.md."""

from __future__ import annotations

import ctypes
import gc as pygc
import glob
import importlib
import json
import os
import pickle
import subprocess
import sys
import types
from typing import Any

import pytest

import zmq
import zmq.backend
import zmq.sugar
import zmq.sugar.socket
from zmq.utils import z85
from zmq.utils.garbage import GarbageCollector, gc, gcref

# PyPy builds only the CFFI backend
try:
    import zmq.backend.cython

    HAS_CYTHON = True
except ImportError:
    HAS_CYTHON = False
needs_cython = pytest.mark.skipif(not HAS_CYTHON, reason="the Cython backend is not built here")

PYZMQ_BACKEND_API = [
    "Context",
    "Socket",
    "Frame",
    "Message",
    "proxy",
    "proxy_steerable",
    "zmq_poll",
    "strerror",
    "zmq_errno",
    "has",
    "curve_keypair",
    "curve_public",
    "zmq_version_info",
    "IPC_PATH_MAX_LEN",
    "PYZMQ_DRAFT_API",
]


def _python(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=60, env=env
    )


# --- zmq ------------------------------------------------------------------------------------------


def test_pyzmq_draft_api_flag() -> None:
    assert zmq.PYZMQ_DRAFT_API is zmq.backend.PYZMQ_DRAFT_API
    backend = importlib.import_module(f"zmq.backend.{zmq.backend.BACKEND}")
    assert backend.PYZMQ_DRAFT_API is zmq.DRAFT_API
    assert isinstance(zmq.PYZMQ_DRAFT_API, bool)
    assert "PYZMQ_DRAFT_API" in zmq.__all__


def test_draft_fd_warning() -> None:
    assert zmq.DraftFDWarning is zmq.error.DraftFDWarning
    assert issubclass(zmq.DraftFDWarning, RuntimeWarning)
    assert str(zmq.DraftFDWarning())  # a default message
    assert str(zmq.DraftFDWarning("mine")) == "mine"
    # filtering it by class, as pyzmq's docs suggest, works
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", zmq.error.DraftFDWarning)
        warnings.warn(zmq.DraftFDWarning(), stacklevel=1)


def test_errno_is_a_class_attribute() -> None:
    assert zmq.ZMQError.errno is None
    assert zmq.Again.errno == zmq.EAGAIN
    assert zmq.ContextTerminated.errno == zmq.ETERM
    assert zmq.InterruptedSystemCall.errno == zmq.EINTR
    # instances still carry their own
    assert zmq.ZMQError(zmq.EINVAL).errno == zmq.EINVAL
    assert zmq.Again().errno == zmq.EAGAIN
    err = zmq.InterruptedSystemCall()
    assert err.errno == zmq.EINTR and isinstance(err, InterruptedError)
    assert pickle.loads(pickle.dumps(zmq.ZMQError(zmq.EFSM))).errno == zmq.EFSM


def test_strerror_errno_keyword() -> None:
    assert zmq.strerror(errno=zmq.EAGAIN) == zmq.strerror(zmq.EAGAIN)
    assert zmq.backend.strerror(errno=zmq.ETERM) == zmq.ZMQError(zmq.ETERM).strerror
    with pytest.raises(TypeError):
        zmq.strerror(errnum=zmq.EAGAIN)  # type: ignore[call-arg]


def test_socket_type_is_a_socket_type_member(context: zmq.Context) -> None:
    sock = context.socket(zmq.ROUTER)
    assert sock.type is zmq.SocketType.ROUTER
    assert sock.socket_type is zmq.SocketType.ROUTER
    assert sock.type == zmq.ROUTER == int(zmq.ROUTER)  # still compares (and hashes) as the int
    assert {zmq.ROUTER: "r"}[sock.type] == "r"
    assert "zmq.ROUTER" in repr(sock) and sock.type.name == "ROUTER"
    assert pickle.loads(pickle.dumps(sock.type)) is zmq.SocketType.ROUTER
    sock.close()
    assert sock.type is zmq.SocketType.ROUTER  # known after close, as in pyzmq
    dealer = context.socket(zmq.DEALER)
    assert zmq.Socket.shadow(dealer.underlying).type is zmq.SocketType.DEALER
    dealer.close()


def test_shadow_pyczmq_needs_pyczmq() -> None:
    if "pyczmq" in sys.modules or _has_module("pyczmq"):
        pytest.skip("pyczmq is installed")
    with pytest.raises(ImportError, match="pyczmq"):
        zmq.Context.shadow_pyczmq(object())


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_shadow_pyczmq_shadows_the_zctx_context(
    context: zmq.Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pyczmq (a long-unmaintained CFFI binding of czmq) is not installable on current Pythons, so a
    # stand-in module plays its one role here: zctx.underlying(ctx) gives the zctx's libzmq context
    # as a pointer. The context behind it is a real one.
    zctx = types.SimpleNamespace(underlying=lambda ctx: ctypes.c_void_p(ctx.underlying))
    monkeypatch.setitem(sys.modules, "pyczmq", types.SimpleNamespace(zctx=zctx))
    shadow = zmq.Context.shadow_pyczmq(context)
    assert type(shadow) is zmq.Context
    assert shadow.underlying == context.underlying
    push, pull = shadow.socket(zmq.PUSH), context.socket(zmq.PULL)
    push.linger = pull.linger = 0
    push.bind("inproc://shadow-pyczmq")
    pull.connect("inproc://shadow-pyczmq")
    push.send(b"through the shadow")
    assert pull.recv() == b"through the shadow"
    push.close()
    pull.close()


# --- zmq.backend ----------------------------------------------------------------------------------


def test_backend_public_api() -> None:
    from zmq.backend.select import public_api, select_backend

    assert zmq.backend.public_api == public_api == PYZMQ_BACKEND_API
    assert zmq.backend.select_backend is select_backend
    module = importlib.import_module(f"zmq.backend.{zmq.backend.BACKEND}")
    for name in public_api:
        assert getattr(zmq.backend, name) is getattr(module, name), name
    assert zmq.backend.zmq_poll is zmq.zmq_poll


@pytest.mark.parametrize("name", ["BACKEND", "zmq.backend.BACKEND"])
def test_select_backend(name: str) -> None:
    ns = zmq.backend.select_backend(name.replace("BACKEND", zmq.backend.BACKEND))
    assert set(PYZMQ_BACKEND_API) <= set(ns)
    assert ns["Socket"] is zmq.backend.Socket
    assert ns["monitored_queue"] is zmq.backend.monitored_queue


@pytest.mark.parametrize("name", ["nonsense", "zmq.backend.nonsense", "json"])
def test_select_unknown_backend_names_it(name: str) -> None:
    with pytest.raises(ImportError, match=name.replace(".", r"\.")):
        zmq.backend.select_backend(name)


def test_select_backend_lacking_the_interface() -> None:
    # a real module, but not a backend: says what it lacks
    with pytest.raises(ImportError, match="lacks Context"):
        zmq.backend.select_backend("zmq.utils.z85")


@pytest.mark.parametrize("value", ["no_such_backend", "no.such.module"])
def test_pyzmq_backend_environment_variable_unavailable(value: str) -> None:
    env = dict(os.environ, PYZMQ_BACKEND=value)
    proc = _python("-c", "import zmq", env=env)
    assert proc.returncode != 0
    assert "ImportError" in proc.stderr and repr(value) in proc.stderr, proc.stderr


@needs_cython
@pytest.mark.parametrize("value", ["cython", "zmq.backend.cython", ""])
def test_pyzmq_backend_environment_variable_cython(value: str) -> None:
    env = dict(os.environ, PYZMQ_BACKEND=value)
    proc = _python("-c", "import zmq; print(zmq.backend.Socket.__module__)", env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "zmq.backend.cython._zmq"


@needs_cython
def test_backend_cython_reexports() -> None:
    from zmq.backend.cython import _zmq

    names = [
        "Context",
        "Socket",
        "Frame",
        "Message",
        "has",
        "proxy",
        "proxy_steerable",
        "curve_keypair",
        "curve_public",
        "zmq_poll",
        "IPC_PATH_MAX_LEN",
        "strerror",
        "zmq_errno",
        "zmq_version_info",
        "monitored_queue",
    ]
    for name in names:
        assert name in zmq.backend.cython.__all__ or name == "monitored_queue"
        assert getattr(zmq.backend.cython, name) is not None
    assert zmq.backend.cython.Socket is _zmq.Socket
    assert zmq.backend.cython.zmq_version_info() == zmq.zmq_version_info()
    assert isinstance(zmq.backend.cython.zmq_errno(), int)


# --- zmq.sugar ------------------------------------------------------------------------------------


def test_sugar_reexports() -> None:
    for name in zmq.error.__all__:
        assert getattr(zmq.sugar, name) is getattr(zmq.error, name)
    assert zmq.sugar.device is zmq.device
    assert zmq.sugar.proxy is zmq.proxy
    assert zmq.sugar.DeviceType is zmq.DeviceType
    assert len(zmq.__all__) == len(set(zmq.__all__))


def test_sugar_socket_names() -> None:
    from zmq.utils.interop import cast_int_addr

    assert zmq.sugar.socket.DEFAULT_PROTOCOL == pickle.DEFAULT_PROTOCOL
    assert zmq.sugar.socket.cast_int_addr is cast_int_addr
    assert zmq.sugar.socket.cast_int_addr(ctypes.c_void_p(1234)) == 1234


# --- zmq.utils.garbage ----------------------------------------------------------------------------


def test_garbage_refs_show_buffers_libzmq_holds() -> None:
    data = bytearray(b"held by libzmq" * 10_000)
    before = set(gc.refs)
    frame = zmq.Frame(data, copy=False, track=True)
    new = set(gc.refs) - before
    assert len(new) == 1
    (key,) = new
    ref = gc.refs[key]
    assert isinstance(ref, gcref)
    assert ref.obj is data
    assert ref.event is frame.tracker_event
    tracker = frame.tracker
    del frame  # libzmq drops the message: the collector releases the buffer
    pygc.collect()  # (PyPy frees the frame, so its message, only when it collects)
    assert tracker is not None and tracker.wait(timeout=10) is None
    assert key not in gc.refs


def test_garbage_refs_after_a_zero_copy_send(pair: Any) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "tcp")
    data = b"zero copy" * 20_000
    before = set(gc.refs)
    tracker = push.send(data, copy=False, track=True)
    assert pull.recv() == data
    tracker.wait(timeout=10)
    assert not (set(gc.refs) - before)


def test_garbage_collector_surface(context: zmq.Context) -> None:
    collector = GarbageCollector(context=context)
    assert collector.context is context
    assert GarbageCollector().context is None
    assert collector.url is None
    assert isinstance(collector.refs, dict)
    assert gcref(obj=1, event=None) == (1, None)
    with pytest.raises(NotImplementedError):
        gc.store(b"x")
    collector.start()
    collector.stop()  # neither changes the process-wide collector


# --- python -m zmq.curve_keygen -------------------------------------------------------------------

needs_curve = pytest.mark.skipif(not zmq.has("curve"), reason="libzmq without CURVE")


def test_curve_keygen_help() -> None:
    proc = _python("-m", "zmq.curve_keygen", "-h")
    assert proc.returncode == 0
    assert "python3 -m zmq.curve_keygen" in proc.stdout
    assert "--json" in proc.stdout and "--secret" in proc.stdout


@needs_curve
def test_curve_keygen_text() -> None:
    proc = _python("-m", "zmq.curve_keygen")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    public = lines[lines.index("== CURVE PUBLIC KEY ==") + 1]
    secret = lines[lines.index("== CURVE SECRET KEY ==") + 1]
    assert len(z85.decode(public)) == len(z85.decode(secret)) == 32
    assert zmq.curve_public(secret.encode()) == public.encode()


@needs_curve
def test_curve_keygen_json_and_secret() -> None:
    public, secret = zmq.curve_keypair()
    proc = _python("-m", "zmq.curve_keygen", "--json", "--secret", secret.decode())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"public": public.decode(), "secret": secret.decode()}
    fresh = json.loads(_python("-m", "zmq.curve_keygen", "--json").stdout)
    assert zmq.curve_public(fresh["secret"].encode()).decode() == fresh["public"]


@needs_curve
def test_curve_keygen_bad_secret() -> None:
    proc = _python("-m", "zmq.curve_keygen", "--secret", "not a key")
    assert proc.returncode != 0
    assert "invalid secret key" in proc.stderr


# --- get_includes / get_library_dirs --------------------------------------------------------------


def test_library_dirs_package_first() -> None:
    dirs = zmq.get_library_dirs()
    pkg = os.path.dirname(os.path.abspath(zmq.__file__))
    assert dirs[0] == pkg
    # and, after it, still the directory of the libzmq this core links, for -lzmq
    assert any(glob.glob(os.path.join(d, "libzmq*")) for d in dirs[1:])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_garbage_refs_in_a_forked_child() -> None:
    """A child does not list the buffers its parent's libzmq holds (they are not its own)."""
    script = (
        "import os, sys, zmq\n"
        "from zmq.utils.garbage import gc\n"
        "frame = zmq.Frame(b'x' * 100000, copy=False)\n"
        "assert gc.refs\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os._exit(0 if not gc.refs else 3)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "sys.exit(os.waitstatus_to_exitcode(status))\n"
    )
    proc = _python("-c", script)
    assert proc.returncode == 0, proc.stderr
