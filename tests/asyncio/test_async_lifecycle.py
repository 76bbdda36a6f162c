"""zmq.asyncio sockets outlive the loops they waited on: a closed loop leaves them usable.

Loops are handed libzmq's ``ZMQ_FD`` wrapped in an object whose ``close()`` closes the socket, so no
loop can close libzmq's own descriptor; closing a loop (asyncio and uvloop never close registered
files) leaves the socket open, and it waits on the next loop as before.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable

import pytest

import zmq
import zmq.asyncio

from .conftest import _new_loop


def test_socket_outlives_a_closed_loop(
    loop_kind: str, apair: Callable[..., tuple[zmq.asyncio.Socket, zmq.asyncio.Socket]]
) -> None:
    push, pull = apair(zmq.PUSH, zmq.PULL)
    first = _new_loop(loop_kind)
    pending: list[Any] = []

    async def wait() -> None:
        pending.append(pull.recv())  # registers pull's FD with this loop
        await asyncio.sleep(0.01)

    first.run_until_complete(wait())
    first.close()
    assert not pull.closed and not pending[0].done()

    second = _new_loop(loop_kind)

    async def exchange() -> bytes:
        await push.send(b"on the next loop")
        return await asyncio.wait_for(pull.recv(), 5)

    try:
        assert second.run_until_complete(exchange()) == b"on the next loop"
    finally:
        second.close()


def test_registered_reader_closes_the_socket_not_the_fd(
    run: Any, aloop: asyncio.AbstractEventLoop, asockets: Callable[..., zmq.asyncio.Socket]
) -> None:
    """What a loop that closes its registered files would close is the socket (pyzmq's behaviour)."""
    sock = asockets(zmq.PULL)
    sock.bind("inproc://registered")
    fd = sock.fileno()

    async def wait() -> None:
        sock.recv()
        await asyncio.sleep(0)

    run(wait())
    selector = getattr(aloop, "_selector", None)
    if selector is None:
        pytest.skip("uvloop keeps its registrations out of reach")
    registered = selector.get_key(fd).fileobj
    assert not isinstance(registered, int)
    assert registered.fileno() == fd
    registered.close()
    assert sock.closed
