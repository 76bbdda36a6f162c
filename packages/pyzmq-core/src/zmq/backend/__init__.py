"""The compiled bindings: a faithful, fast skin over libzmq.

Two backends provide the same API: Cython (``zmq.backend.cython``, the default on CPython) and CFFI
(``zmq.backend.cffi``, the default on PyPy). ``PYZMQ_BACKEND=cffi`` (or ``cython``) chooses one; see
``zmq.backend.select``. The sugar layer (``zmq.sugar``) subclasses these classes to add conveniences;
code that needs the raw layer imports from here.
"""

from typing import TYPE_CHECKING, Any

from zmq.backend.select import default_backend, select_backend

_api = select_backend(default_backend())
#: which backend this process runs on: "cython" or "cffi"
BACKEND: str = _api.pop("_name")
# the module holding the zero-copy collector (_collector_alive(), _collector_thread)
_collector_module: Any = _api.pop("_collector_module")
_collector_alive = _api.pop("_collector_alive")

if TYPE_CHECKING:
    from zmq.backend.cython._zmq import (
        DRAFT_API as DRAFT_API,
    )
    from zmq.backend.cython._zmq import (
        IPC_PATH_MAX_LEN as IPC_PATH_MAX_LEN,
    )
    from zmq.backend.cython._zmq import (
        NOT_READY as NOT_READY,
    )
    from zmq.backend.cython._zmq import (
        Context as Context,
    )
    from zmq.backend.cython._zmq import (
        Frame as Frame,
    )
    from zmq.backend.cython._zmq import (
        Message as Message,
    )
    from zmq.backend.cython._zmq import (
        Socket as Socket,
    )
    from zmq.backend.cython._zmq import (
        Stopwatch as Stopwatch,
    )
    from zmq.backend.cython._zmq import _poll as zmq_poll
    from zmq.backend.cython._zmq import _zmq_errno as zmq_errno
    from zmq.backend.cython._zmq import (
        curve_keypair as curve_keypair,
    )
    from zmq.backend.cython._zmq import (
        curve_public as curve_public,
    )
    from zmq.backend.cython._zmq import (
        device as device,
    )
    from zmq.backend.cython._zmq import (
        has as has,
    )
    from zmq.backend.cython._zmq import (
        monitored_queue as monitored_queue,
    )
    from zmq.backend.cython._zmq import (
        proxy as proxy,
    )
    from zmq.backend.cython._zmq import (
        proxy_steerable as proxy_steerable,
    )
    from zmq.backend.cython._zmq import (
        routed_frame as routed_frame,
    )
    from zmq.backend.cython._zmq import (
        strerror as strerror,
    )
    from zmq.backend.cython._zmq import (
        zmq_version_info as zmq_version_info,
    )
else:
    globals().update(_api)
del _api

__all__ = [
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
    "Context",
    "DRAFT_API",
    "Frame",
    "IPC_PATH_MAX_LEN",
    "Message",
    "NOT_READY",
    "Socket",
    "Stopwatch",
]
