"""The compiled bindings: a faithful, fast skin over libzmq.

The sugar layer (``zmq.sugar``) subclasses these classes to add conveniences; code that needs the raw
layer imports from here. Which backend provides them is chosen once, at import: the one named by the
``PYZMQ_BACKEND`` environment variable (see :mod:`zmq.backend.select`), else the Cython backend.
"""

import os

from zmq.backend.select import DEFAULT_BACKEND, public_api, select_backend

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (import time)
if TYPE_CHECKING:
    # every backend has the Cython backend's interface
    from zmq.backend.cython import (
        DRAFT_API,
        IPC_PATH_MAX_LEN,
        NOT_READY,
        PYZMQ_DRAFT_API,
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
        zmq_errno,
        zmq_poll,
        zmq_version_info,
    )
else:
    globals().update(select_backend(os.environ.get("PYZMQ_BACKEND") or DEFAULT_BACKEND))

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
    "public_api",
    "routed_frame",
    "select_backend",
    "strerror",
    "zmq_errno",
    "zmq_poll",
    "zmq_version_info",
]
