"""Fixtures for zmq.green: a green Context per test, terminated with a deadline.

Every test body runs in pytest's main greenlet on the real gevent hub; ``gctx`` is terminated under
``gevent.Timeout`` (force-closing leftover sockets), so a broken implementation fails instead of
hanging. ``gpair`` gives two connected green sockets.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any, Callable

import pytest

# gevent has no PyPy wheel (requirements/pypy.txt): make test-pypy runs without it
gevent = pytest.importorskip("gevent", reason="gevent is not installed")

import zmq.green as zmq  # noqa: E402  (after the skip: it imports gevent)

TERM_TIMEOUT = 5.0
DEADLINE = 20.0


@pytest.fixture
def gctx() -> Iterator[zmq.Context]:
    ctx = zmq.Context()
    yield ctx
    for sock in list(ctx._sockets):
        sock.close(linger=0)
    try:
        with gevent.Timeout(TERM_TIMEOUT):
            ctx.term()
    except gevent.Timeout:
        pytest.fail("green Context.term() timed out: a test left a socket open")


@pytest.fixture
def gsockets(gctx: zmq.Context) -> Callable[..., zmq.Socket]:
    """Factory for green sockets with LINGER=0 (the gctx fixture closes them)."""

    def make(socket_type: int, **kwargs: Any) -> zmq.Socket:
        sock = gctx.socket(socket_type, **kwargs)
        sock.linger = 0
        return sock

    return make


@pytest.fixture
def gpair(gsockets: Callable[..., zmq.Socket]) -> Callable[..., tuple[zmq.Socket, zmq.Socket]]:
    """``gpair(zmq.PUSH, zmq.PULL)``: a bound and a connected green socket over loopback tcp."""

    def make(bind_type: int, connect_type: int) -> tuple[zmq.Socket, zmq.Socket]:
        a, b = gsockets(bind_type), gsockets(connect_type)
        a.bind("tcp://127.0.0.1:0")
        b.connect(a.last_endpoint.decode())
        return a, b

    return make


class Ticker:
    """A greenlet counting hub turns: a count that grows while we wait proves the hub is not blocked."""

    def __init__(self) -> None:
        self.count = 0
        self.greenlet = gevent.spawn(self._run)

    def _run(self) -> None:
        while True:
            self.count += 1
            gevent.sleep(0.001)


@pytest.fixture
def start_ticker() -> Iterator[Callable[[], Ticker]]:
    """``start_ticker()``: a Ticker counting from now; killed after the test."""
    started: list[Ticker] = []

    def start() -> Ticker:
        ticker = Ticker()
        started.append(ticker)
        return ticker

    yield start
    gevent.killall([t.greenlet for t in started])


def _run_script(code: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONFAULTHANDLER="1")
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.fixture
def run_script() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run_script(code, timeout=60)``: run code in a fresh interpreter, bounded by timeout.

    For monkey-patching (which must not touch pytest's process) and import-time behaviour.
    """
    return _run_script
