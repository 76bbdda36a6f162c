"""Proxy devices: a QUEUE between two sockets that also copies every message to a third.

The monitor (capture) socket is configured like the others, through ``bind_mon``, ``connect_mon``
and ``setsockopt_mon``. See :class:`~zmq.devices.Device` for running and stopping devices.
"""

from __future__ import annotations

import zmq
from zmq.constants import DeviceType, SocketType
from zmq.devices.basedevice import (
    Device,
    ProcessDevice,
    SocketPlan,
    ThreadDevice,
    configure_methods,
)

__all__ = ["Proxy", "ProxyBase", "ProcessProxy", "ThreadProxy"]


class ProxyBase(Device):
    """Mixin adding the monitor socket to a Device; the loop is ``zmq.proxy``."""

    def __init__(self, in_type: int, out_type: int, mon_type: int = SocketType.PUB) -> None:
        Device.__init__(self, DeviceType.QUEUE, in_type, out_type)
        self.mon_type = mon_type
        self._plans["mon"] = SocketPlan()

    bind_mon, connect_mon, setsockopt_mon, bind_mon_to_random_port = configure_methods("mon")

    def run_device(self) -> None:
        """Create the sockets and run ``zmq.proxy(in, out, mon)`` until the context ends."""
        ins, outs = self._setup_sockets()
        zmq.proxy(ins, outs, self._role_sockets["mon"])


class Proxy(ProxyBase, Device):
    """A proxy device run in the calling thread by start(). See :class:`ProxyBase`."""


class ThreadProxy(ProxyBase, ThreadDevice):
    """A proxy device in a background Thread. See :class:`ProxyBase`."""


class ProcessProxy(ProxyBase, ProcessDevice):
    """A proxy device in a background Process. See :class:`ProxyBase`."""
