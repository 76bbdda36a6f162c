"""Stopwatch: libzmq's microsecond timer (implemented in the backend)."""

from zmq.backend import Stopwatch

__all__ = ["Stopwatch"]
