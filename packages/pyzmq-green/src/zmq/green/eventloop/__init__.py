"""tornado's IOLoop and ZMQStream for gevent apps: ``zmq.green.eventloop.ioloop`` and ``.zmqstream``.

They build on ``zmq.eventloop`` from pyzmq-tornado: ``pip install pyzmq-green[eventloop]``.
Running a tornado loop and gevent in one thread is not recommended; it only cooperates with other
greenlets after ``gevent.monkey.patch_all()`` (which makes asyncio's selector wait on the hub).
"""

from __future__ import annotations

from typing import Any


def _missing_eventloop(module: str, err: ImportError) -> ImportError:
    """The error for importing module without pyzmq-tornado (or tornado): says what to install."""
    return ImportError(
        f"{module} needs zmq.eventloop and tornado ({err}): pip install pyzmq-green[eventloop]",
        name=err.name,
    )


def __getattr__(name: str) -> Any:
    """``zmq.green.eventloop.IOLoop``, resolved lazily so that tornado stays optional."""
    if name == "IOLoop":
        from zmq.green.eventloop.ioloop import IOLoop

        return IOLoop
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["IOLoop"]
