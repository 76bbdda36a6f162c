"""Socket: one libzmq socket, with the hot send/recv paths.

Every call that uses the libzmq socket counts itself in ``_inflight`` while it runs (cffi releases
the GIL around each C call): ``close()`` from another thread meanwhile only marks the socket closed,
and the last call to come back closes it in libzmq (a libzmq socket must not be closed under a call
in progress). A call that would block is first made without blocking; only then does it wait, and
after EINTR (Python has run the signal handlers when the call returned, so Ctrl-C raises) it is
retried for what is left of RCVTIMEO/SNDTIMEO.
"""

from __future__ import annotations

import os
import threading
import time
from errno import EAGAIN, EINTR, ENOTSOCK, ENOTSUP
from typing import Any

from zmq.backend.cffi._base import (
    DONTWAIT,
    DRAFT_API,
    FORK,
    NOT_READY,
    SNDMORE,
    Handle,
    ZMQError,
    default_copy_threshold,
    disown,
    draft_unavailable,
    ffi,
    from_buffer,
    lib,
    raise_with_endpoint,
    raise_zmq,
    reject_str,
    still_owned,
)
from zmq.backend.cffi._zerocopy import init_zerocopy_msg
from zmq.backend.cffi.context import Context, connect_begin, connect_end
from zmq.backend.cffi.frame import Frame, new_msg, new_tracker
from zmq.constants import SocketOption

_T_INT, _T_INT64, _T_BYTES = 0, 1, 2
_OPT_TYPES: dict[int, int] = {}
for _opt in SocketOption:
    _name = _opt._opt_type.name
    _OPT_TYPES[int(_opt)] = (
        _T_INT64 if _name == "int64" else _T_BYTES if _name == "bytes" else _T_INT
    )
del _opt, _name

# the options this module uses itself, as plain ints (compared and passed on every call)
_TYPE, _LINGER = int(SocketOption.TYPE), int(SocketOption.LINGER)
_RCVTIMEO, _SNDTIMEO = int(SocketOption.RCVTIMEO), int(SocketOption.SNDTIMEO)
_ROUTING_ID, _CONNECT_ROUTING_ID = (
    int(SocketOption.ROUTING_ID),
    int(SocketOption.CONNECT_ROUTING_ID),
)
# read as Z85 text
_CURVE_KEYS = tuple(
    int(o)
    for o in (
        SocketOption.CURVE_PUBLICKEY,
        SocketOption.CURVE_SECRETKEY,
        SocketOption.CURVE_SERVERKEY,
    )
)

# libzmq's entry points bound once: on PyPy, looking one up on ``lib`` at every call made 64 B
# messages over tcp 40% slower (the JIT does not fold that lookup away)
_send, _send_msg, _send_frame = lib.pyzmq_send, lib.pyzmq_send_msg, lib.pyzmq_send_frame
_recv, _recv_msg, _recv_done, _unpack = (
    lib.pyzmq_recv,
    lib.pyzmq_recv_msg,
    lib.pyzmq_recv_done,
    ffi.unpack,
)
_getnum, _setnum = lib.pyzmq_getsockopt_num, lib.pyzmq_setsockopt_num
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_INT64_MIN, _INT64_MAX = -(2**63), 2**64 - 1  # uint64 options (AFFINITY) take the upper half

_FINISHED_TRACKER: Any = None


def _finished_tracker() -> Any:
    """zmq._FINISHED_TRACKER, the tracker already done: for 'zero-copy' sends small enough to copy."""
    global _FINISHED_TRACKER
    if _FINISHED_TRACKER is None:
        from zmq.sugar.tracker import _FINISHED_TRACKER
    return _FINISHED_TRACKER


def _collected(gen: int, token: int, handle: Any) -> None:
    if gen == FORK[0] and still_owned(handle, token):
        lib.zmq_close(handle)


def _not_open(sock: Socket) -> None:
    if sock._handle is None:
        raise ZMQError(ENOTSOCK)
    # Inherited through fork(): libzmq's threads and mailboxes stayed with the parent, so any call
    # would fail obscurely (EINTR from libzmq's fork check) or disturb the parent's socket.
    raise ZMQError(
        ENOTSUP,
        f"this socket belongs to the process that created it (pid {sock._pid}), not to this forked "
        "child: create a new Context and sockets after fork()",
    )


def _unhold(sock: Socket) -> None:
    """A call using the socket without the GIL is back: carry out a close() requested meanwhile."""
    if sock._inflight == 0 and sock._closing is not None:
        handle, linger = sock._closing
        sock._closing = None
        disown(handle)
        if linger is not None:
            _setnum(handle, _LINGER, 0, linger)
        lib.zmq_close(handle)


def _blocking(sock: Socket, fn: Any, args: tuple[Any, ...], option: int) -> int:
    """``fn(handle, *args)`` until it succeeds (its result, >= 0); fn returns -errno on failure.

    RCVTIMEO/SNDTIMEO (option) must hold across EINTR: libzmq starts the timeout afresh on every
    call, so a retry after each signal (an interval timer) would otherwise never time out. After
    EINTR the socket's timeout is set to what is left of it, and restored when the call is over.
    """
    timeout = -2  # the socket's own timeout (ms, -1: none), read on the first EINTR
    shortened = False
    start = time.monotonic()
    try:
        while True:
            handle = sock._handle
            if handle is None or sock._fork_gen != FORK[0]:
                _not_open(sock)
            sock._inflight += 1
            try:
                rc = fn(handle, *args)
            finally:
                sock._inflight -= 1
                if sock._closing is not None:
                    _unhold(sock)
            if rc >= 0:
                return int(rc)
            if sock._handle is None:
                raise ZMQError(ENOTSOCK, "the socket was closed while this call was waiting")
            if rc != -EINTR:
                raise_zmq(-rc)
            # EINTR: the signal handlers have run (a raising one, Ctrl-C, ended the call)
            if sock._fork_gen != FORK[0]:
                _not_open(sock)
            if timeout == -2:
                timeout = sock._get_num(option, 0)
            if timeout < 0:
                continue
            left = timeout - int((time.monotonic() - start) * 1000)
            if left <= 0:
                raise_zmq(EAGAIN)
            _setnum(sock._handle, option, 0, left)
            shortened = True
    finally:
        if shortened and sock._handle is not None:
            _setnum(sock._handle, option, 0, timeout)


def _encode_addr(addr: Any) -> bytes:
    if isinstance(addr, str):
        return addr.encode("utf-8")
    if isinstance(addr, bytes):
        return addr
    raise TypeError(f"an endpoint is a str like 'tcp://127.0.0.1:5555', not {type(addr).__name__}")


def _option_name(option: int) -> str:
    try:
        return SocketOption(option).name
    except ValueError:
        return str(option)


def _as_int(option: int, optval: Any, low: int, high: int) -> int:
    if not isinstance(optval, int):
        raise TypeError(
            f"option {_option_name(option)} takes an int, not {type(optval).__name__}: {optval!r:.40}"
        )
    if not low <= optval <= high:
        raise OverflowError(f"value {optval} is out of range for option {_option_name(option)}")
    return optval


def _buffer_of(data: Any) -> Any:
    """A char[] over data's memory (held until the returned object is released or collected)."""
    if isinstance(data, Frame):
        return from_buffer(data._export())
    try:
        return from_buffer(data)
    except TypeError:
        raise TypeError(f"a bytes-like object is required, not '{type(data).__name__}'") from None


class Socket(Handle):
    """The backend socket: one libzmq socket. See :class:`zmq.Socket` for the full API."""

    _pid = 0
    _fork_gen = 0
    _inflight = 0
    _closing: Any = None  # (handle, linger): close() asked for while a call was in progress
    _last_more = False  # RCVMORE of the last frame taken by _try_recv
    _rbuf: Any = None
    _num: Any = None
    context: Any = None
    copy_threshold = 0

    def __init__(
        self,
        context: Any = None,
        socket_type: int = -1,
        *,
        shadow: Any = 0,
        copy_threshold: int | None = None,
    ) -> None:
        if self._handle is not None or self._closing is not None:
            # the libzmq socket we already own would be lost
            raise RuntimeError("Socket.__init__ called on a socket that is already initialised")
        if isinstance(context, Socket):
            # Socket(other_socket): a second Python object on the same libzmq socket.
            shadow = context
            context = context.context
        if copy_threshold is None:
            copy_threshold = default_copy_threshold()
        if not isinstance(copy_threshold, int):
            raise TypeError(f"copy_threshold must be an int, not {type(copy_threshold).__name__}")
        self.copy_threshold = copy_threshold
        self.context = context
        self._pid = os.getpid()
        self._fork_gen = FORK[0]
        self._rbuf = ffi.new("pyzmq_recv_t *")
        self._num = ffi.new("long long *")
        if shadow:
            self._set_shadow(shadow)
            return
        if context is None:
            raise TypeError("a Socket needs a Context (or shadow=an existing socket)")
        if not isinstance(context, Context):
            raise TypeError(f"expected a zmq.Context, got {type(context).__name__}")
        context._check_open()
        if not isinstance(socket_type, int):
            raise TypeError(f"socket_type must be an int, not {type(socket_type).__name__}")
        handle = lib.zmq_socket(context._handle, socket_type)
        if handle == ffi.NULL:
            raise_zmq(ffi.errno)
        self._adopt(handle, _collected, self._fork_gen)

    @property
    def closed(self) -> bool:
        """True once the socket is closed (by close(), or by its context's destroy())."""
        handle = self._handle
        if handle is None:
            return True
        if self._fork_gen != FORK[0]:
            return False
        if _getnum(handle, _TYPE, 0, self._num) == -ENOTSOCK:
            # closed by someone else (a shadow, or Context.destroy()): forget the handle
            self._handle = None
            self._disown()
            disown(handle)
            return True
        return False

    def close(self, linger: int | None = None) -> None:
        """Close the socket; with linger (ms), set LINGER first. Safe to call twice.

        While another thread waits in this socket (recv, send, poll, proxy), the socket is closed
        for every new call at once, and in libzmq when that wait ends (the waiting call then
        raises ENOTSOCK, unless it completed).
        """
        handle = self._handle
        if handle is None:
            return
        if linger is not None:
            linger = _as_int(_LINGER, linger, _INT_MIN, _INT_MAX)
        self._handle = None
        self._disown()
        if self._pid != os.getpid() or self._fork_gen != FORK[0]:
            return
        if self._inflight > 0:
            self._closing = (handle, linger)
            return
        disown(handle)
        if linger is not None:
            _setnum(handle, _LINGER, 0, linger)
        lib.zmq_close(handle)

    # --- options

    def _get_num(self, option: int, is64: int) -> int:
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        num = self._num
        self._inflight += 1
        try:
            rc = _getnum(handle, option, is64, num)
        finally:
            self._inflight -= 1
            if self._closing is not None:
                _unhold(self)
        if rc < 0:
            raise_zmq(-rc)
        return int(num[0])

    def set(self, option: int, optval: Any) -> None:
        """Set a socket option (zmq_setsockopt); the value's type follows the option: int or bytes."""
        if not isinstance(option, int):
            raise TypeError(f"socket options are ints, not {type(option).__name__}")
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        otype = _OPT_TYPES.get(option, _T_INT)
        if otype == _T_BYTES:
            if isinstance(optval, str):
                raise TypeError(
                    f"option {_option_name(option)} takes bytes, not str: encode it or use set_string()"
                )
            buf = optval if type(optval) is bytes else _buffer_of(optval)
            rc = lib.zmq_setsockopt(handle, option, buf, len(buf))
            err = -ffi.errno if rc != 0 else 0
        elif otype == _T_INT64:
            err = _setnum(handle, option, 1, _as_int(option, optval, _INT64_MIN, _INT64_MAX))
        else:
            err = _setnum(handle, option, 0, _as_int(option, optval, _INT_MIN, _INT_MAX))
        if err < 0:
            raise_zmq(-err)

    def get(self, option: int) -> Any:
        """Get a socket option (zmq_getsockopt): an int, or bytes for string/binary options."""
        if not isinstance(option, int):
            raise TypeError(f"socket options are ints, not {type(option).__name__}")
        otype = _OPT_TYPES.get(option, _T_INT)
        if otype == _T_INT:
            return self._get_num(option, 0)
        if otype == _T_INT64:
            return self._get_num(option, 1)
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        size = ffi.new("size_t *", 41 if option in _CURVE_KEYS else 1024)
        buf = ffi.new("char[]", 1024)
        if lib.zmq_getsockopt(handle, option, buf, size) != 0:
            raise_zmq(ffi.errno)
        sz = size[0]
        if sz > 0 and buf[sz - 1] == b"\0" and option not in (_ROUTING_ID, _CONNECT_ROUTING_ID):
            sz -= 1  # a C string: drop its terminating NUL
        return ffi.unpack(buf, sz)

    # --- endpoints

    def bind(self, addr: str | bytes) -> Any:
        """Bind to an endpoint, e.g. ``tcp://127.0.0.1:0``; errors name the endpoint."""
        self._endpoint_call(lib.zmq_bind, addr)

    def connect(self, addr: str | bytes) -> Any:
        """Connect to an endpoint; errors name the endpoint."""
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        key = connect_begin(self.context)  # (see the context module's _connects_running)
        try:
            self._endpoint_call(lib.zmq_connect, addr)
        finally:
            connect_end(key)

    def unbind(self, addr: str | bytes) -> None:
        """Stop listening on an endpoint bound earlier."""
        self._endpoint_call(lib.zmq_unbind, addr)

    def disconnect(self, addr: str | bytes) -> None:
        """Undo an earlier connect()."""
        self._endpoint_call(lib.zmq_disconnect, addr)

    def _endpoint_call(self, fn: Any, addr: Any) -> None:
        c_addr = _encode_addr(addr)
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        self._inflight += 1
        try:
            rc = fn(handle, c_addr)
            err = ffi.errno
        finally:
            self._inflight -= 1
            if self._closing is not None:
                _unhold(self)
        if rc != 0:
            raise_with_endpoint(err, addr)

    def monitor(self, addr: str | bytes | None, events: int = 0xFFFF) -> None:
        """Publish this socket's events on an inproc PAIR endpoint; ``addr=None`` stops monitoring."""
        if not isinstance(events, int):
            raise TypeError(f"events must be an int, not {type(events).__name__}")
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        c_addr = ffi.NULL if addr is None else _encode_addr(addr)
        if lib.zmq_socket_monitor(handle, c_addr, events) != 0:
            raise_with_endpoint(ffi.errno, addr)

    def join(self, group: str | bytes) -> None:
        """Join a RADIO/DISH group (DRAFT API)."""
        if not DRAFT_API:
            draft_unavailable("Socket.join")
        self._group_call(lib.zmq_join, group)

    def leave(self, group: str | bytes) -> None:
        """Leave a RADIO/DISH group (DRAFT API)."""
        if not DRAFT_API:
            draft_unavailable("Socket.leave")
        self._group_call(lib.zmq_leave, group)

    def _group_call(self, fn: Any, group: Any) -> None:
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        if isinstance(group, str):
            group = group.encode("utf-8")
        if fn(handle, group) != 0:
            raise_zmq(ffi.errno)

    # --- sending

    def _send_copy(self, handle: Any, buf: Any, nbytes: int, flags: int) -> None:
        self._inflight += 1
        try:
            rc = _send(handle, buf, nbytes, flags | DONTWAIT)
        finally:
            self._inflight -= 1
            if self._closing is not None:
                _unhold(self)
        if rc < 0:
            if rc != -EAGAIN or flags & DONTWAIT:
                raise_zmq(-rc)
            _blocking(self, _send, (buf, nbytes, flags), _SNDTIMEO)

    def _send_msg(self, handle: Any, msg: Any, flags: int) -> None:
        """Send msg; on failure it is closed (its content released)."""
        self._inflight += 1
        try:
            rc = _send_msg(handle, msg, flags | DONTWAIT)
        finally:
            self._inflight -= 1
            if self._closing is not None:
                _unhold(self)
        if rc < 0:
            try:
                if rc != -EAGAIN or flags & DONTWAIT:
                    raise_zmq(-rc)
                _blocking(self, _send_msg, (msg, flags), _SNDTIMEO)
            except BaseException:
                lib.zmq_msg_close(msg)
                lib.zmq_msg_init(msg)
                raise

    def _send_frame(self, handle: Any, frame: Frame, flags: int) -> Any:
        """Send a reference to frame's content (libzmq counts references); returns its tracker."""
        msg = frame._msg
        self._inflight += 1
        try:
            rc = _send_frame(handle, msg, flags | DONTWAIT)
        finally:
            self._inflight -= 1
            if self._closing is not None:
                _unhold(self)
        if rc < 0:
            if rc != -EAGAIN or flags & DONTWAIT:
                raise_zmq(-rc)
            _blocking(self, _send_frame, (msg, flags), _SNDTIMEO)
        return frame.tracker

    def _send_view(
        self, handle: Any, data: Any, buf: Any, flags: int, copy: bool, track: bool
    ) -> Any:
        """Send a buffer already acquired from data: copied, or shared (zero-copy)."""
        if copy:
            self._send_copy(handle, buf, len(buf), flags)
            return None
        if len(buf) < self.copy_threshold:
            # small buffers are cheaper to copy than to hand over and collect
            self._send_copy(handle, buf, len(buf), flags)
            return _finished_tracker() if track else None
        event = threading.Event() if track else None
        msg = new_msg()
        init_zerocopy_msg(msg, data, event)
        self._send_msg(handle, msg, flags)
        return new_tracker(event) if track else None

    def _send_one(self, data: Any, flags: int, copy: bool, track: bool) -> Any:
        """Send one part; returns its MessageTracker (track with a zero-copy send) or None."""
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        if type(data) is bytes:
            if copy or (not track and len(data) < self.copy_threshold):
                self._send_copy(handle, data, len(data), flags)
                return None
        elif isinstance(data, Frame):
            if track and data.tracker is None:
                raise ValueError("track=True needs a tracked Frame: Frame(data, track=True)")
            return self._send_frame(handle, data, flags)
        else:
            reject_str(data)
        buf = _buffer_of(data)
        try:
            return self._send_view(handle, data, buf, flags, copy, track)
        finally:
            ffi.release(buf)

    def send(
        self,
        data: Any,
        flags: int = 0,
        copy: bool = True,
        track: bool = False,
        routing_id: int | None = None,
        group: str | None = None,
    ) -> Any:
        """Send one message frame: bytes, any buffer, or a Frame.

        With ``copy=False`` a buffer of at least ``copy_threshold`` bytes is shared with libzmq
        instead of copied; with ``track=True`` as well, a MessageTracker tells when libzmq is done
        with it. Returns that tracker, or None.
        """
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        if type(data) is bytes and copy and routing_id is None and group is None:
            # the hot path: a copied bytes frame
            self._inflight += 1
            try:
                rc = _send(handle, data, len(data), flags | DONTWAIT)
            finally:
                self._inflight -= 1
                if self._closing is not None:
                    _unhold(self)
            if rc < 0:
                if rc != -EAGAIN or flags & DONTWAIT:
                    raise_zmq(-rc)
                _blocking(self, _send, (data, len(data), flags), _SNDTIMEO)
            return None
        if routing_id is not None or group is not None:
            data = routed_frame(self, data, routing_id, group, copy, track)
        return self._send_one(data, flags, copy, track)

    def send_multipart(
        self, msg_parts: Any, flags: int = 0, copy: bool = True, track: bool = False, **kwargs: Any
    ) -> Any:
        """Send a sequence of frames as one multipart message (SNDMORE on all but the last).

        Every part is checked before anything is sent, so a bad part never leaves half a message
        queued. Returns the last part's MessageTracker when tracking a zero-copy send, else None.
        """
        return self._send_multipart(msg_parts, flags, copy, track)

    def _send_multipart(self, msg_parts: Any, flags: int, copy: bool, track: bool) -> Any:
        # Every part is checked (type, tracker, buffer and contiguity) before the first is queued: a
        # failure halfway would leave half a message on the socket. Buffers are held until the end,
        # so a part cannot change shape (or be released) while an earlier one waits to be sent.
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        if type(msg_parts) is not tuple:
            msg_parts = tuple(
                msg_parts
            )  # a list changed by another thread meanwhile changes nothing
        n = len(msg_parts)
        if n == 0:
            raise ValueError("cannot send an empty multipart message")
        bufs: list[Any] | None = None
        buffer_error = None
        try:
            for i in range(n):
                part = msg_parts[i]
                if type(part) is bytes:
                    continue
                if isinstance(part, Frame):
                    if track and part.tracker is None:
                        raise ValueError(
                            f"Frame {i}: track=True needs tracked Frames: Frame(data, track=True)"
                        )
                    continue
                if bufs is None:
                    bufs = [None] * n
                if isinstance(part, str):
                    raise TypeError(_not_a_buffer(i, part))
                try:
                    bufs[i] = from_buffer(part)
                except TypeError:
                    raise TypeError(_not_a_buffer(i, part)) from None
                except (BufferError, ValueError) as e:
                    if buffer_error is None:
                        buffer_error = BufferError(
                            f"Frame {i} ({part!r:.32}) is not one contiguous buffer: {e}"
                        )
            if buffer_error is not None:
                raise buffer_error
            result = None
            last = n - 1
            for i in range(n):
                part = msg_parts[i]
                part_flags = flags | SNDMORE if i < last else flags
                if type(part) is bytes:
                    if copy or (not track and len(part) < self.copy_threshold):
                        self._send_copy(handle, part, len(part), part_flags)
                        result = None
                    else:
                        result = self._send_one(part, part_flags, copy, track)
                elif bufs is not None and bufs[i] is not None:
                    result = self._send_view(handle, part, bufs[i], part_flags, copy, track)
                else:
                    result = self._send_one(part, part_flags, copy, track)
                handle = self._handle
                if handle is None:
                    _not_open(self)
            return result
        finally:
            if bufs is not None:
                for buf in bufs:
                    if buf is not None:
                        ffi.release(buf)

    # --- receiving

    def _recv_bytes(self, flags: int) -> bytes:
        """One frame as bytes; RCVMORE of it in _rbuf.more."""
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        r = self._rbuf
        self._inflight += 1
        try:
            rc = _recv(handle, r, flags | DONTWAIT)
        finally:
            self._inflight -= 1
            if self._closing is not None:
                _unhold(self)
        if rc < 0:
            if rc != -EAGAIN or flags & DONTWAIT:
                raise_zmq(-rc)
            _blocking(self, _recv, (r, flags), _RCVTIMEO)
        data: bytes = _unpack(r.data, r.size)
        if r.open:
            _recv_done(r)
        return data

    def _recv_frame(self, flags: int) -> Frame:
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        frame = Frame.__new__(Frame)
        msg = frame._msg
        self._inflight += 1
        try:
            rc = _recv_msg(handle, msg, flags | DONTWAIT)
        finally:
            self._inflight -= 1
            if self._closing is not None:
                _unhold(self)
        if rc < 0:
            if rc != -EAGAIN or flags & DONTWAIT:
                raise_zmq(-rc)
            _blocking(self, _recv_msg, (msg, flags), _RCVTIMEO)
        frame.more = bool(lib.zmq_msg_more(msg))
        return frame

    def recv(self, flags: int = 0, copy: bool = True, track: bool = False) -> Any:
        """Receive one message frame: bytes, or a Frame with ``copy=False``."""
        if copy:
            return self._recv_bytes(flags)
        frame = self._recv_frame(flags)
        if track:
            frame.tracker_event = threading.Event()
            frame.tracker_event.set()
            frame.tracker = new_tracker(frame.tracker_event)
        return frame

    def recv_multipart(self, flags: int = 0, copy: bool = True, track: bool = False) -> Any:
        """Receive all frames of one multipart message, as a list of bytes (or Frames)."""
        if copy:
            parts: list[Any] = [self._recv_bytes(flags)]
            r = self._rbuf
            while r.more:
                parts.append(self._recv_bytes(flags))
            return parts
        frame = self._recv_frame(flags)
        parts = [frame]
        while frame.more:
            frame = self._recv_frame(flags)
            parts.append(frame)
        return parts

    def recv_into(self, buffer: Any, /, *, nbytes: int = 0, flags: int = 0) -> int:
        """Receive one frame into a writable buffer, without allocating.

        Receives at most ``nbytes`` bytes (default: the buffer's size). Returns the size of the
        message, which is larger than what was stored when the message was truncated.
        """
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        if not isinstance(nbytes, int) or not isinstance(flags, int):
            raise TypeError("nbytes and flags must be ints")
        if nbytes < 0:
            raise ValueError(f"nbytes must be non-negative, not {nbytes}")
        if isinstance(buffer, Frame):
            buffer = buffer._export()
        try:
            buf = from_buffer(buffer, require_writable=True)
        except TypeError:
            raise TypeError(
                f"recv_into needs a writable buffer, not {type(buffer).__name__}"
            ) from None
        try:
            if nbytes == 0:
                nbytes = len(buf)
            elif nbytes > len(buf):
                raise ValueError(f"nbytes={nbytes} is larger than the buffer ({len(buf)} bytes)")
            self._inflight += 1
            try:
                rc = lib.pyzmq_recv_into(handle, buf, nbytes, flags | DONTWAIT)
            finally:
                self._inflight -= 1
                if self._closing is not None:
                    _unhold(self)
            if rc < 0:
                if rc != -EAGAIN or flags & DONTWAIT:
                    raise_zmq(-rc)
                rc = _blocking(self, lib.pyzmq_recv_into, (buf, nbytes, flags), _RCVTIMEO)
            return int(rc)
        finally:
            ffi.release(buf)

    def _try_recv(self, copy: bool = True, multipart: bool = False) -> Any:
        """Receive one frame (or, with multipart, all frames) without blocking; NOT_READY if none."""
        handle = self._handle
        if handle is None or self._fork_gen != FORK[0]:
            _not_open(self)
        if copy:
            r = self._rbuf
            self._inflight += 1
            try:
                rc = _recv(handle, r, DONTWAIT)
            finally:
                self._inflight -= 1
                if self._closing is not None:
                    _unhold(self)
            if rc < 0:
                if rc == -EAGAIN:
                    return NOT_READY
                raise_zmq(-rc)
            first: Any = _unpack(r.data, r.size)
            if r.open:
                _recv_done(r)
            more = r.more
        else:
            frame = Frame.__new__(Frame)
            self._inflight += 1
            try:
                rc = _recv_msg(handle, frame._msg, DONTWAIT)
            finally:
                self._inflight -= 1
                if self._closing is not None:
                    _unhold(self)
            if rc < 0:
                if rc == -EAGAIN:
                    return NOT_READY
                raise_zmq(-rc)
            more = frame.more = bool(lib.zmq_msg_more(frame._msg))
            first = frame
        self._last_more = bool(more)
        if not multipart:
            return first
        parts = [first]
        # the rest of a multipart message is already here: it arrives atomically
        while self._last_more:
            if copy:
                parts.append(self._recv_bytes(0))
                self._last_more = bool(self._rbuf.more)
            else:
                frame = self._recv_frame(0)
                self._last_more = frame.more
                parts.append(frame)
        return parts

    def _try_send(
        self,
        data: Any,
        flags: int = 0,
        copy: bool = True,
        track: bool = False,
        multipart: bool = False,
    ) -> Any:
        """send() or send_multipart() without blocking: its result, or NOT_READY if it would block."""
        try:
            if multipart:
                return self._send_multipart(data, flags | DONTWAIT, copy, track)
            return self._send_one(data, flags | DONTWAIT, copy, track)
        except ZMQError as e:
            if e.errno == EAGAIN:
                return NOT_READY
            raise


def _not_a_buffer(i: int, part: Any) -> str:
    return (
        f"Frame {i} ({part!r:.32}) does not support the buffer interface: "
        "send bytes, a buffer or a Frame (encode str parts, or use send_string)"
    )


def routed_frame(
    socket: Socket,
    data: Any,
    routing_id: int | None = None,
    group: str | bytes | None = None,
    copy: bool = True,
    track: bool = False,
) -> Frame:
    """data as a Frame carrying routing_id (SERVER) and group (RADIO), made as socket.send makes it.

    A Frame passed in is labelled in place; other data is wrapped honouring the socket's
    copy_threshold. Event-loop integrations call it once when a send is queued, and retry with
    the result.
    """
    if not isinstance(socket, Socket):
        raise TypeError(f"expected a zmq.Socket, got {type(socket).__name__}")
    if not isinstance(data, Frame):
        # copy=False shares only what the socket would share (copy=None: by copy_threshold)
        data = Frame(
            data, track=track, copy=True if copy else None, copy_threshold=socket.copy_threshold
        )
    if routing_id is not None:
        data.routing_id = routing_id
    if group is not None:
        data.group = group
    return data
