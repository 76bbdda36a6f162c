"""Awaitable polling: Socket.poll and zmq.asyncio.Poller over async sockets, sync sockets, raw fds."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest

import zmq
import zmq.asyncio


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    r, w = os.pipe()
    yield r, w
    os.close(r)
    os.close(w)


def test_socket_poll(run: Any, apair: Any) -> None:
    a, b = apair(zmq.PAIR, zmq.PAIR)

    async def main() -> None:
        assert await b.poll(20) == 0
        fut = b.poll(5000)
        assert not fut.done()
        await a.send(b"x")
        assert await asyncio.wait_for(fut, 5) == zmq.POLLIN
        assert await b.poll(0, zmq.POLLIN | zmq.POLLOUT) == zmq.POLLIN | zmq.POLLOUT
        assert await b.recv() == b"x"
        assert await b.poll(timeout=0) == 0

    run(main())


def test_poller_with_async_sync_and_fd(
    run: Any, apair: Any, pair: Any, pipe: tuple[int, int]
) -> None:
    a, b = apair(zmq.PAIR, zmq.PAIR)
    sa, sb = pair(zmq.PAIR, zmq.PAIR)
    r, w = pipe
    poller = zmq.asyncio.Poller()
    poller.register(b, zmq.POLLIN)
    poller.register(sb, zmq.POLLIN)
    poller.register(r, zmq.POLLIN)

    async def main() -> None:
        assert await poller.poll(20) == []
        fut = poller.poll()
        await asyncio.sleep(0.01)
        assert not fut.done()
        await a.send(b"async")
        assert await asyncio.wait_for(fut, 5) == [(b, zmq.POLLIN)]
        assert await b.recv() == b"async"

        fut = poller.poll(5000)
        await asyncio.sleep(0.01)
        sa.send(b"sync")
        assert await asyncio.wait_for(fut, 5) == [(sb, zmq.POLLIN)]
        assert sb.recv() == b"sync"

        fut = poller.poll(5000)
        await asyncio.sleep(0.01)
        os.write(w, b"!")
        assert await asyncio.wait_for(fut, 5) == [(r, zmq.POLLIN)]
        os.read(r, 1)

    run(main())


def test_poller_with_socket_object_and_pollout(run: Any, apair: Any) -> None:
    a, _b = apair(zmq.PAIR, zmq.PAIR)
    s1, s2 = socket.socketpair()
    try:
        poller = zmq.asyncio.Poller()
        poller.register(s1, zmq.POLLIN)
        poller.register(a, zmq.POLLOUT)

        async def main() -> None:
            got = dict(await asyncio.wait_for(poller.poll(1000), 5))
            assert got == {a: zmq.POLLOUT}
            poller.unregister(a)
            fut = poller.poll(5000)
            await asyncio.sleep(0.01)
            s2.send(b"x")
            # like select.poll (and zmq.Poller): an object with fileno() is reported by its fd
            assert await asyncio.wait_for(fut, 5) == [(s1.fileno(), zmq.POLLIN)]

        run(main())
    finally:
        s1.close()
        s2.close()


def test_poll_and_recv_waiting_on_one_socket(run: Any, apair: Any) -> None:
    """A poll must not steal the wakeup of a recv pending on the same socket, and vice versa."""
    a, b = apair(zmq.PAIR, zmq.PAIR)

    async def main() -> None:
        for i in range(200):
            recv = b.recv()
            poll = b.poll(5000)
            await a.send(b"%d" % i)
            assert await asyncio.wait_for(recv, 5) == b"%d" % i
            poll.cancel()
            # a poll (whose EVENTS read eats the FD edge) while a recv waits for a message
            recv = b.recv()
            await a.send(b"again")
            while not recv.done() and not await b.poll(0):
                await asyncio.sleep(0.001)  # tcp: not arrived yet
            assert await asyncio.wait_for(recv, 5) == b"again"
            # the same through a Poller, with a sync zmq.Poller-style zmq_poll underneath
            recv = b.recv()
            await a.send(b"third")
            poller = zmq.asyncio.Poller()
            poller.register(b, zmq.POLLIN)
            while not recv.done() and not await poller.poll(0):
                await asyncio.sleep(0.001)
            assert await asyncio.wait_for(recv, 5) == b"third"

    run(main())


def test_polling_a_sync_socket_while_its_async_shadow_waits(run: Any, context: zmq.Context) -> None:
    """Two watchers of one ZMQ_FD on one loop must not replace each other's reader."""
    pull = context.socket(zmq.PULL)
    push = context.socket(zmq.PUSH)
    pull.linger = push.linger = 0
    pull.bind("inproc://shadow-poll")
    push.connect("inproc://shadow-poll")
    apull = zmq.asyncio.Socket(pull)
    try:

        async def main() -> None:
            for i in range(50):
                recv = apull.recv()
                poller = zmq.asyncio.Poller()
                poller.register(pull, zmq.POLLIN)
                assert await poller.poll(5) == []
                push.send(b"%d" % i)
                assert await asyncio.wait_for(recv, 5) == b"%d" % i

        run(main())
    finally:
        pull.close()
        push.close()


def test_poll_on_closed_poller_socket_raises(run: Any, apair: Any) -> None:
    _a, b = apair(zmq.PAIR, zmq.PAIR)
    poller = zmq.asyncio.Poller()
    poller.register(b, zmq.POLLIN)

    async def main() -> None:
        b.close()
        with pytest.raises(zmq.ZMQError):
            await asyncio.wait_for(poller.poll(10), 5)

    run(main())


def test_closing_a_socket_cancels_its_poll(run: Any, apair: Any) -> None:
    """Like its pending recv()s, a socket's own poll() is cancelled (not failed) by close()."""
    _a, b = apair(zmq.PUSH, zmq.PULL)

    async def main() -> None:
        polled = b.poll(timeout=5000)
        pending = b.recv()
        b.close()
        await asyncio.sleep(0)
        assert polled.cancelled()
        assert pending.cancelled()

    run(main())


def test_cancelled_polls_leave_nothing_behind(run: Any, apair: Any) -> None:
    _a, b = apair(zmq.PUSH, zmq.PULL)

    async def main() -> None:
        for _ in range(20):
            task = asyncio.ensure_future(b.poll(timeout=5000))
            await asyncio.sleep(0)
            task.cancel()
            await asyncio.sleep(0)
        await asyncio.sleep(0.05)
        watch = b._current_watch()
        assert not watch.watchers and not watch.recv_waiters

    run(main())


def test_poller_reports_file_objects_by_fd(run: Any) -> None:
    """A registered file object comes back as its int fd, as with the sync Poller."""
    r_fd, w_fd = os.pipe()
    with os.fdopen(r_fd, "rb", buffering=0) as r, os.fdopen(w_fd, "wb", buffering=0) as w:
        poller = zmq.asyncio.Poller()
        poller.register(r, zmq.POLLIN)
        poller.register(w, zmq.POLLOUT)

        async def main() -> None:
            assert dict(await poller.poll(100)) == {w.fileno(): zmq.POLLOUT}
            poller.unregister(w)
            fut = poller.poll(5000)
            await asyncio.sleep(0.01)
            assert not fut.done()
            w.write(b"!")
            assert await asyncio.wait_for(fut, 5) == [(r.fileno(), zmq.POLLIN)]
            assert r.read(1) == b"!"

        run(main())


def test_cancelled_polls_leave_nothing_waiting(run: Any, apair: Any) -> None:
    """pyzmq's test_poll_leak, through this implementation: cancelled polls are forgotten."""
    push, pull = apair(zmq.PUSH, zmq.PULL)

    async def main() -> None:
        for _ in range(10):
            poll = asyncio.ensure_future(pull.poll(timeout=1000, flags=zmq.POLLIN))
            await asyncio.sleep(0)
            poll.cancel()
            await asyncio.sleep(0)
        watch = pull._watch
        assert watch is not None
        assert not watch.watchers and not watch.recv_waiters
        await push.send(b"after")
        assert await asyncio.wait_for(pull.recv(), 10) == b"after"

    run(main())
