"""MonitoredQueue devices: :func:`~zmq.devices.monitored_queue` run in the background.

Like the proxy devices (``bind_mon`` etc. configure the monitor socket), but each message on the
monitor socket is prefixed with ``in_prefix`` (it arrived on the in socket) or ``out_prefix``.
"""

from __future__ import annotations

from zmq.constants import SocketType
from zmq.devices.basedevice import Device, ProcessDevice, ThreadDevice
from zmq.devices.monitoredqueue import monitored_queue
from zmq.devices.proxydevice import ProxyBase

__all__ = ["MonitoredQueue", "MonitoredQueueBase", "ProcessMonitoredQueue", "ThreadMonitoredQueue"]


def _as_prefix(value: bytes | str) -> bytes:
    # checked (and encoded) when the device is made, not later in its thread or process
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


class MonitoredQueueBase(ProxyBase):
    """Mixin running ``monitored_queue(in, out, mon, in_prefix, out_prefix)`` as the loop."""

    def __init__(
        self,
        in_type: int,
        out_type: int,
        mon_type: int = SocketType.PUB,
        in_prefix: bytes | str = b"in",
        out_prefix: bytes | str = b"out",
    ) -> None:
        ProxyBase.__init__(self, in_type, out_type, mon_type)
        self._in_prefix = _as_prefix(in_prefix)
        self._out_prefix = _as_prefix(out_prefix)

    def run_device(self) -> None:
        """Create the sockets and run ``monitored_queue`` until the context ends."""
        ins, outs = self._setup_sockets()
        mon = self._role_sockets["mon"]
        assert mon is not None  # (mon_type is never None here)
        monitored_queue(ins, outs, mon, self._in_prefix, self._out_prefix)


class MonitoredQueue(MonitoredQueueBase, Device):
    """A monitored queue run in the calling thread by start(). See :class:`MonitoredQueueBase`."""


class ThreadMonitoredQueue(MonitoredQueueBase, ThreadDevice):
    """Run ``monitored_queue`` in a background Thread. See :class:`MonitoredQueueBase`."""


class ProcessMonitoredQueue(MonitoredQueueBase, ProcessDevice):
    """Run ``monitored_queue`` in a background Process. See :class:`MonitoredQueueBase`."""
