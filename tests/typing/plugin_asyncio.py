"""Consumer code for zmq.asyncio (pyzmq-asyncio) and the future machinery it builds on.

Type-checked only (``make typecheck``), never run. Every awaitable is an ``asyncio.Future`` of what
the blocking method returns.
"""

from __future__ import annotations

import asyncio
from typing import Any, assert_type

import zmq
import zmq.asyncio
from zmq.integration import FuturePoller, FutureSocket, OwnedFD
from zmq.utils import monitor


async def contexts_and_sockets() -> None:
    ctx = zmq.asyncio.Context()
    assert_type(ctx, zmq.asyncio.Context)
    assert_type(zmq.asyncio.Context.instance(), zmq.asyncio.Context)
    assert_type(zmq.asyncio.Context(zmq.Context.instance()), zmq.asyncio.Context)
    with zmq.asyncio.Context() as managed:
        assert_type(managed, zmq.asyncio.Context)
    sock = ctx.socket(zmq.DEALER)
    assert_type(sock, zmq.asyncio.Socket)
    assert_type(zmq.asyncio.Socket(ctx, zmq.PAIR), zmq.asyncio.Socket)
    assert_type(zmq.asyncio.Socket.from_socket(zmq.Context().socket(zmq.PAIR)), zmq.asyncio.Socket)
    # a sync socket on the same context, and the other way round
    assert_type(ctx.socket(zmq.PAIR, socket_class=zmq.Socket), zmq.Socket[Any])
    sync_ctx = zmq.Context()
    assert_type(sync_ctx.socket(zmq.PAIR, socket_class=zmq.asyncio.Socket), zmq.asyncio.Socket)
    assert_type(isinstance(sock, FutureSocket), bool)
    with ctx.socket(zmq.PUSH) as pusher:
        assert_type(pusher, zmq.asyncio.Socket)


async def receiving(sock: zmq.asyncio.Socket) -> None:
    assert_type(sock.recv(), asyncio.Future[bytes])
    assert_type(await sock.recv(), bytes)
    assert_type(await sock.recv(zmq.NOBLOCK), bytes)
    assert_type(await sock.recv(copy=True), bytes)
    assert_type(await sock.recv(copy=False), zmq.Frame)
    assert_type(await sock.recv_multipart(), list[bytes])
    assert_type(await sock.recv_multipart(copy=True), list[bytes])
    assert_type(await sock.recv_multipart(copy=False), list[zmq.Frame])
    assert_type(await sock.send(b"x", copy=False, track=True), zmq.MessageTracker)
    assert_type(await sock.recv_string(), str)
    assert_type(await sock.recv_unicode(), str)
    assert_type(await sock.recv_json(), Any)  # whatever the JSON holds
    assert_type(await sock.recv_pyobj(), Any)  # whatever was pickled
    assert_type(await sock.recv_serialized(lambda frames: len(frames)), int)
    assert_type(await sock.recv_into(bytearray(10)), int)
    assert_type(await sock.poll(100), int)
    assert_type(await sock.poll(100, zmq.POLLOUT), int)
    pending = sock.recv_multipart()
    assert_type(pending.cancel(), bool)
    assert_type(await asyncio.wait_for(sock.recv(), 1.0), bytes)


async def sending(sock: zmq.asyncio.Socket) -> None:
    assert_type(await sock.send(b"x"), None)
    assert_type(await sock.send(b"x", zmq.SNDMORE, copy=False), None)
    assert_type(await sock.send(b"x", track=True), zmq.MessageTracker)
    assert_type(await sock.send(b"x", 0, False, True), zmq.MessageTracker | None)
    assert_type(await sock.send_multipart([b"a", b"b"]), None)
    assert_type(await sock.send_multipart([b"a"], track=True), zmq.MessageTracker)
    assert_type(await sock.send_string("x"), None)
    assert_type(await sock.send_string("x", track=True), zmq.MessageTracker)
    assert_type(await sock.send_unicode("x"), None)
    assert_type(await sock.send_json({"a": 1}), None)
    assert_type(await sock.send_pyobj(object()), None)
    assert_type(await sock.send_serialized([1], lambda m: [bytes(m)]), None)


def options(sock: zmq.asyncio.Socket) -> None:
    # options read without waiting: plain values, as on a sync socket
    assert_type(sock.getsockopt(zmq.LINGER), int)
    assert_type(sock.get(zmq.ROUTING_ID), bytes)
    assert_type(sock.linger, int)
    assert_type(sock.last_endpoint, bytes)
    assert_type(sock.bind_to_random_port("tcp://127.0.0.1"), int)
    with sock.bind("tcp://127.0.0.1:0") as bound:
        assert_type(bound, zmq.asyncio.Socket)
    assert_type(sock.closed, bool)
    assert_type(sock.close(), None)


async def polling_and_monitoring(a: zmq.asyncio.Socket, b: zmq.asyncio.Socket) -> None:
    poller = zmq.asyncio.Poller()
    assert_type(isinstance(poller, FuturePoller), bool)
    poller.register(a, zmq.POLLIN)
    poller.register(b, zmq.POLLOUT)
    assert_type(poller.poll(), asyncio.Future[list[tuple[Any, int]]])
    assert_type(await poller.poll(100), list[tuple[Any, int]])
    event = await monitor.recv_monitor_message(a.get_monitor_socket())
    assert_type(event["event"], zmq.Event)


def integration_names(fd: int) -> None:
    handle = OwnedFD(fd, lambda: None)
    assert_type(handle.fileno(), int)
    assert_type(handle.close(), None)
