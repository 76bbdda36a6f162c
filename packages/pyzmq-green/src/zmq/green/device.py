"""Green devices and proxies.

libzmq's ``zmq_proxy`` blocks in C until the context is terminated, which in the hub's thread would
stop every greenlet. So:

- ``device`` and ``proxy`` are a cooperative loop over a green Poller in the calling greenlet.
  Unlike the C proxy they hold the GIL while shuttling (as pyzmq's green device always did), but the
  sockets stay in the hub's thread and ``gevent.Timeout`` or ``greenlet.kill()`` stop the loop
  between messages (never inside one: a multipart message is forwarded whole).
- ``proxy_steerable`` runs the C proxy in gevent's threadpool (a native thread, the GIL released),
  while the calling greenlet waits cooperatively. Its sockets belong to that thread until it
  returns: stop it with TERMINATE on the control socket, or by terminating the context. Killing
  the waiting greenlet does not stop the proxy.
"""

from __future__ import annotations

from typing import Any

import zmq
from zmq.constants import POLLIN, SNDMORE
from zmq.green.poll import Poller


def _forward(src: Any, dst: Any, capture: Any) -> None:
    """Move one whole multipart message from src to dst, copying its frames to capture."""
    frames = src.recv_multipart(copy=False)
    if capture is not None:
        last = len(frames) - 1
        for i, frame in enumerate(frames):
            capture.send(frame, SNDMORE if i < last else 0, copy=False)
    dst.send_multipart(frames, copy=False)


def proxy(frontend: Any, backend: Any, capture: Any = None) -> None:
    """Shuttle messages between frontend and backend (copies to capture), cooperatively.

    Runs until a socket operation fails, e.g. ``ContextTerminated`` when the context is terminated
    (the C proxy's only exit too), or until the greenlet is killed.
    """
    poller = Poller()
    poller.register(frontend, POLLIN)
    if backend is not frontend:
        poller.register(backend, POLLIN)
    while True:
        for sock, _ in poller.poll():
            if sock is frontend:
                _forward(frontend, backend, capture)
            else:
                _forward(backend, frontend, capture)


def device(device_type: int, frontend: Any, backend: Any = None) -> None:
    """The pre-proxy name for proxy(): device_type (QUEUE, FORWARDER, STREAMER) is unused.

    ``backend`` None (or -1, the historical value) loops frontend back onto itself.
    """
    if backend is None or backend == -1:
        backend = frontend
    proxy(frontend, backend)


def proxy_steerable(frontend: Any, backend: Any, capture: Any = None, control: Any = None) -> None:
    """zmq.proxy_steerable in gevent's threadpool; the calling greenlet waits cooperatively."""
    from gevent.hub import get_hub

    get_hub().threadpool.apply(zmq.proxy_steerable, (frontend, backend, capture, control))


__all__ = ["device", "proxy", "proxy_steerable"]
