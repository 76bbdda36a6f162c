"""The shared machinery of future-returning sockets, for any asyncio-compatible event loop.

``zmq.asyncio``, ``zmq.eventloop.future`` (tornado) build on these classes, through their public
names in :mod:`zmq.integration`; a subclass only says which loop to use (``current_loop``) and, for a
loop with its own registry of files, how to watch a descriptor (``register_reader``). Design, and
why it is fast:

- ``recv()``/``send()`` first try the operation without blocking, through the backend's
  ``_try_recv``/``_try_send``, which report "would block" with a sentinel instead of raising. When
  that succeeds (a message already queued) the returned future is already done: awaiting it costs no
  loop round-trip.
- Otherwise the future joins a FIFO queue. Queues live in one ``_Watch`` per (loop, libzmq socket),
  shared by every Python object on that libzmq socket (an async socket, its shadows, a sync socket
  in a Poller), so two objects never fight over one reader and FIFO order holds across them. The
  watch registers the socket's ``ZMQ_FD`` with the loop's ``add_reader`` once, and keeps it: no
  per-message add/remove churn.
- ``ZMQ_FD`` is edge-triggered: it only says "events may have changed", and any libzmq call can
  consume the edge. So the handler re-reads ``ZMQ_EVENTS`` and serves the queues until no operation
  makes progress; an operation done directly while other futures or polls wait on the same socket
  schedules the same check, so no wakeup is ever lost.
- A future is only served if it is still pending: a cancelled ``recv()`` (or a ``wait_for`` that
  timed out) never consumes a message; the next ``recv()`` gets it. ``recv_string``/``recv_json``/...
  queue their own future (the decoding runs when served), so cancelling them takes effect at once
  too, with no intermediate future whose cancellation would only arrive a loop iteration later.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Callable, Literal, Optional, TypeVar, overload

from zmq._readiness import Readiness, Waiter
from zmq.backend import NOT_READY, routed_frame
from zmq.backend import Socket as _BackendSocket
from zmq.constants import DONTWAIT, EVENTS, FD, POLLERR, POLLIN, POLLOUT, RCVTIMEO, SNDTIMEO, Errno
from zmq.error import Again, ZMQError
from zmq.sugar.poll import Poller
from zmq.sugar.socket import Socket
from zmq.utils import jsonapi

if TYPE_CHECKING:
    # What the loop's create_future() returns (asyncio's protocol; tornado's Future is this one).
    # Typing only: importing asyncio here would cost zmq.green users its import time.
    from asyncio import Future

    from zmq.backend import Frame
    from zmq.sugar.tracker import MessageTracker

_T = TypeVar("_T")
_FS = TypeVar("_FS", bound="FutureSocket")

_Load = Optional[Callable[[Any], Any]]
# the compiled getsockopt, skipping the sugar's Python-level wrapper on the hot path
_get_option = _BackendSocket.get
_try_recv = _BackendSocket._try_recv
_try_send = _BackendSocket._try_send
_DONTWAIT = int(DONTWAIT)
_EVENTS = int(EVENTS)


def _try_recv_into(sock: Socket[Any], buffer: Any, nbytes: int, flags: int) -> Any:
    """recv_into without blocking (flags has DONTWAIT): its size, or NOT_READY."""
    try:
        return Socket.recv_into(sock, buffer, nbytes=nbytes, flags=flags)
    except Again:
        return NOT_READY


def _chain(source: Any, future: Any, convert: Callable[[Any], Any]) -> Any:
    """Resolve future with convert(source's result); cancelling future cancels source."""

    def copy_result(src: Any) -> None:
        if future.done():
            return
        if src.cancelled():
            future.cancel()
            return
        exc = src.exception()
        if exc is not None:
            future.set_exception(exc)
            return
        try:
            future.set_result(convert(src.result()))
        except Exception as e:
            future.set_exception(e)

    if source.done():
        copy_result(source)
    else:
        source.add_done_callback(copy_result)
        future.add_done_callback(lambda f: source.cancel() if f.cancelled() else None)
    return future


class _Waiter(Waiter):
    """A queued future-returning operation: its future, ``load`` of the call's result, and its
    timeout timer."""

    __slots__ = ("future", "load", "timer")

    def __init__(self, future: Any, call: Callable[..., Any], args: tuple[Any, ...], load: _Load):
        self.call = call
        self.args = args
        self.future = future
        self.load = load
        self.timer: Any = None

    def pending(self) -> bool:
        return not self.future.done()  # a cancelled or timed-out operation is never run

    def finish(self, result: Any) -> None:
        if self.timer is not None:
            self.timer.cancel()
        if self.load is not None:
            try:
                result = self.load(result)
            except Exception as e:
                self.future.set_exception(e)
                return
        self.future.set_result(result)

    def fail(self, exc: Exception) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.future.set_exception(exc)

    def discard(self) -> None:
        if self.timer is not None:
            self.timer.cancel()


class OwnedFD:
    """libzmq's ``ZMQ_FD`` in the form handed to an event loop: pollable, and closed only by its owner.

    The descriptor belongs to libzmq (its signaler); closing it aborts the process in libzmq's
    reaper. Loops that close what was registered with them (tornado's ``IOLoop.close(all_fds=True)``)
    call ``close()`` on the registered object, so registering this one instead of the int makes them
    close the owner (a socket, a ZMQStream) the way its user would, never the descriptor itself.
    """

    __slots__ = ("_close", "fd")

    def __init__(self, fd: int, close: Callable[[], Any]) -> None:
        self.fd = fd
        self._close = close

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        self._close()

    def __repr__(self) -> str:
        return f"<OwnedFD {self.fd} of {self._close!r}>"


# Registers (loop, OwnedFD, callback) as a reader; returns what unregisters it.
_RegisterReader = Callable[[Any, OwnedFD, Callable[[], None]], Callable[[], None]]


def register_reader(loop: Any, handle: OwnedFD, callback: Callable[[], None]) -> Callable[[], None]:
    """Watch handle with an asyncio-style loop's ``add_reader`` (given the object, never the int)."""
    loop.add_reader(handle, callback)
    return lambda: loop.remove_reader(handle.fd)


# (id(loop), libzmq socket address) -> its watch; the watch holds the loop, checked on lookup
_watches: dict[tuple[int, int], _Watch] = {}


class _Watch(Readiness):
    """What waits on one libzmq socket in one loop (its queues, poll watchers), and its reader.

    ``persistent`` watches (used by an async socket) keep their reader until the socket closes;
    the others (a sync socket polled by a Poller) drop it when nothing waits any more.
    """

    __slots__ = ("check_scheduled", "closed", "fd", "key", "loop", "persistent", "remove_reader")

    def __init__(
        self, loop: Any, socket: Socket[Any], key: tuple[int, int], register: _RegisterReader
    ) -> None:
        super().__init__(socket)
        self.loop = loop
        self.key = key
        self.check_scheduled = False
        self.persistent = False
        self.closed = False
        self.fd: int = socket.get(FD)
        # a loop closing its registered files closes the socket, never libzmq's descriptor
        self.remove_reader = register(loop, OwnedFD(self.fd, socket.close), self.handle_events)

    @classmethod
    def of(
        cls,
        loop: Any,
        socket: Socket[Any],
        create: bool = True,
        register: _RegisterReader = register_reader,
    ) -> _Watch | None:
        """The watch of socket's libzmq socket in loop (made when missing and create is true)."""
        key = (id(loop), socket.underlying)
        watch = _watches.get(key)
        if watch is not None and (watch.loop is not loop or watch.socket.closed):
            watch.close()  # left over from a closed loop, or a socket closed behind our back
            watch = None
        if watch is None and create:
            watch = _watches[key] = cls(loop, socket, key, register)
        return watch

    def schedule_check(self) -> None:
        """Check ZMQ_EVENTS soon: an operation may have consumed the FD's edge others wait for."""
        if not self.check_scheduled and not self.closed:
            self.check_scheduled = True
            self.loop.call_soon(self.handle_events)

    def handle_events(self) -> None:
        """The FD fired (or a check was scheduled): serve the queues until nothing progresses."""
        self.check_scheduled = False
        if self.closed:
            return
        try:
            self.check()
        except ZMQError as e:  # ContextTerminated, or ENOTSOCK: closed behind our back
            self.fail(e)
            return
        if not self.persistent and not self.waiting():
            self.close()

    def fail(self, exc: ZMQError) -> None:
        """The socket can do nothing more: fail (or, once closed, cancel) everything waiting."""
        closed = exc.errno == Errno.ENOTSOCK
        for waiters in (self.recv_waiters, self.send_waiters):
            while waiters:
                waiter = waiters.popleft()
                if not waiter.pending():
                    waiter.discard()
                elif closed:
                    waiter.discard()
                    waiter.future.cancel()  # type: ignore[attr-defined]
                else:
                    waiter.fail(exc)
        for watcher in list(self.watchers):
            watcher(exc)
        self.close()

    def cancel_all(self) -> None:
        """The socket is being closed: cancel what waits, and tell pollers."""
        for waiters in (self.recv_waiters, self.send_waiters):
            while waiters:
                waiter = waiters.popleft()
                waiter.discard()
                waiter.future.cancel()  # type: ignore[attr-defined]
        for watcher in list(self.watchers):
            watcher(ZMQError(Errno.ENOTSOCK))

    def close(self) -> None:
        """Stop watching the FD and forget this watch."""
        if self.closed:
            return
        self.closed = True
        if _watches.get(self.key) is self:
            del _watches[self.key]
        try:
            self.remove_reader()
        except (RuntimeError, ValueError, OSError):
            pass  # the loop is closed already

    def done_future(self, result: Any = None, exc: BaseException | None = None) -> Any:
        """A future that is already done, after an operation done at once."""
        future = self.loop.create_future()
        if exc is not None:
            future.set_exception(exc)
        else:
            future.set_result(result)
        return future

    def submit(
        self,
        sock: Socket[Any],
        waiters: deque[Waiter],
        flags: int,
        timeout_option: int,
        call: Callable[..., Any],
        args: tuple[Any, ...],
        load: _Load = None,
    ) -> Any:
        """Try now, else wait: the future of ``call(*args)`` (NOT_READY while it would block).

        It runs at once unless earlier operations still wait in the same queue (order is FIFO);
        when it would block it joins the queue, with sock's ``timeout_option`` (RCVTIMEO or
        SNDTIMEO) as its deadline, unless flags has DONTWAIT.
        """
        try:
            result = self.attempt(call, args, waiters)
            if result is not NOT_READY:
                return self.done_future(result if load is None else load(result))
        except Exception as e:
            return self.done_future(exc=e)
        if not waiters:  # it was tried, and would block
            if flags & _DONTWAIT:
                return self.done_future(exc=Again())
        elif sock.closed:
            return self.done_future(exc=ZMQError(Errno.ENOTSOCK))
        loop = self.loop
        waiter = _Waiter(loop.create_future(), call, args, load)
        timeout = _get_option(sock, timeout_option)
        if timeout >= 0:
            waiter.timer = loop.call_later(timeout / 1000, _expire, waiter.future)
        waiters.append(waiter)
        return waiter.future


def _expire(future: Any) -> None:
    """RCVTIMEO/SNDTIMEO passed: the operation fails with Again, as it would on a sync socket."""
    if not future.done():
        future.set_exception(Again())


def _time_out(future: Any, result: Any) -> None:
    """A poll that saw nothing before its timeout: resolve it with no events."""
    if not future.done():
        future.set_result(result)


def _touch(loop: Any, sockets: list[tuple[Any, int]]) -> None:
    """zmq_poll read these sockets' EVENTS, eating FD edges: re-check those with waiters."""
    for sock, _ in sockets:
        if isinstance(sock, Socket):
            key = (id(loop), sock.underlying)
            watch = _watches.get(key)
            if watch is not None and watch.loop is loop and watch.waiting():
                watch.schedule_check()


class FutureSocket(Socket["Future[Any]"]):
    """A Socket whose blocking methods return futures of the loop returned by ``current_loop``.

    For type checkers, each method returns a ``Future`` of what the blocking method returns
    (``await sock.recv()`` is bytes, ``await sock.recv(copy=False)`` a Frame, ...).
    ``io_loop``, when given, is the loop every operation uses: an asyncio loop, or a loop that
    runs on one and names it ``asyncio_loop`` (tornado's IOLoop).
    """

    _explicit_loop: Any = None
    _watch: _Watch | None = None

    def __init__(
        self,
        context: Any = None,
        socket_type: int = -1,
        io_loop: Any = None,
        _from_socket: Any = None,
        **kwargs: Any,
    ) -> None:
        if isinstance(context, Socket):
            context, _from_socket = None, context
        # (ignore[misc]: the base's overloads type the sync Socket[bytes] a plain call creates)
        if _from_socket is not None:
            super().__init__(shadow=_from_socket.underlying, **kwargs)  # type: ignore[misc]
            self.context = _from_socket.context
        else:
            super().__init__(context, socket_type, **kwargs)  # type: ignore[misc]
        # a loop that runs on an asyncio loop (tornado's IOLoop) stands for that asyncio loop
        self._explicit_loop = getattr(io_loop, "asyncio_loop", io_loop)

    @classmethod
    def from_socket(cls: type[_FS], socket: Socket[Any], io_loop: Any = None) -> _FS:
        """An async view of an existing (e.g. sync) socket; both share the libzmq socket."""
        return cls(io_loop=io_loop, _from_socket=socket)

    # --- the loop

    @classmethod
    def current_loop(cls) -> Any:
        """The loop that operations started now use (unless one was given); subclasses define it."""
        raise NotImplementedError

    #: ``register_reader(loop, handle, callback)``: watch ``handle`` (an :class:`OwnedFD`) with
    #: loop, calling ``callback()`` when readable; returns what unregisters it. The default uses
    #: ``loop.add_reader``; a loop with its own registry of files overrides it.
    register_reader: _RegisterReader = staticmethod(register_reader)

    def _current_watch(self) -> _Watch:
        """This socket's watch in the loop in use now (a new one on first use of a loop)."""
        loop = self._explicit_loop or self.current_loop()
        watch = self._watch
        if watch is None or watch.loop is not loop or watch.closed:
            watch = _Watch.of(loop, self, register=self.register_reader)
            assert watch is not None
            watch.persistent = True
            self._watch = watch
        return watch

    # --- the future-returning API

    def _recv_future(self, flags: int, copy: bool, multipart: bool, load: _Load = None) -> Any:
        watch = self._current_watch()
        args = (self, copy, multipart)
        return watch.submit(self, watch.recv_waiters, flags, RCVTIMEO, _try_recv, args, load)

    def _send_future(self, data: Any, flags: int, copy: bool, track: bool, multipart: bool) -> Any:
        watch = self._current_watch()
        args = (self, data, flags, copy, track, multipart)
        return watch.submit(self, watch.send_waiters, flags, SNDTIMEO, _try_send, args)

    def recv_into(  # type: ignore[override]
        self, buffer: Any, /, *, nbytes: int = 0, flags: int = 0
    ) -> Future[int]:
        """A future of the size of one frame received into buffer (see ``Socket.recv_into``).

        The buffer must stay untouched until the future is done; a cancelled call never writes it.
        """
        watch = self._current_watch()
        args = (self, buffer, nbytes, flags | DONTWAIT)
        return watch.submit(self, watch.recv_waiters, flags, RCVTIMEO, _try_recv_into, args)

    @overload  # type: ignore[override]
    def recv(
        self, flags: int = ..., *, copy: Literal[True], track: bool = ...
    ) -> Future[bytes]: ...
    @overload
    def recv(
        self, flags: int = ..., *, copy: Literal[False], track: bool = ...
    ) -> Future[Frame]: ...
    @overload
    def recv(self, flags: int = ..., *, track: bool = ...) -> Future[bytes]: ...
    @overload
    def recv(
        self, flags: int = ..., copy: bool = ..., track: bool = ...
    ) -> Future[bytes] | Future[Frame]: ...
    def recv(self, flags: int = 0, copy: bool = True, track: bool = False) -> Future[Any]:
        """A future of one received frame (bytes, or a Frame with copy=False)."""
        return self._recv_future(flags, copy, False)

    @overload  # type: ignore[override]
    def recv_multipart(
        self, flags: int = ..., *, copy: Literal[True], track: bool = ...
    ) -> Future[list[bytes]]: ...
    @overload
    def recv_multipart(
        self, flags: int = ..., *, copy: Literal[False], track: bool = ...
    ) -> Future[list[Frame]]: ...
    @overload
    def recv_multipart(self, flags: int = ..., *, track: bool = ...) -> Future[list[bytes]]: ...
    @overload
    def recv_multipart(
        self, flags: int = ..., copy: bool = ..., track: bool = ...
    ) -> Future[list[bytes]] | Future[list[Frame]]: ...
    def recv_multipart(self, flags: int = 0, copy: bool = True, track: bool = False) -> Future[Any]:
        """A future of the frames of one multipart message."""
        return self._recv_future(flags, copy, True)

    def recv_string(  # type: ignore[override]
        self, flags: int = 0, encoding: str = "utf-8"
    ) -> Future[str]:
        """A future of one message decoded to str."""
        return self._recv_future(flags, True, False, lambda buf: buf.decode(encoding))

    recv_unicode = recv_string  # type: ignore[assignment]

    def recv_json(self, flags: int = 0, **kwargs: Any) -> Future[Any]:
        """A future of one JSON message, parsed (kwargs go to json.loads)."""
        return self._recv_future(flags, True, False, lambda buf: jsonapi.loads(buf, **kwargs))

    def recv_pyobj(self, flags: int = 0) -> Future[Any]:
        """A future of one pickled object. Never use it with untrusted peers."""
        import pickle

        return self._recv_future(flags, True, False, pickle.loads)

    def recv_serialized(  # type: ignore[override]
        self, deserialize: Callable[[list[Any]], _T], flags: int = 0, copy: bool = True
    ) -> Future[_T]:
        """A future of ``deserialize(frames)`` of one multipart message."""
        return self._recv_future(flags, copy, True, deserialize)

    @overload  # type: ignore[override]
    def send(
        self,
        data: Any,
        flags: int = ...,
        copy: bool = ...,
        track: Literal[False] = ...,
        routing_id: int | None = ...,
        group: str | None = ...,
    ) -> Future[None]: ...
    @overload
    def send(
        self,
        data: Any,
        flags: int = ...,
        copy: bool = ...,
        *,
        track: Literal[True],
        routing_id: int | None = ...,
        group: str | None = ...,
    ) -> Future[MessageTracker]: ...
    @overload
    def send(
        self,
        data: Any,
        flags: int = ...,
        copy: bool = ...,
        track: bool = ...,
        routing_id: int | None = ...,
        group: str | None = ...,
    ) -> Future[MessageTracker | None]: ...
    def send(
        self,
        data: Any,
        flags: int = 0,
        copy: bool = True,
        track: bool = False,
        routing_id: int | None = None,
        group: str | None = None,
    ) -> Future[Any]:
        """A future that resolves (to None, or a MessageTracker) once the frame is queued."""
        if routing_id is not None or group is not None:
            data = routed_frame(self, data, routing_id, group, copy, track)
        return self._send_future(data, flags, copy, track, False)

    @overload  # type: ignore[override]
    def send_multipart(
        self,
        msg_parts: Sequence[Any],
        flags: int = ...,
        copy: bool = ...,
        *,
        track: Literal[True],
        **kwargs: Any,
    ) -> Future[MessageTracker]: ...
    @overload
    def send_multipart(
        self,
        msg_parts: Sequence[Any],
        flags: int = ...,
        copy: bool = ...,
        track: Literal[False] = ...,
        **kwargs: Any,
    ) -> Future[None]: ...
    @overload
    def send_multipart(
        self,
        msg_parts: Sequence[Any],
        flags: int = ...,
        copy: bool = ...,
        track: bool = ...,
        **kwargs: Any,
    ) -> Future[MessageTracker | None]: ...
    def send_multipart(
        self, msg_parts: Any, flags: int = 0, copy: bool = True, track: bool = False, **kwargs: Any
    ) -> Future[Any]:
        """A future that resolves once the whole multipart message is queued."""
        if not isinstance(msg_parts, (list, tuple)):
            msg_parts = list(msg_parts)
        return self._send_future(msg_parts, flags, copy, track, True)

    def _deserialize(self, recvd: Any, load: Callable[[Any], Any]) -> Any:
        """Chain load onto a future (for callers of the sugar's helpers on a future)."""
        return _chain(recvd, self._current_watch().loop.create_future(), load)

    def poll(  # type: ignore[override]
        self, timeout: int | None = None, flags: int = POLLIN
    ) -> Future[int]:
        """A future of the events (a POLLIN/POLLOUT mask, 0 on timeout) of this socket.

        Closing the socket while the poll waits cancels the future.
        """
        if self.closed:
            raise ZMQError(Errno.ENOTSOCK)
        watch = self._current_watch()
        loop = watch.loop
        try:
            events = watch.attempt(_get_option, (self, _EVENTS)) & flags
        except ZMQError as e:
            return watch.done_future(exc=e)
        if events or timeout == 0:
            return watch.done_future(events)
        future = loop.create_future()

        def watcher(ev: Any) -> None:
            if future.done():
                return
            if isinstance(ev, BaseException):
                # closed while polling: cancelled, like its pending recv()/send() futures
                if isinstance(ev, ZMQError) and ev.errno == Errno.ENOTSOCK:
                    future.cancel()
                else:
                    future.set_exception(ev)
            elif ev & flags:
                future.set_result(ev & flags)

        watch.watchers.append(watcher)
        timer = None
        if timeout is not None and timeout > 0:
            timer = loop.call_later(timeout / 1000, _time_out, future, 0)

        def cleanup(_: Any) -> None:
            if timer is not None:
                timer.cancel()
            if watcher in watch.watchers:
                watch.watchers.remove(watcher)

        future.add_done_callback(cleanup)
        return future

    def close(self, linger: int | None = None) -> None:
        """Close the socket; its pending futures, polls included (and its shadows'), are cancelled."""
        if not self.closed:
            address = self.underlying
            for watch in [w for key, w in _watches.items() if key[1] == address]:
                watch.cancel_all()
                watch.close()
            self._watch = None
        super().close(linger=linger)

    if TYPE_CHECKING:
        # The sugar's senders are inherited: they return what send()/send_multipart() return,
        # here a future.
        @overload  # type: ignore[override]
        def send_string(
            self,
            u: str,
            flags: int = ...,
            copy: bool = ...,
            encoding: str = ...,
            *,
            track: Literal[True],
            **kwargs: Any,
        ) -> Future[MessageTracker]: ...
        @overload
        def send_string(
            self,
            u: str,
            flags: int = ...,
            copy: bool = ...,
            encoding: str = ...,
            *,
            track: Literal[False] = ...,
            **kwargs: Any,
        ) -> Future[None]: ...
        @overload
        def send_string(
            self,
            u: str,
            flags: int = ...,
            copy: bool = ...,
            encoding: str = ...,
            *,
            track: bool = ...,
            **kwargs: Any,
        ) -> Future[MessageTracker | None]: ...
        def send_string(self, u: str, *args: Any, **kwargs: Any) -> Future[Any]: ...

        send_unicode = send_string  # type: ignore[assignment]

        @overload  # type: ignore[override]
        def send_pyobj(
            self,
            obj: Any,
            flags: int = ...,
            protocol: int = ...,
            *,
            track: Literal[True],
            **kwargs: Any,
        ) -> Future[MessageTracker]: ...
        @overload
        def send_pyobj(
            self,
            obj: Any,
            flags: int = ...,
            protocol: int = ...,
            *,
            track: Literal[False] = ...,
            **kwargs: Any,
        ) -> Future[None]: ...
        @overload
        def send_pyobj(
            self,
            obj: Any,
            flags: int = ...,
            protocol: int = ...,
            *,
            track: bool = ...,
            **kwargs: Any,
        ) -> Future[MessageTracker | None]: ...
        def send_pyobj(self, obj: Any, *args: Any, **kwargs: Any) -> Future[Any]: ...

        def send_json(  # type: ignore[override]
            self, obj: Any, flags: int = 0, **kwargs: Any
        ) -> Future[None]: ...

        @overload  # type: ignore[override]
        def send_serialized(
            self,
            msg: _T,
            serialize: Callable[[_T], Sequence[Any]],
            flags: int = ...,
            copy: bool = ...,
            *,
            track: Literal[True],
            **kwargs: Any,
        ) -> Future[MessageTracker]: ...
        @overload
        def send_serialized(
            self,
            msg: _T,
            serialize: Callable[[_T], Sequence[Any]],
            flags: int = ...,
            copy: bool = ...,
            *,
            track: Literal[False] = ...,
            **kwargs: Any,
        ) -> Future[None]: ...
        @overload
        def send_serialized(
            self,
            msg: _T,
            serialize: Callable[[_T], Sequence[Any]],
            flags: int = ...,
            copy: bool = ...,
            *,
            track: bool = ...,
            **kwargs: Any,
        ) -> Future[MessageTracker | None]: ...
        def send_serialized(self, msg: Any, *args: Any, **kwargs: Any) -> Future[Any]: ...


class FuturePoller(Poller):
    """A Poller whose poll() returns a future of ``[(socket, events), ...]``."""

    _socket_class: type[FutureSocket]

    def poll(  # type: ignore[override]
        self, timeout: float | None = -1
    ) -> Future[list[tuple[Any, int]]]:
        """A future of the ready ``(socket, events)`` pairs; timeout in ms, None/-1 waits forever."""
        from zmq.backend import zmq_poll

        loop = self._socket_class.current_loop()
        future = loop.create_future()
        sockets = list(self.sockets)
        try:
            ready = zmq_poll(sockets, 0)
        except ZMQError as e:
            future.set_exception(e)
            return future
        finally:
            _touch(loop, sockets)
        if ready or timeout == 0:
            future.set_result(ready)
            return future

        def check() -> None:
            if future.done():
                return
            try:
                found = zmq_poll(sockets, 0)
            except ZMQError as e:
                future.set_exception(e)
                return
            finally:
                _touch(loop, sockets)
            if found:
                future.set_result(found)

        cleanups: list[Callable[[], None]] = []
        try:
            for sock, mask in sockets:
                if isinstance(sock, Socket):
                    self._watch_socket(loop, sock, mask, future, check, cleanups)
                else:
                    fd = sock if isinstance(sock, int) else sock.fileno()
                    if mask & (POLLIN | POLLERR):
                        loop.add_reader(fd, check)
                        cleanups.append(_undo(loop.remove_reader, fd))
                    if mask & POLLOUT:
                        loop.add_writer(fd, check)
                        cleanups.append(_undo(loop.remove_writer, fd))
        except BaseException:
            for undo in cleanups:
                undo()
            raise
        if timeout is not None and timeout > 0:
            cleanups.append(loop.call_later(timeout / 1000, _time_out, future, []).cancel)

        def cleanup(_: Any) -> None:
            for undo in cleanups:
                undo()

        future.add_done_callback(cleanup)
        return future

    def _watch_socket(
        self,
        loop: Any,
        sock: Socket[Any],
        mask: int,
        future: Any,
        check: Callable[[], None],
        cleanups: list[Callable[[], None]],
    ) -> None:
        watch = _Watch.of(loop, sock, register=self._socket_class.register_reader)
        assert watch is not None

        def watcher(ev: Any) -> None:
            if future.done():
                return
            if isinstance(ev, BaseException):
                future.set_exception(ev)
            elif ev & mask:
                check()

        watch.watchers.append(watcher)

        def undo() -> None:
            if watcher in watch.watchers:
                watch.watchers.remove(watcher)
            if not watch.persistent and not watch.waiting():
                watch.close()

        cleanups.append(undo)


def _undo(remove: Callable[[int], Any], fd: int) -> Callable[[], None]:
    def undo() -> None:
        try:
            remove(fd)
        except (RuntimeError, ValueError, OSError):
            pass  # the loop is closed already

    return undo


# the names pyzmq gives these classes, for code written against pyzmq's zmq._future
_AsyncSocket = FutureSocket
_AsyncPoller = FuturePoller
