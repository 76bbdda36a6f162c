"""Green Socket and Context: blocking calls wait on the gevent hub instead of blocking the thread.

Every send/recv first tries the operation without blocking (``try_send`` / ``try_recv`` of
:mod:`zmq.integration`, which return ``NOT_READY`` instead of raising); only when it would block does
the greenlet wait, on an io watcher of the socket's ``ZMQ_FD``.

``ZMQ_FD`` is edge-triggered; the rules that follow from it (re-read ``ZMQ_EVENTS`` before
waiting, and whenever an operation may have consumed an edge others wait for) are core's
:class:`zmq.integration.Readiness`. What is gevent's: a greenlet waits as a watcher of the socket's
events, on an ``Event``, and retries its operation itself when woken; the hub runs re-checks at once.
``gevent.Timeout`` and ``greenlet.kill()`` interrupt the wait before anything was sent or received,
so no message is lost.
"""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from gevent import getcurrent
from gevent.event import Event
from gevent.hub import get_hub

import zmq
from zmq.constants import (
    EVENTS,
    FD,
    NOBLOCK,
    POLLERR,
    POLLIN,
    POLLOUT,
    RCVTIMEO,
    SNDTIMEO,
    Errno,
)
from zmq.error import Again, ZMQError
from zmq.integration import (
    NOT_READY,
    Readiness,
    Watcher,
    get_option,
    routed_frame,
    try_recv,
    try_send,
)

if TYPE_CHECKING:
    from typing_extensions import TypeVar as _TypeVar

    _T = _TypeVar("_T", default=bytes)  # as zmq.Socket's: a bare Socket is a Socket[bytes]
else:
    _T = TypeVar("_T")

_EVENTS = int(EVENTS)
_FD = int(FD)
_RCVTIMEO = int(RCVTIMEO)
_SNDTIMEO = int(SNDTIMEO)
_NOBLOCK = int(NOBLOCK)
_POLLIN = int(POLLIN)
_POLLOUT = int(POLLOUT)
_ALL_EVENTS = int(POLLIN | POLLOUT | POLLERR)
_READ = 1  # libev/libuv EV_READ, as gevent's loop.io() takes it

# the backend's getsockopt: no Python-level sugar (HWM, attribute lookup) on the wait path
_backend_get = get_option
_monotonic = time.monotonic


def _deadline(timeout_ms: float | None) -> float | None:
    """Absolute monotonic deadline for a timeout in ms (None or negative: no deadline)."""
    if timeout_ms is None or timeout_ms < 0:
        return None
    return _monotonic() + timeout_ms / 1000.0


def _nonblocking(call: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    """call(*args) with EAGAIN turned into NOT_READY, for forms that try_recv does not cover."""
    try:
        return call(*args)
    except Again:
        return NOT_READY


def _cooperative_recv(multipart: bool, what: str) -> Callable[..., Any]:
    """Socket.recv (or recv_multipart): try at once, else wait cooperatively (up to RCVTIMEO)."""
    method = zmq.Socket.recv_multipart if multipart else zmq.Socket.recv

    def receive(self: Socket[Any], flags: int = 0, copy: bool = True, track: bool = False) -> Any:
        if flags & _NOBLOCK or (track and not copy):
            return self._recv_other(method, flags, copy, track)
        result = try_recv(self, copy, multipart)
        if result is NOT_READY or self._ready.watchers:
            return self._settle(result, try_recv, (self, copy, multipart), _POLLIN)
        return result

    receive.__doc__ = f"Receive {what}, waiting cooperatively (up to RCVTIMEO) for it."
    return receive


class _HubReadiness(Readiness):
    """A green socket's waiters: greenlets, each waiting for events as a watcher."""

    __slots__ = ()

    def schedule_check(self, *_: Any) -> None:
        """Check at once (also the io watcher's callback); a closed or terminated socket wakes
        every waiter, whose retried operation then raises the real error."""
        try:
            self.check()
        except ZMQError:
            for watcher in list(self.watchers):
                watcher(_ALL_EVENTS)


class Socket(zmq.Socket[_T]):
    """A zmq.Socket whose blocking calls yield to the gevent hub.

    ``send``/``recv``/``send_multipart``/``recv_multipart`` and ``poll`` wait cooperatively, honouring
    RCVTIMEO/SNDTIMEO (``zmq.Again`` after the timeout) and ``gevent.Timeout``; every other method,
    and all the string/json/pyobj/serialized helpers built on those four, are zmq.Socket's.
    """

    # the greenlets waiting on this socket; set per instance
    _ready: _HubReadiness
    _watcher: Any = None
    _watcher_hub: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._ready = _HubReadiness(self)
        super().__init__(*args, **kwargs)  # type: ignore[misc]  # (the overloads are the base's)

    # --- the watcher and the waiters

    def _add_interest(self, mask: int, event: Event) -> Watcher:
        """Have event set whenever ZMQ_EVENTS has a bit of mask; starts the fd watcher if needed."""
        hub = get_hub()
        watcher = self._watcher
        if watcher is None or self._watcher_hub is not hub:
            # first wait, or the socket moved to another thread (and hub)
            self._close_watcher()
            watcher = hub.loop.io(_backend_get(self, _FD), _READ)
            self._watcher = watcher
            self._watcher_hub = hub

        def wake(events: Any) -> None:
            if events & mask:
                event.set()

        ready = self._ready
        ready.watchers.append(wake)
        if not watcher.active:
            watcher.start(ready.schedule_check)
        return wake

    def _remove_interest(self, wake: Watcher) -> None:
        """Undo _add_interest; the fd watcher stops with the last waiter (an idle socket costs
        the hub nothing)."""
        watchers = self._ready.watchers
        watchers.remove(wake)
        if not watchers and self._watcher is not None:
            self._watcher.stop()

    def _wait(self, mask: int, deadline: float | None) -> bool:
        """Wait until ZMQ_EVENTS has a bit of mask; False if deadline passed first.

        True does not promise the operation will succeed (another greenlet may take the message
        first): callers retry and wait again.
        """
        event = Event()
        wake = self._add_interest(mask, event)
        try:
            # re-check after registering: the edge may already have been consumed
            self._ready.schedule_check()
            if deadline is None:
                return bool(event.wait())
            remaining = deadline - _monotonic()
            if remaining <= 0:
                return event.is_set()
            return bool(event.wait(remaining))
        finally:
            self._remove_interest(wake)

    def _close_watcher(self) -> None:
        watcher, hub = self._watcher, self._watcher_hub
        self._watcher = self._watcher_hub = None
        # a destroyed hub (hub.destroy(destroy_loop=True)) has freed its watchers with its loop
        if watcher is not None and hub is not None and hub.loop is not None:
            watcher.stop()
            watcher.close()

    def _retry(self, attempt: Callable[..., Any], args: tuple[Any, ...], mask: int) -> Any:
        """Wait and retry ``attempt(*args)`` (NOT_READY when it would block) until it succeeds.

        The timeout (SNDTIMEO for POLLOUT, else RCVTIMEO; read only now that we must wait) counts
        from here.
        """
        option = _SNDTIMEO if mask == _POLLOUT else _RCVTIMEO
        deadline = _deadline(_backend_get(self, option))
        while True:
            if not self._wait(mask, deadline):
                raise Again(Errno.EAGAIN)
            result = self._ready.attempt(attempt, args)
            if result is not NOT_READY:
                return result

    def _settle(
        self, result: Any, attempt: Callable[..., Any], args: tuple[Any, ...], mask: int
    ) -> Any:
        """The rest of a hot path (Readiness.attempt, inlined): its first try would block (wait
        and retry), or succeeded while greenlets wait (re-check for them)."""
        if result is NOT_READY:
            return self._retry(attempt, args, mask)
        self._ready.schedule_check()
        return result

    def close(self, linger: int | None = None) -> None:
        """Close the socket, first waking any greenlet waiting on it (its call then raises)."""
        self._close_watcher()
        for watcher in list(self._ready.watchers):
            watcher(_ALL_EVENTS)
        super().close(linger=linger)

    # --- the socket API: what blocks waits cooperatively

    def _green_get(self, option: int) -> Any:
        """Get a socket option; reading EVENTS consumes the fd's edge, so it wakes ready waiters."""
        result = super().get(option)
        if option == _EVENTS and self._ready.watchers:
            self._ready.schedule_check()
        return result

    # --- sending

    # The four hot paths (these two senders, _cooperative_recv's receivers) create no closures and
    # make one backend call when the operation does not block; waiting and the rare forms
    # (NOBLOCK, tracked recv) are in helpers. They inline Readiness.attempt (whose call would
    # cost a green recv some 15%): green parks no operation in its queues (each greenlet retries
    # its own), so what is left of it is _settle's re-check for waiting greenlets.

    def _green_send(
        self,
        data: Any,
        flags: int = 0,
        copy: bool = True,
        track: bool = False,
        routing_id: int | None = None,
        group: str | None = None,
    ) -> Any:
        """Send one frame, waiting cooperatively (up to SNDTIMEO) while the socket cannot send."""
        if routing_id is not None or group is not None:
            data = routed_frame(self, data, routing_id, group, copy, track)
        if flags & _NOBLOCK:
            return self._send_nowait(data, flags, copy, track)
        result = try_send(self, data, flags, copy, track, False)
        if result is NOT_READY or self._ready.watchers:
            return self._settle(result, try_send, (self, data, flags, copy, track, False), _POLLOUT)
        return result

    def _green_send_multipart(
        self, msg_parts: Any, flags: int = 0, copy: bool = True, track: bool = False, **kwargs: Any
    ) -> Any:
        """Send a multipart message, waiting cooperatively for room for it (up to SNDTIMEO).

        libzmq accepts a multipart message whole once its first frame is accepted, so waiting only
        ever happens before anything was sent.
        """
        if flags & _NOBLOCK:
            send = partial(super().send_multipart, msg_parts, flags, copy, track, **kwargs)
            return self._ready.attempt(send, ())
        if not isinstance(msg_parts, (list, tuple)):
            msg_parts = list(msg_parts)  # an iterator must survive a retry
        result = try_send(self, msg_parts, flags, copy, track, True)
        if result is NOT_READY or self._ready.watchers:
            args = (self, msg_parts, flags, copy, track, True)
            return self._settle(result, try_send, args, _POLLOUT)
        return result

    def _send_nowait(self, data: Any, flags: int, copy: bool, track: bool) -> Any:
        """send() with NOBLOCK: zmq.Socket's, then wake waiters whose edge it may have consumed."""
        return self._ready.attempt(zmq.Socket.send, (self, data, flags, copy, track))

    def _recv_other(self, method: Callable[..., Any], flags: int, copy: bool, track: bool) -> Any:
        """recv()/recv_multipart() with NOBLOCK or a tracked Frame: the backend's, non-blocking."""
        args = (self, flags | _NOBLOCK, copy, track)
        if flags & _NOBLOCK:
            return self._ready.attempt(method, args)
        result = self._ready.attempt(_nonblocking, (method, args))
        if result is NOT_READY:
            return self._retry(_nonblocking, (method, args), _POLLIN)
        return result

    # --- polling

    def poll(self, timeout: int | None = None, flags: int = POLLIN) -> int:
        """Wait cooperatively up to timeout ms (None: forever) for flags; the events that occurred."""
        if self.closed:
            raise ZMQError(Errno.ENOTSOCK)
        events = self._ready.attempt(_backend_get, (self, _EVENTS)) & flags
        if events or timeout == 0:
            return int(events)
        deadline = _deadline(timeout)
        while True:
            if not self._wait(int(flags), deadline):
                return 0
            events = _backend_get(self, _EVENTS) & flags
            if events:
                return int(events)

    # Published under zmq.Socket's names at run time only: type checkers see zmq.Socket's own
    # overloads for them, which are exactly theirs, written once.
    if not TYPE_CHECKING:
        get = getsockopt = _green_get
        send = _green_send
        send_multipart = _green_send_multipart
        recv = _cooperative_recv(False, "one frame")
        recv_multipart = _cooperative_recv(True, "all frames of a message")


class Context(zmq.Context[Socket[bytes]]):
    """A zmq.Context making green sockets; term() waits cooperatively.

    ``Context.term()`` blocks until every socket is closed; run in the hub's thread it would stop the
    very greenlets that must close them. Called from a greenlet, it runs in gevent's threadpool while
    the calling greenlet waits.
    """

    _socket_class = Socket
    # its own instance(): zmq.Context.instance() (made first) is sync and would block the hub
    _instance: Any = None
    _instance_pid: int | None = None

    def term(self) -> None:
        """Terminate the context; from a greenlet, without blocking the hub."""
        hub = get_hub()
        if getcurrent() is hub:
            super().term()
            return
        hub.threadpool.apply(zmq.Context.term, (self,))


__all__ = ["Context", "Socket"]
