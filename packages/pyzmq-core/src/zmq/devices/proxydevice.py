"""Proxy devices: a QUEUE between two sockets that also copies every message to a third.

The monitor (capture) socket is configured like the others, through ``bind_mon``, ``connect_mon``
and ``setsockopt_mon``. See :class:`~zmq.devices.Device` for running and stopping devices.
"""

from __future__ import annotations

from typing import Any

import zmq
from zmq.constants import DeviceType, SocketType
from zmq.devices.basedevice import Device, ProcessDevice, ThreadDevice

__all__ = ["Proxy", "ProxyBase", "ProcessProxy", "ThreadProxy"]


class ProxyBase(Device):
    """Mixin adding the monitor socket to a Device; the loop is ``zmq.proxy``."""

    def __init__(self, in_type: int, out_type: int, mon_type: int = SocketType.PUB) -> None:
        Device.__init__(self, DeviceType.QUEUE, in_type, out_type)
        self.mon_type = mon_type
        self._mon_binds: list[str] = []
        self._mon_connects: list[str] = []
        self._mon_sockopts: list[tuple[int, Any]] = []

    def bind_mon(self, addr: str) -> None:
        """Enqueue binding mon_socket to addr (see ``zmq.Socket.bind``)."""
        self._mon_binds.append(addr)

    def connect_mon(self, addr: str) -> None:
        """Enqueue connecting mon_socket to addr (see ``zmq.Socket.connect``)."""
        self._mon_connects.append(addr)

    def setsockopt_mon(self, opt: int, value: Any) -> None:
        """Enqueue ``setsockopt(opt, value)`` on mon_socket."""
        self._mon_sockopts.append((opt, value))

    def bind_mon_to_random_port(self, addr: str, *args: Any, **kwargs: Any) -> int:
        """Enqueue binding mon_socket to a random port of addr; returns the port."""
        port = self._reserve_random_port(self.mon_type, addr, *args, **kwargs)
        self.bind_mon(f"{addr}:{port}")
        return port

    def _setup_sockets(self) -> tuple[zmq.Socket, zmq.Socket]:
        ins, outs = super()._setup_sockets()
        assert self._context is not None
        self._mon_socket = self._make_socket(
            self._context, self.mon_type, self._mon_sockopts, self._mon_binds, self._mon_connects
        )
        return ins, outs

    def run_device(self) -> None:
        """Create the sockets and run ``zmq.proxy(in, out, mon)`` until the context ends."""
        ins, outs = self._setup_sockets()
        zmq.proxy(ins, outs, self._mon_socket)


class Proxy(ProxyBase, Device):
    """A proxy device run in the calling thread by start(). See :class:`ProxyBase`."""


class ThreadProxy(ProxyBase, ThreadDevice):
    """A proxy device in a background Thread. See :class:`ProxyBase`."""


class ProcessProxy(ProxyBase, ProcessDevice):
    """A proxy device in a background Process. See :class:`ProxyBase`."""
