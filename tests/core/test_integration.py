"""zmq.integration's future-returning sockets, driven by a minimal subclass on a plain asyncio loop
(no zmq.asyncio: the core must work for any integration built on its public interface)."""

from __future__ import annotations

import asyncio
import sys
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
