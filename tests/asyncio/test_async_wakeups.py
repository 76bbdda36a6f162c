"""No lost wakeups on the edge-triggered ZMQ_FD, and no CPU burnt while waiting."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import zmq
import zmq.asyncio


def test_100k_push_pull(run: Any, apair: Any) -> None:
    pull, push = apair(zmq.PULL, zmq.PUSH)
    n = 100_000

    async def sender() -> None:
        for i in range(n):
            await push.send(b"%d" % i)

    async def receiver() -> int:
        last = -1
        for _ in range(n):
            i = int(await pull.recv())
            assert i == last + 1
            last = i
        return last

    async def main() -> None:
        _, last = await asyncio.gather(sender(), receiver())
        assert last == n - 1

    run(main(), timeout=120)


def test_10k_dealer_router_round_trips(run: Any, apair: Any) -> None:
    router, dealer = apair(zmq.ROUTER, zmq.DEALER)
    n = 10_000

    async def echo() -> None:
        for _ in range(n):
            await router.send_multipart(await router.recv_multipart())

    async def client() -> None:
        for i in range(n):
            await dealer.send(b"%d" % i)
            assert await dealer.recv() == b"%d" % i

    async def main() -> None:
        await asyncio.gather(echo(), client())

    run(main(), timeout=120)


def test_send_while_another_task_waits_on_the_same_socket(run: Any, apair: Any) -> None:
    """The sender's libzmq calls consume the FD edge the receiver waits for."""
    router, dealer = apair(zmq.ROUTER, zmq.DEALER)
    n = 5000

    async def echo() -> None:
        for _ in range(n):
            await router.send_multipart(await router.recv_multipart())

    async def sender() -> None:
        for i in range(n):
            await dealer.send(b"%d" % i)
            if i % 100 == 0:
                await asyncio.sleep(0)

    async def receiver() -> list[bytes]:
        return [await dealer.recv() for _ in range(n)]

    async def main() -> None:
        got = (await asyncio.gather(echo(), sender(), receiver()))[2]
        assert got == [b"%d" % i for i in range(n)]

    run(main(), timeout=120)


def test_pending_send_and_pending_recv_on_one_socket(run: Any, apair: Any) -> None:
    a, b = apair(zmq.PAIR, zmq.PAIR, "inproc")
    a.sndhwm = b.rcvhwm = 1

    async def main() -> None:
        sent = 0
        while True:  # fill the pipe until a send would block
            try:
                await a.send(b"fill", zmq.DONTWAIT)
            except zmq.Again:
                break
            sent += 1
            assert sent < 10_000
        send = a.send(b"last")
        recv = a.recv()
        await asyncio.sleep(0.02)
        assert not send.done()
        assert not recv.done()
        await b.send(b"reply")  # wakes a's recv ...
        for _ in range(sent):  # ... and draining b makes room for a's send
            assert await asyncio.wait_for(b.recv(), 5) == b"fill"
        assert await asyncio.wait_for(recv, 5) == b"reply"
        await asyncio.wait_for(send, 5)
        assert await asyncio.wait_for(b.recv(), 5) == b"last"

    run(main())


def test_many_sockets_in_parallel(run: Any, apair: Any) -> None:
    pairs = [apair(zmq.PULL, zmq.PUSH) for _ in range(10)]
    n = 2000

    async def flow(pull: zmq.asyncio.Socket, push: zmq.asyncio.Socket) -> None:
        async def send() -> None:
            for i in range(n):
                await push.send_multipart([b"k", b"%d" % i])

        async def recv() -> None:
            for i in range(n):
                assert await pull.recv_multipart() == [b"k", b"%d" % i]

        await asyncio.gather(send(), recv())

    async def main() -> None:
        await asyncio.gather(*(flow(p, q) for p, q in pairs))

    run(main(), timeout=120)


def _cpu() -> float:
    return time.process_time()


def test_idle_waiting_uses_no_cpu(run: Any, apair: Any) -> None:
    a, b = apair(zmq.DEALER, zmq.DEALER)
    b.sndhwm = 1

    async def main() -> None:
        # traffic first, so the FD has fired and been drained
        for i in range(100):
            await a.send(b"%d" % i)
            assert await b.recv() == b"%d" % i
        recv = b.recv()
        poll = a.poll(10_000)
        start = _cpu()
        await asyncio.sleep(0.5)
        used = _cpu() - start
        assert not recv.done()
        assert not poll.done()
        assert used < 0.05, f"{used:.3f} s of CPU while idle"
        await a.send(b"wake")
        assert await asyncio.wait_for(recv, 5) == b"wake"
        poll.cancel()

    run(main())
