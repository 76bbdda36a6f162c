"""MessageTracker: learn when libzmq is done with the memory of zero-copy sends."""

from __future__ import annotations

import time
from typing import Any

from zmq.error import NotDone


class MessageTracker:
    """Track whether libzmq has released one or more zero-copy messages.

    Parameters
    ----------
    *towatch
        Events (anything with ``is_set()`` and ``wait(timeout)``, as ``threading.Event``), other
        MessageTrackers, or tracked Frames.

    Raises
    ------
    ValueError
        If a Frame was made without ``track=True``.
    TypeError
        If an object is none of the above.
    """

    events: set[Any]
    peers: set[MessageTracker]

    def __init__(self, *towatch: Any) -> None:
        from zmq.backend import Frame

        self.events = set()
        self.peers = set()
        for obj in towatch:
            if isinstance(obj, MessageTracker):
                self.peers.add(obj)
            elif isinstance(obj, Frame):
                if obj.tracker is None:
                    raise ValueError("Not a tracked message: create the Frame with track=True")
                self.peers.add(obj.tracker)
            elif hasattr(obj, "is_set") and hasattr(obj, "wait"):
                self.events.add(obj)
            else:
                raise TypeError(
                    f"cannot track {obj!r}: expected an Event, a MessageTracker or a Frame"
                )

    @property
    def done(self) -> bool:
        """True once libzmq has released every tracked message."""
        return all(evt.is_set() for evt in self.events) and all(p.done for p in self.peers)

    def wait(self, timeout: float | int = -1) -> None:
        """Wait until done; raise NotDone after ``timeout`` seconds (negative: wait forever).

        Parameters
        ----------
        timeout : float
            Seconds to wait at most; negative (the default) or None waits until done.

        Raises
        ------
        zmq.NotDone
            If libzmq still holds a tracked message when the timeout passes.
        """
        deadline = None if timeout is None or timeout < 0 else time.monotonic() + timeout

        def remaining() -> float | None:
            return None if deadline is None else max(0.0, deadline - time.monotonic())

        for evt in self.events:
            if not evt.wait(remaining()):
                raise NotDone
        for peer in self.peers:
            left = remaining()
            peer.wait(-1 if left is None else left)


_FINISHED_TRACKER = MessageTracker()
"""A tracker with nothing to wait for: what a tracked send small enough to be copied returns."""

__all__ = ["MessageTracker"]
