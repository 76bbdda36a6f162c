"""ZMQStream: callbacks for messages arriving on, and sent through, a zmq socket on tornado's IOLoop.

Design, and why it is fast:

- The socket's ``ZMQ_FD`` is registered with the loop once, when the stream is made, and stays
  registered until ``close()``: enabling/disabling callbacks or queueing sends never adds or removes
  handlers, so a busy stream costs no per-message loop bookkeeping.
- That FD is edge-triggered: it only says "the socket's events may have changed", and any libzmq call
  (ours or a callback's) can consume the edge. So the handler re-reads ``ZMQ_EVENTS`` after every
  round of work and only goes back to sleep once it reports nothing this stream can act on; a change
  made from outside the handler (``on_recv``, ``send``, ``flush``) schedules the same check.
- Messages are moved with ``try_recv``/``try_send`` of :mod:`zmq.integration`, which report "would
  block" with a sentinel instead of an exception, in batches of at most ``_BATCH`` messages each way
  and ``_SLICE`` seconds per loop callback: a stream with an endless inflow (or slow callbacks)
  yields to the loop between batches instead of starving other handlers.
- ``send()`` only queues (as pyzmq's ZMQStream always did): the loop sends in order, when the socket
  can take the message, and runs the on_send callback once per message.
"""

from __future__ import annotations

import asyncio
import pickle
import warnings
from collections import deque
from collections.abc import Sequence
from inspect import isawaitable
from time import monotonic
from typing import TYPE_CHECKING, Any, Callable, Literal, overload

import zmq
from zmq.constants import EVENTS, FD, LINGER, POLLIN, POLLOUT, Errno, SocketType
from zmq.error import ZMQError
from zmq.eventloop import _missing_tornado
from zmq.integration import (
    NOT_READY,
    FutureSocket,
    OwnedFD,
    get_option,
    routed_frame,
    try_recv,
    try_send,
)
from zmq.utils import jsonapi

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from typing_extensions import Buffer

    from zmq.integration import BytesSocketOption, IntSocketOption

try:
    from tornado.ioloop import IOLoop
    from tornado.log import gen_log
except ImportError as e:
    raise _missing_tornado(__name__) from e

# Plain ints and the backend's getter: the handler tests these once or twice per wakeup, and enum
# arithmetic or the sugar's option dispatch would cost more than the check itself.
_EVENTS = int(EVENTS)
_POLLIN = int(POLLIN)
_POLLOUT = int(POLLOUT)
_get_option = get_option
_NO_DEADLINE = float("inf")

#: Most messages received, and most sent, per loop callback before yielding to other handlers...
_BATCH = 1024
#: ...and the most time (s) one callback spends on them, for when the stream's callbacks are slow.
_SLICE = 0.01

# Socket methods linked onto the stream itself (``stream.bind``), as pyzmq's ZMQStream does.
_LINKED = (
    "bind",
    "bind_to_random_port",
    "connect",
    "unbind",
    "disconnect",
    "setsockopt",
    "getsockopt",
    "setsockopt_string",
    "getsockopt_string",
    "setsockopt_unicode",
    "getsockopt_unicode",
)


class _NotCallableError(TypeError, AssertionError):
    """A callback that cannot be called. Also an AssertionError, which is what code written for
    pyzmq's ZMQStream (which checked callbacks with ``assert``) expects to catch."""


def _check_callable(kind: str, callback: Any) -> None:
    """Reject a bad callback when it is registered, not when the first message arrives."""
    if callback is not None and not callable(callback):
        raise _NotCallableError(
            f"the {kind} callback must be callable or None, not {type(callback).__name__}"
        )


def _log_async_failure(future: asyncio.Future[Any]) -> None:
    """Log what a coroutine callback raised: nobody else awaits it."""
    if future.cancelled():
        return
    exc = future.exception()
    if exc is not None:
        gen_log.error("Uncaught exception in ZMQStream callback", exc_info=exc)


class ZMQStream:
    """Register callbacks for messages received on, and sent through, a zmq socket.

    ``ZMQStream(socket, io_loop=None)`` uses the IOLoop current at creation unless one is given.
    ``on_recv(callback)`` receives every message as a list of frames (as ``recv_multipart``
    returns); ``send``/``send_multipart`` queue messages that the loop sends in order, calling the
    ``on_send`` callback with each one. Callbacks may be coroutine functions; what any callback raises
    is logged and the stream carries on.

    Other socket methods (except receiving ones) are reachable on the stream: ``stream.bind(...)``.
    """

    socket: zmq.Socket[Any]
    io_loop: IOLoop
    poller: zmq.Poller

    def __init__(self, socket: zmq.Socket[Any], io_loop: IOLoop | None = None) -> None:
        self._owner: zmq.Socket[Any] | None = None
        if isinstance(socket, FutureSocket):
            warnings.warn(
                "ZMQStream only supports the base zmq.Socket class; a stream on "
                f"{type(socket).__module__}.{type(socket).__name__} uses a zmq.Socket shadowing it. "
                f"Create one with ctx.socket(zmq.{SocketType(socket.socket_type).name}, socket_class=zmq.Socket).",
                RuntimeWarning,
                stacklevel=2,
            )
            # callbacks must get lists of frames, not futures; the async object stays the owner
            self._owner = socket
            socket = zmq.Socket(shadow=socket)
        self.socket = socket
        self.io_loop = io_loop or IOLoop.current()
        self.poller = zmq.Poller()
        # for coroutine callbacks (flush() may run them before the loop starts)
        self._asyncio_loop: Any = getattr(self.io_loop, "asyncio_loop", None)

        self._recv_callback: Callable[[Any], Any] | None = None
        self._recv_copy = True
        self._send_callback: Callable[[Any, Any], Any] | None = None
        self._close_callback: Callable[[], Any] | None = None
        # each entry: (frames, flags, copy, track)
        self._send_queue: deque[tuple[Sequence[Any], int, bool, bool]] = deque()
        self._check_scheduled = False
        self._closing = False

        for name in _LINKED:
            method = getattr(socket, name, None)
            if method is not None:
                setattr(self, name, method)

        self._fd: int = socket.get(FD)
        # never the int: IOLoop.close(all_fds=True) would close libzmq's own descriptor
        self.io_loop.add_handler(OwnedFD(self._fd, self.close), self._on_fd, IOLoop.READ)

    if TYPE_CHECKING:
        # the socket's methods that __init__ links onto the stream (_LINKED)
        def bind(self, addr: str | bytes) -> AbstractContextManager[zmq.Socket[Any]]: ...
        def connect(self, addr: str | bytes) -> AbstractContextManager[zmq.Socket[Any]]: ...
        def unbind(self, addr: str | bytes) -> None: ...
        def disconnect(self, addr: str | bytes) -> None: ...
        def bind_to_random_port(
            self, addr: str, min_port: int = ..., max_port: int = ..., max_tries: int = ...
        ) -> int: ...
        @overload
        def setsockopt(self, option: IntSocketOption, optval: int) -> None: ...
        @overload
        def setsockopt(self, option: BytesSocketOption, optval: Buffer) -> None: ...
        @overload
        def setsockopt(self, option: int, optval: int | Buffer) -> None: ...
        def setsockopt(self, option: int, optval: Any) -> None: ...
        @overload
        def getsockopt(self, option: IntSocketOption) -> int: ...
        @overload
        def getsockopt(self, option: BytesSocketOption) -> bytes: ...
        @overload
        def getsockopt(self, option: int) -> int | bytes: ...
        def getsockopt(self, option: int) -> Any: ...
        def setsockopt_string(self, option: int, optval: str, encoding: str = ...) -> None: ...
        def getsockopt_string(self, option: int, encoding: str = ...) -> str: ...

        setsockopt_unicode = setsockopt_string
        getsockopt_unicode = getsockopt_string

    def __getattr__(self, name: str) -> Any:
        """The rest of the socket interface, except receiving, which is what callbacks are for."""
        if name.startswith("_") or name.startswith("recv"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        socket = self.__dict__.get("socket")
        if socket is None:
            raise AttributeError(f"{name!r}: this ZMQStream is closed")
        return getattr(socket, name)

    def __repr__(self) -> str:
        return f"<ZMQStream {self.socket!r}>" if self.socket is not None else "<ZMQStream closed>"

    # --- registering callbacks

    @overload
    def on_recv(self, callback: Callable[[list[bytes]], Any]) -> None: ...
    @overload
    def on_recv(self, callback: Callable[[list[bytes]], Any], copy: Literal[True]) -> None: ...
    @overload
    def on_recv(self, callback: Callable[[list[zmq.Frame]], Any], copy: Literal[False]) -> None: ...
    @overload
    def on_recv(self, callback: Callable[[Any], Any] | None, copy: bool = ...) -> None: ...
    def on_recv(self, callback: Callable[[Any], Any] | None, copy: bool = True) -> None:
        """Call ``callback(frames)`` for every message received; None stops receiving.

        Only one callback is registered at a time. While none is, messages wait in the socket's queue
        (subject to its HWM), so pausing and resuming loses nothing. With ``copy=False`` the frames
        are ``zmq.Frame`` objects.
        """
        self._check_closed()
        _check_callable("on_recv", callback)
        self._recv_callback = callback
        self._recv_copy = copy
        if callback is not None:
            # messages may have queued while nobody listened: their edge is long gone
            self._schedule_check()

    @overload
    def on_recv_stream(self, callback: Callable[[ZMQStream, list[bytes]], Any]) -> None: ...
    @overload
    def on_recv_stream(
        self, callback: Callable[[ZMQStream, list[bytes]], Any], copy: Literal[True]
    ) -> None: ...
    @overload
    def on_recv_stream(
        self, callback: Callable[[ZMQStream, list[zmq.Frame]], Any], copy: Literal[False]
    ) -> None: ...
    @overload
    def on_recv_stream(
        self, callback: Callable[[ZMQStream, Any], Any] | None, copy: bool = ...
    ) -> None: ...
    def on_recv_stream(
        self, callback: Callable[[ZMQStream, Any], Any] | None, copy: bool = True
    ) -> None:
        """Like ``on_recv``, but call ``callback(stream, frames)``: one callback for many streams."""
        if callback is None:
            self.stop_on_recv()
            return
        _check_callable("on_recv_stream", callback)
        self.on_recv(lambda msg: callback(self, msg), copy=copy)

    def on_send(self, callback: Callable[[Sequence[Any], Any], Any] | None) -> None:
        """Call ``callback(msg, status)`` after each queued message is sent; None disables it.

        ``msg`` is the list of frames sent and ``status`` what ``send_multipart`` returned (a
        MessageTracker with ``track=True``, else None), or the ZMQError if sending failed.
        """
        self._check_closed()
        _check_callable("on_send", callback)
        self._send_callback = callback

    def on_send_stream(
        self, callback: Callable[[ZMQStream, Sequence[Any], Any], Any] | None
    ) -> None:
        """Like ``on_send``, but call ``callback(stream, msg, status)``."""
        if callback is None:
            self.stop_on_send()
            return
        _check_callable("on_send_stream", callback)
        self.on_send(lambda msg, status: callback(self, msg, status))

    def on_err(self, callback: Callable[..., Any]) -> None:
        """Deprecated; does nothing (errors of a zmq socket are never reported as events)."""
        warnings.warn("ZMQStream.on_err does nothing", DeprecationWarning, stacklevel=2)

    def stop_on_recv(self) -> None:
        """Stop receiving; queued messages stay in the socket until a callback is set again."""
        self._recv_callback = None

    def stop_on_send(self) -> None:
        """Stop calling the send callback (queued messages are still sent)."""
        self._send_callback = None

    def stop_on_err(self) -> None:
        """Deprecated; does nothing."""
        warnings.warn("ZMQStream.stop_on_err does nothing", DeprecationWarning, stacklevel=2)

    def set_close_callback(self, callback: Callable[[], Any] | None) -> None:
        """Call ``callback()`` when the stream closes, to release what depends on it."""
        _check_callable("close", callback)
        self._close_callback = callback

    # --- sending

    def send(
        self,
        msg: Any,
        flags: int = 0,
        copy: bool = True,
        track: bool = False,
        callback: Callable[[Sequence[Any], Any], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Queue a one-frame message; ``callback``, if given, becomes the on_send callback."""
        # the hot path of a busy stream: send_multipart's steps, inline
        if self.socket is None:
            self._check_closed()
        if kwargs:  # routing_id (SERVER), group (RADIO)
            msg = routed_frame(self.socket, msg, copy=copy, track=track, **kwargs)
        if callback is not None:
            _check_callable("on_send", callback)
            self._send_callback = callback
        self._send_queue.append(([msg], flags, copy, track))
        if not self._check_scheduled:
            self._schedule_check()

    def send_multipart(
        self,
        msg: Sequence[Any],
        flags: int = 0,
        copy: bool = True,
        track: bool = False,
        callback: Callable[[Sequence[Any], Any], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Queue a multipart message; the loop sends it, in order, once the socket can take it.

        ``callback``, if given, becomes the on_send callback (pyzmq's behaviour).
        """
        if self.socket is None:
            self._check_closed()
        if callback is not None:
            _check_callable("on_send", callback)
            self._send_callback = callback
        self._send_queue.append((msg, flags, copy, track))
        if not self._check_scheduled:
            self._schedule_check()

    def send_string(
        self,
        u: str,
        flags: int = 0,
        encoding: str = "utf-8",
        callback: Callable[..., Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Queue a str, encoded with ``encoding``."""
        if not isinstance(u, str):
            raise TypeError(f"send_string takes a str, not {type(u).__name__}")
        self.send(u.encode(encoding), flags=flags, callback=callback, **kwargs)

    send_unicode = send_string

    def send_json(
        self, obj: Any, flags: int = 0, callback: Callable[..., Any] | None = None, **kwargs: Any
    ) -> None:
        """Queue ``obj`` serialized as JSON."""
        self.send(jsonapi.dumps(obj), flags=flags, callback=callback, **kwargs)

    def send_pyobj(
        self,
        obj: Any,
        flags: int = 0,
        protocol: int = -1,
        callback: Callable[..., Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Queue ``obj`` pickled. Only unpickle what trusted peers send."""
        self.send(pickle.dumps(obj, protocol), flags=flags, callback=callback, **kwargs)

    # --- state

    def receiving(self) -> bool:
        """True while a recv callback is registered."""
        return self._recv_callback is not None

    def sending(self) -> bool:
        """True while sent messages wait in the stream's queue."""
        return bool(self._send_queue)

    def closed(self) -> bool:
        """True once the stream is closed (or its socket was closed behind its back)."""
        if self.socket is None:
            return True
        if self.socket.closed:
            self.close()  # closed elsewhere: unregister and run the close callback
            return True
        return False

    def _check_closed(self) -> None:
        if self.socket is None:
            raise ZMQError(Errno.ENOTSOCK, "this ZMQStream is closed")

    # --- moving messages

    def flush(self, flag: int = POLLIN | POLLOUT, limit: int | None = None) -> int:
        """Handle pending messages now, without waiting for the loop; return how many.

        With POLLIN in ``flag``, received messages go to the recv callback, or are discarded when none
        is registered (so flush can drain a socket); with POLLOUT, queued sends are sent. Stops when
        nothing matching ``flag`` is pending or after ``limit`` messages (None or 0: no limit).
        """
        if self.socket is None:
            return 0
        count = 0
        try:
            while not limit or count < limit:
                sock = self.socket
                if sock is None:
                    break
                events = _get_option(sock, _EVENTS)
                progressed = False
                if flag & _POLLIN and events & _POLLIN:
                    msg = try_recv(sock, self._recv_copy, True)
                    if msg is not NOT_READY:
                        count += 1
                        progressed = True
                        if self._recv_callback is not None:
                            self._run_callback(self._recv_callback, msg)
                if (
                    flag & _POLLOUT
                    and events & _POLLOUT
                    and self._send_queue
                    and self.socket is not None
                    and (not limit or count < limit)
                ):
                    n = self._send_batch(self.socket, 1)
                    count += n
                    progressed = progressed or n > 0
                if not progressed:
                    break
        except ZMQError as e:
            self._socket_failed(e)
            return count
        if self.socket is not None:
            # our libzmq calls may have consumed an edge the loop's handler was waiting for
            self._schedule_check()
        return count

    def _schedule_check(self) -> None:
        """Run the handler soon, from the loop (add_callback is safe from other threads too)."""
        if not self._check_scheduled:
            self._check_scheduled = True
            self.io_loop.add_callback(self._handle_events)

    def _on_fd(self, fd: Any, events: int) -> None:
        self._handle_events()

    def _handle_events(self) -> None:
        """Serve the socket until ZMQ_EVENTS shows nothing to do, or this call's batches are used."""
        self._check_scheduled = False
        sock = self.socket
        if sock is None:
            return
        recv_budget = send_budget = _BATCH
        deadline = monotonic() + _SLICE
        stalled = False
        try:
            while True:
                # reading EVENTS also re-arms the FD: after this read, any change will signal it
                events = _get_option(sock, _EVENTS)
                want_recv = events & _POLLIN and self._recv_callback is not None
                want_send = events & _POLLOUT and self._send_queue
                if not (want_recv or want_send):
                    return
                if (
                    stalled
                    or ((not want_recv or recv_budget <= 0) and (not want_send or send_budget <= 0))
                    or monotonic() > deadline
                ):
                    # more to do than this turn allows (or a state we cannot act on right now):
                    # come back after the loop has served everyone else
                    self._schedule_check()
                    return
                done = 0
                if want_recv and recv_budget > 0:
                    n = self._recv_batch(sock, recv_budget, deadline)
                    recv_budget -= n
                    done += n
                if self.socket is not sock:
                    return  # closed by a callback
                if want_send and send_budget > 0 and self._send_queue:
                    n = self._send_batch(sock, send_budget, deadline)
                    send_budget -= n
                    done += n
                if self.socket is not sock:
                    return
                stalled = done == 0
        except ZMQError as e:
            self._socket_failed(e)

    def _recv_batch(
        self, sock: zmq.Socket[Any], budget: int, deadline: float = _NO_DEADLINE
    ) -> int:
        """Receive up to budget messages (until deadline) for the recv callback; return how many."""
        n = 0
        while n < budget:
            callback = self._recv_callback
            if callback is None or self.socket is not sock:
                break  # stopped or closed by a callback: the rest stays queued
            try:
                msg = try_recv(sock, self._recv_copy, True)
            except ZMQError as e:
                if e.errno == Errno.EFSM:
                    break  # REQ/REP: the reply must go out before the next receive
                raise
            if msg is NOT_READY:
                break
            n += 1
            self._run_callback(callback, msg)
            if self._send_queue or monotonic() > deadline:
                break  # a reply queued by the callback goes out before we read on
        return n

    def _send_batch(
        self, sock: zmq.Socket[Any], budget: int, deadline: float = _NO_DEADLINE
    ) -> int:
        """Send up to budget queued messages (until deadline), in order, calling on_send for each."""
        queue = self._send_queue
        n = 0
        while queue and n < budget and self.socket is sock:
            msg, flags, copy, track = queue[0]
            try:
                status = try_send(sock, msg, flags, copy, track, True)
            except ZMQError as e:
                if e.errno in (Errno.ENOTSOCK, Errno.ETERM):
                    raise
                gen_log.error("ZMQStream failed to send %.60r: %s", msg, e)
                status = e
            except Exception as e:  # e.g. TypeError: a frame that is not a buffer
                gen_log.error("ZMQStream failed to send %.60r", msg, exc_info=True)
                status = e
            if status is NOT_READY:
                break
            queue.popleft()
            n += 1
            callback = self._send_callback
            if callback is not None:
                self._run_callback(callback, msg, status)
            if monotonic() > deadline:
                break
        return n

    def _run_callback(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run a callback; log what it raises, and run (and watch) it if it is a coroutine."""
        try:
            result = callback(*args)
        except Exception:
            gen_log.error("Uncaught exception in ZMQStream callback", exc_info=True)
            return
        if result is not None and isawaitable(result):
            future = asyncio.ensure_future(result, loop=self._asyncio_loop)
            future.add_done_callback(_log_async_failure)

    def _socket_failed(self, e: ZMQError) -> None:
        """The socket went away under the stream (closed elsewhere, context terminated): close."""
        if self.socket is None:
            return
        if self.socket.closed or e.errno == Errno.ENOTSOCK:
            gen_log.warning(
                "ZMQStream: events for closed socket %r; closing the stream", self.socket
            )
            self.close()
        elif e.errno == Errno.ETERM:
            gen_log.warning("ZMQStream: the context of %r was terminated; closing", self.socket)
            self.close()
        else:
            gen_log.error("ZMQStream socket error: %s", e)

    # --- closing

    def close(self, linger: int | None = None) -> None:
        """Close the stream and its socket.

        Messages still in the stream's send queue are first handed to the socket, as far as it
        takes them without blocking, unless the linger period (``linger``, else the socket's LINGER)
        is 0; the socket's linger then decides how long they may wait for delivery.
        """
        sock = self.socket
        if sock is None or self._closing:
            return  # closed, or closing: a callback run by close() called it again
        self._closing = True
        try:
            self.io_loop.remove_handler(self._fd)
        except (KeyError, ValueError, OSError, RuntimeError):
            pass  # the loop is closed already
        if not sock.closed:
            try:
                if self._send_queue and (linger if linger is not None else sock.get(LINGER)) != 0:
                    self._send_batch(sock, len(self._send_queue))
            except ZMQError:
                pass  # the socket cannot send any more: what remains is dropped with it
            owner = self._owner or sock
            owner.close(linger=linger)
        else:
            # its FD number may already belong to a socket opened since
            warnings.warn(
                f"ZMQStream unregistered its FD after closing socket {sock!r} elsewhere: close "
                "the stream instead (stream.close() closes its socket too)",
                RuntimeWarning,
                stacklevel=2,
            )
        self.socket = None  # type: ignore[assignment]
        self._send_queue.clear()
        self._recv_callback = None
        self._send_callback = None
        callback, self._close_callback = self._close_callback, None
        if callback is not None:
            self._run_callback(callback)


__all__ = ["ZMQStream"]
