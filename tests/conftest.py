"""Shared fixtures: every test gets its own Context, terminated with a deadline.

A socket a test forgets to close makes ``Context.term()`` block; here that fails the test with a clear
message instead of hanging the suite.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any, Callable

import pytest
from endpoints import endpoint, remove_ipc_dir

import zmq

TERM_TIMEOUT = 5.0


def _term_with_deadline(ctx: zmq.Context, timeout: float = TERM_TIMEOUT) -> bool:
    """Terminate ctx in a thread; True if it finished in time (else its sockets are force-closed)."""
    done = threading.Event()

    def term() -> None:
        ctx.term()
        done.set()

    t = threading.Thread(target=term, daemon=True)
    t.start()
    if done.wait(timeout):
        return True
    for sock in list(ctx._sockets):
        sock.close(linger=0)
    t.join(timeout)
    return False


@pytest.fixture
def term_with_deadline() -> Callable[..., bool]:
    """``term_with_deadline(ctx)``: terminate ctx within TERM_TIMEOUT; False if a socket was left."""
    return _term_with_deadline


@pytest.fixture
def context() -> Iterator[zmq.Context]:
    ctx: zmq.Context = zmq.Context()
    yield ctx
    if not _term_with_deadline(ctx):
        pytest.fail("Context.term() timed out: a test left a socket open")


@pytest.fixture
def sockets(context: zmq.Context) -> Iterator[Callable[..., zmq.Socket]]:
    """Factory for sockets that are closed (linger=0) after the test."""
    made: list[zmq.Socket] = []

    def make(socket_type: int, **kwargs: Any) -> zmq.Socket:
        sock = context.socket(socket_type, **kwargs)
        made.append(sock)
        return sock

    yield make
    for sock in made:
        sock.close(linger=0)


@pytest.fixture
def pair(sockets: Callable[..., zmq.Socket]) -> Callable[..., tuple[zmq.Socket, zmq.Socket]]:
    """Factory: ``pair(zmq.PUSH, zmq.PULL, transport="tcp")`` gives a bound and a connected socket."""

    def make(
        bind_type: int, connect_type: int, transport: str = "tcp"
    ) -> tuple[zmq.Socket, zmq.Socket]:
        a, b = sockets(bind_type), sockets(connect_type)
        a.linger = b.linger = 0
        a.bind(endpoint(transport))
        b.connect(a.last_endpoint.decode())
        return a, b

    return make


@pytest.fixture(scope="session", autouse=True)
def _no_ipc_files_left() -> Iterator[None]:
    """The run's ipc socket files go with their directory when the session ends."""
    yield
    remove_ipc_dir()
