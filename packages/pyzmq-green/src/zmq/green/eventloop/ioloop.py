"""zmq.eventloop.ioloop for gevent apps: tornado's IOLoop, which needs no green patching.

tornado's IOLoop runs on asyncio and only ever uses zmq sockets without blocking (ZMQStream polls
their ``ZMQ_FD``), so the same IOLoop serves green sockets. It yields to other greenlets only after
``gevent.monkey.patch_all()``, which makes asyncio's selector wait on the gevent hub.
"""

from __future__ import annotations

from zmq.green.eventloop import _missing_eventloop

try:
    from zmq.eventloop.ioloop import IOLoop, PeriodicCallback, ZMQIOLoop, install
except ImportError as e:
    raise _missing_eventloop(__name__, e) from e

__all__ = ["IOLoop", "PeriodicCallback", "ZMQIOLoop", "install"]
