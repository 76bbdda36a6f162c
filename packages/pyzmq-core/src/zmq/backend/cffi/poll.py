"""zmq_poll over sockets and plain file descriptors, and the proxies and devices built on libzmq's."""

from __future__ import annotations

import time
from errno import EINTR
from typing import Any

from zmq.backend.cffi._base import FORK, ffi, lib, raise_zmq
from zmq.backend.cffi.socket import Socket, _not_open, _unhold


def _fd_of(obj: Any) -> int:
    if isinstance(obj, int):
        return obj
    if hasattr(obj, "fileno"):
        return int(obj.fileno())
    raise TypeError(
        f"cannot poll {obj!r}: not a zmq.Socket, an int fd, nor an object with fileno()"
    )


def _check_open(sock: Socket) -> Any:
    handle = sock._handle
    if handle is None or sock._fork_gen != FORK[0]:
        _not_open(sock)
    return handle


def _hold(socks: Any) -> None:
    for sock in socks:
        if sock is not None:
            sock._inflight += 1


def _unhold_all(socks: Any) -> None:
    for sock in socks:
        if sock is not None:
            sock._inflight -= 1
            if sock._closing is not None:
                _unhold(sock)


def zmq_poll(sockets: Any, timeout: int = -1) -> list[tuple[Any, int]]:
    """Poll a list of ``(socket_or_fd, events)`` pairs; timeout in ms, negative waits forever.

    Returns the ``(socket_or_fd, revents)`` pairs that have events: zmq sockets as given, anything
    else as its int fd (like ``select.poll``). An interrupting signal runs the
    Python handlers and, if none raises, the poll resumes for the time left.
    """
    if not isinstance(timeout, int):
        if isinstance(timeout, float):
            timeout = int(timeout)
        else:
            raise TypeError(f"timeout must be an int (ms), not {type(timeout).__name__}")
    if type(sockets) is not tuple:
        sockets = tuple(
            sockets
        )  # what we report is what we polled, even if the list changes meanwhile
    n = len(sockets)
    items = ffi.new("zmq_pollitem_t[]", max(n, 1))
    held = []  # the Sockets in use without the GIL
    for i in range(n):
        obj, events = sockets[i]
        item = items[i]
        if isinstance(obj, Socket):
            item.socket = _check_open(obj)
            held.append(obj)
            item.fd = 0
        else:
            item.socket = ffi.NULL
            item.fd = _fd_of(obj)
        item.events = events
        item.revents = 0
    deadline = time.monotonic() + timeout / 1000.0 if timeout > 0 else 0.0
    while True:
        _hold(held)
        try:
            rc = lib.zmq_poll(items, n, timeout)
            err = ffi.errno
        finally:
            _unhold_all(held)
        if rc >= 0:
            break
        if err != EINTR:
            raise_zmq(err)
        # EINTR: the signal handlers have run; a socket may have been closed by one
        for obj in held:
            _check_open(obj)
        if timeout > 0:
            timeout = max(0, int((deadline - time.monotonic()) * 1000))
    result = []
    if rc:
        for i in range(n):
            revents = items[i].revents
            if revents:
                if items[i].socket != ffi.NULL:
                    result.append((sockets[i][0], revents))
                else:
                    result.append((items[i].fd, revents))
    return result


def _handle_or_null(sock: Any) -> Any:
    if sock is None:
        return ffi.NULL
    if not isinstance(sock, Socket):
        raise TypeError(f"expected a zmq.Socket, got {type(sock).__name__}")
    return _check_open(sock)


def _run_proxy(fn: Any, socks: tuple[Any, ...]) -> None:
    handles = [_handle_or_null(s) for s in socks]
    while True:
        _hold(socks)
        try:
            rc = fn(*handles)
            err = ffi.errno
        finally:
            _unhold_all(socks)
        if rc == 0:
            return
        if err != EINTR:
            raise_zmq(err)
        # closed meanwhile (by a signal handler, another thread)?
        handles = [_handle_or_null(s) for s in socks]


def proxy(frontend: Any, backend: Any, capture: Any = None) -> None:
    """Shuttle messages between frontend and backend (zmq_proxy), copying them to capture if given.

    Blocks until the context is terminated, then raises ContextTerminated.
    """
    _run_proxy(lib.zmq_proxy, (frontend, backend, capture))


def proxy_steerable(frontend: Any, backend: Any, capture: Any = None, control: Any = None) -> None:
    """Like proxy(), plus a control socket taking PAUSE, RESUME, TERMINATE and STATISTICS."""
    _run_proxy(lib.zmq_proxy_steerable, (frontend, backend, capture, control))


def device(device_type: int, frontend: Any, backend: Any = None) -> None:
    """The pre-proxy name for proxy(): device_type (QUEUE, FORWARDER, STREAMER) is accepted and unused."""
    if not isinstance(device_type, int):
        raise TypeError(f"device_type must be an int, not {type(device_type).__name__}")
    proxy(frontend, backend)
