"""Waiting on a socket's ``ZMQ_FD``, written once for every event-loop integration.

libzmq's ``ZMQ_FD`` is edge-triggered: readable only says that ``ZMQ_EVENTS`` may have changed, and
any call on the socket (a send, a recv, a read of ``ZMQ_EVENTS``) can consume that edge. Whatever an
integration builds on it (futures, ZMQStream's callbacks, greenlets), it follows three rules, which
:class:`Readiness` implements:

1. Try an operation at once, without blocking, unless operations of its kind were parked before it
   (they go first). Park it only when the socket reports it would block (``NOT_READY``).
2. A call that may have consumed an edge someone else waits for (it completed, or it would block
   while the other direction or a watcher waits) has ``ZMQ_EVENTS`` re-read for them.
3. When the FD fires, or such a re-check runs, read ``ZMQ_EVENTS`` (which re-arms the FD) and serve
   the parked operations until nothing progresses.

A loop supplies only its scheduling: ``schedule_check()`` (run ``check()`` from the loop soon: asyncio's
``call_soon``; gevent's hub runs it at once), how to watch the FD, and what completing a parked
operation means (a :class:`Waiter` subclass).
"""

from __future__ import annotations

from collections import deque
from typing import Any, Callable, Union

from zmq.backend import NOT_READY
from zmq.backend import Socket as _BackendSocket
from zmq.constants import EVENTS, POLLIN, POLLOUT

# plain ints: enum arithmetic would cost more than the test it serves
_EVENTS = int(EVENTS)
_POLLIN = int(POLLIN)
_POLLOUT = int(POLLOUT)
# the compiled getsockopt, skipping the sugar's Python-level wrapper
_get_option = _BackendSocket.get

#: What a watcher is told after each check: ZMQ_EVENTS (an int), or the error that ended the socket.
Watcher = Callable[[Union[int, BaseException]], Any]


class Waiter:
    """One parked operation: ``call(*args)``, which returns ``NOT_READY`` while it would block.

    Subclasses say what completing it means (resolve a future, run a callback).
    """

    __slots__ = ("args", "call")

    def __init__(self, call: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.call = call
        self.args = args

    def pending(self) -> bool:
        """False once nobody wants the operation any more (cancelled, timed out): dropped unrun."""
        return True

    def finish(self, result: Any) -> None:
        """The operation completed with ``result`` (it has left its queue)."""

    def fail(self, exc: Exception) -> None:
        """The operation raised ``exc`` (it has left its queue); by default, so does serving."""
        raise exc

    def discard(self) -> None:
        """It left its queue unrun, being no longer pending."""


def serve(waiters: deque[Waiter], budget: int = -1) -> int:
    """Run parked operations in order until one would block; how many completed.

    Stops early after ``budget`` completions (negative: no limit), for loops that share their time
    with other handlers.
    """
    done = 0
    while waiters:
        waiter = waiters[0]
        if not waiter.pending():
            waiters.popleft()
            waiter.discard()
            continue
        try:
            result = waiter.call(*waiter.args)
        except Exception as e:
            waiters.popleft()
            done += 1
            waiter.fail(e)
        else:
            if result is NOT_READY:
                break
            waiters.popleft()
            done += 1
            waiter.finish(result)
        if done == budget:
            break
    return done


class Readiness:
    """The operations and watchers waiting on one socket's ``ZMQ_FD``, and the rules they follow.

    ``recv_waiters``/``send_waiters`` are FIFO queues of parked :class:`Waiter`; ``watchers`` are
    called with ``ZMQ_EVENTS`` after each check (pollers, greenlets waiting for events). A subclass
    defines ``schedule_check()``.
    """

    __slots__ = ("recv_waiters", "send_waiters", "socket", "watchers")

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.recv_waiters: deque[Waiter] = deque()
        self.send_waiters: deque[Waiter] = deque()
        self.watchers: list[Watcher] = []

    def schedule_check(self) -> None:
        """Have ``check()`` run soon, from the loop (the loop's part)."""
        raise NotImplementedError

    def waiting(self) -> bool:
        """Whether anything waits on the socket."""
        return bool(self.recv_waiters or self.send_waiters or self.watchers)

    def attempt(
        self, call: Callable[..., Any], args: tuple[Any, ...], waiters: deque[Waiter] | None = None
    ) -> Any:
        """Try ``call(*args)`` now: its result, or ``NOT_READY``, when the caller should park it.

        ``waiters`` is the queue the operation would join: while earlier operations wait there it
        is not tried (order is FIFO) and ``NOT_READY`` is returned at once. What ``call`` raises
        propagates. After the call, a check is scheduled if anything else waits on the socket.
        """
        if waiters:
            while waiters and not waiters[0].pending():
                waiters.popleft().discard()
            if waiters:
                return NOT_READY
        try:
            return call(*args)
        finally:
            if self.recv_waiters or self.send_waiters or self.watchers:
                self.schedule_check()

    def check(self) -> int:
        """Read ``ZMQ_EVENTS`` and serve the queues until nothing progresses; tell the watchers.

        Returns the last events read. Raises the ``ZMQError`` of reading them (socket closed or
        context terminated): what then fails or wakes is the caller's choice.
        """
        sock = self.socket
        recv_waiters = self.recv_waiters
        send_waiters = self.send_waiters
        while True:  # bounded: every repeated round completes at least one operation
            events: int = _get_option(sock, _EVENTS)
            progressed = 0
            if events & _POLLIN and recv_waiters:
                progressed = serve(recv_waiters)
            if events & _POLLOUT and send_waiters:
                progressed += serve(send_waiters)
            # nothing left waiting: whoever comes next makes its own attempt first
            if not progressed or not (recv_waiters or send_waiters or self.watchers):
                break
        if self.watchers:
            for watcher in list(self.watchers):
                watcher(events)
        return events
