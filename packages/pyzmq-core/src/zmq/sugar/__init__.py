"""The sugar layer: Python subclasses of the backend that add pyzmq's conveniences."""

from zmq.backend import device, proxy
from zmq.constants import DeviceType
from zmq.error import *  # noqa: F403
from zmq.error import __all__ as _error_all
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

# As in pyzmq, the sugar namespace also carries the errors and the device functions.
__all__ = [
    "Context",
    "DeviceType",
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
    "device",
    "proxy",
    "zmq_version_info",
    *_error_all,
]
