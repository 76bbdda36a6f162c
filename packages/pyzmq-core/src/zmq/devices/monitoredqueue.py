"""``monitored_queue``: a QUEUE that copies each message, prefixed by direction, to a monitor socket.

The loop is compiled (``zmq.backend.monitored_queue``), so it runs at the speed of a plain proxy. It
also supports ROUTER on both sides, swapping the two identity frames so replies route back.
"""

from __future__ import annotations

from typing import Any

from zmq.backend import monitored_queue as _monitored_queue

__all__ = ["monitored_queue"]


def _as_prefix(value: bytes | str) -> bytes:
    # pyzmq's own examples pass str prefixes ('in', 'out'); the compiled loop takes bytes.
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def monitored_queue(
    in_socket: Any,
    out_socket: Any,
    mon_socket: Any,
    in_prefix: bytes | str = b"in",
    out_prefix: bytes | str = b"out",
) -> None:
    """Forward between in_socket and out_socket, copying every message to mon_socket.

    Messages that arrived on in_socket appear on mon_socket as ``[in_prefix, *frames]``, those
    from out_socket as ``[out_prefix, *frames]``. With ROUTER on both sides the first two frames
    (sender and destination identities) are swapped on the way through. Blocks until the context
    is terminated, then raises :class:`zmq.ContextTerminated`.

    Parameters
    ----------
    in_socket, out_socket, mon_socket : zmq.Socket
        The two queue ends and the socket receiving the copies (a PUB is the usual choice).
    in_prefix, out_prefix : bytes or str
        Topic frames marking the direction on mon_socket (str is encoded as UTF-8).
    """
    _monitored_queue(
        in_socket, out_socket, mon_socket, _as_prefix(in_prefix), _as_prefix(out_prefix)
    )
