"""zmq.eventloop.zmqstream for gevent apps: a ZMQStream whose poller is the green Poller.

A ZMQStream only ever sends and receives without blocking, so it works unchanged on green sockets;
its internal poller is swapped for the green one, so that its polls (always zero-timeout in
practice) keep the green sockets' waiters informed of consumed edges.
"""

from __future__ import annotations

from typing import Any

from zmq.green.eventloop import _missing_eventloop
from zmq.green.poll import Poller

try:
    from zmq.eventloop import zmqstream as _zmqstream
    from zmq.green.eventloop.ioloop import IOLoop
except ImportError as e:
    raise _missing_eventloop(__name__, e) from e


class ZMQStream(_zmqstream.ZMQStream):
    """zmq.eventloop.zmqstream.ZMQStream on the green Poller (``ZMQStream(socket, io_loop=None)``)."""

    poller: Poller

    def __init__(self, socket: Any, io_loop: IOLoop | None = None) -> None:
        super().__init__(socket, io_loop=io_loop)
        self.poller = Poller()


__all__ = ["ZMQStream"]
