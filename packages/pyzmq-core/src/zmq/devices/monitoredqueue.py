"""``monitored_queue``: a QUEUE that copies each message, prefixed by direction, to a monitor socket.

The loop is compiled (``zmq.backend.monitored_queue``, which this is), so it runs at the speed of a
plain proxy. It also supports ROUTER on both sides, swapping the two identity frames so replies route
back.
"""

from zmq.backend import monitored_queue

__all__ = ["monitored_queue"]
