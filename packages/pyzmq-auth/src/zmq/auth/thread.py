"""ZAP authentication in a background thread, for programs without an event loop.

The thread owns the ZAP socket and one end of an inproc PAIR pipe; ``stop()`` sends on the other end
so the thread wakes, closes its sockets and exits. Configuration (``allow``, ``configure_*``) is
plain attribute state read by the thread, so it may be changed while the thread runs.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from typing import Any, Optional

import zmq

from .base import _PAUSE_AFTER_ERROR, Authenticator

__all__ = ["AuthenticationThread", "ThreadAuthenticator"]

#: How long start() waits for the thread to bind, and stop() for it to exit, in seconds.
THREAD_TIMEOUT = 10.0


class AuthenticationThread(threading.Thread):
    """The thread that serves an authenticator's ZAP requests until its pipe says stop.

    Each request is answered with ``authenticator.handle_zap_message`` on a private event loop, so
    credentials providers may be ``async`` here too. Nothing a request does stops the thread: only
    ``stop()`` (through the pipe) and the end of the context do.
    """

    def __init__(self, authenticator: Authenticator, pipe: zmq.Socket[Any]) -> None:
        super().__init__(name=f"zmq-auth-{id(authenticator):x}", daemon=True)
        self.authenticator = authenticator
        self.pipe = pipe
        #: Set once the ZAP socket is bound (or binding failed: see ``error``).
        self.started = threading.Event()
        self.error: Optional[BaseException] = None

    def run(self) -> None:
        """Bind the ZAP socket, then serve requests until told to stop or the context ends."""
        auth = self.authenticator
        try:
            auth.zap_socket = auth._open_zap_socket()
        except BaseException as e:
            self.error = e
            self.pipe.close(linger=0)
            self.started.set()
            return
        self.started.set()
        loop = asyncio.new_event_loop()
        try:
            self._serve(loop, auth.zap_socket)
        finally:
            auth._close_zap_socket()
            self.pipe.close(linger=0)
            loop.close()

    def _serve(self, loop: asyncio.AbstractEventLoop, zap: zmq.Socket[Any]) -> None:
        poller = zmq.Poller()
        poller.register(self.pipe, zmq.POLLIN)
        poller.register(zap, zmq.POLLIN)
        auth = self.authenticator
        while True:
            try:
                events = dict(poller.poll())
                if self.pipe in events:
                    self.pipe.recv()  # any message means stop
                    return
            except zmq.ContextTerminated:
                return
            except zmq.ZMQError:
                # Stopping here would close the ZAP socket, and libzmq would let peers in unchecked.
                auth.log.exception("ZAP authentication thread: poll failed; still serving")
                time.sleep(_PAUSE_AFTER_ERROR)
                continue
            if zap in events and not loop.run_until_complete(auth._serve_next(zap)):
                return


class ThreadAuthenticator(Authenticator):
    """Run ZAP authentication in a background thread.

    ``start()`` returns once the handler is bound, so sockets bound afterwards are authenticated;
    ``stop()`` returns once the thread has exited.
    """

    pipe: Optional[zmq.Socket[Any]]
    pipe_endpoint: str = ""
    thread: Optional[AuthenticationThread]

    def __init__(
        self, context: Optional[zmq.Context[Any]] = None, encoding: str = "utf-8", log: Any = None
    ) -> None:
        super().__init__(context, encoding, log)
        self.pipe = None
        self.thread = None

    def start(self) -> None:
        """Start the authentication thread; raises what binding the ZAP socket raised."""
        if self.is_alive():
            raise RuntimeError("ThreadAuthenticator is already started")
        self.pipe_endpoint = f"inproc://zmq-auth-pipe-{uuid.uuid4().hex}"
        pipe = self.context.socket(zmq.PAIR, socket_class=zmq.Socket)
        pipe.linger = 0
        pipe.bind(self.pipe_endpoint)
        thread_pipe = self.context.socket(zmq.PAIR, socket_class=zmq.Socket)
        thread_pipe.linger = 0
        thread_pipe.connect(self.pipe_endpoint)
        thread = AuthenticationThread(self, thread_pipe)
        thread.start()
        if not thread.started.wait(THREAD_TIMEOUT):
            pipe.close(linger=0)
            raise RuntimeError("the authentication thread did not start")
        if thread.error is not None:
            thread.join(THREAD_TIMEOUT)
            pipe.close(linger=0)
            raise thread.error
        self.pipe = pipe
        self.thread = thread

    def stop(self) -> None:
        """Stop the authentication thread and close its sockets (does nothing if not started)."""
        pipe, thread = self.pipe, self.thread
        if pipe is None:
            return
        if thread is not None and thread.is_alive():
            try:
                pipe.send(b"TERMINATE")
            except zmq.ZMQError:
                pass  # context terminated: the thread is exiting on its own
            thread.join(THREAD_TIMEOUT)
            if thread.is_alive():
                raise RuntimeError(
                    f"the authentication thread did not stop within {THREAD_TIMEOUT}s "
                    "(is a credentials provider blocking?)"
                )
        self.pipe = None
        pipe.close(linger=0)

    def is_alive(self) -> bool:
        """Whether the authentication thread is running."""
        return self.thread is not None and self.thread.is_alive()
