"""Bad input gives a clear Python exception (TypeError, ValueError, ZMQError), never a crash."""

from __future__ import annotations

import socket as pysocket
import subprocess
import sys
import textwrap

import pytest

import zmq

# --- str where bytes are needed ---------------------------------------------------------------------


def test_send_str_says_encode(pair) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    for copy in (True, False):
        with pytest.raises(TypeError, match="encode"):
            push.send("text", copy=copy)
    with pytest.raises(zmq.Again):
        pull.recv(zmq.NOBLOCK)


@pytest.mark.parametrize("bad_index", [0, 1, 2])
def test_send_multipart_str_part_names_index_sends_nothing(pair, bad_index: int) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    parts: list[object] = [b"first", b"second", b"third"]
    parts[bad_index] = "oops"
    with pytest.raises(TypeError) as info:
        push.send_multipart(parts)
    assert str(bad_index) in str(info.value)
    assert "encode" in str(info.value) or "str" in str(info.value)
    # nothing (not even the parts before the bad one) was queued
    with pytest.raises(zmq.Again):
        pull.recv(zmq.NOBLOCK)
    # and the socket is not left in the middle of a multipart message
    push.send_multipart([b"clean", b"message"])
    pull.rcvtimeo = 5000
    assert pull.recv_multipart() == [b"clean", b"message"]


def test_send_multipart_non_buffer_part(pair) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    with pytest.raises(TypeError) as info:
        push.send_multipart([b"ok", 12345])
    assert "1" in str(info.value)
    with pytest.raises(zmq.Again):
        pull.recv(zmq.NOBLOCK)


def _non_contiguous(kind: str) -> object:
    if kind == "numpy":
        np = pytest.importorskip("numpy")
        return np.arange(10)[::2]
    return memoryview(bytearray(b"abcdefgh" * 20_000))[::2]


def _assert_nothing_queued_then_clean(push: zmq.Socket, pull: zmq.Socket) -> None:
    with pytest.raises(zmq.Again):
        pull.recv(zmq.NOBLOCK)
    push.send_multipart([b"clean", b"message"])
    pull.rcvtimeo = 5000
    assert pull.recv_multipart() == [b"clean", b"message"]


@pytest.mark.parametrize("kind", ["numpy", "memoryview"])
@pytest.mark.parametrize("copy", [True, False])
@pytest.mark.parametrize("bad_index", [1, 3])
def test_send_multipart_non_contiguous_part_sends_nothing(
    pair, kind: str, copy: bool, bad_index: int
) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    parts: list[object] = [b"first", bytearray(b"second"), memoryview(b"third"), b"fourth"]
    parts[bad_index] = _non_contiguous(kind)
    with pytest.raises(BufferError) as info:
        push.send_multipart(parts, copy=copy)
    assert f"Frame {bad_index}" in str(info.value)
    _assert_nothing_queued_then_clean(push, pull)


def test_send_multipart_untracked_frame_with_track_sends_nothing(pair) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    tracked = zmq.Frame(b"t" * 100_000, track=True)
    with pytest.raises(ValueError, match="Frame 2"):
        push.send_multipart([tracked, bytearray(100_000), zmq.Frame(b"untracked")], track=True)
    _assert_nothing_queued_then_clean(push, pull)


@pytest.mark.parametrize("copy", [True, False])
@pytest.mark.parametrize("count", [3, 20])  # 20: more buffer parts than are held on the stack
def test_send_multipart_mixed_parts_arrive_whole(pair, copy: bool, count: int) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    pull.rcvtimeo = 5000
    kinds = [
        lambda i: b"bytes %d" % i,
        lambda i: bytearray(b"bytearray %d " % i * 10_000),
        lambda i: memoryview(b"view %d " % i * 3),
        lambda i: zmq.Frame(b"frame %d" % i),
    ]
    parts = [kinds[i % 4](i) for i in range(count)]
    expected = [bytes(p) for p in parts]
    tracker = push.send_multipart(parts, copy=copy, track=not copy and count == 3)
    assert pull.recv_multipart() == expected
    if tracker is not None:
        tracker.wait(5)
        assert tracker.done


def test_send_multipart_accepts_any_iterable(pair) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    pull.rcvtimeo = 5000
    push.send_multipart(iter([b"a", bytearray(b"b")]))
    push.send_multipart(p for p in [b"c", memoryview(b"d")])
    assert pull.recv_multipart() == [b"a", b"b"]
    assert pull.recv_multipart() == [b"c", b"d"]


@pytest.mark.parametrize("data", [None, 5, 1.5, object(), ["a list"]])
def test_send_non_buffer(sockets, data) -> None:
    push = sockets(zmq.PUSH)
    push.linger = 0
    push.bind("inproc://non-buffer")
    with pytest.raises(TypeError):
        push.send(data)


@pytest.mark.parametrize("data", ["str", 5, 1.5, object()])
def test_frame_rejects_non_buffer(data) -> None:
    with pytest.raises(TypeError):
        zmq.Frame(data)


def test_frame_str_says_encode() -> None:
    with pytest.raises(TypeError, match="encode"):
        zmq.Frame("str")


# --- socket options ------------------------------------------------------------------------------


@pytest.mark.parametrize("option", [9999, 200, -1])
def test_unknown_option_is_einval(sockets, option: int) -> None:
    s = sockets(zmq.PUSH)
    with pytest.raises(zmq.ZMQError) as info:
        s.setsockopt(option, 1)
    assert info.value.errno == zmq.EINVAL
    with pytest.raises(zmq.ZMQError) as info:
        s.getsockopt(option)
    assert info.value.errno == zmq.EINVAL


@pytest.mark.parametrize(
    "option", [zmq.LINGER, zmq.SNDHWM, zmq.RCVTIMEO, zmq.AFFINITY, zmq.MAXMSGSIZE]
)
@pytest.mark.parametrize("value", ["1", 1.5, None, b"1"])
def test_wrong_type_for_int_option(sockets, option: int, value) -> None:
    s = sockets(zmq.DEALER)
    with pytest.raises(TypeError):
        s.setsockopt(option, value)


def test_wrong_type_int_option_attribute(sockets) -> None:
    s = sockets(zmq.DEALER)
    with pytest.raises(TypeError):
        s.linger = "0"
    with pytest.raises(TypeError):
        s.sndhwm = 10.0


def test_str_for_bytes_option(sockets) -> None:
    sub = sockets(zmq.SUB)
    with pytest.raises(TypeError):
        sub.setsockopt(zmq.SUBSCRIBE, "x")
    dealer = sockets(zmq.DEALER)
    with pytest.raises(TypeError):
        dealer.setsockopt(zmq.ROUTING_ID, "id")
    with pytest.raises(TypeError):
        dealer.setsockopt(zmq.ROUTING_ID, 5)
    # the documented ways work
    sub.setsockopt_string(zmq.SUBSCRIBE, "x")
    sub.subscribe("y")


# --- endpoints --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "endpoint",
    [
        "tcp://nonsense",
        "foo://x",
        "tcp://127.0.0.1:notaport",
        "nonsense",
        "",
        "tcp://",
        "ipc://",
    ],
)
@pytest.mark.parametrize("method", ["bind", "connect"])
def test_bad_endpoint(sockets, endpoint: str, method: str) -> None:
    s = sockets(zmq.PUSH)
    s.linger = 0
    with pytest.raises(zmq.ZMQError) as info:
        getattr(s, method)(endpoint)
    assert info.value.errno is not None and info.value.errno > 0
    if endpoint:
        assert endpoint in str(info.value)
    if endpoint == "foo://x":
        assert info.value.errno == zmq.EPROTONOSUPPORT


def test_bad_tcp_host_for_bind(sockets) -> None:
    s = sockets(zmq.PULL)
    with pytest.raises(zmq.ZMQError) as info:
        s.bind("tcp://no-such-interface-xyz:5555")
    assert info.value.errno is not None
    assert "no-such-interface-xyz" in str(info.value)


@pytest.mark.parametrize("addr", [None, 5, b"\xff\xfe"])
def test_endpoint_wrong_type(sockets, addr) -> None:
    s = sockets(zmq.PUSH)
    s.linger = 0
    with pytest.raises((TypeError, zmq.ZMQError)):
        s.bind(addr)


def test_bind_port_in_use(sockets) -> None:
    a = sockets(zmq.PULL)
    a.bind("tcp://127.0.0.1:0")
    url = a.last_endpoint.decode()
    b = sockets(zmq.PULL)
    with pytest.raises(zmq.ZMQError) as info:
        b.bind(url)
    assert info.value.errno == zmq.EADDRINUSE
    assert url in str(info.value)


def test_bind_port_in_use_by_other_program(sockets) -> None:
    with pysocket.socket() as plain:
        plain.bind(("127.0.0.1", 0))
        plain.listen()
        url = "tcp://127.0.0.1:%d" % plain.getsockname()[1]
        s = sockets(zmq.PULL)
        with pytest.raises(zmq.ZMQError) as info:
            s.bind(url)
    assert info.value.errno == zmq.EADDRINUSE
    assert url in str(info.value)


def test_inproc_name_in_use(sockets) -> None:
    sockets(zmq.PULL).bind("inproc://taken")
    with pytest.raises(zmq.ZMQError) as info:
        sockets(zmq.PULL).bind("inproc://taken")
    assert info.value.errno == zmq.EADDRINUSE
    assert "inproc://taken" in str(info.value)


# --- closed sockets ---------------------------------------------------------------------------------


CLOSED_CALLS = {
    "send": lambda s: s.send(b"x"),
    "send_nocopy": lambda s: s.send(bytearray(100_000), copy=False, track=True),
    "send_multipart": lambda s: s.send_multipart([b"a", b"b"]),
    "send_string": lambda s: s.send_string("x"),
    "recv": lambda s: s.recv(),
    "recv_frame": lambda s: s.recv(copy=False),
    "recv_multipart": lambda s: s.recv_multipart(),
    "recv_into": lambda s: s.recv_into(bytearray(10)),
    "bind": lambda s: s.bind("tcp://127.0.0.1:0"),
    "connect": lambda s: s.connect("tcp://127.0.0.1:5555"),
    "unbind": lambda s: s.unbind("tcp://127.0.0.1:5555"),
    "disconnect": lambda s: s.disconnect("tcp://127.0.0.1:5555"),
    "setsockopt": lambda s: s.setsockopt(zmq.LINGER, 0),
    "setsockopt_bytes": lambda s: s.setsockopt(zmq.SUBSCRIBE, b""),
    "getsockopt": lambda s: s.getsockopt(zmq.LINGER),
    "getsockopt_bytes": lambda s: s.getsockopt(zmq.LAST_ENDPOINT),
    "attr_get": lambda s: s.linger,
    "fileno": lambda s: s.fileno(),
    "poller": lambda s: _poller_poll(s),
    "select": lambda s: zmq.select([s], [], [], 0),
}


def _poller_poll(s):
    p = zmq.Poller()
    p.register(s, zmq.POLLIN)
    return p.poll(0)


@pytest.mark.parametrize("call", sorted(CLOSED_CALLS))
def test_closed_socket_enotsock(context, call: str) -> None:
    s = context.socket(zmq.SUB)
    s.close()
    with pytest.raises(zmq.ZMQError) as info:
        CLOSED_CALLS[call](s)
    assert info.value.errno == zmq.ENOTSOCK


def test_closed_socket_poll_method(context) -> None:
    s = context.socket(zmq.PULL)
    s.close()
    with pytest.raises(zmq.ZMQError) as info:
        s.poll(0)
    # the issue asks ENOTSOCK; pyzmq's Socket.poll raised ENOTSUP here
    assert info.value.errno in (zmq.ENOTSOCK, zmq.ENOTSUP)


def test_close_twice_is_harmless(context) -> None:
    s = context.socket(zmq.PUSH)
    s.close()
    s.close()
    s.close(linger=0)
    assert s.closed


# --- state machine, terminated context, recv_into --------------------------------------------------


def test_req_send_twice_efsm(pair) -> None:
    rep, req = pair(zmq.REP, zmq.REQ, "inproc")
    req.send(b"first")
    with pytest.raises(zmq.ZMQError) as info:
        req.send(b"second")
    assert info.value.errno == zmq.EFSM
    with pytest.raises(zmq.ZMQError) as info:
        rep.send(b"reply before request")
    assert info.value.errno == zmq.EFSM


def test_rep_recv_before_reply_efsm(pair) -> None:
    rep, req = pair(zmq.REP, zmq.REQ, "inproc")
    rep.rcvtimeo = req.rcvtimeo = 5000
    req.send(b"q")
    assert rep.recv() == b"q"
    with pytest.raises(zmq.ZMQError) as info:
        rep.recv(zmq.NOBLOCK)
    assert info.value.errno == zmq.EFSM


def test_socket_on_terminated_context() -> None:
    ctx = zmq.Context()
    ctx.term()
    with pytest.raises(zmq.ZMQError):
        ctx.socket(zmq.PUSH)
    with pytest.raises(zmq.ZMQError):
        zmq.Socket(ctx, zmq.PUSH)


def test_recv_into_readonly(pair) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    push.send(b"data")
    with pytest.raises((TypeError, BufferError)):
        pull.recv_into(b"0123456789")
    with pytest.raises((TypeError, BufferError)):
        pull.recv_into(memoryview(bytearray(10)).toreadonly())
    with pytest.raises(TypeError):
        pull.recv_into("a str")
    # the message was not consumed by the failed calls
    pull.rcvtimeo = 5000
    buf = bytearray(10)
    assert pull.recv_into(buf) == 4
    assert buf[:4] == b"data"


def test_recv_into_nbytes_too_large(pair) -> None:
    push, pull = pair(zmq.PUSH, zmq.PULL, "inproc")
    push.send(b"data")
    with pytest.raises(ValueError):
        pull.recv_into(bytearray(4), nbytes=5)
    with pytest.raises(ValueError):
        pull.recv_into(bytearray(4), nbytes=-1)
    pull.rcvtimeo = 5000
    buf = bytearray(8)
    assert pull.recv_into(buf, nbytes=2) == 4  # truncated: returns the full size
    assert buf == b"da" + bytes(6)


def test_frame_tracked_send_of_untracked_frame(pair) -> None:
    push, _ = pair(zmq.PUSH, zmq.PULL, "inproc")
    with pytest.raises(ValueError):
        push.send(zmq.Frame(b"x"), track=True)


# --- the nastiest cases, in a subprocess: a crash there fails instead of killing pytest ------------

NASTY = textwrap.dedent(
    """
    import gc, zmq
    ctx = zmq.Context()
    s = ctx.socket(zmq.PUSH)
    s.close()
    results = []
    unexpected = []
    def attempt(f):
        try:
            f()
        except (TypeError, ValueError, BufferError, OverflowError, zmq.ZMQError) as e:
            results.append(type(e).__name__)
        except Exception as e:  # e.g. SystemError: a C-level error path gone wrong
            unexpected.append(f"line {f.__code__.co_firstlineno}: {type(e).__name__}: {e}")
        else:
            results.append("ok")
    for call in [
        lambda: s.send(b"x"), lambda: s.recv(), lambda: s.recv(copy=False),
        lambda: s.recv_into(bytearray(4)), lambda: s.setsockopt(zmq.SUBSCRIBE, b"x"),
        lambda: s.getsockopt(zmq.LAST_ENDPOINT), lambda: s.send(bytearray(10**6), copy=False),
        lambda: zmq.zmq_poll([(s, zmq.POLLIN)], 0), lambda: s.monitor("inproc://m"),
        lambda: s.bind("tcp://127.0.0.1:0"), lambda: s.closed,
    ]:
        attempt(call)
    live = ctx.socket(zmq.PULL)
    for call in [
        lambda: live.setsockopt(-5, 1), lambda: live.getsockopt(10**6),
        lambda: live.setsockopt(zmq.LINGER, 2**80), lambda: live.setsockopt(zmq.IDENTITY, b"x" * 10**6),
        lambda: live.setsockopt(zmq.SUBSCRIBE, memoryview(b"abcd")[::2]),
        lambda: live.recv_into(memoryview(bytearray(8))[::2]),
        lambda: live.recv_into(bytearray(0), flags=zmq.NOBLOCK),
        lambda: live.bind("tcp://" + "x" * 10000 + ":1"), lambda: live.connect("ipc://" + "y" * 5000),
        lambda: live.bind("a\\x00b"), lambda: zmq.Frame(memoryview(b"abcdef")[::2]),
        lambda: zmq.Frame(None).bytes, lambda: zmq.zmq_poll([(object(), zmq.POLLIN)], 0),
        lambda: zmq.zmq_poll([(-1, zmq.POLLIN)], 0), lambda: zmq.zmq_poll([(s,)], 0),
        lambda: live.send_multipart([]), lambda: live.send_multipart(None),
        lambda: zmq.proxy(s, live), lambda: zmq.Socket(shadow=0),
    ]:
        attempt(call)
    live.close()
    ctx.term()
    for call in [lambda: ctx.socket(zmq.PUSH), lambda: ctx.get(zmq.IO_THREADS),
                 lambda: ctx.set(zmq.IO_THREADS, 2), lambda: live.send(b"x")]:
        attempt(call)
    gc.collect()
    print("survived", len(results), flush=True)
    for u in unexpected:
        print("UNEXPECTED", u, flush=True)
    """
)


def test_nasty_inputs_do_not_crash() -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", NASTY],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr}"
    assert proc.stdout.startswith("survived"), proc.stdout + proc.stderr
    assert "UNEXPECTED" not in proc.stdout, proc.stdout


@pytest.mark.parametrize("fd", [-1, "fileno-1"])
def test_poll_negative_fd_is_a_clean_error_or_ignored(fd) -> None:
    """zmq_poll on fd -1: ignored (like poll(2)) or a clean error, never a SystemError."""

    class NoFd:
        def fileno(self) -> int:
            return -1

    obj = NoFd() if fd == "fileno-1" else fd
    try:
        result = zmq.zmq_poll([(obj, zmq.POLLIN)], 0)
    except (ValueError, TypeError, zmq.ZMQError):
        return
    assert result == []
