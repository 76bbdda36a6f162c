"""Frame: one zmq_msg_t, for non-copying sends and receives and for message properties."""

from __future__ import annotations

import builtins
import gc
import sys
import threading
from typing import TYPE_CHECKING, Any

from zmq.backend.cffi._base import (
    DRAFT_API,
    default_copy_threshold,
    draft_unavailable,
    ffi,
    from_buffer,
    lib,
    raise_zmq,
    reject_str,
)
from zmq.backend.cffi._zerocopy import init_zerocopy_msg

_msg_new = lib.pyzmq_msg_new
_msg_free = lib.pyzmq_msg_free
_gc = ffi.gc
_MSG_SIZE = ffi.sizeof("zmq_msg_t")
_EMPTY_ARRAY = ffi.new("char[1]")
_EMPTY = ffi.cast("char *", _EMPTY_ARRAY)  # where an empty message's buffer points
_MessageTracker: Any = None
# A Python class exports its buffer through __buffer__ (PEP 688). CPython reports the release
# (__release_buffer__: natively from 3.12, before that through the small C base class of _buffer);
# PyPy calls __buffer__ but never reports a release, so there the export is counted until the
# garbage collector frees the view (and collected first when the count would refuse something).
_RELEASE_HOOK = sys.implementation.name != "pypy"
if _RELEASE_HOOK and sys.version_info < (3, 12) and not TYPE_CHECKING:
    from zmq.backend.cffi._buffer import BufferExporter as _FrameBase
else:
    _FrameBase = object


def new_tracker(event: Any) -> Any:
    global _MessageTracker
    if _MessageTracker is None:
        from zmq.sugar.tracker import MessageTracker as _MessageTracker
    return _MessageTracker(event)


def new_msg() -> Any:
    """An empty zmq_msg_t, closed and freed when the returned cdata is collected."""
    raw = _msg_new()
    if raw == ffi.NULL:
        raise MemoryError()
    return _gc(raw, _msg_free, _MSG_SIZE)


def _no_op(_: Any) -> None:
    pass


def _format_size(nbytes: int) -> str:
    if nbytes >= 1_000_000_000:
        return f"{nbytes / 1e9:.0f}GB"
    if nbytes >= 1_000_000:
        return f"{nbytes / 1e6:.0f}MB"
    if nbytes >= 1_000:
        return f"{nbytes / 1e3:.0f}kB"
    return f"{nbytes}B"


class Frame(_FrameBase):
    """Frame(data=None, track=False, copy=None, copy_threshold=None)

    A message frame, wrapping one libzmq ``zmq_msg_t``.

    Built from bytes or any object with the buffer interface. Large buffers (at least
    ``copy_threshold`` bytes, or any size with ``copy=False``) are shared with libzmq rather than
    copied; the object is kept alive until libzmq is done with it, which ``tracker`` reports when
    ``track=True``. Frames returned by ``recv(copy=False)`` also give access to message properties:
    ``frame["User-Id"]``, ``frame.get("Socket-Type")``.
    """

    __slots__ = (
        "__weakref__",
        "_bytes",
        "_data",
        "_exports",
        "_msg",
        "_readonly",
        "more",
        "tracker",
        "tracker_event",
    )

    _bytes: builtins.bytes | None
    _data: Any
    _exports: int
    _msg: Any
    _readonly: bool
    more: bool
    tracker: Any
    tracker_event: Any

    def __new__(cls, *args: Any, **kwargs: Any) -> Frame:
        self = _FrameBase.__new__(cls)
        self._msg = new_msg()
        self._data = None
        self._bytes = None
        self._readonly = False
        self._exports = 0
        self.tracker_event = None
        self.tracker = None
        self.more = False
        return self

    def __init__(
        self,
        data: Any = None,
        track: bool = False,
        copy: bool | None = None,
        copy_threshold: int | None = None,
    ) -> None:
        # Everything is built aside (in msg) and checked before the current content is touched, so a
        # failed (re-)initialisation leaves the Frame as it was.
        if self._exports and not _RELEASE_HOOK:
            gc.collect()  # PyPy: views already released are freed (and uncounted) only now
        if self._exports:
            raise BufferError(
                "cannot re-initialise a Frame while its buffer is exported (release the memoryview first)"
            )
        event = threading.Event() if track else None
        readonly = False
        msg = new_msg()
        if data is not None:
            reject_str(data)
            if isinstance(data, Frame):
                if data is self and not copy:
                    raise BufferError("cannot re-initialise a Frame from its own buffer")
                source: Any = data._export()
            else:
                source = data
            if copy is None:
                if copy_threshold is None:
                    copy_threshold = default_copy_threshold()
                with memoryview(source) as size_view:
                    copy = size_view.nbytes < copy_threshold
            if copy:
                buf = source if type(source) is bytes else from_buffer(source)
                rc = lib.pyzmq_msg_init_copy(msg, buf, len(buf))
                if rc < 0:
                    raise_zmq(-rc)
            else:
                readonly = init_zerocopy_msg(msg, source, event)
            if self._exports:
                raise BufferError("cannot re-initialise a Frame from its own buffer")
        self._msg = msg  # the previous content is released when no view holds it any more
        self._data = data if not copy else None
        self._bytes = data if copy and type(data) is bytes else None
        self._readonly = readonly
        self.more = False
        self.tracker_event = event
        self.tracker = new_tracker(event) if track else None
        if event is not None and (data is None or copy):
            event.set()  # libzmq never held our memory

    # --- content

    def _content_bytes(self) -> builtins.bytes:
        data = self._bytes
        if data is not None:
            return data
        msg = self._msg
        size = lib.zmq_msg_size(msg)
        # (an empty message may have no data pointer at all)
        data = ffi.unpack(ffi.cast("char *", lib.zmq_msg_data(msg)), size) if size else b""
        if self._readonly or not self._exports:
            # cached only while nobody can write through our buffer
            self._bytes = data
        return data

    def _export(self, counted: bool = False) -> memoryview:
        """A memoryview of the content. It keeps the message alive, even past a re-initialisation.

        ``counted``: an export to the outside (__buffer__), which re-initialisation must wait for.
        """
        msg = self._msg
        size = lib.zmq_msg_size(msg)
        data = ffi.cast("char *", lib.zmq_msg_data(msg)) if size else _EMPTY
        # the view holds this pointer, whose destructor holds the message
        if counted and not _RELEASE_HOOK:
            self._exports += 1
            ptr = _gc(data, lambda _, msg=msg, frame=self: frame._uncount())
        else:
            ptr = _gc(data, lambda _, msg=msg: None)
        view = memoryview(ffi.buffer(ptr, size))
        if self._readonly:
            return view.toreadonly()
        self._bytes = None  # the content may change through this view
        return view

    def _uncount(self) -> None:
        self._exports -= 1

    @property
    def bytes(self) -> bytes:
        """The content as bytes (copied once, until the content is written through its buffer)."""
        return self._content_bytes()

    @property
    def buffer(self) -> memoryview:
        """A memoryview of the content, without copying."""
        return memoryview(self)

    def __buffer__(self, flags: int) -> memoryview:
        view = self._export(counted=True)
        if _RELEASE_HOOK:
            self._exports += 1
        return view

    def __release_buffer__(self, view: memoryview) -> None:
        self._exports -= 1

    def __bytes__(self) -> builtins.bytes:
        return self._content_bytes()

    def __len__(self) -> int:
        return int(lib.zmq_msg_size(self._msg))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Frame):
            return self._content_bytes() == other._content_bytes()
        if isinstance(other, bytes):
            return self._content_bytes() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._content_bytes())

    def __copy__(self) -> Frame:
        return self.fast_copy()

    def fast_copy(self) -> Frame:
        """A new Frame sharing this one's content (libzmq reference-counts it)."""
        other = Frame.__new__(Frame)
        if lib.zmq_msg_copy(other._msg, self._msg) != 0:
            raise_zmq(ffi.errno)
        other._data = self._data
        other._bytes = self._bytes
        other._readonly = self._readonly
        other.tracker_event = self.tracker_event
        other.tracker = self.tracker
        return other

    def __repr__(self) -> str:
        nbytes = len(self)
        if nbytes <= 16:
            return f"<zmq.{type(self).__name__}({self._content_bytes()!r})>"
        head = ffi.unpack(ffi.cast("char *", lib.zmq_msg_data(self._msg)), 12)
        return f"<zmq.{type(self).__name__}({head!r}...{_format_size(nbytes)})>"

    __str__ = __repr__

    # --- options and properties

    def get(self, option: Any) -> Any:
        """Get a message option (an int, e.g. ``zmq.MORE``) or property (a str, e.g. ``"User-Id"``)."""
        if isinstance(option, str):
            if option == "routing_id":
                return self.routing_id
            if option == "group":
                return self.group
            value = lib.zmq_msg_gets(self._msg, option.encode("utf-8"))
            if value == ffi.NULL:
                raise_zmq(ffi.errno)
            return ffi.string(value).decode("utf-8")
        if isinstance(option, bytes):
            return self.get(option.decode("utf-8"))
        rc = lib.zmq_msg_get(self._msg, option)
        if rc == -1:
            raise_zmq(ffi.errno)
        return rc

    def set(self, option: Any, value: Any) -> None:
        """Set a message option (``routing_id``, ``group`` with the DRAFT API, or an int option)."""
        if option == "routing_id":
            self.routing_id = value
            return
        if option == "group":
            self.group = value
            return
        if lib.zmq_msg_set(self._msg, option, value) != 0:
            raise_zmq(ffi.errno)

    def __getitem__(self, key: Any) -> Any:
        return self.get(key)

    @property
    def routing_id(self) -> int | None:
        """The CLIENT/SERVER routing id of the message (DRAFT API), or None when unset."""
        rid = lib.zmq_msg_routing_id(self._msg)
        if rid == 0:
            if not DRAFT_API:
                draft_unavailable("Frame.routing_id")
            return None
        return int(rid)

    @routing_id.setter
    def routing_id(self, value: int) -> None:
        if not DRAFT_API:
            draft_unavailable("Frame.routing_id")
        if lib.zmq_msg_set_routing_id(self._msg, value) != 0:
            raise_zmq(ffi.errno)

    @property
    def group(self) -> str | None:
        """The RADIO/DISH group of the message (DRAFT API), or None when unset."""
        group = lib.zmq_msg_group(self._msg)
        if group == ffi.NULL:
            if not DRAFT_API:
                draft_unavailable("Frame.group")
            return None
        return str(ffi.string(group).decode("utf-8"))

    @group.setter
    def group(self, value: str | builtins.bytes) -> None:
        if not DRAFT_API:
            draft_unavailable("Frame.group")
        if isinstance(value, str):
            value = value.encode("utf-8")
        if lib.zmq_msg_set_group(self._msg, value) != 0:
            raise_zmq(ffi.errno)


Message = Frame
