"""Deprecated: ZAP authentication on tornado's IOLoop. Use :mod:`zmq.auth.asyncio` instead.

tornado's IOLoop runs on asyncio, so this is the asyncio authenticator serving on the IOLoop's
asyncio loop; it remains so that code written for older pyzmq keeps running.
"""

from __future__ import annotations

import warnings
from typing import Any, Optional

import zmq

from .asyncio import AsyncioAuthenticator

__all__ = ["IOLoopAuthenticator"]


class IOLoopAuthenticator(AsyncioAuthenticator):
    """Deprecated alias of :class:`zmq.auth.asyncio.AsyncioAuthenticator` for tornado programs.

    Parameters
    ----------
    io_loop : tornado.ioloop.IOLoop, optional
        Serve on this IOLoop's asyncio loop (default: the loop current when ``start()`` is called,
        which is what ``IOLoop.current()`` wraps).
    """

    def __init__(
        self,
        context: Optional[zmq.Context[Any]] = None,
        encoding: str = "utf-8",
        log: Any = None,
        io_loop: Any = None,
    ) -> None:
        warnings.warn(
            "zmq.auth.ioloop.IOLoopAuthenticator is deprecated: "
            "use zmq.auth.asyncio.AsyncioAuthenticator (tornado runs on asyncio)",
            DeprecationWarning,
            stacklevel=2,
        )
        loop = getattr(io_loop, "asyncio_loop", io_loop)
        super().__init__(context, loop=loop, encoding=encoding, log=log)
