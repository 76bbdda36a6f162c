"""Fixtures for zmq.auth: the same test body runs against every kind of authenticator.

``runner`` is parametrized over the thread authenticator, the asyncio authenticator (on the default
loop and on uvloop) and the deprecated tornado IOLoop authenticator. For the asyncio kinds the loop runs in a helper thread and the authenticator is
started and stopped *on* that loop, so tests can drive ordinary blocking sockets from the main thread
while the authenticator answers ZAP requests concurrently, as it would in a real server.

Every wait is bounded: a broken authenticator fails a test in seconds instead of hanging it.
"""

from __future__ import annotations

import asyncio
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Callable, Optional

import pytest

import zmq
from zmq.auth import Authenticator
from zmq.auth.asyncio import AsyncioAuthenticator
from zmq.auth.thread import ThreadAuthenticator
from zmq.utils.monitor import recv_monitor_message

DEADLINE = 10.0

KINDS = ["thread", "asyncio"]
try:
    import uvloop

    KINDS.append("uvloop")
except ImportError:  # pragma: no cover - uvloop is in requirements/dev.txt
    uvloop = None  # type: ignore[assignment]
try:
    import tornado.ioloop

    KINDS.append("ioloop")
except ImportError:  # pragma: no cover - tornado is in requirements/dev.txt
    pass

HANDSHAKE_EVENTS = {
    zmq.EVENT_HANDSHAKE_SUCCEEDED,
    zmq.EVENT_HANDSHAKE_FAILED_AUTH,
    zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL,
    zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL,
}


def new_loop(kind: str) -> asyncio.AbstractEventLoop:
    if kind == "uvloop":
        return uvloop.new_event_loop()
    return asyncio.new_event_loop()


class Runner:
    """Creates, starts and stops authenticators of one kind on the test's context."""

    def __init__(self, kind: str, context: zmq.Context[Any]) -> None:
        self.kind = kind
        self.context = context
        self.auths: list[Authenticator] = []
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        self._thread: Optional[threading.Thread] = None
        if kind != "thread":
            self.loop = new_loop(kind)
            self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
            self._thread.start()

    @property
    def cls(self) -> type[Authenticator]:
        if self.kind == "thread":
            return ThreadAuthenticator
        if self.kind == "ioloop":
            from zmq.auth.ioloop import IOLoopAuthenticator

            return IOLoopAuthenticator
        return AsyncioAuthenticator

    def authenticator(self, mixin: Optional[type] = None, **kwargs: Any) -> Authenticator:
        """A new (not yet started) authenticator; mixin's methods override the runner's class."""
        cls = self.cls if mixin is None else type(mixin.__name__, (mixin, self.cls), {})
        if self.kind == "ioloop":
            kwargs["io_loop"] = self.call(tornado.ioloop.IOLoop.current)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                auth = cls(self.context, **kwargs)
        else:
            auth = cls(self.context, **kwargs)
        self.auths.append(auth)
        return auth

    def serving(self, auth: Authenticator) -> bool:
        """Whether auth's thread or task is still running."""
        if isinstance(auth, ThreadAuthenticator):
            return auth.is_alive()
        task = getattr(auth, "_task", None)
        return task is not None and self.call(lambda: not task.done())

    def call(self, fn: Callable[[], Any]) -> Any:
        """Call fn here (thread kind) or on the loop (asyncio kinds), and return its result."""
        if self.loop is None:
            return fn()

        async def on_loop() -> Any:
            return fn()

        return asyncio.run_coroutine_threadsafe(on_loop(), self.loop).result(DEADLINE)

    def start(self, auth: Authenticator) -> Authenticator:
        self.call(auth.start)
        return auth

    def stop(self, auth: Authenticator) -> None:
        self.call(auth.stop)

    def close(self) -> None:
        for auth in self.auths:
            self.stop(auth)
        if self.loop is not None and self._thread is not None:
            loop = self.loop

            async def drain() -> None:
                me = asyncio.current_task()
                tasks = [t for t in asyncio.all_tasks() if t is not me]
                if tasks:
                    await asyncio.wait(tasks, timeout=DEADLINE)

            asyncio.run_coroutine_threadsafe(drain(), loop).result(DEADLINE)
            loop.call_soon_threadsafe(loop.stop)
            self._thread.join(DEADLINE)
            assert not self._thread.is_alive(), "event loop thread did not stop"
            loop.close()


@pytest.fixture(params=KINDS)
def runner(request: pytest.FixtureRequest, context: zmq.Context[Any]) -> Iterator[Runner]:
    r = Runner(str(request.param), context)
    yield r
    r.close()


@contextmanager
def monitored(sock: zmq.Socket[Any]) -> Iterator[zmq.Socket[Any]]:
    """A monitor socket on sock, disabled and closed afterwards (so the context can terminate)."""
    mon = sock.get_monitor_socket()
    try:
        yield mon
    finally:
        sock.disable_monitor()
        mon.close(linger=0)


def wait_handshake(mon: zmq.Socket[Any], timeout: float = DEADLINE) -> dict[str, Any]:
    """The first handshake outcome (succeeded / failed) the monitor reports, within timeout."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no handshake event within {timeout}s")
        if mon.poll(int(left * 1000) + 1):
            event = recv_monitor_message(mon)
            if event["event"] in HANDSHAKE_EVENTS:
                return event


class Peers:
    """A PULL server and a PUSH client, configured by the test, connected over loopback TCP."""

    def __init__(self, sockets: Callable[..., zmq.Socket[Any]]) -> None:
        self.server = sockets(zmq.PULL)
        self.client = sockets(zmq.PUSH)
        self.server.linger = self.client.linger = 0

    def curve(self, client_keys: Optional[tuple[bytes, bytes]] = None) -> tuple[bytes, bytes]:
        """Make the peers a CURVE server and client; returns the client's (public, secret) keys."""
        server_public, server_secret = zmq.curve_keypair()
        self.server.curve_server = True
        self.server.curve_secretkey = server_secret
        public, secret = client_keys or zmq.curve_keypair()
        self.client.curve_serverkey = server_public
        self.client.curve_publickey = public
        self.client.curve_secretkey = secret
        return public, secret

    def plain(self, username: str, password: str) -> None:
        """Make the peers a PLAIN server and a client with these credentials."""
        self.server.plain_server = True
        self.client.plain_username = username.encode()
        self.client.plain_password = password.encode()

    def connect(self) -> dict[str, Any]:
        """Connect and return the server's handshake event."""
        with monitored(self.server) as mon:
            self.server.bind("tcp://127.0.0.1:0")
            self.client.connect(self.server.last_endpoint.decode())
            return wait_handshake(mon)

    def expect_allowed(self) -> zmq.Frame:
        """Handshake succeeds and a message gets through; returns the frame the server received."""
        event = self.connect()
        assert event["event"] == zmq.EVENT_HANDSHAKE_SUCCEEDED, event
        self.client.send(b"hello")
        assert self.server.poll(int(DEADLINE * 1000)), "allowed client's message did not arrive"
        frame = self.server.recv(copy=False)
        assert frame.bytes == b"hello"
        return frame

    def expect_denied(self, status: int = 400) -> None:
        """The server reports a failed authentication with status, and receives nothing."""
        event = self.connect()
        assert event["event"] == zmq.EVENT_HANDSHAKE_FAILED_AUTH, event
        assert event["value"] == status, event
        try:
            self.client.send(b"hello", zmq.NOBLOCK)
        except zmq.Again:
            pass
        assert self.server.poll(300) == 0, "denied client's message arrived"


@pytest.fixture
def peers(sockets: Callable[..., zmq.Socket[Any]]) -> Peers:
    return Peers(sockets)
