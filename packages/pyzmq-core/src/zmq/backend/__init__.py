"""The compiled bindings: a faithful, fast skin over libzmq.

The sugar layer (``zmq.sugar``) subclasses these classes to add conveniences; code that needs the raw
layer imports from here. Which backend provides them is chosen once, at import: the one named by the
``PYZMQ_BACKEND`` environment variable (see :mod:`zmq.backend.select`), else the Cython backend.
"""

import os

from zmq.backend.select import DEFAULT_BACKEND, _core_api, public_api, select_backend

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (import time)
if TYPE_CHECKING:
    # every backend has the Cython backend's interface
    from zmq.backend.cython import *  # noqa: F403
else:
    globals().update(select_backend(os.environ.get("PYZMQ_BACKEND") or DEFAULT_BACKEND))

#: what a backend provides (select_backend's names), and the selection itself
__all__ = sorted({*public_api, *_core_api, "public_api", "select_backend"})
