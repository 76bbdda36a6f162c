"""Fixtures for zmq.asyncio: every test runs on the default asyncio loop and on uvloop.

``run(coro)`` runs a coroutine on a fresh loop of the parametrized kind, bounded by a deadline, so a
broken implementation fails fast instead of hanging. ``actx`` is a zmq.asyncio.Context terminated
with a deadline; ``apair`` gives two connected async sockets.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from typing import Any, Callable

import pytest

import zmq
import zmq.asyncio

DEADLINE = 20.0
TERM_TIMEOUT = 5.0

LOOPS = ["asyncio"]
try:
    import uvloop

    LOOPS.append("uvloop")
except ImportError:  # pragma: no cover - uvloop is in requirements/dev.txt
    uvloop = None  # type: ignore[assignment]


def _new_loop(kind: str) -> asyncio.AbstractEventLoop:
    if kind == "uvloop":
        return uvloop.new_event_loop()
    return asyncio.new_event_loop()


@pytest.fixture(params=LOOPS)
def loop_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def aloop(loop_kind: str) -> Iterator[asyncio.AbstractEventLoop]:
    loop = _new_loop(loop_kind)
    asyncio.set_event_loop(loop)
    yield loop
    try:
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        asyncio.set_event_loop(None)
        loop.close()


@pytest.fixture
def run(aloop: asyncio.AbstractEventLoop) -> Callable[..., Any]:
    """Run a coroutine to completion on the test's loop, failing after ``timeout`` seconds."""

    def run(coro: Coroutine[Any, Any, Any], timeout: float = DEADLINE) -> Any:
        return aloop.run_until_complete(asyncio.wait_for(coro, timeout))

    return run


@pytest.fixture
def actx(term_with_deadline: Callable[..., bool]) -> Iterator[zmq.asyncio.Context]:
    ctx = zmq.asyncio.Context()
    yield ctx
    if not ctx.closed and not term_with_deadline(ctx):
        pytest.fail("Context.term() timed out: a test left a socket open")


@pytest.fixture
def asockets(actx: zmq.asyncio.Context) -> Iterator[Callable[..., zmq.asyncio.Socket]]:
    """Factory for async sockets that are closed (linger=0) after the test."""
    made: list[zmq.asyncio.Socket] = []

    def make(socket_type: int, **kwargs: Any) -> zmq.asyncio.Socket:
        sock = actx.socket(socket_type, **kwargs)
        sock.linger = 0
        made.append(sock)
        return sock

    yield make
    for sock in made:
        sock.close(linger=0)


_counter = iter(range(1_000_000))


@pytest.fixture
def apair(
    asockets: Callable[..., zmq.asyncio.Socket],
) -> Callable[..., tuple[zmq.asyncio.Socket, zmq.asyncio.Socket]]:
    """``apair(zmq.PUSH, zmq.PULL, transport="tcp")``: a bound and a connected async socket."""

    def make(
        bind_type: int, connect_type: int, transport: str = "tcp"
    ) -> tuple[zmq.asyncio.Socket, zmq.asyncio.Socket]:
        a, b = asockets(bind_type), asockets(connect_type)
        if transport == "tcp":
            a.bind("tcp://127.0.0.1:0")
        else:
            a.bind(f"inproc://asyncio-test-{next(_counter)}")
        b.connect(a.last_endpoint.decode())
        return a, b

    return make
