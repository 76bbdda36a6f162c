"""The Cython backend: the compiled extension ``_zmq`` and its ``.pxd`` declarations.

``from zmq.backend.cython import Socket`` and (in Cython) ``from zmq.backend.cython cimport Socket``
both work, as in pyzmq.
"""

# _collector_module and _collector_alive: private, for zmq.utils.garbage (through zmq.backend)
from zmq.backend.cython import _zmq as _collector_module  # noqa: F401
from zmq.backend.cython._zmq import (
    DRAFT_API,
    IPC_PATH_MAX_LEN,
    NOT_READY,
    Context,
    Frame,
    Message,
    Socket,
    Stopwatch,
    _collector_alive,  # noqa: F401
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

PYZMQ_DRAFT_API = DRAFT_API
"""Whether this backend was compiled with libzmq's DRAFT API (pyzmq's name)."""

__all__ = [
    "DRAFT_API",
    "IPC_PATH_MAX_LEN",
    "NOT_READY",
    "PYZMQ_DRAFT_API",
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
