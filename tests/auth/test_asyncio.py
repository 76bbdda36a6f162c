"""AsyncioAuthenticator inside one event loop with zmq.asyncio sockets, and the tornado alias.

Here nothing runs in another thread: server, client, authenticator and an async credentials provider
share one loop (default asyncio and uvloop), which only works if nothing in the path blocks.
"""

from __future__ import annotations

import asyncio
import contextlib
import warnings
from collections.abc import Coroutine, Iterator
from typing import Any, Callable

import pytest

import zmq
import zmq.asyncio
import zmq.auth
from zmq.auth.asyncio import AsyncioAuthenticator
from zmq.utils.monitor import recv_monitor_message

DEADLINE = 10.0
LOOPS = ["asyncio"]
try:
    import uvloop

    LOOPS.append("uvloop")
except ImportError:  # pragma: no cover
    uvloop = None  # type: ignore[assignment]


@pytest.fixture(params=LOOPS)
def run(request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    loop = uvloop.new_event_loop() if request.param == "uvloop" else asyncio.new_event_loop()

    def run(coro: Coroutine[Any, Any, Any]) -> Any:
        return loop.run_until_complete(asyncio.wait_for(coro, DEADLINE))

    yield run
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()


@pytest.fixture
def actx() -> Iterator[zmq.asyncio.Context]:
    ctx = zmq.asyncio.Context()
    yield ctx
    ctx.destroy(linger=0)


class KeyStore:
    """An async credentials provider, as one backed by a database would be."""

    def __init__(self, allowed: set[bytes]) -> None:
        self.allowed = allowed

    async def callback(self, domain: str, key: bytes) -> bool:
        await asyncio.sleep(0.01)
        return key in self.allowed


async def handshake(server: zmq.asyncio.Socket, client: zmq.asyncio.Socket) -> dict[str, Any]:
    """Connect client to server; the server's first handshake outcome."""
    mon = server.get_monitor_socket()
    try:
        server.bind("tcp://127.0.0.1:0")
        client.connect(server.last_endpoint.decode())
        while True:
            event = await recv_monitor_message(mon)
            if event["event"] in (
                zmq.EVENT_HANDSHAKE_SUCCEEDED,
                zmq.EVENT_HANDSHAKE_FAILED_AUTH,
            ):
                return event
    finally:
        server.disable_monitor()
        mon.close(linger=0)


def curve_pair(
    ctx: zmq.asyncio.Context, client_keys: tuple[bytes, bytes]
) -> tuple[zmq.asyncio.Socket, zmq.asyncio.Socket]:
    server, client = ctx.socket(zmq.PULL), ctx.socket(zmq.PUSH)
    server.linger = client.linger = 0
    server_public, server_secret = zmq.curve_keypair()
    server.curve_server = True
    server.curve_secretkey = server_secret
    client.curve_serverkey = server_public
    client.curve_publickey, client.curve_secretkey = client_keys
    return server, client


def test_async_provider_on_one_loop(run: Callable[..., Any], actx: zmq.asyncio.Context) -> None:
    good = zmq.curve_keypair()

    async def main() -> None:
        auth = AsyncioAuthenticator(actx)
        auth.configure_curve_callback("*", KeyStore({good[0]}))
        auth.start()
        try:
            server, client = curve_pair(actx, good)
            event = await handshake(server, client)
            assert event["event"] == zmq.EVENT_HANDSHAKE_SUCCEEDED
            await client.send(b"hello")
            frame = await server.recv(copy=False)
            assert frame.bytes == b"hello"
            assert frame.get("User-Id") == good[0].decode()

            server, client = curve_pair(actx, zmq.curve_keypair())
            event = await handshake(server, client)
            assert (event["event"], event["value"]) == (zmq.EVENT_HANDSHAKE_FAILED_AUTH, 400)
            with contextlib.suppress(zmq.Again):  # no peer: it may not even queue
                await client.send(b"intruder", zmq.NOBLOCK)
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(server.recv(), 0.3)
        finally:
            auth.stop()

    run(main())


def test_loop_argument_starts_before_loop_runs(actx: zmq.asyncio.Context) -> None:
    loop = asyncio.new_event_loop()
    try:
        auth = AsyncioAuthenticator(actx, loop=loop)
        auth.configure_plain("*", {"admin": "secret"})
        auth.start()  # no loop running yet: the task waits for it

        async def main() -> None:
            server, client = actx.socket(zmq.PULL), actx.socket(zmq.PUSH)
            server.linger = client.linger = 0
            server.plain_server = True
            client.plain_username, client.plain_password = b"admin", b"secret"
            assert (await handshake(server, client))["event"] == zmq.EVENT_HANDSHAKE_SUCCEEDED
            await client.send(b"hi")
            assert (await server.recv(copy=False)).get("User-Id") == "admin"
            auth.stop()

        loop.run_until_complete(asyncio.wait_for(main(), DEADLINE))
    finally:
        loop.close()


def test_stop_then_start_again(run: Callable[..., Any], actx: zmq.asyncio.Context) -> None:
    async def main() -> None:
        auth = AsyncioAuthenticator(actx)
        auth.start()
        with pytest.raises(RuntimeError, match="already started"):
            auth.start()
        auth.stop()
        auth.stop()
        await asyncio.sleep(0)
        auth.start()
        assert auth.zap_socket is not None
        auth.stop()

    run(main())


def test_context_term_ends_the_task(run: Callable[..., Any]) -> None:
    """Terminating the context closes the ZAP socket, so term() does not wait for stop()."""
    ctx = zmq.asyncio.Context()

    async def main() -> None:
        auth = AsyncioAuthenticator(ctx)
        auth.start()
        await asyncio.sleep(0)
        term = asyncio.get_running_loop().run_in_executor(None, ctx.term)
        done, _ = await asyncio.wait([term], timeout=5)
        closed_by_itself = auth.zap_socket is None
        auth.stop()  # if it did not close: now term() can finish, and the test fails cleanly
        await asyncio.wait_for(term, 5)
        assert done and closed_by_itself, "Context.term() waited for the authenticator"

    run(main())


def test_ioloop_authenticator_is_deprecated_and_works(
    run: Callable[..., Any], actx: zmq.asyncio.Context
) -> None:
    ioloop = pytest.importorskip("tornado.ioloop")

    async def main() -> None:
        from zmq.auth.ioloop import IOLoopAuthenticator

        with pytest.warns(DeprecationWarning, match="AsyncioAuthenticator"):
            auth = IOLoopAuthenticator(actx, io_loop=ioloop.IOLoop.current())
        assert auth.loop is asyncio.get_running_loop()
        auth.configure_curve("*", zmq.auth.CURVE_ALLOW_ANY)
        auth.start()
        try:
            keys = zmq.curve_keypair()
            server, client = curve_pair(actx, keys)
            assert (await handshake(server, client))["event"] == zmq.EVENT_HANDSHAKE_SUCCEEDED
            await client.send(b"hi")
            assert (await server.recv(copy=False)).get("User-Id") == keys[0].decode()
        finally:
            auth.stop()

    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)  # nothing else may warn
        run(main())
