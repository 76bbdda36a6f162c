"""Choosing the backend: the compiled layer that ``zmq.backend`` re-exports.

A backend is a module providing :data:`public_api` (pyzmq's names) and the few more that the
sugar, the future sockets and ``zmq.integration`` use. :data:`BACKENDS` maps the short names
accepted by ``PYZMQ_BACKEND`` to their modules; adding a backend is one entry there. Without
``PYZMQ_BACKEND``, CPython uses Cython and PyPy uses CFFI (:data:`DEFAULT_BACKEND`).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (import time)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["BACKENDS", "DEFAULT_BACKEND", "default_backend", "public_api", "select_backend"]

BACKENDS: dict[str, str] = {
    "cython": "zmq.backend.cython",
    "cffi": "zmq.backend.cffi",
}
"""Short name (the value of ``PYZMQ_BACKEND``) -> the module implementing that backend."""

DEFAULT_BACKEND = "cffi" if sys.implementation.name == "pypy" else "cython"
"""The backend used when ``PYZMQ_BACKEND`` is unset or empty: CFFI on PyPy, Cython elsewhere."""

public_api = [
    "Context",
    "Socket",
    "Frame",
    "Message",
    "proxy",
    "proxy_steerable",
    "zmq_poll",
    "strerror",
    "zmq_errno",
    "has",
    "curve_keypair",
    "curve_public",
    "zmq_version_info",
    "IPC_PATH_MAX_LEN",
    "PYZMQ_DRAFT_API",
]
"""The names every backend provides, as pyzmq lists them."""

# What the rest of zmq needs from a backend beyond pyzmq's list (zmq.integration's contract).
_core_api = [
    "DRAFT_API",
    "NOT_READY",
    "Stopwatch",
    "device",
    "monitored_queue",
    "routed_frame",
]

# Optional private names of the built-in backends: the zero-copy collector (zmq.utils.garbage).
_private_api = ["_collector_alive", "_collector_module"]


def default_backend() -> str:
    """``PYZMQ_BACKEND`` when set (and not empty), else :data:`DEFAULT_BACKEND`."""
    return os.environ.get("PYZMQ_BACKEND", "").strip() or DEFAULT_BACKEND


def backend_name(name: str) -> str:
    """The short name of backend ``name`` (``"zmq.backend.cffi"`` -> ``"cffi"``); other names
    (third-party backend modules) are returned as they are."""
    for short, module_name in BACKENDS.items():
        if name in (short, module_name):
            return short
    return name


def select_backend(name: str) -> dict[str, Any]:
    """Import the backend ``name`` and return the namespace that ``zmq.backend`` exports.

    Parameters
    ----------
    name : str
        A short name from :data:`BACKENDS` (``"cython"``, ``"cffi"``), or the dotted name of a
        module that implements the backend interface (``"zmq.backend.cython"``).

    Raises
    ------
    ImportError
        Naming the backend, when it is unknown, cannot be imported (not built for this
        interpreter, or cffi missing), or lacks part of the interface.
    """
    if not isinstance(name, str):
        raise TypeError(f"backend name must be a str, not {type(name).__name__}")
    module_name = BACKENDS.get(name, name)
    if "." not in module_name:
        known = ", ".join(sorted(BACKENDS))
        raise ImportError(f"unknown zmq backend {name!r} (available: {known})", name=name)
    try:
        __import__(module_name)  # (importlib.import_module: importlib costs import time)
        module = sys.modules[module_name]
    except ImportError as e:
        raise ImportError(f"zmq backend {name!r} is not available here: {e}", name=name) from e
    except Exception as e:
        raise ImportError(f"importing zmq backend {name!r} failed: {e!r}", name=name) from e
    missing = [key for key in (*public_api, *_core_api) if not hasattr(module, key)]
    if missing:
        raise ImportError(
            f"zmq backend {name!r} ({module_name}) lacks {', '.join(missing)}", name=name
        )
    api = {key: getattr(module, key) for key in (*public_api, *_core_api)}
    api.update({key: getattr(module, key) for key in _private_api if hasattr(module, key)})
    return api
