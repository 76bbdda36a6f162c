"""Green Poller and select(): wait on several sockets and fds without blocking the gevent hub.

A poll first asks ``zmq_poll`` with a zero timeout; only when nothing is ready does the greenlet
wait, on the green sockets' own waiter lists (so an edge consumed by another greenlet's operation
still wakes it) and on io watchers for plain zmq sockets and raw file descriptors; then it polls
again. Waiting is an ``Event.wait``: ``gevent.Timeout`` and ``greenlet.kill()`` interrupt it.
"""

from __future__ import annotations

import time
from typing import Any

from gevent.event import Event
from gevent.hub import get_hub

import zmq
from zmq.backend import zmq_poll
from zmq.constants import POLLERR, POLLIN, POLLOUT
from zmq.green.core import Socket as _GreenSocket
from zmq.integration import Watcher

_READ, _WRITE = 1, 2  # gevent loop.io() event bits


def _notify_others(sockets: list[tuple[Any, int]]) -> None:
    """zmq_poll read ZMQ_EVENTS, consuming edges: re-signal green sockets others wait on."""
    for sock, _ in sockets:
        if isinstance(sock, _GreenSocket) and sock._ready.waiting():
            sock._ready.schedule_check()


def _fileno(obj: Any) -> int:
    return obj if isinstance(obj, int) else int(obj.fileno())


class Poller(zmq.Poller):
    """A zmq.Poller whose poll() waits cooperatively: the first ready socket wakes it."""

    def poll(self, timeout: float | None = None) -> list[tuple[Any, int]]:
        """Wait up to timeout ms (None or negative: forever); return ``[(socket, events), ...]``."""
        sockets = self.sockets
        ready = zmq_poll(sockets, 0)
        _notify_others(sockets)
        if ready or timeout == 0:
            return ready
        deadline = None if timeout is None or timeout < 0 else time.monotonic() + timeout / 1000.0
        while True:
            if not self._wait(deadline):
                ready = zmq_poll(sockets, 0)  # a last look, as a blocking poll would have
                _notify_others(sockets)
                return ready
            ready = zmq_poll(sockets, 0)
            _notify_others(sockets)
            if ready:
                return ready

    def _wait(self, deadline: float | None) -> bool:
        """Wait until some registered socket or fd may be ready; False at the deadline."""
        event = Event()
        loop = get_hub().loop
        green: list[tuple[_GreenSocket[Any], Watcher]] = []
        watchers: list[Any] = []
        try:
            for sock, flags in self.sockets:
                if isinstance(sock, _GreenSocket):
                    # through the socket's own waiter list: woken even when another greenlet's
                    # operation on it consumes the edge
                    green.append((sock, sock._add_interest(flags, event)))
                    continue
                if isinstance(sock, zmq.Socket):
                    fd, mode = sock.fileno(), _READ  # ZMQ_FD: readable means "check EVENTS"
                else:
                    fd = _fileno(sock)
                    mode = (_READ if flags & (POLLIN | POLLERR) else 0) | (
                        _WRITE if flags & POLLOUT else 0
                    )
                    if not mode:
                        continue
                watcher = loop.io(fd, mode)
                watchers.append(watcher)
                watcher.start(event.set)
            if deadline is None:
                return bool(event.wait())
            remaining = deadline - time.monotonic()
            return remaining > 0 and bool(event.wait(remaining))
        finally:
            for watcher in watchers:
                watcher.stop()
                watcher.close()
            for sock, interest in green:
                sock._remove_interest(interest)


def select(
    rlist: list[Any], wlist: list[Any], xlist: list[Any], timeout: float | None = None
) -> tuple[list[Any], list[Any], list[Any]]:
    """Like ``select.select`` for zmq sockets and fds, cooperatively; timeout in seconds."""
    poller = Poller()
    for sockets, flag in ((rlist, POLLIN), (wlist, POLLOUT), (xlist, POLLERR)):
        for s in sockets:
            flags = dict(poller.sockets).get(s, 0)
            poller.register(s, flags | flag)
    timeout_ms = None if timeout is None or timeout < 0 else timeout * 1000
    ready = dict(poller.poll(timeout_ms))
    return (
        [s for s in rlist if ready.get(s, 0) & POLLIN],
        [s for s in wlist if ready.get(s, 0) & POLLOUT],
        [s for s in xlist if ready.get(s, 0) & POLLERR],
    )


__all__ = ["Poller", "select"]
