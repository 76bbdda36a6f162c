"""The compiled bindings: a faithful, fast skin over libzmq.

Two backends provide the same API: Cython (``zmq.backend.cython``, the default on CPython) and CFFI
(``zmq.backend.cffi``, the default on PyPy). Which one is chosen once, at import: the one named by
the ``PYZMQ_BACKEND`` environment variable (see :mod:`zmq.backend.select`), else the interpreter's
default. The sugar layer (``zmq.sugar``) subclasses these classes to add conveniences; code that
needs the raw layer imports from here.
"""

from __future__ import annotations

from zmq.backend.select import _core_api, backend_name, default_backend, public_api, select_backend

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (import time)
if TYPE_CHECKING:
    from typing import Any

    # every backend has the Cython backend's interface
    from zmq.backend.cython import *  # noqa: F403

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

#: what a backend provides (select_backend's names), and the selection itself
__all__ = sorted({*public_api, *_core_api, "BACKEND", "public_api", "select_backend"})
