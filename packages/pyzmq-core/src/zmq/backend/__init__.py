"""The compiled bindings: a faithful, fast skin over libzmq.

Two backends provide the same API: Cython (``zmq.backend.cython``, the default on CPython) and CFFI
(``zmq.backend.cffi``, the default on PyPy). Which one is chosen once, at import: the one named by
the ``PYZMQ_BACKEND`` environment variable (see :mod:`zmq.backend.select`), else the interpreter's
default. The sugar layer (``zmq.sugar``) subclasses these classes to add conveniences; code that
needs the raw layer imports from here.
"""

from typing import TYPE_CHECKING, Any

from zmq.backend.select import backend_name, default_backend, public_api, select_backend

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

_name = default_backend()
_api = select_backend(_name)
BACKEND: str = backend_name(_name)
"""Which backend this process runs on: ``"cython"``, ``"cffi"``, or a backend module's name."""
# the module holding the zero-copy collector (its _collector_thread), and whether that runs
_collector_module: Any = _api.pop("_collector_module", None)
_collector_alive: Any = _api.pop("_collector_alive", lambda: False)
if not TYPE_CHECKING:
    globals().update(_api)
del _api, _name

__all__ = [
    "BACKEND",
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
