"""Fixed work for instruction counts, run under callgrind by bench/instr.py:

    python bench/instr_probe.py lockstep tcp 64 COUNT    # COUNT messages PUSH -> PULL, one thread
    python bench/instr_probe.py asyncio tcp 64 COUNT     # COUNT DEALER/ROUTER round trips, asyncio
    python bench/instr_probe.py import - 0 1             # import zmq

The measured work runs between two ``os.getppid()`` calls, where callgrind dumps its counters
(``--dump-before=getppid``): the middle part counts just that work, after a warm-up of a tenth of
COUNT. The same exchanges as ``zmq_bench lockstep|roundtrip`` (bench/c): one thread does both sides,
so callgrind counts the sender, the receiver and libzmq's IO thread. Only the public ``zmq`` API is
used, so any pyzmq-compatible install runs it.
"""

from __future__ import annotations

import os
import sys

BATCH = 64  # as zmq_bench lockstep: send a batch, then receive it (below every high-water mark)


def lockstep(transport: str, size: int, count: int) -> None:
    import zmq

    ctx = zmq.Context()
    pull, push = ctx.socket(zmq.PULL), ctx.socket(zmq.PUSH)
    for s in (pull, push):
        s.linger = 0
        s.rcvtimeo = 5000
    pull.bind("tcp://127.0.0.1:*" if transport == "tcp" else "inproc://instr")
    push.connect(pull.last_endpoint)
    payload = b"x" * size

    def exchange(n: int) -> None:
        # method calls in the loop, as a program (and bench/harness.py's timed loops) makes them:
        # a bound method taken once would hide the cost of looking the method up
        done = 0
        while done < n:
            batch = min(BATCH, n - done)
            for _ in range(batch):
                push.send(payload)
            for _ in range(batch):
                pull.recv()
            done += batch

    exchange(count // 10 + 1)
    os.getppid()
    exchange(count)
    os.getppid()
    pull.close()
    push.close()
    ctx.term()


def asyncio_round_trips(transport: str, size: int, count: int) -> None:
    import asyncio

    import zmq
    import zmq.asyncio

    async def main() -> None:
        ctx = zmq.asyncio.Context()
        router, dealer = ctx.socket(zmq.ROUTER), ctx.socket(zmq.DEALER)
        for s in (router, dealer):
            s.linger = 0
        router.bind("tcp://127.0.0.1:*" if transport == "tcp" else "inproc://instr")
        dealer.connect(router.last_endpoint)
        payload = b"x" * size

        async def echo() -> None:
            while True:
                await router.send_multipart(await router.recv_multipart())

        task = asyncio.ensure_future(echo())

        async def exchange(n: int) -> None:
            for _ in range(n):
                await dealer.send(payload)
                await dealer.recv()

        # (one timeout around each run: a wait_for per message would cost more than the message)
        await asyncio.wait_for(exchange(count // 10 + 1), 120)
        os.getppid()
        await asyncio.wait_for(exchange(count), 600)
        os.getppid()
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
        router.close()
        dealer.close()
        ctx.term()

    asyncio.run(main())


def main() -> None:
    what, transport, size, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if what == "import":
        os.getppid()
        import zmq  # noqa: F401

        os.getppid()
    elif what == "lockstep":
        lockstep(transport, size, count)
    elif what == "asyncio":
        asyncio_round_trips(transport, size, count)
    else:
        sys.exit(f"unknown probe {what!r}")


if __name__ == "__main__":
    main()
