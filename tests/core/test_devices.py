"""zmq.devices: devices, proxies and monitored queues forwarding real messages over loopback.

Every device gets its own Context (``context_factory = zmq.Context``) so the test can stop it on its
own: terminating that context ends the loop (ContextTerminated), the device closes its sockets so
``term()`` returns, and join() then finds the thread finished. Process devices are stopped with a
steerable TERMINATE or ``launcher.terminate()``.
"""

from __future__ import annotations

import struct
import threading
import time
from collections.abc import Iterator
from typing import Any, Callable

import pytest

import zmq
from zmq import devices

TIMEOUT_MS = 5000
JOIN_S = 5.0


def _term(ctx: zmq.Context, timeout: float = JOIN_S) -> bool:
    """Terminate ctx in a helper thread; True if term() returned in time."""
    t = threading.Thread(target=ctx.term, daemon=True)
    t.start()
    t.join(timeout)
    return not t.is_alive()


@pytest.fixture
def start() -> Iterator[Callable[[devices.BackgroundDevice], devices.BackgroundDevice]]:
    """Start background devices (thread devices on their own Context); stop leftovers at teardown."""
    started: list[devices.BackgroundDevice] = []

    def launch(dev: devices.BackgroundDevice) -> devices.BackgroundDevice:
        if isinstance(dev, devices.ThreadDevice):
            dev.context_factory = zmq.Context
        dev.start()
        started.append(dev)
        return dev

    yield launch
    for dev in started:
        if isinstance(dev, devices.ThreadDevice):
            if dev.context is not None and not dev.context.closed:
                _term(dev.context)
        elif dev.launcher.is_alive():
            dev.launcher.terminate()
        dev.join(JOIN_S)
        assert not dev.launcher.is_alive(), f"{dev!r} still running at teardown"


def stop_thread_device(dev: devices.ThreadDevice) -> None:
    """The documented way to stop a ThreadDevice: terminate its context, then join."""
    ctx = dev.context
    assert ctx is not None
    assert _term(ctx), "device did not release its sockets on ContextTerminated"
    dev.join(JOIN_S)
    assert not dev.launcher.is_alive()
    assert dev.done


def stop_process_device(dev: devices.ProcessDevice) -> None:
    dev.launcher.terminate()
    dev.join(JOIN_S)
    assert not dev.launcher.is_alive()
    assert dev.launcher.exitcode is not None


def _timeouts(*socks: zmq.Socket) -> None:
    for s in socks:
        s.linger = 0
        s.rcvtimeo = TIMEOUT_MS
        s.sndtimeo = TIMEOUT_MS


def _bind_ends(dev: Any, *ends: str) -> list[str]:
    """Bind each named end of dev ('in', 'out', 'mon', 'ctrl') to a random loopback port: URLs."""
    bind = {end: getattr(dev, f"bind_{end}_to_random_port") for end in ends}
    return [f"tcp://127.0.0.1:{bind[end]('tcp://127.0.0.1')}" for end in ends]


def _peers(sockets: Any, urls: list[str], *types: int) -> list[zmq.Socket]:
    """One socket of each type (with timeouts), connected to the matching URL."""
    peers = [sockets(t) for t in types]
    _timeouts(*peers)
    for peer, url in zip(peers, urls):
        peer.connect(url)
    return peers


def _req_rep_through(req: zmq.Socket, rep: zmq.Socket, n: int = 3) -> None:
    for i in range(n):
        req.send(b"request %d" % i)
        assert rep.recv() == b"request %d" % i
        rep.send(b"reply %d" % i)
        assert req.recv() == b"reply %d" % i


# --- configuration and class attributes


def test_context_factories_as_documented() -> None:
    assert devices.Device.context_factory == zmq.Context.instance
    assert devices.ThreadDevice.context_factory == zmq.Context.instance
    assert devices.ProcessDevice.context_factory is zmq.Context
    assert devices.ProcessProxy.context_factory is zmq.Context
    assert devices.ThreadProxy.context_factory == zmq.Context.instance


def test_types_required() -> None:
    with pytest.raises(TypeError):
        devices.Device(zmq.QUEUE, zmq.ROUTER)
    with pytest.raises(TypeError):
        devices.Device(zmq.QUEUE, out_type=zmq.DEALER)


def test_defaults() -> None:
    dev = devices.ThreadDevice(zmq.QUEUE, zmq.ROUTER, zmq.DEALER)
    assert dev.daemon is True
    assert dev.done is False
    assert dev.context is None
    proxy = devices.ThreadProxy(zmq.PULL, zmq.PUSH)
    assert proxy.mon_type == zmq.PUB
    assert proxy.device_type == zmq.QUEUE
    steer = devices.ThreadProxySteerable(zmq.PULL, zmq.PUSH)
    assert steer.ctrl_type is None


# --- thread devices


def test_thread_queue_tcp(start, sockets) -> None:
    dev = devices.ThreadDevice(zmq.QUEUE, zmq.ROUTER, zmq.DEALER)
    in_port = dev.bind_in_to_random_port("tcp://127.0.0.1")
    out_port = dev.bind_out_to_random_port("tcp://127.0.0.1")
    assert in_port != out_port
    dev.setsockopt_in(zmq.LINGER, 0)
    dev.setsockopt_out(zmq.LINGER, 0)
    dev.daemon = False
    start(dev)
    assert dev.launcher.daemon is False
    assert isinstance(dev.launcher, threading.Thread)

    req, rep = sockets(zmq.REQ), sockets(zmq.REP)
    _timeouts(req, rep)
    req.connect(f"tcp://127.0.0.1:{in_port}")
    rep.connect(f"tcp://127.0.0.1:{out_port}")
    _req_rep_through(req, rep)
    stop_thread_device(dev)


def test_thread_streamer_inproc(start) -> None:
    dev = devices.ThreadDevice(zmq.STREAMER, zmq.PULL, zmq.PUSH)
    dev.bind_in("inproc://streamer-in")
    dev.bind_out("inproc://streamer-out")
    start(dev)
    ctx = dev.context
    assert ctx is not None  # available right after start(), for inproc peers and for stopping
    push, pull = ctx.socket(zmq.PUSH), ctx.socket(zmq.PULL)
    try:
        _timeouts(push, pull)
        push.connect("inproc://streamer-in")
        pull.connect("inproc://streamer-out")
        for i in range(10):
            push.send_multipart([b"part", b"%d" % i])
        assert [pull.recv_multipart() for _ in range(10)] == [
            [b"part", b"%d" % i] for i in range(10)
        ]
    finally:
        push.close()
        pull.close()
    stop_thread_device(dev)


def test_thread_forwarder_pub_sub(start, sockets) -> None:
    dev = devices.ThreadDevice(zmq.FORWARDER, zmq.SUB, zmq.PUB)
    in_port = dev.bind_in_to_random_port("tcp://127.0.0.1")
    out_port = dev.bind_out_to_random_port("tcp://127.0.0.1")
    dev.setsockopt_in(zmq.SUBSCRIBE, b"")
    start(dev)
    pub, sub = sockets(zmq.PUB), sockets(zmq.SUB)
    _timeouts(pub, sub)
    sub.setsockopt(zmq.SUBSCRIBE, b"topic")
    pub.connect(f"tcp://127.0.0.1:{in_port}")
    sub.connect(f"tcp://127.0.0.1:{out_port}")
    # PUB/SUB drops messages until subscriptions propagate: publish until one arrives (bounded)
    deadline = time.monotonic() + 5
    received = None
    while received is None:
        assert time.monotonic() < deadline, "nothing forwarded"
        pub.send_multipart([b"topic", b"data"])
        if sub.poll(100):
            received = sub.recv_multipart()
    assert received == [b"topic", b"data"]
    stop_thread_device(dev)


def test_thread_single_socket_echo(start, sockets) -> None:
    # out_type < 0: one socket is both in and out, so a REP device echoes requests back
    dev = devices.ThreadDevice(zmq.QUEUE, zmq.REP, -1)
    port = dev.bind_in_to_random_port("tcp://127.0.0.1")
    start(dev)
    req = sockets(zmq.REQ)
    _timeouts(req)
    req.connect(f"tcp://127.0.0.1:{port}")
    for i in range(3):
        req.send(b"echo %d" % i)
        assert req.recv() == b"echo %d" % i
    stop_thread_device(dev)


@pytest.mark.parametrize("end", ["in", "out"])
def test_single_socket_device_takes_either_ends_configuration(start, sockets, end: str) -> None:
    # a REP device connecting out to our REQ: connect_out/setsockopt_out apply to the one socket
    req = sockets(zmq.REQ)
    _timeouts(req)
    port = req.bind_to_random_port("tcp://127.0.0.1")
    dev = devices.ThreadDevice(zmq.QUEUE, zmq.REP, -1)
    getattr(dev, f"setsockopt_{end}")(zmq.LINGER, 0)
    getattr(dev, f"connect_{end}")(f"tcp://127.0.0.1:{port}")
    start(dev)
    req.send(b"ping")
    assert req.recv() == b"ping"
    stop_thread_device(dev)


def test_random_ports_reserved_by_one_device_are_distinct() -> None:
    dev = devices.ThreadDevice(zmq.QUEUE, zmq.PULL, zmq.PUSH)
    low = 20000 + (threading.get_ident() % 20000)  # some spread between concurrent test runs
    ports = [
        dev.bind_in_to_random_port("tcp://127.0.0.1", min_port=low, max_port=low + 3)
        for _ in range(2)
    ]
    ports.append(dev.bind_out_to_random_port("tcp://127.0.0.1", min_port=low, max_port=low + 3))
    assert sorted(ports) == [low, low + 1, low + 2]
    # the range holds three ports and this device has them all: nothing left to hand out
    with pytest.raises(zmq.ZMQBindError):
        dev.bind_in_to_random_port("tcp://127.0.0.1", min_port=low, max_port=low + 3)


def test_plain_device_blocks_in_caller(sockets) -> None:
    ctx = zmq.Context()
    dev = devices.Device(zmq.QUEUE, zmq.PULL, zmq.PUSH)
    dev.context_factory = lambda: ctx
    in_port = dev.bind_in_to_random_port("tcp://127.0.0.1")
    out_port = dev.bind_out_to_random_port("tcp://127.0.0.1")
    runner = threading.Thread(target=dev.start, daemon=True)
    runner.start()
    try:
        push, pull = sockets(zmq.PUSH), sockets(zmq.PULL)
        _timeouts(push, pull)
        push.connect(f"tcp://127.0.0.1:{in_port}")
        pull.connect(f"tcp://127.0.0.1:{out_port}")
        push.send(b"through a plain Device")
        assert pull.recv() == b"through a plain Device"
        assert dev.context is ctx
        assert not dev.done
    finally:
        assert _term(ctx)
        runner.join(JOIN_S)
    assert not runner.is_alive()
    dev.join(0)
    assert dev.done


def test_thread_proxy_copies_to_monitor(start, sockets) -> None:
    dev = devices.ThreadProxy(zmq.ROUTER, zmq.DEALER, zmq.PUSH)
    urls = _bind_ends(dev, "in", "out", "mon")
    dev.setsockopt_mon(zmq.LINGER, 0)
    start(dev)
    req, rep, mon = _peers(sockets, urls, zmq.REQ, zmq.REP, zmq.PULL)
    _req_rep_through(req, rep, n=1)
    request_copy = mon.recv_multipart()
    reply_copy = mon.recv_multipart()
    assert request_copy[-2:] == [b"", b"request 0"]  # [routing id, delimiter, body]
    assert reply_copy[-2:] == [b"", b"reply 0"]
    assert request_copy[0] == reply_copy[0]
    stop_thread_device(dev)


def test_thread_proxy_connect_mon(start, sockets) -> None:
    collector = sockets(zmq.PULL)
    _timeouts(collector)
    collector.bind("tcp://127.0.0.1:0")
    dev = devices.ThreadProxy(zmq.PULL, zmq.PUSH, zmq.PUSH)
    in_port = dev.bind_in_to_random_port("tcp://127.0.0.1")
    out_port = dev.bind_out_to_random_port("tcp://127.0.0.1")
    dev.connect_mon(collector.last_endpoint.decode())
    start(dev)
    push, pull = sockets(zmq.PUSH), sockets(zmq.PULL)
    _timeouts(push, pull)
    push.connect(f"tcp://127.0.0.1:{in_port}")
    pull.connect(f"tcp://127.0.0.1:{out_port}")
    push.send(b"watched")
    assert pull.recv() == b"watched"
    assert collector.recv() == b"watched"
    stop_thread_device(dev)


# --- steerable proxies


def _control(ctrl: zmq.Socket, command: bytes) -> None:
    ctrl.send(command)


def _statistics(ctrl: zmq.Socket) -> list[int]:
    """Ask for STATISTICS; the reply also proves every earlier command was handled."""
    ctrl.send(b"STATISTICS")
    frames = ctrl.recv_multipart()
    assert len(frames) == 8
    return [struct.unpack("=Q", f)[0] for f in frames]


def test_thread_proxy_steerable(start, sockets) -> None:
    dev = devices.ThreadProxySteerable(zmq.PULL, zmq.PUSH, zmq.PUSH, zmq.PAIR)
    urls = _bind_ends(dev, "in", "out", "mon", "ctrl")
    dev.setsockopt_ctrl(zmq.LINGER, 0)
    start(dev)
    push, pull, mon, ctrl = _peers(sockets, urls, zmq.PUSH, zmq.PULL, zmq.PULL, zmq.PAIR)

    push.send(b"one")
    assert pull.recv() == b"one"
    assert mon.recv() == b"one"
    stats = _statistics(ctrl)
    assert stats[0] == 1  # frontend messages received
    assert stats[1] == 3  # frontend bytes received
    assert stats[6] == 1  # backend messages sent

    _control(ctrl, b"PAUSE")
    _statistics(ctrl)  # PAUSE has been applied once this answers
    push.send(b"two")
    assert pull.poll(300) == 0, "paused proxy forwarded a message"
    _control(ctrl, b"RESUME")
    assert pull.recv() == b"two"

    _control(ctrl, b"TERMINATE")
    dev.join(JOIN_S)
    assert not dev.launcher.is_alive()
    assert dev.done
    ctx = dev.context
    assert ctx is not None and _term(ctx)  # the sockets are closed: term() returns at once


def test_thread_proxy_steerable_without_control(start, sockets) -> None:
    dev = devices.ThreadProxySteerable(zmq.PULL, zmq.PUSH, zmq.PUSH)
    urls = _bind_ends(dev, "in", "out", "mon")
    start(dev)
    push, pull, mon = _peers(sockets, urls, zmq.PUSH, zmq.PULL, zmq.PULL)
    push.send(b"plain proxy")
    assert pull.recv() == b"plain proxy"
    assert mon.recv() == b"plain proxy"
    stop_thread_device(dev)
    with pytest.raises(ValueError, match="no ctrl socket"):
        dev.bind_ctrl_to_random_port("tcp://127.0.0.1")  # nothing to bind it to


def test_each_role_keeps_its_own_configuration() -> None:
    dev = devices.ThreadProxySteerable(zmq.PULL, zmq.PUSH, zmq.PUB, zmq.PAIR)
    for role in ("in", "out", "mon", "ctrl"):
        getattr(dev, f"bind_{role}")(f"inproc://{role}")
        getattr(dev, f"connect_{role}")(f"inproc://{role}-peer")
        getattr(dev, f"setsockopt_{role}")(zmq.LINGER, len(role))
    for role in ("in", "out", "mon", "ctrl"):
        plan = dev._plans[role]
        assert (plan.binds, plan.connects) == ([f"inproc://{role}"], [f"inproc://{role}-peer"])
        assert plan.sockopts == [(zmq.LINGER, len(role))]
    assert devices.ThreadProxySteerable.bind_mon.__name__ == "bind_mon"
    assert "mon_socket" in (devices.ThreadProxySteerable.connect_mon.__doc__ or "")


# --- monitored queues


def test_thread_monitored_queue_prefixes(start, sockets) -> None:
    dev = devices.ThreadMonitoredQueue(zmq.ROUTER, zmq.DEALER, zmq.PUSH, b"fwd", "back")
    urls = _bind_ends(dev, "in", "out", "mon")
    start(dev)
    req, rep, mon = _peers(sockets, urls, zmq.REQ, zmq.REP, zmq.PULL)
    _req_rep_through(req, rep, n=1)
    forward = mon.recv_multipart()
    backward = mon.recv_multipart()
    assert forward[0] == b"fwd" and forward[-2:] == [b"", b"request 0"]
    assert backward[0] == b"back" and backward[-2:] == [b"", b"reply 0"]
    assert len(forward) == len(backward) == 4  # prefix, routing id, delimiter, body
    stop_thread_device(dev)


def test_monitored_queue_function_default_prefixes(context, sockets) -> None:
    ins, outs, mons = sockets(zmq.PULL), sockets(zmq.PUSH), sockets(zmq.PUSH)
    for s in (ins, outs, mons):
        s.linger = 0
        s.bind("tcp://127.0.0.1:0")
    failures: list[BaseException] = []

    def run() -> None:
        try:
            devices.monitored_queue(ins, outs, mons, in_prefix="in")  # str, as the docs show
        except zmq.ContextTerminated:
            for s in (ins, outs, mons):
                s.close(linger=0)
        except BaseException as e:
            failures.append(e)

    push, pull, mon = (zmq.Context.socket(context, t) for t in (zmq.PUSH, zmq.PULL, zmq.PULL))
    _timeouts(push, pull, mon)
    push.connect(ins.last_endpoint.decode())
    pull.connect(outs.last_endpoint.decode())
    mon.connect(mons.last_endpoint.decode())
    runner = threading.Thread(target=run, daemon=True)
    runner.start()
    try:
        push.send_multipart([b"a", b"b"])
        assert pull.recv_multipart() == [b"a", b"b"]
        assert mon.recv_multipart() == [b"in", b"a", b"b"]
    finally:
        for s in (push, pull, mon):
            s.close(linger=0)
        # ending the loop: terminate its context (the fixture's); the loop closes its sockets
        assert _term(context)
        runner.join(JOIN_S)
    assert not runner.is_alive()
    assert not failures


def test_monitored_queue_router_router_swaps_identities(start, sockets) -> None:
    dev = devices.ThreadMonitoredQueue(zmq.ROUTER, zmq.ROUTER, zmq.PUSH)
    in_port = dev.bind_in_to_random_port("tcp://127.0.0.1")
    out_port = dev.bind_out_to_random_port("tcp://127.0.0.1")
    mon_port = dev.bind_mon_to_random_port("tcp://127.0.0.1")
    start(dev)
    client, worker, mon = sockets(zmq.DEALER), sockets(zmq.DEALER), sockets(zmq.PULL)
    _timeouts(client, worker, mon)
    client.setsockopt(zmq.IDENTITY, b"client")
    worker.setsockopt(zmq.IDENTITY, b"worker")
    client.connect(f"tcp://127.0.0.1:{in_port}")
    worker.connect(f"tcp://127.0.0.1:{out_port}")
    mon.connect(f"tcp://127.0.0.1:{mon_port}")

    # The out ROUTER drops messages for peers it has not seen connect yet: retry (bounded).
    deadline = time.monotonic() + 5
    while not worker.poll(100):
        assert time.monotonic() < deadline, "request never reached the worker"
        client.send_multipart([b"worker", b"job"])
    assert worker.recv_multipart() == [b"client", b"job"]
    worker.send_multipart([b"client", b"done"])
    assert client.recv_multipart() == [b"worker", b"done"]

    copies = []
    while mon.poll(200):
        copies.append(mon.recv_multipart())
    assert copies[0] == [b"in", b"worker", b"client", b"job"]
    assert copies[-1] == [b"out", b"client", b"worker", b"done"]
    stop_thread_device(dev)


# --- process devices


def test_process_queue_tcp(start, sockets) -> None:
    dev = devices.ProcessDevice(zmq.QUEUE, zmq.ROUTER, zmq.DEALER)
    in_port = dev.bind_in_to_random_port("tcp://127.0.0.1")
    out_port = dev.bind_out_to_random_port("tcp://127.0.0.1")
    start(dev)
    assert dev.launcher.daemon is True
    req, rep = sockets(zmq.REQ), sockets(zmq.REP)
    _timeouts(req, rep)
    req.connect(f"tcp://127.0.0.1:{in_port}")
    rep.connect(f"tcp://127.0.0.1:{out_port}")
    _req_rep_through(req, rep)
    stop_process_device(dev)


def test_process_monitored_queue(start, sockets) -> None:
    dev = devices.ProcessMonitoredQueue(zmq.PULL, zmq.PUSH, zmq.PUSH, b"I", b"O")
    urls = _bind_ends(dev, "in", "out", "mon")
    start(dev)
    push, pull, mon = _peers(sockets, urls, zmq.PUSH, zmq.PULL, zmq.PULL)
    push.send(b"across processes")
    assert pull.recv() == b"across processes"
    assert mon.recv_multipart() == [b"I", b"across processes"]
    stop_process_device(dev)


def test_process_proxy_steerable_terminate_exits_cleanly(start, sockets) -> None:
    # PUB monitor: nobody listens, and a PUB drops rather than blocks the proxy
    dev = devices.ProcessProxySteerable(zmq.PULL, zmq.PUSH, zmq.PUB, zmq.PAIR)
    in_port = dev.bind_in_to_random_port("tcp://127.0.0.1")
    out_port = dev.bind_out_to_random_port("tcp://127.0.0.1")
    dev.bind_mon_to_random_port("tcp://127.0.0.1")
    ctrl_port = dev.bind_ctrl_to_random_port("tcp://127.0.0.1")
    for setsockopt in (dev.setsockopt_in, dev.setsockopt_out, dev.setsockopt_mon):
        setsockopt(zmq.LINGER, 0)
    start(dev)
    push, pull, ctrl = sockets(zmq.PUSH), sockets(zmq.PULL), sockets(zmq.PAIR)
    _timeouts(push, pull, ctrl)
    push.connect(f"tcp://127.0.0.1:{in_port}")
    pull.connect(f"tcp://127.0.0.1:{out_port}")
    ctrl.connect(f"tcp://127.0.0.1:{ctrl_port}")
    push.send(b"x")
    assert pull.recv() == b"x"
    assert _statistics(ctrl)[0] == 1
    ctrl.send(b"TERMINATE")
    dev.join(JOIN_S)
    assert not dev.launcher.is_alive()
    assert dev.launcher.exitcode == 0  # the child closed its sockets and terminated its context


def test_process_device_pickles_configuration_only() -> None:
    import pickle

    dev = devices.ProcessProxy(zmq.PULL, zmq.PUSH, zmq.PUB)
    dev.bind_in("tcp://127.0.0.1:5555")
    dev.setsockopt_mon(zmq.SNDHWM, 10)
    copy: Any = pickle.loads(pickle.dumps(dev))
    assert copy._plans["in"].binds == ["tcp://127.0.0.1:5555"]
    assert copy._plans["mon"].sockopts == [(zmq.SNDHWM, 10)]
    assert copy.launcher is None and copy.context is None


@pytest.mark.parametrize("position", [0, 1, 2])
@pytest.mark.parametrize("bad", [None, 5, "tcp://127.0.0.1:5555"])
def test_monitored_queue_needs_three_sockets(sockets, position: int, bad: object) -> None:
    """Anything but a Socket (None included) is a TypeError, before any socket is used."""
    args: list[object] = [sockets(zmq.ROUTER), sockets(zmq.DEALER), sockets(zmq.PUB)]
    args[position] = bad
    with pytest.raises(TypeError):
        devices.monitored_queue(*args)
    with pytest.raises(TypeError):
        zmq.backend.monitored_queue(*args, b"in", b"out")  # type: ignore[attr-defined]
