"""The shared machinery of future-returning sockets, for any asyncio-compatible event loop.

``zmq.asyncio``, ``zmq.eventloop.future`` (tornado) build on these classes; a subclass only says which
loop to use (``_default_loop``). Design, and why it is fast:

- ``recv()``/``send()`` first try the operation without blocking, through the backend's
  ``_try_recv``/``_try_send``, which report "would block" with a sentinel instead of raising. When
  that succeeds (a message already queued) the returned future is already done: awaiting it costs no
  loop round-trip.
- Otherwise the future joins a FIFO queue, and the socket's ``ZMQ_FD`` is watched with the loop's
  ``add_reader``. That FD is edge-triggered: it only says "events may have changed", and any libzmq
  call can consume the edge. So the handler re-reads ``ZMQ_EVENTS`` and serves the queues until no
  operation makes progress, and an operation done directly while other futures wait schedules the
  same check, so no wakeup is ever lost.
- A future is only served if it is still pending: a cancelled ``recv()`` (or a ``wait_for`` that
  timed out) never consumes a message; the next ``recv()`` gets it.
"""

from __future__ import annotations

from collections import deque
from functools import partial
from typing import Any, Callable

from zmq.backend.cython._zmq import NOT_READY
from zmq.constants import DONTWAIT, EVENTS, FD, POLLERR, POLLIN, POLLOUT, RCVTIMEO, SNDTIMEO, Errno
from zmq.error import Again, ZMQError
from zmq.sugar.poll import Poller
from zmq.sugar.socket import Socket


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


class _Waiter:
    """One queued operation: its future, the non-blocking attempt, and its timeout timer."""

    __slots__ = ("attempt", "future", "timer")

    def __init__(self, future: Any, attempt: Callable[[], Any]) -> None:
        self.future = future
        self.attempt = attempt
        self.timer: Any = None


class _AsyncSocket(Socket[Any]):
    """A Socket whose blocking methods return futures of the loop returned by ``_default_loop``."""

    _loop: Any = None
    _explicit_loop: Any = None
    _recv_waiters: deque[_Waiter] = None  # type: ignore[assignment]
    _send_waiters: deque[_Waiter] = None  # type: ignore[assignment]
    _poll_watchers: list[Callable[[], None]] = None  # type: ignore[assignment]
    _fd: int = -1
    _watching = False
    _check_scheduled = False
    _poller_class: type[_AsyncPoller]

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
        if _from_socket is not None:
            super().__init__(shadow=_from_socket.underlying, **kwargs)
            self.context = _from_socket.context
        else:
            super().__init__(context, socket_type, **kwargs)
        self._explicit_loop = io_loop
        self._recv_waiters = deque()
        self._send_waiters = deque()
        self._poll_watchers = []

    @classmethod
    def from_socket(cls, socket: Socket[Any], io_loop: Any = None) -> _AsyncSocket:
        """An async view of an existing (e.g. sync) socket; both share the libzmq socket."""
        return cls(io_loop=io_loop, _from_socket=socket)

    # --- the loop

    @classmethod
    def _default_loop(cls) -> Any:
        """The loop to use now; subclasses define it."""
        raise NotImplementedError

    def _get_loop(self) -> Any:
        loop = self._explicit_loop or self._default_loop()
        if loop is not self._loop:
            self._rebind(loop)
        return loop

    def _rebind(self, loop: Any) -> None:
        """First use, or use from another loop: pending futures of the old loop cannot complete."""
        self._stop_watching()
        self._cancel_waiters()
        self._loop = loop

    def _watch(self) -> None:
        if not self._watching:
            if self._fd < 0:
                self._fd = self.get(FD)
            self._loop.add_reader(self._fd, self._handle_events)
            self._watching = True

    def _stop_watching(self) -> None:
        if self._watching:
            self._watching = False
            try:
                self._loop.remove_reader(self._fd)
            except (RuntimeError, ValueError, OSError):
                pass  # the loop is closed already

    def _schedule_check(self) -> None:
        """Check ZMQ_EVENTS soon: an operation may have consumed the FD's edge others wait for."""
        if not self._check_scheduled:
            self._check_scheduled = True
            self._loop.call_soon(self._handle_events)

    # --- serving the queues

    def _handle_events(self) -> None:
        self._check_scheduled = False
        if self.closed:
            self._stop_watching()
            self._cancel_waiters()
            return
        progressed = True
        while progressed:  # bounded: every round completes at least one future
            try:
                events = self.get(EVENTS)
            except ZMQError as e:  # e.g. ContextTerminated
                self._stop_watching()
                self._fail_waiters(e)
                return
            progressed = False
            if events & POLLIN and self._recv_waiters:
                progressed = self._serve(self._recv_waiters)
            if events & POLLOUT and self._send_waiters:
                progressed = self._serve(self._send_waiters) or progressed
        for watcher in list(self._poll_watchers):
            watcher()

    @staticmethod
    def _serve(waiters: deque[_Waiter]) -> bool:
        progressed = False
        while waiters:
            waiter = waiters[0]
            future = waiter.future
            if future.done():  # cancelled, or timed out
                waiters.popleft()
                continue
            try:
                result = waiter.attempt()
            except BaseException as e:
                waiters.popleft()
                _cancel_timer(waiter)
                future.set_exception(e)
                progressed = True
                continue
            if result is NOT_READY:
                break
            waiters.popleft()
            _cancel_timer(waiter)
            future.set_result(result)
            progressed = True
        return progressed

    def _enqueue(
        self, waiters: deque[_Waiter], attempt: Callable[[], Any], timeout_opt: int
    ) -> Any:
        loop = self._loop
        future = loop.create_future()
        waiter = _Waiter(future, attempt)
        timeout = self.get(timeout_opt)
        if timeout >= 0:
            waiter.timer = loop.call_later(timeout / 1000, _expire, future)
        waiters.append(waiter)
        self._watch()
        # something may have arrived between the attempt and the watch
        self._schedule_check()
        return future

    def _done_future(self, result: Any = None, exc: BaseException | None = None) -> Any:
        future = self._loop.create_future()
        if exc is not None:
            future.set_exception(exc)
        else:
            future.set_result(result)
        if (self._recv_waiters or self._send_waiters or self._poll_watchers) and self._watching:
            self._schedule_check()
        return future

    def _cancel_waiters(self) -> None:
        for waiters in (self._recv_waiters, self._send_waiters):
            while waiters:
                waiter = waiters.popleft()
                _cancel_timer(waiter)
                waiter.future.cancel()

    def _fail_waiters(self, exc: BaseException) -> None:
        for waiters in (self._recv_waiters, self._send_waiters):
            while waiters:
                waiter = waiters.popleft()
                _cancel_timer(waiter)
                if not waiter.future.done():
                    waiter.future.set_exception(exc)
        for watcher in list(self._poll_watchers):
            watcher()

    # --- the future-returning API

    def _recv_future(self, flags: int, copy: bool, multipart: bool) -> Any:
        self._get_loop()
        waiters = self._recv_waiters
        while waiters and waiters[0].future.done():
            waiters.popleft()
        if not waiters:
            try:
                result = self._try_recv(copy, multipart)
            except Exception as e:
                return self._done_future(exc=e)
            if result is not NOT_READY:
                return self._done_future(result)
            if flags & DONTWAIT:
                return self._done_future(exc=Again())
        return self._enqueue(waiters, lambda: self._try_recv(copy, multipart), RCVTIMEO)

    def _send_future(self, data: Any, flags: int, copy: bool, track: bool, multipart: bool) -> Any:
        self._get_loop()
        waiters = self._send_waiters
        while waiters and waiters[0].future.done():
            waiters.popleft()
        if not waiters:
            try:
                result = self._try_send(data, flags, copy, track, multipart)
            except Exception as e:
                return self._done_future(exc=e)
            if result is not NOT_READY:
                return self._done_future(result)
            if flags & DONTWAIT:
                return self._done_future(exc=Again())
        return self._enqueue(
            waiters, lambda: self._try_send(data, flags, copy, track, multipart), SNDTIMEO
        )

    def recv(self, flags: int = 0, copy: bool = True, track: bool = False) -> Any:
        """A future of one received frame (bytes, or a Frame with copy=False)."""
        return self._recv_future(flags, copy, False)

    def recv_multipart(self, flags: int = 0, copy: bool = True, track: bool = False) -> Any:
        """A future of the frames of one multipart message."""
        return self._recv_future(flags, copy, True)

    def send(
        self,
        data: Any,
        flags: int = 0,
        copy: bool = True,
        track: bool = False,
        routing_id: int | None = None,
        group: str | None = None,
    ) -> Any:
        """A future that resolves (to None, or a MessageTracker) once the frame is queued."""
        if routing_id is not None or group is not None:
            from zmq.backend import Frame

            frame = data if isinstance(data, Frame) else Frame(data, track=track, copy=copy)
            if routing_id is not None:
                frame.routing_id = routing_id
            if group is not None:
                frame.group = group
            data = frame
        return self._send_future(data, flags, copy, track, False)

    def send_multipart(
        self, msg_parts: Any, flags: int = 0, copy: bool = True, track: bool = False, **kwargs: Any
    ) -> Any:
        """A future that resolves once the whole multipart message is queued."""
        if not isinstance(msg_parts, (list, tuple)):
            msg_parts = list(msg_parts)
        return self._send_future(msg_parts, flags, copy, track, True)

    def _deserialize(self, recvd: Any, load: Callable[[Any], Any]) -> Any:
        return _chain(recvd, self._loop.create_future(), load)

    def poll(self, timeout: int | None = None, flags: int = POLLIN) -> Any:
        """A future of the events (a POLLIN/POLLOUT mask, 0 on timeout) of this socket."""
        if self.closed:
            raise ZMQError(Errno.ENOTSOCK)
        poller = self._poller_class()
        poller.register(self, flags)
        loop = self._get_loop()
        return _chain(
            poller.poll(timeout), loop.create_future(), lambda ready: dict(ready).get(self, 0)
        )

    def close(self, linger: int | None = None) -> None:
        """Close the socket; its pending futures are cancelled."""
        if not self.closed:
            self._stop_watching()
            self._cancel_waiters()
            for watcher in list(self._poll_watchers):
                watcher()
        super().close(linger=linger)

    def _add_poll_watcher(self, watcher: Callable[[], None]) -> None:
        self._get_loop()
        self._poll_watchers.append(watcher)
        self._watch()

    def _remove_poll_watcher(self, watcher: Callable[[], None]) -> None:
        if watcher in self._poll_watchers:
            self._poll_watchers.remove(watcher)


def _cancel_timer(waiter: _Waiter) -> None:
    if waiter.timer is not None:
        waiter.timer.cancel()
        waiter.timer = None


def _time_out(future: Any) -> None:
    """A poll that saw nothing before its timeout: resolve it with no events."""
    if not future.done():
        future.set_result([])


def _expire(future: Any) -> None:
    if not future.done():
        future.set_exception(Again())


class _AsyncPoller(Poller):
    """A Poller whose poll() returns a future of ``[(socket, events), ...]``."""

    _socket_class: type[_AsyncSocket]

    def poll(self, timeout: float | None = -1) -> Any:
        """A future of the ready ``(socket, events)`` pairs; timeout in ms, None/-1 waits forever."""
        from zmq.backend import zmq_poll

        loop = self._socket_class._default_loop()
        future = loop.create_future()
        try:
            ready = zmq_poll(self.sockets, 0)
        except ZMQError as e:
            future.set_exception(e)
            return future
        if ready or timeout == 0:
            future.set_result(ready)
            return future

        cleanups: list[Callable[[], None]] = []

        def check() -> None:
            if future.done():
                return
            try:
                found = zmq_poll(self.sockets, 0)
            except ZMQError as e:
                future.set_exception(e)
                return
            if found:
                future.set_result(found)

        def check_soon() -> None:
            loop.call_soon(check)

        for sock, mask in self.sockets:
            if isinstance(sock, Socket):
                watched = sock
                if not isinstance(sock, _AsyncSocket) or sock._loop not in (None, loop):
                    watched = self._socket_class(_from_socket=sock)
                    cleanups.append(watched._stop_watching)
                watched._add_poll_watcher(check_soon)
                cleanups.append(partial(watched._remove_poll_watcher, check_soon))
            else:
                fd = sock if isinstance(sock, int) else sock.fileno()
                if mask & (POLLIN | POLLERR):
                    loop.add_reader(fd, check)
                    cleanups.append(partial(loop.remove_reader, fd))
                if mask & POLLOUT:
                    loop.add_writer(fd, check)
                    cleanups.append(partial(loop.remove_writer, fd))
        if timeout is not None and timeout > 0:
            cleanups.append(loop.call_later(timeout / 1000, _time_out, future).cancel)

        def cleanup(_: Any) -> None:
            for undo in cleanups:
                undo()

        future.add_done_callback(cleanup)
        return future
