"""Future-returning sockets for tornado coroutines.

``await sock.recv_multipart()`` (or ``yield`` it in a ``gen.coroutine``). tornado >= 6 runs on
asyncio and its Future *is* ``asyncio.Future``, so these sockets are the core's shared asyncio
machinery (:mod:`zmq.integration`) bound to the asyncio loop underneath tornado's current IOLoop.
``CancelledError`` (asyncio's, which tornado's futures raise too) is here for code that catches it
from this module, as pyzmq allowed.
"""

from __future__ import annotations

import asyncio
import warnings
from asyncio import CancelledError
from typing import Any, Callable

import zmq
from zmq.eventloop import _missing_tornado
from zmq.integration import FuturePoller, FutureSocket, OwnedFD, register_reader

try:
    from tornado.ioloop import IOLoop
except ImportError as e:
    raise _missing_tornado(__name__) from e


def _asyncio_loop(loop: Any) -> asyncio.AbstractEventLoop:
    """The asyncio loop behind ``loop``, which may be a tornado IOLoop or an asyncio loop already."""
    asyncio_loop: asyncio.AbstractEventLoop = getattr(loop, "asyncio_loop", loop)
    return asyncio_loop


def _register_with_ioloop(
    loop: asyncio.AbstractEventLoop, handle: OwnedFD, callback: Callable[[], None]
) -> Callable[[], None]:
    """Watch handle through the IOLoop running on loop, so ``IOLoop.close(all_fds=True)`` closes
    the socket (as it does for pyzmq's future sockets); on a bare asyncio loop, as zmq.asyncio does.
    """
    io_loop = IOLoop.current(instance=False)
    if io_loop is None or getattr(io_loop, "asyncio_loop", None) is not loop:
        return register_reader(loop, handle, callback)
    io_loop.add_handler(handle, lambda _handle, _events: callback(), IOLoop.READ)
    return lambda: io_loop.remove_handler(handle.fd)


class Poller(FuturePoller):
    """Poller whose ``poll()`` returns a Future of ``[(socket, events), ...]`` on tornado's loop."""


class Socket(FutureSocket):
    """Socket whose send/recv/poll (and variants) return Futures of tornado's current IOLoop.

    ``io_loop`` may be a tornado IOLoop or an asyncio loop (FutureSocket takes either); by default
    the loop current when an operation starts is used, as tornado code expects.
    """

    register_reader = staticmethod(_register_with_ioloop)

    @classmethod
    def current_loop(cls) -> asyncio.AbstractEventLoop:
        """The asyncio loop of tornado's current IOLoop."""
        return _asyncio_loop(IOLoop.current())


Poller._socket_class = Socket


class Context(zmq.Context[Socket]):
    """Context whose ``socket()`` creates tornado future-returning sockets."""

    _socket_class = Socket
    _instance: Any = None
    _instance_pid: int | None = None
    io_loop: Any = None
    """Always None (as in pyzmq): sockets use the IOLoop current when they run."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        io_loop = kwargs.pop("io_loop", None)
        if io_loop is not None:
            # pyzmq 22.2 dropped the argument: sockets always use the loop current when they run
            warnings.warn(
                f"{type(self).__name__}(io_loop) is deprecated and ignored: "
                "the current IOLoop is always used",
                DeprecationWarning,
                stacklevel=2,
            )
        super().__init__(*args, **kwargs)  # type: ignore[misc]


__all__ = ["CancelledError", "Context", "Poller", "Socket"]
