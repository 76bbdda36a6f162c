"""Consumer code for the core (pyzmq-core): blocking sockets, options, frames, polling, utilities.

Type-checked only (``make typecheck``: mypy --strict against the installed distributions), never
run: each ``assert_type`` fails the check when the expression's type is anything else, ``Any``
included.
"""

from __future__ import annotations

import threading
from typing import Any, Literal, assert_type

import zmq
import zmq.backend
from zmq import decorators as zmq_decorators
from zmq.devices import (
    Device,
    MonitoredQueue,
    ProcessDevice,
    ProcessMonitoredQueue,
    ProcessProxy,
    ProcessProxySteerable,
    Proxy,
    ProxySteerable,
    ThreadDevice,
    ThreadMonitoredQueue,
    ThreadProxy,
    ThreadProxySteerable,
)
from zmq.utils import jsonapi, monitor, strtypes, z85
from zmq.utils.garbage import GarbageCollector
from zmq.utils.interop import cast_int_addr
from zmq.utils.win32 import allow_interrupt


def contexts() -> None:
    ctx = zmq.Context()
    assert_type(ctx, zmq.Context[zmq.Socket[bytes]])
    assert_type(ctx, zmq.SyncContext)
    assert_type(zmq.Context(2), zmq.SyncContext)
    assert_type(zmq.Context.instance(), zmq.Context[zmq.Socket[Any]])
    assert_type(zmq.Context.shadow(ctx.underlying), zmq.Context[zmq.Socket[Any]])
    assert_type(zmq.Context(shadow=ctx), zmq.SyncContext)
    with zmq.Context() as managed:
        assert_type(managed, zmq.SyncContext)
    assert_type(ctx.socket(zmq.PUSH), zmq.Socket[bytes])
    assert_type(ctx.socket(zmq.PUSH), zmq.SyncSocket)
    assert_type(ctx.underlying, int)
    assert_type(ctx.closed, bool)
    # context options, and default socket options
    assert_type(ctx.get(zmq.IO_THREADS), int)
    assert_type(ctx.io_threads, int)
    assert_type(ctx.max_sockets, int)
    ctx.linger = 0
    assert_type(ctx.linger, int)
    ctx.identity = b"id"
    assert_type(ctx.identity, bytes)
    ctx.setsockopt(zmq.SNDHWM, 10)
    assert_type(ctx.getsockopt(zmq.SNDHWM), int)
    assert_type(ctx.getsockopt(zmq.ROUTING_ID), bytes)
    assert_type(ctx.set(zmq.MAX_SOCKETS, 100), None)
    assert_type(ctx.destroy(linger=0), None)
    assert_type(ctx.term(), None)


def sockets(ctx: zmq.SyncContext) -> None:
    sock = ctx.socket(zmq.DEALER)
    assert_type(zmq.Socket(ctx, zmq.PAIR), zmq.Socket[bytes])
    assert_type(zmq.Socket(shadow=sock.underlying), zmq.Socket[bytes])
    with ctx.socket(zmq.PULL) as managed:
        assert_type(managed, zmq.Socket[bytes])
    assert_type(sock.closed, bool)
    assert_type(sock.underlying, int)
    assert_type(sock.socket_type, int)
    assert_type(sock.fileno(), int)
    assert_type(sock.copy_threshold, int)

    # endpoints
    assert_type(sock.bind_to_random_port("tcp://127.0.0.1"), int)
    with sock.bind("tcp://127.0.0.1:0") as bound:
        assert_type(bound, zmq.Socket[bytes])
    with sock.connect("tcp://127.0.0.1:5555"):
        pass
    assert_type(sock.unbind("tcp://127.0.0.1:5555"), None)
    assert_type(sock.disconnect("tcp://127.0.0.1:5555"), None)

    # sending: None, or a MessageTracker when tracked
    assert_type(sock.send(b"x"), None)
    assert_type(sock.send(b"x", zmq.SNDMORE), None)
    assert_type(sock.send(b"x", copy=False), None)
    assert_type(sock.send(b"x", track=True), zmq.MessageTracker)
    assert_type(sock.send(b"x", copy=False, track=True), zmq.MessageTracker)
    assert_type(sock.send(memoryview(b"x"), 0, False, True), zmq.MessageTracker | None)
    assert_type(sock.send_multipart([b"a", b"b"]), None)
    assert_type(sock.send_multipart([b"a"], track=True), zmq.MessageTracker)
    assert_type(sock.send_string("x"), None)
    assert_type(sock.send_string("x", track=True), zmq.MessageTracker)
    assert_type(sock.send_unicode("x"), None)
    assert_type(sock.send_json({"a": 1}), None)
    assert_type(sock.send_pyobj(object()), None)
    assert_type(sock.send_pyobj(object(), track=True), zmq.MessageTracker)
    assert_type(sock.send_serialized({"a": 1}, lambda d: [jsonapi.dumps(d)]), None)

    # receiving: bytes, or Frames with copy=False
    assert_type(sock.recv(), bytes)
    assert_type(sock.recv(zmq.NOBLOCK), bytes)
    assert_type(sock.recv(copy=True), bytes)
    assert_type(sock.recv(copy=False), zmq.Frame)
    assert_type(sock.recv(track=True), bytes)
    assert_type(sock.recv_multipart(), list[bytes])
    assert_type(sock.recv_multipart(copy=True), list[bytes])
    assert_type(sock.recv_multipart(copy=False), list[zmq.Frame])
    copy = bool(sock.rcvmore)  # known only at run time: either
    assert_type(sock.recv(0, copy), bytes | zmq.Frame)
    assert_type(sock.recv_string(), str)
    assert_type(sock.recv_unicode(), str)
    assert_type(sock.recv_json(), Any)  # whatever the JSON holds
    assert_type(sock.recv_pyobj(), Any)  # whatever was pickled
    assert_type(sock.recv_serialized(lambda frames: len(frames)), int)
    assert_type(sock.recv_into(bytearray(10)), int)
    assert_type(sock.poll(10), int)
    assert_type(sock.poll(10, zmq.POLLOUT), int)

    # options by kind: ints, and bytes for binary/string options
    assert_type(sock.getsockopt(zmq.LINGER), int)
    assert_type(sock.get(zmq.LINGER), int)
    assert_type(sock.get(zmq.AFFINITY), int)  # int64
    assert_type(sock.get(zmq.FD), int)
    assert_type(sock.get(zmq.EVENTS), int)
    assert_type(sock.get(zmq.HWM), int)
    assert_type(sock.get(zmq.SocketOption.RCVTIMEO), int)
    assert_type(sock.get(zmq.IDENTITY), bytes)
    assert_type(sock.get(zmq.ROUTING_ID), bytes)
    assert_type(sock.get(zmq.LAST_ENDPOINT), bytes)
    assert_type(sock.getsockopt(zmq.CURVE_PUBLICKEY), bytes)
    some_option: int = zmq.LINGER
    assert_type(sock.get(some_option), int | bytes)  # unknown until run time
    assert_type(sock.getsockopt_string(zmq.LAST_ENDPOINT), str)
    assert_type(sock.get_string(zmq.ROUTING_ID), str)
    assert_type(sock.get_hwm(), int)
    assert_type(sock.set(zmq.LINGER, 0), None)
    assert_type(sock.setsockopt(zmq.ROUTING_ID, b"me"), None)
    assert_type(sock.setsockopt_string(zmq.ROUTING_ID, "me"), None)
    assert_type(sock.set_hwm(10), None)
    # options as attributes
    sock.linger = 0
    sock.hwm = 10
    sock.routing_id = b"me"
    assert_type(sock.linger, int)
    assert_type(sock.rcvmore, int)
    assert_type(sock.hwm, int)
    assert_type(sock.identity, bytes)
    assert_type(sock.last_endpoint, bytes)
    assert_type(sock.curve_serverkey, bytes)
    assert_type(sock.maxmsgsize, int)
    assert_type(sock.subscribe(b"topic"), None)
    assert_type(sock.unsubscribe("topic"), None)

    # monitoring
    mon = sock.get_monitor_socket()
    assert_type(mon, zmq.Socket[bytes])
    assert_type(sock.disable_monitor(), None)
    event = monitor.recv_monitor_message(ctx.socket(zmq.PAIR))
    assert_type(event["event"], zmq.Event)
    assert_type(event["value"], int)
    assert_type(event["endpoint"], bytes)
    assert_type(monitor.parse_monitor_message([b"\0" * 6, b"tcp://x:1"])["value"], int)

    assert_type(sock.close(linger=0), None)


def frames_and_trackers(sock: zmq.SyncSocket) -> None:
    frame = zmq.Frame(b"data")
    assert_type(frame, zmq.Frame)
    assert_type(zmq.Message(b"x"), zmq.Frame)
    assert_type(frame.bytes, bytes)
    assert_type(frame.buffer, memoryview)
    assert_type(bytes(frame), bytes)
    assert_type(len(frame), int)
    assert_type(frame.more, bool)
    assert_type(frame.get(zmq.MORE), int)
    assert_type(frame.get("Peer-Address"), str)
    assert_type(frame["User-Id"], str)
    assert_type(frame.get("routing_id"), int | None)
    assert_type(frame.routing_id, int | None)
    assert_type(frame.group, str | None)
    assert_type(frame.tracker, zmq.MessageTracker | None)
    assert_type(frame.fast_copy(), zmq.Frame)

    tracker = sock.send(b"x" * 100_000, copy=False, track=True)
    assert_type(tracker.done, bool)
    assert_type(tracker.wait(1.0), None)
    assert_type(zmq.MessageTracker(tracker), zmq.MessageTracker)


def polling(a: zmq.SyncSocket, b: zmq.SyncSocket) -> None:
    poller = zmq.Poller()
    assert_type(poller.register(a, zmq.POLLIN), None)
    assert_type(poller.modify(a, zmq.POLLIN | zmq.POLLOUT), None)
    assert_type(a in poller, bool)
    # sockets come back as themselves, other pollables as their fd: the socket's type is Any
    assert_type(poller.poll(100), list[tuple[Any, int]])
    assert_type(poller.unregister(a), None)
    assert_type(zmq.select([a], [b], [], 0.1), tuple[list[Any], list[Any], list[Any]])
    assert_type(zmq.zmq_poll([(a, zmq.POLLIN)], 10), list[tuple[Any, int]])


def constants_and_errors() -> None:
    # module-level constants are their enum members (so options type by kind)
    assert_type(zmq.PUSH, Literal[zmq.SocketType.PUSH])
    assert_type(zmq.IDENTITY, Literal[zmq.SocketOption.ROUTING_ID])  # an alias
    socket_type: zmq.SocketType = zmq.PULL
    assert_type(socket_type, zmq.SocketType)
    assert_type(zmq.POLLIN | zmq.POLLOUT, zmq.PollEvent)
    assert_type(zmq.SocketOption.LINGER._opt_type.value, str)
    assert_type(zmq.Errno.EAGAIN.value, int)
    try:
        raise zmq.Again()
    except zmq.ZMQError as e:
        assert_type(e.errno, int | None)
        assert_type(e.strerror, str)
    assert_type(zmq.ContextTerminated(), zmq.ContextTerminated)
    assert_type(zmq.InterruptedSystemCall(), zmq.InterruptedSystemCall)
    assert_type(zmq.NotDone(), zmq.NotDone)
    assert_type(zmq.ZMQBindError("no port"), zmq.ZMQBindError)
    assert_type(zmq.ZMQVersionError("4.3"), zmq.ZMQVersionError)
    assert_type(zmq.ZMQBaseError(), zmq.ZMQBaseError)
    try:
        monitor.parse_monitor_message([b"short"])
    except monitor.MonitorMessageError as e:
        assert_type(e, monitor.MonitorMessageError)
    assert_type(zmq.strerror(zmq.EAGAIN), str)
    # the other enums
    assert_type(zmq.ContextOption(1), zmq.ContextOption)
    assert_type(zmq.MessageOption.MORE, Literal[zmq.MessageOption.MORE])
    assert_type(zmq.Flag.DONTWAIT | zmq.SNDMORE, zmq.Flag)
    assert_type(zmq.SecurityMechanism(2), zmq.SecurityMechanism)
    assert_type(zmq.DeviceType.QUEUE, Literal[zmq.DeviceType.QUEUE])
    assert_type(zmq.NormMode.CC, Literal[zmq.NormMode.CC])
    assert_type(
        zmq.ReconnectStop.CONN_REFUSED | zmq.ReconnectStop.HANDSHAKE_FAILED, zmq.ReconnectStop
    )
    assert_type(zmq.RouterNotify.CONNECT | zmq.RouterNotify.DISCONNECT, zmq.RouterNotify)
    assert_type(zmq.zmq_errno(), int)


def versions_and_utilities() -> None:
    assert_type(zmq.zmq_version(), str)
    assert_type(zmq.zmq_version_info(), tuple[int, int, int])
    assert_type(zmq.pyzmq_version(), str)
    assert_type(zmq.__version__, str)
    assert_type(zmq.has("curve"), bool)
    assert_type(zmq.DRAFT_API, bool)
    assert_type(zmq.COPY_THRESHOLD, int)
    assert_type(zmq.get_includes(), list[str])
    assert_type(zmq.curve_keypair(), tuple[bytes, bytes])
    assert_type(zmq.curve_public(b"secret"), bytes)
    assert_type(z85.encode(b"abcd"), bytes)
    assert_type(z85.decode(b"abcde"), bytes)
    assert_type(jsonapi.dumps({"a": 1}), bytes)
    assert_type(jsonapi.loads(b"{}"), Any)  # whatever the JSON holds
    watch = zmq.Stopwatch()
    watch.start()
    assert_type(watch.stop(), int)
    assert_type(strtypes.cast_bytes("x"), bytes)
    assert_type(strtypes.cast_unicode(b"x"), str)
    assert_type(cast_int_addr(12345), int)
    with allow_interrupt(lambda: None) as interrupt:
        assert_type(interrupt, allow_interrupt)
    gc = GarbageCollector()
    assert_type(gc.is_alive(), bool)
    assert_type(gc.thread, threading.Thread | None)


def devices() -> None:
    for device in (
        Device(zmq.QUEUE, zmq.ROUTER, zmq.DEALER),
        ThreadDevice(zmq.QUEUE, zmq.ROUTER, zmq.DEALER),
        ProcessDevice(zmq.QUEUE, zmq.ROUTER, zmq.DEALER),
    ):
        assert_type(device.bind_in("tcp://127.0.0.1:0"), None)
        assert_type(device.bind_out_to_random_port("tcp://127.0.0.1"), int)
        assert_type(device.setsockopt_in(zmq.LINGER, 0), None)
        assert_type(device.start(), None)
        assert_type(device.join(1.0), None)
    for proxy in (
        Proxy(zmq.PULL, zmq.PUSH),
        ThreadProxy(zmq.PULL, zmq.PUSH),
        ProcessProxy(zmq.PULL, zmq.PUSH),
        ProxySteerable(zmq.PULL, zmq.PUSH),
        ThreadProxySteerable(zmq.PULL, zmq.PUSH),
        MonitoredQueue(zmq.ROUTER, zmq.DEALER),
        ThreadMonitoredQueue(zmq.ROUTER, zmq.DEALER),
        ProcessMonitoredQueue(zmq.ROUTER, zmq.DEALER),
        ProcessProxySteerable(zmq.PULL, zmq.PUSH),
    ):
        assert_type(proxy.bind_mon_to_random_port("tcp://127.0.0.1"), int)
        assert_type(proxy.connect_mon("tcp://127.0.0.1:5555"), None)
    steerable = ThreadProxySteerable(zmq.PULL, zmq.PUSH, zmq.PUB, zmq.PAIR)
    assert_type(steerable.bind_ctrl_to_random_port("tcp://127.0.0.1"), int)


@zmq_decorators.context()
@zmq_decorators.socket(zmq.PUSH)
def decorated(ctx: zmq.SyncContext, push: zmq.SyncSocket) -> int:
    return push.bind_to_random_port("tcp://127.0.0.1")


def decorators() -> None:
    assert_type(decorated(), int)


def backend_layer(ctx: zmq.SyncContext) -> None:
    raw = zmq.backend.Socket(ctx, zmq.PAIR)
    assert_type(raw.closed, bool)
    assert_type(raw.recv_into(bytearray(4)), int)
    assert_type(zmq.backend.Frame(b"x").bytes, bytes)
