"""tornado's IOLoop under its historical pyzmq names (deprecated since pyzmq 17).

ZeroMQ sockets work on tornado's own IOLoop (which runs on asyncio), so nothing here is needed any
more; the names remain so that code written for older pyzmq (``ioloop.install()``,
``ioloop.IOLoop.current()``, ``ZMQIOLoop``) keeps running.
"""

from __future__ import annotations

import warnings

from zmq.eventloop import _missing_tornado

try:
    from tornado.ioloop import IOLoop, PeriodicCallback
except ImportError as e:
    raise _missing_tornado(__name__) from e

#: Historical name of pyzmq's IOLoop subclass; tornado's IOLoop works with zmq sockets directly.
ZMQIOLoop = IOLoop


def install() -> None:
    """Do nothing but warn: tornado's default IOLoop already works with zmq sockets.

    Older pyzmq had to replace tornado's poller before the loop was created; calls remain in old code.
    """
    warnings.warn(
        "zmq.eventloop.ioloop.install() is deprecated and does nothing: "
        "pyzmq works with tornado's default IOLoop (use tornado.ioloop.IOLoop)",
        DeprecationWarning,
        stacklevel=2,
    )


__all__ = ["IOLoop", "PeriodicCallback", "ZMQIOLoop", "install"]
