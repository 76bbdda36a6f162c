"""What event-loop integrations build on: the contract between pyzmq-core and its plugins.

``zmq.asyncio``, ``zmq.eventloop`` (tornado) and ``zmq.green`` (gevent) are separate distributions;
they use the core only through the names below, and so may third-party integrations. Every backend
(Cython, CFFI) provides them.

Non-blocking operations
    :func:`try_send` and :func:`try_recv` do what ``send``/``send_multipart`` and
    ``recv``/``recv_multipart`` do, except that when the operation would block they return
    :data:`NOT_READY` instead of raising :class:`zmq.Again` (on an event loop that is the common
    case, and raising costs more than the call). :func:`routed_frame` labels a message with a
    routing id (SERVER) or group (RADIO) exactly as ``Socket.send`` does; call it once when a send
    is queued and retry with its result. :func:`get_option` is ``getsockopt`` without the sugar's
    Python-level wrapper, for hot paths.

Readiness
    ``get_option(socket, zmq.FD)`` is libzmq's descriptor for the socket: edge-triggered, it only
    says that ``ZMQ_EVENTS`` may have changed, and any operation on the socket can consume the edge.
    After it fires, read ``get_option(socket, zmq.EVENTS)`` (which re-arms it) and operate until
    nothing progresses. The descriptor belongs to libzmq: hand loops an :class:`OwnedFD`, whose
    ``close()`` closes its owner, never the int.

Waiting
    :class:`Readiness` is that rule written once: the FIFO queues of operations parked on one
    socket (:class:`Waiter`, served in order by :func:`serve`), the watchers told its events, the
    "try now, else park" step (``attempt``) and the re-check (``check``). An integration
    subclasses it with its loop's scheduling (``schedule_check``) and subclasses :class:`Waiter`
    with what completing an operation means; the futures below and zmq.green do.

Future-returning sockets
    :class:`FutureSocket` and :class:`FuturePoller` implement the future API for any
    asyncio-compatible loop. A subclass defines ``current_loop()`` (the loop operations started now
    use) and may override ``register_reader`` for a loop that keeps its own registry of files
    (tornado's IOLoop). A ``FuturePoller`` subclass names its socket class in ``_socket_class``,
    as a ``zmq.Context`` subclass does: pyzmq's subclassing convention, part of this contract.

Typing
    :data:`IntSocketOption` and :data:`BytesSocketOption` are, for type checkers, the socket options
    whose value is an int and bytes (literal ``zmq.SocketOption`` members), so that a subclass
    overriding ``get`` can keep the option-kind overloads of ``zmq.Socket.get``; at run time they
    are ``int``.

Compatibility
    The names in ``__all__`` keep their meaning and signatures across every pyzmq-core release of
    one major version (28.x); a plugin requiring ``pyzmq-core>=28.N,<29`` works with all of them.
    Adding a name or an optional argument is a minor release (plugins that use it raise their lower
    bound); removing or changing one is a major release.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zmq._future import FuturePoller, FutureSocket, OwnedFD, register_reader
from zmq._readiness import Readiness, Waiter, Watcher, serve
from zmq.backend import NOT_READY, Socket, routed_frame

#: ``try_recv(socket, copy=True, multipart=False)``: one frame (bytes, or a Frame with
#: ``copy=False``), or with ``multipart`` the list of all frames of one message; NOT_READY if none.
try_recv = Socket._try_recv
#: ``try_send(socket, data, flags=0, copy=True, track=False, multipart=False)``: what ``send``
#: (or with ``multipart``, ``send_multipart``) returns, or NOT_READY if the socket cannot take it now.
try_send = Socket._try_send
#: ``get_option(socket, option)``: ``getsockopt`` of the backend, without the sugar's wrapper.
get_option = Socket.get

if TYPE_CHECKING:
    from zmq.constants import _BytesSocketOption as BytesSocketOption
    from zmq.constants import _IntSocketOption as IntSocketOption
else:
    IntSocketOption = BytesSocketOption = int

__all__ = [
    "NOT_READY",
    "BytesSocketOption",
    "FuturePoller",
    "FutureSocket",
    "IntSocketOption",
    "OwnedFD",
    "Readiness",
    "Waiter",
    "Watcher",
    "get_option",
    "register_reader",
    "routed_frame",
    "serve",
    "try_recv",
    "try_send",
]
