"""Quick ZMQStream throughput measurement (not a test): ``python tests/tornado/bench_zmqstream.py``.

Prints messages per second for PUSH->PULL through two ZMQStreams on one IOLoop, the same through
zmq.eventloop.future sockets, a plain blocking socket pair as the reference, and stream round trips.
"""

from __future__ import annotations

import asyncio
import sys
import time

from tornado.ioloop import IOLoop

import zmq
from zmq.eventloop import future
from zmq.eventloop.zmqstream import ZMQStream

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
MSG = b"x" * 64


def endpoints(ctx: zmq.Context, a_type: int, b_type: int) -> tuple[zmq.Socket, zmq.Socket]:
    a, b = ctx.socket(a_type), ctx.socket(b_type)
    a.linger = b.linger = 0
    port = b.bind_to_random_port("tcp://127.0.0.1")
    a.connect(f"tcp://127.0.0.1:{port}")
    return a, b


def bench_stream(ctx: zmq.Context) -> float:
    push, pull = endpoints(ctx, zmq.PUSH, zmq.PULL)
    loop = IOLoop(make_current=False)
    out, inp = ZMQStream(push, loop), ZMQStream(pull, loop)
    got = [0]
    done = asyncio.Event()

    def on_recv(msg: list[bytes]) -> None:
        got[0] += 1
        if got[0] == N:
            done.set()

    inp.on_recv(on_recv)

    async def main() -> float:
        start = time.perf_counter()
        for i in range(N):
            out.send(MSG)
            if i % 1000 == 999:
                await asyncio.sleep(0)  # a producer that yields, like a real application
        await asyncio.wait_for(done.wait(), 120)
        return N / (time.perf_counter() - start)

    rate: float = loop.run_sync(main, timeout=150)
    out.close()
    inp.close()
    loop.close()
    return rate


def bench_stream_roundtrip(ctx: zmq.Context, n: int) -> float:
    dealer, router = endpoints(ctx, zmq.DEALER, zmq.ROUTER)
    loop = IOLoop(make_current=False)
    ds, rs = ZMQStream(dealer, loop), ZMQStream(router, loop)
    rs.on_recv(rs.send_multipart)
    count = [0]
    done = asyncio.Event()

    def on_reply(msg: list[bytes]) -> None:
        count[0] += 1
        if count[0] == n:
            done.set()
        else:
            ds.send(msg[0])

    ds.on_recv(on_reply)

    async def main() -> float:
        start = time.perf_counter()
        ds.send(MSG)
        await asyncio.wait_for(done.wait(), 120)
        return n / (time.perf_counter() - start)

    rate: float = loop.run_sync(main, timeout=150)
    ds.close()
    rs.close()
    loop.close()
    return rate


def bench_future(ctx: zmq.Context) -> float:
    fctx = future.Context(ctx)
    loop = IOLoop(make_current=False)

    async def main() -> float:
        push, pull = endpoints(fctx, zmq.PUSH, zmq.PULL)

        async def produce() -> None:
            for _ in range(N):
                await push.send(MSG)

        start = time.perf_counter()
        task = asyncio.ensure_future(produce())
        for _ in range(N):
            await pull.recv()
        await task
        rate = N / (time.perf_counter() - start)
        push.close()
        pull.close()
        return rate

    rate: float = loop.run_sync(main, timeout=150)
    loop.close()
    return rate


def bench_sync(ctx: zmq.Context) -> float:
    import threading

    push, pull = endpoints(ctx, zmq.PUSH, zmq.PULL)

    def produce() -> None:
        for _ in range(N):
            push.send(MSG)

    start = time.perf_counter()
    t = threading.Thread(target=produce)
    t.start()
    for _ in range(N):
        pull.recv()
    t.join()
    rate = N / (time.perf_counter() - start)
    push.close()
    pull.close()
    return rate


if __name__ == "__main__":
    ctx = zmq.Context()
    print(f"{N} messages of {len(MSG)} bytes over tcp loopback")
    print(f"  blocking sockets (2 threads):   {bench_sync(ctx):>10,.0f} msgs/s")
    print(f"  ZMQStream PUSH->PULL (1 loop):  {bench_stream(ctx):>10,.0f} msgs/s")
    print(f"  future sockets (1 loop):        {bench_future(ctx):>10,.0f} msgs/s")
    print(f"  ZMQStream round trips:          {bench_stream_roundtrip(ctx, N // 10):>10,.0f} /s")
    ctx.term()
