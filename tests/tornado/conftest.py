"""Fixtures for the tornado tests: a real IOLoop per test, and a bounded way to run it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterator
from typing import Any, Callable

import pytest

tornado_ioloop = pytest.importorskip("tornado.ioloop")
IOLoop = tornado_ioloop.IOLoop

#: Seconds any test may spend running its loop: broken wakeup handling fails fast instead of hanging.
LOOP_TIMEOUT = 10.0


@pytest.fixture
def io_loop() -> Iterator[Any]:
    """A fresh tornado IOLoop (on its own asyncio loop), closed after the test."""
    loop = IOLoop(make_current=False)
    yield loop
    loop.close()


@pytest.fixture
def run(io_loop: Any) -> Callable[..., Any]:
    """``run(coroutine_function)``: run it to completion on io_loop, within LOOP_TIMEOUT."""

    def run(fn: Callable[[], Awaitable[Any]], timeout: float = LOOP_TIMEOUT) -> Any:
        return io_loop.run_sync(fn, timeout=timeout)

    return run


async def _until(condition: Callable[[], bool], timeout: float = LOOP_TIMEOUT) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(0.001)


@pytest.fixture
def until() -> Callable[..., Awaitable[None]]:
    """``await until(condition)``: let the loop run until condition() holds, failing after a timeout."""
    return _until
