"""Compatibility shim for ``zmq.utils.garbage.gc``.

pyzmq ran a Python thread (the "garbage collector") that released the memory of zero-copy sends once
libzmq was done with it. Here that job belongs to the compiled backend: a native collector thread
started on the first zero-copy send in each process (again after fork). This module keeps the old
name importable and reports on that collector honestly; there is nothing for callers to manage.
"""

from __future__ import annotations

import threading

__all__ = ["GarbageCollector", "gc"]


def _collector_thread() -> threading.Thread | None:
    from zmq import backend

    thread = getattr(backend._collector_module, "_collector_thread", None)
    return thread if isinstance(thread, threading.Thread) else None


class GarbageCollector:
    """A view of the backend's zero-copy collector thread, in place of pyzmq's GarbageCollector.

    The collector starts by itself when needed and lives as long as the process, so :meth:`start`
    and :meth:`stop` change nothing: stopping it would leak every buffer still shared with libzmq.
    """

    def start(self) -> None:
        """Do nothing: the collector starts on the first zero-copy send (``copy=False``)."""

    def stop(self) -> None:
        """Do nothing: the collector must outlive every zero-copy message, so it is never stopped."""

    def is_alive(self) -> bool:
        """True when the collector runs in this process, i.e. after a zero-copy send here."""
        from zmq import backend

        return bool(backend._collector_alive())

    @property
    def thread(self) -> threading.Thread | None:
        """The backend's collector thread, or None before the first zero-copy send (and under gevent's
        monkey-patching, where it runs on a native thread that threading does not list)."""
        return _collector_thread()

    def __repr__(self) -> str:
        state = "running" if self.is_alive() else "not started"
        return f"<{type(self).__module__}.{type(self).__name__} ({state})>"


gc = GarbageCollector()
"""The process-wide collector view, the name pyzmq exported."""
