"""Steerable proxy devices: a proxy with a control socket taking PAUSE, RESUME, TERMINATE, STATISTICS.

TERMINATE on the control socket ends the loop normally (no context termination needed); the
device then closes its sockets and sets ``done``. Without a control socket type (``ctrl_type``
None) it behaves like :class:`~zmq.devices.Proxy`.
"""

from __future__ import annotations

import zmq
from zmq.constants import SocketType
from zmq.devices.basedevice import (
    Device,
    ProcessDevice,
    SocketPlan,
    ThreadDevice,
    configure_methods,
)
from zmq.devices.proxydevice import ProxyBase

__all__ = ["ProcessProxySteerable", "ProxySteerable", "ProxySteerableBase", "ThreadProxySteerable"]


class ProxySteerableBase(ProxyBase):
    """Mixin adding the control socket to a proxy; the loop is ``zmq.proxy_steerable``."""

    def __init__(
        self,
        in_type: int,
        out_type: int,
        mon_type: int = SocketType.PUB,
        ctrl_type: int | None = None,
    ) -> None:
        ProxyBase.__init__(self, in_type, out_type, mon_type)
        self.ctrl_type = ctrl_type
        self._plans["ctrl"] = SocketPlan()

    bind_ctrl, connect_ctrl, setsockopt_ctrl, bind_ctrl_to_random_port = configure_methods("ctrl")

    def run_device(self) -> None:
        """Create the sockets and run ``zmq.proxy_steerable`` until TERMINATE or context end."""
        ins, outs = self._setup_sockets()
        zmq.proxy_steerable(ins, outs, self._role_sockets["mon"], self._role_sockets["ctrl"])


class ProxySteerable(ProxySteerableBase, Device):
    """A steerable proxy run in the calling thread by start(). See :class:`ProxySteerableBase`."""


class ThreadProxySteerable(ProxySteerableBase, ThreadDevice):
    """A steerable proxy in a background Thread. See :class:`ProxySteerableBase`."""


class ProcessProxySteerable(ProxySteerableBase, ProcessDevice):
    """A steerable proxy in a background Process. See :class:`ProxySteerableBase`."""
