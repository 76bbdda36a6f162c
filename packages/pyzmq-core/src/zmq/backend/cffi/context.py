"""Context: owns (or shadows) one libzmq context."""

from __future__ import annotations

import os
import time
from _thread import allocate_lock
from errno import EINVAL, ENOTSUP
from typing import Any

from zmq.backend.cffi._base import (
    Handle,
    ZMQError,
    disown,
    ffi,
    lib,
    raise_zmq,
    still_owned,
)
from zmq.constants import ContextOption, Errno

_IO_THREADS = int(ContextOption.IO_THREADS)

# zmq_ctx_term() first connects up the inproc connects still waiting for a bind (so that their
# sockets can finish closing), then stops the sockets. A zmq_connect() running meanwhile in another
# thread, past its own ETERM check, can add such a connection after that step; its socket then never
# finishes closing and zmq_ctx_term() waits forever. So term() refuses new connects in its context
# and waits for the running ones first (as the Cython backend does), keyed by the libzmq context's
# address so that shadowing Context objects share the record.
_connects_lock = allocate_lock()
_connects_running: dict[int, int] = {}  # context address -> zmq_connect() calls running
_terminating: set[int] = set()  # context addresses whose term() has begun


def connect_begin(context: Any) -> int:
    """Count a zmq_connect() about to run in context: the key for connect_end (0: untracked)."""
    if not isinstance(context, Context):
        return 0  # a socket shadowing a bare address: its context is unknown
    handle = context._handle
    key = 0 if handle is None else int(ffi.cast("size_t", handle))
    with _connects_lock:
        if key == 0 or key in _terminating:
            raise_zmq(Errno.ETERM)
        _connects_running[key] = _connects_running.get(key, 0) + 1
    return key


def connect_end(key: int) -> None:
    if key:
        with _connects_lock:
            n = _connects_running.pop(key) - 1
            if n:
                _connects_running[key] = n


def _wait_for_connects(key: int) -> None:
    """Sleep until no zmq_connect() runs in that context (each returns without waiting for a peer)."""
    while key in _connects_running:
        time.sleep(0.0002)


def _collected(pid: int, token: int, handle: Any) -> None:
    # Only the process that created the context may terminate it; after fork() the child's copy
    # belongs to the parent. Sockets may still be lingering over undelivered messages (LINGER
    # defaults to forever), so the termination runs on a thread of its own: collecting a context,
    # or exiting the interpreter, never waits for the network. When no thread can be started, the
    # context is left unterminated: leaking it is better than blocking the collecting thread.
    if os.getpid() == pid and still_owned(handle, token):
        lib.pyzmq_term_in_background(handle)


class Context(Handle):
    """Context(io_threads=1, shadow=0)

    The backend context: a libzmq context and its options. See :class:`zmq.Context` for the full API.
    """

    _closed = True
    _pid = 0

    def __init__(self, io_threads: int = 1, shadow: Any = 0) -> None:
        if self._handle is not None or not self._closed:
            # the libzmq context we already own would be lost (and its sockets orphaned)
            raise RuntimeError("Context.__init__ called on a context that is already initialised")
        if not isinstance(io_threads, int):
            raise TypeError(f"io_threads must be an int, not {type(io_threads).__name__}")
        self._pid = os.getpid()
        if shadow:
            self._set_shadow(shadow)
        else:
            handle = lib.zmq_ctx_new()
            if handle == ffi.NULL:
                raise_zmq(ffi.errno)
            if io_threads != 1 and lib.zmq_ctx_set(handle, _IO_THREADS, io_threads) != 0:
                err = ffi.errno
                lib.zmq_ctx_term(handle)  # no sockets yet: returns at once
                raise_zmq(err)
            self._adopt(handle, _collected, self._pid)
        self._closed = False

    @property
    def closed(self) -> bool:
        """True once the context has been terminated."""
        return self._closed

    def term(self) -> None:
        """Terminate the context: interrupt blocking calls in its sockets, then wait for them to close."""
        handle = self._handle
        if handle is None or self._closed:
            return
        if os.getpid() != self._pid:
            # A forked child's copy belongs to the parent; just forget it.
            self._disown()
            self._closed = True
            self._handle = None
            return
        # Claim the handle before blocking: a second term() (another thread) then returns at once
        # instead of terminating the same libzmq context twice.
        self._handle = None
        owner, self._owner = self._owner, None
        key = int(ffi.cast("size_t", handle))
        with _connects_lock:
            _terminating.add(key)
        try:
            _wait_for_connects(key)
            while True:
                rc = lib.zmq_ctx_term(handle)
                err = ffi.errno
                if rc == 0:
                    break
                if err != 4:  # EINTR: signal handlers ran when the call returned; retry
                    raise_zmq(err)
        except BaseException:
            self._handle, self._owner = handle, owner  # interrupted (Ctrl-C): still alive
            raise
        finally:
            with _connects_lock:
                _terminating.discard(key)
        if owner is not None:
            ffi.gc(owner, None)
        disown(handle)
        self._closed = True

    def _shutdown(self) -> None:
        """Make blocking calls in this context's sockets raise ContextTerminated, without waiting."""
        if (
            self._handle is not None
            and not self._closed
            and lib.zmq_ctx_shutdown(self._handle) != 0
        ):
            raise_zmq(ffi.errno)

    def _check_open(self) -> None:
        if self._handle is None or self._closed:
            raise ZMQError(ENOTSUP, "Context has been terminated")

    def set(self, option: int, optval: Any) -> None:
        """Set a context option (zmq_ctx_set), e.g. ``zmq.IO_THREADS`` or ``zmq.MAX_SOCKETS``."""
        if not isinstance(option, int):
            raise TypeError(f"context options are ints, not {type(option).__name__}")
        self._check_open()
        if not isinstance(optval, int):
            raise TypeError(f"context option values are ints, not {type(optval).__name__}")
        if lib.zmq_ctx_set(self._handle, option, optval) != 0:
            raise_zmq(ffi.errno)

    def get(self, option: int) -> int:
        """Get a context option (zmq_ctx_get)."""
        if not isinstance(option, int):
            raise TypeError(f"context options are ints, not {type(option).__name__}")
        self._check_open()
        ffi.errno = 0  # some options are legitimately -1, so errno tells failure apart
        rc = lib.zmq_ctx_get(self._handle, option)
        if rc == -1 and ffi.errno == EINVAL:
            raise_zmq(EINVAL)
        return int(rc)
