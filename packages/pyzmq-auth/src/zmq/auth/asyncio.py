"""ZAP authentication as a task on an asyncio event loop (default loop or uvloop).

Requests are answered one at a time (ZAP is request/reply), so an ``async`` credentials provider can
await its own I/O without blocking the loop, and without threads.
"""

from __future__ import annotations

import asyncio
from typing import Any, Optional

import zmq
import zmq.asyncio

from .base import Authenticator

__all__ = ["AsyncioAuthenticator"]


class AsyncioAuthenticator(Authenticator):
    """ZAP authentication served by a task on an asyncio event loop.

    Call ``start()`` from a coroutine (or with ``loop=`` given, before that loop runs); the task then
    runs on that loop until ``stop()``.

    Parameters
    ----------
    context : zmq.Context, optional
        The context whose connections are authenticated (sync or ``zmq.asyncio``; default
        ``zmq.Context.instance()``).
    loop : asyncio.AbstractEventLoop, optional
        The loop to serve on; by default the loop running when ``start()`` is called.
    encoding, log
        As for :class:`zmq.auth.Authenticator`.
    """

    loop: Optional[asyncio.AbstractEventLoop]

    def __init__(
        self,
        context: Optional[zmq.Context[Any]] = None,
        loop: Optional[asyncio.AbstractEventLoop] = None,
        encoding: str = "utf-8",
        log: Any = None,
    ) -> None:
        super().__init__(context, encoding, log)
        self.loop = loop
        self._task: Optional[asyncio.Task[None]] = None
        self._serving_loop: Optional[asyncio.AbstractEventLoop] = None

    def _new_zap_socket(self) -> zmq.Socket[Any]:
        return self.context.socket(
            zmq.REP, socket_class=zmq.asyncio.Socket, io_loop=self._serving_loop
        )

    def start(self) -> None:
        """Bind the ZAP socket and start answering requests on the loop."""
        if self._task is not None and not self._task.done():
            raise RuntimeError("AsyncioAuthenticator is already started")
        loop = self.loop if self.loop is not None else zmq.asyncio.Socket.current_loop()
        self._serving_loop = loop
        super().start()
        self._task = loop.create_task(self._serve())

    def stop(self) -> None:
        """Stop answering and close the ZAP socket."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            try:
                task.cancel()
            except RuntimeError:
                pass  # its loop is closed already: the task can never run again
        super().stop()

    async def _serve(self) -> None:
        sock = self.zap_socket
        assert isinstance(sock, zmq.asyncio.Socket)
        while await self._serve_next(sock):
            pass
        if self.zap_socket is sock:
            self._close_zap_socket()  # lets Context.term() finish without stop()
