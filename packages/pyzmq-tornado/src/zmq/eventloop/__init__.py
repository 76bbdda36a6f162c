"""tornado integration for ZeroMQ sockets (the ``pyzmq-tornado`` distribution).

Provides ``zmq.eventloop.ioloop``, ``zmq.eventloop.zmqstream`` and ``zmq.eventloop.future``; they need
tornado, which ``pip install pyzmq-tornado[tornado]`` (or ``pyzmq[tornado]``) brings. This package
itself imports without tornado, so that a missing tornado is reported by the module that needs it,
with the command that installs it.
"""

from __future__ import annotations

import importlib
from typing import Any

_SUBMODULES = ("ioloop", "zmqstream", "future")


def _missing_tornado(module: str) -> ModuleNotFoundError:
    """The error for importing ``module`` without tornado: it names the extra that brings tornado."""
    err = ModuleNotFoundError(
        f"{module} needs tornado, which is not installed: "
        "pip install pyzmq-tornado[tornado] (or pyzmq[tornado])"
    )
    err.name = "tornado"
    return err


def __getattr__(name: str) -> Any:
    """Resolve ``zmq.eventloop.IOLoop`` and the submodules lazily, so tornado stays optional."""
    if name == "IOLoop":
        from zmq.eventloop.ioloop import IOLoop

        return IOLoop
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["IOLoop"]
