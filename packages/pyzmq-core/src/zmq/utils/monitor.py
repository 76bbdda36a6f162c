"""Reading socket monitor events (see ``Socket.get_monitor_socket``).

libzmq reports each event as two frames: 6 bytes holding the event id (uint16) and its value
(uint32, e.g. a file descriptor or errno) in native byte order, then the endpoint. These helpers turn
that into ``{'event': zmq.Event, 'value': int, 'endpoint': bytes}``.
"""

from __future__ import annotations

import concurrent.futures
import inspect
import struct
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypedDict, overload

from zmq.constants import Event
from zmq.sugar.frame import Frame
from zmq.utils._buffer import buffer_bytes

if TYPE_CHECKING:
    from asyncio import Future

    from zmq._future import FutureSocket
    from zmq.sugar.socket import Socket

__all__ = ["MonitorMessageError", "parse_monitor_message", "recv_monitor_message"]

_HEADER = struct.Struct("=Hi")


def _frame_bytes(part: Any) -> bytes:
    if isinstance(part, Frame):
        return part.bytes
    return buffer_bytes(part, "monitor message frames are bytes or Frames")


class _MonitorMessage(TypedDict):
    """A decoded monitor event (for type checkers; at run time a plain dict)."""

    event: Event
    value: int
    endpoint: bytes


class MonitorMessageError(ValueError, RuntimeError):
    """A message that is not a monitor event: a bad value, and the RuntimeError pyzmq raised."""


def parse_monitor_message(msg: Sequence[bytes] | Sequence[Frame]) -> _MonitorMessage:
    """Decode a monitor event (the two frames received on a monitor PAIR socket) into a dict.

    Parameters
    ----------
    msg : list[bytes] or list[zmq.Frame]
        First frame: 16-bit event id then 32-bit value, no padding; second frame: the endpoint.

    Returns
    -------
    dict
        ``event`` (a :class:`zmq.Event`), ``value`` (int) and ``endpoint`` (bytes).

    Raises
    ------
    MonitorMessageError
        If msg does not have the shape of a monitor event (a ValueError, and a RuntimeError as
        pyzmq raised).
    TypeError
        If a frame is neither a Frame nor a buffer (bytes, bytearray, memoryview...).
    """
    if len(msg) != 2:
        raise MonitorMessageError(f"Invalid event message format: expected 2 frames, got {msg!r}")
    header = _frame_bytes(msg[0])
    if len(header) != _HEADER.size:
        raise MonitorMessageError(
            f"Invalid event message format: first frame {header!r} is not 6 bytes"
        )
    event_id, value = _HEADER.unpack(header)
    return {"event": Event(event_id), "value": value, "endpoint": _frame_bytes(msg[1])}


def _chain(source: Any) -> Any:
    """A future of the parsed event, of the same family as source (asyncio or concurrent)."""
    result: Any
    if callable(getattr(source, "get_loop", None)):
        # asyncio (and tornado, whose Future is asyncio's): a future on the same loop
        result = source.get_loop().create_future()
    elif isinstance(source, concurrent.futures.Future):
        result = concurrent.futures.Future()
    else:
        try:
            result = type(source)()
        except TypeError:
            return _parse_later(source)

    def copy_outcome(done: Any) -> None:
        if result.done():
            return
        if done.cancelled():
            result.cancel()
        elif done.exception() is not None:
            result.set_exception(done.exception())
        else:
            try:
                result.set_result(parse_monitor_message(done.result()))
            except Exception as e:
                result.set_exception(e)

    def cancel_source(done: Any) -> None:
        if done.cancelled() and not source.done():
            source.cancel()

    source.add_done_callback(copy_outcome)
    result.add_done_callback(cancel_source)
    return result


async def _parse_later(awaitable: Any) -> _MonitorMessage:
    return parse_monitor_message(await awaitable)


@overload
def recv_monitor_message(socket: FutureSocket, flags: int = ...) -> Future[_MonitorMessage]: ...
@overload
def recv_monitor_message(socket: Socket[bytes], flags: int = ...) -> _MonitorMessage: ...
@overload
def recv_monitor_message(socket: Any, flags: int = ...) -> Any: ...
def recv_monitor_message(socket: Any, flags: int = 0) -> Any:
    """Receive one event from a monitor socket and decode it with :func:`parse_monitor_message`.

    With a blocking socket this returns the dict. With a socket whose ``recv_multipart`` returns a
    future or awaitable (``zmq.asyncio.Socket``, tornado futures) it returns a future/awaitable of
    the dict, so ``await recv_monitor_message(sock)`` works there.

    Parameters
    ----------
    socket : zmq.Socket
        The PAIR socket from ``other.get_monitor_socket()``.
    flags : int
        Receive flags, e.g. ``zmq.NOBLOCK``.
    """
    msg = socket.recv_multipart(flags)
    if isinstance(msg, list):
        return parse_monitor_message(msg)
    if hasattr(msg, "add_done_callback"):
        return _chain(msg)
    if inspect.isawaitable(msg):
        return _parse_later(msg)
    return parse_monitor_message(msg)
