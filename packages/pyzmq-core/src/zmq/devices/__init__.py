"""Devices: run proxies and queues in a background thread or process.

:class:`ThreadDevice`, :class:`ProcessDevice` and their Proxy, ProxySteerable and MonitoredQueue
forms take socket types and queued configuration (``bind_in``, ``connect_out``, ``setsockopt_mon``,
...) and create the sockets where the loop runs. See :class:`Device` for stopping them.
"""

from __future__ import annotations

from zmq import device, proxy, proxy_steerable
from zmq.devices.basedevice import BackgroundDevice, Device, ProcessDevice, ThreadDevice
from zmq.devices.monitoredqueue import monitored_queue
from zmq.devices.monitoredqueuedevice import (
    MonitoredQueue,
    MonitoredQueueBase,
    ProcessMonitoredQueue,
    ThreadMonitoredQueue,
)
from zmq.devices.proxydevice import ProcessProxy, Proxy, ProxyBase, ThreadProxy
from zmq.devices.proxysteerabledevice import (
    ProcessProxySteerable,
    ProxySteerable,
    ProxySteerableBase,
    ThreadProxySteerable,
)

__all__ = [
    "BackgroundDevice",
    "Device",
    "MonitoredQueue",
    "MonitoredQueueBase",
    "ProcessDevice",
    "ProcessMonitoredQueue",
    "ProcessProxy",
    "ProcessProxySteerable",
    "Proxy",
    "ProxyBase",
    "ProxySteerable",
    "ProxySteerableBase",
    "ThreadDevice",
    "ThreadMonitoredQueue",
    "ThreadProxy",
    "ThreadProxySteerable",
    "device",
    "monitored_queue",
    "proxy",
    "proxy_steerable",
]
