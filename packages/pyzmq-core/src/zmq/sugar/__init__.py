"""The sugar layer: Python subclasses of the backend that add pyzmq's conveniences."""

from zmq.sugar.context import Context, SyncContext
from zmq.sugar.frame import Frame, Message
from zmq.sugar.poll import Poller, select
from zmq.sugar.socket import Socket, SyncSocket
from zmq.sugar.stopwatch import Stopwatch
from zmq.sugar.tracker import MessageTracker
from zmq.sugar.version import (
    __revision__,
    __version__,
    pyzmq_version,
    pyzmq_version_info,
    zmq_version,
    zmq_version_info,
)

__all__ = [
    "Context",
    "Frame",
    "Message",
    "MessageTracker",
    "Poller",
    "Socket",
    "Stopwatch",
    "SyncContext",
    "SyncSocket",
    "__revision__",
    "__version__",
    "pyzmq_version",
    "pyzmq_version_info",
    "select",
    "zmq_version",
    "zmq_version_info",
]
