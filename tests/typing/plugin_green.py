"""Consumer code for zmq.green (pyzmq-green): the blocking API, cooperative under gevent.

Type-checked only (``make typecheck``), never run. Types are those of the blocking API.
"""

from __future__ import annotations

from typing import Any, assert_type

import zmq.green as zmq
from zmq.green.eventloop import ioloop, zmqstream


def green_sockets() -> None:
    ctx = zmq.Context()
    assert_type(ctx, zmq.Context)
    assert_type(zmq.Context.instance(), zmq.Context)
    sock = ctx.socket(zmq.PULL)
    assert_type(sock, zmq.Socket[bytes])
    assert_type(zmq.Socket(ctx, zmq.PUSH), zmq.Socket[bytes])
    assert_type(sock.recv(), bytes)
    assert_type(sock.recv(zmq.NOBLOCK), bytes)
    assert_type(sock.recv(copy=False), zmq.Frame)
    assert_type(sock.recv_multipart(), list[bytes])
    assert_type(sock.recv_multipart(copy=False), list[zmq.Frame])
    assert_type(sock.recv_string(), str)
    assert_type(sock.recv_json(), Any)  # whatever the JSON holds
    assert_type(sock.send(b"x"), None)
    assert_type(sock.send(b"x", track=True), zmq.MessageTracker)
    assert_type(sock.send_multipart([b"x"]), None)
    assert_type(sock.send_multipart([b"x"], copy=False, track=True), zmq.MessageTracker)
    assert_type(sock.send_string("x"), None)
    assert_type(sock.poll(100), int)
    assert_type(sock.get(zmq.EVENTS), int)
    assert_type(sock.getsockopt(zmq.ROUTING_ID), bytes)
    assert_type(sock.rcvtimeo, int)
    assert_type(sock.close(), None)
    assert_type(ctx.term(), None)


def green_polling(a: zmq.Socket[bytes], b: zmq.Socket[bytes]) -> None:
    poller = zmq.Poller()
    poller.register(a, zmq.POLLIN)
    assert_type(poller.poll(100), list[tuple[Any, int]])
    assert_type(zmq.select([a], [b], [], 0.5), tuple[list[Any], list[Any], list[Any]])
    assert_type(zmq.proxy(a, b), None)
    assert_type(zmq.device(zmq.QUEUE, a, b), None)


def green_stream(sock: zmq.Socket[bytes]) -> None:
    stream = zmqstream.ZMQStream(sock)
    assert_type(stream.on_recv(lambda msg: None), None)
    assert_type(stream.poller, zmq.Poller)  # the green one
    assert_type(ioloop.IOLoop.current(), ioloop.IOLoop)
