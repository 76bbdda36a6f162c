"""zmq.asyncio: DEALER/ROUTER round trips (1 and 16 in flight) and PUSH/PULL, one event loop, tcp."""

from __future__ import annotations

import asyncio
import contextlib
from functools import partial

from harness import case, timed_loop_async

PAYLOAD = b"x" * 64


async def _with_server(
    duration: float, server_type: str, client_type: str, serve, measure
) -> float:
    """Bind ``server_type``, connect ``client_type``, run ``serve(server)`` as a task while
    ``measure(client)`` runs; everything closed and cancelled afterwards."""
    import zmq
    import zmq.asyncio

    ctx = zmq.asyncio.Context()
    server = ctx.socket(getattr(zmq, server_type))
    client = ctx.socket(getattr(zmq, client_type))
    task = None
    try:
        for s in (server, client):
            s.linger = 0
        server.bind("tcp://127.0.0.1:*")
        client.connect(server.last_endpoint.decode())
        task = asyncio.ensure_future(serve(server))
        return await asyncio.wait_for(measure(client), duration + 10)
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
        server.close()
        client.close()
        ctx.destroy(linger=0)


async def _echo(router) -> None:
    while True:
        await router.send_multipart(await router.recv_multipart())


def dealer_router(duration: float, inflight: int) -> float:
    async def measure(dealer) -> float:
        for _ in range(inflight):
            await dealer.send(PAYLOAD)

        async def round_trip() -> None:
            await dealer.recv()
            await dealer.send(PAYLOAD)

        return await timed_loop_async(round_trip, duration)

    return asyncio.run(_with_server(duration, "ROUTER", "DEALER", _echo, measure))


def push_pull(duration: float) -> float:
    async def pump(push) -> None:
        while True:
            await push.send(PAYLOAD)

    async def measure(pull) -> float:
        await pull.recv()
        return await timed_loop_async(pull.recv, duration, 64)

    return asyncio.run(_with_server(duration, "PUSH", "PULL", pump, measure))


for _n in (1, 16):
    case(
        f"asyncio dealer-router {_n} in flight",
        unit="rt/s",
        raw=["dealer", "--transport", "tcp", "--procs", "0", "--inflight", str(_n)],
        needs=("zmq.asyncio",),
    )(partial(dealer_router, inflight=_n))

case(
    "asyncio pushpull tcp 64B",
    raw=["pushpull", "--transport", "tcp", "--procs", "0", "--size", "64"],
    needs=("zmq.asyncio",),
)(push_pull)
