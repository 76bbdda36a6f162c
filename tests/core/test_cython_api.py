"""The core's Cython API: a third-party extension cimports it, compiles, and exchanges messages."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import zmq
import zmq.backend

# The .pxd declarations describe the Cython backend's classes: extensions cimporting them need the
# process to run on that backend (it is the default on CPython; PyPy has only the CFFI backend).
pytestmark = pytest.mark.skipif(
    zmq.backend.BACKEND != "cython",
    reason=f"the Cython API needs the Cython backend (this run uses {zmq.backend.BACKEND})",
)

EXTENSION = """
# cython: language_level=3
from zmq cimport Context, Frame, Socket, libzmq


def send_fast(Socket sock, bytes data):
    # the backend's C-level fast path, through its vtable
    sock.send_bytes(data, 0)


def recv_fast(Socket sock):
    return sock.recv_bytes(0)


def recv_frame(Socket sock):
    cdef Frame frame = sock.recv_frame(0)
    return frame


def send_raw(Socket sock, bytes data):
    # straight to libzmq with the socket's handle
    return libzmq.zmq_send(sock.handle, <char *>data, len(data), 0)


def context_is_cdef(Context ctx):
    return ctx is not None


# pyzmq's other spelling of the cimport, and libzmq's constants through libzmq.pxd
from zmq.backend.cython cimport Socket as BackendSocket


def make_push(Context ctx):
    cdef BackendSocket sock = Socket(ctx, libzmq.ZMQ_PUSH)
    return sock


def socket_types():
    return libzmq.ZMQ_PUSH, libzmq.ZMQ_PULL, libzmq.ZMQ_DONTWAIT, libzmq.ZMQ_EVENT_CONNECTED
"""


@pytest.fixture(scope="module")
def extension(tmp_path_factory: pytest.TempPathFactory):
    cython = pytest.importorskip("Cython")
    assert cython
    build = tmp_path_factory.mktemp("cython_api")
    pyx = build / "zmq_cython_api_demo.pyx"
    pyx.write_text(EXTENSION)
    c_file = build / "zmq_cython_api_demo.c"
    includes = zmq.get_includes()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cython",
            "-3",
            *[f"-I{d}" for d in includes],
            str(pyx),
            "-o",
            str(c_file),
        ],
        check=True,
        timeout=120,
    )
    so = build / ("zmq_cython_api_demo" + sysconfig.get_config_var("EXT_SUFFIX"))
    cc = os.environ.get("CC", "cc")
    cmd = [
        cc, "-shared", "-fPIC", "-O1", str(c_file), "-o", str(so),
        f"-I{sysconfig.get_paths()['include']}",
        *[f"-I{d}" for d in includes],
        *[f"-L{d}" for d in zmq.get_library_dirs()],
        "-lzmq",
    ]  # fmt: skip
    subprocess.run(cmd, check=True, timeout=120)
    spec = importlib.util.spec_from_file_location("zmq_cython_api_demo", so)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_includes_hold_the_declarations() -> None:
    dirs = [Path(d) for d in zmq.get_includes()]
    assert any((d / "zmq" / "__init__.pxd").is_file() for d in dirs)
    assert any((d / "libzmq.pxd").is_file() for d in dirs)
    assert any((d / "zmq.h").is_file() for d in dirs) or Path("/usr/include/zmq.h").is_file()
    assert any(Path(d).glob("libzmq.so*") for d in zmq.get_library_dirs())


def test_backend_cimport_and_libzmq_constants(extension, context) -> None:
    assert extension.socket_types() == (zmq.PUSH, zmq.PULL, zmq.DONTWAIT, zmq.EVENT_CONNECTED)
    sock = extension.make_push(context)
    assert isinstance(sock, zmq.backend.Socket)
    assert sock.get(zmq.TYPE) == zmq.PUSH
    sock.close()


def test_extension_exchanges_messages(extension, pair, context) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "tcp")
    pull.rcvtimeo = 5000
    extension.send_fast(push, b"via the vtable")
    assert pull.recv() == b"via the vtable"
    assert extension.send_raw(push, b"via libzmq") == len(b"via libzmq")
    assert extension.recv_fast(pull) == b"via libzmq"
    push.send(b"as a frame")
    frame = extension.recv_frame(pull)
    assert isinstance(frame, zmq.Frame) and frame.bytes == b"as a frame"
    assert extension.context_is_cdef(context)


def test_extension_rejects_other_types(extension) -> None:
    with pytest.raises(TypeError):
        extension.send_fast("not a socket", b"x")
