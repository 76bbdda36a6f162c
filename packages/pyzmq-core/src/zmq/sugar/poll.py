"""Poller and select(): wait on several sockets and file descriptors at once."""

from __future__ import annotations

from typing import Any

from zmq.backend import Socket as _SocketBase
from zmq.backend import zmq_poll
from zmq.constants import POLLERR, POLLIN, POLLOUT


def _timeout_ms(timeout: float | None) -> int:
    if timeout is None or timeout < 0:
        return -1
    return int(timeout)


class Poller:
    """Poll a set of sockets (zmq.Socket, int fds, or objects with ``fileno()``) for events.

    ``sockets`` lists the registered ``(socket, flags)`` pairs in registration order.
    """

    sockets: list[tuple[Any, int]]

    def __init__(self) -> None:
        self.sockets = []
        self._index: dict[Any, int] = {}

    def __contains__(self, socket: Any) -> bool:
        return socket in self._index

    def register(self, socket: Any, flags: int = POLLIN | POLLOUT) -> None:
        """Watch socket for flags (POLLIN, POLLOUT, POLLERR); flags=0 unregisters it.

        Registering a socket again replaces its flags.

        Parameters
        ----------
        socket : zmq.Socket or int
            What to watch: a zmq socket, a file descriptor, or an object with ``fileno()``.
        flags : int
            The events to report, OR-ed together: ``zmq.POLLIN``, ``zmq.POLLOUT``,
            ``zmq.POLLERR`` (file descriptors only).
        """
        if not flags:
            if socket in self._index:
                self.unregister(socket)
            return
        if socket in self._index:
            self.sockets[self._index[socket]] = (socket, flags)
        else:
            self._index[socket] = len(self.sockets)
            self.sockets.append((socket, flags))

    def modify(self, socket: Any, flags: int = POLLIN | POLLOUT) -> None:
        """Change the flags of a registered socket (same as register)."""
        self.register(socket, flags)

    def unregister(self, socket: Any) -> None:
        """Stop watching socket.

        Raises
        ------
        KeyError
            If socket was not registered.
        """
        idx = self._index.pop(socket)
        self.sockets.pop(idx)
        for sock, _ in self.sockets[idx:]:
            self._index[sock] -= 1

    def poll(self, timeout: float | None = None) -> list[tuple[Any, int]]:
        """Wait up to timeout ms (None or negative: forever); return ``[(socket, events), ...]``.

        zmq sockets come back as themselves, anything else as its int fd (as with select.poll).
        Only sockets with events are listed; an empty list means the timeout passed.

        Parameters
        ----------
        timeout : int, optional
            Milliseconds (unlike :func:`zmq.select`, which takes seconds).

        Raises
        ------
        ZMQError
            ``ENOTSOCK`` if a registered zmq socket is closed; ``ETERM`` if its context is
            terminated.
        TypeError
            If a registered object is neither a zmq socket nor has a file descriptor.
        """
        return zmq_poll(self.sockets, _timeout_ms(timeout))


def select(
    rlist: list[Any], wlist: list[Any], xlist: list[Any], timeout: float | None = None
) -> tuple[list[Any], list[Any], list[Any]]:
    """Like ``select.select`` for zmq sockets and fds; timeout in seconds, None waits forever."""
    wanted: dict[Any, int] = {}
    for sockets, flag in ((rlist, POLLIN), (wlist, POLLOUT), (xlist, POLLERR)):
        for s in sockets:
            wanted[s] = wanted.get(s, 0) | flag
    timeout_ms = -1 if timeout is None or timeout < 0 else int(timeout * 1000)
    # zmq_poll reports objects with fileno() by their fd: map those back to what was passed
    ready = dict(zmq_poll(list(wanted.items()), timeout_ms))
    if not ready:
        return [], [], []

    def revents(s: Any) -> int:
        if isinstance(s, (_SocketBase, int)):
            return ready.get(s, 0)
        return ready.get(int(s.fileno()), 0)

    return (
        [s for s in rlist if revents(s) & POLLIN],
        [s for s in wlist if revents(s) & POLLOUT],
        [s for s in xlist if revents(s) & POLLERR],
    )


__all__ = ["Poller", "select"]
