"""monitored_queue: a queue device that also copies every message to a monitor socket."""

from __future__ import annotations

from typing import Any

from zmq.backend.cffi._base import SNDMORE
from zmq.backend.cffi.frame import Frame
from zmq.backend.cffi.poll import _check_open, zmq_poll
from zmq.backend.cffi.socket import Socket
from zmq.constants import PollEvent, SocketOption, SocketType

_ROUTER, _TYPE, _POLLIN = int(SocketType.ROUTER), int(SocketOption.TYPE), int(PollEvent.POLLIN)


def _send(sock: Socket, frame: Frame, flags: int) -> None:
    sock._send_frame(_check_open(sock), frame, flags)


def _forward(src: Socket, dst: Socket, mon: Socket, prefix: Frame, swap_ids: bool) -> None:
    """Move one whole multipart message src -> dst, and [prefix, *frames] to mon."""
    _send(mon, prefix, SNDMORE)
    if swap_ids:
        # ROUTER to ROUTER: the receiving side's identity frame must come first on the way out
        first = src._recv_frame(0)
        second = src._recv_frame(0)
        _send(mon, second, SNDMORE)
        _send(mon, first, SNDMORE)
        _send(dst, second, SNDMORE)
        _send(dst, first, SNDMORE)
    more = True
    while more:
        frame = src._recv_frame(0)
        more = frame.more
        flags = SNDMORE if more else 0
        _send(mon, frame, flags)
        _send(dst, frame, flags)


def monitored_queue(
    in_socket: Any,
    out_socket: Any,
    mon_socket: Any,
    in_prefix: bytes | str = b"in",
    out_prefix: bytes | str = b"out",
) -> None:
    """Forward messages between in_socket and out_socket (like a QUEUE proxy), copying each one to
    mon_socket prefixed with in_prefix (for in -> out) or out_prefix (for out -> in).

    Blocks until the context is terminated (raises ContextTerminated) or an error occurs.
    """
    for name, sock in (
        ("in_socket", in_socket),
        ("out_socket", out_socket),
        ("mon_socket", mon_socket),
    ):
        if not isinstance(sock, Socket):
            raise TypeError(f"{name} must be a zmq.Socket, not {type(sock).__name__}")
    if isinstance(in_prefix, str):
        in_prefix = in_prefix.encode("utf-8")
    if isinstance(out_prefix, str):
        out_prefix = out_prefix.encode("utf-8")
    in_frame, out_frame = Frame(bytes(in_prefix), copy=True), Frame(bytes(out_prefix), copy=True)
    for sock in (in_socket, out_socket, mon_socket):
        _check_open(sock)
    swap_ids = in_socket.get(_TYPE) == _ROUTER and out_socket.get(_TYPE) == _ROUTER
    items = [(in_socket, _POLLIN), (out_socket, _POLLIN)]
    while True:
        for sock, _ in zmq_poll(items, -1):
            if sock is in_socket:
                _forward(in_socket, out_socket, mon_socket, in_frame, swap_ids)
            else:
                _forward(out_socket, in_socket, mon_socket, out_frame, swap_ids)
