"""Steerable proxy devices: a proxy with a control socket taking PAUSE, RESUME, TERMINATE, STATISTICS.

TERMINATE on the control socket ends the loop normally (no context termination needed); the
device then closes its sockets and sets ``done``. Without a control socket type (``ctrl_type``
None) it behaves like :class:`~zmq.devices.Proxy`.
"""

from __future__ import annotations

from typing import Any

import zmq
from zmq.constants import SocketType
from zmq.devices.basedevice import Device, ProcessDevice, ThreadDevice
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
        self._ctrl_binds: list[str] = []
        self._ctrl_connects: list[str] = []
        self._ctrl_sockopts: list[tuple[int, Any]] = []

    def bind_ctrl(self, addr: str) -> None:
        """Enqueue binding ctrl_socket to addr (see ``zmq.Socket.bind``)."""
        self._ctrl_binds.append(addr)

    def connect_ctrl(self, addr: str) -> None:
        """Enqueue connecting ctrl_socket to addr (see ``zmq.Socket.connect``)."""
        self._ctrl_connects.append(addr)

    def setsockopt_ctrl(self, opt: int, value: Any) -> None:
        """Enqueue ``setsockopt(opt, value)`` on ctrl_socket."""
        self._ctrl_sockopts.append((opt, value))

    def bind_ctrl_to_random_port(self, addr: str, *args: Any, **kwargs: Any) -> int:
        """Enqueue binding ctrl_socket to a random port of addr; returns the port."""
        if self.ctrl_type is None:
            raise ValueError("this proxy has no control socket (ctrl_type is None)")
        port = self._reserve_random_port(self.ctrl_type, addr, *args, **kwargs)
        self.bind_ctrl(f"{addr}:{port}")
        return port

    def _setup_sockets(self) -> tuple[zmq.Socket, zmq.Socket]:
        ins, outs = super()._setup_sockets()
        assert self._context is not None
        self._ctrl_socket: zmq.Socket | None = None
        if self.ctrl_type is not None:
            self._ctrl_socket = self._make_socket(
                self._context,
                self.ctrl_type,
                self._ctrl_sockopts,
                self._ctrl_binds,
                self._ctrl_connects,
            )
        return ins, outs

    def run_device(self) -> None:
        """Create the sockets and run ``zmq.proxy_steerable`` until TERMINATE or context end."""
        ins, outs = self._setup_sockets()
        zmq.proxy_steerable(ins, outs, self._mon_socket, self._ctrl_socket)


class ProxySteerable(ProxySteerableBase, Device):
    """A steerable proxy run in the calling thread by start(). See :class:`ProxySteerableBase`."""


class ThreadProxySteerable(ProxySteerableBase, ThreadDevice):
    """A steerable proxy in a background Thread. See :class:`ProxySteerableBase`."""


class ProcessProxySteerable(ProxySteerableBase, ProcessDevice):
    """A steerable proxy in a background Process. See :class:`ProxySteerableBase`."""
