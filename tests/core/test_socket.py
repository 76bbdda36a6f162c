"""zmq.Socket: endpoints, options, the send/recv family, polling, monitoring, shadows, lifecycle."""

from __future__ import annotations

import array
import copy
import errno
import gc
import json
import pickle
import signal
import struct
import threading
import time
from unittest import mock

import pytest

import zmq

TIMEOUT_MS = 2000


def _open_port(sockets) -> int:
    """A TCP port that was free a moment ago (bound, then released)."""
    s = sockets(zmq.PULL)
    port = s.bind_to_random_port("tcp://127.0.0.1")
    s.close(linger=0)
    return port


def _bind_eventually(sock: zmq.Socket, url: str) -> None:
    """Bind, retrying for up to ~1 s while an unbound listener is still being torn down."""
    for _ in range(100):
        try:
            sock.bind(url)
            return
        except zmq.ZMQError as e:
            if e.errno != zmq.EADDRINUSE:
                raise
            time.sleep(0.01)
    pytest.fail(f"{url} still in use: the earlier bind was never undone")


# --- endpoints -----------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]"])
def test_bind_port_zero_as_context_manager_unbinds(sockets, host: str) -> None:
    s = sockets(zmq.PULL)
    s.ipv6 = other_ipv6 = host.startswith("[")
    with s.bind(f"tcp://{host}:0") as bound:
        assert bound is s
        url = s.last_endpoint
        assert isinstance(url, bytes)
        url = url.decode()
        assert not url.endswith(":0")
    # the port is free again (libzmq closes the listener asynchronously): another socket binds it
    other = sockets(zmq.PULL)
    other.ipv6 = other_ipv6
    _bind_eventually(other, url)
    assert other.last_endpoint.decode() == url


@pytest.mark.parametrize("transport", ["inproc", "ipc"])
def test_bind_context_manager_unbinds(sockets, tmp_path, transport: str) -> None:
    url = f"{transport}://{tmp_path}/sock" if transport == "ipc" else "inproc://cm-bind"
    s = sockets(zmq.PULL)
    with s.bind(url):
        pass
    other = sockets(zmq.PULL)
    _bind_eventually(other, url)  # EADDRINUSE for good if the first bind were still active


def test_connect_context_manager_disconnects(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    url = pull.last_endpoint.decode()
    push.disconnect(url)
    pull.rcvtimeo = TIMEOUT_MS
    with push.connect(url) as connected:
        assert connected is push
        push.send(b"while connected")
        assert pull.recv() == b"while connected"
    # no peer any more: a PUSH without pipes cannot queue
    with pytest.raises(zmq.Again):
        push.send(b"after", zmq.NOBLOCK)


def test_unbind_and_disconnect(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    url = pull.last_endpoint.decode()
    push.disconnect(url)
    pull.unbind(url)
    with pytest.raises(zmq.ZMQError):
        pull.unbind(url)  # not bound any more


def test_bind_error_names_endpoint(sockets) -> None:
    a, b = sockets(zmq.PULL), sockets(zmq.PULL)
    a.bind("inproc://taken")
    with pytest.raises(zmq.ZMQError) as info:
        b.bind("inproc://taken")
    assert info.value.errno == zmq.EADDRINUSE


@pytest.mark.skipif(zmq.IPC_PATH_MAX_LEN == 0, reason="no ipc path limit on this platform")
@pytest.mark.parametrize("addr_type", [str, str.encode], ids=["str", "bytes"])
def test_too_long_ipc_path_error_states_the_limit(sockets, addr_type) -> None:
    s = sockets(zmq.PULL)
    with pytest.raises(zmq.ZMQError) as info:
        s.bind(addr_type("ipc://" + "p" * (zmq.IPC_PATH_MAX_LEN + 5)))
    assert info.value.errno == errno.ENAMETOOLONG
    assert str(zmq.IPC_PATH_MAX_LEN) in info.value.strerror
    assert "IPC_PATH_MAX_LEN" in str(info.value)


def test_bind_to_random_port_default_range(sockets) -> None:
    s = sockets(zmq.PULL)
    port = s.bind_to_random_port("tcp://127.0.0.1")
    assert isinstance(port, int) and 0 < port < 65536
    assert s.last_endpoint == b"tcp://127.0.0.1:%d" % port


def test_bind_to_random_port_explicit_range(sockets) -> None:
    s = sockets(zmq.PULL)
    port = s.bind_to_random_port("tcp://127.0.0.1", min_port=20000, max_port=60000, max_tries=50)
    assert 20000 <= port < 60000
    assert s.last_endpoint == b"tcp://127.0.0.1:%d" % port


def test_bind_to_random_port_gives_up(sockets) -> None:
    a = sockets(zmq.PULL)
    port = a.bind_to_random_port("tcp://127.0.0.1")
    b = sockets(zmq.PULL)
    with pytest.raises(zmq.ZMQBindError):
        b.bind_to_random_port("tcp://127.0.0.1", min_port=port, max_port=port + 1, max_tries=3)


# --- lifecycle -----------------------------------------------------------------------------


@pytest.mark.parametrize("linger", [None, 0, 10])
def test_close(context: zmq.Context, linger: int | None) -> None:
    s = context.socket(zmq.PUSH)
    assert not s.closed
    s.close(linger=linger)
    assert s.closed
    s.close()  # twice is fine


def test_close_linger_drops_pending(context: zmq.Context) -> None:
    s = context.socket(zmq.PUSH)
    s.connect("tcp://127.0.0.1:1")
    s.send(b"stuck")
    s.close(linger=0)  # otherwise the context's term() would wait forever


def test_context_manager_closes(context: zmq.Context) -> None:
    with context.socket(zmq.PUSH) as s:
        assert isinstance(s, zmq.Socket)
        assert not s.closed
    assert s.closed


def test_closed_socket_operations_raise(context: zmq.Context) -> None:
    s = context.socket(zmq.PULL)
    s.close()
    for call in (lambda: s.recv(), lambda: s.get(zmq.LINGER), lambda: s.bind("inproc://x")):
        with pytest.raises(zmq.ZMQError) as info:
            call()
        assert info.value.errno == zmq.ENOTSOCK


def test_context_attribute(context: zmq.Context, sockets) -> None:
    assert sockets(zmq.PUSH).context is context


def test_socket_type(sockets) -> None:
    s = sockets(zmq.DEALER)
    assert s.socket_type == zmq.DEALER
    assert isinstance(s.socket_type, zmq.SocketType)
    assert s.type == zmq.DEALER
    assert s.get(zmq.TYPE) == zmq.DEALER


def test_repr(context: zmq.Context) -> None:
    s = context.socket(zmq.PUSH)
    r = repr(s)
    assert r.startswith("<zmq.Socket(") and "PUSH" in r and "closed" not in r
    s.close()
    r = repr(s)
    assert r.startswith("<zmq.Socket(") and "closed" in r
    assert "PUSH" in r  # pyzmq keeps the type name: <zmq.Socket(zmq.PUSH) at 0x... closed>
    assert r.startswith("<zmq.Socket(zmq.PUSH) at 0x") and r.endswith(" closed>")


def test_repr_names_subclasses_where_they_live(context: zmq.Context) -> None:
    class Mine(zmq.Socket):
        pass

    with context.socket(zmq.PAIR, socket_class=Mine) as s:
        assert repr(s).startswith(f"<{__name__}.Mine(zmq.PAIR) at 0x")


def test_dir_lists_socket_options(sockets) -> None:
    names = set(dir(sockets(zmq.PUB)))
    assert {"send", "recv_multipart", "bind"} <= names
    assert {"IDENTITY", "ROUTING_ID", "AFFINITY", "FD", "LINGER", "SNDHWM"} <= names


def test_write_only_option_reads_as_missing_attribute(sockets) -> None:
    sub = sockets(zmq.SUB)
    assert not hasattr(sub, "SUBSCRIBE")
    assert getattr(sub, "unsubscribe_option_typo", None) is None
    with pytest.raises(AttributeError, match="write-only"):
        _ = sub.SUBSCRIBE
    assert isinstance(sub.linger, int)  # readable options still read


def test_options_are_class_attributes_in_either_case(sockets) -> None:
    # no __getattr__ on the class: before CPython 3.12 that slows every method call (send, recv)
    assert not hasattr(zmq.Socket, "__getattr__")
    s = sockets(zmq.DEALER)
    s.LINGER = 12
    assert (s.linger, s.LINGER, s.get(zmq.LINGER)) == (12, 12, 12)
    s.Linger = 13  # setting stays case-blind, as it always was
    assert s.linger == 13 and "linger" not in s.__dict__ and "Linger" not in s.__dict__
    assert s.type == zmq.DEALER and isinstance(s.type, zmq.SocketType)  # the instance's own value
    assert s.routing_id == s.identity == b""
    with pytest.raises(AttributeError, match="no attribute 'lingr'"):
        _ = s.lingr
    with pytest.raises(AttributeError, match="no such option: LINGR"):
        s.lingr = 1


def test_subclass_attributes_win_over_options(context: zmq.Context) -> None:
    class Tagged(zmq.Socket):
        affinity = "mine"  # a name that is also an option
        rate: int  # declared: set as a plain attribute

    with context.socket(zmq.PUB, socket_class=Tagged) as s:
        s.rate = 5
        assert s.affinity == "mine" and s.__dict__["rate"] == 5
        assert s.get(zmq.RATE) != 5


def test_context_options_still_read_as_attributes(context: zmq.Context) -> None:
    assert context.io_threads == context.get(zmq.IO_THREADS)
    context.linger = 0  # a default for new sockets
    assert context.linger == 0
    with pytest.raises(AttributeError):
        _ = context.rcvtimeo  # a socket option without a default


def test_socket_can_be_a_mock_spec(sockets) -> None:
    # Mock(spec=...) walks dir() and reads every attribute listed there
    s = sockets(zmq.SUB)
    fake = mock.Mock(spec=s)
    fake.send(b"x")
    fake.send.assert_called_once_with(b"x")
    with pytest.raises(AttributeError):
        fake.no_such_method()


# --- options -------------------------------------------------------------------------------

INT_OPTIONS = [
    (zmq.LINGER, 0),
    (zmq.SNDHWM, 7),
    (zmq.RCVHWM, 9),
    (zmq.RCVTIMEO, 250),
    (zmq.SNDTIMEO, 125),
    (zmq.RECONNECT_IVL, 50),
    (zmq.BACKLOG, 10),
    (zmq.IMMEDIATE, 1),
    (zmq.TCP_KEEPALIVE, 1),
    (zmq.SNDBUF, 65536),
    (zmq.HEARTBEAT_IVL, 1000),
]
INT64_OPTIONS = [(zmq.MAXMSGSIZE, 1 << 40), (zmq.AFFINITY, 3)]
BYTES_OPTIONS = [
    (zmq.ROUTING_ID, b"me"),
    (zmq.ZAP_DOMAIN, b"global"),
    (zmq.SOCKS_PROXY, b"127.0.0.1:1080"),
]


@pytest.mark.parametrize(("option", "value"), INT_OPTIONS + INT64_OPTIONS)
def test_int_options(sockets, option: int, value: int) -> None:
    s = sockets(zmq.DEALER)
    s.setsockopt(option, value)
    got = s.getsockopt(option)
    assert type(got) is int and got == value
    s.set(option, 0)
    assert s.get(option) == 0


@pytest.mark.parametrize(("option", "value"), BYTES_OPTIONS)
def test_bytes_options(sockets, option: int, value: bytes) -> None:
    s = sockets(zmq.DEALER)
    s.setsockopt(option, value)
    got = s.getsockopt(option)
    assert type(got) is bytes and got == value


def test_identity_is_routing_id(sockets) -> None:
    s = sockets(zmq.DEALER)
    s.identity = b"x"
    assert s.routing_id == b"x"
    assert s.get(zmq.IDENTITY) == b"x"


def test_binary_routing_id_keeps_nul(sockets) -> None:
    s = sockets(zmq.DEALER)
    s.routing_id = b"\x00ab\x00"
    assert s.routing_id == b"\x00ab\x00"


def test_bytes_option_rejects_str(sockets) -> None:
    s = sockets(zmq.DEALER)
    with pytest.raises(TypeError):
        s.setsockopt(zmq.IDENTITY, "text")


def test_int_option_rejects_str(sockets) -> None:
    s = sockets(zmq.DEALER)
    with pytest.raises(TypeError):
        s.setsockopt(zmq.LINGER, "0")


def test_invalid_option_value_raises_einval(sockets) -> None:
    s = sockets(zmq.DEALER)
    with pytest.raises(zmq.ZMQError) as info:
        s.setsockopt(zmq.LINGER, -5)
    assert info.value.errno == zmq.EINVAL


def test_string_options(sockets) -> None:
    s = sockets(zmq.DEALER)
    s.set_string(zmq.ROUTING_ID, "héllo")
    assert s.routing_id == "héllo".encode()
    assert s.get_string(zmq.ROUTING_ID) == "héllo"
    s.setsockopt_string(zmq.ZAP_DOMAIN, "dom", encoding="ascii")
    assert s.getsockopt_string(zmq.ZAP_DOMAIN) == "dom"


def test_options_as_attributes(sockets) -> None:
    s = sockets(zmq.DEALER)
    s.linger = 0
    assert s.linger == 0 and s.get(zmq.LINGER) == 0
    s.rcvtimeo = 123
    assert s.rcvtimeo == 123
    s.maxmsgsize = 1 << 33
    assert s.maxmsgsize == 1 << 33
    s.affinity = 1 << 40
    assert s.affinity == 1 << 40
    assert isinstance(s.events, int)
    assert s.rcvmore == 0


def test_last_endpoint_is_bytes(sockets) -> None:
    s = sockets(zmq.PULL)
    assert s.last_endpoint == b""
    s.bind("inproc://last-endpoint")
    assert s.last_endpoint == b"inproc://last-endpoint"


@pytest.mark.skipif(not zmq.has("curve"), reason="libzmq without CURVE")
def test_curve_keys_come_back_as_z85(sockets) -> None:
    public, secret = zmq.curve_keypair()
    server_public, _ = zmq.curve_keypair()
    assert len(public) == len(secret) == 40
    s = sockets(zmq.DEALER)
    s.curve_secretkey = secret
    s.curve_publickey = public
    s.curve_serverkey = server_public
    assert s.curve_secretkey == secret
    assert s.curve_publickey == public
    assert s.curve_serverkey == server_public
    assert s.get(zmq.CURVE_SERVERKEY) == server_public
    assert zmq.curve_public(secret) == public


def test_unknown_attribute_raises(sockets) -> None:
    s = sockets(zmq.DEALER)
    with pytest.raises(AttributeError):
        _ = s.no_such_option
    with pytest.raises(AttributeError):
        s.no_such_option = 1


def test_hwm_sets_both(sockets) -> None:
    s = sockets(zmq.DEALER)
    s.hwm = 17
    assert s.sndhwm == 17 and s.rcvhwm == 17
    assert s.hwm == 17
    s.set_hwm(5)
    assert s.get_hwm() == 5 and s.rcvhwm == 5


# --- subscriptions -------------------------------------------------------------------------


def _sync_sub(pub: zmq.Socket, sub: zmq.Socket) -> None:
    """Wait (bounded) until sub receives what pub sends: PUB/SUB's slow joiner."""
    sub.subscribe(b"sync")
    for _ in range(100):
        pub.send(b"sync")
        if sub.poll(50):
            break
    else:
        pytest.fail("SUB never received anything from PUB")
    while sub.poll(20):
        sub.recv()
    sub.unsubscribe(b"sync")


@pytest.mark.parametrize("kind", [str, str.encode], ids=["str", "bytes"])
def test_subscribe_unsubscribe(pair, kind) -> None:
    pub, sub = pair(zmq.PUB, zmq.SUB, "inproc")
    sub.rcvtimeo = TIMEOUT_MS
    _sync_sub(pub, sub)
    sub.subscribe(kind("a"))
    sub.subscribe(kind("b"))
    sub.unsubscribe(kind("b"))
    for topic in (b"b-dropped", b"c-dropped", b"a-kept"):
        pub.send(topic)
    assert sub.recv() == b"a-kept"


def test_subscribe_as_attribute_sets_the_option(pair) -> None:
    pub, sub = pair(zmq.PUB, zmq.SUB, "inproc")
    sub.rcvtimeo = TIMEOUT_MS
    _sync_sub(pub, sub)
    sub.subscribe = "x"  # the option, not a replacement of the subscribe() method
    sub.SUBSCRIBE = b"y"
    assert callable(sub.subscribe)
    for topic in (b"a-dropped", b"x-kept", b"y-kept"):
        pub.send(topic)
    assert sub.recv() == b"x-kept"
    assert sub.recv() == b"y-kept"
    sub.unsubscribe = "x"
    assert callable(sub.unsubscribe)
    pub.send(b"x-dropped")
    pub.send(b"y-kept")
    assert sub.recv() == b"y-kept"


def test_subclass_may_set_its_declared_attributes(context: zmq.Context) -> None:
    class Annotated(zmq.Socket):
        weight: int

    class WithInit(Annotated):
        def __init__(self, ctx: zmq.Context, socket_type: int, weight: int = 0) -> None:
            super().__init__(ctx, socket_type)
            self.weight = weight  # declared on a base class: a plain attribute, not an option

    s = context.socket(zmq.PUSH, socket_class=WithInit, weight=3)
    try:
        assert s.weight == 3
        with pytest.raises(AttributeError):
            s.undeclared = 1
    finally:
        s.close()


# --- send / recv ---------------------------------------------------------------------------


def test_noblock_raises_again(pair) -> None:
    pull, _push = pair(zmq.PULL, zmq.PUSH)
    with pytest.raises(zmq.Again) as info:
        pull.recv(zmq.NOBLOCK)
    assert info.value.errno == zmq.EAGAIN
    with pytest.raises(zmq.Again):
        pull.recv(flags=zmq.DONTWAIT, copy=False)
    with pytest.raises(zmq.Again):
        pull.recv_multipart(zmq.NOBLOCK)


def test_send_noblock_without_peer_raises_again(sockets) -> None:
    push = sockets(zmq.PUSH)
    push.bind("inproc://nobody")
    with pytest.raises(zmq.Again):
        push.send(b"x", zmq.NOBLOCK)


def test_rcvtimeo(sockets) -> None:
    pull = sockets(zmq.PULL)
    pull.rcvtimeo = 20
    with pytest.raises(zmq.Again):
        pull.recv()


def test_blocking_recv_releases_the_gil(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = 5000
    got: list[bytes] = []
    t = threading.Thread(target=lambda: got.append(pull.recv()))
    t.start()
    time.sleep(0.05)  # the thread is now blocked inside recv
    start = time.monotonic()
    push.send(b"wake up")  # only runs promptly if recv let go of the GIL
    t.join(5)
    assert got == [b"wake up"]
    assert time.monotonic() - start < 2


class _Interrupted(Exception):
    pass


def _raise_interrupted(signum, frame):
    raise _Interrupted


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs setitimer")
@pytest.mark.parametrize("call", ["recv", "recv_multipart", "poll", "send"])
def test_signal_interrupts_blocking_call(sockets, call: str) -> None:
    s = sockets(zmq.PUSH if call == "send" else zmq.PULL)
    s.rcvtimeo = s.sndtimeo = 5000
    s.bind("inproc://interrupted")  # a PUSH without peers blocks in send
    old = signal.signal(signal.SIGALRM, _raise_interrupted)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        start = time.monotonic()
        with pytest.raises(_Interrupted):  # as Ctrl-C raises KeyboardInterrupt
            if call == "poll":
                s.poll(5000)
            elif call == "send":
                s.send(b"x")
            else:
                getattr(s, call)()
        assert time.monotonic() - start < 2
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs setitimer")
def test_handled_signal_does_not_abort_recv(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = 5000
    hits: list[int] = []
    old = signal.signal(signal.SIGALRM, lambda *_: hits.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        threading.Timer(0.2, push.send, (b"after the signal",)).start()
        assert pull.recv() == b"after the signal"  # EINTR handled, recv resumed
        assert hits == [1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_term_interrupts_blocking_recv() -> None:
    ctx = zmq.Context()
    pull = ctx.socket(zmq.PULL)
    pull.rcvtimeo = 5000
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            pull.recv()
        except zmq.ZMQError as e:
            errors.append(e)
        finally:
            pull.close(linger=0)

    t = threading.Thread(target=worker)
    t.start()
    time.sleep(0.05)
    start = time.monotonic()
    ctx.term()
    t.join(5)
    assert time.monotonic() - start < 2
    assert len(errors) == 1 and isinstance(errors[0], zmq.ContextTerminated)
    assert errors[0].errno == zmq.ETERM


def test_unclosed_socket_warns(context: zmq.Context) -> None:
    s = context.socket(zmq.PUSH)
    with pytest.warns(ResourceWarning):
        del s
        gc.collect()


def test_send_str_raises_typeerror(pair) -> None:
    _, push = pair(zmq.PULL, zmq.PUSH)
    with pytest.raises(TypeError):
        push.send("text")
    with pytest.raises(TypeError):
        push.send_multipart([b"ok", "text"])


BUFFERS = {
    "bytes": lambda n: b"x" * n,
    "bytearray": lambda n: bytearray(b"y" * n),
    "memoryview": lambda n: memoryview(b"z" * n),
    "array": lambda n: array.array("B", b"w" * n),
    "frame": lambda n: zmq.Frame(b"v" * n),
}


@pytest.mark.parametrize("kind", list(BUFFERS))
@pytest.mark.parametrize("copy", [True, False])
@pytest.mark.parametrize("size", [0, 10, 200_000])
def test_send_buffers(pair, kind: str, copy: bool, size: int) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH, "inproc")
    pull.rcvtimeo = TIMEOUT_MS
    data = BUFFERS[kind](size)
    push.send(data, copy=copy)
    assert pull.recv() == bytes(data)


def test_recv_copy_false_gives_frame(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    push.send(b"frame me")
    frame = pull.recv(copy=False)
    assert isinstance(frame, zmq.Frame)
    assert frame.bytes == b"frame me"
    assert frame.more is False


@pytest.mark.parametrize("size", [100_000, 1_000_000])
def test_track_large_zero_copy_send(pair, size: int) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    tracker = push.send(b"t" * size, copy=False, track=True)
    assert isinstance(tracker, zmq.MessageTracker)
    assert len(pull.recv()) == size
    tracker.wait(5)
    assert tracker.done


def test_small_zero_copy_send_tracker_is_done(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    tracker = push.send(b"small", copy=False, track=True)
    assert isinstance(tracker, zmq.MessageTracker)
    assert tracker.done
    assert tracker is zmq._FINISHED_TRACKER  # one shared, finished tracker, as in pyzmq
    assert push.send(bytearray(b"small"), copy=False, track=True) is zmq._FINISHED_TRACKER
    pull.rcvtimeo = TIMEOUT_MS
    assert pull.recv() == b"small"


def test_send_without_track_returns_none(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    assert push.send(b"a") is None
    assert push.send(b"b" * 100_000, copy=False) is None
    assert push.send_multipart([b"c", b"d"]) is None
    pull.rcvtimeo = TIMEOUT_MS
    assert pull.recv() == b"a"


def test_send_multipart_tracked(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    tracker = push.send_multipart([b"head", b"p" * 100_000], copy=False, track=True)
    assert isinstance(tracker, zmq.MessageTracker)
    assert pull.recv_multipart() == [b"head", b"p" * 100_000]
    tracker.wait(5)
    assert tracker.done


def test_sndmore_flag(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    push.send(b"one", zmq.SNDMORE)
    push.send(b"two")
    assert pull.recv() == b"one"
    assert pull.rcvmore == 1
    assert pull.get(zmq.RCVMORE) == 1
    assert pull.recv() == b"two"
    assert pull.rcvmore == 0


@pytest.mark.parametrize("transport", ["inproc", "ipc", "tcp"])
def test_multipart(pair, transport: str) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH, transport)
    pull.rcvtimeo = TIMEOUT_MS
    parts = [b"a", b"", bytearray(b"c" * 70_000), memoryview(b"d"), zmq.Frame(b"e")]
    push.send_multipart(parts)
    assert pull.recv_multipart() == [bytes(p) for p in parts]
    push.send_multipart(iter([b"x", b"y", b"z"]))
    frames = pull.recv_multipart(copy=False)
    assert all(isinstance(f, zmq.Frame) for f in frames)
    assert [f.bytes for f in frames] == [b"x", b"y", b"z"]
    assert [f.more for f in frames] == [True, True, False]


def test_send_multipart_bad_part_sends_nothing(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    with pytest.raises(TypeError):
        push.send_multipart([b"ok", 5])
    push.send(b"next")
    pull.rcvtimeo = TIMEOUT_MS
    assert pull.recv_multipart() == [b"next"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "latin-1"])
def test_send_recv_string(pair, encoding: str) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    push.send_string("héllo wörld", encoding=encoding)
    assert pull.recv_string(encoding=encoding) == "héllo wörld"
    push.send_string("ünïcode")
    assert pull.recv() == "ünïcode".encode()


def test_send_string_rejects_bytes(pair) -> None:
    _, push = pair(zmq.PULL, zmq.PUSH)
    with pytest.raises(TypeError):
        push.send_string(b"bytes")


def test_send_recv_pyobj(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    obj = {"a": (1, 2.5, None), "b": {3, 4}, "c": b"raw"}
    push.send_pyobj(obj)
    assert pull.recv_pyobj() == obj
    push.send_pyobj([1, 2], protocol=2)
    assert pickle.loads(pull.recv()) == [1, 2]


def test_send_recv_json(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    obj = {"a": [1, 2.5, None, True], "ü": "ß"}
    push.send_json(obj)
    assert pull.recv_json() == obj
    push.send_json({"b": 1, "a": 2}, sort_keys=True)
    assert json.loads(pull.recv()) == {"a": 2, "b": 1}


def test_send_recv_serialized(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS

    def serialize(msg: dict) -> list[bytes]:
        return [msg["kind"].encode(), json.dumps(msg["body"]).encode()]

    def deserialize(frames: list) -> dict:
        return {"kind": bytes(frames[0]).decode(), "body": json.loads(bytes(frames[1]))}

    msg = {"kind": "greeting", "body": [1, "two"]}
    push.send_serialized(msg, serialize)
    assert pull.recv_serialized(deserialize) == msg
    push.send_serialized(msg, serialize, copy=False)
    assert pull.recv_serialized(deserialize, copy=False) == msg


def test_recv_into(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    buf = bytearray(10)
    push.send(b"hello")
    assert pull.recv_into(buf) == 5
    assert buf[:5] == b"hello" and buf[5:] == bytes(5)


def test_recv_into_truncates(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    buf = bytearray(8)
    push.send(b"0123456789abcdef")
    assert pull.recv_into(buf) == 16  # the full message size, though only 8 bytes were stored
    assert buf == b"01234567"
    buf = bytearray(8)
    push.send(b"0123456789")
    assert pull.recv_into(buf, nbytes=3) == 10
    assert buf == b"012" + bytes(5)


def test_recv_into_array_and_flags(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    buf = array.array("i", [0, 0])
    with pytest.raises(zmq.Again):
        pull.recv_into(buf, flags=zmq.NOBLOCK)
    push.send(struct.pack("=ii", 7, -3))
    pull.rcvtimeo = TIMEOUT_MS
    assert pull.recv_into(buf) == 8
    assert list(buf) == [7, -3]


def test_recv_into_rejects_readonly_and_bad_nbytes(pair) -> None:
    pull, _ = pair(zmq.PULL, zmq.PUSH)
    with pytest.raises((TypeError, BufferError)):
        pull.recv_into(b"readonly")
    with pytest.raises(ValueError):
        pull.recv_into(bytearray(4), nbytes=8)
    with pytest.raises(ValueError):
        pull.recv_into(bytearray(4), nbytes=-1)


# --- poll, fileno --------------------------------------------------------------------------


def test_poll(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    assert pull.poll(10) == 0
    assert push.poll(TIMEOUT_MS, zmq.POLLOUT) == zmq.POLLOUT
    push.send(b"x")
    assert pull.poll(TIMEOUT_MS) == zmq.POLLIN
    assert pull.poll(0, zmq.POLLIN | zmq.POLLOUT) == zmq.POLLIN
    assert pull.poll(None) == zmq.POLLIN  # ready: no wait even without a timeout
    pull.recv()
    assert pull.poll(0) == 0


def test_poll_closed_socket_raises(context: zmq.Context) -> None:
    s = context.socket(zmq.PULL)
    s.close()
    with pytest.raises(zmq.ZMQError):
        s.poll(0)


def test_fileno(sockets) -> None:
    s = sockets(zmq.PULL)
    fd = s.fileno()
    assert isinstance(fd, int) and fd >= 0
    assert fd == s.get(zmq.FD) == s.fd


# --- monitoring ----------------------------------------------------------------------------


def _events(monitor: zmq.Socket, until: int) -> list[int]:
    """Receive monitor events until `until` is seen (bounded by RCVTIMEO)."""
    seen: list[int] = []
    monitor.rcvtimeo = TIMEOUT_MS
    for _ in range(50):
        frames = monitor.recv_multipart()
        assert len(frames) == 2 and len(frames[0]) == 6
        event, _value = struct.unpack("=HI", frames[0])
        seen.append(event)
        if event == until:
            return seen
    return seen


def test_get_monitor_socket(sockets) -> None:
    s = sockets(zmq.PULL)
    monitor = s.get_monitor_socket()
    try:
        assert monitor.socket_type == zmq.PAIR
        s.bind("tcp://127.0.0.1:0")
        assert zmq.EVENT_LISTENING in _events(monitor, zmq.EVENT_LISTENING)
        peer = sockets(zmq.PUSH)
        peer.connect(s.last_endpoint.decode())
        assert zmq.EVENT_ACCEPTED in _events(monitor, zmq.EVENT_ACCEPTED)
        s.disable_monitor()
    finally:
        monitor.close(linger=0)


def test_monitor_connected_event_with_filter(sockets) -> None:
    server = sockets(zmq.PULL)
    server.bind("tcp://127.0.0.1:0")
    client = sockets(zmq.PUSH)
    monitor = client.get_monitor_socket(zmq.EVENT_CONNECTED)
    try:
        client.connect(server.last_endpoint.decode())
        monitor.rcvtimeo = TIMEOUT_MS
        event, _ = struct.unpack("=HI", monitor.recv_multipart()[0])
        assert event == zmq.EVENT_CONNECTED  # only the events asked for
        client.disable_monitor()
    finally:
        monitor.close(linger=0)


# --- shadows and copy_threshold ------------------------------------------------------------


@pytest.mark.parametrize(
    "how", ["shadow_address", "shadow_socket", "positional", "classmethod", "copy"]
)
def test_shadow_shares_libzmq_socket(pair, how: str) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    if how == "shadow_address":
        view = zmq.Socket(shadow=push.underlying)
    elif how == "shadow_socket":
        view = zmq.Socket(shadow=push)
    elif how == "positional":
        view = zmq.Socket(push)
    elif how == "classmethod":
        view = zmq.Socket.shadow(push.underlying)
    else:
        view = copy.copy(push)
    assert view.underlying == push.underlying
    view.sndhwm = 123
    assert push.sndhwm == 123
    view.send(b"through the shadow")
    pull.rcvtimeo = TIMEOUT_MS
    assert pull.recv() == b"through the shadow"
    del view  # dropping a shadow does not close the real socket
    assert not push.closed
    push.send(b"still open")
    assert pull.recv() == b"still open"


@pytest.mark.parametrize("how", ["shadow_socket", "positional", "classmethod", "copy", "deepcopy"])
def test_shadow_flag_context_and_wrapped_object(sockets, how: str) -> None:
    s = sockets(zmq.PULL)
    assert s._shadow is False and s._shadow_obj is None
    if how == "shadow_socket":
        view = zmq.Socket(shadow=s)
    elif how == "positional":
        view = zmq.Socket(s)
    elif how == "classmethod":
        view = zmq.Socket.shadow(s)
    elif how == "copy":
        view = copy.copy(s)
    else:
        view = copy.deepcopy(s)
    assert view._shadow is True
    assert view.underlying == s.underlying
    if how in ("shadow_socket", "positional", "classmethod"):
        assert view._shadow_obj is s  # holds the original, so its __del__ cannot close the socket
        assert view.context is s.context


def test_shadow_keeps_the_shadowed_socket_open(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    # an unowned Socket object, shadowed: only the shadow refers to it afterwards
    original = zmq.Socket(push.context, zmq.PUSH)
    original.linger = 0
    original.connect(pull.last_endpoint.decode())
    view = zmq.Socket.shadow(original)
    del original
    gc.collect()
    assert not view.closed
    view.send(b"via the shadow")
    pull.rcvtimeo = TIMEOUT_MS
    assert pull.recv() == b"via the shadow"
    view._shadow_obj.close()


def test_copy_threshold(context: zmq.Context, monkeypatch) -> None:
    assert zmq.COPY_THRESHOLD == 65536
    s = context.socket(zmq.PUSH)
    assert s.copy_threshold == zmq.COPY_THRESHOLD
    s.copy_threshold = 10
    assert s.copy_threshold == 10
    s.close()
    monkeypatch.setattr(zmq, "COPY_THRESHOLD", 1234)
    s = zmq.Socket(context, zmq.PUSH)
    assert s.copy_threshold == 1234
    s.close()
    s = zmq.Socket(context, zmq.PUSH, copy_threshold=99)
    assert s.copy_threshold == 99
    s.close()


def test_copy_threshold_decides_tracking(pair) -> None:
    pull, push = pair(zmq.PULL, zmq.PUSH)
    pull.rcvtimeo = TIMEOUT_MS
    push.copy_threshold = 1 << 20
    # below the threshold: copied at once, so the tracker is already done
    assert push.send(b"c" * 100_000, copy=False, track=True).done
    assert len(pull.recv()) == 100_000
