"""The zero-copy collector, under pyzmq's names: ``zmq.utils.garbage.gc``.

pyzmq ran a Python thread (the "garbage collector") that released the memory of zero-copy sends once
libzmq was done with it, and exposed it here. In this core that job belongs to the compiled backend:
a native collector thread, started on the first zero-copy send in each process (again after fork),
to which libzmq hands finished buffers without taking the GIL. This module gives pyzmq's public
surface over it: :attr:`GarbageCollector.refs` lists the buffers libzmq still holds, so code that
waits for them to be released (``while key in gc.refs: ...``) works unchanged.
"""

from __future__ import annotations

import threading
from typing import Any, NamedTuple

__all__ = ["GarbageCollector", "gc", "gcref"]


class gcref(NamedTuple):
    """One zero-copy buffer still held by libzmq: the object whose memory is shared, and the
    ``threading.Event`` set when libzmq releases it (its MessageTracker), or None."""

    obj: Any
    event: Any


def _collector_thread() -> threading.Thread | None:
    from zmq import backend

    thread = getattr(backend._collector_module, "_collector_thread", None)
    return thread if isinstance(thread, threading.Thread) else None


class GarbageCollector:
    """A view of the backend's zero-copy collector, in place of pyzmq's GarbageCollector thread.

    The collector starts by itself when needed and lives as long as the process, so :meth:`start`
    and :meth:`stop` change nothing: stopping it would leak every buffer still shared with libzmq.

    Parameters
    ----------
    context : zmq.Context, optional
        Accepted for pyzmq's signature and kept as ``context``; the collector uses no socket,
        so no context either.
    """

    url: str | None = None
    """None: pyzmq's collector listened on an inproc URL; this one is woken by libzmq directly."""

    def __init__(self, context: Any = None) -> None:
        self.context = context

    @property
    def refs(self) -> dict[int, gcref]:
        """The zero-copy buffers libzmq still holds, as ``{key: gcref(obj, event)}``.

        A snapshot: a key disappears from later snapshots once the collector has released that
        buffer (and set its tracker event).
        """
        from zmq import backend

        refs: dict[int, tuple[Any, Any]] = getattr(
            backend._collector_module, "_zerocopy_refs", dict
        )()
        return {key: gcref(*ref) for key, ref in refs.items()}

    def store(self, obj: Any, event: Any = None) -> int:
        """Not supported: pyzmq's key-passing protocol with libzmq does not exist here.

        Zero-copy sends register their buffers themselves (``send(buf, copy=False)``,
        ``zmq.Frame(buf, copy=False)``); use those.

        Raises
        ------
        NotImplementedError
            Always.
        """
        raise NotImplementedError(
            "zmq.utils.garbage.gc.store() is not supported: zero-copy Frames and sends register "
            "their buffers with the collector themselves"
        )

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
