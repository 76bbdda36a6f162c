"""asyncio support: sockets whose blocking methods return ``asyncio.Future`` objects.

``await sock.recv_multipart()`` inside a coroutine; works on the default event loop and on uvloop.
Provided by the ``pyzmq-asyncio`` distribution, on the core's shared future machinery
(:mod:`zmq.integration`).
"""

from __future__ import annotations

import asyncio
import warnings
from typing import Any

import zmq
from zmq.integration import FuturePoller, FutureSocket


def _running_or_default_loop() -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        # outside a coroutine: the loop the caller will run (legacy asyncio behaviour)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return asyncio.get_event_loop_policy().get_event_loop()


class Poller(FuturePoller):
    """Poller whose ``poll()`` returns an asyncio Future of ``[(socket, events), ...]``."""


class Socket(FutureSocket):
    """Socket returning asyncio Futures from send/recv/poll and their variants."""

    @classmethod
    def current_loop(cls) -> asyncio.AbstractEventLoop:
        """The running loop; outside a coroutine, the loop the caller will run."""
        return _running_or_default_loop()


Poller._socket_class = Socket


class Context(zmq.Context[Socket]):
    """Context whose ``socket()`` creates asyncio sockets."""

    _socket_class = Socket
    _instance: Any = None
    _instance_pid: int | None = None


__all__ = ["Context", "Poller", "Socket"]
