"""zmq.utils helpers and the small top-level utilities: jsonapi, strtypes, interop, curve keys,
the keygen command, garbage/win32 shims, Stopwatch, build paths, IPC_PATH_MAX_LEN."""

from __future__ import annotations

import ctypes
import importlib
import os
import subprocess
import sys
import threading
import time

import pytest

import zmq
from zmq.utils import garbage, interop, jsonapi, win32, z85

# --- jsonapi


@pytest.mark.parametrize(
    "obj",
    [
        {"a": 1, "b": [1, 2.5, None, True], "c": {"nested": "x"}},
        ["plain", "ünïcødé", "日本語", "emoji 🎉"],
        "",
        0,
    ],
)
def test_jsonapi_round_trip(obj: object) -> None:
    data = jsonapi.dumps(obj)
    assert isinstance(data, bytes)
    assert jsonapi.loads(data) == obj
    assert jsonapi.loads(data.decode("utf-8")) == obj


def test_jsonapi_non_ascii_over_a_socket(pair) -> None:
    a, b = pair(zmq.PAIR, zmq.PAIR)
    b.rcvtimeo = 5000
    obj = {"name": "Zoë", "city": "Zürich", "text": "こんにちは"}
    a.send_json(obj)
    assert b.recv_json() == obj


# --- strtypes


def test_strtypes_deprecated_aliases() -> None:
    sys.modules.pop("zmq.utils.strtypes", None)
    with pytest.warns(DeprecationWarning, match="strtypes"):
        strtypes = importlib.import_module("zmq.utils.strtypes")
    assert strtypes.bytes is bytes
    assert strtypes.unicode is str
    assert isinstance("x", strtypes.basestring) and isinstance(b"x", strtypes.basestring)
    assert strtypes.cast_bytes("é") == "é".encode()
    assert strtypes.cast_bytes("é", "latin-1") == b"\xe9"
    assert strtypes.cast_bytes(b"raw") == b"raw"
    assert strtypes.cast_unicode(b"\xc3\xa9") == "é"
    assert strtypes.cast_unicode("already") == "already"
    assert strtypes.cast_unicode(b"\xff", errors="replace") == "\ufffd"
    assert strtypes.b is strtypes.asbytes is strtypes.cast_bytes
    assert strtypes.u is strtypes.cast_unicode
    with pytest.raises(TypeError):
        strtypes.cast_bytes(5)
    with pytest.raises(TypeError):
        strtypes.cast_unicode(5)


# --- interop


def test_cast_int_addr_int() -> None:
    assert interop.cast_int_addr(0) == 0
    assert interop.cast_int_addr(123456) == 123456


def test_cast_int_addr_ctypes() -> None:
    buf = ctypes.create_string_buffer(8)
    addr = ctypes.addressof(buf)
    assert interop.cast_int_addr(ctypes.c_void_p(addr)) == addr
    assert interop.cast_int_addr(ctypes.cast(buf, ctypes.POINTER(ctypes.c_char))) == addr
    assert interop.cast_int_addr(ctypes.pointer(ctypes.c_int(5))) != 0
    assert interop.cast_int_addr(ctypes.c_void_p()) == 0


def test_cast_int_addr_shadows_context() -> None:
    ctx = zmq.Context()
    try:
        shadow = zmq.Context.shadow(interop.cast_int_addr(ctypes.c_void_p(ctx.underlying)))
        assert shadow.underlying == ctx.underlying
    finally:
        ctx.term()


@pytest.mark.parametrize("bad", ["0x10", 1.5, None, b"\x00"])
def test_cast_int_addr_rejects(bad: object) -> None:
    with pytest.raises(ValueError):
        interop.cast_int_addr(bad)


# --- curve keys


needs_curve = pytest.mark.skipif(not zmq.has("curve"), reason="libzmq without CURVE")


def test_has() -> None:
    assert isinstance(zmq.has("curve"), bool)
    assert zmq.has("ipc") is True  # Linux libzmq always has ipc
    assert zmq.has("no-such-capability") is False


@needs_curve
def test_curve_keypair_and_public() -> None:
    public, secret = zmq.curve_keypair()
    assert len(public) == len(secret) == 40
    assert public != secret
    assert zmq.curve_public(secret) == public
    # the keys are Z85 of 32 raw bytes, and survive a z85 round trip
    assert len(z85.decode(public)) == len(z85.decode(secret)) == 32
    assert z85.encode(z85.decode(public)) == public
    assert z85.encode(z85.decode(secret)) == secret
    # fresh pairs differ
    assert zmq.curve_keypair()[1] != secret


@needs_curve
def test_curve_keys_secure_a_connection(sockets) -> None:
    server_public, server_secret = zmq.curve_keypair()
    client_public, client_secret = zmq.curve_keypair()
    server, client = sockets(zmq.REP), sockets(zmq.REQ)
    server.linger = client.linger = 0
    server.rcvtimeo = client.rcvtimeo = 5000
    server.curve_server = True
    server.curve_secretkey = server_secret
    client.curve_serverkey = server_public
    client.curve_publickey = client_public
    client.curve_secretkey = client_secret
    server.bind("tcp://127.0.0.1:0")
    client.connect(server.last_endpoint.decode())
    client.send(b"secret hello")
    assert server.recv() == b"secret hello"
    server.send(b"secret reply")
    assert client.recv() == b"secret reply"


def _keygen(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m zmq.utils.curve_keygen`` with args, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "zmq.utils.curve_keygen", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@needs_curve
def test_keygen_module() -> None:
    out = _keygen().stdout
    lines = dict(line.split(": ", 1) for line in out.splitlines())
    public, secret = lines["public"].encode(), lines["secret"].encode()
    assert len(public) == len(secret) == 40
    assert zmq.curve_public(secret) == public
    assert _keygen("--secret", secret.decode()).stdout.strip() == f"public: {public.decode()}"


@needs_curve
def test_keygen_takes_a_secret_beginning_with_a_dash() -> None:
    # Z85 has '-' in its alphabet: one key in 85 begins with it, and argparse took it for an option.
    # Still a valid key: any 32 bytes are a CURVE secret key.
    secret = b"-" + zmq.curve_keypair()[1][1:]
    result = _keygen("--secret", secret.decode())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"public: {zmq.curve_public(secret).decode()}"


@needs_curve
def test_keygen_rejects_bad_secret() -> None:
    result = _keygen("--secret", "short")
    assert result.returncode == 2
    assert "invalid secret key" in result.stderr


# --- shims


def test_garbage_collector_reports_backend_collector(pair) -> None:
    gc = garbage.gc
    assert isinstance(gc, garbage.GarbageCollector)
    gc.start()  # documented no-ops
    a, b = pair(zmq.PUSH, zmq.PULL)
    b.rcvtimeo = 5000
    payload = b"x" * (zmq.COPY_THRESHOLD * 2)
    tracker = a.send(payload, copy=False, track=True)
    assert b.recv() == payload
    assert tracker is not None
    tracker.wait(5)
    assert gc.is_alive()
    thread = gc.thread
    assert isinstance(thread, threading.Thread) and thread.daemon
    gc.stop()
    assert gc.is_alive()  # stop() never stops the collector: buffers may still be in flight
    assert "running" in repr(gc)


def test_garbage_is_alive_false_in_fresh_process() -> None:
    code = "from zmq.utils.garbage import gc; print(gc.is_alive(), gc.thread)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert out.split() == ["False", "None"]


@pytest.mark.skipif(sys.platform == "win32", reason="the no-op form is for other platforms")
def test_allow_interrupt_is_a_noop_context_manager() -> None:
    calls: list[int] = []
    with win32.allow_interrupt(lambda: calls.append(1)) as ai:
        assert isinstance(ai, win32.allow_interrupt)
    with win32.allow_interrupt():
        pass
    with pytest.raises(KeyError), win32.allow_interrupt():
        raise KeyError("propagates")
    assert calls == []


# --- top-level utilities


def test_stopwatch() -> None:
    watch = zmq.Stopwatch()
    watch.start()
    time.sleep(0.01)
    elapsed = watch.stop()
    assert 5_000 <= elapsed < 5_000_000  # microseconds
    with pytest.raises(zmq.ZMQError):
        watch.stop()


def test_get_includes_has_libzmq_pxd() -> None:
    dirs = zmq.get_includes()
    assert all(isinstance(d, str) for d in dirs)
    assert any(os.path.exists(os.path.join(d, "libzmq.pxd")) for d in dirs)
    # pyzmq's order: the directory holding the zmq package, then zmq/utils
    pkg = os.path.dirname(os.path.abspath(zmq.__file__))
    assert dirs[0] == os.path.dirname(pkg)
    assert dirs[1] == os.path.join(pkg, "utils")


def test_jsonmod_is_the_json_implementation() -> None:
    import json

    assert jsonapi.jsonmod is json
    assert isinstance(jsonapi.jsonmod.loads(jsonapi.dumps({"a": 1})), dict)


def test_get_library_dirs() -> None:
    dirs = zmq.get_library_dirs()
    assert isinstance(dirs, list) and all(isinstance(d, str) for d in dirs)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sun_path size is per-OS")
def test_ipc_path_max_len_linux() -> None:
    assert zmq.IPC_PATH_MAX_LEN == 107


def test_modules_import_cleanly_in_a_fresh_process() -> None:
    modules = "zmq.devices, zmq.decorators, zmq.utils.monitor, zmq.utils.z85, zmq.utils.interop"
    modules += ", zmq.utils.garbage, zmq.utils.win32, zmq.utils.curve_keygen"
    code = f"import {modules}; import zmq; print(zmq.devices.ThreadDevice.__name__)"
    out = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert out.strip() == "ThreadDevice"


@pytest.mark.parametrize("secret", [b"", b"x" * 39, b"x" * 41, "short", b"\xff" * 40])
def test_curve_public_rejects_a_bad_secret_key(secret) -> None:
    with pytest.raises((ValueError, zmq.ZMQError)) as info:
        zmq.curve_public(secret)
    assert str(info.value)  # says what is wrong
