"""Choosing the backend: Cython on CPython, CFFI on PyPy, or what ``PYZMQ_BACKEND`` names."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

#: the names every backend provides (zmq.backend re-exports them)
public_api = [
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

_MODULES = {"cython": "zmq.backend.cython._zmq", "cffi": "zmq.backend.cffi"}


def default_backend() -> str:
    """``PYZMQ_BACKEND`` when set, else ``cffi`` on PyPy and ``cython`` elsewhere."""
    name = os.environ.get("PYZMQ_BACKEND", "").strip()
    if name:
        return name
    return "cffi" if sys.implementation.name == "pypy" else "cython"


def select_backend(name: str) -> dict[str, Any]:
    """The public API of backend ``name`` (``cython``, ``cffi``, or a module name), as a dict.

    Raises ImportError naming the backend when it cannot be imported (not built for this
    interpreter, or cffi missing).
    """
    short = name.rsplit(".", 1)[-1] if name.startswith("zmq.backend.") else name
    module_name = _MODULES.get(short)
    if module_name is None:
        raise ImportError(
            f"unknown zmq backend {name!r} (PYZMQ_BACKEND): choose 'cython' or 'cffi'"
        )
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise ImportError(f"the zmq backend {short!r} is not available here: {e}") from e
    api = {
        key: getattr(module, key) for key in public_api if key != "zmq_poll" and key != "zmq_errno"
    }
    # the Cython module keeps pyzmq's private names for these two
    api["zmq_poll"] = getattr(module, "zmq_poll", None) or module._poll
    api["zmq_errno"] = getattr(module, "zmq_errno", None) or module._zmq_errno
    api["_collector_alive"] = module._collector_alive
    api["_collector_module"] = (
        importlib.import_module("zmq.backend.cffi._zerocopy") if short == "cffi" else module
    )
    api["_name"] = short
    return api
