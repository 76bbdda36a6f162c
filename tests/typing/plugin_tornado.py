"""Consumer code for zmq.eventloop (pyzmq-tornado): future sockets, ZMQStream, the IOLoop names.

Type-checked only (``make typecheck``), never run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, assert_type

from tornado.ioloop import IOLoop

import zmq
from zmq.eventloop import future, ioloop, zmqstream


async def future_sockets() -> None:
    ctx = future.Context()
    assert_type(ctx, future.Context)
    assert_type(future.Context.instance(), future.Context)
    sock = ctx.socket(zmq.DEALER)
    assert_type(sock, future.Socket)
    assert_type(future.Socket(ctx, zmq.PAIR, io_loop=IOLoop.current()), future.Socket)
    assert_type(future.Socket.from_socket(zmq.Context().socket(zmq.PAIR)), future.Socket)
    assert_type(sock.recv(), asyncio.Future[bytes])
    assert_type(await sock.recv(), bytes)
    assert_type(await sock.recv(copy=False), zmq.Frame)
    assert_type(await sock.recv_multipart(), list[bytes])
    assert_type(await sock.recv_multipart(copy=False), list[zmq.Frame])
    assert_type(await sock.recv_string(), str)
    assert_type(await sock.recv_json(), Any)  # whatever the JSON holds
    assert_type(await sock.poll(10), int)
    assert_type(await sock.send(b"x"), None)
    assert_type(await sock.send(b"x", track=True), zmq.MessageTracker)
    assert_type(await sock.send_multipart([b"a"]), None)
    assert_type(await sock.send_string("x"), None)
    assert_type(sock.getsockopt(zmq.RCVTIMEO), int)
    assert_type(sock.identity, bytes)
    poller = future.Poller()
    poller.register(sock, zmq.POLLIN)
    assert_type(await poller.poll(10), list[tuple[Any, int]])
    try:
        await sock.recv()
    except future.CancelledError as e:
        assert_type(e, asyncio.CancelledError)


def on_message(msg: list[bytes]) -> None: ...
def on_frames(msg: list[zmq.Frame]) -> None: ...
def on_stream_message(stream: zmqstream.ZMQStream, msg: list[bytes]) -> None: ...
def on_sent(msg: Sequence[Any], status: Any) -> None: ...
async def on_message_async(msg: list[bytes]) -> None: ...


def streams(sock: zmq.SyncSocket) -> None:
    stream = zmqstream.ZMQStream(sock)
    assert_type(zmqstream.ZMQStream(sock, IOLoop.current()), zmqstream.ZMQStream)
    assert_type(stream.socket, zmq.Socket[Any])
    assert_type(stream.io_loop, IOLoop)
    # callbacks are checked against what they will receive
    assert_type(stream.on_recv(on_message), None)
    assert_type(stream.on_recv(on_message, copy=True), None)
    assert_type(stream.on_recv(on_frames, copy=False), None)
    assert_type(stream.on_recv(on_message_async), None)
    assert_type(stream.on_recv(None), None)
    assert_type(stream.on_recv_stream(on_stream_message), None)
    assert_type(stream.on_send(on_sent), None)
    assert_type(stream.on_send_stream(lambda s, m, status: None), None)
    assert_type(stream.set_close_callback(lambda: None), None)
    assert_type(stream.stop_on_recv(), None)
    assert_type(stream.stop_on_send(), None)
    # sends are queued: no tracker, no future
    assert_type(stream.send(b"x"), None)
    assert_type(stream.send_multipart([b"a", b"b"]), None)
    assert_type(stream.send_string("x"), None)
    assert_type(stream.send_json({"a": 1}), None)
    assert_type(stream.send_pyobj([1]), None)
    assert_type(stream.flush(), int)
    assert_type(stream.receiving(), bool)
    assert_type(stream.sending(), bool)
    assert_type(stream.closed(), bool)
    # the socket's methods, linked onto the stream
    assert_type(stream.bind_to_random_port("tcp://127.0.0.1"), int)
    with stream.connect("tcp://127.0.0.1:5555") as connected:
        assert_type(connected, zmq.Socket[Any])
    assert_type(stream.getsockopt(zmq.LINGER), int)
    assert_type(stream.getsockopt(zmq.LAST_ENDPOINT), bytes)
    assert_type(stream.setsockopt(zmq.LINGER, 0), None)
    assert_type(stream.getsockopt_string(zmq.LAST_ENDPOINT), str)
    assert_type(stream.close(linger=0), None)


def ioloop_names() -> None:
    assert_type(ioloop.IOLoop.current(), IOLoop)
    assert_type(ioloop.ZMQIOLoop, type[IOLoop])
    callback = ioloop.PeriodicCallback(lambda: None, 1000)
    assert_type(callback.is_running(), bool)
