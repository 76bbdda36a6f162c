"""Zero-copy sends: libzmq shares the memory of a Python buffer until it is done with it.

``ffi.from_buffer`` holds the buffer (and keeps its object alive); the holder waits in ``_pending``
under an id that libzmq's free callback (in C, see _source.h) queues when it drops the message.
The collector thread, woken through an eventfd, releases the buffers of queued ids and sets their
MessageTracker events.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
from typing import Any

from zmq.backend.cffi._base import ffi, from_buffer, lib, raise_zmq

# id -> (the from_buffer holder, the tracker's Event or None, the object whose memory is shared)
_pending: dict[int, tuple[Any, Any, Any]] = {}
_ids = itertools.count(1)
_collector_pid = -1
_collector_fd = -1
_collector_lock = threading.Lock()
_collector_thread: threading.Thread | None = None
_DRAIN = 256


def _collector_main(fd: int) -> None:
    """Body of the collector thread: wait for released buffers, release them, repeat."""
    # Signals belong to the main thread, where they interrupt blocking calls (Ctrl-C in recv()).
    import signal  # here, not at import: it is slow to import on PyPy and only this thread needs it

    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    except (AttributeError, OSError, ValueError):
        pass
    ids = ffi.new("unsigned long long[]", _DRAIN)
    pending = _pending
    while True:
        try:
            os.read(fd, 8)
        except InterruptedError:
            continue
        except OSError:
            return
        if fd != _collector_fd:
            return
        while True:
            n = lib.pyzmq_zc_drain(ids, _DRAIN)
            for i in range(n):
                entry = pending.pop(ids[i], None)
                if entry is not None:
                    _finish(*entry)
            entry = None  # nothing of the last buffer stays referenced while we wait
            if n < _DRAIN:
                break


def _finish(holder: Any, event: Any, owner: Any) -> None:
    ffi.release(holder)
    if event is not None:
        try:
            event.set()
        except BaseException:
            pass


def _patched_start_new_thread() -> Any:
    """The OS's start_new_thread when gevent has monkey-patched threading, else None.

    Patched, threading.Thread makes a greenlet: the collector would block the hub's only OS thread.
    """
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("threading"):
        return monkey.get_original("_thread", "start_new_thread")
    return None


def _collector_alive() -> bool:
    """Whether this process's zero-copy collector has been started (it then runs until exit)."""
    return _collector_pid == os.getpid()


def _zerocopy_refs() -> dict[int, tuple[Any, Any]]:
    """{key: (buffer owner, tracker event or None)} for every zero-copy buffer libzmq still holds
    (for zmq.utils.garbage)."""
    if _collector_pid != os.getpid():
        return {}  # a forked child: what it inherited belongs to the parent's libzmq
    return {key: (entry[2], entry[1]) for key, entry in list(_pending.items())}


def _ensure_collector() -> None:
    """Start the collector on first use in this process (again in a forked child)."""
    global _collector_pid, _collector_fd, _collector_thread
    pid = os.getpid()
    if _collector_pid == pid:
        return
    with _collector_lock:
        if _collector_pid == pid:
            return
        fd = lib.pyzmq_zc_reset()
        _pending.clear()  # a forked child's: they name buffers the parent's libzmq holds
        if fd < 0:
            raise OSError(-fd, "cannot create the zero-copy collector's eventfd")
        _collector_fd = fd
        start_native = _patched_start_new_thread()
        if start_native is None:
            _collector_thread = threading.Thread(
                target=_collector_main, args=(fd,), name="zmq-zerocopy-collector", daemon=True
            )
            _collector_thread.start()
        else:
            _collector_thread = None
            start_native(_collector_main, (fd,))
        _collector_pid = pid


def init_zerocopy_msg(msg: Any, data: Any, event: Any) -> bool:
    """Make msg share data's memory; event (or None) is set once libzmq releases it.

    Returns whether the shared memory is read-only (the object is immutable).
    """
    if _collector_pid != os.getpid():
        _ensure_collector()
    holder = from_buffer(data)
    readonly = type(data) is bytes
    if not readonly:
        with memoryview(data) as view:
            readonly = view.readonly
    ident = next(_ids)
    _pending[ident] = (holder, event, data)
    rc = lib.pyzmq_zc_init(msg, holder, len(holder), ident)
    if rc < 0:
        del _pending[ident]
        ffi.release(holder)
        raise_zmq(-rc)
    return readonly
