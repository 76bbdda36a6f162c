"""The compiled bindings: a faithful, fast skin over libzmq.

The sugar layer (``zmq.sugar``) subclasses these classes to add conveniences; code that needs the raw
layer imports from here.
"""

from zmq.backend.cython._zmq import (
    DRAFT_API,
    IPC_PATH_MAX_LEN,
    NOT_READY,
    Context,
    Frame,
    Message,
    Socket,
    Stopwatch,
    curve_keypair,
    curve_public,
    device,
    has,
    monitored_queue,
    proxy,
    proxy_steerable,
    routed_frame,
    strerror,
    zmq_version_info,
)
from zmq.backend.cython._zmq import _poll as zmq_poll
from zmq.backend.cython._zmq import _zmq_errno as zmq_errno

__all__ = [
    "DRAFT_API",
    "IPC_PATH_MAX_LEN",
    "NOT_READY",
    "Context",
    "Frame",
    "Message",
    "Socket",
    "Stopwatch",
    "curve_keypair",
    "curve_public",
    "device",
    "has",
    "monitored_queue",
    "proxy",
    "proxy_steerable",
    "routed_frame",
    "strerror",
    "zmq_errno",
    "zmq_poll",
    "zmq_version_info",
]
