"""zmq.green sockets on real gevent: blocking calls wait on the hub, never block it."""

from __future__ import annotations

import time
from typing import Any, Callable

import gevent
import pytest

import zmq as sync_zmq
import zmq.green as zmq

Pair = Callable[..., tuple[zmq.Socket, zmq.Socket]]
Factory = Callable[..., zmq.Socket]


# --- the namespace


def test_namespace_reexports_zmq() -> None:
    assert zmq.PUSH == sync_zmq.PUSH
    assert zmq.ZMQError is sync_zmq.ZMQError
    assert zmq.Again is sync_zmq.Again
    assert zmq.Frame is sync_zmq.Frame
    assert zmq.MessageTracker is sync_zmq.MessageTracker
    assert zmq.zmq_version() == sync_zmq.zmq_version()
    assert zmq.__version__ == sync_zmq.__version__
    missing = [name for name in sync_zmq.__all__ if not hasattr(zmq, name)]
    assert not missing
    assert set(zmq.__all__) >= set(sync_zmq.__all__)


def test_green_classes_replace_sync_ones(gctx: zmq.Context) -> None:
    assert issubclass(zmq.Context, sync_zmq.Context)
    assert issubclass(zmq.Socket, sync_zmq.Socket)
    assert issubclass(zmq.Poller, sync_zmq.Poller)
    assert zmq.Context is not sync_zmq.Context
    assert zmq.Socket is not sync_zmq.Socket
    assert zmq.device is not sync_zmq.device
    assert zmq.proxy is not sync_zmq.proxy
    with gctx.socket(zmq.PUSH) as s:
        assert type(s) is zmq.Socket
        assert "zmq.green" in repr(s) or "Socket" in repr(s)
        s.linger = 0  # options still work as attributes
        assert s.linger == 0
        with pytest.raises(AttributeError):
            s.no_such_option = 1  # type: ignore[attr-defined]
    sync_inst = sync_zmq.Context.instance()  # existing first: the green one must not reuse it
    inst = zmq.Context.instance()
    assert isinstance(inst, zmq.Context)
    assert inst is not sync_inst and zmq.Context.instance() is inst
    inst.term()
    assert not sync_inst.closed


def test_import_without_gevent_names_the_extra(run_script: Any) -> None:
    code = (
        "import sys\n"
        "sys.modules['gevent'] = None\n"
        "try:\n"
        "    import zmq.green\n"
        "except ImportError as e:\n"
        "    print(e)\n"
        "else:\n"
        "    print('imported')\n"
    )
    proc = run_script(code)
    assert proc.returncode == 0, proc.stderr
    assert "pip install pyzmq-green[gevent]" in proc.stdout


# --- cooperative send/recv


def test_recv_does_not_block_the_hub(gpair: Pair, start_ticker: Any) -> None:
    push, pull = gpair(zmq.PUSH, zmq.PULL)
    with gevent.Timeout(10):
        receiver = gevent.spawn(pull.recv)
        ticker = start_ticker()
        gevent.sleep(0.2)
        assert not receiver.ready()
        assert ticker.count > 20  # the hub kept running other greenlets
        push.send(b"hello")
        assert receiver.get() == b"hello"


def test_send_waits_cooperatively_at_hwm(gsockets: Factory) -> None:
    push, pull = gsockets(zmq.PUSH), gsockets(zmq.PULL)
    push.sndhwm = pull.rcvhwm = 5  # before bind/connect, where they take effect
    pull.bind("inproc://hwm")
    push.connect("inproc://hwm")
    n = 200
    sent = 0

    def sender() -> None:
        nonlocal sent
        for i in range(n):
            push.send(b"%d" % i)
            sent += 1

    with gevent.Timeout(20):
        g = gevent.spawn(sender)
        gevent.sleep(0.1)
        assert 0 < sent < n  # blocked at the high water mark, without blocking us
        got = [int(pull.recv()) for _ in range(n)]
        g.get()
    assert got == list(range(n))


def test_variants_go_through_green_calls(gpair: Pair) -> None:
    a, b = gpair(zmq.PAIR, zmq.PAIR)
    with gevent.Timeout(10):
        for send, recv, value in [
            (a.send_string, b.recv_string, "héllo"),
            (a.send_json, b.recv_json, {"a": [1, 2]}),
            (a.send_pyobj, b.recv_pyobj, {1, 2, 3}),
            (a.send_multipart, b.recv_multipart, [b"x", b"", b"yz"]),
        ]:
            g = gevent.spawn(recv)
            gevent.sleep(0.01)  # the receiver is waiting when the message arrives
            send(value)
            assert g.get() == value
        frames = [b"a" * 100_000, b"b"]
        g = gevent.spawn(b.recv_multipart, copy=False)
        a.send_multipart(frames, copy=False)
        assert [f.bytes for f in g.get()] == frames
        g = gevent.spawn(b.recv, copy=False, track=True)
        a.send(b"tracked")
        frame = g.get()
        assert frame.bytes == b"tracked" and frame.tracker.done
        tracker = a.send(b"z" * 200_000, copy=False, track=True)
        assert b.recv() == b"z" * 200_000
        tracker.wait(5)


def test_noblock_raises_again(gpair: Pair) -> None:
    _, pull = gpair(zmq.PUSH, zmq.PULL)
    with pytest.raises(zmq.Again):
        pull.recv(zmq.NOBLOCK)
    with pytest.raises(zmq.Again):
        pull.recv_multipart(flags=zmq.DONTWAIT)


def test_rcvtimeo_raises_again_cooperatively(gpair: Pair, start_ticker: Any) -> None:
    _, pull = gpair(zmq.PUSH, zmq.PULL)
    pull.rcvtimeo = 200
    ticker = start_ticker()
    with gevent.Timeout(10):
        start = time.monotonic()
        with pytest.raises(zmq.Again):
            pull.recv()
        elapsed = time.monotonic() - start
        with pytest.raises(zmq.Again):
            pull.recv_multipart()
    assert 0.15 < elapsed < 5
    assert ticker.count > 20


def test_sndtimeo_raises_again(gsockets: Factory) -> None:
    push = gsockets(zmq.PUSH)  # no peer: a send has nowhere to go
    push.sndtimeo = 100
    with gevent.Timeout(10):
        with pytest.raises(zmq.Again):
            push.send(b"x")
        with pytest.raises(zmq.Again):
            push.send_multipart([b"x", b"y"])
        with pytest.raises(zmq.Again):
            push.send_string("x")


def test_gevent_timeout_then_recv_still_gets_the_message(gpair: Pair) -> None:
    push, pull = gpair(zmq.PUSH, zmq.PULL)
    with pytest.raises(gevent.Timeout), gevent.Timeout(0.1):
        pull.recv()
    with pytest.raises(gevent.Timeout), gevent.Timeout(0.1):
        pull.recv_multipart()
    push.send_multipart([b"one", b"two"])
    push.send(b"three")
    with gevent.Timeout(5):
        assert pull.recv_multipart() == [b"one", b"two"]
        assert pull.recv() == b"three"


def test_killed_receiver_loses_no_message(gpair: Pair) -> None:
    push, pull = gpair(zmq.PUSH, zmq.PULL)
    with gevent.Timeout(5):
        g = gevent.spawn(pull.recv)
        gevent.sleep(0.05)
        g.kill()
        assert g.dead and isinstance(g.value, gevent.GreenletExit)
        push.send(b"kept")
        assert pull.recv() == b"kept"


def test_close_wakes_a_waiting_greenlet(gsockets: Factory) -> None:
    pull = gsockets(zmq.PULL)
    pull.bind("tcp://127.0.0.1:0")
    with gevent.Timeout(5):
        g = gevent.spawn(pull.recv)
        gevent.sleep(0.05)
        pull.close()
        with pytest.raises(zmq.ZMQError) as info:
            g.get()
    assert info.value.errno == zmq.ENOTSOCK


def test_term_wakes_waiters_without_blocking_the_hub() -> None:
    ctx = zmq.Context()
    pull = ctx.socket(zmq.PULL)
    pull.linger = 0
    pull.bind("tcp://127.0.0.1:0")

    def receiver() -> str:
        try:
            pull.recv()
        except zmq.ContextTerminated:
            pull.close()
            return "terminated"
        return "received"

    with gevent.Timeout(10):
        g = gevent.spawn(receiver)
        gevent.sleep(0.05)
        ctx.term()  # waits in gevent's threadpool while the receiver closes its socket
        assert g.get() == "terminated"
    assert ctx.closed


def test_100_req_greenlets_against_one_router(gsockets: Factory) -> None:
    router = gsockets(zmq.ROUTER)
    router.bind("tcp://127.0.0.1:0")
    url = router.last_endpoint.decode()
    n_clients, n_rounds = 100, 5

    def server() -> None:
        while True:
            ident, empty, body = router.recv_multipart()
            gevent.sleep(0)  # interleave with the clients
            router.send_multipart([ident, empty, body.upper()])

    def client(i: int) -> list[bytes]:
        req = gsockets(zmq.REQ)
        req.connect(url)
        replies = []
        for r in range(n_rounds):
            req.send(b"c%d-r%d" % (i, r))
            replies.append(req.recv())
        req.close()
        return replies

    with gevent.Timeout(30):
        srv = gevent.spawn(server)
        clients = [gevent.spawn(client, i) for i in range(n_clients)]
        gevent.joinall(clients, raise_error=True)
        srv.kill()
    for i, g in enumerate(clients):
        assert g.value == [b"C%d-R%d" % (i, r) for r in range(n_rounds)]


@pytest.mark.parametrize("transport", ["inproc", "tcp"])
@pytest.mark.parametrize("consume", ["send", "get_events", "poll", "poller"])
def test_edge_consumed_by_another_operation_wakes_the_waiter(
    gsockets: Factory, transport: str, consume: str
) -> None:
    """A message arrives while a greenlet waits in recv; before the hub polls ZMQ_FD, another
    operation on the socket processes its commands and consumes the edge. The waiter must wake."""
    a, b = gsockets(zmq.PAIR), gsockets(zmq.PAIR)
    a.bind("inproc://edge" if transport == "inproc" else "tcp://127.0.0.1:0")
    b.connect(a.last_endpoint.decode())
    with gevent.Timeout(5):
        b.send(b"warm-up")
        assert a.recv() == b"warm-up"
        waiter = gevent.spawn(a.recv)
        gevent.sleep(0.05)
        assert not waiter.ready()
        b.send(b"1")
        time.sleep(0.05)  # (not gevent.sleep) the message is there, the hub has not looked
        if consume == "send":
            a.send(b"ping")  # processes a's pending commands
        elif consume == "get_events":
            assert a.get(zmq.EVENTS) & zmq.POLLIN
        elif consume == "poll":
            assert a.poll(0) == zmq.POLLIN
        else:
            poller = zmq.Poller()
            poller.register(a, zmq.POLLIN)
            assert poller.poll(0) == [(a, zmq.POLLIN)]
        assert waiter.get(timeout=2) == b"1"


def test_edges_consumed_by_another_greenlet_wake_the_waiter(gsockets: Factory) -> None:
    """One greenlet sends on a DEALER while another waits in recv on it.

    Each send processes the socket's pending commands, consuming the ZMQ_FD edge that announced
    the echoed reply: the waiting receiver must still be woken.
    """
    router, dealer = gsockets(zmq.ROUTER), gsockets(zmq.DEALER)
    router.bind("tcp://127.0.0.1:0")
    dealer.connect(router.last_endpoint.decode())
    n = 3000

    def echo() -> None:
        while True:
            router.send_multipart(router.recv_multipart())

    def sender() -> None:
        for i in range(n):
            dealer.send(b"%d" % i)
            if i % 7 == 0:
                gevent.sleep(0)

    with gevent.Timeout(30):
        srv = gevent.spawn(echo)
        snd = gevent.spawn(sender)
        got = [int(dealer.recv()) for _ in range(n)]
        snd.get()
        srv.kill()
    assert got == list(range(n))


def test_many_receivers_on_one_socket(gpair: Pair) -> None:
    push, pull = gpair(zmq.PUSH, zmq.PULL)
    n_greenlets, per = 20, 50
    got: list[bytes] = []

    def receiver() -> None:
        for _ in range(per):
            got.append(pull.recv())

    with gevent.Timeout(20):
        gs = [gevent.spawn(receiver) for _ in range(n_greenlets)]
        gevent.sleep(0.01)
        for i in range(n_greenlets * per):
            push.send(b"%d" % i)
            if i % 10 == 0:
                gevent.sleep(0)
        gevent.joinall(gs, raise_error=True)
    assert sorted(int(m) for m in got) == list(range(n_greenlets * per))


def test_socket_poll(gpair: Pair) -> None:
    push, pull = gpair(zmq.PUSH, zmq.PULL)
    with gevent.Timeout(5):
        start = time.monotonic()
        assert pull.poll(100) == 0
        assert time.monotonic() - start >= 0.08
        assert push.poll(1000, zmq.POLLOUT) == zmq.POLLOUT
        g = gevent.spawn(pull.poll, 5000)
        gevent.sleep(0.05)
        assert not g.ready()
        push.send(b"x")
        assert g.get() == zmq.POLLIN
        assert pull.recv() == b"x"


def test_parameter_names_as_zmq(gsockets: Factory) -> None:
    """zmq.green keeps zmq's (documented) parameter names, so keyword calls port unchanged."""
    import inspect

    sync = sync_zmq.Socket
    for name in ("get", "set"):
        green_params = list(inspect.signature(getattr(zmq.Socket, name)).parameters)
        assert green_params == list(inspect.signature(getattr(sync, name)).parameters)
    assert list(inspect.signature(zmq.Socket.set).parameters) == ["self", "option", "optval"]
    assert list(inspect.signature(zmq.device).parameters)[:3] == [
        "device_type",
        "frontend",
        "backend",
    ]
    sock = gsockets(zmq.DEALER)
    sock.set(option=zmq.SNDHWM, optval=7)
    assert sock.get(option=zmq.SNDHWM) == 7
    sock.set(zmq.RCVHWM, 9)
    assert sock.get(zmq.RCVHWM) == 9
