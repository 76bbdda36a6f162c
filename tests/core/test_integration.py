"""zmq.integration's future-returning sockets, driven by a minimal subclass on a plain asyncio loop
(no zmq.asyncio: the core must work for any integration built on its public interface)."""

from __future__ import annotations

import asyncio
import sys
from collections import deque
from collections.abc import Iterator
from typing import Any

import pytest

import zmq
from zmq._future import _watches
from zmq.integration import FuturePoller, FutureSocket


class MiniPoller(FuturePoller):
    pass


class MiniSocket(FutureSocket):
    """The smallest integration: futures of whatever asyncio loop is running."""

    @classmethod
    def current_loop(cls) -> asyncio.AbstractEventLoop:
        return asyncio.get_running_loop()


MiniPoller._socket_class = MiniSocket


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture
def mini(context: zmq.Context) -> Iterator[tuple[MiniSocket, MiniSocket]]:
    a = context.socket(zmq.PAIR, socket_class=MiniSocket)
    b = context.socket(zmq.PAIR, socket_class=MiniSocket)
    a.linger = b.linger = 0
    a.bind("tcp://127.0.0.1:0")
    b.connect(a.last_endpoint.decode())
    yield a, b
    a.close()
    b.close()


def run(loop: asyncio.AbstractEventLoop, coro: Any, timeout: float = 20) -> Any:
    return loop.run_until_complete(asyncio.wait_for(coro, timeout))


def test_zmq_asyncio_is_not_imported() -> None:
    """The core's base must not depend on the asyncio plugin (checked in a fresh interpreter)."""
    import subprocess

    code = "import sys, zmq._future; assert 'zmq.asyncio' not in sys.modules, sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_round_trip_and_fast_path(loop: asyncio.AbstractEventLoop, mini: Any) -> None:
    a, b = mini

    async def main() -> None:
        recv = b.recv()
        assert not recv.done()
        await asyncio.wait_for(a.send(b"hello"), 5)  # tcp: waits for the connection
        assert await asyncio.wait_for(recv, 5) == b"hello"
        sent = a.send(b"again")
        assert sent.done()  # connected, room in the pipe: done without a loop round-trip
        assert await asyncio.wait_for(b.recv(), 5) == b"again"
        await a.send_multipart([b"x", b"y"])
        assert await b.poll(5000) == zmq.POLLIN
        fut = b.recv_multipart()
        assert fut.done()
        assert fut.result() == [b"x", b"y"]

    run(loop, main())


def test_cancel_loses_nothing_and_fifo(loop: asyncio.AbstractEventLoop, mini: Any) -> None:
    a, b = mini

    async def main() -> None:
        first = b.recv()
        second = b.recv_string()
        third = b.recv()
        first.cancel()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(second, 0.02)
        for m in (b"1", b"2", b"3"):
            await a.send(m)
        assert await asyncio.wait_for(third, 5) == b"1"
        assert await asyncio.wait_for(b.recv(), 5) == b"2"
        assert await asyncio.wait_for(b.recv_string(), 5) == "3"

    run(loop, main())


def test_timeouts_close_and_errors(loop: asyncio.AbstractEventLoop, mini: Any) -> None:
    a, b = mini
    b.rcvtimeo = 20

    async def main() -> None:
        with pytest.raises(zmq.Again):
            await asyncio.wait_for(b.recv(), 5)
        with pytest.raises(TypeError):
            await a.send("str")
        b.rcvtimeo = -1
        pending = b.recv()
        await asyncio.sleep(0)
        b.close()
        assert pending.cancelled()
        with pytest.raises(zmq.ZMQError) as e:
            await b.recv()
        assert e.value.errno == zmq.ENOTSOCK

    run(loop, main())


def test_one_reader_per_socket_and_cleanup(loop: asyncio.AbstractEventLoop, mini: Any) -> None:
    """Shadows share one watch (one reader); a Poller's watch of a sync socket goes away after."""
    a, b = mini

    async def main() -> None:
        shadow = MiniSocket(b)
        r1 = b.recv()
        r2 = shadow.recv()
        keys = [k for k in _watches if k[1] == b.underlying]
        assert len(keys) == 1
        await a.send(b"1")
        await a.send(b"2")
        assert await asyncio.wait_for(r1, 5) == b"1"
        assert await asyncio.wait_for(r2, 5) == b"2"

        sync = zmq.Socket(shadow=a.underlying)
        poller = MiniPoller()
        poller.register(sync, zmq.POLLOUT)
        assert await poller.poll(1000) == [(sync, zmq.POLLOUT)]
        poller.register(sync, zmq.POLLIN)
        assert await poller.poll(10) == []
        await asyncio.sleep(0)
        assert not [k for k in _watches if k[1] == a.underlying and not _watches[k].persistent]

    run(loop, main())


def test_poller_with_fd(loop: asyncio.AbstractEventLoop, mini: Any) -> None:
    import os

    _a, b = mini
    r, w = os.pipe()
    try:
        poller = MiniPoller()
        poller.register(r, zmq.POLLIN)
        poller.register(b, zmq.POLLIN)

        async def main() -> None:
            fut = poller.poll(5000)
            await asyncio.sleep(0.01)
            os.write(w, b"x")
            assert await asyncio.wait_for(fut, 5) == [(r, zmq.POLLIN)]

        run(loop, main())
    finally:
        os.close(r)
        os.close(w)


# --- the interface's non-blocking operations ---------------------------------------------------


def test_try_operations_report_not_ready(sockets: Any) -> None:
    from zmq.integration import NOT_READY, try_recv, try_send

    a, b = sockets(zmq.PAIR), sockets(zmq.PAIR)
    a.bind("inproc://try-ops")
    assert try_recv(a) is NOT_READY
    assert try_send(a, b"x") is NOT_READY  # no peer yet: PAIR cannot queue
    b.connect("inproc://try-ops")
    assert try_send(b, [b"a", b"b"], multipart=True) is None
    assert try_recv(a, True, True) == [b"a", b"b"]
    assert try_recv(a, copy=False) is NOT_READY


@pytest.mark.parametrize("size, threshold, shared", [(100, 10, True), (100, 1000, False)])
def test_routed_frame_honours_copy_threshold(
    sockets: Any, size: int, threshold: int, shared: bool
) -> None:
    """copy=False shares a buffer with libzmq only as far as the socket's copy_threshold says."""
    from zmq.integration import routed_frame

    sock = sockets(zmq.PAIR)
    sock.copy_threshold = threshold
    data = bytearray(b"a" * size)
    frame = routed_frame(sock, data, copy=False)
    data[0] = ord("b")
    assert bytes(frame)[:1] == (b"b" if shared else b"a")
    copied = routed_frame(sock, data, copy=True)
    data[0] = ord("c")
    assert bytes(copied)[:1] == b"b"
    assert routed_frame(sock, copied) is copied  # a Frame is labelled, not wrapped again


# --- Readiness: the waiting rules every integration shares ----------------------------------------


@pytest.fixture
def connected_pair(sockets: Any, request: pytest.FixtureRequest) -> tuple[Any, Any]:
    a, b = sockets(zmq.PAIR), sockets(zmq.PAIR)
    a.bind(f"inproc://{request.node.name}")
    b.connect(f"inproc://{request.node.name}")
    return a, b


def _readiness_kit() -> tuple[Any, Any]:
    """A Readiness whose scheduling is a counter, and a Waiter recording what happens to it."""
    from zmq.integration import Readiness, Waiter

    class Checked(Readiness):
        """A loop whose scheduling is a counter: the test runs check() itself."""

        __slots__ = ("scheduled",)

        def __init__(self, socket: Any) -> None:
            super().__init__(socket)
            self.scheduled = 0

        def schedule_check(self) -> None:
            self.scheduled += 1

    class Noted(Waiter):
        __slots__ = ("log", "wanted")

        def __init__(self, log: list[Any], call: Any, args: tuple[Any, ...]) -> None:
            super().__init__(call, args)
            self.log = log
            self.wanted = True

        def pending(self) -> bool:
            return self.wanted

        def finish(self, result: Any) -> None:
            self.log.append(result)

        def fail(self, exc: Exception) -> None:
            self.log.append(exc)

        def discard(self) -> None:
            self.log.append("discarded")

    return Checked, Noted


def test_readiness_tries_now_else_parks_and_serves_in_order(connected_pair: Any) -> None:
    from zmq.integration import NOT_READY, try_recv

    Checked, Noted = _readiness_kit()
    a, b = connected_pair
    ready = Checked(a)
    args = (a, True, False)
    assert ready.attempt(try_recv, args, ready.recv_waiters) is NOT_READY  # tried: nothing queued
    log: list[Any] = []
    ready.recv_waiters.extend([Noted(log, try_recv, args), Noted(log, try_recv, args)])
    b.send(b"1")
    # FIFO: with operations parked, a new one is not even tried (the message stays for them)
    calls: list[Any] = []
    assert ready.attempt(calls.append, (1,), ready.recv_waiters) is NOT_READY and not calls
    b.send(b"2")
    b.send(b"3")
    events = ready.check()
    assert log == [b"1", b"2"] and not ready.recv_waiters
    assert events & zmq.POLLIN  # b"3" still queued: the last events read say so
    # nothing waits now: a direct operation schedules no check
    assert ready.attempt(try_recv, args, ready.recv_waiters) == b"3" and ready.scheduled == 0


def test_readiness_rechecks_for_others_and_tells_watchers(connected_pair: Any) -> None:
    from zmq.integration import NOT_READY, try_recv, try_send

    Checked, _ = _readiness_kit()
    a, _peer = connected_pair  # connected: PAIR can send
    ready = Checked(a)
    seen: list[Any] = []
    ready.watchers.append(seen.append)
    assert ready.waiting()
    # an operation that may consume the edge a watcher waits for has a check scheduled
    assert ready.attempt(try_recv, (a, True, False)) is NOT_READY and ready.scheduled == 1
    assert ready.attempt(try_send, (a, b"x", 0, True, False, False)) is None
    assert ready.scheduled == 2
    assert ready.check() & zmq.POLLOUT and seen and seen[-1] & zmq.POLLOUT
    a.close()
    with pytest.raises(zmq.ZMQError):
        ready.check()  # what fails or wakes then is the integration's choice


def test_serve_budget_cancelled_and_failing_waiters(connected_pair: Any) -> None:
    from zmq.integration import Waiter, serve, try_recv

    _, Noted = _readiness_kit()
    a, b = connected_pair
    for part in (b"1", b"2", b"3"):
        b.send(part)
    log: list[Any] = []
    args = (a, True, False)
    gone = Noted(log, try_recv, args)
    gone.wanted = False  # cancelled: dropped unrun, its message left for the next
    queue = deque([gone, *(Noted(log, try_recv, args) for _ in "abc")])
    assert serve(queue, budget=1) == 1 and log == ["discarded", b"1"] and len(queue) == 2
    assert serve(queue) == 2 and log[-1] == b"3" and not queue

    def broken() -> None:
        raise ValueError("bad frame")

    queue.extend([Noted(log, broken, ()), Noted(log, try_recv, args)])
    assert serve(queue) == 1  # the failure completes its waiter; the next would block
    assert isinstance(log[-1], ValueError) and len(queue) == 1
    queue.clear()
    queue.append(Waiter(broken, ()))  # the base class lets the error reach whoever serves
    with pytest.raises(ValueError):
        serve(queue)
